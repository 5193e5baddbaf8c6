//! Resource limits checked while decoding and parsing, so hostile input is refused within bounded
//! memory: a zip or gzip bomb stops at `max_decompressed_bytes`, nesting stops at `max_depth`.

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
