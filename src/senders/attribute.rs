//! Naming the sender behind a source address, with the evidence that named it.
//!
//! Strongest first: a DKIM signature that *passed* for a known sender's domain, then an SPF
//! check that passed for one, then the network's owner (its AS domain a known sender, else the
//! AS's own name). A check that failed names nobody (anyone can write any domain into a
//! message), and neither does the user's own policy domain (mail that passes for it says who
//! it claims to be, not who sent it).

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use super::{AsInfo, Senders};

/// Which check a [`Check`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Dkim,
    Spf,
}

/// One authentication domain seen for a source, with how many of its messages passed it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Check<'a> {
    pub method: Method,
    pub domain: &'a str,
    /// Messages whose check for this domain passed; 0 when it never did.
    pub passed: u64,
}

/// What named a sender, strongest first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// A DKIM signature of the sender's domain verified.
    Dkim,
    /// An SPF check for the sender's domain passed.
    Spf,
    /// The network's AS domain is the sender's.
    Network,
    /// Only the network owner's name is known (the AS name), not a sender of the map.
    #[default]
    NetworkOwner,
}

impl Evidence {
    /// A passing check of the sender's own domain: the service sent it.
    pub fn is_strong(self) -> bool {
        matches!(self, Evidence::Dkim | Evidence::Spf)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Evidence::Dkim => "dkim",
            Evidence::Spf => "spf",
            Evidence::Network => "network",
            Evidence::NetworkOwner => "network_owner",
        }
    }
}

/// Who sends from an address, as far as the pack and the checks tell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attribution<'p> {
    /// The sender's name ("Twilio SendGrid"), or the AS's name for `NetworkOwner`.
    pub name: &'p str,
    /// parsedmarc's type of the sender ("Marketing"); none for `NetworkOwner`.
    pub kind: Option<&'p str>,
    pub evidence: Evidence,
    /// The domain that named it: the check's domain, or the AS domain.
    pub domain: String,
    /// The address's network, when the pack knows it, whatever named the sender.
    pub network: Option<AsInfo<'p>>,
}

impl Senders {
    /// The sender of `ip`, from the checks seen for it. `own` holds the user's organisational
    /// domains (lower case, as [`Senders::org_domain`] gives them): a check of one of them names
    /// nobody. Among passing checks of known senders the one with most messages wins (then the
    /// domain's order, so the answer does not depend on the order given).
    pub fn attribute(&self, ip: IpAddr, checks: &[Check<'_>], own: &[String]) -> Option<Attribution<'_>> {
        let network = self.lookup_ip(ip);
        for method in [Method::Dkim, Method::Spf] {
            let best = checks
                .iter()
                .filter(|c| c.method == method && c.passed > 0)
                .filter(|c| self.org_domain(c.domain).is_some_and(|org| !own.contains(&org)))
                .filter_map(|c| self.lookup_domain(c.domain).map(|sender| (c, sender)))
                .max_by(|(a, _), (b, _)| a.passed.cmp(&b.passed).then_with(|| b.domain.cmp(a.domain)));
            if let Some((check, sender)) = best {
                return Some(Attribution {
                    name: sender.name,
                    kind: Some(sender.kind),
                    evidence: if method == Method::Dkim { Evidence::Dkim } else { Evidence::Spf },
                    domain: check.domain.to_ascii_lowercase(),
                    network,
                });
            }
        }
        let info = network?;
        if let Some((domain, sender)) = info.as_domain.and_then(|d| Some((d, self.lookup_domain(d)?))) {
            return Some(Attribution {
                name: sender.name,
                kind: Some(sender.kind),
                evidence: Evidence::Network,
                domain: domain.to_string(),
                network,
            });
        }
        let name = info.as_name.filter(|n| !n.trim().is_empty())?;
        Some(Attribution {
            name,
            kind: None,
            evidence: Evidence::NetworkOwner,
            domain: info.as_domain.unwrap_or_default().to_string(),
            network,
        })
    }
}
