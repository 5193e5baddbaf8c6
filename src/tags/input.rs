//! What a person types or pastes for a rule: an address, a CIDR, a range, an SPF record; and
//! what a network covers, in words for people who find CIDR hard.

use std::net::IpAddr;

use ipnet::IpNet;
use serde::Serialize;

use crate::text::{fill, quoted, tr, Key, Lang};

use super::csv::clip;
use super::{canonical_net, parse_net};
use crate::text::group_digits;

/// What a person typed for a rule, read as networks: a single address (`/32` or `/128`), a CIDR,
/// or a range `first - last`, turned into the smallest list of CIDRs that covers it exactly; or
/// several of these separated by commas or new lines ("Register as" fills the form so), each
/// network once, in the order given.
pub fn parse_rule_input(text: &str) -> Result<Vec<IpNet>, RuleInputError> {
    let parts: Vec<&str> = text.split([',', '\n', ';']).map(str::trim).filter(|p| !p.is_empty()).collect();
    if parts.len() > MAX_RULE_INPUT_PARTS {
        return Err(RuleInputError::TooMany(parts.len()));
    }
    let mut nets: Vec<IpNet> = Vec::new();
    for part in &parts {
        for net in parse_one(part)? {
            if !nets.contains(&net) {
                nets.push(net);
            }
        }
    }
    if nets.is_empty() {
        return Err(RuleInputError::Empty);
    }
    Ok(nets)
}

/// Networks one entry of the rule form may list (more are a CSV import's job).
pub const MAX_RULE_INPUT_PARTS: usize = 2_000;

/// The smallest list of networks that covers `addresses` (addresses or networks, as the tables
/// show them) exactly, or, `widen`, their /24 (IPv4) and /48 (IPv6) networks; IPv4-mapped IPv6
/// is IPv4. Text that is no address is left out.
pub fn networks_covering(addresses: &[String], widen: bool) -> Vec<IpNet> {
    let nets: Vec<IpNet> = addresses
        .iter()
        .filter_map(|a| parse_net(a))
        .map(canonical_net)
        .map(|net| if widen { widened(net) } else { net })
        .collect();
    IpNet::aggregate(&nets)
}

/// The /24 (IPv4) or /48 (IPv6) network around `net`, or `net` when it is wider already.
fn widened(net: IpNet) -> IpNet {
    let len = if matches!(net, IpNet::V4(_)) { 24 } else { 48 };
    if net.prefix_len() <= len {
        return net;
    }
    IpNet::new(net.addr(), len).map_or(net, |n| n.trunc())
}

fn parse_one(text: &str) -> Result<Vec<IpNet>, RuleInputError> {
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
    /// More entries than [`MAX_RULE_INPUT_PARTS`].
    TooMany(usize),
}

impl RuleInputError {
    /// Why, in `lang`.
    pub fn words(&self, lang: Lang) -> String {
        match self {
            RuleInputError::Empty => tr(lang, Key::RuleInputEmpty).to_string(),
            RuleInputError::Backwards { first, last } => fill(lang, Key::RuleInputBackwards, &[first, last]),
            RuleInputError::NotARange(text) => fill(lang, Key::RuleInputNotARange, &[quoted(lang, text)]),
            RuleInputError::NotANetwork(text) => fill(lang, Key::RuleInputNotANetwork, &[quoted(lang, text)]),
            RuleInputError::TooMany(n) => fill(
                lang,
                Key::RuleInputTooMany,
                &[&group_digits(*n as u64), &group_digits(MAX_RULE_INPUT_PARTS as u64)],
            ),
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
