//! The [`Segmenter`] stage: paragraphs, tokens and sentences in one pass.

use crate::abbrev::{AbbrevClass, Abbreviations};
use crate::boundary;
use crate::news::{self, ParaInfo, STAGE};
use crate::sentences::split_sentences;
use crate::tokenize::{tokenize_range, RawToken};
use casus_doc::{
    Document, Layer, ParaIdx, Paragraph, ParagraphKind, Sentence, SentenceKind, Stage, StageError,
    TextRange, TokenIdx, TokenKind, Tokens,
};
use casus_learn::LinearModel;

/// Paragraphs, sentences and tokens of a text, ready to attach to a [`Document`].
#[derive(Debug, Clone, Default)]
pub struct Segmentation {
    pub paragraphs: Vec<Paragraph>,
    pub tokens: Tokens,
    pub sentences: Vec<Sentence>,
}

/// Segments news English into paragraphs, sentences and UD-EWT-style tokens.
///
/// Paragraphs are separated by blank lines. Within a paragraph, tokens follow UD
/// English EWT conventions and sentences end at stops (see the `sentences` module) and
/// at line breaks of non-wrapped text. Headlines, bylines, author bios and boilerplate
/// are recognised at paragraph level; sentences of non-news paragraphs are marked
/// [`SentenceKind::NonNews`] so no event is ever coded from them.
#[derive(Debug, Clone)]
pub struct Segmenter {
    abbrevs: Abbreviations,
    /// The learned boundary model; `None` means rules only.
    boundaries: Option<LinearModel>,
}

impl Default for Segmenter {
    fn default() -> Segmenter {
        Segmenter::new()
    }
}

impl Segmenter {
    /// A segmenter with the abbreviation table and boundary model shipped with casus.
    ///
    /// # Panics
    ///
    /// Panics if the shipped model does not match this code, which a unit test rules out.
    pub fn new() -> Segmenter {
        let model =
            boundary::builtin_model().expect("shipped boundary model matches (unit-tested)");
        Segmenter::with_parts(Abbreviations::builtin().clone(), Some(model))
    }

    /// A segmenter that uses the rules alone, without the learned boundary model.
    pub fn rules_only() -> Segmenter {
        Segmenter::with_parts(Abbreviations::builtin().clone(), None)
    }

    /// A segmenter with a given abbreviation table and (optional) boundary model.
    pub fn with_parts(abbrevs: Abbreviations, boundaries: Option<LinearModel>) -> Segmenter {
        Segmenter {
            abbrevs,
            boundaries,
        }
    }

    /// Paragraph ranges and their raw tokens (token index ranges into the vector).
    pub(crate) fn tokenize_paragraphs(
        &self,
        text: &str,
    ) -> (Vec<TextRange>, Vec<RawToken>, Vec<std::ops::Range<usize>>) {
        let para_ranges = paragraph_ranges(text);
        let mut raw: Vec<RawToken> = Vec::with_capacity(text.len() / 5 + 1);
        let mut para_tokens = Vec::with_capacity(para_ranges.len());
        for r in &para_ranges {
            let first = raw.len();
            tokenize_range(
                text,
                r.start as usize,
                r.end as usize,
                &self.abbrevs,
                &mut raw,
            );
            para_tokens.push(first..raw.len());
        }
        (para_ranges, raw, para_tokens)
    }

    /// The sentences of one paragraph's tokens, as token index ranges.
    pub(crate) fn paragraph_sentences(
        &self,
        text: &str,
        ptoks: &[RawToken],
        wrapped: bool,
    ) -> Vec<(usize, usize)> {
        let rules = split_sentences(text, ptoks, wrapped);
        match &self.boundaries {
            Some(model) => boundary::split_with_model(model, text, ptoks, &rules),
            None => rules,
        }
    }

    /// Segments `text`. Never fails: any string has a segmentation.
    pub fn segment(&self, text: &str) -> Segmentation {
        let (para_ranges, raw, para_tokens) = self.tokenize_paragraphs(text);

        let infos: Vec<ParaInfo<'_>> = para_ranges
            .iter()
            .zip(&para_tokens)
            .map(|(r, toks)| ParaInfo {
                text,
                range: *r,
                tokens: &raw[toks.clone()],
                single_line: !text[r.as_usize()].contains('\n'),
            })
            .collect();
        let kinds = news::classify(&infos);

        let mut paragraphs = Vec::with_capacity(para_ranges.len());
        let mut tokens = Tokens::with_capacity(raw.len() + 8);
        let mut sentences = Vec::new();
        for (p, ((range, toks), (kind, provenance))) in
            para_ranges.iter().zip(&para_tokens).zip(kinds).enumerate()
        {
            paragraphs.push(Paragraph {
                range: *range,
                kind,
                provenance,
            });
            let ptoks = &raw[toks.clone()];
            let wrapped = is_hard_wrapped(&text[range.as_usize()]);
            let sentence_kind = match kind {
                ParagraphKind::Body => SentenceKind::Body,
                ParagraphKind::Headline => SentenceKind::Headline,
                _ => SentenceKind::NonNews,
            };
            for (s, e) in self.paragraph_sentences(text, ptoks, wrapped) {
                let first = tokens.len();
                for (k, t) in ptoks[s..e].iter().enumerate() {
                    let last = s + k + 1 == e;
                    match t.abbrev {
                        // A sentence-final abbreviation gives its period to the sentence,
                        // as EWT does ("in the U.S." -> "U.S" "."), so the parser sees
                        // the usual final punctuation.
                        Some(class) if last && class != AbbrevClass::Title && t.range.len() > 1 => {
                            let dot = t.range.end - 1;
                            tokens.push(TextRange::new(t.range.start, dot), TokenKind::Word);
                            tokens.push(TextRange::new(dot, t.range.end), TokenKind::Punct);
                        }
                        _ => tokens.push(t.range, t.kind),
                    }
                }
                let end = tokens.len();
                let dateline = if s == 0 && kind == ParagraphKind::Body {
                    news::dateline_end(text, &ptoks[s..e])
                        .map(|k| TextRange::new(ptoks[0].range.start, ptoks[k - 1].range.end))
                } else {
                    None
                };
                sentences.push(Sentence {
                    range: TextRange::new(ptoks[s].range.start, ptoks[e - 1].range.end),
                    first_token: TokenIdx::from_usize(first),
                    end_token: TokenIdx::from_usize(end),
                    paragraph: ParaIdx::from_usize(p),
                    kind: sentence_kind,
                    dateline,
                });
            }
        }
        Segmentation {
            paragraphs,
            tokens,
            sentences,
        }
    }
}

impl Stage for Segmenter {
    fn name(&self) -> &'static str {
        STAGE
    }

    fn requires(&self) -> &'static [Layer] {
        &[]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Paragraphs, Layer::Tokens, Layer::Sentences]
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let seg = self.segment(doc.text());
        let err = |source| StageError::Layer {
            stage: STAGE,
            source,
        };
        doc.set_paragraphs(seg.paragraphs).map_err(err)?;
        doc.set_tokens(seg.tokens).map_err(err)?;
        doc.set_sentences(seg.sentences).map_err(err)
    }
}

/// Paragraph ranges: runs of lines separated by blank lines (whitespace-only lines),
/// trimmed of surrounding whitespace. Empty paragraphs are dropped.
pub fn paragraph_ranges(text: &str) -> Vec<TextRange> {
    let mut out = Vec::new();
    let mut para_start: Option<usize> = None;
    let mut para_end = 0;
    let mut line_start = 0;
    let bytes = text.as_bytes();
    while line_start <= text.len() {
        let line_end = memchr_newline(bytes, line_start).unwrap_or(text.len());
        let line = &text[line_start..line_end];
        let content = line.trim();
        if content.is_empty() {
            if let Some(s) = para_start.take() {
                out.push(TextRange::from_usize(s, para_end));
            }
        } else {
            let lead = line.len() - line.trim_start().len();
            if para_start.is_none() {
                para_start = Some(line_start + lead);
            }
            para_end = line_start + line.trim_end().len();
        }
        if line_end == text.len() {
            break;
        }
        line_start = line_end + 1;
    }
    if let Some(s) = para_start {
        out.push(TextRange::from_usize(s, para_end));
    }
    out
}

fn memchr_newline(bytes: &[u8], from: usize) -> Option<usize> {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map(|p| from + p)
}

/// Whether a paragraph's line breaks are layout (prose wrapped at a fixed width)
/// rather than structure (a list, an address, a headline above a dateline).
pub(crate) fn is_hard_wrapped(para: &str) -> bool {
    let lines: Vec<usize> = para.lines().map(|l| l.trim().chars().count()).collect();
    if lines.len() < 3 {
        return false;
    }
    let body = &lines[..lines.len() - 1];
    let long = body.iter().filter(|&&n| (45..=100).contains(&n)).count();
    long * 4 >= body.len() * 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_split_at_blank_lines() {
        let text = "\u{feff}Title\r\n\r\nFirst para\r\nline two.\n  \n\nSecond.  ";
        let ranges: Vec<&str> = paragraph_ranges(text)
            .iter()
            .map(|r| &text[r.as_usize()])
            .collect();
        assert_eq!(
            ranges,
            ["\u{feff}Title", "First para\r\nline two.", "Second."]
        );
        assert!(paragraph_ranges("").is_empty());
        assert!(paragraph_ranges(" \n\n \t").is_empty());
    }

    #[test]
    fn wrapped_prose_is_detected() {
        let wrapped = "The quick brown fox jumps over the lazy dog and then\nsome more words follow here to make the line long\nand the end.";
        assert!(is_hard_wrapped(wrapped));
        assert!(!is_hard_wrapped("Headline\nSubhead\nBody"));
    }
}
