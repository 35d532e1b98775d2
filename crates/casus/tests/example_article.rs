//! The article that defines what casus is for, segmented exactly as a careful reader
//! would: headlines, body sentences, and the byline and author bio set apart.

use casus::doc::{ParagraphKind, SentenceKind};
use casus::Casus;

const ARTICLE: &str = include_str!("../../../examples/russia-airstrikes-isis-2015.txt");

fn analyze() -> casus::Document {
    // Segmentation only: the syntax of these sentences is pinned in `syntax_golden`,
    // so a retrained parser does not churn this snapshot.
    let casus = Casus::segmentation_only().unwrap();
    let meta = casus::DocMeta {
        id: "russia-airstrikes-isis-2015".into(),
        date: Some("2015-09-29".parse().unwrap()),
        ..Default::default()
    };
    casus.analyze(ARTICLE.to_string(), meta).unwrap()
}

#[test]
fn sentences_are_exactly_right() {
    let doc = analyze();
    let sentences: Vec<(SentenceKind, &str)> =
        doc.sentence_views().map(|s| (s.kind(), s.text())).collect();
    let expected_starts = [
        (
            SentenceKind::Headline,
            "US Says Russian Airstrikes on ISIS Could Begin Anytime",
        ),
        (
            SentenceKind::Headline,
            "French FM Urging Russia to Hurry Up and Attack",
        ),
        (
            SentenceKind::Body,
            "US officials told CNN today that Russia has positioned",
        ),
        (SentenceKind::Body, "The Obama Administration has struggled"),
        (
            SentenceKind::Body,
            "France seems to be taking the opposite position",
        ),
        (
            SentenceKind::Body,
            "What’s important in the fight against Islamic State",
        ),
        (
            SentenceKind::Body,
            "While the US officials’ report suggested",
        ),
        (
            SentenceKind::Body,
            "Russia has been urging a “broad coalition” against ISIS",
        ),
        (SentenceKind::Body, "The call was mocked by President Obama"),
        (SentenceKind::NonNews, "Author: Jason Ditz"),
        (
            SentenceKind::NonNews,
            "Jason Ditz is Senior Editor for He has 20 years",
        ),
    ];
    assert_eq!(sentences.len(), expected_starts.len(), "{sentences:#?}");
    for ((kind, text), (want_kind, want_start)) in sentences.iter().zip(expected_starts) {
        assert_eq!(*kind, want_kind, "{text}");
        assert!(
            text.starts_with(want_start),
            "{text:?} should start with {want_start:?}"
        );
    }
    // Every body sentence ends with its stop.
    for (kind, text) in &sentences {
        if *kind == SentenceKind::Body {
            assert!(text.ends_with('.'), "{text}");
        }
    }
}

#[test]
fn byline_and_bio_are_not_news() {
    let doc = analyze();
    let kinds: Vec<ParagraphKind> = doc.paragraphs().unwrap().iter().map(|p| p.kind).collect();
    assert_eq!(kinds[kinds.len() - 2], ParagraphKind::Byline);
    assert_eq!(kinds[kinds.len() - 1], ParagraphKind::AuthorBio);
    assert!(kinds[2..kinds.len() - 2]
        .iter()
        .all(|k| *k == ParagraphKind::Body));
}

#[test]
fn golden_rendering() {
    // The pretty rendering pins paragraphs, sentences and every token; review changes
    // with `cargo insta review`.
    let doc = analyze();
    let mut out = Vec::new();
    casus::output::write_pretty(&doc, &[], &mut out).unwrap();
    insta::assert_snapshot!(
        "russia_airstrikes_isis_2015",
        String::from_utf8(out).unwrap()
    );
}

/// The article's coded events, one line each (who → whom, code, trigger, modality,
/// place, date, attribution), reviewed like code with `cargo insta review`. A change
/// in dictionaries, models or rules that changes what casus says about the article
/// shows up here.
#[test]
fn coded_events_snapshot() {
    let casus = Casus::new().unwrap();
    let meta = casus::DocMeta {
        id: "russia-airstrikes-isis-2015".into(),
        date: Some("2015-09-29".parse().unwrap()),
        ..Default::default()
    };
    let doc = casus.analyze(ARTICLE.to_string(), meta).unwrap();
    let mut lines = Vec::new();
    for e in casus::record::event_records(&doc) {
        let code = |a: &Option<casus::record::ActorRecord>| {
            a.as_ref()
                .map_or("---".to_string(), |a| format!("{} ({})", a.code, a.text))
        };
        let mut line = format!(
            "s{} {} -> {} {} {:?} [{}]",
            e.sentence,
            code(&e.source),
            code(&e.target),
            e.cameo,
            e.trigger.text,
            e.modality
        );
        if e.negated {
            line.push_str(" NEGATED");
        }
        if let Some(l) = &e.location {
            line.push_str(&format!(
                " at {:?} {}",
                l.text,
                l.country.as_deref().unwrap_or("---")
            ));
        }
        if let (Some(d), Some(p)) = (&e.date, &e.date_precision) {
            line.push_str(&format!(" on {d} ({p})"));
        }
        if let Some(a) = &e.attribution {
            line.push_str(&format!(
                " according to {:?} {}",
                a.text,
                a.code.as_deref().unwrap_or("---")
            ));
        }
        lines.push(line);
    }
    for q in casus::record::quote_records(&doc) {
        lines.push(format!(
            "quote {:?} by {}",
            q.text,
            q.speaker.map_or("---".to_string(), |s| format!(
                "{} ({})",
                s.code.unwrap_or_default(),
                s.text
            ))
        ));
    }
    insta::assert_snapshot!(lines.join("\n"));
}
