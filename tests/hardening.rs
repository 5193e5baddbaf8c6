//! The untrusted-input contract, attack by attack, through `load_file` and `analyze` with figures
//! written by hand: each case failed before the hardening issue and states what must hold now.

use dmarc_lens::analyze::{analyze, assign, AlertRules, Analysis, Filters};
use dmarc_lens::ledger::{note_replaced, ErrorKind};
use dmarc_lens::model::*;
use dmarc_lens::store::Store;
use dmarc_lens::tags::TagSet;
use dmarc_lens::{load_file, FileResult, FileStatus, Limits};

const BEGIN: i64 = 1_700_006_400; // 2023-11-15

/// A report with records of (source ip, count, dmarc pass?).
fn report(org: &str, id: &str, dated: bool, records: &[(&str, &str, bool)]) -> String {
    let dates = if dated {
        format!("<date_range><begin>{BEGIN}</begin><end>{}</end></date_range>", BEGIN + 86_399)
    } else {
        String::new()
    };
    let mut xml = format!(
        "<feedback><report_metadata><org_name>{org}</org_name><email>r@{org}</email><report_id>{id}</report_id>{dates}</report_metadata><policy_published><domain>example.com</domain><p>none</p></policy_published>\n"
    );
    for (ip, count, pass) in records {
        let v = if *pass { "pass" } else { "fail" };
        xml.push_str(&format!(
            "<record><row><source_ip>{ip}</source_ip><count>{count}</count><policy_evaluated><disposition>none</disposition><dkim>{v}</dkim><spf>{v}</spf></policy_evaluated></row><identifiers><header_from>example.com</header_from></identifiers><auth_results><spf><domain>example.com</domain><result>{v}</result></spf></auth_results></record>\n"
        ));
    }
    xml.push_str("</feedback>\n");
    xml
}

fn load(files: &[(&str, String)]) -> (Store, Vec<FileResult>) {
    let mut store = Store::new();
    let mut results: Vec<FileResult> = Vec::new();
    for (name, xml) in files {
        let result = load_file(&mut store, name, xml.as_bytes(), &Limits::default());
        note_replaced(&mut results, &result);
        results.push(result);
    }
    (store, results)
}

fn analysis(store: &Store) -> Analysis {
    analyze(store, &assign(store, &TagSet::default()), &Filters::default(), &AlertRules::default())
}

#[test]
fn a_cut_record_leaves_stray_end_tags_and_the_file_says_so() {
    let good = report("Acme", "r1", true, &[("192.0.2.1", "5", true), ("192.0.2.2", "3", false)]);
    // An anonymised copy whose first record was cut, leaving its end tags behind.
    let cut = good.replacen(
        "<record><row><source_ip>192.0.2.1",
        "</spf></auth_results></record>\n<record><row><source_ip>192.0.2.1",
        1,
    );
    let (_, results) = load(&[("cut.xml", cut)]);
    assert_eq!(results[0].status, FileStatus::Error);
    assert_eq!(results[0].error_kind, Some(ErrorKind::MalformedXml));
    let error = results[0].error.as_deref().unwrap();
    assert!(error.starts_with("cut.xml: malformed XML at line 2, column 1: the end tag </spf>"), "{error}");
}

#[test]
fn a_report_that_does_not_say_what_it_is_is_refused() {
    let (_, results) = load(&[(
        "bare.xml",
        "<feedback><record><row><source_ip>192.0.2.1</source_ip><count>1</count></row></record></feedback>".into(),
    )]);
    assert_eq!(results[0].error_kind, Some(ErrorKind::IncompleteReport));
    assert_eq!(
        results[0].error.as_deref(),
        Some("bare.xml: not a complete report: <feedback/report_metadata> is missing or empty")
    );
}

#[test]
fn the_complete_copy_wins_the_dedupe_in_either_order() {
    let complete = report("Acme", "r1", true, &[("192.0.2.1", "5", true), ("198.51.100.7", "3", false)]);
    let damaged = report("Acme", "r1", false, &[]);
    for order in [[0, 1], [1, 0]] {
        let files = [("complete.xml", complete.clone()), ("damaged.xml", damaged.clone())];
        let (store, results) = load(&[files[order[0]].clone(), files[order[1]].clone()]);
        let a = analysis(&store);
        // The complete copy's figures, whichever came first: 8 messages, 3 failing, 2 records.
        assert_eq!((a.totals.reports, a.totals.records, a.totals.messages, a.totals.dmarc_fail), (1, 2, 8, 3));
        assert_eq!(a.totals.duplicate_reports, 1);
        assert_eq!(a.days.len(), 1);
        assert_eq!(a.spoof_suspects.iter().map(|s| s.messages).sum::<u64>(), 8);
        let by_name = |name: &str| results.iter().find(|r| r.file == name).unwrap();
        // The damaged copy is the duplicate, and says why.
        assert_eq!(by_name("damaged.xml").status, FileStatus::Duplicate, "order {order:?}");
        assert_eq!(by_name("complete.xml").status, FileStatus::Ok, "order {order:?}");
        let warned = by_name("damaged.xml").warnings.join("\n");
        assert!(warned.contains("report \"r1\""), "order {order:?}: {warned}");
    }
}

#[test]
fn hostile_counts_cannot_hide_the_failures_of_other_reports() {
    let good = report("Acme", "g1", true, &[("192.0.2.1", "3", true), ("203.0.113.5", "7", false)]);
    let hostile = report(
        "Evil",
        "h1",
        true,
        &[("198.51.100.1", "18446744073709551613", true), ("198.51.100.2", "18446744073709551611", true)],
    );
    let (store, results) = load(&[("good.xml", good), ("hostile.xml", hostile)]);
    assert_eq!(results[1].skipped_records, 2);
    let a = analysis(&store);
    // Only the good report counts: 10 messages, 7 of them failing DMARC from an unknown source.
    assert_eq!((a.totals.messages, a.totals.dmarc_pass, a.totals.dmarc_fail), (10, 3, 7));
    assert!(a.alerts.iter().any(|alert| alert.id == "spoofing_share"), "{:?}", a.alerts);
}

#[test]
fn sums_saturate_rather_than_wrap() {
    // Past the parser's cap, straight into the store: the analysis must still not wrap.
    let record = |count: u64, pass: bool| Record {
        row: Row {
            source_ip: "192.0.2.9".parse().unwrap(),
            count,
            policy_evaluated: PolicyEvaluated {
                dkim: if pass { DmarcResult::Pass } else { DmarcResult::Fail },
                ..Default::default()
            },
        },
        identifiers: Identifiers::default(),
        auth_results: AuthResults::default(),
    };
    let mut store = Store::new();
    for id in ["a", "b"] {
        store.add(&Report {
            version: None,
            metadata: ReportMetadata { org_name: "x".into(), report_id: id.into(), ..Default::default() },
            policy_published: PolicyPublished { domain: "example.com".into(), ..Default::default() },
            records: vec![record(u64::MAX - 2, true), record(5, false)],
        });
    }
    let a = analysis(&store);
    assert_eq!((a.totals.messages, a.totals.dmarc_pass, a.totals.dmarc_fail), (u64::MAX, u64::MAX, 10));
    assert_eq!(a.patterns.iter().map(|p| p.messages).sum::<u64>(), 10);
    assert_eq!(a.totals.disposition["unknown"], u64::MAX);
}

#[test]
fn dates_out_of_range_are_no_period() {
    let xml = report("Acme", "r1", true, &[("192.0.2.1", "1", true)])
        .replace(&format!("<begin>{BEGIN}"), "<begin>-9223372036854775808");
    let (store, results) = load(&[("old.xml", xml)]);
    assert_eq!(results[0].reports[0].begin, None);
    assert!(
        results[0].warnings[0].contains("is not a time between 1970-01-01 and 9999-12-31"),
        "{:?}",
        results[0].warnings
    );
    let a = analysis(&store);
    assert!(a.days.is_empty() && a.reporters[0].first_seen.is_none());
}

#[test]
fn the_cli_refuses_dates_it_cannot_mean() {
    for args in [["--from", "25252734927766554-01-01"], ["--to", "1969-12-31"], ["--from", "+2024-01-01"]] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_dmarc-lens"))
            .arg("analyze")
            .args(args)
            .arg("missing.xml")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("is not a date YYYY-MM-DD from 1970-01-01 to 9999-12-31"), "{stderr}");
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dmarc-lens"))
        .args(["analyze", "--from", "2025-02-01", "--to", "2025-01-31", "missing.xml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--from is after --to"));
}

#[test]
fn a_report_ending_at_midnight_was_last_seen_the_day_before_and_an_empty_name_is_its_address() {
    // Begin 2023-11-15 00:00, end 2023-11-16 00:00, as Google writes them; no org_name.
    let xml = report("", "r1", true, &[("203.0.113.5", "2", false)])
        .replace(&format!("<end>{}</end>", BEGIN + 86_399), &format!("<end>{}</end>", BEGIN + 86_400))
        .replace("<email>r@</email>", "<email>noreply-dmarc@mail.example.net</email>");
    let (store, results) = load(&[("google.xml", xml)]);
    assert_eq!(results[0].reports[0].org_name, "", "the report keeps what it said");
    let a = analysis(&store);
    assert_eq!(a.reporters[0].org_name, "mail.example.net");
    assert_eq!(a.reporters[0].last_seen, Some(BEGIN + 86_399));
    assert_eq!(dmarc_lens::dates::utc_date(a.spoof_suspects[0].last_seen.unwrap()), "2023-11-15");
    assert_eq!(a.spoof_suspects[0].reporters, ["mail.example.net"]);
}

#[test]
fn fuzzed_inputs_load_without_a_panic() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz");
    let mut names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    assert!(!names.is_empty());
    for path in names {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let mut store = Store::new();
        let result = load_file(&mut store, &name, &bytes, &Limits::default());
        // Whatever it is, it is said: loaded, or an error naming the file.
        assert!(
            result.status != FileStatus::Error || result.error.as_deref().unwrap_or("").starts_with(&name),
            "{result:?}"
        );
        let _ = analysis(&store);
    }
}

#[test]
fn a_link_whose_sources_sum_past_u64_opens_and_packs_again() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz/share-mask-sum-overflow.json");
    let json = std::fs::read_to_string(path).unwrap();
    // Either refused as damaged or opened; when opened, masking it (which merges rows and adds
    // their figures) saturates instead of overflowing.
    if let Ok(shared) = dmarc_lens::share::read_json(&json) {
        let packed = dmarc_lens::share::pack(
            shared.analysis,
            &Filters::default(),
            &AlertRules::default(),
            0,
            true,
            dmarc_lens::share::MAX_FRAGMENT_CHARS,
        );
        assert!(packed.is_ok(), "{packed:?}");
    }
}
