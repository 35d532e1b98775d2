//! Per-token values shared by the tagger's and the parser's features: hashes of the
//! lower-cased word, its shape, prefixes and suffixes, computed once per sentence.

use casus_learn::hash_bytes;

/// Hashed views of one word.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct WordInfo {
    pub cased: u64,
    pub lower: u64,
    pub shape: u64,
    pub suffix: [u64; 4],
    pub prefix1: u64,
    pub prefix3: u64,
    /// The lexicon's parts-of-speech mask of the word, plus 3 (0-2 are padding).
    pub lex: u64,
}

/// Values for positions outside the sentence.
pub(crate) const PAD_BEFORE: WordInfo = WordInfo {
    cased: 1,
    lower: 1,
    shape: 1,
    suffix: [1; 4],
    prefix1: 1,
    prefix3: 1,
    lex: 1,
};
pub(crate) const PAD_AFTER: WordInfo = WordInfo {
    cased: 2,
    lower: 2,
    shape: 2,
    suffix: [2; 4],
    prefix1: 2,
    prefix3: 2,
    lex: 2,
};

/// A word's shape: `Xxxx` → `Xx`, `1990` → `dddd` (digits kept up to four), `U.S.` →
/// `X.X.`; runs of a class longer than two collapse (digits excepted).
pub(crate) fn shape(word: &str, out: &mut String) {
    out.clear();
    let mut last = '\0';
    let mut run = 0;
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if s == last && s != 'd' {
            run += 1;
            if run >= 2 {
                continue;
            }
        } else if s != last {
            run = 0;
        }
        last = s;
        out.push(s);
        if out.len() >= 8 {
            break;
        }
    }
}

/// Normalises typographic quotes so that `’s` and `'s`, `“` and `"` share features.
pub(crate) fn normalize(word: &str) -> std::borrow::Cow<'_, str> {
    casus_doc::normalize_token(word)
}

impl WordInfo {
    pub(crate) fn new(word: &str, scratch: &mut String) -> WordInfo {
        let norm = normalize(word);
        let lower = norm.to_lowercase();
        shape(&norm, scratch);
        let chars: Vec<(usize, char)> = lower.char_indices().collect();
        let suffix_from = |n: usize| -> &str {
            if chars.len() <= n {
                &lower
            } else {
                &lower[chars[chars.len() - n].0..]
            }
        };
        let prefix_to = |n: usize| -> &str {
            if chars.len() <= n {
                &lower
            } else {
                &lower[..chars[n].0]
            }
        };
        WordInfo {
            cased: hash_bytes(norm.as_bytes()),
            lower: hash_bytes(lower.as_bytes()),
            shape: hash_bytes(scratch.as_bytes()),
            suffix: [1, 2, 3, 4].map(|n| hash_bytes(suffix_from(n).as_bytes())),
            prefix1: hash_bytes(prefix_to(1).as_bytes()),
            prefix3: hash_bytes(prefix_to(3).as_bytes()),
            lex: u64::from(crate::Lexicon::builtin().form_class(&norm)) + 3,
        }
    }

    pub(crate) fn sentence(words: &[&str]) -> Vec<WordInfo> {
        let mut scratch = String::new();
        words
            .iter()
            .map(|w| WordInfo::new(w, &mut scratch))
            .collect()
    }
}

/// The word at `i`, or padding outside the sentence.
#[inline]
pub(crate) fn at(words: &[WordInfo], i: isize) -> &WordInfo {
    if i < 0 {
        &PAD_BEFORE
    } else {
        words.get(i as usize).unwrap_or(&PAD_AFTER)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let mut s = String::new();
        for (w, want) in [
            ("Russia", "Xxx"),
            ("U.S.", "X.X."),
            ("1990", "dddd"),
            ("e-mail", "x-xx"),
            ("ISIS", "XX"),
        ] {
            shape(w, &mut s);
            assert_eq!(s, want, "{w}");
        }
    }

    #[test]
    fn typographic_quotes_share_features() {
        let mut s = String::new();
        assert_eq!(
            WordInfo::new("’s", &mut s).lower,
            WordInfo::new("'s", &mut s).lower
        );
        assert_ne!(
            WordInfo::new("Russia", &mut s).cased,
            WordInfo::new("russia", &mut s).cased
        );
        assert_eq!(
            WordInfo::new("Russia", &mut s).lower,
            WordInfo::new("russia", &mut s).lower
        );
    }
}
