//! ZIP archives, read by the `zip` crate through their central directory: stored and deflated
//! entries, data descriptors and ZIP64 all come from there. An archive whose central directory is
//! missing (cut off in transit) is read entry by entry from its local headers instead, so the
//! entries that did arrive still load.

use std::borrow::Cow;
use std::io::{Cursor, Read};

use super::{join_entry, read_capped, Context, DecodeError, InflateError};

pub(crate) fn unzip(cx: &mut Context<'_, '_>, data: &[u8], entry: &str, depth: u32) {
    match ::zip::ZipArchive::new(Cursor::new(data)) {
        Ok(mut archive) => {
            if archive.len() > cx.limits.max_entries {
                (cx.sink)(Err(DecodeError::TooManyEntries {
                    entry: entry.to_string(),
                    limit: cx.limits.max_entries,
                }));
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
                (cx.sink)(Err(DecodeError::NotAReport {
                    entry: entry.to_string(),
                    what: "a zip archive with no files in it".to_string(),
                }));
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
        let mut file = match ::zip::read::read_zipfile_from_stream(&mut reader) {
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
            continue;
        }
        let path = join_entry(entry, &name);
        match read_entry(&mut file, cx) {
            Ok(bytes) => {
                drop(file);
                cx.layer(Cow::Owned(bytes), path, depth + 1);
            }
            Err(e) => {
                (cx.sink)(Err(e.at(path, "zip")));
                return;
            }
        }
    }
    if count == 0 {
        (cx.sink)(Err(DecodeError::Truncated { entry: entry.to_string(), container: "zip archive" }));
    }
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
        ZipError::CompressionMethodNotSupported(m) => {
            DecodeError::BadZip { entry, detail: format!("compression method {m} is not supported (only stored and deflated)") }
        }
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
            out.push(part.map(|d| d.entry).map_err(|e| format!("{}: {}", e.category(), e.entry())));
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
