//! The shipped models on EWT dev (gold tokens, predicted tags), as `casus eval syntax`
//! computes it. Needs `../shared/data/ud-english-ewt/` (skip note without it; a failure
//! under `CI=true`).

use crate::shared::shared_dir;
use casus_syntax::{builtin, read_gold};

#[test]
fn shipped_models_on_ewt_dev() {
    let Some(shared) = shared_dir("EWT dev syntax scores") else {
        return;
    };
    let path = shared.join("data/ud-english-ewt/en_ewt-ud-dev.conllu");
    let gold = read_gold("dev", &std::fs::read_to_string(path).unwrap()).unwrap();
    let (tagger, lemmatizer, parser) = (
        builtin::tagger().unwrap(),
        builtin::lemmatizer().unwrap(),
        builtin::parser().unwrap(),
    );
    let (mut n, mut upos, mut lemma, mut uas, mut las) = (0usize, 0usize, 0usize, 0usize, 0usize);
    for g in &gold {
        let words = g.word_refs();
        let tags = tagger.tag(&words);
        let parse = parser.parse(&words, &tags);
        for i in 0..words.len() {
            n += 1;
            upos += usize::from(tags[i].0 == g.upos[i]);
            lemma += usize::from(lemmatizer.lemma(words[i], tags[i].0, tags[i].1) == g.lemmas[i]);
            let head_ok = parse[i].0.map_or(0, |h| h + 1) == g.heads[i] as usize;
            uas += usize::from(head_ok);
            las += usize::from(head_ok && parse[i].1.universal() == g.rels[i].universal());
        }
    }
    let pct = |x: usize| 100.0 * x as f64 / n as f64;
    let (upos, lemma, uas, las) = (pct(upos), pct(lemma), pct(uas), pct(las));
    eprintln!("EWT dev: UPOS {upos:.2} lemma {lemma:.2} UAS {uas:.2} LAS {las:.2} ({n} words)");
    // The syntax issue's targets (EWT test) are UPOS 96.0, lemma 97.0, UAS 88.0, LAS
    // 85.5; the tagger and lemmatizer meet "target minus one" on dev. The greedy
    // linear parser does not yet (dev UAS 84.6, LAS 80.9): these floors guard what it
    // reaches until the parser improves.
    assert!(upos >= 95.0, "UPOS {upos:.2} < 95.0");
    assert!(lemma >= 96.0, "lemma {lemma:.2} < 96.0");
    assert!(uas >= 84.0, "UAS {uas:.2} < 84.0");
    assert!(las >= 80.5, "LAS {las:.2} < 80.5");
}
