//! Property: `load_file` returns on any bytes, and every error it gives names the file.
//!
//! Valid inputs in each container (XML, gzip, zip, e-mail, mbox) are mutated thousands of times
//! by a deterministic xorshift generator: bytes flipped, cut off, random bytes inserted, pieces
//! spliced in from the same or another input; pure random byte strings and strings of format
//! tokens are added. A failure prints the case number and seed to replay it.

use std::io::{Cursor, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};

use dmarc_lens::{load_file, FileResult, FileStatus, Limits, Store};
use flate2::write::GzEncoder;
use flate2::Compression;
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

/// Loads `bytes` and checks what every result must satisfy, on any input.
fn check(case: usize, bytes: &[u8]) {
    let file = format!("case-{case}.bin");
    let result = catch_unwind(AssertUnwindSafe(|| load_file(&mut Store::new(), &file, bytes, &Limits::default())));
    let got: FileResult = match result {
        Ok(got) => got,
        Err(_) => panic!(
            "load_file panicked on case {case}: {} bytes, starting {:?}",
            bytes.len(),
            &bytes[..bytes.len().min(64)]
        ),
    };
    assert_eq!(got.file, file);
    match got.status {
        FileStatus::Error => {
            let error = got.error.as_deref().unwrap_or("");
            assert!(error.starts_with(&file) && error.len() > file.len() + 2, "case {case}: error {error:?}");
            assert!(got.error_kind.is_some_and(|k| !k.is_empty()), "case {case}: no error kind");
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
}

#[test]
fn load_file_never_panics() {
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

    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut case = 0;
    for _ in 0..1500 {
        for (i, seed) in seeds.iter().enumerate() {
            let other = &seeds[(i + 1 + rng.below(seeds.len() - 1)) % seeds.len()];
            let other = if rng.below(2) == 0 { seed } else { other };
            check(case, &mutate(&mut rng, seed, other));
            case += 1;
        }
    }
    for _ in 0..1500 {
        let n = rng.below(600);
        let random = rng.bytes(n);
        check(case, &random);
        case += 1;
        let tokens: Vec<u8> =
            (0..rng.below(40)).flat_map(|_| TOKENS[rng.below(TOKENS.len())].iter().copied()).collect();
        check(case, &tokens);
        case += 1;
    }
}
