//! Properties: the whole engine returns on any bytes, and opening a share link returns on any
//! JSON.
//!
//! Valid inputs in each container (XML, gzip, zip, e-mail, mbox) are mutated thousands of times
//! by a deterministic xorshift generator: bytes flipped, cut off, random bytes inserted, pieces
//! spliced in from the same or another input; pure random byte strings and strings of format
//! tokens are added. Each goes through `load_file`, the analyses, the JSON export, every CSV
//! table and a share link packed and opened again. A failure prints the case number and seed to
//! replay it.
//!
//! A real share link's JSON is also changed one value at a time (numbers, strings, arrays and
//! objects replaced by hostile ones) and opened with `share::read_json`.

use std::io::{Cursor, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

use dmarc_lens::analyze::{analyze, assign, AlertRules, Analysis, Filters};
use dmarc_lens::dates::{days_from_civil, parse_date};
use dmarc_lens::export::{self, Export, FilterEcho, Table};
use dmarc_lens::ledger::Note;
use dmarc_lens::share::{self, ShareError};
use dmarc_lens::tags::{parse_net, TagRule, TagSet};
use dmarc_lens::text::{Lang, Numbers};
use dmarc_lens::{load_file, FileResult, FileStatus, Limits, Store};
use flate2::write::GzEncoder;
use flate2::Compression;
use serde_json::Value;
use zip::write::SimpleFileOptions;

/// xorshift64*: small, deterministic, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

const REPORT: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feedback xmlns=\"urn:ietf:params:xml:ns:dmarc-2.0\">\n<version>1.0</version>\n<report_metadata><org_name>Acme &amp; Co</org_name><email>d@acme.example</email><report_id>r1</report_id><date_range><begin>1700000000</begin><end>1700086400</end></date_range></report_metadata>\n<policy_published><domain>example.com</domain><adkim>r</adkim><p>reject</p><pct>100</pct></policy_published>\n<record><row><source_ip>192.0.2.1</source_ip><count>3</count><policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>fail</spf><reason><type>forwarded</type></reason></policy_evaluated></row><identifiers><header_from>example.com</header_from></identifiers><auth_results><dkim><domain>example.com</domain><selector>s</selector><result>pass</result></dkim><spf><domain>example.com</domain><scope>mfrom</scope><result>fail</result></spf></auth_results></record>\n<record><row><source_ip>2001:db8::1</source_ip><count>1</count><policy_evaluated><disposition>reject</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row><identifiers><header_from>example.com</header_from></identifiers><auth_results/></record>\n</feedback>\n";

fn gz(data: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in entries {
        w.start_file(*name, SimpleFileOptions::default()).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn base64(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for (i, chunk) in data.chunks(3).enumerate() {
        if i > 0 && i % 19 == 0 {
            out.push_str("\r\n");
        }
        let n = u32::from(chunk[0]) << 16
            | u32::from(*chunk.get(1).unwrap_or(&0)) << 8
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for k in 0..4 {
            out.push(if k <= chunk.len() { char::from(ALPHABET[(n >> (18 - 6 * k) & 63) as usize]) } else { '=' });
        }
    }
    out
}

fn eml(zip: &[u8]) -> Vec<u8> {
    format!(
        "From: a@acme.example\r\nSubject: Report\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b\r\nContent-Type: application/zip\r\nContent-Disposition: attachment; filename*0=\"r\"; filename*1=\".zip\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n--b\r\nContent-Type: text/xml\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{}\r\n--b--\r\n",
        base64(zip),
        REPORT.replace('=', "=3D").replace("UTF-8", "UTF=\r\n-8")
    )
    .into_bytes()
}

/// Pieces of every format the decoder knows, to build inputs that get past the first sniff.
const TOKENS: &[&[u8]] = &[
    b"<feedback>",
    b"</feedback>",
    b"<record>",
    b"</record>",
    b"<row>",
    b"<source_ip>1.2.3.4</source_ip>",
    b"<count>",
    b"</count>",
    b"<report_metadata>",
    b"<date_range>",
    b"<begin>1</begin>",
    b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
    b"&a;",
    b"&#x0;",
    b"<![CDATA[",
    b"]]>",
    b"<?xml version='1.0' encoding='windows-1252'?>",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\xFE\xFF",
    b"\x1F\x8B\x08\x00",
    b"PK\x03\x04",
    b"PK\x01\x02",
    b"PK\x05\x06",
    b"PK\x07\x08",
    b"x\x9C",
    b"From MAILER-DAEMON Mon Jan  1 00:00:00 2024\n",
    b"Content-Type: multipart/mixed; boundary=\"b\"\r\n",
    b"\r\n--b\r\n",
    b"Content-Transfer-Encoding: base64\r\n\r\n",
    b"Content-Type: message/rfc822\r\n\r\n",
    b"Subject: x\r\n",
    b"\r\n\r\n",
    b"=\r\n",
    b"<",
    b">",
    b"\0",
];

/// One random change to `input`, sometimes with a piece of `other`.
fn mutate(rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut data = input.to_vec();
    let rounds = 1 + rng.below(4);
    for _ in 0..rounds {
        let len = data.len().max(1);
        match rng.below(7) {
            0 => {
                for _ in 0..1 + rng.below(8) {
                    let at = rng.below(len);
                    if let Some(b) = data.get_mut(at) {
                        *b ^= 1 << rng.below(8);
                    }
                }
            }
            1 => data.truncate(rng.below(len)),
            2 => {
                let at = rng.below(len).min(data.len());
                let n = 1 + rng.below(16);
                let bytes = rng.bytes(n);
                data.splice(at..at, bytes);
            }
            3 => {
                // Splice a piece of another input over this one.
                let from = rng.below(other.len().max(1)).min(other.len());
                let n = rng.below(200).min(other.len() - from);
                let at = rng.below(len).min(data.len());
                let end = (at + rng.below(200)).min(data.len());
                data.splice(at..end, other[from..from + n].iter().copied());
            }
            4 => {
                // Repeat a piece of itself.
                let from = rng.below(len).min(data.len());
                let n = rng.below(300).min(data.len() - from);
                let piece = data[from..from + n].to_vec();
                let at = rng.below(len).min(data.len());
                data.splice(at..at, piece);
            }
            5 => {
                let at = rng.below(len).min(data.len());
                let token = TOKENS[rng.below(TOKENS.len())];
                data.splice(at..at, token.iter().copied());
            }
            _ => {
                let at = rng.below(len).min(data.len());
                let end = (at + 1 + rng.below(64)).min(data.len());
                data.drain(at..end);
            }
        }
    }
    data
}

/// Runs one stage of the pipeline, naming the stage and the case when it panics.
fn stage<T>(case: usize, bytes: &[u8], name: &str, f: impl FnOnce() -> T) -> T {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(value) => value,
        Err(_) => panic!(
            "{name} panicked on case {case}: {} bytes, starting {:?}",
            bytes.len(),
            &bytes[..bytes.len().min(64)]
        ),
    }
}

const TABLES: [Table; 6] =
    [Table::Patterns, Table::Tags, Table::SpoofSuspects, Table::Days, Table::Reporters, Table::Domains];

/// Rows of `table` in `analysis`, which its CSV must hold below the header.
fn table_rows(analysis: &Analysis, table: Table) -> usize {
    match table {
        Table::Patterns => analysis.patterns.len(),
        Table::Tags => analysis.tags.len(),
        Table::SpoofSuspects => analysis.spoof_suspects.len(),
        Table::Days => analysis.days.len(),
        Table::Reporters => analysis.reporters.len(),
        Table::Domains => analysis.domains.len(),
    }
}

/// Records in CSV text: line ends outside quotes. (A `csv::Reader` per table costs more than
/// the rest of the pipeline in a debug build.)
fn csv_records(text: &str) -> usize {
    let mut quoted = false;
    let mut records = 0;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => records += 1,
            _ => {}
        }
    }
    records
}

/// One known-sender rule, covering the first source of [`REPORT`], so both tagged and untagged
/// mail reach the analyses.
fn tags() -> TagSet {
    TagSet::new(vec![TagRule {
        net: parse_net("192.0.2.0/24").unwrap(),
        tag: "relay".into(),
        comment: String::new(),
        domain: String::new(),
    }])
}

/// What the checks read back of an export (a whole `Value` tree of the advice texts, for every
/// case, would double the test's time).
#[derive(serde::Deserialize)]
struct ExportHead {
    files: Vec<FileHead>,
    totals: TotalsHead,
}

#[derive(serde::Deserialize)]
struct FileHead {
    file: String,
}

#[derive(serde::Deserialize)]
struct TotalsHead {
    messages: u64,
}

/// Loads `bytes` and checks what every result must satisfy, on any input; then takes what it
/// loaded through the analyses, the export, the CSV tables and a share link. Returns whether
/// anything loaded.
fn check(case: usize, bytes: &[u8], tags: &TagSet) -> bool {
    let file = format!("case-{case}.bin");
    let mut store = Store::new();
    let got: FileResult = stage(case, bytes, "load_file", || load_file(&mut store, &file, bytes, &Limits::default()));
    assert_eq!(got.file, file);
    match got.status {
        FileStatus::Error => {
            let error = got.error.as_deref().unwrap_or("");
            assert!(error.starts_with(&file) && error.len() > file.len() + 2, "case {case}: error {error:?}");
            assert!(got.error_kind.is_some_and(|k| !k.as_str().is_empty()), "case {case}: no error kind");
            assert!(got.reports.is_empty(), "case {case}: an error with reports");
        }
        FileStatus::Ok | FileStatus::Duplicate => {
            assert!(!got.reports.is_empty(), "case {case}: {:?} without reports", got.status);
            assert!(got.error.is_none() && got.error_kind.is_none(), "case {case}");
        }
    }
    for warning in &got.warnings {
        assert!(warning.starts_with(&file), "case {case}: warning {warning:?}");
    }
    // The same sentences in Japanese, numbers grouped as the app writes them: each names the file
    // too (the last of a long list says how many more), and the English is what the JSON carries.
    stage(case, bytes, "Note::words", || {
        for note in got.error_note.iter().chain(&got.notes) {
            let ja = note.words(Lang::Ja, Numbers::Grouped);
            assert!(ja.starts_with(&file) || matches!(note, Note::More(_)), "case {case}: {ja:?}");
        }
    });
    let english: Vec<String> = got.notes.iter().map(|n| n.words(Lang::En, Numbers::Plain)).collect();
    assert_eq!(got.warnings, english, "case {case}");

    let filters = Filters::default();
    let rules = AlertRules::default();
    let analysis = stage(case, bytes, "assign + analyze", || analyze(&store, &assign(&store, tags), &filters, &rules));
    assert_eq!(analysis.totals.reports, store.reports.len() as u64, "case {case}: no filter, every report counts");

    let json = stage(case, bytes, "export::to_json", || {
        export::to_json(
            &Export {
                schema: export::SCHEMA,
                filters: FilterEcho::from(&filters),
                tag_rules: tags.len(),
                tag_errors: &[],
                files: std::slice::from_ref(&got),
                analysis: &analysis,
            },
            false,
        )
    });
    let head: ExportHead =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("case {case}: export is no JSON: {e}"));
    assert_eq!(head.files.len(), 1, "case {case}");
    assert_eq!(head.files[0].file, file, "case {case}");
    assert_eq!(head.totals.messages, analysis.totals.messages, "case {case}");

    for table in TABLES {
        let csv = stage(case, bytes, "export::table_csv", || export::table_csv(&analysis, table, false));
        let body =
            csv.strip_prefix('\u{feff}').unwrap_or_else(|| panic!("case {case}: {table:?} has no byte order mark"));
        // A header and one record per row, whatever the report's strings hold (quotes, commas,
        // newlines).
        assert_eq!(csv_records(body), 1 + table_rows(&analysis, table), "case {case}: {table:?} CSV rows");
    }

    let packed = stage(case, bytes, "share::pack", || {
        share::pack(analysis.clone(), &filters, &rules, 1_700_000_000, false, share::MAX_FRAGMENT_CHARS)
    });
    match packed {
        Ok(payload) => {
            let shared = stage(case, bytes, "share::unpack", || share::unpack(&payload))
                .unwrap_or_else(|e| panic!("case {case}: a link pack made does not open: {e}"));
            // Figures only: the f64 shares of alerts and readiness may come back one ulp apart.
            let a = &shared.analysis;
            assert_eq!(a.totals, analysis.totals, "case {case}: totals through a link");
            assert_eq!(a.patterns, analysis.patterns, "case {case}");
            assert_eq!(a.tags, analysis.tags, "case {case}");
            assert_eq!(a.spoof_suspects, analysis.spoof_suspects, "case {case}");
            assert_eq!(a.days, analysis.days, "case {case}");
            assert_eq!(a.reporters, analysis.reporters, "case {case}");
            assert_eq!(a.domains, analysis.domains, "case {case}");
            assert_eq!(a.alerts.len(), analysis.alerts.len(), "case {case}");
        }
        Err(e) => assert!(matches!(e, ShareError::DoesNotFit { .. }), "case {case}: pack failed: {e}"),
    }
    !store.reports.is_empty()
}

#[test]
fn engine_never_panics_on_mutated_files() {
    let xml = REPORT.as_bytes().to_vec();
    let zip = zip_of(&[("dir/r.xml", &xml), ("r.xml.gz", &gz(&xml))]);
    let mbox = [
        b"From MAILER-DAEMON Mon Jan  1 00:00:00 2024\n".as_slice(),
        &eml(&zip),
        b"\nFrom x Tue Jan  2 00:00:00 2024\nSubject: y\n\n",
    ]
    .concat();
    let seeds: Vec<Vec<u8>> = vec![xml.clone(), gz(&xml), zip.clone(), eml(&zip), mbox, gz(&zip)];
    for (i, seed) in seeds.iter().enumerate() {
        let got = load_file(&mut Store::new(), "seed", seed, &Limits::default());
        assert_eq!(got.status, FileStatus::Ok, "seed {i} must load before it is mutated: {:?}", got.error);
    }

    let tags = tags();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut case = 0;
    let mut loaded = 0;
    for _ in 0..1500 {
        for (i, seed) in seeds.iter().enumerate() {
            let other = &seeds[(i + 1 + rng.below(seeds.len() - 1)) % seeds.len()];
            let other = if rng.below(2) == 0 { seed } else { other };
            loaded += usize::from(check(case, &mutate(&mut rng, seed, other), &tags));
            case += 1;
        }
    }
    for _ in 0..1500 {
        let n = rng.below(600);
        let random = rng.bytes(n);
        check(case, &random, &tags);
        case += 1;
        let tokens: Vec<u8> =
            (0..rng.below(40)).flat_map(|_| TOKENS[rng.below(TOKENS.len())].iter().copied()).collect();
        check(case, &tokens, &tags);
        case += 1;
    }
    // Most mutations keep a report loadable, so the analyses and links saw real data.
    assert!(loaded > 1_000, "only {loaded} of {case} mutated inputs loaded");
}

/// A second report, a day later from another reporter, so every table of the link has rows.
fn second_report() -> String {
    REPORT
        .replace("Acme &amp; Co", "Other Receiver")
        .replace("<report_id>r1<", "<report_id>r2<")
        .replace("1700000000", "1700086400")
        .replace("1700086400</end>", "1700172800</end>")
}

/// The JSON text of a real open link: two reports, one tagged source, alerts that fire.
fn shared_json() -> String {
    let mut store = Store::new();
    for (name, xml) in [("a.xml", REPORT.to_string()), ("b.xml", second_report())] {
        let got = load_file(&mut store, name, xml.as_bytes(), &Limits::default());
        assert_eq!(got.status, FileStatus::Ok, "{name}: {:?}", got.error);
    }
    // Low thresholds, so the link carries alerts and readiness rows to mutate.
    let rules = AlertRules {
        untagged_source_messages: 0,
        spoofing_share_percent: 0.0,
        tag_min_messages: 0,
        tag_pass_rate_percent: 100.0,
        pattern_messages: 0,
        readiness_min_days: 1,
        ..AlertRules::default()
    };
    let analysis = analyze(&store, &assign(&store, &tags()), &Filters::default(), &rules);
    let payload = share::pack(analysis, &Filters::default(), &rules, 1_700_000_000, false, share::MAX_FRAGMENT_CHARS)
        .expect("a two-report analysis fits in a link");
    share::inflate(&payload).expect("the payload pack made inflates")
}

/// Every JSON pointer in `value` (`""` is the whole link).
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                pointers(item, format!("{at}/{i}"), out);
            }
        }
        Value::Object(fields) => {
            for (key, item) in fields {
                pointers(item, format!("{at}/{}", key.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

/// What a hostile link may put in place of `value`, each with a label for failure messages.
/// (Objects are changed by leaving out each field in turn, in [`opened_variants`].)
fn replacements(value: &Value) -> Vec<(&'static str, Value)> {
    let long = "x".repeat(100 * 1024);
    match value {
        Value::Number(_) => vec![
            ("0", Value::from(0)),
            ("-1", Value::from(-1)),
            ("2^53+1", Value::from((1u64 << 53) + 1)),
            ("u64::MAX", Value::from(u64::MAX)),
            ("i64::MIN", Value::from(i64::MIN)),
            ("1e308", Value::from(1e308)),
        ],
        Value::String(_) => vec![
            ("\"\"", Value::from("")),
            ("\"1\"", Value::from("1")),
            ("100 KB string", Value::from(long)),
            ("\"2026-13-45\"", Value::from("2026-13-45")),
        ],
        Value::Array(items) => {
            let mut out = vec![("[]", Value::Array(Vec::new()))];
            if let Some(first) = items.first() {
                out.push(("10,000 copies of the first", Value::Array(vec![first.clone(); 10_000])));
            }
            out
        }
        Value::Object(_) | Value::Bool(_) | Value::Null => Vec::new(),
    }
}

/// What opening one changed link gave.
enum Outcome {
    Panicked,
    Refused(ShareError),
    /// Opened: the dates of its days, and each long table's rows with the most a link keeps.
    Opened {
        days: Vec<String>,
        rows: Vec<(&'static str, usize, usize)>,
    },
}

/// Every link made from [`shared_json`] by changing one value, opened with `read_json`; built
/// once for the tests that read it.
fn opened_variants() -> &'static [(String, Outcome)] {
    static OPENED: OnceLock<Vec<(String, Outcome)>> = OnceLock::new();
    OPENED.get_or_init(|| {
        let root: Value = serde_json::from_str(&shared_json()).unwrap();
        let mut all = Vec::new();
        pointers(&root, String::new(), &mut all);
        let mut opened = Vec::new();
        for pointer in &all {
            let original = root.pointer(pointer).unwrap();
            for (label, replacement) in replacements(original) {
                let mut changed = root.clone();
                *changed.pointer_mut(pointer).unwrap() = replacement;
                opened.push((format!("{pointer:?} = {label}"), open(&changed)));
            }
            if let Value::Object(fields) = original {
                for key in fields.keys() {
                    let mut changed = root.clone();
                    changed.pointer_mut(pointer).unwrap().as_object_mut().unwrap().remove(key);
                    opened.push((format!("{pointer:?} without {key:?}"), open(&changed)));
                }
            }
        }
        opened
    })
}

fn open(changed: &Value) -> Outcome {
    let text = changed.to_string();
    match catch_unwind(AssertUnwindSafe(|| share::read_json(&text))) {
        Err(_) => Outcome::Panicked,
        Ok(Err(e)) => Outcome::Refused(e),
        Ok(Ok(shared)) => {
            let a = shared.analysis;
            let (suspects, sources, alerts, rows) = share::CUTS[0];
            let mut tables = vec![
                ("spoof_suspects", a.spoof_suspects.len(), suspects),
                ("alerts", a.alerts.len(), alerts),
                ("reporters", a.reporters.len(), rows),
                ("domains", a.domains.len(), rows),
                ("readiness", a.readiness.len(), rows),
                ("days", a.days.len(), 3_660),
            ];
            tables.extend(a.tags.iter().map(|t| ("tag sources", t.sources.len(), sources)));
            Outcome::Opened { days: a.days.into_iter().map(|d| d.date).collect(), rows: tables }
        }
    }
}

#[test]
fn read_json_never_panics_on_any_field_changed() {
    let opened = opened_variants();
    let panicked: Vec<&str> =
        opened.iter().filter(|(_, o)| matches!(o, Outcome::Panicked)).map(|(label, _)| label.as_str()).collect();
    assert!(panicked.is_empty(), "read_json panicked on {} of {} links: {panicked:#?}", panicked.len(), opened.len());

    // The walk reached the whole link: every table's rows, and both outcomes.
    assert!(opened.len() > 500, "only {} changed links", opened.len());
    for table in ["spoof_suspects", "tags", "days", "alerts", "readiness", "reporters", "domains"] {
        let prefix = format!("\"/analysis/{table}/0/");
        assert!(opened.iter().any(|(label, _)| label.starts_with(&prefix)), "no row of {table} was changed");
    }
    let outcome = |label: &str| &opened.iter().find(|(l, _)| l == label).unwrap_or_else(|| panic!("no {label}")).1;
    assert!(matches!(outcome("\"\" without \"schema\""), Outcome::Refused(ShareError::Damaged(_))));
    assert!(matches!(outcome("\"/schema\" = \"1\""), Outcome::Refused(ShareError::UnknownVersion(v)) if v == "1"));
    assert!(matches!(outcome("\"/analysis/totals/messages\" = -1"), Outcome::Refused(ShareError::Damaged(_))));
    // What opens holds no more rows than a link made here (ten years of days, the first cut of
    // each long table), however many the hostile link had.
    for (label, outcome) in opened {
        if let Outcome::Opened { rows, .. } = outcome {
            for &(table, n, most) in rows {
                assert!(n <= most, "{label}: opened with {n} rows of {table}, more than {most}");
            }
        }
    }
    assert!(opened.iter().any(|(_, o)| matches!(o, Outcome::Opened { .. })), "no changed link opened");
}

/// `YYYY-MM-DD`, a real calendar day from 1970-01-01 to 9999-12-31.
fn is_chart_date(date: &str) -> bool {
    let b = date.as_bytes();
    let shape = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    shape && parse_date(date).is_some_and(|day| (0..=days_from_civil(9999, 12, 31)).contains(&day))
}

#[test]
fn read_json_opens_only_days_with_real_dates() {
    let opened = opened_variants();
    let mut failures = Vec::new();
    for (label, outcome) in opened {
        if let Outcome::Opened { days, .. } = outcome {
            if let Some(bad) = days.iter().find(|d| !is_chart_date(d)) {
                failures.push(format!("{label}: opened with day {:?}", bad.chars().take(24).collect::<String>()));
            }
        }
    }
    // A link whose day is "", "1", "2026-13-45" or a 100 KB string used to open, and the chart
    // then sliced a date it could not place (killing the page): read_json refuses them now.
    assert!(
        failures.is_empty(),
        "{} changed links opened with a day that is no date:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
