//! Analysis benchmarks: the app re-runs the analysis on every filter change, so a million stored
//! records must analyse in well under 100 ms; and tagging must not scan every rule for every
//! record, with 10,000 rules. Prints records/s; each bench asserts what it computed.
//!
//! The store is filled through `Store::add` with generated `Report`s (no XML: ingest has its own
//! benches), 10 reports of 100,000 records from 50,000 distinct source IPs.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::LazyLock;

use divan::counter::ItemsCount;
use divan::Bencher;
use dmarc_lens::analyze::{analyze, assign, AlertRules, Assignment, Filters};
use dmarc_lens::model::*;
use dmarc_lens::tags::{TagRule, TagSet};
use dmarc_lens::Store;
use ipnet::{IpNet, Ipv4Net};

const REPORTS: usize = 10;
const RECORDS_PER_REPORT: usize = 100_000;
const RECORDS: usize = REPORTS * RECORDS_PER_REPORT;
const DISTINCT_IPS: u32 = 50_000;
const RULES: usize = 10_000;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn ip_of(n: u32) -> IpAddr {
    if n % 10 == 0 {
        IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, (n >> 16) as u16, n as u16))
    } else {
        // Spread over 10.0.0.0/8 so rules of many lengths match.
        IpAddr::V4(Ipv4Addr::from(0x0a00_0000 | (n.wrapping_mul(2_654_435_761) & 0x00ff_ffff)))
    }
}

/// The store, its reports `spacing` days apart.
fn build_store(spacing: i64) -> Store {
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let mut store = Store::new();
    let domains = ["example.com", "example.net", "shop.example"];
    for r in 0..REPORTS {
        let records = (0..RECORDS_PER_REPORT)
            .map(|_| {
                let roll = rng.next();
                let pass = |bit: u64| if roll >> bit & 3 != 0 { AuthResult::Pass } else { AuthResult::Fail };
                Record {
                    row: Row {
                        source_ip: ip_of((rng.next() % u64::from(DISTINCT_IPS)) as u32),
                        count: 1 + rng.next() % 50,
                        policy_evaluated: PolicyEvaluated {
                            disposition: Disposition::None,
                            other_disposition: None,
                            dkim: if roll & 7 < 5 { DmarcResult::Pass } else { DmarcResult::Fail },
                            spf: if roll >> 3 & 7 < 4 { DmarcResult::Pass } else { DmarcResult::Fail },
                            reasons: Vec::new(),
                        },
                    },
                    identifiers: Identifiers {
                        header_from: domains[r % 3].to_string(),
                        envelope_from: None,
                        envelope_to: None,
                    },
                    auth_results: AuthResults {
                        dkim: vec![DkimAuthResult {
                            domain: format!("esp{}.example", roll % 20),
                            selector: Some("s1".into()),
                            result: pass(8),
                            human_result: None,
                        }],
                        spf: vec![SpfAuthResult {
                            domain: format!("bounce{}.example", roll % 20),
                            scope: None,
                            result: pass(12),
                            human_result: None,
                        }],
                    },
                }
            })
            .collect();
        let report = Report {
            version: None,
            metadata: ReportMetadata {
                org_name: ["google.com", "Yahoo", "Outlook.com"][r % 3].to_string(),
                report_id: format!("bench-{r}"),
                date_range: Some(DateRange {
                    begin: 1_735_689_600 + r as i64 * spacing * 86_400,
                    end: 1_735_775_999 + r as i64 * spacing * 86_400,
                }),
                ..Default::default()
            },
            policy_published: PolicyPublished {
                domain: domains[r % 3].to_string(),
                p: Disposition::None,
                ..Default::default()
            },
            records,
        };
        store.add(&report);
    }
    assert_eq!(store.records.len(), RECORDS);
    store
}

fn build_tags() -> TagSet {
    let mut rng = Rng(0x7a65_5eed_0000_0002);
    let rules = (0..RULES)
        .map(|i| {
            let len = 16 + (rng.next() % 17) as u8;
            let addr = Ipv4Addr::from(0x0a00_0000 | (rng.next() as u32 & 0x00ff_ffff));
            TagRule {
                net: IpNet::V4(Ipv4Net::new(addr, len).expect("prefix <= 32")),
                tag: format!("sender-{}", i % 40),
                comment: String::new(),
                domain: if i % 4 == 0 { "example.com".to_string() } else { String::new() },
            }
        })
        .collect();
    TagSet::new(rules)
}

static STORE: LazyLock<Store> = LazyLock::new(|| build_store(1));
/// The same reports over a month (three days apart): the 14-day window holds the last five,
/// so the history has a period before it, new and gone sources and a comparison.
static MONTH: LazyLock<Store> = LazyLock::new(|| build_store(3));
static MONTH_ASSIGNMENT: LazyLock<Assignment> = LazyLock::new(|| assign(&MONTH, &TAGS));
static TAGS: LazyLock<TagSet> = LazyLock::new(build_tags);
static ASSIGNMENT: LazyLock<Assignment> = LazyLock::new(|| assign(&STORE, &TAGS));

fn main() {
    let tagged = ASSIGNMENT.record_tag.iter().filter(|&&t| t > 0).count();
    println!("{} records, {} rules, {tagged} records tagged", STORE.records.len(), TAGS.len());
    // Built before the benches run, so no sample of the month's bench includes building it.
    println!("the same over a month: {} records", MONTH_ASSIGNMENT.record_tag.len());
    divan::main();
}

/// Tagging every record with 10,000 rules (once per tag-set change).
#[divan::bench(sample_count = 10)]
fn assign_tags(bencher: Bencher) {
    bencher.counter(ItemsCount::new(RECORDS)).bench(|| {
        let assignment = assign(&STORE, &TAGS);
        assert_eq!(assignment.record_tag.len(), RECORDS);
        assignment
    });
}

/// One lookup of a random address against 10,000 rules, to show it does not scan them.
#[divan::bench(sample_count = 20)]
fn lookup_one(bencher: Bencher) {
    let mut rng = Rng(42);
    let ips: Vec<IpAddr> =
        (0..10_000).map(|_| IpAddr::V4(Ipv4Addr::from(0x0a00_0000 | (rng.next() as u32 & 0x00ff_ffff)))).collect();
    bencher
        .counter(ItemsCount::new(ips.len()))
        .bench(|| ips.iter().filter(|&&ip| TAGS.lookup(ip, "example.com").is_some()).count());
}

/// The whole analysis of a million records, as the app runs it on a filter change.
#[divan::bench(sample_count = 10)]
fn analyze_million(bencher: Bencher) {
    let rules = AlertRules::default();
    bencher.counter(ItemsCount::new(RECORDS)).bench(|| {
        let analysis = analyze(&STORE, &ASSIGNMENT, &Filters::default(), &rules);
        assert_eq!(analysis.totals.records, RECORDS as u64);
        assert_eq!(analysis.totals.tagged + analysis.totals.untagged, analysis.totals.messages);
        analysis
    });
}

/// The same with a domain filter that admits a third of the reports.
#[divan::bench(sample_count = 10)]
fn analyze_filtered(bencher: Bencher) {
    let rules = AlertRules::default();
    let filters = Filters { domain: Some("example.com".into()), ..Filters::default() };
    bencher.counter(ItemsCount::new(RECORDS)).bench(|| {
        let analysis = analyze(&STORE, &ASSIGNMENT, &filters, &rules);
        assert_eq!(analysis.totals.reports, 4);
        analysis
    });
}

/// The whole analysis of the month-long store: the history's comparison, new and gone sources.
#[divan::bench(sample_count = 10)]
fn analyze_million_month(bencher: Bencher) {
    let rules = AlertRules::default();
    bencher.counter(ItemsCount::new(RECORDS)).bench(|| {
        let analysis = analyze(&MONTH, &MONTH_ASSIGNMENT, &Filters::default(), &rules);
        assert_eq!(analysis.totals.records, RECORDS as u64);
        assert!(analysis.history.comparison.is_some());
        analysis
    });
}
