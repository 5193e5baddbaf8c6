//! `dmarc-lens export`: rows of small generated reports, checked against figures written here
//! by hand; parsedmarc's CSV columns; duplicates written once; the directory layout.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use sha2::{Digest, Sha256};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dmarc-lens-export-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn report(org: &str, id: &str, begin: i64, records: &[&str]) -> String {
    format!(
        "<?xml version=\"1.0\"?><feedback><report_metadata><org_name>{org}</org_name><email>dmarc@{org}.example</email>\
<report_id>{id}</report_id><date_range><begin>{begin}</begin><end>{}</end></date_range></report_metadata>\
<policy_published><domain>example.com</domain><adkim>r</adkim><aspf>s</aspf><p>none</p><sp>quarantine</sp><pct>100</pct></policy_published>{}</feedback>",
        begin + 86_399,
        records.concat()
    )
}

#[allow(clippy::too_many_arguments)]
fn record(ip: &str, count: u64, dkim: &str, spf: &str, from: &str, auth: &str, reason: &str) -> String {
    format!(
        "<record><row><source_ip>{ip}</source_ip><count>{count}</count><policy_evaluated><disposition>none</disposition>\
<dkim>{dkim}</dkim><spf>{spf}</spf>{reason}</policy_evaluated></row><identifiers><header_from>{from}</header_from>\
<envelope_to>example.net</envelope_to></identifiers><auth_results>{auth}</auth_results></record>"
    )
}

const NOV_1: i64 = 1_761_955_200; // 2025-11-01T00:00:00Z
const NOV_2: i64 = NOV_1 + 86_400;

/// Three files: Google's report (two records), Yahoo's (one record, forwarded), Google's again
/// with one record fewer (a worse copy), and one that is not a report.
fn inputs(dir: &Path) -> Vec<PathBuf> {
    let passing = record(
        "192.0.2.1",
        3,
        "pass",
        "pass",
        "example.com",
        "<dkim><domain>example.com</domain><selector>s1</selector><result>pass</result></dkim><spf><domain>example.com</domain><scope>mfrom</scope><result>pass</result></spf>",
        "",
    );
    let unaligned = record(
        "198.51.100.7",
        2,
        "fail",
        "fail",
        "example.com",
        "<dkim><domain>mailer.example</domain><selector>k</selector><result>pass</result></dkim><spf><domain>bounce.example</domain><result>fail</result></spf>",
        "",
    );
    // Written IPv4-mapped, exported as the IPv4 address it is, as the analysis counts it.
    let forwarded = record(
        "::ffff:203.0.113.9",
        5,
        "fail",
        "fail",
        "=HYPERLINK(\"x\")",
        "<spf><domain>example.com</domain><result>softfail</result></spf>",
        "<reason><type>forwarded</type><comment>via list</comment></reason>",
    );
    let files = [
        ("google.xml", report("google.com", "g1", NOV_1, &[&passing, &unaligned])),
        ("yahoo.xml", report("Yahoo", "y1", NOV_2, &[&forwarded])),
        ("google-again.xml", report("google.com", "g1", NOV_1, &[&passing])),
        ("notes.txt", "these are not the reports you are looking for".to_string()),
    ];
    files
        .iter()
        .map(|(name, text)| {
            let path = dir.join(name);
            std::fs::write(&path, text).unwrap();
            path
        })
        .collect()
}

fn export(dir: &Path, args: &[&str], files: &[PathBuf]) -> (String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_dmarc-lens"))
        .current_dir(dir)
        .arg("export")
        .args(args)
        .args(files)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    (String::from_utf8(output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap())
}

fn sha256(path: &Path) -> String {
    Sha256::digest(std::fs::read(path).unwrap()).iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn ndjson_rows_carry_every_field_with_pattern_tag_key_and_file() {
    let dir = scratch("ndjson");
    let files = inputs(&dir);
    std::fs::write(dir.join("tags.csv"), "cidr,tag,comment,domain\n192.0.2.0/24,Relay,,\n").unwrap();
    let (stdout, stderr) = export(&dir, &["--tags", "tags.csv"], &files);
    assert!(stderr.contains("notes.txt"), "the file that failed is named: {stderr}");
    let rows: Vec<Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    // Google's two records once (the worse copy adds none), then Yahoo's.
    let summary: Vec<(String, u64, Value, Value, String)> = rows
        .iter()
        .map(|r| {
            (
                r["source_ip"].as_str().unwrap().to_string(),
                r["count"].as_u64().unwrap(),
                r["pattern"].clone(),
                r["tag"].clone(),
                r["reporter"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("192.0.2.1".to_string(), 3, Value::Null, Value::from("Relay"), "google.com".to_string()),
            ("198.51.100.7".to_string(), 2, Value::from(2), Value::Null, "google.com".to_string()),
            ("203.0.113.9".to_string(), 5, Value::from(4), Value::Null, "Yahoo".to_string()),
        ]
    );
    let first = &rows[0];
    assert_eq!(first["report_id"], "g1");
    assert_eq!(first["org_email"], "dmarc@google.com.example");
    assert_eq!(first["begin"], NOV_1);
    assert_eq!(first["begin_date"], "2025-11-01 00:00:00");
    assert_eq!(first["end_date"], "2025-11-01 23:59:59");
    assert_eq!(
        (&first["p"], &first["sp"], &first["pct"], &first["adkim"], &first["aspf"]),
        (&Value::from("none"), &Value::from("quarantine"), &Value::from(100), &Value::from("r"), &Value::from("s"))
    );
    assert_eq!(first["dkim"][0]["selector"], "s1");
    assert_eq!(first["spf"][0]["scope"], "mfrom");
    assert_eq!(first["dmarc_pass"], true);
    assert_eq!(first["record_index"], 0);
    assert_eq!(first["envelope_to"], "example.net");
    assert_eq!(first["file"], files[0].to_string_lossy().as_ref());
    assert_eq!(first["file_sha256"], sha256(&files[0]));
    assert_eq!(rows[2]["reasons"][0]["type"], "forwarded");
    assert_eq!(rows[2]["reasons"][0]["comment"], "via list");
    // JSON stays raw: the formula is data here.
    assert_eq!(rows[2]["header_from"], "=HYPERLINK(\"x\")");
    let keys: Vec<&str> = rows.iter().map(|r| r["row_key"].as_str().unwrap()).collect();
    // The report's key (96 bits of hex), `-`, the record's index.
    assert!(keys[0].len() == 26 && keys[0].ends_with("-0") && keys[1].ends_with("-1"), "{keys:?}");
    assert_eq!(keys[0][..24], keys[1][..24]);
    assert_eq!(rows[0]["report_key"].as_str().unwrap(), &keys[0][..24]);
    assert!(keys[0] != keys[1] && keys[1] != keys[2]);
    // The same report exported again, from another run, has the same keys.
    let (again, _) = export(&dir, &[], &files[..2]);
    let again_keys: Vec<String> = again
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["row_key"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(again_keys, keys);
    // Filters choose reports as analyze does.
    let (from_nov_2, _) = export(&dir, &["--from", "2025-11-02"], &files);
    assert_eq!(from_nov_2.lines().count(), 1);
    assert!(from_nov_2.contains("\"report_id\":\"y1\""));
}

#[test]
fn csv_rows_start_with_parsedmarcs_columns_and_are_safe_in_a_spreadsheet() {
    let dir = scratch("csv");
    let files = inputs(&dir);
    let (stdout, _) = export(&dir, &["--format", "csv"], &files);
    let mut reader = csv::Reader::from_reader(stdout.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    // parsedmarc 11.1.0's parsed_aggregate_reports_to_csv, column for column.
    let parsedmarc = "xml_schema,org_name,org_email,org_extra_contact_info,report_id,begin_date,end_date,\
normalized_timespan,errors,domain,adkim,aspf,p,sp,np,pct,fo,testing,discovery_method,source_ip_address,\
source_country,source_reverse_dns,source_base_domain,source_name,source_type,source_asn,source_as_name,\
source_as_domain,count,spf_aligned,dkim_aligned,dmarc_aligned,disposition,policy_override_reasons,\
policy_override_comments,envelope_from,header_from,envelope_to,dkim_domains,dkim_selectors,dkim_results,\
spf_domains,spf_scopes,spf_results";
    assert_eq!(header[..44].join(","), parsedmarc);
    assert_eq!(header[44..52].join(","), "row_key,reporter,record_index,dmarc_pass,pattern,tag,file,file_sha256");
    assert_eq!(header.len(), 60, "then the sender and the class");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    let cell = |row: usize, name: &str| rows[row][header.iter().position(|h| h == name).unwrap()].to_string();
    assert_eq!(cell(0, "begin_date"), "2025-11-01 00:00:00");
    assert_eq!(
        (cell(0, "spf_aligned"), cell(0, "dkim_aligned"), cell(0, "dmarc_aligned")),
        ("True".into(), "True".into(), "True".into())
    );
    assert_eq!((cell(1, "dmarc_aligned"), cell(1, "pattern")), ("False".into(), "2".into()));
    assert_eq!(cell(1, "dkim_domains"), "mailer.example");
    assert_eq!(cell(1, "dkim_results"), "pass");
    assert_eq!(cell(1, "spf_results"), "fail");
    assert_eq!(
        (cell(2, "policy_override_reasons"), cell(2, "policy_override_comments")),
        ("forwarded".into(), "via list".into())
    );
    assert_eq!(cell(2, "count"), "5");
    assert_eq!(cell(2, "header_from"), "'=HYPERLINK(\"x\")");
}

#[test]
fn a_directory_gets_one_part_per_day_and_file_written_whole_and_kept() {
    let dir = scratch("out");
    let files = inputs(&dir);
    let out = dir.join("rows");
    let (_, stderr) = export(&dir, &["--out", "rows"], &files);
    assert!(stderr.contains("3 rows"), "{stderr}");
    let google = out.join("date=2025-11-01").join(format!("part-{}.ndjson", &sha256(&files[0])[..32]));
    let yahoo = out.join("date=2025-11-02").join(format!("part-{}.ndjson", &sha256(&files[1])[..32]));
    assert_eq!(std::fs::read_to_string(&google).unwrap().lines().count(), 2);
    assert_eq!(std::fs::read_to_string(&yahoo).unwrap().lines().count(), 1);
    let ledger: Value = serde_json::from_str(&std::fs::read_to_string(out.join("files.json")).unwrap()).unwrap();
    let statuses: Vec<&str> = ledger.as_array().unwrap().iter().map(|f| f["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["ok", "ok", "duplicate", "error"]);
    // Nothing half-written is left, and a second run keeps what is there.
    let leftovers: Vec<_> = walk(&out).into_iter().filter(|p| p.to_string_lossy().contains(".partial")).collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    std::fs::write(&google, "kept\n").unwrap();
    export(&dir, &["--out", "rows"], &files);
    assert_eq!(std::fs::read_to_string(&google).unwrap(), "kept\n");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_rows_hold_the_ndjson_rows_typed_and_nested() {
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    use parquet::file::reader::{FileReader, SerializedFileReader};

    let dir = scratch("parquet");
    let files = inputs(&dir);
    std::fs::write(dir.join("tags.csv"), "cidr,tag,comment,domain\n192.0.2.0/24,Relay,,\n").unwrap();
    let (_, stderr) = export(&dir, &["--format", "parquet", "--out", "rows", "--tags", "tags.csv"], &files);
    assert!(stderr.contains("3 rows"), "{stderr}");
    let google = dir.join("rows/date=2025-11-01").join(format!("part-{}.parquet", &sha256(&files[0])[..32]));
    let yahoo = dir.join("rows/date=2025-11-02").join(format!("part-{}.parquet", &sha256(&files[1])[..32]));
    let reader = SerializedFileReader::new(std::fs::File::open(&google).unwrap()).unwrap();
    let column = reader.metadata().row_group(0).column(0);
    // The level is not recorded in the file; the codec is.
    assert!(column.compression().to_string().starts_with("ZSTD"), "{}", column.compression());
    let read = |path: &Path| {
        let batches: Vec<_> = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(path).unwrap())
            .unwrap()
            .build()
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let mut json = Vec::new();
        let mut writer = arrow_json::LineDelimitedWriter::new(&mut json);
        for batch in &batches {
            writer.write(batch).unwrap();
        }
        writer.finish().unwrap();
        let rows: Vec<Value> =
            String::from_utf8(json).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        rows
    };
    let rows: Vec<Value> = [read(&google), read(&yahoo)].concat();
    let summary: Vec<(&str, u64, Value, Value)> = rows
        .iter()
        .map(|r| {
            (r["source_ip"].as_str().unwrap(), r["count"].as_u64().unwrap(), r["pattern"].clone(), r["tag"].clone())
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("192.0.2.1", 3, Value::Null, Value::from("Relay")),
            ("198.51.100.7", 2, Value::from(2), Value::Null),
            ("203.0.113.9", 5, Value::from(4), Value::Null),
        ]
    );
    assert_eq!(rows[0]["begin"], NOV_1);
    assert_eq!(rows[0]["dkim"][0]["selector"], "s1");
    assert_eq!(rows[0]["spf"][0]["scope"], "mfrom");
    assert_eq!(rows[1]["dkim"][0]["domain"], "mailer.example");
    assert_eq!(rows[2]["reasons"][0]["type"], "forwarded");
    assert_eq!(rows[2]["reasons"][0]["comment"], "via list");
    assert_eq!(rows[2]["header_from"], "=HYPERLINK(\"x\")");
    assert_eq!(rows[0]["file_sha256"], sha256(&files[0]));
}

/// One report of example.com whose rows the built-in sender pack names and sorts, each class by
/// hand: a registered network's failing mail (yours), the receiver's word for forwarding, Google
/// relaying the user's own signature (forwarded, its address written IPv4-mapped), SendGrid
/// signing with its own domain (a service not set up) and passing once, and TEST-NET-2 failing
/// everything (unknown).
fn named_inputs(dir: &Path, relay_ip: &str) -> Vec<PathBuf> {
    let fails = "<spf><domain>example.com</domain><result>fail</result></spf>";
    let records = [
        record("192.0.2.1", 4, "fail", "fail", "example.com", fails, ""),
        record(
            "203.0.113.9",
            5,
            "fail",
            "fail",
            "example.com",
            fails,
            "<reason><type>forwarded</type><comment>via list</comment></reason>",
        ),
        record(
            relay_ip,
            6,
            "fail",
            "fail",
            "example.com",
            "<dkim><domain>example.com</domain><result>fail</result></dkim><spf><domain>gmail.com</domain><result>pass</result></spf>",
            "",
        ),
        record(
            "167.89.0.1",
            40,
            "fail",
            "fail",
            "example.com",
            "<dkim><domain>sendgrid.net</domain><result>pass</result></dkim><spf><domain>em123.sendgrid.net</domain><result>pass</result></spf>",
            "",
        ),
        record(
            "167.89.0.1",
            2,
            "pass",
            "fail",
            "example.com",
            "<dkim><domain>example.com</domain><result>pass</result></dkim><spf><domain>em123.sendgrid.net</domain><result>pass</result></spf>",
            "",
        ),
        record("198.51.100.7", 9, "fail", "fail", "example.com", fails, ""),
    ];
    let refs: Vec<&str> = records.iter().map(String::as_str).collect();
    let path = dir.join("named.xml");
    std::fs::write(&path, report("google.com", "n1", NOV_1, &refs)).unwrap();
    std::fs::write(dir.join("tags.csv"), "cidr,tag,comment,domain\n192.0.2.0/24,Relay,,\n").unwrap();
    vec![path]
}

/// (source_ip, sender_name, sender_type, sender_evidence, sender_asn, fail_class) of each row.
fn named_summary(rows: &[Value]) -> Vec<(String, Value, Value, Value, Value, Value)> {
    rows.iter()
        .map(|r| {
            (
                r["source_ip"].as_str().unwrap().to_string(),
                r["sender_name"].clone(),
                r["sender_type"].clone(),
                r["sender_evidence"].clone(),
                r["sender_asn"].clone(),
                r["fail_class"].clone(),
            )
        })
        .collect()
}

#[test]
fn rows_name_their_sender_and_class_as_analyze_does() {
    let dir = scratch("named");
    let files = named_inputs(&dir, "::ffff:209.85.220.41");
    let (stdout, _) = export(&dir, &["--tags", "tags.csv"], &files);
    let rows: Vec<Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let summary = named_summary(&rows);
    let null = Value::Null;
    let text = |s: &str| Value::from(s);
    assert_eq!(summary[0], ("192.0.2.1".into(), null.clone(), null.clone(), null.clone(), null.clone(), text("yours")));
    assert_eq!(
        summary[1],
        ("203.0.113.9".into(), null.clone(), null.clone(), null.clone(), null.clone(), text("forwarded"))
    );
    // The IPv4-mapped address is named as the IPv4 address it is: Google, by its network; the
    // user's own broken signature relayed by a mailbox provider, so forwarded.
    assert_eq!(summary[2].0, "209.85.220.41");
    assert_eq!(
        (&summary[2].2, &summary[2].3, &summary[2].4),
        (&text("Email Provider"), &text("network"), &Value::from(15169))
    );
    assert_eq!(summary[2].5, text("forwarded"));
    assert!(summary[3].1.as_str().unwrap().contains("SendGrid"), "{:?}", summary[3]);
    assert_eq!(
        (&summary[3].3, &summary[3].4, &summary[3].5),
        (&text("dkim"), &Value::from(11377), &text("service_not_set_up"))
    );
    assert_eq!(rows[3]["sender_domain"], "sendgrid.net");
    assert_eq!(rows[3]["sender_country"], "US");
    // The passing row of the same source: the same sender, no class.
    assert_eq!(summary[4].1, summary[3].1);
    assert_eq!(summary[4].5, null);
    assert_eq!(
        summary[5],
        ("198.51.100.7".into(), null.clone(), null.clone(), null.clone(), null.clone(), text("unknown"))
    );

    // The analysis of the same reports: the same sender for every untagged source, and the rows'
    // messages by class are its totals.
    let output = Command::new(env!("CARGO_BIN_EXE_dmarc-lens"))
        .current_dir(&dir)
        .args(["analyze", "--tags", "tags.csv"])
        .args(&files)
        .output()
        .unwrap();
    let analysis: Value = serde_json::from_slice(&output.stdout).unwrap();
    for suspect in analysis["spoof_suspects"].as_array().unwrap() {
        let ip = suspect["source_ip"].as_str().unwrap();
        for row in rows.iter().filter(|r| r["source_ip"] == ip) {
            let sender = &suspect["sender"];
            let (name, asn) = (&sender["name"], &sender["asn"]);
            assert_eq!((&row["sender_name"], &row["sender_asn"]), (name, asn), "{ip}");
            assert_eq!(row["sender_type"], sender["kind"], "{ip}");
            assert_eq!(row["sender_as_name"], sender["as_name"], "{ip}");
        }
    }
    let classes = &analysis["totals"]["fail_classes"];
    for class in ["yours", "forwarded", "service_not_set_up", "unknown"] {
        let sum: u64 = rows.iter().filter(|r| r["fail_class"] == class).map(|r| r["count"].as_u64().unwrap()).sum();
        assert_eq!(classes[class], sum, "{class}");
    }
    assert_eq!(classes["forwarded"], 11);

    // The same report with the address written as IPv4: the same row.
    let plain_dir = scratch("named-plain");
    let (plain, _) = export(&plain_dir, &["--tags", "tags.csv"], &named_inputs(&plain_dir, "209.85.220.41"));
    let plain: Vec<Value> = plain.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(named_summary(&plain), summary);

    // --no-senders names nobody; the classes are what the reports alone tell.
    let (bare, _) = export(&dir, &["--tags", "tags.csv", "--no-senders"], &files);
    let bare: Vec<Value> = bare.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(bare.iter().all(|r| r["sender_name"].is_null() && r["sender_asn"].is_null()));
    let classes: Vec<&Value> = bare.iter().map(|r| &r["fail_class"]).collect();
    assert_eq!(
        classes,
        [&text("yours"), &text("forwarded"), &text("unknown"), &text("unknown"), &null, &text("unknown")]
    );
    // A pack that cannot be read is an error for export too.
    std::fs::write(dir.join("bad.pack.gz"), b"not a pack").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_dmarc-lens"))
        .current_dir(&dir)
        .args(["export", "--senders", "bad.pack.gz"])
        .args(&files)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("bad.pack.gz"));
}

#[test]
fn csv_and_parquet_rows_end_with_the_sender_and_class() {
    let dir = scratch("named-csv");
    let files = named_inputs(&dir, "::ffff:209.85.220.41");
    let (stdout, _) = export(&dir, &["--format", "csv", "--tags", "tags.csv"], &files);
    let mut reader = csv::Reader::from_reader(stdout.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(
        header[52..].join(","),
        "sender_name,sender_type,sender_evidence,sender_domain,sender_asn,sender_as_name,sender_country,fail_class"
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let cell = |row: usize, name: &str| rows[row][header.iter().position(|h| h == name).unwrap()].to_string();
    // parsedmarc's own source columns stay empty: they are read from reverse DNS, which no
    // report carries.
    assert_eq!((cell(3, "source_name"), cell(3, "source_asn")), (String::new(), String::new()));
    assert!(cell(3, "sender_name").contains("SendGrid"));
    assert_eq!((cell(3, "sender_asn"), cell(3, "fail_class")), ("11377".into(), "service_not_set_up".into()));
    assert_eq!((cell(4, "sender_evidence"), cell(4, "fail_class")), ("dkim".into(), String::new()));
    assert_eq!((cell(0, "sender_name"), cell(0, "fail_class")), (String::new(), "yours".into()));

    #[cfg(feature = "parquet")]
    {
        use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
        let (_, stderr) = export(&dir, &["--format", "parquet", "--out", "rows", "--tags", "tags.csv"], &files);
        assert!(stderr.contains("6 rows"), "{stderr}");
        let part = dir.join("rows/date=2025-11-01").join(format!("part-{}.parquet", &sha256(&files[0])[..32]));
        let reader = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&part).unwrap()).unwrap();
        let schema = reader.schema().clone();
        let asn = schema.field_with_name("sender_asn").unwrap();
        assert!(asn.is_nullable() && asn.data_type() == &arrow_schema::DataType::UInt32, "{asn:?}");
        let mut json = Vec::new();
        let mut writer = arrow_json::LineDelimitedWriter::new(&mut json);
        for batch in reader.build().unwrap() {
            writer.write(&batch.unwrap()).unwrap();
        }
        writer.finish().unwrap();
        let rows: Vec<Value> =
            String::from_utf8(json).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        let (ndjson, _) = export(&dir, &["--tags", "tags.csv"], &files);
        let ndjson: Vec<Value> = ndjson.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        // arrow-json leaves nulls out, which read as null all the same.
        assert_eq!(named_summary(&rows), named_summary(&ndjson));
    }
}
