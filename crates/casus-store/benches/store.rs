//! Store benchmarks (run: `cargo bench -p casus-store --bench store [-- ingest|query]`).
//!
//! - `ingest`: codes and stores a generated corpus of 100,000 documents with all cores
//!   and reports documents/s, events/s and sentences/s (per core as well).
//! - `query`: fills a store with 1,000,000 synthetic events over 200 dyads and a year,
//!   then times a dyad plus date-range query (goal: ≤ 50 ms with indexes).
//!
//! Each asserts its output (counts), so a fast wrong answer cannot pass.

use casus::record::{ActorRecord, EventRecord, SpanRecord};
use casus_store::ingest::{ingest, IngestOptions, IngestStats, Progress};
use casus_store::query::EventFilter;
use casus_store::{content_hash, CodedDocument, DocumentRecord, Store};
use std::time::Instant;

struct Silent;
impl Progress for Silent {
    fn update(&mut self, _: &IngestStats) {}
    fn problem(&mut self, message: &str) {
        panic!("unexpected problem: {message}");
    }
}

const SUBJECTS: &[&str] = &[
    "Russian warplanes",
    "Iraqi troops",
    "French officials",
    "Turkish police",
    "Syrian rebels",
    "The Pentagon",
    "Iranian diplomats",
    "Ukrainian forces",
];
const PREDICATES: &[&str] = &[
    "struck positions held by Islamic State fighters near Raqqa",
    "met officials from Iraq in Baghdad",
    "accused Russia of bombing civilians",
    "arrested 30 protesters in Istanbul",
    "urged Iran to release the detained journalists",
    "deployed bombers to southern air bases",
];

fn bench_ingest() {
    const DOCS: usize = 100_000;
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    let mut text = String::new();
    let mut sentences = 0u64;
    for i in 0..DOCS {
        let n = 1 + i % 3;
        let body: Vec<String> = (0..n)
            .map(|k| {
                let s = SUBJECTS[(i + k) % SUBJECTS.len()];
                let p = PREDICATES[(i * 7 + k) % PREDICATES.len()];
                format!("{s} {p} on day {i}.")
            })
            .collect();
        sentences += n as u64;
        text.push_str(&format!(
            "{{\"id\":\"doc{i}\",\"text\":\"{}\",\"date\":\"2016-{:02}-{:02}\"}}\n",
            body.join(" "),
            1 + i % 12,
            1 + i % 28
        ));
    }
    std::fs::write(&corpus, text).unwrap();
    let casus = casus::Casus::new().unwrap();
    let mut store = Store::open(&dir.path().join("bench.db")).unwrap();
    let options = IngestOptions::default();
    let stats = ingest(&mut store, &casus, &[corpus], &options, &mut Silent).unwrap();
    assert_eq!(stats.stored, DOCS as u64);
    assert_eq!(store.counts().unwrap().0, DOCS as i64);
    let secs = stats.elapsed.as_secs_f64();
    let cores = options.jobs as f64;
    println!(
        "ingest: {DOCS} documents, {sentences} sentences, {} events in {secs:.1}s with {} jobs: \
         {:.0} docs/s, {:.0} sentences/s, {:.0} events/s ({:.0} sentences/s per core)",
        stats.events,
        options.jobs,
        stats.documents_per_second(),
        sentences as f64 / secs,
        stats.events_per_second(),
        sentences as f64 / secs / cores
    );
}

fn bench_query() {
    const EVENTS: usize = 1_000_000;
    const DYADS: usize = 200;
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("bench.db")).unwrap();
    let countries = [
        "RUS", "SYR", "USA", "IRQ", "TUR", "IRN", "FRA", "UKR", "ISR", "SAU",
    ];
    let roles = ["GOV", "MIL"];
    let codes = ["190", "042", "111", "036", "173", "0241"];
    let actor = |i: usize| {
        let code = format!("{}{}", countries[i % 10], roles[i / 10 % 2]);
        ActorRecord {
            text: code.clone(),
            start: 0,
            end: 3,
            code,
        }
    };
    let start = Instant::now();
    let per_doc = 10;
    let mut batch = Vec::new();
    for d in 0..EVENTS / per_doc {
        let day = d % 365;
        let date = format!("2016-{:02}-{:02}", 1 + day / 31 % 12, 1 + day % 28);
        let events = (0..per_doc)
            .map(|k| {
                let n = d * per_doc + k;
                let dyad = n % DYADS;
                let cameo = codes[n % codes.len()];
                let info = casus::Ontology::builtin().cameo(cameo).unwrap();
                EventRecord {
                    id: format!("e{n}"),
                    sentence: k as u32,
                    source: Some(actor(dyad % 20)),
                    target: Some(actor(dyad / 20 + 3)),
                    cameo: cameo.into(),
                    plover: Some(info.plover.event_type.clone()),
                    plover_mode: info.plover.mode.clone(),
                    plover_context: info.plover.contexts.clone(),
                    quad_class: Some(info.quad_class.number()),
                    goldstein: Some(info.goldstein),
                    trigger: SpanRecord {
                        text: "x".into(),
                        start: 0,
                        end: 1,
                    },
                    location: None,
                    date: Some(date.clone()),
                    date_precision: Some("day".into()),
                    date_text: None,
                    negated: false,
                    modality: "asserted".into(),
                    attribution: None,
                    provenance: "bench".into(),
                    actor_provenance: Vec::new(),
                }
            })
            .collect();
        let text = format!("document {d}");
        batch.push(CodedDocument {
            document: DocumentRecord {
                id: format!("d{d}"),
                content_hash: content_hash(&text),
                url: None,
                source: Some(format!("outlet{}", d % 50)),
                title: None,
                date: Some(date),
                origin: None,
                text,
            },
            events,
            quotes: Vec::new(),
        });
        if batch.len() == 1000 {
            store.insert_batch(&batch).unwrap();
            batch.clear();
        }
    }
    store.insert_batch(&batch).unwrap();
    let (_, events, clusters) = store.counts().unwrap();
    assert_eq!(events, EVENTS as i64);
    println!(
        "query: stored {EVENTS} events ({clusters} after dedup) in {:.1}s",
        start.elapsed().as_secs_f64()
    );
    store.optimize().unwrap();
    // Median and worst time of 21 runs of a query, checking each answer.
    let time_query = |name: &str, filter: &EventFilter, source_prefix: &str| {
        let expected = store.events(filter).unwrap().len();
        assert!(expected > 0, "{name}: nothing selected");
        let mut times = Vec::new();
        for _ in 0..21 {
            let t = Instant::now();
            let found = store.events(filter).unwrap();
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            assert_eq!(found.len(), expected);
            assert!(found.iter().all(|e| e
                .record
                .source
                .as_ref()
                .unwrap()
                .code
                .starts_with(source_prefix)));
        }
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        println!(
            "query: {name} over {EVENTS} events: {expected} events, median {median:.1} ms, max {:.1} ms (goal ≤ 50 ms)",
            times[times.len() - 1]
        );
        assert!(
            median <= 50.0,
            "{name}: median {median:.1} ms over the 50 ms goal"
        );
    };
    let march = |source: &str, target: &str| EventFilter {
        source: Some(source.into()),
        target: Some(target.into()),
        from: Some("2016-03-01".into()),
        to: Some("2016-03-31".into()),
        ..EventFilter::default()
    };
    time_query(
        "dyad RUSGOV→IRQGOV in March 2016",
        &march("RUSGOV", "IRQGOV"),
        "RUSGOV",
    );
    time_query(
        "dyad RUS*→IRQ* in March 2016",
        &march("RUS*", "IRQ*"),
        "RUS",
    );
    let series_start = Instant::now();
    let series = store
        .dyad_series(
            &EventFilter {
                from: Some("2016-03-01".into()),
                to: Some("2016-03-31".into()),
                ..EventFilter::default()
            },
            casus_store::dyads::DyadLevel::Country,
        )
        .unwrap();
    assert!(!series.is_empty());
    println!(
        "query: country dyad series for March 2016: {} rows in {:.0} ms",
        series.len(),
        series_start.elapsed().as_secs_f64() * 1000.0
    );
}

fn main() {
    // `cargo bench` passes `--bench`; anything else names the benchmarks to run.
    let wanted: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let run = |name: &str| wanted.is_empty() || wanted.iter().any(|w| w == name);
    println!(
        "machine: {} cores",
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
    );
    if run("query") {
        bench_query();
    }
    if run("ingest") {
        bench_ingest();
    }
}
