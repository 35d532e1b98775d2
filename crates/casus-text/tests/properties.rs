//! Property tests: the segmentation invariants hold for any input.

use casus_doc::{DocMeta, Document, Stage};
use casus_text::Segmenter;
use proptest::prelude::*;

fn check(text: &str) -> Result<(), TestCaseError> {
    let seg = Segmenter::new();
    let mut doc = Document::new(text, DocMeta::default()).unwrap();
    // The document re-validates every layer: bounds, order, char boundaries, sentences
    // owning contiguous token runs, tokens inside sentences inside paragraphs.
    seg.process(&mut doc)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let sentences = doc.sentences().unwrap();
    // Sentences tile the text: only whitespace lies outside them, and nothing
    // but whitespace lies between them.
    let mut covered = 0usize;
    for s in sentences {
        let gap = &text[covered..s.range.start as usize];
        prop_assert!(
            gap.trim().is_empty(),
            "non-space text {gap:?} outside sentences"
        );
        covered = s.range.end as usize;
    }
    prop_assert!(text[covered..].trim().is_empty());
    // Tokens tile their sentences in the same way, and `text[range]` round-trips.
    for view in doc.sentence_views() {
        let mut at = view.range().start as usize;
        for t in view.tokens() {
            let gap = &text[at..t.range().start as usize];
            prop_assert!(
                gap.trim().is_empty(),
                "non-space text {gap:?} between tokens"
            );
            prop_assert_eq!(t.text(), &text[t.range().as_usize()]);
            prop_assert!(!t.text().is_empty());
            at = t.range().end as usize;
        }
        prop_assert_eq!(at, view.range().end as usize);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_string(text in "\\PC{0,300}") {
        check(&text)?;
    }

    #[test]
    fn newsy_strings(text in "([A-Z][a-z]{0,8}|U\\.S\\.|Gen\\.|don't|Russia's|[0-9]{1,4}|[.,;:!?\"“”'’()—-]|\\.\\.\\.|https?://x\\.com/a|a@b\\.org|\n\n|\n| ){0,60}") {
        check(&text)?;
    }
}
