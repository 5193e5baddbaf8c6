//! Golden files: the CLI's JSON for the small reports in `tests/data/golden/`, compared byte for
//! byte with the `.expected.json` beside them. A change to what the CLI prints shows up here as
//! a diff to review; `UPDATE_EXPECT=1 cargo test --test golden` writes the new output instead.

use std::path::Path;
use std::process::Command;

fn check(name: &str, args: &[&str]) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/golden");
    let output = Command::new(env!("CARGO_BIN_EXE_dmarc-lens")).current_dir(&dir).args(args).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let got = String::from_utf8(output.stdout).unwrap();
    let path = dir.join(format!("{name}.expected.json"));
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    if got != want {
        let line = got.lines().zip(want.lines()).position(|(a, b)| a != b).unwrap_or(0);
        panic!(
            "{name}: the CLI's output differs from {} from line {} on:\n  got:  {}\n  want: {}\n(UPDATE_EXPECT=1 writes the new output; review the diff)",
            path.display(),
            line + 1,
            got.lines().nth(line).unwrap_or(""),
            want.lines().nth(line).unwrap_or("")
        );
    }
}

const FILES: [&str; 4] = ["month.xml", "midnight.xml", "cut-record.xml", "hostile-counts.xml"];

#[test]
fn analysis_of_a_small_month() {
    let mut args = vec!["analyze", "--pretty", "--tags", "senders.csv"];
    args.extend(FILES);
    check("analysis", &args);
}

#[test]
fn analysis_of_one_day_of_one_domain() {
    let mut args = vec!["analyze", "--pretty", "--tags", "senders.csv", "--from", "2025-11-16", "--to", "2025-11-16"];
    args.extend(FILES);
    check("one-day", &args);
}

/// The same month's figures, worked out by hand from the four files: month.xml has 120 passing
/// and 7 + 5 failing messages from the relay (192.0.2.10-12, tagged), 11 from 198.51.100.20
/// (SPF only) and 250 from 203.0.113.66 (neither); midnight.xml 30 passing from the relay and 4
/// from 203.0.113.66; cut-record.xml is refused; hostile-counts.xml keeps only its 2 failing
/// messages (the other record's count is implausible).
#[test]
fn the_golden_month_by_hand() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/golden/analysis.expected.json");
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let t = &json["totals"];
    let totals: Vec<u64> =
        ["messages", "dmarc_pass", "dmarc_fail", "tagged", "untagged"].iter().map(|k| t[k].as_u64().unwrap()).collect();
    assert_eq!(totals, [429, 150, 279, 162, 267]);
    let patterns: Vec<(u64, u64, u64)> = json["patterns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["messages"].as_u64().unwrap(), p["tagged"].as_u64().unwrap(), p["untagged"].as_u64().unwrap()))
        .collect();
    assert_eq!(patterns, [(7, 7, 0), (5, 5, 0), (11, 0, 11), (256, 0, 256)]);
    let top = &json["spoof_suspects"][0];
    assert_eq!((top["source_ip"].as_str(), top["messages"].as_u64()), (Some("203.0.113.66"), Some(254)));
    // Seen last in midnight.xml, which ends at 2025-11-17 00:00: the last second of the 16th.
    assert_eq!(top["last_seen"].as_i64(), Some(1_763_337_599));
    let files: Vec<&str> = json["files"].as_array().unwrap().iter().map(|f| f["status"].as_str().unwrap()).collect();
    assert_eq!(files, ["ok", "ok", "error", "ok"]);
}

/// `--window 1` on the same month: the window is the 16th (midnight.xml, from
/// mail.example.net: 30 passing from the relay, 4 from 203.0.113.66), the period before it the
/// 15th (google.com's month.xml, 393, and Evil Corp's hostile-counts.xml, 2; 12 + 11 + 250 + 2
/// failing). The relay's 12 failing messages were all on the 15th, so on the window it passes,
/// since the 16th. Neither reporter of the 15th reports on the 16th: they are gone, and the
/// sources only they saw are not (nobody watching them could see them stop).
#[test]
fn a_window_of_one_day() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/golden");
    let mut args = vec!["analyze", "--tags", "senders.csv", "--window", "1"];
    args.extend(FILES);
    let output = Command::new(env!("CARGO_BIN_EXE_dmarc-lens")).current_dir(&dir).args(&args).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let history = &json["history"];
    assert_eq!(history["window"]["from"], "2025-11-16");
    assert_eq!(history["window"]["days"], 1);
    let c = &history["comparison"];
    let counts = |p: &serde_json::Value| (p["messages"].as_u64().unwrap(), p["dmarc_fail"].as_u64().unwrap());
    assert_eq!(counts(&c["previous"]), (395, 275));
    assert_eq!(counts(&c["current"]), (34, 4));
    assert_eq!(c["tags"][0]["tag"], "Head office relay");
    assert_eq!((counts(&c["tags"][0]["previous"]), counts(&c["tags"][0]["current"])), ((132, 12), (30, 0)));
    assert_eq!(history["new_sources_total"], 0);
    assert_eq!(history["gone_sources_total"], 0);
    let gone: Vec<&str> =
        history["gone_reporters"].as_array().unwrap().iter().map(|r| r["org_name"].as_str().unwrap()).collect();
    assert_eq!(gone, ["google.com", "Evil Corp"]);
    let window = &json["readiness"][0]["window"];
    assert_eq!((window["tagged_messages"].as_u64(), window["tagged_fail_messages"].as_u64()), (Some(30), Some(0)));
    assert_eq!(window["own_pass_since"], "2025-11-16");
    assert_eq!(window["last_failure"]["date"], "2025-11-15");
    // The fields that were there before are the same whatever the window.
    let plain: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("analysis.expected.json")).unwrap()).unwrap();
    for field in ["totals", "patterns", "tags", "spoof_suspects", "days", "reporters", "domains", "senders"] {
        assert_eq!(json[field], plain[field], "{field}");
    }
    let err = Command::new(env!("CARGO_BIN_EXE_dmarc-lens"))
        .current_dir(&dir)
        .args(["analyze", "--window", "0", "month.xml"])
        .output()
        .unwrap();
    assert!(!err.status.success());
    assert!(String::from_utf8_lossy(&err.stderr).contains("--window"));
}
