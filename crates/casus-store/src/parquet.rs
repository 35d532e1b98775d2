//! Parquet export, partitioned Hive-style by event date (`date=YYYY-MM-DD/`), so
//! DuckDB (`read_parquet('dir/**/*.parquet', hive_partitioning = true)`), pandas
//! (`pd.read_parquet(dir)`) and Spark read a whole export as one table with a `date`
//! column. The date lives in the directory name only, as Hive partitioning expects;
//! undated events go to `date=__HIVE_DEFAULT_PARTITION__`, Hive's name for null.

use crate::query::{EventFilter, StoredEvent};
use crate::{Store, StoreError};
use arrow_array::builder::{BooleanBuilder, Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Hive's partition name for a null value.
pub const NULL_PARTITION: &str = "__HIVE_DEFAULT_PARTITION__";

/// Rows per record batch (and row group granularity).
const BATCH_ROWS: usize = 65_536;

fn schema() -> Arc<Schema> {
    let s = |name: &str, nullable| Field::new(name, DataType::Utf8, nullable);
    let i = |name: &str, nullable| Field::new(name, DataType::Int64, nullable);
    let f = |name: &str| Field::new(name, DataType::Float64, true);
    Arc::new(Schema::new(vec![
        s("event_id", false),
        i("event_key", false),
        s("document_id", false),
        i("sentence", false),
        s("source_code", true),
        s("source_text", true),
        s("target_code", true),
        s("target_text", true),
        s("cameo", false),
        s("cameo_root", false),
        s("plover", true),
        i("quad_class", true),
        f("goldstein"),
        s("trigger", false),
        Field::new("negated", DataType::Boolean, false),
        s("modality", false),
        s("location", true),
        s("location_country", true),
        f("lat"),
        f("lon"),
        i("geonames_id", true),
        s("url", true),
        i("cluster", false),
        i("num_mentions", false),
        i("num_articles", false),
        i("num_sources", false),
        s("provenance", false),
    ]))
}

struct Columns {
    strings: Vec<StringBuilder>,
    ints: Vec<Int64Builder>,
    floats: Vec<Float64Builder>,
    negated: BooleanBuilder,
    rows: usize,
}

/// The order in which [`Columns::push`] fills builders, matching [`schema`].
#[derive(Clone, Copy)]
enum Col {
    S(usize),
    I(usize),
    F(usize),
    Negated,
}

const LAYOUT: [Col; 27] = [
    Col::S(0),
    Col::I(0),
    Col::S(1),
    Col::I(1),
    Col::S(2),
    Col::S(3),
    Col::S(4),
    Col::S(5),
    Col::S(6),
    Col::S(7),
    Col::S(8),
    Col::I(2),
    Col::F(0),
    Col::S(9),
    Col::Negated,
    Col::S(10),
    Col::S(11),
    Col::S(12),
    Col::F(1),
    Col::F(2),
    Col::I(3),
    Col::S(13),
    Col::I(4),
    Col::I(5),
    Col::I(6),
    Col::I(7),
    Col::S(14),
];

impl Columns {
    fn new() -> Columns {
        Columns {
            strings: (0..15).map(|_| StringBuilder::new()).collect(),
            ints: (0..8).map(|_| Int64Builder::new()).collect(),
            floats: (0..3).map(|_| Float64Builder::new()).collect(),
            negated: BooleanBuilder::new(),
            rows: 0,
        }
    }

    fn push(&mut self, e: &StoredEvent) {
        let r = &e.record;
        let loc = r.location.as_ref();
        let strings: [Option<&str>; 15] = [
            Some(&r.id),
            Some(&e.document_id),
            r.source.as_ref().map(|a| a.code.as_str()),
            r.source.as_ref().map(|a| a.text.as_str()),
            r.target.as_ref().map(|a| a.code.as_str()),
            r.target.as_ref().map(|a| a.text.as_str()),
            Some(&r.cameo),
            Some(r.cameo.get(..2).unwrap_or(&r.cameo)),
            r.plover.as_deref(),
            Some(&r.trigger.text),
            Some(&r.modality),
            loc.map(|l| l.text.as_str()),
            loc.and_then(|l| l.country.as_deref()),
            e.url.as_deref(),
            Some(&r.provenance),
        ];
        let ints: [Option<i64>; 8] = [
            Some(e.key),
            Some(i64::from(r.sentence)),
            r.quad_class.map(i64::from),
            loc.and_then(|l| l.geonames_id),
            Some(e.cluster),
            Some(e.num_mentions),
            Some(e.num_articles),
            Some(e.num_sources),
        ];
        let floats: [Option<f64>; 3] = [
            r.goldstein.map(f64::from),
            loc.and_then(|l| l.lat),
            loc.and_then(|l| l.lon),
        ];
        for (b, v) in self.strings.iter_mut().zip(strings) {
            b.append_option(v);
        }
        for (b, v) in self.ints.iter_mut().zip(ints) {
            b.append_option(v);
        }
        for (b, v) in self.floats.iter_mut().zip(floats) {
            b.append_option(v);
        }
        self.negated.append_value(r.negated);
        self.rows += 1;
    }

    fn finish(&mut self, schema: &Arc<Schema>) -> Result<RecordBatch, StoreError> {
        let arrays: Vec<ArrayRef> = LAYOUT
            .iter()
            .map(|col| -> ArrayRef {
                match *col {
                    Col::S(i) => Arc::new(self.strings[i].finish()),
                    Col::I(i) => Arc::new(self.ints[i].finish()),
                    Col::F(i) => Arc::new(self.floats[i].finish()),
                    Col::Negated => Arc::new(self.negated.finish()),
                }
            })
            .collect();
        self.rows = 0;
        RecordBatch::try_new(schema.clone(), arrays)
            .map_err(|e| StoreError::Invalid(format!("building a Parquet batch: {e}")))
    }
}

/// What a Parquet export wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParquetSummary {
    pub events: u64,
    /// The files written, one per date.
    pub files: Vec<PathBuf>,
}

struct Partition {
    date: Option<String>,
    writer: ArrowWriter<std::fs::File>,
    path: PathBuf,
}

/// Writes the selected events under `dir` as `date=YYYY-MM-DD/part-0.parquet` files
/// (Snappy-compressed). `dir` is created. A folder that already holds partitions is
/// refused: readers take every `date=` folder under it as one dataset, so the dates
/// an earlier export wrote and this one does not would silently stay in it.
///
/// # Errors
///
/// A folder with partitions already in it ([`StoreError::Invalid`], naming it), store
/// errors, I/O errors naming the file, and Parquet encoding errors.
pub fn export_parquet(
    store: &Store,
    filter: &EventFilter,
    dir: &Path,
) -> Result<ParquetSummary, StoreError> {
    if let Ok(entries) = std::fs::read_dir(dir) {
        let partitions = entries
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with("date="))
            .count();
        if partitions > 0 {
            return Err(StoreError::Invalid(format!(
                "{}: already holds {partitions} date= partitions of an earlier export; \
                 export into a new or empty folder",
                dir.display()
            )));
        }
    }
    let schema = schema();
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    let mut summary = ParquetSummary::default();
    let mut columns = Columns::new();
    let mut current: Option<Partition> = None;
    let parquet_err = |path: &Path, e: parquet::errors::ParquetError| {
        StoreError::Invalid(format!("{}: {e}", path.display()))
    };
    let flush = |columns: &mut Columns, part: &mut Partition| -> Result<(), StoreError> {
        if columns.rows > 0 {
            let batch = columns.finish(&schema)?;
            part.writer
                .write(&batch)
                .map_err(|e| parquet_err(&part.path, e))?;
        }
        Ok(())
    };
    let close = |part: Partition, summary: &mut ParquetSummary| -> Result<(), StoreError> {
        part.writer
            .close()
            .map_err(|e| parquet_err(&part.path, e))?;
        summary.files.push(part.path);
        Ok(())
    };
    store.for_each_event(filter, |e| {
        let same = current
            .as_ref()
            .is_some_and(|p| p.date.as_deref() == e.record.date.as_deref());
        if !same {
            if let Some(mut part) = current.take() {
                flush(&mut columns, &mut part)?;
                close(part, &mut summary)?;
            }
            let name = e.record.date.as_deref().unwrap_or(NULL_PARTITION);
            let part_dir = dir.join(format!("date={name}"));
            std::fs::create_dir_all(&part_dir).map_err(|err| io_at(&part_dir, &err))?;
            let path = part_dir.join("part-0.parquet");
            let file = std::fs::File::create(&path).map_err(|err| io_at(&path, &err))?;
            let writer = ArrowWriter::try_new(file, schema.clone(), Some(props.clone()))
                .map_err(|err| parquet_err(&path, err))?;
            current = Some(Partition {
                date: e.record.date.clone(),
                writer,
                path,
            });
        }
        columns.push(&e);
        summary.events += 1;
        if columns.rows >= BATCH_ROWS {
            if let Some(part) = current.as_mut() {
                flush(&mut columns, part)?;
            }
        }
        Ok(())
    })?;
    if let Some(mut part) = current.take() {
        flush(&mut columns, &mut part)?;
        close(part, &mut summary)?;
    }
    Ok(summary)
}

fn io_at(path: &Path, e: &std::io::Error) -> StoreError {
    StoreError::Io(std::io::Error::new(
        e.kind(),
        format!("{}: {e}", path.display()),
    ))
}
