//! One row per record, for warehouses and log stacks: every field of the report and the record,
//! plus what DMARC Lens adds (the failure pattern, the tag, a stable row key and the input
//! file's SHA-256), written as NDJSON (one object a line) or as CSV whose first columns are
//! exactly parsedmarc's flat CSV, so dashboards and scripts made for it read it unchanged.
//!
//! Rows are written as they are made, one record at a time, to any `Write`: nothing here holds
//! more than one row. Which reports get rows (duplicates counted once, the better copy kept,
//! filters) is the caller's choice, made with the same `Store` the analysis uses.
//!
//! Files: this one (keys, the rows of a file, which reports get them), `ndjson.rs`, `csv.rs`.

use std::io::{self};

use sha2::{Digest, Sha256};

use crate::analyze::{Filters, MailClass, RecordSenders, SenderInfo};
use crate::dates::utc_day;
use crate::model::{Record, Report};
use crate::store::Store;
use crate::tags::{canonical_ip, TagSet};
use crate::{decode, parse, Limits};

mod csv;
mod ndjson;

pub use self::csv::{CsvRows, EXTRA_COLUMNS, PARSEDMARC_COLUMNS};
pub use ndjson::NdjsonRows;

/// The pattern (1-4) of a DMARC-failing record, `None` when DMARC passes: the same definition
/// as the analysis's (`analyze::pattern_of`), on a parsed record.
pub fn record_pattern(record: &Record) -> Option<u8> {
    if record.row.policy_evaluated.dmarc_pass() {
        return None;
    }
    let auth = &record.auth_results;
    Some(match (auth.spf_authenticated(), auth.dkim_authenticated()) {
        (true, true) => 1,
        (false, true) => 2,
        (true, false) => 3,
        (false, false) => 4,
    })
}

/// The SHA-256 of an input file's bytes, in lower-case hex.
pub fn file_sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

/// A report's key, the same whenever the same report is exported: the first 96 bits of the
/// SHA-256 of (reporter, lower-case policy domain, report id), hex. A row's key is the report's
/// key, `-` and the record's index: loading the same reports twice downstream can upsert on it.
pub fn report_key(reporter: &str, domain: &str, report_id: &str) -> String {
    let mut hasher = Sha256::new();
    for part in [reporter, &domain.to_ascii_lowercase(), report_id] {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    hex(hasher.finalize().get(..12).unwrap_or_default())
}

/// What a row carries besides its report and record.
#[derive(Clone, Copy, Debug)]
pub struct RowContext<'a> {
    /// Who sent the report, as the analyses name it (`org_name`, or its address's domain).
    pub reporter: &'a str,
    /// The input file (and entry) the report was read from.
    pub file: &'a str,
    pub file_sha256: &'a str,
}

/// Who sent a row's mail and, when it fails DMARC, its class: as the analysis names the source
/// and sorts the record (`analyze::record_senders`).
#[derive(Clone, Copy, Debug, Default)]
pub struct RowSender<'a> {
    pub sender: Option<&'a SenderInfo>,
    pub class: Option<MailClass>,
}

/// The columns a [`RowSender`] adds to every row, in order (NDJSON, CSV and Parquet alike).
pub const SENDER_COLUMNS: [&str; 8] = [
    "sender_name",
    "sender_type",
    "sender_evidence",
    "sender_domain",
    "sender_asn",
    "sender_as_name",
    "sender_country",
    "fail_class",
];

/// Which stored reports get rows: those the filters admit, each once (a report loaded from two
/// files, or a file given twice, is written once: from the copy the store kept).
pub struct Selection {
    admitted: Vec<bool>,
    written: Vec<bool>,
}

impl Selection {
    pub fn new(store: &Store, filters: &Filters) -> Selection {
        Selection {
            admitted: store.reports.iter().map(|r| filters.admits(store, r)).collect(),
            written: vec![false; store.reports.len()],
        }
    }
}

/// One record to write, with where it came from.
pub struct RowSource<'a> {
    pub report: &'a Report,
    pub index: usize,
    pub tag: Option<&'a str>,
    pub sender: RowSender<'a>,
    pub context: RowContext<'a>,
    /// The UTC day the report begins (days since 1970-01-01), for a layout by date.
    pub day: Option<i64>,
}

/// Reads input file `file` again (the bytes the store was loaded from) and hands `sink` every
/// record of each report the store kept from this file and `selection` still wants, in order,
/// with its tag under `tags` and its sender and class from `names` (made for the same store and
/// filters). Returns the rows handed over; the first error of `sink` ends it.
pub fn file_rows(
    store: &Store,
    tags: &TagSet,
    names: &RecordSenders,
    selection: &mut Selection,
    file: &str,
    bytes: &[u8],
    limits: &Limits,
    sink: &mut dyn FnMut(&RowSource<'_>) -> io::Result<()>,
) -> io::Result<u64> {
    let sha = file_sha256(bytes);
    let mut rows = 0u64;
    let mut failed: Option<io::Error> = None;
    decode::decode(bytes, limits, &mut |part| {
        let Ok(document) = part else { return };
        if failed.is_some() {
            return;
        }
        let Ok(parsed) = parse::parse(&document.bytes) else { return };
        let report = &parsed.report;
        let place = decode::join_entry(file, &document.entry);
        let meta = &report.metadata;
        let Some(index) = store.find(&meta.org_name, &report.policy_published.domain, &meta.report_id) else { return };
        let Some(stored) = store.reports.get(index as usize) else { return };
        let i = index as usize;
        let wanted =
            selection.admitted.get(i).copied().unwrap_or(false) && !selection.written.get(i).copied().unwrap_or(true);
        if !wanted || store.strings.get(stored.file) != place || stored.records.len() != report.records.len() {
            return;
        }
        if let Some(w) = selection.written.get_mut(i) {
            *w = true;
        }
        let domain = report.policy_published.domain.trim().trim_end_matches('.').to_ascii_lowercase();
        let context = RowContext { reporter: store.strings.get(stored.reporter), file: &place, file_sha256: &sha };
        for (index, record) in report.records.iter().enumerate() {
            let tag = tags.lookup(canonical_ip(record.row.source_ip), &domain).and_then(|r| tags.rules().get(r));
            let stored_index = stored.records.start as usize + index;
            let sender = RowSender { sender: names.sender(stored_index), class: names.class(stored_index) };
            let source = RowSource {
                report,
                index,
                tag: tag.map(|r| r.tag.as_str()),
                sender,
                context,
                day: stored.begin.map(utc_day),
            };
            if let Err(e) = sink(&source) {
                failed = Some(e);
                return;
            }
            rows += 1;
        }
    });
    match failed {
        Some(e) => Err(e),
        None => Ok(rows),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_ends_with_the_sender_columns() {
        assert_eq!(EXTRA_COLUMNS.get(EXTRA_COLUMNS.len() - SENDER_COLUMNS.len()..), Some(&SENDER_COLUMNS[..]));
        #[cfg(feature = "parquet")]
        {
            let schema = crate::parquet::schema();
            let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
            assert_eq!(names.get(names.len() - SENDER_COLUMNS.len()..), Some(&SENDER_COLUMNS[..]));
            assert!(schema.fields().iter().rev().take(SENDER_COLUMNS.len()).all(|f| f.is_nullable()));
        }
    }
}
