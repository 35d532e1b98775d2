//! `casus ingest`: read a news archive, code it in parallel, store it.
//!
//! Three kinds of threads meet at bounded channels, so memory stays flat on any
//! archive size:
//!
//! 1. one reader walks the inputs (files, directories, JSONL, compressed), drops
//!    documents whose text is already stored (a read-only connection, plus the
//!    hashes seen in this run), and hands the rest on;
//! 2. `jobs` workers analyse documents with the shared pipeline;
//! 3. the calling thread stores results in batches, one transaction each.
//!
//! Killing the process loses at most the batch in flight; the next run skips
//! everything committed and codes the rest, so nothing is lost or stored twice.
//!
//! Results are stored in input order whatever order the workers finish in (the
//! writer holds early finishers back until their turn). Deduplication assigns each
//! event to a cluster of earlier-stored reports, so the order of storing decides the
//! clusters: storing in input order makes them the same on every run, and the same
//! for a killed-and-resumed run as for a clean one (the committed part is always a
//! prefix of the input).

use crate::{content_hash, CodedDocument, DocumentRecord, Store, StoreError};
use casus::input::{self, DocSink, InputDoc, InputError, InputFormat};
use casus::Casus;
use std::collections::{BTreeMap, HashSet};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How to ingest.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Worker threads coding documents.
    pub jobs: usize,
    /// Documents per transaction.
    pub batch_size: usize,
    /// Commit at least this often, so a slow stream still makes durable progress.
    pub max_batch_delay: Duration,
    pub format: InputFormat,
    /// Publication date for documents that carry none.
    pub default_date: Option<casus::doc::Date>,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            jobs: std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
            batch_size: 256,
            max_batch_delay: Duration::from_secs(2),
            format: InputFormat::Auto,
            default_date: None,
        }
    }
}

/// Running totals of an ingest.
#[derive(Debug, Clone, Default)]
pub struct IngestStats {
    /// Documents expected in all (from a quick count of the inputs), when known.
    pub expected: Option<u64>,
    /// Documents read from the inputs, including skipped and failed ones.
    pub read: u64,
    /// Newly stored.
    pub stored: u64,
    /// Already in the store (same text), not coded again.
    pub skipped: u64,
    pub events: u64,
    /// Inputs that could not be read or analysed.
    pub errors: u64,
    pub elapsed: Duration,
}

impl IngestStats {
    pub fn documents_per_second(&self) -> f64 {
        self.read as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    pub fn events_per_second(&self) -> f64 {
        self.events as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// Estimated time left, once the expected total is known.
    pub fn eta(&self) -> Option<Duration> {
        let expected = self.expected?;
        let rate = self.documents_per_second();
        (rate > 0.0)
            .then(|| Duration::from_secs_f64(expected.saturating_sub(self.read) as f64 / rate))
    }
}

/// Receives progress and problems as the ingest goes.
pub trait Progress {
    /// Called after every committed batch and when the expected total becomes known.
    fn update(&mut self, stats: &IngestStats);
    /// A document or input that failed (`path:line: reason`); the run goes on.
    fn problem(&mut self, message: &str);
}

/// What the reader hands on; the `u64` is the item's place in the input order.
enum ReaderItem {
    Doc(u64, InputDoc, String),
    Error(u64, InputError),
    Skipped(u64),
    Expected(u64),
}

enum WorkerItem {
    Coded(u64, Box<CodedDocument>),
    Failed(u64, String),
    Skipped(u64),
    Expected(u64),
}

/// Ingests `paths` (`-` is standard input) into `store`.
///
/// # Errors
///
/// Only store failures (disk full, a corrupt database) stop the run; bad documents are
/// reported to `progress` and counted.
pub fn ingest(
    store: &mut Store,
    casus: &Casus,
    paths: &[PathBuf],
    options: &IngestOptions,
    progress: &mut dyn Progress,
) -> Result<IngestStats, StoreError> {
    let start = Instant::now();
    let jobs = options.jobs.max(1);
    let db_path = store.path().to_path_buf();
    // The reader's own connection: WAL lets it read while this thread writes.
    let reader_store = Store::open(&db_path)?;
    let (to_workers, from_reader) = mpsc::sync_channel::<ReaderItem>(jobs * 8);
    let from_reader = std::sync::Mutex::new(from_reader);
    let (to_writer, from_workers) = mpsc::sync_channel::<WorkerItem>(jobs * 8);
    let mut stats = IngestStats::default();

    std::thread::scope(|scope| -> Result<(), StoreError> {
        let counter_tx = to_workers.clone();
        let count_paths = paths.to_vec();
        let format = options.format;
        scope.spawn(move || {
            // A cheap count for the ETA; runs beside the real reader.
            let expected = count_documents(&count_paths, format);
            let _ = counter_tx.send(ReaderItem::Expected(expected));
        });
        scope.spawn(move || {
            let mut sink = ReaderSink {
                store: reader_store,
                seen: HashSet::new(),
                next: 0,
                out: to_workers,
            };
            for path in paths {
                if path.as_os_str() == "-" {
                    input::read_stream(std::io::stdin().lock(), options.format, &mut sink);
                } else {
                    input::read_path(path, options.format, &mut sink);
                }
            }
        });
        for _ in 0..jobs {
            let from_reader = &from_reader;
            let to_writer = to_writer.clone();
            scope.spawn(move || loop {
                let item = from_reader.lock().expect("reader channel").recv();
                let Ok(item) = item else { return };
                let out = match item {
                    ReaderItem::Doc(seq, doc, hash) => {
                        code(casus, seq, doc, hash, options.default_date)
                    }
                    ReaderItem::Error(seq, e) => WorkerItem::Failed(seq, e.to_string()),
                    ReaderItem::Skipped(seq) => WorkerItem::Skipped(seq),
                    ReaderItem::Expected(n) => WorkerItem::Expected(n),
                };
                if to_writer.send(out).is_err() {
                    return;
                }
            });
        }
        drop(to_writer);

        let mut batch: Vec<CodedDocument> = Vec::with_capacity(options.batch_size);
        let mut last_commit = Instant::now();
        let mut commit = |batch: &mut Vec<CodedDocument>,
                          stats: &mut IngestStats,
                          progress: &mut dyn Progress|
         -> Result<(), StoreError> {
            let counts = store.insert_batch(batch)?;
            stats.stored += counts.documents as u64;
            stats.skipped += counts.duplicates as u64;
            stats.events += counts.events as u64;
            stats.elapsed = start.elapsed();
            batch.clear();
            progress.update(stats);
            Ok(())
        };
        // Items that finished before their turn, by input position.
        let mut waiting: BTreeMap<u64, WorkerItem> = BTreeMap::new();
        let mut next_in_order = 0;
        loop {
            let item = match from_workers.recv_timeout(options.max_batch_delay) {
                Ok(item) => Some(item),
                Err(mpsc::RecvTimeoutError::Timeout) => None,
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            };
            match item {
                Some(WorkerItem::Expected(n)) => {
                    stats.expected = Some(n);
                    stats.elapsed = start.elapsed();
                    progress.update(&stats);
                }
                Some(
                    item @ (WorkerItem::Coded(seq, _)
                    | WorkerItem::Failed(seq, _)
                    | WorkerItem::Skipped(seq)),
                ) => {
                    waiting.insert(seq, item);
                }
                None => {}
            }
            while let Some(item) = waiting.remove(&next_in_order) {
                next_in_order += 1;
                stats.read += 1;
                match item {
                    WorkerItem::Coded(_, coded) => batch.push(*coded),
                    WorkerItem::Failed(_, message) => {
                        stats.errors += 1;
                        progress.problem(&message);
                    }
                    WorkerItem::Skipped(_) => stats.skipped += 1,
                    WorkerItem::Expected(_) => {}
                }
            }
            if batch.len() >= options.batch_size
                || (!batch.is_empty() && last_commit.elapsed() >= options.max_batch_delay)
            {
                commit(&mut batch, &mut stats, progress)?;
                last_commit = Instant::now();
            }
        }
        commit(&mut batch, &mut stats, progress)?;
        Ok(())
    })?;
    store.optimize()?;
    stats.elapsed = start.elapsed();
    Ok(stats)
}

struct ReaderSink {
    store: Store,
    seen: HashSet<String>,
    /// The input position of the next item.
    next: u64,
    out: mpsc::SyncSender<ReaderItem>,
}

impl DocSink for ReaderSink {
    fn document(&mut self, doc: InputDoc) {
        let hash = content_hash(&doc.text);
        // A failing lookup is not fatal: the insert's unique key still refuses a
        // duplicate, the document is only coded for nothing.
        let stored = self.store.has_document(&hash).unwrap_or(false);
        let seq = self.next;
        self.next += 1;
        let item = if stored || !self.seen.insert(hash.clone()) {
            ReaderItem::Skipped(seq)
        } else {
            ReaderItem::Doc(seq, doc, hash)
        };
        let _ = self.out.send(item);
    }

    fn error(&mut self, err: InputError) {
        let seq = self.next;
        self.next += 1;
        let _ = self.out.send(ReaderItem::Error(seq, err));
    }
}

fn code(
    casus: &Casus,
    seq: u64,
    input: InputDoc,
    content_hash: String,
    default_date: Option<casus::doc::Date>,
) -> WorkerItem {
    let InputDoc {
        origin,
        text,
        mut meta,
        warnings: _,
    } = input;
    if meta.date.is_none() {
        meta.date = default_date;
    }
    let document = DocumentRecord {
        id: meta.id.clone(),
        content_hash,
        url: meta.url.clone(),
        source: meta.source.clone(),
        title: meta.title.clone(),
        date: meta.date.map(|d| d.to_string()),
        origin: Some(origin.to_string()),
        text: String::new(),
    };
    match casus.analyze(text, meta) {
        Ok(doc) => {
            let events = casus::record::event_records(&doc);
            let quotes = casus::record::quote_records(&doc);
            WorkerItem::Coded(
                seq,
                Box::new(CodedDocument {
                    document: DocumentRecord {
                        text: doc.text().to_string(),
                        ..document
                    },
                    events,
                    quotes,
                }),
            )
        }
        Err(e) => WorkerItem::Failed(seq, format!("{origin}: analysis failed: {e}")),
    }
}

/// Counts the documents in the inputs without analysing them: one per text or HTML
/// file, one per non-empty JSONL line. Approximate by design (it does not validate).
pub fn count_documents(paths: &[PathBuf], format: InputFormat) -> u64 {
    paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .map(|p| count_path(p, format))
        .sum()
}

fn count_path(path: &Path, format: InputFormat) -> u64 {
    if path.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else {
            return 0;
        };
        return entries
            .filter_map(Result::ok)
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .map(|e| count_path(&e.path(), format))
            .sum();
    }
    let name = path.to_string_lossy().to_ascii_lowercase();
    let inner = name
        .strip_suffix(".gz")
        .or_else(|| name.strip_suffix(".zst"))
        .unwrap_or(&name);
    let jsonl = format == InputFormat::Jsonl
        || (format == InputFormat::Auto
            && (inner.ends_with(".jsonl") || inner.ends_with(".ndjson")));
    if !jsonl {
        return 1;
    }
    let Ok(file) = std::fs::File::open(path) else {
        return 0;
    };
    let reader: Box<dyn Read> = if name.ends_with(".gz") {
        casus::input::gzip_reader(file)
    } else if name.ends_with(".zst") {
        match casus::input::zstd_reader(file) {
            Ok(r) => r,
            Err(_) => return 0,
        }
    } else {
        Box::new(file)
    };
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    let mut lines = 0;
    let mut line = Vec::new();
    while let Ok(n) = reader.read_until(b'\n', &mut line) {
        if n == 0 {
            break;
        }
        if line.iter().any(|b| !b.is_ascii_whitespace()) {
            lines += 1;
        }
        line.clear();
    }
    lines
}
