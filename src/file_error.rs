//! `ErrorKind`: why a file did not load, the one vocabulary the decoder, the parser, the ledger,
//! the CLI and the app share (a module of its own so the decoder and parser need not name the
//! ledger that calls them).

use serde::Serialize;

/// Why a file did not load, as a closed vocabulary: the app picks its words by it, the CLI
/// prints it as the words in `as_str`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
pub enum ErrorKind {
    #[serde(rename = "empty")]
    Empty,
    #[serde(rename = "not a report")]
    NotAReport,
    #[serde(rename = "malformed xml")]
    MalformedXml,
    #[serde(rename = "truncated")]
    Truncated,
    #[serde(rename = "entity declarations refused")]
    EntitiesRefused,
    #[serde(rename = "incomplete report")]
    IncompleteReport,
    #[serde(rename = "bad gzip")]
    BadGzip,
    #[serde(rename = "bad zip")]
    BadZip,
    #[serde(rename = "bad zlib")]
    BadZlib,
    #[serde(rename = "too large")]
    TooLarge,
    #[serde(rename = "too deep")]
    TooDeep,
    #[serde(rename = "too many entries")]
    TooManyEntries,
    /// The file could not be read at all (the CLI's or the browser's read failed).
    #[serde(rename = "unreadable")]
    Unreadable,
    /// In the app: reading the file stopped the parsing worker, so it was set aside.
    #[serde(rename = "parser stopped")]
    ParserStopped,
    /// In the app: the file's result could not be passed from the worker to the page.
    #[serde(rename = "not sent")]
    NotSent,
}

impl ErrorKind {
    pub const ALL: [ErrorKind; 15] = [
        ErrorKind::Empty,
        ErrorKind::NotAReport,
        ErrorKind::MalformedXml,
        ErrorKind::Truncated,
        ErrorKind::EntitiesRefused,
        ErrorKind::IncompleteReport,
        ErrorKind::BadGzip,
        ErrorKind::BadZip,
        ErrorKind::BadZlib,
        ErrorKind::TooLarge,
        ErrorKind::TooDeep,
        ErrorKind::TooManyEntries,
        ErrorKind::Unreadable,
        ErrorKind::ParserStopped,
        ErrorKind::NotSent,
    ];

    /// The words the CLI's JSON and the conformance manifest use.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Empty => "empty",
            ErrorKind::NotAReport => "not a report",
            ErrorKind::MalformedXml => "malformed xml",
            ErrorKind::Truncated => "truncated",
            ErrorKind::EntitiesRefused => "entity declarations refused",
            ErrorKind::IncompleteReport => "incomplete report",
            ErrorKind::BadGzip => "bad gzip",
            ErrorKind::BadZip => "bad zip",
            ErrorKind::BadZlib => "bad zlib",
            ErrorKind::TooLarge => "too large",
            ErrorKind::TooDeep => "too deep",
            ErrorKind::TooManyEntries => "too many entries",
            ErrorKind::Unreadable => "unreadable",
            ErrorKind::ParserStopped => "parser stopped",
            ErrorKind::NotSent => "not sent",
        }
    }
}
