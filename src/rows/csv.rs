//! CSV rows: parsedmarc's flat CSV columns first, then DMARC Lens's own.

use std::io::{self, Write};

use crate::dates::utc_date_time;
use crate::model::{Record, Report};
use crate::spreadsheet::spreadsheet_safe;
use crate::tags::canonical_ip;

use super::ndjson::disposition_text;
use super::{record_pattern, report_key, RowContext, RowSender};

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

/// The columns DMARC Lens adds after parsedmarc's: its own, then the source's sender and the
/// record's class (`SENDER_COLUMNS`).
pub const EXTRA_COLUMNS: [&str; 16] = [
    "row_key",
    "reporter",
    "record_index",
    "dmarc_pass",
    "pattern",
    "tag",
    "file",
    "file_sha256",
    "sender_name",
    "sender_type",
    "sender_evidence",
    "sender_domain",
    "sender_asn",
    "sender_as_name",
    "sender_country",
    "fail_class",
];

/// Writes CSV rows: the header first (no BOM: these files are for programs, not spreadsheets).
pub struct CsvRows<W: Write> {
    writer: ::csv::Writer<W>,
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
        let mut writer = ::csv::Writer::from_writer(out);
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
    pub fn row(&mut self, report: &Report, index: usize, tag: Option<&str>, by: RowSender<'_>) -> io::Result<()> {
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
        let sender = by.sender;
        let asn = sender.and_then(|s| s.asn).map(|a| a.to_string()).unwrap_or_default();
        let named = [
            safe_cell(sender.map(|s| s.name.as_str())),
            safe_cell(sender.and_then(|s| s.kind.as_deref())),
            safe_cell(sender.map(|s| s.evidence.as_str())),
            safe_cell(sender.map(|s| s.domain.as_str())),
            std::borrow::Cow::Borrowed(asn.as_str()),
            safe_cell(sender.and_then(|s| s.as_name.as_deref())),
            safe_cell(sender.and_then(|s| s.country.as_deref())),
            safe_cell(by.class.map(crate::analyze::MailClass::as_str)),
        ];
        let row = self
            .report_cells
            .iter()
            .map(String::as_str)
            .chain(self.cells.iter().map(String::as_str))
            .chain(extra)
            .chain(tail)
            .chain(named.iter().map(|c| c.as_ref()));
        self.writer.write_record(row)?;
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<W> {
        self.writer.flush()?;
        self.writer.into_inner().map_err(|e| io::Error::other(e.to_string()))
    }
}

fn safe_cell(value: Option<&str>) -> std::borrow::Cow<'_, str> {
    value.map(spreadsheet_safe).unwrap_or_default()
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
