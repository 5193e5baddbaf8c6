//! A writer of sender packs that follows the format as `scripts/build-sender-packs.py`
//! describes it, for tests here and in the analyses: packs made in the test, with answers
//! worked out by hand.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::Country;

/// One range of a fixture: the first key it covers and its AS (index into `ases`) and country
/// reference (0: the AS's home country).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Entry {
    pub(crate) start: u64,
    pub(crate) asn: Option<usize>,
    pub(crate) country: u8,
}

#[derive(Clone, Debug)]
pub(crate) struct Fixture {
    pub(crate) countries: Vec<&'static str>,
    /// (ASN, name, domain, home country reference)
    pub(crate) ases: Vec<(u32, Option<String>, Option<String>, u8)>,
    pub(crate) v4_bits: u8,
    pub(crate) v4: Vec<Entry>,
    pub(crate) v6_bits: u8,
    pub(crate) v6: Vec<Entry>,
    pub(crate) types: Vec<&'static str>,
    /// (domain, name, type index), written in byte order of the domain
    pub(crate) domains: Vec<(String, String, u8)>,
    pub(crate) overrides: Vec<&'static str>,
    pub(crate) suffixes: &'static str,
}

pub(crate) fn varint(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let low = (value & 0x7F) as u8;
        value >>= 7;
        if value == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

pub(crate) fn text(out: &mut Vec<u8>, s: &str) {
    varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// The shared string table, numbered in order of first use, and the references as written.
#[derive(Default)]
pub(crate) struct StringTable {
    order: Vec<String>,
}

impl StringTable {
    fn reference(&mut self, s: Option<&str>) -> u64 {
        let Some(s) = s.filter(|s| !s.is_empty()) else { return 0 };
        match self.order.iter().position(|o| o == s) {
            Some(i) => i as u64 + 2,
            None => {
                self.order.push(s.to_string());
                1
            }
        }
    }
}

pub(crate) fn net_section(bits: u8, entries: &[Entry]) -> Vec<u8> {
    let mut out = vec![bits];
    varint(&mut out, entries.len() as u64);
    let mut previous = 0;
    for e in entries {
        varint(&mut out, e.start - previous);
        previous = e.start;
    }
    let mut before: [Option<usize>; 2] = [None, None];
    for e in entries {
        let code = match e.asn {
            None => 1,
            Some(a) if before[0] == Some(a) => 0,
            Some(a) => a as u64 + 2,
        };
        varint(&mut out, code);
        before = [before[1], e.asn];
    }
    out.extend(entries.iter().map(|e| e.country));
    out
}

impl Fixture {
    /// The pack, inflated.
    pub(crate) fn raw(&self) -> Vec<u8> {
        let mut strings = StringTable::default();
        let mut ases = Vec::new();
        varint(&mut ases, self.ases.len() as u64);
        let mut previous = 0;
        for (asn, ..) in &self.ases {
            varint(&mut ases, u64::from(asn - previous));
            previous = *asn;
        }
        for (_, name, ..) in &self.ases {
            varint(&mut ases, strings.reference(name.as_deref()));
        }
        for (_, _, domain, _) in &self.ases {
            varint(&mut ases, strings.reference(domain.as_deref()));
        }
        ases.extend(self.ases.iter().map(|a| a.3));

        let mut doms = Vec::new();
        varint(&mut doms, self.domains.len() as u64);
        for (domain, ..) in &self.domains {
            varint(&mut doms, strings.reference(Some(domain)));
        }
        for (_, name, _) in &self.domains {
            varint(&mut doms, strings.reference(Some(name)));
        }
        doms.extend(self.domains.iter().map(|d| d.2));

        let mut info = Vec::new();
        varint(&mut info, 1);
        text(&mut info, "ipinfo_attribution");
        text(&mut info, "IP address data powered by IPinfo");
        let mut strs = Vec::new();
        varint(&mut strs, strings.order.len() as u64);
        for s in &strings.order {
            text(&mut strs, s);
        }
        let mut ctry = Vec::new();
        varint(&mut ctry, self.countries.len() as u64);
        for c in &self.countries {
            ctry.extend_from_slice(c.as_bytes());
        }
        let mut typs = Vec::new();
        varint(&mut typs, self.types.len() as u64);
        for t in &self.types {
            text(&mut typs, t);
        }
        let mut pslo = Vec::new();
        varint(&mut pslo, self.overrides.len() as u64);
        for o in &self.overrides {
            text(&mut pslo, o);
        }
        let sections: [(&[u8; 4], Vec<u8>); 10] = [
            (b"INFO", info),
            (b"STRS", strs),
            (b"CTRY", ctry),
            (b"TYPS", typs),
            (b"ASNS", ases),
            (b"NET4", net_section(self.v4_bits, &self.v4)),
            (b"NET6", net_section(self.v6_bits, &self.v6)),
            (b"DOMS", doms),
            (b"PSLO", pslo),
            (b"PSLS", self.suffixes.as_bytes().to_vec()),
        ];
        let mut body = Vec::new();
        for (tag, data) in &sections {
            body.extend_from_slice(*tag);
            body.extend_from_slice(&(data.len() as u32).to_le_bytes());
            body.extend_from_slice(data);
        }
        let mut raw = b"DLSENDER".to_vec();
        raw.extend_from_slice(&1u16.to_le_bytes());
        raw.extend_from_slice(&(sections.len() as u16).to_le_bytes());
        raw.extend_from_slice(&(body.len() as u32).to_le_bytes());
        raw.extend_from_slice(&body);
        seal(raw)
    }
}

/// `raw` (without a CRC) with its CRC-32 appended.
pub(crate) fn seal(mut raw: Vec<u8>) -> Vec<u8> {
    let mut crc = flate2::Crc::new();
    crc.update(&raw);
    raw.extend_from_slice(&crc.sum().to_le_bytes());
    raw
}

/// A damaged pack whose CRC still matches, so the checks behind it are reached.
pub(crate) fn resealed(raw: &[u8]) -> Vec<u8> {
    seal(raw[..raw.len() - 4].to_vec())
}

pub(crate) fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

pub(crate) fn v4_key(ip: &str, bits: u8) -> u64 {
    u64::from(u32::from(ip.parse::<Ipv4Addr>().unwrap()) >> (32 - bits))
}

pub(crate) fn v6_key(ip: &str, bits: u8) -> u64 {
    (u128::from(ip.parse::<Ipv6Addr>().unwrap()) >> (128 - bits)) as u64
}

pub(crate) fn entry(start: u64, asn: Option<usize>, country: u8) -> Entry {
    Entry { start, asn, country }
}

/// Three ASes around 10.0.0.0/8 and in 2001:db8::/32, four senders, three overrides.
pub(crate) fn small() -> Fixture {
    let k4 = |ip| v4_key(ip, 24);
    let k6 = |ip| v6_key(ip, 48);
    Fixture {
        countries: vec!["JP", "NL", "US"],
        ases: vec![
            (64500, Some("Example Net".into()), Some("example.net".into()), 1),
            (64501, Some("Customer KK".into()), None, 1),
            (4200000000, None, Some("example.net".into()), 3),
        ],
        v4_bits: 24,
        v4: vec![
            entry(0, None, 0),
            entry(k4("10.0.0.0"), Some(0), 0),
            entry(k4("10.1.0.0"), Some(1), 0),
            entry(k4("10.2.0.0"), Some(0), 2), // "two before" again, with a country of its own
            entry(k4("11.0.0.0"), None, 0),
            entry(k4("203.0.113.0"), Some(2), 0),
            entry(k4("203.0.114.0"), None, 0),
        ],
        v6_bits: 48,
        v6: vec![entry(0, None, 0), entry(k6("2001:db8::"), Some(2), 2), entry(k6("2001:db9::"), None, 0)],
        types: vec!["Email Provider", "ISP", "Marketing"],
        domains: vec![
            ("example.net".into(), "Example".into(), 1),
            ("hosted.example".into(), "Hosted".into(), 0),
            ("plain.example".into(), "Plain".into(), 2),
            ("pool.example".into(), "Pool".into(), 1),
        ],
        overrides: vec![".hosted.example", "-pool.example", "plain.example"],
        suffixes: "// ===BEGIN ICANN DOMAINS===\ncom\nnet\njp\nco.jp\n// ===BEGIN PRIVATE DOMAINS===\ngithub.io\n",
    }
}

pub(crate) fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

pub(crate) fn country(code: &str) -> Option<Country> {
    let b = code.as_bytes();
    Country::new([b[0], b[1]])
}
