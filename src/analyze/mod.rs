//! The analyses: totals, the four DMARC failure patterns, failures per tag, untagged source IPs
//! (possible spoofing), days, reporters, domains, alerts and policy readiness.
//!
//! Definitions (the contract the CLI, the app and any independent check share):
//! - Counts are message counts (sums of `count`) unless a field says `records`.
//! - DMARC pass: the aligned `policy_evaluated` dkim or spf is pass.
//! - SPF / DKIM authenticated: some `auth_results` SPF / DKIM result is pass, aligned or not.
//! - Every DMARC-fail record falls in one pattern: 1 both authenticated, 2 DKIM only, 3 SPF
//!   only, 4 neither.
//! - Tagged: the record's source IP matches a known-sender rule (see `tags`); untagged mail is
//!   possible spoofing.
//! - Duplicate reports count once; filters apply to reports after deduplication: period by the
//!   UTC date of the report's begin, domain by the policy domain, policy by the published `p`.
//!
//! One pass over the records. The tag of each record is looked up once per tag set
//! ([`Assignment`], `assign.rs`), not on every filter change. What an analysis returns is in
//! `output.rs`, the readiness verdict of a domain in `readiness.rs`. This file is long because `analyze` is one pass over the reports and one over
//! the sources, kept whole so each figure is made in one place; its accumulators live beside it.

mod advice;
mod alert_groups;
mod alerts;
mod assign;
mod attribution;
mod class;
mod history_output;
mod mask;
mod output;
mod rating;
mod readiness;
mod receivers;
pub mod rows;
mod source_records;
mod timeline;

use std::collections::HashMap;
use std::net::IpAddr;

pub use advice::{pattern_advice, PatternAdvice, Text};
pub use alert_groups::{group_alerts, AlertGroup, AlertKind, Subject};
pub use alerts::{Alert, AlertRules, Fired, Severity};
pub use assign::{assign, pattern_of, Assignment, SourceRecord};
use attribution::Naming;
pub use attribution::{record_senders, senders_needed, senders_table, RecordSenders};
pub use class::{class_of, ClassFacts, MailClass};
pub use history_output::*;
pub use mask::{mask_ip, mask_sources, MASK_V4, MASK_V6};
pub use output::*;
pub use rating::{rating, Rating, RATING_GOOD_PERCENT, RATING_WARN_PERCENT};
pub use readiness::{next_step, testing, MAX_LISTED_SUBDOMAINS, MAX_POLICY_CHANGES};
use readiness::{readiness_of, window_of};
pub use receivers::decode_comment;
pub use source_records::{
    source_records, Combination, DkimCheck, ReasonCheck, SourceRecords, SpfCheck, MAX_COMBINATIONS,
};

use crate::dates::{day_date, utc_day};
use crate::model::Disposition;
use rustc_hash::FxBuildHasher as FxBuild;

use crate::senders::Senders;
use crate::store::{Store, Sym};

/// Which reports an analysis covers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// First UTC day (days since 1970-01-01), inclusive.
    pub from: Option<i64>,
    /// Last UTC day, inclusive.
    pub to: Option<i64>,
    /// Policy domain, compared case-insensitively.
    pub domain: Option<String>,
    /// Published `p`.
    pub policy: Option<Disposition>,
}

impl Filters {
    /// Whether the period ends before it begins (From after To): no report can match, which
    /// the CLI refuses and the app says at its filters instead of showing zeros.
    pub fn period_reversed(&self) -> bool {
        matches!((self.from, self.to), (Some(from), Some(to)) if from > to)
    }

    /// Whether the analysis under these filters covers `report`.
    pub fn admits(&self, store: &Store, report: &crate::store::StoredReport) -> bool {
        if self.from.is_some() || self.to.is_some() {
            let Some(begin) = report.begin else { return false };
            let day = utc_day(begin);
            if self.from.is_some_and(|from| day < from) || self.to.is_some_and(|to| day > to) {
                return false;
            }
        }
        if let Some(domain) = &self.domain {
            if !normalise_domain(store.strings.get(report.policy_domain)).eq_ignore_ascii_case(normalise_domain(domain))
            {
                return false;
            }
        }
        if let Some(policy) = self.policy {
            if report.p != policy {
                return false;
            }
        }
        true
    }
}

fn normalise_domain(d: &str) -> &str {
    d.trim().trim_end_matches('.')
}

/// A report's policy domain as the analyses key it: trimmed, no final dot, lower case.
fn domain_key_of(store: &Store, report: &crate::store::StoredReport) -> String {
    normalise_domain(store.strings.get(report.policy_domain)).to_ascii_lowercase()
}

#[derive(Default, Clone, Copy)]
struct Counts {
    messages: u64,
    pass: u64,
    fail: u64,
    patterns: [u64; 4],
}

impl Counts {
    #[inline]
    fn add(&mut self, count: u64, pattern: Option<usize>) {
        add_to(&mut self.messages, count);
        match pattern {
            None => add_to(&mut self.pass, count),
            Some(p) => {
                add_to(&mut self.fail, count);
                add_to(&mut self.patterns[p], count);
            }
        }
    }
}

/// A small set of symbols, weighted by messages; linear, since it stays short.
#[derive(Default)]
struct Weighted(Vec<(Sym, u64)>);

const WEIGHTED_CAP: usize = 16;

impl Weighted {
    #[inline]
    fn add(&mut self, sym: Sym, count: u64) {
        if sym == Sym(0) {
            return;
        }
        if let Some(entry) = self.0.iter_mut().find(|(s, _)| *s == sym) {
            add_to(&mut entry.1, count);
        } else if self.0.len() < WEIGHTED_CAP {
            self.0.push((sym, count));
        }
    }

    fn sorted(&self, store: &Store) -> Vec<String> {
        let mut items: Vec<(&str, u64)> = self.0.iter().map(|&(s, n)| (store.strings.get(s), n)).collect();
        items.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        items.into_iter().map(|(s, _)| s.to_string()).collect()
    }
}

/// The sender a source's passing checks name: see [`Suspect::sender_hint`]. The lists are in
/// order of messages, most first.
fn sender_hint(dkim_passed: &[String], spf_passed: &[String], policy_domains: &[String]) -> Option<String> {
    let own = |domain: &str| policy_domains.iter().any(|p| same_or_under(domain, p));
    dkim_passed.iter().chain(spf_passed).find(|d| !d.is_empty() && !own(d)).cloned()
}

/// Whether `domain` is `parent` or a name under it (`mail.example.com` under `example.com`, not
/// `notexample.com`), ignoring case and a final dot.
fn same_or_under(domain: &str, parent: &str) -> bool {
    let (domain, parent) = (domain.trim_end_matches('.'), parent.trim_end_matches('.'));
    match domain.len().checked_sub(parent.len()) {
        Some(0) => domain.eq_ignore_ascii_case(parent),
        Some(n) => {
            domain.as_bytes().get(n - 1) == Some(&b'.')
                && domain.get(n..).is_some_and(|t| t.eq_ignore_ascii_case(parent))
        }
        None => false,
    }
}

/// What is known of an untagged source beyond its counts.
#[derive(Default)]
struct SuspectExtras {
    header_from: Weighted,
    reporters: Weighted,
    domains: Weighted,
    dkim: Weighted,
    spf: Weighted,
    /// Messages whose check for the domain passed.
    dkim_passed: Weighted,
    spf_passed: Weighted,
    first: Option<i64>,
    last: Option<i64>,
}

#[derive(Default)]
struct DomainAcc {
    name: Sym,
    reports: u64,
    counts: Counts,
    tagged: Counts,
    untagged: u64,
    days: Vec<i64>,
    latest: Option<(i64, Disposition)>,
    /// Per tag seen failing for this domain: tagged DMARC-fail messages per pattern. Sparse, so
    /// memory follows the tags that fail, not domains × tags.
    at_risk: HashMap<u32, [u64; 4], FxBuild>,
    /// The domain over time: its window, published records, last failing day. Boxed: the
    /// accumulators are moved while domains are hashed and sorted, and 10,000 domains of twice
    /// the size cost a third more time in moves alone.
    time: Box<readiness::DomainTime>,
}

#[derive(Default)]
struct ReporterAcc {
    reports: u64,
    messages: u64,
    first: Option<i64>,
    last: Option<i64>,
}

/// The last second a report covers. Many reporters give an end of 00:00 the next day (so a
/// November report "ends" on December 1st): then the second before it is the last one covered.
fn last_second(report: &crate::store::StoredReport) -> Option<i64> {
    let at_midnight = |end: i64| end.rem_euclid(86_400) == 0 && report.begin.is_some_and(|begin| end > begin);
    report.end.map(|end| if at_midnight(end) { end - 1 } else { end })
}

fn min_opt(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn max_opt(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// Adds a count to a sum, saturating: counts come from reports, and no hostile report may wrap a
/// sum around to a small number (which once hid every failure of the other reports) or panic a
/// debug build.
#[inline]
pub(crate) fn add_to(sum: &mut u64, count: u64) {
    *sum = sum.saturating_add(count);
}

fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// Analyses the reports of `store` admitted by `filters`, naming no sender: see
/// [`analyze_with`].
pub fn analyze(store: &Store, assignment: &Assignment, filters: &Filters, rules: &AlertRules) -> Analysis {
    analyze_with(store, assignment, filters, rules, None)
}

/// Analyses the reports of `store` admitted by `filters`. `assignment` must come from
/// [`assign`] over the same store (it is extended with "untagged" for records added since).
/// With a sender pack, every untagged source is named and its failing mail sorted by class.
pub fn analyze_with(
    store: &Store,
    assignment: &Assignment,
    filters: &Filters,
    rules: &AlertRules,
    senders: Option<&Senders>,
) -> Analysis {
    let mut totals = Totals::default();
    for name in ["none", "quarantine", "reject"] {
        totals.disposition.insert(name.to_string(), 0);
    }
    // Per disposition index: `None` until a record with it is admitted.
    let mut dispositions: Vec<Option<u64>> = vec![None; store.dispositions.len()];
    let mut patterns = [Counts::default(); 4];
    let mut pattern_tagged = [0u64; 4];
    let mut tags: Vec<Counts> = vec![Counts::default(); assignment.tag_names.len()];
    let mut admitted = vec![false; store.reports.len()];
    let mut days: HashMap<i64, Counts, FxBuild> = HashMap::default();
    let mut reporters: HashMap<Sym, ReporterAcc, FxBuild> = HashMap::default();
    let mut domains: HashMap<String, DomainAcc> = HashMap::new();
    let periods = timeline::Periods::of(store, filters, rules.window_days);
    // Per admitted report, its domain's slot: the untagged failing mail of the window is sorted
    // by class (and named) in the pass over sources, and each slot handed to its domain after.
    let mut report_slot: Vec<u32> = vec![u32::MAX; store.reports.len()];
    let mut slot_keys: Vec<String> = Vec::new();
    let mut slot_of: HashMap<String, u32> = HashMap::new();
    let mut history = timeline::HistoryAcc::new(&periods, assignment.tag_names.len());

    for (report_index, report) in store.reports.iter().enumerate() {
        if !filters.admits(store, report) {
            continue;
        }
        if let Some(a) = admitted.get_mut(report_index) {
            *a = true;
        }
        totals.reports += 1;
        add_to(&mut totals.duplicate_reports, u64::from(report.duplicates));
        let day = report.begin.map(utc_day);
        let records = store.report_records(report);
        let start = report.records.start as usize;
        let record_tags = assignment.record_tag.get(start..start + records.len()).unwrap_or(&[]);

        let reporter = reporters.entry(report.reporter).or_default();
        reporter.reports += 1;
        reporter.first = min_opt(reporter.first, report.begin);
        reporter.last = max_opt(reporter.last, last_second(report));

        let domain_key = domain_key_of(store, report);
        let slot = match slot_of.get(&domain_key) {
            Some(&slot) => slot,
            None => {
                let slot = slot_keys.len() as u32;
                slot_of.insert(domain_key.clone(), slot);
                slot_keys.push(domain_key.clone());
                slot
            }
        };
        if let Some(s) = report_slot.get_mut(report_index) {
            *s = slot;
        }
        // Header From is stored in lower case: its symbol for the policy domain, if interned.
        history.begin_report(store.strings.lookup(&domain_key));
        let domain = domains.entry(domain_key).or_default();
        if domain.name == Sym(0) {
            domain.name = report.policy_domain;
        }
        domain.reports += 1;
        if let Some(day) = day {
            // Sorted and deduplicated once at the end: a search here made a domain with many
            // reports over many days quadratic.
            domain.days.push(day);
        }
        if let Some(begin) = report.begin {
            if domain.latest.is_none_or(|(b, _)| begin >= b) {
                domain.latest = Some((begin, report.p));
            }
        } else if domain.latest.is_none() {
            domain.latest = Some((i64::MIN, report.p));
        }

        let mut report_counts = Counts::default();
        for (index, record) in records.iter().enumerate() {
            let count = record.count;
            let pattern = pattern_of(record);
            let tag = record_tags.get(index).copied().unwrap_or(0);
            report_counts.add(count, pattern);
            history.record(store, tag, count, pattern, record.header_from);
            totals.records += 1;
            if let Some(slot) = dispositions.get_mut(record.disposition as usize) {
                *slot = Some(slot.unwrap_or(0).saturating_add(count));
            }
            if let Some(p) = pattern {
                patterns[p].add(count, Some(p));
            }
            if tag > 0 {
                let t = (tag - 1) as usize;
                add_to(&mut totals.tagged, count);
                tags[t].add(count, pattern);
                domain.tagged.add(count, pattern);
                if let Some(p) = pattern {
                    add_to(&mut pattern_tagged[p], count);
                    add_to(&mut domain.at_risk.entry(tag).or_default()[p], count);
                }
            } else {
                add_to(&mut totals.untagged, count);
                add_to(&mut domain.untagged, count);
            }
        }
        add_to(&mut totals.messages, report_counts.messages);
        add_to(&mut totals.dmarc_pass, report_counts.pass);
        add_to(&mut totals.dmarc_fail, report_counts.fail);
        add_to(&mut reporter.messages, report_counts.messages);
        add_to(&mut domain.counts.messages, report_counts.messages);
        add_to(&mut domain.counts.pass, report_counts.pass);
        add_to(&mut domain.counts.fail, report_counts.fail);
        if let Some(day) = day {
            days.entry(day).or_default().merge(&report_counts);
        }
        let history_day = periods.report_day.get(report_index).copied().unwrap_or(timeline::NO_DAY);
        history.end_report(report, history_day, &report_counts, &mut domain.time);
    }

    for (&sym, count) in store.dispositions.iter().zip(dispositions) {
        if let Some(count) = count {
            add_to(totals.disposition.entry(store.strings.get(sym).to_string()).or_insert(0), count);
        }
    }

    let mut patterns: Vec<PatternRow> = (0..4)
        .map(|p| {
            let (spf, dkim) = match p {
                0 => ("pass", "pass"),
                1 => ("fail", "pass"),
                2 => ("pass", "fail"),
                _ => ("fail", "fail"),
            };
            PatternRow {
                pattern: p as u8 + 1,
                spf_auth: spf.to_string(),
                dkim_auth: dkim.to_string(),
                messages: patterns[p].messages,
                tagged: pattern_tagged[p],
                untagged: patterns[p].messages.saturating_sub(pattern_tagged[p]),
                classes: ClassCounts::default(),
            }
        })
        .collect();

    let mut tag_sources: Vec<Vec<SourceRow>> = vec![Vec::new(); assignment.tag_names.len()];
    let mut spoof_suspects: Vec<Suspect> = Vec::new();
    let mut naming = Naming::new(store, senders);
    let mut pattern_classes = [ClassCounts::default(); 4];
    let mut window_untagged: Vec<readiness::WindowUntagged> = vec![Default::default(); slot_keys.len()];
    // (source, sender name) of each named unregistered source, for the senders' histories.
    let mut named_sources: Vec<(u32, String)> = Vec::new();
    // Per source: one ordered pass over the records grouped by (source, tag).
    let rows = &assignment.by_source;
    let mut i = 0;
    while i < rows.len() {
        let (source, tag) = (rows[i].source, rows[i].tag);
        let first_row = i;
        let mut c = Counts::default();
        let mut extra = (tag == 0).then(SuspectExtras::default);
        let mut any_admitted = false;
        while i < rows.len() && rows[i].source == source && rows[i].tag == tag {
            let row = &rows[i];
            i += 1;
            if !admitted.get(row.report as usize).copied().unwrap_or(false) {
                continue;
            }
            any_admitted = true;
            let pattern = row.pattern.checked_sub(1).map(usize::from);
            c.add(row.count, pattern);
            history.source_row(row, pattern);
            if let Some(suspect) = extra.as_mut() {
                let Some(report) = store.reports.get(row.report as usize) else { continue };
                suspect.header_from.add(row.header_from, row.count);
                suspect.reporters.add(report.reporter, row.count);
                suspect.domains.add(report.policy_domain, row.count);
                suspect.first = min_opt(suspect.first, report.begin);
                suspect.last = max_opt(suspect.last, last_second(report));
                let start = row.auth_start as usize;
                let mid = start + usize::from(row.n_dkim);
                let end = mid + usize::from(row.n_spf);
                for &(domain, passed) in assignment.auth_by_source.get(start..mid).unwrap_or(&[]) {
                    suspect.dkim.add(domain, row.count);
                    if passed {
                        suspect.dkim_passed.add(domain, row.count);
                    }
                }
                for &(domain, passed) in assignment.auth_by_source.get(mid..end).unwrap_or(&[]) {
                    suspect.spf.add(domain, row.count);
                    if passed {
                        suspect.spf_passed.add(domain, row.count);
                    }
                }
            }
        }
        if !any_admitted {
            continue;
        }
        history.end_source(source, tag, first_row..i);
        let source_ip = store.ips.get(source as usize).map_or_else(String::new, IpAddr::to_string);
        match extra {
            None => {
                if let Some(list) = tag_sources.get_mut((tag as usize).wrapping_sub(1)) {
                    list.push(SourceRow {
                        source_ip,
                        messages: c.messages,
                        dmarc_pass: c.pass,
                        dmarc_fail: c.fail,
                        patterns: c.patterns,
                    });
                }
            }
            Some(extra) => {
                let sender = store
                    .ips
                    .get(source as usize)
                    .and_then(|&ip| naming.sender(store, ip, &extra.dkim_passed.0, &extra.spf_passed.0));
                let mut classes = ClassCounts::default();
                // This source's failing mail in the window, per domain slot (few each).
                let mut in_window: Vec<(u32, ClassCounts)> = Vec::new();
                for row in rows.get(first_row..i).unwrap_or(&[]) {
                    let Some(p) = row.pattern.checked_sub(1).map(usize::from) else { continue };
                    if !admitted.get(row.report as usize).copied().unwrap_or(false) {
                        continue;
                    }
                    let Some(record) = store.records.get(row.record as usize) else { continue };
                    let class = naming.class(store, record, sender.as_ref());
                    classes.add(class, row.count);
                    if let Some(split) = pattern_classes.get_mut(p) {
                        split.add(class, row.count);
                    }
                    let day = periods.report_day.get(row.report as usize).copied().unwrap_or(timeline::NO_DAY);
                    if periods.when(day) == timeline::When::Window {
                        let slot = report_slot.get(row.report as usize).copied().unwrap_or(u32::MAX);
                        match in_window.iter_mut().find(|(s, _)| *s == slot) {
                            Some((_, split)) => split.add(class, row.count),
                            None => {
                                let mut split = ClassCounts::default();
                                split.add(class, row.count);
                                in_window.push((slot, split));
                            }
                        }
                    }
                }
                totals.fail_classes.add_all(&classes);
                if let Some(s) = &sender {
                    named_sources.push((source, s.name.clone()));
                }
                for (slot, split) in &in_window {
                    if let Some(acc) = window_untagged.get_mut(*slot as usize) {
                        acc.add(sender.as_ref(), split);
                    }
                }
                let dkim_domains = extra.dkim.sorted(store);
                let spf_domains = extra.spf.sorted(store);
                let policy_domains = extra.domains.sorted(store);
                let sender_hint =
                    sender_hint(&extra.dkim_passed.sorted(store), &extra.spf_passed.sorted(store), &policy_domains);
                spoof_suspects.push(Suspect {
                    source_ip,
                    messages: c.messages,
                    dmarc_pass: c.pass,
                    dmarc_fail: c.fail,
                    patterns: c.patterns,
                    header_from: extra.header_from.sorted(store),
                    reporters: extra.reporters.sorted(store),
                    policy_domains,
                    first_seen: extra.first,
                    last_seen: extra.last,
                    dkim_domains,
                    spf_domains,
                    sender_hint,
                    sender,
                    classes,
                });
            }
        }
    }
    spoof_suspects.sort_by(|a, b| b.messages.cmp(&a.messages).then_with(|| a.source_ip.cmp(&b.source_ip)));
    for (p, row) in patterns.iter_mut().enumerate() {
        let mut split = pattern_classes.get(p).copied().unwrap_or_default();
        split.yours = row.tagged;
        row.classes = split;
    }
    totals.fail_classes.yours = pattern_tagged.iter().fold(0u64, |sum, &n| sum.saturating_add(n));
    let senders = senders_table(&spoof_suspects);

    let mut tag_rows: Vec<TagRow> = tags
        .iter()
        .zip(tag_sources)
        .enumerate()
        .filter(|(_, (c, _))| c.messages > 0)
        .map(|(i, (c, sources))| TagRow {
            tag: assignment.tag_names[i].clone(),
            messages: c.messages,
            dmarc_pass: c.pass,
            dmarc_fail: c.fail,
            patterns: c.patterns,
            sources: top_sources(sources),
        })
        .collect();
    tag_rows.sort_by(|a, b| b.messages.cmp(&a.messages).then_with(|| a.tag.cmp(&b.tag)));

    let mut day_rows: Vec<(i64, Counts)> = days.into_iter().collect();
    day_rows.sort_by_key(|(day, _)| *day);
    let days: Vec<DayRow> = day_rows
        .iter()
        .map(|&(day, c)| DayRow { date: day_date(day), messages: c.messages, dmarc_pass: c.pass, dmarc_fail: c.fail })
        .collect();

    let mut reporter_rows: Vec<ReporterRow> = reporters
        .into_iter()
        .map(|(sym, acc)| ReporterRow {
            org_name: store.strings.get(sym).to_string(),
            reports: acc.reports,
            messages: acc.messages,
            first_seen: acc.first,
            last_seen: acc.last,
        })
        .collect();
    reporter_rows.sort_by(|a, b| b.messages.cmp(&a.messages).then_with(|| a.org_name.cmp(&b.org_name)));

    for (key, untagged) in slot_keys.iter().zip(window_untagged) {
        if let Some(acc) = domains.get_mut(key) {
            acc.time.window.untagged = untagged;
        }
    }
    let mut domain_accs: Vec<(String, DomainAcc)> = domains.into_iter().collect();
    for (_, acc) in &mut domain_accs {
        acc.days.sort_unstable();
        acc.days.dedup();
    }
    domain_accs.sort_by(|a, b| b.1.counts.messages.cmp(&a.1.counts.messages).then_with(|| a.0.cmp(&b.0)));
    let domain_rows: Vec<DomainRow> = domain_accs
        .iter()
        .map(|(key, acc)| DomainRow {
            domain: key.clone(),
            reports: acc.reports,
            messages: acc.counts.messages,
            dmarc_pass: acc.counts.pass,
            dmarc_fail: acc.counts.fail,
            tagged: acc.tagged.messages,
            untagged: acc.untagged,
            policy: acc.latest.map_or(Disposition::Unknown, |(_, p)| p),
        })
        .collect();
    let history = history.finish(store, rows, &mut named_sources, &assignment.tag_names, &day_rows, &reporter_rows);
    // RFC 9989 subdomains: a seen policy domain under another seen one counts for it.
    let index_of: HashMap<&str, usize> = domain_accs.iter().enumerate().map(|(i, (k, _))| (k.as_str(), i)).collect();
    let mut subdomains: Vec<Vec<usize>> = vec![Vec::new(); domain_accs.len()];
    for (i, (key, _)) in domain_accs.iter().enumerate() {
        let mut rest = key.as_str();
        while let Some((_, parent)) = rest.split_once('.') {
            if let Some(&p) = index_of.get(parent) {
                if let Some(list) = subdomains.get_mut(p) {
                    list.push(i);
                }
            }
            rest = parent;
        }
    }
    let readiness: Vec<Readiness> = domain_accs
        .iter()
        .zip(&subdomains)
        .map(|((key, acc), subs)| {
            let mut readiness = readiness_of(key, acc, &assignment.tag_names, rules);
            let mut subs: Vec<(&str, &DomainAcc)> =
                subs.iter().filter_map(|&i| domain_accs.get(i)).map(|(k, a)| (k.as_str(), a)).collect();
            subs.sort_by(|a, b| a.0.cmp(b.0));
            let (published, changes, window) = window_of(store, acc, &subs, &periods, &assignment.tag_names, rules);
            readiness.published = published;
            readiness.policy_changes = changes;
            readiness.window = window;
            readiness
        })
        .collect();
    let receivers = receivers::receiver_notes(store, &admitted);

    let mut analysis = Analysis {
        totals,
        patterns,
        tags: tag_rows,
        spoof_suspects,
        days,
        alerts: Vec::new(),
        readiness,
        reporters: reporter_rows,
        domains: domain_rows,
        advice: pattern_advice(),
        senders,
        history,
        receivers,
    };
    analysis.alerts = alerts::evaluate(&analysis, rules);
    analysis
}

fn top_sources(mut rows: Vec<SourceRow>) -> Vec<SourceRow> {
    rows.sort_by(|a, b| b.messages.cmp(&a.messages).then_with(|| a.source_ip.cmp(&b.source_ip)));
    rows.truncate(TAG_SOURCES);
    rows
}

#[cfg(test)]
mod class_tests;
#[cfg(test)]
mod history_tests;
#[cfg(test)]
mod source_records_tests;
#[cfg(test)]
mod tests;
