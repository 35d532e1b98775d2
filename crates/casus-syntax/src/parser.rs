//! The dependency parser: greedy arc-hybrid transitions (Kuhlmann et al. 2011) scored
//! by an averaged perceptron over rich feature templates (after Zhang & Nivre 2011),
//! trained with a dynamic oracle (Goldberg & Nivre 2013), plus a second perceptron that
//! labels each arc the moment it is made, so later decisions can use the labels.
//!
//! The root sits at the end of the buffer (Ballesteros & Nivre 2013): the last
//! transition attaches the one remaining stack item to it, so every sentence gets
//! exactly one root. Trees are projective; training trees are projectivised by lifting.
//!
//! Splitting transition and label decisions keeps the transition model at three
//! classes: its weight table stays small enough to train on a laptop, and the labeller
//! sees features chosen for labels (head and dependent words, direction, distance).

use crate::tagger::argmax;
use crate::words::WordInfo;
use casus_doc::{DepRel, Deps, Document, Layer, Stage, StageError, TokenIdx, Upos, Xpos};
use casus_learn::{feature_key, ModelError, SparseModel};

pub const PARSER_KIND: &str = "parser-transitions";
pub const LABELLER_KIND: &str = "parser-labels";
/// Bump when the features change; shipped models must then be retrained.
pub const PARSER_FEATURES: u32 = 2;
const FILE_MAGIC: &[u8; 8] = b"CASUSPRS";
pub const PARSER_FILE_VERSION: u32 = 1;

/// Transition classes.
pub(crate) const SHIFT: usize = 0;
pub(crate) const LEFT: usize = 1;
pub(crate) const RIGHT: usize = 2;

pub(crate) const NONE: u32 = u32::MAX;

/// A parser state over a sentence of `n` words (0-based) plus the root, index `n`.
#[derive(Debug, Clone)]
pub(crate) struct State {
    pub n: usize,
    pub stack: Vec<u32>,
    /// Next buffer position; the buffer is `b..=n` (n = root).
    pub b: u32,
    pub head: Vec<u32>,
    pub label: Vec<u16>,
    /// Leftmost / second leftmost / rightmost / second rightmost children.
    pub lc: Vec<[u32; 2]>,
    pub rc: Vec<[u32; 2]>,
    pub nl: Vec<u8>,
    pub nr: Vec<u8>,
}

impl State {
    pub(crate) fn new(n: usize) -> State {
        State {
            n,
            stack: Vec::with_capacity(n),
            b: 0,
            head: vec![NONE; n + 1],
            label: vec![0; n + 1],
            lc: vec![[NONE; 2]; n + 1],
            rc: vec![[NONE; 2]; n + 1],
            nl: vec![0; n + 1],
            nr: vec![0; n + 1],
        }
    }

    #[cfg(feature = "train")]
    pub(crate) fn s0(&self) -> u32 {
        self.s(0)
    }

    #[cfg(feature = "train")]
    pub(crate) fn s1(&self) -> u32 {
        self.s(1)
    }

    pub(crate) fn is_final(&self) -> bool {
        self.b as usize == self.n && self.stack.is_empty()
    }

    fn s(&self, k: usize) -> u32 {
        if self.stack.len() > k {
            self.stack[self.stack.len() - 1 - k]
        } else {
            NONE
        }
    }

    /// Whether a transition may be taken now.
    pub(crate) fn valid(&self, t: usize) -> bool {
        let at_root = self.b as usize == self.n;
        match t {
            SHIFT => !at_root,
            // Attaching to the root only when it is the last word left on the stack.
            LEFT => !self.stack.is_empty() && (!at_root || self.stack.len() == 1),
            RIGHT => self.stack.len() >= 2,
            _ => false,
        }
    }

    /// The (head, dependent) arc a transition would add.
    pub(crate) fn arc(&self, t: usize) -> Option<(u32, u32)> {
        match t {
            LEFT => Some((self.b, self.s(0))),
            RIGHT => Some((self.s(1), self.s(0))),
            _ => None,
        }
    }

    pub(crate) fn apply(&mut self, t: usize, label: u16) {
        match t {
            SHIFT => {
                self.stack.push(self.b);
                self.b += 1;
            }
            _ => {
                let (h, d) = self.arc(t).expect("an arc transition");
                self.stack.pop();
                self.add_arc(h, d, label);
            }
        }
    }

    fn add_arc(&mut self, h: u32, d: u32, label: u16) {
        let (hi, di) = (h as usize, d as usize);
        self.head[di] = h;
        self.label[di] = label;
        if d < h {
            self.nl[hi] = self.nl[hi].saturating_add(1);
            let [first, _] = self.lc[hi];
            if first == NONE || d < first {
                self.lc[hi] = [d, first];
            } else if self.lc[hi][1] == NONE || d < self.lc[hi][1] {
                self.lc[hi][1] = d;
            }
        } else {
            self.nr[hi] = self.nr[hi].saturating_add(1);
            let [first, _] = self.rc[hi];
            if first == NONE || d > first {
                self.rc[hi] = [d, first];
            } else if self.rc[hi][1] == NONE || d > self.rc[hi][1] {
                self.rc[hi][1] = d;
            }
        }
    }
}

/// A tag pair as a feature value: UPOS and XPOS together, so that `IN` as a preposition
/// (ADP) and as a subordinator (SCONJ) differ.
pub(crate) fn tag_value((upos, xpos): (Upos, Xpos)) -> u64 {
    (upos.index() * 64 + xpos.index()) as u64 + 3
}

/// What the features read about each word: its hashes and its tag.
pub(crate) struct Words<'a> {
    pub info: &'a [WordInfo],
    pub tags: &'a [u64],
}

const PAD: u64 = 1;
const ROOT: u64 = 2;

impl Words<'_> {
    /// A per-word value, with padding for "no word" and a fixed value for the root.
    fn value(&self, i: u32, of: impl Fn(usize) -> u64) -> u64 {
        match i {
            NONE => PAD,
            i if i as usize == self.info.len() => ROOT,
            i => of(i as usize),
        }
    }

    fn w(&self, i: u32) -> u64 {
        self.value(i, |k| self.info[k].lower)
    }

    fn suffix(&self, i: u32) -> u64 {
        self.value(i, |k| self.info[k].suffix[2])
    }

    fn lex(&self, i: u32) -> u64 {
        self.value(i, |k| self.info[k].lex)
    }

    fn t(&self, i: u32) -> u64 {
        self.value(i, |k| self.tags[k])
    }
}

fn lab(state: &State, i: u32) -> u64 {
    if i == NONE {
        PAD
    } else {
        u64::from(state.label[i as usize]) + 3
    }
}

/// Transition features of a state.
pub(crate) fn transition_features(words: &Words<'_>, st: &State, out: &mut Vec<u64>) {
    out.clear();
    let (s0, s1, s2) = (st.s(0), st.s(1), st.s(2));
    let b0 = st.b;
    let b1 = if (b0 as usize) < st.n { b0 + 1 } else { NONE };
    let b2 = if b1 != NONE && (b1 as usize) < st.n {
        b1 + 1
    } else {
        NONE
    };
    let (s0w, s0t, s1w, s1t, s2t) = (
        words.w(s0),
        words.t(s0),
        words.w(s1),
        words.t(s1),
        words.t(s2),
    );
    let (b0w, b0t, b1w, b1t, b2t) = (
        words.w(b0),
        words.t(b0),
        words.w(b1),
        words.t(b1),
        words.t(b2),
    );
    let child =
        |i: u32, side: &[[u32; 2]], k: usize| if i == NONE { NONE } else { side[i as usize][k] };
    let (s0l, s0l2, s0r, s0r2) = (
        child(s0, &st.lc, 0),
        child(s0, &st.lc, 1),
        child(s0, &st.rc, 0),
        child(s0, &st.rc, 1),
    );
    let (s1l, s1r) = (child(s1, &st.lc, 0), child(s1, &st.rc, 0));
    let (b0l, b0l2) = (child(b0, &st.lc, 0), child(b0, &st.lc, 1));
    let dist = if s0 == NONE {
        0
    } else {
        u64::from((b0 - s0).min(10)) + 3
    };
    let nl = |i: u32| {
        if i == NONE {
            0
        } else {
            u64::from(st.nl[i as usize]) + 3
        }
    };
    let nr = |i: u32| {
        if i == NONE {
            0
        } else {
            u64::from(st.nr[i as usize]) + 3
        }
    };
    let f = feature_key;
    out.extend_from_slice(&[
        f(0, &[]),
        // Single words.
        f(1, &[s0w]),
        f(2, &[s0t]),
        f(3, &[s0w, s0t]),
        f(4, &[s1w]),
        f(5, &[s1t]),
        f(6, &[s1w, s1t]),
        f(7, &[b0w]),
        f(8, &[b0t]),
        f(9, &[b0w, b0t]),
        f(10, &[b1w]),
        f(11, &[b1t]),
        f(12, &[b1w, b1t]),
        f(13, &[b2t]),
        f(14, &[s2t]),
        // Pairs.
        f(15, &[s0w, s0t, b0w, b0t]),
        f(16, &[s0w, s0t, b0w]),
        f(17, &[s0w, b0w, b0t]),
        f(18, &[s0w, s0t, b0t]),
        f(19, &[s0t, b0w, b0t]),
        f(20, &[s0w, b0w]),
        f(21, &[s0t, b0t]),
        f(22, &[b0t, b1t]),
        f(23, &[s1t, s0t]),
        f(24, &[s1w, s0w]),
        f(25, &[s1w, s1t, s0w, s0t]),
        // Triples of tags.
        f(26, &[b0t, b1t, b2t]),
        f(27, &[s0t, b0t, b1t]),
        f(28, &[s1t, s0t, b0t]),
        f(29, &[s2t, s1t, s0t]),
        f(30, &[s1t, s0t, b1t]),
        // Distance.
        f(31, &[s0w, dist]),
        f(32, &[s0t, dist]),
        f(33, &[b0w, dist]),
        f(34, &[b0t, dist]),
        f(35, &[s0w, b0w, dist]),
        f(36, &[s0t, b0t, dist]),
        // Valency.
        f(37, &[s0w, nr(s0)]),
        f(38, &[s0t, nr(s0)]),
        f(39, &[s0w, nl(s0)]),
        f(40, &[s0t, nl(s0)]),
        f(41, &[b0w, nl(b0)]),
        f(42, &[b0t, nl(b0)]),
        // Children: words, tags, labels.
        f(43, &[words.w(s0l)]),
        f(44, &[words.t(s0l)]),
        f(45, &[lab(st, s0l)]),
        f(46, &[words.w(s0r)]),
        f(47, &[words.t(s0r)]),
        f(48, &[lab(st, s0r)]),
        f(49, &[words.w(b0l)]),
        f(50, &[words.t(b0l)]),
        f(51, &[lab(st, b0l)]),
        f(52, &[s0t, lab(st, s0l), lab(st, s0l2)]),
        f(53, &[s0t, lab(st, s0r), lab(st, s0r2)]),
        f(54, &[b0t, lab(st, b0l), lab(st, b0l2)]),
        // Third order: tags of children with their heads.
        f(55, &[s0t, words.t(s0l), words.t(s0l2)]),
        f(56, &[s0t, words.t(s0r), words.t(s0r2)]),
        f(57, &[b0t, words.t(b0l), words.t(b0l2)]),
        f(58, &[s0t, b0t, words.t(s0l)]),
        f(59, &[s0t, b0t, words.t(s0r)]),
        f(60, &[s0t, b0t, words.t(b0l)]),
        f(61, &[s1t, s0t, words.t(s1l)]),
        f(62, &[s1t, s0t, words.t(s1r)]),
        f(63, &[s1t, s0t, lab(st, s1r)]),
        f(64, &[s0w, lab(st, s0r), b0t]),
        // Affixes and lexicon classes, for words unseen in training.
        f(65, &[words.suffix(s0), s0t]),
        f(66, &[words.suffix(b0), b0t]),
        f(67, &[words.lex(s0), words.lex(b0)]),
        f(68, &[words.suffix(b0), s0t]),
    ]);
}

/// Features for labelling the arc `h → d` just made.
pub(crate) fn label_features(words: &Words<'_>, st: &State, h: u32, d: u32, out: &mut Vec<u64>) {
    out.clear();
    let (hw, ht, dw, dt) = (words.w(h), words.t(h), words.w(d), words.t(d));
    let dir = u64::from(h > d);
    let dist = u64::from(h.abs_diff(d).min(8));
    let next = |i: u32| {
        if i == NONE || (i as usize) + 1 >= words.info.len() {
            PAD
        } else {
            words.t(i + 1)
        }
    };
    let prev = |i: u32| {
        if i == NONE || i == 0 {
            PAD
        } else {
            words.t(i - 1)
        }
    };
    let dl = st.lc[d as usize][0];
    let dr = st.rc[d as usize][0];
    let f = feature_key;
    out.extend_from_slice(&[
        f(100, &[dir]),
        f(101, &[hw]),
        f(102, &[ht]),
        f(103, &[dw]),
        f(104, &[dt]),
        f(105, &[ht, dt, dir]),
        f(106, &[hw, dt, dir]),
        f(107, &[ht, dw, dir]),
        f(108, &[hw, dw]),
        f(109, &[ht, dt, dir, dist]),
        f(110, &[dt, prev(d), next(d)]),
        f(111, &[dt, words.t(dl), words.t(dr)]),
        f(112, &[dt, lab(st, dl), lab(st, dr)]),
        f(113, &[dw, dt, dir]),
        f(114, &[ht, dt, prev(d)]),
        f(115, &[ht, dt, next(d)]),
        f(116, &[dt, words.w(dl)]),
        f(117, &[u64::from(h as usize == words.info.len()), dt]),
        f(118, &[dw, ht]),
        f(
            119,
            &[
                words.info.get(d as usize).map_or(PAD, |i| i.suffix[2]),
                dt,
                dir,
            ],
        ),
    ]);
}

/// A loaded parser.
#[derive(Debug, Clone)]
pub struct Parser {
    transitions: SparseModel,
    labels: SparseModel,
    rels: Vec<DepRel>,
}

/// Bundles the two models into one parser file.
pub fn parser_file(transitions: &SparseModel, labels: &SparseModel) -> Vec<u8> {
    let (a, b) = (transitions.to_bytes(), labels.to_bytes());
    let mut out = Vec::with_capacity(a.len() + b.len() + 20);
    out.extend_from_slice(FILE_MAGIC);
    out.extend_from_slice(&PARSER_FILE_VERSION.to_le_bytes());
    out.extend_from_slice(&(a.len() as u32).to_le_bytes());
    out.extend_from_slice(&a);
    out.extend_from_slice(&(b.len() as u32).to_le_bytes());
    out.extend_from_slice(&b);
    out
}

/// The parse of one sentence: heads (0-based word index, `None` = root) and relations.
pub type Parse = Vec<(Option<usize>, DepRel)>;

impl Parser {
    /// # Errors
    ///
    /// [`ModelError`] if the file is not a parser of this format and feature version.
    pub fn from_bytes(bytes: &[u8]) -> Result<Parser, ModelError> {
        if bytes.len() < 16 || &bytes[..8] != FILE_MAGIC {
            return Err(ModelError::Magic);
        }
        let truncated = || ModelError::Corrupt("truncated parser file".into());
        let u32_at = |at: usize| -> Result<usize, ModelError> {
            let b = bytes.get(at..at + 4).ok_or_else(truncated)?;
            Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
        };
        let version = u32_at(8)? as u32;
        if version != PARSER_FILE_VERSION {
            return Err(ModelError::FormatVersion {
                found: version,
                expected: PARSER_FILE_VERSION,
            });
        }
        let len1 = u32_at(12)?;
        let a = bytes.get(16..16 + len1).ok_or_else(truncated)?;
        let len2 = u32_at(16 + len1)?;
        let b = bytes
            .get(20 + len1..20 + len1 + len2)
            .ok_or_else(truncated)?;
        Parser::from_models(
            SparseModel::from_bytes(a, PARSER_KIND, PARSER_FEATURES)?,
            SparseModel::from_bytes(b, LABELLER_KIND, PARSER_FEATURES)?,
        )
    }

    /// # Errors
    ///
    /// [`ModelError::Corrupt`] if a label is not a relation casus knows.
    pub fn from_models(
        transitions: SparseModel,
        labels: SparseModel,
    ) -> Result<Parser, ModelError> {
        let rels = labels
            .header()
            .labels
            .iter()
            .map(|l| {
                DepRel::from_name(l)
                    .ok_or_else(|| ModelError::Corrupt(format!("unknown relation `{l}`")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Parser {
            transitions,
            labels,
            rels,
        })
    }

    pub fn transition_model(&self) -> &SparseModel {
        &self.transitions
    }

    pub fn label_model(&self) -> &SparseModel {
        &self.labels
    }

    /// Parses one sentence given its words and (UPOS, XPOS) tags.
    pub fn parse(&self, words: &[&str], tags: &[(Upos, Xpos)]) -> Parse {
        let info = WordInfo::sentence(words);
        let tags: Vec<u64> = tags.iter().map(|&t| tag_value(t)).collect();
        let words = Words {
            info: &info,
            tags: &tags,
        };
        let n = words.info.len();
        let mut st = State::new(n);
        let mut feats = Vec::with_capacity(80);
        let mut lfeats = Vec::with_capacity(24);
        let mut lscores = vec![0f32; self.rels.len()];
        while !st.is_final() {
            transition_features(&words, &st, &mut feats);
            let mut scores = [0f32; 3];
            self.transitions.score_into(&feats, &mut scores);
            let mut best = usize::MAX;
            for t in [SHIFT, LEFT, RIGHT] {
                if st.valid(t) && (best == usize::MAX || scores[t] > scores[best]) {
                    best = t;
                }
            }
            let label = match st.arc(best) {
                Some((h, d)) if best != SHIFT => {
                    label_features(&words, &st, h, d, &mut lfeats);
                    lscores.iter_mut().for_each(|s| *s = 0.0);
                    self.labels.score_into(&lfeats, &mut lscores);
                    argmax(&lscores) as u16
                }
                _ => 0,
            };
            st.apply(best, label);
        }
        (0..n)
            .map(|i| {
                let h = st.head[i] as usize;
                let head = (h != n).then_some(h);
                let rel = if head.is_none() {
                    DepRel::from_name("root").expect("root is a relation")
                } else {
                    self.rels[st.label[i] as usize]
                };
                (head, rel)
            })
            .collect()
    }
}

impl Stage for Parser {
    fn name(&self) -> &'static str {
        "parser"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences, Layer::Tags]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Deps]
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let Some(tags) = doc.tags() else {
            return Err(StageError::MissingLayer {
                stage: "parser",
                layer: Layer::Tags,
            });
        };
        let n = doc.tokens().map_or(0, |t| t.len());
        let mut deps = Deps {
            head: Vec::with_capacity(n),
            rel: Vec::with_capacity(n),
        };
        for s in doc.sentence_views() {
            let first = s.sentence().first_token.index();
            let words: Vec<&str> = s.tokens().map(|t| t.text()).collect();
            let pairs: Vec<(Upos, Xpos)> = (first..first + words.len())
                .map(|i| (tags.upos[i], tags.xpos[i]))
                .collect();
            for (head, rel) in self.parse(&words, &pairs) {
                deps.head
                    .push(head.map(|h| TokenIdx::from_usize(first + h)));
                deps.rel.push(rel);
            }
        }
        doc.set_deps(deps).map_err(|source| StageError::Layer {
            stage: "parser",
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitions_build_a_single_rooted_tree() {
        // "She left ." : left <- She, left -> ., root -> left.
        let mut st = State::new(3);
        assert!(!st.valid(LEFT) && !st.valid(RIGHT) && st.valid(SHIFT));
        st.apply(SHIFT, 0); // [She]
        st.apply(LEFT, 1); // She <- left
        st.apply(SHIFT, 0); // [left]
        st.apply(SHIFT, 0); // [left .], buffer at root
        assert!(!st.valid(SHIFT), "the root cannot be shifted");
        assert!(
            !st.valid(LEFT),
            "only the last stack item attaches to the root"
        );
        st.apply(RIGHT, 2); // left -> .
        assert!(st.valid(LEFT));
        st.apply(LEFT, 3); // root -> left
        assert!(st.is_final());
        assert_eq!(st.head, vec![1, 3, 1, NONE]);
        assert_eq!(st.lc[1][0], 0);
        assert_eq!(st.rc[1][0], 2);
    }
}
