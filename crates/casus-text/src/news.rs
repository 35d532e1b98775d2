//! News structure: headlines, datelines, bylines, author bios and boilerplate.
//!
//! Each classification carries a rule id in its provenance, so a user can see why a
//! paragraph was left out of event coding.

use crate::tokenize::RawToken;
use casus_doc::{ParagraphKind, Provenance, TextRange};

pub(crate) const STAGE: &str = "segmenter";

/// What the classifier needs to know about one paragraph.
pub(crate) struct ParaInfo<'a> {
    /// The whole document text: token ranges index into it.
    pub text: &'a str,
    pub range: TextRange,
    pub tokens: &'a [RawToken],
    pub single_line: bool,
}

impl ParaInfo<'_> {
    fn para_text(&self) -> &str {
        &self.text[self.range.as_usize()]
    }

    fn word(&self, i: usize) -> &str {
        self.tokens
            .get(i)
            .map_or("", |t| &self.text[t.range.as_usize()])
    }

    fn ends_with_stop(&self) -> bool {
        let mut i = self.tokens.len();
        while i > 0 {
            let w = self.word(i - 1);
            if matches!(w, "\"" | "'" | "\u{201D}" | "\u{2019}" | ")" | "]") {
                i -= 1;
                continue;
            }
            return w.chars().all(|c| matches!(c, '.' | '!' | '?' | '\u{2026}')) && !w.is_empty()
                || self.tokens[i - 1].abbrev.is_some();
        }
        false
    }

    fn is_capitalised(&self, i: usize) -> bool {
        self.word(i).chars().next().is_some_and(char::is_uppercase)
    }
}

const BYLINE_LABELS: &[(&str, &str)] = &[
    ("author:", "byline.author-label"),
    ("by:", "byline.by-label"),
    ("written by", "byline.written-by"),
    ("reporting by", "byline.reporting-by"),
    ("additional reporting by", "byline.reporting-by"),
    ("editing by", "byline.editing-by"),
    ("compiled by", "byline.compiled-by"),
    ("posted by", "byline.posted-by"),
];

const BOILERPLATE_OPENERS: &[&str] = &[
    "copyright",
    "\u{00A9}",
    "(c)",
    "all rights reserved",
    "click here",
    "sign up",
    "subscribe",
    "follow us",
    "read more",
    "related:",
    "photo:",
    "image:",
    "advertisement",
    "share this",
    "this article",
    "this story",
    "contact the author",
    "email the author",
];

const BIO_NOUNS: &[&str] = &[
    "editor",
    "reporter",
    "correspondent",
    "journalist",
    "writer",
    "columnist",
    "contributor",
    "author",
    "fellow",
    "analyst",
    "professor",
    "blogger",
    "producer",
    "bureau",
    "staff",
];

fn starts_with_ci(haystack: &str, needle: &str) -> bool {
    haystack.len() >= needle.len()
        && haystack.is_char_boundary(needle.len())
        && haystack[..needle.len()].eq_ignore_ascii_case(needle)
}

/// Classifies a document's paragraphs. `paras` are in document order.
pub(crate) fn classify(paras: &[ParaInfo<'_>]) -> Vec<(ParagraphKind, Option<Provenance>)> {
    let mut out = Vec::with_capacity(paras.len());
    let mut seen_body = false;
    let mut trailing_byline = false;
    let mut author_names: Vec<&str> = Vec::new();
    let n = paras.len();
    for (index, p) in paras.iter().enumerate() {
        let lead = p.para_text().trim_start();
        let rule = |r: &'static str| Some(Provenance::rule(STAGE, r));
        // Byline labels ("Author: Jason Ditz") and "By Jane Doe".
        if let Some(&(_, r)) = BYLINE_LABELS
            .iter()
            .find(|(label, _)| starts_with_ci(lead, label) && p.tokens.len() <= 40)
        {
            remember_name(p, &mut author_names);
            trailing_byline |= seen_body;
            out.push((ParagraphKind::Byline, rule(r)));
            continue;
        }
        if p.word(0) == "By" && p.tokens.len() <= 12 && p.is_capitalised(1) && !p.ends_with_stop() {
            remember_name(p, &mut author_names);
            trailing_byline |= seen_body;
            out.push((ParagraphKind::Byline, rule("byline.by-name")));
            continue;
        }
        if p.tokens.len() <= 40 && BOILERPLATE_OPENERS.iter().any(|o| starts_with_ci(lead, o))
            || p.para_text().contains("All rights reserved")
        {
            out.push((ParagraphKind::Boilerplate, rule("boilerplate.opener")));
            continue;
        }
        // After a byline that follows the story, the rest is about the author.
        if trailing_byline {
            out.push((ParagraphKind::AuthorBio, rule("bio.after-trailing-byline")));
            continue;
        }
        if author_names.iter().any(|name| lead.starts_with(name)) && seen_body {
            out.push((
                ParagraphKind::AuthorBio,
                rule("bio.starts-with-author-name"),
            ));
            continue;
        }
        if index + 3 >= n && seen_body && looks_like_bio(p) {
            out.push((ParagraphKind::AuthorBio, rule("bio.name-is-journalist")));
            continue;
        }
        if !seen_body
            && p.single_line
            && p.tokens.len() <= 25
            && (!p.ends_with_stop() || title_cased(p))
        {
            out.push((ParagraphKind::Headline, rule("headline.leading-short-line")));
            continue;
        }
        seen_body = true;
        out.push((ParagraphKind::Body, None));
    }
    out
}

/// The author's name from a byline: the capitalised words after the label.
fn remember_name<'a>(p: &ParaInfo<'a>, names: &mut Vec<&'a str>) {
    const LABEL_WORDS: &[&str] = &[
        "by",
        "author",
        "written",
        "reporting",
        "additional",
        "editing",
        "compiled",
        "posted",
        ":",
    ];
    let mut i = 0;
    while i < p.tokens.len()
        && LABEL_WORDS
            .iter()
            .any(|w| p.word(i).eq_ignore_ascii_case(w))
    {
        i += 1;
    }
    let first = i;
    while i < p.tokens.len() && p.is_capitalised(i) && i - first < 4 {
        i += 1;
    }
    if i > first {
        let range = TextRange::new(p.tokens[first].range.start, p.tokens[i - 1].range.end);
        names.push(&p.text[range.as_usize()]);
    }
}

/// "Jason Ditz is Senior Editor for ...": two or three capitalised words, a copula,
/// then a journalism noun within the next dozen words.
fn looks_like_bio(p: &ParaInfo<'_>) -> bool {
    let mut i = 0;
    while i < 4 && p.is_capitalised(i) {
        i += 1;
    }
    if !(2..=4).contains(&i) || !matches!(p.word(i), "is" | "was" | "has") {
        return false;
    }
    (i + 1..(i + 13).min(p.tokens.len())).any(|k| {
        let w = p.word(k).to_ascii_lowercase();
        BIO_NOUNS.iter().any(|n| w.starts_with(n))
    })
}

fn title_cased(p: &ParaInfo<'_>) -> bool {
    let words: Vec<&str> = (0..p.tokens.len())
        .map(|i| p.word(i))
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic) && w.len() > 3)
        .collect();
    !words.is_empty()
        && words
            .iter()
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
            .count()
            * 4
            >= words.len() * 3
}

/// A wire dateline at the start of a sentence: `BEIRUT, Sept. 29 (AP) —`,
/// `WASHINGTON (Reuters) -`, `KABUL, Afghanistan —`. Returns the token index just
/// after the dash.
pub(crate) fn dateline_end(text: &str, tokens: &[RawToken]) -> Option<usize> {
    let word = |i: usize| tokens.get(i).map_or("", |t| &text[t.range.as_usize()]);
    let is_dash = |w: &str| matches!(w, "\u{2014}" | "\u{2013}" | "--" | "-" | "\u{2015}");
    let is_caps = |w: &str| {
        w.chars().any(char::is_alphabetic)
            && w.chars()
                .all(|c| c.is_uppercase() || matches!(c, '.' | '\'' | '-'))
    };
    let mut i = 0;
    // The place: one to four all-caps words ("NEW YORK", "ST. LOUIS"), or, with an
    // agency in brackets, one to three capitalised words.
    while i < 4 && is_caps(word(i)) {
        i += 1;
    }
    let caps_place = i > 0;
    if !caps_place {
        while i < 3 && word(i).chars().next().is_some_and(char::is_uppercase) && word(i).len() > 1 {
            i += 1;
        }
        if i == 0 {
            return None;
        }
    }
    let mut has_agency = false;
    // ", Country" and ", Sept. 29" parts.
    for _ in 0..2 {
        if word(i) == "," {
            let mut k = i + 1;
            let before = k;
            while k < i + 4
                && (word(k).chars().next().is_some_and(char::is_uppercase)
                    || word(k).bytes().all(|b| b.is_ascii_digit()) && !word(k).is_empty())
            {
                k += 1;
            }
            if k == before {
                return None;
            }
            i = k;
        }
    }
    if word(i) == "("
        && word(i + 2) == ")"
        && word(i + 1).chars().next().is_some_and(char::is_uppercase)
    {
        has_agency = true;
        i += 3;
    }
    if is_dash(word(i)) && (caps_place || has_agency) && i >= 1 {
        // The dateline must not swallow a headline-like sentence: require text after it.
        return (i + 1 < tokens.len()).then_some(i + 1);
    }
    None
}
