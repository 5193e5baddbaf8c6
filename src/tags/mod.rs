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
//!
//! Files: this one (rules, the lookup, overlaps), `csv.rs` (the tags CSV), `input.rs` (what a
//! person types or pastes: addresses, ranges, SPF records), `tests.rs`.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use serde::Serialize;

use rustc_hash::FxBuildHasher as FxBuild;

mod csv;
mod input;
#[cfg(test)]
mod tests;

pub use csv::{parse_tags_csv, write_tags_csv, TagCsvError, TagCsvProblem};
pub use input::{
    describe_net, networks_covering, parse_rule_input, parse_spf, NetInfo, RuleInputError, SpfNetworks,
    MAX_RULE_INPUT_PARTS,
};

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
