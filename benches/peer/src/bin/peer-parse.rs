//! mail-auth's DMARC report parser over the same files `dmarc-lens analyze` reads, as a whole
//! process to time beside it: each file read, gunzipped or unzipped when it is gzip or zip (told
//! by its first bytes), and every XML document parsed by `mail_auth::report::Report::parse_xml`.
//! Prints the files, reports, records and messages found, so the work cannot be skipped.
//!
//! usage: peer-parse FILE|DIR...

use std::io::Read;
use std::path::{Path, PathBuf};

use mail_auth::report::Report;

#[derive(Default)]
struct Totals {
    files: u64,
    reports: u64,
    records: u64,
    messages: u64,
    errors: u64,
}

fn expand(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> =
            std::fs::read_dir(path).expect("read directory").filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for entry in entries {
            expand(&entry, out);
        }
    } else {
        out.push(path.to_path_buf());
    }
}

fn parse(xml: &[u8], totals: &mut Totals) {
    match Report::parse_xml(xml) {
        Ok(report) => {
            totals.reports += 1;
            totals.records += report.records().len() as u64;
            totals.messages += report.records().iter().map(|r| u64::from(r.count())).sum::<u64>();
        }
        Err(_) => totals.errors += 1,
    }
}

fn main() {
    let mut paths = Vec::new();
    for arg in std::env::args().skip(1) {
        expand(Path::new(&arg), &mut paths);
    }
    let mut totals = Totals::default();
    for path in &paths {
        totals.files += 1;
        let Ok(bytes) = std::fs::read(path) else {
            totals.errors += 1;
            continue;
        };
        if bytes.starts_with(&[0x1f, 0x8b]) {
            let mut xml = Vec::new();
            match flate2::read::MultiGzDecoder::new(bytes.as_slice()).read_to_end(&mut xml) {
                Ok(_) => parse(&xml, &mut totals),
                Err(_) => totals.errors += 1,
            }
        } else if bytes.starts_with(b"PK") {
            let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes.as_slice())) else {
                totals.errors += 1;
                continue;
            };
            for i in 0..archive.len() {
                let mut xml = Vec::new();
                match archive.by_index(i).map(|mut entry| entry.read_to_end(&mut xml)) {
                    Ok(Ok(_)) => parse(&xml, &mut totals),
                    _ => totals.errors += 1,
                }
            }
        } else {
            parse(&bytes, &mut totals);
        }
    }
    println!(
        "{} files, {} reports, {} records, {} messages, {} errors",
        totals.files, totals.reports, totals.records, totals.messages, totals.errors
    );
}
