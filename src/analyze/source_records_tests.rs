//! One source's records grouped into combinations, over three small reports whose figures are
//! worked out by hand below.

use super::*;
use crate::dates::parse_date;
use crate::ledger::load_file;
use crate::limits::Limits;
use crate::model::{AuthResult, DmarcResult, OverrideType, SpfScope};

/// One record as the report says it.
struct Rec<'a> {
    ip: &'a str,
    count: u64,
    header_from: &'a str,
    envelope_from: &'a str,
    /// (domain, selector, result)
    dkim: &'a [(&'a str, &'a str, &'a str)],
    /// (domain, scope, result); scope "" leaves it out.
    spf: &'a [(&'a str, &'a str, &'a str)],
    /// policy_evaluated dkim and spf.
    policy: (&'a str, &'a str),
    disposition: &'a str,
    /// (type, comment)
    reasons: &'a [(&'a str, &'a str)],
}

fn report_xml(org: &str, id: &str, domain: &str, begin: i64, records: &[Rec<'_>]) -> String {
    let mut xml = format!(
        "<feedback><report_metadata><org_name>{org}</org_name><email>r@{org}</email><report_id>{id}</report_id>\
         <date_range><begin>{begin}</begin><end>{}</end></date_range></report_metadata>\
         <policy_published><domain>{domain}</domain><p>none</p></policy_published>",
        begin + 86_399
    );
    for r in records {
        let reasons: String =
            r.reasons.iter().map(|(t, c)| format!("<reason><type>{t}</type><comment>{c}</comment></reason>")).collect();
        let envelope = if r.envelope_from.is_empty() {
            String::new()
        } else {
            format!("<envelope_from>{}</envelope_from>", r.envelope_from)
        };
        xml.push_str(&format!(
            "<record><row><source_ip>{}</source_ip><count>{}</count><policy_evaluated>\
             <disposition>{}</disposition><dkim>{}</dkim><spf>{}</spf>{reasons}</policy_evaluated></row>\
             <identifiers><header_from>{}</header_from>{envelope}</identifiers><auth_results>",
            r.ip, r.count, r.disposition, r.policy.0, r.policy.1, r.header_from
        ));
        for (d, s, result) in r.dkim {
            xml.push_str(&format!(
                "<dkim><domain>{d}</domain><selector>{s}</selector><result>{result}</result></dkim>"
            ));
        }
        for (d, scope, result) in r.spf {
            let scope = if scope.is_empty() { String::new() } else { format!("<scope>{scope}</scope>") };
            xml.push_str(&format!("<spf><domain>{d}</domain>{scope}<result>{result}</result></spf>"));
        }
        xml.push_str("</auth_results></record>");
    }
    xml.push_str("</feedback>");
    xml
}

const DAY1: i64 = 1_735_689_600; // 2025-01-01
const DAY2: i64 = DAY1 + 86_400; // 2025-01-02
const DAY3: i64 = DAY1 + 2 * 86_400; // 2025-01-03

/// Combination A: an ESP's mail for example.com, its own DKIM passing and the user's failing,
/// its SPF passing unaligned: pattern 1.
fn a<'a>(ip: &'a str, count: u64, dkim: &'a [(&'a str, &'a str, &'a str)]) -> Rec<'a> {
    Rec {
        ip,
        count,
        header_from: "example.com",
        envelope_from: "bounce.esp.example",
        dkim,
        spf: &[("bounce.esp.example", "mfrom", "pass")],
        policy: ("fail", "fail"),
        disposition: "none",
        reasons: &[],
    }
}

const A_DKIM: &[(&str, &str, &str)] = &[("esp.example", "s1", "pass"), ("example.com", "sel2", "fail")];
/// The same two results in the other order, as another reporter may list them.
const A_DKIM_REVERSED: &[(&str, &str, &str)] = &[("Example.com", "sel2", "fail"), ("esp.example", "s1", "pass")];

fn store() -> Store {
    let mut store = Store::new();
    let files = [
        report_xml(
            "google.com",
            "g1",
            "example.com",
            DAY1,
            &[
                a("203.0.113.9", 20, A_DKIM),
                // The same source written as IPv4-mapped IPv6: the same combination.
                a("::ffff:203.0.113.9", 5, A_DKIM),
                // Combination B: nothing passes, rejected, the receiver says forwarded: pattern 4.
                Rec {
                    ip: "203.0.113.9",
                    count: 3,
                    header_from: "example.com",
                    envelope_from: "",
                    dkim: &[("example.com", "sel", "fail")],
                    spf: &[("example.com", "helo", "softfail")],
                    policy: ("fail", "fail"),
                    disposition: "reject",
                    reasons: &[("forwarded", "via list")],
                },
                // Another source: never counted for 203.0.113.9.
                a("192.0.2.1", 50, A_DKIM),
            ],
        ),
        report_xml(
            "Yahoo",
            "y1",
            "example.com",
            DAY2,
            &[
                a("::ffff:203.0.113.9", 10, A_DKIM_REVERSED),
                // Combination C: the user's own mail, aligned: DMARC passes.
                Rec {
                    ip: "203.0.113.9",
                    count: 3,
                    header_from: "example.com",
                    envelope_from: "example.com",
                    dkim: &[("example.com", "s2024", "pass")],
                    spf: &[("example.com", "mfrom", "pass")],
                    policy: ("pass", "pass"),
                    disposition: "none",
                    reasons: &[],
                },
            ],
        ),
        report_xml(
            "google.com",
            "g2",
            "other.example",
            DAY3,
            &[
                // Combination D: as A, but From other.example.
                Rec { header_from: "other.example", ..a("203.0.113.9", 7, A_DKIM) },
                a("203.0.113.9", 1, A_DKIM),
            ],
        ),
    ];
    for (i, xml) in files.iter().enumerate() {
        let result = load_file(&mut store, &format!("r{i}.xml"), xml.as_bytes(), &Limits::default());
        assert!(result.error.is_none(), "{result:?}");
    }
    store
}

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

/// (header_from, messages, records, pattern, reporters, first day, last day, days seen)
type Line<'a> = (&'a str, u64, u64, Option<u8>, Vec<&'a str>, Option<&'a str>, Option<&'a str>, u64);

fn lines(r: &SourceRecords) -> Vec<Line<'_>> {
    r.combinations
        .iter()
        .map(|c| {
            (
                c.header_from.as_str(),
                c.messages,
                c.records,
                c.pattern,
                c.reporters.iter().map(String::as_str).collect(),
                c.first_day.as_deref(),
                c.last_day.as_deref(),
                c.days_seen,
            )
        })
        .collect()
}

#[test]
fn combinations_ranked_with_the_mapped_address_merged() {
    let store = store();
    let r = source_records(&store, &Filters::default(), ip("203.0.113.9"), MAX_COMBINATIONS);
    // A: 20 + 5 (mapped) + 10 (Yahoo, results in another order) + 1 (g2) = 36 in 4 records;
    // D 7; B and C 3 each in one record: B first, its envelope From "" before "example.com".
    assert_eq!(
        lines(&r),
        vec![
            ("example.com", 36, 4, Some(1), vec!["google.com", "Yahoo"], Some("2025-01-01"), Some("2025-01-03"), 3),
            ("other.example", 7, 1, Some(1), vec!["google.com"], Some("2025-01-03"), Some("2025-01-03"), 1),
            ("example.com", 3, 1, Some(4), vec!["google.com"], Some("2025-01-01"), Some("2025-01-01"), 1),
            ("example.com", 3, 1, None, vec!["Yahoo"], Some("2025-01-02"), Some("2025-01-02"), 1),
        ]
    );
    // 36 + 7 + 3 + 3; only C passes.
    assert_eq!(
        (r.source_ip.as_str(), r.messages, r.records, r.dmarc_pass, r.dmarc_fail),
        ("203.0.113.9", 49, 7, 3, 46)
    );
    assert_eq!((r.distinct, r.cut_combinations, r.cut_messages), (4, 0, 0));

    let a = &r.combinations[0];
    assert_eq!(a.envelope_from, "bounce.esp.example");
    // Sorted by domain: esp.example before example.com (lower-cased as stored).
    let dkim: Vec<(&str, &str, AuthResult)> =
        a.dkim.iter().map(|d| (d.domain.as_str(), d.selector.as_str(), d.result)).collect();
    assert_eq!(dkim, [("esp.example", "s1", AuthResult::Pass), ("example.com", "sel2", AuthResult::Fail)]);
    assert_eq!(
        a.spf,
        [SpfCheck { domain: "bounce.esp.example".into(), scope: Some(SpfScope::MailFrom), result: AuthResult::Pass }]
    );
    assert_eq!(
        (a.disposition.as_str(), a.policy_dkim, a.policy_spf, a.dmarc),
        ("none", DmarcResult::Fail, DmarcResult::Fail, DmarcResult::Fail)
    );
    assert!(a.reasons.is_empty());

    let b = &r.combinations[2];
    assert_eq!((b.envelope_from.as_str(), b.disposition.as_str()), ("", "reject"));
    assert_eq!(
        b.spf,
        [SpfCheck { domain: "example.com".into(), scope: Some(SpfScope::Helo), result: AuthResult::SoftFail }]
    );
    assert_eq!(b.reasons, [ReasonCheck { kind: OverrideType::Forwarded, comment: "via list".into() }]);
    let c = &r.combinations[3];
    assert_eq!((c.dmarc, c.policy_dkim, c.dkim[0].selector.as_str()), (DmarcResult::Pass, DmarcResult::Pass, "s2024"));

    // Asked as IPv4-mapped IPv6: the same answer.
    assert_eq!(source_records(&store, &Filters::default(), ip("::ffff:203.0.113.9"), MAX_COMBINATIONS), r);
}

#[test]
fn the_filters_choose_the_reports() {
    let store = store();
    // example.com only: g2 (other.example) drops out, A loses its record of 2025-01-03 and D goes.
    let domain = Filters { domain: Some("EXAMPLE.com".into()), ..Filters::default() };
    let r = source_records(&store, &domain, ip("203.0.113.9"), MAX_COMBINATIONS);
    assert_eq!(
        lines(&r),
        vec![
            ("example.com", 35, 3, Some(1), vec!["google.com", "Yahoo"], Some("2025-01-01"), Some("2025-01-02"), 2),
            ("example.com", 3, 1, Some(4), vec!["google.com"], Some("2025-01-01"), Some("2025-01-01"), 1),
            ("example.com", 3, 1, None, vec!["Yahoo"], Some("2025-01-02"), Some("2025-01-02"), 1),
        ]
    );
    assert_eq!((r.messages, r.records), (41, 5));

    // From 2025-01-02: y1 and g2. A: Yahoo's 10, then g2's 1.
    let from = Filters { from: parse_date("2025-01-02"), ..Filters::default() };
    let r = source_records(&store, &from, ip("203.0.113.9"), MAX_COMBINATIONS);
    assert_eq!(
        lines(&r),
        vec![
            ("example.com", 11, 2, Some(1), vec!["Yahoo", "google.com"], Some("2025-01-02"), Some("2025-01-03"), 2),
            ("other.example", 7, 1, Some(1), vec!["google.com"], Some("2025-01-03"), Some("2025-01-03"), 1),
            ("example.com", 3, 1, None, vec!["Yahoo"], Some("2025-01-02"), Some("2025-01-02"), 1),
        ]
    );
    assert_eq!((r.messages, r.records, r.dmarc_pass, r.dmarc_fail), (21, 4, 3, 18));

    // Outside the filters, or never seen: nothing, and no panic.
    let later = Filters { from: parse_date("2025-02-01"), ..Filters::default() };
    let r = source_records(&store, &later, ip("203.0.113.9"), MAX_COMBINATIONS);
    assert_eq!((r.messages, r.records, r.distinct, r.combinations.len()), (0, 0, 0, 0));
    let r = source_records(&store, &Filters::default(), ip("2001:db8::1"), MAX_COMBINATIONS);
    assert_eq!((r.source_ip.as_str(), r.messages, r.combinations.len()), ("2001:db8::1", 0, 0));
}

#[test]
fn combinations_past_the_limit_are_cut_and_counted() {
    let store = store();
    // Two listed: A (36) and D (7); B and C (3 each) cut.
    let r = source_records(&store, &Filters::default(), ip("203.0.113.9"), 2);
    assert_eq!(r.combinations.iter().map(|c| c.messages).collect::<Vec<_>>(), [36, 7]);
    assert_eq!((r.distinct, r.cut_combinations, r.cut_messages, r.messages), (4, 2, 6, 49));

    // 203 combinations (a header From each, one message each): the first 200 by name listed.
    let froms: Vec<String> = (0..203).map(|i| format!("h{i:03}.example")).collect();
    let records: Vec<Rec<'_>> = froms.iter().map(|f| Rec { header_from: f, ..a("10.0.0.1", 1, A_DKIM) }).collect();
    let mut store = Store::new();
    let xml = report_xml("google.com", "many", "example.com", DAY1, &records);
    assert!(load_file(&mut store, "many.xml", xml.as_bytes(), &Limits::default()).error.is_none());
    let r = source_records(&store, &Filters::default(), ip("10.0.0.1"), MAX_COMBINATIONS);
    assert_eq!((r.distinct, r.combinations.len(), r.cut_combinations, r.cut_messages), (203, 200, 3, 3));
    assert_eq!(r.combinations.first().map(|c| c.header_from.as_str()), Some("h000.example"));
    assert_eq!(r.combinations.last().map(|c| c.header_from.as_str()), Some("h199.example"));
}
