//! The part-of-speech tagger: a greedy left-to-right averaged perceptron (Collins
//! 2002) predicting UPOS and XPOS together, as one of the (UPOS, XPOS) pairs seen in
//! training. Features are the word, its affixes and shape, the two words on each side,
//! and the two tags already predicted on the left.

use crate::words::{at, WordInfo};
use casus_doc::{Document, Layer, Stage, StageError, Tags, Upos, Xpos};
use casus_learn::{feature_key, IdentityHasher, ModelError, SparseModel};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

pub const TAGGER_KIND: &str = "tagger";
/// Bump when [`features`] changes; shipped models must then be retrained.
pub const TAGGER_FEATURES: u32 = 5;

/// A loaded tagger.
#[derive(Debug, Clone)]
pub struct Tagger {
    first: SparseModel,
    second: Option<SparseModel>,
    labels: Vec<(Upos, Xpos)>,
    fixed: TagDictionary,
}

/// Parses a tagger label, `UPOS/XPOS`.
pub(crate) fn parse_label(label: &str) -> Option<(Upos, Xpos)> {
    let (u, x) = label.split_once('/')?;
    Some((Upos::from_name(u)?, Xpos::from_name(x)?))
}

/// Tag values as feature inputs: class index + 3 (0-2 are reserved for padding).
const START_TAG: u64 = 1;

/// Features of token `i`, given the tags predicted for `i-1` and `i-2`.
pub(crate) fn features(words: &[WordInfo], i: usize, t1: u64, t2: u64, out: &mut Vec<u64>) {
    out.clear();
    let k = i as isize;
    let w = at(words, k);
    let (p1, p2, n1, n2) = (
        at(words, k - 1),
        at(words, k - 2),
        at(words, k + 1),
        at(words, k + 2),
    );
    let first = u64::from(i == 0);
    let f = feature_key;
    out.extend_from_slice(&[
        f(0, &[]),
        f(1, &[w.lower]),
        f(2, &[w.suffix[0]]),
        f(3, &[w.suffix[1]]),
        f(4, &[w.suffix[2]]),
        f(5, &[w.suffix[3]]),
        f(6, &[w.prefix1]),
        f(7, &[w.prefix3]),
        f(8, &[w.shape]),
        f(9, &[p1.lower]),
        f(10, &[n1.lower]),
        f(11, &[p2.lower]),
        f(12, &[n2.lower]),
        f(13, &[t1]),
        f(14, &[t2]),
        f(15, &[t1, t2]),
        f(16, &[t1, w.lower]),
        f(17, &[p1.lower, w.lower]),
        f(18, &[w.lower, n1.lower]),
        f(19, &[p1.suffix[2]]),
        f(20, &[n1.suffix[2]]),
        f(21, &[p1.shape, w.shape]),
        f(22, &[w.shape, n1.shape]),
        f(23, &[w.cased]),
        f(24, &[first, w.shape]),
        f(25, &[t1, w.suffix[2]]),
        f(26, &[n1.lower, n2.lower]),
        f(27, &[t1, n1.lower]),
        f(28, &[w.lex]),
        f(29, &[w.lex, w.suffix[2]]),
        f(30, &[p1.lex, w.lex, n1.lex]),
        f(31, &[t1, w.lex]),
        f(32, &[w.lex, w.shape]),
        f(33, &[n1.lex, n2.lex]),
        f(34, &[t2, w.lower]),
        f(35, &[n1.shape]),
        f(36, &[n1.suffix[1]]),
        f(37, &[p1.lower, t1, w.lower]),
        f(38, &[w.lower, n1.lex]),
    ]);
}

/// Second-pass features: the first pass's tags for this token and the two on its
/// right, which a left-to-right tagger cannot otherwise see.
pub(crate) fn features2(
    words: &[WordInfo],
    i: usize,
    t1: u64,
    t2: u64,
    first: &[u64],
    out: &mut Vec<u64>,
) {
    features(words, i, t1, t2, out);
    let r = |k: usize| first.get(k).copied().unwrap_or(2);
    let (r0, r1, r2) = (r(i), r(i + 1), r(i + 2));
    let w = &words[i];
    let f = feature_key;
    out.extend_from_slice(&[
        f(40, &[r0]),
        f(41, &[r1]),
        f(42, &[r1, r2]),
        f(43, &[t1, r1]),
        f(44, &[r1, w.lower]),
        f(45, &[r0, w.lower]),
        f(46, &[t1, r0, r1]),
        f(47, &[r0, w.suffix[2]]),
    ]);
}

const FILE_MAGIC: &[u8; 8] = b"CASUSTGR";
/// The tagger file format: magic, this version, the first- and second-pass models
/// (each a u32 length and a sparse model file), then the tag dictionary: a u32 count
/// and `(u64 word hash, u16 label)` pairs in hash order.
pub const TAGGER_FILE_VERSION: u32 = 2;

/// Words whose tag is settled without scoring (the hash of the word as written → label):
/// frequent training words that took one tag at least 99.5% of the time ("the", ",").
/// Skipping their scoring roughly halves tagging time at no measurable cost.
pub type TagDictionary = HashMap<u64, u16, BuildHasherDefault<IdentityHasher>>;

/// Bundles the two passes and the tag dictionary into one tagger file.
pub fn tagger_file(
    first: &SparseModel,
    second: &SparseModel,
    dictionary: &TagDictionary,
) -> Vec<u8> {
    let (a, b) = (first.to_bytes(), second.to_bytes());
    let mut out = Vec::with_capacity(a.len() + b.len() + 24 + dictionary.len() * 10);
    out.extend_from_slice(FILE_MAGIC);
    out.extend_from_slice(&TAGGER_FILE_VERSION.to_le_bytes());
    out.extend_from_slice(&(a.len() as u32).to_le_bytes());
    out.extend_from_slice(&a);
    out.extend_from_slice(&(b.len() as u32).to_le_bytes());
    out.extend_from_slice(&b);
    let mut entries: Vec<(u64, u16)> = dictionary.iter().map(|(&k, &v)| (k, v)).collect();
    entries.sort_unstable();
    out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    for (k, v) in entries {
        out.extend_from_slice(&k.to_le_bytes());
        out.extend_from_slice(&v.to_le_bytes());
    }
    out
}

impl Tagger {
    /// Loads a tagger file (both passes).
    ///
    /// # Errors
    ///
    /// [`ModelError`] if the file is not a tagger of this format and feature version,
    /// or names a tag casus does not know.
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, ModelError> {
        if bytes.len() < 16 || &bytes[..8] != FILE_MAGIC {
            return Err(ModelError::Magic);
        }
        let u32_at = |at: usize| -> Result<usize, ModelError> {
            let b = bytes
                .get(at..at + 4)
                .ok_or_else(|| ModelError::Corrupt("truncated tagger file".into()))?;
            Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
        };
        let version = u32_at(8)? as u32;
        if version != TAGGER_FILE_VERSION {
            return Err(ModelError::FormatVersion {
                found: version,
                expected: TAGGER_FILE_VERSION,
            });
        }
        let len1 = u32_at(12)?;
        let first_bytes = bytes
            .get(16..16 + len1)
            .ok_or_else(|| ModelError::Corrupt("truncated tagger file".into()))?;
        let len2 = u32_at(16 + len1)?;
        let second_bytes = bytes
            .get(20 + len1..20 + len1 + len2)
            .ok_or_else(|| ModelError::Corrupt("truncated tagger file".into()))?;
        let first = SparseModel::from_bytes(first_bytes, TAGGER_KIND, TAGGER_FEATURES)?;
        let second = SparseModel::from_bytes(second_bytes, TAGGER_KIND, TAGGER_FEATURES)?;
        let at = 20 + len1 + len2;
        let count = u32_at(at)?;
        let data = bytes
            .get(at + 4..)
            .filter(|d| d.len() == count * 10)
            .ok_or_else(|| ModelError::Corrupt("bad tag dictionary".into()))?;
        let mut tagger = Tagger::from_models(first, Some(second))?;
        for e in data.chunks_exact(10) {
            let key = u64::from_le_bytes(e[..8].try_into().expect("8 bytes"));
            let label = u16::from_le_bytes([e[8], e[9]]);
            if label as usize >= tagger.labels.len() {
                return Err(ModelError::Corrupt(
                    "tag dictionary label out of range".into(),
                ));
            }
            tagger.fixed.insert(key, label);
        }
        Ok(tagger)
    }

    /// A tagger from its first-pass model and, optionally, its second pass.
    ///
    /// # Errors
    ///
    /// [`ModelError::Corrupt`] if a label is not a known tag pair or the passes'
    /// labels differ.
    pub fn from_models(
        first: SparseModel,
        second: Option<SparseModel>,
    ) -> Result<Tagger, ModelError> {
        let labels = first
            .header()
            .labels
            .iter()
            .map(|l| {
                parse_label(l).ok_or_else(|| ModelError::Corrupt(format!("unknown tag pair `{l}`")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if second
            .as_ref()
            .is_some_and(|m| m.header().labels != first.header().labels)
        {
            return Err(ModelError::Corrupt(
                "tagger passes have different labels".into(),
            ));
        }
        Ok(Tagger {
            first,
            second,
            labels,
            fixed: TagDictionary::default(),
        })
    }

    pub fn first_pass(&self) -> &SparseModel {
        &self.first
    }

    /// Sets the tag dictionary (see [`TagDictionary`]).
    pub fn with_dictionary(mut self, fixed: TagDictionary) -> Tagger {
        self.fixed = fixed;
        self
    }

    pub fn dictionary(&self) -> &TagDictionary {
        &self.fixed
    }

    /// Label indices of one pass: `first` holds the first pass's tags (as feature
    /// values) when running the second.
    pub(crate) fn run_pass(
        model: &SparseModel,
        fixed: &TagDictionary,
        infos: &[WordInfo],
        first: Option<&[u64]>,
    ) -> Vec<usize> {
        Tagger::run_pass_forced(model, fixed, infos, first, None)
    }

    /// [`Tagger::run_pass`] with one position's label fixed in advance.
    fn run_pass_forced(
        model: &SparseModel,
        fixed: &TagDictionary,
        infos: &[WordInfo],
        first: Option<&[u64]>,
        forced: Option<(usize, usize)>,
    ) -> Vec<usize> {
        let mut out = Vec::with_capacity(infos.len());
        let mut feats = Vec::with_capacity(48);
        let mut scores = vec![0f32; model.n_classes()];
        let (mut t1, mut t2) = (START_TAG, START_TAG);
        for i in 0..infos.len() {
            let best = match (
                forced.filter(|&(at, _)| at == i),
                fixed.get(&infos[i].cased),
            ) {
                (Some((_, label)), _) => label,
                (None, Some(&label)) => label as usize,
                (None, None) => {
                    score_at(model, infos, i, (t1, t2), first, &mut feats, &mut scores);
                    argmax(&scores)
                }
            };
            out.push(best);
            t2 = t1;
            t1 = best as u64 + 3;
        }
        out
    }

    /// Tags one sentence's words.
    pub fn tag(&self, words: &[&str]) -> Vec<(Upos, Xpos)> {
        let infos = WordInfo::sentence(words);
        let mut best = Tagger::run_pass(&self.first, &self.fixed, &infos, None);
        let mut first_tags = None;
        if let Some(second) = &self.second {
            let first: Vec<u64> = best.iter().map(|&b| b as u64 + 3).collect();
            best = Tagger::run_pass(second, &self.fixed, &infos, Some(&first));
            first_tags = Some(first);
        }
        if let Some(forced) = self.missing_verb(words, &infos, &best, first_tags.as_deref()) {
            let model = self.second.as_ref().unwrap_or(&self.first);
            best = Tagger::run_pass_forced(
                model,
                &self.fixed,
                &infos,
                first_tags.as_deref(),
                Some(forced),
            );
        }
        best.into_iter().map(|b| self.labels[b]).collect()
    }

    /// A sentence that ends with a stop but was tagged without any finite verb is almost
    /// always a tagging error ("Nigerian troops fatally shot six militants" with
    /// "shot" read as an adjective: EWT's web text has few such news clauses). Returns
    /// the word the lexicon allows as a verb whose best verb tag scores closest to its
    /// chosen tag, with that verb tag, or `None` when the sentence has a verb, is too
    /// short, or has no word that could be one. Headlines and fragments without a stop
    /// are left alone.
    fn missing_verb(
        &self,
        words: &[&str],
        infos: &[WordInfo],
        best: &[usize],
        first: Option<&[u64]>,
    ) -> Option<(usize, usize)> {
        const MIN_WORDS: usize = 5;
        if words.len() < MIN_WORDS
            || !matches!(words.last(), Some(&("." | "!" | "?")))
            || best.iter().any(|&b| is_finite(self.labels[b]))
        {
            return None;
        }
        let lexicon = crate::lexicon::Lexicon::builtin();
        let model = self.second.as_ref().unwrap_or(&self.first);
        let mut feats = Vec::with_capacity(48);
        let mut scores = vec![0f32; model.n_classes()];
        let mut choice: Option<(f32, usize, usize)> = None;
        for i in 1..words.len() {
            // A noun or adjective that can be a verb, or a past participle that is
            // as likely the past tense ("warplanes bombed rebel positions").
            let (chosen, chosen_x) = self.labels[best[i]];
            if !(matches!(chosen.as_str(), "NOUN" | "ADJ")
                || (chosen.as_str() == "VERB" && chosen_x.as_str() == "VBN"))
                || lexicon.pos_mask(words[i]) & crate::lexicon::LexPos::Verb as u8 == 0
                || self.fixed.contains_key(&infos[i].cased)
            {
                continue;
            }
            // Only in the frame of a clause: a subject before ("troops (fatally)
            // shot"), the start of an object or complement after ("shot nine").
            // Fragments such as "Best pizza in town." have no such frame.
            let upos = |k: usize| self.labels[best[k]].0.as_str();
            let mut before = i - 1;
            while before > 0 && upos(before) == "ADV" {
                before -= 1;
            }
            if !matches!(upos(before), "NOUN" | "PROPN" | "PRON")
                || i + 1 >= words.len()
                || !matches!(
                    upos(i + 1),
                    "DET" | "NUM" | "PRON" | "PROPN" | "NOUN" | "ADJ" | "ADP"
                )
            {
                continue;
            }
            // The two tags on the left, as the pass saw them.
            let tag = |k: Option<usize>| k.map_or(START_TAG, |k| best[k] as u64 + 3);
            let previous = (tag(i.checked_sub(1)), tag(i.checked_sub(2)));
            score_at(model, infos, i, previous, first, &mut feats, &mut scores);
            let Some(verb) = (0..scores.len())
                .filter(|&l| self.labels[l].0.as_str() == "VERB" && is_finite(self.labels[l]))
                .max_by(|&a, &b| scores[a].total_cmp(&scores[b]))
            else {
                continue;
            };
            let gap = scores[best[i]] - scores[verb];
            if choice.is_none_or(|(g, _, _)| gap < g) {
                choice = Some((gap, i, verb));
            }
        }
        choice.map(|(_, i, verb)| (i, verb))
    }
}

/// The scores of every label at position `i` of a pass, given the two tags on its
/// left (`first` holds the first pass's tags when scoring the second).
fn score_at(
    model: &SparseModel,
    infos: &[WordInfo],
    i: usize,
    (t1, t2): (u64, u64),
    first: Option<&[u64]>,
    feats: &mut Vec<u64>,
    scores: &mut [f32],
) {
    match first {
        Some(r) => features2(infos, i, t1, t2, r, feats),
        None => features(infos, i, t1, t2, feats),
    }
    scores.iter_mut().for_each(|s| *s = 0.0);
    model.score_into(feats, scores);
}

/// A tag that can head a clause by itself: a finite verb or any auxiliary.
fn is_finite((upos, xpos): (Upos, Xpos)) -> bool {
    upos.as_str() == "AUX" || matches!(xpos.as_str(), "VBD" | "VBZ" | "VBP" | "MD")
}

pub(crate) fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best
}

impl Stage for Tagger {
    fn name(&self) -> &'static str {
        "tagger"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Tags]
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let n = doc.tokens().map_or(0, |t| t.len());
        let mut tags = Tags {
            upos: Vec::with_capacity(n),
            xpos: Vec::with_capacity(n),
        };
        for s in doc.sentence_views() {
            let words: Vec<&str> = s.tokens().map(|t| t.text()).collect();
            for (u, x) in self.tag(&words) {
                tags.upos.push(u);
                tags.xpos.push(x);
            }
        }
        doc.set_tags(tags).map_err(|source| StageError::Layer {
            stage: "tagger",
            source,
        })
    }
}
