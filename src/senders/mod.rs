//! Who is sending: every source address and domain named offline, from a sender pack.
//!
//! A pack (`components/public/packs/senders.pack.gz`, built by `scripts/build-sender-packs.py`
//! from the parsedmarc and publicsuffixlist wheels) holds IPinfo Lite's networks with their AS
//! (number, name, domain, home country), parsedmarc's map from an organisational domain to a
//! sender's name and type, and the Public Suffix List. The caller hands the pack's bytes to [`Senders::from_pack`]; nothing here reads a file.
//! A pack is input like any report: a damaged one is a [`PackError`], never a panic.
//!
//! [`Senders::lookup_ip`] answers from sorted ranges with a 65,536-bucket index (a few
//! comparisons per address); [`Senders::lookup_domain`] folds a host name to its organisational
//! domain (parsedmarc's suffix overrides, then the Public Suffix List) and reads a hash table,
//! hashing the name once for all its suffixes.

mod attribute;
mod domain;
mod error;
#[cfg(test)]
pub(crate) mod fixture;
mod pack;
mod psl;
mod tables;
#[cfg(test)]
mod tests;

use std::fmt;
use std::net::IpAddr;

use crate::tags::canonical_ip;

pub use attribute::{Attribution, Check, Evidence, Method};
pub use error::PackError;
pub use pack::MAX_PACK_BYTES;

/// What a pack says of the network an address is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AsInfo<'a> {
    /// The autonomous system number (15169 for AS15169).
    pub asn: u32,
    /// The AS's organisation as IPinfo names it ("Google LLC"); a few ASes have none.
    pub as_name: Option<&'a str>,
    /// The organisation's domain ("google.com"); a few ASes have none.
    pub as_domain: Option<&'a str>,
    /// The AS's home country: where most of its addresses are. Not where this one address is:
    /// the pack leaves per-network countries out to stay small.
    pub country: Option<Country>,
}

/// An ISO 3166-1 alpha-2 country code, upper case ("JP").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Country([u8; 2]);

impl Country {
    /// `None` unless both bytes are ASCII letters; they are kept upper case.
    pub fn new(code: [u8; 2]) -> Option<Country> {
        code.iter().all(u8::is_ascii_alphabetic).then(|| Country(code.map(|b| b.to_ascii_uppercase())))
    }

    pub fn as_str(&self) -> &str {
        // Two ASCII letters, checked in `new`.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A known sender: parsedmarc's name and type for an organisational domain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sender<'a> {
    /// "Twilio SendGrid".
    pub name: &'a str,
    /// parsedmarc's type: "Marketing", "Email Provider", "ISP", ... The pack carries the
    /// vocabulary (46 types today, more as the map grows), so it stays a string here.
    pub kind: &'a str,
}

/// How much a pack holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PackCounts {
    pub ases: usize,
    pub strings: usize,
    pub countries: usize,
    pub ipv4_entries: usize,
    pub ipv6_entries: usize,
    pub domains: usize,
    pub sender_types: usize,
    pub suffix_overrides: usize,
}

/// A parsed sender pack. Lookups borrow their strings from it.
#[derive(Clone, Debug)]
pub struct Senders {
    pub(crate) strings: tables::Strings,
    pub(crate) countries: Vec<Country>,
    pub(crate) types: Vec<Box<str>>,
    pub(crate) ases: Vec<tables::AsRecord>,
    pub(crate) v4: tables::Ranges<u32>,
    pub(crate) v6: tables::Ranges<u64>,
    pub(crate) domains: domain::DomainMap,
    pub(crate) overrides: domain::Overrides,
    pub(crate) suffixes: psl::SuffixList,
    pub(crate) info: pack::Info,
}

impl Senders {
    /// Reads a pack: gzip as it is on disk (inflated up to [`MAX_PACK_BYTES`]), or already
    /// inflated. Every count, reference and order is checked here, so lookups never fail.
    pub fn from_pack(bytes: &[u8]) -> Result<Senders, PackError> {
        pack::read(bytes)
    }

    /// The network `ip` is in, when the pack knows its AS. IPv4-mapped IPv6 is IPv4.
    #[inline]
    pub fn lookup_ip(&self, ip: IpAddr) -> Option<AsInfo<'_>> {
        let value = match canonical_ip(ip) {
            IpAddr::V4(v4) => self.v4.get(u32::from(v4)),
            IpAddr::V6(v6) => self.v6.get_v6(u128::from(v6)),
        };
        self.as_info(value)
    }

    /// The known sender behind `domain` (a host name such as a PTR or a DKIM domain, or an AS
    /// domain): the name itself when the map lists it, as parsedmarc looks up an AS domain
    /// (so `github.io` and `cloudfront.net`, public suffixes themselves, are found), else its
    /// organisational domain, found as parsedmarc finds a PTR's. `mail.sendgrid.net` is Twilio
    /// SendGrid through `sendgrid.net`.
    pub fn lookup_domain(&self, domain: &str) -> Option<Sender<'_>> {
        let mut buffer = [0u8; domain::MAX_DOMAIN_BYTES];
        let name = domain::normalise(domain, &mut buffer)?;
        let mut scratch = domain::Scratch::new();
        let hashes = domain::SuffixHashes::new(name, &mut scratch);
        let lookup = |at: usize| self.domains.get_suffix(name, at, &hashes, &self.strings);
        if let Some(row) = lookup(0) {
            return Some(self.sender(row));
        }
        // A fold is a suffix of the name, so its hash is at hand.
        if let Some(folded) = self.overrides.fold(name, &hashes) {
            return lookup(name.len().checked_sub(folded.len())?).map(|row| self.sender(row));
        }
        // The organisational domain starts after a dot. Unless a suffix starting after one is a
        // map domain, the answer is none whatever the suffix list says, and the list is the
        // costly step: most names in reports are nobody's in the map.
        let mut candidate = None;
        for i in hashes.separators() {
            if name.get(i) == Some(&b'.') {
                if let Some(row) = lookup(i + 1) {
                    candidate = Some((i + 1, row));
                    break;
                }
            }
        }
        let (at, row) = candidate?;
        let org = domain::org_domain(&self.suffixes, name)?;
        match name.len().checked_sub(org.len())? {
            // The longest suffix in the map is the organisational domain, or lies above it.
            org_at if org_at == at => Some(self.sender(row)),
            org_at if org_at > at => lookup(org_at).map(|row| self.sender(row)),
            _ => None,
        }
    }

    fn sender(&self, row: domain::DomainRow) -> Sender<'_> {
        Sender { name: self.strings.get(row.name), kind: self.types.get(row.kind as usize).map_or("", |k| k) }
    }

    /// The organisational domain [`Senders::lookup_domain`] would look up for `domain`
    /// (lower case), or `None` for a name that has none (a bare public suffix, an empty name).
    pub fn org_domain(&self, domain: &str) -> Option<String> {
        let mut buffer = [0u8; domain::MAX_DOMAIN_BYTES];
        let name = domain::normalise(domain, &mut buffer)?;
        let org = self
            .overrides
            .fold(name, &domain::SuffixHashes::new(name, &mut domain::Scratch::new()))
            .or_else(|| domain::org_domain(&self.suffixes, name))?;
        Some(String::from_utf8_lossy(org).into_owned())
    }

    /// Every domain of the sender map, in byte order, with its sender.
    pub fn known_domains(&self) -> impl Iterator<Item = (&str, Sender<'_>)> {
        self.domains.rows().iter().map(|&row| (self.strings.get(row.domain), self.sender(row)))
    }

    /// Where the pack's data came from: (key, text) pairs such as `ipinfo_attribution`,
    /// `ipinfo_licence`, `map_licence`, `source`. Whoever shows lookups shows the attribution.
    pub fn info(&self) -> impl Iterator<Item = (&str, &str)> {
        self.info.iter().map(|(k, v)| (&**k, &**v))
    }

    pub fn counts(&self) -> PackCounts {
        PackCounts {
            ases: self.ases.len(),
            strings: self.strings.len(),
            countries: self.countries.len(),
            ipv4_entries: self.v4.len(),
            ipv6_entries: self.v6.len(),
            domains: self.domains.len(),
            sender_types: self.types.len(),
            suffix_overrides: self.overrides.len(),
        }
    }

    #[inline]
    fn as_info(&self, value: u32) -> Option<AsInfo<'_>> {
        let (as_ref, country_ref) = tables::split_value(value);
        let record = self.ases.get(as_ref.checked_sub(1)? as usize)?;
        Some(AsInfo {
            asn: record.asn,
            as_name: self.strings.get_opt(record.name),
            as_domain: self.strings.get_opt(record.domain),
            country: country_ref.checked_sub(1).and_then(|c| self.countries.get(c as usize).copied()),
        })
    }
}
