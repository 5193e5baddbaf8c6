//! Turns the bytes of one input file into the XML documents inside it, by content, never by name.
//!
//! Containers nest: an mbox holds e-mails, an e-mail holds a zip, the zip holds a gzip, the gzip
//! holds XML. [`decode`] sniffs each layer's first bytes, unwraps it and recurses, reporting every
//! XML document it reaches (and every layer it could not unwrap) to a sink, so one bad zip entry
//! does not hide its good siblings. All decompressed bytes of one input file share one [`Budget`];
//! depth and entry counts are capped by [`Limits`].

mod gzip;
mod mail;
mod sniff;
mod zip;

use std::borrow::Cow;
use std::fmt;

use crate::file_error::ErrorKind;
use crate::limits::{Budget, Limits};
use crate::text::{fill, tr, Key, Lang, Numbers};

pub use sniff::{describe, Kind, Seen};

/// One XML document found inside an input file.
#[derive(Debug)]
pub struct Document<'a> {
    /// Where the document sits inside its input file (`"report.zip › a.xml"`); empty for a plain file.
    pub entry: String,
    pub bytes: Cow<'a, [u8]>,
}

/// Why a layer of an input file could not be unwrapped. `entry` names the place inside the input
/// file (an archive entry or e-mail attachment), empty for the file itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    Empty {
        entry: String,
    },
    /// Readable, but not a DMARC aggregate report; `what` says what it is when known.
    NotAReport {
        entry: String,
        what: NotReport,
    },
    BadGzip {
        entry: String,
        detail: String,
    },
    BadZip {
        entry: String,
        detail: String,
    },
    BadZlib {
        entry: String,
        detail: String,
    },
    /// A compressed stream or archive that ends before its end.
    Truncated {
        entry: String,
        container: &'static str,
    },
    TooLarge {
        entry: String,
        limit: u64,
    },
    TooDeep {
        entry: String,
        depth: u32,
    },
    TooManyEntries {
        entry: String,
        limit: usize,
    },
}

impl DecodeError {
    pub fn entry(&self) -> &str {
        match self {
            DecodeError::Empty { entry }
            | DecodeError::NotAReport { entry, .. }
            | DecodeError::BadGzip { entry, .. }
            | DecodeError::BadZip { entry, .. }
            | DecodeError::BadZlib { entry, .. }
            | DecodeError::Truncated { entry, .. }
            | DecodeError::TooLarge { entry, .. }
            | DecodeError::TooDeep { entry, .. }
            | DecodeError::TooManyEntries { entry, .. } => entry,
        }
    }

    /// A short stable category, used by the ledger and the conformance test.
    pub fn category(&self) -> ErrorKind {
        match self {
            DecodeError::Empty { .. } => ErrorKind::Empty,
            DecodeError::NotAReport { .. } => ErrorKind::NotAReport,
            DecodeError::BadGzip { .. } => ErrorKind::BadGzip,
            DecodeError::BadZip { .. } => ErrorKind::BadZip,
            DecodeError::BadZlib { .. } => ErrorKind::BadZlib,
            DecodeError::Truncated { .. } => ErrorKind::Truncated,
            DecodeError::TooLarge { .. } => ErrorKind::TooLarge,
            DecodeError::TooDeep { .. } => ErrorKind::TooDeep,
            DecodeError::TooManyEntries { .. } => ErrorKind::TooManyEntries,
        }
    }
}

impl DecodeError {
    /// What is wrong, as a sentence fragment in `lang`; the ledger puts the file and entry in
    /// front. A decompressor's own detail is English, so only the English sentence carries it.
    pub fn words(&self, lang: Lang, numbers: Numbers) -> String {
        let with_detail = |key: Key, detail: &str| match lang {
            Lang::En => format!("{}: {detail}", tr(lang, key)),
            Lang::Ja => tr(lang, key).to_string(),
        };
        match self {
            DecodeError::Empty { .. } => tr(lang, Key::DecodeEmpty).to_string(),
            DecodeError::NotAReport { what, .. } => fill(lang, Key::DecodeNotAReport, &[what.words(lang)]),
            DecodeError::BadGzip { detail, .. } => with_detail(Key::DecodeBadGzip, detail),
            DecodeError::BadZip { detail, .. } => with_detail(Key::DecodeBadZip, detail),
            DecodeError::BadZlib { detail, .. } => with_detail(Key::DecodeBadZlib, detail),
            DecodeError::Truncated { container, .. } => {
                let container = match *container {
                    "zip archive" => tr(lang, Key::DecodeZipArchive),
                    other => other,
                };
                fill(lang, Key::DecodeTruncated, &[container])
            }
            DecodeError::TooLarge { limit, .. } => fill(lang, Key::DecodeTooLarge, &[numbers.n(limit / (1024 * 1024))]),
            DecodeError::TooDeep { depth, .. } => fill(lang, Key::DecodeTooDeep, &[numbers.n(*depth)]),
            DecodeError::TooManyEntries { limit, .. } => {
                fill(lang, Key::DecodeTooManyEntries, &[numbers.count(*limit)])
            }
        }
    }
}

/// What a file (or document) that is not a DMARC aggregate report is instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotReport {
    Seen(Seen),
    EmptyZip,
    BadMail,
    ForensicReport,
    /// An ARF report with this feedback type.
    AbuseReport(String),
    TlsReportMail,
    /// An e-mail whose attachment is this.
    MailAttachment(Box<NotReport>),
    MailWithoutReport,
    /// An XML document whose root element is this, not `<feedback>`.
    XmlRoot(String),
    XmlEmpty,
}

impl NotReport {
    /// What it is, in `lang`.
    pub fn words(&self, lang: Lang) -> String {
        let key = match self {
            NotReport::Seen(seen) => match seen {
                Seen::Html => Key::WhatHtml,
                Seen::Pdf => Key::WhatPdf,
                Seen::Png => Key::WhatPng,
                Seen::Jpeg => Key::WhatJpeg,
                Seen::Gif => Key::WhatGif,
                Seen::Rar => Key::WhatRar,
                Seen::SevenZip => Key::What7z,
                Seen::Bzip2 => Key::WhatBzip2,
                Seen::Xz => Key::WhatXz,
                Seen::Zstd => Key::WhatZstd,
                Seen::Office => Key::WhatOffice,
                Seen::Program => Key::WhatProgram,
                Seen::WindowsProgram => Key::WhatWindowsProgram,
                Seen::TlsReport => Key::WhatTlsReport,
                Seen::Json => Key::WhatJson,
                Seen::Text => Key::WhatText,
                Seen::Binary => Key::WhatBinary,
            },
            NotReport::EmptyZip => Key::WhatEmptyZip,
            NotReport::BadMail => Key::WhatBadMail,
            NotReport::ForensicReport => Key::WhatForensic,
            NotReport::AbuseReport(kind) => return fill(lang, Key::WhatAbuse, &[kind]),
            NotReport::TlsReportMail => Key::WhatTlsMail,
            NotReport::MailAttachment(inner) => return fill(lang, Key::WhatMailAttachment, &[inner.words(lang)]),
            NotReport::MailWithoutReport => Key::WhatMailWithoutReport,
            NotReport::XmlRoot(root) => return fill(lang, Key::WhatXmlRoot, &[root]),
            NotReport::XmlEmpty => Key::WhatXmlEmpty,
        };
        tr(lang, key).to_string()
    }
}

impl fmt::Display for DecodeError {
    /// What is wrong, as a sentence fragment; the ledger puts the file and entry in front.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.words(Lang::En, Numbers::Plain))
    }
}

impl std::error::Error for DecodeError {}

/// What [`decode`] hands to its sink: a document, or a layer that failed.
pub type Part<'a> = Result<Document<'a>, DecodeError>;

/// Decodes `input` and hands every XML document and every failed layer to `sink`, in order.
///
/// Returns the decompressed bytes charged to the file's budget: more than
/// `limits.max_decompressed_bytes` exactly when the budget ran out. A file whose budget did not
/// run out decodes the same under any larger limit (the budget is only ever read to refuse), which
/// lets the CLI try files on several threads under a small limit first.
pub fn decode<'a>(input: &'a [u8], limits: &Limits, sink: &mut dyn FnMut(Part<'_>)) -> u64 {
    let mut budget = Budget::new(limits);
    let mut cx = Context { limits, budget: &mut budget, sink };
    cx.layer(Cow::Borrowed(input), String::new(), 0);
    budget.used
}

pub(crate) struct Context<'l, 's> {
    pub(crate) limits: &'l Limits,
    pub(crate) budget: &'l mut Budget,
    pub(crate) sink: &'s mut dyn FnMut(Part<'_>),
}

impl Context<'_, '_> {
    /// Unwraps one layer found at `entry`, `depth` containers deep.
    pub(crate) fn layer(&mut self, bytes: Cow<'_, [u8]>, entry: String, depth: u32) {
        if depth > self.limits.max_depth {
            (self.sink)(Err(DecodeError::TooDeep { entry, depth: self.limits.max_depth }));
            return;
        }
        match sniff::sniff(&bytes) {
            Kind::Empty => (self.sink)(Err(DecodeError::Empty { entry })),
            Kind::Xml => (self.sink)(Ok(Document { entry, bytes })),
            Kind::Gzip => match gzip::gunzip(&bytes, self.budget, self.limits.max_entries) {
                Ok(inner) => self.layer(Cow::Owned(inner), entry, depth + 1),
                Err(e) => (self.sink)(Err(e.at(entry, "gzip"))),
            },
            Kind::Zlib => match gzip::inflate_zlib(&bytes, self.budget) {
                Ok(inner) => self.layer(Cow::Owned(inner), entry, depth + 1),
                Err(e) => (self.sink)(Err(e.at(entry, "zlib"))),
            },
            Kind::Zip => zip::unzip(self, &bytes, &entry, depth),
            Kind::Mail => mail::unmail(self, &bytes, &entry, depth),
            Kind::Mbox => mail::unmbox(self, &bytes, &entry, depth),
            Kind::Other(seen) => (self.sink)(Err(DecodeError::NotAReport { entry, what: NotReport::Seen(seen) })),
        }
    }
}

/// Joins an entry path: `"mail.eml › report.zip"`.
pub fn join_entry(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_string()
    } else if child.is_empty() {
        parent.to_string()
    } else {
        format!("{parent} › {child}")
    }
}

/// A failure while inflating, before it is placed at an entry.
#[derive(Debug)]
pub(crate) enum InflateError {
    TooLarge(u64),
    TooManyMembers(usize),
    Truncated,
    Corrupt(String),
}

impl InflateError {
    fn at(self, entry: String, container: &'static str) -> DecodeError {
        match self {
            InflateError::TooLarge(limit) => DecodeError::TooLarge { entry, limit },
            InflateError::TooManyMembers(limit) => DecodeError::TooManyEntries { entry, limit },
            InflateError::Truncated => DecodeError::Truncated { entry, container },
            InflateError::Corrupt(detail) => match container {
                "zip" => DecodeError::BadZip { entry, detail },
                "zlib" => DecodeError::BadZlib { entry, detail },
                _ => DecodeError::BadGzip { entry, detail },
            },
        }
    }
}

/// Reads `reader` to its end into `out`, charging `budget`, without ever holding more than the
/// budget allows: the buffer grows by doubling but never past what the budget has left plus one
/// byte, which is how an over-long stream is told from one that just fits.
pub(crate) fn read_capped(
    reader: &mut dyn std::io::Read,
    out: &mut Vec<u8>,
    budget: &mut Budget,
) -> Result<(), InflateError> {
    let start = out.len();
    let cap = usize::try_from(budget.remaining()).unwrap_or(usize::MAX).saturating_add(start);
    let mut filled = out.len();
    loop {
        if filled == out.len() {
            if filled > cap {
                budget.used = budget.limit.saturating_add(1);
                return Err(InflateError::TooLarge(budget.limit));
            }
            let grow = filled.max(32 * 1024).min(cap + 1 - filled).max(1);
            out.reserve_exact(grow);
            out.resize(filled + grow, 0);
        }
        let read = match reader.read(&mut out[filled..]) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                out.truncate(filled);
                // What was inflated before the failure is charged too: a zip of overlapping
                // entries with a bad checksum would otherwise inflate the same bytes for ever.
                budget.used = budget.used.saturating_add((filled - start) as u64);
                return Err(match e.kind() {
                    std::io::ErrorKind::UnexpectedEof => InflateError::Truncated,
                    _ => InflateError::Corrupt(e.to_string()),
                });
            }
        };
        filled += read;
        if filled > cap {
            out.truncate(filled);
            budget.used = budget.limit.saturating_add(1);
            return Err(InflateError::TooLarge(budget.limit));
        }
        if read == 0 {
            out.truncate(filled);
            budget.used += (filled - start) as u64;
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(input: &[u8], limits: &Limits) -> Vec<Result<(String, Vec<u8>), DecodeError>> {
        let mut parts = Vec::new();
        decode(input, limits, &mut |part| {
            parts.push(part.map(|doc| (doc.entry, doc.bytes.into_owned())));
        });
        parts
    }

    #[test]
    fn read_capped_stops_at_the_budget() {
        let data = vec![7u8; 100_000];
        let mut budget = Budget { limit: 50_000, used: 0 };
        let mut out = Vec::new();
        let err = read_capped(&mut &data[..], &mut out, &mut budget).unwrap_err();
        assert!(matches!(err, InflateError::TooLarge(50_000)));
        assert!(out.capacity() <= 50_001 + 32 * 1024, "capacity {}", out.capacity());

        let mut budget = Budget { limit: 100_000, used: 0 };
        let mut out = Vec::new();
        read_capped(&mut &data[..], &mut out, &mut budget).unwrap();
        assert_eq!(out, data);
        assert_eq!(budget.used, 100_000);
    }

    #[test]
    fn read_capped_charges_what_it_read_before_an_error() {
        struct FailsAfter(usize);
        impl std::io::Read for FailsAfter {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                if self.0 == 0 {
                    return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "bad crc"));
                }
                let n = buf.len().min(self.0);
                self.0 -= n;
                Ok(n)
            }
        }
        let mut budget = Budget { limit: 100_000, used: 0 };
        for _ in 0..2 {
            let mut out = Vec::new();
            assert!(matches!(
                read_capped(&mut FailsAfter(40_000), &mut out, &mut budget),
                Err(InflateError::Corrupt(_))
            ));
        }
        assert_eq!(budget.used, 80_000);
        let mut out = Vec::new();
        assert!(matches!(read_capped(&mut FailsAfter(40_000), &mut out, &mut budget), Err(InflateError::TooLarge(_))));
    }

    #[test]
    fn plain_xml_is_borrowed_whole() {
        let xml = b"\xEF\xBB\xBF  <?xml version=\"1.0\"?><feedback/>";
        let parts = decode_all(xml, &Limits::default());
        assert_eq!(parts, vec![Ok((String::new(), xml.to_vec()))]);
    }

    #[test]
    fn too_deep_nesting_is_refused() {
        let mut data = b"<feedback/>".to_vec();
        for _ in 0..4 {
            data = gzip::tests::gz(&data);
        }
        let limits = Limits { max_depth: 2, ..Limits::default() };
        let parts = decode_all(&data, &limits);
        assert!(matches!(parts[..], [Err(DecodeError::TooDeep { .. })]), "{parts:?}");
        assert!(matches!(decode_all(&data, &Limits::default())[..], [Ok(_)]));
    }
}
