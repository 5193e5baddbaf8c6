//! The committed sender pack against owners that are public knowledge: Google, Microsoft,
//! Amazon SES and SendGrid mail servers, two Japanese ISPs, and the map's names for the
//! domains they send from. Also that the pack is the one `packs.json` describes.
//! After `scripts/build-sender-packs.py` writes a new pack, these are what to look at.

use std::net::IpAddr;
use std::sync::LazyLock;

use dmarc_lens::senders::{Senders, MAX_PACK_BYTES};

const PACK: &[u8] = include_bytes!("../components/public/packs/senders.pack.gz");
const MANIFEST: &str = include_str!("../components/public/packs/packs.json");

static SENDERS: LazyLock<Senders> = LazyLock::new(|| Senders::from_pack(PACK).expect("the committed pack reads"));

fn check_ip(address: &str, asns: &[u32], as_name: &str, as_domain: &str, country: &str) {
    let ip: IpAddr = address.parse().unwrap();
    let info = SENDERS.lookup_ip(ip).unwrap_or_else(|| panic!("{address}: no AS"));
    assert!(asns.contains(&info.asn), "{address}: AS{} not in {asns:?}", info.asn);
    assert_eq!(info.as_name, Some(as_name), "{address}");
    assert_eq!(info.as_domain, Some(as_domain), "{address}");
    assert_eq!(info.country.map(|c| c.to_string()).as_deref(), Some(country), "{address}");
}

#[test]
fn addresses_whose_owner_is_public_knowledge() {
    // Gmail's outbound relay (mail-sor-f41.google.com).
    check_ip("209.85.220.41", &[15169], "Google LLC", "google.com", "US");
    // Exchange Online Protection, 40.107.0.0/16.
    check_ip("40.107.22.5", &[8075], "Microsoft Corporation", "microsoft.com", "US");
    check_ip("40.107.0.1", &[8075], "Microsoft Corporation", "microsoft.com", "US");
    // Amazon SES, 54.240.0.0/18: AS16509 and AS14618 both announce parts of it.
    check_ip("54.240.0.1", &[14618, 16509], "Amazon.com, Inc.", "amazon.com", "US");
    check_ip("54.240.8.20", &[14618, 16509], "Amazon.com, Inc.", "amazon.com", "US");
    check_ip("54.240.63.255", &[14618, 16509], "Amazon.com, Inc.", "amazon.com", "US");
    // SendGrid, 167.89.0.0/17.
    check_ip("167.89.0.1", &[11377], "SendGrid, Inc.", "sendgrid.com", "US");
    check_ip("167.89.127.255", &[11377], "SendGrid, Inc.", "sendgrid.com", "US");
    // Japanese ISPs: SoftBank's 126.0.0.0/8 and NTT's OCN.
    check_ip("126.0.0.1", &[17676], "SoftBank Corp.", "softbank.jp", "JP");
    check_ip("153.156.0.1", &[4713], "NTT DOCOMO BUSINESS,Inc.", "ntt.com", "JP");
    // IPv4-mapped IPv6 is IPv4.
    check_ip("::ffff:209.85.220.41", &[15169], "Google LLC", "google.com", "US");
    // IPv6: Gmail and Exchange Online.
    check_ip("2607:f8b0:4864:20::42a", &[15169], "Google LLC", "google.com", "US");
    check_ip("2a01:111:f400:fe0d::1", &[8075], "Microsoft Corporation", "microsoft.com", "US");
    // Private, documentation and unallocated space has no AS.
    for address in ["10.1.2.3", "192.168.0.1", "192.0.2.1", "198.51.100.7", "2001:db8::1", "::1"] {
        assert_eq!(SENDERS.lookup_ip(address.parse().unwrap()), None, "{address}");
    }
}

#[test]
fn domains_by_their_organisational_domain() {
    let check = |domain: &str, org: &str, name: &str, kind: &str| {
        assert_eq!(SENDERS.org_domain(domain).as_deref(), Some(org), "{domain}");
        let sender = SENDERS.lookup_domain(domain).unwrap_or_else(|| panic!("{domain}: not in the map"));
        assert_eq!((sender.name, sender.kind), (name, kind), "{domain}");
    };
    check("google.com", "google.com", "Google (Including Gmail and Google Workspace)", "Email Provider");
    check("mail-sor-f41.google.com", "google.com", "Google (Including Gmail and Google Workspace)", "Email Provider");
    check("mail.sendgrid.net", "sendgrid.net", "Twilio SendGrid", "Marketing");
    check("amazonses.com", "amazonses.com", "Amazon SES", "SaaS");
    check("a8-30.smtp-out.amazonses.com", "amazonses.com", "Amazon SES", "SaaS");
    check("outlook.com", "outlook.com", "Outlook (Personal and Microsoft 365)", "Email Provider");
    check(
        "mail-eopbgr80052.outbound.protection.outlook.com",
        "outlook.com",
        "Outlook (Personal and Microsoft 365)",
        "Email Provider",
    );
    check("softbank.jp", "softbank.jp", "SoftBank", "ISP");
    check("p1234-ipngn.example.ocn.ne.jp", "ocn.ne.jp", "OCN", "ISP");
    assert_eq!(SENDERS.lookup_domain("example.invalid"), None);
    // The AS domain of an address leads to the map as well.
    let google = SENDERS.lookup_ip("209.85.220.41".parse().unwrap()).and_then(|a| a.as_domain).unwrap();
    assert_eq!(SENDERS.lookup_domain(google).map(|s| s.name), Some("Google (Including Gmail and Google Workspace)"));
}

#[test]
fn every_map_domain_is_found_and_all_but_23_from_a_host_below_it() {
    let mut n = 0;
    let mut not_from_below = Vec::new();
    for (domain, sender) in SENDERS.known_domains() {
        n += 1;
        assert_eq!(SENDERS.lookup_domain(domain), Some(sender), "{domain}");
        if SENDERS.lookup_domain(&format!("mail-1.{domain}")) != Some(sender) {
            not_from_below.push(domain);
        }
    }
    assert_eq!(n, 38_628);
    // 23 keys are public suffixes themselves (gov.in, edu.ru, poznan.pl; the private
    // cloudflare.net, kapsi.fi, ruhr-uni-bochum.de with no override; the TLD fujitsu) or sit
    // below their organisational domain (admin.corpivensa.gob.ve): a host below one of them is
    // an organisation of its own, as in parsedmarc, and these keys are found only as
    // themselves (as AS domains are). Today's list, so a new pack that changes it is looked at.
    assert_eq!(
        not_from_below,
        [
            "ac.ru",
            "admin.corpivensa.gob.ve",
            "bielsko.pl",
            "cloudflare.net",
            "edu.ru",
            "fujitsu",
            "gda.pl",
            "gdynia.pl",
            "gov.in",
            "gov.ru",
            "hstgr.cloud",
            "kapsi.fi",
            "lodz.pl",
            "net.ru",
            "pi.leg.br",
            "poznan.pl",
            "ruhr-uni-bochum.de",
            "spb.ru",
            "torun.pl",
            "uk.net",
            "wroc.pl",
            "za.com",
            "za.net",
        ]
    );
}

#[test]
fn lookups_equal_the_plain_way_round() {
    // The name itself, else its organisational domain (overrides, then the suffix list), looked
    // up in the map: `lookup_domain` skips steps when it can, and must answer the same.
    let map: std::collections::HashMap<&str, _> = SENDERS.known_domains().collect();
    let plain = |name: &str| {
        let lower = name.to_ascii_lowercase();
        map.get(lower.as_str())
            .copied()
            .or_else(|| SENDERS.org_domain(name).and_then(|org| map.get(org.as_str()).copied()))
    };
    let keys: Vec<&str> = map.keys().copied().collect();
    let mut n_found = 0;
    for (i, key) in keys.iter().enumerate().step_by(7) {
        let other = keys[(i * 31 + 17) % keys.len()];
        for name in [
            key.to_string(),
            format!("mail.{key}"),
            format!("a.b-c.{key}"),
            format!("x-{key}"),
            format!("{key}.{other}"),
            format!("MX{i}.{}", key.to_uppercase()),
            format!("mail.unknown-{i}.invalid"),
        ] {
            let got = SENDERS.lookup_domain(&name);
            assert_eq!(got, plain(&name), "{name}");
            n_found += usize::from(got.is_some());
        }
    }
    assert!(n_found > 10_000, "{n_found}");
}

#[test]
fn the_pack_is_the_one_packs_json_describes() {
    let manifest: serde_json::Value = serde_json::from_str(MANIFEST).unwrap();
    let pack = &manifest["packs"][0];
    assert_eq!(pack["file"], "senders.pack.gz");
    assert_eq!(pack["bytes"].as_u64(), Some(PACK.len() as u64));
    assert!(pack["raw_bytes"].as_u64().unwrap() < MAX_PACK_BYTES as u64);
    assert!(manifest["budget_gzip_bytes"].as_u64().unwrap() >= PACK.len() as u64);
    let counts = SENDERS.counts();
    let c = &pack["counts"];
    assert_eq!(c["ases"].as_u64(), Some(counts.ases as u64));
    assert_eq!(c["ipv4_entries"].as_u64(), Some(counts.ipv4_entries as u64));
    assert_eq!(c["ipv6_entries"].as_u64(), Some(counts.ipv6_entries as u64));
    assert_eq!(c["domains"].as_u64(), Some(counts.domains as u64));
    assert_eq!(c["strings"].as_u64(), Some(counts.strings as u64));
    let sources: Vec<_> = manifest["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["package"].as_str().unwrap(), s["version"].as_str().unwrap(), s["licence"].as_str().unwrap()))
        .collect();
    assert_eq!(
        sources,
        [
            ("parsedmarc", "11.1.0", "CC BY-SA 4.0"),
            ("parsedmarc", "11.1.0", "CC BY-SA 4.0"),
            ("parsedmarc", "11.1.0", "Apache-2.0 (the parsedmarc package)"),
            ("publicsuffixlist", "1.1.2.20261023", "MPL-2.0"),
        ]
    );
    assert!(manifest["sources"].as_array().unwrap().iter().all(|s| s["sha256"].as_str().map(str::len) == Some(64)));
    let attribution: Vec<_> = SENDERS.info().filter(|(k, _)| k.ends_with("attribution")).collect();
    assert!(attribution.iter().any(|(_, v)| v.contains("IPinfo")), "{attribution:?}");
}

#[test]
fn real_sources_are_named_with_their_evidence() {
    use dmarc_lens::senders::{Check, Evidence, Method};
    let own = vec!["example.co.jp".to_string()];
    let name = |ip: &str, checks: &[Check<'_>]| {
        let a = SENDERS.attribute(ip.parse().unwrap(), checks, &own).expect(ip);
        (a.name.to_string(), a.evidence)
    };
    let spf = |domain| Check { method: Method::Spf, domain, passed: 10 };
    let dkim = |domain| Check { method: Method::Dkim, domain, passed: 10 };
    // SendGrid's network, SPF passing for its bounce domain.
    let (sendgrid, evidence) = name("167.89.1.1", &[spf("em1234.sendgrid.net")]);
    assert!(sendgrid.contains("SendGrid"), "{sendgrid}");
    assert_eq!(evidence, Evidence::Spf);
    // Google's network with only the user's own DKIM domain passing: named by the network.
    let (google, evidence) = name("209.85.220.41", &[dkim("example.co.jp")]);
    assert!(google.contains("Google"), "{google}");
    assert!(matches!(evidence, Evidence::Network | Evidence::NetworkOwner), "{evidence:?}");
    // Amazon SES: its SPF domain names it.
    let (ses, evidence) = name("54.240.1.1", &[spf("amazonses.com")]);
    assert!(ses.contains("Amazon"), "{ses}");
    assert_eq!(evidence, Evidence::Spf);
}
