//! Alerts over an analysis, each with the data that fired it. Thresholds come from
//! [`AlertRules`]; every one has a default and can be set from a rules file.
//!
//! One file: each rule's evaluation and its words read together; a rule added is added in one
//! place. How alerts are grouped for a person to read is `alert_groups.rs`.

use serde::{Deserialize, Serialize};

use super::{share, Analysis, Text};
use crate::text::{both, Key};

/// Alert thresholds. A rules file is JSON with any of these fields; missing ones keep defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AlertRules {
    /// An untagged source IP sending more than this many messages.
    pub untagged_source_messages: u64,
    /// Possible spoofing (DMARC-fail mail of the unknown class, `class.rs`) above this share of all
    /// mail, in percent.
    pub spoofing_share_percent: f64,
    /// A tag whose DMARC pass rate is below this, in percent...
    pub tag_pass_rate_percent: f64,
    /// ...counting only tags with at least this many messages.
    pub tag_min_messages: u64,
    /// A failure pattern with more than this many messages.
    pub pattern_messages: u64,
    /// A reporter with no report for this many days after its last one while others continue.
    pub reporter_silent_days: u32,
    /// Policy readiness: days of reports needed.
    pub readiness_min_days: u32,
    /// Policy readiness: DMARC pass rate of tagged mail needed, in percent.
    pub readiness_tagged_pass_percent: f64,
    /// The recent window readiness, "new" and "gone" are judged on: this many UTC days ending
    /// at the latest report day (the CLI's `--window`).
    pub window_days: u32,
    /// Readiness on the window: distinct reporters needed.
    pub readiness_min_reporters: u32,
    /// Readiness on the window: messages needed.
    pub readiness_min_messages: u64,
    /// A new untagged source (first seen in the window) with at least this many DMARC-fail
    /// messages in it.
    pub new_sender_messages: u64,
    /// A tag whose DMARC-fail share in the window reached this, in percent, after a period
    /// before it with almost none (at most [`OWN_FAILING_BEFORE_PERCENT`]).
    pub own_failing_percent: f64,
}

/// "Almost none": a tag's fail share before the window at most this, in percent, for "own
/// mail started failing".
pub const OWN_FAILING_BEFORE_PERCENT: f64 = 1.0;

impl Default for AlertRules {
    fn default() -> Self {
        AlertRules {
            untagged_source_messages: 100,
            spoofing_share_percent: 5.0,
            tag_pass_rate_percent: 95.0,
            tag_min_messages: 10,
            pattern_messages: 100,
            reporter_silent_days: 3,
            readiness_min_days: 14,
            readiness_tagged_pass_percent: 98.0,
            window_days: 14,
            readiness_min_reporters: 2,
            readiness_min_messages: 100,
            new_sender_messages: 10,
            own_failing_percent: 5.0,
        }
    }
}

/// Untagged sources named in an alert each, the biggest first; the rest share one alert. A
/// spoofing campaign can bring thousands of sources, and a thousand alerts say less than one.
pub const UNTAGGED_SOURCE_ALERTS: usize = 20;

/// What fired, with its data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fired {
    UntaggedSource {
        source_ip: String,
        messages: u64,
        threshold: u64,
    },
    /// Untagged sources over the threshold beyond the [`UNTAGGED_SOURCE_ALERTS`] named one by one.
    UntaggedSourcesMore {
        sources: u64,
        messages: u64,
        threshold: u64,
    },
    SpoofingShare {
        messages: u64,
        total: u64,
        percent: f64,
        threshold: f64,
    },
    TagPassRate {
        tag: String,
        messages: u64,
        dmarc_pass: u64,
        percent: f64,
        threshold: f64,
    },
    PatternVolume {
        pattern: u8,
        messages: u64,
        threshold: u64,
    },
    ReporterSilent {
        org_name: String,
        last_seen: i64,
        latest_from_others: i64,
        days: u32,
    },
    PolicyNone {
        domain: String,
        messages: u64,
    },
    /// An untagged source first seen in the window (with reports before it) sending
    /// DMARC-failing mail as you: `since` is the UTC day of its first report.
    NewSender {
        source_ip: String,
        since: String,
        messages: u64,
        threshold: u64,
    },
    /// A tag that failed almost never before the window and fails now, since the UTC day of its
    /// first failing mail in the window.
    OwnMailFailing {
        tag: String,
        since: String,
        messages: u64,
        percent: f64,
        previous_percent: f64,
        threshold: f64,
    },
}

/// How much an alert matters, most first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Critical,
    Warning,
    Info,
}

impl Severity {
    /// The word the JSON uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    pub severity: Severity,
    /// What the alert is about, the same from one analysis to the next while the same thing
    /// fires (the rule and its subject, not the figures): `untagged_source:203.0.113.9`. The app
    /// tells alerts new since a person's previous visit by it.
    pub id: String,
    pub message: Text,
    #[serde(flatten)]
    pub fired: Fired,
}

impl Fired {
    /// The rule and its subject: see [`Alert::id`].
    pub fn id(&self) -> String {
        match self {
            Fired::UntaggedSource { source_ip, .. } => format!("untagged_source:{source_ip}"),
            Fired::UntaggedSourcesMore { .. } => "untagged_sources_more".to_string(),
            Fired::SpoofingShare { .. } => "spoofing_share".to_string(),
            Fired::TagPassRate { tag, .. } => format!("tag_pass_rate:{tag}"),
            Fired::PatternVolume { pattern, .. } => format!("pattern_volume:{pattern}"),
            Fired::ReporterSilent { org_name, .. } => format!("reporter_silent:{org_name}"),
            Fired::PolicyNone { domain, .. } => format!("policy_none:{domain}"),
            Fired::NewSender { source_ip, .. } => format!("new_sender:{source_ip}"),
            Fired::OwnMailFailing { tag, .. } => format!("own_mail_failing:{tag}"),
        }
    }
}

impl Fired {
    /// What the alert says, in English and Japanese, from its data alone: a share link carries
    /// only the data, so an opened link cannot put words of its own in an alert.
    pub fn text(&self) -> Text {
        let (key, args) = self.words(&|n| n.to_string());
        both(key, &args)
    }

    /// The table's key for this alert and its arguments, numbers written by `number` (the CLI
    /// writes them plain, the app as its cards do), percents with one decimal.
    pub fn words(&self, number: &dyn Fn(u64) -> String) -> (Key, Vec<String>) {
        let percent = |p: &f64| format!("{p:.1}");
        match self {
            Fired::UntaggedSource { source_ip, messages, .. } => {
                (Key::AlertUntaggedSource, vec![source_ip.clone(), number(*messages)])
            }
            Fired::UntaggedSourcesMore { sources, messages, threshold } => {
                (Key::AlertUntaggedSourcesMore, vec![number(*sources), number(*messages), number(*threshold)])
            }
            Fired::SpoofingShare { messages, percent: p, .. } => {
                (Key::AlertSpoofingShare, vec![percent(p), number(*messages)])
            }
            Fired::TagPassRate { tag, messages, percent: p, .. } => {
                (Key::AlertTagPassRate, vec![tag.clone(), percent(p), number(*messages)])
            }
            Fired::PatternVolume { pattern, messages, .. } => {
                (Key::AlertPatternVolume, vec![pattern.to_string(), number(*messages)])
            }
            // A report may leave both its org_name and its address empty: then there is no name
            // to give, and the sentence says so rather than starting with a blank.
            Fired::ReporterSilent { org_name, days, .. } => {
                let key =
                    if org_name.trim().is_empty() { Key::AlertReporterSilentUnnamed } else { Key::AlertReporterSilent };
                (key, vec![org_name.clone(), number(u64::from(*days))])
            }
            Fired::PolicyNone { domain, .. } => (Key::AlertPolicyNone, vec![domain.clone()]),
            Fired::NewSender { source_ip, since, messages, .. } => {
                (Key::AlertNewSender, vec![source_ip.clone(), since.clone(), number(*messages)])
            }
            Fired::OwnMailFailing { tag, since, percent: p, previous_percent, .. } => {
                (Key::AlertOwnMailFailing, vec![tag.clone(), since.clone(), percent(p), percent(previous_percent)])
            }
        }
    }
}

fn alert(severity: Severity, fired: Fired) -> Alert {
    Alert { severity, id: fired.id(), message: fired.text(), fired }
}

/// Evaluates every rule over a finished analysis; most severe first, in a stable order.
pub(super) fn evaluate(a: &Analysis, rules: &AlertRules) -> Vec<Alert> {
    let mut alerts = Vec::new();
    let total = a.totals.messages;

    // Possible spoofing as every screen counts it: failing mail of the unknown class.
    let spoofing = a.totals.fail_classes.unknown;
    if let Some(s) = share(spoofing, total) {
        let percent = s * 100.0;
        if percent > rules.spoofing_share_percent {
            alerts.push(alert(
                Severity::Critical,
                Fired::SpoofingShare { messages: spoofing, total, percent, threshold: rules.spoofing_share_percent },
            ));
        }
    }
    // Suspects come most messages first, so those over the threshold are a prefix.
    let over = a.spoof_suspects.iter().take_while(|s| s.messages > rules.untagged_source_messages).count();
    for suspect in &a.spoof_suspects[..over.min(UNTAGGED_SOURCE_ALERTS)] {
        alerts.push(alert(
            if suspect.dmarc_fail > 0 { Severity::Warning } else { Severity::Info },
            Fired::UntaggedSource {
                source_ip: suspect.source_ip.clone(),
                messages: suspect.messages,
                threshold: rules.untagged_source_messages,
            },
        ));
    }
    if over > UNTAGGED_SOURCE_ALERTS {
        let rest = &a.spoof_suspects[UNTAGGED_SOURCE_ALERTS..over];
        let (sources, messages) = (rest.len() as u64, rest.iter().map(|s| s.messages).fold(0, u64::saturating_add));
        let threshold = rules.untagged_source_messages;
        alerts.push(alert(Severity::Warning, Fired::UntaggedSourcesMore { sources, messages, threshold }));
    }
    for tag in &a.tags {
        if tag.messages < rules.tag_min_messages {
            continue;
        }
        let percent = tag.dmarc_pass as f64 * 100.0 / tag.messages as f64;
        if percent < rules.tag_pass_rate_percent {
            alerts.push(alert(
                Severity::Warning,
                Fired::TagPassRate {
                    tag: tag.tag.clone(),
                    messages: tag.messages,
                    dmarc_pass: tag.dmarc_pass,
                    percent,
                    threshold: rules.tag_pass_rate_percent,
                },
            ));
        }
    }
    for pattern in &a.patterns {
        if pattern.messages > rules.pattern_messages {
            alerts.push(alert(
                Severity::Warning,
                Fired::PatternVolume {
                    pattern: pattern.pattern,
                    messages: pattern.messages,
                    threshold: rules.pattern_messages,
                },
            ));
        }
    }
    let silence = i64::from(rules.reporter_silent_days) * 86_400;
    // The latest report of any other reporter is the latest of all, or, for the reporter that
    // sent it, the second latest: two maxima found once, where a search per reporter made
    // 50,000 reporters take seconds on every filter change.
    let mut latest: [Option<(i64, &str)>; 2] = [None, None];
    for reporter in &a.reporters {
        let Some(last) = reporter.last_seen else { continue };
        let entry = Some((last, reporter.org_name.as_str()));
        if latest[0].is_none_or(|(l, _)| last > l) {
            latest = [entry, latest[0]];
        } else if latest[1].is_none_or(|(l, _)| last > l) {
            latest[1] = entry;
        }
    }
    // Only reporters that report regularly (two reports or more) can be said to fall silent;
    // a receiver that sent one report is not expected to send another.
    for reporter in a.reporters.iter().filter(|r| r.reports >= 2) {
        let Some(last) = reporter.last_seen else { continue };
        // Reporter rows are one per name, so "another reporter" is one with another name.
        let others = match latest {
            [Some((_, name)), second] if name == reporter.org_name => second.map(|(l, _)| l),
            [first, _] => first.map(|(l, _)| l),
        };
        if let Some(latest) = others {
            let gap = latest.saturating_sub(last);
            if gap > silence {
                let days = u32::try_from(gap / 86_400).unwrap_or(u32::MAX);
                alerts.push(alert(
                    Severity::Info,
                    Fired::ReporterSilent {
                        org_name: reporter.org_name.clone(),
                        last_seen: last,
                        latest_from_others: latest,
                        days,
                    },
                ));
            }
        }
    }
    for domain in &a.domains {
        if domain.policy == crate::model::Disposition::None {
            alerts.push(alert(
                Severity::Info,
                Fired::PolicyNone { domain: domain.domain.clone(), messages: domain.messages },
            ));
        }
    }
    history_alerts(a, rules, &mut alerts);
    alerts.sort_by_key(|a| a.severity);
    alerts
}

/// The rules over time: a new sender started sending as you, own mail started failing.
fn history_alerts(a: &Analysis, rules: &AlertRules, alerts: &mut Vec<Alert>) {
    let history = &a.history;
    // New sources come most window failures first, so those over the threshold are a prefix.
    let new_senders = history
        .new_sources
        .iter()
        .filter(|s| s.tag.is_none() && s.window_dmarc_fail > 0)
        .take_while(|s| s.window_dmarc_fail >= rules.new_sender_messages)
        .take(UNTAGGED_SOURCE_ALERTS);
    for source in new_senders {
        alerts.push(alert(
            Severity::Warning,
            Fired::NewSender {
                source_ip: source.source_ip.clone(),
                since: source.first_seen.clone(),
                messages: source.window_dmarc_fail,
                threshold: rules.new_sender_messages,
            },
        ));
    }
    let (Some(comparison), Some(window)) = (&history.comparison, &history.window) else { return };
    for tag in &comparison.tags {
        let (now, before) = (&tag.current, &tag.previous);
        if now.messages < rules.tag_min_messages.max(1) || before.messages < rules.tag_min_messages.max(1) {
            continue;
        }
        let percent = now.dmarc_fail as f64 * 100.0 / now.messages as f64;
        let previous_percent = before.dmarc_fail as f64 * 100.0 / before.messages as f64;
        if percent < rules.own_failing_percent || previous_percent > OWN_FAILING_BEFORE_PERCENT {
            continue;
        }
        let since = history
            .tags
            .iter()
            .find(|t| t.tag == tag.tag)
            .and_then(|t| t.days.iter().find(|d| d.date >= window.from && d.dmarc_fail > 0))
            .map_or_else(|| window.from.clone(), |d| d.date.clone());
        alerts.push(alert(
            Severity::Critical,
            Fired::OwnMailFailing {
                tag: tag.tag.clone(),
                since,
                messages: now.dmarc_fail,
                percent,
                previous_percent,
                threshold: rules.own_failing_percent,
            },
        ));
    }
}
