//! Share links: round trips, masking, cutting to fit, and hostile fragments.

use super::*;
use crate::analyze::{analyze, assign, mask_ip};
use crate::ledger::load_file;
use crate::limits::Limits;
use crate::store::Store;
use crate::tags::{parse_net, TagRule, TagSet};

const DAY: i64 = 1_735_689_600; // 2025-01-01

/// A report from `org` over `records` of (source ip, count, dkim pass?, spf pass?): untagged
/// unless the address is in 192.0.2.0/24, the one known-sender rule.
fn report(org: &str, id: &str, records: &[(String, u64, bool, bool)]) -> String {
    let mut xml = format!(
        "<feedback><report_metadata><org_name>{org}</org_name><email>r@x</email><report_id>{id}</report_id>\
         <date_range><begin>{DAY}</begin><end>{}</end></date_range></report_metadata>\
         <policy_published><domain>example.com</domain><p>none</p></policy_published>",
        DAY + 86_399
    );
    for (ip, count, dkim, spf) in records {
        let word = |b: &bool| if *b { "pass" } else { "fail" };
        xml.push_str(&format!(
            "<record><row><source_ip>{ip}</source_ip><count>{count}</count><policy_evaluated>\
             <disposition>none</disposition><dkim>{}</dkim><spf>{}</spf></policy_evaluated></row>\
             <identifiers><header_from>example.com</header_from></identifiers><auth_results>\
             <dkim><domain>esp.example</domain><result>{}</result></dkim>\
             <spf><domain>bounce.example</domain><result>{}</result></spf></auth_results></record>",
            word(dkim),
            word(spf),
            word(dkim),
            word(spf)
        ));
    }
    xml.push_str("</feedback>");
    xml
}

fn analysis_of(reports: &[String]) -> (Analysis, AlertRules) {
    let mut store = Store::new();
    for (i, xml) in reports.iter().enumerate() {
        load_file(&mut store, &format!("r{i}.xml"), xml.as_bytes(), &Limits::default());
    }
    let tags = TagSet::new(vec![TagRule {
        net: parse_net("192.0.2.0/24").unwrap(),
        tag: "relay".into(),
        comment: String::new(),
        domain: String::new(),
    }]);
    let rules = AlertRules::default();
    let assignment = assign(&store, &tags);
    (analyze(&store, &assignment, &Filters::default(), &rules), rules)
}

fn small() -> (Analysis, AlertRules) {
    let records = vec![
        ("192.0.2.10".to_string(), 50, true, true),
        ("192.0.2.11".to_string(), 7, false, true),
        ("203.0.113.9".to_string(), 120, false, false),
        ("203.0.113.77".to_string(), 5, false, true),
        ("2001:db8:1:2::1".to_string(), 3, false, false),
        ("2001:db8:1:ff::2".to_string(), 4, true, false),
        ("198.51.100.1".to_string(), 2, false, false),
    ];
    analysis_of(&[report("google.com", "g1", &records), report("Yahoo", "y1", &records[2..4])])
}

fn open(fragment: &str) -> Shared {
    match parse_fragment(fragment).unwrap() {
        Fragment::Open(payload) => unpack(&payload).unwrap(),
        sealed => panic!("expected an open fragment, got {sealed:?}"),
    }
}

#[test]
fn an_open_link_carries_the_whole_analysis_back() {
    let (analysis, rules) = small();
    let filters = Filters { domain: Some("example.com".into()), ..Filters::default() };
    let payload = pack(analysis.clone(), &filters, &rules, 1_700_000_000, false, MAX_FRAGMENT_CHARS).unwrap();
    let fragment = open_fragment(&payload);
    assert!(fragment.starts_with("share=1."));
    // Read back from a whole URL as a person pastes it.
    let shared = open(&format!("https://lens.example/app/#{fragment}"));
    // All but the history and the receivers' words, which stay on the machine.
    let expected = Analysis { history: Default::default(), receivers: Vec::new(), ..analysis };
    assert_eq!(shared.analysis, expected);
    assert_eq!(shared.made, 1_700_000_000);
    assert_eq!(shared.filters.domain.as_deref(), Some("example.com"));
    assert!(!shared.masked);
    assert!(shared.cut.is_empty());
}

#[test]
fn mask_ip_cuts_to_the_network() {
    assert_eq!(mask_ip("203.0.113.77"), "203.0.113.0/24");
    assert_eq!(mask_ip("2001:db8:abcd:12::1"), "2001:db8:abcd::/48");
    assert_eq!(mask_ip("not an address"), "not an address");
}

#[test]
fn a_masked_link_names_no_full_address_and_merges_each_network() {
    let (analysis, rules) = small();
    let payload = pack(analysis.clone(), &Filters::default(), &rules, 0, true, MAX_FRAGMENT_CHARS).unwrap();
    let shared = open(&open_fragment(&payload));
    assert!(shared.masked);
    let json = serde_json::to_string(&shared).unwrap();
    for ip in ["192.0.2.10", "192.0.2.11", "203.0.113.9", "203.0.113.77", "2001:db8:1:2::1", "2001:db8:1:ff::2"] {
        assert!(!json.contains(ip), "{ip} is still in the masked link");
    }
    // 203.0.113.9 (120 + 120) and .77 (5 + 5) are one row now; the two IPv6 sources another.
    let suspects = &shared.analysis.spoof_suspects;
    let ips: Vec<&str> = suspects.iter().map(|s| s.source_ip.as_str()).collect();
    assert_eq!(ips, ["203.0.113.0/24", "2001:db8:1::/48", "198.51.100.0/24"]);
    assert_eq!(suspects[0].messages, 250);
    assert_eq!(suspects[0].dmarc_fail, 240);
    assert_eq!(suspects[1].messages, 7);
    assert_eq!(suspects[1].patterns, [0, 0, 0, 3]);
    assert_eq!(suspects[1].dmarc_pass, 4);
    assert_eq!(suspects[0].reporters, ["Yahoo", "google.com"]); // a tie in volume goes by name
                                                                // Masking moves no message between tables.
    let before: u64 = analysis.spoof_suspects.iter().map(|s| s.messages).sum();
    assert_eq!(suspects.iter().map(|s| s.messages).sum::<u64>(), before);
    assert_eq!(shared.analysis.tags[0].sources.len(), 1);
    assert_eq!(shared.analysis.tags[0].sources[0].source_ip, "192.0.2.0/24");
    assert_eq!(shared.analysis.tags[0].sources[0].messages, 57);
    // The alert over the big untagged source names the network, with the merged volume.
    let alert = shared
        .analysis
        .alerts
        .iter()
        .find(|a| matches!(a.fired, crate::analyze::Fired::UntaggedSource { .. }))
        .expect("an untagged-source alert");
    assert!(alert.message.en.starts_with("203.0.113.0/24 sent 250 messages"), "{}", alert.message.en);
    assert_eq!(shared.analysis.totals, analysis.totals);
    assert_eq!(shared.analysis.patterns, analysis.patterns);
}

fn many_sources(n: u32) -> (Analysis, AlertRules) {
    let records: Vec<_> = (0..n)
        .map(|i| (format!("10.{}.{}.{}", i >> 16 & 255, i >> 8 & 255, i & 255), u64::from(1 + i % 97), false, false))
        .collect();
    analysis_of(&[report("google.com", "big", &records)])
}

#[test]
fn long_tables_are_cut_to_fit_and_the_cut_is_recorded() {
    let (analysis, rules) = many_sources(1_200);
    assert_eq!(analysis.spoof_suspects.len(), 1_200);
    let payload = pack(analysis.clone(), &Filters::default(), &rules, 0, false, MAX_FRAGMENT_CHARS).unwrap();
    let shared = open(&open_fragment(&payload));
    assert_eq!(shared.analysis.spoof_suspects.len(), 500);
    assert_eq!(shared.cut.spoof_suspects, Some(1_200));
    assert_eq!(shared.analysis.spoof_suspects[..], analysis.spoof_suspects[..500]);
    // The totals never change with the cut.
    assert_eq!(shared.analysis.totals, analysis.totals);

    // A small budget cuts deeper, and the fragment stays within it.
    let payload = pack(analysis.clone(), &Filters::default(), &rules, 0, false, 4_000).unwrap();
    let fragment = open_fragment(&payload);
    assert!(fragment.len() + FRAMING_CHARS <= 4_000 + 8, "{} chars", fragment.len());
    let shared = open(&fragment);
    assert!(shared.analysis.spoof_suspects.len() < 500, "{}", shared.analysis.spoof_suspects.len());
    assert_eq!(shared.cut.spoof_suspects, Some(1_200));

    // A budget nothing fits in is refused with the size it would need.
    match pack(analysis, &Filters::default(), &rules, 0, false, 300) {
        Err(ShareError::DoesNotFit { chars }) => assert!(chars > 300),
        other => panic!("expected DoesNotFit, got {other:?}"),
    }
}

#[test]
fn sealed_fragments_keep_their_parts() {
    let salt = [7u8; SALT_LEN];
    let nonce = [9u8; NONCE_LEN];
    let ciphertext: Vec<u8> = (0..=255).collect();
    let fragment = sealed_fragment(ITERATIONS, &salt, &nonce, &ciphertext);
    assert!(fragment.starts_with("share=1e.600000."));
    assert_eq!(
        parse_fragment(&fragment).unwrap(),
        Fragment::Sealed { iterations: ITERATIONS, salt: salt.to_vec(), nonce: nonce.to_vec(), ciphertext }
    );
}

#[test]
fn hostile_or_damaged_fragments_are_refused_with_a_reason() {
    let kind = |text: &str| match parse_fragment(text) {
        Ok(Fragment::Open(payload)) => unpack(&payload).map(|_| ()).unwrap_err().kind(),
        Ok(sealed) => panic!("{text:?} parsed as {sealed:?}"),
        Err(e) => e.kind(),
    };
    assert_eq!(kind("https://lens.example/#view=overview"), "not_a_link");
    assert_eq!(kind("share=2.AAAA"), "unknown_version");
    assert_eq!(kind("share=1"), "damaged");
    assert_eq!(kind("share=1.@@@"), "damaged");
    assert_eq!(kind("share=1.AAAAAAAA"), "damaged"); // base64, not deflate
    assert_eq!(kind(&open_fragment(&deflate(b"{\"schema\":1}"))), "damaged");
    assert_eq!(kind(&open_fragment(&deflate(b"[1,2,3"))), "damaged");
    // A deflate bomb: 17 MiB of zeros packs into a few KiB and is stopped at the cap.
    let bomb = deflate(&vec![b' '; 17 << 20]);
    assert!(bomb.len() < 64 << 10);
    assert_eq!(kind(&open_fragment(&bomb)), "too_big");
    // A newer format inside a valid payload.
    let (analysis, rules) = small();
    let payload = pack(analysis, &Filters::default(), &rules, 0, false, MAX_FRAGMENT_CHARS).unwrap();
    let mut shared = open(&open_fragment(&payload));
    shared.schema = "dmarc-lens/share/v9".into();
    assert_eq!(kind(&open_fragment(&deflate(&serde_json::to_vec(&shared).unwrap()))), "unknown_version");
    // Sealed links: too short to hold a tag, or asking for absurd work.
    assert_eq!(parse_fragment(&sealed_fragment(1000, &[0; 16], &[0; 12], &[0; 3])).unwrap_err().kind(), "damaged");
    assert_eq!(parse_fragment(&sealed_fragment(0, &[0; 16], &[0; 12], &[0; 32])).unwrap_err().kind(), "damaged");
    let greedy = sealed_fragment(MAX_ITERATIONS + 1, &[0; 16], &[0; 12], &[0; 32]);
    assert_eq!(parse_fragment(&greedy).unwrap_err().kind(), "damaged");
}

#[test]
fn a_hand_made_link_with_more_rows_than_any_link_holds_is_cut_on_opening() {
    let (analysis, rules) = many_sources(1_200);
    let payload = pack(analysis, &Filters::default(), &rules, 0, false, MAX_FRAGMENT_CHARS).unwrap();
    let mut shared = open(&open_fragment(&payload));
    // Put back every source, as a hand-made link could.
    let (full, _) = many_sources(1_200);
    shared.analysis.spoof_suspects = full.spoof_suspects;
    shared.cut = Cut::default();
    let crafted = open_fragment(&deflate(&serde_json::to_vec(&shared).unwrap()));
    let opened = open(&crafted);
    assert_eq!(opened.analysis.spoof_suspects.len(), CUTS[0].0);
    assert_eq!(opened.cut.spoof_suspects, Some(1_200));
}

/// The JSON of a real link's payload, as a value to mutate.
fn shared_json() -> serde_json::Value {
    let (analysis, rules) = small();
    let payload = pack(analysis, &Filters::default(), &rules, 1_700_000_000, false, MAX_FRAGMENT_CHARS).unwrap();
    serde_json::from_str(&inflate(&payload).unwrap()).unwrap()
}

/// What `read_json` says of the payload with the value at `path` (`/`-separated) set to `value`.
fn opened_with(path: &str, value: serde_json::Value) -> Result<Shared, ShareError> {
    let mut json = shared_json();
    *json.pointer_mut(path).unwrap_or_else(|| panic!("{path} in the payload")) = value;
    read_json(&json.to_string())
}

#[test]
fn every_field_of_an_opened_link_is_checked() {
    use serde_json::json;
    assert!(read_json(&shared_json().to_string()).is_ok());
    let refused = [
        // The chart cut `date[5..]`: a short date killed the page.
        ("/analysis/days/0/date", json!("1")),
        ("/analysis/days/0/date", json!("2026-13-45")),
        ("/analysis/days/0/date", json!("١٩٧٠-01-01")),
        ("/analysis/days/0/dmarc_fail", json!(u64::MAX)),
        ("/made", json!(-5)),
        ("/filters/from", json!("25252734927766554-01-01")),
        ("/filters/policy", json!("<script>")),
        ("/analysis/spoof_suspects/0/source_ip", json!("not an address")),
        ("/analysis/spoof_suspects/0/first_seen", json!(i64::MIN)),
        ("/analysis/spoof_suspects/0/header_from", json!(vec!["x"; 17])),
        ("/analysis/spoof_suspects/0/sender_hint", json!("s".repeat(513))),
        ("/analysis/totals/dmarc_pass", json!(u64::MAX)),
        ("/analysis/patterns/0/pattern", json!(3)),
        ("/analysis/patterns/1/spf_auth", json!("maybe")),
        ("/analysis/alerts/0/severity", json!("panic")),
        ("/analysis/alerts/0/percent", json!(1e308)),
        ("/analysis/readiness/0/verdict", json!("ready!")),
        ("/analysis/readiness/0/dmarc_pass_share", json!(2.5)),
        ("/analysis/readiness/0/reasons/0/message/en", json!("r".repeat(5000))),
        ("/analysis/reporters/0/last_seen", json!(253_402_300_800i64)),
    ];
    for (path, value) in refused {
        match opened_with(path, value.clone()) {
            Err(e) => {
                assert_eq!(e.kind(), "damaged", "{path} = {value}: {e}");
                assert!(e.to_string().contains("not made by DMARC Lens"), "{e}");
            }
            Ok(_) => panic!("{path} = {value} was accepted"),
        }
    }
    // A vocabulary outside its words reads as its catch-all, as in a report.
    let shared = opened_with("/analysis/domains/0/policy", json!("maybe")).unwrap();
    assert_eq!(shared.analysis.domains[0].policy, crate::model::Disposition::Unknown);
    // The patterns must be the four.
    let mut json = shared_json();
    json["analysis"]["patterns"].as_array_mut().unwrap().pop();
    assert_eq!(read_json(&json.to_string()).unwrap_err().kind(), "damaged");
}

#[test]
fn an_opened_link_cannot_put_its_own_words_in_an_alert() {
    let shared = opened_with("/analysis/alerts/0/message/en", serde_json::json!("Call +1 555 0100 now")).unwrap();
    let alert = &shared.analysis.alerts[0];
    assert_eq!(alert.message, alert.fired.text());
    assert!(!alert.message.en.contains("555"), "{:?}", alert.message);
    let shared = opened_with("/analysis/readiness/0/reasons/0/message/ja", serde_json::json!("今すぐ電話")).unwrap();
    let readiness = &shared.analysis.readiness[0];
    assert_eq!(readiness.reasons[0].message, readiness.reasons[0].text(readiness));
}

#[test]
fn a_link_with_more_tags_than_any_person_registers_is_cut() {
    let mut json = shared_json();
    let tag = json["analysis"]["tags"][0].clone();
    json["analysis"]["tags"] = serde_json::Value::Array(vec![tag; MAX_SHARED_TAGS + 500]);
    let shared = read_json(&json.to_string()).unwrap();
    assert_eq!(shared.analysis.tags.len(), MAX_SHARED_TAGS);
    assert_eq!(shared.cut.tags, Some(MAX_SHARED_TAGS + 500));
}
