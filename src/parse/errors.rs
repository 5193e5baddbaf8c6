//! What can go wrong reading a report: the errors that refuse a document ([`ParseError`]), the
//! repairs made while reading one ([`Warning`]), and the records left out ([`SkippedRecord`]),
//! each with the sentence a person reads.

use std::fmt;

use crate::ledger::ErrorKind;
use crate::limits::MAX_RECORD_COUNT;

/// Why a document is not a report we can load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// Well-formed enough, but no `<feedback>` element: `what` says what it is instead.
    NotAggregate {
        what: String,
    },
    Malformed {
        line: usize,
        column: usize,
        detail: String,
    },
    /// The document ends before `</feedback>`.
    Truncated {
        line: usize,
    },
    /// `<!DOCTYPE`: refused, so no entity can ever be declared or expanded.
    DoctypeRefused {
        line: usize,
    },
    /// An end tag inside `<feedback>` that does not close the element open there (`open`, with
    /// the line of its start tag), or closes none: part of the report is missing or damaged.
    MismatchedEnd {
        line: usize,
        column: usize,
        found: String,
        open: Option<(String, usize)>,
    },
    /// A report that does not say who sent it, which report it is, or for which domain.
    MissingElement {
        path: &'static str,
    },
}

impl ParseError {
    pub fn category(&self) -> ErrorKind {
        match self {
            ParseError::NotAggregate { .. } => ErrorKind::NotAReport,
            ParseError::Malformed { .. } | ParseError::MismatchedEnd { .. } => ErrorKind::MalformedXml,
            ParseError::Truncated { .. } => ErrorKind::Truncated,
            ParseError::DoctypeRefused { .. } => ErrorKind::EntitiesRefused,
            ParseError::MissingElement { .. } => ErrorKind::IncompleteReport,
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::NotAggregate { what } => write!(f, "not a DMARC aggregate report: it is {what}"),
            ParseError::Malformed { line, column, detail } => {
                write!(f, "malformed XML at line {line}, column {column}: {detail}")
            }
            ParseError::Truncated { line } => write!(
                f,
                "truncated report: the XML ends at line {line} before </feedback>, so records may be missing"
            ),
            ParseError::DoctypeRefused { line } => write!(
                f,
                "a DOCTYPE with possible entity declarations at line {line} is refused (reports never need one, and entity expansion is a known attack)"
            ),
            ParseError::MismatchedEnd { line, column, found, open: Some((open, open_line)) } => write!(
                f,
                "malformed XML at line {line}, column {column}: the end tag </{found}> does not close <{open}> (opened at line {open_line}); part of the report is missing or damaged"
            ),
            ParseError::MismatchedEnd { line, column, found, open: None } => write!(
                f,
                "malformed XML at line {line}, column {column}: the end tag </{found}> closes no open element; part of the report is missing or damaged"
            ),
            ParseError::MissingElement { path } => {
                write!(f, "not a complete report: <{path}> is missing or empty")
            }
        }
    }
}

impl std::error::Error for ParseError {}

/// Something repaired while reading; the report still loads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    UnclosedWrapper {
        element: String,
    },
    UnescapedMarkup {
        element: String,
        line: usize,
    },
    InvalidByte {
        byte: u8,
        line: usize,
    },
    InvalidUtf16,
    UnsupportedEncoding {
        encoding: String,
    },
    MisspelledDateRange,
    BadNumber {
        element: &'static str,
        value: String,
    },
    UnknownEntity {
        name: String,
        line: usize,
    },
    /// Text longer than its element may hold, cut to `limit` bytes (the first of each element).
    TextCut {
        element: String,
        limit: usize,
    },
    /// A `begin` or `end` outside 1970-01-01..9999-12-31: the report's period is unknown.
    DateOutOfRange {
        element: &'static str,
        value: i64,
    },
    /// Fewer records loaded than `<record>` elements seen (the skipped ones say why).
    RecordsNotLoaded {
        seen: usize,
        loaded: usize,
    },
    /// Another `<feedback>` after the first one's end: only one report per document is read.
    SecondReport {
        line: usize,
    },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::UnclosedWrapper { element } => {
                write!(f, "the report sits inside an element <{element}> that is never closed; read anyway")
            }
            Warning::UnescapedMarkup { element, line } => {
                write!(f, "unescaped < or > inside <{element}> at line {line}; kept as text")
            }
            Warning::InvalidByte { byte, line } => write!(
                f,
                "byte 0x{byte:02X} at line {line} is not valid in the declared encoding; read as windows-1252"
            ),
            Warning::InvalidUtf16 => write!(f, "invalid UTF-16 replaced with \u{FFFD}"),
            Warning::UnsupportedEncoding { encoding } => write!(
                f,
                "declared encoding {encoding} is not supported; non-ASCII text read as UTF-8 and may be garbled"
            ),
            Warning::MisspelledDateRange => write!(f, "<data_range> read as <date_range>"),
            Warning::BadNumber { element, value } => write!(f, "<{element}> is not a number: {value:?}; ignored"),
            Warning::UnknownEntity { name, line } => write!(f, "unknown entity &{name}; at line {line} kept as text"),
            Warning::TextCut { element, limit } => {
                write!(f, "<{element}> is longer than {limit} bytes; only the first {limit} are kept")
            }
            Warning::DateOutOfRange { element, value } => write!(
                f,
                "<{element}> {value} is not a time between 1970-01-01 and 9999-12-31; the report's period is unknown"
            ),
            Warning::RecordsNotLoaded { seen, loaded } => {
                write!(f, "{} of {seen} records were not loaded; see the skipped records", seen - loaded)
            }
            Warning::SecondReport { line } => write!(
                f,
                "a second <feedback> at line {line} follows the first report; only the first report of a document is read"
            ),
        }
    }
}

/// A record left out of a report, numbered from 1 in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedRecord {
    pub record: usize,
    pub reason: SkipReason,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    BadSourceIp(String),
    BadCount(String),
    /// A count above [`MAX_RECORD_COUNT`].
    CountTooLarge(u64),
}

impl fmt::Display for SkippedRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.reason {
            SkipReason::BadSourceIp(v) if v.is_empty() => write!(f, "record {}: no source IP", self.record),
            SkipReason::BadSourceIp(v) => write!(f, "record {}: source IP {v:?} is not an IP address", self.record),
            SkipReason::BadCount(v) => write!(f, "record {}: count {v:?} is not a whole number", self.record),
            SkipReason::CountTooLarge(n) => write!(
                f,
                "record {}: count {n} is more than {MAX_RECORD_COUNT} messages, which no receiver reports",
                self.record
            ),
        }
    }
}
