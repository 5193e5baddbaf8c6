//! Every limit on untrusted input, in one place. Reports, archives, e-mails, tag files and share
//! links come from outside; each resource they can make the engine spend has a bound here,
//! checked while streaming, and README lists them all.
//!
//! [`Limits`] holds the ones a caller may set per input file (the CLI's `--max-size`); the
//! constants are fixed: no real report comes near them, and past them the input is refused or
//! cut with a warning that says so.

/// Limits for one input file. The defaults suit real reports with a wide margin: the largest
/// aggregate reports seen from big receivers are tens of megabytes of XML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Decompressed bytes produced from one input file, summed over every gzip member, zip entry
    /// and nested archive inside it.
    pub max_decompressed_bytes: u64,
    /// Containers inside containers (gzip in zip in e-mail is depth 3).
    pub max_depth: u32,
    /// Entries in one zip archive, and messages in one mbox.
    pub max_entries: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_decompressed_bytes: 256 * 1024 * 1024, max_depth: 6, max_entries: 10_000 }
    }
}

/// Elements open at once inside `<feedback>` whose names are kept to check their end tags. A
/// real report nests six deep; deeper extension content is still skipped, by depth alone.
pub const MAX_ELEMENT_DEPTH: usize = 64;

/// The longest text kept from an identifying element (`org_name`, `report_id`, `domain`,
/// `header_from`, `selector`, `disposition`, ...). A DNS name is at most 253 bytes; longer text
/// is cut here, at a character boundary, with a warning.
pub const MAX_FIELD_BYTES: usize = 512;

/// The longest text kept from a free-text element (`extra_contact_info`, `error`, `generator`,
/// `human_result`, `comment`, `fo`), cut likewise.
pub const MAX_FREE_TEXT_BYTES: usize = 4096;

/// The largest `<count>` of one record: 2^32 - 1 messages from one address in one report, far
/// beyond any receiver's figures. A record claiming more is skipped with a warning, so one
/// hostile report cannot drown every other report's figures (sums saturate beyond this).
pub const MAX_RECORD_COUNT: u64 = u32::MAX as u64;

/// Known-sender rules read from one tags CSV; the rest of the file is refused with an error.
pub const MAX_TAG_RULES: usize = 100_000;

/// The decompressed bytes one input file may still produce. Shared by every nested container of
/// that file, so a zip of a thousand small gzip bombs is bounded like one big bomb.
#[derive(Debug)]
pub(crate) struct Budget {
    pub(crate) limit: u64,
    pub(crate) used: u64,
}

impl Budget {
    pub(crate) fn new(limits: &Limits) -> Self {
        Budget { limit: limits.max_decompressed_bytes, used: 0 }
    }

    pub(crate) fn remaining(&self) -> u64 {
        self.limit.saturating_sub(self.used)
    }
}
