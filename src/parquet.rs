//! Rows as Parquet (`dmarc-lens export --format parquet`; the `parquet` feature, the CLI's
//! default, never in the app): the NDJSON rows, decoded against one fixed Arrow
//! schema and written as Parquet (zstd, dictionary-encoded strings), a batch at a time.
//!
//! The rows are made by the same `NdjsonRows` as the NDJSON export, so the two formats cannot
//! disagree on a field; `arrow-json` turns each batch of lines into a `RecordBatch` and
//! `parquet`'s `ArrowWriter` writes it. Memory holds one batch of rows and the writer's open row
//! group, never the whole set. The schema is fixed (not inferred), so every part of a layout
//! has the same column types whatever its rows hold.

use std::io::{self, Write};
use std::sync::Arc;

use crate::model::Report;
use crate::rows::{NdjsonRows, RowContext, RowSender};
use arrow_json::reader::{Decoder, ReaderBuilder};
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;

/// Rows decoded and written together; also the rows of a Parquet row group's pages' unit.
const BATCH_ROWS: usize = 8192;
/// Rows per row group: a million records make 8 groups.
const ROW_GROUP_ROWS: usize = 131_072;

fn text(name: &str, nullable: bool) -> Field {
    Field::new(name, DataType::Utf8, nullable)
}

fn list_of(name: &str, fields: Vec<Field>) -> Field {
    let item = Field::new("item", DataType::Struct(Fields::from(fields)), false);
    Field::new(name, DataType::List(Arc::new(item)), false)
}

/// The columns, in the NDJSON rows' order, with their types.
pub fn schema() -> SchemaRef {
    let auth = |scope_or_selector: &str| {
        vec![text("domain", false), text(scope_or_selector, true), text("result", false), text("human_result", true)]
    };
    Arc::new(Schema::new(vec![
        text("report_key", false),
        text("reporter", false),
        text("org_name", false),
        text("org_email", false),
        text("org_extra_contact_info", true),
        text("report_id", false),
        Field::new("begin", DataType::Int64, true),
        Field::new("end", DataType::Int64, true),
        text("begin_date", true),
        text("end_date", true),
        Field::new("errors", DataType::List(Arc::new(Field::new("item", DataType::Utf8, false))), false),
        text("xml_schema", true),
        text("domain", false),
        text("adkim", true),
        text("aspf", true),
        text("p", false),
        text("sp", true),
        text("np", true),
        Field::new("pct", DataType::UInt8, true),
        text("fo", true),
        Field::new("testing", DataType::Boolean, true),
        text("discovery_method", true),
        text("file", false),
        text("file_sha256", false),
        text("row_key", false),
        Field::new("record_index", DataType::UInt32, false),
        text("source_ip", false),
        Field::new("count", DataType::UInt64, false),
        text("disposition", false),
        text("dmarc_dkim", false),
        text("dmarc_spf", false),
        Field::new("dmarc_pass", DataType::Boolean, false),
        list_of("reasons", vec![text("type", false), text("comment", true)]),
        text("header_from", false),
        text("envelope_from", true),
        text("envelope_to", true),
        list_of("dkim", auth("selector")),
        list_of("spf", auth("scope")),
        Field::new("pattern", DataType::UInt8, true),
        text("tag", true),
        // `rows::SENDER_COLUMNS`: who sent it and, when it fails DMARC, its class.
        text("sender_name", true),
        text("sender_type", true),
        text("sender_evidence", true),
        text("sender_domain", true),
        Field::new("sender_asn", DataType::UInt32, true),
        text("sender_as_name", true),
        text("sender_country", true),
        text("fail_class", true),
    ]))
}

/// Writes Parquet rows to `W`.
pub struct ParquetRows<W: Write + Send> {
    lines: NdjsonRows<Vec<u8>>,
    pending: usize,
    decoder: Decoder,
    writer: ArrowWriter<W>,
}

impl<W: Write + Send> ParquetRows<W> {
    pub fn new(out: W) -> io::Result<ParquetRows<W>> {
        let schema = schema();
        let decoder = ReaderBuilder::new(schema.clone())
            .with_batch_size(BATCH_ROWS)
            .with_strict_mode(true)
            .build_decoder()
            .map_err(io::Error::other)?;
        let properties = WriterProperties::builder()
            .set_compression(Compression::ZSTD(ZstdLevel::try_new(3).map_err(io::Error::other)?))
            .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
            .set_created_by(format!("dmarc-lens {}", env!("CARGO_PKG_VERSION")))
            .build();
        let writer = ArrowWriter::try_new(out, schema, Some(properties)).map_err(io::Error::other)?;
        Ok(ParquetRows { lines: NdjsonRows::new(Vec::with_capacity(1 << 20)), pending: 0, decoder, writer })
    }

    pub fn report(&mut self, report: &Report, context: &RowContext<'_>) -> io::Result<()> {
        self.lines.report(report, context)
    }

    pub fn row(&mut self, report: &Report, index: usize, tag: Option<&str>, by: RowSender<'_>) -> io::Result<()> {
        self.lines.row(report, index, tag, by)?;
        self.pending += 1;
        if self.pending >= BATCH_ROWS {
            self.flush_batch()?;
        }
        Ok(())
    }

    /// Decodes the lines written so far into one batch and hands it to the writer.
    fn flush_batch(&mut self) -> io::Result<()> {
        let lines = self.lines.get_mut();
        let mut at = 0;
        while at < lines.len() {
            let read = self.decoder.decode(lines.get(at..).unwrap_or_default()).map_err(io::Error::other)?;
            at += read;
            if let Some(batch) = self.decoder.flush().map_err(io::Error::other)? {
                self.writer.write(&batch).map_err(io::Error::other)?;
            } else if read == 0 {
                break;
            }
        }
        if let Some(batch) = self.decoder.flush().map_err(io::Error::other)? {
            self.writer.write(&batch).map_err(io::Error::other)?;
        }
        lines.clear();
        self.pending = 0;
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<W> {
        self.flush_batch()?;
        self.writer.into_inner().map_err(io::Error::other)
    }
}
