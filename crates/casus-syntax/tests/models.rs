//! The shipped models: they load quickly, match the manifest, and keep their accuracy
//! on EWT dev.

use casus_syntax::builtin;
use std::time::Instant;

#[test]
fn shipped_models_load_and_match_the_manifest() {
    let started = Instant::now();
    let lexicon = casus_syntax::Lexicon::builtin();
    let t_lex = started.elapsed();
    let tagger = builtin::tagger().unwrap();
    let t_tag = started.elapsed();
    let lemmatizer = builtin::lemmatizer().unwrap();
    let t_lem = started.elapsed();
    let parser = builtin::parser().unwrap();
    let elapsed = started.elapsed();
    eprintln!("loaded lexicon ({} forms) {t_lex:?}, tagger {:?}, lemmatizer {:?}, parser {:?}: {elapsed:?} in all", lexicon.len(), t_tag - t_lex, t_lem - t_tag, elapsed - t_lem);
    let manifest = include_str!("../../../resources/models/MANIFEST.toml");
    for (name, bytes) in builtin::files() {
        let section = manifest
            .split(&format!("[{name}]"))
            .nth(1)
            .unwrap_or_else(|| panic!("no [{name}] in MANIFEST.toml"));
        let section = section.split("\n[").next().unwrap();
        let sha = casus_learn::sha256_hex(bytes);
        assert!(
            section.contains(&format!("sha256 = \"{sha}\"")),
            "{name}: MANIFEST.toml does not match the shipped file"
        );
        assert!(bytes.len() <= 25 << 20, "{name} is over 25 MB");
    }
    // A quick sanity parse.
    let words = [
        "The",
        "call",
        "was",
        "mocked",
        "by",
        "President",
        "Obama",
        ".",
    ];
    let tags = tagger.tag(&words);
    assert_eq!(tags[3].1.as_str(), "VBN");
    assert_eq!(lemmatizer.lemma("mocked", tags[3].0, tags[3].1), "mock");
    let parse = parser.parse(&words, &tags);
    assert_eq!(
        parse.iter().filter(|(h, _)| h.is_none()).count(),
        1,
        "one root"
    );
}

#[test]
fn news_verbs_lemmatize_for_event_patterns() {
    let tagger = builtin::tagger().unwrap();
    let lemmatizer = builtin::lemmatizer().unwrap();
    let cases = [
        (
            "Russia has positioned its warplanes .",
            "positioned",
            "position",
        ),
        ("The call was mocked by President Obama .", "mocked", "mock"),
        ("Fabius was egging Russia on .", "egging", "egg"),
        (
            "Russia has relocated its bombers .",
            "relocated",
            "relocate",
        ),
        (
            "They spite Iraq for agreeing to share .",
            "agreeing",
            "agree",
        ),
        ("Rebels shelled the city .", "shelled", "shell"),
        ("Troops were deployed .", "deployed", "deploy"),
    ];
    for (sentence, word, lemma) in cases {
        let words: Vec<&str> = sentence.split(' ').collect();
        let tags = tagger.tag(&words);
        let i = words.iter().position(|w| *w == word).unwrap();
        assert_eq!(
            lemmatizer.lemma(word, tags[i].0, tags[i].1),
            lemma,
            "{sentence}: tagged {:?}",
            tags[i]
        );
    }
}

#[test]
fn a_news_clause_ending_in_a_stop_gets_its_finite_verb() {
    let tagger = builtin::tagger().unwrap();
    // Without the constraint the tagger reads "shot" after an adverb as an adjective
    // (EWT has few such news clauses), leaving the sentence without a verb.
    let words: Vec<&str> = "Nigerian troops fatally shot six suspected militants in Maiduguri ."
        .split(' ')
        .collect();
    let tags = tagger.tag(&words);
    assert_eq!(
        (tags[3].0.as_str(), tags[3].1.as_str()),
        ("VERB", "VBD"),
        "{tags:?}"
    );
    // A fragment without a clause's frame keeps its tags.
    let words: Vec<&str> = "Best pizza in the whole town .".split(' ').collect();
    let tags = tagger.tag(&words);
    assert!(tags.iter().all(|t| t.0.as_str() != "VERB"), "{tags:?}");
}
