//! Syntax for casus: a part-of-speech tagger, a lemmatizer and a dependency parser,
//! each a pipeline [`Stage`](casus_doc::Stage), learned from UD English EWT and shipped
//! as compact model files under `resources/models/`.
//!
//! Design decision: linear models (averaged perceptrons over hashed sparse features,
//! from `casus-learn`) and greedy decoding. They reach accuracy close to neural
//! taggers and parsers on news while running at hundreds of thousands of tokens per
//! second on one core with no external runtime; the cost is a few points of accuracy
//! on hard web text, which the EWT scores in the model manifest show.

pub mod builtin;
pub mod gold;
pub mod lemmatizer;
pub mod lexicon;
pub mod parser;
pub mod tagger;
#[cfg(feature = "train")]
pub mod train;
mod words;

pub use gold::{read_gold, GoldSentence};
pub use lemmatizer::Lemmatizer;
pub use lexicon::{LexPos, Lexicon};
pub use parser::Parser;
pub use tagger::Tagger;
