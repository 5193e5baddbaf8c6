//! Whether a domain is ready for a stricter policy: the verdict and its reasons from one
//! domain's figures and the rules' thresholds; and, beside it, the same judged on the recent
//! window (`window_of`), with the published record as receivers saw it and its changes, and
//! RFC 9989's `t` (with `pct` read as it) and subdomains counted for their parent.

use std::collections::HashMap;

use rustc_hash::FxBuildHasher as FxBuild;

use super::timeline::Periods;
use super::{
    add_to, share, AlertRules, AtRisk, ClassCounts, Counts, DomainAcc, LastFailure, PolicyChange, PolicyStep,
    PublishedPolicy, Readiness, Reason, ReasonCode, SenderInfo, Text, Verdict, WindowReadiness, WindowReason,
    WindowReasonCode, WindowSender, WINDOW_SENDERS,
};
use crate::dates::{day_date, utc_day};
use crate::model::{Alignment, Disposition};
use crate::store::{Store, StoredReport, Sym};

pub(super) fn readiness_of(domain: &str, acc: &DomainAcc, tag_names: &[String], rules: &AlertRules) -> Readiness {
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
        published: None,
        policy_changes: Vec::new(),
        window: None,
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

/// The published record of one report, compact: what [`PublishedPolicy`] shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct PolicyKey {
    p: Disposition,
    sp: Option<Disposition>,
    np: Option<Disposition>,
    pct: Option<u8>,
    t: Option<bool>,
    adkim: Option<Alignment>,
    aspf: Option<Alignment>,
    fo: Sym,
    discovery_method: Sym,
}

impl PolicyKey {
    fn of(report: &StoredReport) -> Self {
        PolicyKey {
            p: report.p,
            sp: report.sp,
            np: report.np,
            pct: report.pct,
            t: report.testing,
            adkim: report.adkim,
            aspf: report.aspf,
            fo: report.fo,
            discovery_method: report.discovery_method,
        }
    }

    fn published(&self, store: &Store) -> PublishedPolicy {
        let text = |sym: Sym| (sym != Sym(0)).then(|| store.strings.get(sym).to_string());
        PublishedPolicy {
            p: self.p,
            sp: self.sp,
            np: self.np,
            pct: self.pct,
            t: self.t,
            testing: testing(self.t, self.pct),
            adkim: self.adkim,
            aspf: self.aspf,
            fo: text(self.fo),
            discovery_method: text(self.discovery_method),
        }
    }
}

/// RFC 9989: `t=y` is testing; without `t`, RFC 7489's `pct` below 100 is read as testing
/// (`pct=50` and `t=y` read the same), `pct=100` or none as `t=n`.
pub fn testing(t: Option<bool>, pct: Option<u8>) -> bool {
    t.unwrap_or_else(|| pct.is_some_and(|pct| pct < 100))
}

/// The next stricter step after `p` (testing or not): out of testing first, then none →
/// quarantine → reject. `None` at reject outside testing.
pub fn next_step(p: Disposition, testing: bool) -> Option<PolicyStep> {
    match p {
        Disposition::None | Disposition::Unknown => Some(PolicyStep { p: Disposition::Quarantine, testing: false }),
        _ if testing => Some(PolicyStep { p, testing: false }),
        Disposition::Quarantine => Some(PolicyStep { p: Disposition::Reject, testing: false }),
        Disposition::Reject => None,
    }
}

/// One domain's untagged DMARC-fail mail in the window, by class, and the named senders of it.
#[derive(Default, Clone)]
pub(super) struct WindowUntagged {
    classes: ClassCounts,
    /// (name, kind, classes) per named source; merged by name when the window is judged.
    senders: Vec<(String, Option<String>, ClassCounts)>,
}

impl WindowUntagged {
    pub(super) fn add(&mut self, sender: Option<&SenderInfo>, split: &ClassCounts) {
        self.classes.add_all(split);
        if let Some(sender) = sender {
            self.senders.push((sender.name.clone(), sender.kind.clone(), *split));
        }
    }

    fn merge(&mut self, other: &WindowUntagged) {
        self.classes.add_all(&other.classes);
        self.senders.extend(other.senders.iter().cloned());
    }

    /// The named senders, one row each, most messages first.
    fn rows(mut self) -> Vec<WindowSender> {
        self.senders.sort_by(|a, b| a.0.cmp(&b.0));
        let mut rows: Vec<WindowSender> = Vec::new();
        for (name, kind, classes) in self.senders {
            match rows.last_mut() {
                Some(row) if row.name == name => row.classes.add_all(&classes),
                _ => rows.push(WindowSender { name, kind, messages: 0, classes }),
            }
        }
        for row in &mut rows {
            row.messages = row.classes.total();
        }
        rows.sort_by(|a, b| b.messages.cmp(&a.messages).then_with(|| a.name.cmp(&b.name)));
        rows.truncate(WINDOW_SENDERS);
        rows
    }
}

/// One domain's figures in the window; the subdomains' are merged in later.
#[derive(Default, Clone)]
pub(super) struct WindowAcc {
    counts: Counts,
    tagged: Counts,
    untagged_fail: u64,
    at_risk: HashMap<u32, [u64; 4], FxBuild>,
    days: Vec<i64>,
    reporters: Vec<Sym>,
    subdomain: u64,
    pub(super) untagged: WindowUntagged,
}

impl WindowAcc {
    pub(super) fn add_tag(&mut self, tag: u32, c: &Counts) {
        if tag == 0 {
            add_to(&mut self.untagged_fail, c.fail);
            return;
        }
        self.tagged.merge(c);
        if c.fail > 0 {
            let risk = self.at_risk.entry(tag).or_default();
            for (a, b) in risk.iter_mut().zip(c.patterns) {
                add_to(a, b);
            }
        }
    }

    pub(super) fn add_report(&mut self, report: &StoredReport, day: i64, c: &Counts, from_subdomains: u64) {
        self.counts.merge(c);
        self.days.push(day);
        self.reporters.push(report.reporter);
        add_to(&mut self.subdomain, from_subdomains);
    }

    /// A subdomain's window counted in this one's.
    fn merge_subdomain(&mut self, other: &WindowAcc) {
        self.counts.merge(&other.counts);
        self.tagged.merge(&other.tagged);
        add_to(&mut self.untagged_fail, other.untagged_fail);
        for (&tag, risk) in &other.at_risk {
            let mine = self.at_risk.entry(tag).or_default();
            for (a, &b) in mine.iter_mut().zip(risk) {
                add_to(a, b);
            }
        }
        self.days.extend_from_slice(&other.days);
        self.reporters.extend_from_slice(&other.reporters);
        add_to(&mut self.subdomain, other.counts.messages);
        self.untagged.merge(&other.untagged);
    }
}

/// Failing messages per tag and pattern, few tags each.
type TagPatterns = Vec<(u32, [u64; 4])>;

/// A domain over time: its window, its published records, its last failing day.
#[derive(Default)]
pub(super) struct DomainTime {
    pub(super) window: WindowAcc,
    /// (report begin, record) per admitted report.
    policies: Vec<(i64, PolicyKey)>,
    /// The last day with tagged DMARC-fail mail, and that day's failing mail per tag.
    last_fail: Option<(i64, TagPatterns)>,
    first_day: Option<i64>,
}

impl DomainTime {
    pub(super) fn note_fail(&mut self, day: i64, tag: u32, patterns: &[u64; 4]) {
        match &mut self.last_fail {
            Some((last, _)) if *last > day => {}
            Some((last, tags)) if *last == day => match tags.iter_mut().find(|(t, _)| *t == tag) {
                Some((_, risk)) => {
                    for (a, &b) in risk.iter_mut().zip(patterns) {
                        add_to(a, b);
                    }
                }
                None => tags.push((tag, *patterns)),
            },
            _ => self.last_fail = Some((day, vec![(tag, *patterns)])),
        }
    }

    pub(super) fn add_report(&mut self, report: &StoredReport, day: i64) {
        if let Some(begin) = report.begin {
            self.policies.push((begin, PolicyKey::of(report)));
            self.first_day = Some(self.first_day.map_or(day, |d| d.min(day)));
        }
    }
}

fn at_risk_rows(per_tag: impl Iterator<Item = (u32, [u64; 4])>, tag_names: &[String]) -> Vec<AtRisk> {
    let mut rows: Vec<AtRisk> = Vec::new();
    for (tag, per_pattern) in per_tag {
        for (p, &messages) in per_pattern.iter().enumerate().filter(|(_, &m)| m > 0) {
            rows.push(AtRisk {
                tag: tag_names.get((tag as usize).wrapping_sub(1)).cloned().unwrap_or_default(),
                pattern: p as u8 + 1,
                messages,
            });
        }
    }
    rows.sort_by(|a, b| b.messages.cmp(&a.messages).then_with(|| a.tag.cmp(&b.tag)).then(a.pattern.cmp(&b.pattern)));
    rows
}

/// The readiness additions of one domain: its latest published record, the changes of it, and
/// the verdict on the window with `subdomains` (the accumulators of seen policy domains under
/// it, by name) counted in.
pub(super) fn window_of(
    store: &Store,
    acc: &DomainAcc,
    subdomains: &[(&str, &DomainAcc)],
    periods: &Periods,
    tag_names: &[String],
    rules: &AlertRules,
) -> (Option<PublishedPolicy>, Vec<PolicyChange>, Option<WindowReadiness>) {
    let time = &acc.time;
    let mut policies = time.policies.clone();
    policies.sort_unstable_by_key(|&(begin, _)| begin);
    let mut changes = Vec::new();
    for pair in policies.windows(2) {
        if let [(_, old), (begin, new)] = pair {
            if old != new && changes.len() < MAX_POLICY_CHANGES {
                changes.push(PolicyChange {
                    date: day_date(utc_day(*begin)),
                    old: old.published(store),
                    new: new.published(store),
                });
            }
        }
    }
    let Some(&(_, latest)) = policies.last() else { return (None, changes, None) };
    let published = latest.published(store);
    let Some(window) = periods.window() else { return (Some(published), changes, None) };

    let mut w = time.window.clone();
    for (_, sub) in subdomains {
        w.merge_subdomain(&sub.time.window);
    }
    w.days.sort_unstable();
    w.days.dedup();
    w.reporters.sort_unstable();
    w.reporters.dedup();
    let next = next_step(published.p, published.testing);
    let tagged_pass_share = share(w.tagged.pass, w.tagged.messages);
    let min_days = f64::from(rules.readiness_min_days.min(window.days));
    let mut reasons = Vec::new();
    let mut need = |code, have: f64, needed: f64| {
        if have < needed {
            reasons.push(WindowReason { code, have, needed });
        }
    };
    need(WindowReasonCode::NoTaggedMail, w.tagged.messages.min(1) as f64, 1.0);
    need(WindowReasonCode::ShortCoverage, w.days.len() as f64, min_days);
    need(WindowReasonCode::FewReporters, w.reporters.len() as f64, f64::from(rules.readiness_min_reporters));
    need(WindowReasonCode::LittleMail, w.counts.messages as f64, rules.readiness_min_messages as f64);
    if let Some(s) = tagged_pass_share {
        need(WindowReasonCode::TaggedMailFails, s * 100.0, rules.readiness_tagged_pass_percent);
    }
    let verdict = match (next, reasons.is_empty()) {
        (None, _) => Verdict::Strictest,
        (Some(_), true) => Verdict::Ready,
        (Some(_), false) => Verdict::NotYet,
    };
    // Own mail passes from the day after its last failing day, over the whole period (the
    // subdomains' failures count too); the first day of reports when it never failed.
    let mut last_fail = time.last_fail.clone();
    for (_, sub) in subdomains {
        match (&mut last_fail, &sub.time.last_fail) {
            (_, None) => {}
            (Some((day, tags)), Some((sub_day, sub_tags))) if *day == *sub_day => tags.extend_from_slice(sub_tags),
            (Some((day, _)), Some((sub_day, _))) if *day > *sub_day => {}
            (slot, Some(sub)) => *slot = Some(sub.clone()),
        }
    }
    let latest_day = periods.span.map_or(i64::MIN, |(_, last)| last);
    let first_day = subdomains.iter().filter_map(|(_, s)| s.time.first_day).chain(time.first_day).min();
    let own_pass_since = match &last_fail {
        Some((day, _)) if *day >= latest_day => None,
        Some((day, _)) => Some(day_date(day + 1)),
        None if w.tagged.messages > 0 => first_day.map(day_date),
        None => None,
    };
    let last_failure = last_fail
        .map(|(day, tags)| LastFailure { date: day_date(day), at_risk: at_risk_rows(tags.into_iter(), tag_names) });
    let window_readiness = WindowReadiness {
        window,
        next,
        verdict,
        reasons,
        days_covered: w.days.len() as u64,
        reporters: w.reporters.len() as u64,
        messages: w.counts.messages,
        dmarc_fail_messages: w.counts.fail,
        tagged_messages: w.tagged.messages,
        tagged_fail_messages: w.tagged.fail,
        tagged_pass_share,
        untagged_fail_messages: w.untagged_fail,
        at_risk: at_risk_rows(w.at_risk.iter().map(|(&t, &r)| (t, r)), tag_names),
        subdomain_messages: w.subdomain,
        subdomains: subdomains.iter().take(MAX_LISTED_SUBDOMAINS).map(|(name, _)| name.to_string()).collect(),
        subdomains_total: subdomains.len() as u64,
        subdomain_policy: published.sp.unwrap_or(published.p),
        own_pass_since,
        last_failure,
        untagged_classes: w.untagged.classes,
        untagged_senders: std::mem::take(&mut w.untagged).rows(),
    };
    (Some(published), changes, Some(window_readiness))
}

/// How many changes of the published record a domain lists.
pub const MAX_POLICY_CHANGES: usize = 20;
/// How many of the seen policy domains under a domain its window names (all are counted).
pub const MAX_LISTED_SUBDOMAINS: usize = 16;
