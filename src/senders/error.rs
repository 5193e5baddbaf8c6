//! Why a sender pack could not be read.

use std::fmt;

use super::pack::VERSION;

/// Why a pack could not be read. Offsets count bytes of the inflated pack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PackError {
    /// Starts like gzip but does not inflate (cut short, damaged, or a wrong CRC).
    Gzip {
        detail: String,
    },
    /// Inflates to more than [`MAX_PACK_BYTES`].
    TooLarge {
        limit: usize,
    },
    /// Neither gzip nor a pack: the first bytes are not `DLSENDER`.
    NotAPack,
    /// A pack of a format version this build does not read.
    UnsupportedVersion {
        version: u16,
    },
    /// The pack ends inside `section` (or the header) at `offset`.
    Truncated {
        section: &'static str,
        offset: usize,
    },
    /// The bytes after the header do not match the length the header gives.
    WrongLength {
        declared: usize,
        actual: usize,
    },
    /// The CRC-32 at the end does not match the bytes before it.
    Checksum {
        stored: u32,
        computed: u32,
    },
    MissingSection {
        section: &'static str,
    },
    DuplicateSection {
        section: &'static str,
    },
    /// A number longer than ten bytes, or one past what its field holds.
    BadNumber {
        section: &'static str,
        offset: usize,
    },
    /// A string that is not UTF-8, or a country code that is not two letters.
    BadText {
        section: &'static str,
        offset: usize,
    },
    /// Row `row` of `section` points past the table it refers to (`what`).
    BadReference {
        section: &'static str,
        row: usize,
        what: &'static str,
    },
    /// Keys of `section` do not rise at `row` (ASNs, range starts, domains).
    NotAscending {
        section: &'static str,
        row: usize,
    },
    /// A value the format does not allow (`what`).
    BadValue {
        section: &'static str,
        what: &'static str,
    },
    /// A section has bytes left over after its last table.
    TrailingBytes {
        section: &'static str,
        offset: usize,
    },
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PackError::Gzip { detail } => write!(f, "sender pack: damaged gzip ({detail})"),
            PackError::TooLarge { limit } => write!(f, "sender pack: inflates to more than {limit} bytes"),
            PackError::NotAPack => write!(f, "not a sender pack: it does not start with DLSENDER"),
            PackError::UnsupportedVersion { version } => {
                write!(f, "sender pack: format version {version}, this build reads version {VERSION}")
            }
            PackError::Truncated { section, offset } => {
                write!(f, "sender pack: cut short in {section} at byte {offset}")
            }
            PackError::WrongLength { declared, actual } => {
                write!(f, "sender pack: the header says {declared} bytes follow, {actual} do")
            }
            PackError::Checksum { stored, computed } => {
                write!(f, "sender pack: damaged (CRC-32 {computed:08x}, the pack says {stored:08x})")
            }
            PackError::MissingSection { section } => write!(f, "sender pack: no {section} section"),
            PackError::DuplicateSection { section } => write!(f, "sender pack: two {section} sections"),
            PackError::BadNumber { section, offset } => {
                write!(f, "sender pack: bad number in {section} at byte {offset}")
            }
            PackError::BadText { section, offset } => write!(f, "sender pack: bad text in {section} at byte {offset}"),
            PackError::BadReference { section, row, what } => {
                write!(f, "sender pack: {section} row {row} refers past the {what}")
            }
            PackError::NotAscending { section, row } => {
                write!(f, "sender pack: {section} is out of order at row {row}")
            }
            PackError::BadValue { section, what } => write!(f, "sender pack: {section}: {what}"),
            PackError::TrailingBytes { section, offset } => {
                write!(f, "sender pack: {section} has bytes left over at byte {offset}")
            }
        }
    }
}

impl std::error::Error for PackError {}
