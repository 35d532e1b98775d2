//! Tagging, lemmatization and parsing throughput on one core (tokens/s), over the
//! example article's sentences as segmented by casus. Asserts its output first: every
//! sentence parsed into a tree with one root.

use casus_syntax::builtin;
use casus_text::Segmenter;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

const ARTICLE: &str = include_str!("../../../examples/russia-airstrikes-isis-2015.txt");

fn bench(c: &mut Criterion) {
    let seg = Segmenter::new().segment(ARTICLE);
    let sentences: Vec<Vec<&str>> = seg
        .sentences
        .iter()
        .map(|s| {
            (s.first_token.index()..s.end_token.index())
                .map(|i| &ARTICLE[seg.tokens.ranges()[i].as_usize()])
                .collect()
        })
        .collect();
    let tokens: usize = sentences.iter().map(Vec::len).sum();
    assert_eq!((sentences.len(), tokens), (11, 372));
    let (tagger, lemmatizer, parser) = (
        builtin::tagger().unwrap(),
        builtin::lemmatizer().unwrap(),
        builtin::parser().unwrap(),
    );
    let run = || {
        let mut roots = 0;
        for words in &sentences {
            let tags = tagger.tag(words);
            for (w, &(u, x)) in words.iter().zip(&tags) {
                black_box(lemmatizer.lemma(w, u, x));
            }
            roots += parser
                .parse(words, &tags)
                .iter()
                .filter(|(h, _)| h.is_none())
                .count();
        }
        roots
    };
    assert_eq!(run(), sentences.len(), "one root per sentence");
    let mut group = c.benchmark_group("syntax");
    group.throughput(Throughput::Elements(tokens as u64));
    group.bench_function("tag_lemmatize_parse_tokens", |b| {
        b.iter(|| black_box(run()))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
