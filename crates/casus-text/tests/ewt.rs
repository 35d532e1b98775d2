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

/// Rebuilds each document's raw text and gold spans (see `casus_conllu::raw_documents`).
fn read_ewt(path: &std::path::Path) -> Vec<Gold> {
    let source = std::fs::read_to_string(path).unwrap();
    let sentences = casus_conllu::parse(&path.display().to_string(), &source).unwrap();
    let spans = |v: &[(usize, usize)]| {
        v.iter()
            .map(|&(s, e)| TextRange::from_usize(s, e))
            .collect()
    };
    casus_conllu::raw_documents(&sentences)
        .into_iter()
        .map(|d| Gold {
            words: spans(&d.words),
            sentences: spans(&d.sentences),
            text: d.text,
        })
        .collect()
}

fn evaluate(path: &std::path::Path, show_errors: bool) -> (SpanScore, SpanScore, String) {
    let segmenter = Segmenter::new();
    let (mut tokens, mut sentences) = (SpanScore::default(), SpanScore::default());
    let mut report = String::new();
    for gold in read_ewt(path) {
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
    // The token goal is met. Sentences reach 0.879 (rules alone: 0.839): most of what
    // is left are sentences without any final punctuation inside one paragraph (e-mail
    // headers, signatures, lists of names), whose line breaks EWT's raw text has lost.
    // The floors below guard against regressions.
    for (split, min_tok, min_sent) in [("dev", 0.99, 0.885), ("test", 0.99, 0.875)] {
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
    let path = shared.join("data/ud-english-ewt/en_ewt-ud-dev.conllu");
    let source = std::fs::read_to_string(&path).unwrap();
    let sentences = casus_conllu::parse("dev", &source).unwrap();
    let texts: Vec<&str> = sentences.iter().map(|s| s.text().unwrap()).collect();
    let rebuilt: Vec<String> = read_ewt(&path)
        .iter()
        .flat_map(|d| {
            d.sentences
                .iter()
                .map(|s| d.text[s.as_usize()].to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(rebuilt.len(), texts.len());
    let mismatched: Vec<_> = rebuilt
        .iter()
        .zip(&texts)
        .filter(|(a, b)| a.as_str() != b.trim())
        .collect();
    assert!(
        mismatched.is_empty(),
        "{} sentences differ from # text: {:?}",
        mismatched.len(),
        &mismatched[..mismatched.len().min(3)]
    );
}
