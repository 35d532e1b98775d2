//! Prints the most frequent tagging confusions of a tagger on a treebank:
//! `cargo run --release -p casus-syntax --example tag_errors -- tagger.bin gold.conllu`
use std::collections::HashMap;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let tagger = casus_syntax::Tagger::from_bytes(&std::fs::read(&args[1]).unwrap()).unwrap();
    let gold =
        casus_syntax::read_gold(&args[2], &std::fs::read_to_string(&args[2]).unwrap()).unwrap();
    let mut confusions: HashMap<(String, String), usize> = HashMap::new();
    let mut words: HashMap<String, usize> = HashMap::new();
    for g in &gold {
        for (i, (u, _)) in tagger.tag(&g.word_refs()).into_iter().enumerate() {
            if u != g.upos[i] {
                *confusions
                    .entry((g.upos[i].to_string(), u.to_string()))
                    .or_default() += 1;
                *words
                    .entry(format!("{} {}->{}", g.words[i], g.upos[i], u))
                    .or_default() += 1;
            }
        }
    }
    let mut c: Vec<_> = confusions.into_iter().collect();
    c.sort_by_key(|entry| std::cmp::Reverse(entry.1));
    for ((g, p), n) in c.iter().take(20) {
        println!("{n:5} gold {g:6} predicted {p}");
    }
    let mut w: Vec<_> = words.into_iter().collect();
    w.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for (k, n) in w.iter().take(40) {
        println!("{n:5} {k}");
    }
}
