//! `dmarc-lens analyze --top N`: the long tables keep their first N rows, every other figure stays.

use std::process::Command;

use serde_json::Value;

fn analyze(args: &[&str]) -> (Value, String) {
    let month = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/golden/month.xml");
    let output = Command::new(env!("CARGO_BIN_EXE_dmarc-lens")).arg("analyze").args(args).arg(month).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    (serde_json::from_slice(&output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap())
}

#[test]
fn top_keeps_the_first_rows_of_long_tables_and_every_total() {
    let (whole, quiet) = analyze(&[]);
    let (top, said) = analyze(&["--top", "1"]);
    assert!(quiet.is_empty(), "{quiet}");
    let suspects = whole["spoof_suspects"].as_array().unwrap();
    // Without tags the month's five sources are all possible spoofing; one is kept, the one with
    // most messages. It has one reporter and one domain: nothing to cut there.
    assert_eq!(suspects.len(), 5);
    assert_eq!(top["spoof_suspects"].as_array().unwrap().as_slice(), &suspects[..1]);
    assert_eq!(top["reporters"].as_array().unwrap().as_slice(), &whole["reporters"].as_array().unwrap()[..1]);
    assert_eq!(said.trim(), "dmarc-lens: --top 1: cut spoof_suspects 5 to 1");
    let first = &suspects[0]["messages"];
    assert!(suspects.iter().all(|s| s["messages"].as_u64() <= first.as_u64()));
    for field in ["totals", "patterns", "days", "alerts", "readiness", "files", "domains"] {
        assert_eq!(top[field], whole[field], "{field}");
    }
    let (bad, _) =
        (Command::new(env!("CARGO_BIN_EXE_dmarc-lens")).args(["analyze", "--top", "x", "y"]).output().unwrap(), ());
    assert_eq!(bad.status.code(), Some(2));
}
