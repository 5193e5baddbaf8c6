//! Hostile input through the real CLI: a zip bomb of 2 GiB, a gzip bomb of 1 GiB and a billion
//! laughs; and hostile structure: 64 MiB of open wrappers, a 200 MiB org_name, twenty zip entries
//! over one bad-CRC entry. Each beside good reports: each must be refused or cut within bounded
//! memory, and the good ones still load.
//!
//! The bombs are generated, never committed: into a folder under the system temp dir, streamed in
//! 1 MiB chunks so the test never holds them unpacked. Compressing 3 GiB of zeros takes most of a
//! minute in a debug build, so the bombs are kept there and reused by later runs; a bomb is
//! written under a temporary name and renamed when complete, so an interrupted run never leaves a
//! half-written one behind.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use flate2::write::GzEncoder;
use flate2::Compression;
use serde_json::Value;
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

const MIB: usize = 1024 * 1024;

/// The folder for generated inputs; the name carries a version, bumped when a generator changes.
fn work_dir() -> PathBuf {
    let dir = std::env::temp_dir().join("dmarc-lens-hostile-v1");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `path`, made by `write` unless a complete copy is already there.
fn generated(path: &Path, write: impl FnOnce(File) -> std::io::Result<()>) -> PathBuf {
    if path.metadata().is_ok_and(|m| m.len() > 0) {
        return path.to_path_buf();
    }
    let partial = path.with_extension(format!("partial-{}", std::process::id()));
    write(File::create(&partial).unwrap()).unwrap();
    std::fs::rename(&partial, path).unwrap();
    path.to_path_buf()
}

/// One zip entry of `mib` MiB of zeros, deflated, written through the zip crate in 1 MiB chunks.
fn zip_bomb(path: &Path, mib: usize) -> PathBuf {
    generated(path, |file| {
        let mut w = zip::ZipWriter::new(BufWriter::new(file));
        let options =
            SimpleFileOptions::default().compression_method(CompressionMethod::Deflated).compression_level(Some(1));
        w.start_file("zeros.xml", options)?;
        let chunk = vec![0u8; MIB];
        for _ in 0..mib {
            w.write_all(&chunk)?;
        }
        w.finish()?.flush()
    })
}

/// One gzip member of `mib` MiB of zeros, written in 1 MiB chunks.
fn gzip_bomb(path: &Path, mib: usize) -> PathBuf {
    generated(path, |file| {
        let mut enc = GzEncoder::new(BufWriter::new(file), Compression::fast());
        let chunk = vec![0u8; MIB];
        for _ in 0..mib {
            enc.write_all(&chunk)?;
        }
        enc.finish()?.flush()
    })
}

fn report(id: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<feedback><report_metadata><org_name>Acme</org_name><email>d@acme.example</email><report_id>{id}</report_id><date_range><begin>1700000000</begin><end>1700086400</end></date_range></report_metadata><policy_published><domain>example.com</domain><p>none</p></policy_published><record><row><source_ip>192.0.2.1</source_ip><count>7</count><policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>pass</spf></policy_evaluated></row><identifiers><header_from>example.com</header_from></identifiers><auth_results><spf><domain>example.com</domain><result>pass</result></spf></auth_results></record></feedback>\n"
    )
}

const BILLION_LAUGHS: &str = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<feedback><report_metadata><org_name>&lol9;</org_name></report_metadata></feedback>
"#;

/// The peak memory `--stats` ends with: "peak memory N MiB".
fn peak_mib(stderr: &str) -> u64 {
    stderr
        .trim()
        .rsplit_once("peak memory ")
        .and_then(|(_, rest)| rest.strip_suffix(" MiB"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no peak memory in {stderr:?}"))
}

/// Status and error kind, or the report ids, of one file in the CLI's JSON.
fn outcome(file: &Value) -> String {
    match file["status"].as_str() {
        Some("error") => format!("error {}", file["error_kind"].as_str().unwrap_or("?")),
        Some(status) => {
            let ids: Vec<&str> =
                file["reports"].as_array().unwrap().iter().map(|r| r["report_id"].as_str().unwrap()).collect();
            format!("{status} {}", ids.join(","))
        }
        None => panic!("no status in {file}"),
    }
}

#[test]
fn bombs_are_refused_in_bounded_memory() {
    let dir = work_dir();
    let started = Instant::now();
    // One bomb per core: about 30 s instead of 40 in a debug build, when not reused.
    let (zip, gz) = std::thread::scope(|s| {
        let zip = s.spawn(|| zip_bomb(&dir.join("zeros-2GiB.zip"), 2048));
        let gz = gzip_bomb(&dir.join("zeros-1GiB.xml.gz"), 1024);
        (zip.join().unwrap(), gz)
    });
    println!("bombs ready in {:?}", started.elapsed());
    // Deflate at level 1 packs zeros about 220 to 1.
    for (bomb, unpacked) in [(&zip, 2048 * MIB), (&gz, 1024 * MIB)] {
        let len = bomb.metadata().unwrap().len();
        assert!(len < (unpacked / 200) as u64, "{} is {len} bytes: not a bomb", bomb.display());
    }

    let laughs = dir.join("laughs.xml");
    std::fs::write(&laughs, BILLION_LAUGHS).unwrap();
    let good = dir.join("good.xml");
    std::fs::write(&good, report("good-1")).unwrap();
    let good_gz = dir.join("good.xml.gz");
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    enc.write_all(report("good-2").as_bytes()).unwrap();
    std::fs::write(&good_gz, enc.finish().unwrap()).unwrap();

    // Good files before and after the bombs: neither side is spoilt.
    let files = [&good, &zip, &laughs, &gz, &good_gz];
    let started = Instant::now();
    let output =
        Command::new(env!("CARGO_BIN_EXE_dmarc-lens")).arg("analyze").arg("--stats").args(files).output().unwrap();
    println!("dmarc-lens analyze ran in {:?}", started.elapsed());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "exit status {:?}: {stderr}", output.status);

    let json: Value = serde_json::from_slice(&output.stdout).expect("the CLI prints JSON");
    let results = json["files"].as_array().unwrap();
    let got: Vec<String> = results.iter().map(outcome).collect();
    assert_eq!(
        got,
        ["ok good-1", "error too large", "error entity declarations refused", "error too large", "ok good-2"]
    );
    for (result, path) in results.iter().zip(files) {
        assert_eq!(result["file"], path.to_str().unwrap());
        if let Some(error) = result["error"].as_str() {
            assert!(error.starts_with(path.to_str().unwrap()), "{error}");
        }
    }
    let zip_error = results[1]["error"].as_str().unwrap();
    assert!(zip_error.contains("zeros.xml: too large: it unpacks to more than 256 MiB"), "{zip_error}");

    // `--stats` ends with "peak memory N MiB".
    let peak = peak_mib(&stderr);
    println!("peak memory {peak} MiB");
    assert!(peak < 512, "peak memory {peak} MiB");
}

/// `text` repeated `times`, gzipped in a stream, between `before` and `after`.
fn gzip_repeated(path: &Path, before: &str, text: &str, times: usize, after: &str) -> PathBuf {
    generated(path, |file| {
        let mut enc = GzEncoder::new(BufWriter::new(file), Compression::fast());
        enc.write_all(before.as_bytes())?;
        let chunk = text.repeat(MIB / text.len().max(1));
        let per_chunk = MIB / text.len().max(1);
        for _ in 0..times / per_chunk {
            enc.write_all(chunk.as_bytes())?;
        }
        enc.write_all(after.as_bytes())?;
        enc.finish()?.flush()
    })
}

/// A zip whose central directory lists `entries` entries that all point at one local entry of
/// `mib` MiB of zeros, with a wrong CRC-32: each entry inflates in full before its checksum fails.
fn overlapping_zip(path: &Path, entries: u16, mib: usize) -> PathBuf {
    generated(path, |mut file| {
        let mut deflated = flate2::write::DeflateEncoder::new(Vec::new(), Compression::fast());
        let chunk = vec![0u8; MIB];
        for _ in 0..mib {
            deflated.write_all(&chunk)?;
        }
        let data = deflated.finish()?;
        let (csize, usize_) = (data.len() as u32, (mib * MIB) as u32);
        let name = b"zeros.xml";
        let le16 = |v: u16| v.to_le_bytes();
        let le32 = |v: u32| v.to_le_bytes();
        let mut out = Vec::new();
        out.extend(le32(0x0403_4b50));
        for v in [20u16, 0, 8, 0, 0] {
            out.extend(le16(v));
        }
        out.extend(le32(0xdead_beef));
        out.extend(le32(csize));
        out.extend(le32(usize_));
        out.extend(le16(name.len() as u16));
        out.extend(le16(0));
        out.extend(name);
        out.extend(&data);
        let cd_offset = out.len() as u32;
        for entry in 0..entries {
            // Names of the local entry's length, one per entry (the archive keeps one entry a name).
            let name = format!("z{:04}.xml", entry % 10_000);
            let name = name.as_bytes();
            out.extend(le32(0x0201_4b50));
            for v in [20u16, 20, 0, 8, 0, 0] {
                out.extend(le16(v));
            }
            out.extend(le32(0xdead_beef));
            out.extend(le32(csize));
            out.extend(le32(usize_));
            for v in [name.len() as u16, 0, 0, 0, 0] {
                out.extend(le16(v));
            }
            out.extend(le32(0));
            out.extend(le32(0));
            out.extend(name);
        }
        let cd_size = out.len() as u32 - cd_offset;
        out.extend(le32(0x0605_4b50));
        for v in [0u16, 0, entries, entries] {
            out.extend(le16(v));
        }
        out.extend(le32(cd_size));
        out.extend(le32(cd_offset));
        out.extend(le16(0));
        file.write_all(&out)
    })
}

#[test]
fn structural_attacks_are_refused_in_bounded_memory() {
    let dir = work_dir();
    let started = Instant::now();
    // 64 MiB of open wrappers outside <feedback> (a 64 KB gzip) used to cost a String each:
    // 1.5 GiB.
    let wrappers = gzip_repeated(&dir.join("wrappers-64MiB.xml.gz"), "", "<a>", 64 * MIB / 3, "");
    // An org_name of 200 MiB in a 200 KB gzip loaded as ok and cost 1.6 GiB and 629 MB of JSON.
    let head = report("long-org");
    let (before, after) = head.split_once("Acme").unwrap();
    let long_org = gzip_repeated(&dir.join("org-200MiB.xml.gz"), before, "A", 200 * MIB, after);
    // Twenty entries over one 200 MiB entry with a bad CRC used to inflate 4 GB against a
    // 256 MiB budget, which was only charged for entries that succeeded.
    let overlapping = overlapping_zip(&dir.join("overlapping-named-20x200MiB.zip"), 20, 200);
    println!("inputs ready in {:?}", started.elapsed());
    let good = dir.join("good-structural.xml");
    std::fs::write(&good, report("good-3")).unwrap();

    let files = [&wrappers, &long_org, &overlapping, &good];
    let started = Instant::now();
    let output =
        Command::new(env!("CARGO_BIN_EXE_dmarc-lens")).arg("analyze").arg("--stats").args(files).output().unwrap();
    println!("dmarc-lens analyze ran in {:?}", started.elapsed());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "exit status {:?}: {stderr}", output.status);
    assert!(output.stdout.len() < 64 * 1024, "{} bytes of JSON", output.stdout.len());
    let json: Value = serde_json::from_slice(&output.stdout).expect("the CLI prints JSON");
    let results = json["files"].as_array().unwrap();
    let got: Vec<String> = results.iter().map(outcome).collect();
    assert_eq!(got, ["error not a report", "ok long-org", "error bad zip", "ok good-3"]);
    let org = json["reporters"].as_array().unwrap().iter().find(|r| r["org_name"].as_str().unwrap().starts_with('A'));
    assert_eq!(org.unwrap()["org_name"].as_str().unwrap().len(), 512);
    let warnings: Vec<&str> = results[1]["warnings"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert!(warnings.iter().any(|w| w.contains("<org_name> is longer than 512 bytes")), "{warnings:?}");
    // The budget stops the zip after about 256 MiB: one entry fails its checksum, the next
    // runs out of budget, and every one after that is refused at once.
    let zip_warnings: Vec<&str> = results[2]["warnings"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert_eq!(zip_warnings.len(), 19, "{zip_warnings:?}");
    assert!(zip_warnings.iter().all(|w| w.contains("too large")), "{zip_warnings:?}");
    let peak = peak_mib(&stderr);
    println!("peak memory {peak} MiB");
    assert!(peak < 512, "peak memory {peak} MiB");
}
