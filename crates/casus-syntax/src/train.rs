//! Training of the tagger, lemmatizer and parser (feature `train`, used by `casus
//! train`). Deterministic for a given seed.

use crate::gold::GoldSentence;
use crate::lemmatizer::{EditScript, Lemmatizer, LemmatizerData, MAX_SUFFIX};
use crate::parser::{
    label_features, transition_features, Parser, State, Words, LABELLER_KIND, LEFT, NONE,
    PARSER_FEATURES, PARSER_KIND, RIGHT, SHIFT,
};
use crate::tagger::{self, argmax, Tagger, TAGGER_FEATURES, TAGGER_KIND};
use crate::words::WordInfo;
use casus_doc::{DepRel, Upos, Xpos};
use casus_learn::{ModelHeader, SparseModel, SparsePerceptron};
use std::collections::BTreeMap;

/// Settings shared by the trainers.
#[derive(Debug, Clone, Copy)]
pub struct TrainConfig {
    pub epochs: usize,
    pub seed: u64,
    /// Averaged weights below this magnitude are dropped from the saved model.
    pub min_weight: f32,
}

/// Deterministic shuffling (xorshift64*), no dependency.
pub(crate) fn shuffle<T>(items: &mut [T], state: &mut u64) {
    for i in (1..items.len()).rev() {
        *state ^= *state >> 12;
        *state ^= *state << 25;
        *state ^= *state >> 27;
        let j = (state.wrapping_mul(0x2545_F491_4F6C_DD1D) % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

/// Tagging accuracy (UPOS, XPOS, both) over gold sentences.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TagScore {
    pub tokens: usize,
    pub upos: usize,
    pub xpos: usize,
}

impl TagScore {
    pub fn upos_acc(&self) -> f64 {
        self.upos as f64 / self.tokens.max(1) as f64
    }

    pub fn xpos_acc(&self) -> f64 {
        self.xpos as f64 / self.tokens.max(1) as f64
    }
}

pub fn score_tagger(tagger: &Tagger, gold: &[GoldSentence]) -> TagScore {
    let mut s = TagScore::default();
    for g in gold {
        for (i, (u, x)) in tagger.tag(&g.word_refs()).into_iter().enumerate() {
            s.tokens += 1;
            s.upos += usize::from(u == g.upos[i]);
            s.xpos += usize::from(x == g.xpos[i]);
        }
    }
    s
}

/// A trained model, the epoch chosen on dev, and its dev score.
#[derive(Debug, Clone)]
pub struct Trained<S> {
    pub model: SparseModel,
    pub best_epoch: usize,
    pub dev: S,
    /// For the two-pass tagger: the first pass (`model` is then the second).
    pub first: Option<SparseModel>,
}

/// One pass of tagger training over sentences; `first` holds first-pass tags (as
/// feature values) when training the second pass. Returns the averaged model after
/// each epoch through `each_epoch`, which returns whether to keep going.
fn train_pass(
    labels: &[String],
    infos: &[Vec<WordInfo>],
    golds: &[Vec<usize>],
    first: Option<&[Vec<u64>]>,
    config: TrainConfig,
    mut each_epoch: impl FnMut(usize, SparseModel),
) {
    let header = ModelHeader {
        kind: TAGGER_KIND.into(),
        features_version: TAGGER_FEATURES,
        bits: 0,
        labels: labels.to_vec(),
        info: Default::default(),
    };
    let mut perceptron = SparsePerceptron::new(header);
    let mut order: Vec<usize> = (0..infos.len()).collect();
    let mut rng = config.seed.max(1);
    let mut feats = Vec::with_capacity(48);
    let mut scores = vec![0f32; labels.len()];
    for epoch in 1..=config.epochs {
        shuffle(&mut order, &mut rng);
        for &si in &order {
            let (gold, words) = (&golds[si], &infos[si]);
            let (mut t1, mut t2) = (1u64, 1u64);
            for (i, &gold_tag) in gold.iter().enumerate() {
                match first {
                    Some(r) => tagger::features2(words, i, t1, t2, &r[si], &mut feats),
                    None => tagger::features(words, i, t1, t2, &mut feats),
                }
                scores.iter_mut().for_each(|s| *s = 0.0);
                perceptron.score_into(&feats, &mut scores);
                let guess = argmax(&scores);
                perceptron.tick();
                perceptron.update(&feats, gold_tag, guess);
                // Condition on the model's own guess, as at run time.
                t2 = t1;
                t1 = guess as u64 + 3;
            }
        }
        each_epoch(epoch, perceptron.finish(config.min_weight));
    }
}

/// Training sentences as the tagger trainer sees them.
struct TaggerData {
    /// The (UPOS, XPOS) pairs of the training data, in a stable (sorted) order.
    labels: Vec<String>,
    infos: Vec<Vec<WordInfo>>,
    /// Each word's label index.
    golds: Vec<Vec<usize>>,
}

impl TaggerData {
    fn new(train: &[GoldSentence]) -> TaggerData {
        let pair = |g: &GoldSentence, i: usize| format!("{}/{}", g.upos[i], g.xpos[i]);
        let labels: Vec<String> = train
            .iter()
            .flat_map(|g| (0..g.words.len()).map(move |i| pair(g, i)))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let index: BTreeMap<&str, usize> = labels
            .iter()
            .enumerate()
            .map(|(i, l)| (l.as_str(), i))
            .collect();
        let infos = train
            .iter()
            .map(|g| WordInfo::sentence(&g.word_refs()))
            .collect();
        let golds = train
            .iter()
            .map(|g| {
                (0..g.words.len())
                    .map(|i| index[pair(g, i).as_str()])
                    .collect()
            })
            .collect();
        TaggerData {
            labels,
            infos,
            golds,
        }
    }
}

/// Trains the two-pass tagger and reports dev scores per epoch (first pass, then
/// second). The second pass learns from first-pass tags predicted by jackknifing (each
/// fifth of the training data tagged by a model trained on the other four), so it
/// learns how far to trust them on unseen text.
pub fn train_tagger(
    train: &[GoldSentence],
    dev: &[GoldSentence],
    config: TrainConfig,
    mut report: impl FnMut(&str, usize, &TagScore),
) -> Trained<TagScore> {
    let TaggerData {
        labels,
        infos,
        golds,
    } = TaggerData::new(train);
    // First pass on all training data, best epoch on dev.
    let mut best_first: Option<(f64, usize, SparseModel)> = None;
    train_pass(&labels, &infos, &golds, None, config, |epoch, model| {
        let tagger = Tagger::from_models(model.clone(), None).expect("fresh model");
        let score = score_tagger(&tagger, dev);
        report("first pass", epoch, &score);
        if best_first
            .as_ref()
            .is_none_or(|(acc, _, _)| score.upos_acc() > *acc)
        {
            best_first = Some((score.upos_acc(), epoch, model));
        }
    });
    let (_, first_epochs, first) = best_first.expect("at least one epoch");

    // Jackknifed first-pass tags for the training data.
    const FOLDS: usize = 5;
    let mut jack: Vec<Vec<u64>> = vec![Vec::new(); train.len()];
    for fold in 0..FOLDS {
        let held: Vec<usize> = (0..train.len()).filter(|i| i % FOLDS == fold).collect();
        let rest: Vec<usize> = (0..train.len()).filter(|i| i % FOLDS != fold).collect();
        let rest_infos: Vec<Vec<WordInfo>> = rest.iter().map(|&i| infos[i].clone()).collect();
        let rest_golds: Vec<Vec<usize>> = rest.iter().map(|&i| golds[i].clone()).collect();
        let mut fold_model = None;
        let fold_config = TrainConfig {
            epochs: first_epochs,
            ..config
        };
        train_pass(
            &labels,
            &rest_infos,
            &rest_golds,
            None,
            fold_config,
            |epoch, model| {
                if epoch == first_epochs {
                    fold_model = Some(model);
                }
            },
        );
        let fold_model = fold_model.expect("trained");
        for &i in &held {
            jack[i] = Tagger::run_pass(&fold_model, &Default::default(), &infos[i], None)
                .into_iter()
                .map(|b| b as u64 + 3)
                .collect();
        }
    }

    // Second pass; dev is tagged by the full first pass, as at run time.
    let mut best: Option<Trained<TagScore>> = None;
    train_pass(
        &labels,
        &infos,
        &golds,
        Some(&jack),
        config,
        |epoch, second| {
            let tagger =
                Tagger::from_models(first.clone(), Some(second.clone())).expect("fresh model");
            let score = score_tagger(&tagger, dev);
            report("second pass", epoch, &score);
            if best.as_ref().is_none_or(|b| {
                score.upos_acc() + score.xpos_acc() > b.dev.upos_acc() + b.dev.xpos_acc()
            }) {
                best = Some(Trained {
                    model: second,
                    best_epoch: epoch,
                    dev: score,
                    first: None,
                });
            }
        },
    );
    let mut best = best.expect("at least one epoch");
    best.first = Some(first);
    best
}

/// The tag dictionary: words seen at least 25 times in training that took one tag at
/// least 99.5% of the time (see [`crate::tagger::TagDictionary`]).
pub fn tag_dictionary(train: &[GoldSentence], labels: &[String]) -> crate::tagger::TagDictionary {
    use std::collections::HashMap;
    let mut counts: HashMap<u64, HashMap<u16, usize>> = HashMap::new();
    let mut scratch = String::new();
    for g in train {
        for i in 0..g.words.len() {
            let label = format!("{}/{}", g.upos[i], g.xpos[i]);
            let Some(index) = labels.iter().position(|l| *l == label) else {
                continue;
            };
            let key = WordInfo::new(&g.words[i], &mut scratch).cased;
            *counts
                .entry(key)
                .or_default()
                .entry(index as u16)
                .or_default() += 1;
        }
    }
    let mut dict = crate::tagger::TagDictionary::default();
    for (key, tags) in counts {
        let total: usize = tags.values().sum();
        let (&best, &n) = tags
            .iter()
            .max_by_key(|(l, n)| (**n, std::cmp::Reverse(**l)))
            .expect("non-empty");
        if total >= 25 && n as f64 >= 0.995 * total as f64 {
            dict.insert(key, best);
        }
    }
    dict
}

/// Lemma accuracy over gold sentences, with gold tags or the given tagger's tags.
pub fn score_lemmatizer(
    lemmatizer: &Lemmatizer,
    tagger: Option<&Tagger>,
    gold: &[GoldSentence],
) -> (usize, usize) {
    let (mut total, mut right) = (0, 0);
    for g in gold {
        let tags: Vec<(Upos, Xpos)> = match tagger {
            Some(t) => t.tag(&g.word_refs()),
            None => g.upos.iter().copied().zip(g.xpos.iter().copied()).collect(),
        };
        for (i, (u, x)) in tags.into_iter().enumerate() {
            total += 1;
            right += usize::from(lemmatizer.lemma(&g.words[i], u, x) == g.lemmas[i]);
        }
    }
    (total, right)
}

/// Learns the lemmatizer's exception table and edit rules from gold sentences.
/// Rules are counted over distinct (tag, form) pairs, so a frequent irregular word
/// does not outvote the regular pattern of its suffix.
pub fn train_lemmatizer(train: &[GoldSentence]) -> Lemmatizer {
    use std::collections::{BTreeMap, HashMap, HashSet};
    let mut counts: HashMap<String, HashMap<String, usize>> = HashMap::new();
    for g in train {
        for i in 0..g.words.len() {
            let form = casus_doc::normalize_token(&g.words[i]).into_owned();
            let key = format!("{}\t{form}", g.xpos[i].as_str());
            *counts
                .entry(key)
                .or_default()
                .entry(g.lemmas[i].clone())
                .or_default() += 1;
        }
    }
    let mut data = LemmatizerData::default();
    let mut seen: HashSet<String> = HashSet::new();
    let mut rules: HashMap<String, BTreeMap<EditScript, usize>> = HashMap::new();
    let mut keys: Vec<&String> = counts.keys().collect();
    keys.sort();
    for key in keys {
        let lemmas = &counts[key];
        let mut best: Vec<(&String, &usize)> = lemmas.iter().collect();
        best.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let lemma = best[0].0.clone();
        let (xpos, form) = key.split_once('\t').expect("tab in key");
        data.exceptions.insert(key.clone(), lemma.clone());
        if !seen.insert(format!("{xpos}\t{}", form.to_lowercase())) {
            continue;
        }
        let script = EditScript::between(form, &lemma);
        let lower = form.to_lowercase();
        let chars: Vec<(usize, char)> = lower.char_indices().collect();
        for len in 1..=MAX_SUFFIX.min(chars.len()) {
            let suffix = &lower[chars[chars.len() - len].0..];
            *rules
                .entry(format!("{xpos}\t{suffix}"))
                .or_default()
                .entry(script.clone())
                .or_default() += 1;
        }
    }
    for (key, scripts) in rules {
        let mut ranked: Vec<(EditScript, usize)> = scripts.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        data.rules
            .insert(key, ranked.into_iter().take(4).map(|(s, _)| s).collect());
    }
    Lemmatizer::new(data)
}

/// Lifts non-projective arcs until the tree is projective: the dependent of the
/// shortest crossing arc moves to its head's head, until no arc crosses. Heads are
/// word indices with the root as `n`.
pub fn projectivize(heads: &[u32]) -> Vec<u32> {
    let n = heads.len() as u32;
    let mut h = heads.to_vec();
    let dominates = |h: &[u32], a: u32, mut k: u32| {
        let mut steps = 0;
        while k != n && steps <= h.len() {
            if k == a {
                return true;
            }
            k = h[k as usize];
            steps += 1;
        }
        a == n
    };
    loop {
        let mut worst: Option<(u32, u32)> = None;
        for d in 0..n {
            let head = h[d as usize];
            let (lo, hi) = if head < d { (head, d) } else { (d, head) };
            let crossing = (lo + 1..hi).any(|k| !dominates(&h, head, k));
            if crossing && worst.is_none_or(|(wd, _)| hi - lo < h[wd as usize].abs_diff(wd)) {
                worst = Some((d, hi - lo));
            }
        }
        match worst {
            Some((d, _)) => {
                let head = h[d as usize];
                h[d as usize] = if head == n { n } else { h[head as usize] };
            }
            None => return h,
        }
    }
}

/// Cost of a transition under the dynamic oracle of Goldberg & Nivre (2013) for the
/// arc-hybrid system: how many gold arcs it makes unreachable.
pub(crate) fn transition_cost(st: &State, t: usize, gold: &[u32]) -> usize {
    let n = st.n as u32;
    let b0 = st.b;
    let in_buffer = |x: u32| x >= b0 && x <= n;
    let deps_in_buffer = |x: u32| (b0..n).filter(|&d| gold[d as usize] == x).count();
    match t {
        SHIFT => {
            let s0 = st.s0();
            let head_lost = st.stack.iter().any(|&s| s != s0 && gold[b0 as usize] == s);
            let deps_lost = st.stack.iter().filter(|&&s| gold[s as usize] == b0).count();
            usize::from(head_lost) + deps_lost
        }
        LEFT => {
            let (s0, s1) = (st.s0(), st.s1());
            let g = gold[s0 as usize];
            let head_lost = g != b0 && (g == s1 && s1 != NONE || (in_buffer(g) && g != b0));
            usize::from(head_lost) + deps_in_buffer(s0)
        }
        RIGHT => {
            let (s0, s1) = (st.s0(), st.s1());
            let g = gold[s0 as usize];
            let head_lost = g != s1 && in_buffer(g);
            usize::from(head_lost) + deps_in_buffer(s0)
        }
        _ => usize::MAX,
    }
}

/// Attachment scores (CoNLL 2018: punctuation included).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ParseScore {
    pub tokens: usize,
    pub uas: usize,
    /// Right head and right universal relation (subtypes ignored), as CoNLL 2018 scores.
    pub las: usize,
    /// Right head and right relation including its subtype (`nsubj:pass`).
    pub las_full: usize,
}

impl ParseScore {
    pub fn uas_pct(&self) -> f64 {
        100.0 * self.uas as f64 / self.tokens.max(1) as f64
    }

    pub fn las_pct(&self) -> f64 {
        100.0 * self.las as f64 / self.tokens.max(1) as f64
    }
}

/// Scores a parser on gold sentences, with gold XPOS tags or those of `tagger`.
pub fn score_parser(parser: &Parser, tagger: Option<&Tagger>, gold: &[GoldSentence]) -> ParseScore {
    let tags: Vec<Vec<(Upos, Xpos)>> = gold
        .iter()
        .map(|g| match tagger {
            Some(t) => t.tag(&g.word_refs()),
            None => g.upos.iter().copied().zip(g.xpos.iter().copied()).collect(),
        })
        .collect();
    score_parser_with_tags(parser, gold, &tags)
}

/// Scores a parser on gold sentences with the given XPOS tags.
pub fn score_parser_with_tags(
    parser: &Parser,
    gold: &[GoldSentence],
    tags: &[Vec<(Upos, Xpos)>],
) -> ParseScore {
    let mut s = ParseScore::default();
    for (g, pairs) in gold.iter().zip(tags) {
        for (i, (head, rel)) in parser.parse(&g.word_refs(), pairs).into_iter().enumerate() {
            let gold_head = g.heads[i] as usize;
            let head_ok = match head {
                None => gold_head == 0,
                Some(h) => h + 1 == gold_head,
            };
            s.tokens += 1;
            s.uas += usize::from(head_ok);
            s.las += usize::from(head_ok && rel.universal() == g.rels[i].universal());
            s.las_full += usize::from(head_ok && rel == g.rels[i]);
        }
    }
    s
}

/// XPOS tags for the training sentences as a tagger would predict them on unseen
/// text: each fifth is tagged by a (first-pass) tagger trained on the other four.
/// Training the parser on these rather than on gold tags teaches it how much to trust
/// the tags it will get at run time.
pub fn jackknife_tags(train: &[GoldSentence], config: TrainConfig) -> Vec<Vec<(Upos, Xpos)>> {
    const FOLDS: usize = 5;
    let TaggerData {
        labels,
        infos,
        golds,
    } = TaggerData::new(train);
    let mut out: Vec<Vec<(Upos, Xpos)>> = vec![Vec::new(); train.len()];
    for fold in 0..FOLDS {
        let rest: Vec<usize> = (0..train.len()).filter(|i| i % FOLDS != fold).collect();
        let rest_infos: Vec<Vec<WordInfo>> = rest.iter().map(|&i| infos[i].clone()).collect();
        let rest_golds: Vec<Vec<usize>> = rest.iter().map(|&i| golds[i].clone()).collect();
        let mut model = None;
        train_pass(
            &labels,
            &rest_infos,
            &rest_golds,
            None,
            config,
            |epoch, m| {
                if epoch == config.epochs {
                    model = Some(m);
                }
            },
        );
        let tagger = Tagger::from_models(model.expect("trained"), None).expect("fresh model");
        for i in (0..train.len()).filter(|i| i % FOLDS == fold) {
            out[i] = tagger.tag(&train[i].word_refs());
        }
    }
    out
}

/// A training sentence for the parser: word features, tag values, projective gold
/// heads (root = n) and gold relation indices.
type ParserExample = (Vec<WordInfo>, Vec<u64>, Vec<u32>, Vec<u16>);

/// Trains the parser (transitions with a dynamic oracle and exploration, labels on
/// the arcs made correctly) on `train_tags` (e.g. from [`jackknife_tags`]), keeping
/// the epoch with the best LAS on dev parsed with `dev_tags`.
pub fn train_parser(
    train: &[GoldSentence],
    train_tags: &[Vec<(Upos, Xpos)>],
    dev: &[GoldSentence],
    dev_tags: &[Vec<(Upos, Xpos)>],
    config: TrainConfig,
    mut report: impl FnMut(usize, &ParseScore),
) -> (Parser, usize, ParseScore) {
    // Relations seen in training, sorted; the root relation is implied by the root arc.
    let mut rels: Vec<String> = train
        .iter()
        .flat_map(|g| g.rels.iter().map(|r| r.as_str().to_string()))
        .collect();
    rels.sort();
    rels.dedup();
    let rel_index = |r: DepRel| {
        rels.binary_search_by(|x| x.as_str().cmp(r.as_str()))
            .expect("seen relation") as u16
    };
    let header = |kind: &str, labels: Vec<String>| ModelHeader {
        kind: kind.into(),
        features_version: PARSER_FEATURES,
        bits: 0,
        labels,
        info: Default::default(),
    };
    let mut trans = SparsePerceptron::new(header(
        PARSER_KIND,
        vec!["shift".into(), "left".into(), "right".into()],
    ));
    let mut labeller = SparsePerceptron::new(header(LABELLER_KIND, rels.clone()));
    let data: Vec<ParserExample> = train
        .iter()
        .zip(train_tags)
        .map(|(g, pairs)| {
            let n = g.words.len() as u32;
            let heads: Vec<u32> = g
                .heads
                .iter()
                .map(|&h| if h == 0 { n } else { h - 1 })
                .collect();
            (
                WordInfo::sentence(&g.word_refs()),
                pairs.iter().map(|&t| crate::parser::tag_value(t)).collect(),
                projectivize(&heads),
                g.rels.iter().map(|&r| rel_index(r)).collect(),
            )
        })
        .collect();
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = config.seed.max(1);
    let mut coin = config.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut feats = Vec::with_capacity(80);
    let mut lfeats = Vec::with_capacity(24);
    let mut lscores = vec![0f32; rels.len()];
    let mut best: Option<(Parser, usize, ParseScore)> = None;
    for epoch in 1..=config.epochs {
        shuffle(&mut order, &mut rng);
        for &si in &order {
            let (info, tags, gold, gold_rels) = &data[si];
            let words = Words { info, tags };
            let mut st = State::new(info.len());
            while !st.is_final() {
                transition_features(&words, &st, &mut feats);
                let mut scores = [0f32; 3];
                trans.score_into(&feats, &mut scores);
                let valid: Vec<usize> = [SHIFT, LEFT, RIGHT]
                    .into_iter()
                    .filter(|&t| st.valid(t))
                    .collect();
                let costs: Vec<usize> = valid
                    .iter()
                    .map(|&t| transition_cost(&st, t, gold))
                    .collect();
                let min_cost = *costs.iter().min().expect("a valid transition");
                let pick = |pool: &mut dyn Iterator<Item = usize>| {
                    pool.fold(usize::MAX, |b, t| {
                        if b == usize::MAX || scores[t] > scores[b] {
                            t
                        } else {
                            b
                        }
                    })
                };
                let predicted = pick(&mut valid.iter().copied());
                let oracle = pick(
                    &mut valid
                        .iter()
                        .zip(&costs)
                        .filter(|(_, &c)| c == min_cost)
                        .map(|(&t, _)| t),
                );
                trans.tick();
                if transition_cost(&st, predicted, gold) > min_cost {
                    trans.update(&feats, oracle, predicted);
                }
                // Exploration: from the second epoch on, mostly follow the model's own
                // choice, so training sees the states its mistakes lead to.
                coin ^= coin << 13;
                coin ^= coin >> 7;
                coin ^= coin << 17;
                let explore = epoch > 1 && coin % 10 != 0;
                let taken = if explore { predicted } else { oracle };
                let label = match st.arc(taken) {
                    Some((h, d)) if taken != SHIFT => {
                        label_features(&words, &st, h, d, &mut lfeats);
                        lscores.iter_mut().for_each(|s| *s = 0.0);
                        labeller.score_into(&lfeats, &mut lscores);
                        let guess = argmax(&lscores);
                        if gold[d as usize] == h {
                            let g = gold_rels[d as usize] as usize;
                            labeller.tick();
                            labeller.update(&lfeats, g, guess);
                            g as u16
                        } else {
                            guess as u16
                        }
                    }
                    _ => 0,
                };
                st.apply(taken, label);
            }
        }
        let parser = Parser::from_models(
            trans.finish(config.min_weight),
            labeller.finish(config.min_weight),
        )
        .expect("fresh models");
        let score = score_parser_with_tags(&parser, dev, dev_tags);
        report(epoch, &score);
        if best.as_ref().is_none_or(|(_, _, b)| score.las > b.las) {
            best = Some((parser, epoch, score));
        }
    }
    best.expect("at least one epoch")
}
