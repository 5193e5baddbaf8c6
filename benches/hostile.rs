//! Hostile shapes, timed: inputs that once took seconds to minutes because some pass was
//! quadratic or kept memory per element. Each must now take well under the 2 s (CLI) and
//! 1 s (a filter change in the app) on a 2-core machine; each bench asserts what it computed.
//!
//! `cargo bench --bench hostile` prints the time of each.

use std::fmt::Write as _;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::LazyLock;

use divan::Bencher;
use dmarc_lens::analyze::{analyze, assign, AlertRules, Assignment, Filters};
use dmarc_lens::model::*;
use dmarc_lens::tags::{overlapping, parse_tags_csv, TagRule, TagSet};
use dmarc_lens::{load_file, Limits, Store};
use ipnet::{IpNet, Ipv4Net};

fn record(ip: IpAddr, count: u64, pass: bool) -> Record {
    let verdict = if pass { DmarcResult::Pass } else { DmarcResult::Fail };
    Record {
        row: Row {
            source_ip: ip,
            count,
            policy_evaluated: PolicyEvaluated { dkim: verdict, spf: verdict, ..Default::default() },
        },
        identifiers: Identifiers { header_from: "example.com".into(), ..Default::default() },
        auth_results: AuthResults::default(),
    }
}

fn ip(n: u32) -> IpAddr {
    IpAddr::V4(Ipv4Addr::from(0x0a00_0000 | (n & 0x00ff_ffff)))
}

/// 100,000 one-record reports from 50,000 reporters over 100 days: the silent-reporter alert
/// compared every reporter with every other (10.8 s in the CLI, 39 s per filter change).
fn many_reporters() -> Store {
    let mut store = Store::new();
    for i in 0..100_000u32 {
        let begin = 1_735_689_600 + i64::from(i % 100) * 86_400;
        store.add(&Report {
            version: None,
            metadata: ReportMetadata {
                org_name: format!("reporter-{}", i % 50_000),
                report_id: format!("r{i}"),
                date_range: Some(DateRange { begin, end: begin + 86_399 }),
                ..Default::default()
            },
            policy_published: PolicyPublished { domain: "example.com".into(), ..Default::default() },
            records: vec![record(ip(i), 3, i % 3 != 0)],
        });
    }
    store
}

/// 10,000 domains, each with mail from every one of 10,000 rules with distinct tags, all
/// failing: at-risk figures were kept per domain x tag (1.4 GiB).
fn domains_by_tags() -> (Store, TagSet) {
    let mut store = Store::new();
    for d in 0..10_000u32 {
        store.add(&Report {
            version: None,
            metadata: ReportMetadata { org_name: "x".into(), report_id: format!("d{d}"), ..Default::default() },
            policy_published: PolicyPublished { domain: format!("d{d}.example"), ..Default::default() },
            records: (0..10).map(|k| record(ip((d * 10 + k) % 10_000 * 256), 1, false)).collect(),
        });
    }
    (store, distinct_tags(10_000, 24))
}

/// `n` rules, each its own tag, over 10.0.0.0/8.
fn distinct_tags(n: u32, prefix: u8) -> TagSet {
    let rules = (0..n)
        .map(|i| TagRule {
            net: IpNet::V4(Ipv4Net::new(Ipv4Addr::from(0x0a00_0000 | ((i * 256) & 0x00ff_ffff)), prefix).unwrap()),
            tag: format!("tag-{i}"),
            comment: String::new(),
            domain: String::new(),
        })
        .collect();
    TagSet::new(rules)
}

static REPORTERS: LazyLock<(Store, Assignment)> = LazyLock::new(|| {
    let store = many_reporters();
    let assignment = assign(&store, &TagSet::default());
    (store, assignment)
});

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 5)]
fn analysis_with_50000_reporters(bencher: Bencher) {
    let (store, assignment) = &*REPORTERS;
    let rules = AlertRules::default();
    bencher.bench(|| {
        let analysis = analyze(store, assignment, &Filters::default(), &rules);
        assert_eq!(analysis.reporters.len(), 50_000);
        analysis
    });
}

#[divan::bench(sample_count = 5)]
fn tagging_with_100000_distinct_tags(bencher: Bencher) {
    let (store, _) = &*REPORTERS;
    let tags = distinct_tags(100_000, 32);
    bencher.bench(|| {
        let assignment = assign(store, &tags);
        assert_eq!(assignment.tag_names.len(), 100_000);
        assignment
    });
}

#[divan::bench(sample_count = 3)]
fn analysis_of_10000_domains_by_10000_tags(bencher: Bencher) {
    let (store, tags) = domains_by_tags();
    let assignment = assign(&store, &tags);
    let rules = AlertRules::default();
    bencher.bench(|| {
        let analysis = analyze(&store, &assignment, &Filters::default(), &rules);
        assert_eq!(analysis.readiness.len(), 10_000);
        assert!(analysis.readiness.iter().all(|r| r.at_risk.len() == 10));
        analysis
    });
}

#[divan::bench(sample_count = 5)]
fn overlap_check_of_30000_rules(bencher: Bencher) {
    let tags = distinct_tags(30_000, 20);
    bencher.bench(|| {
        let flags = overlapping(tags.rules());
        assert!(flags.iter().all(|&f| f));
        flags
    });
}

#[divan::bench(sample_count = 5)]
fn import_of_30000_rules(bencher: Bencher) {
    let mut csv = String::from("cidr,tag,comment,domain\n");
    for i in 0..30_000u32 {
        let _ = writeln!(csv, "{},tag-{i},imported,", ip(i * 7));
    }
    bencher.bench(|| {
        let (rules, errors) = parse_tags_csv(&csv);
        assert_eq!((rules.len(), errors.len()), (30_000, 0));
        rules
    });
}

/// 64 MiB of open wrappers outside <feedback>, and a report with a 200 MiB org_name.
#[divan::bench(args = ["wrappers", "org_name"], sample_count = 3)]
fn loading_hostile_structure(bencher: Bencher, shape: &str) {
    let xml = match shape {
        "wrappers" => "<a>".repeat((64 << 20) / 3),
        _ => format!(
            "<feedback><report_metadata><org_name>{}</org_name><report_id>1</report_id></report_metadata><policy_published><domain>example.com</domain></policy_published></feedback>",
            "A".repeat(200 << 20)
        ),
    };
    let limits = Limits { max_decompressed_bytes: 512 << 20, ..Limits::default() };
    bencher.bench(|| {
        let result = load_file(&mut Store::new(), "hostile.xml", xml.as_bytes(), &limits);
        assert_eq!(result.reports.first().map_or(0, |r| r.org_name.len()), if shape == "wrappers" { 0 } else { 512 });
        result
    });
}
