//! Senders and classes of failing mail over a small month and a pack made in the test; every
//! figure below is worked out by hand from the records and the pack.

use super::*;
use crate::ledger::load_file;
use crate::limits::Limits;
use crate::senders::fixture::{entry, v4_key, Fixture};
use crate::senders::Evidence;
use crate::tags::{parse_net, TagRule, TagSet};

/// Two networks: 10.0.0.0/16 is "Mailbox Co" (AS64500, its AS domain a mailbox provider the
/// map knows), 10.1.0.0/16 "Customer KK" (AS64501, no domain); 11.0.0.0/8 and the rest unknown.
/// The map knows esp.example (Marketing) and mailbox.example (Email Provider).
fn pack() -> Senders {
    let k = |ip| v4_key(ip, 24);
    let fixture = Fixture {
        countries: vec!["JP", "US"],
        ases: vec![
            (64500, Some("Mailbox Co".into()), Some("mailbox.example".into()), 2),
            (64501, Some("Customer KK".into()), None, 1),
        ],
        v4_bits: 24,
        v4: vec![
            entry(0, None, 0),
            entry(k("10.0.0.0"), Some(0), 0),
            entry(k("10.1.0.0"), Some(1), 0),
            entry(k("10.2.0.0"), None, 0),
        ],
        v6_bits: 48,
        v6: vec![entry(0, None, 0)],
        types: vec!["Email Provider", "Marketing"],
        domains: vec![("esp.example".into(), "Esp".into(), 1), ("mailbox.example".into(), "Mailbox".into(), 0)],
        overrides: vec![],
        suffixes: "// ===BEGIN ICANN DOMAINS===\ncom\nexample\n",
    };
    Senders::from_pack(&fixture.raw()).unwrap()
}

/// (source, count, dkim results as (domain, result), spf (domain, result), reason type or "")
type Rec<'a> = (&'a str, u64, &'a [(&'a str, &'a str)], (&'a str, &'a str), &'a str);

fn report(records: &[Rec<'_>]) -> String {
    let mut xml = String::from(
        "<feedback><report_metadata><org_name>google.com</org_name><email>r@google.com</email>\
         <report_id>c1</report_id><date_range><begin>1735689600</begin><end>1735775999</end></date_range>\
         </report_metadata><policy_published><domain>example.com</domain><p>none</p></policy_published>",
    );
    for (ip, count, dkim, (spf_domain, spf), reason) in records {
        // DMARC passes only for an aligned pass: a DKIM pass of example.com or under it.
        let aligned = dkim.iter().any(|(d, r)| d.ends_with("example.com") && *r == "pass");
        let dmarc = if aligned { "pass" } else { "fail" };
        let reason = if reason.is_empty() { String::new() } else { format!("<reason><type>{reason}</type></reason>") };
        xml.push_str(&format!(
            "<record><row><source_ip>{ip}</source_ip><count>{count}</count><policy_evaluated>\
             <disposition>none</disposition><dkim>{dmarc}</dkim><spf>fail</spf>{reason}</policy_evaluated></row>\
             <identifiers><header_from>example.com</header_from></identifiers><auth_results>"
        ));
        for (domain, result) in *dkim {
            xml.push_str(&format!("<dkim><domain>{domain}</domain><result>{result}</result></dkim>"));
        }
        xml.push_str(&format!(
            "<spf><domain>{spf_domain}</domain><result>{spf}</result></spf></auth_results></record>"
        ));
    }
    xml.push_str("</feedback>");
    xml
}

fn month() -> (Store, TagSet) {
    let xml = report(&[
        // A: a marketing service proven by its own DKIM and SPF, not aligned: pattern 1.
        ("11.0.0.1", 30, &[("esp.example", "pass")], ("bounce.esp.example", "pass"), ""),
        ("::ffff:11.0.0.1", 2, &[("esp.example", "pass")], ("bounce.esp.example", "pass"), ""),
        // B: the receiver says forwarded; nothing passed: pattern 4.
        ("11.0.0.2", 7, &[("example.com", "fail")], ("other.example", "fail"), "forwarded"),
        // C: the user's signature broken on the way through a mailbox provider: pattern 3.
        ("10.0.0.5", 12, &[("example.com", "fail")], ("mailbox.example", "pass"), ""),
        // F: the same provider's network, no signature of the user's: pattern 4.
        ("10.0.0.6", 4, &[("other.example", "fail")], ("other.example", "fail"), ""),
        // D: only its network's owner is known; passing for the user's own domain names nobody.
        ("10.1.0.9", 20, &[], ("example.com", "fail"), "sampled_out"),
        ("10.1.0.9", 5, &[("mail.example.com", "pass")], ("example.com", "fail"), ""),
        // E: a registered network, failing: pattern 4.
        ("192.0.2.1", 3, &[], ("example.com", "fail"), ""),
    ]);
    let mut store = Store::new();
    let result = load_file(&mut store, "c1.xml", xml.as_bytes(), &Limits::default());
    assert!(result.error.is_none(), "{result:?}");
    let rule = TagRule {
        net: parse_net("192.0.2.0/24").unwrap(),
        tag: "relay".into(),
        comment: String::new(),
        domain: String::new(),
    };
    (store, TagSet::new(vec![rule]))
}

fn run(senders: Option<&Senders>) -> Analysis {
    let (store, tags) = month();
    let assignment = assign(&store, &tags);
    analyze_with(&store, &assignment, &Filters::default(), &AlertRules::default(), senders)
}

fn classes(yours: u64, forwarded: u64, service_not_set_up: u64, unknown: u64) -> ClassCounts {
    ClassCounts { yours, forwarded, service_not_set_up, unknown }
}

#[test]
fn every_failing_message_is_in_one_class() {
    let pack = pack();
    let a = run(Some(&pack));
    // Failing: A 32, B 7, C 12, F 4, D 20, E 3 = 78 (D's 5 pass).
    assert_eq!(a.totals.dmarc_fail, 78);
    // yours E 3; forwarded B 7 (the receiver) + C 12 (own signature, mailbox provider);
    // a service not set up A 32; unknown F 4 + D 20.
    assert_eq!(a.totals.fail_classes, classes(3, 19, 32, 24));
    assert_eq!(a.totals.fail_classes.total(), a.totals.dmarc_fail);
    let split: Vec<ClassCounts> = a.patterns.iter().map(|p| p.classes).collect();
    assert_eq!(split, [classes(0, 0, 32, 0), classes(0, 0, 0, 0), classes(0, 12, 0, 0), classes(3, 7, 0, 24)]);
    // The possible-spoofing alert counts the unknown class: 24 of the 83 messages, 28.9 %.
    let share = a.alerts.iter().find_map(|al| match al.fired {
        Fired::SpoofingShare { messages, total, .. } => Some((messages, total)),
        _ => None,
    });
    assert_eq!(share, Some((24, 83)));
}

#[test]
fn each_source_is_named_with_its_evidence() {
    let pack = pack();
    let a = run(Some(&pack));
    let by_ip = |ip: &str| a.spoof_suspects.iter().find(|s| s.source_ip == ip).unwrap();
    let named =
        |ip: &str| by_ip(ip).sender.as_ref().map(|s| (s.name.as_str(), s.evidence, s.asn, s.country.as_deref()));
    // The IPv4-mapped row is the same source: 32 messages.
    assert_eq!(by_ip("11.0.0.1").messages, 32);
    assert_eq!(named("11.0.0.1"), Some(("Esp", Evidence::Dkim, None, None)));
    assert_eq!(by_ip("11.0.0.1").sender.as_ref().unwrap().domain, "esp.example");
    assert_eq!(named("11.0.0.2"), None);
    assert_eq!(named("10.0.0.5"), Some(("Mailbox", Evidence::Spf, Some(64500), Some("US"))));
    assert_eq!(named("10.0.0.6"), Some(("Mailbox", Evidence::Network, Some(64500), Some("US"))));
    assert_eq!(named("10.1.0.9"), Some(("Customer KK", Evidence::NetworkOwner, Some(64501), Some("JP"))));
    assert_eq!(by_ip("10.1.0.9").classes, classes(0, 0, 0, 20));
    assert!(a.spoof_suspects.iter().all(|s| s.source_ip != "192.0.2.1"), "tagged sources are not suspects");

    type Row<'a> = (Option<&'a str>, u64, u64, ClassCounts, Option<Evidence>);
    let rows: Vec<Row<'_>> =
        a.senders.iter().map(|r| (r.name.as_deref(), r.sources, r.messages, r.classes, r.evidence)).collect();
    assert_eq!(
        rows,
        [
            (Some("Esp"), 1, 32, classes(0, 0, 32, 0), Some(Evidence::Dkim)),
            (Some("Customer KK"), 1, 25, classes(0, 0, 0, 20), Some(Evidence::NetworkOwner)),
            (Some("Mailbox"), 2, 16, classes(0, 12, 0, 4), Some(Evidence::Spf)),
            (None, 1, 7, classes(0, 7, 0, 0), None),
        ]
    );
    assert_eq!(a.senders[2].source_ips, ["10.0.0.5", "10.0.0.6"]);
    assert_eq!(a.senders[2].asns, [64500]);
    assert_eq!(a.senders[2].patterns, [0, 0, 12, 4]);
}

#[test]
fn without_a_pack_only_the_reports_tell() {
    let a = run(None);
    // Nobody is named, so nothing is a service; forwarding is the receiver's word alone.
    assert_eq!(a.totals.fail_classes, classes(3, 7, 0, 68));
    assert!(a.spoof_suspects.iter().all(|s| s.sender.is_none()));
    assert_eq!(a.senders.len(), 1);
    assert_eq!((a.senders[0].name.as_deref(), a.senders[0].sources, a.senders[0].messages), (None, 5, 80));
}

#[test]
fn masking_keeps_the_classes_and_groups_again() {
    let pack = pack();
    let mut a = run(Some(&pack));
    mask_sources(&mut a, &AlertRules::default());
    // 10.0.0.5 and 10.0.0.6 are one /24 now: one source of Mailbox, the first's sender kept.
    let mailbox = a.senders.iter().find(|r| r.name.as_deref() == Some("Mailbox")).unwrap();
    assert_eq!((mailbox.sources, mailbox.messages, mailbox.classes), (1, 16, classes(0, 12, 0, 4)));
    assert_eq!(mailbox.source_ips, ["10.0.0.0/24"]);
    // 11.0.0.1 (Esp, 32) and 11.0.0.2 (nobody, 7) are one /24 too, named by the bigger.
    let esp = a.senders.iter().find(|r| r.name.as_deref() == Some("Esp")).unwrap();
    assert_eq!((esp.sources, esp.messages, esp.classes), (1, 39, classes(0, 7, 32, 0)));
    assert!(a.senders.iter().all(|r| r.name.is_some()));
    let all = a.spoof_suspects.iter().fold(ClassCounts::default(), |mut sum, s| {
        sum.add_all(&s.classes);
        sum
    });
    assert_eq!(all, classes(0, 19, 32, 24));
}

#[test]
fn the_window_says_which_named_senders_a_stricter_policy_would_hit() {
    let pack = pack();
    // The month's day, and 20 days before it (outside the 14-day window) 50 more from the
    // marketing service.
    let (mut store, tags) = month();
    let earlier = report(&[("11.0.0.1", 50, &[("esp.example", "pass")], ("bounce.esp.example", "pass"), "")])
        .replace("<report_id>c1</report_id>", "<report_id>c0</report_id>")
        .replace("1735689600", &(1735689600 - 20 * 86_400).to_string())
        .replace("1735775999", &(1735775999 - 20 * 86_400).to_string());
    let result = load_file(&mut store, "c0.xml", earlier.as_bytes(), &Limits::default());
    assert!(result.error.is_none(), "{result:?}");
    let assignment = assign(&store, &tags);
    let a = analyze_with(&store, &assignment, &Filters::default(), &AlertRules::default(), Some(&pack));
    let w = a.readiness[0].window.as_ref().unwrap();
    // In the window: 78 failing, 3 of them the registered relay's; the rest by class as above.
    assert_eq!(w.untagged_fail_messages, 75);
    assert_eq!(w.untagged_classes, classes(0, 19, 32, 24));
    let rows: Vec<(&str, Option<&str>, u64, ClassCounts)> =
        w.untagged_senders.iter().map(|s| (s.name.as_str(), s.kind.as_deref(), s.messages, s.classes)).collect();
    assert_eq!(
        rows,
        [
            ("Esp", Some("Marketing"), 32, classes(0, 0, 32, 0)),
            ("Customer KK", None, 20, classes(0, 0, 0, 20)),
            ("Mailbox", Some("Email Provider"), 16, classes(0, 12, 0, 4)),
        ]
    );
    // Over the whole period the service sent 82 failing messages.
    assert_eq!(a.senders[0].classes.service_not_set_up, 82);
    // Each named sender's history: its sources together, day by day.
    type Line<'a> = (&'a str, u64, &'a str, &'a str, u64, u64, u64, Vec<(&'a str, u64, u64)>);
    let lines: Vec<Line<'_>> = a
        .history
        .senders
        .iter()
        .map(|s| {
            let days = s.days.iter().map(|d| (d.date.as_str(), d.messages, d.dmarc_fail)).collect();
            (
                s.name.as_str(),
                s.sources,
                s.first_seen.as_str(),
                s.last_seen.as_str(),
                s.messages,
                s.dmarc_fail,
                s.window_messages,
                days,
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            ("Esp", 1, "2024-12-12", "2025-01-01", 82, 82, 32, vec![("2024-12-12", 50, 50), ("2025-01-01", 32, 32)]),
            ("Customer KK", 1, "2025-01-01", "2025-01-01", 25, 20, 25, vec![("2025-01-01", 25, 20)]),
            ("Mailbox", 2, "2025-01-01", "2025-01-01", 16, 16, 16, vec![("2025-01-01", 16, 16)]),
        ]
    );
    // Without a pack nothing is named and nothing is a service.
    let bare = analyze_with(&store, &assignment, &Filters::default(), &AlertRules::default(), None);
    let w = bare.readiness[0].window.as_ref().unwrap();
    assert_eq!(w.untagged_classes, classes(0, 7, 0, 68));
    assert!(w.untagged_senders.is_empty());
    assert!(bare.history.senders.is_empty());
}
