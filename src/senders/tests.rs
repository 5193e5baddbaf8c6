//! Packs written here (by `fixture.rs`) with answers worked out by hand; lookups against a
//! linear scan; and damaged packs, which must be errors.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::fixture::*;
use super::*;
#[test]
fn small_pack_gives_the_answers_worked_out_by_hand() {
    let raw = small().raw();
    for bytes in [raw.clone(), gzip(&raw)] {
        let senders = Senders::from_pack(&bytes).unwrap();
        let check = |address: &str, expected: Option<(u32, Option<&str>, Option<&str>, &str)>| {
            let got = senders.lookup_ip(ip(address)).map(|a| (a.asn, a.as_name, a.as_domain, a.country));
            let expected = expected.map(|(asn, name, domain, c)| (asn, name, domain, country(c)));
            assert_eq!(got, expected, "{address}");
        };
        check("0.0.0.0", None);
        check("9.255.255.255", None);
        check("10.0.0.0", Some((64500, Some("Example Net"), Some("example.net"), "JP")));
        check("10.0.200.7", Some((64500, Some("Example Net"), Some("example.net"), "JP")));
        check("10.1.0.0", Some((64501, Some("Customer KK"), None, "JP")));
        check("10.1.255.255", Some((64501, Some("Customer KK"), None, "JP")));
        check("::ffff:10.1.2.3", Some((64501, Some("Customer KK"), None, "JP")));
        check("10.2.0.0", Some((64500, Some("Example Net"), Some("example.net"), "NL")));
        check("10.255.255.255", Some((64500, Some("Example Net"), Some("example.net"), "NL")));
        check("11.0.0.0", None);
        check("203.0.113.77", Some((4200000000, None, Some("example.net"), "US")));
        check("203.0.114.0", None);
        check("255.255.255.255", None);
        check("2001:db8::1", Some((4200000000, None, Some("example.net"), "NL")));
        check("2001:db8:ffff:ffff::1", Some((4200000000, None, Some("example.net"), "NL")));
        check("2001:db7:ffff::1", None);
        check("2001:db9::", None);
        check("::", None);
        check("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", None);

        let domain = |name: &str| senders.lookup_domain(name).map(|s| (s.name, s.kind));
        assert_eq!(domain("example.net"), Some(("Example", "ISP")));
        assert_eq!(domain(" Mail.EXAMPLE.net. "), Some(("Example", "ISP")));
        assert_eq!(domain("a.b.hosted.example"), Some(("Hosted", "Email Provider")));
        assert_eq!(domain("1-2-3-4-pool.example"), Some(("Pool", "ISP")));
        assert_eq!(domain("xplain.example"), Some(("Plain", "Marketing")));
        assert_eq!(domain("example.org"), None);
        assert_eq!(domain("net"), None);
        assert_eq!(domain(""), None);
        assert_eq!(domain("."), None);
        assert_eq!(domain(&"a".repeat(300)), None);
        assert_eq!(senders.org_domain("A.B.Hosted.Example"), Some("hosted.example".into()));
        assert_eq!(senders.org_domain("x.y.example.co.jp"), Some("example.co.jp".into()));
        assert_eq!(senders.org_domain("x.y.github.io"), Some("y.github.io".into()));
        assert_eq!(senders.org_domain("co.jp"), None);

        let counts = senders.counts();
        assert_eq!((counts.ases, counts.ipv4_entries, counts.ipv6_entries, counts.domains), (3, 7, 3, 4));
        assert_eq!(counts.suffix_overrides, 3);
        assert_eq!(senders.info().collect::<Vec<_>>(), [("ipinfo_attribution", "IP address data powered by IPinfo")]);
    }
}

/// A small deterministic generator (SplitMix64), so a failure names its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Random ranges: starts rising from 0, clustered so that buckets get many entries and
/// some none; each entry an AS (or none) different from the one before.
fn random_entries(rng: &mut Rng, bits: u8, n_ases: usize) -> Vec<Entry> {
    let space = 1u128 << bits;
    let n = 1 + rng.below(3_000) as usize;
    let mut starts = std::collections::BTreeSet::from([0u64]);
    let cluster = (space >> 12).max(1) as u64;
    let eighth = (space / 8) as u64;
    while starts.len() < n {
        // Half packed near eight points (many entries to a bucket), half anywhere.
        let start = if rng.below(2) == 0 {
            rng.below(8) * eighth + rng.below(cluster)
        } else {
            (u128::from(rng.next()) % space) as u64
        };
        starts.insert(start);
    }
    let mut out: Vec<Entry> = Vec::new();
    for start in starts {
        let asn = loop {
            let a = if rng.below(5) == 0 { None } else { Some(rng.below(n_ases as u64) as usize) };
            if out.last().is_none_or(|e| e.asn != a) {
                break a;
            }
        };
        out.push(entry(start, asn, if rng.below(4) == 0 { 1 + rng.below(3) as u8 } else { 0 }));
    }
    out
}

/// The answer by a linear scan: the last entry whose start is at most the key.
fn scan(entries: &[Entry], key: u64) -> Entry {
    *entries.iter().rev().find(|e| e.start <= key).unwrap()
}

fn expected(f: &Fixture, e: Entry) -> Option<(u32, Option<Country>)> {
    let a = e.asn?;
    let (asn, _, _, home) = &f.ases[a];
    let c = if e.country == 0 { *home } else { e.country };
    Some((*asn, c.checked_sub(1).map(|c| country(f.countries[c as usize]).unwrap())))
}

#[test]
fn lookups_equal_a_linear_scan_over_random_ranges() {
    for seed in 0..24u64 {
        let mut rng = Rng(seed);
        let mut f = small();
        f.ases = (0..50).map(|i| (1000 + 7 * i, Some(format!("AS name {i}")), None, (i % 4) as u8)).collect();
        f.v4_bits = 16 + rng.below(17) as u8; // 16..=32
        f.v6_bits = 16 + rng.below(49) as u8; // 16..=64
        f.v4 = random_entries(&mut rng, f.v4_bits, f.ases.len());
        f.v6 = random_entries(&mut rng, f.v6_bits, f.ases.len());
        let senders = Senders::from_pack(&f.raw()).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        for _ in 0..4_000 {
            // Addresses anywhere, and right at and just before entry starts.
            let address = rng.next() as u32;
            let address = match rng.below(3) {
                0 => address,
                k => {
                    let e = f.v4[rng.below(f.v4.len() as u64) as usize];
                    let at = (e.start << (32 - f.v4_bits)) as u32;
                    if k == 1 {
                        at
                    } else {
                        at.wrapping_sub(1)
                    }
                }
            };
            let want = expected(&f, scan(&f.v4, u64::from(address >> (32 - u32::from(f.v4_bits)))));
            let got = senders.lookup_ip(IpAddr::V4(Ipv4Addr::from(address))).map(|a| (a.asn, a.country));
            assert_eq!(got, want, "seed {seed}, {} at /{}", Ipv4Addr::from(address), f.v4_bits);

            let address = (u128::from(rng.next()) << 64) | u128::from(rng.next());
            let address = match rng.below(3) {
                0 => address,
                k => {
                    let e = f.v6[rng.below(f.v6.len() as u64) as usize];
                    let at = u128::from(e.start) << (128 - f.v6_bits);
                    if k == 1 {
                        at
                    } else {
                        at.wrapping_sub(1)
                    }
                }
            };
            let v6 = Ipv6Addr::from(address);
            if v6.to_ipv4_mapped().is_some() {
                continue; // looked up as IPv4
            }
            let want = expected(&f, scan(&f.v6, (address >> (128 - u32::from(f.v6_bits))) as u64));
            let got = senders.lookup_ip(IpAddr::V6(v6)).map(|a| (a.asn, a.country));
            assert_eq!(got, want, "seed {seed}, {v6} at /{}", f.v6_bits);
        }
    }
}

#[test]
fn every_cut_of_a_pack_is_an_error() {
    let raw = small().raw();
    for len in 0..raw.len() {
        assert!(Senders::from_pack(&raw[..len]).is_err(), "raw cut at {len}");
        // Cut, then sealed again: the structural checks must catch it, not the CRC.
        if len >= 4 {
            let _ = Senders::from_pack(&seal(raw[..len - 4].to_vec()));
        }
    }
    let packed = gzip(&raw);
    for len in 0..packed.len() {
        assert!(Senders::from_pack(&packed[..len]).is_err(), "gzip cut at {len}");
    }
}

#[test]
fn every_flipped_byte_is_an_error_or_a_pack_never_a_panic() {
    let raw = small().raw();
    for at in 0..raw.len() - 4 {
        for flip in [0x01u8, 0x80, 0xFF] {
            let mut damaged = raw.clone();
            damaged[at] ^= flip;
            assert!(Senders::from_pack(&damaged).is_err(), "byte {at} ^ {flip:#x} passed the CRC");
            // With the CRC made to match, the reader must still stand: any result, no panic,
            // and lookups on whatever it accepted must not panic either.
            if let Ok(senders) = Senders::from_pack(&resealed(&damaged)) {
                for address in ["10.1.2.3", "255.255.255.255", "2001:db8::1", "::"] {
                    let _ = senders.lookup_ip(ip(address));
                }
                for name in ["mail.example.net", "a.hosted.example", "x-pool.example", "xplain.example"] {
                    let _ = senders.lookup_domain(name);
                }
            }
        }
    }
}

#[test]
fn damage_is_named() {
    let raw = small().raw();
    let check = |bytes: &[u8], expected: PackError| assert_eq!(Senders::from_pack(bytes).unwrap_err(), expected);

    check(b"", PackError::NotAPack);
    check(b"<?xml version=\"1.0\"?>", PackError::NotAPack);
    let mut v2 = raw.clone();
    v2[8] = 2;
    check(&resealed(&v2), PackError::UnsupportedVersion { version: 2 });
    let mut flipped = raw.clone();
    flipped[40] ^= 1;
    assert!(matches!(Senders::from_pack(&flipped), Err(PackError::Checksum { .. })));
    let mut longer = raw[..raw.len() - 4].to_vec();
    longer.push(0);
    assert!(matches!(Senders::from_pack(&seal(longer)), Err(PackError::WrongLength { .. })));
    assert!(matches!(Senders::from_pack(&gzip(&raw)[..30]), Err(PackError::Gzip { .. })));

    // An AS reference past the AS table.
    let mut f = small();
    f.v4[1].asn = Some(3);
    check(&f.raw(), PackError::BadReference { section: "NET4", row: 1, what: "ASes" });
    // Range starts that do not rise.
    let mut f = small();
    f.v4[2].start = f.v4[1].start;
    check(&f.raw(), PackError::NotAscending { section: "NET4", row: 2 });
    // A key past a /24 space.
    let mut f = small();
    f.v4.push(entry(1 << 24, Some(0), 0));
    check(&f.raw(), PackError::BadValue { section: "NET4", what: "a key past the address space" });
    // Unit bits the index cannot serve.
    let mut f = small();
    f.v6_bits = 65;
    check(&f.raw(), PackError::BadValue { section: "NET6", what: "unit bits out of range" });
    // A country reference past the country table.
    let mut f = small();
    f.v6[1].country = 9;
    check(&f.raw(), PackError::BadReference { section: "NET6", row: 1, what: "countries" });
    // Domains out of order.
    let mut f = small();
    f.domains.swap(0, 1);
    check(&f.raw(), PackError::NotAscending { section: "DOMS", row: 1 });
    // A sender type past the type table.
    let mut f = small();
    f.domains[0].2 = 3;
    check(&f.raw(), PackError::BadReference { section: "DOMS", row: 0, what: "sender types" });
    // One ASN twice.
    let mut f = small();
    f.ases[1].0 = 64500;
    check(&f.raw(), PackError::NotAscending { section: "ASNS", row: 1 });
    // A count far past the bytes there are: refused before anything is allocated.
    let mut huge = b"DLSENDER".to_vec();
    let mut body = b"INFO".to_vec();
    let mut data = Vec::new();
    varint(&mut data, u64::MAX >> 1);
    body.extend_from_slice(&(data.len() as u32).to_le_bytes());
    body.extend_from_slice(&data);
    huge.extend_from_slice(&1u16.to_le_bytes());
    huge.extend_from_slice(&1u16.to_le_bytes());
    huge.extend_from_slice(&(body.len() as u32).to_le_bytes());
    huge.extend_from_slice(&body);
    check(&seal(huge), PackError::Truncated { section: "INFO", offset: 24 });
    // A section missing.
    let mut missing = raw[..16].to_vec();
    missing[10] = 0; // no sections
    missing[12..16].copy_from_slice(&0u32.to_le_bytes());
    check(&seal(missing), PackError::MissingSection { section: "INFO" });
    // A suffix list without its markers.
    let mut f = small();
    f.suffixes = "com\nnet\n";
    check(&f.raw(), PackError::BadValue { section: "PSLS", what: "not a Public Suffix List" });
}

#[test]
fn a_pack_that_inflates_past_the_limit_is_refused() {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..=(MAX_PACK_BYTES >> 20) {
        encoder.write_all(&zeros).unwrap();
    }
    let bomb = encoder.finish().unwrap();
    assert_eq!(Senders::from_pack(&bomb).unwrap_err(), PackError::TooLarge { limit: MAX_PACK_BYTES });
}

#[test]
fn overrides_fold_as_parsedmarc_does() {
    let o = domain::Overrides::new(&[".a2hosted.com", "-applefibernet.com", "tigobusiness.com.ni", ".b.a2hosted.com"]);
    let fold = |name: &str| {
        let mut scratch = domain::Scratch::new();
        let hashes = domain::SuffixHashes::new(name.as_bytes(), &mut scratch);
        o.fold(name.as_bytes(), &hashes).map(|f| std::str::from_utf8(f).unwrap().to_string())
    };
    assert_eq!(fold("x.a2hosted.com"), Some("a2hosted.com".into()));
    assert_eq!(fold("x.b.a2hosted.com"), Some("b.a2hosted.com".into())); // the longest
    assert_eq!(fold("a2hosted.com"), None); // a dot line needs the dot
    assert_eq!(fold("1-2-3-4-applefibernet.com"), Some("applefibernet.com".into()));
    assert_eq!(fold("x.applefibernet.com"), None);
    assert_eq!(fold("cliente.tigobusiness.com.ni"), Some("tigobusiness.com.ni".into()));
    assert_eq!(fold("xtigobusiness.com.ni"), Some("tigobusiness.com.ni".into()));
    assert_eq!(fold("example.com"), None);
}

#[test]
fn a_sender_is_named_by_a_passing_check_of_its_own_domain_then_by_the_network() {
    let senders = Senders::from_pack(&small().raw()).unwrap();
    let dkim = |domain, passed| Check { method: Method::Dkim, domain, passed };
    let spf = |domain, passed| Check { method: Method::Spf, domain, passed };
    let none: Vec<String> = Vec::new();
    let named = |address: &str, checks: &[Check<'_>], own: &[String]| {
        senders
            .attribute(ip(address), checks, own)
            .map(|a| (a.name.to_string(), a.kind.map(str::to_string), a.evidence, a.domain, a.network.map(|n| n.asn)))
    };
    let answer = |name: &str, kind: Option<&str>, evidence, domain: &str, asn: Option<u32>| {
        Some((name.to_string(), kind.map(str::to_string), evidence, domain.to_string(), asn))
    };
    // A verified DKIM signature of a known sender's domain.
    assert_eq!(
        named("10.1.2.3", &[dkim("plain.example", 5)], &none),
        answer("Plain", Some("Marketing"), Evidence::Dkim, "plain.example", Some(64501))
    );
    // A signature that failed names nobody; a passing SPF check does, below the organisational domain.
    assert_eq!(
        named("10.1.2.3", &[dkim("plain.example", 0), spf("Mail.Hosted.Example", 3)], &none),
        answer("Hosted", Some("Email Provider"), Evidence::Spf, "mail.hosted.example", Some(64501))
    );
    // The user's own domain never names the sender: the network's owner does, by its AS name.
    let own = vec!["plain.example".to_string()];
    assert_eq!(
        named("10.1.2.3", &[dkim("mail.plain.example", 5)], &own),
        answer("Customer KK", None, Evidence::NetworkOwner, "", Some(64501))
    );
    // No check: the AS domain is a known sender.
    assert_eq!(
        named("10.0.0.9", &[], &none),
        answer("Example", Some("ISP"), Evidence::Network, "example.net", Some(64500))
    );
    assert_eq!(
        named("203.0.113.5", &[], &none),
        answer("Example", Some("ISP"), Evidence::Network, "example.net", Some(4200000000))
    );
    // Nothing known of the network and no check: nobody.
    assert_eq!(named("11.0.0.1", &[spf("example.org", 4)], &none), None);
    // Most messages win; a tie goes to the first domain in order, whatever the order given.
    assert_eq!(named("10.1.2.3", &[dkim("plain.example", 5), dkim("hosted.example", 7)], &none).unwrap().0, "Hosted");
    assert_eq!(named("10.1.2.3", &[dkim("plain.example", 5), dkim("hosted.example", 5)], &none).unwrap().0, "Hosted");
    assert_eq!(named("10.1.2.3", &[dkim("hosted.example", 5), dkim("plain.example", 5)], &none).unwrap().0, "Hosted");
    // DKIM outranks SPF, but a DKIM domain the map does not know leaves SPF to name it.
    assert_eq!(named("10.1.2.3", &[spf("plain.example", 9), dkim("hosted.example", 1)], &none).unwrap().0, "Hosted");
    assert_eq!(named("10.1.2.3", &[dkim("example.org", 9), spf("plain.example", 1)], &none).unwrap().2, Evidence::Spf);
    // A bare public suffix is nobody's domain; IPv4-mapped IPv6 is IPv4.
    assert_eq!(named("10.0.0.9", &[dkim("net", 3)], &none).unwrap().2, Evidence::Network);
    assert_eq!(named("::ffff:10.1.2.3", &[], &none).unwrap().4, Some(64501));
}

/// The pack the app serves, for the tests that read its own lists.
const REAL_PACK: &[u8] = include_bytes!("../../components/public/packs/senders.pack.gz");

impl Rng {
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

fn crate_domain<'n>(list: &publicsuffix::List, name: &'n [u8]) -> Option<&'n [u8]> {
    use publicsuffix::Psl;
    list.domain(name).map(|d| d.as_bytes())
}

#[test]
fn the_suffix_list_finds_what_the_publicsuffix_crate_finds_over_the_packs_list() {
    let text = pack::section_bytes(REAL_PACK, "PSLS").unwrap();
    let ours = psl::SuffixList::new(&text).unwrap();
    let theirs = publicsuffix::List::from_bytes(&text).unwrap();
    let rules: Vec<&str> = std::str::from_utf8(&text)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("//"))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(rules.len() > 10_000, "{}", rules.len());
    let mut labels: Vec<&str> = rules.iter().flat_map(|r| r.trim_start_matches('!').split('.')).collect();
    labels.extend(["", "*", "www", "mail", "example", "sendgrid", "co", "uk", "jp", "com", "a-b", "xn--p1ai"]);
    let mut rng = Rng(1);
    let mut names: Vec<String> = Vec::new();
    for rule in &rules {
        let rule = rule.trim_start_matches('!');
        for _ in 0..3 {
            // The rule itself, with a wildcard filled in or left, with labels before it.
            let filled = rule.replace('*', rng.pick(&["w", "*", "city", "kawasaki"]));
            names.push(filled.clone());
            names.push(format!("{}.{filled}", rng.pick(&labels)));
            names.push(format!("{}.{}.{filled}", rng.pick(&labels), rng.pick(&labels)));
            names.push(format!("{}.{filled}.", rng.pick(&labels)));
            names.push(format!(".{filled}"));
        }
    }
    // Names of one to six labels drawn from every label the list has, and odd shapes.
    for _ in 0..200_000 {
        let n = 1 + rng.next() as usize % 6;
        let name: Vec<&str> = (0..n).map(|_| rng.pick(&labels)).collect();
        names.push(name.join("."));
    }
    names.extend(["", ".", "..", "com", ".com", "com.", "a..com", "a.com..", "a.b.c.d.e.f.g"].map(String::from));
    let mut differ = Vec::new();
    let mut found = 0;
    for name in &names {
        let (a, b) = (ours.domain(name.as_bytes()), crate_domain(&theirs, name.as_bytes()));
        found += usize::from(a.is_some());
        if a != b {
            differ.push((name.clone(), a.map(<[u8]>::to_vec), b.map(<[u8]>::to_vec)));
        }
    }
    assert!(differ.is_empty(), "{} of {} differ, e.g. {:?}", differ.len(), names.len(), &differ[..differ.len().min(5)]);
    assert!(found > names.len() / 2, "{found} of {} have a domain", names.len());
}

#[test]
fn the_suffix_list_reads_and_refuses_lists_as_the_crate_does() {
    let cases: [&[u8]; 12] = [
        b"// BEGIN ICANN DOMAINS\ncom\n*.ck\n!www.ck\nb.foo\n*.foo\na.b.foo\n",
        b"com\n// ===BEGIN PRIVATE DOMAINS===\nblogspot.com\n",
        b"not.before.marker\n// BEGIN ICANN DOMAINS\njp\n  kawasaki.jp  trailing words\n",
        b"// BEGIN ICANN DOMAINS\n!foo\n",
        b"// BEGIN ICANN DOMAINS\na..b\n",
        b"// BEGIN ICANN DOMAINS\n!.foo\n",
        b"// BEGIN ICANN DOMAINS\n",
        b"only.rules.before.any.marker\n",
        b"",
        b"// BEGIN ICANN DOMAINS\n\xff\n",
        b"// BEGIN ICANN DOMAINS\r\ncom\r\nco.uk\r\n",
        b"// BEGIN ICANN DOMAINS\nco.uk\n!city.*.uk\n",
    ];
    let names = [
        "x.ck",
        "www.ck",
        "a.www.ck",
        "z.x.ck",
        "ck",
        "x.b.foo",
        "y.x.b.foo",
        "a.b.foo",
        "z.a.b.foo",
        "q.foo",
        "p.q.foo",
        "a.blogspot.com",
        "blogspot.com",
        "x.kawasaki.jp",
        "kawasaki.jp",
        "x.co.uk",
        "a.city.x.uk",
        "city.x.uk",
        "a.b",
        "com",
        "x.com",
        "",
        ".",
        "a.",
    ];
    for text in cases {
        let ours = psl::SuffixList::new(text);
        let theirs = publicsuffix::List::from_bytes(text);
        assert_eq!(ours.is_ok(), theirs.is_ok(), "{:?}", String::from_utf8_lossy(text));
        let (Ok(ours), Ok(theirs)) = (ours, theirs) else { continue };
        for name in names {
            assert_eq!(
                ours.domain(name.as_bytes()),
                crate_domain(&theirs, name.as_bytes()),
                "{name} in {:?}",
                String::from_utf8_lossy(text)
            );
        }
    }
}

#[test]
fn every_sender_type_of_the_pack_has_words_in_both_languages() {
    use crate::text::{sender_type_key, sender_type_words, tr, Lang};
    let senders = Senders::from_pack(REAL_PACK).unwrap();
    assert_eq!(senders.types.len(), 46);
    let missing: Vec<&str> = senders.types.iter().map(|t| &**t).filter(|t| sender_type_key(t).is_none()).collect();
    assert!(missing.is_empty(), "sender types without a key in text/table.rs: {missing:?}");
    for kind in senders.types.iter() {
        let key = sender_type_key(kind).unwrap();
        // The English is the pack's own word; the analysis's JSON keeps the pack's string.
        assert_eq!(tr(Lang::En, key), &**kind);
    }
    assert_eq!(sender_type_words(Lang::Ja, "Email Provider"), "メールサービス");
    // A type a later pack adds is shown as it is written.
    assert_eq!(sender_type_words(Lang::Ja, "Quantum Widgets"), "Quantum Widgets");
}
