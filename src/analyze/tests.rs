//! Analyses over small reports whose expected figures are computed by hand in the comments.

use super::*;
use crate::dates::parse_date;
use crate::ledger::load_file;
use crate::limits::Limits;
use crate::tags::{parse_net, TagRule, TagSet};

/// One record: (source ip, count, policy dkim, policy spf, auth dkim result, auth spf result,
/// disposition).
type Rec<'a> = (&'a str, u64, &'a str, &'a str, &'a str, &'a str, &'a str);

fn report_xml(org: &str, id: &str, domain: &str, p: &str, begin: i64, records: &[Rec<'_>]) -> String {
    let mut xml = format!(
        "<feedback><report_metadata><org_name>{org}</org_name><email>r@{org}</email><report_id>{id}</report_id>\
         <date_range><begin>{begin}</begin><end>{}</end></date_range></report_metadata>\
         <policy_published><domain>{domain}</domain><p>{p}</p></policy_published>",
        begin + 86_399
    );
    for (ip, count, pe_dkim, pe_spf, dkim, spf, disposition) in records {
        xml.push_str(&format!(
            "<record><row><source_ip>{ip}</source_ip><count>{count}</count><policy_evaluated>\
             <disposition>{disposition}</disposition><dkim>{pe_dkim}</dkim><spf>{pe_spf}</spf></policy_evaluated></row>\
             <identifiers><header_from>{domain}</header_from></identifiers><auth_results>"
        ));
        if !dkim.is_empty() {
            xml.push_str(&format!(
                "<dkim><domain>esp.example</domain><selector>s</selector><result>{dkim}</result></dkim>"
            ));
        }
        if !spf.is_empty() {
            xml.push_str(&format!("<spf><domain>bounce.esp.example</domain><result>{spf}</result></spf>"));
        }
        xml.push_str("</auth_results></record>");
    }
    xml.push_str("</feedback>");
    xml
}

const DAY1: i64 = 1_735_689_600; // 2025-01-01
const DAY2: i64 = DAY1 + 86_400; // 2025-01-02
const DAY3: i64 = DAY1 + 2 * 86_400; // 2025-01-03

fn store() -> Store {
    let mut store = Store::new();
    let files = [
        // Google, example.com, p=none, 2025-01-01.
        report_xml(
            "google.com",
            "g1",
            "example.com",
            "none",
            DAY1,
            &[
                ("192.0.2.10", 100, "pass", "pass", "pass", "pass", "none"), // pass, tagged relay
                ("192.0.2.11", 10, "fail", "fail", "pass", "pass", "none"),  // pattern 1, tagged relay
                ("::ffff:192.0.2.12", 5, "fail", "fail", "pass", "fail", "none"), // pattern 2, tagged relay (IPv4-mapped)
                ("198.51.100.1", 7, "fail", "fail", "fail", "pass", "quarantine"), // pattern 3, tagged ESP
                ("203.0.113.9", 20, "fail", "fail", "", "fail", "reject"),        // pattern 4, untagged
                ("::ffff:203.0.113.9", 1, "fail", "fail", "", "", "Pass"), // pattern 4, same untagged IP, odd disposition
            ],
        ),
        // Yahoo, EXAMPLE.com, p=quarantine, 2025-01-02: the domain rule for example.com applies.
        report_xml(
            "Yahoo",
            "y1",
            "EXAMPLE.com",
            "quarantine",
            DAY2,
            &[
                ("198.51.100.2", 3, "pass", "fail", "pass", "fail", "none"), // pass, tagged ESP (domain rule)
                ("2001:db8::1", 4, "fail", "fail", "fail", "fail", "none"),  // pattern 4, untagged
            ],
        ),
        // Google again, other.example, p=reject, 2025-01-03: the example.com-only rule does not apply.
        report_xml(
            "google.com",
            "g2",
            "other.example",
            "reject",
            DAY3,
            &[
                ("198.51.100.3", 2, "fail", "fail", "fail", "fail", "reject"), // pattern 4, global /24 rule
            ],
        ),
        // A copy of g1: counted once, as a duplicate.
        report_xml(
            "google.com",
            "g1",
            "example.com",
            "none",
            DAY1,
            &[("192.0.2.10", 100, "pass", "pass", "pass", "pass", "none")],
        ),
    ];
    for (i, xml) in files.iter().enumerate() {
        let result = load_file(&mut store, &format!("r{i}.xml"), xml.as_bytes(), &Limits::default());
        assert!(result.error.is_none(), "{result:?}");
    }
    store
}

fn tags() -> TagSet {
    let rule = |cidr: &str, tag: &str, domain: &str| TagRule {
        net: parse_net(cidr).unwrap(),
        tag: tag.to_string(),
        comment: String::new(),
        domain: domain.to_string(),
    };
    TagSet::new(vec![
        rule("192.0.2.0/28", "Relay", ""),
        rule("198.51.100.0/24", "Other ESP", ""),
        rule("198.51.100.0/24", "ESP", "example.com"),
    ])
}

fn run(filters: &Filters) -> Analysis {
    let store = store();
    let assignment = assign(&store, &tags());
    analyze(&store, &assignment, filters, &AlertRules::default())
}

#[test]
fn totals_patterns_and_dispositions() {
    let a = run(&Filters::default());
    let t = &a.totals;
    assert_eq!((t.reports, t.duplicate_reports, t.records), (3, 1, 9));
    // 100+10+5+7+20+1 + 3+4 + 2
    assert_eq!(t.messages, 152);
    assert_eq!((t.dmarc_pass, t.dmarc_fail), (103, 49));
    // Tagged: 100+10+5+7 (g1) + 3 (y1) + 2 (g2); untagged: 20+1+4.
    assert_eq!((t.tagged, t.untagged), (127, 25));
    let d: Vec<(&str, u64)> = t.disposition.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(d, vec![("none", 122), ("pass", 1), ("quarantine", 7), ("reject", 22)]);

    let p: Vec<(u8, &str, &str, u64, u64, u64)> = a
        .patterns
        .iter()
        .map(|p| (p.pattern, p.spf_auth.as_str(), p.dkim_auth.as_str(), p.messages, p.tagged, p.untagged))
        .collect();
    assert_eq!(
        p,
        vec![
            (1, "pass", "pass", 10, 10, 0),
            (2, "fail", "pass", 5, 5, 0),
            (3, "pass", "fail", 7, 7, 0),
            (4, "fail", "fail", 27, 2, 25)
        ]
    );
    assert_eq!(a.patterns.iter().map(|p| p.messages).sum::<u64>(), t.dmarc_fail);
}

#[test]
fn tags_with_tie_breaks_and_mapped_addresses() {
    let a = run(&Filters::default());
    let rows: Vec<(&str, u64, u64, u64, [u64; 4])> =
        a.tags.iter().map(|t| (t.tag.as_str(), t.messages, t.dmarc_pass, t.dmarc_fail, t.patterns)).collect();
    assert_eq!(
        rows,
        vec![
            ("Relay", 115, 100, 15, [10, 5, 0, 0]),
            // 198.51.100.1 (g1, example.com) and .2 (y1, EXAMPLE.com): the domain rule beats the global one.
            ("ESP", 10, 3, 7, [0, 0, 7, 0]),
            // 198.51.100.3 under other.example: only the global rule applies.
            ("Other ESP", 2, 0, 2, [0, 0, 0, 2]),
        ]
    );
    // Records per rule: Relay .10, .11, mapped .12; Other ESP only .3 (other.example); ESP .1, .2.
    let store = store();
    assert_eq!(assign(&store, &tags()).rule_hits, vec![3, 1, 2]);
    let relay_sources: Vec<&str> = a.tags[0].sources.iter().map(|s| s.source_ip.as_str()).collect();
    assert_eq!(relay_sources, vec!["192.0.2.10", "192.0.2.11", "192.0.2.12"]);
}

#[test]
fn spoof_suspects_are_untagged_ips_ranked() {
    let a = run(&Filters::default());
    let rows: Vec<(&str, u64, u64, [u64; 4])> =
        a.spoof_suspects.iter().map(|s| (s.source_ip.as_str(), s.messages, s.dmarc_fail, s.patterns)).collect();
    // ::ffff:203.0.113.9 is the same sender as 203.0.113.9.
    assert_eq!(rows, vec![("203.0.113.9", 21, 21, [0, 0, 0, 21]), ("2001:db8::1", 4, 4, [0, 0, 0, 4])]);
    let s = &a.spoof_suspects[0];
    assert_eq!(s.reporters, vec!["google.com"]);
    assert_eq!(s.header_from, vec!["example.com"]);
    assert_eq!(s.spf_domains, vec!["bounce.esp.example"]);
    // Its only check, SPF for bounce.esp.example, failed: anyone can write that domain, so it
    // names nobody.
    assert_eq!(s.sender_hint, None);
    assert_eq!((s.first_seen, s.last_seen), (Some(DAY1), Some(DAY1 + 86_399)));
}

#[test]
fn the_sender_hint_is_a_passing_check_of_a_domain_not_the_users() {
    let own = ["example.com".to_string()];
    let list = |d: &[&str]| d.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    // A verified DKIM signature comes before a passing SPF check.
    assert_eq!(
        sender_hint(&list(&["esp.example"]), &list(&["bounce.other.example"]), &own).as_deref(),
        Some("esp.example")
    );
    // The user's own domain, or one under it (any case, a final dot), names nobody: the next does.
    assert_eq!(
        sender_hint(&list(&["Example.COM.", "mail.example.com"]), &list(&["mailer.example"]), &own).as_deref(),
        Some("mailer.example")
    );
    assert_eq!(sender_hint(&list(&["example.com"]), &list(&["bounce.EXAMPLE.com"]), &own), None);
    // A name that merely ends in the same letters is someone else's.
    assert_eq!(sender_hint(&list(&["notexample.com"]), &[], &own).as_deref(), Some("notexample.com"));
    assert_eq!(sender_hint(&[], &[], &own), None);
}

#[test]
fn a_spoofer_failing_spf_for_the_users_domain_is_not_named_after_it() {
    // 198.51.100.99 signs nothing that verifies and fails SPF for esp.example's bounce domain;
    // 198.51.100.98 passes DKIM for esp.example (not aligned): esp.example sent it.
    let mut store = Store::new();
    let xml = report_xml(
        "google.com",
        "h1",
        "example.com",
        "none",
        DAY1,
        &[
            ("198.51.100.99", 9, "fail", "fail", "fail", "fail", "none"),
            ("198.51.100.98", 4, "fail", "fail", "pass", "fail", "none"),
        ],
    );
    load_file(&mut store, "h1.xml", xml.as_bytes(), &Limits::default());
    let assignment = assign(&store, &TagSet::new(Vec::new()));
    let a = analyze(&store, &assignment, &Filters::default(), &AlertRules::default());
    let hints: Vec<(&str, Option<&str>)> =
        a.spoof_suspects.iter().map(|s| (s.source_ip.as_str(), s.sender_hint.as_deref())).collect();
    assert_eq!(hints, vec![("198.51.100.99", None), ("198.51.100.98", Some("esp.example"))]);
}

#[test]
fn days_reporters_and_domains() {
    let a = run(&Filters::default());
    let days: Vec<(&str, u64, u64, u64)> =
        a.days.iter().map(|d| (d.date.as_str(), d.messages, d.dmarc_pass, d.dmarc_fail)).collect();
    assert_eq!(days, vec![("2025-01-01", 143, 100, 43), ("2025-01-02", 7, 3, 4), ("2025-01-03", 2, 0, 2)]);
    let reporters: Vec<(&str, u64, u64)> =
        a.reporters.iter().map(|r| (r.org_name.as_str(), r.reports, r.messages)).collect();
    assert_eq!(reporters, vec![("google.com", 2, 145), ("Yahoo", 1, 7)]);
    let domains: Vec<(&str, u64, &str)> =
        a.domains.iter().map(|d| (d.domain.as_str(), d.messages, d.policy.as_str())).collect();
    assert_eq!(domains, vec![("example.com", 150, "quarantine"), ("other.example", 2, "reject")]);
}

#[test]
fn filters_by_period_domain_and_policy() {
    let day = |s: &str| parse_date(s);
    let a = run(&Filters { from: day("2025-01-02"), to: day("2025-01-03"), ..Filters::default() });
    assert_eq!((a.totals.reports, a.totals.messages, a.totals.duplicate_reports), (2, 9, 0));
    let a = run(&Filters { from: day("2025-01-01"), to: day("2025-01-01"), ..Filters::default() });
    assert_eq!((a.totals.reports, a.totals.messages, a.totals.duplicate_reports), (1, 143, 1));
    let a = run(&Filters { domain: Some("Example.COM.".into()), ..Filters::default() });
    assert_eq!((a.totals.reports, a.totals.messages), (2, 150));
    let a = run(&Filters { policy: Some(Disposition::Reject), ..Filters::default() });
    assert_eq!((a.totals.reports, a.totals.messages), (1, 2));
    assert_eq!(a.tags.len(), 1);
    let a = run(&Filters {
        policy: Some(Disposition::Quarantine),
        domain: Some("other.example".into()),
        ..Filters::default()
    });
    assert_eq!((a.totals.reports, a.totals.messages), (0, 0));
    assert!(a.patterns.iter().all(|p| p.messages == 0));
}

#[test]
fn readiness_and_alerts() {
    let a = run(&Filters::default());
    let example = a.readiness.iter().find(|r| r.domain == "example.com").unwrap();
    assert_eq!(example.verdict, Verdict::NotYet);
    assert_eq!(example.next_policy, Some(Disposition::Reject));
    assert_eq!((example.tagged_messages, example.tagged_fail_messages, example.days_covered), (125, 22, 2));
    let codes: Vec<ReasonCode> = example.reasons.iter().map(|r| r.code).collect();
    assert_eq!(codes, vec![ReasonCode::ShortCoverage, ReasonCode::TaggedMailFails]);
    let risk: Vec<(&str, u8, u64)> = example.at_risk.iter().map(|r| (r.tag.as_str(), r.pattern, r.messages)).collect();
    assert_eq!(risk, vec![("Relay", 1, 10), ("ESP", 3, 7), ("Relay", 2, 5)]);
    let other = a.readiness.iter().find(|r| r.domain == "other.example").unwrap();
    assert_eq!(other.verdict, Verdict::Strictest);

    let kinds: Vec<String> =
        a.alerts.iter().map(|al| serde_json::to_value(al).unwrap()["kind"].as_str().unwrap().to_string()).collect();
    // 25 untagged failing of 152 = 16.4 % > 5 %; Relay passes 87 % < 95 %; ESP 30 %; Other ESP
    // has 2 messages (< 10, ignored); no source above 100 untagged; no pattern above 100;
    // Yahoo's last report ends a day before Google's (< 3 days).
    assert_eq!(kinds, vec!["spoofing_share", "tag_pass_rate", "tag_pass_rate"]);
    // Ids name the rule and its subject, not the figures.
    let ids: Vec<&str> = a.alerts.iter().map(|al| al.id.as_str()).collect();
    assert_eq!(ids, vec!["spoofing_share", "tag_pass_rate:Relay", "tag_pass_rate:ESP"]);
    let strict = AlertRules {
        untagged_source_messages: 20,
        pattern_messages: 26,
        reporter_silent_days: 0,
        ..AlertRules::default()
    };
    let store = store();
    let a = analyze(&store, &assign(&store, &tags()), &Filters::default(), &strict);
    let kinds: Vec<String> =
        a.alerts.iter().map(|al| serde_json::to_value(al).unwrap()["kind"].as_str().unwrap().to_string()).collect();
    assert!(kinds.contains(&"untagged_source".to_string()), "{kinds:?}");
    assert!(a.alerts.iter().any(|al| al.id == "untagged_source:203.0.113.9"), "{:?}", a.alerts);
    assert!(a.alerts.iter().any(|al| al.id == "pattern_volume:4"), "{:?}", a.alerts);
    assert!(kinds.contains(&"pattern_volume".to_string()), "{kinds:?}");
    // google.com (two reports) reported last; Yahoo sent one report, so it is not "silent".
    assert!(!kinds.contains(&"reporter_silent".to_string()), "{kinds:?}");
    // p=none is no longer the latest policy of example.com (Yahoo's later report says quarantine).
    assert!(!kinds.contains(&"policy_none".to_string()), "{kinds:?}");
}

#[test]
fn no_tags_means_everything_is_untagged() {
    let store = store();
    let a = analyze(&store, &assign(&store, &TagSet::default()), &Filters::default(), &AlertRules::default());
    assert_eq!((a.totals.tagged, a.totals.untagged), (0, 152));
    assert!(a.tags.is_empty());
    // 192.0.2.10, .11, .12, 198.51.100.1, .2, .3, 203.0.113.9 (twice, once mapped), 2001:db8::1.
    assert_eq!(a.spoof_suspects.len(), 8);
    assert!(a
        .readiness
        .iter()
        .filter(|r| r.verdict != Verdict::Strictest)
        .all(|r| r.reasons.iter().any(|x| x.code == ReasonCode::NoTaggedMail)));
}

#[test]
fn a_regular_reporter_that_stops_is_silent() {
    let mut store = Store::new();
    let day = |n: i64| DAY1 + n * 86_400;
    let rec: &[Rec<'_>] = &[("192.0.2.1", 1, "pass", "pass", "pass", "pass", "none")];
    for (org, id, begin) in
        [("Yahoo", "y1", day(0)), ("Yahoo", "y2", day(1)), ("google.com", "g1", day(0)), ("google.com", "g9", day(9))]
    {
        load_file(
            &mut store,
            id,
            report_xml(org, id, "example.com", "none", begin, rec).as_bytes(),
            &Limits::default(),
        );
    }
    let a = analyze(&store, &assign(&store, &TagSet::default()), &Filters::default(), &AlertRules::default());
    let silent: Vec<(String, u64)> = a
        .alerts
        .iter()
        .filter_map(|al| match &al.fired {
            alerts::Fired::ReporterSilent { org_name, days, .. } => Some((org_name.clone(), u64::from(*days))),
            _ => None,
        })
        .collect();
    // Yahoo's last report ends on day 1 (+86,399 s); Google's latest ends on day 9: 8 days later.
    assert_eq!(silent, vec![("Yahoo".to_string(), 8)]);
}

#[test]
fn untagged_source_alerts_name_the_biggest_and_sum_the_rest() {
    // 30 untagged sources over the threshold (101 + i messages each), one under it.
    let mut owned: Vec<(String, u64)> = (1..=30u64).map(|i| (format!("203.0.113.{i}"), 100 + i)).collect();
    owned.push(("203.0.113.200".to_string(), 100));
    let records: Vec<Rec<'_>> =
        owned.iter().map(|(ip, n)| (ip.as_str(), *n, "fail", "fail", "fail", "fail", "none")).collect();
    let mut store = Store::new();
    let xml = report_xml("google.com", "many", "example.com", "reject", DAY1, &records);
    load_file(&mut store, "many.xml", xml.as_bytes(), &Limits::default());
    let a = analyze(&store, &assign(&store, &TagSet::default()), &Filters::default(), &AlertRules::default());
    let named: Vec<&str> = a
        .alerts
        .iter()
        .filter_map(|al| match &al.fired {
            alerts::Fired::UntaggedSource { source_ip, .. } => Some(source_ip.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(named.len(), alerts::UNTAGGED_SOURCE_ALERTS);
    assert_eq!(named[0], "203.0.113.30");
    assert_eq!(named[19], "203.0.113.11");
    let more = a.alerts.iter().find(|al| al.id == "untagged_sources_more").expect("one alert for the rest");
    // Sources .1 to .10: 101 + ... + 110 messages.
    assert_eq!(more.fired, alerts::Fired::UntaggedSourcesMore { sources: 10, messages: 1055, threshold: 100 });
}

#[test]
fn alerts_group_by_rule_in_the_order_of_their_first() {
    // The month of the 28 alerts: 21 over untagged sources (20 named, the rest summed), the
    // spoofing share, four patterns, a silent reporter and a domain at p=none.
    let mut owned: Vec<(String, u64)> = (1..=25u64).map(|i| (format!("203.0.113.{i}"), 100 + i)).collect();
    owned.push(("192.0.2.10".to_string(), 200));
    let mut records: Vec<Rec<'_>> =
        owned.iter().map(|(ip, n)| (ip.as_str(), *n, "fail", "fail", "fail", "fail", "none")).collect();
    records.push(("192.0.2.11", 101, "fail", "fail", "pass", "pass", "none"));
    records.push(("192.0.2.12", 101, "fail", "fail", "pass", "fail", "none"));
    records.push(("192.0.2.13", 101, "fail", "fail", "fail", "pass", "none"));
    let mut store = Store::new();
    for (id, begin) in [("y1", DAY1), ("y2", DAY2)] {
        let xml = report_xml(
            "Yahoo",
            id,
            "example.com",
            "none",
            begin,
            &[("192.0.2.1", 1, "pass", "pass", "pass", "pass", "none")],
        );
        load_file(&mut store, id, xml.as_bytes(), &Limits::default());
    }
    let xml = report_xml("google.com", "many", "example.com", "none", DAY1 + 9 * 86_400, &records);
    load_file(&mut store, "many.xml", xml.as_bytes(), &Limits::default());
    let a = analyze(&store, &assign(&store, &TagSet::default()), &Filters::default(), &AlertRules::default());
    assert_eq!(a.alerts.len(), 28);
    let groups = group_alerts(&a.alerts);
    let kinds: Vec<(AlertKind, usize)> = groups.iter().map(|g| (g.kind, g.alerts.len())).collect();
    assert_eq!(
        kinds,
        [
            (AlertKind::SpoofingShare, 1),
            (AlertKind::UntaggedSource, 21),
            (AlertKind::PatternVolume, 4),
            (AlertKind::ReporterSilent, 1),
            (AlertKind::PolicyNone, 1),
        ]
    );
    // Every alert is in one group, once.
    let mut all: Vec<usize> = groups.iter().flat_map(|g| g.alerts.iter().copied()).collect();
    all.sort_unstable();
    assert_eq!(all, (0..28).collect::<Vec<_>>());
    let untagged = &groups[1];
    assert_eq!(untagged.severity, Severity::Warning);
    assert_eq!(untagged.subjects[0], Subject::Source("192.0.2.10".to_string()));
    assert_eq!(untagged.subjects[20], Subject::Sources);
    assert_eq!(groups[2].subjects, (1..=4).map(Subject::Pattern).collect::<Vec<_>>());
    assert_eq!(groups[3].subjects, [Subject::Reporter("Yahoo".to_string())]);
    assert_eq!(groups[4].subjects, [Subject::Domain("example.com".to_string())]);
    assert!(group_alerts(&[]).is_empty());
}

#[test]
fn a_reporter_without_name_or_address_is_called_so() {
    let mut store = Store::new();
    let rec: &[Rec<'_>] = &[("192.0.2.1", 1, "pass", "pass", "pass", "pass", "none")];
    for (org, id, begin) in [("", "n1", DAY1), ("", "n2", DAY2), ("google.com", "g9", DAY1 + 9 * 86_400)] {
        // org_name empty and an address without a domain ("r@"): nothing to name it by.
        let xml = report_xml(org, id, "example.com", "none", begin, rec);
        load_file(&mut store, id, xml.as_bytes(), &Limits::default());
    }
    let a = analyze(&store, &assign(&store, &TagSet::default()), &Filters::default(), &AlertRules::default());
    let silent = a.alerts.iter().find(|al| al.fired.kind() == AlertKind::ReporterSilent).expect("silent");
    assert_eq!(
        silent.message.en,
        "A reporter without a name has sent no report for 8 days after its last one, while others still report."
    );
    assert!(silent.message.ja.starts_with("名前のないレポート送信元"), "{}", silent.message.ja);
}

#[test]
fn last_seen_of_a_month_ending_at_midnight_is_its_last_day() {
    // November 2026 as Google writes it: begin 2026-11-01 00:00, end 2026-12-01 00:00.
    let begin = 1_793_491_200; // 2026-11-01
    let end = begin + 30 * 86_400; // 2026-12-01 00:00
    let mut store = Store::new();
    let xml = report_xml(
        "google.com",
        "nov",
        "example.com",
        "none",
        begin,
        &[("203.0.113.5", 3, "fail", "fail", "fail", "fail", "none")],
    )
    .replace(&format!("<end>{}</end>", begin + 86_399), &format!("<end>{end}</end>"));
    load_file(&mut store, "nov.xml", xml.as_bytes(), &Limits::default());
    let a = analyze(&store, &assign(&store, &TagSet::default()), &Filters::default(), &AlertRules::default());
    let date = |t: Option<i64>| t.map(crate::dates::utc_date);
    assert_eq!(date(a.reporters[0].first_seen).as_deref(), Some("2026-11-01"));
    assert_eq!(date(a.reporters[0].last_seen).as_deref(), Some("2026-11-30"));
    assert_eq!(date(a.spoof_suspects[0].last_seen).as_deref(), Some("2026-11-30"));
}

#[test]
fn a_period_from_after_to_is_reversed() {
    let check = |from: Option<&str>, to: Option<&str>, reversed: bool| {
        let filters = Filters { from: from.and_then(parse_date), to: to.and_then(parse_date), ..Filters::default() };
        assert_eq!(filters.period_reversed(), reversed, "{from:?} {to:?}");
    };
    check(Some("2026-11-02"), Some("2026-11-01"), true);
    check(Some("2026-11-01"), Some("2026-11-01"), false);
    check(Some("2026-11-01"), Some("2026-11-30"), false);
    check(Some("2026-11-02"), None, false);
    check(None, Some("2026-11-01"), false);
}
