//! Readiness over time, the history, the two periods compared, RFC 9989's `t` and subdomains,
//! and what receivers said, over generated months whose figures are worked out by hand in the
//! comments.

use super::*;
use crate::dates::days_from_civil;
use crate::model::*;
use crate::tags::{TagRule, TagSet};

/// How a record fares: DMARC pass, or failing in pattern 1 to 4.
#[derive(Clone, Copy)]
enum Fate {
    Pass,
    P1,
    P3,
    P4,
}

fn record(ip: &str, count: u64, fate: Fate, header_from: &str) -> Record {
    let (pe, dkim, spf) = match fate {
        Fate::Pass => (DmarcResult::Pass, AuthResult::Pass, AuthResult::Pass),
        Fate::P1 => (DmarcResult::Fail, AuthResult::Pass, AuthResult::Pass),
        Fate::P3 => (DmarcResult::Fail, AuthResult::Fail, AuthResult::Pass),
        Fate::P4 => (DmarcResult::Fail, AuthResult::Fail, AuthResult::Fail),
    };
    Record {
        row: Row {
            source_ip: ip.parse().unwrap(),
            count,
            policy_evaluated: PolicyEvaluated { dkim: pe, spf: pe, ..Default::default() },
        },
        identifiers: Identifiers { header_from: header_from.into(), ..Default::default() },
        auth_results: AuthResults {
            dkim: vec![DkimAuthResult {
                domain: "esp.example".into(),
                selector: None,
                result: dkim,
                human_result: None,
            }],
            spf: vec![SpfAuthResult { domain: "esp.example".into(), scope: None, result: spf, human_result: None }],
        },
    }
}

/// The UTC midnight of 2026-11-`day`.
fn nov(day: u32) -> i64 {
    days_from_civil(2026, 11, day) * 86_400
}

fn report(org: &str, domain: &str, day: u32, policy: PolicyPublished, records: Vec<Record>) -> Report {
    Report {
        version: None,
        metadata: ReportMetadata {
            org_name: org.into(),
            email: format!("dmarc@{org}"),
            report_id: format!("{org}-{domain}-{day}"),
            date_range: Some(DateRange { begin: nov(day), end: nov(day) + 86_399 }),
            ..Default::default()
        },
        policy_published: PolicyPublished { domain: domain.into(), ..policy },
        records,
    }
}

fn policy(p: Disposition) -> PolicyPublished {
    PolicyPublished { p, ..Default::default() }
}

/// "Newsletter" is 192.0.2.0/24; everything else is untagged.
fn run(reports: &[Report], rules: &AlertRules) -> Analysis {
    let mut store = Store::new();
    for r in reports {
        store.add(r);
    }
    let tags = TagSet::new(vec![TagRule {
        net: "192.0.2.0/24".parse().unwrap(),
        tag: "Newsletter".into(),
        comment: String::new(),
        domain: String::new(),
    }]);
    let assignment = assign(&store, &tags);
    analyze(&store, &assignment, &Filters::default(), rules)
}

/// November 2026, example.com at p=none, reported by google.com and Outlook.com every day:
/// - the newsletter (192.0.2.10, tagged) sends 100 passing messages a day to each, and until
///   it was fixed on the 16th also 10 failing in pattern 1 to each;
/// - Yahoo reports 50 passing newsletter messages a day from the 1st to the 12th, then stops;
/// - 198.51.100.7 (untagged) sends 5 passing messages a day to Google from the 1st to the 10th;
/// - 203.0.113.50 (untagged) starts on the 20th: 30 failing messages a day (pattern 4), Google.
fn fixed_mid_month() -> Vec<Report> {
    let mut reports = Vec::new();
    for day in 1..=30u32 {
        for org in ["google.com", "Outlook.com"] {
            let mut records = vec![record("192.0.2.10", 100, Fate::Pass, "example.com")];
            if day <= 15 {
                records.push(record("192.0.2.10", 10, Fate::P1, "example.com"));
            }
            if org == "google.com" && day <= 10 {
                records.push(record("198.51.100.7", 5, Fate::Pass, "example.com"));
            }
            if org == "google.com" && day >= 20 {
                records.push(record("203.0.113.50", 30, Fate::P4, "example.com"));
            }
            reports.push(report(org, "example.com", day, policy(Disposition::None), records));
        }
        if day <= 12 {
            let records = vec![record("192.0.2.10", 50, Fate::Pass, "example.com")];
            reports.push(report("Yahoo", "example.com", day, policy(Disposition::None), records));
        }
    }
    reports
}

#[test]
fn a_fix_mid_month_flips_the_verdict_on_the_window_not_on_the_whole_period() {
    let a = run(&fixed_mid_month(), &AlertRules::default());
    let r = &a.readiness[0];
    // The whole period: newsletter 2 x (30 x 100 + 15 x 10) + 12 x 50 = 6,900 messages, 300
    // failing: 95.7 % pass, under 98 %.
    assert_eq!((r.tagged_messages, r.tagged_fail_messages, r.days_covered), (6_900, 300, 30));
    assert_eq!(r.verdict, Verdict::NotYet);
    assert_eq!(r.reasons.iter().map(|r| r.code).collect::<Vec<_>>(), [ReasonCode::TaggedMailFails]);
    // The window: the 14 days ending on the 30th, 17th to 30th.
    let w = r.window.as_ref().unwrap();
    assert_eq!(w.window, Period { from: "2026-11-17".into(), to: "2026-11-30".into(), days: 14 });
    // Newsletter 2 x 14 x 100 = 2,800, all passing; the new sender 11 days x 30 = 330 failing.
    assert_eq!((w.tagged_messages, w.tagged_fail_messages, w.tagged_pass_share), (2_800, 0, Some(1.0)));
    assert_eq!((w.messages, w.dmarc_fail_messages, w.untagged_fail_messages), (3_130, 330, 330));
    assert_eq!((w.days_covered, w.reporters), (14, 2));
    assert!(w.at_risk.is_empty());
    assert_eq!(w.next, Some(PolicyStep { p: Disposition::Quarantine, testing: false }));
    assert_eq!(w.verdict, Verdict::Ready);
    assert!(w.reasons.is_empty(), "{:?}", w.reasons);
    // The last failing day was the 15th: 10 in pattern 1 to each of the two reporters.
    assert_eq!(w.own_pass_since.as_deref(), Some("2026-11-16"));
    let last = w.last_failure.as_ref().unwrap();
    assert_eq!(last.date, "2026-11-15");
    assert_eq!(last.at_risk, [AtRisk { tag: "Newsletter".into(), pattern: 1, messages: 20 }]);
    // Judged on the whole month instead (a 30-day window) it is the old verdict again.
    let month = AlertRules { window_days: 30, ..AlertRules::default() };
    let w = run(&fixed_mid_month(), &month).readiness[0].window.clone().unwrap();
    assert_eq!((w.verdict, w.tagged_fail_messages), (Verdict::NotYet, 300));
    assert_eq!(w.at_risk, [AtRisk { tag: "Newsletter".into(), pattern: 1, messages: 300 }]);
    // Yahoo's view counts as a third reporter then.
    assert_eq!(w.reporters, 3);
}

#[test]
fn a_new_sender_on_day_20_is_new_and_alerts_with_its_start_date() {
    let a = run(&fixed_mid_month(), &AlertRules::default());
    let h = &a.history;
    assert_eq!(h.period, Some(Period { from: "2026-11-01".into(), to: "2026-11-30".into(), days: 30 }));
    assert_eq!(h.new_sources_total, 1);
    let new = &h.new_sources[0];
    assert_eq!((new.source_ip.as_str(), new.tag.as_deref()), ("203.0.113.50", None));
    assert_eq!((new.first_seen.as_str(), new.last_seen.as_str()), ("2026-11-20", "2026-11-30"));
    assert_eq!((new.window_messages, new.window_dmarc_fail), (330, 330));
    let alert = a.alerts.iter().find(|a| a.fired.kind() == AlertKind::NewSender).unwrap();
    assert_eq!(
        alert.fired,
        Fired::NewSender { source_ip: "203.0.113.50".into(), since: "2026-11-20".into(), messages: 330, threshold: 10 }
    );
    assert_eq!(alert.id, "new_sender:203.0.113.50");
    assert_eq!(alert.fired.subject(), Subject::Source("203.0.113.50".into()));
    assert!(alert.message.en.starts_with("203.0.113.50 started sending as you on 2026-11-20: 330 messages"));
    // Without reports before the window nothing is new: a 30-day window holds them all.
    let whole = run(&fixed_mid_month(), &AlertRules { window_days: 30, ..AlertRules::default() });
    assert_eq!(whole.history.new_sources_total, 0);
    assert!(whole.history.comparison.is_none());
    assert!(!whole.alerts.iter().any(|a| a.fired.kind() == AlertKind::NewSender));
}

#[test]
fn a_reporter_starting_or_stopping_makes_no_source_new_or_gone() {
    // Comcast starts reporting on the 25th and sees 203.0.113.77 fail 40 times a day; Yahoo,
    // which stopped on the 12th, was the only one to see 198.51.100.8.
    let mut reports = fixed_mid_month();
    for day in 25..=30 {
        let records = vec![record("203.0.113.77", 40, Fate::P4, "example.com")];
        reports.push(report("Comcast", "example.com", day, policy(Disposition::None), records));
    }
    for day in 1..=12 {
        let records = vec![record("198.51.100.8", 1, Fate::Pass, "example.com")];
        reports.push(report("Yahoo", "example.com", day, policy(Disposition::None), records));
    }
    let a = run(&reports, &AlertRules::default());
    let ips = |list: &[SourceHistory]| list.iter().map(|s| s.source_ip.clone()).collect::<Vec<_>>();
    assert_eq!(ips(&a.history.new_sources), ["203.0.113.50"]);
    assert_eq!(ips(&a.history.gone_sources), ["198.51.100.7"]);
    let new_senders = a.alerts.iter().filter(|a| a.fired.kind() == AlertKind::NewSender).count();
    assert_eq!(new_senders, 1);
}

#[test]
fn a_gone_source_and_a_gone_reporter() {
    let h = run(&fixed_mid_month(), &AlertRules::default()).history;
    assert_eq!(h.gone_sources_total, 1);
    let gone = &h.gone_sources[0];
    // 10 days x 5.
    assert_eq!((gone.source_ip.as_str(), gone.last_seen.as_str(), gone.messages), ("198.51.100.7", "2026-11-10", 50));
    assert_eq!(
        h.gone_reporters,
        [GoneReporter { org_name: "Yahoo".into(), first_seen: "2026-11-01".into(), last_seen: "2026-11-12".into() }]
    );
    assert_eq!(h.gone_reporters_total, 1);
}

#[test]
fn daily_series_and_two_periods_compared() {
    let h = run(&fixed_mid_month(), &AlertRules::default()).history;
    let newsletter = &h.tags[0];
    assert_eq!((newsletter.tag.as_str(), newsletter.days.len()), ("Newsletter", 30));
    // The 12th: 2 x 110 + Yahoo's 50; the 15th: 2 x 110; the 16th: 2 x 100.
    assert_eq!(
        newsletter.days[11],
        HistoryDay { date: "2026-11-12".into(), messages: 270, dmarc_pass: 250, dmarc_fail: 20 }
    );
    assert_eq!(
        newsletter.days[14],
        HistoryDay { date: "2026-11-15".into(), messages: 220, dmarc_pass: 200, dmarc_fail: 20 }
    );
    assert_eq!(
        newsletter.days[15],
        HistoryDay { date: "2026-11-16".into(), messages: 200, dmarc_pass: 200, dmarc_fail: 0 }
    );
    assert_eq!(h.patterns[0].days.len(), 15);
    assert_eq!(h.patterns[3].days.first().map(|d| (d.date.as_str(), d.messages)), Some(("2026-11-20", 30)));
    // The newsletter on the 30th, Google's and Outlook's 100 each.
    let top = &h.top_sources[0];
    assert_eq!((top.source_ip.as_str(), top.days.len()), ("192.0.2.10", 30));
    assert_eq!(top.days[29].messages, 200);

    let c = h.comparison.unwrap();
    assert_eq!(c.previous_period, Period { from: "2026-11-03".into(), to: "2026-11-16".into(), days: 14 });
    // Before: newsletter 2 x (14 x 100 + 13 x 10) + 10 x 50 = 3,560 (260 failing), and the
    // gone source 8 x 5 = 40. Now: newsletter 2,800, the new sender 330.
    assert_eq!((c.previous.messages, c.previous.dmarc_fail, c.previous.patterns), (3_600, 260, [260, 0, 0, 0]));
    assert_eq!((c.current.messages, c.current.dmarc_fail, c.current.patterns), (3_130, 330, [0, 0, 0, 330]));
    assert_eq!((c.tags[0].previous.messages, c.tags[0].current.messages), (3_560, 2_800));
    let changes: Vec<(&str, &str, &str, i64)> =
        c.changes.iter().map(|c| (c.table.as_str(), c.key.as_str(), c.measure.as_str(), c.change)).collect();
    assert_eq!(
        changes,
        [
            ("tag", "Newsletter", "messages", -760),
            ("total", "", "messages", -470),
            ("pattern", "4", "messages", 330),
            ("pattern", "1", "messages", -260),
            ("tag", "Newsletter", "dmarc_fail", -260),
            ("total", "", "dmarc_fail", 70),
        ]
    );
}

#[test]
fn own_mail_that_starts_failing_alerts_with_the_day_it_started() {
    // One reporter, November: the newsletter sends 100 passing messages a day, and from the
    // 25th also 20 failing in pattern 3 (a new service sending without DKIM).
    let reports: Vec<Report> = (1..=30u32)
        .map(|day| {
            let mut records = vec![record("192.0.2.10", 100, Fate::Pass, "example.com")];
            if day >= 25 {
                records.push(record("192.0.2.20", 20, Fate::P3, "example.com"));
            }
            report("google.com", "example.com", day, policy(Disposition::Quarantine), records)
        })
        .collect();
    let a = run(&reports, &AlertRules::default());
    // The window (17th to 30th): 1,400 passing and 6 x 20 = 120 failing: 7.9 %; before it, none.
    let alert = a.alerts.iter().find(|a| a.fired.kind() == AlertKind::OwnMailFailing).unwrap();
    let Fired::OwnMailFailing { tag, since, messages, percent, previous_percent, .. } = &alert.fired else {
        unreachable!()
    };
    assert_eq!((tag.as_str(), since.as_str(), *messages), ("Newsletter", "2026-11-25", 120));
    assert!((percent - 120.0 * 100.0 / 1_520.0).abs() < 1e-9 && *previous_percent == 0.0);
    assert_eq!(alert.severity, Severity::Critical);
    assert_eq!(alert.fired.subject(), Subject::Tag("Newsletter".into()));
    let w = a.readiness[0].window.as_ref().unwrap();
    assert_eq!(w.at_risk, [AtRisk { tag: "Newsletter".into(), pattern: 3, messages: 120 }]);
    assert_eq!((w.own_pass_since.as_deref(), w.verdict), (None, Verdict::NotYet));
    assert_eq!(w.next, Some(PolicyStep { p: Disposition::Reject, testing: false }));
}

#[test]
fn subdomain_mail_counts_for_the_parent() {
    // One day. example.com (p=quarantine, sp=reject): 100 passing from example.com and 20
    // passing with header From mail.example.com (governed by sp). shop.example.com, its own
    // policy domain: 10 newsletter messages failing in pattern 1.
    let parent = PolicyPublished { p: Disposition::Quarantine, sp: Some(Disposition::Reject), ..Default::default() };
    let reports = [
        report(
            "google.com",
            "example.com",
            1,
            parent,
            vec![
                record("192.0.2.10", 100, Fate::Pass, "example.com"),
                record("192.0.2.10", 20, Fate::Pass, "mail.example.com"),
            ],
        ),
        report(
            "google.com",
            "shop.example.com",
            1,
            policy(Disposition::None),
            vec![record("192.0.2.11", 10, Fate::P1, "shop.example.com")],
        ),
    ];
    let a = run(&reports, &AlertRules::default());
    let parent = a.readiness.iter().find(|r| r.domain == "example.com").unwrap();
    let w = parent.window.as_ref().unwrap();
    assert_eq!((w.messages, w.subdomain_messages, w.tagged_fail_messages), (130, 30, 10));
    assert_eq!((w.subdomains.as_slice(), w.subdomains_total), (&["shop.example.com".to_string()][..], 1));
    assert_eq!(w.subdomain_policy, Disposition::Reject);
    assert_eq!(w.at_risk, [AtRisk { tag: "Newsletter".into(), pattern: 1, messages: 10 }]);
    // The parent's own figures over the period stay its own.
    assert_eq!((parent.messages, parent.tagged_fail_messages), (120, 0));
    let child = a.readiness.iter().find(|r| r.domain == "shop.example.com").unwrap();
    let w = child.window.as_ref().unwrap();
    assert_eq!((w.messages, w.subdomain_messages, w.subdomains.len()), (10, 0, 0));
}

#[test]
fn pct_50_and_t_y_read_the_same() {
    assert_eq!(testing(Some(true), None), testing(None, Some(50)));
    assert!(testing(None, Some(50)) && testing(Some(true), Some(100)));
    assert!(!testing(None, Some(100)) && !testing(None, None) && !testing(Some(false), Some(50)));
    let step = |p, testing| next_step(p, testing).map(|s| (s.p, s.testing));
    assert_eq!(step(Disposition::Quarantine, true), Some((Disposition::Quarantine, false)));
    assert_eq!(step(Disposition::Quarantine, false), Some((Disposition::Reject, false)));
    assert_eq!(step(Disposition::Reject, true), Some((Disposition::Reject, false)));
    assert_eq!(step(Disposition::Reject, false), None);
    assert_eq!(step(Disposition::None, true), Some((Disposition::Quarantine, false)));

    let with = |domain: &str, pct, t| {
        let published = PolicyPublished { p: Disposition::Quarantine, pct, testing: t, ..Default::default() };
        report("google.com", domain, 1, published, vec![record("192.0.2.10", 10, Fate::Pass, domain)])
    };
    let a = run(&[with("pct.example", Some(50), None), with("t.example", None, Some(true))], &AlertRules::default());
    let read = |domain: &str| {
        let r = a.readiness.iter().find(|r| r.domain == domain).unwrap();
        (r.published.as_ref().unwrap().testing, r.window.as_ref().unwrap().next)
    };
    let leave_testing = Some(PolicyStep { p: Disposition::Quarantine, testing: false });
    assert_eq!(read("pct.example"), (true, leave_testing));
    assert_eq!(read("t.example"), read("pct.example"));
}

#[test]
fn the_published_record_and_its_changes() {
    // p=none until the 10th; from the 11th p=quarantine, t=y, adkim=s, found by a tree walk.
    let reports: Vec<Report> = (1..=20u32)
        .map(|day| {
            let published = if day <= 10 {
                PolicyPublished { p: Disposition::None, pct: Some(100), ..Default::default() }
            } else {
                PolicyPublished {
                    p: Disposition::Quarantine,
                    testing: Some(true),
                    adkim: Some(Alignment::Strict),
                    np: Some(Disposition::Reject),
                    fo: Some("1".into()),
                    discovery_method: Some("treewalk".into()),
                    ..Default::default()
                }
            };
            report(
                "google.com",
                "example.com",
                day,
                published,
                vec![record("192.0.2.10", 10, Fate::Pass, "example.com")],
            )
        })
        .collect();
    let a = run(&reports, &AlertRules::default());
    let r = &a.readiness[0];
    let now = r.published.as_ref().unwrap();
    assert_eq!(
        (now.p, now.t, now.testing, now.np),
        (Disposition::Quarantine, Some(true), true, Some(Disposition::Reject))
    );
    assert_eq!(
        (now.adkim, now.fo.as_deref(), now.discovery_method.as_deref()),
        (Some(Alignment::Strict), Some("1"), Some("treewalk"))
    );
    assert_eq!(r.policy_changes.len(), 1);
    let change = &r.policy_changes[0];
    assert_eq!(
        (change.date.as_str(), change.old.p, change.new.p),
        ("2026-11-11", Disposition::None, Disposition::Quarantine)
    );
    assert_eq!((change.old.pct, change.old.testing), (Some(100), false));
    // One reporter in the window: not enough to call it ready.
    let w = r.window.as_ref().unwrap();
    assert_eq!(w.next, Some(PolicyStep { p: Disposition::Quarantine, testing: false }));
    let codes: Vec<WindowReasonCode> = w.reasons.iter().map(|r| r.code).collect();
    assert_eq!(codes, [WindowReasonCode::FewReporters]);
    assert_eq!((w.reasons[0].have, w.reasons[0].needed), (1.0, 2.0));
}

#[test]
fn receiver_comments_are_decoded() {
    fn check(comment: &str, expected: Option<(&str, Option<&str>, &str)>) {
        let got = decode_comment(comment);
        let got = got.as_ref().map(|c| (c.format.as_str(), c.status.as_deref(), c.meaning.as_str()));
        assert_eq!(got, expected, "{comment}");
    }
    check(
        "Sender requirement failed: 550-5.7.26 This mail has been blocked because the sender is unauthenticated. \
         Gmail requires all senders to authenticate with either SPF or DKIM.",
        Some(("gmail", Some("5.7.26"), "unauthenticated")),
    );
    check(
        "Sender requirement failed: 421-4.7.28 Gmail has detected an unusual rate of unsolicited mail \
         originating from your IP address.",
        Some(("gmail", Some("4.7.28"), "unsolicited_rate")),
    );
    check(
        "Sender requirement failed: 550-5.7.27 This mail has been blocked because the sender does not pass SPF.",
        Some(("gmail", Some("5.7.27"), "spf_failed")),
    );
    check(
        "Sender requirement failed: 421-4.7.32 The From: header isn't aligned with either the authenticated SPF \
         or DKIM organizational domain.",
        Some(("gmail", Some("4.7.32"), "from_not_aligned")),
    );
    check("Sender requirement failed", Some(("gmail", None, "other")));
    check(
        "550 5.7.515 Access denied, sending domain example.com doesn't meet the required authentication level.",
        Some(("microsoft", Some("5.7.515"), "authentication_level")),
    );
    check(
        "550 5.7.509 Access denied, sending domain example.com does not pass DMARC verification and has a DMARC \
         policy of reject.",
        Some(("microsoft", Some("5.7.509"), "dmarc_reject")),
    );
    check("arc=pass", Some(("arc", None, "arc_pass")));
    check("arc=fail as.1.google.com=fail", Some(("arc", None, "arc_fail")));
    // An address is no status code; a free comment is no known format.
    check("forwarded by 10.2.5.3 via list@example.org", None);
    check("", None);
}

#[test]
fn receiver_reasons_are_grouped_and_counted() {
    let reason = |kind, comment: &str| PolicyOverrideReason { kind, comment: Some(comment.into()) };
    let gmail =
        "Sender requirement failed: 550-5.7.26 This mail has been blocked because the sender is unauthenticated.";
    let mut records = vec![
        record("203.0.113.1", 7, Fate::P4, "example.com"),
        record("203.0.113.2", 3, Fate::P4, "example.com"),
        record("192.0.2.10", 40, Fate::P1, "example.com"),
    ];
    records[0].row.policy_evaluated.reasons = vec![reason(OverrideType::LocalPolicy, gmail)];
    records[1].row.policy_evaluated.reasons = vec![reason(OverrideType::LocalPolicy, gmail)];
    records[2].row.policy_evaluated.reasons = vec![reason(OverrideType::LocalPolicy, "arc=pass")];
    let a =
        run(&[report("google.com", "example.com", 1, policy(Disposition::Reject), records)], &AlertRules::default());
    let notes: Vec<(&str, u64, u64, u64)> =
        a.receivers.iter().map(|n| (n.comment.as_str(), n.messages, n.records, n.sources)).collect();
    assert_eq!(notes, [("arc=pass", 40, 1, 1), (gmail, 10, 2, 2)]);
    let gmail_note = &a.receivers[1];
    assert_eq!(gmail_note.reason_type, "local_policy");
    assert_eq!(gmail_note.source_ips, ["203.0.113.1", "203.0.113.2"]);
    assert_eq!(gmail_note.reporters, ["google.com"]);
    assert_eq!(gmail_note.decoded.as_ref().map(|d| d.meaning.as_str()), Some("unauthenticated"));
}
