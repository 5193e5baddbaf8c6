//! Checks what an opened share link carries before any of it reaches a screen. A link is input
//! from anyone: every date must be a date, every address an address, every share a share, every
//! text of a bounded length, every vocabulary one of its words, and no table longer than a link
//! this module makes can hold. Alert and readiness texts are made again from their data, so a
//! link cannot put words of its own in them. What fails is [`ShareError::Damaged`], naming the field.

use std::net::IpAddr;

use ipnet::IpNet;

use super::{ShareError, Shared};
use crate::analyze::{Alert, ClassCounts, Fired, Readiness, SenderInfo, SourceRow, Text};
use crate::dates::{epoch_in_range, parse_date};
use crate::limits::{MAX_FIELD_BYTES, MAX_FREE_TEXT_BYTES};

/// Tags a link may carry: more than any person registers, few enough to paint at once.
pub const MAX_SHARED_TAGS: usize = 1_000;
/// Distinct dispositions a link may name.
const MAX_DISPOSITIONS: usize = 100;
/// Names listed per possible-spoofing source (the analysis keeps at most 16).
const MAX_LIST: usize = 16;
/// Reasons per readiness verdict (the analysis gives at most three).
const MAX_REASONS: usize = 8;

type Check = Result<(), String>;

fn fail<T>(field: &str, why: impl std::fmt::Display) -> Result<T, String> {
    Err(format!("{field} {why}"))
}

fn text(field: &str, value: &str, limit: usize) -> Check {
    if value.len() > limit {
        return fail(field, format_args!("is longer than {limit} bytes"));
    }
    Ok(())
}

fn name(field: &str, value: &str) -> Check {
    text(field, value, MAX_FIELD_BYTES)
}

fn epoch(field: &str, value: Option<i64>) -> Check {
    match value {
        Some(v) if !epoch_in_range(v) => fail(field, format_args!("{v} is not a time between 1970 and 9999")),
        _ => Ok(()),
    }
}

fn date(field: &str, value: &str) -> Check {
    match parse_date(value) {
        Some(_) => Ok(()),
        None => fail(field, format_args!("{:?} is not a date", value.get(..40).unwrap_or(value))),
    }
}

fn one_of(field: &str, value: &str, words: &[&str]) -> Check {
    if words.contains(&value) {
        return Ok(());
    }
    fail(field, format_args!("{:?} is none of {}", value.get(..40).unwrap_or(value), words.join(", ")))
}

/// A share from 0 to 1, or a percent from 0 to 100.
fn fraction(field: &str, value: f64, max: f64) -> Check {
    if !(0.0..=max).contains(&value) {
        return fail(field, format_args!("{value} is not between 0 and {max}"));
    }
    Ok(())
}

/// The parts of a figure cannot be more than the whole.
fn parts(field: &str, whole: u64, parts: &[u64]) -> Check {
    if parts.iter().any(|&p| p > whole) {
        return fail(field, "has a part larger than its whole");
    }
    Ok(())
}

/// An address, or a network once masked.
fn source(field: &str, value: &str) -> Check {
    if value.parse::<IpAddr>().is_ok() || value.parse::<IpNet>().is_ok() {
        return Ok(());
    }
    fail(field, format_args!("{:?} is not an address", value.get(..60).unwrap_or(value)))
}

fn source_row(field: &str, row: &SourceRow) -> Check {
    source(field, &row.source_ip)?;
    parts(field, row.messages, &[row.dmarc_pass, row.dmarc_fail])?;
    parts(field, row.dmarc_fail, &row.patterns)
}

/// Failing mail split by class: no more than the failing mail it splits.
fn classes(field: &str, whole: u64, split: &ClassCounts) -> Check {
    if split.total() > whole {
        return fail(field, "split more messages than there are");
    }
    Ok(())
}

fn country(field: &str, code: &str) -> Check {
    if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        return Ok(());
    }
    fail(field, format_args!("{:?} is not a country code", code.get(..8).unwrap_or(code)))
}

fn sender_info(field: &str, s: &SenderInfo) -> Check {
    name(field, &s.name)?;
    name(field, &s.domain)?;
    for item in [&s.kind, &s.as_name].into_iter().flatten() {
        name(field, item)?;
    }
    if let Some(c) = &s.country {
        country(field, c)?;
    }
    Ok(())
}

fn alert_data(field: &str, alert: &Alert) -> Check {
    match &alert.fired {
        Fired::UntaggedSource { source_ip, .. } => source(field, source_ip),
        Fired::UntaggedSourcesMore { .. } | Fired::PatternVolume { .. } => Ok(()),
        Fired::SpoofingShare { messages, total, percent, threshold } => {
            parts(field, *total, &[*messages])?;
            fraction(field, *percent, 100.0)?;
            fraction(field, *threshold, 100.0)
        }
        Fired::TagPassRate { tag, messages, dmarc_pass, percent, threshold } => {
            name(field, tag)?;
            parts(field, *messages, &[*dmarc_pass])?;
            fraction(field, *percent, 100.0)?;
            fraction(field, *threshold, 100.0)
        }
        Fired::ReporterSilent { org_name, last_seen, latest_from_others, .. } => {
            name(field, org_name)?;
            epoch(field, Some(*last_seen))?;
            epoch(field, Some(*latest_from_others))
        }
        Fired::PolicyNone { domain, .. } => name(field, domain),
        Fired::NewSender { source_ip, since, .. } => {
            source(field, source_ip)?;
            date(field, since)
        }
        Fired::OwnMailFailing { tag, since, percent, previous_percent, threshold, .. } => {
            name(field, tag)?;
            date(field, since)?;
            fraction(field, *percent, 100.0)?;
            fraction(field, *previous_percent, 100.0)?;
            fraction(field, *threshold, 100.0)
        }
    }
}

fn readiness(field: &str, r: &Readiness) -> Check {
    name(field, &r.domain)?;
    for share in [r.dmarc_pass_share, r.tagged_pass_share].into_iter().flatten() {
        fraction(field, share, 1.0)?;
    }
    parts(field, r.messages, &[r.tagged_messages])?;
    parts(field, r.tagged_messages, &[r.tagged_fail_messages])?;
    for risk in &r.at_risk {
        name(field, &risk.tag)?;
        if !(1..=4).contains(&risk.pattern) {
            return fail(field, "names a pattern other than 1 to 4");
        }
    }
    if r.reasons.len() > MAX_REASONS {
        return fail(field, "has too many reasons");
    }
    for reason in &r.reasons {
        let Text { en, ja } = &reason.message;
        text(field, en, MAX_FREE_TEXT_BYTES)?;
        text(field, ja, MAX_FREE_TEXT_BYTES)?;
    }
    if r.policy_changes.len() > crate::analyze::MAX_POLICY_CHANGES {
        return fail(field, "has too many policy changes");
    }
    let published = r.published.iter().chain(r.policy_changes.iter().flat_map(|c| [&c.old, &c.new]));
    for policy in published {
        for item in [&policy.fo, &policy.discovery_method].into_iter().flatten() {
            name(field, item)?;
        }
    }
    for change in &r.policy_changes {
        date(field, &change.date)?;
    }
    if let Some(w) = &r.window {
        date(field, &w.window.from)?;
        date(field, &w.window.to)?;
        for day in w.own_pass_since.iter().chain(w.last_failure.as_ref().map(|l| &l.date)) {
            date(field, day)?;
        }
        if let Some(share) = w.tagged_pass_share {
            fraction(field, share, 1.0)?;
        }
        parts(field, w.messages, &[w.tagged_messages, w.dmarc_fail_messages, w.subdomain_messages])?;
        parts(field, w.tagged_messages, &[w.tagged_fail_messages])?;
        if w.reasons.len() > MAX_REASONS || w.subdomains.len() > MAX_LIST {
            return fail(field, "has too many window reasons or subdomains");
        }
        for sub in &w.subdomains {
            name(field, sub)?;
        }
        parts(field, w.untagged_fail_messages, &[w.untagged_classes.total()])?;
        if w.untagged_senders.len() > crate::analyze::WINDOW_SENDERS {
            return fail(field, "has too many window senders");
        }
        for sender in &w.untagged_senders {
            name(field, &sender.name)?;
            if let Some(kind) = &sender.kind {
                name(field, kind)?;
            }
        }
        let risks = w.at_risk.iter().chain(w.last_failure.iter().flat_map(|l| &l.at_risk));
        for risk in risks {
            name(field, &risk.tag)?;
            if !(1..=4).contains(&risk.pattern) {
                return fail(field, "names a pattern other than 1 to 4");
            }
        }
    }
    Ok(())
}

/// Checks `shared` in place: what no link made by DMARC Lens holds is an error; alert texts are
/// made again from their data.
pub(super) fn check(shared: &mut Shared) -> Result<(), ShareError> {
    check_fields(shared).map_err(ShareError::Damaged)?;
    for alert in &mut shared.analysis.alerts {
        alert.id = alert.fired.id();
        alert.message = alert.fired.text();
    }
    for readiness in &mut shared.analysis.readiness {
        let texts: Vec<Text> = readiness.reasons.iter().map(|r| r.text(readiness)).collect();
        for (reason, text) in readiness.reasons.iter_mut().zip(texts) {
            reason.message = text;
        }
    }
    Ok(())
}

fn check_fields(shared: &Shared) -> Check {
    if shared.made != 0 {
        epoch("made", Some(shared.made))?;
    }
    let f = &shared.filters;
    for (field, value) in [("filters.from", &f.from), ("filters.to", &f.to)] {
        if let Some(value) = value {
            date(field, value)?;
        }
    }
    if let Some(domain) = &f.domain {
        name("filters.domain", domain)?;
    }
    if let Some(policy) = &f.policy {
        one_of("filters.policy", policy, &["none", "quarantine", "reject"])?;
    }
    let a = &shared.analysis;
    let t = &a.totals;
    parts("totals", t.messages, &[t.dmarc_pass, t.dmarc_fail, t.tagged, t.untagged])?;
    classes("totals.fail_classes", t.dmarc_fail, &t.fail_classes)?;
    if t.disposition.len() > MAX_DISPOSITIONS {
        return fail("totals.disposition", "names too many dispositions");
    }
    for key in t.disposition.keys() {
        name("totals.disposition", key)?;
    }
    if a.patterns.len() != 4 {
        return fail("patterns", "are not the four patterns");
    }
    for (i, p) in a.patterns.iter().enumerate() {
        if usize::from(p.pattern) != i + 1 {
            return fail("patterns", "are not the four patterns in order");
        }
        one_of("patterns.spf_auth", &p.spf_auth, &["pass", "fail"])?;
        one_of("patterns.dkim_auth", &p.dkim_auth, &["pass", "fail"])?;
        parts("patterns", p.messages, &[p.tagged, p.untagged])?;
        classes("patterns.classes", p.messages, &p.classes)?;
    }
    if a.tags.len() > MAX_SHARED_TAGS {
        return fail("tags", format_args!("are more than {MAX_SHARED_TAGS}"));
    }
    for tag in &a.tags {
        name("tags.tag", &tag.tag)?;
        parts("tags", tag.messages, &[tag.dmarc_pass, tag.dmarc_fail])?;
        for row in &tag.sources {
            source_row("tags.sources", row)?;
        }
    }
    if shared.cut.tag_sources.len() > MAX_SHARED_TAGS {
        return fail("cut.tag_sources", format_args!("are more than {MAX_SHARED_TAGS}"));
    }
    for s in &a.spoof_suspects {
        source("spoof_suspects.source_ip", &s.source_ip)?;
        parts("spoof_suspects", s.messages, &[s.dmarc_pass, s.dmarc_fail])?;
        parts("spoof_suspects", s.dmarc_fail, &s.patterns)?;
        for list in [&s.header_from, &s.reporters, &s.policy_domains, &s.dkim_domains, &s.spf_domains] {
            if list.len() > MAX_LIST {
                return fail("spoof_suspects", "lists too many names");
            }
            for item in list {
                name("spoof_suspects", item)?;
            }
        }
        epoch("spoof_suspects.first_seen", s.first_seen)?;
        epoch("spoof_suspects.last_seen", s.last_seen)?;
        if let Some(hint) = &s.sender_hint {
            name("spoof_suspects.sender_hint", hint)?;
        }
        if let Some(sender) = &s.sender {
            sender_info("spoof_suspects.sender", sender)?;
        }
        classes("spoof_suspects.classes", s.dmarc_fail, &s.classes)?;
    }
    if a.senders.len() > a.spoof_suspects.len().max(1) {
        return fail("senders", "are more than the sources they group");
    }
    for row in &a.senders {
        if let Some(n) = &row.name {
            name("senders.name", n)?;
        }
        if let Some(kind) = &row.kind {
            name("senders.kind", kind)?;
        }
        if row.asns.len() > MAX_LIST || row.countries.len() > MAX_LIST {
            return fail("senders", "lists too many networks");
        }
        for c in &row.countries {
            country("senders.countries", c)?;
        }
        parts("senders", row.messages, &[row.dmarc_pass, row.dmarc_fail])?;
        parts("senders", row.dmarc_fail, &row.patterns)?;
        classes("senders.classes", row.dmarc_fail, &row.classes)?;
        parts("senders.source_ips", row.sources, &[row.source_ips.len() as u64])?;
        for ip in &row.source_ips {
            source("senders.source_ips", ip)?;
        }
        epoch("senders.first_seen", row.first_seen)?;
        epoch("senders.last_seen", row.last_seen)?;
    }
    for d in &a.days {
        date("days.date", &d.date)?;
        parts("days", d.messages, &[d.dmarc_pass, d.dmarc_fail])?;
    }
    for alert in &a.alerts {
        alert_data("alerts", alert)?;
    }
    for r in &a.readiness {
        readiness("readiness", r)?;
    }
    for r in &a.reporters {
        name("reporters.org_name", &r.org_name)?;
        epoch("reporters.first_seen", r.first_seen)?;
        epoch("reporters.last_seen", r.last_seen)?;
    }
    for d in &a.domains {
        name("domains.domain", &d.domain)?;
        parts("domains", d.messages, &[d.dmarc_pass, d.dmarc_fail, d.tagged, d.untagged])?;
    }
    Ok(())
}
