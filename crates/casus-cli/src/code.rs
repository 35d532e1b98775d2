//! `casus code`: read news, analyse it, write the results.

use anyhow::{Context, Result};
use casus::input::{self, DocSink, InputDoc, InputError, InputErrorKind, InputFormat};
use casus::output;
use casus::Casus;
use clap::{Args, ValueEnum};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
#[command(
    after_help = "Examples:\n  casus code article.txt --date 2015-09-29 --output pretty\n  casus code --input jsonl < docs.jsonl > out.jsonl\n  casus code archive/ --output tsv > events.tsv\n  casus code archive/ --output sentences --segment-only > sentences.tsv\n\nJSONL input lines carry `id`, `text` and optionally `date` (YYYY-MM-DD), `title`, `url`, `source`.\nEvery input line yields one output line, in order; a line that cannot be processed yields\n{\"id\": ..., \"error\": ..., \"events\": []}. Offsets in JSONL output are Unicode character offsets."
)]
pub struct CodeArgs {
    /// Files or directories to read (directories recursively); `-` or nothing reads standard input.
    paths: Vec<PathBuf>,
    /// How to read the input.
    #[arg(long, value_enum, default_value_t = Input::Auto)]
    input: Input,
    /// What to write.
    #[arg(long, value_enum, default_value_t = Output::Jsonl)]
    output: Output,
    /// Publication date (YYYY-MM-DD) for documents that carry none.
    #[arg(long, value_parser = parse_date)]
    date: Option<casus::doc::Date>,
    /// Only segment (paragraphs, sentences, tokens): no tagging, parsing or coding.
    #[arg(long)]
    segment_only: bool,
    /// Use the dictionaries in this directory (casus format, e.g. converted with `casus
    /// dict import-petrarch`) instead of the shipped files of the same kinds.
    #[arg(long)]
    dictionaries: Option<PathBuf>,
}

fn parse_date(s: &str) -> Result<casus::doc::Date, String> {
    s.parse().map_err(|e: casus::doc::DateError| e.to_string())
}

#[derive(Clone, Copy, ValueEnum)]
enum Input {
    /// By file extension, else by content.
    Auto,
    Text,
    Html,
    Jsonl,
}

#[derive(Clone, Copy, ValueEnum)]
enum Output {
    /// One JSON object per document (the batch contract).
    Jsonl,
    /// One GDELT-style row per event, tab-separated, with a header.
    Tsv,
    /// One row per sentence, tab-separated, with a header.
    Sentences,
    /// For reading at a terminal.
    Pretty,
    /// The parse as CoNLL-U (one block per sentence).
    Conllu,
}

struct Writer<'a, W: Write> {
    casus: &'a Casus,
    output: Output,
    date: Option<casus::doc::Date>,
    out: W,
    io_error: Option<std::io::Error>,
    documents: usize,
    errors: usize,
    unreadable: usize,
}

impl<W: Write> Writer<'_, W> {
    fn write(&mut self, f: impl FnOnce(&mut W, Output) -> std::io::Result<()>) {
        if self.io_error.is_none() {
            if let Err(e) = f(&mut self.out, self.output) {
                self.io_error = Some(e);
            }
        }
    }
}

impl<W: Write> DocSink for Writer<'_, W> {
    fn document(&mut self, input: InputDoc) {
        let InputDoc {
            origin,
            text,
            mut meta,
            warnings,
        } = input;
        for w in &warnings {
            eprintln!("casus: warning: {w}");
        }
        if meta.date.is_none() {
            meta.date = self.date;
        }
        let id = meta.id.clone();
        match self.casus.analyze(text, meta) {
            Ok(doc) => {
                self.documents += 1;
                self.write(|out, format| match format {
                    Output::Jsonl => output::write_jsonl(&doc, &warnings, out),
                    Output::Tsv => output::write_events_tsv(&doc, out),
                    Output::Sentences => output::write_sentences_tsv(&doc, out),
                    Output::Pretty => output::write_pretty(&doc, &warnings, out),
                    Output::Conllu => output::write_conllu(&doc, out),
                });
            }
            Err(e) => self.error(InputError {
                origin,
                id: Some(id),
                kind: InputErrorKind::Io(format!("analysis failed: {e}")),
            }),
        }
    }

    fn error(&mut self, err: InputError) {
        eprintln!("casus: {err}");
        self.errors += 1;
        if matches!(err.kind, InputErrorKind::Io(_)) && err.origin.line.is_none() {
            self.unreadable += 1;
        }
        if matches!(self.output, Output::Jsonl) {
            self.write(|out, _| output::write_error_jsonl(&err, out));
        }
    }
}

pub fn run(args: &CodeArgs) -> Result<ExitCode> {
    let casus = if args.segment_only {
        Casus::segmentation_only()
    } else if let Some(dir) = &args.dictionaries {
        Casus::with_dictionaries(crate::dict::load_dir(dir)?)
    } else {
        Casus::new()
    }
    .context("building the pipeline")?;
    let format = match args.input {
        Input::Auto => InputFormat::Auto,
        Input::Text => InputFormat::Text,
        Input::Html => InputFormat::Html,
        Input::Jsonl => InputFormat::Jsonl,
    };
    let stdout = std::io::stdout();
    let mut writer = Writer {
        casus: &casus,
        output: args.output,
        date: args.date,
        out: BufWriter::with_capacity(1 << 16, stdout.lock()),
        io_error: None,
        documents: 0,
        errors: 0,
        unreadable: 0,
    };
    match args.output {
        Output::Tsv => writer.write(|out, _| writeln!(out, "{}", output::EVENTS_TSV_HEADER)),
        Output::Sentences => {
            writer.write(|out, _| writeln!(out, "{}", output::SENTENCES_TSV_HEADER));
        }
        _ => {}
    }
    let paths: Vec<PathBuf> = if args.paths.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.paths.clone()
    };
    for path in &paths {
        if path.as_os_str() == "-" {
            input::read_stream(std::io::stdin().lock(), format, &mut writer);
        } else {
            input::read_path(path, format, &mut writer);
        }
        if writer.io_error.is_some() {
            break;
        }
    }
    if let Some(e) = writer.io_error.take() {
        return Err(e).context("writing output");
    }
    writer.out.flush().context("writing output")?;
    if writer.errors > 0 {
        eprintln!(
            "casus: {} document(s) written, {} input(s) with errors",
            writer.documents, writer.errors
        );
    }
    // Per-document problems are reported in the output and leave the exit status at 0
    // (the batch contract); an input that could not be read at all fails the run.
    Ok(if writer.unreadable > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
