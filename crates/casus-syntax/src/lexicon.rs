//! The English word-form lexicon (`resources/lexicon/english-forms.tsv`): which coarse
//! parts of speech a form can have, and its lemmas for each. The tagger uses the
//! parts of speech as a feature (most useful for words unseen in the treebank); the
//! lemmatizer uses the lemmas.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Coarse parts of speech of the lexicon, as bits of a mask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LexPos {
    Noun = 1,
    Verb = 2,
    Adj = 4,
    Adv = 8,
    Aux = 16,
}

impl LexPos {
    fn from_name(s: &str) -> Option<LexPos> {
        Some(match s {
            "noun" => LexPos::Noun,
            "verb" => LexPos::Verb,
            "adj" => LexPos::Adj,
            "adv" => LexPos::Adv,
            "aux" => LexPos::Aux,
            _ => return None,
        })
    }
}

/// A problem in the lexicon file, as `path:line: message`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}: {message}")]
pub struct LexiconError {
    pub path: String,
    pub line: usize,
    pub message: String,
}

#[derive(Debug, Clone, Default)]
struct Entry {
    mask: u8,
    /// (part of speech, first lemma) pairs.
    lemmas: Vec<(LexPos, Box<str>)>,
}

/// Word forms → parts of speech and lemmas.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    forms: HashMap<Box<str>, Entry>,
}

pub const LEXICON_FORMAT: &str = "#! casus-lexicon english-forms v1";
const BUILTIN: &str = include_str!("../../../resources/lexicon/english-forms.tsv");

impl Lexicon {
    /// The lexicon shipped with casus.
    pub fn builtin() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(|| {
            Lexicon::parse("resources/lexicon/english-forms.tsv", BUILTIN)
                .expect("shipped lexicon is valid (unit-tested)")
        })
    }

    /// # Errors
    ///
    /// Every malformed row (up to 100), with its line.
    pub fn parse(path: &str, source: &str) -> Result<Lexicon, Vec<LexiconError>> {
        let mut errors = Vec::new();
        let err = |line, message: String| LexiconError {
            path: path.to_string(),
            line,
            message,
        };
        let mut lines = source.lines().enumerate();
        if lines.next().map(|(_, l)| l.trim_end()) != Some(LEXICON_FORMAT) {
            return Err(vec![err(
                1,
                format!("first line must be `{LEXICON_FORMAT}`"),
            )]);
        }
        let mut forms: HashMap<Box<str>, Entry> = HashMap::with_capacity(70_000);
        let mut header = false;
        for (i, line) in lines {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            if !header {
                header = true;
                if line != "form\tpos\tlemmas" {
                    errors.push(err(i + 1, "header must be `form\\tpos\\tlemmas`".into()));
                }
                continue;
            }
            let mut f = line.split('\t');
            let (Some(form), Some(pos), Some(lemmas), None) =
                (f.next(), f.next(), f.next(), f.next())
            else {
                if errors.len() < 100 {
                    errors.push(err(i + 1, "expected 3 tab-separated fields".into()));
                }
                continue;
            };
            let Some(pos) = LexPos::from_name(pos) else {
                if errors.len() < 100 {
                    errors.push(err(i + 1, format!("unknown part of speech `{pos}`")));
                }
                continue;
            };
            let first = lemmas.split('/').next().unwrap_or(form);
            let entry = forms.entry(Box::from(form)).or_default();
            entry.mask |= pos as u8;
            entry.lemmas.push((pos, Box::from(first)));
        }
        if errors.is_empty() {
            Ok(Lexicon { forms })
        } else {
            Err(errors)
        }
    }

    fn entry(&self, form: &str) -> Option<&Entry> {
        self.forms.get(form).or_else(|| {
            let lower = form.to_lowercase();
            if lower == form {
                None
            } else {
                self.forms.get(lower.as_str())
            }
        })
    }

    /// The parts of speech a form can have, as a bit mask (0 if unknown). The exact
    /// form is looked up first, then its lower-case.
    pub fn pos_mask(&self, form: &str) -> u8 {
        self.entry(form).map_or(0, |e| e.mask)
    }

    /// The lemma of a form as a given part of speech, if the lexicon has it.
    pub fn lemma(&self, form: &str, pos: LexPos) -> Option<&str> {
        self.entry(form)?
            .lemmas
            .iter()
            .find(|(p, _)| *p == pos)
            .map(|(_, l)| &**l)
    }

    /// A feature value for a form: its parts-of-speech mask, plus bit 32 when the form
    /// is found exactly as written and bit 64 when its lower-case form is a known word
    /// too (so "Development" tells a capitalised common word from a name like "Russia").
    pub fn form_class(&self, form: &str) -> u8 {
        let exact = self.forms.get(form);
        let lower = form.to_lowercase();
        let lower_entry = if lower == form {
            exact
        } else {
            self.forms.get(lower.as_str())
        };
        let mask = exact.or(lower_entry).map_or(0, |e| e.mask);
        mask | if exact.is_some() { 32 } else { 0 }
            | if lower_entry.is_some() && lower != form {
                64
            } else {
                0
            }
    }

    /// Whether a word is a known lemma (a form that is its own lemma) of `pos`.
    pub fn is_lemma(&self, word: &str, pos: LexPos) -> bool {
        self.lemma(word, pos) == Some(word)
    }

    pub fn len(&self) -> usize {
        self.forms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lexicon_loads_and_knows_news_verbs() {
        let lex = Lexicon::builtin();
        assert!(lex.len() > 50_000);
        assert_eq!(lex.lemma("positioned", LexPos::Verb), Some("position"));
        assert_eq!(lex.lemma("egging", LexPos::Verb), Some("egg"));
        assert_eq!(
            lex.pos_mask("Bases") & LexPos::Noun as u8,
            LexPos::Noun as u8
        );
        assert_eq!(lex.pos_mask("qwzx"), 0);
    }

    #[test]
    fn errors_carry_lines() {
        let src = "#! casus-lexicon english-forms v1\nform\tpos\tlemmas\nran\tverb\trun\nx\tthing\ty\nbad line\n";
        let errs = Lexicon::parse("l.tsv", src).unwrap_err();
        let msgs: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert_eq!(
            msgs,
            [
                "l.tsv:4: unknown part of speech `thing`",
                "l.tsv:5: expected 3 tab-separated fields"
            ]
        );
    }
}
