//! The store commands: `ingest`, `query`, `export`, `dyads`, `alerts`.

use anyhow::{bail, Context, Result};
use casus::input::InputFormat;
use casus::Casus;
use casus_store::dyads::{AlertMethod, AlertOptions, DyadLevel};
use casus_store::export::{self, Format};
use casus_store::ingest::{IngestOptions, IngestStats, Progress};
use casus_store::query::EventFilter;
use casus_store::Store;
use clap::{Args, ValueEnum};
use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// The database every store command uses.
#[derive(Args)]
pub struct DbArg {
    /// The casus database (SQLite).
    #[arg(long, default_value = "casus.db", global = true)]
    db: PathBuf,
}

#[derive(Args)]
#[command(
    after_help = "Examples:\n  casus ingest archive/ --db news.db\n  casus ingest 2016-*.jsonl.gz --date 2016-01-01 --jobs 2\n\nInputs: text, HTML and JSONL files, directories (recursively), gzip (.gz) and zstd (.zst)\ncompressed files, `-` for standard input. A document whose text is already stored is\nskipped, so running the same ingest twice stores nothing twice; an interrupted ingest\nresumes where its last committed batch ended."
)]
pub struct IngestArgs {
    /// Files or directories to ingest; `-` reads standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    db: DbArg,
    /// Worker threads (default: all cores).
    #[arg(long)]
    jobs: Option<usize>,
    /// Documents per transaction.
    #[arg(long, default_value_t = 256)]
    batch: usize,
    /// Publication date (YYYY-MM-DD) for documents that carry none.
    #[arg(long, value_parser = parse_date)]
    date: Option<casus::doc::Date>,
    /// Read every input as this format instead of guessing.
    #[arg(long, value_enum)]
    input: Option<InputKind>,
    /// Plain log lines instead of a progress bar, even on a terminal.
    #[arg(long)]
    no_progress: bool,
    /// Seconds between plain progress lines (when there is no progress bar).
    #[arg(long, default_value_t = 5.0)]
    log_interval: f64,
    /// Use the dictionaries in this directory instead of the shipped files of the
    /// same kinds (see `casus dict import-petrarch`).
    #[arg(long)]
    dictionaries: Option<PathBuf>,
}

fn parse_date(s: &str) -> Result<casus::doc::Date, String> {
    s.parse().map_err(|e: casus::doc::DateError| e.to_string())
}

#[derive(Clone, Copy, ValueEnum)]
enum InputKind {
    Text,
    Html,
    Jsonl,
}

/// Progress on a terminal: a bar; otherwise a log line every few seconds.
struct Reporter {
    bar: Option<indicatif::ProgressBar>,
    last_log: Instant,
    log_interval: Duration,
    problems: u64,
}

impl Reporter {
    fn message(stats: &IngestStats) -> String {
        format!(
            "{} stored, {} skipped, {} errors, {} events | {:.0} docs/s, {:.0} events/s",
            stats.stored,
            stats.skipped,
            stats.errors,
            stats.events,
            stats.documents_per_second(),
            stats.events_per_second()
        )
    }
}

impl Progress for Reporter {
    fn update(&mut self, stats: &IngestStats) {
        if let Some(bar) = &self.bar {
            if let Some(n) = stats.expected {
                bar.set_length(n);
            }
            bar.set_position(stats.read);
            bar.set_message(Reporter::message(stats));
        } else if self.last_log.elapsed() >= self.log_interval {
            self.last_log = Instant::now();
            let eta = stats
                .eta()
                .map(|d| format!(", ETA {}s", d.as_secs()))
                .unwrap_or_default();
            let of = stats.expected.map(|n| format!("/{n}")).unwrap_or_default();
            eprintln!(
                "casus: ingest: {}{of} read, {}{eta}",
                stats.read,
                Reporter::message(stats)
            );
        }
    }

    fn problem(&mut self, message: &str) {
        self.problems += 1;
        match &self.bar {
            Some(bar) => bar.println(format!("casus: {message}")),
            None => eprintln!("casus: {message}"),
        }
    }
}

pub fn ingest(args: &IngestArgs) -> Result<ExitCode> {
    let casus = match &args.dictionaries {
        Some(dir) => Casus::with_dictionaries(crate::dict::load_dir(dir)?),
        None => Casus::new(),
    }
    .context("building the pipeline")?;
    let mut store = Store::open(&args.db.db)?;
    let options = IngestOptions {
        jobs: args
            .jobs
            .unwrap_or_else(|| IngestOptions::default().jobs)
            .max(1),
        batch_size: args.batch.max(1),
        format: match args.input {
            None => InputFormat::Auto,
            Some(InputKind::Text) => InputFormat::Text,
            Some(InputKind::Html) => InputFormat::Html,
            Some(InputKind::Jsonl) => InputFormat::Jsonl,
        },
        default_date: args.date,
        ..IngestOptions::default()
    };
    let bar = (!args.no_progress && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} docs, ETA {eta} | {msg}")
                .expect("valid template"),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    });
    if !(args.log_interval >= 0.0 && args.log_interval.is_finite()) {
        bail!(
            "--log-interval {}: expected a number of seconds, 0 or more",
            args.log_interval
        );
    }
    let mut reporter = Reporter {
        bar,
        last_log: Instant::now(),
        log_interval: Duration::from_secs_f64(args.log_interval),
        problems: 0,
    };
    let stats =
        casus_store::ingest::ingest(&mut store, &casus, &args.paths, &options, &mut reporter)?;
    if let Some(bar) = &reporter.bar {
        bar.finish_and_clear();
    }
    let (documents, events, clusters) = store.counts()?;
    eprintln!(
        "casus: ingest done in {:.1}s: {} read, {} stored, {} already stored, {} errors, {} events ({:.0} docs/s, {:.0} events/s with {} jobs)",
        stats.elapsed.as_secs_f64(),
        stats.read,
        stats.stored,
        stats.skipped,
        stats.errors,
        stats.events,
        stats.documents_per_second(),
        stats.events_per_second(),
        options.jobs,
    );
    eprintln!(
        "casus: {}: {documents} documents, {events} events, {clusters} distinct events after dedup",
        store.path().display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Event selection, shared by `query`, `export`, `dyads` and `alerts`.
#[derive(Args, Clone)]
pub struct FilterArgs {
    /// Either side of the event: a code or a pattern (`RUSMIL`, `RUS*`, `*MIL`).
    #[arg(long)]
    actor: Option<String>,
    /// The source (who acted).
    #[arg(long)]
    source: Option<String>,
    /// The target (who was acted upon).
    #[arg(long)]
    target: Option<String>,
    /// A dyad `SOURCE,TARGET` (patterns allowed: `RUS*,SYR*`).
    #[arg(long)]
    dyad: Option<String>,
    /// A CAMEO code or root and everything under it (`19`, `190`, `0311`).
    #[arg(long)]
    cameo: Option<String>,
    /// QuadClass 1-4.
    #[arg(long)]
    quad: Option<u8>,
    /// PLOVER event type (`ASSAULT`).
    #[arg(long)]
    plover: Option<String>,
    /// First date (YYYY-MM-DD, inclusive).
    #[arg(long)]
    from: Option<String>,
    /// Last date (YYYY-MM-DD, inclusive).
    #[arg(long)]
    to: Option<String>,
    /// A document id.
    #[arg(long)]
    doc: Option<String>,
    /// Words in the document's title or text.
    #[arg(long)]
    text: Option<String>,
    /// Leave out negated events.
    #[arg(long)]
    no_negated: bool,
    /// One row per deduplicated event (its earliest report) instead of one per
    /// report; the GDELT export always works so.
    #[arg(long)]
    dedup: bool,
    /// At most this many events.
    #[arg(long)]
    limit: Option<u64>,
}

impl FilterArgs {
    fn filter(&self) -> Result<EventFilter> {
        let (mut source, mut target) = (self.source.clone(), self.target.clone());
        if let Some(dyad) = &self.dyad {
            let Some((s, t)) = dyad.split_once(',') else {
                bail!("--dyad `{dyad}`: expected SOURCE,TARGET (e.g. RUS*,SYR*)");
            };
            if source.is_some() || target.is_some() {
                bail!("--dyad cannot be combined with --source or --target");
            }
            source = Some(s.trim().to_string());
            target = Some(t.trim().to_string());
        }
        Ok(EventFilter {
            actor: self.actor.clone(),
            source,
            target,
            cameo: self.cameo.clone(),
            quad_class: self.quad,
            plover: self.plover.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            document: self.doc.clone(),
            text: self.text.clone(),
            exclude_negated: self.no_negated,
            one_per_cluster: self.dedup,
            limit: self.limit,
        })
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum QueryFormat {
    Table,
    Jsonl,
    Csv,
}

#[derive(Args)]
#[command(
    after_help = "Examples:\n  casus query --dyad RUS*,SYR* --from 2015-09-01 --to 2015-10-31\n  casus query --actor IMGMUSISI --cameo 19 --format csv\n  casus query --plover ASSAULT --quad 4 --format jsonl --limit 100"
)]
pub struct QueryArgs {
    #[command(flatten)]
    filter: FilterArgs,
    #[command(flatten)]
    db: DbArg,
    #[arg(long, value_enum, default_value_t = QueryFormat::Table)]
    format: QueryFormat,
}

pub fn query(args: &QueryArgs) -> Result<ExitCode> {
    let store = Store::open_read_only(&args.db.db)?;
    let filter = args.filter.filter()?;
    let format = match args.format {
        QueryFormat::Table => Format::Table,
        QueryFormat::Jsonl => Format::Jsonl,
        QueryFormat::Csv => Format::Csv,
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    export::export(&store, &filter, format, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    /// One event per line: the CONTRACT's fields plus document and report counts.
    Jsonl,
    Csv,
    /// The GDELT 2.0 event table's 61 columns, tab-separated.
    Gdelt,
    /// Parquet files partitioned by date under --out (a directory).
    Parquet,
}

#[derive(Args)]
#[command(
    after_help = "Examples:\n  casus export --format gdelt --out events.tsv\n  casus export --format parquet --out events/   # events/date=2015-09-30/part-0.parquet\n  casus export --format jsonl --actor RUS* | jq .cameo"
)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    format: ExportFormat,
    /// Output file (a directory for parquet); standard output when absent.
    #[arg(long)]
    out: Option<PathBuf>,
    #[command(flatten)]
    filter: FilterArgs,
    #[command(flatten)]
    db: DbArg,
}

pub fn export(args: &ExportArgs) -> Result<ExitCode> {
    let store = Store::open_read_only(&args.db.db)?;
    let filter = args.filter.filter()?;
    let format = match args.format {
        ExportFormat::Jsonl => Format::Jsonl,
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Gdelt => Format::Gdelt,
        ExportFormat::Parquet => {
            let Some(dir) = &args.out else {
                bail!("--format parquet writes a directory of files: give it with --out DIR");
            };
            let summary = casus_store::parquet::export_parquet(&store, &filter, dir)?;
            eprintln!(
                "casus: {} events in {} Parquet files under {}",
                summary.events,
                summary.files.len(),
                dir.display()
            );
            return Ok(ExitCode::SUCCESS);
        }
    };
    let n = match &args.out {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("{}: cannot create", path.display()))?;
            let mut out = BufWriter::new(file);
            let n = export::export(&store, &filter, format, &mut out)?;
            out.flush()
                .with_context(|| format!("{}: cannot write", path.display()))?;
            n
        }
        None => {
            let mut out = BufWriter::new(std::io::stdout().lock());
            let n = export::export(&store, &filter, format, &mut out)?;
            out.flush()?;
            n
        }
    };
    eprintln!("casus: {n} events exported");
    Ok(ExitCode::SUCCESS)
}

#[derive(Clone, Copy, ValueEnum)]
enum Level {
    /// Full actor codes (RUSMIL → SYRREB).
    Code,
    /// Countries only (RUS → SYR).
    Country,
}

#[derive(Clone, Copy, ValueEnum)]
enum SeriesFormat {
    Table,
    Csv,
    Jsonl,
}

#[derive(Args)]
#[command(
    after_help = "Counts deduplicated events that happened (not negated, not hypothetical), per\nday and ordered actor pair.\n\nExamples:\n  casus dyads --level country --from 2015-09-01\n  casus dyads --dyad RUS*,SYR* --format csv"
)]
pub struct DyadsArgs {
    #[arg(long, value_enum, default_value_t = Level::Code)]
    level: Level,
    #[arg(long, value_enum, default_value_t = SeriesFormat::Table)]
    format: SeriesFormat,
    #[command(flatten)]
    filter: FilterArgs,
    #[command(flatten)]
    db: DbArg,
}

fn level(l: Level) -> DyadLevel {
    match l {
        Level::Code => DyadLevel::Code,
        Level::Country => DyadLevel::Country,
    }
}

pub fn dyads(args: &DyadsArgs) -> Result<ExitCode> {
    let store = Store::open_read_only(&args.db.db)?;
    let series = store.dyad_series(&args.filter.filter()?, level(args.level))?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    match args.format {
        SeriesFormat::Jsonl => {
            for day in &series {
                serde_json::to_writer(&mut out, day)?;
                writeln!(out)?;
            }
        }
        SeriesFormat::Csv | SeriesFormat::Table => {
            let sep = if matches!(args.format, SeriesFormat::Csv) {
                ","
            } else {
                "\t"
            };
            let header = [
                "date",
                "source",
                "target",
                "verbal_coop",
                "material_coop",
                "verbal_conflict",
                "material_conflict",
                "events",
                "mentions",
                "goldstein_sum",
                "goldstein_mean",
            ];
            writeln!(out, "{}", header.join(sep))?;
            for d in &series {
                writeln!(
                    out,
                    "{}{sep}{}{sep}{}{sep}{}{sep}{}{sep}{}{sep}{}{sep}{}{sep}{}{sep}{:.1}{sep}{:.2}",
                    d.date,
                    d.source,
                    d.target,
                    d.quad[0],
                    d.quad[1],
                    d.quad[2],
                    d.quad[3],
                    d.events,
                    d.mentions,
                    d.goldstein_sum,
                    d.goldstein_mean
                )?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Clone, Copy, ValueEnum)]
enum Method {
    /// Today against the mean and deviation of the previous --window days.
    Zscore,
    /// Cumulative sum of standardised excesses: catches gradual build-ups.
    Cusum,
}

#[derive(Args)]
#[command(
    after_help = "Watches each dyad's daily material-conflict count and conflict intensity (minus\nthe Goldstein sum) against its own past, and lists the events behind every alert.\n\nExamples:\n  casus alerts --level country\n  casus alerts --method cusum --threshold 4 --dyad RUS*,SYR*"
)]
pub struct AlertsArgs {
    #[arg(long, value_enum, default_value_t = Method::Zscore)]
    method: Method,
    /// Baseline length in days.
    #[arg(long, default_value_t = 28)]
    window: usize,
    /// Days of history before a dyad may alert.
    #[arg(long, default_value_t = 7)]
    min_history: usize,
    /// z-score threshold, or the CUSUM decision interval.
    #[arg(long, default_value_t = 3.0)]
    threshold: f64,
    /// Material-conflict events a day needs before it may alert.
    #[arg(long, default_value_t = 3)]
    min_events: i64,
    #[arg(long, value_enum, default_value_t = Level::Code)]
    level: Level,
    /// Write alerts as JSON lines.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    filter: FilterArgs,
    #[command(flatten)]
    db: DbArg,
}

pub fn alerts(args: &AlertsArgs) -> Result<ExitCode> {
    let store = Store::open_read_only(&args.db.db)?;
    let options = AlertOptions {
        method: match args.method {
            Method::Zscore => AlertMethod::ZScore,
            Method::Cusum => AlertMethod::Cusum,
        },
        window: args.window.max(1),
        min_history: args.min_history,
        threshold: args.threshold,
        min_events: args.min_events,
        level: level(args.level),
        ..AlertOptions::default()
    };
    let alerts = store.alerts(&args.filter.filter()?, &options)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    for a in &alerts {
        if args.json {
            serde_json::to_writer(&mut out, a)?;
            writeln!(out)?;
            continue;
        }
        writeln!(
            out,
            "{} {} -> {}: {} {:.1} against a baseline of {:.1} ± {:.1} (score {:.1})",
            a.date, a.source, a.target, a.metric, a.value, a.baseline_mean, a.baseline_sd, a.score
        )?;
        for e in &a.events {
            writeln!(
                out,
                "    {} {:>5} {:<24} {} (event {}, {} report{})",
                e.cameo,
                e.goldstein.map(|g| format!("{g:.1}")).unwrap_or_default(),
                e.trigger,
                e.document_id,
                e.event_id,
                e.mentions,
                if e.mentions == 1 { "" } else { "s" }
            )?;
        }
    }
    if !args.json {
        writeln!(out, "({} alerts)", alerts.len())?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
