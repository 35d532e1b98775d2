//! Writing stored events: JSONL, CSV, an aligned table for a terminal, and the GDELT
//! 2.0 event table. Parquet is in [`crate::parquet`].

use crate::query::{EventFilter, StoredEvent};
use crate::{Store, StoreError};
use serde::Serialize;
use std::io::Write;

/// One event with its document and report counts, as JSONL and CSV write it.
#[derive(Serialize)]
struct EventRow<'a> {
    #[serde(flatten)]
    event: &'a casus::record::EventRecord,
    document_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    news_source: Option<&'a str>,
    cluster: i64,
    num_mentions: i64,
    num_articles: i64,
    num_sources: i64,
}

/// Writes one event per line (the CONTRACT's event fields plus document and counts).
///
/// # Errors
///
/// I/O errors of `out`.
pub fn write_jsonl_event(event: &StoredEvent, out: &mut dyn Write) -> std::io::Result<()> {
    let row = EventRow {
        event: &event.record,
        document_id: &event.document_id,
        url: event.url.as_deref(),
        news_source: event.news_source.as_deref(),
        cluster: event.cluster,
        num_mentions: event.num_mentions,
        num_articles: event.num_articles,
        num_sources: event.num_sources,
    };
    serde_json::to_writer(&mut *out, &row)?;
    out.write_all(b"\n")
}

/// The CSV columns, in order.
pub const CSV_COLUMNS: &[&str] = &[
    "event_id",
    "date",
    "source_code",
    "source_text",
    "target_code",
    "target_text",
    "cameo",
    "plover",
    "quad_class",
    "goldstein",
    "trigger",
    "negated",
    "modality",
    "location",
    "location_country",
    "lat",
    "lon",
    "document_id",
    "sentence",
    "url",
    "cluster",
    "num_mentions",
    "num_articles",
    "num_sources",
    "provenance",
];

/// Quotes a CSV field when it needs it (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn csv_values(e: &StoredEvent) -> Vec<String> {
    let r = &e.record;
    let loc = r.location.as_ref();
    vec![
        r.id.clone(),
        opt(r.date.as_deref()),
        opt(r.source.as_ref().map(|a| &a.code)),
        opt(r.source.as_ref().map(|a| &a.text)),
        opt(r.target.as_ref().map(|a| &a.code)),
        opt(r.target.as_ref().map(|a| &a.text)),
        r.cameo.clone(),
        opt(r.plover.as_deref()),
        opt(r.quad_class),
        opt(r.goldstein),
        r.trigger.text.clone(),
        r.negated.to_string(),
        r.modality.clone(),
        opt(loc.map(|l| &l.text)),
        opt(loc.and_then(|l| l.country.as_deref())),
        opt(loc.and_then(|l| l.lat)),
        opt(loc.and_then(|l| l.lon)),
        e.document_id.clone(),
        r.sentence.to_string(),
        opt(e.url.as_deref()),
        e.cluster.to_string(),
        e.num_mentions.to_string(),
        e.num_articles.to_string(),
        e.num_sources.to_string(),
        r.provenance.clone(),
    ]
}

/// # Errors
///
/// I/O errors of `out`.
pub fn write_csv_header(out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "{}", CSV_COLUMNS.join(","))
}

/// # Errors
///
/// I/O errors of `out`.
pub fn write_csv_event(event: &StoredEvent, out: &mut dyn Write) -> std::io::Result<()> {
    let fields: Vec<String> = csv_values(event).iter().map(|f| csv_field(f)).collect();
    writeln!(out, "{}", fields.join(","))
}

/// Writes events as an aligned table for reading at a terminal.
///
/// # Errors
///
/// I/O errors of `out`.
pub fn write_table(events: &[StoredEvent], out: &mut dyn Write) -> std::io::Result<()> {
    let header = [
        "date", "source", "target", "cameo", "quad", "gold", "trigger", "document", "n",
    ];
    let rows: Vec<[String; 9]> = events
        .iter()
        .map(|e| {
            let r = &e.record;
            let mut cameo = r.cameo.clone();
            if r.negated {
                cameo.push_str(" (not)");
            } else if r.modality != "asserted" {
                cameo = format!("{cameo} ({})", r.modality);
            }
            [
                opt(r.date.as_deref()),
                opt(r.source.as_ref().map(|a| &a.code)),
                opt(r.target.as_ref().map(|a| &a.code)),
                cameo,
                opt(r.quad_class),
                opt(r.goldstein),
                r.trigger.text.clone(),
                format!("{}#{}", e.document_id, r.sentence),
                e.num_mentions.to_string(),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count().min(40));
        }
    }
    let line = |cells: &[&str], out: &mut dyn Write| -> std::io::Result<()> {
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            let cell: String = cell.chars().take(40).collect();
            if i + 1 == cells.len() {
                s.push_str(&cell);
            } else {
                s.push_str(&format!("{cell:<w$}  "));
            }
        }
        writeln!(out, "{}", s.trim_end())
    };
    line(&header, out)?;
    for row in &rows {
        let cells: Vec<&str> = row.iter().map(String::as_str).collect();
        line(&cells, out)?;
    }
    writeln!(out, "({} events)", rows.len())
}

/// The GDELT 2.0 event table's 61 columns, in order
/// (<http://data.gdeltproject.org/documentation/GDELT-Event_Codebook-V2.0.pdf>).
pub const GDELT_COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// Roles that GDELT reports as a known group rather than a type (IGO, NGO and
/// militant group codes carry the group after the role: `IGOUNO` → `UNO`).
const GROUP_ROLES: &[&str] = &["IGO", "NGO", "IMG", "MNC"];

/// GDELT's actor columns for one actor: code, name, country, known group, ethnic,
/// religion 1 and 2, types 1-3.
fn gdelt_actor(actor: Option<&casus::record::ActorRecord>) -> [String; 10] {
    let Some(a) = actor else {
        return Default::default();
    };
    let country = crate::actor_country(&a.code)
        .unwrap_or_default()
        .to_string();
    let rest = &a.code[country.len()..];
    let parts: Vec<&str> = (0..rest.len() / 3)
        .filter_map(|i| rest.get(i * 3..i * 3 + 3))
        .collect();
    let mut group = String::new();
    let mut types: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < parts.len() {
        if GROUP_ROLES.contains(&parts[i]) && i + 1 < parts.len() {
            types.push(parts[i]);
            group = parts[i + 1..].concat();
            break;
        }
        types.push(parts[i]);
        i += 1;
    }
    [
        a.code.clone(),
        a.text.to_uppercase(),
        country,
        group,
        String::new(),
        String::new(),
        String::new(),
        types.first().map(ToString::to_string).unwrap_or_default(),
        types.get(1).map(ToString::to_string).unwrap_or_default(),
        types.get(2).map(ToString::to_string).unwrap_or_default(),
    ]
}

/// GDELT's geography type: 1 country, 2 US state, 3 US city, 4 world city, 5 world
/// state (admin-1). Regions have no GDELT type and are written as countries when
/// they lie in one.
fn gdelt_geo_type(place: &casus::record::PlaceRecord) -> &'static str {
    let us = place.country.as_deref() == Some("USA");
    match place.precision.as_deref() {
        Some("city" | "local") if us => "3",
        Some("city" | "local") => "4",
        Some("admin1") if us => "2",
        Some("admin1") => "5",
        _ => "1",
    }
}

fn gdelt_values(e: &StoredEvent) -> Vec<String> {
    let r = &e.record;
    let mut v: Vec<String> = Vec::with_capacity(61);
    // GLOBALEVENTID names the deduplicated event (the export writes one row each).
    v.push(e.cluster.to_string());
    match r
        .date
        .as_deref()
        .and_then(|d| crate::parse_day(d).map(|days| (d, days)))
    {
        Some((d, days)) => {
            let compact = d.replace('-', "");
            v.push(compact.clone());
            v.push(compact[..6].to_string());
            v.push(compact[..4].to_string());
            // GDELT's FractionDate: year plus the day's fraction of the year.
            let year: i64 = compact[..4].parse().unwrap_or(0);
            let day_of_year = days - crate::days_from_civil(year, 1, 1) + 1;
            v.push(format!("{:.4}", year as f64 + day_of_year as f64 / 365.0));
        }
        None => v.extend(std::iter::repeat_n(String::new(), 4)),
    }
    v.extend(gdelt_actor(r.source.as_ref()));
    v.extend(gdelt_actor(r.target.as_ref()));
    // GDELT marks events from a story's lead; casus's nearest fact is the first sentence.
    v.push(if r.sentence == 0 { "1" } else { "0" }.to_string());
    v.push(r.cameo.clone());
    v.push(r.cameo.get(..3).unwrap_or(&r.cameo).to_string());
    v.push(r.cameo.get(..2).unwrap_or(&r.cameo).to_string());
    v.push(opt(r.quad_class));
    v.push(opt(r.goldstein));
    v.push(e.num_mentions.to_string());
    v.push(e.num_sources.to_string());
    v.push(e.num_articles.to_string());
    v.push(String::new()); // AvgTone: casus does not score tone.
    v.extend(std::iter::repeat_n(String::new(), 16)); // Actor1Geo, Actor2Geo
    match &r.location {
        Some(place) => {
            v.push(gdelt_geo_type(place).to_string());
            v.push(place.text.clone());
            v.push(opt(place.country.as_deref()));
            v.push(opt(place.admin1.as_deref()));
            v.push(String::new());
            v.push(opt(place.lat));
            v.push(opt(place.lon));
            v.push(opt(place.geonames_id));
        }
        None => v.extend(std::iter::repeat_n(String::new(), 8)),
    }
    // DATEADDED: YYYYMMDDHHMMSS of the ingest.
    v.push(
        e.ingested_at
            .chars()
            .filter(char::is_ascii_digit)
            .take(14)
            .collect(),
    );
    v.push(e.url.clone().unwrap_or_else(|| e.document_id.clone()));
    debug_assert_eq!(v.len(), GDELT_COLUMNS.len());
    v
}

/// Writes one event as a GDELT 2.0 event-table row (tab-separated, no header, as
/// GDELT's files are). Country codes are ISO 3166-1 alpha-3 as in CAMEO actor codes
/// (GDELT's own geography columns use FIPS 10-4).
///
/// # Errors
///
/// I/O errors of `out`.
pub fn write_gdelt_event(event: &StoredEvent, out: &mut dyn Write) -> std::io::Result<()> {
    let fields: Vec<String> = gdelt_values(event)
        .into_iter()
        .map(|f| f.replace(['\t', '\n', '\r'], " "))
        .collect();
    writeln!(out, "{}", fields.join("\t"))
}

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Csv,
    Gdelt,
    Table,
}

/// Writes the selected events to `out` in `format`, streaming (except `Table`, which
/// aligns its columns over all rows). Returns the number of events written.
///
/// # Errors
///
/// Store errors, and I/O errors of `out` as [`StoreError::Io`].
pub fn export(
    store: &Store,
    filter: &EventFilter,
    format: Format,
    out: &mut dyn Write,
) -> Result<u64, StoreError> {
    let mut n = 0;
    match format {
        Format::Table => {
            let events = store.events(filter)?;
            write_table(&events, out)?;
            n = events.len() as u64;
        }
        Format::Csv => {
            write_csv_header(out)?;
            store.for_each_event(filter, |e| {
                n += 1;
                Ok(write_csv_event(&e, out)?)
            })?;
        }
        Format::Jsonl => store.for_each_event(filter, |e| {
            n += 1;
            Ok(write_jsonl_event(&e, out)?)
        })?,
        // GDELT's event table has one row per event, its reports counted in
        // NumMentions/NumArticles/NumSources: a row per report would count it again.
        Format::Gdelt => {
            let one_per_cluster = EventFilter {
                one_per_cluster: true,
                ..filter.clone()
            };
            store.for_each_event(&one_per_cluster, |e| {
                n += 1;
                Ok(write_gdelt_event(&e, out)?)
            })?;
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gdelt_actor_columns() {
        let actor = |code: &str| casus::record::ActorRecord {
            text: "x".into(),
            start: 0,
            end: 1,
            code: code.into(),
        };
        let a = gdelt_actor(Some(&actor("RUSMIL")));
        assert_eq!((&a[2][..], &a[7][..]), ("RUS", "MIL"));
        let a = gdelt_actor(Some(&actor("IGOUNO")));
        assert_eq!((&a[2][..], &a[3][..], &a[7][..]), ("", "UNO", "IGO"));
        assert_eq!(csv_field("a,\"b\""), "\"a,\"\"b\"\"\"");
    }
}
