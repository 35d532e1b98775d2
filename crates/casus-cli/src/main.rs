//! The `casus` binary: the only crate that uses `anyhow` and `clap`.

mod code;
mod dict;
mod eval;
mod ontology;
mod train;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "casus",
    version,
    about = "Open political event data from news: who did what to whom, where, when, and according to whom.",
    after_help = "Examples:\n  casus code examples/russia-airstrikes-isis-2015.txt --date 2015-09-29 --output pretty\n  casus code --input jsonl --output jsonl < docs.jsonl > events.jsonl\n  casus code news/ --output tsv\n  casus ontology cameo 154\n  casus ontology plover ASSAULT\n  casus ontology role MIL\n  casus eval syntax --gold en_ewt-ud-test.conllu --json"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read news and write its documents, sentences, tokens and events.
    Code(code::CodeArgs),
    /// Look up CAMEO codes, PLOVER types and actor role codes.
    Ontology(ontology::OntologyArgs),
    /// Check the actor dictionaries (`casus dict lint [PATH...]`).
    Dict(dict::DictArgs),
    /// Score casus against gold data (e.g. `casus eval syntax --gold test.conllu`).
    Eval(eval::EvalArgs),
    /// Train a model from UD treebanks (CoNLL-U) and record it in the model manifest.
    Train(train::TrainArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Code(args) => code::run(&args),
        Command::Ontology(args) => ontology::run(&args),
        Command::Train(args) => train::run(&args),
        Command::Eval(args) => eval::run(&args),
        Command::Dict(args) => dict::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (`casus code ... | head`) is not an error worth reporting.
            if err
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("casus: {err:#}");
            ExitCode::FAILURE
        }
    }
}
