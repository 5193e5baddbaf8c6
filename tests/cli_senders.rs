//! `dmarc-lens analyze` names sources with the built-in sender pack (the app's), `--senders PACK`
//! with another, `--no-senders` with none; a pack that cannot be read is an error naming it.

use std::process::Command;

use serde_json::Value;

/// One day of example.jp: SendGrid's network signs with its own domain and passes SPF for its
/// bounce domain, unaligned (a service not set up: pattern 1); Google's network relays the
/// user's own broken signature (forwarded); an address in TEST-NET-3 fails everything (unknown).
const REPORT: &str = "<feedback><report_metadata><org_name>Yahoo</org_name><email>r@yahoo.com</email>\
<report_id>s1</report_id><date_range><begin>1764547200</begin><end>1764633599</end></date_range></report_metadata>\
<policy_published><domain>example.jp</domain><p>none</p></policy_published>\
<record><row><source_ip>167.89.0.1</source_ip><count>40</count><policy_evaluated><disposition>none</disposition>\
<dkim>fail</dkim><spf>fail</spf></policy_evaluated></row><identifiers><header_from>example.jp</header_from></identifiers>\
<auth_results><dkim><domain>sendgrid.net</domain><result>pass</result></dkim>\
<spf><domain>em123.sendgrid.net</domain><result>pass</result></spf></auth_results></record>\
<record><row><source_ip>209.85.220.41</source_ip><count>6</count><policy_evaluated><disposition>none</disposition>\
<dkim>fail</dkim><spf>fail</spf></policy_evaluated></row><identifiers><header_from>example.jp</header_from></identifiers>\
<auth_results><dkim><domain>example.jp</domain><result>fail</result></dkim>\
<spf><domain>gmail.com</domain><result>pass</result></spf></auth_results></record>\
<record><row><source_ip>203.0.113.9</source_ip><count>9</count><policy_evaluated><disposition>none</disposition>\
<dkim>fail</dkim><spf>fail</spf></policy_evaluated></row><identifiers><header_from>example.jp</header_from></identifiers>\
<auth_results><spf><domain>example.jp</domain><result>fail</result></spf></auth_results></record>\
</feedback>";

fn run(args: &[&str]) -> std::process::Output {
    let dir = std::env::temp_dir().join(format!("dmarc-lens-cli-senders-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("s1.xml");
    std::fs::write(&file, REPORT).unwrap();
    Command::new(env!("CARGO_BIN_EXE_dmarc-lens")).arg("analyze").args(args).arg(&file).output().unwrap()
}

fn analyze(args: &[&str]) -> Value {
    let output = run(args);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

fn suspect<'a>(json: &'a Value, ip: &str) -> &'a Value {
    json["spoof_suspects"].as_array().unwrap().iter().find(|s| s["source_ip"] == ip).unwrap()
}

#[test]
fn the_built_in_pack_names_sources_and_sorts_failing_mail() {
    let json = analyze(&[]);
    let sendgrid = &suspect(&json, "167.89.0.1")["sender"];
    assert!(sendgrid["name"].as_str().unwrap().contains("SendGrid"), "{sendgrid}");
    assert_eq!(sendgrid["evidence"], "dkim");
    assert_eq!(sendgrid["domain"], "sendgrid.net");
    assert_eq!(sendgrid["asn"], 11377);
    assert_eq!(suspect(&json, "167.89.0.1")["classes"]["service_not_set_up"], 40);
    let google = &suspect(&json, "209.85.220.41")["sender"];
    assert_eq!(google["asn"], 15169);
    assert_eq!(google["kind"], "Email Provider");
    assert_eq!(suspect(&json, "209.85.220.41")["classes"]["forwarded"], 6);
    assert_eq!(suspect(&json, "203.0.113.9")["sender"], Value::Null);
    let classes = &json["totals"]["fail_classes"];
    assert_eq!(
        [&classes["yours"], &classes["forwarded"], &classes["service_not_set_up"], &classes["unknown"]],
        [0, 6, 40, 9]
    );
    // One row per sender, most messages first; the unnamed address in a row of its own.
    let senders: Vec<(Value, u64)> = json["senders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["name"].clone(), r["messages"].as_u64().unwrap()))
        .collect();
    assert_eq!(senders.len(), 3);
    assert_eq!(senders.iter().map(|s| s.1).collect::<Vec<_>>(), [40, 9, 6]);
    assert_eq!(senders[1].0, Value::Null);
}

#[test]
fn no_senders_names_nobody_and_a_bad_pack_is_an_error() {
    let json = analyze(&["--no-senders"]);
    assert!(json["spoof_suspects"].as_array().unwrap().iter().all(|s| s["sender"].is_null()));
    let classes = &json["totals"]["fail_classes"];
    assert_eq!([&classes["forwarded"], &classes["service_not_set_up"], &classes["unknown"]], [0, 0, 55]);

    let bad = std::env::temp_dir().join(format!("dmarc-lens-bad-pack-{}.gz", std::process::id()));
    std::fs::write(&bad, b"not a pack").unwrap();
    let output = run(&["--senders", bad.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains(bad.to_str().unwrap()), "{said}");
    let missing = run(&["--senders", "/nonexistent/senders.pack.gz"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read sender pack"));
}

fn analyze_files(args: &[&str], files: &[std::path::PathBuf]) -> Vec<u8> {
    let output = Command::new(env!("CARGO_BIN_EXE_dmarc-lens")).arg("analyze").args(args).args(files).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    output.stdout
}

#[test]
fn the_built_in_pack_is_read_when_a_source_needs_naming_and_the_answer_is_the_same() {
    let dir = std::env::temp_dir().join(format!("dmarc-lens-cli-lazy-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let one = dir.join("s1.xml");
    std::fs::write(&one, REPORT).unwrap();
    let tags = dir.join("tags.csv");
    std::fs::write(
        &tags,
        "cidr,tag,comment,domain\n167.89.0.0/16,SendGrid,,\n209.85.0.0/16,Google,,\n203.0.113.0/24,Odd,,\n",
    )
    .unwrap();
    let tags = tags.to_str().unwrap();
    // Every source tagged: nobody to name, so the pack is not read, and the answer is the one
    // without a pack.
    let tagged = analyze_files(&["--tags", tags], std::slice::from_ref(&one));
    assert_eq!(tagged, analyze_files(&["--tags", tags, "--no-senders"], std::slice::from_ref(&one)));
    let json: Value = serde_json::from_slice(&tagged).unwrap();
    assert_eq!(json["totals"]["fail_classes"]["yours"], 55);
    // A pack given is read whatever the reports hold: a damaged one is still an error.
    let bad = dir.join("bad.pack.gz");
    std::fs::write(&bad, b"not a pack").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_dmarc-lens"))
        .args(["analyze", "--tags", tags, "--senders", bad.to_str().unwrap()])
        .arg(&one)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    // Many files (read while they load, on its own thread) or few (read after): the same bytes.
    let mut many = Vec::new();
    for i in 0..12 {
        let path = dir.join(format!("r{i}.xml"));
        std::fs::write(&path, REPORT.replace("<report_id>s1</report_id>", &format!("<report_id>r{i}</report_id>")))
            .unwrap();
        many.push(path);
    }
    let ahead = analyze_files(&["--jobs", "2"], &many);
    assert_eq!(ahead, analyze_files(&["--jobs", "1"], &many));
    let json: Value = serde_json::from_slice(&ahead).unwrap();
    assert_eq!(json["totals"]["fail_classes"]["service_not_set_up"], 40 * 12);
    let _ = std::fs::remove_dir_all(&dir);
}
