//! Reading the versioned tab-separated tables under `resources/ontology/`.
//!
//! Layout: a `#! casus-ontology <table> v<N>` line, `#` comment lines, one header
//! row, then data rows. Every problem is collected with its path and line, so a
//! reviewer sees all of them at once.

use crate::OntologyError;

/// One data row: its 1-based line number and its fields, in header order.
pub(crate) struct Row<'a> {
    pub line: usize,
    pub fields: Vec<&'a str>,
}

/// Splits a table into rows after checking the version line and header.
pub(crate) fn read_table<'a>(
    path: &str,
    table: &str,
    version: u32,
    columns: &[&str],
    source: &'a str,
    errors: &mut Vec<OntologyError>,
) -> Vec<Row<'a>> {
    let err = |line: usize, message: String| OntologyError {
        path: path.to_string(),
        line,
        message,
    };
    let expected = format!("#! casus-ontology {table} v{version}");
    let mut lines = source.lines().enumerate();
    match lines.next() {
        Some((_, first)) if first.trim_end() == expected => {}
        Some((_, first)) if first.starts_with("#! casus-ontology") => {
            errors.push(err(
                1,
                format!(
                    "unsupported format `{}`; this casus reads `{expected}`",
                    first.trim_end()
                ),
            ));
            return Vec::new();
        }
        _ => {
            errors.push(err(1, format!("first line must be `{expected}`")));
            return Vec::new();
        }
    }
    let mut rows = Vec::new();
    let mut header_seen = false;
    for (i, line) in lines {
        let line_no = i + 1;
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if !header_seen {
            header_seen = true;
            if fields != columns {
                errors.push(err(
                    line_no,
                    format!("header must be `{}`", columns.join("\\t")),
                ));
                return Vec::new();
            }
            continue;
        }
        if fields.len() != columns.len() {
            errors.push(err(
                line_no,
                format!(
                    "expected {} tab-separated fields, found {}",
                    columns.len(),
                    fields.len()
                ),
            ));
            continue;
        }
        rows.push(Row {
            line: line_no,
            fields,
        });
    }
    if !header_seen {
        errors.push(err(1, "no header row".to_string()));
    }
    rows
}
