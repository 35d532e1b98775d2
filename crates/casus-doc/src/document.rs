//! [`Document`]: the source text, its metadata and its annotation layers.

use crate::error::{DocumentError, LayerError};
use crate::geo::{EventDate, EventPlace, Place};
use crate::offsets::CharOffsets;
use crate::pipeline::Layer;
use crate::provenance::Provenance;
use crate::range::{ParaIdx, SentIdx, TextRange, TokenIdx};
use crate::syntax::{DepRel, Deps, Event, Lemmas, Mention, Quote, Tags, Upos, Xpos};
use crate::Date;
use serde::Serialize;
use std::borrow::Cow;

/// What is known about a document besides its text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DocMeta {
    /// Caller-supplied identifier (JSONL `id`, or the file path).
    pub id: String,
    /// The headline, when it came separately from the text (JSONL `title`, HTML `<title>`).
    pub title: Option<String>,
    /// Publication date: anchors relative dates and date-bounded actor codes.
    pub date: Option<Date>,
    /// Publisher or feed name.
    pub source: Option<String>,
    pub url: Option<String>,
}

/// What a paragraph is, as far as event coding is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParagraphKind {
    /// Running news text.
    Body,
    /// A headline or sub-headline: news, but terse and often without a final stop.
    Headline,
    /// "By Jane Doe", "Author: Jason Ditz": never coded.
    Byline,
    /// "Jason Ditz is Senior Editor ...": a biography of the author, never coded.
    AuthorBio,
    /// Copyright notices, "Click here to subscribe", photo credits: never coded.
    Boilerplate,
}

impl ParagraphKind {
    /// Whether events may be coded from text of this kind.
    pub fn is_news(self) -> bool {
        matches!(self, ParagraphKind::Body | ParagraphKind::Headline)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paragraph {
    pub range: TextRange,
    pub kind: ParagraphKind,
    /// Why the paragraph got its kind, when it is not plain [`ParagraphKind::Body`].
    pub provenance: Option<Provenance>,
}

/// What a sentence is; mirrors its paragraph's kind, except that a headline can also
/// be detected inside a body paragraph (a first line without a final stop).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SentenceKind {
    Body,
    Headline,
    /// Bylines, author bios and boilerplate: no event is ever coded from these.
    NonNews,
}

impl SentenceKind {
    pub fn is_news(self) -> bool {
        !matches!(self, SentenceKind::NonNews)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sentence {
    pub range: TextRange,
    /// The sentence's tokens: `first..end` in the token layer.
    pub first_token: TokenIdx,
    pub end_token: TokenIdx,
    pub paragraph: ParaIdx,
    pub kind: SentenceKind,
    /// A wire dateline opening the sentence ("BEIRUT, Sept. 29 (AP) —"): its span,
    /// dash included. The dateline's tokens still belong to the sentence.
    pub dateline: Option<TextRange>,
}

/// A coarse class of token, set by the tokenizer from the token's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    Word,
    Number,
    Punct,
    Symbol,
    Url,
    Email,
}

/// The token layer, stored as parallel arrays (struct of arrays).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tokens {
    range: Vec<TextRange>,
    kind: Vec<TokenKind>,
}

impl Tokens {
    pub fn with_capacity(n: usize) -> Tokens {
        Tokens {
            range: Vec::with_capacity(n),
            kind: Vec::with_capacity(n),
        }
    }

    pub fn push(&mut self, range: TextRange, kind: TokenKind) {
        self.range.push(range);
        self.kind.push(kind);
    }

    pub fn len(&self) -> usize {
        self.range.len()
    }

    pub fn is_empty(&self) -> bool {
        self.range.is_empty()
    }

    pub fn ranges(&self) -> &[TextRange] {
        &self.range
    }

    pub fn kinds(&self) -> &[TokenKind] {
        &self.kind
    }
}

/// A document: immutable source text, metadata, and annotation layers.
///
/// Invariants, checked when each layer is set:
/// * every range lies inside the text and on `char` boundaries;
/// * paragraphs, sentences and tokens are each ordered and non-overlapping;
/// * every token is non-empty; every sentence lies in its paragraph and owns a
///   contiguous run of tokens, which lie inside it; consecutive sentences' token runs
///   are adjacent, so every token belongs to exactly one sentence.
#[derive(Debug, Clone)]
pub struct Document {
    text: Box<str>,
    meta: DocMeta,
    paragraphs: Option<Vec<Paragraph>>,
    sentences: Option<Vec<Sentence>>,
    tokens: Option<Tokens>,
    tags: Option<Tags>,
    lemmas: Option<Lemmas>,
    deps: Option<Deps>,
    mentions: Option<Vec<Mention>>,
    events: Option<Vec<Event>>,
    places: Option<Vec<Place>>,
    event_places: Option<Vec<EventPlace>>,
    event_dates: Option<Vec<EventDate>>,
    quotes: Option<Vec<Quote>>,
}

impl Document {
    /// # Errors
    ///
    /// [`DocumentError::TooLarge`] if the text is 4 GiB or longer.
    pub fn new(text: impl Into<Box<str>>, meta: DocMeta) -> Result<Document, DocumentError> {
        let text = text.into();
        if u32::try_from(text.len()).is_err() {
            return Err(DocumentError::TooLarge { len: text.len() });
        }
        Ok(Document {
            text,
            meta,
            paragraphs: None,
            sentences: None,
            tokens: None,
            tags: None,
            lemmas: None,
            deps: None,
            mentions: None,
            events: None,
            places: None,
            event_places: None,
            event_dates: None,
            quotes: None,
        })
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn meta(&self) -> &DocMeta {
        &self.meta
    }

    /// The text of a range of this document.
    ///
    /// # Panics
    ///
    /// Panics if the range is out of bounds or not on char boundaries; ranges taken
    /// from this document's layers never are.
    pub fn slice(&self, range: TextRange) -> &str {
        &self.text[range.as_usize()]
    }

    /// A converter from this document's byte offsets to char / UTF-16 offsets.
    pub fn char_offsets(&self) -> CharOffsets<'_> {
        CharOffsets::new(&self.text)
    }

    /// Whether a layer has been set.
    pub fn has(&self, layer: Layer) -> bool {
        match layer {
            Layer::Paragraphs => self.paragraphs.is_some(),
            Layer::Sentences => self.sentences.is_some(),
            Layer::Tokens => self.tokens.is_some(),
            Layer::Tags => self.tags.is_some(),
            Layer::Lemmas => self.lemmas.is_some(),
            Layer::Deps => self.deps.is_some(),
            Layer::Mentions => self.mentions.is_some(),
            Layer::Events => self.events.is_some(),
            Layer::Places => self.places.is_some(),
            Layer::EventPlaces => self.event_places.is_some(),
            Layer::EventDates => self.event_dates.is_some(),
            Layer::Quotes => self.quotes.is_some(),
        }
    }

    pub fn paragraphs(&self) -> Option<&[Paragraph]> {
        self.paragraphs.as_deref()
    }

    pub fn sentences(&self) -> Option<&[Sentence]> {
        self.sentences.as_deref()
    }

    pub fn tokens(&self) -> Option<&Tokens> {
        self.tokens.as_ref()
    }

    pub fn tags(&self) -> Option<&Tags> {
        self.tags.as_ref()
    }

    pub fn lemmas(&self) -> Option<&Lemmas> {
        self.lemmas.as_ref()
    }

    pub fn deps(&self) -> Option<&Deps> {
        self.deps.as_ref()
    }

    pub fn mentions(&self) -> Option<&[Mention]> {
        self.mentions.as_deref()
    }

    pub fn events(&self) -> Option<&[Event]> {
        self.events.as_deref()
    }

    pub fn quotes(&self) -> Option<&[Quote]> {
        self.quotes.as_deref()
    }

    /// # Errors
    ///
    /// [`LayerError`] if the layer is already set, mentions are missing, or a quote's
    /// range is outside the text, its sentence does not exist or its speaker names a
    /// mention that does not exist.
    pub fn set_quotes(&mut self, quotes: Vec<Quote>) -> Result<(), LayerError> {
        let layer = Layer::Quotes;
        if self.quotes.is_some() {
            return Err(LayerError::AlreadySet { layer });
        }
        let mentions = self.mentions.as_ref().ok_or(LayerError::Missing {
            layer,
            needs: Layer::Mentions,
        })?;
        let n_sent = self.sentences.as_ref().map_or(0, Vec::len);
        for (index, q) in quotes.iter().enumerate() {
            let bad_speaker = q.speaker.as_ref().is_some_and(|s| {
                s.mention.is_some_and(|m| m as usize >= mentions.len()) || s.first >= s.end
            });
            if q.range.end as usize > self.text.len()
                || q.range.start > q.range.end
                || q.sentence.index() >= n_sent
                || bad_speaker
            {
                return Err(LayerError::Invalid {
                    layer,
                    index,
                    reason: "quote outside the text, or a missing sentence or speaker",
                });
            }
        }
        self.quotes = Some(quotes);
        Ok(())
    }

    pub fn places(&self) -> Option<&[Place]> {
        self.places.as_deref()
    }

    /// Where each event happened, parallel to [`Document::events`].
    pub fn event_places(&self) -> Option<&[EventPlace]> {
        self.event_places.as_deref()
    }

    /// When each event happened, parallel to [`Document::events`].
    pub fn event_dates(&self) -> Option<&[EventDate]> {
        self.event_dates.as_deref()
    }

    /// # Errors
    ///
    /// [`LayerError`] if the layer is already set, tokens are missing, or a place is
    /// empty, out of range or overlaps the one before it.
    pub fn set_places(&mut self, places: Vec<Place>) -> Result<(), LayerError> {
        let layer = Layer::Places;
        if self.places.is_some() {
            return Err(LayerError::AlreadySet { layer });
        }
        let n = self.token_count_for(layer)?;
        let mut prev_end = TokenIdx(0);
        for (index, p) in places.iter().enumerate() {
            if p.first >= p.end || p.end.index() > n {
                return Err(LayerError::Invalid {
                    layer,
                    index,
                    reason: "empty place or tokens out of range",
                });
            }
            if p.first < prev_end {
                return Err(LayerError::Unordered { layer, index });
            }
            prev_end = p.end;
        }
        self.places = Some(places);
        Ok(())
    }

    /// # Errors
    ///
    /// [`LayerError`] if the layer is already set, events or places are missing, there
    /// is not one entry per event, or an entry names a place that does not exist.
    pub fn set_event_places(&mut self, event_places: Vec<EventPlace>) -> Result<(), LayerError> {
        let layer = Layer::EventPlaces;
        if self.event_places.is_some() {
            return Err(LayerError::AlreadySet { layer });
        }
        let events = self.events.as_ref().ok_or(LayerError::Missing {
            layer,
            needs: Layer::Events,
        })?;
        let places = self.places.as_ref().ok_or(LayerError::Missing {
            layer,
            needs: Layer::Places,
        })?;
        if event_places.len() != events.len() {
            return Err(LayerError::Invalid {
                layer,
                index: event_places.len().min(events.len()),
                reason: "not one entry per event",
            });
        }
        if let Some(index) = event_places
            .iter()
            .position(|e| e.place.is_some_and(|p| p as usize >= places.len()))
        {
            return Err(LayerError::Invalid {
                layer,
                index,
                reason: "names a place that does not exist",
            });
        }
        self.event_places = Some(event_places);
        Ok(())
    }

    /// # Errors
    ///
    /// [`LayerError`] if the layer is already set, events are missing, there is not one
    /// entry per event, or an expression's range is outside the text.
    pub fn set_event_dates(&mut self, event_dates: Vec<EventDate>) -> Result<(), LayerError> {
        let layer = Layer::EventDates;
        if self.event_dates.is_some() {
            return Err(LayerError::AlreadySet { layer });
        }
        let events = self.events.as_ref().ok_or(LayerError::Missing {
            layer,
            needs: Layer::Events,
        })?;
        if event_dates.len() != events.len() {
            return Err(LayerError::Invalid {
                layer,
                index: event_dates.len().min(events.len()),
                reason: "not one entry per event",
            });
        }
        let len = self.text.len();
        if let Some(index) = event_dates.iter().position(|d| {
            d.expression
                .is_some_and(|r| r.end as usize > len || r.start > r.end)
        }) {
            return Err(LayerError::Invalid {
                layer,
                index,
                reason: "date expression outside the text",
            });
        }
        self.event_dates = Some(event_dates);
        Ok(())
    }

    /// # Errors
    ///
    /// [`LayerError`] if the layer is already set, mentions are missing, or an event
    /// names a mention or sentence that does not exist.
    pub fn set_events(&mut self, events: Vec<Event>) -> Result<(), LayerError> {
        let layer = Layer::Events;
        if self.events.is_some() {
            return Err(LayerError::AlreadySet { layer });
        }
        let mentions = self.mentions.as_deref().ok_or(LayerError::Missing {
            layer,
            needs: Layer::Mentions,
        })?;
        let n_sent = self.sentences.as_ref().map_or(0, Vec::len);
        for (index, e) in events.iter().enumerate() {
            let bad_mention = [e.source, e.target]
                .into_iter()
                .flatten()
                .any(|m| m as usize >= mentions.len());
            if bad_mention
                || e.sentence.index() >= n_sent
                || e.trigger_first > e.trigger
                || e.trigger >= e.trigger_end
            {
                return Err(LayerError::Invalid {
                    layer,
                    index,
                    reason: "event refers to a missing mention, sentence or trigger",
                });
            }
        }
        self.events = Some(events);
        Ok(())
    }

    /// # Errors
    ///
    /// [`LayerError`] if the layer is already set, sentences are missing, or a mention
    /// is empty, crosses a sentence boundary, overlaps the one before it, or has its
    /// head outside its range.
    pub fn set_mentions(&mut self, mentions: Vec<Mention>) -> Result<(), LayerError> {
        let layer = Layer::Mentions;
        if self.mentions.is_some() {
            return Err(LayerError::AlreadySet { layer });
        }
        let sentences = self.sentences.as_deref().ok_or(LayerError::Missing {
            layer,
            needs: Layer::Sentences,
        })?;
        let invalid = |index, reason| LayerError::Invalid {
            layer,
            index,
            reason,
        };
        let mut prev_end = TokenIdx(0);
        for (index, m) in mentions.iter().enumerate() {
            if m.first >= m.end || m.head < m.first || m.head >= m.end {
                return Err(invalid(index, "empty mention or head outside it"));
            }
            if m.first < prev_end {
                return Err(LayerError::Unordered { layer, index });
            }
            let inside = sentences
                .iter()
                .any(|s| s.first_token <= m.first && m.end <= s.end_token);
            if !inside {
                return Err(invalid(index, "mention crosses a sentence boundary"));
            }
            prev_end = m.end;
        }
        self.mentions = Some(mentions);
        Ok(())
    }

    fn token_count_for(&self, layer: Layer) -> Result<usize, LayerError> {
        self.tokens
            .as_ref()
            .map(Tokens::len)
            .ok_or(LayerError::Missing {
                layer,
                needs: Layer::Tokens,
            })
    }

    /// # Errors
    ///
    /// [`LayerError`] if the layer is already set, tokens are missing, or the arrays
    /// do not have one entry per token.
    pub fn set_tags(&mut self, tags: Tags) -> Result<(), LayerError> {
        let layer = Layer::Tags;
        if self.tags.is_some() {
            return Err(LayerError::AlreadySet { layer });
        }
        let n = self.token_count_for(layer)?;
        if tags.upos.len() != n || tags.xpos.len() != n {
            return Err(LayerError::Invalid {
                layer,
                index: tags.upos.len().min(tags.xpos.len()),
                reason: "one UPOS and one XPOS per token expected",
            });
        }
        self.tags = Some(tags);
        Ok(())
    }

    /// # Errors
    ///
    /// [`LayerError`] if the layer is already set, tokens are missing, or there is not
    /// one lemma per token.
    pub fn set_lemmas(&mut self, lemmas: Lemmas) -> Result<(), LayerError> {
        let layer = Layer::Lemmas;
        if self.lemmas.is_some() {
            return Err(LayerError::AlreadySet { layer });
        }
        let n = self.token_count_for(layer)?;
        if lemmas.len() != n {
            return Err(LayerError::Invalid {
                layer,
                index: lemmas.len(),
                reason: "one lemma per token expected",
            });
        }
        self.lemmas = Some(lemmas);
        Ok(())
    }

    /// # Errors
    ///
    /// [`LayerError`] if the layer is already set, sentences are missing, the arrays
    /// do not have one entry per token, or a head is outside its token's sentence or is
    /// the token itself.
    pub fn set_deps(&mut self, deps: Deps) -> Result<(), LayerError> {
        let layer = Layer::Deps;
        if self.deps.is_some() {
            return Err(LayerError::AlreadySet { layer });
        }
        let n = self.token_count_for(layer)?;
        let sentences = self.sentences.as_deref().ok_or(LayerError::Missing {
            layer,
            needs: Layer::Sentences,
        })?;
        if deps.head.len() != n || deps.rel.len() != n {
            return Err(LayerError::Invalid {
                layer,
                index: deps.head.len().min(deps.rel.len()),
                reason: "one head and one relation per token expected",
            });
        }
        for s in sentences {
            for i in s.first_token.index()..s.end_token.index() {
                if let Some(h) = deps.head[i] {
                    if h < s.first_token || h >= s.end_token || h.index() == i {
                        return Err(LayerError::Invalid {
                            layer,
                            index: i,
                            reason: "head outside the sentence or the token itself",
                        });
                    }
                }
            }
        }
        self.deps = Some(deps);
        Ok(())
    }

    /// A view of token `idx`.
    ///
    /// # Panics
    ///
    /// Panics if the token layer is not set or `idx` is out of range.
    pub fn token(&self, idx: TokenIdx) -> Token<'_> {
        let tokens = self.tokens.as_ref().expect("token layer not set");
        assert!(idx.index() < tokens.len(), "token {idx:?} out of range");
        Token { doc: self, idx }
    }

    /// A view of sentence `idx`.
    ///
    /// # Panics
    ///
    /// Panics if the sentence layer is not set or `idx` is out of range.
    pub fn sentence(&self, idx: SentIdx) -> SentenceView<'_> {
        let sentences = self.sentences.as_ref().expect("sentence layer not set");
        SentenceView {
            doc: self,
            idx,
            sentence: &sentences[idx.index()],
        }
    }

    /// Views of all sentences; empty when the layer is not set.
    pub fn sentence_views(&self) -> impl ExactSizeIterator<Item = SentenceView<'_>> + '_ {
        let sentences = self.sentences.as_deref().unwrap_or(&[]);
        sentences
            .iter()
            .enumerate()
            .map(move |(i, sentence)| SentenceView {
                doc: self,
                idx: SentIdx::from_usize(i),
                sentence,
            })
    }

    fn check_ranges<'a>(
        &self,
        layer: Layer,
        ranges: impl Iterator<Item = &'a TextRange>,
        allow_empty: bool,
    ) -> Result<(), LayerError> {
        let mut prev_end = 0u32;
        for (index, &r) in ranges.enumerate() {
            let ok = (r.end as usize) <= self.text.len()
                && self.text.is_char_boundary(r.start as usize)
                && self.text.is_char_boundary(r.end as usize);
            if !ok {
                return Err(LayerError::BadRange {
                    layer,
                    index,
                    start: r.start,
                    end: r.end,
                });
            }
            if r.is_empty() && !allow_empty {
                return Err(LayerError::Invalid {
                    layer,
                    index,
                    reason: "empty range",
                });
            }
            if r.start < prev_end {
                return Err(LayerError::Unordered { layer, index });
            }
            prev_end = r.end;
        }
        Ok(())
    }

    /// # Errors
    ///
    /// [`LayerError`] if the layer is already set or a range is out of bounds, off a
    /// char boundary, empty, or out of order.
    pub fn set_paragraphs(&mut self, paragraphs: Vec<Paragraph>) -> Result<(), LayerError> {
        if self.paragraphs.is_some() {
            return Err(LayerError::AlreadySet {
                layer: Layer::Paragraphs,
            });
        }
        self.check_ranges(
            Layer::Paragraphs,
            paragraphs.iter().map(|p| &p.range),
            false,
        )?;
        self.paragraphs = Some(paragraphs);
        Ok(())
    }

    /// # Errors
    ///
    /// [`LayerError`] if the layer is already set or a range is out of bounds, off a
    /// char boundary, empty, or out of order.
    pub fn set_tokens(&mut self, tokens: Tokens) -> Result<(), LayerError> {
        if self.tokens.is_some() {
            return Err(LayerError::AlreadySet {
                layer: Layer::Tokens,
            });
        }
        self.check_ranges(Layer::Tokens, tokens.range.iter(), false)?;
        self.tokens = Some(tokens);
        Ok(())
    }

    /// # Errors
    ///
    /// [`LayerError`] if the layer is already set, the paragraph or token layer is
    /// missing, or a sentence breaks an invariant listed on [`Document`].
    pub fn set_sentences(&mut self, sentences: Vec<Sentence>) -> Result<(), LayerError> {
        let layer = Layer::Sentences;
        if self.sentences.is_some() {
            return Err(LayerError::AlreadySet { layer });
        }
        let paragraphs = self.paragraphs.as_deref().ok_or(LayerError::Missing {
            layer,
            needs: Layer::Paragraphs,
        })?;
        let tokens = self.tokens.as_ref().ok_or(LayerError::Missing {
            layer,
            needs: Layer::Tokens,
        })?;
        self.check_ranges(layer, sentences.iter().map(|s| &s.range), false)?;
        let invalid = |index, reason| LayerError::Invalid {
            layer,
            index,
            reason,
        };
        let mut next_token = 0usize;
        for (index, s) in sentences.iter().enumerate() {
            let para = paragraphs
                .get(s.paragraph.index())
                .ok_or(invalid(index, "paragraph index out of range"))?;
            if !para.range.contains_range(s.range) {
                return Err(invalid(index, "sentence outside its paragraph"));
            }
            if s.first_token.index() != next_token || s.end_token < s.first_token {
                return Err(invalid(
                    index,
                    "token run not adjacent to the previous sentence's",
                ));
            }
            if s.end_token.index() > tokens.len() {
                return Err(invalid(index, "token index out of range"));
            }
            let inside = tokens.range[s.first_token.index()..s.end_token.index()]
                .iter()
                .all(|t| s.range.contains_range(*t));
            if !inside {
                return Err(invalid(index, "token outside its sentence"));
            }
            if let Some(d) = s.dateline {
                if !s.range.contains_range(d) {
                    return Err(invalid(index, "dateline outside its sentence"));
                }
            }
            next_token = s.end_token.index();
        }
        if next_token != tokens.len() {
            return Err(invalid(sentences.len(), "tokens after the last sentence"));
        }
        self.sentences = Some(sentences);
        Ok(())
    }
}

/// Normalises a token's surface form for matching: typographic quotes, apostrophes
/// and dashes become their ASCII forms. Allocates only when something changes.
pub fn normalize_token(text: &str) -> Cow<'_, str> {
    let needs = text.chars().any(|c| {
        matches!(
            c,
            '\u{2018}'
                | '\u{2019}'
                | '\u{201C}'
                | '\u{201D}'
                | '\u{2032}'
                | '\u{00B4}'
                | '`'
                | '\u{2013}'
                | '\u{2014}'
        )
    });
    if !needs {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\u{2018}' | '\u{2019}' | '\u{2032}' | '\u{00B4}' | '`' => '\'',
                '\u{201C}' | '\u{201D}' => '"',
                '\u{2013}' | '\u{2014}' => '-',
                other => other,
            })
            .collect(),
    )
}

/// A borrowed view of one token.
#[derive(Debug, Clone, Copy)]
pub struct Token<'d> {
    doc: &'d Document,
    idx: TokenIdx,
}

impl<'d> Token<'d> {
    fn tokens(&self) -> &'d Tokens {
        // The view is only built when the layer exists (see `Document::token`).
        self.doc.tokens.as_ref().expect("token layer")
    }

    pub fn idx(&self) -> TokenIdx {
        self.idx
    }

    pub fn range(&self) -> TextRange {
        self.tokens().range[self.idx.index()]
    }

    pub fn kind(&self) -> TokenKind {
        self.tokens().kind[self.idx.index()]
    }

    /// The token's text exactly as in the source.
    pub fn text(&self) -> &'d str {
        self.doc.slice(self.range())
    }

    /// The token's text with typographic quotes and dashes normalised.
    pub fn norm(&self) -> Cow<'d, str> {
        normalize_token(self.text())
    }

    pub fn upos(&self) -> Option<Upos> {
        self.doc.tags.as_ref().map(|t| t.upos[self.idx.index()])
    }

    pub fn xpos(&self) -> Option<Xpos> {
        self.doc.tags.as_ref().map(|t| t.xpos[self.idx.index()])
    }

    pub fn lemma(&self) -> Option<&'d str> {
        self.doc.lemmas.as_ref().map(|l| l.get(self.idx.index()))
    }

    /// The head token, `Some(None)` for a root, `None` when there is no parse.
    pub fn head(&self) -> Option<Option<TokenIdx>> {
        self.doc.deps.as_ref().map(|d| d.head[self.idx.index()])
    }

    pub fn deprel(&self) -> Option<DepRel> {
        self.doc.deps.as_ref().map(|d| d.rel[self.idx.index()])
    }

    /// Whether whitespace (or the end of the text) follows the token, as CoNLL-U's
    /// `SpaceAfter=No` records the opposite.
    pub fn space_after(&self) -> bool {
        let end = self.range().end as usize;
        match self.doc.text[end..].chars().next() {
            None => true,
            Some(c) => c.is_whitespace(),
        }
    }
}

/// A borrowed view of one sentence.
#[derive(Debug, Clone, Copy)]
pub struct SentenceView<'d> {
    doc: &'d Document,
    idx: SentIdx,
    sentence: &'d Sentence,
}

impl<'d> SentenceView<'d> {
    pub fn idx(&self) -> SentIdx {
        self.idx
    }

    pub fn sentence(&self) -> &'d Sentence {
        self.sentence
    }

    pub fn range(&self) -> TextRange {
        self.sentence.range
    }

    pub fn kind(&self) -> SentenceKind {
        self.sentence.kind
    }

    pub fn text(&self) -> &'d str {
        self.doc.slice(self.sentence.range)
    }

    pub fn token_count(&self) -> usize {
        self.sentence.end_token.index() - self.sentence.first_token.index()
    }

    pub fn tokens(&self) -> impl ExactSizeIterator<Item = Token<'d>> + 'd {
        let doc = self.doc;
        (self.sentence.first_token.0..self.sentence.end_token.0).map(move |i| Token {
            doc,
            idx: TokenIdx(i),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document::new(text, DocMeta::default()).unwrap()
    }

    fn para(start: u32, end: u32) -> Paragraph {
        Paragraph {
            range: TextRange::new(start, end),
            kind: ParagraphKind::Body,
            provenance: None,
        }
    }

    fn tokens(ranges: &[(u32, u32)]) -> Tokens {
        let mut t = Tokens::default();
        for &(s, e) in ranges {
            t.push(TextRange::new(s, e), TokenKind::Word);
        }
        t
    }

    fn sent(range: (u32, u32), toks: (u32, u32)) -> Sentence {
        Sentence {
            range: TextRange::new(range.0, range.1),
            first_token: TokenIdx(toks.0),
            end_token: TokenIdx(toks.1),
            paragraph: ParaIdx(0),
            kind: SentenceKind::Body,
            dateline: None,
        }
    }

    #[test]
    fn views_read_the_layers() {
        let mut d = doc("Russia’s jets. They flew.");
        d.set_paragraphs(vec![para(0, 27)]).unwrap();
        d.set_tokens(tokens(&[
            (0, 6),
            (6, 10),
            (11, 15),
            (15, 16),
            (17, 21),
            (22, 26),
            (26, 27),
        ]))
        .unwrap();
        d.set_sentences(vec![sent((0, 16), (0, 4)), sent((17, 27), (4, 7))])
            .unwrap();
        let s0 = d.sentence(SentIdx(0));
        let words: Vec<_> = s0.tokens().map(|t| t.text()).collect();
        assert_eq!(words, ["Russia", "’s", "jets", "."]);
        assert_eq!(d.token(TokenIdx(1)).norm(), "'s");
        assert!(!d.token(TokenIdx(0)).space_after());
        assert!(d.token(TokenIdx(3)).space_after());
        assert!(
            d.token(TokenIdx(6)).space_after(),
            "end of text counts as space"
        );
        assert_eq!(d.sentence_views().len(), 2);
        assert!(d.has(Layer::Sentences));
    }

    #[test]
    fn rejects_ranges_off_char_boundaries() {
        let mut d = doc("Russia’s");
        let err = d.set_tokens(tokens(&[(0, 7)])).unwrap_err();
        assert!(
            matches!(err, LayerError::BadRange { index: 0, .. }),
            "{err}"
        );
    }

    #[test]
    fn rejects_overlap_and_double_set() {
        let mut d = doc("abc def");
        assert!(matches!(
            d.set_tokens(tokens(&[(0, 3), (2, 5)])),
            Err(LayerError::Unordered { index: 1, .. })
        ));
        d.set_tokens(tokens(&[(0, 3), (4, 7)])).unwrap();
        assert!(matches!(
            d.set_tokens(tokens(&[(0, 3)])),
            Err(LayerError::AlreadySet { .. })
        ));
    }

    #[test]
    fn sentences_need_their_layers_and_cover_all_tokens() {
        let mut d = doc("abc def");
        assert!(matches!(
            d.set_sentences(vec![]),
            Err(LayerError::Missing {
                needs: Layer::Paragraphs,
                ..
            })
        ));
        d.set_paragraphs(vec![para(0, 7)]).unwrap();
        d.set_tokens(tokens(&[(0, 3), (4, 7)])).unwrap();
        let err = d.set_sentences(vec![sent((0, 3), (0, 1))]).unwrap_err();
        assert!(
            err.to_string().contains("tokens after the last sentence"),
            "{err}"
        );
        let err = d.set_sentences(vec![sent((0, 3), (0, 2))]).unwrap_err();
        assert!(err.to_string().contains("token outside"), "{err}");
        d.set_sentences(vec![sent((0, 7), (0, 2))]).unwrap();
    }

    #[test]
    fn normalizes_typography() {
        assert_eq!(normalize_token("n’t"), "n't");
        assert_eq!(normalize_token("“"), "\"");
        assert!(matches!(normalize_token("plain"), Cow::Borrowed(_)));
    }
}
