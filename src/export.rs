//! The JSON that `dmarc-lens analyze` prints and the app's "export analysis" downloads: one
//! shape, built here, so the two are the same bytes for the same files, tags and filters.

use serde::{Deserialize, Serialize};

use crate::analyze::{Analysis, Filters};
use crate::dates::{day_date, utc_date};
use crate::ledger::FileResult;
use crate::spreadsheet::spreadsheet_safe;
use crate::tags::TagCsvError;

pub const SCHEMA: &str = "dmarc-lens/analysis/v1";

/// The filters as given, echoed into the output.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FilterEcho {
    pub from: Option<String>,
    pub to: Option<String>,
    pub domain: Option<String>,
    pub policy: Option<String>,
}

impl From<&Filters> for FilterEcho {
    fn from(f: &Filters) -> Self {
        FilterEcho {
            from: f.from.map(day_date),
            to: f.to.map(day_date),
            domain: f.domain.clone(),
            policy: f.policy.map(|p| p.as_str().to_string()),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Export<'a> {
    pub schema: &'static str,
    pub filters: FilterEcho,
    pub tag_rules: usize,
    pub tag_errors: &'a [TagCsvError],
    pub files: &'a [FileResult],
    #[serde(flatten)]
    pub analysis: &'a Analysis,
}

/// The export as JSON text, pretty or compact: [`write_json`] into memory.
pub fn to_json(export: &Export<'_>, pretty: bool) -> String {
    let mut bytes = Vec::new();
    // Serialising plain data into memory cannot fail, and serde_json writes UTF-8 only; an empty
    // object keeps the signature total.
    match write_json(export, pretty, &mut bytes) {
        Ok(()) => String::from_utf8(bytes).unwrap_or_else(|_| "{}".to_string()),
        Err(_) => "{}".to_string(),
    }
}

/// Writes the export as JSON to `out` while serialising it, so the document is never whole in
/// memory (the CLI hands it a buffered standard output). The same bytes as [`to_json`].
pub fn write_json<W: std::io::Write>(export: &Export<'_>, pretty: bool, out: W) -> std::io::Result<()> {
    let written = if pretty { serde_json::to_writer_pretty(out, export) } else { serde_json::to_writer(out, export) };
    written.map_err(std::io::Error::from)
}

/// The tables a person can download as CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Patterns,
    Tags,
    SpoofSuspects,
    Days,
    Reporters,
    Domains,
}

impl Table {
    pub const ALL: [Table; 6] =
        [Table::Patterns, Table::Tags, Table::SpoofSuspects, Table::Days, Table::Reporters, Table::Domains];

    /// The table's place in [`Table::ALL`], and back: how the app names a table to its worker.
    pub fn index(self) -> u8 {
        Table::ALL.iter().position(|&t| t == self).unwrap_or(0) as u8
    }

    pub fn from_index(index: u8) -> Option<Table> {
        Table::ALL.get(usize::from(index)).copied()
    }

    pub fn file_name(self) -> &'static str {
        match self {
            Table::Patterns => "dmarc-patterns.csv",
            Table::Tags => "dmarc-tags.csv",
            Table::SpoofSuspects => "dmarc-possible-spoofing.csv",
            Table::Days => "dmarc-days.csv",
            Table::Reporters => "dmarc-reporters.csv",
            Table::Domains => "dmarc-domains.csv",
        }
    }
}

/// Column headers (English, Japanese) that several tables share.
const COUNT_COLUMNS: [(&str, &str); 3] =
    [("messages", "メール数"), ("dmarc_pass", "DMARC合格"), ("dmarc_fail", "DMARC不合格")];
const PATTERN_COLUMNS: [(&str, &str); 4] =
    [("pattern_1", "パターン1"), ("pattern_2", "パターン2"), ("pattern_3", "パターン3"), ("pattern_4", "パターン4")];

fn opt_date(epoch: Option<i64>) -> String {
    epoch.map(utc_date).unwrap_or_default()
}

/// A table of `analysis` as CSV: UTF-8 with a byte order mark, so Excel opens Japanese text
/// correctly; headers in Japanese when `ja`.
pub fn table_csv(analysis: &Analysis, table: Table, ja: bool) -> String {
    let headers = |groups: &[&[(&str, &str)]]| -> Vec<String> {
        groups.iter().flat_map(|g| g.iter()).map(|&(en, ja_text)| if ja { ja_text } else { en }.to_string()).collect()
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut row = |fields: Vec<String>| {
        let _ = w.write_record(fields.iter().map(|f| spreadsheet_safe(f).into_owned()));
    };
    let n = |v: u64| v.to_string();
    match table {
        Table::Patterns => {
            row(headers(&[&[
                ("pattern", "パターン"),
                ("spf_auth", "SPF認証"),
                ("dkim_auth", "DKIM認証"),
                ("messages", "メール数"),
                ("known_senders", "登録済み送信元"),
                ("possible_spoofing", "なりすまし可能性"),
            ]]));
            for p in &analysis.patterns {
                row(vec![
                    n(u64::from(p.pattern)),
                    p.spf_auth.clone(),
                    p.dkim_auth.clone(),
                    n(p.messages),
                    n(p.tagged),
                    n(p.untagged),
                ]);
            }
        }
        Table::Tags => {
            row(headers(&[&[("tag", "タグ")], &COUNT_COLUMNS, &PATTERN_COLUMNS]));
            for t in &analysis.tags {
                let mut fields = vec![t.tag.clone(), n(t.messages), n(t.dmarc_pass), n(t.dmarc_fail)];
                fields.extend(t.patterns.iter().map(|&v| n(v)));
                row(fields);
            }
        }
        Table::SpoofSuspects => {
            row(headers(&[
                &[("source_ip", "送信元IP")],
                &COUNT_COLUMNS,
                &PATTERN_COLUMNS,
                &[
                    ("header_from", "Fromドメイン"),
                    ("reporters", "レポート送信元"),
                    ("first_seen", "初回"),
                    ("last_seen", "最終"),
                    ("sender_hint", "推定送信者"),
                    ("sender", "送信者"),
                    ("sender_type", "送信者の種類"),
                    ("sender_evidence", "特定の根拠"),
                    ("asn", "AS番号"),
                    ("as_name", "AS名"),
                    ("country", "国"),
                    ("forwarded", "転送"),
                    ("service_not_set_up", "設定未完了のサービス"),
                    ("possible_spoofing", "なりすましの可能性"),
                ],
            ]));
            for s in &analysis.spoof_suspects {
                let mut fields = vec![s.source_ip.clone(), n(s.messages), n(s.dmarc_pass), n(s.dmarc_fail)];
                fields.extend(s.patterns.iter().map(|&v| n(v)));
                fields.extend([
                    s.header_from.join(" "),
                    s.reporters.join(" | "),
                    opt_date(s.first_seen),
                    opt_date(s.last_seen),
                    s.sender_hint.clone().unwrap_or_default(),
                ]);
                let sender = s.sender.as_ref();
                fields.extend([
                    sender.map(|x| x.name.clone()).unwrap_or_default(),
                    sender.and_then(|x| x.kind.clone()).unwrap_or_default(),
                    sender.map(|x| x.evidence.as_str().to_string()).unwrap_or_default(),
                    sender.and_then(|x| x.asn).map(|a| a.to_string()).unwrap_or_default(),
                    sender.and_then(|x| x.as_name.clone()).unwrap_or_default(),
                    sender.and_then(|x| x.country.clone()).unwrap_or_default(),
                    n(s.classes.forwarded),
                    n(s.classes.service_not_set_up),
                    n(s.classes.unknown),
                ]);
                row(fields);
            }
        }
        Table::Days => {
            row(headers(&[&[("date", "日付")], &COUNT_COLUMNS]));
            for d in &analysis.days {
                row(vec![d.date.clone(), n(d.messages), n(d.dmarc_pass), n(d.dmarc_fail)]);
            }
        }
        Table::Reporters => {
            row(headers(&[&[
                ("org_name", "レポート送信元"),
                ("reports", "レポート数"),
                ("messages", "メール数"),
                ("first_seen", "初回"),
                ("last_seen", "最終"),
            ]]));
            for r in &analysis.reporters {
                row(vec![
                    r.org_name.clone(),
                    n(r.reports),
                    n(r.messages),
                    opt_date(r.first_seen),
                    opt_date(r.last_seen),
                ]);
            }
        }
        Table::Domains => {
            row(headers(&[
                &[("domain", "ドメイン"), ("policy", "ポリシー"), ("reports", "レポート数")],
                &COUNT_COLUMNS,
                &[("known_senders", "登録済み送信元"), ("possible_spoofing", "なりすまし可能性")],
            ]));
            for d in &analysis.domains {
                row(vec![
                    d.domain.clone(),
                    d.policy.as_str().to_string(),
                    n(d.reports),
                    n(d.messages),
                    n(d.dmarc_pass),
                    n(d.dmarc_fail),
                    n(d.tagged),
                    n(d.untagged),
                ]);
            }
        }
    }
    let bytes = w.into_inner().unwrap_or_default();
    let mut out = String::from("\u{feff}");
    out.push_str(&String::from_utf8(bytes).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::{DayRow, SourceRow, Suspect, TagRow};
    use crate::spreadsheet::spreadsheet_unsafe;

    #[test]
    fn csv_has_bom_headers_and_quotes() {
        let analysis = Analysis {
            totals: Default::default(),
            patterns: Vec::new(),
            tags: vec![TagRow {
                tag: "本社, 東京".into(),
                messages: 3,
                dmarc_pass: 2,
                dmarc_fail: 1,
                patterns: [1, 0, 0, 0],
                sources: vec![SourceRow::default()],
            }],
            spoof_suspects: vec![Suspect {
                source_ip: "192.0.2.1".into(),
                messages: 5,
                header_from: vec!["a.example".into(), "b.example".into()],
                ..Default::default()
            }],
            days: vec![DayRow { date: "2025-01-01".into(), messages: 5, dmarc_pass: 5, dmarc_fail: 0 }],
            alerts: Vec::new(),
            readiness: Vec::new(),
            reporters: Vec::new(),
            domains: Vec::new(),
            advice: Vec::new(),
            senders: Vec::new(),
            history: Default::default(),
            receivers: Vec::new(),
        };
        let tags = table_csv(&analysis, Table::Tags, true);
        assert!(tags.starts_with("\u{feff}タグ,メール数,"), "{tags}");
        assert!(tags.contains("\"本社, 東京\",3,2,1,1,0,0,0\n"), "{tags}");
        let suspects = table_csv(&analysis, Table::SpoofSuspects, false);
        // Hint, then sender, type, evidence, ASN, AS name, country (none known) and the classes.
        assert!(suspects.contains("192.0.2.1,5,0,0,0,0,0,0,a.example b.example,,,,,,,,,,,0,0,0\n"), "{suspects}");
        assert_eq!(
            table_csv(&analysis, Table::Days, false),
            "\u{feff}date,messages,dmarc_pass,dmarc_fail\n2025-01-01,5,5,0\n"
        );
    }

    #[test]
    fn formulas_from_reports_are_neutralised_in_every_csv() {
        for (cell, safe) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1+1", "'+1+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("example.com", "example.com"),
            ("", ""),
            ("a=b", "a=b"),
        ] {
            assert_eq!(spreadsheet_safe(cell), safe, "{cell:?}");
            assert_eq!(spreadsheet_unsafe(&spreadsheet_safe(cell)), cell, "{cell:?}");
        }
        assert_eq!(spreadsheet_unsafe("'plain"), "'plain");
        let analysis = Analysis {
            totals: Default::default(),
            patterns: Vec::new(),
            tags: vec![TagRow { tag: "=cmd|' /C calc'!A0".into(), messages: 1, ..Default::default() }],
            spoof_suspects: vec![Suspect {
                source_ip: "192.0.2.1".into(),
                header_from: vec!["@evil.example".into()],
                reporters: vec!["+Org".into()],
                sender_hint: Some("-hint".into()),
                ..Default::default()
            }],
            days: Vec::new(),
            alerts: Vec::new(),
            readiness: Vec::new(),
            reporters: vec![crate::analyze::ReporterRow { org_name: "=HYPERLINK(\"x\")".into(), ..Default::default() }],
            domains: vec![crate::analyze::DomainRow { domain: "\tx.example".into(), ..Default::default() }],
            advice: Vec::new(),
            senders: Vec::new(),
            history: Default::default(),
            receivers: Vec::new(),
        };
        for table in [Table::Tags, Table::SpoofSuspects, Table::Reporters, Table::Domains] {
            let csv = table_csv(&analysis, table, false);
            let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
            for record in reader.records() {
                for field in record.unwrap().iter() {
                    assert!(
                        !field.starts_with(['=', '+', '-', '@', '\t', '\r']),
                        "{table:?}: {field:?} would run as a formula"
                    );
                }
            }
        }
    }
}
