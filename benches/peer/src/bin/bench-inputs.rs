//! Writes the benchmark inputs into a directory: `big.xml`, one report of 100,000 records (about
//! 70 MB, the big report of `benches/ingest.rs`, same seed), and `small/`, 2,000 small reports
//! (1 to 20 records each) alternately as `.xml.gz` and as a `.zip` of one entry, the way
//! receivers send them. Generated from fixed seeds, so every run measures the same bytes.
//!
//! usage: bench-inputs DIR

#[path = "../../../support/generate.rs"]
#[allow(dead_code)]
mod generate;

use std::io::Write;
use std::path::Path;

use generate::{IpPool, ReportSpec, Rng, GOOGLE, REPORTERS};

const BIG_RECORDS: usize = 100_000;
const SMALL_REPORTS: usize = 2_000;
/// The seed of `benches/ingest.rs`.
const SEED: u64 = 0x0D3A_2C1E_5500_0001;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: bench-inputs DIR");
        std::process::exit(2);
    };
    let dir = Path::new(&dir);
    let small = dir.join("small");
    std::fs::create_dir_all(&small).expect("create the output directory");
    let pool = IpPool::new(&mut Rng::new(SEED), 3_000);

    let mut rng = Rng::new(SEED ^ 1u64.wrapping_mul(0x9E37_79B9));
    let spec = ReportSpec {
        reporter: &GOOGLE,
        report_id: "5717107811868587391".to_string(),
        policy_domain: "example.com",
        begin: 1_700_006_400,
        n_records: BIG_RECORDS,
    };
    let big = generate::report(&mut rng, &pool, &spec);
    std::fs::write(dir.join("big.xml"), &big.xml).expect("write big.xml");
    println!("big.xml: {} bytes, {} records, {} messages", big.xml.len(), big.records, big.messages);

    let mut rng = Rng::new(SEED ^ 0x5EED_0000_0000_0002);
    let domains = ["example.com", "example.org", "shop.example.net"];
    let (mut xml_bytes, mut records) = (0usize, 0u64);
    for i in 0..SMALL_REPORTS {
        let reporter = rng.pick(&REPORTERS);
        let policy_domain = rng.choose(&domains);
        let spec = ReportSpec {
            reporter,
            report_id: format!("{:016x}{i:06}", rng.next_u64()),
            policy_domain,
            begin: 1_700_006_400 + 86_400 * (i as i64 / 20),
            n_records: 1 + rng.below(20) as usize,
        };
        let report = generate::report(&mut rng, &pool, &spec);
        xml_bytes += report.xml.len();
        records += report.records;
        let name = format!(
            "{}!{policy_domain}!{}!{}!{}.xml",
            reporter.org_name,
            spec.begin,
            spec.begin + 86_399,
            spec.report_id
        );
        let (file, bytes) = if i % 2 == 0 {
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            gz.write_all(&report.xml).expect("gzip");
            (format!("{i:04}-{name}.gz"), gz.finish().expect("gzip"))
        } else {
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
            zip.start_file(name.as_str(), options).expect("zip entry");
            zip.write_all(&report.xml).expect("zip write");
            (format!("{i:04}-{name}.zip"), zip.finish().expect("zip").into_inner())
        };
        std::fs::write(small.join(file), bytes).expect("write a small report");
    }
    println!("small/: {SMALL_REPORTS} files, {xml_bytes} bytes of XML, {records} records");
}
