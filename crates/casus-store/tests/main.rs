//! Store tests on real SQLite files in temporary directories.

use casus::record::{ActorRecord, EventRecord, PlaceRecord, SpanRecord};
use casus_store::dyads::{AlertMethod, AlertOptions, DyadLevel};
use casus_store::export::{self, Format, GDELT_COLUMNS};
use casus_store::query::EventFilter;
use casus_store::{content_hash, CodedDocument, DocumentRecord, Store, StoreError};
use std::path::Path;

fn actor(code: &str, text: &str) -> ActorRecord {
    ActorRecord {
        text: text.into(),
        start: 0,
        end: text.chars().count() as u32,
        code: code.into(),
    }
}

fn event(source: &str, target: &str, cameo: &str, date: &str) -> EventRecord {
    let info = casus::Ontology::builtin().cameo(cameo).expect("known code");
    EventRecord {
        id: format!("{source}-{target}-{cameo}-{date}"),
        sentence: 0,
        source: Some(actor(source, "Russian warplanes")),
        target: Some(actor(target, "rebels")),
        cameo: cameo.into(),
        plover: Some(info.plover.event_type.clone()),
        plover_mode: info.plover.mode.clone(),
        plover_context: info.plover.contexts.clone(),
        quad_class: Some(info.quad_class.number()),
        goldstein: Some(info.goldstein),
        trigger: SpanRecord {
            text: "struck".into(),
            start: 18,
            end: 24,
        },
        location: None,
        date: Some(date.into()),
        date_precision: Some("day".into()),
        date_text: None,
        negated: false,
        modality: "asserted".into(),
        attribution: None,
        provenance: "events:test".into(),
        actor_provenance: vec!["countries.txt:1".into()],
    }
}

fn doc(id: &str, text: &str, date: &str, source: &str, events: Vec<EventRecord>) -> CodedDocument {
    CodedDocument {
        document: DocumentRecord {
            id: id.into(),
            content_hash: content_hash(text),
            url: Some(format!("https://example.org/{id}")),
            source: Some(source.into()),
            title: None,
            date: Some(date.into()),
            origin: Some(format!("{id}.txt")),
            text: text.into(),
        },
        events,
        quotes: Vec::new(),
    }
}

fn open(dir: &Path) -> Store {
    Store::open(&dir.join("casus.db")).unwrap()
}

#[test]
fn a_document_is_stored_once_whatever_its_id() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let a = doc(
        "a",
        "Russia struck rebels.",
        "2015-09-30",
        "AP",
        vec![event("RUSMIL", "SYRREB", "190", "2015-09-30")],
    );
    let counts = store.insert_batch(std::slice::from_ref(&a)).unwrap();
    assert_eq!((counts.documents, counts.events), (1, 1));
    let mut again = a.clone();
    again.document.id = "other-id".into();
    let counts = store.insert_batch(&[again, a]).unwrap();
    assert_eq!((counts.documents, counts.duplicates), (0, 2));
    assert_eq!(store.counts().unwrap(), (1, 1, 1));
}

#[test]
fn reports_of_one_event_from_several_stories_are_deduplicated() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let mut in_syria = event("RUSMIL", "SYRREB", "195", "2015-10-01");
    in_syria.location = Some(PlaceRecord {
        text: "Hama".into(),
        start: 30,
        end: 34,
        country: Some("SYR".into()),
        admin1: None,
        lat: Some(35.13),
        lon: Some(36.75),
        geonames_id: Some(170_017),
        precision: Some("city".into()),
        name: None,
        provenance: None,
    });
    let mut elsewhere = in_syria.clone();
    elsewhere.location.as_mut().unwrap().country = Some("IRQ".into());
    store
        .insert_batch(&[
            doc(
                "ap",
                "Story one.",
                "2015-09-30",
                "AP",
                vec![event("RUSMIL", "SYRREB", "190", "2015-09-30")],
            ),
            // Same dyad and root, next day, other outlet: the same event.
            doc("rt", "Story two.", "2015-10-01", "Reuters", vec![in_syria]),
            // Same outlet again: one more article, not one more source.
            doc(
                "ap2",
                "Story three.",
                "2015-10-01",
                "AP",
                vec![event("RUSMIL", "SYRREB", "190", "2015-10-01")],
            ),
            // Another place than the cluster's: another event.
            doc("x", "Story four.", "2015-10-01", "AFP", vec![elsewhere]),
            // Two days later: another event.
            doc(
                "late",
                "Story five.",
                "2015-10-03",
                "AP",
                vec![event("RUSMIL", "SYRREB", "190", "2015-10-03")],
            ),
            // Another root: another event.
            doc(
                "talk",
                "Story six.",
                "2015-09-30",
                "AP",
                vec![event("RUSMIL", "SYRREB", "036", "2015-09-30")],
            ),
        ])
        .unwrap();
    let (documents, events, clusters) = store.counts().unwrap();
    assert_eq!((documents, events, clusters), (6, 6, 4));
    let first = store
        .events(&EventFilter {
            document: Some("ap".into()),
            ..EventFilter::default()
        })
        .unwrap();
    assert_eq!(
        (
            first[0].num_mentions,
            first[0].num_articles,
            first[0].num_sources
        ),
        (3, 3, 2)
    );

    // GDELT's event table: one row per deduplicated event (4), not per report (6),
    // each the earliest report, its id the cluster's.
    let mut out = Vec::new();
    export::export(&store, &EventFilter::default(), Format::Gdelt, &mut out).unwrap();
    let gdelt = String::from_utf8(out).unwrap();
    let rows: Vec<Vec<&str>> = gdelt.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 4, "{gdelt}");
    let col = |name: &str| GDELT_COLUMNS.iter().position(|c| *c == name).unwrap();
    let strike = rows
        .iter()
        .find(|r| r[col("NumMentions")] == "3")
        .expect("the thrice-reported strike");
    assert_eq!(strike[col("SQLDATE")], "20150930");
    assert_eq!(
        (strike[col("NumArticles")], strike[col("NumSources")]),
        ("3", "2")
    );
    let ids: std::collections::HashSet<&str> = rows.iter().map(|r| r[0]).collect();
    assert_eq!(ids.len(), 4, "GLOBALEVENTIDs are distinct");
    assert_eq!(
        strike[0],
        first[0].cluster.to_string(),
        "GLOBALEVENTID is the cluster's"
    );
}

fn sample_store(dir: &Path) -> Store {
    let mut store = open(dir);
    let mut negated = event("USAGOV", "RUSGOV", "111", "2015-09-30");
    negated.negated = true;
    store
        .insert_batch(&[
            doc(
                "d1",
                "Russia struck rebels in Syria.",
                "2015-09-30",
                "AP",
                vec![
                    event("RUSMIL", "SYRREB", "190", "2015-09-30"),
                    event("USAGOV", "RUSGOV", "111", "2015-09-30"),
                ],
            ),
            doc(
                "d2",
                "France urged Russia to strike ISIS.",
                "2015-10-02",
                "AFP",
                vec![event("FRAGOV", "RUSGOV", "0241", "2015-10-02"), negated],
            ),
        ])
        .unwrap();
    store
}

#[test]
fn queries_filter_by_actor_pattern_code_date_quad_and_text() {
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(dir.path());
    let ids = |f: EventFilter| -> Vec<String> {
        store
            .events(&f)
            .unwrap()
            .into_iter()
            .map(|e| e.record.id)
            .collect()
    };
    assert_eq!(
        ids(EventFilter {
            actor: Some("RUS*".into()),
            ..Default::default()
        })
        .len(),
        4
    );
    assert_eq!(
        ids(EventFilter {
            source: Some("rus*".into()),
            target: Some("SYR*".into()),
            ..Default::default()
        }),
        ["RUSMIL-SYRREB-190-2015-09-30"]
    );
    assert_eq!(
        ids(EventFilter {
            cameo: Some("02".into()),
            ..Default::default()
        })
        .len(),
        1
    );
    assert_eq!(
        ids(EventFilter {
            cameo: Some("024".into()),
            ..Default::default()
        })
        .len(),
        1
    );
    assert_eq!(
        ids(EventFilter {
            cameo: Some("0242".into()),
            ..Default::default()
        })
        .len(),
        0
    );
    assert_eq!(
        ids(EventFilter {
            quad_class: Some(4),
            ..Default::default()
        })
        .len(),
        1
    );
    assert_eq!(
        ids(EventFilter {
            plover: Some("assault".into()),
            ..Default::default()
        })
        .len(),
        1
    );
    assert_eq!(
        ids(EventFilter {
            from: Some("2015-10-01".into()),
            ..Default::default()
        })
        .len(),
        1
    );
    assert_eq!(
        ids(EventFilter {
            to: Some("2015-09-30".into()),
            ..Default::default()
        })
        .len(),
        3
    );
    assert_eq!(
        ids(EventFilter {
            text: Some("urged".into()),
            ..Default::default()
        })
        .len(),
        2
    );
    // `%` and `_` are literal in text search, not wildcards.
    assert!(ids(EventFilter {
        text: Some("urged%Russia".into()),
        ..Default::default()
    })
    .is_empty());
    // A wildcard after a prefix matches that prefix only (`RU*` is not `RUT`...),
    // a leading wildcard anything that ends so.
    assert_eq!(
        ids(EventFilter {
            source: Some("RU*".into()),
            ..Default::default()
        })
        .len(),
        1
    );
    assert_eq!(
        ids(EventFilter {
            target: Some("*GOV".into()),
            ..Default::default()
        })
        .len(),
        3
    );
    assert_eq!(
        ids(EventFilter {
            exclude_negated: true,
            ..Default::default()
        })
        .len(),
        3
    );
    assert_eq!(
        ids(EventFilter {
            limit: Some(1),
            ..Default::default()
        })
        .len(),
        1
    );
    let err = store
        .events(&EventFilter {
            to: Some("Sept 30".into()),
            ..Default::default()
        })
        .unwrap_err();
    assert!(err.to_string().contains("--to `Sept 30`"), "{err}");
}

#[test]
fn exports_write_every_event_in_each_format() {
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(dir.path());
    let all = EventFilter::default();
    let text = |format| {
        let mut out = Vec::new();
        let n = export::export(&store, &all, format, &mut out).unwrap();
        assert_eq!(n, 4);
        String::from_utf8(out).unwrap()
    };
    let gdelt = text(Format::Gdelt);
    let rows: Vec<Vec<&str>> = gdelt.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 4);
    for row in &rows {
        assert_eq!(row.len(), GDELT_COLUMNS.len());
    }
    let col = |name: &str| GDELT_COLUMNS.iter().position(|c| *c == name).unwrap();
    let strike = rows.iter().find(|r| r[col("EventCode")] == "190").unwrap();
    assert_eq!(strike[col("SQLDATE")], "20150930");
    assert_eq!(strike[col("Actor1Code")], "RUSMIL");
    assert_eq!(strike[col("Actor1CountryCode")], "RUS");
    assert_eq!(strike[col("Actor1Type1Code")], "MIL");
    assert_eq!(strike[col("Actor2Type1Code")], "REB");
    assert_eq!(strike[col("EventRootCode")], "19");
    assert_eq!(strike[col("QuadClass")], "4");
    assert_eq!(strike[col("SOURCEURL")], "https://example.org/d1");

    let jsonl = text(Format::Jsonl);
    let first: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(first["source"]["code"], "RUSMIL");
    assert_eq!(first["document_id"], "d1");
    assert_eq!(first["num_mentions"], 1);

    let csv = text(Format::Csv);
    assert_eq!(csv.lines().count(), 5);
    assert!(csv.lines().next().unwrap().starts_with("event_id,date,"));
    assert!(text(Format::Table).contains("(4 events)"));
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_export_is_partitioned_by_date_and_reads_back() {
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(dir.path());
    let out = dir.path().join("events");
    let summary =
        casus_store::parquet::export_parquet(&store, &EventFilter::default(), &out).unwrap();
    assert_eq!(summary.events, 4);
    assert_eq!(summary.files.len(), 2);
    assert!(out.join("date=2015-09-30/part-0.parquet").exists());
    let mut rows = 0;
    let mut codes = Vec::new();
    for file in &summary.files {
        let reader = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(file).unwrap())
            .unwrap()
            .build()
            .unwrap();
        for batch in reader {
            let batch = batch.unwrap();
            rows += batch.num_rows();
            let cameo = batch
                .column_by_name("cameo")
                .unwrap()
                .as_any()
                .downcast_ref::<arrow_array::StringArray>()
                .unwrap();
            codes.extend(cameo.iter().map(|c| c.unwrap().to_string()));
        }
    }
    assert_eq!(rows, 4);
    codes.sort();
    assert_eq!(codes, ["0241", "111", "111", "190"]);
    // A second export into the same folder would mix with the first: refused.
    let again = casus_store::parquet::export_parquet(
        &store,
        &EventFilter {
            from: Some("2015-10-01".into()),
            ..EventFilter::default()
        },
        &out,
    )
    .unwrap_err()
    .to_string();
    assert!(
        again.contains("events") && again.contains("2 date= partitions"),
        "{again}"
    );
}

#[test]
fn dyad_series_count_deduplicated_events_that_happened() {
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(dir.path());
    let series = store
        .dyad_series(&EventFilter::default(), DyadLevel::Code)
        .unwrap();
    // The negated USAGOV→RUSGOV event is not counted.
    let us_rus: Vec<_> = series.iter().filter(|d| d.source == "USAGOV").collect();
    assert_eq!(us_rus.len(), 1);
    assert_eq!(us_rus[0].events, 1);
    let by_country = store
        .dyad_series(&EventFilter::default(), DyadLevel::Country)
        .unwrap();
    assert!(by_country
        .iter()
        .any(|d| d.source == "RUS" && d.target == "SYR" && d.quad[3] == 1));
}

#[test]
fn alerts_flag_a_spike_and_list_its_events() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let mut docs = Vec::new();
    // A quiet month: one verbal exchange every few days...
    for day in (1..=28).step_by(3) {
        let date = format!("2015-09-{day:02}");
        docs.push(doc(
            &format!("q{day}"),
            &format!("Quiet day {day} in Syria."),
            &date,
            "AP",
            vec![event("RUSGOV", "SYRREB", "010", &date)],
        ));
    }
    // ...then five distinct attacks in one day.
    for (i, code) in ["190", "193", "194", "195", "183"].iter().enumerate() {
        let mut e = event("RUSMIL", "SYRREB", code, "2015-09-30");
        e.source = Some(actor("RUSGOV", "Russia"));
        e.location = Some(PlaceRecord {
            text: format!("town {i}"),
            start: 0,
            end: 6,
            country: Some("SYR".into()),
            admin1: None,
            lat: None,
            lon: None,
            geonames_id: None,
            precision: Some("city".into()),
            name: None,
            provenance: None,
        });
        docs.push(doc(
            &format!("s{i}"),
            &if *code == "183" {
                "A car bomb went off.".to_string()
            } else {
                format!("Strike {i} in Syria.")
            },
            "2015-09-30",
            "AP",
            vec![e.clone()],
        ));
        // The first strike is reported twice: still one event behind the alert.
        if i == 0 {
            let again = "Strike 0 in Syria again.";
            docs.push(doc("s0-again", again, "2015-09-30", "AFP", vec![e]));
        }
    }
    store.insert_batch(&docs).unwrap();
    let alerts = store
        .alerts(&EventFilter::default(), &AlertOptions::default())
        .unwrap();
    assert!(!alerts.is_empty());
    let a = &alerts[0];
    assert_eq!(
        (a.date.as_str(), a.source.as_str(), a.target.as_str()),
        ("2015-09-30", "RUSGOV", "SYRREB")
    );
    assert_eq!(a.events.len(), 5, "one per deduplicated event: {a:?}");
    assert_eq!(a.events.iter().map(|e| e.mentions).max(), Some(2));
    assert!(a.events.iter().all(|e| e.document_id != "s0-again"));
    // The user's filter applies to the events listed as to the series: the bombing's
    // story does not name Syria.
    let naming_syria = store
        .alerts(
            &EventFilter {
                text: Some("Syria".into()),
                ..EventFilter::default()
            },
            &AlertOptions::default(),
        )
        .unwrap();
    assert_eq!(naming_syria[0].events.len(), 4, "{naming_syria:?}");
    assert!(naming_syria
        .iter()
        .all(|a| a.events.iter().all(|e| e.cameo.starts_with("19"))));
    let cusum = store
        .alerts(
            &EventFilter::default(),
            &AlertOptions {
                method: AlertMethod::Cusum,
                ..AlertOptions::default()
            },
        )
        .unwrap();
    assert!(cusum.iter().any(|a| a.date == "2015-09-30"));
    // Nothing before the spike alerts.
    assert!(alerts.iter().all(|a| a.date == "2015-09-30"));
}

#[test]
fn a_surge_of_threats_alerts_on_goldstein_without_any_attack() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let mut docs = Vec::new();
    for day in (1..=28).step_by(4) {
        let date = format!("2015-09-{day:02}");
        docs.push(doc(
            &format!("q{day}"),
            &format!("Quiet {day}."),
            &date,
            "AP",
            vec![event("PRKGOV", "KORGOV", "010", &date)],
        ));
    }
    // Threats of force and ultimatums: verbal conflict only (QuadClass 3).
    for (i, code) in ["112", "128", "138", "160"].iter().enumerate() {
        docs.push(doc(
            &format!("t{i}"),
            &format!("Threat {i}."),
            "2015-09-30",
            "AP",
            vec![event("PRKGOV", "KORGOV", code, "2015-09-30")],
        ));
    }
    store.insert_batch(&docs).unwrap();
    let alerts = store
        .alerts(&EventFilter::default(), &AlertOptions::default())
        .unwrap();
    assert!(
        alerts
            .iter()
            .any(|a| a.metric == "goldstein" && a.date == "2015-09-30"),
        "{alerts:?}"
    );
    assert!(alerts.iter().all(|a| a.metric != "material_conflict"));
}

#[test]
fn foreign_and_newer_databases_are_refused_with_their_path() {
    let dir = tempfile::tempdir().unwrap();
    let foreign = dir.path().join("other.db");
    {
        let conn = rusqlite::Connection::open(&foreign).unwrap();
        conn.execute_batch("CREATE TABLE t (x)").unwrap();
    }
    let err = Store::open(&foreign).unwrap_err();
    assert!(matches!(err, StoreError::NotCasus { .. }), "{err}");
    assert!(err.to_string().contains("other.db"));

    let newer = dir.path().join("newer.db");
    {
        let conn = rusqlite::Connection::open(&newer).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let err = Store::open(&newer).unwrap_err();
    assert!(err.to_string().contains("schema version 99"), "{err}");

    let garbage = dir.path().join("garbage.db");
    std::fs::write(
        &garbage,
        b"this is not sqlite at all, not even close........",
    )
    .unwrap();
    let err = Store::open(&garbage).unwrap_err();
    assert!(err.to_string().contains("garbage.db"), "{err}");
    let missing = Store::open_read_only(&dir.path().join("missing.db")).unwrap_err();
    assert!(missing.to_string().contains("casus ingest"), "{missing}");
}

/// Golden databases: every schema version casus has written must keep opening and
/// answering. Regenerate the current one with `CASUS_BLESS=1 cargo test -p casus-store
/// golden` only when the schema version changes.
#[test]
fn golden_databases_of_every_schema_version_open() {
    let golden_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let current = golden_dir.join(format!("schema-v{}.db", casus_store::SCHEMA_VERSION));
    if std::env::var_os("CASUS_BLESS").is_some() {
        std::fs::create_dir_all(&golden_dir).unwrap();
        let _ = std::fs::remove_file(&current);
        drop(sample_store_at(&current));
    }
    for version in 1..=casus_store::SCHEMA_VERSION {
        let golden = golden_dir.join(format!("schema-v{version}.db"));
        assert!(golden.exists(), "{} is missing", golden.display());
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("copy.db");
        std::fs::copy(&golden, &copy).unwrap();
        let store = Store::open(&copy).unwrap();
        assert_eq!(store.schema_version().unwrap(), casus_store::SCHEMA_VERSION);
        assert_eq!(store.counts().unwrap(), (2, 4, 4), "{}", golden.display());
        let strikes = store
            .events(&EventFilter {
                cameo: Some("19".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(strikes.len(), 1);
        assert_eq!(strikes[0].record.source.as_ref().unwrap().code, "RUSMIL");
    }
}

/// Writes the sample store as one self-contained file (no WAL beside it).
fn sample_store_at(path: &Path) -> Store {
    let tmp = tempfile::tempdir().unwrap();
    let store = sample_store(tmp.path());
    drop(store);
    let conn = rusqlite::Connection::open(tmp.path().join("casus.db")).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")
        .unwrap();
    conn.execute(&format!("VACUUM INTO '{}'", path.display()), [])
        .unwrap();
    drop(conn);
    Store::open(path).unwrap()
}

#[test]
fn ingest_codes_in_parallel_and_a_second_run_stores_nothing() {
    use casus_store::ingest::{ingest, IngestOptions, IngestStats, Progress};
    struct Quiet(Vec<String>);
    impl Progress for Quiet {
        fn update(&mut self, _: &IngestStats) {}
        fn problem(&mut self, message: &str) {
            self.0.push(message.to_string());
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("news.jsonl");
    let mut lines = Vec::new();
    for i in 0..40 {
        lines.push(format!(
            r#"{{"id":"n{i}","text":"Russian warplanes struck rebels near Hama on day {i}. France condemned the strikes.","date":"2015-10-01"}}"#
        ));
    }
    lines.push("not json".to_string());
    lines.push(r#"{"id":"empty","text":"  "}"#.to_string());
    std::fs::write(&corpus, lines.join("\n")).unwrap();
    let casus = casus::Casus::new().unwrap();
    let mut store = open(dir.path());
    let options = IngestOptions {
        jobs: 2,
        batch_size: 7,
        ..IngestOptions::default()
    };
    let mut quiet = Quiet(Vec::new());
    let first = ingest(
        &mut store,
        &casus,
        std::slice::from_ref(&corpus),
        &options,
        &mut quiet,
    )
    .unwrap();
    assert_eq!((first.read, first.stored, first.errors), (42, 40, 2));
    assert_eq!(first.expected, Some(42));
    assert!(first.events >= 40, "{first:?}");
    assert!(
        quiet.0.iter().any(|m| m.contains("news.jsonl:41")),
        "{:?}",
        quiet.0
    );
    let second = ingest(&mut store, &casus, &[corpus], &options, &mut quiet).unwrap();
    assert_eq!((second.stored, second.skipped, second.events), (0, 40, 0));
    let (documents, events, _) = store.counts().unwrap();
    assert_eq!((documents as u64, events as u64), (40, first.events));
    let strikes = store
        .events(&EventFilter {
            source: Some("RUSMIL".into()),
            cameo: Some("19".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(strikes.len(), 40);
    // Forty reports of the same dyad, root and day: one deduplicated event.
    assert!(strikes.iter().all(|e| e.num_articles == 40));
}

#[test]
fn attributions_and_quotes_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let mut e = event("RUSMIL", "SYRREB", "190", "2015-09-30");
    e.attribution = Some(casus::record::AttributionRecord {
        text: "US officials".into(),
        start: 0,
        end: 12,
        code: Some("USAGOV".into()),
        cue: "said".into(),
    });
    let mut d = doc(
        "q",
        "US officials said Russia struck rebels.",
        "2015-09-30",
        "AP",
        vec![e],
    );
    d.quotes.push(casus::record::QuoteRecord {
        text: "it is the real strike".into(),
        start: 1,
        end: 22,
        sentence: 0,
        speaker: Some(casus::record::AttributionRecord {
            text: "Fabius".into(),
            start: 24,
            end: 30,
            code: Some("FRAGOV".into()),
            cue: "declared".into(),
        }),
    });
    store.insert_batch(&[d]).unwrap();
    let events = store.events(&EventFilter::default()).unwrap();
    let a = events[0].record.attribution.as_ref().unwrap();
    assert_eq!(
        (a.code.as_deref(), a.cue.as_str()),
        (Some("USAGOV"), "said")
    );
    let conn = rusqlite::Connection::open(dir.path().join("casus.db")).unwrap();
    let (speaker, text): (String, String) = conn
        .query_row("SELECT speaker_code, text FROM quotes", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(
        (speaker.as_str(), text.as_str()),
        ("FRAGOV", "it is the real strike")
    );
}
