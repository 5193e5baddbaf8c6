//! Share-link benchmarks over a month of mail: 1,000 generated reports (5 receivers, 3 domains,
//! 30 days, 1-40 records each, sources drawn from 3,000 addresses) analysed with a few
//! known-sender rules. Before the benches, `main` prints the link's size with and without
//! masking, and what it had to cut; the benches time making a link (mask, cut, deflate) and
//! opening one (inflate, parse). Every bench asserts what it computed.
//!
//! Run with `cargo bench --bench share`.

#[path = "support/generate.rs"]
#[allow(dead_code)]
mod generate;

use std::sync::LazyLock;

use divan::Bencher;
use dmarc_lens::analyze::{analyze, assign, AlertRules, Analysis, Filters};
use dmarc_lens::share::{open_fragment, pack, parse_fragment, unpack, Fragment, Shared, MAX_FRAGMENT_CHARS};
use dmarc_lens::tags::{parse_net, TagRule, TagSet};
use dmarc_lens::{load_file, Limits, Store};

use generate::{IpPool, ReportSpec, Rng, REPORTERS};

const REPORTS: usize = 1_000;
const DOMAINS: [&str; 3] = ["example.com", "example.net", "shop.example"];
const SEED: u64 = 0x5EA2_E000_0000_0001;

struct Month {
    analysis: Analysis,
    rules: AlertRules,
    records: usize,
}

static MONTH: LazyLock<Month> = LazyLock::new(|| {
    let mut rng = Rng::new(SEED);
    let pool = IpPool::new(&mut rng, 3_000);
    let mut store = Store::new();
    for i in 0..REPORTS {
        let spec = ReportSpec {
            reporter: &REPORTERS[i % REPORTERS.len()],
            report_id: format!("month-{i}"),
            policy_domain: DOMAINS[i % DOMAINS.len()],
            begin: 1_761_955_200 + 86_400 * (i * 30 / REPORTS) as i64, // November 2025
            n_records: 1 + rng.below(40) as usize,
        };
        let report = generate::report(&mut rng, &pool, &spec);
        load_file(&mut store, &format!("{i}.xml"), &report.xml, &Limits::default());
    }
    // The organisation's own senders: Google Workspace, Microsoft 365 and SES ranges.
    let rules = [("209.85.0.0/16", "google"), ("40.107.0.0/16", "microsoft"), ("54.240.0.0/16", "ses")]
        .into_iter()
        .map(|(net, tag)| TagRule {
            net: parse_net(net).expect("a valid network"),
            tag: tag.to_string(),
            comment: String::new(),
            domain: String::new(),
        })
        .collect();
    let tags = TagSet::new(rules);
    let assignment = assign(&store, &tags);
    let rules = AlertRules::default();
    let analysis = analyze(&store, &assignment, &Filters::default(), &rules);
    assert_eq!(analysis.totals.reports, REPORTS as u64);
    Month { analysis, rules, records: store.records.len() }
});

fn link(mask: bool) -> String {
    let m = &*MONTH;
    open_fragment(&pack(m.analysis.clone(), &Filters::default(), &m.rules, 0, mask, MAX_FRAGMENT_CHARS).expect("fits"))
}

fn open(fragment: &str) -> Shared {
    match parse_fragment(fragment).expect("a fragment") {
        Fragment::Open(payload) => unpack(&payload).expect("opens"),
        Fragment::Sealed { .. } => unreachable!("open links only"),
    }
}

fn main() {
    if !std::env::args().any(|a| a == "--list") {
        let m = &*MONTH;
        println!(
            "month: {REPORTS} reports, {} records, {} possible-spoofing sources, {} tags",
            m.records,
            m.analysis.spoof_suspects.len(),
            m.analysis.tags.len()
        );
        for mask in [false, true] {
            let fragment = link(mask);
            let shared = open(&fragment);
            assert_eq!(shared.analysis.totals, m.analysis.totals);
            println!(
                "share link{}: {} characters of fragment; suspects kept {} of {}; cut: {}",
                if mask { " (masked)" } else { "" },
                fragment.len() + 1,
                shared.analysis.spoof_suspects.len(),
                shared.cut.spoof_suspects.unwrap_or(shared.analysis.spoof_suspects.len()),
                serde_json::to_string(&shared.cut).unwrap_or_default()
            );
        }
    }
    divan::main();
}

#[divan::bench(args = [false, true], sample_count = 10)]
fn make_link(bencher: Bencher, mask: bool) {
    let m = &*MONTH;
    bencher.bench(|| {
        let payload = pack(m.analysis.clone(), &Filters::default(), &m.rules, 0, mask, MAX_FRAGMENT_CHARS);
        assert!(payload.expect("fits").len() < MAX_FRAGMENT_CHARS);
    });
}

#[divan::bench(sample_count = 10)]
fn open_link(bencher: Bencher) {
    let fragment = link(false);
    let messages = MONTH.analysis.totals.messages;
    bencher.bench(|| assert_eq!(open(&fragment).analysis.totals.messages, messages));
}
