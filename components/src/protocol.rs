//! The app's own types for what crosses between the page and the parsing worker, converted from
//! the engine's types in the worker. The engine's types stay free of browser concerns.

use dmarc_lens::{FileResult, ReportSummary};
use serde::{Deserialize, Serialize};

/// A file's result as the page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileView {
    pub file: String,
    pub status: String,
    pub reports: Vec<ReportView>,
    pub skipped_records: u64,
    pub error: Option<String>,
    pub error_kind: Option<String>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportView {
    pub org_name: String,
    pub report_id: String,
    pub policy_domain: String,
    pub begin: Option<i64>,
    pub end: Option<i64>,
    pub records: u64,
    pub messages: u64,
    pub duplicate: bool,
}

impl From<&ReportSummary> for ReportView {
    fn from(r: &ReportSummary) -> Self {
        ReportView {
            org_name: r.org_name.clone(),
            report_id: r.report_id.clone(),
            policy_domain: r.policy_domain.clone(),
            begin: r.begin,
            end: r.end,
            records: r.records,
            messages: r.messages,
            duplicate: r.duplicate,
        }
    }
}

impl From<&FileResult> for FileView {
    fn from(r: &FileResult) -> Self {
        FileView {
            file: r.file.clone(),
            status: r.status.as_str().to_string(),
            reports: r.reports.iter().map(ReportView::from).collect(),
            skipped_records: r.skipped_records,
            error: r.error.clone(),
            error_kind: r.error_kind.map(str::to_string),
            warnings: r.warnings.clone(),
        }
    }
}

/// Messages from the worker to the page.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FromWorker {
    /// The worker's wasm has started; messages sent before this would be lost.
    Ready,
    Loaded { id: u32, result: FileView },
}

/// The message kind the page sends with a file: `{kind: "load", id, name, buffer}`; the buffer is
/// an ArrayBuffer transferred, not copied, so it is built by hand rather than through serde.
pub const LOAD: &str = "load";
