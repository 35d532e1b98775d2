//! End-to-end coding speed on a committed news corpus (`benches/corpus.txt`), and the
//! cost of geolocation (places, event places, event dates) against it (goal: at most
//! 10% of coding time). Run: `cargo bench -p casus --bench pipeline`. It asserts its
//! output, so a fast wrong answer cannot pass.
//!
//! Geolocation is timed by running its three stages on copies of already coded
//! documents, in the same pass as the coding, so machine noise falls on both alike.

use casus::doc::Stage;
use casus::Casus;
use std::time::Instant;

const CORPUS: &str = include_str!("corpus.txt");
const ROUNDS: usize = 40;

struct Pass {
    coding: f64,
    geo: f64,
    sentences: usize,
    tokens: usize,
    events: usize,
    located: usize,
}

fn pass(coding: &Casus, geo: &[Box<dyn Stage>]) -> Pass {
    let paragraphs: Vec<&str> = CORPUS
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let mut out = Pass {
        coding: 0.0,
        geo: 0.0,
        sentences: 0,
        tokens: 0,
        events: 0,
        located: 0,
    };
    for round in 0..ROUNDS {
        for (i, p) in paragraphs.iter().enumerate() {
            let meta = casus::DocMeta {
                id: format!("{round}-{i}"),
                date: Some("2020-06-18".parse().unwrap()),
                ..Default::default()
            };
            let start = Instant::now();
            let doc = coding.analyze((*p).to_string(), meta).unwrap();
            out.coding += start.elapsed().as_secs_f64();
            let mut copy = doc.clone();
            let start = Instant::now();
            for stage in geo {
                stage.process(&mut copy).unwrap();
            }
            out.geo += start.elapsed().as_secs_f64();
            out.sentences += doc.sentences().unwrap().len();
            out.tokens += doc.tokens().unwrap().len();
            out.events += doc.events().unwrap().len();
            out.located += copy
                .event_places()
                .unwrap()
                .iter()
                .filter(|p| p.place.is_some())
                .count();
        }
    }
    out
}

fn main() {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    println!("machine: {cores} cores; one thread");
    let mut loads: Vec<f64> = (0..5)
        .map(|_| {
            let start = Instant::now();
            let g = casus::Gazetteer::builtin().unwrap();
            assert!(g.len() > 70_000);
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    loads.sort_by(f64::total_cmp);
    println!("gazetteer load: median {:.0} ms (goal ≤ 100 ms)", loads[2]);
    let start = Instant::now();
    drop(Casus::new().unwrap());
    println!(
        "pipeline start-up (models, dictionaries, gazetteer in parallel): {:.0} ms",
        start.elapsed().as_secs_f64() * 1000.0
    );

    let coding = Casus::without_geolocation().unwrap();
    let gazetteer = std::sync::Arc::new(casus::Gazetteer::builtin().unwrap());
    let geo: Vec<Box<dyn Stage>> = vec![
        Box::new(casus::geo::Toponyms::new(gazetteer)),
        Box::new(casus::geo::EventLocator),
        Box::new(casus::geo::EventDater),
    ];
    let best = (0..5)
        .map(|_| pass(&coding, &geo))
        .min_by(|a, b| (a.coding + a.geo).total_cmp(&(b.coding + b.geo)))
        .unwrap();
    assert!(
        best.events >= 25 * ROUNDS,
        "the corpus codes at least one event per paragraph: {}",
        best.events
    );
    assert!(
        best.located >= 15 * ROUNDS,
        "only {} events located",
        best.located
    );
    let total = best.coding + best.geo;
    println!(
        "full pipeline: {:.0} sentences/s, {:.0} tokens/s per core ({} sentences, {} events, {} located)",
        best.sentences as f64 / total,
        best.tokens as f64 / total,
        best.sentences,
        best.events,
        best.located
    );
    println!(
        "geolocation: {:.1} ms of {:.1} ms, adding {:.1}% to coding time (goal ≤ 10%)",
        best.geo * 1000.0,
        best.coding * 1000.0,
        100.0 * best.geo / best.coding
    );
}
