//! ZIP archives, read by the `zip` crate through their central directory: stored and deflated
//! entries, data descriptors and ZIP64 all come from there. An archive whose central directory is
//! missing (cut off in transit) is read entry by entry from its local headers instead, so the
//! entries that did arrive still load.

use std::borrow::Cow;
use std::io::{Cursor, Read};

use super::{join_entry, read_capped, Context, DecodeError, InflateError, NotReport};

pub(crate) fn unzip(cx: &mut Context<'_, '_>, data: &[u8], entry: &str, depth: u32) {
    match ::zip::ZipArchive::new(Cursor::new(data)) {
        Ok(mut archive) => {
            if archive.len() > cx.limits.max_entries {
                (cx.sink)(Err(DecodeError::TooManyEntries { entry: entry.to_string(), limit: cx.limits.max_entries }));
                return;
            }
            let mut found = false;
            for index in 0..archive.len() {
                let mut file = match archive.by_index(index) {
                    Ok(file) => file,
                    Err(e) => {
                        (cx.sink)(Err(zip_error(e, join_entry(entry, &format!("entry {}", index + 1)))));
                        continue;
                    }
                };
                let name = file.name().map(|n| n.into_owned()).unwrap_or_else(|_| format!("entry {}", index + 1));
                if file.is_dir() || is_metadata(&name) {
                    continue;
                }
                found = true;
                let path = join_entry(entry, &name);
                match read_entry(&mut file, cx) {
                    Ok(bytes) => cx.layer(Cow::Owned(bytes), path, depth + 1),
                    Err(e) => (cx.sink)(Err(e.at(path, "zip"))),
                }
            }
            if !found {
                (cx.sink)(Err(DecodeError::NotAReport { entry: entry.to_string(), what: NotReport::EmptyZip }));
            }
        }
        Err(::zip::result::ZipError::InvalidArchive(_)) => unzip_stream(cx, data, entry, depth),
        Err(e) => (cx.sink)(Err(zip_error(e, entry.to_string()))),
    }
}

/// Reads local headers one after another, for an archive without a central directory.
fn unzip_stream(cx: &mut Context<'_, '_>, data: &[u8], entry: &str, depth: u32) {
    let mut reader = data;
    let mut count = 0usize;
    loop {
        let header = reader;
        // An entry whose sizes follow its data is read with the sizes from its data descriptor,
        // and the reader then moves past that descriptor.
        let descriptor = if header.starts_with(b"PK\x03\x04") && header.get(6).is_some_and(|flags| flags & 0x08 != 0) {
            data_descriptor(header)
        } else {
            None
        };
        let after_descriptor = descriptor.as_ref().map(|d| d.end);
        let options = match descriptor {
            Some(d) => ::zip::ZipReadOptions::new().override_compressed_size(d.compressed_size).override_crc(d.crc32),
            None => ::zip::ZipReadOptions::new(),
        };
        let mut file = match ::zip::read::read_zipfile_from_stream_with_options(&mut reader, options) {
            Ok(Some(file)) => file,
            Ok(None) => break,
            Err(_) => {
                (cx.sink)(Err(DecodeError::Truncated { entry: entry.to_string(), container: "zip archive" }));
                return;
            }
        };
        count += 1;
        if count > cx.limits.max_entries {
            (cx.sink)(Err(DecodeError::TooManyEntries { entry: entry.to_string(), limit: cx.limits.max_entries }));
            return;
        }
        let name = file.name().map(|n| n.into_owned()).unwrap_or_else(|_| format!("entry {count}"));
        if file.is_dir() || is_metadata(&name) {
            drop(file);
            if let Some(end) = after_descriptor {
                reader = header.get(end..).unwrap_or_default();
            }
            continue;
        }
        let path = join_entry(entry, &name);
        match read_entry(&mut file, cx) {
            Ok(bytes) => {
                drop(file);
                if let Some(end) = after_descriptor {
                    reader = header.get(end..).unwrap_or_default();
                }
                cx.layer(Cow::Owned(bytes), path, depth + 1);
            }
            Err(e) => {
                // Without a central directory, an entry whose data runs past the end of the input
                // was cut off: the zip crate sees only a short read and a bad checksum.
                drop(file);
                let error = if reader.is_empty() {
                    DecodeError::Truncated { entry: path, container: "zip archive" }
                } else {
                    e.at(path, "zip")
                };
                (cx.sink)(Err(error));
                return;
            }
        }
    }
    if count == 0 {
        (cx.sink)(Err(DecodeError::Truncated { entry: entry.to_string(), container: "zip archive" }));
    }
}

/// The data descriptor that follows an entry's data when its local header has no sizes (general
/// purpose flag bit 3, as streaming writers like Java's `ZipOutputStream` write). Without a central
/// directory only the descriptor tells where the data ends, and the zip crate's stream reader
/// needs that size given to it.
struct DataDescriptor {
    compressed_size: u64,
    crc32: u32,
    /// Offset, from the local header, just past the descriptor.
    end: usize,
}

/// Finds the descriptor of the entry whose local header starts `header`: the first
/// `PK\x07\x08` after the data whose compressed size (32-bit, or 64-bit for ZIP64) equals its
/// distance from the start of the data. The signature is optional in the format, but every
/// streaming writer we know writes it.
fn data_descriptor(header: &[u8]) -> Option<DataDescriptor> {
    let u16_at = |i: usize| header.get(i..i + 2).map(|b| usize::from(u16::from_le_bytes([b[0], b[1]])));
    let data_start = 30usize.checked_add(u16_at(26)?)?.checked_add(u16_at(28)?)?;
    let data = header.get(data_start..)?;
    let mut from = 0usize;
    while let Some(found) = data.get(from..)?.windows(4).position(|w| w == b"PK\x07\x08") {
        let at = from + found;
        let field = |range: std::ops::Range<usize>| data.get(at + range.start..at + range.end);
        let crc32 = field(4..8).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
        let size32 = field(8..12).map(|b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])));
        let size64 = field(8..16).map(|b| u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]));
        let distance = at as u64;
        if let Some(crc32) = crc32 {
            if size32 == Some(distance) {
                return Some(DataDescriptor { compressed_size: distance, crc32, end: data_start + at + 16 });
            }
            if size64 == Some(distance) {
                return Some(DataDescriptor { compressed_size: distance, crc32, end: data_start + at + 24 });
            }
        }
        from = at + 1;
    }
    None
}

fn read_entry(file: &mut dyn Read, cx: &mut Context<'_, '_>) -> Result<Vec<u8>, InflateError> {
    let mut out = Vec::new();
    read_capped(file, &mut out, cx.budget)?;
    Ok(out)
}

/// macOS adds `__MACOSX/` folders and `._name` resource forks to archives it makes.
fn is_metadata(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    name.starts_with("__MACOSX/") || name.contains("/__MACOSX/") || base.starts_with("._") || base == ".DS_Store"
}

fn zip_error(e: ::zip::result::ZipError, entry: String) -> DecodeError {
    use ::zip::result::ZipError;
    match e {
        ZipError::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            DecodeError::Truncated { entry, container: "zip archive" }
        }
        ZipError::UnsupportedArchive(what) => DecodeError::BadZip { entry, detail: format!("unsupported: {what}") },
        ZipError::CompressionMethodNotSupported(m) => DecodeError::BadZip {
            entry,
            detail: format!("compression method {m} is not supported (only stored and deflated)"),
        },
        ZipError::InvalidPassword => DecodeError::BadZip { entry, detail: "the entry is encrypted".to_string() },
        other => DecodeError::BadZip { entry, detail: other.to_string() },
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::io::Write;

    use ::zip::write::SimpleFileOptions;
    use ::zip::CompressionMethod;

    use super::*;
    use crate::decode::decode;
    use crate::limits::Limits;

    pub(crate) fn zip_of(entries: &[(&str, &[u8])], method: CompressionMethod) -> Vec<u8> {
        let mut w = ::zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in entries {
            if name.ends_with('/') {
                w.add_directory(*name, SimpleFileOptions::default()).unwrap();
            } else {
                w.start_file(*name, SimpleFileOptions::default().compression_method(method)).unwrap();
                w.write_all(data).unwrap();
            }
        }
        w.finish().unwrap().into_inner()
    }

    fn entries(data: &[u8]) -> Vec<Result<String, String>> {
        let mut out = Vec::new();
        decode(data, &Limits::default(), &mut |part| {
            out.push(part.map(|d| d.entry).map_err(|e| format!("{}: {}", e.category().as_str(), e.entry())));
        });
        out
    }

    #[test]
    fn every_entry_in_folders_skipping_metadata() {
        for method in [CompressionMethod::Stored, CompressionMethod::Deflated] {
            let data = zip_of(
                &[
                    ("a.xml", b"<feedback/>"),
                    ("dir/", b""),
                    ("dir/b.xml", b"<feedback/>"),
                    ("__MACOSX/dir/._b.xml", b"\0\x05\x16\x07junk"),
                    ("dir/._c.xml", b"junk"),
                ],
                method,
            );
            assert_eq!(entries(&data), vec![Ok("a.xml".to_string()), Ok("dir/b.xml".to_string())]);
        }
    }

    #[test]
    fn cut_off_archive_keeps_the_entries_that_arrived() {
        let data = zip_of(&[("a.xml", b"<feedback/>"), ("b.xml", &[b'x'; 3000])], CompressionMethod::Stored);
        // Cut inside the second entry: the central directory is gone.
        let cut = &data[..data.len() - 600];
        let got = entries(cut);
        assert_eq!(got[0], Ok("a.xml".to_string()), "{got:?}");
        assert!(got[1..].iter().any(|r| matches!(r, Err(e) if e.starts_with("truncated"))), "{got:?}");
    }
}
