//! Reading news as it comes: plain text, HTML, JSONL (as fixed in the evaluation
//! contract), directories (recursively) and standard input.
//!
//! Readers use internal iteration: they call a sink once per document or per error,
//! so a 50 MB file or an endless JSONL stream never has to be held as a list, and one
//! bad line never stops the rest.

use crate::html;
use casus_doc::{Date, DocMeta};
use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// The largest document casus accepts. Offsets are `u32`, so 4 GiB is the hard limit;
/// 1 GiB keeps a runaway input from exhausting memory first.
pub const MAX_DOCUMENT_BYTES: usize = 1 << 30;

/// How to interpret an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// By file extension, else by sniffing the first bytes.
    Auto,
    Text,
    Html,
    Jsonl,
}

/// Where a document or an error came from: a file (or standard input) and, for
/// JSONL, a 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// `None` for standard input.
    pub path: Option<PathBuf>,
    pub line: Option<usize>,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(p) => write!(f, "{}", p.display())?,
            None => write!(f, "<stdin>")?,
        }
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        Ok(())
    }
}

/// A document read from the input, before any analysis.
#[derive(Debug, Clone)]
pub struct InputDoc {
    pub origin: Origin,
    pub text: String,
    pub meta: DocMeta,
    /// Problems that did not stop the document (invalid UTF-8 replaced, a date that
    /// could not be read, ...), each already naming its file, line or field.
    pub warnings: Vec<String>,
}

/// Why an input (a file, or one JSONL line) could not become a document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}: {kind}")]
pub struct InputError {
    pub origin: Origin,
    /// The document id, when the input got far enough to have one.
    pub id: Option<String>,
    pub kind: InputErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InputErrorKind {
    #[error("cannot read: {0}")]
    Io(String),
    #[error("binary file (NUL bytes), not text")]
    Binary,
    #[error("empty document: no text")]
    Empty,
    #[error("document of {0} bytes exceeds the {MAX_DOCUMENT_BYTES}-byte limit")]
    TooLarge(usize),
    #[error("not a JSON object: {0}")]
    Json(String),
    #[error("field `{field}`: {reason}")]
    Field { field: &'static str, reason: String },
    #[error("HTML: {0}")]
    Html(String),
}

/// Receives each document or error in input order.
pub trait DocSink {
    fn document(&mut self, doc: InputDoc);
    fn error(&mut self, err: InputError);
}

/// Reads one path: a file, or a directory whose files are read recursively in
/// sorted order (hidden files and folders skipped).
pub fn read_path(path: &Path, format: InputFormat, sink: &mut dyn DocSink) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(path) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                sink.error(io_error(Some(path), &e));
                return;
            }
        };
        entries.sort();
        for entry in entries {
            let hidden = entry
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'));
            if !hidden {
                read_path(&entry, format, sink);
            }
        }
        return;
    }
    // `news.jsonl.gz` is JSONL once decompressed: the format comes from the inner name.
    let compression = Compression::from_extension(path);
    let inner_name = match compression {
        Some(_) => Path::new(path.file_stem().unwrap_or_default()),
        None => path,
    };
    let format = match format {
        InputFormat::Auto => format_from_extension(inner_name).unwrap_or(InputFormat::Auto),
        f => f,
    };
    let origin = Origin {
        path: Some(path.to_path_buf()),
        line: None,
    };
    let file = std::fs::File::open(path).and_then(|file| decompressed(file, compression));
    match file {
        Ok(file) if format == InputFormat::Jsonl => read_jsonl(BufReader::new(file), origin, sink),
        Ok(file) => match read_limited(file) {
            Ok(bytes) => read_whole(bytes, format, origin, sink),
            Err(kind) => sink.error(InputError {
                origin,
                id: None,
                kind,
            }),
        },
        Err(e) => sink.error(io_error(Some(path), &e)),
    }
}

/// Reads standard input (or any reader) as one input.
pub fn read_stream(reader: impl Read, format: InputFormat, sink: &mut dyn DocSink) {
    let origin = Origin {
        path: None,
        line: None,
    };
    let mut reader = match sniff_compression(reader) {
        Ok(reader) => BufReader::new(reader),
        Err(e) => {
            sink.error(InputError {
                origin,
                id: None,
                kind: InputErrorKind::Io(e.to_string()),
            });
            return;
        }
    };
    let format = match format {
        InputFormat::Auto => match reader.fill_buf() {
            Ok(head) => sniff(head),
            Err(e) => {
                sink.error(InputError {
                    origin,
                    id: None,
                    kind: InputErrorKind::Io(e.to_string()),
                });
                return;
            }
        },
        f => f,
    };
    if format == InputFormat::Jsonl {
        read_jsonl(reader, origin, sink);
        return;
    }
    match read_limited(reader) {
        Ok(bytes) => read_whole(bytes, format, origin, sink),
        Err(kind) => sink.error(InputError {
            origin,
            id: None,
            kind,
        }),
    }
}

/// A compressed input: news archives are commonly shipped as `.jsonl.gz` or `.zst`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compression {
    Gzip,
    Zstd,
}

impl Compression {
    fn from_extension(path: &Path) -> Option<Compression> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "gz" | "gzip" => Some(Compression::Gzip),
            "zst" | "zstd" => Some(Compression::Zstd),
            _ => None,
        }
    }

    fn from_magic(head: &[u8]) -> Option<Compression> {
        if head.starts_with(&[0x1f, 0x8b]) {
            Some(Compression::Gzip)
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Some(Compression::Zstd)
        } else {
            None
        }
    }
}

/// Wraps a reader in its decompressor. Concatenated gzip members (as `cat a.gz b.gz`
/// makes) are all read.
fn decompressed<'a>(
    reader: impl Read + 'a,
    compression: Option<Compression>,
) -> std::io::Result<Box<dyn Read + 'a>> {
    Ok(match compression {
        None => Box::new(reader),
        Some(Compression::Gzip) => gzip_reader(reader),
        Some(Compression::Zstd) => Box::new(
            ruzstd::decoding::StreamingDecoder::new(reader)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?,
        ),
    })
}

/// A reader decompressing gzip (all members).
pub fn gzip_reader<'a>(reader: impl Read + 'a) -> Box<dyn Read + 'a> {
    Box::new(flate2::read::MultiGzDecoder::new(reader))
}

/// A reader decompressing zstd.
///
/// # Errors
///
/// When the stream does not start with a valid zstd frame header.
pub fn zstd_reader<'a>(reader: impl Read + 'a) -> std::io::Result<Box<dyn Read + 'a>> {
    decompressed(reader, Some(Compression::Zstd))
}

/// Standard input has no file name: compression is recognised by its magic bytes.
fn sniff_compression<'a>(reader: impl Read + 'a) -> std::io::Result<Box<dyn Read + 'a>> {
    let mut reader = BufReader::new(reader);
    let compression = Compression::from_magic(reader.fill_buf()?);
    decompressed(reader, compression)
}

fn io_error(path: Option<&Path>, e: &std::io::Error) -> InputError {
    InputError {
        origin: Origin {
            path: path.map(Path::to_path_buf),
            line: None,
        },
        id: None,
        kind: InputErrorKind::Io(e.to_string()),
    }
}

fn format_from_extension(path: &Path) -> Option<InputFormat> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "jsonl" | "ndjson" => Some(InputFormat::Jsonl),
        "html" | "htm" | "xhtml" => Some(InputFormat::Html),
        "txt" | "text" | "md" => Some(InputFormat::Text),
        _ => None,
    }
}

/// Guesses the format from the first bytes: `{` starts JSONL, a tag starts HTML.
fn sniff(head: &[u8]) -> InputFormat {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = &head[start..];
    if head.starts_with(b"{") {
        return InputFormat::Jsonl;
    }
    let lower: Vec<u8> = head.iter().take(512).map(u8::to_ascii_lowercase).collect();
    let looks_html = [
        &b"<!doctype html"[..],
        b"<html",
        b"<head",
        b"<body",
        b"<article",
        b"<p>",
        b"<div",
        b"<!--",
    ]
    .iter()
    .any(|tag| lower.starts_with(tag));
    if looks_html {
        InputFormat::Html
    } else {
        InputFormat::Text
    }
}

fn read_limited(reader: impl Read) -> Result<Vec<u8>, InputErrorKind> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_DOCUMENT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| InputErrorKind::Io(e.to_string()))?;
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(InputErrorKind::TooLarge(bytes.len()));
    }
    Ok(bytes)
}

/// Decodes bytes as UTF-8: a BOM is dropped, invalid sequences become U+FFFD with a
/// warning naming the input. Binary data (NUL bytes) is refused.
fn decode(
    bytes: Vec<u8>,
    origin: &Origin,
    warnings: &mut Vec<String>,
) -> Result<String, InputErrorKind> {
    if bytes.contains(&0) {
        return Err(InputErrorKind::Binary);
    }
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            warnings.push(format!(
                "{origin}: invalid UTF-8 (first at byte {at}) replaced with U+FFFD"
            ));
            Ok(String::from_utf8_lossy(e.as_bytes()).into_owned())
        }
    }
}

fn read_whole(bytes: Vec<u8>, format: InputFormat, origin: Origin, sink: &mut dyn DocSink) {
    let format = if format == InputFormat::Auto {
        sniff(&bytes[..bytes.len().min(1024)])
    } else {
        format
    };
    if format == InputFormat::Jsonl {
        read_jsonl(&bytes[..], origin, sink);
        return;
    }
    let mut warnings = Vec::new();
    let fail = |origin: Origin, kind| InputError {
        origin,
        id: None,
        kind,
    };
    let text = match decode(bytes, &origin, &mut warnings) {
        Ok(t) => t,
        Err(kind) => return sink.error(fail(origin, kind)),
    };
    let id = origin
        .path
        .as_ref()
        .map_or_else(|| "stdin".to_string(), |p| p.display().to_string());
    let mut meta = DocMeta {
        id,
        ..DocMeta::default()
    };
    let text = if format == InputFormat::Html {
        match html::extract(&text) {
            Ok(article) => {
                meta.title = article.title;
                meta.date = article.date;
                meta.url = article.url;
                meta.source = article.site_name;
                article.text
            }
            Err(reason) => return sink.error(fail(origin, InputErrorKind::Html(reason))),
        }
    } else {
        text
    };
    if text.trim().is_empty() {
        return sink.error(fail(origin, InputErrorKind::Empty));
    }
    sink.document(InputDoc {
        origin,
        text,
        meta,
        warnings,
    });
}

/// Reads JSONL line by line. Every line yields a document or an error, so output can
/// stay aligned with input line for line.
fn read_jsonl(mut reader: impl BufRead, origin: Origin, sink: &mut dyn DocSink) {
    let mut buf = Vec::new();
    let mut line_no = 0;
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) => {
                sink.error(InputError {
                    origin: Origin {
                        line: Some(line_no + 1),
                        ..origin.clone()
                    },
                    id: None,
                    kind: InputErrorKind::Io(e.to_string()),
                });
                return;
            }
        }
        line_no += 1;
        let line_origin = Origin {
            line: Some(line_no),
            ..origin.clone()
        };
        // A trailing empty line at the end of a file is not an input line.
        let line = buf.strip_suffix(b"\n").unwrap_or(&buf);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let line = if line_no == 1 {
            line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line)
        } else {
            line
        };
        match parse_jsonl_line(line, &line_origin) {
            Ok(doc) => sink.document(doc),
            Err((id, kind)) => sink.error(InputError {
                origin: line_origin,
                id,
                kind,
            }),
        }
    }
}

type LineError = (Option<String>, InputErrorKind);

fn parse_jsonl_line(line: &[u8], origin: &Origin) -> Result<InputDoc, LineError> {
    if line.len() > MAX_DOCUMENT_BYTES {
        return Err((None, InputErrorKind::TooLarge(line.len())));
    }
    let mut warnings = Vec::new();
    let line = String::from_utf8(line.to_vec()).unwrap_or_else(|e| {
        warnings.push(format!("{origin}: invalid UTF-8 replaced with U+FFFD"));
        String::from_utf8_lossy(e.as_bytes()).into_owned()
    });
    if line.trim().is_empty() {
        return Err((None, InputErrorKind::Json("empty line".into())));
    }
    let value: serde_json::Value =
        serde_json::from_str(&line).map_err(|e| (None, InputErrorKind::Json(e.to_string())))?;
    let serde_json::Value::Object(obj) = value else {
        return Err((None, InputErrorKind::Json("expected an object".into())));
    };
    let field_err = |id: &Option<String>, field, reason: &str| {
        (
            id.clone(),
            InputErrorKind::Field {
                field,
                reason: reason.to_string(),
            },
        )
    };
    let id = match obj.get("id") {
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        // Numbers are common in hand-made files; accept them as their text.
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        Some(_) => return Err(field_err(&None, "id", "must be a string")),
        None => None,
    };
    if id.is_none() {
        return Err(field_err(&None, "id", "missing"));
    }
    let text = match obj.get("text") {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(_) => return Err(field_err(&id, "text", "must be a string")),
        None => return Err(field_err(&id, "text", "missing")),
    };
    if text.trim().is_empty() {
        return Err((id, InputErrorKind::Empty));
    }
    let string_field = |name: &'static str, warnings: &mut Vec<String>| match obj.get(name) {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        Some(serde_json::Value::String(_) | serde_json::Value::Null) | None => None,
        Some(_) => {
            warnings.push(format!("{origin}: field `{name}` is not a string; ignored"));
            None
        }
    };
    let date = match string_field("date", &mut warnings) {
        Some(s) => match s.get(..10).unwrap_or(&s).parse::<Date>() {
            Ok(d) => Some(d),
            Err(e) => {
                warnings.push(format!(
                    "{origin}: field `date`: {e}; the document has no date"
                ));
                None
            }
        },
        None => None,
    };
    let meta = DocMeta {
        id: id.unwrap_or_default(),
        title: string_field("title", &mut warnings),
        date,
        source: string_field("source", &mut warnings),
        url: string_field("url", &mut warnings),
    };
    Ok(InputDoc {
        origin: origin.clone(),
        text,
        meta,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Collect {
        docs: Vec<InputDoc>,
        errors: Vec<InputError>,
    }

    impl DocSink for Collect {
        fn document(&mut self, doc: InputDoc) {
            self.docs.push(doc);
        }
        fn error(&mut self, err: InputError) {
            self.errors.push(err);
        }
    }

    fn stream(input: &[u8], format: InputFormat) -> Collect {
        let mut c = Collect::default();
        read_stream(input, format, &mut c);
        c
    }

    #[test]
    fn jsonl_lines_become_documents_or_errors_in_order() {
        let input = b"{\"id\":\"a\",\"text\":\"Hello.\",\"date\":\"2015-09-29\"}\nnot json\n{\"id\":\"c\"}\n{\"text\":\"x\"}\n{\"id\":7,\"text\":\"Seven.\",\"date\":\"2015-02-30\"}\n\n";
        let c = stream(input, InputFormat::Auto);
        assert_eq!(c.docs.len(), 2);
        assert_eq!(c.docs[0].meta.date.unwrap().to_string(), "2015-09-29");
        assert_eq!(c.docs[1].meta.id, "7");
        assert!(
            c.docs[1].warnings[0].contains("<stdin>:5: field `date`"),
            "{:?}",
            c.docs[1].warnings
        );
        let errs: Vec<String> = c.errors.iter().map(ToString::to_string).collect();
        assert_eq!(errs.len(), 4, "{errs:?}");
        assert!(errs[0].starts_with("<stdin>:2: not a JSON object"));
        assert_eq!(errs[1], "<stdin>:3: field `text`: missing");
        assert_eq!(c.errors[1].id.as_deref(), Some("c"));
        assert_eq!(errs[2], "<stdin>:4: field `id`: missing");
        assert!(errs[3].starts_with("<stdin>:6: not a JSON object: empty line"));
    }

    #[test]
    fn text_with_bom_crlf_and_invalid_bytes() {
        let c = stream(
            b"\xEF\xBB\xBFTitle\r\n\r\nBody \xFF text.\r\n",
            InputFormat::Text,
        );
        assert_eq!(c.docs.len(), 1);
        assert!(c.docs[0].text.starts_with("Title\r\n"));
        assert!(c.docs[0].text.contains('\u{FFFD}'));
        assert!(c.docs[0].warnings[0].contains("<stdin>: invalid UTF-8"));
    }

    #[test]
    fn binary_and_empty_inputs_are_errors() {
        assert_eq!(
            stream(b"\x00\x01\x02abc", InputFormat::Text).errors[0].kind,
            InputErrorKind::Binary
        );
        assert_eq!(
            stream(b"  \n\n ", InputFormat::Text).errors[0].kind,
            InputErrorKind::Empty
        );
        assert_eq!(
            stream(b"", InputFormat::Auto).errors[0].kind,
            InputErrorKind::Empty
        );
    }

    #[test]
    fn compressed_streams_are_read_by_their_magic_bytes() {
        use std::io::Write;
        let jsonl = b"{\"id\":\"a\",\"text\":\"Hello.\"}\n{\"id\":\"b\",\"text\":\"Bye.\"}\n";
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(jsonl).unwrap();
        let gz = gz.finish().unwrap();
        let c = stream(&gz, InputFormat::Auto);
        assert_eq!(c.docs.len(), 2, "{:?}", c.errors);
        assert_eq!(c.docs[1].text, "Bye.");
        // A truncated archive is an error naming the input, not a crash.
        let c = stream(&gz[..gz.len() / 2], InputFormat::Auto);
        assert!(!c.errors.is_empty());
    }

    #[test]
    fn zstd_files_and_streams_are_read() {
        let jsonl = b"{\"id\":\"z\",\"text\":\"Zstd news.\"}\n";
        let zst = ruzstd::encoding::compress_to_vec(
            &jsonl[..],
            ruzstd::encoding::CompressionLevel::Fastest,
        );
        let c = stream(&zst, InputFormat::Auto);
        assert_eq!(c.docs.len(), 1, "{:?}", c.errors);
        assert_eq!(c.docs[0].text, "Zstd news.");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("news.jsonl.zst");
        std::fs::write(&path, &zst).unwrap();
        let mut c = Collect::default();
        read_path(&path, InputFormat::Auto, &mut c);
        assert_eq!(c.docs[0].meta.id, "z", "{:?}", c.errors);
        // Not zstd at all behind a .zst name: an error naming the file.
        let bad = dir.path().join("broken.jsonl.zst");
        std::fs::write(&bad, b"plain text, not zstd").unwrap();
        let mut c = Collect::default();
        read_path(&bad, InputFormat::Auto, &mut c);
        assert!(c.docs.is_empty());
        assert!(
            c.errors[0].to_string().contains("broken.jsonl.zst"),
            "{:?}",
            c.errors
        );
    }

    #[test]
    fn compressed_files_take_their_format_from_the_inner_name() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("news.jsonl.gz");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"{\"id\":\"a\",\"text\":\"Hello.\"}\n")
            .unwrap();
        std::fs::write(&path, gz.finish().unwrap()).unwrap();
        let mut c = Collect::default();
        read_path(&path, InputFormat::Auto, &mut c);
        assert_eq!(c.docs.len(), 1, "{:?}", c.errors);
        assert_eq!(c.docs[0].meta.id, "a");
    }

    #[test]
    fn sniffing() {
        assert_eq!(sniff(b"  {\"id\":1}"), InputFormat::Jsonl);
        assert_eq!(sniff(b"<!DOCTYPE html><html>"), InputFormat::Html);
        assert_eq!(sniff(b"\xEF\xBB\xBF<html>"), InputFormat::Html);
        assert_eq!(sniff(b"US officials told CNN"), InputFormat::Text);
        assert_eq!(sniff(b"<3 is not a tag"), InputFormat::Text);
    }
}
