//! Registering senders from the senders view ("Register as", one sender or several selected):
//! the rules a sender's addresses make, added without doubling a rule already in force, and what
//! the registration changed once the analysis with the new rules is on screen.

use std::sync::Arc;

use dmarc_lens::tags::{networks_covering, TagRule};

use super::{AnalysisView, SenderDraft};

/// Senders registered from the senders view, and the analysis on screen when they were: the
/// note compares it with the analysis that has their rules.
#[derive(Debug, Clone)]
pub struct Registered {
    pub names: Vec<String>,
    pub networks: usize,
    pub before: Option<Arc<AnalysisView>>,
}

/// What registering changed, in messages: before and after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegisterChange {
    pub yours: (u64, u64),
    pub unknown: (u64, u64),
    pub service_not_set_up: (u64, u64),
}

impl Registered {
    /// The change once the analysis with the new rules is on screen; `None` while it is on its way.
    pub fn change(&self, now: Option<&Arc<AnalysisView>>) -> Option<RegisterChange> {
        let now = now?;
        let before = self.before.as_ref();
        if before.is_some_and(|b| Arc::ptr_eq(b, now)) {
            return None;
        }
        let zero = dmarc_lens::analyze::Totals::default();
        let was = before.map_or(&zero, |b| &b.analysis.totals);
        let is = &now.analysis.totals;
        Some(RegisterChange {
            yours: (was.tagged, is.tagged),
            unknown: (was.fail_classes.unknown, is.fail_classes.unknown),
            service_not_set_up: (was.fail_classes.service_not_set_up, is.fail_classes.service_not_set_up),
        })
    }
}

/// The rules registering `draft` makes: one per network covering its addresses, tagged with the
/// sender's name and commented with the evidence.
pub fn sender_rules(draft: &SenderDraft) -> Vec<TagRule> {
    networks_covering(&draft.source_ips, draft.widen)
        .into_iter()
        .map(|net| TagRule { net, tag: draft.name.clone(), comment: draft.comment.clone(), domain: String::new() })
        .collect()
}

/// Adds the rules not already in force (same network, tag and domain); says how many it added.
pub fn add_new(rules: &mut Vec<TagRule>, new: impl IntoIterator<Item = TagRule>) -> usize {
    let mut added = 0;
    for rule in new {
        if !rules.iter().any(|r| r.net == rule.net && r.tag == rule.tag && r.domain == rule.domain) {
            rules.push(rule);
            added += 1;
        }
    }
    added
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(name: &str, ips: &[&str], widen: bool) -> SenderDraft {
        SenderDraft {
            name: name.into(),
            source_ips: ips.iter().map(|s| s.to_string()).collect(),
            widen,
            comment: format!("{name} seen"),
        }
    }

    #[test]
    fn a_senders_rules_cover_its_addresses_under_its_name() {
        let rules = sender_rules(&draft("SendGrid", &["167.89.0.4", "167.89.0.5", "::ffff:167.89.0.9"], false));
        let nets: Vec<String> = rules.iter().map(|r| r.net.to_string()).collect();
        assert_eq!(nets, ["167.89.0.4/31", "167.89.0.9/32"]);
        assert!(rules.iter().all(|r| r.tag == "SendGrid" && r.comment == "SendGrid seen" && r.domain.is_empty()));
        let wide = sender_rules(&draft("SendGrid", &["167.89.0.4", "167.89.1.5"], true));
        let nets: Vec<String> = wide.iter().map(|r| r.net.to_string()).collect();
        // Two neighbouring /24s are one /23.
        assert_eq!(nets, ["167.89.0.0/23"]);
    }

    #[test]
    fn registering_twice_adds_nothing_the_second_time() {
        let mut rules = Vec::new();
        let d = draft("Amazon SES", &["54.240.0.1", "54.240.0.2"], false);
        assert_eq!(add_new(&mut rules, sender_rules(&d)), 2);
        assert_eq!(add_new(&mut rules, sender_rules(&d)), 0);
        assert_eq!(rules.len(), 2);
        // The same network under another tag is another rule.
        assert_eq!(add_new(&mut rules, sender_rules(&SenderDraft { name: "SES".into(), ..d })), 2);
    }

    fn view(tagged: u64, unknown: u64, service: u64) -> Arc<AnalysisView> {
        use dmarc_lens::analyze::{analyze, assign, AlertRules, Filters};
        let store = dmarc_lens::store::Store::new();
        let assignment = assign(&store, &dmarc_lens::tags::TagSet::new(Vec::new()));
        let mut analysis = analyze(&store, &assignment, &Filters::default(), &AlertRules::default());
        analysis.totals.tagged = tagged;
        analysis.totals.fail_classes.unknown = unknown;
        analysis.totals.fail_classes.service_not_set_up = service;
        Arc::new(AnalysisView { analysis, suspects_total: 0, reporters_total: 0, domains_total: 0 })
    }

    #[test]
    fn the_change_waits_for_the_analysis_with_the_new_rules() {
        let before = view(100, 40, 20);
        let registered = Registered { names: vec!["SendGrid".into()], networks: 2, before: Some(before.clone()) };
        assert_eq!(registered.change(Some(&before)), None);
        assert_eq!(registered.change(None), None);
        let after = view(124, 30, 6);
        assert_eq!(
            registered.change(Some(&after)),
            Some(RegisterChange { yours: (100, 124), unknown: (40, 30), service_not_set_up: (20, 6) })
        );
    }
}
