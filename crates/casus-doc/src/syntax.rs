//! Syntactic annotation types: part-of-speech tags, dependency relations, and the
//! tag, lemma and dependency layers.
//!
//! Tags and relations are one-byte indices into fixed tables (UD's universal tags, the
//! Penn Treebank tags UD English uses, and the relations of UD English), so a layer is
//! a plain array and comparing tags compares bytes.

use serde::{Serialize, Serializer};
use std::fmt;

macro_rules! tag_table {
    ($(#[$doc:meta])* $name:ident, $table:ident, [$($tag:literal),* $(,)?]) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(u8);

        /// Every value, in index order.
        pub const $table: &[&str] = &[$($tag),*];

        impl $name {
            /// The tag with this spelling, if it is in the table.
            pub fn from_name(s: &str) -> Option<$name> {
                $table.iter().position(|t| *t == s).map(|i| $name(i as u8))
            }

            pub fn as_str(self) -> &'static str {
                $table[self.0 as usize]
            }

            pub fn index(self) -> usize {
                self.0 as usize
            }

            /// # Panics
            ///
            /// Panics if `i` is not an index of the table.
            pub fn from_index(i: usize) -> $name {
                assert!(i < $table.len(), "{} index {i} out of range", stringify!($name));
                $name(i as u8)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

tag_table!(
    /// A Universal Dependencies part-of-speech tag (UPOS).
    Upos,
    UPOS_TAGS,
    ["ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X"]
);

tag_table!(
    /// A language-specific tag (XPOS): for English, the Penn Treebank tags as UD English
    /// EWT uses them, plus its additions (ADD, AFX, GW, HYPH, NFP, XX).
    Xpos,
    XPOS_TAGS,
    ["$", "''", ",", "-LRB-", "-RRB-", ".", ":", "ADD", "AFX", "CC", "CD", "DT", "EX", "FW", "GW", "HYPH", "IN", "JJ", "JJR", "JJS", "LS", "MD", "NFP", "NN", "NNP", "NNPS", "NNS", "PDT", "POS", "PRP", "PRP$", "RB", "RBR", "RBS", "RP", "SYM", "TO", "UH", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "WDT", "WP", "WP$", "WRB", "``", "XX", "#"]
);

tag_table!(
    /// A Universal Dependencies relation, with the English subtypes.
    DepRel,
    DEP_RELS,
    [
        "acl", "acl:relcl", "advcl", "advcl:relcl", "advmod", "amod", "appos", "aux", "aux:pass", "case", "cc",
        "cc:preconj", "ccomp", "clf", "compound", "compound:prt", "conj", "cop", "csubj", "csubj:outer",
        "csubj:pass", "dep", "det", "det:predet", "discourse", "dislocated", "expl", "fixed", "flat",
        "flat:foreign", "goeswith", "iobj", "list", "mark", "nmod", "nmod:desc", "nmod:npmod", "nmod:poss",
        "nmod:tmod", "nmod:unmarked", "nsubj", "nsubj:outer", "nsubj:pass", "nummod", "obj", "obl",
        "obl:agent", "obl:npmod", "obl:tmod", "obl:unmarked", "orphan", "parataxis", "punct", "reparandum",
        "root", "vocative", "xcomp"
    ]
);

impl DepRel {
    /// The universal part ("nsubj" of "nsubj:pass").
    pub fn universal(self) -> &'static str {
        let s = self.as_str();
        s.split(':').next().unwrap_or(s)
    }
}

/// The tag layer: UPOS and XPOS per token.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tags {
    pub upos: Vec<Upos>,
    pub xpos: Vec<Xpos>,
}

/// The lemma layer: all lemmas in one string, each token a range of it (no
/// allocation per token).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lemmas {
    text: String,
    ranges: Vec<(u32, u32)>,
}

impl Lemmas {
    pub fn with_capacity(tokens: usize) -> Lemmas {
        Lemmas {
            text: String::with_capacity(tokens * 6),
            ranges: Vec::with_capacity(tokens),
        }
    }

    pub fn push(&mut self, lemma: &str) {
        let start = self.text.len() as u32;
        self.text.push_str(lemma);
        self.ranges.push((start, self.text.len() as u32));
    }

    pub fn len(&self) -> usize {
        self.ranges.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    pub fn get(&self, i: usize) -> &str {
        let (s, e) = self.ranges[i];
        &self.text[s as usize..e as usize]
    }
}

/// The dependency layer: each token's head (`None` for a sentence root) and relation.
/// Heads always lie in the token's own sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deps {
    pub head: Vec<Option<crate::TokenIdx>>,
    pub rel: Vec<DepRel>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_round_trip() {
        for (i, t) in UPOS_TAGS.iter().enumerate() {
            assert_eq!(Upos::from_name(t).unwrap().index(), i);
        }
        assert_eq!(Xpos::from_name("PRP$").unwrap().as_str(), "PRP$");
        assert_eq!(
            DepRel::from_name("nsubj:pass").unwrap().universal(),
            "nsubj"
        );
        assert!(Upos::from_name("NOUNS").is_none());
        assert!(XPOS_TAGS.len() < 256 && DEP_RELS.len() < 256);
    }

    #[test]
    fn lemmas_share_one_string() {
        let mut l = Lemmas::with_capacity(2);
        l.push("position");
        l.push("Russia");
        assert_eq!((l.get(0), l.get(1), l.len()), ("position", "Russia", 2));
    }
}

/// What kind of dictionary entry (or combination) a mention came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    /// A country name, adjective or demonym ("Russia", "Russian").
    Country,
    /// A capital or seat of power standing for a government ("the Kremlin").
    Metonym,
    Person,
    Organisation,
    /// A sector noun alone ("officials", "troops"): its country comes from context.
    Agent,
    /// A country (or organisation) with a sector noun ("Russian warplanes").
    Compound,
    /// A pronoun resolved to an earlier actor ("them", "its warplanes").
    Pronoun,
}

/// An actor mention: a token range with its actor code and where the code came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    pub first: crate::TokenIdx,
    pub end: crate::TokenIdx,
    /// The token the mention is about ("warplanes" in "Russian warplanes"), for reading
    /// its role off the parse.
    pub head: crate::TokenIdx,
    /// The actor code: `RUS`, `RUSMIL`, `IGOUNO`; an [`MentionKind::Agent`] alone has
    /// only its sector (`MIL`).
    pub code: String,
    pub kind: MentionKind,
    pub provenance: crate::Provenance,
}

/// Whether the text says an event happened, or something weaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    Asserted,
    /// Attributed second-hand ("is said to", "reportedly").
    Reported,
    /// Possible, not happened ("could", "may", "might", "would").
    Hypothetical,
    Future,
    /// Planned, threatened or wanted ("plans to", "threatened to").
    Intended,
}

/// A coded event: who did what to whom, in which sentence, triggered by which words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    pub sentence: crate::SentIdx,
    /// The trigger token (the verb or noun) and the span shown as the trigger.
    pub trigger: crate::TokenIdx,
    pub trigger_first: crate::TokenIdx,
    pub trigger_end: crate::TokenIdx,
    /// Indices into the document's mentions.
    pub source: Option<u32>,
    pub target: Option<u32>,
    /// The source's code when the text names no source but the event implies one
    /// ("300 were arrested": the police, `COP`); `source` is then `None`.
    pub implicit_source: Option<String>,
    /// The CAMEO event code, leading zero kept ("0311").
    pub cameo: String,
    pub negated: bool,
    pub modality: Modality,
    /// Who the text says reported the event ("X said Y attacked Z": X), if anyone.
    pub attribution: Option<Attribution>,
    pub provenance: crate::Provenance,
}

/// The source of reported speech: the speaker's words, its actor mention when the
/// speaker is a coded actor, and the cue word ("said", "according to").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attribution {
    pub first: crate::TokenIdx,
    pub end: crate::TokenIdx,
    /// Index into the document's mentions.
    pub mention: Option<u32>,
    pub cue: crate::TokenIdx,
}

/// A direct quotation: the quoted words and who said them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    /// The quoted text, without the quote marks.
    pub range: crate::TextRange,
    pub sentence: crate::SentIdx,
    pub speaker: Option<Attribution>,
    pub provenance: crate::Provenance,
}
