//! Table of small XML documents, each one line through [`check`], against what the parser reads
//! from them: report fields, warnings, skipped records or the error.

use std::fmt;

use super::*;

const META: &str = "<report_metadata><org_name>Acme</org_name><email>dmarc@acme.example</email><report_id>r1</report_id><date_range><begin>1700000000</begin><end>1700086400</end></date_range></report_metadata>";
const POLICY: &str = "<policy_published><domain>example.com</domain><adkim>r</adkim><aspf>s</aspf><p>reject</p><sp>quarantine</sp><pct>100</pct></policy_published>";
const REC: &str = "<record><row><source_ip>192.0.2.1</source_ip><count>2</count><policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>fail</spf></policy_evaluated></row><identifiers><header_from>example.com</header_from></identifiers><auth_results><dkim><domain>example.com</domain><selector>s1</selector><result>pass</result></dkim><spf><domain>example.com</domain><result>fail</result></spf></auth_results></record>";
/// A second record, different in every field, to tell records apart.
const REC2: &str = "<record><row><source_ip>2001:db8::1</source_ip><count>5</count><policy_evaluated><disposition>quarantine</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row><identifiers><header_from>mail.example.com</header_from><envelope_from>bounce.example.com</envelope_from><envelope_to>example.net</envelope_to></identifiers><auth_results><spf><domain>bounce.example.com</domain><scope>mfrom</scope><result>softfail</result></spf></auth_results></record>";

const DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
const DMARC2: &str = "urn:ietf:params:xml:ns:dmarc-2.0";

/// What the plain sample reads as, field by field.
const ORG: (&str, &str) = ("org_name", "Acme");
const DATES: (&str, &str) = ("dates", "1700000000..1700086400");
const ROWS: (&str, &str) = ("rows", "192.0.2.1 x2 none dkim=pass spf=fail");
const AUTH: (&str, &str) = ("auth", "dkim=example.com/s1:pass spf=example.com:fail");
const ROWS2: (&str, &str) =
    ("rows", "192.0.2.1 x2 none dkim=pass spf=fail; 2001:db8::1 x5 quarantine dkim=fail spf=fail");

/// `<feedback>` around `body`, after an XML declaration.
fn doc(body: &str) -> String {
    format!("{DECL}<feedback>{body}</feedback>\n")
}

/// The plain sample: metadata, policy, one record.
fn sample() -> String {
    doc(&[META, POLICY, REC].concat())
}

/// `xml` with every element name given the prefix `p:`.
fn prefixed(xml: &str, p: &str) -> String {
    xml.replace("</", "\u{1}").replace('<', &format!("<{p}:")).replace('\u{1}', &format!("</{p}:"))
}

/// `s` in UTF-16 with a byte order mark.
fn utf16(s: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
    for unit in s.encode_utf16() {
        out.extend(if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
    }
    out
}

/// `s` with `from` replaced by raw bytes (for encodings other than UTF-8).
fn with_bytes(s: &str, from: &str, bytes: &[u8]) -> Vec<u8> {
    let at = s.find(from).expect("placeholder in sample");
    [&s.as_bytes()[..at], bytes, &s.as_bytes()[at + from.len()..]].concat()
}

fn opt<T: fmt::Debug>(v: &Option<T>) -> String {
    match v {
        Some(v) => format!("{v:?}"),
        None => "-".to_string(),
    }
}

/// One field of the parse result, rendered compactly. `key` names it.
fn field(result: &Result<Parsed, ParseError>, key: &str) -> String {
    let parsed = match (result, key) {
        (Err(e), "error") => return format!("{e:?}"),
        (Ok(_), "error") => return "none".to_string(),
        (Err(e), _) => return format!("error {e:?}"),
        (Ok(p), _) => p,
    };
    let r = &parsed.report;
    let m = &r.metadata;
    let pp = &r.policy_published;
    let each = |f: &dyn Fn(&Record) -> String| r.records.iter().map(f).collect::<Vec<_>>().join("; ");
    match key {
        "warnings" => format!("{:?}", parsed.warnings),
        "skipped" => format!("{:?}", parsed.skipped),
        "version" => opt(&r.version),
        "org_name" => m.org_name.clone(),
        "email" => m.email.clone(),
        "extra_contact_info" => opt(&m.extra_contact_info),
        "report_id" => m.report_id.clone(),
        "dates" => m.date_range.map_or("-".to_string(), |d| format!("{}..{}", d.begin, d.end)),
        "errors" => format!("{:?}", m.errors),
        "generator" => opt(&m.generator),
        "domain" => pp.domain.clone(),
        "policy" => format!(
            "p={:?} sp={} np={} adkim={} aspf={} pct={} fo={} testing={} discovery={}",
            pp.p,
            opt(&pp.sp),
            opt(&pp.np),
            opt(&pp.adkim),
            opt(&pp.aspf),
            opt(&pp.pct),
            opt(&pp.fo),
            opt(&pp.testing),
            opt(&pp.discovery_method)
        ),
        "rows" => each(&|rec| {
            let pe = &rec.row.policy_evaluated;
            format!(
                "{} x{} {} dkim={} spf={}",
                rec.row.source_ip,
                rec.row.count,
                pe.disposition.as_str(),
                pe.dkim.as_str(),
                pe.spf.as_str()
            )
        }),
        "reasons" => each(&|rec| {
            let reasons = &rec.row.policy_evaluated.reasons;
            reasons.iter().map(|r| format!("{}:{}", r.kind.as_str(), opt(&r.comment))).collect::<Vec<_>>().join(",")
        }),
        "ids" => each(&|rec| {
            let ids = &rec.identifiers;
            format!("{} from={} to={}", ids.header_from, opt(&ids.envelope_from), opt(&ids.envelope_to))
        }),
        "auth" => each(&|rec| {
            let dkim = rec.auth_results.dkim.iter().map(|d| {
                let human = d.human_result.as_ref().map_or(String::new(), |h| format!(" ({h})"));
                format!("dkim={}/{}:{}{human}", d.domain, d.selector.as_deref().unwrap_or("-"), d.result.as_str())
            });
            let spf = rec.auth_results.spf.iter().map(|s| {
                let human = s.human_result.as_ref().map_or(String::new(), |h| format!(" ({h})"));
                let scope = s.scope.map_or(String::new(), |s| format!("/{}", s.as_str()));
                format!("spf={}{scope}:{}{human}", s.domain, s.result.as_str())
            });
            let all: Vec<String> = dkim.chain(spf).collect();
            if all.is_empty() {
                "none".to_string()
            } else {
                all.join(" ")
            }
        }),
        other => panic!("unknown key {other}"),
    }
}

/// Parses `input` and compares each named field with its expected rendering. Unless named, the
/// parse must succeed with no warnings and no skipped records.
fn check(input: impl AsRef<[u8]>, expected: &[(&str, &str)]) {
    let result = parse(input.as_ref());
    let mut wanted: Vec<(&str, &str)> = expected.to_vec();
    let fails = wanted.iter().any(|(k, v)| *k == "error" && *v != "none");
    for (key, default) in [("error", "none"), ("warnings", "[]"), ("skipped", "[]")] {
        if !fails && !wanted.iter().any(|(k, _)| *k == key) {
            wanted.push((key, default));
        }
    }
    for (key, want) in wanted {
        let got = field(&result, key);
        let shown: String = String::from_utf8_lossy(input.as_ref()).chars().take(400).collect();
        assert_eq!(got, want, "field {key} of {shown:?}");
    }
}

#[test]
fn namespaces_and_encodings() {
    let s = sample();
    check(
        &s,
        &[
            ORG,
            ("email", "dmarc@acme.example"),
            ("report_id", "r1"),
            DATES,
            ("domain", "example.com"),
            ROWS,
            AUTH,
            ("ids", "example.com from=- to=-"),
            ("version", "-"),
            ("errors", "[]"),
            ("generator", "-"),
        ],
    );
    check(
        &s,
        &[("policy", "p=Reject sp=Quarantine np=- adkim=Relaxed aspf=Strict pct=100 fo=- testing=- discovery=-")],
    );
    check(s.replace("<feedback>", &format!("<feedback xmlns=\"{DMARC2}\">")), &[ORG, DATES, ROWS, AUTH]);
    check(
        format!("{DECL}<d:feedback xmlns:d=\"{DMARC2}\">{}</d:feedback>", prefixed(&[META, POLICY, REC].concat(), "d")),
        &[ORG, DATES, ("domain", "example.com"), ROWS, AUTH],
    );
    check(format!("\u{FEFF}\r\n  \t{s}"), &[ORG, DATES, ROWS]);
    check(format!("\u{FEFF}\n\n<feedback>{META}{POLICY}{REC}</feedback>"), &[ORG, ROWS]);
    check(
        utf16(&s.replace("UTF-8", "UTF-16").replace(">Acme<", ">Société Générale<"), false),
        &[("org_name", "Société Générale"), DATES, ROWS, AUTH],
    );
    check(
        utf16(&s.replace("UTF-8", "UTF-16").replace(">Acme<", ">Société Générale<"), true),
        &[("org_name", "Société Générale"), DATES, ROWS, AUTH],
    );
    check(
        with_bytes(&s.replace("UTF-8", "windows-1252"), "Acme", b"Soci\xe9t\xe9 \x93A\x94 \x80"),
        &[("org_name", "Société “A” €"), ROWS],
    );
    check(with_bytes(&s.replace("UTF-8", "ISO-8859-1"), "Acme", b"M\xfcller"), &[("org_name", "Müller"), ROWS]);
    check(with_bytes(&s.replace("UTF-8", "iso-8859-1"), "Acme", b"\xc5sa"), &[("org_name", "Åsa"), ROWS]);
    // Entities and CDATA read as the text they stand for.
    check(s.replace(">Acme<", ">A&amp;B &#233;&#x41; <![CDATA[<x>]]><"), &[("org_name", "A&B éA <x>")]);
}

#[test]
fn lenient_values_and_order() {
    let s = sample();
    check(
        s.replace("<dkim>pass</dkim><spf>fail", "<dkim> Pass </dkim><spf>\n\tFAIL\n")
            .replace("<disposition>none", "<disposition>REJECT"),
        &[("rows", "192.0.2.1 x2 reject dkim=pass spf=fail")],
    );
    check(
        s.replace("<p>reject</p>", "<p> Quarantine </p>")
            .replace("<adkim>r</adkim>", "<adkim>S</adkim>")
            .replace("<result>pass</result>", "<result> PASS\n</result>"),
        &[
            ("policy", "p=Quarantine sp=Quarantine np=- adkim=Strict aspf=Strict pct=100 fo=- testing=- discovery=-"),
            AUTH,
        ],
    );
    check(
        s.replace(">Acme<", ">  Acme\n <")
            .replace("<count>2<", "<count> 2 <")
            .replace("<source_ip>192.0.2.1<", "<source_ip>\n192.0.2.1 <"),
        &[ORG, ROWS],
    );
    check(
        s.replace("<p>reject</p>", "<p>bogus</p>").replace("<dkim>pass</dkim><spf>", "<dkim>hardpass</dkim><spf>"),
        &[
            ("policy", "p=Unknown sp=Quarantine np=- adkim=Relaxed aspf=Strict pct=100 fo=- testing=- discovery=-"),
            ("rows", "192.0.2.1 x2 none dkim=unknown spf=fail"),
        ],
    );
    // date_range before org_name, the record before policy_published, row children reversed.
    check(doc("<record><row><policy_evaluated><spf>fail</spf><dkim>pass</dkim><disposition>none</disposition></policy_evaluated><count>2</count><source_ip>192.0.2.1</source_ip></row><auth_results><spf><result>fail</result><domain>example.com</domain></spf><dkim><result>pass</result><selector>s1</selector><domain>example.com</domain></dkim></auth_results><identifiers><header_from>example.com</header_from></identifiers></record><report_metadata><date_range><end>1700086400</end><begin>1700000000</begin></date_range><report_id>r1</report_id><org_name>Acme</org_name></report_metadata><policy_published><p>reject</p><domain>example.com</domain></policy_published>"), &[ORG, ("report_id", "r1"), DATES, ("domain", "example.com"), ROWS, AUTH]);
    check(doc(&[REC, POLICY, REC2, META].concat()), &[ORG, DATES, ROWS2]);
    check(
        doc(&format!(
            "<record><row><source_ip>[2001:db8::2]</source_ip><count>4294967295</count></row></record>{META}{POLICY}"
        )),
        &[("rows", "2001:db8::2 x4294967295 unknown dkim=unknown spf=unknown")],
    );
}

#[test]
fn optional_and_repeated_elements() {
    // Only what a report cannot do without.
    check(doc("<report_metadata><org_name>Acme</org_name><report_id>r1</report_id></report_metadata><policy_published><domain>example.com</domain></policy_published><record><row><source_ip>192.0.2.9</source_ip><count>1</count></row><identifiers><header_from>example.com</header_from></identifiers></record>"), &[ORG, ("email", ""), ("dates", "-"), ("policy", "p=Unknown sp=- np=- adkim=- aspf=- pct=- fo=- testing=- discovery=-"), ("rows", "192.0.2.9 x1 unknown dkim=unknown spf=unknown"), ("auth", "none"), ("ids", "example.com from=- to=-"), ("reasons", "")]);
    check(doc(&[META, POLICY].concat()), &[ORG, ("rows", "")]);
    // A report must say who sent it, which report it is and for which domain.
    let missing = |path: &str| format!("MissingElement {{ path: \"{path}\" }}");
    check(doc(&[POLICY, REC].concat()), &[("error", &missing("feedback/report_metadata"))]);
    check(doc(&[META, REC].concat()), &[("error", &missing("feedback/policy_published"))]);
    check(doc(""), &[("error", &missing("feedback/report_metadata"))]);
    check(
        sample().replace("<org_name>Acme</org_name>", "<org_name/>").replace("dmarc@acme.example", ""),
        &[("error", &missing("feedback/report_metadata/org_name"))],
    );
    // Real reporters leave <org_name> empty and give their address instead: that still says who.
    check(sample().replace("<org_name>Acme</org_name>", "<org_name/>"), &[("org_name", ""), ROWS]);
    check(
        sample().replace("<report_id>r1</report_id>", "<report_id> </report_id>"),
        &[("error", &missing("feedback/report_metadata/report_id"))],
    );
    check(
        sample().replace("<domain>example.com</domain><adkim>", "<adkim>"),
        &[("error", &missing("feedback/policy_published/domain"))],
    );
    check(
        sample().replace("<selector>s1</selector>", "<selector></selector>"),
        &[ORG, ("auth", "dkim=example.com/-:pass spf=example.com:fail")],
    );
    // Several DKIM and SPF results, none at all, and an empty <auth_results/>.
    check(doc(&[META, POLICY, &REC.replace("</auth_results>", "<dkim><domain>esp.example</domain><selector>k2</selector><result>fail</result></dkim><spf><domain>helo.example.com</domain><scope>helo</scope><result>pass</result></spf><dkim><domain>x.example</domain><result>temperror</result></dkim></auth_results>")].concat()), &[("auth", "dkim=example.com/s1:pass dkim=esp.example/k2:fail dkim=x.example/-:temperror spf=example.com:fail spf=helo.example.com/helo:pass")]);
    check(doc(&[META, POLICY, &REC.replace("<auth_results><dkim><domain>example.com</domain><selector>s1</selector><result>pass</result></dkim><spf><domain>example.com</domain><result>fail</result></spf></auth_results>", "")].concat()), &[ROWS, ("auth", "none")]);
    check(doc(&[META, POLICY, &REC.replace("<auth_results><dkim><domain>example.com</domain><selector>s1</selector><result>pass</result></dkim><spf><domain>example.com</domain><result>fail</result></spf></auth_results>", "<auth_results/>")].concat()), &[ROWS, ("auth", "none")]);
    check(
        doc(&[META, POLICY, REC, REC2].concat()),
        &[
            ROWS2,
            ("ids", "example.com from=- to=-; mail.example.com from=\"bounce.example.com\" to=\"example.net\""),
            ("auth", "dkim=example.com/s1:pass spf=example.com:fail; spf=bounce.example.com/mfrom:softfail"),
        ],
    );
}

#[test]
fn rfc9990_and_optional_fields() {
    let meta = META.replace("</date_range>", "</date_range><extra_contact_info>https://acme.example/dmarc</extra_contact_info><error>temporary DNS failure</error><error>x</error><generator>Acme Mailer 4.2</generator>");
    let policy = POLICY.replace(
        "<pct>100</pct>",
        "<np>reject</np><fo>1</fo><testing>n</testing><discovery_method>TreeWalk</discovery_method>",
    );
    let rec = REC
        .replace("</policy_evaluated>", "<reason><type>Forwarded</type><comment>via list</comment></reason><reason><type>local_policy</type></reason><reason><type>sampled_out</type><comment/></reason></policy_evaluated>")
        .replace("<result>pass</result></dkim>", "<result>pass</result><human_result>good signature</human_result></dkim>")
        .replace("<result>fail</result></spf>", "<result>fail</result><human_result></human_result></spf>");
    let body = format!("<version>2.0</version>{meta}{policy}{rec}");
    check(
        doc(&body),
        &[
            ("version", "\"2.0\""),
            ("extra_contact_info", "\"https://acme.example/dmarc\""),
            ("errors", "[\"temporary DNS failure\", \"x\"]"),
            ("generator", "\"Acme Mailer 4.2\""),
        ],
    );
    check(doc(&body), &[("policy", "p=Reject sp=Quarantine np=Reject adkim=Relaxed aspf=Strict pct=- fo=\"1\" testing=false discovery=\"treewalk\"")]);
    check(
        doc(&body),
        &[
            ("reasons", "forwarded:\"via list\",local_policy:-,sampled_out:-"),
            ("auth", "dkim=example.com/s1:pass (good signature) spf=example.com:fail"),
        ],
    );
    check(doc(&body.replace("<testing>n</testing>", "<testing>Y</testing>")), &[("policy", "p=Reject sp=Quarantine np=Reject adkim=Relaxed aspf=Strict pct=- fo=\"1\" testing=true discovery=\"treewalk\"")]);
    check(doc(&format!("<version> 1.0 </version>{META}{POLICY}{REC}")), &[("version", "\"1.0\""), ROWS]);
}

#[test]
fn extensions_are_skipped() {
    let ext = "<extensions><ext:thing xmlns:ext=\"urn:x\" a=\"1\"><record><row><source_ip>203.0.113.66</source_ip><count>99</count></row></record><org_name>Evil</org_name></ext:thing><e2/></extensions>";
    check(doc(&[META, ext, POLICY, REC].concat()), &[ORG, ROWS, ("domain", "example.com")]);
    check(
        doc(&[META, POLICY, REC].concat()).replace(
            "<org_name>",
            "<x:foo xmlns:x=\"urn:x\"><org_name>Evil</org_name><report_id>bad</report_id></x:foo><org_name>",
        ),
        &[ORG, ("report_id", "r1")],
    );
    check(
        doc(&[
            META,
            POLICY,
            &REC.replace("<row>", "<vendor:score xmlns:vendor=\"urn:v\">7<count>8</count></vendor:score><row>")
                .replace("</identifiers>", "<extra>1</extra></identifiers>"),
        ]
        .concat()),
        &[ROWS, ("ids", "example.com from=- to=-")],
    );
    check(doc(&[META, POLICY, REC, "<!-- a comment --><?pi data?>"].concat()), &[ORG, ROWS]);
}

#[test]
fn damage_recovered_with_warnings() {
    let s = sample();
    check(
        s.replacen("<feedback>", "<wrapper><feedback>", 1),
        &[ORG, ROWS, ("warnings", "[UnclosedWrapper { element: \"wrapper\" }]")],
    );
    check(
        s.replacen("<feedback>", "<a><b><feedback>", 1),
        &[ORG, ROWS, ("warnings", "[UnclosedWrapper { element: \"a\" }]")],
    );
    // A wrapper that does close is no damage.
    check(
        s.replacen("<feedback>", "<wrapper><feedback>", 1).replace("</feedback>", "</feedback></wrapper>"),
        &[ORG, ROWS],
    );
    check(
        s.replace("dmarc@acme.example", "<dmarc@acme.example>"),
        &[
            ORG,
            ("email", "<dmarc@acme.example>"),
            ("report_id", "r1"),
            ("warnings", "[UnescapedMarkup { element: \"email\", line: 2 }]"),
        ],
    );
    check(
        s.replace("<header_from>example.com", "<header_from>bad<x.net"),
        &[
            ("ids", "bad<x.net from=- to=-"),
            ROWS,
            AUTH,
            ("warnings", "[UnescapedMarkup { element: \"header_from\", line: 2 }]"),
        ],
    );
    check(
        with_bytes(&s, "Acme", b"Acme\xff"),
        &[("org_name", "Acme\u{ff}"), ROWS, ("warnings", "[InvalidByte { byte: 255, line: 2 }]")],
    );
    check(
        with_bytes(&s, "Acme", b"Caf\xe9 \x92s"),
        &[("org_name", "Café ’s"), ROWS, ("warnings", "[InvalidByte { byte: 233, line: 2 }]")],
    );
    check(s.replace("date_range>", "data_range>"), &[ORG, DATES, ROWS, ("warnings", "[MisspelledDateRange]")]);
    check(
        s.replace(">Acme<", ">Acme &foo; &amp;<"),
        &[("org_name", "Acme &foo; &"), ROWS, ("warnings", "[UnknownEntity { name: \"foo\", line: 2 }]")],
    );
    check(
        s.replace("<begin>1700000000", "<begin>yesterday"),
        &[("dates", "-"), ROWS, ("warnings", "[BadNumber { element: \"begin\", value: \"yesterday\" }]")],
    );
    check(
        s.replace("<pct>100", "<pct>300"),
        &[
            ("policy", "p=Reject sp=Quarantine np=- adkim=Relaxed aspf=Strict pct=- fo=- testing=- discovery=-"),
            ("warnings", "[BadNumber { element: \"pct\", value: \"300\" }]"),
        ],
    );
    // Trailing junk after a complete report does not spoil it.
    check(format!("{s}<junk>&&<<"), &[ORG, ROWS]);
    // A second <feedback> after the first is not read, but said, so its records are not lost
    // without a word.
    check(
        format!("{s}{}", doc(&[META, POLICY, REC2].concat()).replace(DECL, "")),
        &[ORG, ROWS, ("warnings", "[SecondReport { line: 3 }]")],
    );
}

#[test]
fn records_that_cannot_be_read_are_skipped() {
    let body = |bad: &str| doc(&[META, POLICY, REC, bad, REC2].concat());
    let skipped = |what: &str| format!("[SkippedRecord {{ record: 2, reason: {what} }}]");
    let not_loaded = ("warnings", "[RecordsNotLoaded { seen: 3, loaded: 2 }]");
    check(
        body(&REC.replace("192.0.2.1", "not-an-ip")),
        &[ROWS2, not_loaded, ("skipped", &skipped("BadSourceIp(\"not-an-ip\")"))],
    );
    check(body(&REC.replace("192.0.2.1", "")), &[ROWS2, not_loaded, ("skipped", &skipped("BadSourceIp(\"\")"))]);
    check(
        body(&REC.replace("<source_ip>192.0.2.1</source_ip>", "<source_ip/>")),
        &[ROWS2, not_loaded, ("skipped", &skipped("BadSourceIp(\"\")"))],
    );
    check(
        body(&REC.replace("<source_ip>192.0.2.1</source_ip>", "")),
        &[ROWS2, not_loaded, ("skipped", &skipped("BadSourceIp(\"\")"))],
    );
    check(
        body(&REC.replace("192.0.2.1", "192.0.2.300")),
        &[ROWS2, not_loaded, ("skipped", &skipped("BadSourceIp(\"192.0.2.300\")"))],
    );
    check(
        body(&REC.replace("<count>2<", "<count>-1<")),
        &[ROWS2, not_loaded, ("skipped", &skipped("BadCount(\"-1\")"))],
    );
    check(
        body(&REC.replace("<count>2<", "<count>1.5<")),
        &[ROWS2, not_loaded, ("skipped", &skipped("BadCount(\"1.5\")"))],
    );
    check(
        body(&REC.replace("<count>2<", "<count>18446744073709551616<")),
        &[ROWS2, not_loaded, ("skipped", &skipped("BadCount(\"18446744073709551616\")"))],
    );
    check(body(&REC.replace("<count>2</count>", "")), &[ROWS2, not_loaded, ("skipped", &skipped("BadCount(\"\")"))]);
    check(doc(&[META, POLICY, &REC.replace("192.0.2.1", "x"), &REC.replace("<count>2<", "<count>two<")].concat()), &[ORG, ("rows", ""), ("warnings", "[RecordsNotLoaded { seen: 2, loaded: 0 }]"), ("skipped", "[SkippedRecord { record: 1, reason: BadSourceIp(\"x\") }, SkippedRecord { record: 2, reason: BadCount(\"two\") }]")]);
}

#[test]
fn documents_that_are_refused() {
    let s = sample();
    let cut_at = |needle: &str| s[..s.find(needle).expect("needle in sample")].to_string();
    check(cut_at("</feedback>"), &[("error", "Truncated { line: 2 }")]);
    check(cut_at("<record>"), &[("error", "Truncated { line: 2 }")]);
    check(cut_at("192.0.2.1"), &[("error", "Truncated { line: 2 }")]);
    check(cut_at("ecord><row>"), &[("error", "Truncated { line: 2 }")]);
    check(
        format!("{DECL}<feedback>\n{META}\n{POLICY}\n<record>\n<row>\n<source_ip>192.0.2.1</sou"),
        &[("error", "Truncated { line: 7 }")],
    );
    check(format!("{DECL}<!DOCTYPE feedback>\n{}", &s[DECL.len()..]), &[("error", "DoctypeRefused { line: 2 }")]);
    let laughs = "<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n]>\n";
    check(
        format!("{DECL}{laughs}{}", s[DECL.len()..].replace(">Acme<", ">&lol2;<")),
        &[("error", "DoctypeRefused { line: 6 }")],
    );
    check(
        format!("{DECL}<!DOCTYPE x SYSTEM \"file:///etc/passwd\"><feedback>&xxe;</feedback>"),
        &[("error", "DoctypeRefused { line: 2 }")],
    );
    check("<html><body><feedback-form/></body></html>", &[("error", "NotAggregate { what: XmlRoot(\"html\") }")]);
    check(
        format!("{DECL}<report><org_name>Acme</org_name></report>"),
        &[("error", "NotAggregate { what: XmlRoot(\"report\") }")],
    );
    check(format!("{DECL}<!-- nothing -->"), &[("error", "NotAggregate { what: XmlEmpty }")]);
    check("<feedback><report_metadata><org_name a=\"1></org_name></report_metadata></feedback>", &[("error", "Malformed { line: 1, column: 28, detail: \"syntax error: tag not closed: `>` not found before end of input\" }")]);
    check("<feedback>\n<report_metadata><org_name>Acme</org_name><!-- cut", &[("error", "Truncated { line: 2 }")]);
}

#[test]
fn repeated_damage_warns_once() {
    // 50,000 of each on their own lines took minutes when every one rescanned the document for its
    // line number; now they are read in linear time, and only the first of a kind is reported.
    let s = sample();
    check(
        s.replace(">Acme<", &format!(">Acme{}<", "&foo;\n".repeat(50_000))),
        &[("warnings", "[UnknownEntity { name: \"foo\", line: 2 }, TextCut { element: \"org_name\", limit: 512 }]")],
    );
    check(
        s.replace(">Acme<", &format!(">Acme{}<", "\n<x/>".repeat(50_000))),
        &[(
            "warnings",
            "[UnescapedMarkup { element: \"org_name\", line: 3 }, TextCut { element: \"org_name\", limit: 512 }]",
        )],
    );
    check(
        s.replace(">Acme<", ">A &b; &c;<").replace("<header_from>example.com", "<header_from>bad<x.net &d;"),
        &[
            ("org_name", "A &b; &c;"),
            ("ids", "bad<x.net &d; from=- to=-"),
            (
                "warnings",
                "[UnknownEntity { name: \"b\", line: 2 }, UnescapedMarkup { element: \"header_from\", line: 2 }]",
            ),
        ],
    );
}

#[test]
fn structure_is_checked() {
    let s = sample();
    let mismatch = |line, column, found: &str, open: Option<(&str, usize)>| {
        let open = open.map(|(name, at)| (name.to_string(), at));
        format!("{:?}", ParseError::MismatchedEnd { line, column, found: found.to_string(), open })
    };
    // A record cut off where the report was anonymised leaves stray end tags: before, the report
    // ended at the first of them and loaded 0 records, or lost the record after them, silently.
    check(
        doc(&[META, POLICY, "\n</spf></auth_results></record>\n", REC].concat()),
        &[("error", &mismatch(3, 1, "spf", Some(("feedback", 2))))],
    );
    check(
        doc(&[META, POLICY, REC, "\n</record>", REC2].concat()),
        &[("error", &mismatch(3, 1, "record", Some(("feedback", 2))))],
    );
    // `</rowx>` does not close `<row>`.
    check(
        doc(&[META, POLICY, &REC.replace("</row>", "</rowx>")].concat()),
        &[("error", &mismatch(2, 502, "rowx", Some(("row", 2))))],
    );
    // <report_metadata> never closed: the error names it, not "truncated before </feedback>".
    check(
        format!("{DECL}<feedback>\n{}\n{POLICY}\n{REC}\n</feedback>", META.replace("</report_metadata>", "")),
        &[("error", &mismatch(6, 1, "feedback", Some(("report_metadata", 3))))],
    );
    // A leaf never closed inside its parent.
    check(
        s.replace("<org_name>Acme</org_name>", "<org_name>Acme"),
        &[("error", &mismatch(2, 171, "report_metadata", Some(("org_name", 2))))],
    );
    // A prefix is part of the name.
    check(
        prefixed(&s, "a").replace("</a:org_name>", "</b:org_name>"),
        &[("error", &mismatch(2, 48, "b:org_name", Some(("a:org_name", 2))))],
    );
    check(format!("</a>{s}"), &[("error", &mismatch(1, 1, "a", None))]);
    // Deep extension content is skipped by depth past the names kept.
    let deep = format!("{}x{}", "<x>".repeat(200), "</x>".repeat(200));
    check(doc(&[META, POLICY, &REC.replace("<row>", &format!("{deep}<row>"))].concat()), &[ORG, ROWS]);
}

#[test]
fn long_text_and_out_of_range_values() {
    let s = sample();
    let cut = |element: &str, limit: usize| format!("[TextCut {{ element: \"{element}\", limit: {limit} }}]");
    let long = "a".repeat(600);
    check(
        s.replace(">Acme<", &format!(">{long}<")),
        &[("org_name", &long[..512]), ("warnings", &cut("org_name", 512))],
    );
    // Cut at a character boundary: "é" is two bytes.
    let accents = "é".repeat(300);
    check(
        s.replace(">Acme<", &format!(">{accents}<")),
        &[("org_name", &"é".repeat(256)), ("warnings", &cut("org_name", 512))],
    );
    // Text gathered from many pieces is capped while it is gathered.
    check(
        s.replace(">Acme<", &format!(">{}<", "&amp;".repeat(100_000))),
        &[("org_name", &"&".repeat(512)), ("warnings", &cut("org_name", 512))],
    );
    let comment = "c".repeat(5000);
    check(
        s.replace("<human_result>", "").replace(
            "<selector>s1</selector>",
            &format!("<selector>s1</selector><human_result>{comment}</human_result>"),
        ),
        &[("warnings", &cut("human_result", 4096))],
    );
    // Epochs outside 1970..9999 are not a period.
    for (from, value) in [("<begin>1700000000", "-1"), ("<end>1700086400", "253402300800")] {
        let element = &from[1..from.find('>').unwrap()];
        check(
            s.replace(from, &format!("<{element}>{value}")),
            &[("dates", "-"), ("warnings", &format!("[DateOutOfRange {{ element: \"{element}\", value: {value} }}]"))],
        );
    }
    check(s.replace("<end>1700086400", "<end>253402300799"), &[("dates", "1700000000..253402300799")]);
}
