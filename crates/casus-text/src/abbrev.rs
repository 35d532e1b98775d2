//! The abbreviation table: which words keep their final period, and how each kind of
//! abbreviation affects sentence boundaries.

use std::collections::HashMap;
use std::fmt;

/// How an abbreviation behaves at a possible sentence boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AbbrevClass {
    /// Precedes a name ("Gen.", "Sen."): never ends a sentence.
    Title,
    /// A month ("Sept."): never ends a sentence before a day number.
    Month,
    /// Only an abbreviation before a number ("No. 10").
    Number,
    /// May end a sentence ("U.S.", "Inc."): ends one before a capitalised word that
    /// usually starts sentences.
    General,
    /// Usually ends a phrase ("etc.", "Sun."): ends a sentence before any capitalised
    /// word.
    Final,
    /// A single capital letter and a period: a middle initial ("George W. Bush").
    Initial,
}

/// One problem in an abbreviation file, reported as `path:line: message`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}: {message}")]
pub struct AbbrevError {
    pub path: String,
    pub line: usize,
    pub message: String,
}

/// The abbreviations the tokenizer keeps whole, by exact and lower-cased spelling.
#[derive(Clone)]
pub struct Abbreviations {
    exact: HashMap<Box<str>, AbbrevClass>,
    lower: HashMap<Box<str>, AbbrevClass>,
}

impl fmt::Debug for Abbreviations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Abbreviations")
            .field("entries", &self.exact.len())
            .finish()
    }
}

/// The format version this code reads (the `#!` line of the file).
pub const ABBREVIATIONS_FORMAT: &str = "#! casus-text abbreviations v1";

const BUILTIN: &str = include_str!("../../../resources/text/abbreviations.txt");

impl Abbreviations {
    /// The table shipped with casus (`resources/text/abbreviations.txt`).
    pub fn builtin() -> &'static Abbreviations {
        static TABLE: std::sync::OnceLock<Abbreviations> = std::sync::OnceLock::new();
        TABLE.get_or_init(|| {
            Abbreviations::parse("resources/text/abbreviations.txt", BUILTIN)
                .expect("the shipped abbreviation table is valid (checked by a unit test)")
        })
    }

    /// Parses an abbreviation file, collecting every problem before failing.
    ///
    /// # Errors
    ///
    /// All problems found, each with its path and line: a missing or wrong version
    /// line, an entry without a period, an unknown class, or a duplicate entry.
    pub fn parse(path: &str, source: &str) -> Result<Abbreviations, Vec<AbbrevError>> {
        let mut errors = Vec::new();
        let err = |line: usize, message: String| AbbrevError {
            path: path.to_string(),
            line,
            message,
        };
        if source.lines().next().map(str::trim_end) != Some(ABBREVIATIONS_FORMAT) {
            errors.push(err(
                1,
                format!("first line must be `{ABBREVIATIONS_FORMAT}`"),
            ));
        }
        let mut exact = HashMap::new();
        let mut lower = HashMap::new();
        for (i, line) in source.lines().enumerate().skip(1) {
            let line_no = i + 1;
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut fields = line.split_whitespace();
            let (Some(word), Some(class), None) = (fields.next(), fields.next(), fields.next())
            else {
                errors.push(err(line_no, "expected `<abbreviation> <class>`".into()));
                continue;
            };
            let class = match class {
                "title" => AbbrevClass::Title,
                "month" => AbbrevClass::Month,
                "number" => AbbrevClass::Number,
                "general" => AbbrevClass::General,
                "final" => AbbrevClass::Final,
                other => {
                    errors.push(err(line_no, format!("unknown class `{other}`")));
                    continue;
                }
            };
            if !word.ends_with('.') && !word.contains('.') {
                errors.push(err(line_no, format!("`{word}` has no period")));
                continue;
            }
            if exact.insert(Box::from(word), class).is_some() {
                errors.push(err(line_no, format!("duplicate entry `{word}`")));
            }
            lower
                .entry(Box::from(word.to_lowercase().as_str()))
                .or_insert(class);
        }
        if errors.is_empty() {
            Ok(Abbreviations { exact, lower })
        } else {
            Err(errors)
        }
    }

    /// The class of `word` (with its final period) if it is an abbreviation, by the
    /// table or by shape: inner-period acronyms ("U.S.", "a.m.") and single-letter
    /// initials ("W.").
    pub fn lookup(&self, word: &str) -> Option<AbbrevClass> {
        if let Some(&class) = self.exact.get(word) {
            return Some(class);
        }
        let bytes = word.as_bytes();
        if bytes.len() == 2 && bytes[0].is_ascii_uppercase() && bytes[1] == b'.' {
            return Some(AbbrevClass::Initial);
        }
        if is_dotted_acronym(word) {
            return Some(AbbrevClass::General);
        }
        if word.len() <= 16 {
            let mut buf = [0u8; 16];
            let lower = &mut buf[..word.len()];
            lower.copy_from_slice(bytes);
            lower.make_ascii_lowercase();
            if let Ok(lower) = std::str::from_utf8(lower) {
                return self.lower.get(lower).copied();
            }
        }
        None
    }
}

/// `U.S.`, `U.S`, `a.m.`, `D.C.`, `U.S.A.`: letters each followed by a period, at least
/// two letters, optionally missing the last period.
pub(crate) fn is_dotted_acronym(word: &str) -> bool {
    let b = word.as_bytes();
    if b.len() < 3 {
        return false;
    }
    let mut i = 0;
    let mut letters = 0;
    while i < b.len() {
        if !b[i].is_ascii_alphabetic() {
            return false;
        }
        letters += 1;
        i += 1;
        if i < b.len() {
            if b[i] != b'.' {
                return false;
            }
            i += 1;
        }
    }
    letters >= 2 && b[1] == b'.'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_table_is_valid() {
        if let Err(errors) = Abbreviations::parse("abbreviations.txt", BUILTIN) {
            panic!("{errors:#?}");
        }
        let t = Abbreviations::builtin();
        assert_eq!(t.lookup("Gen."), Some(AbbrevClass::Title));
        assert_eq!(t.lookup("Sept."), Some(AbbrevClass::Month));
        assert_eq!(t.lookup("INC."), Some(AbbrevClass::General));
        assert_eq!(t.lookup("U.S."), Some(AbbrevClass::General));
        assert_eq!(t.lookup("a.m."), Some(AbbrevClass::General));
        assert_eq!(t.lookup("W."), Some(AbbrevClass::Initial));
        assert_eq!(t.lookup("war."), None);
        assert_eq!(t.lookup("Ob."), None);
    }

    #[test]
    fn dotted_acronyms() {
        for yes in ["U.S.", "U.S", "a.m.", "U.S.A.", "D.C."] {
            assert!(is_dotted_acronym(yes), "{yes}");
        }
        for no in ["US", "U.", "Mr.", "1.5", "U..S"] {
            assert!(!is_dotted_acronym(no), "{no}");
        }
    }

    #[test]
    fn reports_every_problem_with_its_line() {
        let src = "#! casus-text abbreviations v1\nGen. title\nfoo title\nBar. rank\nGen. title\n";
        let errors = Abbreviations::parse("x.txt", src).unwrap_err();
        let msgs: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            msgs,
            [
                "x.txt:3: `foo` has no period",
                "x.txt:4: unknown class `rank`",
                "x.txt:5: duplicate entry `Gen.`"
            ]
        );
        let errors = Abbreviations::parse("y.txt", "Gen. title\n").unwrap_err();
        assert!(errors[0].to_string().starts_with("y.txt:1: first line"));
    }
}
