//! The pack's tables once read: the strings end to end, AS records, and the sorted address
//! ranges with their bucket index. Lookups here never fail and never index past a table.

/// Bits of a key that pick its bucket.
pub(crate) const BUCKET_BITS: u32 = 16;

/// Every string of the pack, end to end, and where each ends.
#[derive(Clone, Debug, Default)]
pub(crate) struct Strings {
    pub(crate) text: String,
    pub(crate) ends: Vec<u32>,
}

impl Strings {
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// String `index`; "" past the end (never, once checked by `read`).
    #[inline]
    pub(crate) fn get(&self, index: u32) -> &str {
        let index = index as usize;
        let Some(&end) = self.ends.get(index) else { return "" };
        let start = if index == 0 { 0 } else { self.ends.get(index - 1).copied().unwrap_or(0) };
        self.text.get(start as usize..end as usize).unwrap_or("")
    }

    #[inline]
    pub(crate) fn get_opt(&self, index: u32) -> Option<&str> {
        (index != NO_STRING).then(|| self.get(index))
    }
}

/// An AS record's string for "none".
pub(crate) const NO_STRING: u32 = u32::MAX;

#[derive(Clone, Copy, Debug)]
pub(crate) struct AsRecord {
    pub(crate) asn: u32,
    pub(crate) name: u32,
    pub(crate) domain: u32,
}

/// A range value: the AS reference (0 none, k the AS k - 1) in the low 24 bits, the country
/// reference (0 none) in the high 8, the AS's home country already put in where the pack
/// said "home".
#[inline]
pub(crate) fn split_value(value: u32) -> (u32, u32) {
    (value & 0x00FF_FFFF, value >> 24)
}

pub(crate) trait Key: Copy + Ord {
    fn from_u64(value: u64) -> Self;
    fn to_u64(self) -> u64;
}

impl Key for u32 {
    #[inline]
    fn from_u64(value: u64) -> Self {
        value as u32
    }
    #[inline]
    fn to_u64(self) -> u64 {
        self as u64
    }
}

impl Key for u64 {
    #[inline]
    fn from_u64(value: u64) -> Self {
        value
    }
    #[inline]
    fn to_u64(self) -> u64 {
        self
    }
}

/// Sorted ranges of network keys (an address's top `unit_bits` bits): entry i covers its
/// start up to the next entry's. `buckets[b]` is the entry covering the first key whose top
/// 16 bits are b, so a lookup searches only the few entries between two buckets.
#[derive(Clone, Debug)]
pub(crate) struct Ranges<K> {
    pub(crate) unit_bits: u32,
    pub(crate) starts: Vec<K>,
    pub(crate) values: Vec<u32>,
    pub(crate) buckets: Vec<u32>,
}

impl<K: Key> Ranges<K> {
    pub(crate) fn len(&self) -> usize {
        self.starts.len()
    }

    /// The value of the entry covering `key` (an address's top `unit_bits` bits).
    #[inline]
    fn get_key(&self, key: K) -> u32 {
        let bucket = (key.to_u64() >> (self.unit_bits - BUCKET_BITS)) as usize;
        let (Some(&low), Some(&high)) = (self.buckets.get(bucket), self.buckets.get(bucket + 1)) else { return 0 };
        let (low, high) = (low as usize, high as usize);
        // starts[low] <= key by construction; the answer is the last start <= key up to high.
        let Some(candidates) = self.starts.get(low + 1..=high) else { return 0 };
        let found = low + candidates.partition_point(|&start| start <= key);
        self.values.get(found).copied().unwrap_or(0)
    }
}

impl Ranges<u32> {
    #[inline]
    pub(crate) fn get(&self, address: u32) -> u32 {
        self.get_key(address >> (32 - self.unit_bits))
    }
}

impl Ranges<u64> {
    #[inline]
    pub(crate) fn get_v6(&self, address: u128) -> u32 {
        self.get_key((address >> (128 - self.unit_bits)) as u64)
    }
}
