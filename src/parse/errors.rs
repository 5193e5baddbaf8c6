//! What can go wrong reading a report: the errors that refuse a document ([`ParseError`]), the
//! repairs made while reading one ([`Warning`]), and the records left out ([`SkippedRecord`]),
//! each with the sentence a person reads.

use std::fmt;

use crate::file_error::ErrorKind;
use crate::limits::MAX_RECORD_COUNT;
use crate::text::{fill, quoted, tr, Key, Lang, Numbers};

/// Why a document is not a report we can load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// Well-formed enough, but no `<feedback>` element: `what` says what it is instead.
    NotAggregate {
        what: crate::decode::NotReport,
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

impl ParseError {
    /// What is wrong, as a sentence fragment in `lang`. The XML reader's own detail is English,
    /// so only the English sentence carries it.
    pub fn words(&self, lang: Lang, numbers: Numbers) -> String {
        let n = |v: usize| numbers.count(v);
        match self {
            ParseError::NotAggregate { what } => fill(lang, Key::DecodeNotAReport, &[what.words(lang)]),
            ParseError::Malformed { line, column, detail } => {
                let at = fill(lang, Key::ParseMalformed, &[n(*line), n(*column)]);
                match lang {
                    Lang::En => format!("{at}: {detail}"),
                    Lang::Ja => at,
                }
            }
            ParseError::Truncated { line } => fill(lang, Key::ParseTruncated, &[n(*line)]),
            ParseError::DoctypeRefused { line } => fill(lang, Key::ParseDoctype, &[n(*line)]),
            ParseError::MismatchedEnd { line, column, found, open: Some((open, open_line)) } => {
                fill(lang, Key::ParseMismatchedEnd, &[n(*line), n(*column), found.clone(), open.clone(), n(*open_line)])
            }
            ParseError::MismatchedEnd { line, column, found, open: None } => {
                fill(lang, Key::ParseStrayEnd, &[n(*line), n(*column), found.clone()])
            }
            ParseError::MissingElement { path } => fill(lang, Key::ParseMissingElement, &[path]),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.words(Lang::En, Numbers::Plain))
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

impl Warning {
    /// What was repaired, as a sentence fragment in `lang`.
    pub fn words(&self, lang: Lang, numbers: Numbers) -> String {
        let n = |v: usize| numbers.count(v);
        match self {
            Warning::UnclosedWrapper { element } => fill(lang, Key::WarnUnclosedWrapper, &[element]),
            Warning::UnescapedMarkup { element, line } => {
                fill(lang, Key::WarnUnescapedMarkup, &[element.clone(), n(*line)])
            }
            Warning::InvalidByte { byte, line } => fill(lang, Key::WarnInvalidByte, &[format!("{byte:02X}"), n(*line)]),
            Warning::InvalidUtf16 => tr(lang, Key::WarnInvalidUtf16).to_string(),
            Warning::UnsupportedEncoding { encoding } => fill(lang, Key::WarnUnsupportedEncoding, &[encoding]),
            Warning::MisspelledDateRange => tr(lang, Key::WarnMisspelledDateRange).to_string(),
            Warning::BadNumber { element, value } => {
                fill(lang, Key::WarnBadNumber, &[element.to_string(), quoted(lang, value)])
            }
            Warning::UnknownEntity { name, line } => fill(lang, Key::WarnUnknownEntity, &[name.clone(), n(*line)]),
            Warning::TextCut { element, limit } => fill(lang, Key::WarnTextCut, &[element.clone(), n(*limit)]),
            Warning::DateOutOfRange { element, value } => {
                fill(lang, Key::WarnDateOutOfRange, &[element.to_string(), value.to_string()])
            }
            Warning::RecordsNotLoaded { seen, loaded } => {
                fill(lang, Key::WarnRecordsNotLoaded, &[n(seen.saturating_sub(*loaded)), n(*seen)])
            }
            Warning::SecondReport { line } => fill(lang, Key::WarnSecondReport, &[n(*line)]),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.words(Lang::En, Numbers::Plain))
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

impl SkippedRecord {
    /// Which record and why, as a sentence fragment in `lang`.
    pub fn words(&self, lang: Lang, numbers: Numbers) -> String {
        let record = numbers.count(self.record);
        match &self.reason {
            SkipReason::BadSourceIp(v) if v.is_empty() => fill(lang, Key::SkipNoSourceIp, &[record]),
            SkipReason::BadSourceIp(v) => fill(lang, Key::SkipBadSourceIp, &[record, quoted(lang, v)]),
            SkipReason::BadCount(v) => fill(lang, Key::SkipBadCount, &[record, quoted(lang, v)]),
            SkipReason::CountTooLarge(count) => {
                fill(lang, Key::SkipCountTooLarge, &[record, numbers.n(*count), numbers.n(MAX_RECORD_COUNT)])
            }
        }
    }
}

impl fmt::Display for SkippedRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.words(Lang::En, Numbers::Plain))
    }
}
