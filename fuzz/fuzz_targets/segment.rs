//! Fuzzes the segmenter: any bytes, decoded lossily, must segment without panicking,
//! and the result must pass the document's own layer validation (ranges in bounds, on
//! char boundaries, ordered; tokens inside sentences inside paragraphs).
//!
//! Run with `cargo fuzz run segment` (needs cargo-fuzz and a nightly toolchain); CI
//! only checks that it compiles.
#![no_main]

use casus_doc::{DocMeta, Document, Stage};
use casus_text::Segmenter;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let mut doc = Document::new(text, DocMeta::default()).expect("fuzz inputs are small");
    Segmenter::new()
        .process(&mut doc)
        .expect("segmentation always yields valid layers");
    for sentence in doc.sentence_views() {
        for token in sentence.tokens() {
            assert!(!token.text().is_empty());
        }
    }
});
