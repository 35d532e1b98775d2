//! Sentence boundaries over a paragraph's tokens.
//!
//! A boundary follows a terminal token (`.`, `!`, `?`, runs like `?!` and `...`) and
//! the closing quotes and brackets glued to it, when the next word can start a
//! sentence. Abbreviations keep their period inside the token, so the period of
//! "Gen." never looks terminal; an abbreviation that may end a sentence ("U.S.",
//! "Inc.") ends one only before a capitalised word that usually starts sentences.
//! A line break inside a paragraph ends a sentence unless the paragraph is hard-wrapped
//! prose or the next line starts in lower case.

use crate::abbrev::AbbrevClass;
use crate::tokenize::RawToken;

/// Words that, capitalised after an abbreviation such as "U.S.", start a new sentence
/// far more often than they continue a name ("the U.S. The ..." vs "U.S. Navy").
const SENTENCE_STARTERS: &[&str] = &[
    "a",
    "after",
    "all",
    "also",
    "although",
    "an",
    "and",
    "another",
    "as",
    "at",
    "because",
    "before",
    "both",
    "but",
    "by",
    "despite",
    "during",
    "each",
    "even",
    "for",
    "from",
    "he",
    "her",
    "here",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "instead",
    "it",
    "its",
    "last",
    "many",
    "meanwhile",
    "more",
    "most",
    "my",
    "no",
    "not",
    "now",
    "on",
    "one",
    "or",
    "other",
    "our",
    "she",
    "since",
    "so",
    "some",
    "still",
    "such",
    "that",
    "the",
    "their",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "thus",
    "to",
    "two",
    "under",
    "until",
    "we",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "why",
    "with",
    "yet",
    "you",
    "your",
];

fn is_sentence_starter(word: &str) -> bool {
    if word.len() > 9 {
        return false;
    }
    let mut buf = [0u8; 9];
    let lower = &mut buf[..word.len()];
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    SENTENCE_STARTERS
        .binary_search_by(|w| w.as_bytes().cmp(lower))
        .is_ok()
}

fn first_char(s: &str) -> char {
    s.chars().next().unwrap_or(' ')
}

fn is_terminal_token(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| matches!(c, '.' | '!' | '?' | '\u{2026}'))
}

fn is_ellipsis(s: &str) -> bool {
    s == "\u{2026}" || (s.len() >= 2 && s.bytes().all(|b| b == b'.'))
}

fn is_closing(s: &str) -> bool {
    matches!(
        s,
        "\"" | "'"
            | "\u{201D}"
            | "\u{2019}"
            | ")"
            | "]"
            | "}"
            | "\u{00BB}"
            | "''"
            | "\u{2019}\u{2019}"
    )
}

/// A smiley. UD English EWT never starts a sentence with one: after a stop
/// ("well cool! :)") it closes the sentence before it.
pub(crate) fn is_emoticon(s: &str) -> bool {
    matches!(
        s,
        ":)" | ":-)"
            | ":("
            | ":-("
            | ":D"
            | ":-D"
            | ":P"
            | ":p"
            | ":-P"
            | ";)"
            | ";-)"
            | "=)"
            | ":/"
            | ":o)"
            | "XD"
            | "<3"
    )
}

fn is_opening(s: &str) -> bool {
    matches!(
        s,
        "\"" | "'" | "\u{201C}" | "\u{2018}" | "(" | "[" | "{" | "\u{00AB}" | "`" | "``"
    )
}

/// Splits the tokens of one paragraph into sentences; returns each sentence's token
/// index range (relative to `tokens`). `hard_wrapped` says the paragraph's line breaks
/// are layout, not structure.
pub(crate) fn split_sentences(
    text: &str,
    tokens: &[RawToken],
    hard_wrapped: bool,
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let n = tokens.len();
    let tok = |i: usize| &text[tokens[i].range.as_usize()];
    let mut start = 0;
    let mut i = 0;
    while i < n {
        // A line break before token i (not the first of the sentence) ends the sentence.
        if i > start
            && tokens[i].newline_before
            && !hard_wrapped
            && !first_char(tok(i)).is_lowercase()
        {
            out.push((start, i));
            start = i;
        }
        let t = tok(i);
        let boundary_after = if is_terminal_token(t) {
            // Glue closing quotes and brackets that touch the stop.
            let mut j = i + 1;
            while j < n && is_closing(tok(j)) && tokens[j].range.start == tokens[j - 1].range.end {
                j += 1;
            }
            if j < n && !starts_sentence(text, tokens, j, is_ellipsis(t)) {
                None
            } else {
                Some(j)
            }
        } else if let Some(class) = tokens[i].abbrev {
            match class {
                AbbrevClass::General if i + 1 < n => {
                    let next = tok(i + 1);
                    (first_char(next).is_uppercase() && is_sentence_starter(next)).then_some(i + 1)
                }
                AbbrevClass::Final if i + 1 < n => {
                    first_char(tok(i + 1)).is_uppercase().then_some(i + 1)
                }
                // At the end of a paragraph any abbreviation ends the sentence anyway.
                _ => None,
            }
        } else {
            None
        };
        match boundary_after {
            Some(j) if j < n => {
                out.push((start, j));
                start = j;
                i = j;
            }
            Some(_) => {
                i = n;
            }
            None => i += 1,
        }
    }
    if start < n {
        out.push((start, n));
    }
    out
}

/// Whether token `j` can begin a sentence after a stop.
fn starts_sentence(text: &str, tokens: &[RawToken], j: usize, after_ellipsis: bool) -> bool {
    let tok = |i: usize| &text[tokens[i].range.as_usize()];
    if is_emoticon(tok(j)) {
        return false;
    }
    let mut k = j;
    // Look through opening quotes and brackets: `. "The ...` and `. (The ...`.
    while k < tokens.len() && is_opening(tok(k)) {
        k += 1;
    }
    let Some(word) = (k < tokens.len()).then(|| tok(k)) else {
        return true;
    };
    let c = first_char(word);
    // "Ont. ;", "gone?) .", "parrots? ?": punctuation that closes or continues
    // cannot open a sentence.
    if k == j && matches!(c, ',' | ';' | ':' | ')' | ']' | '}' | '%' | '.' | '!' | '?') {
        return false;
    }
    // "(pop. 256,000)", "approx. 20": a number after an unlisted short abbreviation.
    if c.is_ascii_digit()
        && k == j
        && tok(j - 1) == "."
        && j >= 2
        && looks_like_unknown_abbreviation(tok(j - 2))
    {
        return false;
    }
    if c.is_uppercase() || c.is_ascii_digit() {
        return true;
    }
    if after_ellipsis {
        return false; // "and then... nothing": a pause, not an end
    }
    if c.is_lowercase() {
        // Web and wire text both start sentences in lower case after "!" and "?", and
        // a lone "." before a lower-case word ends a sentence unless the word before it
        // looks like an unlisted abbreviation (one to three letters: "approx", "vs").
        let stop = tok(j - 1);
        if stop != "." {
            return true;
        }
        return j >= 2 && !looks_like_unknown_abbreviation(tok(j - 2));
    }
    // Symbols, bullets and dashes starting the next chunk.
    true
}

fn looks_like_unknown_abbreviation(word: &str) -> bool {
    word.len() <= 3
        && word.chars().all(|c| c.is_ascii_alphabetic())
        && word.chars().any(|c| c.is_ascii_lowercase())
        && !matches!(
            word,
            "it" | "me"
                | "us"
                | "him"
                | "her"
                | "you"
                | "too"
                | "now"
                | "all"
                | "out"
                | "up"
                | "on"
                | "in"
                | "off"
                | "one"
                | "two"
                | "say"
                | "see"
                | "yet"
                | "day"
                | "ago"
                | "way"
                | "so"
                | "go"
                | "do"
                | "to"
                | "be"
                | "war"
                | "law"
                | "end"
                | "job"
                | "use"
                | "run"
                | "win"
                | "set"
                | "met"
                | "lot"
                // Web text ends sentences with short words and starts the next in
                // lower case ("oh. my bad", "i guess it is. dallas ..."); none of
                // these is an abbreviation.
                | "are"
                | "is"
                | "was"
                | "has"
                | "had"
                | "did"
                | "not"
                | "no"
                | "yes"
                | "oh"
                | "ok"
                | "lol"
                | "bad"
                | "new"
                | "old"
                | "few"
                | "get"
                | "got"
                | "let"
                | "put"
                | "buy"
                | "pay"
                | "ask"
                | "own"
                | "big"
                | "far"
                | "his"
                | "its"
                | "our"
                | "who"
                | "why"
                | "how"
                | "any"
                | "guy"
                | "fun"
                | "hey"
                | "hi"
                | "bye"
                | "wow"
                | "am"
                | "we"
                | "he"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starters_are_sorted_for_binary_search() {
        let mut sorted = SENTENCE_STARTERS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, SENTENCE_STARTERS);
        assert!(is_sentence_starter("The"));
        assert!(!is_sentence_starter("Navy"));
    }
}
