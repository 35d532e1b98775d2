//! The lemmatizer, learned from UD English EWT: an exception table of the forms seen
//! in training (`ran`/VBD → `run`, `n't` → `not`, `’s`/VBZ → `be`), then the English
//! lexicon (`positioned` → `position`, `egging` → `egg`), then edit rules learned per
//! tag and suffix (`-ied`/VBD → strip 3, add `y`), choosing among the rules' candidates
//! the one the lexicon knows as a lemma.

use crate::lexicon::{LexPos, Lexicon};
use casus_doc::{Document, Layer, Lemmas, Stage, StageError, Upos, Xpos};
use casus_learn::ModelError;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub const LEMMATIZER_KIND: &str = "lemmatizer";
const MAGIC: &[u8; 8] = b"CASUSLEM";
/// The lemmatizer file format version.
pub const LEMMATIZER_FORMAT: u32 = 1;
/// The longest suffix a rule looks at.
pub(crate) const MAX_SUFFIX: usize = 6;

/// How a form becomes its lemma: optionally lower-case it, strip `strip` chars from
/// the end, append `append`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
pub struct EditScript {
    pub lower: bool,
    pub strip: u8,
    pub append: String,
}

impl EditScript {
    /// The script that turns `form` into `lemma`, if one exists (the lemma must share
    /// a prefix with the form, possibly after lower-casing).
    pub fn between(form: &str, lemma: &str) -> EditScript {
        let common = |base: &str| {
            base.chars()
                .zip(lemma.chars())
                .take_while(|(a, b)| a == b)
                .count()
        };
        let lower = form.to_lowercase();
        // Lower-case first when that keeps more of the form ("The" -> "the").
        let lowered = lower != form && common(&lower) > common(form);
        let base = if lowered { lower.as_str() } else { form };
        let kept = common(base);
        EditScript {
            lower: lowered,
            strip: (base.chars().count() - kept).min(255) as u8,
            append: lemma.chars().skip(kept).collect(),
        }
    }

    pub fn apply(&self, form: &str) -> Option<String> {
        let base = if self.lower {
            form.to_lowercase()
        } else {
            form.to_string()
        };
        let n = base.chars().count();
        if self.strip as usize >= n && self.append.is_empty() {
            return None;
        }
        let keep: String = base
            .chars()
            .take(n.saturating_sub(self.strip as usize))
            .collect();
        Some(keep + &self.append)
    }
}

/// What is stored in a lemmatizer file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LemmatizerData {
    /// `XPOS \t form` (exact case) → lemma, for forms seen in training.
    pub exceptions: HashMap<String, String>,
    /// `XPOS \t lower-cased suffix` → scripts, most frequent first.
    pub rules: HashMap<String, Vec<EditScript>>,
    /// Training settings and scores.
    #[serde(default)]
    pub info: serde_json::Map<String, serde_json::Value>,
}

/// A loaded lemmatizer.
#[derive(Debug, Clone)]
pub struct Lemmatizer {
    data: LemmatizerData,
    lexicon: &'static Lexicon,
}

fn key(xpos: Xpos, s: &str) -> String {
    format!("{}\t{s}", xpos.as_str())
}

/// The lexicon's part of speech for a tag, when it has one.
fn lex_pos(upos: Upos) -> Option<LexPos> {
    match upos.as_str() {
        "NOUN" | "PROPN" => Some(LexPos::Noun),
        "VERB" => Some(LexPos::Verb),
        "AUX" => Some(LexPos::Aux),
        "ADJ" => Some(LexPos::Adj),
        "ADV" => Some(LexPos::Adv),
        _ => None,
    }
}

impl Lemmatizer {
    pub fn new(data: LemmatizerData) -> Lemmatizer {
        Lemmatizer {
            data,
            lexicon: Lexicon::builtin(),
        }
    }

    pub fn data(&self) -> &LemmatizerData {
        &self.data
    }

    /// Serialises: magic, format version, then the data as JSON.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&LEMMATIZER_FORMAT.to_le_bytes());
        // Sorted maps so that the same model always gives the same bytes.
        let exceptions: std::collections::BTreeMap<_, _> = self.data.exceptions.iter().collect();
        let rules: std::collections::BTreeMap<_, _> = self.data.rules.iter().collect();
        let json =
            serde_json::json!({"exceptions": exceptions, "rules": rules, "info": self.data.info});
        out.extend_from_slice(&serde_json::to_vec(&json).expect("serialisable"));
        out
    }

    /// # Errors
    ///
    /// [`ModelError`] if the file is not a lemmatizer of this format.
    pub fn from_bytes(bytes: &[u8]) -> Result<Lemmatizer, ModelError> {
        if bytes.len() < 12 || &bytes[..8] != MAGIC {
            return Err(ModelError::Magic);
        }
        let version = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]);
        if version != LEMMATIZER_FORMAT {
            return Err(ModelError::FormatVersion {
                found: version,
                expected: LEMMATIZER_FORMAT,
            });
        }
        let data: LemmatizerData =
            serde_json::from_slice(&bytes[12..]).map_err(|e| ModelError::Corrupt(e.to_string()))?;
        Ok(Lemmatizer::new(data))
    }

    /// The lemma of `form` with tags `upos`/`xpos`.
    pub fn lemma(&self, form: &str, upos: Upos, xpos: Xpos) -> String {
        let norm = casus_doc::normalize_token(form);
        if let Some(l) = self.data.exceptions.get(&key(xpos, &norm)) {
            return l.clone();
        }
        let lower = norm.to_lowercase();
        if lower != *norm {
            if let Some(l) = self.data.exceptions.get(&key(xpos, &lower)) {
                // Seen only in lower case: keep the lemma's case as learned, except for
                // names, which keep their capital.
                return if upos.as_str() == "PROPN" {
                    restore_case(&norm, l)
                } else {
                    l.clone()
                };
            }
        }
        let pos = lex_pos(upos);
        if let Some(pos) = pos {
            if upos.as_str() != "PROPN" {
                if let Some(l) = self.lexicon.lemma(&lower, pos) {
                    return l.to_string();
                }
            }
        }
        // Edit rules: the longest suffix with rules; the first candidate the lexicon
        // knows wins, else the most frequent.
        let chars: Vec<(usize, char)> = lower.char_indices().collect();
        for len in (1..=MAX_SUFFIX.min(chars.len())).rev() {
            let suffix = &lower[chars[chars.len() - len].0..];
            if let Some(scripts) = self.data.rules.get(&key(xpos, suffix)) {
                let candidates: Vec<String> =
                    scripts.iter().filter_map(|s| s.apply(&norm)).collect();
                if let Some(pos) = pos {
                    if let Some(c) = candidates
                        .iter()
                        .find(|c| self.lexicon.is_lemma(&c.to_lowercase(), pos))
                    {
                        return c.clone();
                    }
                }
                if let Some(c) = candidates.into_iter().next() {
                    return c;
                }
            }
        }
        if upos.as_str() == "PROPN" {
            norm.into_owned()
        } else {
            lower
        }
    }
}

/// Gives `lemma` the capitalisation of `form`'s first letter.
fn restore_case(form: &str, lemma: &str) -> String {
    if form.chars().next().is_some_and(char::is_uppercase) {
        let mut chars = lemma.chars();
        chars
            .next()
            .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
    } else {
        lemma.to_string()
    }
}

impl Stage for Lemmatizer {
    fn name(&self) -> &'static str {
        "lemmatizer"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Tags]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Lemmas]
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let (Some(tokens), Some(tags)) = (doc.tokens(), doc.tags()) else {
            return Err(StageError::MissingLayer {
                stage: "lemmatizer",
                layer: Layer::Tags,
            });
        };
        let mut lemmas = Lemmas::with_capacity(tokens.len());
        for (i, r) in tokens.ranges().iter().enumerate() {
            lemmas.push(&self.lemma(doc.slice(*r), tags.upos[i], tags.xpos[i]));
        }
        doc.set_lemmas(lemmas).map_err(|source| StageError::Layer {
            stage: "lemmatizer",
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_scripts() {
        for (form, lemma) in [
            ("positioned", "position"),
            ("studies", "study"),
            ("The", "the"),
            ("Russia", "Russia"),
            ("n't", "not"),
            ("was", "be"),
            ("States", "State"),
        ] {
            let s = EditScript::between(form, lemma);
            assert_eq!(s.apply(form).as_deref(), Some(lemma), "{form} {s:?}");
        }
    }
}
