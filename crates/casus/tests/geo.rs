//! Where and when, end to end: places recognised and resolved in context, each event's
//! place and date, and the example article's geography.

use casus::record::{event_records, EventRecord};
use casus::Casus;
use std::sync::OnceLock;

fn casus() -> &'static Casus {
    static CASUS: OnceLock<Casus> = OnceLock::new();
    CASUS.get_or_init(|| Casus::new().unwrap())
}

fn analyze(text: &str, date: Option<&str>) -> casus::Document {
    let meta = casus::DocMeta {
        id: "t".into(),
        date: date.map(|d| d.parse().unwrap()),
        ..Default::default()
    };
    casus().analyze(text.to_string(), meta).unwrap()
}

/// (place text, country, precision) of every place in the document.
fn places(text: &str) -> Vec<(String, Option<String>, String)> {
    let doc = analyze(text, None);
    let ranges = doc.tokens().unwrap().ranges();
    doc.places()
        .unwrap()
        .iter()
        .map(|p| {
            let span = casus::doc::TextRange::new(
                ranges[p.first.index()].start,
                ranges[p.end.index() - 1].end,
            );
            (
                doc.slice(span).to_string(),
                p.country.clone(),
                casus::record::place_precision_name(p.precision).to_string(),
            )
        })
        .collect()
}

fn events(text: &str, date: Option<&str>) -> Vec<EventRecord> {
    event_records(&analyze(text, date))
}

fn event_on<'a>(events: &'a [EventRecord], trigger: &str) -> &'a EventRecord {
    events
        .iter()
        .find(|e| e.trigger.text == trigger)
        .unwrap_or_else(|| panic!("no event on {trigger:?} in {events:#?}"))
}

#[test]
fn the_example_article_places_its_events() {
    let text = include_str!("../../../examples/russia-airstrikes-isis-2015.txt");
    let events = events(text, Some("2015-09-29"));
    let relocated = event_on(&events, "relocated");
    let place = relocated.location.as_ref().expect("relocation has a place");
    assert_eq!(place.text, "southern Russian air bases");
    assert_eq!(place.country.as_deref(), Some("RUS"));
    assert_eq!(relocated.source.as_ref().unwrap().code, "RUS");
    let strikes = event_on(&events, "launch");
    let place = strikes.location.as_ref().expect("the strikes have a place");
    assert_eq!(
        (place.text.as_str(), place.country.as_deref()),
        ("Syria", Some("SYR"))
    );
    // "railing at Russia": Russia is the target, not where the criticism happened.
    assert!(event_on(&events, "railing").location.is_none());
}

#[test]
fn ambiguous_names_resolve_in_the_document_context() {
    let lebanon = events(
        "Lebanese troops deployed in Tripoli after clashes between gunmen.",
        None,
    );
    let libya = events("Libyan militias deployed troops in Tripoli.", None);
    let country = |events: &[EventRecord]| {
        events
            .iter()
            .find_map(|e| e.location.as_ref())
            .and_then(|l| l.country.clone())
    };
    assert_eq!(country(&lebanon).as_deref(), Some("LBN"));
    assert_eq!(country(&libya).as_deref(), Some("LBY"));
}

#[test]
fn actors_people_and_calendar_words_are_not_places() {
    let found = places("Washington said Jordan Henderson would visit Paris in March.");
    let names: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(names, ["Paris"], "{found:?}");
    assert_eq!(found[0].1.as_deref(), Some("FRA"));
    let found = places("Protesters gathered in Washington and in the Gaza Strip.");
    assert_eq!(
        found[0],
        ("Washington".into(), Some("USA".into()), "city".into())
    );
    assert_eq!(found[1].0, "Gaza Strip");
    assert_eq!(found[1].2, "region");
}

#[test]
fn villages_the_gazetteer_lacks_are_placed_by_their_frame() {
    let events = events(
        "Gunmen killed five people in the village of Kwaramai in Borno State on Sunday.",
        Some("2014-10-28"),
    );
    let killed = event_on(&events, "killed");
    let place = killed.location.as_ref().expect("a place");
    assert_eq!(place.text, "Kwaramai");
    assert_eq!(
        place.country.as_deref(),
        Some("NGA"),
        "the document's only country"
    );
    assert_eq!(place.precision.as_deref(), Some("local"));
    // Sunday before Tuesday 2014-10-28.
    assert_eq!(killed.date.as_deref(), Some("2014-10-26"));
    assert_eq!(killed.date_precision.as_deref(), Some("day"));
}

#[test]
fn relative_dates_resolve_against_the_document_date_or_stay_relative() {
    let dated = events(
        "Russian warplanes bombed rebel positions near Hama last week.",
        Some("2015-10-03"),
    );
    let struck = event_on(&dated, "bombed");
    assert_eq!(struck.date.as_deref(), Some("2015-09-21"));
    assert_eq!(struck.date_precision.as_deref(), Some("week"));
    assert_eq!(struck.date_text.as_ref().unwrap().text, "last week");

    let undated = events("Russian jets bombed rebel positions on Thursday.", None);
    let struck = event_on(&undated, "bombed");
    assert_eq!(struck.date, None);
    assert_eq!(struck.date_precision.as_deref(), Some("relative"));
    assert_eq!(struck.date_text.as_ref().unwrap().text, "Thursday");

    // No date in the text: the document's, and it says so.
    let plain = events("Russian jets bombed rebel positions.", Some("2015-10-03"));
    let struck = event_on(&plain, "bombed");
    assert_eq!(struck.date.as_deref(), Some("2015-10-03"));
    assert_eq!(struck.date_precision.as_deref(), Some("document_date"));
}

#[test]
fn a_dateline_places_events_that_name_no_place() {
    let events = events(
        "BEIRUT, Sept. 29 (AP) — Gunmen attacked an army checkpoint, killing two soldiers.",
        Some("2015-09-29"),
    );
    let attacked = event_on(&events, "attacked");
    let place = attacked.location.as_ref().expect("the dateline's place");
    assert_eq!(place.country.as_deref(), Some("LBN"));
    assert!(attacked
        .location
        .as_ref()
        .unwrap()
        .provenance
        .as_deref()
        .unwrap()
        .contains("dateline"));
}
