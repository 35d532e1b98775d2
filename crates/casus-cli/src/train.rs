//! `casus train`: learn the shipped models from UD treebanks and record them in
//! `MANIFEST.toml` (training data checksums, settings, scores, model checksum).

use anyhow::{Context, Result};
use casus_learn::sha256_hex;
use casus_text::train::{self as sbd, GoldText, TrainConfig};
use clap::{Args, Subcommand};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args)]
#[command(
    after_help = "Example (reproduces the shipped model):\n  casus train sentences --train ../shared/data/ud-english-ewt/en_ewt-ud-train.conllu \\\n      --dev ../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu \\\n      --test ../shared/data/ud-english-ewt/en_ewt-ud-test.conllu --out resources/models"
)]
pub struct TrainArgs {
    #[command(subcommand)]
    model: Model,
}

#[derive(Subcommand)]
enum Model {
    /// The sentence-boundary model of the segmenter.
    Sentences(SentenceArgs),
    /// The part-of-speech tagger (UPOS and XPOS).
    Tagger(SyntaxArgs),
    /// The lemmatizer (exception table and edit rules; scored with the shipped tagger).
    Lemmatizer(SyntaxArgs),
    /// The dependency parser (scored with gold tags per epoch, with the tagger at the end).
    Parser(SyntaxArgs),
}

#[derive(Args)]
struct SyntaxArgs {
    /// Training treebank (CoNLL-U).
    #[arg(long)]
    train: PathBuf,
    /// Development treebank: picks the best epoch.
    #[arg(long)]
    dev: PathBuf,
    /// Test treebank: scored once at the end, for the manifest.
    #[arg(long)]
    test: Option<PathBuf>,
    /// Output folder (the model file and MANIFEST.toml go there).
    #[arg(long)]
    out: PathBuf,
    #[arg(long, default_value_t = 12)]
    epochs: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Averaged weights below this magnitude are pruned from the saved model.
    #[arg(long, default_value_t = 0.05)]
    min_weight: f32,
}

#[derive(Args)]
struct SentenceArgs {
    /// Training treebank (CoNLL-U).
    #[arg(long)]
    train: PathBuf,
    /// Development treebank: picks the best epoch.
    #[arg(long)]
    dev: PathBuf,
    /// Test treebank: scored once at the end, for the manifest.
    #[arg(long)]
    test: Option<PathBuf>,
    /// Output folder (the model file and MANIFEST.toml go there).
    #[arg(long)]
    out: PathBuf,
    #[arg(long, default_value_t = 8)]
    epochs: usize,
    /// log2 of the feature table size.
    #[arg(long, default_value_t = 18)]
    bits: u32,
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// A treebank's text and the SHA-256 of its file.
fn read_treebank(path: &Path) -> Result<(String, String)> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let sha = sha256_hex(&bytes);
    let source =
        String::from_utf8(bytes).with_context(|| format!("{} is not UTF-8", path.display()))?;
    Ok((source, sha))
}

/// A treebank's problems as one error listing the first twenty (`path:line: message`).
fn treebank_problems<E: std::fmt::Display>(errors: &[E]) -> anyhow::Error {
    let shown: Vec<String> = errors.iter().take(20).map(ToString::to_string).collect();
    anyhow::anyhow!(
        "{} problem(s) in the treebank:\n{}",
        errors.len(),
        shown.join("\n")
    )
}

/// A treebank file as raw documents with gold sentence spans, plus its checksum.
fn read_gold(path: &Path) -> Result<(Vec<GoldText>, String)> {
    let (source, sha) = read_treebank(path)?;
    let sentences = casus_conllu::parse(&path.display().to_string(), &source)
        .map_err(|e| treebank_problems(&e))?;
    let docs = casus_conllu::raw_documents(&sentences)
        .into_iter()
        .map(|d| GoldText {
            sentences: d.sentences,
            text: d.text,
        })
        .collect();
    Ok((docs, sha))
}

pub fn run(args: &TrainArgs) -> Result<ExitCode> {
    match &args.model {
        Model::Sentences(a) => train_sentences(a),
        Model::Tagger(a) => train_tagger(a),
        Model::Lemmatizer(a) => train_lemmatizer(a),
        Model::Parser(a) => train_parser(a),
    }
}

fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn train_sentences(a: &SentenceArgs) -> Result<ExitCode> {
    let (train, train_sha) = read_gold(&a.train)?;
    let (dev, dev_sha) = read_gold(&a.dev)?;
    let config = TrainConfig {
        epochs: a.epochs,
        bits: a.bits,
        seed: a.seed,
    };
    let started = std::time::Instant::now();
    let rules_dev = sbd::sentence_score(&casus::Segmenter::rules_only(), &dev);
    eprintln!("rules only: dev sentence F1 {:.4}", rules_dev.f1());
    let trained = sbd::train(&train, &dev, config, |epoch, score| {
        eprintln!(
            "epoch {epoch}: dev sentence P {:.4} R {:.4} F1 {:.4}",
            score.precision(),
            score.recall(),
            score.f1()
        );
    });
    let mut model = trained.model;
    let segmenter = casus::text::Segmenter::with_parts(
        casus::text::Abbreviations::builtin().clone(),
        Some(model.clone()),
    );
    let test = match &a.test {
        Some(path) => {
            let (test, sha) = read_gold(path)?;
            Some((sbd::sentence_score(&segmenter, &test), sha, path))
        }
        None => None,
    };
    let info = &mut model.header_mut().info;
    info.insert("train".into(), file_name(&a.train).into());
    info.insert("best_epoch".into(), trained.best_epoch.into());
    info.insert("dev_sentence_f1".into(), round4(trained.dev.f1()).into());
    let bytes = model.to_bytes();
    std::fs::create_dir_all(&a.out)?;
    let file = "sentence-boundaries.bin";
    std::fs::write(a.out.join(file), &bytes)
        .with_context(|| format!("writing {}", a.out.join(file).display()))?;

    let mut section = String::new();
    let _ = writeln!(section, "[sentence-boundaries]");
    let _ = writeln!(section, "file = \"{file}\"");
    let _ = writeln!(section, "kind = \"{}\"", casus_text::boundary::MODEL_KIND);
    let _ = writeln!(
        section,
        "model_format_version = {}",
        casus_learn::MODEL_FORMAT_VERSION
    );
    let _ = writeln!(
        section,
        "features_version = {}",
        casus_text::boundary::FEATURES_VERSION
    );
    let _ = writeln!(section, "bytes = {}", bytes.len());
    let _ = writeln!(section, "sha256 = \"{}\"", sha256_hex(&bytes));
    let _ = writeln!(
        section,
        "method = \"averaged perceptron over hashed gap features, stacked on the rule splitter\""
    );
    let _ = writeln!(
        section,
        "training_data = \"{} (sha256 {train_sha})\"",
        file_name(&a.train)
    );
    let _ = writeln!(
        section,
        "dev_data = \"{} (sha256 {dev_sha})\"",
        file_name(&a.dev)
    );
    let _ = writeln!(
        section,
        "settings = {{ epochs = {}, bits = {}, seed = {}, best_epoch = {}, examples = {} }}",
        a.epochs, a.bits, a.seed, trained.best_epoch, trained.examples
    );
    let _ = writeln!(section, "dev_sentence_f1 = {:.4}", trained.dev.f1());
    let _ = writeln!(
        section,
        "dev_sentence_f1_rules_only = {:.4}",
        rules_dev.f1()
    );
    if let Some((score, sha, path)) = &test {
        let _ = writeln!(
            section,
            "test_data = \"{} (sha256 {sha})\"",
            file_name(path)
        );
        let _ = writeln!(section, "test_sentence_f1 = {:.4}", score.f1());
    }
    let _ = writeln!(
        section,
        "command = \"casus train sentences --train {} --dev {}{} --out {} --epochs {} --bits {} --seed {}\"",
        a.train.display(),
        a.dev.display(),
        a.test.as_ref().map_or(String::new(), |t| format!(" --test {}", t.display())),
        a.out.display(),
        a.epochs,
        a.bits,
        a.seed
    );
    update_manifest(
        &a.out.join("MANIFEST.toml"),
        "sentence-boundaries",
        &section,
    )?;
    eprintln!(
        "wrote {} ({} bytes) in {:.1}s; best epoch {}, dev F1 {:.4}{}",
        a.out.join(file).display(),
        bytes.len(),
        started.elapsed().as_secs_f64(),
        trained.best_epoch,
        trained.dev.f1(),
        test.as_ref().map_or(String::new(), |(s, _, _)| format!(
            ", test F1 {:.4}",
            s.f1()
        ))
    );
    Ok(ExitCode::SUCCESS)
}

fn round4(x: f64) -> f64 {
    (x * 10000.0).round() / 10000.0
}

/// Replaces the `[name]` section of the manifest (or appends it), keeping the others.
fn update_manifest(path: &Path, name: &str, section: &str) -> Result<()> {
    let existing = std::fs::read_to_string(path).unwrap_or_else(|_| {
        "# casus model manifest: one section per shipped model, written by `casus train`.\n# Each section records the training data (with checksums), settings, scores and\n# the command that reproduces the model.\n".to_string()
    });
    let mut out = String::new();
    let mut skipping = false;
    for line in existing.lines() {
        if line.starts_with('[') {
            skipping = line.trim() == format!("[{name}]");
            if skipping {
                continue;
            }
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    if !out.ends_with("\n\n") {
        out.push('\n');
    }
    out.push_str(section);
    std::fs::write(path, out).with_context(|| format!("writing {}", path.display()))
}

/// A treebank as gold sentences, plus the file's checksum.
fn read_syntax_gold(path: &Path) -> Result<(Vec<casus_syntax::GoldSentence>, String)> {
    let (source, sha) = read_treebank(path)?;
    let gold = casus_syntax::read_gold(&path.display().to_string(), &source)
        .map_err(|e| treebank_problems(&e))?;
    Ok((gold, sha))
}

/// What the manifest records about a trained syntax model.
struct ModelRecord<'a> {
    name: &'a str,
    file: &'a str,
    kind: &'a str,
    features_version: u32,
    bytes: &'a [u8],
    best_epoch: usize,
    seconds: f64,
    train_sha: &'a str,
    dev_sha: &'a str,
}

/// The manifest lines every syntax model shares.
fn syntax_section(r: &ModelRecord<'_>, a: &SyntaxArgs) -> String {
    let ModelRecord {
        name,
        file,
        kind,
        features_version,
        bytes,
        best_epoch,
        seconds,
        train_sha,
        dev_sha,
    } = *r;
    let mut section = String::new();
    let _ = writeln!(section, "[{name}]");
    let _ = writeln!(section, "file = \"{file}\"");
    let _ = writeln!(section, "kind = \"{kind}\"");
    let _ = writeln!(
        section,
        "model_format_version = {}",
        casus_learn::MODEL_FORMAT_VERSION
    );
    let _ = writeln!(section, "features_version = {features_version}");
    let _ = writeln!(section, "bytes = {}", bytes.len());
    let _ = writeln!(section, "sha256 = \"{}\"", sha256_hex(bytes));
    let _ = writeln!(
        section,
        "training_data = \"{} (sha256 {train_sha})\"",
        file_name(&a.train)
    );
    let _ = writeln!(
        section,
        "dev_data = \"{} (sha256 {dev_sha})\"",
        file_name(&a.dev)
    );
    let _ = writeln!(
        section,
        "settings = {{ epochs = {}, seed = {}, min_weight = {}, best_epoch = {best_epoch} }}",
        a.epochs, a.seed, a.min_weight
    );
    let _ = writeln!(section, "training_seconds = {seconds:.0}");
    let _ = writeln!(
        section,
        "command = \"casus train {name} --train {} --dev {}{} --out {} --epochs {} --seed {} --min-weight {}\"",
        a.train.display(),
        a.dev.display(),
        a.test.as_ref().map_or(String::new(), |t| format!(" --test {}", t.display())),
        a.out.display(),
        a.epochs,
        a.seed,
        a.min_weight
    );
    section
}

fn train_tagger(a: &SyntaxArgs) -> Result<ExitCode> {
    use casus_syntax::train::{score_tagger, train_tagger, TrainConfig as SyntaxConfig};
    let (train, train_sha) = read_syntax_gold(&a.train)?;
    let (dev, dev_sha) = read_syntax_gold(&a.dev)?;
    let started = std::time::Instant::now();
    let config = SyntaxConfig {
        epochs: a.epochs,
        seed: a.seed,
        min_weight: a.min_weight,
    };
    let trained = train_tagger(&train, &dev, config, |pass, epoch, s| {
        eprintln!(
            "{pass} epoch {epoch}: dev UPOS {:.2} XPOS {:.2} ({:.0}s)",
            100.0 * s.upos_acc(),
            100.0 * s.xpos_acc(),
            started.elapsed().as_secs_f64()
        );
    });
    let seconds = started.elapsed().as_secs_f64();
    let first = trained
        .first
        .as_ref()
        .expect("the tagger trainer returns both passes");
    let dictionary = casus_syntax::train::tag_dictionary(&train, &first.header().labels);
    let bytes = casus_syntax::tagger::tagger_file(first, &trained.model, &dictionary);
    let tagger = casus_syntax::Tagger::from_bytes(&bytes)?;
    std::fs::create_dir_all(&a.out)?;
    let file = "tagger.bin";
    std::fs::write(a.out.join(file), &bytes)?;
    let record = ModelRecord {
        name: "tagger",
        file,
        kind: casus_syntax::tagger::TAGGER_KIND,
        features_version: casus_syntax::tagger::TAGGER_FEATURES,
        bytes: &bytes,
        best_epoch: trained.best_epoch,
        seconds,
        train_sha: &train_sha,
        dev_sha: &dev_sha,
    };
    let mut section = syntax_section(&record, a);
    let _ = writeln!(
        section,
        "features = {{ first_pass = {}, second_pass = {} }}",
        first.n_features(),
        trained.model.n_features()
    );
    let _ = writeln!(
        section,
        "dev_upos = {:.2}\ndev_xpos = {:.2}",
        100.0 * trained.dev.upos_acc(),
        100.0 * trained.dev.xpos_acc()
    );
    let mut summary = format!(
        "dev UPOS {:.2} XPOS {:.2}",
        100.0 * trained.dev.upos_acc(),
        100.0 * trained.dev.xpos_acc()
    );
    if let Some(path) = &a.test {
        let (test, sha) = read_syntax_gold(path)?;
        let s = score_tagger(&tagger, &test);
        let _ = writeln!(
            section,
            "test_data = \"{} (sha256 {sha})\"\ntest_upos = {:.2}\ntest_xpos = {:.2}",
            file_name(path),
            100.0 * s.upos_acc(),
            100.0 * s.xpos_acc()
        );
        summary += &format!(
            ", test UPOS {:.2} XPOS {:.2}",
            100.0 * s.upos_acc(),
            100.0 * s.xpos_acc()
        );
    }
    update_manifest(&a.out.join("MANIFEST.toml"), "tagger", &section)?;
    eprintln!(
        "wrote {} ({} bytes, {} features) in {seconds:.0}s; best epoch {}, {summary}",
        a.out.join(file).display(),
        bytes.len(),
        first.n_features() + trained.model.n_features(),
        trained.best_epoch
    );
    Ok(ExitCode::SUCCESS)
}

fn train_lemmatizer(a: &SyntaxArgs) -> Result<ExitCode> {
    use casus_syntax::train::{score_lemmatizer, train_lemmatizer};
    let (train, train_sha) = read_syntax_gold(&a.train)?;
    let (dev, dev_sha) = read_syntax_gold(&a.dev)?;
    let started = std::time::Instant::now();
    let lemmatizer = train_lemmatizer(&train);
    let seconds = started.elapsed().as_secs_f64();
    let tagger = casus_syntax::Tagger::from_bytes(
        &std::fs::read(a.out.join("tagger.bin"))
            .context("the lemmatizer is scored with the tagger in --out; train the tagger first")?,
    )?;
    let pct = |(total, right): (usize, usize)| 100.0 * right as f64 / total.max(1) as f64;
    let dev_gold = pct(score_lemmatizer(&lemmatizer, None, &dev));
    let dev_pred = pct(score_lemmatizer(&lemmatizer, Some(&tagger), &dev));
    eprintln!(
        "dev lemma accuracy: {dev_gold:.2} with gold tags, {dev_pred:.2} with predicted tags"
    );
    let bytes = lemmatizer.to_bytes();
    casus_syntax::Lemmatizer::from_bytes(&bytes)?;
    let file = "lemmatizer.bin";
    std::fs::create_dir_all(&a.out)?;
    std::fs::write(a.out.join(file), &bytes)?;
    let record = ModelRecord {
        name: "lemmatizer",
        file,
        kind: casus_syntax::lemmatizer::LEMMATIZER_KIND,
        features_version: casus_syntax::lemmatizer::LEMMATIZER_FORMAT,
        bytes: &bytes,
        best_epoch: 0,
        seconds,
        train_sha: &train_sha,
        dev_sha: &dev_sha,
    };
    let mut section = syntax_section(&record, a);
    let _ = writeln!(
        section,
        "entries = {{ exceptions = {}, rules = {} }}",
        lemmatizer.data().exceptions.len(),
        lemmatizer.data().rules.len()
    );
    let _ = writeln!(
        section,
        "dev_lemma_gold_tags = {dev_gold:.2}\ndev_lemma = {dev_pred:.2}"
    );
    let mut summary = format!("dev {dev_pred:.2}");
    if let Some(path) = &a.test {
        let (test, sha) = read_syntax_gold(path)?;
        let t_gold = pct(score_lemmatizer(&lemmatizer, None, &test));
        let t_pred = pct(score_lemmatizer(&lemmatizer, Some(&tagger), &test));
        let _ = writeln!(section, "test_data = \"{} (sha256 {sha})\"\ntest_lemma_gold_tags = {t_gold:.2}\ntest_lemma = {t_pred:.2}", file_name(path));
        summary += &format!(", test {t_pred:.2} (gold tags {t_gold:.2})");
    }
    update_manifest(&a.out.join("MANIFEST.toml"), "lemmatizer", &section)?;
    eprintln!(
        "wrote {} ({} bytes); lemma accuracy with predicted tags: {summary}",
        a.out.join(file).display(),
        bytes.len()
    );
    Ok(ExitCode::SUCCESS)
}

fn train_parser(a: &SyntaxArgs) -> Result<ExitCode> {
    use casus_syntax::train::{score_parser, train_parser, TrainConfig as SyntaxConfig};
    let (train, train_sha) = read_syntax_gold(&a.train)?;
    let (dev, dev_sha) = read_syntax_gold(&a.dev)?;
    let started = std::time::Instant::now();
    let config = SyntaxConfig {
        epochs: a.epochs,
        seed: a.seed,
        min_weight: a.min_weight,
    };
    let tagger = casus_syntax::Tagger::from_bytes(
        &std::fs::read(a.out.join("tagger.bin"))
            .context("the parser is scored with the tagger in --out; train the tagger first")?,
    )?;
    let tag_config = SyntaxConfig {
        epochs: 8,
        ..config
    };
    let train_tags = casus_syntax::train::jackknife_tags(&train, tag_config);
    eprintln!(
        "jackknifed training tags ({:.0}s)",
        started.elapsed().as_secs_f64()
    );
    let dev_tags: Vec<Vec<(casus::doc::Upos, casus::doc::Xpos)>> =
        dev.iter().map(|g| tagger.tag(&g.word_refs())).collect();
    let (parser, best_epoch, dev_pred) =
        train_parser(&train, &train_tags, &dev, &dev_tags, config, |epoch, s| {
            eprintln!(
                "epoch {epoch}: dev UAS {:.2} LAS {:.2} ({:.0}s)",
                s.uas_pct(),
                s.las_pct(),
                started.elapsed().as_secs_f64()
            );
        });
    let seconds = started.elapsed().as_secs_f64();
    let dev_gold = score_parser(&parser, None, &dev);
    let file = "parser.bin";
    let bytes = casus_syntax::parser::parser_file(parser.transition_model(), parser.label_model());
    casus_syntax::Parser::from_bytes(&bytes)?;
    std::fs::create_dir_all(&a.out)?;
    std::fs::write(a.out.join(file), &bytes)?;
    let record = ModelRecord {
        name: "parser",
        file,
        kind: casus_syntax::parser::PARSER_KIND,
        features_version: casus_syntax::parser::PARSER_FEATURES,
        bytes: &bytes,
        best_epoch,
        seconds,
        train_sha: &train_sha,
        dev_sha: &dev_sha,
    };
    let mut section = syntax_section(&record, a);
    let _ = writeln!(
        section,
        "features = {{ transitions = {}, labels = {} }}",
        parser.transition_model().n_features(),
        parser.label_model().n_features()
    );
    let _ = writeln!(
        section,
        "dev_uas_gold_tags = {:.2}\ndev_las_gold_tags = {:.2}\ndev_uas = {:.2}\ndev_las = {:.2}",
        dev_gold.uas_pct(),
        dev_gold.las_pct(),
        dev_pred.uas_pct(),
        dev_pred.las_pct()
    );
    let mut summary = format!(
        "dev UAS {:.2} LAS {:.2}",
        dev_pred.uas_pct(),
        dev_pred.las_pct()
    );
    if let Some(path) = &a.test {
        let (test, sha) = read_syntax_gold(path)?;
        let t = score_parser(&parser, Some(&tagger), &test);
        let _ = writeln!(section, "test_data = \"{} (sha256 {sha})\"\ntest_uas = {:.2}\ntest_las = {:.2}\ntest_las_with_subtypes = {:.2}", file_name(path), t.uas_pct(), t.las_pct(), 100.0 * t.las_full as f64 / t.tokens.max(1) as f64);
        summary += &format!(", test UAS {:.2} LAS {:.2}", t.uas_pct(), t.las_pct());
    }
    update_manifest(&a.out.join("MANIFEST.toml"), "parser", &section)?;
    eprintln!("wrote {} ({} bytes) in {seconds:.0}s; best epoch {best_epoch}; with predicted tags: {summary}", a.out.join(file).display(), bytes.len());
    Ok(ExitCode::SUCCESS)
}
