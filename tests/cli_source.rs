//! `dmarc-lens analyze --source IP`: what one source sent, its records grouped into
//! combinations, under the same filters as the analysis. Figures worked out by hand.

use std::path::PathBuf;
use std::process::Command;

use serde_json::{json, Value};

const G1: &str = "<feedback><report_metadata><org_name>google.com</org_name><email>r@google.com</email>\
<report_id>g1</report_id><date_range><begin>1735689600</begin><end>1735775999</end></date_range></report_metadata>\
<policy_published><domain>example.com</domain><p>none</p></policy_published>\
<record><row><source_ip>203.0.113.9</source_ip><count>20</count><policy_evaluated><disposition>none</disposition>\
<dkim>fail</dkim><spf>fail</spf></policy_evaluated></row><identifiers><header_from>example.com</header_from>\
<envelope_from>bounce.esp.example</envelope_from></identifiers><auth_results><dkim><domain>esp.example</domain>\
<selector>s1</selector><result>pass</result></dkim><spf><domain>bounce.esp.example</domain><scope>mfrom</scope>\
<result>pass</result></spf></auth_results></record>\
<record><row><source_ip>::ffff:203.0.113.9</source_ip><count>5</count><policy_evaluated><disposition>none</disposition>\
<dkim>fail</dkim><spf>fail</spf></policy_evaluated></row><identifiers><header_from>example.com</header_from>\
<envelope_from>bounce.esp.example</envelope_from></identifiers><auth_results><dkim><domain>esp.example</domain>\
<selector>s1</selector><result>pass</result></dkim><spf><domain>bounce.esp.example</domain><scope>mfrom</scope>\
<result>pass</result></spf></auth_results></record>\
<record><row><source_ip>203.0.113.9</source_ip><count>3</count><policy_evaluated><disposition>reject</disposition>\
<dkim>fail</dkim><spf>fail</spf><reason><type>forwarded</type></reason></policy_evaluated></row>\
<identifiers><header_from>example.com</header_from></identifiers><auth_results><spf><domain>example.com</domain>\
<scope>helo</scope><result>softfail</result></spf></auth_results></record>\
</feedback>";

/// Yahoo, other.example, 2025-01-02: combination A's From and checks again, 10 messages.
const Y1: &str = "<feedback><report_metadata><org_name>Yahoo</org_name><email>r@yahoo.com</email>\
<report_id>y1</report_id><date_range><begin>1735776000</begin><end>1735862399</end></date_range></report_metadata>\
<policy_published><domain>other.example</domain><p>none</p></policy_published>\
<record><row><source_ip>203.0.113.9</source_ip><count>10</count><policy_evaluated><disposition>none</disposition>\
<dkim>fail</dkim><spf>fail</spf></policy_evaluated></row><identifiers><header_from>example.com</header_from>\
<envelope_from>bounce.esp.example</envelope_from></identifiers><auth_results><dkim><domain>esp.example</domain>\
<selector>s1</selector><result>pass</result></dkim><spf><domain>bounce.esp.example</domain><scope>mfrom</scope>\
<result>pass</result></spf></auth_results></record></feedback>";

/// The two reports in a directory of the test's own (tests run in parallel).
fn reports(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dmarc-lens-cli-source-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("g1.xml"), G1).unwrap();
    std::fs::write(dir.join("y1.xml"), Y1).unwrap();
    dir
}

fn run(test: &str, args: &[&str]) -> std::process::Output {
    let dir = reports(test);
    Command::new(env!("CARGO_BIN_EXE_dmarc-lens")).arg("analyze").args(args).arg(&dir).output().unwrap()
}

fn source(test: &str, args: &[&str]) -> Value {
    let output = run(test, args);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn source_prints_its_combinations() {
    let v = source("combinations", &["--source", "::ffff:203.0.113.9"]);
    assert_eq!(v["schema"], "dmarc-lens/source-records/v1");
    // The mapped address is the IPv4 one: 20 + 5 + 10 in A, 3 in B.
    assert_eq!(v["source_ip"], "203.0.113.9");
    assert_eq!((v["messages"].as_u64(), v["records"].as_u64(), v["distinct"].as_u64()), (Some(38), Some(4), Some(2)));
    assert_eq!((v["dmarc_pass"].as_u64(), v["cut_combinations"].as_u64()), (Some(0), Some(0)));
    let a = &v["combinations"][0];
    assert_eq!(
        *a,
        json!({
            "header_from": "example.com", "envelope_from": "bounce.esp.example",
            "dkim": [{"domain": "esp.example", "selector": "s1", "result": "pass"}],
            "spf": [{"domain": "bounce.esp.example", "scope": "mfrom", "result": "pass"}],
            "disposition": "none", "policy_dkim": "fail", "policy_spf": "fail", "dmarc": "fail", "pattern": 1,
            "reasons": [], "messages": 35, "records": 3, "reporters": ["google.com", "Yahoo"],
            "first_day": "2025-01-01", "last_day": "2025-01-02", "days_seen": 2
        })
    );
    let b = &v["combinations"][1];
    assert_eq!(
        (b["messages"].as_u64(), b["pattern"].as_u64(), b["disposition"].as_str()),
        (Some(3), Some(4), Some("reject"))
    );
    assert_eq!(b["reasons"], json!([{"type": "forwarded", "comment": ""}]));
    assert_eq!(b["spf"], json!([{"domain": "example.com", "scope": "helo", "result": "softfail"}]));
    assert_eq!(b["dkim"], json!([]));
}

#[test]
fn source_takes_the_analysis_filters() {
    // Only example.com's reports: Yahoo's (other.example) drops out.
    let v = source("filters", &["--source", "203.0.113.9", "--domain", "example.com"]);
    assert_eq!(v["filters"]["domain"], "example.com");
    assert_eq!(v["combinations"][0]["messages"].as_u64(), Some(25));
    assert_eq!(v["combinations"][0]["reporters"], json!(["google.com"]));
    // From 2025-01-02: Yahoo's only.
    let v = source("filters", &["--source", "203.0.113.9", "--from", "2025-01-02"]);
    assert_eq!((v["messages"].as_u64(), v["distinct"].as_u64()), (Some(10), Some(1)));
    // A source not in the reports: nothing, and it still ran.
    let v = source("filters", &["--source", "192.0.2.1"]);
    assert_eq!((v["messages"].as_u64(), v["combinations"].as_array().map(Vec::len)), (Some(0), Some(0)));
    // Not an address: bad usage.
    assert_eq!(run("filters", &["--source", "203.0.113"]).status.code(), Some(2));
}
