//! From a host name to the sender map's key, as parsedmarc goes: lower case, then its suffix
//! overrides (`-foo.com`, `.foo.com` and `foo.com` fold any name ending so to `foo.com`), else
//! the organisational domain by the Public Suffix List: the list parsedmarc's own
//! `publicsuffixlist` package ships, private domains included, carried in the pack and read by
//! `psl.rs`. The map is read through an open-addressing hash table over the
//! pack's own strings, so a lookup allocates nothing.

use super::psl::SuffixList;
use super::tables::Strings;

/// A DNS name is at most 253 bytes written out; one trailing dot is allowed beyond.
pub(crate) const MAX_DOMAIN_BYTES: usize = 254;

/// `domain` trimmed, without its trailing dot, ASCII lower case, in `buffer`; `None` when empty
/// or longer than a DNS name can be.
pub(crate) fn normalise<'b>(domain: &str, buffer: &'b mut [u8; MAX_DOMAIN_BYTES]) -> Option<&'b [u8]> {
    let domain = domain.trim();
    let domain = domain.strip_suffix('.').unwrap_or(domain).as_bytes();
    if domain.is_empty() || domain.len() > 253 {
        return None;
    }
    let out = buffer.get_mut(..domain.len())?;
    for (o, b) in out.iter_mut().zip(domain) {
        *o = b.to_ascii_lowercase();
    }
    Some(out)
}

/// The registrable domain of `name` (lower case) by the pack's Public Suffix List.
#[inline]
pub(crate) fn org_domain<'n>(suffixes: &SuffixList, name: &'n [u8]) -> Option<&'n [u8]> {
    suffixes.domain(name)
}

/// An open-addressing table, at most half full, of entries by hash: each slot holds the top
/// 32 bits of its entry's hash and the entry's number + 1, so a probe compares keys only when
/// the hashes agree. The map's domains and the overrides are both found through one.
#[derive(Clone, Debug, Default)]
pub(super) struct Table {
    slots: Vec<u64>,
}

impl Table {
    pub(super) fn new(n: usize, hash_of: impl Fn(usize) -> u64) -> Table {
        let n_slots = (n * 2).next_power_of_two().max(2);
        let mask = n_slots - 1;
        let mut slots = vec![0u64; n_slots];
        for i in 0..n {
            let hash = hash_of(i);
            let mut slot = hash as usize & mask;
            while slots[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            slots[slot] = (hash & 0xFFFF_FFFF_0000_0000) | (i as u64 + 1);
        }
        Table { slots }
    }

    #[inline]
    pub(super) fn find(&self, hash: u64, is: impl Fn(usize) -> bool) -> Option<usize> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut slot = hash as usize & mask;
        // At least half the slots are empty, so an empty one ends every probe.
        loop {
            let held = *self.slots.get(slot)?;
            let entry = ((held & 0xFFFF_FFFF) as usize).checked_sub(1)?;
            if held >> 32 == hash >> 32 && is(entry) {
                return Some(entry);
            }
            slot = (slot + 1) & mask;
        }
    }
}

pub(super) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01B3;

/// One byte more of FNV-1a.
#[inline(always)]
pub(super) fn fnv_step(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(FNV_PRIME)
}

/// FNV-1a over the bytes from the last to the first, so that one pass over a name gives the
/// hash of every suffix of it (`SuffixHashes`). Short keys, no allocation, the same in every
/// build.
#[inline]
pub(super) fn hash(bytes: &[u8]) -> u64 {
    bytes.iter().rev().fold(FNV_OFFSET, |h, &b| fnv_step(h, b))
}

/// Names up to this long have every suffix's hash made in one pass; longer ones (rare: host
/// names in reports are short) hash a suffix when it is asked for. A bound, not the DNS's 253
/// bytes: zeroing and copying room for the longest name took a third of a lookup.
const HASHED_AHEAD: usize = 64;

/// Room for [`SuffixHashes`], made once per lookup where it is used, so nothing is moved.
pub(crate) struct Scratch {
    hashes: [u64; HASHED_AHEAD + 1],
    separators: [u8; MAX_DOMAIN_BYTES],
}

impl Scratch {
    #[inline(always)]
    pub(crate) fn new() -> Scratch {
        Scratch { hashes: [FNV_OFFSET; HASHED_AHEAD + 1], separators: [0; MAX_DOMAIN_BYTES] }
    }
}

/// What a lookup asks of a name: `at(i)`, the hash of `name[i..]` for every i up to its
/// length, and where its dots and dashes are (`separators`, left to right), the only places a
/// map domain, an override or an organisational domain can start after. One pass makes both.
pub(crate) struct SuffixHashes<'a> {
    name: &'a [u8],
    hashes: &'a [u64; HASHED_AHEAD + 1],
    separators: &'a [u8],
}

impl<'a> SuffixHashes<'a> {
    /// `name` is at most [`MAX_DOMAIN_BYTES`] long, as `normalise` makes it.
    #[inline(always)]
    pub(crate) fn new(name: &'a [u8], scratch: &'a mut Scratch) -> SuffixHashes<'a> {
        let name = name.get(..MAX_DOMAIN_BYTES).unwrap_or(name);
        let mut n = 0;
        let mut separator = |at: usize, seps: &mut [u8; MAX_DOMAIN_BYTES]| {
            if let Some(slot) = seps.get_mut(n) {
                *slot = at as u8;
                n += 1;
            }
        };
        if name.len() <= HASHED_AHEAD {
            let mut h = FNV_OFFSET;
            for (i, (slot, &b)) in scratch.hashes.iter_mut().zip(name).enumerate().rev() {
                h = fnv_step(h, b);
                *slot = h;
                if b == b'.' || b == b'-' {
                    separator(i, &mut scratch.separators);
                }
            }
            scratch.separators[..n].reverse();
        } else {
            for (i, &b) in name.iter().enumerate() {
                if b == b'.' || b == b'-' {
                    separator(i, &mut scratch.separators);
                }
            }
        }
        SuffixHashes { name, hashes: &scratch.hashes, separators: &scratch.separators[..n] }
    }

    #[inline]
    fn at(&self, i: usize) -> u64 {
        if self.name.len() <= HASHED_AHEAD {
            self.hashes.get(i).copied().unwrap_or(FNV_OFFSET)
        } else {
            hash(self.name.get(i..).unwrap_or_default())
        }
    }

    /// The positions of the name's dots and dashes, left to right.
    #[inline]
    pub(crate) fn separators(&self) -> impl Iterator<Item = usize> + '_ {
        self.separators.iter().map(|&i| usize::from(i))
    }
}

/// Which separator an override line starts with.
const AFTER_DOT: u8 = 1;
const AFTER_DASH: u8 = 2;
const ANYWHERE: u8 = 4;

/// parsedmarc's `psl_overrides.txt`: a name ending with `.x` or `-x` (or, for a line without a
/// separator, with `x` at all) folds to `x`. parsedmarc takes the first line in file order that
/// matches; here the longest match wins, which differs only where one override ends another
/// (none does in parsedmarc 11.1.0).
#[derive(Clone, Debug, Default)]
pub(crate) struct Overrides {
    /// Folded bases, each with the separators its lines start with.
    bases: Vec<(Box<[u8]>, u8)>,
    table: Table,
    /// The bases of lines without a separator: few (one in 11.1.0), so scanned.
    anywhere: Vec<Box<[u8]>>,
    n_lines: usize,
}

impl Overrides {
    pub(crate) fn new(lines: &[&str]) -> Overrides {
        let mut bases: Vec<(Box<[u8]>, u8)> = Vec::new();
        let mut anywhere = Vec::new();
        let mut n_lines = 0;
        for line in lines {
            let line = line.trim().to_ascii_lowercase();
            // parsedmarc folds to the line with dots, then dashes, stripped from both ends.
            let folded = line.trim_matches('.').trim_matches('-');
            if folded.is_empty() {
                continue;
            }
            n_lines += 1;
            let kind = match line.as_bytes().first() {
                Some(b'.') => AFTER_DOT,
                Some(b'-') => AFTER_DASH,
                _ => ANYWHERE,
            };
            let folded: Box<[u8]> = folded.as_bytes().into();
            if kind == ANYWHERE {
                anywhere.push(folded.clone());
            }
            match bases.iter_mut().find(|(b, _)| *b == folded) {
                Some((_, kinds)) => *kinds |= kind,
                None => bases.push((folded, kind)),
            }
        }
        let table = Table::new(bases.len(), |i| hash(&bases[i].0));
        Overrides { bases, table, anywhere, n_lines }
    }

    pub(crate) fn len(&self) -> usize {
        self.n_lines
    }

    /// The base `name` folds to, if an override matches: a suffix of `name`.
    #[inline]
    pub(crate) fn fold<'n>(&self, name: &'n [u8], hashes: &SuffixHashes<'_>) -> Option<&'n [u8]> {
        // Positions from the left: the first match is the longest.
        for i in hashes.separators() {
            let kind = match name.get(i) {
                Some(b'.') => AFTER_DOT,
                Some(b'-') => AFTER_DASH,
                _ => continue,
            };
            let rest = name.get(i + 1..).unwrap_or_default();
            let found = self.table.find(hashes.at(i + 1), |e| self.bases.get(e).is_some_and(|(b, _)| **b == *rest));
            if found.and_then(|e| self.bases.get(e)).is_some_and(|(_, kinds)| kinds & kind != 0) {
                return Some(rest);
            }
        }
        self.anywhere
            .iter()
            .filter(|o| name.ends_with(o))
            .max_by_key(|o| o.len())
            .map(|o| &name[name.len() - o.len()..])
    }
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct DomainRow {
    pub(crate) domain: u32,
    pub(crate) name: u32,
    pub(crate) kind: u8,
}

/// The sender map, and a hash table over its domains.
#[derive(Clone, Debug, Default)]
pub(crate) struct DomainMap {
    rows: Vec<DomainRow>,
    table: Table,
    /// `FILTER_BITS_PER_ROW` bits per map domain, one set for each (a Bloom filter of one hash):
    /// most names looked up, and most of their suffixes, are no map domain, and these 128 KiB
    /// answer them from the cache where the 1 MiB table would miss it.
    filter: Vec<u64>,
}

/// About one suffix in 16 that is no map domain passes the filter.
const FILTER_BITS_PER_ROW: usize = 16;

/// The filter bit of `hash`: above the bits the table's slot is chosen by.
#[inline]
fn filter_bit(hash: u64, n_bits: usize) -> usize {
    (hash >> 20) as usize & (n_bits - 1)
}

impl DomainMap {
    /// `rows` hold distinct domains (the pack's are sorted and checked).
    pub(crate) fn new(rows: Vec<DomainRow>, strings: &Strings) -> DomainMap {
        let hashes: Vec<u64> = rows.iter().map(|r| hash(strings.get(r.domain).as_bytes())).collect();
        let table = Table::new(rows.len(), |i| hashes[i]);
        let n_bits = (rows.len() * FILTER_BITS_PER_ROW).next_power_of_two().max(64);
        let mut filter = vec![0u64; n_bits / 64];
        for &h in &hashes {
            let bit = filter_bit(h, n_bits);
            filter[bit / 64] |= 1 << (bit % 64);
        }
        DomainMap { rows, table, filter }
    }

    /// Whether a domain of hash `hash` may be in the map (false: it is not).
    #[inline]
    fn may_hold(&self, hash: u64) -> bool {
        // An empty map (`Default`) has no filter and holds nothing.
        let n_bits = self.filter.len() * 64;
        if n_bits == 0 {
            return false;
        }
        let bit = filter_bit(hash, n_bits);
        self.filter.get(bit / 64).is_some_and(|word| word >> (bit % 64) & 1 == 1)
    }

    pub(crate) fn len(&self) -> usize {
        self.rows.len()
    }

    pub(crate) fn rows(&self) -> &[DomainRow] {
        &self.rows
    }

    /// The row for `domain`, whose hash is `hash`.
    #[inline]
    pub(crate) fn get(&self, domain: &[u8], hash: u64, strings: &Strings) -> Option<DomainRow> {
        if !self.may_hold(hash) {
            return None;
        }
        let found =
            self.table.find(hash, |i| self.rows.get(i).is_some_and(|r| strings.get(r.domain).as_bytes() == domain));
        found.and_then(|i| self.rows.get(i)).copied()
    }

    /// The row for `name[at..]`.
    #[inline]
    pub(crate) fn get_suffix(
        &self,
        name: &[u8],
        at: usize,
        hashes: &SuffixHashes<'_>,
        strings: &Strings,
    ) -> Option<DomainRow> {
        self.get(name.get(at..)?, hashes.at(at), strings)
    }
}
