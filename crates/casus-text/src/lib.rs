//! Segmentation of news English for casus: paragraphs, sentences and tokens, each a
//! byte range into the untouched source text.
//!
//! The principal type is [`Segmenter`], a pipeline [`casus_doc::Stage`] that provides
//! the paragraph, token and sentence layers in one pass. Tokens follow UD English EWT
//! conventions (`Russia` `'s`, `do` `n't`, `US` `-` `led`) so the syntax models trained
//! on EWT see familiar input.
//!
//! The key design decision is a rule-based, single-pass segmenter with data tables
//! (abbreviations) instead of a learned model: it runs at tens of megabytes per second,
//! is explainable (paragraph classifications carry rule ids), and news English is
//! regular enough that rules reach EWT's own conventions closely. The cost is a long
//! tail of web-text oddities (emoticons, misspelled contractions) that a learned
//! tokenizer would pick up; the EWT evaluation test prints how far off we are.

mod abbrev;
pub mod boundary;
pub mod eval;
mod news;
mod segment;
mod sentences;
mod tokenize;
#[cfg(feature = "train")]
pub mod train;

pub use abbrev::{AbbrevClass, AbbrevError, Abbreviations, ABBREVIATIONS_FORMAT};
pub use segment::{paragraph_ranges, Segmentation, Segmenter};
