//! Containers around reports, built here: gzip, zlib, zip (stored, deflated, ZIP64, streamed),
//! e-mail and mbox; files that are not reports; and duplicates. Each case is one line through
//! [`check`], which renders a [`FileResult`] compactly and also asserts that every error and
//! warning names the file.

use std::io::{Cursor, Write};

use dmarc_lens::{load_file, FileResult, FileStatus, Limits, Store};
use flate2::write::{GzEncoder, ZlibEncoder};
use flate2::Compression;
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

/// A small valid report whose `report_id` is `id`.
fn report(id: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feedback>\n<report_metadata><org_name>Acme</org_name><email>dmarc@acme.example</email><report_id>{id}</report_id><date_range><begin>1700000000</begin><end>1700086400</end></date_range></report_metadata>\n<policy_published><domain>example.com</domain><p>reject</p></policy_published>\n<record><row><source_ip>192.0.2.1</source_ip><count>3</count><policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>fail</spf></policy_evaluated></row><identifiers><header_from>example.com</header_from></identifiers><auth_results><dkim><domain>example.com</domain><result>pass</result></dkim></auth_results></record>\n</feedback>\n"
    )
}

fn gz(data: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut enc = ZlibEncoder::new(Vec::new(), Compression::default());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

/// A zip of `entries`; a name ending in `/` is a folder.
fn zip_with(entries: &[(&str, &[u8])], options: SimpleFileOptions) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in entries {
        if name.ends_with('/') {
            w.add_directory(*name, SimpleFileOptions::default()).unwrap();
        } else {
            w.start_file(*name, options).unwrap();
            w.write_all(data).unwrap();
        }
    }
    w.finish().unwrap().into_inner()
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    zip_with(entries, SimpleFileOptions::default().compression_method(CompressionMethod::Deflated))
}

/// A zip written to a writer that cannot seek: sizes and CRCs follow each entry in a data descriptor.
fn streamed_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new_stream(Vec::new());
    for (name, data) in entries {
        w.start_file(*name, SimpleFileOptions::default().compression_method(CompressionMethod::Deflated)).unwrap();
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
            if k <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * k) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Quoted-printable: `=` escaped, lines broken softly at 70 characters.
fn quoted_printable(text: &str) -> String {
    let escaped = text.replace('=', "=3D").replace('\n', "\r\n");
    let mut out = String::new();
    for line in escaped.split("\r\n") {
        let mut width = 0;
        for c in line.chars() {
            // Never split an escape: break before `=XX` when it would not fit.
            if width >= 70 || (c == '=' && width >= 67) {
                out.push_str("=\r\n");
                width = 0;
            }
            out.push(c);
            width += 1;
        }
        out.push_str("\r\n");
    }
    out
}

const HEADERS: &str = "From: noreply-dmarc@acme.example\r\nTo: dmarc@example.com\r\nSubject: Report Domain: example.com Submitter: acme.example Report-ID: r1\r\nDate: Tue, 14 Nov 2023 00:00:00 +0000\r\nMessage-ID: <r1@acme.example>\r\nMIME-Version: 1.0\r\n";

/// A multipart/mixed message: a text part, then `attachment` with its headers.
fn mail(part_headers: &str, body: &str) -> String {
    format!(
        "{HEADERS}Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\nThis is a MIME message.\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nA DMARC report is attached.\r\n--b1\r\n{part_headers}\r\n\r\n{body}\r\n--b1--\r\n"
    )
}

fn load_into(store: &mut Store, name: &str, bytes: &[u8]) -> FileResult {
    load_file(store, name, bytes, &Limits::default())
}

/// `status: entry=report_id, entry=report_id* (n warnings)` with `*` for a duplicate, or
/// `error KIND`; checks on the way that every error and warning names the file.
fn render(name: &str, got: &FileResult) -> String {
    for message in got.error.iter().chain(&got.warnings) {
        assert!(message.starts_with(name), "does not name the file {name:?}: {message:?}");
    }
    if got.status == FileStatus::Error {
        assert!(got.reports.is_empty());
        return format!("error {}", got.error_kind.map_or("?", |k| k.as_str()));
    }
    let reports: Vec<String> = got
        .reports
        .iter()
        .map(|r| format!("{}={}{}", r.entry, r.report_id, if r.duplicate { "*" } else { "" }))
        .collect();
    let mut out = format!("{}: {}", got.status.as_str(), reports.join(", "));
    if !got.warnings.is_empty() {
        out.push_str(&format!(" ({} warnings)", got.warnings.len()));
    }
    out
}

fn check(name: &str, bytes: impl AsRef<[u8]>, expected: &str) -> FileResult {
    let got = load_into(&mut Store::new(), name, bytes.as_ref());
    assert_eq!(render(name, &got), expected, "{name}: {got:#?}");
    got
}

#[test]
fn gzip_and_zlib() {
    let (r1, r2) = (report("r1"), report("r2"));
    check("plain.xml", &r1, "ok: =r1");
    let half = r1.len() / 2;
    check("members.xml.gz", [gz(&r1.as_bytes()[..half]), gz(&r1.as_bytes()[half..])].concat(), "ok: =r1");
    check("three-members.gz", [gz(b""), gz(r2.as_bytes()), gz(b"")].concat(), "ok: =r2");
    check("double.xml.gz.gz", gz(&gz(r1.as_bytes())), "ok: =r1");
    check("crlf.xml.gz", [gz(r1.as_bytes()), b"\r\n".to_vec()].concat(), "ok: =r1");
    check("report.zlib", zlib(r1.as_bytes()), "ok: =r1");
    check("gz-in-zlib", zlib(&gz(r1.as_bytes())), "ok: =r1");
    let cut = gz(r1.as_bytes());
    let got = check("cut.xml.gz", &cut[..cut.len() - 20], "error truncated");
    assert!(got.error.unwrap().starts_with("cut.xml.gz: truncated gzip"));
    let mut bad_crc = gz(r1.as_bytes());
    let n = bad_crc.len();
    bad_crc[n - 6] ^= 0x55;
    check("crc.xml.gz", bad_crc, "error bad gzip");
}

#[test]
fn zip_archives() {
    let (r1, r2, r3) = (report("r1"), report("r2"), report("r3"));
    let (r1, r2, r3) = (r1.as_bytes(), r2.as_bytes(), r3.as_bytes());
    let entries: &[(&str, &[u8])] = &[
        ("a.xml", r1),
        ("dir/", b""),
        ("dir/sub/", b""),
        ("dir/sub/b.xml", r2),
        ("__MACOSX/", b""),
        ("__MACOSX/dir/sub/._b.xml", b"\0\x05\x16\x07\0\x02\0\0Mac OS X"),
        ("dir/._a.xml", b"\0\x05\x16\x07"),
        ("c.xml.gz", &gz(r3)),
    ];
    check("folders.zip", zip_of(entries), "ok: a.xml=r1, dir/sub/b.xml=r2, c.xml.gz=r3");
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    check("stored.zip", zip_with(entries, stored), "ok: a.xml=r1, dir/sub/b.xml=r2, c.xml.gz=r3");

    // Stored and deflated entries side by side.
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    w.start_file("stored.xml", stored).unwrap();
    w.write_all(r1).unwrap();
    w.start_file("deflated.xml", SimpleFileOptions::default().compression_method(CompressionMethod::Deflated)).unwrap();
    w.write_all(r2).unwrap();
    check("mixed.zip", w.finish().unwrap().into_inner(), "ok: stored.xml=r1, deflated.xml=r2");

    // ZIP64: the writer is made to use 64-bit sizes although the entries are small.
    let large = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated).large_file(true);
    let zip64 = zip_with(&[("a.xml", r1), ("b.xml", r2)], large);
    // The first local header's extra field starts with the ZIP64 extended information (id 1).
    let name_len = usize::from(u16::from_le_bytes([zip64[26], zip64[27]]));
    assert_eq!(zip64[30 + name_len..32 + name_len], [0x01, 0x00], "no ZIP64 extra field written");
    check("zip64.zip", zip64, "ok: a.xml=r1, b.xml=r2");

    // Written without seeking: every entry has a data descriptor (general purpose flag bit 3).
    let streamed = streamed_zip(&[("a.xml", r1), ("b.xml", r2)]);
    assert_eq!(streamed[6] & 0x08, 0x08, "no data descriptor flag");
    check("streamed.zip", &streamed, "ok: a.xml=r1, b.xml=r2");
    // The same archive with its central directory cut off still yields what arrived.
    let cd = streamed.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
    let got = check("streamed-cut.zip", &streamed[..cd], "ok: a.xml=r1, b.xml=r2 (1 warnings)");
    assert_eq!(got.warnings, ["streamed-cut.zip: truncated zip archive: the data ends before the archive does"]);
    let got = check("streamed-cut-2.zip", &streamed[..cd - 40], "ok: a.xml=r1 (1 warnings)");
    assert_eq!(got.warnings, ["streamed-cut-2.zip: truncated zip archive: the data ends before the archive does"]);

    check("empty.zip", zip_of(&[]), "error not a report");
    check("only-folders.zip", zip_of(&[("dir/", b""), ("__MACOSX/._x", b"junk")]), "error not a report");
    check("zip-in-zip.zip", zip_of(&[("inner.zip", &zip_of(&[("x.xml", r1)]))]), "ok: inner.zip › x.xml=r1");
}

#[test]
fn one_broken_zip_entry_beside_a_good_one() {
    let (r1, r2) = (report("r1"), report("r2"));
    let mut data = zip_of(&[("good.xml", r1.as_bytes()), ("broken.xml", r2.as_bytes())]);
    // Damage the middle of the second entry's deflate data.
    let second = data.windows(4).enumerate().filter(|(_, w)| *w == b"PK\x03\x04").nth(1).unwrap().0;
    let name_len = usize::from(u16::from_le_bytes([data[second + 26], data[second + 27]]));
    let extra_len = usize::from(u16::from_le_bytes([data[second + 28], data[second + 29]]));
    let start = second + 30 + name_len + extra_len;
    for b in &mut data[start + 10..start + 40] {
        *b ^= 0xA5;
    }
    let got = check("mixed.zip", &data, "ok: good.xml=r1 (1 warnings)");
    assert!(got.warnings[0].starts_with("mixed.zip › broken.xml: "), "{:?}", got.warnings);

    // A good entry beside one that is not a report at all.
    let got =
        check("notes.zip", zip_of(&[("a.xml", r1.as_bytes()), ("notes.txt", b"hello")]), "ok: a.xml=r1 (1 warnings)");
    assert_eq!(got.warnings, ["notes.zip › notes.txt: not a DMARC aggregate report: it is plain text"]);
}

#[test]
fn e_mail() {
    let (r1, r2) = (report("r1"), report("r2"));
    let zipped = zip_of(&[("example.com!acme!1700000000!1700086400.xml", r1.as_bytes())]);
    let zip_part = "Content-Type: application/zip; name=\"report.zip\"\r\nContent-Disposition: attachment; filename=\"report.zip\"\r\nContent-Transfer-Encoding: base64";
    let zip_mail = mail(zip_part, &base64(&zipped));
    check("zip.eml", &zip_mail, "ok: report.zip › example.com!acme!1700000000!1700086400.xml=r1");

    let gz_part = "Content-Type: application/gzip\r\nContent-Disposition: attachment; filename=\"r1.xml.gz\"\r\nContent-Transfer-Encoding: base64";
    check("gz.eml", mail(gz_part, &base64(&gz(r1.as_bytes()))), "ok: r1.xml.gz=r1");

    // quoted-printable text/xml, with and without a file name.
    let qp = quoted_printable(&r1);
    assert!(qp.contains("=3D") && qp.contains("=\r\n"), "the QP body exercises escapes and soft breaks");
    check(
        "qp.eml",
        mail("Content-Type: text/xml; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable", &qp),
        "ok: part 3 (text/xml)=r1",
    );
    check(
        "qp-named.eml",
        mail("Content-Type: text/xml; name=\"r1.xml\"\r\nContent-Transfer-Encoding: quoted-printable", &qp),
        "ok: r1.xml=r1",
    );

    // RFC 2231 file name in two pieces, on an attachment mislabelled application/octet-stream.
    let split = "Content-Type: application/octet-stream\r\nContent-Disposition: attachment;\r\n filename*0=\"acme.example!example.com!1700000000\";\r\n filename*1=\"!1700086400.xml.gz\"\r\nContent-Transfer-Encoding: base64";
    check(
        "rfc2231.eml",
        mail(split, &base64(&gz(r1.as_bytes()))),
        "ok: acme.example!example.com!1700000000!1700086400.xml.gz=r1",
    );

    // A single-part message whose whole body is the report.
    let single = format!(
        "{HEADERS}Content-Type: application/gzip\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n",
        base64(&gz(r2.as_bytes()))
    );
    check("single.eml", &single, "ok: part 1 (application/gzip)=r2");

    // A report forwarded as message/rfc822, its zip in base64 inside.
    let forwarded = format!(
        "From: admin@example.com\r\nTo: me@example.com\r\nSubject: Fwd: DMARC report\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n--outer\r\nContent-Type: text/plain\r\n\r\nSee below.\r\n--outer\r\nContent-Type: message/rfc822\r\nContent-Disposition: inline\r\n\r\n{zip_mail}\r\n--outer--\r\n"
    );
    check(
        "forwarded.eml",
        &forwarded,
        "ok: part 3 (message/rfc822) › report.zip › example.com!acme!1700000000!1700086400.xml=r1",
    );

    // An mbox with two messages, each with its own report.
    let m2 = mail(gz_part.replace("r1.xml", "r2.xml").as_str(), &base64(&gz(r2.as_bytes())));
    let mbox = format!(
        "From MAILER-DAEMON Tue Nov 14 00:00:00 2023\n{}\nFrom MAILER-DAEMON Wed Nov 15 00:00:00 2023\n{}\n",
        zip_mail.replace("\r\n", "\n"),
        m2.replace("\r\n", "\n")
    );
    check(
        "reports.mbox",
        &mbox,
        "ok: message 1 › report.zip › example.com!acme!1700000000!1700086400.xml=r1, message 2 › r2.xml.gz=r2",
    );

    // A message with nothing in it but text.
    let got = check(
        "chat.eml",
        format!("{HEADERS}Content-Type: text/plain\r\n\r\nHello, how are you?\r\n"),
        "error not a report",
    );
    assert_eq!(
        got.error.unwrap(),
        "chat.eml: not a DMARC aggregate report: it is an e-mail with no DMARC aggregate report attached"
    );
}

#[test]
fn files_that_are_not_reports() {
    check("empty.xml", b"", "error empty");
    check("blank.xml", b"\xEF\xBB\xBF \r\n", "error empty");
    let got = check(
        "scan.pdf",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        "error not a report",
    );
    assert_eq!(got.error.unwrap(), "scan.pdf: not a DMARC aggregate report: it is a PDF document");
    let got = check("tls.json", br#"{"organization-name": "Google", "policies": []}"#, "error not a report");
    assert!(got.error.unwrap().contains("SMTP TLS report"));
    check("page.html", b"<!DOCTYPE html><html><body>404</body></html>", "error not a report");
    check("other.xml", b"<?xml version=\"1.0\"?><rss><channel/></rss>", "error not a report");
    check(
        "laughs.xml",
        b"<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">]><feedback>&lol;</feedback>",
        "error entity declarations refused",
    );
    check("cut.xml", &report("r1")[..300], "error truncated");

    // An ARF failure (forensic) report: a report, but not an aggregate one.
    let arf = format!(
        "{HEADERS}Content-Type: multipart/report; report-type=feedback-report; boundary=\"arf\"\r\n\r\n--arf\r\nContent-Type: text/plain\r\n\r\nThis is an authentication failure report for an email message received from IP 192.0.2.1.\r\n--arf\r\nContent-Type: message/feedback-report\r\n\r\nFeedback-Type: auth-failure\r\nUser-Agent: Acme/1.0\r\nVersion: 1\r\nAuth-Failure: dmarc\r\nSource-IP: 192.0.2.1\r\nReported-Domain: example.com\r\n\r\n--arf\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: someone@example.com\r\nSubject: hi\r\n\r\n--arf--\r\n"
    );
    let got = check("failure.eml", &arf, "error not a report");
    let error = got.error.unwrap();
    assert!(error.starts_with("failure.eml: ") && error.contains("failure (forensic) report"), "{error}");
    let abuse = arf.replace("auth-failure", "abuse");
    assert!(check("abuse.eml", &abuse, "error not a report").error.unwrap().contains("abuse report"));
}

#[test]
fn duplicates() {
    let r1 = report("r1");
    let mut store = Store::new();
    assert_eq!(render("a.xml", &load_into(&mut store, "a.xml", r1.as_bytes())), "ok: =r1");
    assert_eq!(render("again.xml.gz", &load_into(&mut store, "again.xml.gz", &gz(r1.as_bytes()))), "duplicate: =r1*");
    assert_eq!(
        render(
            "b.zip",
            &load_into(&mut store, "b.zip", &zip_of(&[("x.xml", r1.as_bytes()), ("y.xml", report("r2").as_bytes())]))
        ),
        "ok: x.xml=r1*, y.xml=r2"
    );
    assert_eq!(store.reports.len(), 2);

    let twice = zip_of(&[("a.xml", r1.as_bytes()), ("copy/a.xml", r1.as_bytes())]);
    let got = check("twice.zip", &twice, "ok: a.xml=r1, copy/a.xml=r1*");
    // A duplicate still reports what it holds.
    assert_eq!((got.reports[1].messages, got.reports[1].records), (3, 1));
    assert_eq!((got.reports[0].messages, got.reports[0].dmarc_fail_messages), (3, 0));
}

#[test]
fn limits_on_nesting_and_members() {
    let r1 = report("r1");
    // Forwarded inside forwarded, 5000 deep (about 250 KB): refused as too deep, and on a stack of
    // 256 KiB, a quarter of a wasm worker's, neither reading nor dropping the message overflows.
    let mut nested = format!("Subject: r1\r\nContent-Type: application/xml\r\n\r\n{r1}");
    for _ in 0..5000 {
        nested = format!("Subject: Fwd\r\nContent-Type: message/rfc822\r\n\r\n{nested}");
    }
    let got = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || load_into(&mut Store::new(), "nested.eml", nested.as_bytes()))
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(render("nested.eml", &got), "error too deep");
    let mut shallow = format!("Subject: r1\r\nContent-Type: application/xml\r\n\r\n{r1}");
    for _ in 0..3 {
        shallow = format!("Subject: Fwd\r\nContent-Type: message/rfc822\r\n\r\n{shallow}");
    }
    check(
        "shallow.eml",
        shallow,
        "ok: part 1 (message/rfc822) › part 1 (message/rfc822) › part 1 (message/rfc822) › part 1 (application/xml)=r1",
    );

    // gzip members count against max_entries, like zip entries and mbox messages.
    let limits = Limits { max_entries: 10, ..Limits::default() };
    let members = |n: usize| [gz(r1.as_bytes()), gz(b"").repeat(n - 1)].concat();
    let got = load_file(&mut Store::new(), "ten.gz", &members(10), &limits);
    assert_eq!(render("ten.gz", &got), "ok: =r1");
    let got = load_file(&mut Store::new(), "eleven.gz", &members(11), &limits);
    assert_eq!(render("eleven.gz", &got), "error too many entries");
    assert_eq!(got.error.unwrap(), "eleven.gz: more than 10 entries in one archive");
}
