//! Rebuilding a treebank's raw text, with gold spans, from its sentences.

use crate::Sentence;

/// One document's raw text and its gold segmentation, as byte ranges into `text`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawDocument {
    pub text: String,
    /// Syntactic words. A word of a multi-word token gets its substring of the token
    /// when the token spells it (`do` + `n't` in `don't`); otherwise the remainder of
    /// the token goes to the last word that fits (`it` + `s` in `its`).
    pub words: Vec<(usize, usize)>,
    /// Surface tokens (a multi-word token is one).
    pub tokens: Vec<(usize, usize)>,
    pub sentences: Vec<(usize, usize)>,
    /// For each sentence, the range of its words in `words`.
    pub sentence_words: Vec<(usize, usize)>,
}

/// Splits sentences into documents (`# newdoc`) and rebuilds each one's text as the
/// CoNLL 2018 shared task did: tokens joined by a space unless `SpaceAfter=No`,
/// sentences of a paragraph joined by a space, paragraphs (`# newpar`) separated by a
/// blank line.
pub fn raw_documents(sentences: &[Sentence]) -> Vec<RawDocument> {
    let mut docs: Vec<RawDocument> = Vec::new();
    let mut space_pending = false;
    for s in sentences {
        if s.starts_document() || docs.is_empty() {
            docs.push(RawDocument::default());
            space_pending = false;
        }
        let doc = docs.last_mut().expect("pushed above");
        if s.starts_paragraph() && !doc.text.is_empty() {
            doc.text.push_str("\n\n");
            space_pending = false;
        }
        if space_pending {
            doc.text.push(' ');
        }
        let sent_start = doc.text.len();
        let word_start = doc.words.len();
        let mut i = 0;
        while i < s.words.len() {
            let token_start = doc.text.len();
            if let Some(m) = s.multiword.iter().find(|m| m.first as usize == i + 1) {
                doc.text.push_str(&m.form);
                let form = m.form.as_str();
                let mut cursor = 0;
                let last = m.last as usize;
                for k in i..last {
                    let w = &s.words[k].form;
                    let rest = &form[cursor..];
                    let len = if k + 1 == last {
                        rest.len()
                    } else if rest.len() >= w.len()
                        && rest.is_char_boundary(w.len())
                        && rest[..w.len()].eq_ignore_ascii_case(w)
                    {
                        w.len()
                    } else {
                        0
                    };
                    if len > 0 {
                        doc.words
                            .push((token_start + cursor, token_start + cursor + len));
                    }
                    cursor += len;
                }
                doc.tokens.push((token_start, doc.text.len()));
                space_pending = m.space_after();
                i = last;
            } else {
                let w = &s.words[i];
                doc.text.push_str(&w.form);
                doc.words.push((token_start, doc.text.len()));
                doc.tokens.push((token_start, doc.text.len()));
                space_pending = w.space_after();
                i += 1;
            }
            if i < s.words.len() && space_pending {
                doc.text.push(' ');
            }
        }
        doc.sentences.push((sent_start, doc.text.len()));
        doc.sentence_words.push((word_start, doc.words.len()));
        // Sentences of one paragraph are joined by a space unless the last token of
        // the previous one says SpaceAfter=No: `space_pending` carries that over.
    }
    docs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;

    #[test]
    fn rebuilds_text_with_paragraphs_and_multiword_tokens() {
        let src = "# newdoc\n# newpar\n1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n1\tdo\t_\tX\tX\t_\t3\taux\t_\t_\n2\tn't\t_\tX\tX\t_\t3\tadvmod\t_\t_\n3\tgo\t_\tX\tX\t_\t0\troot\t_\tSpaceAfter=No\n4\t!\t_\tX\tX\t_\t3\tpunct\t_\t_\n\n1\tOK\t_\tX\tX\t_\t0\troot\t_\t_\n\n# newpar\n1\tBye\t_\tX\tX\t_\t0\troot\t_\t_\n\n";
        let docs = raw_documents(&parse("t", src).unwrap());
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(d.text, "don't go! OK\n\nBye");
        let words: Vec<&str> = d.words.iter().map(|&(s, e)| &d.text[s..e]).collect();
        assert_eq!(words, ["do", "n't", "go", "!", "OK", "Bye"]);
        let sents: Vec<&str> = d.sentences.iter().map(|&(s, e)| &d.text[s..e]).collect();
        assert_eq!(sents, ["don't go!", "OK", "Bye"]);
        assert_eq!(d.tokens.len(), 5);
    }
}
