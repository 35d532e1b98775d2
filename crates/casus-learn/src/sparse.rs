//! Sparse linear models for many classes (taggers, parsers): only features seen in
//! training get weights, stored per feature as (class, weight) pairs.
//!
//! A dense hashed table would need buckets × classes weights: for a tagger with about
//! a hundred classes and half a million features that is far beyond the 25 MB a model
//! may take. Most features co-occur with a handful of classes, so storing only non-zero
//! weights keeps models small, and scoring touches only those.

use crate::{ModelError, ModelHeader, MODEL_FORMAT_VERSION};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Feature keys are already well-mixed 64-bit hashes, so the map uses them as they are.
#[derive(Default, Clone, Copy, Debug)]
pub struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;

/// A feature key: a template id and values, mixed into 64 bits (see
/// [`crate::hash_bytes`] for turning strings into values).
#[inline]
pub fn feature_key(template: u32, values: &[u64]) -> u64 {
    let mut h = u64::from(template).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x243F_6A88_85A3_08D3;
    for &v in values {
        h = crate::mix64(h ^ v);
    }
    crate::mix64(h)
}

/// An open-addressing table from feature keys to their entry ranges.
///
/// A run-time model is read-only, so a flat array of slots beats a general hash map:
/// one probe usually lands on the key, and lookups for the features of one decision
/// are independent loads the CPU overlaps, which matters because the tables are far
/// larger than the caches. A slot is 12 bytes: the key's top 56 bits with the entry
/// count in the low byte (a feature has at most 255 classes), and the first entry.
#[derive(Debug, Clone, Default)]
struct FeatureTable {
    /// `(key | 0x100) & !0xFF | count`; 0 marks an empty slot.
    keys: Vec<u64>,
    starts: Vec<u32>,
    mask: usize,
    /// A key's home slot is its top bits: keys inserted in sorted order (as model files
    /// store them) then fill the table front to back, so loading writes memory
    /// sequentially instead of at random.
    shift: u32,
    len: usize,
}

#[inline]
fn table_key(key: u64) -> u64 {
    (key | 0x100) & !0xFF
}

impl FeatureTable {
    fn with_capacity(n: usize) -> FeatureTable {
        let size = (n + n / 2 + 16).next_power_of_two();
        FeatureTable {
            keys: vec![0; size],
            starts: vec![0; size],
            mask: size - 1,
            shift: 64 - size.trailing_zeros(),
            len: 0,
        }
    }

    /// Inserts a key that is not yet present.
    fn insert(&mut self, key: u64, start: u32, count: u8) {
        let key = table_key(key);
        let mut i = (key >> self.shift) as usize;
        while self.keys[i] != 0 {
            i = (i + 1) & self.mask;
        }
        self.keys[i] = key | u64::from(count);
        self.starts[i] = start;
        self.len += 1;
    }

    #[inline]
    fn get(&self, key: u64) -> (u32, u32) {
        let key = table_key(key);
        let mut i = (key >> self.shift) as usize;
        loop {
            let k = self.keys[i];
            if k & !0xFF == key {
                return (self.starts[i], (k & 0xFF) as u32);
            }
            if k == 0 {
                return (0, 0);
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// A trained sparse model.
#[derive(Debug, Clone)]
pub struct SparseModel {
    header: ModelHeader,
    /// Feature keys in sorted order, for writing the model back out.
    keys: Vec<u64>,
    table: FeatureTable,
    /// `(class, quantised weight)` pairs, each feature's contiguous; a weight is the
    /// `i16` times `scale`.
    entries: Vec<(u16, i16)>,
    scale: f32,
}

const MAGIC: &[u8; 8] = b"CASUSSPM";

/// The most classes a sparse model may have (entry counts are stored in a byte).
pub const MAX_CLASSES: usize = 255;

impl SparseModel {
    pub fn header(&self) -> &ModelHeader {
        &self.header
    }

    pub fn header_mut(&mut self) -> &mut ModelHeader {
        &mut self.header
    }

    pub fn n_classes(&self) -> usize {
        self.header.labels.len()
    }

    pub fn n_features(&self) -> usize {
        self.table.len
    }

    /// Adds the weights of `features` into `scores` (one slot per class).
    ///
    /// Two phases: first every feature's slot is looked up, a tight loop of
    /// independent loads whose cache misses the CPU overlaps; then the weights are
    /// added. Interleaving the two serialises the misses and runs about twice slower.
    #[inline]
    pub fn score_into(&self, features: &[u64], scores: &mut [f32]) {
        const CHUNK: usize = 32;
        for chunk in features.chunks(CHUNK) {
            let mut spans = [(0u32, 0u32); CHUNK];
            for (span, &f) in spans.iter_mut().zip(chunk) {
                *span = self.table.get(f);
            }
            for &(start, count) in &spans[..chunk.len()] {
                for &(c, w) in &self.entries[start as usize..(start + count) as usize] {
                    scores[c as usize] += f32::from(w) * self.scale;
                }
            }
        }
    }

    /// Builds a model from sorted `(key, [(class, weight)])` lists, quantising weights
    /// to `i16` exactly as a saved model stores them.
    fn from_parts(header: ModelHeader, features: Vec<(u64, Vec<(u16, f32)>)>) -> SparseModel {
        let max = features
            .iter()
            .flat_map(|(_, l)| l.iter())
            .fold(0f32, |m, (_, w)| m.max(w.abs()));
        let scale = if max > 0.0 {
            max / f32::from(i16::MAX)
        } else {
            1.0
        };
        let mut table = FeatureTable::with_capacity(features.len());
        let mut keys = Vec::with_capacity(features.len());
        let mut entries = Vec::with_capacity(features.len() * 3);
        for (key, list) in features {
            table.insert(key, entries.len() as u32, list.len() as u8);
            keys.push(key);
            entries.extend(list.into_iter().map(|(c, w)| (c, quantise(w, scale))));
        }
        SparseModel {
            header,
            keys,
            table,
            entries,
            scale,
        }
    }

    /// Serialises: magic, format version, JSON header, quantisation scale, feature
    /// count, then per feature its key, entry count and `(class, i16 weight)` pairs.
    /// Features are written in key order so the same model always gives the same bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let header = serde_json::to_vec(&self.header).expect("headers serialise");
        let mut out =
            Vec::with_capacity(32 + header.len() + self.entries.len() * 4 + self.keys.len() * 10);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&MODEL_FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&(header.len() as u32).to_le_bytes());
        out.extend_from_slice(&header);
        out.extend_from_slice(&self.scale.to_le_bytes());
        out.extend_from_slice(&(self.keys.len() as u32).to_le_bytes());
        for &key in &self.keys {
            let (start, count) = self.table.get(key);
            out.extend_from_slice(&key.to_le_bytes());
            out.extend_from_slice(&(count as u16).to_le_bytes());
            for &(class, w) in &self.entries[start as usize..(start + count) as usize] {
                out.extend_from_slice(&class.to_le_bytes());
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        out
    }

    /// Loads a model written by [`SparseModel::to_bytes`], checking format version,
    /// kind and feature version.
    ///
    /// # Errors
    ///
    /// [`ModelError`] naming what does not match or is malformed.
    pub fn from_bytes(
        bytes: &[u8],
        kind: &str,
        features_version: u32,
    ) -> Result<SparseModel, ModelError> {
        let (header, at) = crate::read_header(bytes, MAGIC, kind, features_version)?;
        let mut r = Reader { bytes, at };
        let scale = f32::from_le_bytes(r.take(4)?.try_into().expect("4 bytes"));
        let n = r.u32()? as usize;
        let n_classes = header.labels.len();
        if n_classes > MAX_CLASSES {
            return Err(ModelError::Corrupt(format!(
                "{n_classes} classes; at most {MAX_CLASSES}"
            )));
        }
        let mut table = FeatureTable::with_capacity(n);
        let mut keys = Vec::with_capacity(n);
        let mut entries = Vec::with_capacity(n * 3);
        let mut last_key = None;
        for _ in 0..n {
            let key = u64::from_le_bytes(r.take(8)?.try_into().expect("8 bytes"));
            if last_key.is_some_and(|k| k >= key) {
                return Err(ModelError::Corrupt("feature keys out of order".into()));
            }
            last_key = Some(key);
            let len = u16::from_le_bytes(r.take(2)?.try_into().expect("2 bytes"));
            if len as usize > n_classes {
                return Err(ModelError::Corrupt(format!("feature with {len} entries")));
            }
            table.insert(key, entries.len() as u32, len as u8);
            keys.push(key);
            let data = r.take(len as usize * 4)?;
            for e in data.chunks_exact(4) {
                let class = u16::from_le_bytes([e[0], e[1]]);
                if class as usize >= n_classes {
                    return Err(ModelError::Corrupt(format!("class {class} out of range")));
                }
                entries.push((class, i16::from_le_bytes([e[2], e[3]])));
            }
        }
        if r.at != bytes.len() {
            return Err(ModelError::Corrupt("trailing bytes".into()));
        }
        Ok(SparseModel {
            header,
            keys,
            table,
            entries,
            scale,
        })
    }
}

fn quantise(w: f32, scale: f32) -> i16 {
    (w / scale)
        .round()
        .clamp(f32::from(i16::MIN), f32::from(i16::MAX)) as i16
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let s = self
            .bytes
            .get(self.at..self.at + n)
            .ok_or_else(|| ModelError::Corrupt("truncated".into()))?;
        self.at += n;
        Ok(s)
    }

    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }
}

/// Averaged-perceptron training of a [`SparseModel`]. Rows are created for a feature
/// the first time it takes part in an update.
#[derive(Debug, Clone)]
pub struct SparsePerceptron {
    header: ModelHeader,
    k: usize,
    rows: KeyMap<u32>,
    weights: Vec<f32>,
    totals: Vec<f64>,
    stamps: Vec<u64>,
    step: u64,
}

impl SparsePerceptron {
    /// # Panics
    ///
    /// Panics if the header has more than [`MAX_CLASSES`] labels.
    pub fn new(header: ModelHeader) -> SparsePerceptron {
        let k = header.labels.len();
        assert!(
            k <= MAX_CLASSES,
            "{k} classes; a sparse model has at most {MAX_CLASSES}"
        );
        SparsePerceptron {
            header,
            k,
            rows: KeyMap::default(),
            weights: Vec::new(),
            totals: Vec::new(),
            stamps: Vec::new(),
            step: 0,
        }
    }

    pub fn n_classes(&self) -> usize {
        self.k
    }

    /// Current (not averaged) scores.
    pub fn score_into(&self, features: &[u64], scores: &mut [f32]) {
        for f in features {
            if let Some(&row) = self.rows.get(f) {
                let at = row as usize * self.k;
                for (s, w) in scores.iter_mut().zip(&self.weights[at..at + self.k]) {
                    *s += w;
                }
            }
        }
    }

    /// Advances the clock by one example; call once per training decision.
    pub fn tick(&mut self) {
        self.step += 1;
    }

    /// Moves weight towards `gold` and away from `guess` for every feature.
    pub fn update(&mut self, features: &[u64], gold: usize, guess: usize) {
        if gold == guess {
            return;
        }
        for &f in features {
            let row = match self.rows.get(&f) {
                Some(&r) => r,
                None => {
                    let r = (self.weights.len() / self.k) as u32;
                    self.rows.insert(f, r);
                    self.weights.resize(self.weights.len() + self.k, 0.0);
                    self.totals.resize(self.totals.len() + self.k, 0.0);
                    self.stamps.resize(self.stamps.len() + self.k, self.step);
                    r
                }
            };
            let at = row as usize * self.k;
            self.bump(at + gold, 1.0);
            self.bump(at + guess, -1.0);
        }
    }

    fn bump(&mut self, i: usize, delta: f32) {
        self.totals[i] += f64::from(self.weights[i]) * (self.step - self.stamps[i]) as f64;
        self.stamps[i] = self.step;
        self.weights[i] += delta;
    }

    /// The averaged model, dropping weights whose magnitude is below `min_weight`
    /// (and features left with none).
    pub fn finish(&self, min_weight: f32) -> SparseModel {
        let step = self.step.max(1);
        let mut keys: Vec<(u64, u32)> = self.rows.iter().map(|(&k, &r)| (k, r)).collect();
        keys.sort_unstable();
        let mut features = Vec::with_capacity(keys.len());
        for (key, row) in keys {
            let list: Vec<(u16, f32)> = (0..self.k)
                .filter_map(|c| {
                    let i = row as usize * self.k + c;
                    let total = self.totals[i]
                        + f64::from(self.weights[i]) * (step - self.stamps[i]) as f64;
                    let w = (total / step as f64) as f32;
                    (w.abs() >= min_weight && w != 0.0).then_some((c as u16, w))
                })
                .collect();
            if !list.is_empty() {
                features.push((key, list));
            }
        }
        SparseModel::from_parts(self.header.clone(), features)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_three_classes_and_round_trips() {
        let header = ModelHeader {
            kind: "toy".into(),
            features_version: 1,
            bits: 0,
            labels: vec!["a".into(), "b".into(), "c".into()],
            info: Default::default(),
        };
        let mut p = SparsePerceptron::new(header);
        let example = |n: u64| {
            (
                vec![feature_key(0, &[n % 3]), feature_key(1, &[n])],
                (n % 3) as usize,
            )
        };
        for _ in 0..4 {
            for n in 0..90 {
                let (f, y) = example(n);
                let mut s = [0.0; 3];
                p.score_into(&f, &mut s);
                let guess = (0..3).fold(0, |b, c| if s[c] > s[b] { c } else { b });
                p.tick();
                p.update(&f, y, guess);
            }
        }
        let m = p.finish(0.0);
        let bytes = m.to_bytes();
        let loaded = SparseModel::from_bytes(&bytes, "toy", 1).unwrap();
        assert_eq!(loaded.to_bytes(), bytes, "deterministic bytes");
        for n in 100..130 {
            let (f, y) = example(n);
            let mut s = [0.0; 3];
            loaded.score_into(&f, &mut s);
            let guess = (0..3).fold(0, |b, c| if s[c] > s[b] { c } else { b });
            assert_eq!(guess, y);
        }
        assert!(matches!(
            SparseModel::from_bytes(&bytes, "toy", 2),
            Err(ModelError::FeaturesVersion { .. })
        ));
        assert!(matches!(
            SparseModel::from_bytes(&bytes[..bytes.len() - 3], "toy", 1),
            Err(ModelError::Corrupt(_))
        ));
    }
}
