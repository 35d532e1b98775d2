//! Sentence splitting of news text written for these tests: the learned boundary model
//! must not add boundaries that the rules of punctuated news would not.

use casus_text::Segmenter;

fn sentences(text: &str) -> Vec<String> {
    let seg = Segmenter::new().segment(text);
    seg.sentences
        .iter()
        .map(|s| text[s.range.as_usize()].to_string())
        .collect()
}

#[test]
fn wire_story_with_dateline_titles_and_quotes() {
    let text = "KABUL, Afghanistan, March 3 (AP) — Taliban fighters attacked a police post in Helmand province on Tuesday, killing four officers, Lt. Col. Ahmad Zia said. \"They came at night,\" he told reporters. Gen. John Smith, the U.S. commander, called the attack \"cowardly.\" NATO said it would respond.";
    assert_eq!(
        sentences(text),
        [
            "KABUL, Afghanistan, March 3 (AP) — Taliban fighters attacked a police post in Helmand province on Tuesday, killing four officers, Lt. Col. Ahmad Zia said.",
            "\"They came at night,\" he told reporters.",
            "Gen. John Smith, the U.S. commander, called the attack \"cowardly.\"",
            "NATO said it would respond.",
        ]
    );
}

#[test]
fn names_lists_and_numbers_stay_inside_sentences() {
    let text = "Delegates from Iran, Iraq, Syria and the United States met in Geneva on Sept. 12 with U.N. envoy Staffan de Mistura. The talks, which began at 9 a.m., ended without agreement. Prices rose 3.5 percent in No. 2 position, according to Reuters.";
    assert_eq!(sentences(text).len(), 3, "{:#?}", sentences(text));
}

#[test]
fn headline_lines_and_short_sentences() {
    let text = "Russia Moves Jets\nUS Officials Alarmed\n\nHe left. She stayed. They argued?! Nobody knows...";
    assert_eq!(
        sentences(text),
        [
            "Russia Moves Jets",
            "US Officials Alarmed",
            "He left.",
            "She stayed.",
            "They argued?!",
            "Nobody knows..."
        ]
    );
}

#[test]
fn web_text_smileys_short_words_and_stray_punctuation() {
    // A smiley closes the sentence before it; it never starts one.
    assert_eq!(
        sentences("The food was great! :) We will be back."),
        ["The food was great! :)", "We will be back."]
    );
    // A short word ending a sentence is not an abbreviation, even before lower case.
    assert_eq!(
        sentences("i guess it is. dallas is fine though."),
        ["i guess it is.", "dallas is fine though."]
    );
    // Punctuation after a stop stays with the sentence it follows.
    assert_eq!(
        sentences("Smith, 40, Kingston, Ont.; Brown, 35, Ottawa."),
        ["Smith, 40, Kingston, Ont.; Brown, 35, Ottawa."]
    );
    assert_eq!(
        sentences("They met in Tikrit (pop. 160,000) on Monday."),
        ["They met in Tikrit (pop. 160,000) on Monday."]
    );
}
