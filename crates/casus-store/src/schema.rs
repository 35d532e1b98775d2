//! The database schema and its migrations.
//!
//! The schema version lives in SQLite's `user_version`. Each migration moves the
//! database one version up inside one transaction; a database from a newer casus is
//! refused rather than misread. Golden databases of every released version are kept
//! in `tests/golden/` and must keep opening (see `tests/main.rs`).

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = 3;

/// `MIGRATIONS[i]` takes a database from version `i` to `i + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[V1, V2, V3];

const V1: &str = r"
CREATE TABLE documents (
    doc_key       INTEGER PRIMARY KEY,
    id            TEXT NOT NULL,
    -- sha256 of the text: the same text is stored once, whatever its id or path.
    content_hash  TEXT NOT NULL UNIQUE,
    url           TEXT,
    source        TEXT,
    title         TEXT,
    date          TEXT,
    origin        TEXT,
    ingested_at   TEXT NOT NULL,
    text          TEXT NOT NULL
);
CREATE INDEX documents_id ON documents(id);
CREATE INDEX documents_date ON documents(date);

-- One row per real-world event reported by one or more documents: events with the
-- same dyad, CAMEO root and negation, dated within a day of each other, at
-- compatible places (GDELT's NumMentions/NumArticles/NumSources are counted over it).
CREATE TABLE clusters (
    cluster_key   INTEGER PRIMARY KEY,
    date          TEXT,
    source_code   TEXT,
    target_code   TEXT,
    cameo_root    TEXT NOT NULL,
    negated       INTEGER NOT NULL,
    loc_country   TEXT,
    -- The place's GeoNames id, else its lowercased name.
    loc_place     TEXT
);
CREATE INDEX clusters_key ON clusters(source_code, target_code, cameo_root, date);

CREATE TABLE events (
    event_key       INTEGER PRIMARY KEY,
    event_id        TEXT NOT NULL,
    doc_key         INTEGER NOT NULL REFERENCES documents(doc_key),
    cluster_key     INTEGER NOT NULL REFERENCES clusters(cluster_key),
    sentence        INTEGER NOT NULL,
    date            TEXT,
    source_code     TEXT,
    source_country  TEXT,
    source_text     TEXT,
    source_start    INTEGER,
    source_end      INTEGER,
    target_code     TEXT,
    target_country  TEXT,
    target_text     TEXT,
    target_start    INTEGER,
    target_end      INTEGER,
    cameo           TEXT NOT NULL,
    cameo_root      TEXT NOT NULL,
    plover          TEXT,
    quad_class      INTEGER,
    goldstein       REAL,
    trigger_text    TEXT NOT NULL,
    trigger_start   INTEGER NOT NULL,
    trigger_end     INTEGER NOT NULL,
    loc_text        TEXT,
    loc_start       INTEGER,
    loc_end         INTEGER,
    loc_country     TEXT,
    loc_admin1      TEXT,
    loc_lat         REAL,
    loc_lon         REAL,
    loc_geonames_id INTEGER,
    loc_precision   TEXT,
    negated         INTEGER NOT NULL,
    modality        TEXT NOT NULL,
    provenance      TEXT NOT NULL,
    -- JSON array of the actors' dictionary provenance.
    actor_provenance TEXT NOT NULL,
    -- Who the document says reported the event (reported speech), when known.
    attribution_code TEXT,
    attribution_text TEXT
);
CREATE INDEX events_dyad_date ON events(source_code, target_code, date);
CREATE INDEX events_target_date ON events(target_code, date);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_root_date ON events(cameo_root, date);
CREATE INDEX events_doc ON events(doc_key);
CREATE INDEX events_cluster ON events(cluster_key);

CREATE TABLE quotes (
    quote_key     INTEGER PRIMARY KEY,
    doc_key       INTEGER NOT NULL REFERENCES documents(doc_key),
    sentence      INTEGER NOT NULL,
    speaker_code  TEXT,
    speaker_text  TEXT,
    text          TEXT NOT NULL,
    start         INTEGER NOT NULL,
    end           INTEGER NOT NULL
);
CREATE INDEX quotes_doc ON quotes(doc_key);

-- Code tables for joins: every actor code seen, split into its parts, and the
-- ontology's CAMEO codes and actor roles (filled when the database is created).
CREATE TABLE actors (
    code     TEXT PRIMARY KEY,
    country  TEXT,
    roles    TEXT NOT NULL
);
CREATE TABLE cameo_codes (
    code        TEXT PRIMARY KEY,
    root        TEXT NOT NULL,
    name        TEXT NOT NULL,
    goldstein   REAL NOT NULL,
    quad_class  INTEGER NOT NULL,
    plover      TEXT NOT NULL
);
CREATE TABLE actor_roles (
    code  TEXT PRIMARY KEY,
    kind  TEXT NOT NULL,
    name  TEXT NOT NULL
);
";

/// Version 2: event dates resolved from the text (precision and the words), and the
/// gazetteer's name and the rule behind an event's place.
const V2: &str = r"
ALTER TABLE events ADD COLUMN date_precision TEXT;
ALTER TABLE events ADD COLUMN date_text TEXT;
ALTER TABLE events ADD COLUMN date_start INTEGER;
ALTER TABLE events ADD COLUMN date_end INTEGER;
ALTER TABLE events ADD COLUMN loc_name TEXT;
ALTER TABLE events ADD COLUMN loc_provenance TEXT;
";

/// Version 3: where the attribution's words are and its cue ("said", "according to"),
/// and the quote's speaker's cue.
const V3: &str = r"
ALTER TABLE events ADD COLUMN attribution_start INTEGER;
ALTER TABLE events ADD COLUMN attribution_end INTEGER;
ALTER TABLE events ADD COLUMN attribution_cue TEXT;
ALTER TABLE quotes ADD COLUMN speaker_start INTEGER;
ALTER TABLE quotes ADD COLUMN speaker_end INTEGER;
ALTER TABLE quotes ADD COLUMN speaker_cue TEXT;
";
