//! Direct quotations and their speakers.
//!
//! A quote is the text between quote marks within a paragraph (curly, straight or
//! guillemets). News often closes a quote it never opened in that paragraph (the
//! opening mark sits in an earlier one, or was lost): a closing mark with no opening
//! quotes the paragraph from its start. Two or three quoted words are scare quotes
//! ("a “broad coalition”"), not statements, and are left out.
//!
//! The speaker is the subject of a speech verb outside the quote in the sentence that
//! closes it (“...,” Fabius declared) or opens it (Fabius said: “...”).

use crate::events::{Tree, SPEECH_VERBS};
use casus_doc::{
    Document, Layer, ParagraphKind, Provenance, Quote, SentIdx, Stage, StageError, TextRange,
};

const STAGE: &str = "quotes";

/// Fewer words than this between marks are scare quotes.
const MIN_QUOTE_WORDS: usize = 4;

/// The `quotes` stage.
#[derive(Debug, Clone, Default)]
pub struct Quotes;

impl Quotes {
    pub fn find(&self, doc: &Document) -> Vec<Quote> {
        let (Some(paragraphs), Some(sentences)) = (doc.paragraphs(), doc.sentences()) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for p in paragraphs {
            if !matches!(p.kind, ParagraphKind::Body | ParagraphKind::Headline) {
                continue;
            }
            for range in quoted_ranges(doc.text(), p.range) {
                let words = doc.slice(range).split_whitespace().count();
                if words < MIN_QUOTE_WORDS {
                    continue;
                }
                let Some(sentence) = sentences.iter().position(|s| {
                    s.range.start <= range.start && range.start < s.range.end.max(s.range.start + 1)
                }) else {
                    continue;
                };
                let closing = sentences
                    .iter()
                    .position(|s| s.range.start <= range.end && range.end <= s.range.end)
                    .unwrap_or(sentence);
                let speaker = [closing, sentence]
                    .into_iter()
                    .find_map(|si| speaker_outside(doc, si, range));
                out.push(Quote {
                    range,
                    sentence: SentIdx::from_usize(sentence),
                    speaker,
                    provenance: Provenance::rule(STAGE, "quote.marks"),
                });
            }
        }
        out
    }
}

/// The speaker named in sentence `si` outside the quote: the subject of its first
/// speech verb that is not inside the quoted range.
fn speaker_outside(doc: &Document, si: usize, quote: TextRange) -> Option<casus_doc::Attribution> {
    let s = &doc.sentences()?[si];
    let (first, end) = (s.first_token.index(), s.end_token.index());
    let tree = Tree::new(doc, first, end);
    let ranges = doc.tokens()?.ranges();
    (first..end)
        .filter(|&t| {
            let r = ranges[t];
            (r.end <= quote.start || r.start >= quote.end) && SPEECH_VERBS.contains(&tree.lemma(t))
        })
        .find_map(|t| tree.speaker(t))
}

fn is_open(c: char) -> bool {
    matches!(c, '“' | '«' | '„')
}

fn is_close(c: char) -> bool {
    matches!(c, '”' | '»')
}

/// The quoted ranges of a paragraph, marks excluded.
fn quoted_ranges(text: &str, paragraph: TextRange) -> Vec<TextRange> {
    let body = &text[paragraph.as_usize()];
    let base = paragraph.start as usize;
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut straight_open: Option<usize> = None;
    let trim = |from: usize, to: usize| -> Option<TextRange> {
        let inner = &text[from..to];
        let lead = inner.len() - inner.trim_start().len();
        let tail = inner.len() - inner.trim_end().len();
        (from + lead < to - tail).then(|| TextRange::new((from + lead) as u32, (to - tail) as u32))
    };
    for (i, c) in body.char_indices() {
        let at = base + i;
        if is_open(c) {
            open = Some(at + c.len_utf8());
        } else if is_close(c) {
            // A closing mark with no opening one quotes from the paragraph's start.
            let from = open.take().unwrap_or(base);
            out.extend(trim(from, at));
        } else if c == '"' {
            match straight_open.take() {
                Some(from) => out.extend(trim(from, at)),
                None => straight_open = Some(at + 1),
            }
        }
    }
    // An opening mark never closed quotes to the paragraph's end.
    if let Some(from) = open.or(straight_open) {
        out.extend(trim(from, paragraph.end as usize));
    }
    out.sort_by_key(|r| r.start);
    out
}

impl Stage for Quotes {
    fn name(&self) -> &'static str {
        STAGE
    }

    fn requires(&self) -> &'static [Layer] {
        &[
            Layer::Paragraphs,
            Layer::Sentences,
            Layer::Lemmas,
            Layer::Deps,
            Layer::Mentions,
        ]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Quotes]
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let quotes = self.find(doc);
        doc.set_quotes(quotes).map_err(|source| StageError::Layer {
            stage: STAGE,
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotes(text: &str) -> Vec<&str> {
        let p = TextRange::new(0, text.len() as u32);
        quoted_ranges(text, p)
            .into_iter()
            .map(|r| &text[r.as_usize()])
            .collect()
    }

    #[test]
    fn marks_pair_up_and_unbalanced_ones_still_quote() {
        assert_eq!(
            quotes("He said “we will act now” today."),
            ["we will act now"]
        );
        assert_eq!(
            quotes("It is the real strike,” Fabius declared."),
            ["It is the real strike,"]
        );
        assert_eq!(
            quotes("She said \"no deal\" and \"never again\"."),
            ["no deal", "never again"]
        );
        assert_eq!(quotes("“Open to the end"), ["Open to the end"]);
        assert!(quotes("No quotes at all.").is_empty());
    }
}
