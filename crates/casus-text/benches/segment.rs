//! Segmentation throughput on one core: MB/s and sentences/s over a news-like corpus
//! built from the example article. The benchmark first asserts its output counts, so
//! a segmenter that got faster by doing less fails here rather than looking good.

use casus_text::Segmenter;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

const ARTICLE: &str = include_str!("../../../examples/russia-airstrikes-isis-2015.txt");
/// The corpus: the article 200 times, each copy its own document, as news arrives.
const COPIES: usize = 200;

fn segment_all(segmenter: &Segmenter, docs: &[&str]) -> (usize, usize) {
    docs.iter().fold((0, 0), |(s, t), doc| {
        let seg = segmenter.segment(doc);
        (s + seg.sentences.len(), t + seg.tokens.len())
    })
}

fn bench(c: &mut Criterion) {
    let segmenter = Segmenter::new();
    let docs = vec![ARTICLE; COPIES];
    let bytes: usize = docs.iter().map(|d| d.len()).sum();
    let (sentences, tokens) = segment_all(&segmenter, &docs);
    assert_eq!(sentences, 11 * COPIES, "11 sentences per article");
    assert_eq!(tokens, 372 * COPIES, "372 tokens per article");

    let mut group = c.benchmark_group("segment");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("bytes", |b| {
        b.iter(|| black_box(segment_all(&segmenter, black_box(&docs))))
    });
    group.throughput(Throughput::Elements(sentences as u64));
    group.bench_function("sentences", |b| {
        b.iter(|| black_box(segment_all(&segmenter, black_box(&docs))))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
