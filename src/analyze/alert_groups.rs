//! Alerts grouped by the rule that fired them, each with the subject a person looks at next:
//! what the overview shows (the CLI's JSON keeps the flat list).

use serde::{Deserialize, Serialize};

use super::{Alert, Fired, Severity};

/// The rule that fired an alert: alerts of one rule are shown together, with their count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    /// Unregistered sources over the threshold, named one by one or summed.
    UntaggedSource,
    SpoofingShare,
    TagPassRate,
    PatternVolume,
    ReporterSilent,
    PolicyNone,
    /// An untagged source new in the window failing DMARC as you.
    NewSender,
    /// A registered sender that started failing.
    OwnMailFailing,
}

impl AlertKind {
    /// The word the app's test hooks use.
    pub fn as_str(self) -> &'static str {
        match self {
            AlertKind::UntaggedSource => "untagged_source",
            AlertKind::SpoofingShare => "spoofing_share",
            AlertKind::TagPassRate => "tag_pass_rate",
            AlertKind::PatternVolume => "pattern_volume",
            AlertKind::ReporterSilent => "reporter_silent",
            AlertKind::PolicyNone => "policy_none",
            AlertKind::NewSender => "new_sender",
            AlertKind::OwnMailFailing => "own_mail_failing",
        }
    }

    /// Whether a threshold of [`AlertRules`] decides when this rule fires (every rule but a
    /// published p=none, which is a fact, not a figure over a threshold).
    pub fn has_threshold(self) -> bool {
        !matches!(self, AlertKind::PolicyNone)
    }
}

/// What an alert is about: the row of a table where a person looks next.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "table", content = "key", rename_all = "snake_case")]
pub enum Subject {
    /// A possible-spoofing source, by its address.
    Source(String),
    /// The possible-spoofing sources as a whole (their share, or those beyond the named ones).
    Sources,
    /// A known-sender tag.
    Tag(String),
    /// A failure pattern, 1 to 4.
    Pattern(u8),
    /// A reporter, by the name its row has (empty when the report gave none).
    Reporter(String),
    /// A policy domain.
    Domain(String),
}

impl Fired {
    /// The rule that fired.
    pub fn kind(&self) -> AlertKind {
        match self {
            Fired::UntaggedSource { .. } | Fired::UntaggedSourcesMore { .. } => AlertKind::UntaggedSource,
            Fired::SpoofingShare { .. } => AlertKind::SpoofingShare,
            Fired::TagPassRate { .. } => AlertKind::TagPassRate,
            Fired::PatternVolume { .. } => AlertKind::PatternVolume,
            Fired::ReporterSilent { .. } => AlertKind::ReporterSilent,
            Fired::PolicyNone { .. } => AlertKind::PolicyNone,
            Fired::NewSender { .. } => AlertKind::NewSender,
            Fired::OwnMailFailing { .. } => AlertKind::OwnMailFailing,
        }
    }

    /// What the alert is about.
    pub fn subject(&self) -> Subject {
        match self {
            Fired::UntaggedSource { source_ip, .. } => Subject::Source(source_ip.clone()),
            Fired::UntaggedSourcesMore { .. } | Fired::SpoofingShare { .. } => Subject::Sources,
            Fired::TagPassRate { tag, .. } => Subject::Tag(tag.clone()),
            Fired::PatternVolume { pattern, .. } => Subject::Pattern(*pattern),
            Fired::ReporterSilent { org_name, .. } => Subject::Reporter(org_name.clone()),
            Fired::PolicyNone { domain, .. } => Subject::Domain(domain.clone()),
            Fired::NewSender { source_ip, .. } => Subject::Source(source_ip.clone()),
            Fired::OwnMailFailing { tag, .. } => Subject::Tag(tag.clone()),
        }
    }
}

/// The alerts of one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertGroup {
    pub kind: AlertKind,
    /// The most severe of its alerts.
    pub severity: Severity,
    /// Its alerts, as indices into the slice given to [`group_alerts`], in that slice's order.
    pub alerts: Vec<usize>,
    /// What each of those alerts is about, in the same order.
    pub subjects: Vec<Subject>,
}

/// The alerts grouped by the rule that fired them: a month with twenty unregistered sources
/// over the threshold reads as one group of twenty, not twenty lines among the others. Groups
/// come in the order of their first alert (the alerts come most severe first), each keeping
/// its alerts in the order given. The JSON's `alerts` array stays one entry per alert.
pub fn group_alerts(alerts: &[Alert]) -> Vec<AlertGroup> {
    let mut groups: Vec<AlertGroup> = Vec::new();
    for (index, alert) in alerts.iter().enumerate() {
        let kind = alert.fired.kind();
        let subject = alert.fired.subject();
        match groups.iter_mut().find(|g| g.kind == kind) {
            Some(group) => {
                group.severity = group.severity.min(alert.severity);
                group.alerts.push(index);
                group.subjects.push(subject);
            }
            None => {
                groups.push(AlertGroup { kind, severity: alert.severity, alerts: vec![index], subjects: vec![subject] })
            }
        }
    }
    groups
}
