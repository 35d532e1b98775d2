//! casus-store: the event store.
//!
//! An embedded SQLite database (no server) that keeps documents, their coded events,
//! quotes and code tables; ingests news archives idempotently and crash-safely
//! ([`ingest`]); answers queries ([`query`]); exports JSONL, CSV, the GDELT 2.0 event
//! table and Parquet ([`export`]); merges events reported by several stories into one
//! ([`Store::insert_batch`]); and turns events into daily dyad series with escalation
//! alerts ([`dyads`]).
//!
//! Durability: the database runs in WAL mode and every batch of documents is one
//! transaction, so a process killed at any moment leaves the last committed batch
//! intact and the next `ingest` resumes by skipping what is already stored.

pub mod dyads;
pub mod export;
pub mod ingest;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod query;
mod schema;

pub use schema::SCHEMA_VERSION;

use casus::record::EventRecord;
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    #[error("{path}: {source}")]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("{path}: schema version {found} is newer than this casus understands ({SCHEMA_VERSION}); upgrade casus")]
    NewerSchema { path: PathBuf, found: i64 },
    #[error("{path}: not a casus database ({reason})")]
    NotCasus { path: PathBuf, reason: String },
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Invalid(String),
}

/// A document as stored: its metadata, text and content hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRecord {
    pub id: String,
    /// [`content_hash`] of the text.
    pub content_hash: String,
    pub url: Option<String>,
    pub source: Option<String>,
    pub title: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Where it was read from (`path:line`).
    pub origin: Option<String>,
    pub text: String,
}

/// A document with the events coded from it, ready to store.
#[derive(Debug, Clone)]
pub struct CodedDocument {
    pub document: DocumentRecord,
    pub events: Vec<EventRecord>,
    pub quotes: Vec<casus::record::QuoteRecord>,
}

/// What one [`Store::insert_batch`] stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchCounts {
    pub documents: usize,
    pub events: usize,
    /// Documents whose text was already stored.
    pub duplicates: usize,
}

/// The identity of a document's content: sha256 of its text, hex.
pub fn content_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// An open casus database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and migrates it to
    /// [`SCHEMA_VERSION`].
    ///
    /// # Errors
    ///
    /// [`StoreError::NewerSchema`] for a database written by a newer casus;
    /// [`StoreError::NotCasus`] for an SQLite file that is not a casus database; SQLite
    /// errors (a corrupt or unreadable file) with the path.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open(path).map_err(|e| sql_error(path, e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.configure()?;
        store.migrate()?;
        Ok(store)
    }

    /// Opens an existing database for reading only (queries, exports, series); never
    /// migrates.
    ///
    /// # Errors
    ///
    /// As [`Store::open`], and when the file does not exist or its schema is older.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::Io(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!(
                    "{}: no such database (create one with `casus ingest`)",
                    path.display()
                ),
            )));
        }
        let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| sql_error(path, e))?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
        };
        let version = store.schema_version()?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                path: store.path.clone(),
                found: version,
            });
        }
        if version < SCHEMA_VERSION {
            return Err(StoreError::NotCasus {
                path: store.path.clone(),
                reason: format!(
                    "schema version {version}; open it with `casus ingest` once to migrate"
                ),
            });
        }
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn sql(&self, e: rusqlite::Error) -> StoreError {
        sql_error(&self.path, e)
    }

    fn configure(&self) -> Result<(), StoreError> {
        // WAL: readers never block the writer, and a killed writer loses only its
        // uncommitted transaction. synchronous=NORMAL keeps every committed
        // transaction across a process crash (only a power cut may lose the last).
        self.conn
            .pragma_update(None, "journal_mode", "WAL")
            .and_then(|()| self.conn.pragma_update(None, "synchronous", "NORMAL"))
            .and_then(|()| self.conn.pragma_update(None, "foreign_keys", "ON"))
            .and_then(|()| self.conn.busy_timeout(std::time::Duration::from_secs(30)))
            .map_err(|e| self.sql(e))
    }

    /// The schema version recorded in the file.
    ///
    /// # Errors
    ///
    /// SQLite errors (not a database file).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(|e| self.sql(e))
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let version = self.schema_version()?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                path: self.path.clone(),
                found: version,
            });
        }
        if version == 0 {
            // A version-0 file must be empty: never write tables into someone else's
            // database.
            let tables: i64 = self
                .conn
                .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
                .map_err(|e| self.sql(e))?;
            if tables > 0 {
                return Err(StoreError::NotCasus {
                    path: self.path.clone(),
                    reason: format!("{tables} tables and no casus schema version"),
                });
            }
        }
        for (from, migration) in MIGRATIONS_FROM(version) {
            let path = self.path.clone();
            let tx = self.conn.transaction().map_err(|e| sql_error(&path, e))?;
            tx.execute_batch(migration)
                .map_err(|e| sql_error(&path, e))?;
            if from == 0 {
                fill_code_tables(&tx).map_err(|e| sql_error(&path, e))?;
            }
            tx.pragma_update(None, "user_version", from + 1)
                .map_err(|e| sql_error(&path, e))?;
            tx.commit().map_err(|e| sql_error(&path, e))?;
        }
        Ok(())
    }

    /// Whether a document with this [`content_hash`] is stored.
    ///
    /// # Errors
    ///
    /// SQLite errors.
    pub fn has_document(&self, content_hash: &str) -> Result<bool, StoreError> {
        self.conn
            .prepare_cached("SELECT 1 FROM documents WHERE content_hash = ?1")
            .and_then(|mut st| st.exists([content_hash]))
            .map_err(|e| self.sql(e))
    }

    /// Lets SQLite refresh the statistics its query planner uses (`PRAGMA optimize`,
    /// as SQLite advises after bulk changes): without them a dyad query with a
    /// wildcard may pick the date index over the dyad index.
    ///
    /// # Errors
    ///
    /// SQLite errors.
    pub fn optimize(&self) -> Result<(), StoreError> {
        self.conn
            .execute_batch("PRAGMA optimize")
            .map_err(|e| self.sql(e))
    }

    /// Counts of stored documents, events and (deduplicated) clusters.
    ///
    /// # Errors
    ///
    /// SQLite errors.
    pub fn counts(&self) -> Result<(i64, i64, i64), StoreError> {
        self.conn
            .query_row(
                "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events),
                        (SELECT count(*) FROM clusters)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .map_err(|e| self.sql(e))
    }

    /// Stores documents and their events in one transaction: all or nothing. A
    /// document whose text is already stored is skipped with its events. Each event
    /// joins the cluster of the same real-world event reported elsewhere, or starts
    /// one.
    ///
    /// # Errors
    ///
    /// SQLite errors; the transaction is then rolled back.
    pub fn insert_batch(&mut self, batch: &[CodedDocument]) -> Result<BatchCounts, StoreError> {
        let path = self.path.clone();
        let err = |e| sql_error(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        let mut counts = BatchCounts::default();
        let now = now_utc();
        for coded in batch {
            let d = &coded.document;
            let inserted = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO documents
                     (id, content_hash, url, source, title, date, origin, ingested_at, text)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )
                .and_then(|mut st| {
                    st.execute(params![
                        d.id,
                        d.content_hash,
                        d.url,
                        d.source,
                        d.title,
                        d.date,
                        d.origin,
                        now,
                        d.text
                    ])
                })
                .map_err(err)?;
            if inserted == 0 {
                counts.duplicates += 1;
                continue;
            }
            counts.documents += 1;
            let doc_key = tx.last_insert_rowid();
            for event in &coded.events {
                insert_event(&tx, doc_key, d.date.as_deref(), event).map_err(err)?;
                counts.events += 1;
            }
            for q in &coded.quotes {
                let speaker = q.speaker.as_ref();
                tx.prepare_cached(
                    "INSERT INTO quotes (doc_key, sentence, speaker_code, speaker_text, text,
                        start, end, speaker_start, speaker_end, speaker_cue)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                )
                .and_then(|mut st| {
                    st.execute(params![
                        doc_key,
                        q.sentence,
                        speaker.and_then(|s| s.code.as_deref()),
                        speaker.map(|s| &s.text),
                        q.text,
                        q.start,
                        q.end,
                        speaker.map(|s| s.start),
                        speaker.map(|s| s.end),
                        speaker.map(|s| &s.cue),
                    ])
                })
                .map_err(err)?;
            }
        }
        tx.commit().map_err(err)?;
        Ok(counts)
    }
}

/// Migrations still to apply to a database at `version`, with their start version.
#[allow(non_snake_case)]
fn MIGRATIONS_FROM(version: i64) -> impl Iterator<Item = (i64, &'static str)> {
    schema::MIGRATIONS
        .iter()
        .enumerate()
        .map(|(i, m)| (i as i64, *m))
        .filter(move |(from, _)| *from >= version)
}

pub(crate) fn sql_error(path: &Path, source: rusqlite::Error) -> StoreError {
    StoreError::Sqlite {
        path: path.to_path_buf(),
        source,
    }
}

/// The current UTC time as `YYYY-MM-DDTHH:MM:SSZ`, without a date crate.
fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm,
/// <https://howardhinnant.github.io/date_algorithms.html#civil_from_days>).
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// A proleptic Gregorian date to days since 1970-01-01 (inverse of
/// [`civil_from_days`]).
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `YYYY-MM-DD` to days since the epoch.
pub(crate) fn parse_day(date: &str) -> Option<i64> {
    let d: casus::doc::Date = date.get(..10)?.parse().ok()?;
    Some(days_from_civil(i64::from(d.year()), d.month(), d.day()))
}

pub(crate) fn format_day(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The country part of an actor code (`RUSMIL` → `RUS`), or `None` for codes that
/// start with a role (`IGOUNO`, `IMGMUSISI`, `COP`).
pub fn actor_country(code: &str) -> Option<&str> {
    casus::Ontology::builtin().actor_country(code)
}

fn actor_roles(code: &str) -> String {
    let rest = match actor_country(code) {
        Some(_) => &code[3..],
        None => code,
    };
    let mut roles = Vec::new();
    let mut i = 0;
    while i + 3 <= rest.len() && rest.is_char_boundary(i + 3) {
        roles.push(&rest[i..i + 3]);
        i += 3;
    }
    roles.join(",")
}

fn insert_event(
    tx: &rusqlite::Transaction<'_>,
    doc_key: i64,
    doc_date: Option<&str>,
    e: &EventRecord,
) -> rusqlite::Result<()> {
    let date = e.date.as_deref().or(doc_date);
    let source = e.source.as_ref();
    let target = e.target.as_ref();
    let source_code = source.map(|a| a.code.as_str());
    let target_code = target.map(|a| a.code.as_str());
    let root = e.cameo.get(..2).unwrap_or(&e.cameo);
    let loc = e.location.as_ref();
    let loc_country = loc.and_then(|l| l.country.as_deref());
    let loc_place = loc.map(|l| match l.geonames_id {
        Some(id) => id.to_string(),
        None => l.text.to_lowercase(),
    });
    let cluster_key = find_or_make_cluster(
        tx,
        date,
        source_code,
        target_code,
        root,
        e.negated,
        loc_country,
        loc_place.as_deref(),
    )?;
    for code in [source_code, target_code].into_iter().flatten() {
        tx.prepare_cached(
            "INSERT OR IGNORE INTO actors (code, country, roles) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![code, actor_country(code), actor_roles(code)])?;
    }
    let actor_provenance =
        serde_json::to_string(&e.actor_provenance).unwrap_or_else(|_| "[]".to_string());
    tx.prepare_cached(
        "INSERT INTO events (event_id, doc_key, cluster_key, sentence, date,
            source_code, source_country, source_text, source_start, source_end,
            target_code, target_country, target_text, target_start, target_end,
            cameo, cameo_root, plover, quad_class, goldstein,
            trigger_text, trigger_start, trigger_end,
            loc_text, loc_start, loc_end, loc_country, loc_admin1, loc_lat, loc_lon,
            loc_geonames_id, loc_precision,
            negated, modality, provenance, actor_provenance,
            date_precision, date_text, date_start, date_end, loc_name, loc_provenance,
            attribution_code, attribution_text, attribution_start, attribution_end,
            attribution_cue)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
            ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33,
            ?34, ?35, ?36, ?37, ?38, ?39, ?40, ?41, ?42, ?43, ?44, ?45, ?46, ?47)",
    )?
    .execute(params![
        e.id,
        doc_key,
        cluster_key,
        e.sentence,
        date,
        source_code,
        source_code.and_then(actor_country),
        source.map(|a| &a.text),
        source.map(|a| a.start),
        source.map(|a| a.end),
        target_code,
        target_code.and_then(actor_country),
        target.map(|a| &a.text),
        target.map(|a| a.start),
        target.map(|a| a.end),
        e.cameo,
        root,
        e.plover,
        e.quad_class,
        e.goldstein.map(f64::from),
        e.trigger.text,
        e.trigger.start,
        e.trigger.end,
        loc.map(|l| &l.text),
        loc.map(|l| l.start),
        loc.map(|l| l.end),
        loc_country,
        loc.and_then(|l| l.admin1.as_deref()),
        loc.and_then(|l| l.lat),
        loc.and_then(|l| l.lon),
        loc.and_then(|l| l.geonames_id),
        loc.and_then(|l| l.precision.as_deref()),
        e.negated,
        e.modality,
        e.provenance,
        actor_provenance,
        e.date_precision,
        e.date_text.as_ref().map(|d| &d.text),
        e.date_text.as_ref().map(|d| d.start),
        e.date_text.as_ref().map(|d| d.end),
        loc.and_then(|l| l.name.as_deref()),
        loc.and_then(|l| l.provenance.as_deref()),
        e.attribution.as_ref().and_then(|a| a.code.as_deref()),
        e.attribution.as_ref().map(|a| &a.text),
        e.attribution.as_ref().map(|a| a.start),
        e.attribution.as_ref().map(|a| a.end),
        e.attribution.as_ref().map(|a| &a.cue),
    ])?;
    Ok(())
}

/// The cluster an event belongs to: the nearest-dated cluster with the same dyad,
/// CAMEO root and negation, dated within a day, whose place does not contradict the
/// event's (the same place and country, or either unknown: strikes on two towns the
/// same day are two events). Undated events and events without any actor are never
/// merged: nothing says two of them are the same event.
#[allow(clippy::too_many_arguments)]
fn find_or_make_cluster(
    tx: &rusqlite::Transaction<'_>,
    date: Option<&str>,
    source: Option<&str>,
    target: Option<&str>,
    root: &str,
    negated: bool,
    loc_country: Option<&str>,
    loc_place: Option<&str>,
) -> rusqlite::Result<i64> {
    if let (Some(date), true) = (date, source.is_some() || target.is_some()) {
        let found: Option<i64> = tx
            .prepare_cached(
                "SELECT cluster_key FROM clusters
                 WHERE source_code IS ?1 AND target_code IS ?2 AND cameo_root = ?3
                   AND date BETWEEN date(?4, '-1 day') AND date(?4, '+1 day')
                   AND negated = ?5
                   AND (loc_country IS NULL OR ?6 IS NULL OR loc_country = ?6)
                   AND (loc_place IS NULL OR ?7 IS NULL OR loc_place = ?7)
                 ORDER BY abs(julianday(date) - julianday(?4)), cluster_key
                 LIMIT 1",
            )?
            .query_row(
                params![source, target, root, date, negated, loc_country, loc_place],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(key) = found {
            if loc_place.is_some() {
                // The cluster learns its place from the first event that names one.
                tx.prepare_cached(
                    "UPDATE clusters SET loc_country = coalesce(loc_country, ?2),
                        loc_place = coalesce(loc_place, ?3)
                     WHERE cluster_key = ?1",
                )?
                .execute(params![key, loc_country, loc_place])?;
            }
            return Ok(key);
        }
    }
    tx.prepare_cached(
        "INSERT INTO clusters
         (date, source_code, target_code, cameo_root, negated, loc_country, loc_place)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        date,
        source,
        target,
        root,
        negated,
        loc_country,
        loc_place
    ])?;
    Ok(tx.last_insert_rowid())
}

fn fill_code_tables(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    let ontology = casus::Ontology::builtin();
    let mut insert = tx.prepare(
        "INSERT INTO cameo_codes (code, root, name, goldstein, quad_class, plover)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for c in ontology.cameo_events() {
        insert.execute(params![
            c.code,
            c.root,
            c.name,
            f64::from(c.goldstein),
            c.quad_class.number(),
            c.plover.event_type
        ])?;
    }
    let mut insert =
        tx.prepare("INSERT INTO actor_roles (code, kind, name) VALUES (?1, ?2, ?3)")?;
    for r in ontology.roles() {
        insert.execute(params![r.code, r.kind, r.name])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_arithmetic_round_trips_across_leap_years() {
        for days in [-1, 0, 59, 60, 11_016, 16_861, 19_782, 20_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(
            format_day(parse_day("2016-02-29").unwrap() + 1),
            "2016-03-01"
        );
        assert_eq!(
            format_day(parse_day("2015-12-31").unwrap() + 1),
            "2016-01-01"
        );
    }

    #[test]
    fn actor_codes_split_into_country_and_roles() {
        assert_eq!(actor_country("RUSMIL"), Some("RUS"));
        assert_eq!(actor_roles("RUSMIL"), "MIL");
        assert_eq!(actor_country("IGOUNO"), None);
        assert_eq!(actor_roles("IMGMUSISI"), "IMG,MUS,ISI");
        assert_eq!(actor_country("US"), None);
    }
}
