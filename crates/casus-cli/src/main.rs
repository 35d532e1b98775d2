//! The `casus` binary: the only crate that uses `anyhow` and `clap`.

mod code;
mod dict;
mod dict_test;
mod eval;
mod geo;
mod ontology;
mod store;
mod train;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "casus",
    version,
    about = "Open political event data from news: who did what to whom, where, when, and according to whom.",
    after_help = "Examples:\n  casus code examples/russia-airstrikes-isis-2015.txt --date 2015-09-29 --output pretty\n  casus code --input jsonl --output jsonl < docs.jsonl > events.jsonl\n  casus code news/ --output tsv\n  casus ingest news/ --db news.db\n  casus query --db news.db --dyad RUS*,SYR* --from 2015-09-01\n  casus export --db news.db --format gdelt --out events.tsv\n  casus alerts --db news.db --level country\n  casus ontology cameo 154\n  casus ontology plover ASSAULT\n  casus ontology role MIL\n  casus geo lookup Tripoli\n  casus eval syntax --gold en_ewt-ud-test.conllu --json"
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
    /// Look up places in the gazetteer (`casus geo lookup Raqqa`).
    Geo(geo::GeoArgs),
    /// Check dictionaries (`casus dict lint`) and code their examples (`casus dict test`).
    Dict(dict::DictArgs),
    /// Score casus against gold data (e.g. `casus eval syntax --gold test.conllu`).
    Eval(eval::EvalArgs),
    /// Code news into the event store (SQLite), skipping what is already stored.
    Ingest(store::IngestArgs),
    /// Select stored events by actor, dyad, code, date, document or text.
    Query(store::QueryArgs),
    /// Export stored events as JSONL, CSV, the GDELT 2.0 event table or Parquet.
    Export(store::ExportArgs),
    /// Daily event series per actor pair (dyad).
    Dyads(store::DyadsArgs),
    /// Flag escalation in dyad series, with the events behind each alert.
    Alerts(store::AlertsArgs),
    /// Train a model from UD treebanks (CoNLL-U) and record it in the model manifest.
    Train(train::TrainArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Code(args) => code::run(&args),
        Command::Ontology(args) => ontology::run(&args),
        Command::Geo(args) => geo::run(&args),
        Command::Train(args) => train::run(&args),
        Command::Eval(args) => eval::run(&args),
        Command::Dict(args) => dict::run(&args),
        Command::Ingest(args) => store::ingest(&args),
        Command::Query(args) => store::query(&args),
        Command::Export(args) => store::export(&args),
        Command::Dyads(args) => store::dyads(&args),
        Command::Alerts(args) => store::alerts(&args),
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
