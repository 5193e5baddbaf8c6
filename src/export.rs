//! The JSON that `dmarc-lens analyze` prints and the app's "export analysis" downloads: one
//! shape, built here, so the two are the same bytes for the same files, tags and filters.

use serde::Serialize;

use crate::analyze::{Analysis, Filters};
use crate::dates::utc_date;
use crate::ledger::FileResult;
use crate::tags::TagCsvError;

pub const SCHEMA: &str = "dmarc-lens/analysis/v1";

/// The filters as given, echoed into the output.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FilterEcho {
    pub from: Option<String>,
    pub to: Option<String>,
    pub domain: Option<String>,
    pub policy: Option<String>,
}

impl From<&Filters> for FilterEcho {
    fn from(f: &Filters) -> Self {
        FilterEcho {
            from: f.from.map(|d| utc_date(d * 86_400)),
            to: f.to.map(|d| utc_date(d * 86_400)),
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

/// The export as JSON text, pretty or compact.
pub fn to_json(export: &Export<'_>, pretty: bool) -> String {
    let json = if pretty { serde_json::to_string_pretty(export) } else { serde_json::to_string(export) };
    // Serialising plain data to a String cannot fail; an empty object keeps the signature total.
    json.unwrap_or_else(|_| "{}".to_string())
}
