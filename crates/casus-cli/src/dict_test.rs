//! `casus dict test`: code every dictionary example with the dictionaries as they are
//! on disk and compare with its expected codes.

use anyhow::{Context, Result};
use casus::Casus;
use casus_coder::dict::{DictFile, DictKind};
use std::path::PathBuf;
use std::process::ExitCode;

/// Runs the examples of `files` (already read and linted); returns the number of
/// examples and of failures, printing each failure as `path:line: T001: ...`.
pub fn run_examples(files: Vec<DictFile>) -> Result<(usize, usize)> {
    let casus = Casus::with_dictionaries(files.clone()).context("building the pipeline")?;
    let (mut examples, mut failures) = (0, 0);
    for file in &files {
        for entry in &file.entries {
            for example in &entry.examples {
                examples += 1;
                let doc = casus
                    .analyze_text("example", &example.sentence)
                    .with_context(|| format!("{}:{}", file.path, example.line.0))?;
                let problem = match file.kind {
                    DictKind::Verbs => {
                        let mut expect = example.code.split_whitespace();
                        let (source, cameo) =
                            (expect.next().unwrap_or(""), expect.next().unwrap_or(""));
                        let events = casus::record::event_records(&doc);
                        let found = events.iter().any(|e| {
                            e.cameo == cameo
                                && e.source.as_ref().map_or("---", |a| a.code.as_str()) == source
                        });
                        (!found).then(|| {
                            let got: Vec<String> = events
                                .iter()
                                .map(|e| {
                                    format!(
                                        "{} {}",
                                        e.source.as_ref().map_or("---", |a| a.code.as_str()),
                                        e.cameo
                                    )
                                })
                                .collect();
                            format!("expected {source} {cameo}, got [{}]", got.join(", "))
                        })
                    }
                    _ => {
                        let first = doc
                            .mentions()
                            .and_then(|m| m.first())
                            .map(|m| m.code.as_str());
                        (first != Some(example.code.as_str())).then(|| {
                            format!(
                                "expected first actor {}, got {}",
                                example.code,
                                first.unwrap_or("no actor")
                            )
                        })
                    }
                };
                if let Some(problem) = problem {
                    failures += 1;
                    println!(
                        "{}:{}: T001: example \"{}\": {problem}",
                        file.path, example.line.0, example.sentence
                    );
                }
            }
        }
    }
    Ok((examples, failures))
}

pub fn run(paths: &[PathBuf]) -> Result<ExitCode> {
    let mut files = Vec::new();
    let mut problems = 0;
    for file in super::dict::files(paths)? {
        let source = std::fs::read_to_string(&file)
            .with_context(|| format!("{}: cannot read", file.display()))?;
        match casus_coder::dict::parse(&file.display().to_string(), &source) {
            Ok(dict) => files.push(dict),
            Err(errors) => {
                problems += errors.len();
                for e in errors {
                    println!("{e}");
                }
            }
        }
    }
    if problems > 0 {
        eprintln!(
            "casus dict test: {problems} lint problem(s); fix them first (`casus dict lint`)"
        );
        return Ok(ExitCode::FAILURE);
    }
    let (examples, failures) = run_examples(files)?;
    eprintln!("casus dict test: {examples} example(s), {failures} failure(s)");
    Ok(if failures == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
