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
//! ([`Assignment`]), not on every filter change.

mod advice;
mod alerts;
mod class;
mod mask;
mod rating;
pub mod rows;

use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;

use serde::{Deserialize, Serialize};

pub use advice::{pattern_advice, PatternAdvice, Text};
pub use alerts::{group_alerts, Alert, AlertGroup, AlertKind, AlertRules, Fired, Severity, Subject};
pub use class::{class_of, ClassFacts, MailClass};
pub use mask::{mask_ip, mask_sources, MASK_V4, MASK_V6};
pub use rating::{rating, Rating, RATING_GOOD_PERCENT, RATING_WARN_PERCENT};

use crate::dates::{day_date, utc_day};
use crate::model::{AuthResult, Disposition};
use rustc_hash::FxBuildHasher as FxBuild;

use crate::store::{Store, StoredRecord, Sym};
use crate::tags::TagSet;
use crate::text::{both, Key};

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

/// The tag of every stored record under one tag set: computed once, reused for every filter.
#[derive(Debug, Clone, Default)]
pub struct Assignment {
    /// Distinct tag names, in rule order of first appearance.
    pub tag_names: Vec<String>,
    /// Per record: 0 untagged, else 1 + index into `tag_names`.
    pub record_tag: Vec<u32>,
    /// Per rule of the tag set: how many records it tags (0: it matches nothing loaded).
    pub rule_hits: Vec<u64>,
    /// What the per-source figures need of every record, ordered by (source IP, tag), so the
    /// per-source pass of [`analyze`] reads memory in order instead of jumping to a random source
    /// for every record (which made a million records cost 200 ms in cache misses).
    pub by_source: Vec<SourceRecord>,
    /// DKIM then SPF auth domains of the untagged records, in `by_source` order, so the
    /// possible-spoofing figures read them in order too.
    /// Each untagged record's DKIM then SPF domains, with whether that check passed.
    pub auth_by_source: Vec<(Sym, bool)>,
}

/// A record's figures in source order (see [`Assignment::by_source`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct SourceRecord {
    pub count: u64,
    pub source: u32,
    pub tag: u32,
    pub report: u32,
    pub header_from: Sym,
    /// The record's index in [`Store::records`].
    pub record: u32,
    /// Untagged records: where their auth domains start in [`Assignment::auth_by_source`].
    pub auth_start: u32,
    pub n_dkim: u8,
    pub n_spf: u8,
    /// 0 when DMARC passes, else 1 + pattern index.
    pub pattern: u8,
}

/// Tags every record of `store` with `tags`, looking each (source IP, policy domain) up once.
pub fn assign(store: &Store, tags: &TagSet) -> Assignment {
    let mut tag_names: Vec<String> = Vec::new();
    let mut group_of_rule = Vec::with_capacity(tags.len());
    // By hash: a search of the names so far made 100,000 rules with distinct tags take 13 s.
    let mut group_of_name: HashMap<&str, u32, FxBuild> = HashMap::default();
    for rule in tags.rules() {
        let next = u32::try_from(tag_names.len() + 1).unwrap_or(0);
        let group = *group_of_name.entry(rule.tag.as_str()).or_insert(next);
        if group == next {
            tag_names.push(rule.tag.clone());
        }
        group_of_rule.push(group);
    }
    let mut record_tag = vec![0u32; store.records.len()];
    let mut rule_hits = vec![0u64; tags.len()];
    if !tags.is_empty() {
        // (source, domain) -> the rule that tags it, looked up once.
        let mut memo: HashMap<(u32, Sym), Option<usize>, FxBuild> = HashMap::default();
        for report in &store.reports {
            let domain_sym = report.policy_domain;
            let domain = normalise_domain(store.strings.get(domain_sym)).to_ascii_lowercase();
            let range = report.records.start as usize..report.records.end as usize;
            for (slot, record) in
                record_tag.get_mut(range.clone()).unwrap_or(&mut []).iter_mut().zip(&store.records[range])
            {
                let rule = *memo
                    .entry((record.source, domain_sym))
                    .or_insert_with(|| tags.lookup(store.source_ip(record), &domain));
                if let Some(rule) = rule {
                    *slot = group_of_rule[rule];
                    rule_hits[rule] += 1;
                }
            }
        }
    }
    let mut by_source: Vec<SourceRecord> = store
        .records
        .iter()
        .zip(&record_tag)
        .enumerate()
        .map(|(index, (record, &tag))| SourceRecord {
            count: record.count,
            source: record.source,
            tag,
            report: record.report,
            header_from: record.header_from,
            record: index as u32,
            auth_start: 0,
            n_dkim: 0,
            n_spf: 0,
            pattern: pattern_of(record).map_or(0, |p| p as u8 + 1),
        })
        .collect();
    by_source.sort_unstable_by_key(|r| (r.source, r.tag, r.record));
    let mut auth_by_source = Vec::new();
    for row in by_source.iter_mut().filter(|r| r.tag == 0) {
        let Some(record) = store.records.get(row.record as usize) else { continue };
        let (dkim, spf) = store.record_auth(record);
        row.auth_start = auth_by_source.len() as u32;
        row.n_dkim = dkim.len() as u8;
        row.n_spf = spf.len() as u8;
        auth_by_source.extend(dkim.iter().chain(spf).map(|a| (a.domain, a.result == AuthResult::Pass)));
    }
    Assignment { tag_names, record_tag, rule_hits, by_source, auth_by_source }
}

/// The pattern (0-based: 0 is pattern 1) of a DMARC-fail record, `None` when DMARC passes.
pub fn pattern_of(record: &StoredRecord) -> Option<usize> {
    if record.dmarc_pass() {
        return None;
    }
    Some(match (record.spf_authenticated(), record.dkim_authenticated()) {
        (true, true) => 0,
        (false, true) => 1,
        (true, false) => 2,
        (false, false) => 3,
    })
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    pub reports: u64,
    pub duplicate_reports: u64,
    pub records: u64,
    pub messages: u64,
    pub dmarc_pass: u64,
    pub dmarc_fail: u64,
    pub tagged: u64,
    pub untagged: u64,
    /// none, quarantine, reject always; any other value seen, lower-case; `unknown` when missing.
    pub disposition: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PatternRow {
    pub pattern: u8,
    pub spf_auth: String,
    pub dkim_auth: String,
    pub messages: u64,
    pub tagged: u64,
    pub untagged: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SourceRow {
    pub source_ip: String,
    pub messages: u64,
    pub dmarc_pass: u64,
    pub dmarc_fail: u64,
    pub patterns: [u64; 4],
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TagRow {
    pub tag: String,
    pub messages: u64,
    pub dmarc_pass: u64,
    pub dmarc_fail: u64,
    pub patterns: [u64; 4],
    /// The tag's source IPs, most messages first (at most [`TAG_SOURCES`]).
    pub sources: Vec<SourceRow>,
}

/// How many source IPs a tag row lists.
pub const TAG_SOURCES: usize = 100;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Suspect {
    pub source_ip: String,
    pub messages: u64,
    pub dmarc_pass: u64,
    pub dmarc_fail: u64,
    pub patterns: [u64; 4],
    pub header_from: Vec<String>,
    pub reporters: Vec<String>,
    pub policy_domains: Vec<String>,
    /// Epoch seconds: the earliest report begin and the last second covered by a report that saw
    /// this IP (an end at 00:00 is the second before: that report does not cover the new day).
    pub first_seen: Option<i64>,
    pub last_seen: Option<i64>,
    pub dkim_domains: Vec<String>,
    pub spf_domains: Vec<String>,
    /// Who probably sends from this IP: the domain of its most frequent DKIM signature that
    /// verified, else of its most frequent SPF check that passed; never a domain whose check
    /// failed (anyone can write any domain) nor the policy domain or one under it (passing for
    /// it says who the mail claims to be, not who sent it).
    pub sender_hint: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DayRow {
    pub date: String,
    pub messages: u64,
    pub dmarc_pass: u64,
    pub dmarc_fail: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReporterRow {
    pub org_name: String,
    pub reports: u64,
    pub messages: u64,
    pub first_seen: Option<i64>,
    pub last_seen: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DomainRow {
    pub domain: String,
    pub reports: u64,
    pub messages: u64,
    pub dmarc_pass: u64,
    pub dmarc_fail: u64,
    pub tagged: u64,
    pub untagged: u64,
    /// Published `p` of the domain's latest report.
    pub policy: Disposition,
}

/// Tagged DMARC-fail mail of one tag and pattern: what a stricter policy would have hit.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AtRisk {
    pub tag: String,
    pub pattern: u8,
    pub messages: u64,
}

/// Why a domain is not yet ready for a stricter policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    /// None of the domain's mail comes from a registered sender.
    NoTaggedMail,
    /// Reports cover fewer days than the rules ask for.
    ShortCoverage,
    /// The registered senders' mail passes DMARC less often than the rules ask for.
    TaggedMailFails,
}

/// The verdict for the next stricter policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Ready,
    NotYet,
    /// Already at reject.
    Strictest,
}

impl Verdict {
    /// The word the JSON uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ready => "ready",
            Verdict::NotYet => "not_yet",
            Verdict::Strictest => "strictest",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reason {
    pub code: ReasonCode,
    /// The threshold not met: days of reports needed, or the pass rate in percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub needed: Option<f64>,
    pub message: Text,
}

impl Reason {
    fn new(code: ReasonCode, needed: Option<f64>) -> Self {
        Reason { code, needed, message: Text::default() }
    }

    /// Both languages of the reason, from its figures alone.
    pub fn text(&self, readiness: &Readiness) -> Text {
        let (key, args) = self.words(readiness, &|n| n.to_string());
        both(key, &args)
    }

    /// The table's key for this reason and its arguments, numbers written by `number`.
    pub fn words(&self, readiness: &Readiness, number: &dyn Fn(u64) -> String) -> (Key, Vec<String>) {
        let needed = self.needed.map_or_else(String::new, |n| n.to_string());
        match self.code {
            ReasonCode::NoTaggedMail => (Key::ReasonNoTaggedMail, Vec::new()),
            ReasonCode::ShortCoverage => {
                let days = readiness.days_covered;
                let key = if days == 1 { Key::ReasonShortCoverageOneDay } else { Key::ReasonShortCoverage };
                (key, vec![number(days), needed])
            }
            ReasonCode::TaggedMailFails => {
                let share = readiness.tagged_pass_share.map_or_else(String::new, |s| format!("{:.1}", s * 100.0));
                (Key::ReasonTaggedMailFails, vec![number(readiness.tagged_fail_messages), share, needed])
            }
        }
    }
}

/// Whether a domain can move to a stricter policy, and why (not).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Readiness {
    pub domain: String,
    pub policy: Disposition,
    /// The next stricter policy: quarantine after none, reject after quarantine.
    pub next_policy: Option<Disposition>,
    pub messages: u64,
    /// Shares are fractions from 0 to 1; `None` when there is no mail to divide by.
    pub dmarc_pass_share: Option<f64>,
    pub tagged_messages: u64,
    pub tagged_pass_share: Option<f64>,
    pub tagged_fail_messages: u64,
    pub at_risk: Vec<AtRisk>,
    pub days_covered: u64,
    pub verdict: Verdict,
    pub reasons: Vec<Reason>,
}

/// One analysis of the store under a tag set and filters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub totals: Totals,
    pub patterns: Vec<PatternRow>,
    pub tags: Vec<TagRow>,
    pub spoof_suspects: Vec<Suspect>,
    pub days: Vec<DayRow>,
    pub alerts: Vec<Alert>,
    pub readiness: Vec<Readiness>,
    pub reporters: Vec<ReporterRow>,
    pub domains: Vec<DomainRow>,
    pub advice: Vec<PatternAdvice>,
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
    let own = |domain: &str| {
        let domain = domain.trim_end_matches('.');
        policy_domains.iter().any(|p| {
            let p = p.trim_end_matches('.');
            domain.eq_ignore_ascii_case(p)
                || (domain.len() > p.len()
                    && domain.as_bytes().get(domain.len() - p.len() - 1) == Some(&b'.')
                    && domain.get(domain.len() - p.len()..).is_some_and(|tail| tail.eq_ignore_ascii_case(p)))
        })
    };
    dkim_passed.iter().chain(spf_passed).find(|d| !d.is_empty() && !own(d)).cloned()
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

/// Analyses the reports of `store` admitted by `filters`. `assignment` must come from
/// [`assign`] over the same store (it is extended with "untagged" for records added since).
pub fn analyze(store: &Store, assignment: &Assignment, filters: &Filters, rules: &AlertRules) -> Analysis {
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

        let domain_key = normalise_domain(store.strings.get(report.policy_domain)).to_ascii_lowercase();
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
            let d = days.entry(day).or_default();
            add_to(&mut d.messages, report_counts.messages);
            add_to(&mut d.pass, report_counts.pass);
            add_to(&mut d.fail, report_counts.fail);
        }
    }

    for (&sym, count) in store.dispositions.iter().zip(dispositions) {
        if let Some(count) = count {
            add_to(totals.disposition.entry(store.strings.get(sym).to_string()).or_insert(0), count);
        }
    }

    let patterns: Vec<PatternRow> = (0..4)
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
            }
        })
        .collect();

    let mut tag_sources: Vec<Vec<SourceRow>> = vec![Vec::new(); assignment.tag_names.len()];
    let mut spoof_suspects: Vec<Suspect> = Vec::new();
    // Per source: one ordered pass over the records grouped by (source, tag).
    let rows = &assignment.by_source;
    let mut i = 0;
    while i < rows.len() {
        let (source, tag) = (rows[i].source, rows[i].tag);
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
                });
            }
        }
    }
    spoof_suspects.sort_by(|a, b| b.messages.cmp(&a.messages).then_with(|| a.source_ip.cmp(&b.source_ip)));

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
        .into_iter()
        .map(|(day, c)| DayRow { date: day_date(day), messages: c.messages, dmarc_pass: c.pass, dmarc_fail: c.fail })
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
    let readiness: Vec<Readiness> =
        domain_accs.iter().map(|(key, acc)| readiness_of(key, acc, &assignment.tag_names, rules)).collect();

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
    };
    analysis.alerts = alerts::evaluate(&analysis, rules);
    analysis
}

fn top_sources(mut rows: Vec<SourceRow>) -> Vec<SourceRow> {
    rows.sort_by(|a, b| b.messages.cmp(&a.messages).then_with(|| a.source_ip.cmp(&b.source_ip)));
    rows.truncate(TAG_SOURCES);
    rows
}

fn readiness_of(domain: &str, acc: &DomainAcc, tag_names: &[String], rules: &AlertRules) -> Readiness {
    let policy = acc.latest.map_or(Disposition::Unknown, |(_, p)| p);
    let next_policy = match policy {
        Disposition::None | Disposition::Unknown => Some(Disposition::Quarantine),
        Disposition::Quarantine => Some(Disposition::Reject),
        Disposition::Reject => None,
    };
    let mut at_risk: Vec<AtRisk> = Vec::new();
    for (&tag, per_pattern) in &acc.at_risk {
        for (p, &messages) in per_pattern.iter().enumerate().filter(|(_, &m)| m > 0) {
            at_risk.push(AtRisk {
                tag: tag_names.get((tag as usize).wrapping_sub(1)).cloned().unwrap_or_default(),
                pattern: p as u8 + 1,
                messages,
            });
        }
    }
    at_risk.sort_by(|a, b| b.messages.cmp(&a.messages).then_with(|| a.tag.cmp(&b.tag)).then(a.pattern.cmp(&b.pattern)));
    let days_covered = acc.days.len() as u64;
    let tagged_pass_share = share(acc.tagged.pass, acc.tagged.messages);
    let mut reasons = Vec::new();
    if acc.tagged.messages == 0 {
        reasons.push(Reason::new(ReasonCode::NoTaggedMail, None));
    }
    if days_covered < u64::from(rules.readiness_min_days) {
        reasons.push(Reason::new(ReasonCode::ShortCoverage, Some(f64::from(rules.readiness_min_days))));
    }
    if let Some(share) = tagged_pass_share {
        if share * 100.0 < rules.readiness_tagged_pass_percent {
            reasons.push(Reason::new(ReasonCode::TaggedMailFails, Some(rules.readiness_tagged_pass_percent)));
        }
    }
    let mut readiness = Readiness {
        domain: domain.to_string(),
        policy,
        next_policy,
        messages: acc.counts.messages,
        dmarc_pass_share: share(acc.counts.pass, acc.counts.messages),
        tagged_messages: acc.tagged.messages,
        tagged_pass_share,
        tagged_fail_messages: acc.tagged.fail,
        at_risk,
        days_covered,
        verdict: Verdict::NotYet,
        reasons,
    };
    readiness.verdict = if next_policy.is_none() {
        Verdict::Strictest
    } else if readiness.reasons.is_empty() {
        Verdict::Ready
    } else {
        Verdict::NotYet
    };
    let texts: Vec<Text> = readiness.reasons.iter().map(|r| r.text(&readiness)).collect();
    for (reason, text) in readiness.reasons.iter_mut().zip(texts) {
        reason.message = text;
    }
    readiness
}

#[cfg(test)]
mod tests;
