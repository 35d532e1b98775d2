//! The central data model of casus: a [`Document`] that owns its immutable source
//! text and a set of annotation layers, plus the [`Stage`] trait through which every
//! pipeline step reads and writes those layers, and the [`Pipeline`] that runs them.
//!
//! # Design
//!
//! * **The source text is never rewritten.** Every annotation points into it with a
//!   [`TextRange`] of *byte* offsets. Character offsets (what JSON users and Python
//!   expect) are computed only at the API boundary by [`CharOffsets`]. The cost is one
//!   conversion when writing output; the gain is that no stage can ever shift another
//!   stage's offsets (tantivy: "Offsets shall not be modified by token filters").
//! * **Layers are arrays owned by the document**, set once each by exactly one stage
//!   (one source of truth per layer). [`Token`] and [`SentenceView`] are cheap borrowed
//!   views over those arrays, as spaCy's `Token`/`Span` are views of its `Doc`.
//! * **Layers are optional at run time, checked once at build time.** A stage declares
//!   the [`Layer`]s it requires and provides; [`PipelineBuilder::build`] refuses a
//!   pipeline where a stage needs a layer that no earlier stage provides. We chose this
//!   over typestate (`Document<Parsed>`) because casus has about ten layers and the
//!   combinations would leak into every signature.
//! * **Indices are typed** ([`TokenIdx`], [`SentIdx`], [`ParaIdx`]): a bare `usize`
//!   never crosses a stage boundary.
//!
//! This crate is small and meant to stay stable: stages in other crates depend on it,
//! not on each other.

mod date;
mod document;
mod error;
mod geo;
mod offsets;
mod pipeline;
mod provenance;
mod range;
mod syntax;

pub use date::{Date, DateError};
pub use document::{
    normalize_token, DocMeta, Document, Paragraph, ParagraphKind, Sentence, SentenceKind,
    SentenceView, Token, TokenKind, Tokens,
};
pub use error::{DocumentError, LayerError};
pub use geo::{DatePrecision, EventDate, EventPlace, Place, PlacePrecision};
pub use offsets::CharOffsets;
pub use pipeline::{Layer, Pipeline, PipelineBuilder, PipelineError, Stage, StageError};
pub use provenance::{Provenance, SourceLoc};
pub use range::{ParaIdx, SentIdx, TextRange, TokenIdx};
pub use syntax::{
    Attribution, DepRel, Deps, Event, Lemmas, Mention, MentionKind, Modality, Quote, Tags, Upos,
    Xpos, DEP_RELS, UPOS_TAGS, XPOS_TAGS,
};
