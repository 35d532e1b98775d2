//! The dictionaries shipped with casus, compiled into the binary.

use crate::actors::{ActorMatcher, Actors};
use crate::dict::{parse, DictError, DictFile};
use crate::events::{EventMatcher, Events};

/// `(path as provenance shows it, text)` of every shipped dictionary.
pub const FILES: &[(&str, &str)] = &[
    (
        "dictionaries/countries.txt",
        include_str!("../../../resources/dictionaries/countries.txt"),
    ),
    (
        "dictionaries/people.txt",
        include_str!("../../../resources/dictionaries/people.txt"),
    ),
    (
        "dictionaries/organisations.txt",
        include_str!("../../../resources/dictionaries/organisations.txt"),
    ),
    (
        "dictionaries/agents.txt",
        include_str!("../../../resources/dictionaries/agents.txt"),
    ),
    (
        "dictionaries/verbs.txt",
        include_str!("../../../resources/dictionaries/verbs.txt"),
    ),
];

/// Parses every shipped dictionary.
///
/// # Errors
///
/// Every problem of every file (a unit test keeps the shipped files clean).
pub fn dictionaries() -> Result<Vec<DictFile>, Vec<DictError>> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for (path, text) in FILES {
        match parse(path, text) {
            Ok(f) => files.push(f),
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

/// The actor and event stages built from the shipped dictionaries.
///
/// # Errors
///
/// As [`dictionaries`].
pub fn stages() -> Result<(Actors, Events), Vec<DictError>> {
    let files = dictionaries()?;
    Ok((
        Actors::new(ActorMatcher::new(&files)),
        Events::new(EventMatcher::new(&files)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_dictionaries_are_clean() {
        if let Err(errors) = dictionaries() {
            panic!(
                "{}",
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
        let (_, events) = stages().unwrap();
        let _ = events;
    }
}
