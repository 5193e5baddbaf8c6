//! Files parsed on several threads give the same output as files loaded one by one: the same
//! files in the same order, the same duplicate winners, the same warnings, the same JSON bytes.
//! The CLI is run with `--jobs 1` (every file on the main thread, the serial path) and with
//! several threads over a generated set with duplicates (shorter copies and better ones, in one
//! file and across files), broken and unreadable files, and over `../shared/corpus` when present.

#[path = "../benches/support/generate.rs"]
#[allow(dead_code)]
mod generate;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use generate::{IpPool, ReportSpec, Rng, REPORTERS};

fn run(args: &[&str], dir: &Path) -> Vec<u8> {
    let output = Command::new(env!("CARGO_BIN_EXE_dmarc-lens")).args(args).arg(dir).output().unwrap();
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    output.stdout
}

/// Runs `command` (with `args`) over `dir` serially and on 2, 3 and 16 threads, and asserts the
/// outputs are the same bytes.
fn same_for_every_jobs(command: &str, args: &[&str], dir: &Path) -> Vec<u8> {
    let with = |jobs: &str| {
        let mut all = vec![command, "--jobs", jobs];
        all.extend(args);
        run(&all, dir)
    };
    let serial = with("1");
    for jobs in ["2", "3", "16"] {
        let parallel = with(jobs);
        if parallel != serial {
            let at = parallel.iter().zip(&serial).position(|(a, b)| a != b).unwrap_or(serial.len().min(parallel.len()));
            panic!(
                "{command} --jobs {jobs} differs from --jobs 1 at byte {at} of {} / {}:\n  parallel: {}\n  serial:   {}",
                parallel.len(),
                serial.len(),
                String::from_utf8_lossy(&parallel[at.saturating_sub(80)..(at + 80).min(parallel.len())]),
                String::from_utf8_lossy(&serial[at.saturating_sub(80)..(at + 80).min(serial.len())]),
            );
        }
    }
    serial
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn zip(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(name.as_str(), options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A fresh directory of about 120 files: reports as .xml, .xml.gz and .zip; copies of earlier
/// reports with fewer records (they lose) and with more (they win, and the earlier file's report
/// becomes a duplicate); a zip holding a report twice; and files that fail.
fn generated_set() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("parallel-set");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut rng = Rng::new(0x9A7A_11E1);
    let pool = IpPool::new(&mut rng, 300);
    let domains = ["example.com", "example.org"];
    let mut specs = Vec::new();
    let write = |name: String, bytes: &[u8]| std::fs::write(dir.join(name), bytes).unwrap();
    for i in 0..100usize {
        let spec = ReportSpec {
            reporter: rng.pick(&REPORTERS),
            report_id: format!("r{i:03}"),
            policy_domain: rng.choose(&domains),
            begin: 1_700_006_400 + 86_400 * (i as i64 / 10),
            n_records: 1 + rng.below(12) as usize,
        };
        let xml = generate::report(&mut rng, &pool, &spec).xml;
        // Names sort in this order, so the copies below come after their originals.
        let name = format!("{i:03}-{}", spec.report_id);
        match i % 3 {
            0 => write(format!("{name}.xml"), &xml),
            1 => write(format!("{name}.xml.gz"), &gzip(&xml)),
            _ => write(format!("{name}.zip"), &zip(&[(format!("{name}.xml"), xml)])),
        }
        specs.push(spec);
    }
    for (k, i) in [3usize, 17, 42, 58, 77].into_iter().enumerate() {
        let spec = &specs[i];
        // A later copy with more records replaces it; one with a single record loses to it.
        let better = ReportSpec { n_records: spec.n_records + 3, report_id: spec.report_id.clone(), ..*spec };
        let worse = ReportSpec { n_records: 1, report_id: spec.report_id.clone(), ..*spec };
        let better = generate::report(&mut rng, &pool, &better).xml;
        let worse = generate::report(&mut rng, &pool, &worse).xml;
        write(format!("{:03}-copy-better-{k}.xml.gz", i + 5), &gzip(&better));
        write(format!("{:03}-copy-worse-{k}.xml", i + 20), &worse);
    }
    // One zip with a report twice, and a copy of a report that a later file replaces again.
    let twice = generate::report(&mut rng, &pool, &specs[90]).xml;
    write("091-twice.zip".to_string(), &zip(&[("a.xml".to_string(), twice.clone()), ("b.xml".to_string(), twice)]));
    let cut = generate::report(&mut rng, &pool, &specs[10]).xml;
    write("011-cut.xml".to_string(), &cut[..cut.len() / 2]);
    write("012-truncated.xml.gz".to_string(), &gzip(&cut)[..40]);
    write("013-empty.xml".to_string(), b"");
    write("014-not-a-report.txt".to_string(), b"hello, this is not a report\n");
    write("015-doctype.xml".to_string(), b"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><feedback/>");
    // Reports that unpack to 20 and 30 MiB (spaces after `<feedback>`): past what a file may unpack
    // to on the first, parallel, try, so they are read again under the real limit.
    for (i, mib) in [(30usize, 20usize), (60, 30)] {
        let xml = generate::report(&mut rng, &pool, &specs[i]).xml;
        let open = xml.windows(9).position(|w| w == b"<feedback").unwrap();
        let at = open + xml[open..].iter().position(|&b| b == b'>').unwrap() + 1;
        let mut padded = Vec::with_capacity(xml.len() + mib * 1024 * 1024);
        padded.extend_from_slice(&xml[..at]);
        padded.resize(at + mib * 1024 * 1024, b' ');
        padded.extend_from_slice(&xml[at..]);
        write(format!("{i:03}-padded-{mib}MiB.xml.gz"), &gzip(&padded));
    }
    // A name that cannot be read: a link to nothing.
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.join("nowhere"), dir.join("016-dangling.xml")).unwrap();
    dir
}

#[test]
fn parallel_analysis_and_export_equal_serial_byte_for_byte() {
    let dir = generated_set();
    let json = same_for_every_jobs("analyze", &["--pretty"], &dir);
    same_for_every_jobs("export", &["--format", "csv"], &dir);
    // Under a limit between the two padded files: one loads, one is too large, said with the limit.
    let limited = same_for_every_jobs("analyze", &["--max-size", "24"], &dir);
    let limited: serde_json::Value = serde_json::from_slice(&limited).unwrap();
    let padded: Vec<(&str, &str)> = limited["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["file"].as_str().unwrap().contains("padded"))
        .map(|f| (f["status"].as_str().unwrap(), f["error"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(padded.len(), 2);
    assert_eq!(padded[0], ("ok", ""));
    assert!(padded[1].1.contains("too large: it unpacks to more than 24 MiB,"), "{padded:?}");
    // The set does what it is meant to: duplicates both ways, errors, an unreadable file.
    let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let files = json["files"].as_array().unwrap();
    let status = |s: &str| files.iter().filter(|f| f["status"] == s).count();
    assert!(files.len() > 110, "{} files", files.len());
    assert!(
        status("duplicate") >= 5 && status("error") >= 6,
        "{} duplicate, {} error",
        status("duplicate"),
        status("error")
    );
    let said = |what: &str| {
        files.iter().any(|f| f["warnings"].as_array().unwrap().iter().any(|w| w.as_str().unwrap().contains(what)))
    };
    assert!(said("replaced") || said("replaces"), "no better copy replaced an earlier one");
    assert!(files.iter().any(|f| f["error_kind"] == "unreadable"));
}

#[test]
fn parallel_analysis_of_the_corpus_equals_serial() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/files");
    if !root.is_dir() {
        println!("corpus comparison skipped: {} not found", root.display());
        return;
    }
    same_for_every_jobs("analyze", &[], &root);
}

#[test]
fn jobs_must_be_a_number_of_threads() {
    for bad in ["0", "x", "-1"] {
        let output =
            Command::new(env!("CARGO_BIN_EXE_dmarc-lens")).args(["analyze", "--jobs", bad, "x.xml"]).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "--jobs {bad}");
    }
}
