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
