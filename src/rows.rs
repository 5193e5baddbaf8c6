//! One row per record, for warehouses and log stacks: every field of the report and the record,
//! plus what DMARC Lens adds (the failure pattern, the tag, a stable row key and the input
//! file's SHA-256), written as NDJSON (one object a line) or as CSV whose first columns are
//! exactly parsedmarc's flat CSV, so dashboards and scripts made for it read it unchanged.
//!
//! Rows are written as they are made, one record at a time, to any `Write`: nothing here holds
//! more than one row. Which reports get rows (duplicates counted once, the better copy kept,
//! filters) is the caller's choice, made with the same `Store` the analysis uses.

use std::io::{self, Write};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::analyze::Filters;
use crate::dates::{utc_date_time, utc_day};
use crate::model::{Record, Report};
use crate::spreadsheet::spreadsheet_safe;
use crate::store::Store;
use crate::tags::{canonical_ip, TagSet};
use crate::{decode, parse, Limits};

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

#[derive(Serialize)]
struct DkimOut<'a> {
    domain: &'a str,
    selector: Option<&'a str>,
    result: &'static str,
    human_result: Option<&'a str>,
}

#[derive(Serialize)]
struct SpfOut<'a> {
    domain: &'a str,
    scope: Option<&'static str>,
    result: &'static str,
    human_result: Option<&'a str>,
}

#[derive(Serialize)]
struct ReasonOut<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    comment: Option<&'a str>,
}

/// The report's fields of an NDJSON row, written once per report. Field names follow the
/// report's elements; dates are epoch seconds and UTC text both.
#[derive(Serialize)]
struct ReportJson<'a> {
    report_key: &'a str,
    reporter: &'a str,
    org_name: &'a str,
    org_email: &'a str,
    org_extra_contact_info: Option<&'a str>,
    report_id: &'a str,
    begin: Option<i64>,
    end: Option<i64>,
    begin_date: Option<String>,
    end_date: Option<String>,
    errors: &'a [String],
    xml_schema: Option<&'a str>,
    domain: &'a str,
    adkim: Option<&'static str>,
    aspf: Option<&'static str>,
    p: &'static str,
    sp: Option<&'static str>,
    np: Option<&'static str>,
    pct: Option<u8>,
    fo: Option<&'a str>,
    testing: Option<bool>,
    discovery_method: Option<&'a str>,
    file: &'a str,
    file_sha256: &'a str,
}

/// The record's fields of an NDJSON row.
#[derive(Serialize)]
struct RecordJson<'a> {
    row_key: &'a str,
    record_index: usize,
    source_ip: std::net::IpAddr,
    count: u64,
    disposition: &'a str,
    dmarc_dkim: &'static str,
    dmarc_spf: &'static str,
    dmarc_pass: bool,
    reasons: Vec<ReasonOut<'a>>,
    header_from: &'a str,
    envelope_from: Option<&'a str>,
    envelope_to: Option<&'a str>,
    dkim: Vec<DkimOut<'a>>,
    spf: Vec<SpfOut<'a>>,
    pattern: Option<u8>,
    tag: Option<&'a str>,
}

fn disposition_text(record: &Record) -> &str {
    let pe = &record.row.policy_evaluated;
    pe.other_disposition.as_deref().unwrap_or(pe.disposition.as_str())
}

/// Writes NDJSON rows: one object a line, the report's fields first. The report's part is made
/// once per report ([`NdjsonRows::report`]), so a row costs its record's fields only.
pub struct NdjsonRows<W: Write> {
    out: W,
    /// The report's fields as JSON, without the closing brace, and its key.
    prefix: Vec<u8>,
    report_key: String,
    record: Vec<u8>,
    row_key: String,
}

impl<W: Write> NdjsonRows<W> {
    pub fn new(out: W) -> NdjsonRows<W> {
        NdjsonRows { out, prefix: Vec::new(), report_key: String::new(), record: Vec::new(), row_key: String::new() }
    }

    /// Starts the rows of `report`: every row until the next call carries its fields.
    pub fn report(&mut self, report: &Report, context: &RowContext<'_>) -> io::Result<()> {
        let meta = &report.metadata;
        let policy = &report.policy_published;
        self.report_key = report_key(context.reporter, &policy.domain, &meta.report_id);
        let (begin, end) = (meta.date_range.map(|d| d.begin), meta.date_range.map(|d| d.end));
        let fields = ReportJson {
            report_key: &self.report_key,
            reporter: context.reporter,
            org_name: &meta.org_name,
            org_email: &meta.email,
            org_extra_contact_info: meta.extra_contact_info.as_deref(),
            report_id: &meta.report_id,
            begin,
            end,
            begin_date: begin.map(utc_date_time),
            end_date: end.map(utc_date_time),
            errors: &meta.errors,
            xml_schema: report.version.as_deref(),
            domain: &policy.domain,
            adkim: policy.adkim.map(|a| a.as_str()),
            aspf: policy.aspf.map(|a| a.as_str()),
            p: policy.p.as_str(),
            sp: policy.sp.map(|d| d.as_str()),
            np: policy.np.map(|d| d.as_str()),
            pct: policy.pct,
            fo: policy.fo.as_deref(),
            testing: policy.testing,
            discovery_method: policy.discovery_method.as_deref(),
            file: context.file,
            file_sha256: context.file_sha256,
        };
        self.prefix.clear();
        serde_json::to_writer(&mut self.prefix, &fields).map_err(io::Error::other)?;
        // `{...}` becomes `{...,` for the record's fields to follow.
        self.prefix.pop();
        self.prefix.push(b',');
        Ok(())
    }

    /// Writes the row of record `index` of the report started last.
    pub fn row(&mut self, report: &Report, index: usize, tag: Option<&str>) -> io::Result<()> {
        let Some(record) = report.records.get(index) else { return Ok(()) };
        let pe = &record.row.policy_evaluated;
        self.row_key.clear();
        self.row_key.push_str(&self.report_key);
        self.row_key.push('-');
        self.row_key.push_str(&index.to_string());
        let fields = RecordJson {
            row_key: &self.row_key,
            record_index: index,
            source_ip: canonical_ip(record.row.source_ip),
            count: record.row.count,
            disposition: disposition_text(record),
            dmarc_dkim: pe.dkim.as_str(),
            dmarc_spf: pe.spf.as_str(),
            dmarc_pass: pe.dmarc_pass(),
            reasons: pe
                .reasons
                .iter()
                .map(|r| ReasonOut { kind: r.kind.as_str(), comment: r.comment.as_deref() })
                .collect(),
            header_from: &record.identifiers.header_from,
            envelope_from: record.identifiers.envelope_from.as_deref(),
            envelope_to: record.identifiers.envelope_to.as_deref(),
            dkim: record
                .auth_results
                .dkim
                .iter()
                .map(|d| DkimOut {
                    domain: &d.domain,
                    selector: d.selector.as_deref(),
                    result: d.result.as_str(),
                    human_result: d.human_result.as_deref(),
                })
                .collect(),
            spf: record
                .auth_results
                .spf
                .iter()
                .map(|s| SpfOut {
                    domain: &s.domain,
                    scope: s.scope.map(|s| s.as_str()),
                    result: s.result.as_str(),
                    human_result: s.human_result.as_deref(),
                })
                .collect(),
            pattern: record_pattern(record),
            tag,
        };
        self.record.clear();
        serde_json::to_writer(&mut self.record, &fields).map_err(io::Error::other)?;
        self.out.write_all(&self.prefix)?;
        // The record's object without its opening brace.
        self.out.write_all(self.record.get(1..).unwrap_or_default())?;
        self.out.write_all(b"\n")
    }

    /// The writer rows go to, for a caller that reads them back as they come (Parquet).
    pub fn get_mut(&mut self) -> &mut W {
        &mut self.out
    }

    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

/// parsedmarc's flat CSV columns, in its order (`parsed_aggregate_reports_to_csv`, 11.1.0).
pub const PARSEDMARC_COLUMNS: [&str; 44] = [
    "xml_schema",
    "org_name",
    "org_email",
    "org_extra_contact_info",
    "report_id",
    "begin_date",
    "end_date",
    "normalized_timespan",
    "errors",
    "domain",
    "adkim",
    "aspf",
    "p",
    "sp",
    "np",
    "pct",
    "fo",
    "testing",
    "discovery_method",
    "source_ip_address",
    "source_country",
    "source_reverse_dns",
    "source_base_domain",
    "source_name",
    "source_type",
    "source_asn",
    "source_as_name",
    "source_as_domain",
    "count",
    "spf_aligned",
    "dkim_aligned",
    "dmarc_aligned",
    "disposition",
    "policy_override_reasons",
    "policy_override_comments",
    "envelope_from",
    "header_from",
    "envelope_to",
    "dkim_domains",
    "dkim_selectors",
    "dkim_results",
    "spf_domains",
    "spf_scopes",
    "spf_results",
];

/// The columns DMARC Lens adds after parsedmarc's.
pub const EXTRA_COLUMNS: [&str; 8] =
    ["row_key", "reporter", "record_index", "dmarc_pass", "pattern", "tag", "file", "file_sha256"];

/// Writes CSV rows: the header first (no BOM: these files are for programs, not spreadsheets).
pub struct CsvRows<W: Write> {
    writer: csv::Writer<W>,
    /// The report's 19 cells (parsedmarc's first columns), made safe, and its key.
    report_cells: Vec<String>,
    report_key: String,
    reporter: String,
    file: String,
    file_sha256: String,
    cells: Vec<String>,
}

impl<W: Write> CsvRows<W> {
    pub fn new(out: W) -> io::Result<CsvRows<W>> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(PARSEDMARC_COLUMNS.iter().chain(&EXTRA_COLUMNS))?;
        Ok(CsvRows {
            writer,
            report_cells: Vec::new(),
            report_key: String::new(),
            reporter: String::new(),
            file: String::new(),
            file_sha256: String::new(),
            cells: Vec::with_capacity(PARSEDMARC_COLUMNS.len() + EXTRA_COLUMNS.len()),
        })
    }

    /// Starts the rows of `report`: every row until the next call carries its cells.
    pub fn report(&mut self, report: &Report, context: &RowContext<'_>) {
        let meta = &report.metadata;
        let policy = &report.policy_published;
        let opt = |v: Option<&str>| v.unwrap_or_default().to_string();
        self.report_cells.clear();
        self.report_cells.extend([
            opt(report.version.as_deref()),
            meta.org_name.clone(),
            meta.email.clone(),
            opt(meta.extra_contact_info.as_deref()),
            meta.report_id.clone(),
            meta.date_range.map(|d| utc_date_time(d.begin)).unwrap_or_default(),
            meta.date_range.map(|d| utc_date_time(d.end)).unwrap_or_default(),
            py_bool(false).to_string(),
            meta.errors.join("|"),
            policy.domain.clone(),
            opt(policy.adkim.map(|a| a.as_str())),
            opt(policy.aspf.map(|a| a.as_str())),
            policy.p.as_str().to_string(),
            opt(policy.sp.map(|d| d.as_str())),
            opt(policy.np.map(|d| d.as_str())),
            policy.pct.map(|p| p.to_string()).unwrap_or_default(),
            opt(policy.fo.as_deref()),
            policy.testing.map(|t| py_bool(t).to_string()).unwrap_or_default(),
            opt(policy.discovery_method.as_deref()),
        ]);
        for cell in &mut self.report_cells {
            if let std::borrow::Cow::Owned(safe) = spreadsheet_safe(cell) {
                *cell = safe;
            }
        }
        self.report_key = report_key(context.reporter, &policy.domain, &meta.report_id);
        self.reporter = spreadsheet_safe(context.reporter).into_owned();
        self.file = spreadsheet_safe(context.file).into_owned();
        self.file_sha256 = context.file_sha256.to_string();
    }

    /// Writes the row of record `index` of the report started last, values as parsedmarc
    /// writes them (booleans `True`/`False`, lists joined with `,`, comments with `|`, dates
    /// `YYYY-MM-DD HH:MM:SS` UTC); the source's name, type and network columns are left empty
    /// here. Cells a spreadsheet would run as formulas are made safe, as in every CSV of ours.
    pub fn row(&mut self, report: &Report, index: usize, tag: Option<&str>) -> io::Result<()> {
        let Some(record) = report.records.get(index) else { return Ok(()) };
        self.cells.clear();
        record_cells(&mut self.cells, record);
        for cell in &mut self.cells {
            if let std::borrow::Cow::Owned(safe) = spreadsheet_safe(cell) {
                *cell = safe;
            }
        }
        let key = format!("{}-{index}", self.report_key);
        let index_text = index.to_string();
        let pattern = record_pattern(record).map(|p| p.to_string()).unwrap_or_default();
        let extra =
            [key.as_str(), &self.reporter, &index_text, py_bool(record.row.policy_evaluated.dmarc_pass()), &pattern];
        let tag = tag.map(spreadsheet_safe).unwrap_or_default();
        let tail = [tag.as_ref(), &self.file, &self.file_sha256];
        let row = self
            .report_cells
            .iter()
            .map(String::as_str)
            .chain(self.cells.iter().map(String::as_str))
            .chain(extra)
            .chain(tail);
        self.writer.write_record(row)?;
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<W> {
        self.writer.flush()?;
        self.writer.into_inner().map_err(|e| io::Error::other(e.to_string()))
    }
}

fn py_bool(value: bool) -> &'static str {
    if value {
        "True"
    } else {
        "False"
    }
}

fn joined<'a>(items: impl Iterator<Item = &'a str>, separator: &str) -> String {
    let mut out = String::new();
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        out.push_str(&item.to_ascii_lowercase());
    }
    out
}

/// parsedmarc's record columns, from `source_ip_address` to `spf_results`.
fn record_cells(cells: &mut Vec<String>, record: &Record) {
    let pe = &record.row.policy_evaluated;
    let ids = &record.identifiers;
    let auth = &record.auth_results;
    let opt = |v: Option<&str>| v.unwrap_or_default().to_string();
    let dmarc_spf = pe.spf == crate::model::DmarcResult::Pass;
    let dmarc_dkim = pe.dkim == crate::model::DmarcResult::Pass;
    cells.extend([
        canonical_ip(record.row.source_ip).to_string(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        record.row.count.to_string(),
        py_bool(dmarc_spf).to_string(),
        py_bool(dmarc_dkim).to_string(),
        py_bool(dmarc_spf || dmarc_dkim).to_string(),
        disposition_text(record).to_string(),
        pe.reasons.iter().map(|r| r.kind.as_str()).collect::<Vec<_>>().join(","),
        pe.reasons.iter().map(|r| r.comment.as_deref().unwrap_or("none")).collect::<Vec<_>>().join("|"),
        opt(ids.envelope_from.as_deref()),
        ids.header_from.clone(),
        opt(ids.envelope_to.as_deref()),
        joined(auth.dkim.iter().map(|d| d.domain.as_str()), ","),
        joined(auth.dkim.iter().filter_map(|d| d.selector.as_deref()), ","),
        joined(auth.dkim.iter().map(|d| d.result.as_str()), ","),
        joined(auth.spf.iter().map(|s| s.domain.as_str()), ","),
        joined(auth.spf.iter().map(|s| s.scope.map_or("", |s| s.as_str())), ","),
        joined(auth.spf.iter().map(|s| s.result.as_str()), ","),
    ]);
}

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
    pub context: RowContext<'a>,
    /// The UTC day the report begins (days since 1970-01-01), for a layout by date.
    pub day: Option<i64>,
}

/// Reads input file `file` again (the bytes the store was loaded from) and hands `sink` every
/// record of each report the store kept from this file and `selection` still wants, in order,
/// with its tag under `tags`. Returns the rows handed over; the first error of `sink` ends it.
pub fn file_rows(
    store: &Store,
    tags: &TagSet,
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
            let source =
                RowSource { report, index, tag: tag.map(|r| r.tag.as_str()), context, day: stored.begin.map(utc_day) };
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
