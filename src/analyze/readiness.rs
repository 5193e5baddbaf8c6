//! Whether a domain is ready for a stricter policy: the verdict and its reasons from one
//! domain's figures and the rules' thresholds.

use super::{share, AlertRules, AtRisk, DomainAcc, Readiness, Reason, ReasonCode, Text, Verdict};
use crate::model::Disposition;

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
