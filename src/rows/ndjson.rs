//! NDJSON rows: one object a line, the report's fields made once per report.

use std::io::{self, Write};

use serde::Serialize;

use crate::analyze::MailClass;
use crate::dates::utc_date_time;
use crate::model::{Record, Report};
use crate::tags::canonical_ip;

use super::{record_pattern, report_key, RowContext, RowSender};

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
    // `SENDER_COLUMNS`, in order.
    sender_name: Option<&'a str>,
    sender_type: Option<&'a str>,
    sender_evidence: Option<&'static str>,
    sender_domain: Option<&'a str>,
    sender_asn: Option<u32>,
    sender_as_name: Option<&'a str>,
    sender_country: Option<&'a str>,
    fail_class: Option<&'static str>,
}

pub(super) fn disposition_text(record: &Record) -> &str {
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
    pub fn row(&mut self, report: &Report, index: usize, tag: Option<&str>, by: RowSender<'_>) -> io::Result<()> {
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
            sender_name: by.sender.map(|s| s.name.as_str()),
            sender_type: by.sender.and_then(|s| s.kind.as_deref()),
            sender_evidence: by.sender.map(|s| s.evidence.as_str()),
            sender_domain: by.sender.map(|s| s.domain.as_str()).filter(|d| !d.is_empty()),
            sender_asn: by.sender.and_then(|s| s.asn),
            sender_as_name: by.sender.and_then(|s| s.as_name.as_deref()),
            sender_country: by.sender.and_then(|s| s.country.as_deref()),
            fail_class: by.class.map(MailClass::as_str),
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
