//! Known senders: CIDR rules with a group tag, and the lookup that tags a record's source IP.
//!
//! A record is tagged by the most specific rule (longest prefix) that contains its source IP and
//! whose domain is empty or equals the report's policy domain (case-insensitive). On equal prefix
//! length a domain rule beats a global one, then the earlier rule wins. IPv4-mapped IPv6 addresses
//! (`::ffff:a.b.c.d`), in rules and in sources, are IPv4.
//!
//! Lookup never scans the rules: rules are grouped by prefix length, each group a hash map from
//! the masked network address to its rules, and a lookup probes only the prefix lengths in use,
//! longest first.

use std::collections::HashMap;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use serde::Serialize;

use crate::limits::{MAX_FIELD_BYTES, MAX_FREE_TEXT_BYTES, MAX_TAG_RULES};
use crate::spreadsheet::{spreadsheet_safe, spreadsheet_unsafe};
use crate::text::{fill, quoted, tr, Key, Lang, Numbers};
use rustc_hash::FxBuildHasher as FxBuild;

/// One known-sender rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TagRule {
    pub net: IpNet,
    pub tag: String,
    pub comment: String,
    /// Empty: applies to every domain. Otherwise the policy domain, lower-case.
    pub domain: String,
}

/// IPv4-mapped IPv6 addresses are IPv4 senders.
pub fn canonical_ip(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// A rule's network with IPv4-mapped IPv6 turned into IPv4 and host bits cleared.
pub fn canonical_net(net: IpNet) -> IpNet {
    match net {
        IpNet::V6(v6) if v6.prefix_len() >= 96 => match v6.addr().to_ipv4_mapped() {
            Some(v4) => IpNet::V4(Ipv4Net::new(v4, v6.prefix_len() - 96).unwrap_or_else(|_| Ipv4Net::from(v4))).trunc(),
            None => net.trunc(),
        },
        other => other.trunc(),
    }
}

/// Parses `a.b.c.d`, `a.b.c.d/n`, an IPv6 address or network. A bare address is a /32 or /128.
pub fn parse_net(text: &str) -> Option<IpNet> {
    let text = text.trim();
    if let Ok(net) = text.parse::<IpNet>() {
        return Some(net);
    }
    text.parse::<IpAddr>().ok().map(IpNet::from)
}

/// The network "Tag this" suggests for an address: its /24 (IPv4) or /48 (IPv6); the text as it
/// was when it is no address.
pub fn suggested_network(ip: &str) -> String {
    match parse_net(ip) {
        Some(IpNet::V4(n)) => {
            Ipv4Net::new(n.addr(), 24).map(|n| n.trunc().to_string()).unwrap_or_else(|_| ip.to_string())
        }
        Some(IpNet::V6(n)) => {
            Ipv6Net::new(n.addr(), 48).map(|n| n.trunc().to_string()).unwrap_or_else(|_| ip.to_string())
        }
        None => ip.to_string(),
    }
}

/// Rules of one prefix length, keyed by masked address.
#[derive(Debug, Default, Clone)]
struct Level {
    prefix_len: u8,
    by_net: HashMap<u128, Vec<u32>, FxBuild>,
}

/// The rules and their lookup index.
#[derive(Debug, Default, Clone)]
pub struct TagSet {
    rules: Vec<TagRule>,
    v4: Vec<Level>,
    v6: Vec<Level>,
}

fn key_v4(addr: Ipv4Addr, prefix_len: u8) -> u128 {
    let bits = u32::from(addr);
    let masked = if prefix_len == 0 { 0 } else { bits & (u32::MAX << (32 - u32::from(prefix_len))) };
    u128::from(masked)
}

fn key_v6(addr: Ipv6Addr, prefix_len: u8) -> u128 {
    let bits = u128::from(addr);
    if prefix_len == 0 {
        0
    } else {
        bits & (u128::MAX << (128 - u32::from(prefix_len)))
    }
}

impl TagSet {
    pub fn new(rules: Vec<TagRule>) -> TagSet {
        let mut set = TagSet { rules: Vec::with_capacity(rules.len()), v4: Vec::new(), v6: Vec::new() };
        for rule in rules {
            set.push(rule);
        }
        set
    }

    pub fn rules(&self) -> &[TagRule] {
        &self.rules
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    fn push(&mut self, mut rule: TagRule) {
        rule.net = canonical_net(rule.net);
        rule.domain = rule.domain.trim().trim_end_matches('.').to_ascii_lowercase();
        let index = u32::try_from(self.rules.len()).unwrap_or(u32::MAX);
        let (levels, prefix_len, key) = match rule.net {
            IpNet::V4(n) => (&mut self.v4, n.prefix_len(), key_v4(n.network(), n.prefix_len())),
            IpNet::V6(n) => (&mut self.v6, n.prefix_len(), key_v6(n.network(), n.prefix_len())),
        };
        let level = match levels.iter().position(|l| l.prefix_len == prefix_len) {
            Some(i) => &mut levels[i],
            None => {
                levels.push(Level { prefix_len, by_net: HashMap::default() });
                // Longest prefix first.
                levels.sort_by_key(|l| std::cmp::Reverse(l.prefix_len));
                let i = levels.iter().position(|l| l.prefix_len == prefix_len).unwrap_or(0);
                &mut levels[i]
            }
        };
        level.by_net.entry(key).or_default().push(index);
        self.rules.push(rule);
    }

    /// The index of the rule that tags mail from `ip` for `domain` (lower-case), if any.
    pub fn lookup(&self, ip: IpAddr, domain: &str) -> Option<usize> {
        let (levels, key): (&[Level], &dyn Fn(u8) -> u128) = match canonical_ip(ip) {
            IpAddr::V4(v4) => (&self.v4, &move |len| key_v4(v4, len)),
            IpAddr::V6(v6) => (&self.v6, &move |len| key_v6(v6, len)),
        };
        for level in levels {
            let Some(candidates) = level.by_net.get(&key(level.prefix_len)) else { continue };
            // Candidates are in rule order: the first domain rule wins, else the first global one.
            let mut global = None;
            for &index in candidates {
                let rule = &self.rules[index as usize];
                if rule.domain.is_empty() {
                    global.get_or_insert(index as usize);
                } else if rule.domain.eq_ignore_ascii_case(domain) {
                    return Some(index as usize);
                }
            }
            if global.is_some() {
                return global;
            }
        }
        None
    }
}

/// A line of a tags CSV that could not be read; the other lines still load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TagCsvError {
    pub line: u64,
    /// What is wrong, in English, for the CLI's JSON.
    pub reason: String,
    /// What is wrong as a code with its figures, for the words of each language.
    #[serde(skip)]
    pub problem: TagCsvProblem,
}

/// What is wrong with a line of a tags CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagCsvProblem {
    /// The CSV reader's own words (English) on why the header cannot be read.
    Header(String),
    HeaderColumns,
    /// The CSV reader's own words (English) on why the line cannot be read.
    Unreadable(String),
    TooManyRules,
    OpenQuote,
    /// What the `cidr` column holds, cut short.
    NotANetwork(String),
    EmptyTag,
    TooLong {
        field: Key,
        limit: usize,
    },
}

impl TagCsvProblem {
    /// What is wrong, in `lang`. The CSV reader's detail is English, so only the English
    /// sentence carries it.
    pub fn words(&self, lang: Lang, numbers: Numbers) -> String {
        let with_detail = |key: Key, detail: &str| match lang {
            Lang::En => format!("{}: {detail}", tr(lang, key)),
            Lang::Ja => tr(lang, key).to_string(),
        };
        match self {
            TagCsvProblem::Header(detail) => with_detail(Key::TagCsvHeader, detail),
            TagCsvProblem::HeaderColumns => tr(lang, Key::TagCsvColumns).to_string(),
            TagCsvProblem::Unreadable(detail) => with_detail(Key::TagCsvUnreadable, detail),
            TagCsvProblem::TooManyRules => fill(lang, Key::TagCsvTooManyRules, &[numbers.count(MAX_TAG_RULES)]),
            TagCsvProblem::OpenQuote => tr(lang, Key::TagCsvOpenQuote).to_string(),
            TagCsvProblem::NotANetwork(cidr) => fill(lang, Key::TagCsvNotANetwork, &[quoted(lang, cidr)]),
            TagCsvProblem::EmptyTag => tr(lang, Key::TagCsvEmptyTag).to_string(),
            TagCsvProblem::TooLong { field, limit } => {
                fill(lang, Key::TagCsvTooLong, &[tr(lang, *field).to_string(), numbers.count(*limit)])
            }
        }
    }
}

impl TagCsvError {
    fn new(line: u64, problem: TagCsvProblem) -> TagCsvError {
        TagCsvError { line, reason: problem.words(Lang::En, Numbers::Plain), problem }
    }

    /// `line N: what is wrong`, in `lang`.
    pub fn words(&self, lang: Lang, numbers: Numbers) -> String {
        fill(lang, Key::TagCsvLine, &[numbers.n(self.line), self.problem.words(lang, numbers)])
    }
}

impl fmt::Display for TagCsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.words(Lang::En, Numbers::Plain))
    }
}

/// Reads a tags file: CSV with the header `cidr,tag,comment,domain`, UTF-8 with or without BOM,
/// quoted fields allowed. Columns are found by header name, so their order may differ.
pub fn parse_tags_csv(text: &str) -> (Vec<TagRule>, Vec<TagCsvError>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let mut errors = Vec::new();
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_ascii_lowercase()).collect(),
        Err(e) => {
            errors.push(TagCsvError::new(1, TagCsvProblem::Header(e.to_string())));
            return (Vec::new(), errors);
        }
    };
    let column = |name: &str| headers.iter().position(|h| h == name);
    let (Some(cidr_col), Some(tag_col)) = (column("cidr"), column("tag")) else {
        errors.push(TagCsvError::new(1, TagCsvProblem::HeaderColumns));
        return (Vec::new(), errors);
    };
    let comment_col = column("comment");
    let domain_col = column("domain");
    let mut rules = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push(TagCsvError::new(line, TagCsvProblem::Unreadable(e.to_string())));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if rules.len() >= MAX_TAG_RULES {
            errors.push(TagCsvError::new(line, TagCsvProblem::TooManyRules));
            break;
        }
        let get =
            |col: Option<usize>| spreadsheet_unsafe(col.and_then(|c| record.get(c)).unwrap_or("").trim()).to_string();
        let cidr = get(Some(cidr_col));
        let tag = get(Some(tag_col));
        let (comment, domain) = (get(comment_col), get(domain_col));
        if record.iter().any(|f| f.contains('\n')) && record.iter().map(str::len).sum::<usize>() > MAX_FREE_TEXT_BYTES {
            errors.push(TagCsvError::new(line, TagCsvProblem::OpenQuote));
            continue;
        }
        let Some(net) = parse_net(&cidr) else {
            errors.push(TagCsvError::new(line, TagCsvProblem::NotANetwork(clip(&cidr).to_string())));
            continue;
        };
        if tag.is_empty() {
            errors.push(TagCsvError::new(line, TagCsvProblem::EmptyTag));
            continue;
        }
        let too_long = [
            (Key::CsvFieldTag, &tag, MAX_FIELD_BYTES),
            (Key::CsvFieldDomain, &domain, MAX_FIELD_BYTES),
            (Key::CsvFieldComment, &comment, MAX_FREE_TEXT_BYTES),
        ]
        .into_iter()
        .find(|(_, value, limit)| value.len() > *limit);
        if let Some((field, _, limit)) = too_long {
            errors.push(TagCsvError::new(line, TagCsvProblem::TooLong { field, limit }));
            continue;
        }
        rules.push(TagRule { net, tag, comment, domain });
    }
    (rules, errors)
}

/// At most the first 60 characters of what a person wrote, for an error message.
fn clip(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

/// Writes rules as a tags CSV (the format [`parse_tags_csv`] reads), safe to open in a
/// spreadsheet (see [`spreadsheet_safe`]).
pub fn write_tags_csv(rules: &[TagRule]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(["cidr", "tag", "comment", "domain"]);
    for rule in rules {
        let cells = [&rule.tag, &rule.comment, &rule.domain].map(|c| spreadsheet_safe(c));
        let _ = writer.write_record([rule.net.to_string().as_str(), &cells[0], &cells[1], &cells[2]]);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// What a person typed for a rule, read as networks: a single address (`/32` or `/128`), a CIDR,
/// or a range `first - last`, turned into the smallest list of CIDRs that covers it exactly.
pub fn parse_rule_input(text: &str) -> Result<Vec<IpNet>, RuleInputError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(RuleInputError::Empty);
    }
    if let Some((first, last)) =
        text.split_once('-').filter(|(a, _)| !a.contains(':') || a.trim().parse::<IpAddr>().is_ok())
    {
        let (first, last) = (first.trim(), last.trim());
        return match (first.parse::<IpAddr>(), last.parse::<IpAddr>()) {
            (Ok(IpAddr::V4(a)), Ok(IpAddr::V4(b))) if a <= b => {
                Ok(ipnet::Ipv4Subnets::new(a, b, 0).map(IpNet::V4).collect())
            }
            (Ok(IpAddr::V6(a)), Ok(IpAddr::V6(b))) if a <= b => {
                Ok(ipnet::Ipv6Subnets::new(a, b, 0).map(IpNet::V6).collect())
            }
            (Ok(_), Ok(_)) => Err(RuleInputError::Backwards { first: first.to_string(), last: last.to_string() }),
            _ => Err(RuleInputError::NotARange(clip(text).to_string())),
        };
    }
    parse_net(text).map(|n| vec![n]).ok_or_else(|| RuleInputError::NotANetwork(clip(text).to_string()))
}

/// Why what a person typed for a rule is no network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleInputError {
    Empty,
    /// A range from a higher address to a lower, or from one family to the other.
    Backwards {
        first: String,
        last: String,
    },
    /// Has a `-` but is not two addresses.
    NotARange(String),
    NotANetwork(String),
}

impl RuleInputError {
    /// Why, in `lang`.
    pub fn words(&self, lang: Lang) -> String {
        match self {
            RuleInputError::Empty => tr(lang, Key::RuleInputEmpty).to_string(),
            RuleInputError::Backwards { first, last } => fill(lang, Key::RuleInputBackwards, &[first, last]),
            RuleInputError::NotARange(text) => fill(lang, Key::RuleInputNotARange, &[quoted(lang, text)]),
            RuleInputError::NotANetwork(text) => fill(lang, Key::RuleInputNotANetwork, &[quoted(lang, text)]),
        }
    }
}

/// What a network covers, for people who find CIDR hard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NetInfo {
    /// The network as a rule stores it (host bits cleared, IPv4-mapped made IPv4).
    pub network: String,
    pub first: String,
    pub last: String,
    /// Number of addresses, as people read it: `16,777,216`, or `2^96` beyond 2^32.
    pub addresses: String,
    /// The input had host bits set (`192.0.2.7/24` means `192.0.2.0/24`).
    pub host_bits_set: bool,
}

pub fn describe_net(net: IpNet) -> NetInfo {
    let canonical = canonical_net(net);
    let host_bits_set = canonical != net && canonical_net(net.trunc()) == canonical && net.addr() != net.network();
    let bits = match canonical {
        IpNet::V4(_) => 32,
        IpNet::V6(_) => 128,
    };
    let host = u32::from(bits - canonical.prefix_len());
    let addresses = if host > 32 { format!("2^{host}") } else { group_digits(1u64 << host) };
    NetInfo {
        network: canonical.to_string(),
        first: canonical.network().to_string(),
        last: canonical.broadcast().to_string(),
        addresses,
        host_bits_set,
    }
}

/// `n` with commas between thousands (as both languages of the app write numbers).
pub fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// For each rule, whether its network overlaps another rule's and their domains can meet (either
/// domain empty, or both the same). CIDR networks are nested or apart, so one sweep in address
/// order, keeping the groups of networks that enclose the current one, finds every overlap: a
/// sort, then each rule meets at most the 129 prefix levels above it. (A check of every pair took
/// minutes for 30,000 rules.)
pub fn overlapping(rules: &[TagRule]) -> Vec<bool> {
    let key = |rule: &TagRule| match canonical_net(rule.net) {
        IpNet::V4(n) => (0u8, u128::from(u32::from(n.network())), n.prefix_len()),
        IpNet::V6(n) => (1u8, u128::from(n.network()), n.prefix_len()),
    };
    let mut order: Vec<(u8, u128, u8, usize)> = rules
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let (family, start, prefix) = key(r);
            (family, start, prefix, i)
        })
        .collect();
    order.sort_unstable();
    let mut flags = vec![false; rules.len()];
    let mut stack: Vec<Group<'_>> = Vec::new();
    let mut at = 0;
    while at < order.len() {
        let (family, start, prefix, _) = order[at];
        let mut next = at;
        while next < order.len() && order[next].0 == family && order[next].1 == start && order[next].2 == prefix {
            next += 1;
        }
        let bits = if family == 0 { 32 } else { 128 };
        let host = if u32::from(prefix) >= bits { 0 } else { u128::MAX >> (128 - bits + u32::from(prefix)) };
        let mut group = Group::new(family, start | host);
        for &(.., index) in &order[at..next] {
            group.add(index, &rules[index].domain);
        }
        while stack.last().is_some_and(|g| g.family != family || g.last < start) {
            stack.pop();
        }
        // Rules of one network meet each other when their domains do.
        for &index in &group.members {
            let domain = rules[index].domain.as_str();
            let same = if domain.is_empty() { group.members.len() } else { group.count(domain) + group.empty };
            if same >= 2 {
                flags[index] = true;
            }
        }
        for outer in &mut stack {
            for &index in &group.members {
                let domain = rules[index].domain.as_str();
                if domain.is_empty() || outer.empty > 0 || outer.count(domain) > 0 {
                    flags[index] = true;
                }
            }
            outer.flag_meeting(&group, &mut flags);
        }
        stack.push(group);
        at = next;
    }
    flags
}

/// Rules of one network, for [`overlapping`]: their domains counted, and those not yet known to
/// overlap kept by domain so each is flagged once.
struct Group<'a> {
    family: u8,
    last: u128,
    members: Vec<usize>,
    empty: usize,
    domains: HashMap<String, usize>,
    waiting: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Group<'a> {
    fn new(family: u8, last: u128) -> Self {
        Group { family, last, members: Vec::new(), empty: 0, domains: HashMap::new(), waiting: HashMap::new() }
    }

    fn add(&mut self, index: usize, domain: &'a str) {
        self.members.push(index);
        if domain.is_empty() {
            self.empty += 1;
        } else {
            *self.domains.entry(domain.to_ascii_lowercase()).or_default() += 1;
        }
        self.waiting.entry(domain).or_default().push(index);
    }

    fn count(&self, domain: &str) -> usize {
        self.domains.get(&domain.to_ascii_lowercase()).copied().unwrap_or(0)
    }

    /// Flags this (enclosing) group's rules whose domains meet a rule of `inner`.
    fn flag_meeting(&mut self, inner: &Group<'_>, flags: &mut [bool]) {
        let meets = |domain: &str| domain.is_empty() || inner.empty > 0 || inner.count(domain) > 0;
        self.waiting.retain(|domain, members| {
            if meets(domain) {
                for &index in members.iter() {
                    flags[index] = true;
                }
                false
            } else {
                true
            }
        });
    }
}

/// An SPF record read for rules: its `ip4:` and `ip6:` networks, and the names (`include:`, `a`,
/// `mx`, `exists:`, `redirect=`) that need a DNS lookup the browser cannot make.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SpfNetworks {
    pub networks: Vec<IpNet>,
    pub lookups: Vec<String>,
    pub unreadable: Vec<String>,
}

pub fn parse_spf(record: &str) -> SpfNetworks {
    let mut out = SpfNetworks::default();
    for term in record.split_whitespace() {
        let lower = term.to_ascii_lowercase();
        if lower.starts_with("v=spf1") {
            continue;
        }
        let mechanism = lower.trim_start_matches(['+', '-', '~', '?']);
        let original = &term[term.len() - mechanism.len()..];
        if let Some(value) = mechanism.strip_prefix("ip4:").or_else(|| mechanism.strip_prefix("ip6:")) {
            match parse_net(&original[4..]).or_else(|| parse_net(value)) {
                Some(net) => out.networks.push(net),
                None => out.unreadable.push(term.to_string()),
            }
        } else if mechanism == "all" || mechanism.starts_with("exp=") {
            continue;
        } else if mechanism.starts_with("include:")
            || mechanism.starts_with("redirect=")
            || mechanism.starts_with("exists:")
            || mechanism == "a"
            || mechanism.starts_with("a:")
            || mechanism.starts_with("a/")
            || mechanism == "mx"
            || mechanism.starts_with("mx:")
            || mechanism.starts_with("mx/")
            || mechanism == "ptr"
            || mechanism.starts_with("ptr:")
        {
            out.lookups.push(original.to_string());
        } else {
            out.unreadable.push(term.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }

    #[test]
    fn net_info_for_people() {
        let info = describe_net(parse_net("192.0.2.77/24").unwrap());
        assert_eq!(
            (
                info.network.as_str(),
                info.first.as_str(),
                info.last.as_str(),
                info.addresses.as_str(),
                info.host_bits_set
            ),
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
                    let domains =
                        a.domain.is_empty() || b.domain.is_empty() || a.domain.eq_ignore_ascii_case(&b.domain);
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
        let many: String = (0..MAX_TAG_RULES + 10)
            .map(|i| format!("10.{}.{}.{}/32,t\n", i >> 16 & 255, i >> 8 & 255, i & 255))
            .collect();
        let (rules, errors) = parse_tags_csv(&format!("cidr,tag\n{many}"));
        assert_eq!((rules.len(), errors.len()), (MAX_TAG_RULES, 1));
    }
}
