//! `casus eval syntax`: tagging, lemmatization and parsing scores on a CoNLL-U
//! treebank, as defined by the CoNLL 2018 shared task (punctuation included; LAS
//! compares universal relations, subtypes ignored).

use anyhow::{bail, Context, Result};
use casus::doc::TextRange;
use casus::{Casus, DocMeta};
use clap::{Args, Subcommand};
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Args)]
pub struct EvalArgs {
    #[command(subcommand)]
    what: What,
}

#[derive(Subcommand)]
enum What {
    /// Score the tagger, lemmatizer and parser against a gold treebank.
    #[command(
        after_help = "Examples:\n  casus eval syntax --gold ../shared/data/ud-english-ewt/en_ewt-ud-test.conllu\n  casus eval syntax --gold en_ewt-ud-test.conllu --raw --json"
    )]
    Syntax(SyntaxArgs),
}

#[derive(Args)]
struct SyntaxArgs {
    /// Gold treebank (CoNLL-U).
    #[arg(long)]
    gold: PathBuf,
    /// Start from the raw text (rebuilt from the treebank) instead of the gold tokens,
    /// and also score tokenization and sentence splitting.
    #[arg(long)]
    raw: bool,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

/// Counts for one metric: correct, and the gold and system totals (equal without --raw).
#[derive(Default, Clone, Copy)]
struct Count {
    correct: usize,
    gold: usize,
    system: usize,
}

impl Count {
    fn f1(self) -> f64 {
        if self.gold + self.system == 0 {
            return 0.0;
        }
        100.0 * 2.0 * self.correct as f64 / (self.gold + self.system) as f64
    }
}

#[derive(Default)]
struct Scores {
    tokens: Count,
    sentences: Count,
    upos: Count,
    xpos: Count,
    lemma: Count,
    uas: Count,
    las: Count,
}

impl Scores {
    fn totals(&mut self, gold: usize, system: usize) {
        for c in [
            &mut self.tokens,
            &mut self.upos,
            &mut self.xpos,
            &mut self.lemma,
            &mut self.uas,
            &mut self.las,
        ] {
            c.gold += gold;
            c.system += system;
        }
    }
}

pub fn run(args: &EvalArgs) -> Result<ExitCode> {
    match &args.what {
        What::Syntax(a) => syntax(a),
    }
}

fn syntax(a: &SyntaxArgs) -> Result<ExitCode> {
    let path = a.gold.display().to_string();
    let source = std::fs::read_to_string(&a.gold).with_context(|| format!("reading {path}"))?;
    let sentences = match casus_conllu::parse(&path, &source) {
        Ok(s) => s,
        Err(errors) => bail!(
            "{} problem(s) in {path}:\n{}",
            errors.len(),
            errors
                .iter()
                .take(20)
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        ),
    };
    let gold: Vec<casus_syntax::GoldSentence> = sentences
        .iter()
        .map(|s| {
            casus_syntax::GoldSentence::from_conllu(s)
                .map_err(|e| anyhow::anyhow!("{path}:{}: {e}", s.line))
        })
        .collect::<Result<_>>()?;
    // Models load before the clock starts: speed is for analysis, not start-up.
    let (scores, seconds) = if a.raw {
        let casus = Casus::new().context("loading the pipeline")?;
        let started = Instant::now();
        (
            raw_scores(&casus, &sentences, &gold)?,
            started.elapsed().as_secs_f64(),
        )
    } else {
        let models = (
            casus_syntax::builtin::tagger()?,
            casus_syntax::builtin::lemmatizer()?,
            casus_syntax::builtin::parser()?,
        );
        let started = Instant::now();
        (
            gold_token_scores(&gold, &models),
            started.elapsed().as_secs_f64(),
        )
    };
    let words: usize = gold.iter().map(|g| g.words.len()).sum();
    let tps = words as f64 / seconds.max(1e-9);
    let round = |x: f64| (x * 100.0).round() / 100.0;
    if a.json {
        let v = serde_json::json!({
            "upos": round(scores.upos.f1()), "xpos": round(scores.xpos.f1()), "lemma": round(scores.lemma.f1()),
            "uas": round(scores.uas.f1()), "las": round(scores.las.f1()),
            "tokens": round(scores.tokens.f1()), "sentences": round(scores.sentences.f1()),
            "seconds": (seconds * 1000.0).round() / 1000.0, "tokens_per_second": tps.round(),
        });
        println!("{v}");
    } else {
        println!(
            "{path}: {} sentences, {words} words{}",
            gold.len(),
            if a.raw {
                " (from raw text)"
            } else {
                " (gold tokens)"
            }
        );
        println!("  tokens     {:6.2}", scores.tokens.f1());
        println!("  sentences  {:6.2}", scores.sentences.f1());
        println!("  UPOS       {:6.2}", scores.upos.f1());
        println!("  XPOS       {:6.2}", scores.xpos.f1());
        println!("  lemma      {:6.2}", scores.lemma.f1());
        println!("  UAS        {:6.2}", scores.uas.f1());
        println!("  LAS        {:6.2}", scores.las.f1());
        println!("  {seconds:.2} s, {tps:.0} tokens/s on one core");
    }
    Ok(ExitCode::SUCCESS)
}

/// Tags, lemmatizes and parses the gold tokens, sentence by sentence.
fn gold_token_scores(
    gold: &[casus_syntax::GoldSentence],
    models: &(casus::Tagger, casus::Lemmatizer, casus::Parser),
) -> Scores {
    let (tagger, lemmatizer, parser) = models;
    let mut s = Scores::default();
    for g in gold {
        let words = g.word_refs();
        let tags = tagger.tag(&words);
        let parse = parser.parse(&words, &tags);
        let n = words.len();
        s.totals(n, n);
        s.tokens.correct += n;
        for i in 0..n {
            let (u, x) = tags[i];
            s.upos.correct += usize::from(u == g.upos[i]);
            s.xpos.correct += usize::from(x == g.xpos[i]);
            s.lemma.correct += usize::from(lemmatizer.lemma(&g.words[i], u, x) == g.lemmas[i]);
            let (head, rel) = parse[i];
            let head_ok = head.map_or(0, |h| h + 1) == g.heads[i] as usize;
            s.uas.correct += usize::from(head_ok);
            s.las.correct += usize::from(head_ok && rel.universal() == g.rels[i].universal());
        }
    }
    s.sentences = Count {
        correct: gold.len(),
        gold: gold.len(),
        system: gold.len(),
    };
    s
}

/// Runs the whole pipeline on the treebank's raw text and scores aligned words.
fn raw_scores(
    casus: &Casus,
    sentences: &[casus_conllu::Sentence],
    gold: &[casus_syntax::GoldSentence],
) -> Result<Scores> {
    let docs = casus_conllu::raw_documents(sentences);
    let mut s = Scores::default();
    let mut sent_index = 0;
    for (d, raw) in docs.iter().enumerate() {
        let meta = DocMeta {
            id: format!("doc{d}"),
            ..DocMeta::default()
        };
        let doc = casus.analyze(raw.text.clone(), meta)?;
        let tokens = doc
            .tokens()
            .map(|t| t.ranges().to_vec())
            .unwrap_or_default();
        // Gold words of this document, with their sentence-relative heads made absolute.
        let mut gold_words: Vec<(TextRange, usize)> = Vec::new(); // (span, sentence index)
        for (k, &(ws, we)) in raw.sentence_words.iter().enumerate() {
            for w in ws..we {
                let (a, b) = raw.words[w];
                gold_words.push((TextRange::from_usize(a, b), sent_index + k));
            }
        }
        let n_sent = raw.sentences.len();
        let sys_index: HashMap<TextRange, usize> =
            tokens.iter().enumerate().map(|(i, r)| (*r, i)).collect();
        let gold_index: HashMap<TextRange, usize> = gold_words
            .iter()
            .enumerate()
            .map(|(i, (r, _))| (*r, i))
            .collect();
        s.totals(gold_words.len(), tokens.len());
        let tags = doc.tags().expect("tagged");
        let deps = doc.deps().expect("parsed");
        let lemmas = doc.lemmas().expect("lemmatized");
        // Flatten gold annotation per document word.
        let mut flat: Vec<(usize, usize)> = Vec::new(); // (sentence, word index in sentence)
        for k in 0..n_sent {
            for w in 0..gold[sent_index + k].words.len() {
                flat.push((sent_index + k, w));
            }
        }
        let sent_first: Vec<usize> = {
            let mut v = Vec::new();
            let mut acc = 0;
            for k in 0..n_sent {
                v.push(acc);
                acc += gold[sent_index + k].words.len();
            }
            v
        };
        for (gi, (span, _)) in gold_words.iter().enumerate() {
            let Some(&ti) = sys_index.get(span) else {
                continue;
            };
            let (sk, w) = flat[gi];
            let g = &gold[sk];
            s.tokens.correct += 1;
            s.upos.correct += usize::from(tags.upos[ti] == g.upos[w]);
            s.xpos.correct += usize::from(tags.xpos[ti] == g.xpos[w]);
            s.lemma.correct += usize::from(lemmas.get(ti) == g.lemmas[w]);
            // The head is right when the system head aligns with the gold head word
            // (or both are roots).
            let gold_head = g.heads[w] as usize;
            let head_ok = match deps.head[ti] {
                None => gold_head == 0,
                Some(h) => {
                    gold_head != 0
                        && gold_index.get(&tokens[h.index()])
                            == Some(&(sent_first[sk - sent_index] + gold_head - 1))
                }
            };
            s.uas.correct += usize::from(head_ok);
            s.las.correct +=
                usize::from(head_ok && deps.rel[ti].universal() == g.rels[w].universal());
        }
        let sys_sents: Vec<TextRange> = doc
            .sentences()
            .unwrap_or(&[])
            .iter()
            .map(|x| x.range)
            .collect();
        let gold_sents: Vec<TextRange> = raw
            .sentences
            .iter()
            .map(|&(a, b)| TextRange::from_usize(a, b))
            .collect();
        let score = casus::text::eval::SpanScore::of(&gold_sents, &sys_sents);
        s.sentences.correct += score.correct;
        s.sentences.gold += score.gold;
        s.sentences.system += score.system;
        sent_index += n_sent;
    }
    Ok(s)
}
