//! Selecting events: by actor or dyad (with `*` wildcards: `RUS*`), CAMEO code or
//! root, QuadClass, PLOVER type, date range, document and text.

use crate::{Store, StoreError};
use casus::record::{ActorRecord, EventRecord, PlaceRecord, SpanRecord};
use rusqlite::types::Value;

/// Which events to select. Every field narrows the selection; the default selects
/// everything.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Either side of the event (`RUSMIL`, `RUS*`, `*MIL`).
    pub actor: Option<String>,
    pub source: Option<String>,
    pub target: Option<String>,
    /// A CAMEO code and everything under it: `19` is the root, `190` and `1901` too.
    pub cameo: Option<String>,
    pub quad_class: Option<u8>,
    pub plover: Option<String>,
    /// Inclusive `YYYY-MM-DD` bounds on the event date.
    pub from: Option<String>,
    pub to: Option<String>,
    /// The document's id.
    pub document: Option<String>,
    /// Words in the document's title or text (case-insensitive for ASCII).
    pub text: Option<String>,
    /// Leave out events the text says did not happen.
    pub exclude_negated: bool,
    /// One row per deduplicated event: of the selected reports of each cluster, only
    /// the earliest-dated (then first-stored) one. GDELT's event table works so.
    pub one_per_cluster: bool,
    pub limit: Option<u64>,
}

/// A stored event with its document and its cluster's report counts.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    /// The store's key (GDELT's GLOBALEVENTID).
    pub key: i64,
    pub record: EventRecord,
    pub document_id: String,
    pub url: Option<String>,
    pub news_source: Option<String>,
    pub title: Option<String>,
    pub ingested_at: String,
    /// The deduplicated event this report belongs to.
    pub cluster: i64,
    /// Reports of the cluster's event (GDELT NumMentions).
    pub num_mentions: i64,
    /// Distinct documents reporting it (NumArticles).
    pub num_articles: i64,
    /// Distinct news sources reporting it (NumSources).
    pub num_sources: i64,
}

/// Turns a user's actor pattern into an SQL LIKE pattern: `*` any run, `?` one
/// character; `%`, `_` and `\` are literal.
pub(crate) fn like_pattern(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 2);
    for c in pattern.chars() {
        match c {
            '*' => out.push('%'),
            '?' => out.push('_'),
            c => push_like_literal(&mut out, c.to_ascii_uppercase()),
        }
    }
    out
}

/// Appends `c` to a LIKE pattern as itself: `%`, `_` and `\` escaped with `\`.
fn push_like_literal(out: &mut String, c: char) {
    if matches!(c, '%' | '_' | '\\') {
        out.push('\\');
    }
    out.push(c);
}

/// The literal text before a pattern's first wildcard and the smallest string
/// greater than every string that starts with it (`RUS*` → `RUS`, `RUT`), or `None`
/// when the pattern starts with a wildcard or its last literal byte cannot be
/// incremented. A range over them lets SQLite use the actor indexes, which a LIKE
/// alone cannot (`LIKE` is case-insensitive and so unindexable with the default
/// collation).
fn literal_prefix_range(pattern: &str) -> Option<(String, String)> {
    let prefix: String = pattern
        .chars()
        .take_while(|c| !matches!(c, '*' | '?'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let mut upper = prefix.clone().into_bytes();
    let last = upper.last_mut()?;
    if !last.is_ascii() || *last == 0x7f {
        return None;
    }
    *last += 1;
    Some((prefix, String::from_utf8(upper).ok()?))
}

/// `text` as a LIKE pattern matching it anywhere, its `%`, `_` and `\` literal.
fn contains_pattern(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('%');
    for c in text.chars() {
        push_like_literal(&mut out, c);
    }
    out.push('%');
    out
}

/// The WHERE clause (over `events e` and `documents d`) and its parameters.
pub(crate) fn where_clause(filter: &EventFilter) -> Result<(String, Vec<Value>), StoreError> {
    let mut conds: Vec<String> = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    let param = |v: String, params: &mut Vec<Value>| {
        params.push(Value::Text(v));
        format!("?{}", params.len())
    };
    let actor_cond = |column: &str, pattern: &str, params: &mut Vec<Value>| {
        if pattern.contains(['*', '?']) {
            let p = param(like_pattern(pattern), params);
            let like = format!("{column} LIKE {p} ESCAPE '\\'");
            match literal_prefix_range(pattern) {
                Some((low, high)) => {
                    let low = param(low, params);
                    let high = param(high, params);
                    format!("({column} >= {low} AND {column} < {high} AND {like})")
                }
                None => like,
            }
        } else {
            let p = param(pattern.to_ascii_uppercase(), params);
            format!("{column} = {p}")
        }
    };
    if let Some(a) = &filter.actor {
        let s = actor_cond("e.source_code", a, &mut params);
        let t = actor_cond("e.target_code", a, &mut params);
        conds.push(format!("({s} OR {t})"));
    }
    if let Some(a) = &filter.source {
        conds.push(actor_cond("e.source_code", a, &mut params));
    }
    if let Some(a) = &filter.target {
        conds.push(actor_cond("e.target_code", a, &mut params));
    }
    if let Some(code) = &filter.cameo {
        if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(StoreError::Invalid(format!(
                "CAMEO code `{code}`: expected digits such as 19, 190 or 0311"
            )));
        }
        // Roots are two digits; the root index serves root and prefix queries alike.
        let root = param(code[..code.len().min(2)].to_string(), &mut params);
        let prefix = param(format!("{code}%"), &mut params);
        conds.push(format!("e.cameo_root = {root} AND e.cameo LIKE {prefix}"));
    }
    if let Some(q) = filter.quad_class {
        if !(1..=4).contains(&q) {
            return Err(StoreError::Invalid(format!(
                "QuadClass {q}: expected 1 to 4"
            )));
        }
        params.push(Value::Integer(i64::from(q)));
        conds.push(format!("e.quad_class = ?{}", params.len()));
    }
    if let Some(p) = &filter.plover {
        let p = param(p.to_ascii_uppercase(), &mut params);
        conds.push(format!("e.plover = {p}"));
    }
    for (bound, op, name) in [(&filter.from, ">=", "from"), (&filter.to, "<=", "to")] {
        if let Some(date) = bound {
            if crate::parse_day(date).is_none() || date.len() != 10 {
                return Err(StoreError::Invalid(format!(
                    "--{name} `{date}`: expected a date YYYY-MM-DD"
                )));
            }
            let p = param(date.clone(), &mut params);
            conds.push(format!("e.date {op} {p}"));
        }
    }
    if let Some(id) = &filter.document {
        let p = param(id.clone(), &mut params);
        conds.push(format!("d.id = {p}"));
    }
    if let Some(text) = &filter.text {
        let p = param(contains_pattern(text), &mut params);
        conds.push(format!(
            "(d.title LIKE {p} ESCAPE '\\' OR d.text LIKE {p} ESCAPE '\\')"
        ));
    }
    if filter.exclude_negated {
        conds.push("e.negated = 0".to_string());
    }
    let clause = if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    };
    Ok((clause, params))
}

impl Store {
    /// Calls `f` with every event the filter selects, in date order (undated last),
    /// streaming: a whole archive never sits in memory.
    ///
    /// # Errors
    ///
    /// An invalid filter value ([`StoreError::Invalid`]), SQLite errors, or the first
    /// error `f` returns.
    pub fn for_each_event(
        &self,
        filter: &EventFilter,
        mut f: impl FnMut(StoredEvent) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let (clause, mut params) = where_clause(filter)?;
        let limit = match filter.limit {
            Some(n) => {
                params.push(Value::Integer(i64::try_from(n).unwrap_or(i64::MAX)));
                format!("LIMIT ?{}", params.len())
            }
            None => String::new(),
        };
        let columns = "e.*, d.id AS doc_id, d.url AS doc_url, d.source AS doc_source,
                       d.title AS doc_title, d.ingested_at AS doc_ingested";
        let selected = if filter.one_per_cluster {
            // One report per cluster: rank the selected reports within their cluster.
            format!(
                "ranked AS (
                    SELECT {columns}, row_number() OVER (PARTITION BY e.cluster_key
                           ORDER BY e.date IS NULL, e.date, e.event_key) AS report_rank
                    FROM events e JOIN documents d ON d.doc_key = e.doc_key
                    {clause}
                 ),
                 selected AS (
                    SELECT * FROM ranked WHERE report_rank = 1
                    ORDER BY date IS NULL, date, event_key
                    {limit}
                 )"
            )
        } else {
            // Kept a single flat query: SQLite plans it best (a nested one took
            // twice as long in the 1M-event benchmark).
            format!(
                "selected AS (
                    SELECT {columns}
                    FROM events e JOIN documents d ON d.doc_key = e.doc_key
                    {clause}
                    ORDER BY e.date IS NULL, e.date, e.event_key
                    {limit}
                 )"
            )
        };
        // Report counts per cluster, computed only for the selected events' clusters.
        let sql = format!(
            "WITH {selected},
             counts AS (
                SELECT e.cluster_key, count(*) AS mentions, count(DISTINCT e.doc_key) AS articles,
                       count(DISTINCT coalesce(d.source, d.url, d.id)) AS sources
                FROM events e JOIN documents d ON d.doc_key = e.doc_key
                WHERE e.cluster_key IN (SELECT cluster_key FROM selected)
                GROUP BY e.cluster_key
             )
             SELECT s.*, c.mentions, c.articles, c.sources
             FROM selected s JOIN counts c ON c.cluster_key = s.cluster_key
             ORDER BY s.date IS NULL, s.date, s.event_key"
        );
        let mut statement = self.conn().prepare(&sql).map_err(|e| self.sql(e))?;
        let mut rows = statement
            .query(rusqlite::params_from_iter(params))
            .map_err(|e| self.sql(e))?;
        while let Some(row) = rows.next().map_err(|e| self.sql(e))? {
            let event = stored_event(row).map_err(|e| self.sql(e))?;
            f(event)?;
        }
        Ok(())
    }

    /// The selected events as a list (for small selections; see
    /// [`Store::for_each_event`]).
    ///
    /// # Errors
    ///
    /// As [`Store::for_each_event`].
    pub fn events(&self, filter: &EventFilter) -> Result<Vec<StoredEvent>, StoreError> {
        let mut out = Vec::new();
        self.for_each_event(filter, |e| {
            out.push(e);
            Ok(())
        })?;
        Ok(out)
    }
}

fn actor(row: &rusqlite::Row<'_>, side: &str) -> rusqlite::Result<Option<ActorRecord>> {
    let code: Option<String> = row.get(format!("{side}_code").as_str())?;
    let Some(code) = code else { return Ok(None) };
    Ok(Some(ActorRecord {
        text: row
            .get::<_, Option<String>>(format!("{side}_text").as_str())?
            .unwrap_or_default(),
        start: row
            .get::<_, Option<u32>>(format!("{side}_start").as_str())?
            .unwrap_or_default(),
        end: row
            .get::<_, Option<u32>>(format!("{side}_end").as_str())?
            .unwrap_or_default(),
        code,
    }))
}

fn stored_event(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoredEvent> {
    let location = match row.get::<_, Option<String>>("loc_text")? {
        Some(text) => Some(PlaceRecord {
            text,
            start: row.get::<_, Option<u32>>("loc_start")?.unwrap_or_default(),
            end: row.get::<_, Option<u32>>("loc_end")?.unwrap_or_default(),
            country: row.get("loc_country")?,
            admin1: row.get("loc_admin1")?,
            lat: row.get("loc_lat")?,
            lon: row.get("loc_lon")?,
            geonames_id: row.get("loc_geonames_id")?,
            precision: row.get("loc_precision")?,
            name: row.get("loc_name")?,
            provenance: row.get("loc_provenance")?,
        }),
        None => None,
    };
    let actor_provenance: String = row.get("actor_provenance")?;
    let cameo: String = row.get("cameo")?;
    let record = EventRecord {
        id: row.get("event_id")?,
        sentence: row.get("sentence")?,
        source: actor(row, "source")?,
        target: actor(row, "target")?,
        plover: row.get("plover")?,
        // Mode and context follow from the CAMEO code (the ontology), not stored.
        plover_mode: cameo_plover(&cameo).0,
        plover_context: cameo_plover(&cameo).1,
        cameo,
        quad_class: row.get("quad_class")?,
        goldstein: row.get::<_, Option<f64>>("goldstein")?.map(|g| g as f32),
        trigger: SpanRecord {
            text: row.get("trigger_text")?,
            start: row.get("trigger_start")?,
            end: row.get("trigger_end")?,
        },
        location,
        date: row.get("date")?,
        date_precision: row.get("date_precision")?,
        date_text: match row.get::<_, Option<String>>("date_text")? {
            Some(text) => Some(SpanRecord {
                text,
                start: row.get::<_, Option<u32>>("date_start")?.unwrap_or_default(),
                end: row.get::<_, Option<u32>>("date_end")?.unwrap_or_default(),
            }),
            None => None,
        },
        negated: row.get("negated")?,
        attribution: match row.get::<_, Option<String>>("attribution_text")? {
            Some(text) => Some(casus::record::AttributionRecord {
                text,
                start: row
                    .get::<_, Option<u32>>("attribution_start")?
                    .unwrap_or_default(),
                end: row
                    .get::<_, Option<u32>>("attribution_end")?
                    .unwrap_or_default(),
                code: row.get("attribution_code")?,
                cue: row
                    .get::<_, Option<String>>("attribution_cue")?
                    .unwrap_or_default(),
            }),
            None => None,
        },
        modality: row.get("modality")?,
        provenance: row.get("provenance")?,
        actor_provenance: serde_json::from_str(&actor_provenance).unwrap_or_default(),
    };
    Ok(StoredEvent {
        key: row.get("event_key")?,
        record,
        document_id: row.get("doc_id")?,
        url: row.get("doc_url")?,
        news_source: row.get("doc_source")?,
        title: row.get("doc_title")?,
        ingested_at: row.get("doc_ingested")?,
        cluster: row.get("cluster_key")?,
        num_mentions: row.get("mentions")?,
        num_articles: row.get("articles")?,
        num_sources: row.get("sources")?,
    })
}

/// The PLOVER mode and contexts of a CAMEO code.
fn cameo_plover(cameo: &str) -> (Option<String>, Vec<String>) {
    casus::Ontology::builtin()
        .cameo(cameo)
        .map(|c| (c.plover.mode.clone(), c.plover.contexts.clone()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_patterns() {
        assert_eq!(like_pattern("RUS*"), "RUS%");
        assert_eq!(like_pattern("*mil"), "%MIL");
        assert_eq!(like_pattern("A_B"), "A\\_B");
        assert_eq!(
            literal_prefix_range("rus*"),
            Some(("RUS".to_string(), "RUT".to_string()))
        );
        assert_eq!(literal_prefix_range("*MIL"), None);
        assert_eq!(contains_pattern("5%_a"), "%5\\%\\_a%");
    }

    /// The plan SQLite picks for the events a filter selects.
    fn plan(filter: &EventFilter) -> String {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("plan.db")).unwrap();
        let (clause, params) = where_clause(filter).unwrap();
        let sql = format!(
            "EXPLAIN QUERY PLAN SELECT e.event_key FROM events e
             JOIN documents d ON d.doc_key = e.doc_key {clause}"
        );
        let mut st = store.conn().prepare(&sql).unwrap();
        let rows = st
            .query_map(rusqlite::params_from_iter(params), |r| {
                r.get::<_, String>(3)
            })
            .unwrap();
        rows.map(Result::unwrap).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn wildcard_actors_use_the_actor_indexes() {
        let plan = plan(&EventFilter {
            source: Some("RUS*".into()),
            ..EventFilter::default()
        });
        assert!(plan.contains("USING INDEX events_dyad_date"), "{plan}");
        // With a date range too, SQLite may rather take the date index (which one
        // depends on the statistics `PRAGMA optimize` gathers); never a full scan.
        let plan = super::tests::plan(&EventFilter {
            source: Some("RUS*".into()),
            target: Some("SYR*".into()),
            from: Some("2015-10-01".into()),
            ..EventFilter::default()
        });
        assert!(!plan.contains("SCAN e"), "{plan}");
        let plan = super::tests::plan(&EventFilter {
            actor: Some("RUS*".into()),
            ..EventFilter::default()
        });
        assert!(
            plan.contains("events_dyad_date") && plan.contains("events_target_date"),
            "{plan}"
        );
    }

    #[test]
    fn bad_filter_values_are_named() {
        let bad = |f: EventFilter| where_clause(&f).unwrap_err().to_string();
        assert!(bad(EventFilter {
            cameo: Some("19x".into()),
            ..EventFilter::default()
        })
        .contains("CAMEO code `19x`"));
        assert!(bad(EventFilter {
            from: Some("2016-13-01".into()),
            ..EventFilter::default()
        })
        .contains("--from `2016-13-01`"));
        assert!(bad(EventFilter {
            quad_class: Some(5),
            ..EventFilter::default()
        })
        .contains("QuadClass 5"));
    }
}
