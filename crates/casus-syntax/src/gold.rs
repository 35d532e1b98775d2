//! Gold-annotated sentences read from CoNLL-U, for training and evaluation.

use casus_conllu::Sentence;
use casus_doc::{DepRel, Upos, Xpos};

/// One treebank sentence as casus uses it: syntactic words with their gold tags,
/// lemmas, heads (0 = root, else 1-based) and relations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldSentence {
    pub words: Vec<String>,
    pub upos: Vec<Upos>,
    pub xpos: Vec<Xpos>,
    pub lemmas: Vec<String>,
    pub heads: Vec<u32>,
    pub rels: Vec<DepRel>,
}

impl GoldSentence {
    /// Converts a CoNLL-U sentence.
    ///
    /// # Errors
    ///
    /// A message naming the word when a tag, head or relation is missing or unknown
    /// to casus (the caller adds the file and line).
    pub fn from_conllu(s: &Sentence) -> Result<GoldSentence, String> {
        let mut g = GoldSentence {
            words: Vec::with_capacity(s.words.len()),
            upos: Vec::with_capacity(s.words.len()),
            xpos: Vec::with_capacity(s.words.len()),
            lemmas: Vec::with_capacity(s.words.len()),
            heads: Vec::with_capacity(s.words.len()),
            rels: Vec::with_capacity(s.words.len()),
        };
        for (i, w) in s.words.iter().enumerate() {
            let err = |what: &str| format!("word {} `{}`: {what}", i + 1, w.form);
            g.words.push(w.form.clone());
            g.upos.push(
                Upos::from_name(&w.upos)
                    .ok_or_else(|| err(&format!("unknown UPOS `{}`", w.upos)))?,
            );
            g.xpos.push(
                Xpos::from_name(&w.xpos)
                    .ok_or_else(|| err(&format!("unknown XPOS `{}`", w.xpos)))?,
            );
            g.lemmas.push(w.lemma.clone());
            g.heads.push(w.head.ok_or_else(|| err("no HEAD"))?);
            g.rels.push(
                DepRel::from_name(&w.deprel)
                    .ok_or_else(|| err(&format!("unknown relation `{}`", w.deprel)))?,
            );
        }
        Ok(g)
    }

    pub fn word_refs(&self) -> Vec<&str> {
        self.words.iter().map(String::as_str).collect()
    }
}

/// Reads a CoNLL-U file into gold sentences, with every problem as `path:line`.
///
/// # Errors
///
/// All problems found (malformed lines, unknown tags), each naming file and line.
pub fn read_gold(path: &str, source: &str) -> Result<Vec<GoldSentence>, Vec<String>> {
    let sentences = casus_conllu::parse(path, source)
        .map_err(|e| e.iter().map(ToString::to_string).collect::<Vec<_>>())?;
    let mut out = Vec::with_capacity(sentences.len());
    let mut errors = Vec::new();
    for s in &sentences {
        match GoldSentence::from_conllu(s) {
            Ok(g) => out.push(g),
            Err(e) => errors.push(format!("{path}:{}: {e}", s.line)),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}
