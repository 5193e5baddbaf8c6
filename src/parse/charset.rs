//! Brings a document to UTF-8 before the XML parser sees it.
//!
//! Reports come as UTF-8 (with or without BOM), UTF-16 with a BOM, and windows-1252 or
//! ISO-8859-1 when an old reporter declares it. Those three are decoded here by hand: the
//! windows-1252 table is 32 entries, and a general encoding crate would add hundreds of kilobytes
//! of tables to the wasm for encodings no reporter uses. A byte that is invalid in the declared
//! encoding (a stray windows-1252 quote in a "UTF-8" report) is read as windows-1252 and reported
//! as a warning; so is any other declared encoding, read as UTF-8 where it can be.

use std::borrow::Cow;

use super::Warning;

/// windows-1252 bytes 0x80..=0x9F; the rest of the range equals ISO-8859-1 and so Unicode.
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}', '\u{02C6}',
    '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{8D}', '\u{017D}', '\u{8F}', '\u{90}', '\u{2018}', '\u{2019}',
    '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}', '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}',
    '\u{0153}', '\u{9D}', '\u{017E}', '\u{0178}',
];

fn cp1252(b: u8) -> char {
    match b {
        0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// The document as UTF-8 text, with warnings for anything that had to be repaired.
pub(crate) fn to_utf8<'a>(bytes: &'a [u8], warnings: &mut Vec<Warning>) -> Cow<'a, str> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8_with_fallback(rest, warnings);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return Cow::Owned(utf16(rest, u16::from_le_bytes, warnings));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return Cow::Owned(utf16(rest, u16::from_be_bytes, warnings));
    }
    if bytes.starts_with(&[b'<', 0]) {
        return Cow::Owned(utf16(bytes, u16::from_le_bytes, warnings));
    }
    if bytes.starts_with(&[0, b'<']) {
        return Cow::Owned(utf16(bytes, u16::from_be_bytes, warnings));
    }
    match declared_encoding(bytes).map(|e| e.to_ascii_lowercase()) {
        Some(label) if is_single_byte_western(&label) => {
            if bytes.is_ascii() {
                // Pure ASCII reads the same in every one of these encodings.
                Cow::Borrowed(std::str::from_utf8(bytes).unwrap_or_default())
            } else {
                Cow::Owned(bytes.iter().map(|&b| cp1252(b)).collect())
            }
        }
        Some(label) if !is_utf8_label(&label) && !bytes.is_ascii() => {
            warnings.push(Warning::UnsupportedEncoding { encoding: label });
            utf8_with_fallback(bytes, warnings)
        }
        _ => utf8_with_fallback(bytes, warnings),
    }
}

fn is_utf8_label(label: &str) -> bool {
    matches!(label, "utf-8" | "utf8" | "us-ascii" | "ascii" | "unicode-1-1-utf-8")
}

/// ISO-8859-1 is decoded as windows-1252, as browsers and the WHATWG encoding standard do.
fn is_single_byte_western(label: &str) -> bool {
    matches!(
        label,
        "windows-1252"
            | "cp1252"
            | "x-cp1252"
            | "iso-8859-1"
            | "iso8859-1"
            | "iso_8859-1"
            | "latin1"
            | "l1"
            | "latin-1"
            | "iso-8859-15"
            | "iso8859-15"
            | "latin9"
    )
}

/// The `encoding` of an XML declaration at the start of `bytes`.
fn declared_encoding(bytes: &[u8]) -> Option<&str> {
    let head = &bytes[..bytes.len().min(512)];
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let head = &head[start..];
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&head[..end]).ok()?;
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let rest = &rest[1..];
    rest.find(quote).map(|end| rest[..end].trim())
}

/// Valid UTF-8 is borrowed as it is; each invalid byte is read as windows-1252 instead.
fn utf8_with_fallback<'a>(bytes: &'a [u8], warnings: &mut Vec<Warning>) -> Cow<'a, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(first) => {
            let mut out = String::with_capacity(bytes.len() + 16);
            let mut rest = bytes;
            let mut offset = 0usize;
            let mut reported = false;
            let mut error = Some(first);
            while let Some(e) = error {
                let valid = e.valid_up_to();
                out.push_str(std::str::from_utf8(&rest[..valid]).unwrap_or_default());
                let bad = e.error_len().unwrap_or(rest.len() - valid).max(1);
                let bad_bytes = &rest[valid..(valid + bad).min(rest.len())];
                if !reported {
                    let line = 1 + bytes[..offset + valid].iter().filter(|&&b| b == b'\n').count();
                    warnings.push(Warning::InvalidByte { byte: bad_bytes.first().copied().unwrap_or(0), line });
                    reported = true;
                }
                out.extend(bad_bytes.iter().map(|&b| cp1252(b)));
                offset += valid + bad_bytes.len();
                rest = &rest[(valid + bad_bytes.len()).min(rest.len())..];
                error = std::str::from_utf8(rest).err();
                if error.is_none() {
                    out.push_str(std::str::from_utf8(rest).unwrap_or_default());
                }
            }
            Cow::Owned(out)
        }
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16, warnings: &mut Vec<Warning>) -> String {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut replaced = false;
    let text: String = char::decode_utf16(units)
        .map(|c| {
            c.unwrap_or_else(|_| {
                replaced = true;
                char::REPLACEMENT_CHARACTER
            })
        })
        .collect();
    if replaced || bytes.len() % 2 == 1 {
        warnings.push(Warning::InvalidUtf16);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &[u8], expected: &str, expected_warnings: usize) {
        let mut warnings = Vec::new();
        let text = to_utf8(input, &mut warnings);
        assert_eq!(text, expected);
        assert_eq!(warnings.len(), expected_warnings, "{warnings:?}");
    }

    #[test]
    fn encodings() {
        check(b"<a>x</a>", "<a>x</a>", 0);
        check(b"\xEF\xBB\xBF<a>\xC3\xA9</a>", "<a>\u{e9}</a>", 0);
        check(b"\xFF\xFE<\0a\0>\0", "<a>", 0);
        check(b"\xFE\xFF\0<\0a\0>", "<a>", 0);
        check(b"<\0a\0>\0", "<a>", 0);
        check(
            b"<?xml version=\"1.0\" encoding=\"windows-1252\"?><a>\x93q\x94 \xE9</a>",
            "<?xml version=\"1.0\" encoding=\"windows-1252\"?><a>\u{201C}q\u{201D} \u{e9}</a>",
            0,
        );
        check(
            b"<?xml version='1.0' encoding='ISO-8859-1'?><a>\xE9</a>",
            "<?xml version='1.0' encoding='ISO-8859-1'?><a>\u{e9}</a>",
            0,
        );
        // Declared UTF-8 with a stray windows-1252 quote: repaired, with one warning.
        check(
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a>\x91x\xC3\xA9</a>",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a>\u{2018}x\u{e9}</a>",
            1,
        );
        check(
            b"<?xml version=\"1.0\" encoding=\"shift_jis\"?><a>x</a>",
            "<?xml version=\"1.0\" encoding=\"shift_jis\"?><a>x</a>",
            0,
        );
        check(
            b"<?xml version=\"1.0\" encoding=\"shift_jis\"?><a>\x82\xa0</a>",
            "<?xml version=\"1.0\" encoding=\"shift_jis\"?><a>\u{201A}\u{a0}</a>",
            2,
        );
    }
}
