//! The parse of news sentences, pinned as a readable CoNLL-U-like table. A retrained
//! tagger, lemmatizer or parser shows its effect here; review with `cargo insta review`.

use casus::Casus;

const SENTENCES: &str = "The call was mocked by President Obama.\n\nRussia has been urging a “broad coalition” against ISIS, seeking coordination with Iran, Iraq, Syria, and the US-led coalition.\n\nUS officials told CNN today that Russia has positioned its warplanes.\n\nFrance's foreign minister urged Russia to strike ISIS.";

#[test]
fn news_sentences() {
    let casus = Casus::new().unwrap();
    let doc = casus.analyze_text("news", SENTENCES).unwrap();
    let mut out = Vec::new();
    casus::output::write_pretty(&doc, &[], &mut out).unwrap();
    insta::assert_snapshot!("news_sentences", String::from_utf8(out).unwrap());
}
