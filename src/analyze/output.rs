//! What an analysis returns: the rows of every table, as the CLI's JSON and the app carry them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Alert, MailClass, PatternAdvice};
use crate::model::Disposition;
use crate::senders::Evidence;
use crate::text::{both, Key, Text};

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
    /// DMARC-fail messages by what to do about them (`class.rs`); `unknown` is possible spoofing.
    #[serde(default)]
    pub fail_classes: ClassCounts,
}

/// DMARC-fail messages per [`MailClass`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassCounts {
    pub yours: u64,
    pub forwarded: u64,
    pub service_not_set_up: u64,
    pub unknown: u64,
}

impl ClassCounts {
    #[inline]
    pub fn add(&mut self, class: MailClass, count: u64) {
        let slot = match class {
            MailClass::Yours => &mut self.yours,
            MailClass::Forwarded => &mut self.forwarded,
            MailClass::ServiceNotSetUp => &mut self.service_not_set_up,
            MailClass::Unknown => &mut self.unknown,
        };
        *slot = slot.saturating_add(count);
    }

    pub fn get(&self, class: MailClass) -> u64 {
        match class {
            MailClass::Yours => self.yours,
            MailClass::Forwarded => self.forwarded,
            MailClass::ServiceNotSetUp => self.service_not_set_up,
            MailClass::Unknown => self.unknown,
        }
    }

    pub fn add_all(&mut self, other: &ClassCounts) {
        for class in MailClass::ALL {
            self.add(class, other.get(class));
        }
    }

    /// The sum of the four, saturating.
    pub fn total(&self) -> u64 {
        MailClass::ALL.iter().fold(0u64, |sum, &c| sum.saturating_add(self.get(c)))
    }

    /// The class with most messages (the first in [`MailClass::ALL`] order on a tie), if any.
    pub fn main_class(&self) -> Option<MailClass> {
        let mut best: Option<(MailClass, u64)> = None;
        for class in MailClass::ALL {
            let n = self.get(class);
            if n > 0 && best.is_none_or(|(_, m)| n > m) {
                best = Some((class, n));
            }
        }
        best.map(|(c, _)| c)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PatternRow {
    pub pattern: u8,
    pub spf_auth: String,
    pub dkim_auth: String,
    pub messages: u64,
    pub tagged: u64,
    pub untagged: u64,
    /// The pattern's messages by what to do about them.
    #[serde(default)]
    pub classes: ClassCounts,
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
    /// Who sends from this IP, from the sender pack (`None` without one, or when nothing in it
    /// names the address).
    #[serde(default)]
    pub sender: Option<SenderInfo>,
    /// The IP's DMARC-fail messages by what to do about them (never `yours`: it is untagged).
    #[serde(default)]
    pub classes: ClassCounts,
}

/// The sender of one source IP and what named it (see `crate::senders::Senders::attribute`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SenderInfo {
    /// "Twilio SendGrid", or the network owner's name when only the network is known.
    pub name: String,
    /// The sender's type ("Marketing", "Email Provider"...); none for a network owner.
    pub kind: Option<String>,
    pub evidence: Evidence,
    /// The domain that named it: a passing check's domain, or the AS domain.
    pub domain: String,
    pub asn: Option<u32>,
    pub as_name: Option<String>,
    /// The AS's home country (ISO 3166-1 alpha-2).
    pub country: Option<String>,
}

/// Untagged sources grouped by their sender: the possible-spoofing view's first level.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SenderRow {
    /// The sender's name; `None` for the sources nothing names.
    pub name: Option<String>,
    pub kind: Option<String>,
    /// The strongest evidence among its sources.
    pub evidence: Option<Evidence>,
    /// Distinct ASNs of its sources, most messages first (at most 16).
    pub asns: Vec<u32>,
    pub countries: Vec<String>,
    /// How many source IPs.
    pub sources: u64,
    pub messages: u64,
    pub dmarc_pass: u64,
    pub dmarc_fail: u64,
    pub patterns: [u64; 4],
    pub classes: ClassCounts,
    pub first_seen: Option<i64>,
    pub last_seen: Option<i64>,
    /// Its source IPs, most messages first (at most [`SENDER_SOURCES`]).
    pub source_ips: Vec<String>,
}

/// How many source IPs a sender row lists.
pub const SENDER_SOURCES: usize = 1_000;

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
    pub(super) fn new(code: ReasonCode, needed: Option<f64>) -> Self {
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
    /// The domain's latest published record as the receivers saw it.
    #[serde(default)]
    pub published: Option<super::PublishedPolicy>,
    /// Changes of the published record over the period, oldest first.
    #[serde(default)]
    pub policy_changes: Vec<super::PolicyChange>,
    /// The verdict judged on the recent window, subdomains counted in; `None` without dated
    /// reports. The fields above judge the whole period, as they always have.
    #[serde(default)]
    pub window: Option<super::WindowReadiness>,
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
    /// Untagged sources grouped by sender, most messages first.
    #[serde(default)]
    pub senders: Vec<SenderRow>,
    /// The reports over time: daily series, new and gone sources, two periods compared.
    #[serde(default)]
    pub history: super::History,
    /// What receivers said: `policy_evaluated/reason`s grouped, most messages first.
    #[serde(default)]
    pub receivers: Vec<super::ReceiverNote>,
}
