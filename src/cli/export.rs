//! `dmarc-lens export`: the loaded reports as one row per record, to standard output or to a
//! directory laid out by date (`DIR/date=YYYY-MM-DD/part-<file sha256>.<ext>`, the layout Hive,
//! Spark, DuckDB and ClickHouse read), plus `DIR/files.json` with every file's result.
//!
//! The store was loaded from every file first (so duplicates resolve as `analyze` resolves
//! them); each file is then read again and its kept reports written row by row: memory holds
//! the compact store, never the rows. Each part is written under a temporary name and renamed
//! once complete, so a crash leaves no partial file under a final name; a part already there
//! (the same input file exported before) is left as it is.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use dmarc_lens::analyze::{record_senders, Assignment, Filters, RecordSenders};
use dmarc_lens::dates::day_date;
use dmarc_lens::rows::{file_rows, file_sha256, CsvRows, NdjsonRows, RowSource, Selection};
use dmarc_lens::senders::Senders;
use dmarc_lens::tags::TagSet;
use dmarc_lens::{FileResult, FileStatus, Limits, Store};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Ndjson,
    Csv,
    /// Built with the `parquet` feature only (the CLI's default).
    Parquet,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Ndjson => "ndjson",
            Format::Csv => "csv",
            Format::Parquet => "parquet",
        }
    }
}

/// Rows of one format to one writer.
enum Sink<W: Write + Send> {
    Ndjson(NdjsonRows<W>),
    Csv(CsvRows<W>),
    #[cfg(feature = "parquet")]
    Parquet(Box<dmarc_lens::parquet::ParquetRows<W>>),
}

impl<W: Write + Send> Sink<W> {
    fn new(format: Format, out: W) -> io::Result<Sink<W>> {
        Ok(match format {
            Format::Ndjson => Sink::Ndjson(NdjsonRows::new(out)),
            Format::Csv => Sink::Csv(CsvRows::new(out)?),
            #[cfg(feature = "parquet")]
            Format::Parquet => Sink::Parquet(Box::new(dmarc_lens::parquet::ParquetRows::new(out)?)),
            #[cfg(not(feature = "parquet"))]
            Format::Parquet => {
                return Err(io::Error::other("this dmarc-lens was built without Parquet (the `parquet` feature)"))
            }
        })
    }

    /// Writes a row; the first of a report starts it (`file_rows` gives every report's rows
    /// from its first, in order).
    fn write(&mut self, row: &RowSource<'_>) -> io::Result<()> {
        match self {
            Sink::Ndjson(rows) => {
                if row.index == 0 {
                    rows.report(row.report, &row.context)?;
                }
                rows.row(row.report, row.index, row.tag, row.sender)
            }
            Sink::Csv(rows) => {
                if row.index == 0 {
                    rows.report(row.report, &row.context);
                }
                rows.row(row.report, row.index, row.tag, row.sender)
            }
            #[cfg(feature = "parquet")]
            Sink::Parquet(rows) => {
                if row.index == 0 {
                    rows.report(row.report, &row.context)?;
                }
                rows.row(row.report, row.index, row.tag, row.sender)
            }
        }
    }

    fn finish(self) -> io::Result<W> {
        match self {
            Sink::Ndjson(rows) => rows.finish(),
            Sink::Csv(rows) => rows.finish(),
            #[cfg(feature = "parquet")]
            Sink::Parquet(rows) => rows.finish(),
        }
    }
}

/// A part being written: its final path and the sink writing its temporary file.
struct Part {
    path: PathBuf,
    temporary: PathBuf,
    sink: Sink<BufWriter<File>>,
}

/// Writes the rows; `senders` names their sources as `analyze` does with the same pack.
#[allow(clippy::too_many_arguments)]
pub fn run(
    store: &Store,
    tags: &TagSet,
    assignment: &Assignment,
    senders: Option<&Senders>,
    filters: &Filters,
    limits: &Limits,
    paths: &[String],
    files: &[FileResult],
    format: Format,
    out: Option<&Path>,
) -> ExitCode {
    for file in files.iter().filter(|f| f.status == FileStatus::Error) {
        eprintln!("dmarc-lens: {}", file.error.as_deref().unwrap_or(&file.file));
    }
    // Each row's sender and class, as the analysis of the same reports names and sorts them.
    let names = record_senders(store, assignment, filters, senders);
    let result = match out {
        None => to_stdout(store, tags, &names, filters, limits, paths, files, format),
        Some(dir) => to_directory(store, tags, &names, filters, limits, paths, files, format, dir),
    };
    match result {
        Ok(rows) => {
            if let Some(dir) = out {
                eprintln!("dmarc-lens: {rows} rows written under {}", dir.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("dmarc-lens: export failed: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The files that loaded, with their bytes read again.
fn loaded<'a>(paths: &'a [String], files: &'a [FileResult]) -> impl Iterator<Item = &'a String> {
    paths.iter().zip(files).filter(|(_, f)| f.status != FileStatus::Error).map(|(p, _)| p)
}

#[allow(clippy::too_many_arguments)]
fn to_stdout(
    store: &Store,
    tags: &TagSet,
    names: &RecordSenders,
    filters: &Filters,
    limits: &Limits,
    paths: &[String],
    files: &[FileResult],
    format: Format,
) -> io::Result<u64> {
    let mut sink = Sink::new(format, BufWriter::with_capacity(1 << 16, io::stdout()))?;
    let mut selection = Selection::new(store, filters);
    let mut rows = 0;
    for path in loaded(paths, files) {
        let bytes = std::fs::read(path)?;
        rows += file_rows(store, tags, names, &mut selection, path, &bytes, limits, &mut |row| sink.write(row))?;
    }
    sink.finish()?;
    Ok(rows)
}

#[allow(clippy::too_many_arguments)]
fn to_directory(
    store: &Store,
    tags: &TagSet,
    names: &RecordSenders,
    filters: &Filters,
    limits: &Limits,
    paths: &[String],
    files: &[FileResult],
    format: Format,
    dir: &Path,
) -> io::Result<u64> {
    std::fs::create_dir_all(dir)?;
    let mut selection = Selection::new(store, filters);
    let mut rows = 0;
    for path in loaded(paths, files) {
        let bytes = std::fs::read(path)?;
        let sha = file_sha256(&bytes);
        let name = format!("part-{}.{}", sha.get(..32).unwrap_or(&sha), format.extension());
        // One part per day this file's reports begin on, opened as rows reach it.
        let mut parts: BTreeMap<Option<i64>, Option<Part>> = BTreeMap::new();
        let open = |day: Option<i64>| -> io::Result<Option<Part>> {
            let folder = dir.join(match day {
                Some(day) => format!("date={}", day_date(day)),
                None => "date=unknown".to_string(),
            });
            let path = folder.join(&name);
            if path.exists() {
                return Ok(None);
            }
            std::fs::create_dir_all(&folder)?;
            let temporary = folder.join(format!(".{name}.partial"));
            let sink = Sink::new(format, BufWriter::with_capacity(1 << 16, File::create(&temporary)?))?;
            Ok(Some(Part { path, temporary, sink }))
        };
        rows += file_rows(store, tags, names, &mut selection, path, &bytes, limits, &mut |row| {
            let part = match parts.get_mut(&row.day) {
                Some(part) => part,
                None => parts.entry(row.day).or_insert(open(row.day)?),
            };
            match part {
                Some(part) => part.sink.write(row),
                None => Ok(()),
            }
        })?;
        for part in parts.into_values().flatten() {
            part.sink.finish()?.into_inner().map_err(|e| e.into_error())?.sync_all()?;
            std::fs::rename(&part.temporary, &part.path)?;
        }
    }
    let ledger = serde_json::to_string_pretty(files).map_err(io::Error::other)?;
    let temporary = dir.join(".files.json.partial");
    std::fs::write(&temporary, ledger + "\n")?;
    std::fs::rename(&temporary, dir.join("files.json"))?;
    Ok(rows)
}
