//! Ingest benchmarks, one group per stage: whole ingest of one big report (plain and gzip),
//! inflate alone, parse alone, and many small reports (separate gzip files, and one zip). Every
//! bench asserts what the engine found (records, messages, failing messages), so a broken engine
//! cannot look fast. Before the benches, `main` prints the input sizes and the store's memory per
//! million records; after them, it asserts the store's memory budget.
//!
//! Inputs are generated from a fixed seed by `support/generate.rs`, so nothing large is committed
//! and every run measures the same bytes. Run with `cargo bench --bench ingest`; the figures are
//! medians over a few samples, because one sample of the big report takes around a second.

#[path = "support/generate.rs"]
mod generate;

use std::io::Write;
use std::sync::LazyLock;

use divan::counter::{BytesCount, ItemsCount};
use divan::Bencher;
use dmarc_lens::{load_file, FileResult, FileStatus, Limits, Store};

use generate::{GeneratedReport, IpPool, ReportSpec, Rng, GOOGLE, REPORTERS};

/// Records in the big report: about 70 MB of XML, as large as real reports from big receivers get.
const BIG_RECORDS: usize = 100_000;
const SMALL_REPORTS: usize = 2_000;
/// Reports of `BIG_RECORDS` loaded for the memory figure: a million records.
const MEMORY_REPORTS: usize = 10;
/// The store's memory budget per million records (see `src/store.rs`).
const MIB_PER_MILLION_RECORDS_LIMIT: f64 = 128.0;
const SEED: u64 = 0x0D3A_2C1E_5500_0001;

fn main() {
    // `--list` only names the benches: no need to build 70 MB of inputs for that.
    if std::env::args().any(|a| a == "--list") {
        divan::main();
        return;
    }
    print_inputs();
    let mib_per_million = memory_per_million_records();
    divan::main();
    // Checked after the benches, so that a store over budget still gets its timings printed; the
    // run fails all the same.
    assert!(
        mib_per_million < MIB_PER_MILLION_RECORDS_LIMIT,
        "the store holds {mib_per_million:.1} MiB per million records, over the {MIB_PER_MILLION_RECORDS_LIMIT} MiB budget"
    );
}

fn pool() -> &'static IpPool {
    static POOL: LazyLock<IpPool> = LazyLock::new(|| IpPool::new(&mut Rng::new(SEED), 3_000));
    &POOL
}

fn big_report(index: usize) -> GeneratedReport {
    let mut rng = Rng::new(SEED ^ (index as u64 + 1).wrapping_mul(0x9E37_79B9));
    let spec = ReportSpec {
        reporter: &GOOGLE,
        report_id: format!("{}", 5_717_107_811_868_587_391u64 + index as u64),
        policy_domain: "example.com",
        begin: 1_700_006_400 + 86_400 * index as i64,
        n_records: BIG_RECORDS,
    };
    generate::report(&mut rng, pool(), &spec)
}

struct Big {
    report: GeneratedReport,
    gz: Vec<u8>,
}

static BIG: LazyLock<Big> = LazyLock::new(|| {
    let report = big_report(0);
    let gz = gzip(&report.xml);
    Big { report, gz }
});

struct Small {
    /// One `.xml.gz` file per report, as a mailbox full of reports delivers them.
    files: Vec<(String, Vec<u8>)>,
    /// The same reports as entries of one zip.
    zip: Vec<u8>,
    xml_bytes: u64,
    records: u64,
    messages: u64,
    dmarc_fail_messages: u64,
}

static SMALL: LazyLock<Small> = LazyLock::new(|| {
    let mut rng = Rng::new(SEED ^ 0x5EED_0000_0000_0002);
    let domains = ["example.com", "example.org", "shop.example.net"];
    let mut files = Vec::with_capacity(SMALL_REPORTS);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let (mut xml_bytes, mut records, mut messages, mut dmarc_fail_messages) = (0u64, 0u64, 0u64, 0u64);
    for i in 0..SMALL_REPORTS {
        let reporter = rng.pick(&REPORTERS);
        let policy_domain = rng.choose(&domains);
        let n_records = 1 + rng.below(20) as usize;
        let spec = ReportSpec {
            reporter,
            report_id: format!("{:016x}{i:06}", rng.next_u64()),
            policy_domain,
            begin: 1_700_006_400 + 86_400 * (i as i64 / 20),
            n_records,
        };
        let report = generate::report(&mut rng, pool(), &spec);
        xml_bytes += report.xml.len() as u64;
        records += report.records;
        messages += report.messages;
        dmarc_fail_messages += report.dmarc_fail_messages;
        // Receivers name files `org!domain!begin!end`; the report id keeps the names distinct.
        let name = format!(
            "{}!{policy_domain}!{}!{}!{}.xml",
            reporter.org_name,
            spec.begin,
            spec.begin + 86_399,
            spec.report_id
        );
        zip.start_file(name.as_str(), options).expect("zip entry");
        zip.write_all(&report.xml).expect("zip write");
        files.push((format!("{name}.gz"), gzip(&report.xml)));
    }
    let zip = zip.finish().expect("zip finish").into_inner();
    Small { files, zip, xml_bytes, records, messages, dmarc_fail_messages }
});

fn gzip(xml: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(xml).expect("gzip write");
    encoder.finish().expect("gzip finish")
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

fn print_inputs() {
    let big = &*BIG;
    let xml = big.report.xml.len();
    println!("inputs (generated, seed {SEED:#x}, {} distinct source IPs):", pool().len());
    println!(
        "  big report:    {BIG_RECORDS} records, {:.1} MB XML ({:.0} bytes/record), gzip {:.2} MB ({:.1}x), {} messages",
        mb(xml),
        xml as f64 / BIG_RECORDS as f64,
        mb(big.gz.len()),
        xml as f64 / big.gz.len() as f64,
        big.report.messages,
    );
    let small = &*SMALL;
    let gz: usize = small.files.iter().map(|(_, bytes)| bytes.len()).sum();
    println!(
        "  small reports: {SMALL_REPORTS} reports, {} records, {:.1} MB XML, {:.2} MB as .xml.gz files, {:.2} MB as one zip",
        small.records,
        mb(small.xml_bytes as usize),
        mb(gz),
        mb(small.zip.len()),
    );
}

/// Loads a million records and prints what the store holds per million, with where it goes.
/// Not timed: the budget is about memory, and loading takes seconds. Returns MiB per million
/// records for `main` to check.
fn memory_per_million_records() -> f64 {
    let mut store = Store::new();
    let mut records = 0u64;
    for index in 0..MEMORY_REPORTS {
        // One report at a time, so the XML of the others is not held meanwhile.
        let report = big_report(index);
        let result = load_file(&mut store, &format!("report-{index}.xml"), &report.xml, &Limits::default());
        check_one(&result, &report);
        records += report.records;
    }
    assert_eq!(store.records.len() as u64, records);
    let mib = |bytes: usize| bytes as f64 / (1024.0 * 1024.0);
    println!("  memory before shrink_to_fit: {:.1} MiB", mib(store.heap_bytes()));
    // The CLI and the worker give back growth slack once a batch is loaded; measure that state.
    store.shrink_to_fit();
    let heap = store.heap_bytes();
    let mib_per_million = mib(heap) / (records as f64 / 1e6);
    println!(
        "  memory:        Store::heap_bytes() = {:.1} MiB for {records} records in {MEMORY_REPORTS} reports: {mib_per_million:.1} MiB per million records ({:.0} bytes/record), limit {MIB_PER_MILLION_RECORDS_LIMIT} MiB",
        mib(heap),
        heap as f64 / records as f64,
    );
    // Where it goes: vectors are counted by capacity, so growth slack shows here.
    let record_size = std::mem::size_of_val(&store.records[0]);
    let auth_size = std::mem::size_of_val(&store.auth[0]);
    println!(
        "                 records: {} of capacity {} x {record_size} B = {:.1} MiB; auth results: {} of capacity {} x {auth_size} B = {:.1} MiB; the rest (strings, reports, keys) {:.1} MiB",
        store.records.len(),
        store.records.capacity(),
        mib(store.records.capacity() * record_size),
        store.auth.len(),
        store.auth.capacity(),
        mib(store.auth.capacity() * auth_size),
        mib(heap - store.records.capacity() * record_size - store.auth.capacity() * auth_size),
    );
    println!();
    mib_per_million
}

/// The file loaded as exactly one new report with the generated totals, nothing skipped.
fn check_one(result: &FileResult, expected: &GeneratedReport) {
    assert_eq!(result.status, FileStatus::Ok, "{result:?}");
    assert_eq!(result.skipped_records, 0);
    assert!(result.warnings.is_empty(), "{:?}", result.warnings);
    let [report] = &result.reports[..] else { panic!("expected one report, got {}", result.reports.len()) };
    assert_eq!(report.records, expected.records);
    assert_eq!(report.messages, expected.messages);
    assert_eq!(report.dmarc_fail_messages, expected.dmarc_fail_messages);
}

/// Decode, parse and store one 100,000-record report into a fresh store.
#[divan::bench_group(sample_count = 10, sample_size = 1)]
mod big_report {
    use super::*;

    fn ingest(bencher: Bencher, file: &str, bytes: &[u8]) {
        let expected = &BIG.report;
        bencher
            .counter(BytesCount::new(expected.xml.len()))
            .counter(ItemsCount::new(expected.records))
            .with_inputs(Store::new)
            // The store is returned so that freeing it is not timed.
            .bench_local_values(|mut store| {
                let result = load_file(&mut store, file, bytes, &Limits::default());
                check_one(&result, expected);
                assert_eq!(store.records.len() as u64, expected.records);
                store
            });
    }

    #[divan::bench]
    fn xml(bencher: Bencher) {
        ingest(bencher, "report.xml", &BIG.report.xml);
    }

    /// Throughput counts the XML bytes, so MB/s compares with `xml`.
    #[divan::bench]
    fn gzip(bencher: Bencher) {
        ingest(bencher, "report.xml.gz", &BIG.gz);
    }
}

/// Just the gunzip of `big_report::gzip`'s input, through the engine's decoder (the path ingest
/// takes), to give inflate's share of ingest time.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn inflate_only(bencher: Bencher) {
    let big = &*BIG;
    let xml_len = big.report.xml.len();
    bencher.counter(BytesCount::new(xml_len)).counter(ItemsCount::new(big.report.records)).bench_local(|| {
        let mut documents = Vec::new();
        dmarc_lens::decode::decode(&big.gz, &Limits::default(), &mut |part| {
            let document = part.expect("the gzip decodes");
            assert_eq!(document.bytes.len(), xml_len);
            assert!(document.bytes.ends_with(b"</feedback>\n"));
            documents.push(document.bytes.into_owned());
        });
        assert_eq!(documents.len(), 1);
        // Returned so that freeing 70 MB is not timed.
        documents
    });
}

/// `parse::parse` of the big report's XML, without the store.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn parse_only(bencher: Bencher) {
    let expected = &BIG.report;
    bencher.counter(BytesCount::new(expected.xml.len())).counter(ItemsCount::new(expected.records)).bench_local(|| {
        let parsed = dmarc_lens::parse::parse(&expected.xml).expect("the report parses");
        assert_eq!(parsed.report.records.len() as u64, expected.records);
        assert!(parsed.skipped.is_empty() && parsed.warnings.is_empty());
        let messages: u64 = parsed.report.records.iter().map(|r| r.row.count).sum();
        assert_eq!(messages, expected.messages);
        parsed
    });
}

/// 2,000 reports of 1 to 20 records each into one store: as 2,000 `.xml.gz` files, and as one
/// zip. Items are reports; bytes are XML bytes.
#[divan::bench_group(sample_count = 10, sample_size = 1)]
mod small_reports {
    use super::*;

    fn check_store(store: &Store) {
        let small = &*SMALL;
        assert_eq!(store.reports.len(), SMALL_REPORTS);
        assert_eq!(store.records.len() as u64, small.records);
        assert_eq!(store.reports.iter().map(|r| r.messages).sum::<u64>(), small.messages);
        assert_eq!(store.reports.iter().map(|r| r.dmarc_fail_messages).sum::<u64>(), small.dmarc_fail_messages);
    }

    #[divan::bench]
    fn xml_gz_files(bencher: Bencher) {
        let small = &*SMALL;
        bencher
            .counter(BytesCount::new(small.xml_bytes))
            .counter(ItemsCount::new(SMALL_REPORTS))
            .with_inputs(Store::new)
            .bench_local_values(|mut store| {
                for (name, bytes) in &small.files {
                    let result = load_file(&mut store, name, bytes, &Limits::default());
                    assert_eq!(result.status, FileStatus::Ok, "{result:?}");
                    assert_eq!(result.reports.len(), 1);
                }
                check_store(&store);
                store
            });
    }

    #[divan::bench]
    fn one_zip(bencher: Bencher) {
        let small = &*SMALL;
        bencher
            .counter(BytesCount::new(small.xml_bytes))
            .counter(ItemsCount::new(SMALL_REPORTS))
            .with_inputs(Store::new)
            .bench_local_values(|mut store| {
                let result = load_file(&mut store, "reports.zip", &small.zip, &Limits::default());
                assert_eq!(result.status, FileStatus::Ok, "{:?}", result.error);
                assert_eq!(result.reports.len(), SMALL_REPORTS);
                check_store(&store);
                store
            });
    }
}
