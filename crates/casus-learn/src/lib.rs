//! Linear models over hashed features, the learning machinery shared by casus's
//! sentence-boundary model and its tagger and parser.
//!
//! * [`FeatureHasher`] turns a feature (a template id and a few byte strings) into a
//!   bucket index without allocating: features are never stored as strings.
//! * [`LinearModel`] scores classes as sums of per-bucket weights: one cache-friendly
//!   table of `f32`, `2^bits` buckets × classes.
//! * [`Perceptron`] trains a model with the averaged perceptron (Collins 2002), using
//!   lazy averaging so an update costs O(features), not O(weights).
//! * Models are saved in a compact, versioned file ([`LinearModel::to_bytes`]): a
//!   header in JSON, then weights quantised to `i16`, with a SHA-256 of the whole file
//!   for manifests.
//!
//! Design decision: hashing trades a little accuracy (collisions) for a fixed-size,
//! allocation-free model and constant-time feature lookup; with 2^18-2^22 buckets the
//! collision cost is below a tenth of a point on the tasks measured.

mod sparse;

pub use sparse::{feature_key, IdentityHasher, SparseModel, SparsePerceptron};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Hashes features into `2^bits` buckets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeatureHasher {
    bits: u32,
}

impl FeatureHasher {
    /// # Panics
    ///
    /// Panics unless `bits` is in 8..=26: smaller tables collide too much, larger ones
    /// outgrow the model size budget.
    pub fn new(bits: u32) -> FeatureHasher {
        assert!(
            (8..=26).contains(&bits),
            "feature table bits {bits} outside 8..=26"
        );
        FeatureHasher { bits }
    }

    pub fn bits(self) -> u32 {
        self.bits
    }

    pub fn buckets(self) -> usize {
        1 << self.bits
    }

    /// The bucket of a feature: a template id and its parts (e.g. the previous word
    /// and the next word's shape). Parts are separated in the hash, so ("ab", "c") and
    /// ("a", "bc") differ.
    #[inline]
    pub fn index(self, template: u32, parts: &[&[u8]]) -> u32 {
        // FNV-1a over the template id and the parts, then a final avalanche mix
        // (from splitmix64) so that the low bits used as the index are well spread.
        let mut h: u64 =
            0xcbf2_9ce4_8422_2325 ^ u64::from(template).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        for part in parts {
            for &b in *part {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
            h ^= 0xff;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        (mix64(h) & ((1u64 << self.bits) - 1)) as u32
    }
}

impl FeatureHasher {
    /// The bucket of a feature made of precomputed 64-bit values (see [`hash_bytes`]):
    /// the fast path when the same token strings take part in many features.
    #[inline]
    pub fn index_values(self, template: u32, values: &[u64]) -> u32 {
        let mut h = u64::from(template).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x243F_6A88_85A3_08D3;
        for &v in values {
            h = mix64(h ^ v);
        }
        (mix64(h) & ((1u64 << self.bits) - 1)) as u32
    }
}

/// A 64-bit hash of a byte string (FNV-1a), for [`FeatureHasher::index_values`].
#[inline]
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The splitmix64 finaliser: spreads every input bit over the output.
#[inline]
pub(crate) fn mix64(mut h: u64) -> u64 {
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// A trained linear model: `weights[bucket * classes + class]`.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearModel {
    header: ModelHeader,
    weights: Vec<f32>,
}

/// What a model file says about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelHeader {
    /// What the model is for, e.g. `sentence-boundaries`; checked on load.
    pub kind: String,
    /// The version of the feature extraction the weights were trained with; a loader
    /// refuses a model whose features it does not compute.
    pub features_version: u32,
    pub bits: u32,
    /// Class labels, in weight order.
    pub labels: Vec<String>,
    /// Free-form training settings and scores, for the manifest and `--version` output.
    #[serde(default)]
    pub info: serde_json::Map<String, serde_json::Value>,
}

/// Reading or writing a model file failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    #[error("not a casus model file (bad magic bytes)")]
    Magic,
    #[error("model file format v{found}; this casus reads v{expected}: retrain or update casus")]
    FormatVersion { found: u32, expected: u32 },
    #[error("model is a `{found}` model, expected `{expected}`")]
    Kind { found: String, expected: String },
    #[error("model features v{found}; this casus computes v{expected}: retrain the model")]
    FeaturesVersion { found: u32, expected: u32 },
    #[error("model file is truncated or corrupt: {0}")]
    Corrupt(String),
}

const MAGIC: &[u8; 8] = b"CASUSMDL";
/// The model file format this code reads and writes.
pub const MODEL_FORMAT_VERSION: u32 = 1;

impl LinearModel {
    pub fn header(&self) -> &ModelHeader {
        &self.header
    }

    pub fn classes(&self) -> usize {
        self.header.labels.len()
    }

    /// The header, to record training settings and scores in `info` before saving.
    pub fn header_mut(&mut self) -> &mut ModelHeader {
        &mut self.header
    }

    pub fn hasher(&self) -> FeatureHasher {
        FeatureHasher::new(self.header.bits)
    }

    /// Adds the scores of `features` into `scores` (one slot per class).
    #[inline]
    pub fn score_into(&self, features: &[u32], scores: &mut [f32]) {
        let k = self.classes();
        for &f in features {
            let row = &self.weights[f as usize * k..f as usize * k + k];
            for (s, w) in scores.iter_mut().zip(row) {
                *s += w;
            }
        }
    }

    /// The best class for `features` (ties go to the lower class index).
    pub fn predict(&self, features: &[u32]) -> usize {
        let mut scores = vec![0.0; self.classes()];
        self.score_into(features, &mut scores);
        argmax(&scores)
    }

    /// Serialises the model: magic, format version, header length and JSON header,
    /// the quantisation scale, then `i16` weights, all little-endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        let header = serde_json::to_vec(&self.header).expect("headers serialise");
        let max = self.weights.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 {
            max / f32::from(i16::MAX)
        } else {
            1.0
        };
        let mut out = Vec::with_capacity(24 + header.len() + self.weights.len() * 2);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&MODEL_FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&(header.len() as u32).to_le_bytes());
        out.extend_from_slice(&header);
        out.extend_from_slice(&scale.to_le_bytes());
        for w in &self.weights {
            let q = (w / scale)
                .round()
                .clamp(f32::from(i16::MIN), f32::from(i16::MAX)) as i16;
            out.extend_from_slice(&q.to_le_bytes());
        }
        out
    }

    /// Loads a model written by [`LinearModel::to_bytes`], checking its format
    /// version, its kind and its feature version.
    ///
    /// # Errors
    ///
    /// [`ModelError`] naming what does not match.
    pub fn from_bytes(
        bytes: &[u8],
        kind: &str,
        features_version: u32,
    ) -> Result<LinearModel, ModelError> {
        let corrupt = |what: &str| ModelError::Corrupt(what.to_string());
        let (header, at) = read_header(bytes, MAGIC, kind, features_version)?;
        if !(8..=26).contains(&header.bits) || header.labels.is_empty() {
            return Err(corrupt("bad table size or labels"));
        }
        let scale_bytes = bytes.get(at..at + 4).ok_or_else(|| corrupt("no scale"))?;
        let scale = f32::from_le_bytes([
            scale_bytes[0],
            scale_bytes[1],
            scale_bytes[2],
            scale_bytes[3],
        ]);
        let n = (1usize << header.bits) * header.labels.len();
        let data = &bytes[at + 4..];
        if data.len() != n * 2 {
            return Err(ModelError::Corrupt(format!(
                "{} weight bytes, expected {}",
                data.len(),
                n * 2
            )));
        }
        let weights = data
            .chunks_exact(2)
            .map(|c| f32::from(i16::from_le_bytes([c[0], c[1]])) * scale)
            .collect();
        Ok(LinearModel { header, weights })
    }
}

/// Reads what every model file starts with: its magic bytes, the format version, and
/// the JSON header, whose kind and feature version must be the expected ones. Returns
/// the header and the offset just after it.
pub(crate) fn read_header(
    bytes: &[u8],
    magic: &[u8; 8],
    kind: &str,
    features_version: u32,
) -> Result<(ModelHeader, usize), ModelError> {
    if bytes.len() < 16 || &bytes[..8] != magic {
        return Err(ModelError::Magic);
    }
    let u32_at =
        |at: usize| u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let version = u32_at(8);
    if version != MODEL_FORMAT_VERSION {
        return Err(ModelError::FormatVersion {
            found: version,
            expected: MODEL_FORMAT_VERSION,
        });
    }
    let header_len = u32_at(12) as usize;
    let header_bytes = bytes
        .get(16..16 + header_len)
        .ok_or_else(|| ModelError::Corrupt("short header".into()))?;
    let header: ModelHeader =
        serde_json::from_slice(header_bytes).map_err(|e| ModelError::Corrupt(e.to_string()))?;
    if header.kind != kind {
        return Err(ModelError::Kind {
            found: header.kind,
            expected: kind.to_string(),
        });
    }
    if header.features_version != features_version {
        return Err(ModelError::FeaturesVersion {
            found: header.features_version,
            expected: features_version,
        });
    }
    Ok((header, 16 + header_len))
}

/// The SHA-256 of a byte string, as lower-case hex (for model manifests).
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best
}

/// Averaged-perceptron training of a [`LinearModel`].
///
/// Averaging uses the lazy trick: each weight remembers when it last changed, so the
/// running sum is brought up to date only when the weight is touched.
#[derive(Debug, Clone)]
pub struct Perceptron {
    header: ModelHeader,
    weights: Vec<f32>,
    totals: Vec<f64>,
    stamps: Vec<u64>,
    step: u64,
}

impl Perceptron {
    pub fn new(header: ModelHeader) -> Perceptron {
        let n = (1usize << header.bits) * header.labels.len();
        Perceptron {
            header,
            weights: vec![0.0; n],
            totals: vec![0.0; n],
            stamps: vec![0; n],
            step: 0,
        }
    }

    pub fn hasher(&self) -> FeatureHasher {
        FeatureHasher::new(self.header.bits)
    }

    /// The current (not averaged) model's best class.
    pub fn predict(&self, features: &[u32]) -> usize {
        let k = self.header.labels.len();
        let mut scores = vec![0.0f32; k];
        for &f in features {
            for (c, s) in scores.iter_mut().enumerate() {
                *s += self.weights[f as usize * k + c];
            }
        }
        argmax(&scores)
    }

    /// One training example: predicts, and on a mistake moves weight from the
    /// predicted class to the gold class. Returns whether the prediction was right.
    pub fn train(&mut self, features: &[u32], gold: usize) -> bool {
        self.step += 1;
        let guess = self.predict(features);
        if guess == gold {
            return true;
        }
        let k = self.header.labels.len();
        for &f in features {
            self.update(f as usize * k + gold, 1.0);
            self.update(f as usize * k + guess, -1.0);
        }
        false
    }

    fn update(&mut self, i: usize, delta: f32) {
        self.totals[i] += f64::from(self.weights[i]) * (self.step - self.stamps[i]) as f64;
        self.stamps[i] = self.step;
        self.weights[i] += delta;
    }

    /// The averaged model.
    pub fn finish(&self) -> LinearModel {
        let step = self.step.max(1);
        let weights = (0..self.weights.len())
            .map(|i| {
                let total =
                    self.totals[i] + f64::from(self.weights[i]) * (step - self.stamps[i]) as f64;
                (total / step as f64) as f32
            })
            .collect();
        LinearModel {
            header: self.header.clone(),
            weights,
        }
    }

    pub fn header_mut(&mut self) -> &mut ModelHeader {
        &mut self.header
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> ModelHeader {
        ModelHeader {
            kind: "toy".into(),
            features_version: 3,
            bits: 10,
            labels: vec!["no".into(), "yes".into()],
            info: Default::default(),
        }
    }

    #[test]
    fn hashing_is_stable_and_separates_parts() {
        let h = FeatureHasher::new(20);
        assert_eq!(h.index(1, &[b"ab", b"c"]), h.index(1, &[b"ab", b"c"]));
        assert_ne!(h.index(1, &[b"ab", b"c"]), h.index(1, &[b"a", b"bc"]));
        assert_ne!(h.index(1, &[b"x"]), h.index(2, &[b"x"]));
        assert!(h.index(7, &[b"anything"]) < 1 << 20);
        let (a, b) = (hash_bytes(b"ab"), hash_bytes(b"c"));
        assert_eq!(h.index_values(3, &[a, b]), h.index_values(3, &[a, b]));
        assert_ne!(h.index_values(3, &[a, b]), h.index_values(3, &[b, a]));
        assert_ne!(h.index_values(3, &[a]), h.index_values(4, &[a]));
    }

    #[test]
    fn perceptron_learns_a_separable_rule_and_round_trips() {
        // Class "yes" iff feature "even" fires: trivially separable.
        let mut p = Perceptron::new(header());
        let h = p.hasher();
        let example = |n: u32| {
            let parity: &[u8] = if n % 2 == 0 { b"even" } else { b"odd" };
            (
                vec![h.index(0, &[parity]), h.index(1, &[&n.to_le_bytes()])],
                usize::from(n % 2 == 0),
            )
        };
        for _ in 0..5 {
            for n in 0..200 {
                let (f, y) = example(n);
                p.train(&f, y);
            }
        }
        let model = p.finish();
        for n in 200..260 {
            let (f, y) = example(n);
            assert_eq!(model.predict(&f), y, "{n}");
        }
        let bytes = model.to_bytes();
        let loaded = LinearModel::from_bytes(&bytes, "toy", 3).unwrap();
        for n in 300..320 {
            let (f, y) = example(n);
            assert_eq!(loaded.predict(&f), y);
        }
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn loading_checks_versions_and_kind() {
        let bytes = Perceptron::new(header()).finish().to_bytes();
        assert_eq!(
            LinearModel::from_bytes(b"nonsense-bytes-here", "toy", 3),
            Err(ModelError::Magic)
        );
        assert!(matches!(
            LinearModel::from_bytes(&bytes, "parser", 3),
            Err(ModelError::Kind { .. })
        ));
        assert!(matches!(
            LinearModel::from_bytes(&bytes, "toy", 4),
            Err(ModelError::FeaturesVersion {
                found: 3,
                expected: 4
            })
        ));
        let mut future = bytes.clone();
        future[8] = 9;
        assert!(matches!(
            LinearModel::from_bytes(&future, "toy", 3),
            Err(ModelError::FormatVersion { found: 9, .. })
        ));
        assert!(matches!(
            LinearModel::from_bytes(&bytes[..bytes.len() - 1], "toy", 3),
            Err(ModelError::Corrupt(_))
        ));
    }
}
