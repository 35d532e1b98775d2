//! Segmentation measured against the raw text of UD English EWT dev and test.
//!
//! The raw text is rebuilt from the tokens and their `SpaceAfter=No` marks, sentences
//! joined by a space, paragraphs (`# newpar`) and documents separated by blank lines,
//! as the CoNLL 2018 shared task's raw input was. Gold "tokens" are EWT's syntactic
//! words (`do` `n't`), which is what casus's tokenizer produces.

use crate::shared::shared_dir;
use casus_doc::TextRange;
use casus_text::eval::SpanScore;
use casus_text::Segmenter;
use std::fmt::Write as _;

struct Gold {
    text: String,
    words: Vec<TextRange>,
    sentences: Vec<TextRange>,
}

/// Rebuilds one document's raw text and gold spans from CoNLL-U lines.
fn read_ewt(conllu: &str) -> Vec<Gold> {
    let mut docs: Vec<Gold> = Vec::new();
    let mut sent_start: Option<usize> = None;
    let mut mwt_end = 0usize; // last word id covered by a multi-word token
    let mut mwt: Option<(String, usize, usize)> = None; // form, start offset, last id
    let mut mwt_cursor = 0usize;
    let mut space_after = true;
    for line in conllu.lines() {
        if let Some(rest) = line.strip_prefix("# newdoc") {
            let _ = rest;
            docs.push(Gold {
                text: String::new(),
                words: Vec::new(),
                sentences: Vec::new(),
            });
            continue;
        }
        let doc = docs.last_mut().expect("EWT starts with # newdoc");
        if line.starts_with("# newpar") && !doc.text.is_empty() {
            doc.text.push_str("\n\n");
            space_after = false;
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        if line.is_empty() {
            if let Some(s) = sent_start.take() {
                doc.sentences.push(TextRange::from_usize(s, doc.text.len()));
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let id = cols[0];
        if id.contains('.') {
            continue; // empty nodes have no text
        }
        let inside_mwt = mwt.is_some() && !id.contains('-');
        if space_after && !inside_mwt && !doc.text.is_empty() && !doc.text.ends_with('\n') {
            doc.text.push(' ');
        }
        if let Some((first, last)) = id.split_once('-') {
            let (_, last): (usize, usize) = (first.parse().unwrap(), last.parse().unwrap());
            if sent_start.is_none() {
                sent_start = Some(doc.text.len());
            }
            let start = doc.text.len();
            doc.text.push_str(cols[1]);
            mwt = Some((cols[1].to_string(), start, last));
            mwt_cursor = start;
            mwt_end = last;
            space_after = !cols[9].contains("SpaceAfter=No");
            continue;
        }
        let word_id: usize = id.parse().unwrap();
        if let Some((form, start, last)) = &mwt {
            // A syntactic word inside a multi-word token: locate it in the token's form.
            let offset = mwt_cursor - start;
            let rest = &form[offset..];
            let len = if rest.to_lowercase().starts_with(&cols[1].to_lowercase()) {
                cols[1].len()
            } else {
                rest.len() // words that are not substrings ("its" = it + s): rest of token
            };
            let len = if word_id == *last {
                rest.len()
            } else {
                len.min(rest.len())
            };
            if len > 0 {
                doc.words
                    .push(TextRange::from_usize(mwt_cursor, mwt_cursor + len));
            }
            mwt_cursor += len;
            if word_id >= mwt_end {
                mwt = None;
            }
            continue;
        }
        if sent_start.is_none() {
            sent_start = Some(doc.text.len());
        }
        let start = doc.text.len();
        doc.text.push_str(cols[1]);
        doc.words.push(TextRange::from_usize(start, doc.text.len()));
        space_after = !cols[9].contains("SpaceAfter=No");
    }
    docs
}

fn evaluate(path: &std::path::Path, show_errors: bool) -> (SpanScore, SpanScore, String) {
    let conllu = std::fs::read_to_string(path).unwrap();
    let segmenter = Segmenter::new();
    let (mut tokens, mut sentences) = (SpanScore::default(), SpanScore::default());
    let mut report = String::new();
    for gold in read_ewt(&conllu) {
        let seg = segmenter.segment(&gold.text);
        let sys_sents: Vec<TextRange> = seg.sentences.iter().map(|s| s.range).collect();
        tokens.add(SpanScore::of(&gold.words, seg.tokens.ranges()));
        sentences.add(SpanScore::of(&gold.sentences, &sys_sents));
        if show_errors {
            let sys: std::collections::HashSet<_> = seg.tokens.ranges().iter().copied().collect();
            for w in &gold.words {
                if !sys.contains(w) {
                    let lo = w.start.saturating_sub(20) as usize;
                    let lo = (0..=lo)
                        .rev()
                        .find(|&i| gold.text.is_char_boundary(i))
                        .unwrap_or(0);
                    let hi = ((w.end + 20) as usize).min(gold.text.len());
                    let hi = (hi..=gold.text.len())
                        .find(|&i| gold.text.is_char_boundary(i))
                        .unwrap();
                    let _ = writeln!(
                        report,
                        "TOK {:?} in {:?}",
                        &gold.text[w.as_usize()],
                        &gold.text[lo..hi]
                    );
                }
            }
            let sys_s: std::collections::HashSet<_> = sys_sents.iter().copied().collect();
            for s in &gold.sentences {
                if !sys_s.contains(s) {
                    let _ = writeln!(report, "SENT {:?}", &gold.text[s.as_usize()]);
                }
            }
        }
    }
    (tokens, sentences, report)
}

#[test]
fn ewt_segmentation_scores() {
    let Some(shared) = shared_dir("EWT segmentation scores") else {
        return;
    };
    let show_errors = std::env::var_os("CASUS_SHOW_ERRORS").is_some();
    // Goals of the foundation issue on EWT test: token F1 >= 0.99, sentence F1 >= 0.90.
    // The token goal is met. The sentence floor below is what the rules reach today
    // (0.839 on test); EWT's web text has many sentences without final punctuation
    // inside one paragraph (e-mail headers, signatures, lists), which rules cannot
    // see. The floor guards against regressions until a learned boundary model lifts it.
    for (split, min_tok, min_sent) in [("dev", 0.99, 0.85), ("test", 0.99, 0.835)] {
        let path = shared.join(format!("data/ud-english-ewt/en_ewt-ud-{split}.conllu"));
        let (tok, sent, report) = evaluate(&path, show_errors);
        if show_errors {
            eprintln!("{report}");
        }
        eprintln!(
            "EWT {split}: token P {:.4} R {:.4} F1 {:.4} ({} gold) | sentence P {:.4} R {:.4} F1 {:.4} ({} gold)",
            tok.precision(),
            tok.recall(),
            tok.f1(),
            tok.gold,
            sent.precision(),
            sent.recall(),
            sent.f1(),
            sent.gold
        );
        assert!(
            tok.f1() >= min_tok,
            "EWT {split} token F1 {:.4} < {min_tok}",
            tok.f1()
        );
        assert!(
            sent.f1() >= min_sent,
            "EWT {split} sentence F1 {:.4} < {min_sent}",
            sent.f1()
        );
    }
}

#[test]
fn rebuilt_text_matches_ewt_text_lines() {
    // Guards the reconstruction itself: each gold sentence equals its `# text` line.
    let Some(shared) = shared_dir("EWT reconstruction") else {
        return;
    };
    let conllu =
        std::fs::read_to_string(shared.join("data/ud-english-ewt/en_ewt-ud-dev.conllu")).unwrap();
    let texts: Vec<&str> = conllu
        .lines()
        .filter_map(|l| l.strip_prefix("# text = "))
        .collect();
    let rebuilt: Vec<String> = read_ewt(&conllu)
        .iter()
        .flat_map(|d| {
            d.sentences
                .iter()
                .map(|s| d.text[s.as_usize()].to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(rebuilt.len(), texts.len());
    let mismatched = rebuilt
        .iter()
        .zip(&texts)
        .filter(|(a, b)| a.as_str() != b.trim())
        .count();
    assert!(
        mismatched * 100 <= texts.len(),
        "{mismatched} sentences differ from # text"
    );
}
