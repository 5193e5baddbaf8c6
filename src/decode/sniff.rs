//! Tells what a run of bytes is from its first bytes: the only place that decides a format.

/// What a layer of an input file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Empty,
    Xml,
    Gzip,
    Zlib,
    Zip,
    /// One RFC 5322 message (`.eml`).
    Mail,
    /// Several messages, each after a `From ` line.
    Mbox,
    /// Something we recognise but do not open, described for the user.
    Other(Seen),
}

/// What a run of bytes that is not a report was seen to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    Html,
    Pdf,
    Png,
    Jpeg,
    Gif,
    Rar,
    SevenZip,
    Bzip2,
    Xz,
    Zstd,
    Office,
    Program,
    WindowsProgram,
    TlsReport,
    Json,
    Text,
    Binary,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Sniffs the format of `bytes`.
pub fn sniff(bytes: &[u8]) -> Kind {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Kind::Gzip;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") || bytes.starts_with(b"PK\x07\x08") {
        return Kind::Zip;
    }
    if let [cmf, flg, ..] = *bytes {
        // RFC 1950: deflate method, window at most 32 KiB, header checksum.
        if cmf & 0x0f == 8 && cmf >> 4 <= 7 && (u16::from(cmf) << 8 | u16::from(flg)) % 31 == 0 {
            return Kind::Zlib;
        }
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        // UTF-16 with a byte order mark: the parser transcodes it.
        return Kind::Xml;
    }
    if bytes.starts_with(&[b'<', 0]) || bytes.starts_with(&[0, b'<']) {
        return Kind::Xml;
    }
    let text = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    let text = trim_start(text);
    if text.is_empty() {
        return Kind::Empty;
    }
    if text.starts_with(b"<") {
        if starts_with_ignore_case(text, b"<!doctype html") || starts_with_ignore_case(text, b"<html") {
            return Kind::Other(Seen::Html);
        }
        return Kind::Xml;
    }
    if text.starts_with(b"From ") {
        return Kind::Mbox;
    }
    if looks_like_header(text) {
        return Kind::Mail;
    }
    Kind::Other(describe(bytes))
}

/// Says what a run of bytes that is not a report is, for the error message.
pub fn describe(bytes: &[u8]) -> Seen {
    let text = trim_start(bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes));
    const MAGIC: &[(&[u8], Seen)] = &[
        (b"%PDF-", Seen::Pdf),
        (b"\x89PNG", Seen::Png),
        (b"\xFF\xD8\xFF", Seen::Jpeg),
        (b"GIF8", Seen::Gif),
        (b"Rar!", Seen::Rar),
        (b"7z\xBC\xAF", Seen::SevenZip),
        (b"BZh", Seen::Bzip2),
        (b"\xFD7zXZ", Seen::Xz),
        (b"\x28\xB5\x2F\xFD", Seen::Zstd),
        (b"\xD0\xCF\x11\xE0", Seen::Office),
        (b"\x7FELF", Seen::Program),
        (b"MZ", Seen::WindowsProgram),
    ];
    for &(magic, what) in MAGIC {
        if bytes.starts_with(magic) {
            return what;
        }
    }
    if text.starts_with(b"{") || text.starts_with(b"[") {
        let head = &text[..text.len().min(4096)];
        if contains(head, b"\"organization-name\"") || contains(head, b"\"policies\"") {
            return Seen::TlsReport;
        }
        return Seen::Json;
    }
    let head = &bytes[..bytes.len().min(4096)];
    let printable = head.iter().filter(|&&b| b >= 0x20 || b == b'\n' || b == b'\r' || b == b'\t').count();
    if printable * 10 >= head.len() * 9 {
        Seen::Text
    } else {
        Seen::Binary
    }
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let skip = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &bytes[skip..]
}

fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes.len() >= prefix.len() && bytes[..prefix.len()].eq_ignore_ascii_case(prefix)
}

pub(crate) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// An RFC 5322 header line: a field name, then a colon. RFC 5322 allows any printable ASCII in a
/// field name, but real headers use letters, digits, `-` and `_` only; accepting more would take
/// `{"organization-name": ...` (a JSON TLS report) for an e-mail.
fn looks_like_header(text: &[u8]) -> bool {
    let line_end = text.iter().position(|&b| b == b'\n').unwrap_or(text.len());
    let line = &text[..line_end];
    match line.iter().position(|&b| b == b':') {
        Some(colon) if colon > 0 => line[..colon].iter().all(|&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &[u8], expected: Kind) {
        assert_eq!(sniff(input), expected, "input {:?}", String::from_utf8_lossy(input));
    }

    #[test]
    fn sniffs_by_content() {
        check(b"", Kind::Empty);
        check(b" \r\n\t", Kind::Empty);
        check(b"\xEF\xBB\xBF", Kind::Empty);
        check(b"<?xml version='1.0'?><feedback/>", Kind::Xml);
        check(b"\xEF\xBB\xBF\r\n <feedback>", Kind::Xml);
        check(b"\xFF\xFE<\0?\0", Kind::Xml);
        check(b"<!DOCTYPE feedback [<!ENTITY a 'b'>]>", Kind::Xml);
        check(b"<!doctype html><html>", Kind::Other(Seen::Html));
        check(b"\x1f\x8b\x08\x00", Kind::Gzip);
        check(b"PK\x03\x04rest", Kind::Zip);
        check(b"PK\x05\x06", Kind::Zip);
        check(b"\x78\x9c\x01\x02", Kind::Zlib);
        check(b"\x78\xda\x01\x02", Kind::Zlib);
        check(b"From MAILER-DAEMON Mon Jan  1 00:00:00 2024\nSubject: x\n", Kind::Mbox);
        check(b"Return-Path: <a@b>\r\nSubject: x\r\n", Kind::Mail);
        check(b"Delivered-To: a@b\n", Kind::Mail);
        check(b"A text file", Kind::Other(Seen::Text));
        check(b"%PDF-1.7\n", Kind::Other(Seen::Pdf));
        check(b"{\"organization-name\": \"Google\", \"policies\": []}", Kind::Other(Seen::TlsReport));
        check(&[0u8, 1, 2, 3, 200, 201, 202], Kind::Other(Seen::Binary));
    }
}
