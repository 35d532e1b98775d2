//! Training the sentence-boundary model (feature `train`; used by `casus train
//! sentences`). Kept out of the default build: the runtime only scores.

use crate::boundary::{
    gap_features, is_candidate, TokenInfo, BOUNDARY, FEATURES_VERSION, INSIDE, MODEL_KIND,
};
use crate::eval::SpanScore;
use crate::segment::is_hard_wrapped;
use crate::Segmenter;
use casus_doc::TextRange;
use casus_learn::{LinearModel, ModelHeader, Perceptron};
use std::collections::HashSet;

/// A text with its gold sentence spans (byte ranges).
#[derive(Debug, Clone)]
pub struct GoldText {
    pub text: String,
    pub sentences: Vec<(usize, usize)>,
}

/// Training settings.
#[derive(Debug, Clone, Copy)]
pub struct TrainConfig {
    pub epochs: usize,
    pub bits: u32,
    pub seed: u64,
}

impl Default for TrainConfig {
    fn default() -> TrainConfig {
        TrainConfig {
            epochs: 8,
            bits: 18,
            seed: 1,
        }
    }
}

/// Sentence span score of a segmenter on gold texts.
pub fn sentence_score(segmenter: &Segmenter, gold: &[GoldText]) -> SpanScore {
    let mut score = SpanScore::default();
    for g in gold {
        let seg = segmenter.segment(&g.text);
        let sys: Vec<TextRange> = seg.sentences.iter().map(|s| s.range).collect();
        let gold_spans: Vec<TextRange> = g
            .sentences
            .iter()
            .map(|&(s, e)| TextRange::from_usize(s, e))
            .collect();
        score.add(SpanScore::of(&gold_spans, &sys));
    }
    score
}

/// A trained model and how it was chosen.
#[derive(Debug, Clone)]
pub struct Trained {
    pub model: LinearModel,
    /// The epoch whose averaged weights scored best on dev.
    pub best_epoch: usize,
    pub dev: SpanScore,
    /// Number of candidate gaps the model was trained on.
    pub examples: usize,
}

/// Trains the boundary model, reporting the dev sentence score after each epoch, and
/// keeps the epoch that scored best on dev. Deterministic for a given config.
pub fn train(
    train: &[GoldText],
    dev: &[GoldText],
    config: TrainConfig,
    mut report: impl FnMut(usize, &SpanScore),
) -> Trained {
    let rules = Segmenter::rules_only();
    let header = ModelHeader {
        kind: MODEL_KIND.to_string(),
        features_version: FEATURES_VERSION,
        bits: config.bits,
        labels: vec!["inside".into(), "boundary".into()],
        info: Default::default(),
    };
    let mut perceptron = Perceptron::new(header);
    let hasher = perceptron.hasher();

    // Examples are precomputed once: features of every candidate gap the rules leave
    // open (rule boundaries are kept at run time, so there is nothing to learn there), with the gold
    // label. "Tokens since the last boundary" counts from the gold boundary (teacher
    // forcing), as the runtime counts from its own previous decision.
    let mut examples: Vec<(Vec<u32>, usize)> = Vec::new();
    let mut features = Vec::new();
    for g in train {
        let starts: HashSet<usize> = g.sentences.iter().map(|&(s, _)| s).collect();
        let (ranges, raw, para_tokens) = rules.tokenize_paragraphs(&g.text);
        for (range, toks) in ranges.iter().zip(para_tokens) {
            let ptoks = &raw[toks];
            let wrapped = is_hard_wrapped(&g.text[range.as_usize()]);
            let rule_sents = crate::sentences::split_sentences(&g.text, ptoks, wrapped);
            let mut rule_starts = vec![false; ptoks.len()];
            for &(s, _) in &rule_sents {
                rule_starts[s] = true;
            }
            let mut info = TokenInfo::new(&g.text, ptoks);
            let mut last = 0;
            for i in 1..ptoks.len() {
                let gold = starts.contains(&(ptoks[i].range.start as usize));
                if !rule_starts[i] && is_candidate(&g.text, ptoks, i) {
                    gap_features(hasher, &mut info, i, i - last, &mut features);
                    examples.push((features.clone(), if gold { BOUNDARY } else { INSIDE }));
                }
                if gold {
                    last = i;
                }
            }
        }
    }

    let mut rng = config.seed.max(1);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut best: Option<Trained> = None;
    for epoch in 1..=config.epochs {
        // Fisher-Yates with xorshift64*: deterministic, dependency-free.
        for i in (1..order.len()).rev() {
            rng ^= rng >> 12;
            rng ^= rng << 25;
            rng ^= rng >> 27;
            let j = (rng.wrapping_mul(0x2545_F491_4F6C_DD1D) % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        for &k in &order {
            let (f, y) = &examples[k];
            perceptron.train(f, *y);
        }
        let model = perceptron.finish();
        let segmenter =
            Segmenter::with_parts(crate::Abbreviations::builtin().clone(), Some(model.clone()));
        let score = sentence_score(&segmenter, dev);
        report(epoch, &score);
        if best.as_ref().is_none_or(|b| score.f1() > b.dev.f1()) {
            best = Some(Trained {
                model,
                best_epoch: epoch,
                dev: score,
                examples: examples.len(),
            });
        }
    }
    best.unwrap_or_else(|| Trained {
        model: perceptron.finish(),
        best_epoch: 0,
        dev: SpanScore::default(),
        examples: examples.len(),
    })
}
