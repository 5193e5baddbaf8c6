//! What the history, the readiness window and the receivers' words return: the rows the CLI's
//! JSON and the app carry beside the analysis's tables. Every field here is an addition: the
//! tables of `output.rs` stay as they were.

use serde::{Deserialize, Serialize};

use super::Verdict;
use crate::model::{Alignment, Disposition};

/// A run of UTC days, both ends inclusive, as `YYYY-MM-DD`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub from: String,
    pub to: String,
    pub days: u32,
}

/// One day's mail of a tag, a source or the whole.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryDay {
    pub date: String,
    pub messages: u64,
    pub dmarc_pass: u64,
    pub dmarc_fail: u64,
}

/// A tag's mail day by day (days with mail only).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagHistory {
    pub tag: String,
    pub days: Vec<HistoryDay>,
}

/// A failure pattern's DMARC-fail messages day by day (days with some only).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatternHistory {
    pub pattern: u8,
    pub days: Vec<PatternDay>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatternDay {
    pub date: String,
    pub messages: u64,
}

/// One source (an address under one tag, or untagged) over the analysed reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceHistory {
    pub source_ip: String,
    /// The known-sender tag; `None` for an untagged source.
    pub tag: Option<String>,
    /// UTC days of the first and the last report that saw it.
    pub first_seen: String,
    pub last_seen: String,
    pub messages: u64,
    pub dmarc_fail: u64,
    /// Its mail in the window.
    pub window_messages: u64,
    pub window_dmarc_fail: u64,
    /// Day by day, for the [`TOP_SOURCES`] sources with most mail only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub days: Vec<HistoryDay>,
}

/// A named sender's unregistered mail over time: its sources' together.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SenderHistory {
    pub name: String,
    pub sources: u64,
    pub first_seen: String,
    pub last_seen: String,
    pub messages: u64,
    pub dmarc_fail: u64,
    pub window_messages: u64,
    pub window_dmarc_fail: u64,
    pub days: Vec<HistoryDay>,
}

/// A reporter seen before the window and silent in it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoneReporter {
    pub org_name: String,
    pub first_seen: String,
    pub last_seen: String,
}

/// Figures of one period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodCounts {
    pub messages: u64,
    pub dmarc_pass: u64,
    pub dmarc_fail: u64,
    /// DMARC-fail messages per pattern 1 to 4.
    pub patterns: [u64; 4],
}

/// One tag in the two periods.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagComparison {
    pub tag: String,
    pub previous: PeriodCounts,
    pub current: PeriodCounts,
}

/// One figure that changed between the periods.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// `total`, `tag` or `pattern`.
    pub table: String,
    /// The tag's name, the pattern's number; empty for the total.
    pub key: String,
    /// `messages` or `dmarc_fail`.
    pub measure: String,
    pub previous: u64,
    pub current: u64,
    /// `current - previous`, saturating.
    pub change: i64,
}

/// The window against the period of the same length just before it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    pub current_period: Period,
    pub previous_period: Period,
    pub current: PeriodCounts,
    pub previous: PeriodCounts,
    /// Tags with mail in either period, most messages (both periods) first.
    pub tags: Vec<TagComparison>,
    /// Every figure that changed, the largest absolute change first (at most [`MAX_CHANGES`]).
    pub changes: Vec<Change>,
}

/// The analysed reports over time. Empty when no admitted report has a date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    /// The recent window readiness and "new" are judged on: the last `window_days` UTC days
    /// ending at the latest report day.
    pub window: Option<Period>,
    /// The admitted reports' first and last day.
    pub period: Option<Period>,
    /// Tags' daily series, most messages first (at most [`MAX_HISTORY_TAGS`]).
    pub tags: Vec<TagHistory>,
    pub patterns: Vec<PatternHistory>,
    /// The sources with most mail, with their daily series (at most [`TOP_SOURCES`]).
    pub top_sources: Vec<SourceHistory>,
    /// Sources first seen in the window by a reporter that reported before it: most DMARC-fail
    /// mail first (at most [`MAX_LISTED_SOURCES`]; `new_sources_total` counts them all).
    pub new_sources: Vec<SourceHistory>,
    pub new_sources_total: u64,
    /// Sources seen before the window and silent in it while a reporter that saw them still
    /// reports, most messages first.
    pub gone_sources: Vec<SourceHistory>,
    pub gone_sources_total: u64,
    /// Reporters with reports before the window and none in it, most messages first (at most
    /// [`MAX_LISTED_SOURCES`]; `gone_reporters_total` counts them all).
    pub gone_reporters: Vec<GoneReporter>,
    pub gone_reporters_total: u64,
    /// `None` when no report falls before the window.
    pub comparison: Option<Comparison>,
    /// The named senders of unregistered mail with most messages, with their daily series (at
    /// most [`MAX_HISTORY_SENDERS`]); empty without a sender pack.
    #[serde(default)]
    pub senders: Vec<SenderHistory>,
}

/// How many named senders get a daily series.
pub const MAX_HISTORY_SENDERS: usize = 20;

/// How many sources get a daily series.
pub const TOP_SOURCES: usize = 50;
/// How many new or gone sources are listed.
pub const MAX_LISTED_SOURCES: usize = 500;
/// How many tags get a daily series.
pub const MAX_HISTORY_TAGS: usize = 100;
/// How many changes a comparison lists.
pub const MAX_CHANGES: usize = 50;

/// A domain's DMARC record as the receivers saw it (`policy_published`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedPolicy {
    pub p: Disposition,
    pub sp: Option<Disposition>,
    pub np: Option<Disposition>,
    pub pct: Option<u8>,
    /// RFC 9989 `t`: `true` for `t=y`.
    pub t: Option<bool>,
    /// Whether the policy is in testing: `t=y`, or, without `t`, `pct` below 100 (RFC 9989
    /// replaced `pct` by `t`; `pct=100` or none reads as `t=n`).
    pub testing: bool,
    pub adkim: Option<Alignment>,
    pub aspf: Option<Alignment>,
    pub fo: Option<String>,
    pub discovery_method: Option<String>,
}

/// The published policy changing between two reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyChange {
    /// The UTC day of the first report with the new record.
    pub date: String,
    pub old: PublishedPolicy,
    pub new: PublishedPolicy,
}

/// The next stricter step: a `p`, and whether in testing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyStep {
    pub p: Disposition,
    pub testing: bool,
}

/// Why the window is not enough to call a domain ready.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WindowReasonCode {
    NoTaggedMail,
    /// Fewer days with reports in the window than needed.
    ShortCoverage,
    /// Fewer reporters in the window than needed.
    FewReporters,
    /// Fewer messages in the window than needed.
    LittleMail,
    /// Registered senders' mail passes less often than needed.
    TaggedMailFails,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WindowReason {
    pub code: WindowReasonCode,
    /// What the window has, and what is needed (days, reporters, messages, or a pass percent).
    pub have: f64,
    pub needed: f64,
}

/// The tagged failing mail of the last day any failed, before own mail passed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LastFailure {
    pub date: String,
    pub at_risk: Vec<super::AtRisk>,
}

/// Readiness judged on the recent window, with the domain's subdomains counted in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WindowReadiness {
    pub window: Period,
    /// The next step from the latest published policy; `None` at reject outside testing.
    pub next: Option<PolicyStep>,
    pub verdict: Verdict,
    pub reasons: Vec<WindowReason>,
    pub days_covered: u64,
    pub reporters: u64,
    pub messages: u64,
    pub dmarc_fail_messages: u64,
    pub tagged_messages: u64,
    pub tagged_fail_messages: u64,
    pub tagged_pass_share: Option<f64>,
    /// Untagged DMARC-fail mail the next step would also hit (spoofing, or own mail not
    /// registered yet).
    pub untagged_fail_messages: u64,
    /// What the next step would quarantine or reject of the registered senders, per tag and
    /// pattern, in the window.
    pub at_risk: Vec<super::AtRisk>,
    /// Mail counted in from subdomains: records whose header From is under the domain (governed
    /// by `sp`), and reports of seen policy domains under it.
    pub subdomain_messages: u64,
    /// The seen policy domains under this one, counted in: the first
    /// `MAX_LISTED_SUBDOMAINS` by name, and how many there are.
    pub subdomains: Vec<String>,
    pub subdomains_total: u64,
    /// The policy subdomain mail gets: `sp`, else `p`.
    pub subdomain_policy: Disposition,
    /// The day after the last day with tagged DMARC-fail mail (over the analysed period): own
    /// mail has passed 100 % since. `None` while it still fails on the latest day.
    pub own_pass_since: Option<String>,
    pub last_failure: Option<LastFailure>,
    /// `untagged_fail_messages` by class: forwarded, services not set up, unknown (possible
    /// spoofing); `yours` is always 0 here.
    #[serde(default)]
    pub untagged_classes: super::ClassCounts,
    /// The named senders among them, most messages first (at most [`WINDOW_SENDERS`]): the
    /// services a stricter policy would hit, to register or set up first.
    #[serde(default)]
    pub untagged_senders: Vec<WindowSender>,
}

/// A named sender's DMARC-fail mail in the window, not registered.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WindowSender {
    pub name: String,
    pub kind: Option<String>,
    pub messages: u64,
    pub classes: super::ClassCounts,
}

/// How many named senders a window lists.
pub const WINDOW_SENDERS: usize = 10;

/// Receivers' `policy_evaluated/reason`s, grouped by type and comment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReceiverNote {
    /// `forwarded`, `sampled_out`, `trusted_forwarder`, `mailing_list`, `local_policy`,
    /// `other`, or `unknown`.
    pub reason_type: String,
    pub comment: String,
    /// A known comment format read: who wrote it and what it says, as codes.
    pub decoded: Option<ReceiverCode>,
    pub messages: u64,
    pub records: u64,
    pub sources: u64,
    /// Its source addresses, most messages first (at most [`NOTE_SOURCES`]).
    pub source_ips: Vec<String>,
    pub reporters: Vec<String>,
}

/// How many addresses a receiver note lists.
pub const NOTE_SOURCES: usize = 20;
/// How many receiver notes an analysis lists.
pub const MAX_NOTES: usize = 200;

/// A receiver comment in a known format.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiverCode {
    /// `gmail`, `microsoft` or `arc` (an `arc=pass`-style result list any receiver writes).
    pub format: String,
    /// The enhanced status code (`5.7.26`), when the comment gives one.
    pub status: Option<String>,
    /// What it means, as a code: `unauthenticated`, `spf_failed`, `dkim_failed`,
    /// `from_not_aligned`, `no_ptr`, `no_tls`, `unsolicited_rate`, `authentication_level`,
    /// `arc_pass`, `arc_fail`, or `other`.
    pub meaning: String,
}
