//! Reading a sender pack (format version 1, written by `scripts/build-sender-packs.py`, whose
//! opening comment is the format's description): header, sections, CRC, then each table,
//! checked as it is read. Nothing is trusted: counts are bounded by the bytes left, every
//! reference by the table it points into, and range keys must rise.
//!
//! One reader per section, in the order the format lists them; kept in one file so the format
//! reads top to bottom beside the script that writes it. The tables read are in `tables.rs`,
//! the errors in `error.rs`.

use std::io::Read;

use super::domain::{DomainMap, DomainRow, Overrides};
use super::error::PackError;
use super::psl::SuffixList;
use super::tables::{AsRecord, Key, Ranges, Strings, BUCKET_BITS, NO_STRING};
use super::{Country, Senders};

/// The most a pack may inflate to. Version 1 is 6.7 MB; this leaves room to grow and keeps a
/// damaged or hostile file from taking more.
pub const MAX_PACK_BYTES: usize = 64 << 20;

const MAGIC: &[u8; 8] = b"DLSENDER";
pub(crate) const VERSION: u16 = 1;
const HEADER_BYTES: usize = 16;
/// The most ASes a range value can name: 24 bits, less the "none" value.
const MAX_ASES: usize = (1 << 24) - 1;

/// A cursor over one section; offsets in errors count from the start of the pack.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
    base: usize,
    section: &'static str,
}

impl<'a> Cursor<'a> {
    fn new(bytes: &'a [u8], base: usize, section: &'static str) -> Cursor<'a> {
        Cursor { bytes, at: 0, base, section }
    }

    fn offset(&self) -> usize {
        self.base + self.at
    }

    fn left(&self) -> usize {
        self.bytes.len() - self.at
    }

    fn truncated(&self) -> PackError {
        PackError::Truncated { section: self.section, offset: self.offset() }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], PackError> {
        let end = self.at.checked_add(n).filter(|&end| end <= self.bytes.len()).ok_or_else(|| self.truncated())?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn u8(&mut self) -> Result<u8, PackError> {
        Ok(self.take(1)?[0])
    }

    fn u16(&mut self) -> Result<u16, PackError> {
        let b = self.take(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    fn u32(&mut self) -> Result<u32, PackError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// Unsigned LEB128, at most ten bytes and 64 bits.
    fn varint(&mut self) -> Result<u64, PackError> {
        let start = self.offset();
        let mut value = 0u64;
        for shift in (0..70).step_by(7) {
            let byte = self.u8()?;
            let low = u64::from(byte & 0x7F);
            if shift == 63 && low > 1 {
                return Err(PackError::BadNumber { section: self.section, offset: start });
            }
            value |= low << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(PackError::BadNumber { section: self.section, offset: start })
    }

    fn varint_u32(&mut self) -> Result<u32, PackError> {
        let start = self.offset();
        u32::try_from(self.varint()?).map_err(|_| PackError::BadNumber { section: self.section, offset: start })
    }

    /// A count of items each at least `min_bytes` long: no more than the bytes left allow,
    /// so a damaged count cannot make us allocate.
    fn count(&mut self, min_bytes: usize) -> Result<usize, PackError> {
        let start = self.offset();
        let n = self.varint()?;
        let n = usize::try_from(n).map_err(|_| PackError::BadNumber { section: self.section, offset: start })?;
        if n.saturating_mul(min_bytes) > self.left() {
            return Err(PackError::Truncated { section: self.section, offset: start });
        }
        Ok(n)
    }

    fn text(&mut self) -> Result<&'a str, PackError> {
        let start = self.offset();
        let len = self.count(1)?;
        let bytes = self.take(len)?;
        std::str::from_utf8(bytes).map_err(|_| PackError::BadText { section: self.section, offset: start })
    }

    fn finish(&self) -> Result<(), PackError> {
        if self.at != self.bytes.len() {
            return Err(PackError::TrailingBytes { section: self.section, offset: self.offset() });
        }
        Ok(())
    }
}

const SECTIONS: [&str; 10] = ["INFO", "STRS", "CTRY", "TYPS", "ASNS", "NET4", "NET6", "DOMS", "PSLO", "PSLS"];

/// The inflated pack: gzip inflated (capped), anything else taken as it is.
fn inflate(bytes: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>, PackError> {
    if !bytes.starts_with(&[0x1F, 0x8B]) {
        return Ok(std::borrow::Cow::Borrowed(bytes));
    }
    let mut out = Vec::new();
    let mut decoder = flate2::bufread::GzDecoder::new(bytes).take(MAX_PACK_BYTES as u64 + 1);
    decoder.read_to_end(&mut out).map_err(|e| PackError::Gzip { detail: e.to_string() })?;
    if out.len() > MAX_PACK_BYTES {
        return Err(PackError::TooLarge { limit: MAX_PACK_BYTES });
    }
    Ok(std::borrow::Cow::Owned(out))
}

/// Where each section this version knows is in the inflated pack `raw` (its offset and bytes),
/// once the header, the length and the CRC are checked.
type Found<'a> = [Option<(usize, &'a [u8])>; SECTIONS.len()];

fn sections(raw: &[u8]) -> Result<Found<'_>, PackError> {
    if raw.len() < MAGIC.len() || &raw[..MAGIC.len()] != MAGIC {
        return Err(PackError::NotAPack);
    }
    let mut header = Cursor::new(raw, 0, "header");
    header.take(MAGIC.len())?;
    let version = header.u16()?;
    if version != VERSION {
        return Err(PackError::UnsupportedVersion { version });
    }
    let n_sections = header.u16()?;
    let declared = header.u32()? as usize;
    let actual = raw.len().saturating_sub(HEADER_BYTES + 4);
    if raw.len() < HEADER_BYTES + 4 {
        return Err(PackError::Truncated { section: "header", offset: raw.len() });
    }
    if declared != actual {
        return Err(PackError::WrongLength { declared, actual });
    }
    let (covered, crc_bytes) = raw.split_at(raw.len() - 4);
    let stored = u32::from_le_bytes([crc_bytes[0], crc_bytes[1], crc_bytes[2], crc_bytes[3]]);
    let mut crc = flate2::Crc::new();
    crc.update(covered);
    if crc.sum() != stored {
        return Err(PackError::Checksum { stored, computed: crc.sum() });
    }

    // The section table; sections this version does not know are skipped.
    let mut found: Found<'_> = [None; SECTIONS.len()];
    let mut body = Cursor::new(&covered[HEADER_BYTES..], HEADER_BYTES, "section table");
    for _ in 0..n_sections {
        let tag = body.take(4)?;
        let len = body.u32()? as usize;
        let base = body.offset();
        let data = body.take(len)?;
        if let Some(i) = SECTIONS.iter().position(|s| s.as_bytes() == tag) {
            if found[i].is_some() {
                return Err(PackError::DuplicateSection { section: SECTIONS[i] });
            }
            found[i] = Some((base, data));
        }
    }
    body.finish()?;
    Ok(found)
}

/// The bytes of section `tag` of a pack, for tests that read one section their own way.
#[cfg(test)]
pub(crate) fn section_bytes(bytes: &[u8], tag: &str) -> Option<Vec<u8>> {
    let raw = inflate(bytes).ok()?;
    let found = sections(&raw).ok()?;
    let i = SECTIONS.iter().position(|s| *s == tag)?;
    found.get(i).copied().flatten().map(|(_, data)| data.to_vec())
}

pub(crate) fn read(bytes: &[u8]) -> Result<Senders, PackError> {
    let raw = inflate(bytes)?;
    let found = sections(&raw)?;
    let section = |i: usize| -> Result<Cursor<'_>, PackError> {
        let (base, data) = found[i].ok_or(PackError::MissingSection { section: SECTIONS[i] })?;
        Ok(Cursor::new(data, base, SECTIONS[i]))
    };

    let info = read_info(section(0)?)?;
    let strings = read_strings(section(1)?)?;
    let countries = read_countries(section(2)?)?;
    let types = read_types(section(3)?)?;
    let mut next_new = 0u32;
    let (ases, homes) = read_ases(section(4)?, &strings, countries.len(), &mut next_new)?;
    let v4 = read_ranges::<u32>(section(5)?, 32, &homes, countries.len())?;
    let v6 = read_ranges::<u64>(section(6)?, 64, &homes, countries.len())?;
    let domains = read_domains(section(7)?, &strings, types.len(), &mut next_new)?;
    let overrides = read_overrides(section(8)?)?;
    let suffixes = read_suffixes(section(9)?)?;
    Ok(Senders { strings, countries, types, ases, v4, v6, domains, overrides, suffixes, info })
}

/// The pack's (key, text) pairs: where its data came from.
pub(crate) type Info = Vec<(Box<str>, Box<str>)>;

fn read_info(mut c: Cursor<'_>) -> Result<Info, PackError> {
    let n = c.count(2)?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let key = c.text()?;
        let value = c.text()?;
        out.push((key.into(), value.into()));
    }
    c.finish()?;
    Ok(out)
}

fn read_strings(mut c: Cursor<'_>) -> Result<Strings, PackError> {
    let n = c.count(1)?;
    let mut text = String::with_capacity(c.left());
    let mut ends = Vec::with_capacity(n);
    for _ in 0..n {
        text.push_str(c.text()?);
        let end = u32::try_from(text.len()).map_err(|_| PackError::BadValue { section: "STRS", what: "over 4 GiB" })?;
        ends.push(end);
    }
    c.finish()?;
    Ok(Strings { text, ends })
}

fn read_countries(mut c: Cursor<'_>) -> Result<Vec<Country>, PackError> {
    let n = c.count(2)?;
    if n > 255 {
        return Err(PackError::BadValue { section: "CTRY", what: "more than 255 countries" });
    }
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let offset = c.offset();
        let b = c.take(2)?;
        out.push(Country::new([b[0], b[1]]).ok_or(PackError::BadText { section: "CTRY", offset })?);
    }
    c.finish()?;
    Ok(out)
}

fn read_types(mut c: Cursor<'_>) -> Result<Vec<Box<str>>, PackError> {
    let n = c.count(1)?;
    if n > 256 {
        return Err(PackError::BadValue { section: "TYPS", what: "more than 256 sender types" });
    }
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(c.text()?.into());
    }
    c.finish()?;
    Ok(out)
}

/// A string reference: 0 none, 1 the next string not used yet, k >= 2 string k - 2.
fn string_ref(
    c: &mut Cursor<'_>,
    strings: &Strings,
    next_new: &mut u32,
    row: usize,
    what: &'static str,
) -> Result<u32, PackError> {
    let section = c.section;
    let index = match c.varint_u32()? {
        0 => return Ok(NO_STRING),
        1 => {
            let index = *next_new;
            *next_new += 1;
            index
        }
        k => k - 2,
    };
    if index as usize >= strings.len() {
        return Err(PackError::BadReference { section, row, what });
    }
    Ok(index)
}

fn read_ases(
    mut c: Cursor<'_>,
    strings: &Strings,
    n_countries: usize,
    next_new: &mut u32,
) -> Result<(Vec<AsRecord>, Vec<u8>), PackError> {
    let n = c.count(4)?;
    if n > MAX_ASES {
        return Err(PackError::BadValue { section: "ASNS", what: "more ASes than a range value can name" });
    }
    let mut ases = Vec::with_capacity(n);
    let mut asn = 0u64;
    for row in 0..n {
        let step = c.varint()?;
        if row > 0 && step == 0 {
            return Err(PackError::NotAscending { section: "ASNS", row });
        }
        asn = asn.saturating_add(step);
        let asn =
            u32::try_from(asn).map_err(|_| PackError::BadValue { section: "ASNS", what: "an ASN past 32 bits" })?;
        ases.push(AsRecord { asn, name: NO_STRING, domain: NO_STRING });
    }
    for (row, record) in ases.iter_mut().enumerate() {
        record.name = string_ref(&mut c, strings, next_new, row, "strings")?;
    }
    for (row, record) in ases.iter_mut().enumerate() {
        record.domain = string_ref(&mut c, strings, next_new, row, "strings")?;
    }
    let homes = c.take(n)?.to_vec();
    if let Some(row) = homes.iter().position(|&h| h as usize > n_countries) {
        return Err(PackError::BadReference { section: "ASNS", row, what: "countries" });
    }
    c.finish()?;
    Ok((ases, homes))
}

fn read_ranges<K: Key>(
    mut c: Cursor<'_>,
    key_limit_bits: u32,
    homes: &[u8],
    n_countries: usize,
) -> Result<Ranges<K>, PackError> {
    let section = c.section;
    let unit_bits = u32::from(c.u8()?);
    if !(BUCKET_BITS..=key_limit_bits).contains(&unit_bits) {
        return Err(PackError::BadValue { section, what: "unit bits out of range" });
    }
    let n = c.count(3)?;
    if n == 0 {
        return Err(PackError::BadValue { section, what: "no entries" });
    }
    let key_end: u128 = 1u128 << unit_bits;
    let mut starts = Vec::with_capacity(n);
    let mut key: u128 = 0;
    for row in 0..n {
        let step = u128::from(c.varint()?);
        if row == 0 && step != 0 {
            return Err(PackError::BadValue { section, what: "the first entry does not start at 0" });
        }
        if row > 0 && step == 0 {
            return Err(PackError::NotAscending { section, row });
        }
        key += step;
        if key >= key_end {
            return Err(PackError::BadValue { section, what: "a key past the address space" });
        }
        starts.push(K::from_u64(key as u64));
    }
    let mut values = Vec::with_capacity(n);
    let mut before = [0u32; 2]; // the AS references of the two entries before
    for row in 0..n {
        let as_ref = match c.varint_u32()? {
            0 if before[0] != 0 => before[0],
            0 => return Err(PackError::BadReference { section, row, what: "entries (two before has no AS)" }),
            1 => 0,
            k => {
                if (k - 2) as usize >= homes.len() {
                    return Err(PackError::BadReference { section, row, what: "ASes" });
                }
                k - 1
            }
        };
        before = [before[1], as_ref];
        values.push(as_ref);
    }
    for (row, country) in c.take(n)?.iter().enumerate() {
        let as_ref = values[row];
        let country = match *country {
            0 if as_ref == 0 => 0,
            0 => homes.get(as_ref as usize - 1).copied().unwrap_or(0),
            k if k as usize <= n_countries => k,
            _ => return Err(PackError::BadReference { section, row, what: "countries" }),
        };
        values[row] = as_ref | u32::from(country) << 24;
    }
    c.finish()?;

    // buckets[b]: the entry covering the first key of bucket b; the last one closes the table.
    let shift = unit_bits - BUCKET_BITS;
    let n_buckets = 1usize << BUCKET_BITS;
    let mut buckets = Vec::with_capacity(n_buckets + 1);
    let mut entry = 0usize;
    for bucket in 0..n_buckets as u64 {
        let first = K::from_u64(bucket << shift);
        while entry + 1 < n && starts[entry + 1] <= first {
            entry += 1;
        }
        buckets.push(entry as u32);
    }
    buckets.push((n - 1) as u32);
    Ok(Ranges { unit_bits, starts, values, buckets })
}

fn read_domains(
    mut c: Cursor<'_>,
    strings: &Strings,
    n_types: usize,
    next_new: &mut u32,
) -> Result<DomainMap, PackError> {
    let n = c.count(3)?;
    let mut rows = Vec::with_capacity(n);
    for row in 0..n {
        let domain = string_ref(&mut c, strings, next_new, row, "strings")?;
        if domain == NO_STRING {
            return Err(PackError::BadValue { section: "DOMS", what: "a row without a domain" });
        }
        rows.push(DomainRow { domain, name: NO_STRING, kind: 0 });
    }
    for (row, record) in rows.iter_mut().enumerate() {
        let name = string_ref(&mut c, strings, next_new, row, "strings")?;
        if name == NO_STRING {
            return Err(PackError::BadValue { section: "DOMS", what: "a row without a name" });
        }
        record.name = name;
    }
    for (row, kind) in c.take(n)?.iter().enumerate() {
        if *kind as usize >= n_types {
            return Err(PackError::BadReference { section: "DOMS", row, what: "sender types" });
        }
        rows[row].kind = *kind;
    }
    c.finish()?;
    for row in 1..n {
        if strings.get(rows[row - 1].domain).as_bytes() >= strings.get(rows[row].domain).as_bytes() {
            return Err(PackError::NotAscending { section: "DOMS", row });
        }
    }
    Ok(DomainMap::new(rows, strings))
}

fn read_overrides(mut c: Cursor<'_>) -> Result<Overrides, PackError> {
    let n = c.count(1)?;
    let mut lines = Vec::with_capacity(n);
    for _ in 0..n {
        lines.push(c.text()?);
    }
    c.finish()?;
    Ok(Overrides::new(&lines))
}

/// The Public Suffix List as text, its two parts marked as in the list itself.
fn read_suffixes(mut c: Cursor<'_>) -> Result<SuffixList, PackError> {
    let text = c.take(c.left())?;
    SuffixList::new(text).map_err(|_| PackError::BadValue { section: "PSLS", what: "not a Public Suffix List" })
}
