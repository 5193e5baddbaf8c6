//! The app's own types for what crosses between the page and the parsing worker, converted from
//! the engine's types in the worker. The engine's types stay free of browser concerns.

use dmarc_lens::analyze::rows::{DomainColumn, ReporterColumn, RowQuery, SuspectColumn};
use dmarc_lens::analyze::Filters;
use dmarc_lens::analyze::Text;
use dmarc_lens::dates::{day_date, parse_date};
use dmarc_lens::ledger::{ErrorKind, Note};
use dmarc_lens::model::Disposition;
use dmarc_lens::tags::TagCsvError;
use dmarc_lens::text::{Lang, Numbers};
use dmarc_lens::{FileResult, FileStatus, ReportSummary};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

/// A message as a JS value for `postMessage`, either way. 64-bit numbers travel as BigInt: a
/// report's `<count>` may be as large as u64::MAX and a file's messages can sum past 2^53, which
/// a JS number cannot hold; serde-wasm-bindgen refuses such a number by default, and the message
/// it was in was lost. Its deserializer reads a BigInt or a number alike into a `u64`.
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, serde_wasm_bindgen::Error> {
    value.serialize(&serde_wasm_bindgen::Serializer::new().serialize_large_number_types_as_bigints(true))
}

/// A file's result as the page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileView {
    pub file: String,
    pub status: FileStatus,
    pub reports: Vec<ReportView>,
    pub skipped_records: u64,
    /// The error sentence in both languages, numbers written as the cards write them.
    pub error: Option<Text>,
    pub error_kind: Option<ErrorKind>,
    pub warnings: Vec<Text>,
}

/// Why a share link was not made or does not open, in both languages.
pub fn share_words(error: &dmarc_lens::share::ShareError) -> Text {
    Text::new(error.words(Lang::En, Numbers::Grouped), error.words(Lang::Ja, Numbers::Grouped))
}

/// A line of a tags CSV not read, in both languages, numbers grouped as on the cards.
pub fn csv_error_words(error: &TagCsvError) -> Text {
    Text::new(error.words(Lang::En, Numbers::Grouped), error.words(Lang::Ja, Numbers::Grouped))
}

/// A file's sentence in both languages, numbers grouped as on the cards.
fn both(note: &Note) -> Text {
    Text::new(note.words(Lang::En, Numbers::Grouped), note.words(Lang::Ja, Numbers::Grouped))
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
            status: r.status,
            reports: r.reports.iter().map(ReportView::from).collect(),
            skipped_records: r.skipped_records,
            error: match (&r.error_note, &r.error) {
                (Some(note), _) => Some(both(note)),
                (None, Some(sentence)) => Some(Text::new(sentence.clone(), sentence.clone())),
                (None, None) => None,
            },
            error_kind: r.error_kind,
            warnings: r.notes.iter().map(both).collect(),
        }
    }
}

/// Messages from the worker to the page. Both message enums are externally tagged: an internal
/// tag costs tens of kilobytes of deserializer in each wasm binary.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FromWorker {
    /// The worker's wasm has started; messages sent before this would be lost.
    Ready,
    /// A file's result, and how long the engine took to decode, parse and store it.
    Loaded { id: u32, result: FileView, elapsed_ms: f64 },
    /// A file answered before, revised: a later file's better copy of one of its reports
    /// replaced the copy it loaded.
    Revised { id: u32, result: FileView },
    /// A file for the page to offer as a download.
    Download { name: String, text: String },
    /// Picked files were kept in IndexedDB for the next visit (or why not).
    Kept { files: u32, error: Option<String> },
    /// The analysis for the filters of request `seq`; long lists are cut for the screen (the
    /// JSON export has them whole) and `suspects_total` says how many there were.
    Analysis { seq: u32, analysis_json: String, suspects_total: usize, reporters_total: usize, domains_total: usize },
    /// The whole analysis as the CLI prints it, for request `seq`.
    Export { seq: u32, json: String },
    /// A page of a long table for request `seq` of that table: its rows as JSON (`Vec<Suspect>`,
    /// `Vec<ReporterRow>` or `Vec<DomainRow>`), where the page starts and how many rows match.
    Rows { seq: u32, table: LongTable, offset: usize, matching: usize, rows_json: String },
    /// The known-sender rules now in force, and the lines of the CSV that could not be read.
    Tags { rules: Vec<RuleView>, errors: Vec<Text> },
    /// After each analysis: how many loaded records each rule tags now (files keep arriving).
    RuleHits { hits: Vec<u64> },
    /// The sender pack was fetched (once, when the first analysis had reports to name), or why
    /// it could not be had (the analyses then name nobody).
    Pack { error: Option<Text> },
    /// The fragment (without `#`) of the share link asked for by request `seq`.
    ShareLink { seq: u32, fragment: String },
    /// Request `seq` made no link; `error` is a `ShareError` kind, `message` the engine's sentence.
    ShareFailed { seq: u32, error: String, message: Text },
    /// A share link opened: the `dmarc_lens::share::Shared` JSON.
    Shared { shared_json: String },
    /// A share link did not open: `error` is `needs_passphrase`, `wrong_passphrase`, `crypto` or
    /// a `ShareError` kind.
    OpenFailed { error: String, message: Text },
    /// What one source sent, for request `seq`: `analyze::SourceRecords` as JSON.
    SourceRecords { seq: u32, records_json: String },
}

/// One known-sender rule as the tag manager shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleView {
    pub cidr: String,
    pub tag: String,
    pub comment: String,
    pub domain: String,
    /// Records loaded that this rule tags.
    pub hits: u64,
    /// Its network overlaps another rule's for a domain both can meet (worked out in the worker,
    /// off the page's thread).
    pub overlaps: bool,
}

/// Requests from the page other than `load`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToWorker {
    /// `settled`: no file is on its way, so the worker may give back its store's spare capacity
    /// (doing that during a batch would only make the store grow again).
    Analyze {
        seq: u32,
        filters: FilterParams,
        settled: bool,
    },
    Export {
        seq: u32,
        filters: FilterParams,
    },
    /// Replaces the known-sender rules with those of a tags CSV.
    SetTags {
        csv: String,
    },
    /// A whole table as CSV (the screen has only the first rows of the long ones), by its
    /// `export::Table::index`.
    TableCsv {
        filters: FilterParams,
        japanese: bool,
        table: u8,
    },
    /// A page of a long table under `filters`, sorted and searched as `query` says.
    Rows {
        seq: u32,
        filters: FilterParams,
        query: RowsQuery,
    },
    /// Replaces the alert thresholds.
    SetAlertRules {
        rules: dmarc_lens::analyze::AlertRules,
    },
    /// Makes a share link of the analysis under `filters`; sealed when `passphrase` is not empty.
    Share {
        seq: u32,
        filters: FilterParams,
        mask: bool,
        passphrase: String,
    },
    /// Opens a share link's fragment (`share=...`).
    OpenShare {
        fragment: String,
        passphrase: String,
    },
    /// A file that stopped a worker: recorded as not loaded (`ErrorKind::ParserStopped`), never read, and
    /// answered like a file with `Loaded`.
    SetAside {
        id: u32,
        name: String,
    },
    /// What source `ip` sent under `filters` (`analyze::source_records`).
    SourceRecords {
        seq: u32,
        filters: FilterParams,
        ip: String,
    },
}

/// The long tables the worker holds whole and hands out a page at a time (the screen gets the
/// first rows of each with the analysis).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LongTable {
    Suspects,
    Reporters,
    Domains,
}

impl LongTable {
    /// The name of the table in the page (`data-table`) and in test hooks.
    pub fn name(self) -> &'static str {
        match self {
            LongTable::Suspects => "suspects",
            LongTable::Reporters => "reporters",
            LongTable::Domains => "domains",
        }
    }
}

/// A query of one long table, its columns typed by the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowsQuery {
    Suspects(RowQuery<SuspectColumn>),
    Reporters(RowQuery<ReporterColumn>),
    Domains(RowQuery<DomainColumn>),
}

impl RowsQuery {
    pub fn table(&self) -> LongTable {
        match self {
            RowsQuery::Suspects(_) => LongTable::Suspects,
            RowsQuery::Reporters(_) => LongTable::Reporters,
            RowsQuery::Domains(_) => LongTable::Domains,
        }
    }
}

/// Filters as the page's URL and inputs hold them: text, empty when unset.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterParams {
    pub from: String,
    pub to: String,
    pub domain: String,
    pub policy: String,
}

impl From<&dmarc_lens::export::FilterEcho> for FilterParams {
    fn from(echo: &dmarc_lens::export::FilterEcho) -> Self {
        FilterParams {
            from: echo.from.clone().unwrap_or_default(),
            to: echo.to.clone().unwrap_or_default(),
            domain: echo.domain.clone().unwrap_or_default(),
            policy: echo.policy.clone().unwrap_or_default(),
        }
    }
}

impl FilterParams {
    /// The engine's filters; text that does not parse (a half-typed date) filters nothing.
    pub fn to_filters(&self) -> Filters {
        let policy = match self.policy.parse::<Disposition>() {
            Ok(Disposition::Unknown) | Err(_) => None,
            Ok(p) => Some(p),
        };
        let domain = self.domain.trim();
        Filters {
            from: parse_date(&self.from),
            to: parse_date(&self.to),
            domain: (!domain.is_empty()).then(|| domain.to_string()),
            policy,
        }
    }

    /// Canonical text of what the filters mean, for the URL.
    pub fn normalised(&self) -> FilterParams {
        let f = self.to_filters();
        FilterParams {
            from: f.from.map(day_date).unwrap_or_default(),
            to: f.to.map(day_date).unwrap_or_default(),
            domain: f.domain.unwrap_or_default(),
            policy: f.policy.map(|p| p.as_str().to_string()).unwrap_or_default(),
        }
    }
}

/// The message kind the page sends with a file: `{kind: "load", id, name, key, buffer}` (or
/// `unreadable: true`); the buffer is an ArrayBuffer transferred, not copied, so the message is
/// built by hand rather than through serde. `key`, when present: a newly picked file, to keep in
/// IndexedDB under that key once loaded.
pub const LOAD: &str = "load";

/// Spoofing rows sent to the screen; the JSON export and the table's CSV have every one.
pub const SCREEN_SUSPECTS: usize = 500;

/// Reporters and domains the screen gets: 50,000 reporters sent to the page on every filter
/// change cost seconds; the CSV comes whole from the worker.
pub const SCREEN_ROWS: usize = 500;
