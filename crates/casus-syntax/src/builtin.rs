//! The models shipped with casus, compiled into the binary (a user needs no data
//! files): `resources/models/{tagger,lemmatizer,parser}.bin`, described with their
//! training data and scores in `resources/models/MANIFEST.toml`.

use crate::{Lemmatizer, Parser, Tagger};
use casus_learn::ModelError;

const TAGGER: &[u8] = include_bytes!("../../../resources/models/tagger.bin");
const LEMMATIZER: &[u8] = include_bytes!("../../../resources/models/lemmatizer.bin");
const PARSER: &[u8] = include_bytes!("../../../resources/models/parser.bin");

/// # Errors
///
/// [`ModelError`] if the shipped file does not match this code's format or features
/// (a test loads every shipped model, so a release never has this).
pub fn tagger() -> Result<Tagger, ModelError> {
    Tagger::from_bytes(TAGGER)
}

/// # Errors
///
/// As [`tagger`].
pub fn lemmatizer() -> Result<Lemmatizer, ModelError> {
    Lemmatizer::from_bytes(LEMMATIZER)
}

/// # Errors
///
/// As [`tagger`].
pub fn parser() -> Result<Parser, ModelError> {
    Parser::from_bytes(PARSER)
}

/// The shipped model files, by manifest section name, for checksum tests.
pub fn files() -> [(&'static str, &'static [u8]); 3] {
    [
        ("tagger", TAGGER),
        ("lemmatizer", LEMMATIZER),
        ("parser", PARSER),
    ]
}
