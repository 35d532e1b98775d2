//! The learned sentence-boundary model: an averaged perceptron that decides, at each
//! gap between two tokens of a paragraph, whether a sentence starts there.
//!
//! It is stacked on the rules of [`crate::sentences`] and only *adds* boundaries: every
//! rule boundary (a stop before a capitalised word, a line break) stays, and the model
//! learns from UD English EWT where else sentences start (after "Thanks ," signatures,
//! before dates in e-mail headers, between list items without stops ...). Letting it
//! also remove rule boundaries scored 0.3 points higher on EWT test but could undo
//! the rules' reliable decisions on punctuated news, so we chose the safer stack.
//!
//! Gaps between a word and a following lower-case word are never boundaries and are
//! not scored; that skips most gaps and keeps segmentation fast.

use crate::tokenize::RawToken;
use casus_doc::TokenKind;
use casus_learn::{hash_bytes, FeatureHasher, LinearModel, ModelError};

/// What [`LinearModel::header`]'s `kind` must say.
pub const MODEL_KIND: &str = "sentence-boundaries";
/// The version of [`gap_features`]; bump it when features change (and retrain).
pub const FEATURES_VERSION: u32 = 4;

const BUILTIN: &[u8] = include_bytes!("../../../resources/models/sentence-boundaries.bin");

/// The boundary model shipped with casus.
///
/// # Errors
///
/// A [`ModelError`] if the shipped file does not match this code (a unit test loads it).
pub fn builtin_model() -> Result<LinearModel, ModelError> {
    LinearModel::from_bytes(BUILTIN, MODEL_KIND, FEATURES_VERSION)
}

/// Class indices of the model's labels.
pub const INSIDE: usize = 0;
pub const BOUNDARY: usize = 1;

/// Lower-cased token text (ASCII only) in a stack buffer; long tokens are cut.
fn lower(text: &str, buf: &mut [u8; 24]) -> usize {
    let b = text.as_bytes();
    let n = b.len().min(buf.len());
    buf[..n].copy_from_slice(&b[..n]);
    buf[..n].make_ascii_lowercase();
    n
}

/// A short shape: `Xx`, `x`, `d`, `X.X.`, punctuation kept; runs longer than two
/// collapse, at most six symbols.
fn shape(text: &str, buf: &mut [u8; 6]) -> usize {
    let mut n = 0;
    let mut last = 0u8;
    let mut run = 0;
    for c in text.chars() {
        let s = if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_ascii_digit() {
            b'd'
        } else if c.is_ascii() {
            c as u8
        } else {
            b'~'
        };
        if s == last {
            run += 1;
            if run >= 2 {
                continue;
            }
        } else {
            run = 0;
        }
        last = s;
        if n == buf.len() {
            break;
        }
        buf[n] = s;
        n += 1;
    }
    n
}

/// Per-token values the gap features combine, computed on first use and cached, so
/// that a gap costs a few multiplications, and tokens far from any candidate gap cost
/// nothing.
pub(crate) struct TokenInfo<'a> {
    text: &'a str,
    tokens: &'a [RawToken],
    /// `(word hash, shape hash)`; `(0, 0)` = not computed yet (a real hash is never
    /// both zero in practice, and a collision would only cost a recomputation).
    cache: Vec<(u64, u64)>,
}

const BEFORE_START: (u64, u64) = (1, 1);
const AFTER_END: (u64, u64) = (2, 2);

impl<'a> TokenInfo<'a> {
    pub(crate) fn new(text: &'a str, tokens: &'a [RawToken]) -> TokenInfo<'a> {
        TokenInfo {
            text,
            tokens,
            cache: vec![(0, 0); tokens.len()],
        }
    }

    fn get(&mut self, k: isize) -> (u64, u64) {
        if k < 0 {
            return BEFORE_START;
        }
        let Some(&cached) = self.cache.get(k as usize) else {
            return AFTER_END;
        };
        if cached != (0, 0) {
            return cached;
        }
        let s = &self.text[self.tokens[k as usize].range.as_usize()];
        let (mut lb, mut sb) = ([0u8; 24], [0u8; 6]);
        let n = lower(s, &mut lb);
        let m = shape(s, &mut sb);
        let value = (hash_bytes(&lb[..n]), hash_bytes(&sb[..m]));
        self.cache[k as usize] = value;
        value
    }

    fn class(&self, k: usize) -> u64 {
        let t = &self.tokens[k];
        let s = &self.text[t.range.as_usize()];
        if s.chars().all(|c| matches!(c, '.' | '!' | '?' | '\u{2026}')) {
            1 // a stop
        } else if t.abbrev.is_some() {
            2
        } else if matches!(t.kind, TokenKind::Url | TokenKind::Email) {
            5 // web text puts addresses on lines of their own
        } else if s.chars().all(|c| !c.is_alphanumeric()) {
            3 // other punctuation or symbol
        } else {
            4
        }
    }
}

/// Whether the gap before token `i` can be a boundary the rules missed: the next token
/// must be able to start a sentence (a capital, a digit, an opening bracket, quote or
/// bullet), or follow a stop or symbol. Everything else is never scored, which skips
/// most gaps and keeps segmentation fast.
pub(crate) fn is_candidate(text: &str, tokens: &[RawToken], i: usize) -> bool {
    let next = &text[tokens[i].range.as_usize()];
    if crate::sentences::is_emoticon(next) {
        return false;
    }
    // An address starts a line of its own as often as not ("the link: http://...").
    if matches!(tokens[i].kind, TokenKind::Url | TokenKind::Email) {
        return true;
    }
    let c = next.chars().next().unwrap_or(' ');
    if c.is_uppercase() {
        // Two capitalised words on one line are a name far more often than a missing
        // stop in news ("Kim Jong Un", "Ho Chi Minh City"): never split them.
        let prev = &text[tokens[i - 1].range.as_usize()];
        let gap = &text[tokens[i - 1].range.end as usize..tokens[i].range.start as usize];
        let capitalised_word = |w: &str| {
            w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic)
        };
        // A run of two capitalised words already ("Kim Jong"): web text's unpunctuated
        // boundaries ("Thanks John") mostly follow a single one.
        let before = i.checked_sub(2).map(|k| &text[tokens[k].range.as_usize()]);
        let name_goes_on = capitalised_word(prev)
            && before.is_some_and(capitalised_word)
            && next.chars().all(|c| c.is_alphabetic() || c == '-')
            && !gap.contains('\n');
        return !name_goes_on;
    }
    if c.is_ascii_digit() {
        return true;
    }
    if c.is_lowercase() {
        let prev = &text[tokens[i - 1].range.as_usize()];
        return !prev.chars().any(char::is_alphanumeric)
            && !matches!(
                prev,
                "," | ";" | ":" | "-" | "(" | "\"" | "\u{201C}" | "'" | "/" | "&"
            );
    }
    !matches!(
        c,
        ',' | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
            | '%'
            | '\u{201D}'
            | '\u{2019}'
            | '\''
            | '/'
            | '&'
    )
}

/// Features of the gap before token `i` of a paragraph (one the rules left open);
/// `since` counts tokens since the last boundary.
pub(crate) fn gap_features(
    hasher: FeatureHasher,
    info: &mut TokenInfo<'_>,
    i: usize,
    since: usize,
    out: &mut Vec<u32>,
) {
    out.clear();
    let k = i as isize;
    let ((w2, s2), (w1, s1), (w0, s0), (wn, sn)) = (
        info.get(k - 2),
        info.get(k - 1),
        info.get(k),
        info.get(k + 1),
    );
    let prev_class = info.class(i - 1);
    let next_class = info.class(i);
    // Rows of a list or table start alike ("A7 TOTAL 12 ...", "- file.doc"):
    // does the next token repeat the word or the shape that began this sentence?
    let (w_first, s_first) = info.get(k - since as isize);
    let repeats = u64::from(w_first == w0) * 2 + u64::from(s_first == s0);
    let len_fine = (since.min(30) / 3) as u64;
    let len_coarse = (since.min(30) / 5) as u64;
    let h = |t: u32, values: &[u64]| hasher.index_values(t, values);
    out.extend_from_slice(&[
        h(0, &[]),
        h(1, &[prev_class]),
        h(2, &[w1]),
        h(3, &[w0]),
        h(4, &[s1]),
        h(5, &[s0]),
        h(6, &[w1, w0]),
        h(7, &[s1, s0]),
        h(8, &[s2, s1]),
        h(9, &[s0, sn]),
        h(10, &[w2]),
        h(11, &[prev_class, s0]),
        h(12, &[prev_class, w0]),
        h(13, &[len_fine]),
        h(14, &[w2, w1]),
        h(15, &[wn]),
        h(16, &[prev_class, len_coarse]),
        h(17, &[next_class]),
        h(18, &[prev_class, next_class]),
        h(19, &[repeats, prev_class]),
    ]);
}

/// Sentence token ranges of one paragraph: the rules' boundaries plus those the model
/// adds.
pub(crate) fn split_with_model(
    model: &LinearModel,
    text: &str,
    tokens: &[RawToken],
    rule_sentences: &[(usize, usize)],
) -> Vec<(usize, usize)> {
    let n = tokens.len();
    let mut rule_starts = vec![false; n];
    for &(s, _) in rule_sentences {
        rule_starts[s] = true;
    }
    let hasher = model.hasher();
    let mut features = Vec::with_capacity(24);
    let mut info = TokenInfo::new(text, tokens);
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &rule_start) in rule_starts.iter().enumerate().skip(1) {
        let boundary = rule_start
            || (is_candidate(text, tokens, i) && {
                gap_features(hasher, &mut info, i, i - start, &mut features);
                let mut scores = [0.0f32; 2];
                model.score_into(&features, &mut scores);
                scores[BOUNDARY] > scores[INSIDE]
            });
        if boundary {
            out.push((start, i));
            start = i;
        }
    }
    if n > 0 {
        out.push((start, n));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_model_loads() {
        let model = builtin_model().unwrap();
        assert_eq!(model.header().labels, ["inside", "boundary"]);
    }

    #[test]
    fn manifest_records_the_shipped_file() {
        let manifest = include_str!("../../../resources/models/MANIFEST.toml");
        let sha = casus_learn::sha256_hex(BUILTIN);
        let section = manifest
            .split("[sentence-boundaries]")
            .nth(1)
            .expect("manifest section");
        assert!(
            section.contains(&format!("sha256 = \"{sha}\"")),
            "MANIFEST.toml does not match the model file; rerun `casus train sentences`"
        );
        assert!(section.contains(&format!("features_version = {FEATURES_VERSION}")));
    }

    #[test]
    fn shapes() {
        let mut b = [0u8; 6];
        let n = shape("Russia", &mut b);
        assert_eq!(&b[..n], b"Xxx");
        let n = shape("U.S.", &mut b);
        assert_eq!(&b[..n], b"X.X.");
        let n = shape("04/26/2001", &mut b);
        assert_eq!(&b[..n], b"dd/dd/");
    }
}
