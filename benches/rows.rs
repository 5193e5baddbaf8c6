//! Export-row benchmarks: one generated report of 100,000 records written as NDJSON, as CSV
//! (parsedmarc's columns first) and as Parquet (zstd) to a sink, and the whole `file_rows` path (decode, parse,
//! select, write NDJSON) over the report's XML. Throughput is in rows (records); `main` prints
//! bytes per row for each format. Every bench asserts what it wrote.
//!
//! Run with `cargo bench --bench rows`.

#[path = "support/generate.rs"]
#[allow(dead_code)]
mod generate;

use std::io::Write;
use std::sync::LazyLock;

use divan::counter::ItemsCount;
use divan::Bencher;
use dmarc_lens::analyze::{assign, record_senders, Filters};
use dmarc_lens::model::Report;
use dmarc_lens::rows::{file_rows, CsvRows, NdjsonRows, RowContext, RowSender, Selection};
use dmarc_lens::tags::TagSet;
use dmarc_lens::{load_file, parse, Limits, Store};

use generate::{IpPool, ReportSpec, Rng, GOOGLE};

const RECORDS: usize = 100_000;

struct Big {
    xml: Vec<u8>,
    report: Report,
    store: Store,
}

static BIG: LazyLock<Big> = LazyLock::new(|| {
    let mut rng = Rng::new(0x5EED_0000_0000_0016);
    let pool = IpPool::new(&mut rng, 20_000);
    let spec = ReportSpec {
        reporter: &GOOGLE,
        report_id: "big".to_string(),
        policy_domain: "example.com",
        begin: 1_761_955_200,
        n_records: RECORDS,
    };
    let xml = generate::report(&mut rng, &pool, &spec).xml;
    let report = parse::parse(&xml).expect("the generated report parses").report;
    let mut store = Store::new();
    load_file(&mut store, "big.xml", &xml, &Limits::default());
    Big { xml, report, store }
});

const CONTEXT: RowContext<'static> = RowContext { reporter: "google.com", file: "big.xml", file_sha256: "0" };

/// Counts what is written, so the benches write somewhere real but keep nothing.
#[derive(Default)]
struct Counted(u64);

impl Write for Counted {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn ndjson(report: &Report) -> u64 {
    let mut rows = NdjsonRows::new(std::io::BufWriter::with_capacity(1 << 16, Counted::default()));
    rows.report(report, &CONTEXT).expect("writes");
    for index in 0..report.records.len() {
        rows.row(report, index, None, RowSender::default()).expect("writes");
    }
    rows.finish().ok().and_then(|out| out.into_inner().ok()).map_or(0, |c| c.0)
}

fn csv(report: &Report) -> u64 {
    let mut rows = CsvRows::new(Counted::default()).expect("header");
    rows.report(report, &CONTEXT);
    for index in 0..report.records.len() {
        rows.row(report, index, None, RowSender::default()).expect("writes");
    }
    rows.finish().map_or(0, |c| c.0)
}

#[cfg(feature = "parquet")]
fn parquet(report: &Report) -> u64 {
    let mut rows = dmarc_lens::parquet::ParquetRows::new(Counted::default()).expect("schema");
    rows.report(report, &CONTEXT).expect("writes");
    for index in 0..report.records.len() {
        rows.row(report, index, None, RowSender::default()).expect("writes");
    }
    rows.finish().map_or(0, |c| c.0)
}

fn main() {
    let big = &*BIG;
    let (json_bytes, csv_bytes) = (ndjson(&big.report), csv(&big.report));
    println!(
        "{RECORDS} records ({:.1} MB of XML): NDJSON {:.0} bytes a row, CSV {:.0} bytes a row",
        big.xml.len() as f64 / 1e6,
        json_bytes as f64 / RECORDS as f64,
        csv_bytes as f64 / RECORDS as f64
    );
    #[cfg(feature = "parquet")]
    {
        let bytes = parquet(&big.report);
        println!(
            "Parquet (zstd): {:.1} bytes a row, {:.1} MB per million records",
            bytes as f64 / RECORDS as f64,
            bytes as f64 / RECORDS as f64
        );
    }
    divan::main();
}

#[divan::bench(sample_count = 5)]
fn write_ndjson_rows(bencher: Bencher) {
    let big = &*BIG;
    bencher.counter(ItemsCount::new(RECORDS)).bench(|| assert!(ndjson(&big.report) > RECORDS as u64 * 100));
}

#[divan::bench(sample_count = 5)]
fn write_csv_rows(bencher: Bencher) {
    let big = &*BIG;
    bencher.counter(ItemsCount::new(RECORDS)).bench(|| assert!(csv(&big.report) > RECORDS as u64 * 50));
}

#[cfg(feature = "parquet")]
#[divan::bench(sample_count = 5)]
fn write_parquet_rows(bencher: Bencher) {
    let big = &*BIG;
    bencher.counter(ItemsCount::new(RECORDS)).bench(|| assert!(parquet(&big.report) > RECORDS as u64));
}

/// Reading the file again and writing its rows: what `export` does per file after loading.
#[divan::bench(sample_count = 5)]
fn file_to_ndjson_rows(bencher: Bencher) {
    let big = &*BIG;
    let tags = TagSet::new(Vec::new());
    let names = record_senders(&big.store, &assign(&big.store, &tags), &Filters::default(), None);
    bencher.counter(ItemsCount::new(RECORDS)).bench(|| {
        let mut selection = Selection::new(&big.store, &Filters::default());
        let mut out = NdjsonRows::new(std::io::BufWriter::with_capacity(1 << 16, Counted::default()));
        let rows =
            file_rows(&big.store, &tags, &names, &mut selection, "big.xml", &big.xml, &Limits::default(), &mut |row| {
                if row.index == 0 {
                    out.report(row.report, &row.context)?;
                }
                out.row(row.report, row.index, row.tag, row.sender)
            })
            .expect("writes");
        assert_eq!(rows, RECORDS as u64);
    });
}
