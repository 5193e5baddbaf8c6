use super::*;
use crate::limits::MAX_TAG_RULES;

fn rule(cidr: &str, tag: &str, domain: &str) -> TagRule {
    TagRule { net: parse_net(cidr).unwrap(), tag: tag.into(), comment: String::new(), domain: domain.into() }
}

fn check(rules: &[TagRule], ip: &str, domain: &str, expected: Option<&str>) {
    let set = TagSet::new(rules.to_vec());
    let got = set.lookup(ip.parse().unwrap(), domain).map(|i| set.rules()[i].tag.as_str());
    assert_eq!(got, expected, "{ip} for {domain}");
}

#[test]
fn tag_this_suggests_the_24_or_48_of_an_address() {
    assert_eq!(suggested_network("192.0.2.77"), "192.0.2.0/24");
    assert_eq!(suggested_network(" 2001:db8:1:2::5 "), "2001:db8:1::/48");
    assert_eq!(suggested_network("not an ip"), "not an ip");
}

#[test]
fn longest_prefix_then_domain_then_order() {
    let rules = [
        rule("192.0.2.0/24", "wide", ""),
        rule("192.0.2.0/28", "narrow-global", ""),
        rule("192.0.2.0/28", "narrow-example", "Example.COM"),
        rule("192.0.2.0/28", "narrow-example-later", "example.com"),
        rule("192.0.2.5", "host", "other.example"),
        rule("2001:db8::/32", "v6", ""),
        rule("::ffff:198.51.100.0/120", "mapped-rule", ""),
    ];
    check(&rules, "192.0.2.1", "example.com", Some("narrow-example"));
    check(&rules, "192.0.2.1", "EXAMPLE.com", Some("narrow-example"));
    check(&rules, "192.0.2.1", "else.example", Some("narrow-global"));
    check(&rules, "192.0.2.5", "other.example", Some("host"));
    check(&rules, "192.0.2.5", "example.com", Some("narrow-example"));
    check(&rules, "192.0.2.200", "example.com", Some("wide"));
    check(&rules, "192.0.3.1", "example.com", None);
    check(&rules, "2001:db8:1::1", "example.com", Some("v6"));
    check(&rules, "::ffff:192.0.2.200", "example.com", Some("wide"));
    check(&rules, "198.51.100.9", "example.com", Some("mapped-rule"));
    check(&rules, "2001:db9::1", "example.com", None);
    // A domain rule of a shorter prefix never beats a longer global one.
    check(
        &[rule("10.0.0.0/8", "dom", "a.example"), rule("10.1.0.0/16", "glob", "")],
        "10.1.2.3",
        "a.example",
        Some("glob"),
    );
    check(&[rule("0.0.0.0/0", "all", "")], "203.0.113.1", "x", Some("all"));
}

#[test]
fn lookup_equals_a_linear_scan() {
    // Deterministic pseudo-random rules and addresses; the index must agree with the
    // definition applied by brute force.
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let domains = ["", "a.example", "b.example"];
    let mut rules = Vec::new();
    for i in 0..400 {
        let addr = Ipv4Addr::from(0x0a00_0000 | (next() as u32 & 0x00ff_ffff));
        let len = 8 + (next() % 25) as u8;
        let net = IpNet::V4(Ipv4Net::new(addr, len).unwrap());
        rules.push(TagRule {
            net,
            tag: format!("t{i}"),
            comment: String::new(),
            domain: domains[(next() % 3) as usize].into(),
        });
    }
    let set = TagSet::new(rules.clone());
    for _ in 0..5000 {
        let ip = IpAddr::V4(Ipv4Addr::from(0x0a00_0000 | (next() as u32 & 0x00ff_ffff)));
        let domain = domains[1 + (next() % 2) as usize];
        let expected = rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.net.trunc().contains(&ip) && (r.domain.is_empty() || r.domain == domain))
            .max_by(|(ia, a), (ib, b)| {
                a.net
                    .prefix_len()
                    .cmp(&b.net.prefix_len())
                    .then((!a.domain.is_empty()).cmp(&!b.domain.is_empty()))
                    .then(ib.cmp(ia))
            })
            .map(|(i, _)| i);
        assert_eq!(set.lookup(ip, domain), expected, "{ip} {domain}");
    }
}

#[test]
fn rule_input_addresses_networks_and_ranges() {
    let nets = |t: &str| parse_rule_input(t).map(|v| v.iter().map(ToString::to_string).collect::<Vec<_>>());
    assert_eq!(nets("192.0.2.7"), Ok(vec!["192.0.2.7/32".to_string()]));
    assert_eq!(nets(" 192.0.2.0/24 "), Ok(vec!["192.0.2.0/24".to_string()]));
    assert_eq!(nets("192.0.2.0 - 192.0.2.255"), Ok(vec!["192.0.2.0/24".to_string()]));
    assert_eq!(
        nets("192.0.2.10-192.0.2.20"),
        Ok(["192.0.2.10/31", "192.0.2.12/30", "192.0.2.16/30", "192.0.2.20/32"]
            .iter()
            .map(|s| s.to_string())
            .collect())
    );
    assert_eq!(nets("2001:db8::/32"), Ok(vec!["2001:db8::/32".to_string()]));
    assert_eq!(nets("2001:db8:: - 2001:db8::ff"), Ok(vec!["2001:db8::/120".to_string()]));
    assert!(nets("192.0.2.20 - 192.0.2.10").is_err());
    assert!(nets("192.0.2.1 - 2001:db8::1").is_err());
    assert!(nets("mail.example.com").is_err());
    // Several entries, as "Register as" fills the form: each network once, in order.
    assert_eq!(
        nets("192.0.2.7/32, 198.51.100.0/31\n192.0.2.7 ,, 2001:db8::1"),
        Ok(["192.0.2.7/32", "198.51.100.0/31", "2001:db8::1/128"].iter().map(|s| s.to_string()).collect())
    );
    assert_eq!(nets(" , \n "), Err(RuleInputError::Empty));
    assert!(
        matches!(nets("192.0.2.1, mail.example.com"), Err(RuleInputError::NotANetwork(t)) if t == "mail.example.com")
    );
    let many = vec!["192.0.2.1"; MAX_RULE_INPUT_PARTS + 1].join(",");
    assert_eq!(nets(&many), Err(RuleInputError::TooMany(MAX_RULE_INPUT_PARTS + 1)));
}

#[test]
fn networks_covering_a_senders_addresses() {
    let list = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let cover =
        |v: &[&str], widen| networks_covering(&list(v), widen).iter().map(ToString::to_string).collect::<Vec<_>>();
    // .4 to .7 are a /30; .9 stays alone; the mapped address is IPv4; junk is left out.
    let seen = ["192.0.2.5", "192.0.2.4", "::ffff:192.0.2.6", "192.0.2.7", "192.0.2.9", "not an ip", "2001:db8:1::5"];
    assert_eq!(cover(&seen, false), ["192.0.2.4/30", "192.0.2.9/32", "2001:db8:1::5/128"]);
    assert_eq!(cover(&seen, true), ["192.0.2.0/24", "2001:db8:1::/48"]);
    // Two neighbouring /24s widen into one /23; a masked network as the tables show it is kept.
    assert_eq!(cover(&["198.51.100.1", "198.51.101.200"], true), ["198.51.100.0/23"]);
    assert_eq!(cover(&["203.0.113.0/24", "203.0.113.9"], false), ["203.0.113.0/24"]);
    assert!(cover(&[], false).is_empty());
}

#[test]
fn net_info_for_people() {
    let info = describe_net(parse_net("192.0.2.77/24").unwrap());
    assert_eq!(
        (info.network.as_str(), info.first.as_str(), info.last.as_str(), info.addresses.as_str(), info.host_bits_set),
        ("192.0.2.0/24", "192.0.2.0", "192.0.2.255", "256", true)
    );
    let info = describe_net(parse_net("2001:db8::/32").unwrap());
    assert_eq!((info.addresses.as_str(), info.host_bits_set), ("2^96", false));
    assert_eq!(describe_net(parse_net("198.51.100.9").unwrap()).addresses, "1");
    assert_eq!(describe_net(parse_net("10.0.0.0/8").unwrap()).addresses, "16,777,216");
    assert_eq!(describe_net(parse_net("0.0.0.0/0").unwrap()).addresses, "4,294,967,296");
    assert_eq!(describe_net(parse_net("::/0").unwrap()).addresses, "2^128");
}

#[test]
fn spf_records_become_networks_and_lookups() {
    let spf = parse_spf("v=spf1 ip4:192.0.2.0/24 +ip4:198.51.100.7 ip6:2001:DB8::/32 include:_spf.google.com a mx:mail.example.com ~all");
    assert_eq!(
        spf.networks.iter().map(ToString::to_string).collect::<Vec<_>>(),
        vec!["192.0.2.0/24", "198.51.100.7/32", "2001:db8::/32"]
    );
    assert_eq!(spf.lookups, vec!["include:_spf.google.com", "a", "mx:mail.example.com"]);
    assert!(spf.unreadable.is_empty());
    assert_eq!(parse_spf("v=spf1 ip4:999.1.1.1 -all").unreadable, vec!["ip4:999.1.1.1"]);
}

#[test]
fn overlapping_rules_are_found() {
    let rules = [
        rule("192.0.2.0/24", "a", ""),
        rule("192.0.2.128/25", "b", "x.example"),
        rule("192.0.2.0/25", "c", "y.example"),
        rule("198.51.100.0/24", "d", ""),
    ];
    // b and c are for different domains and their halves do not meet anyway.
    assert_eq!(overlapping(&rules), vec![true, true, true, false]);
}

#[test]
fn overlapping_equals_a_check_of_every_pair() {
    let naive = |rules: &[TagRule]| -> Vec<bool> {
        let mut flags = vec![false; rules.len()];
        for (i, a) in rules.iter().enumerate() {
            for (j, b) in rules.iter().enumerate().skip(i + 1) {
                let nets = a.net.contains(&b.net.network()) || b.net.contains(&a.net.network());
                let domains = a.domain.is_empty() || b.domain.is_empty() || a.domain.eq_ignore_ascii_case(&b.domain);
                if nets && domains {
                    flags[i] = true;
                    flags[j] = true;
                }
            }
        }
        flags
    };
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for round in 0..40 {
        let rules: Vec<TagRule> = (0..300)
            .map(|_| {
                let r = next();
                let net = if r % 5 == 0 {
                    format!("2001:db8:{:x}::/{}", r >> 8 & 0x3, 32 + (r >> 16) % 40)
                } else {
                    format!("10.{}.{}.0/{}", r >> 8 & 0x3, r >> 12 & 0x7, 14 + (r >> 20) % 19)
                };
                let domain = ["", "", "a.example", "B.example", "b.example"][(r >> 32) as usize % 5];
                rule(&net, "t", domain)
            })
            .collect();
        assert_eq!(overlapping(&rules), naive(&rules), "round {round}");
    }
}

#[test]
fn csv_with_bom_quotes_and_bad_rows() {
    let text = "\u{feff}cidr,tag,comment,domain\n\
                192.0.2.0/24,Mail relay,\"Tokyo, 3F\",example.com\n\
                not-an-ip,x,,\n\
                2001:db8::1,\"Quoted \"\"tag\"\"\",,\n\
                198.51.100.7,,missing tag,\n\
                \n\
                203.0.113.0/24,ESP\n";
    let (rules, errors) = parse_tags_csv(text);
    assert_eq!(rules.len(), 3);
    assert_eq!(rules[0].comment, "Tokyo, 3F");
    assert_eq!(rules[1].tag, "Quoted \"tag\"");
    assert_eq!(rules[1].net.to_string(), "2001:db8::1/128");
    assert_eq!(rules[2].tag, "ESP");
    assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), vec![3, 5]);
    let round = parse_tags_csv(&write_tags_csv(&rules));
    assert_eq!(round, (rules, vec![]));
    assert_eq!(parse_tags_csv("ip,group\n1.2.3.4,x\n").0.len(), 0);
}

#[test]
fn hostile_tags_csv_is_refused_briefly() {
    // An unterminated quote used to swallow the rest of the file and echo all of it.
    let rest: String = (0..50_000).map(|i| format!("10.0.{}.{}/32,t{i},,\n", i / 256 % 256, i % 256)).collect();
    let text = format!("cidr,tag,comment,domain\n192.0.2.1,ok,,\n\"198.51.100.1,open,,\n{rest}");
    let (rules, errors) = parse_tags_csv(&text);
    assert_eq!(rules.len(), 1);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].reason.contains("never closed"), "{}", errors[0].reason);
    assert!(errors[0].to_string().len() < 200, "{}", errors[0]);
    // A long cell is named by its start only.
    let (_, errors) = parse_tags_csv(&format!("cidr,tag\n{},x\n", "9".repeat(100_000)));
    assert!(errors[0].reason.len() < 120, "{}", errors[0].reason);
    let (rules, errors) = parse_tags_csv(&format!("cidr,tag\n192.0.2.1,{}\n", "t".repeat(600)));
    assert_eq!((rules.len(), errors[0].reason.as_str()), (0, "the tag is longer than 512 bytes"));
    // Cells a spreadsheet would run are written with a leading ' and read back as they were.
    let rules = vec![rule("192.0.2.0/24", "=HYPERLINK(\"x\")", "@x.example")];
    let csv = write_tags_csv(&rules);
    assert!(csv.contains("'=HYPERLINK") && csv.contains("'@x.example"), "{csv}");
    assert_eq!(parse_tags_csv(&csv), (rules, vec![]));
    // Too many rules: the rest are refused with one error.
    let many: String =
        (0..MAX_TAG_RULES + 10).map(|i| format!("10.{}.{}.{}/32,t\n", i >> 16 & 255, i >> 8 & 255, i & 255)).collect();
    let (rules, errors) = parse_tags_csv(&format!("cidr,tag\n{many}"));
    assert_eq!((rules.len(), errors.len()), (MAX_TAG_RULES, 1));
}
