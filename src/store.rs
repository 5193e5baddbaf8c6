//! Every loaded report, deduplicated and kept compact for analysis.
//!
//! A million records must fit in well under 128 MiB, so the store does not keep the XML or the
//! parsed `Report` structs: repeated strings (domains, org names, selectors) are interned once
//! and referred to by [`Sym`], IPs stay `IpAddr`, and each record's auth results live in one
//! shared vector addressed by a range. Reports are deduplicated by (org_name, policy domain,
//! report_id); a copy is counted on the original and not stored again, unless it is the better
//! copy (more records, then dates where the other has none): then it takes the original's place
//! and the original's records are left as tombstones no report refers to.
//!
//! One file (with its tests): the interner, the compact records and the dedupe rule share the
//! invariants on ids (a report's records, a tombstone no report refers to), so they stay together.

use std::collections::HashMap;
use std::net::IpAddr;

use crate::model::{Alignment, AuthResult, Disposition, DmarcResult, OverrideType, Report, SpfScope};
use crate::tags::canonical_ip;

/// An interned string. `Sym(0)` is the empty string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Sym(pub u32);

/// FxHash (rustc-hash): the store hashes many short keys and needs no protection against
/// chosen collisions (a user loads their own files). Its 2.x finish rotates the product so the
/// high bits reach the low bits hashbrown picks buckets by; IP keys do not pile up.
type FxBuild = rustc_hash::FxBuildHasher;

/// Strings stored once each.
#[derive(Debug, Default)]
pub struct Interner {
    ids: HashMap<Box<str>, Sym, FxBuild>,
    strings: Vec<Box<str>>,
    /// Where [`Interner::intern_lowercase`] lower-cases a string that needs it, reused so a
    /// record's domains cost no allocation once they are known.
    scratch: String,
}

impl Interner {
    pub fn new() -> Self {
        let mut interner = Interner::default();
        interner.strings.push("".into());
        interner.ids.insert("".into(), Sym(0));
        interner
    }

    pub fn intern(&mut self, s: &str) -> Sym {
        if let Some(&sym) = self.ids.get(s) {
            return sym;
        }
        let sym = Sym(u32::try_from(self.strings.len()).unwrap_or(u32::MAX));
        self.strings.push(s.into());
        self.ids.insert(s.into(), sym);
        sym
    }

    /// Interns `s` with ASCII letters lower-cased: the same as interning
    /// `s.to_ascii_lowercase()`, without allocating for a string seen before.
    pub fn intern_lowercase(&mut self, s: &str) -> Sym {
        if !s.bytes().any(|b| b.is_ascii_uppercase()) {
            return self.intern(s);
        }
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        scratch.push_str(s);
        scratch.make_ascii_lowercase();
        let sym = self.intern(&scratch);
        self.scratch = scratch;
        sym
    }

    pub fn get(&self, sym: Sym) -> &str {
        self.strings.get(sym.0 as usize).map_or("", |s| s)
    }

    pub fn lookup(&self, s: &str) -> Option<Sym> {
        self.ids.get(s).copied()
    }

    fn heap_bytes(&self) -> usize {
        let strings: usize = self.strings.iter().map(|s| s.len() * 2).sum();
        strings + self.strings.capacity() * 16 + self.ids.capacity() * 24
    }
}

/// A report's metadata and policy, with its records at `records` in [`Store::records`].
#[derive(Debug, Clone)]
pub struct StoredReport {
    pub org_name: Sym,
    /// Who sent the report, as the analyses name it: `org_name`, or, where a reporter leaves it
    /// empty, the domain of its address (as parsedmarc does), so no row is named "".
    pub reporter: Sym,
    pub email: Sym,
    pub report_id: Sym,
    /// As written in the report (trimmed); comparisons use the lower-case form.
    pub policy_domain: Sym,
    pub begin: Option<i64>,
    pub end: Option<i64>,
    pub p: Disposition,
    pub sp: Option<Disposition>,
    pub pct: Option<u8>,
    /// RFC 9989's published `np`, `t`, alignment modes, `fo` and how the receiver found the
    /// record (`discovery_method`, lower-case; `Sym(0)` when absent), as the report gives them.
    pub np: Option<Disposition>,
    pub testing: Option<bool>,
    pub adkim: Option<Alignment>,
    pub aspf: Option<Alignment>,
    pub fo: Sym,
    pub discovery_method: Sym,
    pub records: std::ops::Range<u32>,
    pub messages: u64,
    pub dmarc_fail_messages: u64,
    /// Copies of this report loaded later and not stored again.
    pub duplicates: u32,
    /// The input file the stored copy came from (empty when not given).
    pub file: Sym,
}

/// One `<record>`, compact: 40 bytes plus its auth results. Source IPs are canonical:
/// IPv4-mapped IPv6 is stored as IPv4.
#[derive(Debug, Clone, Copy)]
pub struct StoredRecord {
    pub count: u64,
    /// Index into [`Store::ips`]: each distinct source IP is stored once, and analyses keep
    /// per-IP figures in flat arrays indexed by it instead of hashing addresses.
    pub source: u32,
    pub report: u32,
    pub header_from: Sym,
    pub envelope_from: Sym,
    /// Index into [`Store::dispositions`]: the disposition's name, `none`, `quarantine`,
    /// `reject`, any other value as written (lower-case), or `unknown` when missing. An index,
    /// so analyses count dispositions in a flat array however many distinct values a hostile
    /// report brings.
    pub disposition: u32,
    /// Index of the first auth result in [`Store::auth`]; DKIM results come first.
    pub auth_start: u32,
    pub n_dkim: u8,
    pub n_spf: u8,
    pub dmarc_dkim: u8,
    pub dmarc_spf: u8,
    /// Bit 0: some SPF result passed; bit 1: some DKIM result passed.
    pub authenticated: u8,
    /// The `policy_evaluated/reason` types the receiver gave, one bit each (`OverrideType::bit`).
    pub overrides: u8,
}

impl StoredRecord {
    pub fn dmarc_pass(&self) -> bool {
        DmarcResult::from_u8(self.dmarc_dkim) == DmarcResult::Pass
            || DmarcResult::from_u8(self.dmarc_spf) == DmarcResult::Pass
    }
    pub fn spf_authenticated(&self) -> bool {
        self.authenticated & 1 != 0
    }
    pub fn dkim_authenticated(&self) -> bool {
        self.authenticated & 2 != 0
    }
}

/// One DKIM or SPF auth result.
#[derive(Debug, Clone, Copy)]
pub struct StoredAuth {
    pub domain: Sym,
    /// DKIM selector; `Sym(0)` for SPF.
    pub selector: Sym,
    pub result: AuthResult,
    pub scope: Option<SpfScope>,
}

/// One `policy_evaluated/reason` of a record. Few records carry one, so reasons are kept beside
/// the records (in record order) rather than in each: `StoredRecord` stays 40 bytes.
#[derive(Debug, Clone, Copy)]
pub struct StoredReason {
    /// Index into [`Store::records`].
    pub record: u32,
    pub kind: OverrideType,
    /// The receiver's comment, trimmed; `Sym(0)` when none.
    pub comment: Sym,
}

/// What happened to a report given to [`Store::add`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Added {
    New(u32),
    /// Already loaded as good a copy or better: the index of the original, kept.
    Duplicate(u32),
    /// Already loaded, but this copy is better and took its place at `index`; the copy it
    /// replaced came from `previous_file` and had `previous_records` records.
    Replaced {
        index: u32,
        previous_file: String,
        previous_records: u32,
    },
}

/// A record whose report was replaced by a better copy: no report refers to it, and every pass
/// over records by report skips it; passes over all records see this marker.
pub const TOMBSTONE: u32 = u32::MAX;

#[derive(Debug, Default)]
pub struct Store {
    pub strings: Interner,
    pub reports: Vec<StoredReport>,
    pub records: Vec<StoredRecord>,
    pub auth: Vec<StoredAuth>,
    /// Every record's `policy_evaluated/reason`s, in record order. A replaced report's reasons
    /// stay, pointing at its tombstones.
    pub reasons: Vec<StoredReason>,
    /// Distinct source IPs, canonical.
    pub ips: Vec<IpAddr>,
    ip_ids: HashMap<IpAddr, u32, FxBuild>,
    keys: HashMap<(Sym, Sym, Sym), u32, FxBuild>,
    /// Distinct disposition names, indexed by [`StoredRecord::disposition`].
    pub dispositions: Vec<Sym>,
    disposition_ids: HashMap<Sym, u32, FxBuild>,
}

impl Store {
    pub fn new() -> Self {
        Store { strings: Interner::new(), ..Store::default() }
    }

    /// Adds a report unless a report with the same (org_name, policy domain, report_id) is loaded.
    /// The index of the stored report with this key (org_name, policy domain in any case,
    /// report_id), if one is loaded.
    pub fn find(&self, org_name: &str, domain: &str, report_id: &str) -> Option<u32> {
        let key = (
            self.strings.lookup(org_name)?,
            self.strings.lookup(&domain.to_ascii_lowercase())?,
            self.strings.lookup(report_id)?,
        );
        self.keys.get(&key).copied()
    }

    pub fn add(&mut self, report: &Report) -> Added {
        self.add_from(report, "")
    }

    /// Adds a report read from input file `file`, unless the same report (org_name, policy
    /// domain, report_id) is loaded as good a copy or better. Between two copies the one with
    /// more records is kept, then the one with dates, then the first loaded: a copy damaged in
    /// transit must not hide the complete one.
    pub fn add_from(&mut self, report: &Report, file: &str) -> Added {
        let org_name = self.strings.intern(&report.metadata.org_name);
        let report_id = self.strings.intern(&report.metadata.report_id);
        let domain_key = self.strings.intern_lowercase(&report.policy_published.domain);
        let file = self.strings.intern(file);
        if let Some(&index) = self.keys.get(&(org_name, domain_key, report_id)) {
            let Some(original) = self.reports.get_mut(index as usize) else { return Added::Duplicate(index) };
            original.duplicates = original.duplicates.saturating_add(1);
            let kept = (original.records.len(), original.begin.is_some());
            let offered = (report.records.len(), report.metadata.date_range.is_some());
            if offered <= kept {
                return Added::Duplicate(index);
            }
            let previous_records = u32::try_from(original.records.len()).unwrap_or(u32::MAX);
            let previous_file = self.strings.get(original.file).to_string();
            let (old, duplicates) = (original.records.clone(), original.duplicates);
            for record in self.records.get_mut(old.start as usize..old.end as usize).unwrap_or(&mut []) {
                record.report = TOMBSTONE;
                record.count = 0;
            }
            let stored = self.store_report(report, index, org_name, report_id, file, duplicates);
            if let Some(slot) = self.reports.get_mut(index as usize) {
                *slot = stored;
            }
            return Added::Replaced { index, previous_file, previous_records };
        }
        let index = u32::try_from(self.reports.len()).unwrap_or(u32::MAX);
        self.keys.insert((org_name, domain_key, report_id), index);
        let stored = self.store_report(report, index, org_name, report_id, file, 0);
        self.reports.push(stored);
        Added::New(index)
    }

    /// Stores the records of `report` as report `index` and returns its metadata.
    fn store_report(
        &mut self,
        report: &Report,
        index: u32,
        org_name: Sym,
        report_id: Sym,
        file: Sym,
        duplicates: u32,
    ) -> StoredReport {
        let start = u32::try_from(self.records.len()).unwrap_or(u32::MAX);
        let mut messages = 0u64;
        let mut dmarc_fail_messages = 0u64;
        self.records.reserve(report.records.len());
        for record in &report.records {
            let auth_start = u32::try_from(self.auth.len()).unwrap_or(u32::MAX);
            let results = &record.auth_results;
            for dkim in results.dkim.iter().take(255) {
                let domain = self.strings.intern_lowercase(&dkim.domain);
                let selector = self.strings.intern(dkim.selector.as_deref().unwrap_or(""));
                self.auth.push(StoredAuth { domain, selector, result: dkim.result, scope: None });
            }
            for spf in results.spf.iter().take(255) {
                let domain = self.strings.intern_lowercase(&spf.domain);
                self.auth.push(StoredAuth { domain, selector: Sym(0), result: spf.result, scope: spf.scope });
            }
            let pe = &record.row.policy_evaluated;
            let record_index = u32::try_from(self.records.len()).unwrap_or(u32::MAX);
            for reason in pe.reasons.iter().take(255) {
                let comment = self.strings.intern(reason.comment.as_deref().unwrap_or("").trim());
                self.reasons.push(StoredReason { record: record_index, kind: reason.kind, comment });
            }
            let stored = StoredRecord {
                count: record.row.count,
                source: self.ip_id(canonical_ip(record.row.source_ip)),
                report: index,
                header_from: self.strings.intern_lowercase(&record.identifiers.header_from),
                envelope_from: self.strings.intern_lowercase(record.identifiers.envelope_from.as_deref().unwrap_or("")),
                auth_start,
                n_dkim: results.dkim.len().min(255) as u8,
                n_spf: results.spf.len().min(255) as u8,
                disposition: self.disposition_id(pe.other_disposition.as_deref().unwrap_or(pe.disposition.as_str())),
                dmarc_dkim: pe.dkim.to_u8(),
                dmarc_spf: pe.spf.to_u8(),
                authenticated: u8::from(results.spf_authenticated()) | u8::from(results.dkim_authenticated()) << 1,
                overrides: pe.reasons.iter().fold(0, |bits, r| bits | r.kind.bit()),
            };
            messages = messages.saturating_add(stored.count);
            if !pe.dmarc_pass() {
                dmarc_fail_messages = dmarc_fail_messages.saturating_add(stored.count);
            }
            self.records.push(stored);
        }
        let end = u32::try_from(self.records.len()).unwrap_or(u32::MAX);
        let policy = &report.policy_published;
        let metadata = &report.metadata;
        let reporter = if metadata.org_name.is_empty() {
            let email = metadata.email.trim();
            self.strings.intern(email.rsplit_once('@').map_or(email, |(_, domain)| domain))
        } else {
            org_name
        };
        StoredReport {
            org_name,
            reporter,
            email: self.strings.intern(&metadata.email),
            report_id,
            policy_domain: self.strings.intern(&policy.domain),
            begin: metadata.date_range.map(|d| d.begin),
            end: metadata.date_range.map(|d| d.end),
            p: policy.p,
            sp: policy.sp,
            pct: policy.pct,
            np: policy.np,
            testing: policy.testing,
            adkim: policy.adkim,
            aspf: policy.aspf,
            fo: self.strings.intern(policy.fo.as_deref().unwrap_or("").trim()),
            discovery_method: self.strings.intern(policy.discovery_method.as_deref().unwrap_or("").trim()),
            records: start..end,
            messages,
            dmarc_fail_messages,
            duplicates,
            file,
        }
    }

    fn disposition_id(&mut self, name: &str) -> u32 {
        let sym = self.strings.intern(name);
        let next = u32::try_from(self.dispositions.len()).unwrap_or(u32::MAX);
        let id = *self.disposition_ids.entry(sym).or_insert(next);
        if id == next {
            self.dispositions.push(sym);
        }
        id
    }

    /// The disposition name of a record.
    pub fn disposition(&self, record: &StoredRecord) -> &str {
        self.dispositions.get(record.disposition as usize).map_or("unknown", |&sym| self.strings.get(sym))
    }

    fn ip_id(&mut self, ip: IpAddr) -> u32 {
        let next = u32::try_from(self.ips.len()).unwrap_or(u32::MAX);
        let id = *self.ip_ids.entry(ip).or_insert(next);
        if id == next {
            self.ips.push(ip);
        }
        id
    }

    /// The index in [`Store::ips`] of a source IP (canonical: IPv4-mapped IPv6 is IPv4), if any
    /// record has it.
    pub fn source_id(&self, ip: IpAddr) -> Option<u32> {
        self.ip_ids.get(&canonical_ip(ip)).copied()
    }

    /// The source IP of a record.
    pub fn source_ip(&self, record: &StoredRecord) -> IpAddr {
        self.ips.get(record.source as usize).copied().unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED))
    }

    /// Gives back the spare capacity the vectors grew by. Call it when a batch of files is
    /// loaded (the CLI after its files, the worker when its queue empties): growing by doubling
    /// leaves up to half of each vector unused.
    pub fn shrink_to_fit(&mut self) {
        self.reports.shrink_to_fit();
        self.records.shrink_to_fit();
        self.auth.shrink_to_fit();
        self.reasons.shrink_to_fit();
        self.ips.shrink_to_fit();
    }

    pub fn report_records(&self, report: &StoredReport) -> &[StoredRecord] {
        self.records.get(report.records.start as usize..report.records.end as usize).unwrap_or(&[])
    }

    pub fn record_auth(&self, record: &StoredRecord) -> (&[StoredAuth], &[StoredAuth]) {
        let start = record.auth_start as usize;
        let mid = start + record.n_dkim as usize;
        let end = mid + record.n_spf as usize;
        (self.auth.get(start..mid).unwrap_or(&[]), self.auth.get(mid..end).unwrap_or(&[]))
    }

    /// Bytes held on the heap, approximately: what the memory budget per record is measured by.
    pub fn heap_bytes(&self) -> usize {
        self.strings.heap_bytes()
            + self.reports.capacity() * std::mem::size_of::<StoredReport>()
            + self.records.capacity() * std::mem::size_of::<StoredRecord>()
            + self.auth.capacity() * std::mem::size_of::<StoredAuth>()
            + self.reasons.capacity() * std::mem::size_of::<StoredReason>()
            + self.ips.capacity() * std::mem::size_of::<IpAddr>()
            + self.ip_ids.capacity() * 24
            + self.keys.capacity() * 24
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    fn report(org: &str, domain: &str, id: &str, counts: &[u64]) -> Report {
        Report {
            version: None,
            metadata: ReportMetadata { org_name: org.into(), report_id: id.into(), ..Default::default() },
            policy_published: PolicyPublished { domain: domain.into(), ..Default::default() },
            records: counts
                .iter()
                .map(|&count| Record {
                    row: Row {
                        source_ip: "192.0.2.1".parse().unwrap(),
                        count,
                        policy_evaluated: PolicyEvaluated {
                            dkim: DmarcResult::Fail,
                            spf: DmarcResult::Pass,
                            ..Default::default()
                        },
                    },
                    identifiers: Identifiers::default(),
                    auth_results: AuthResults::default(),
                })
                .collect(),
        }
    }

    #[test]
    fn record_stays_compact() {
        assert!(std::mem::size_of::<StoredRecord>() <= 40, "{}", std::mem::size_of::<StoredRecord>());
        assert!(std::mem::size_of::<StoredAuth>() <= 12, "{}", std::mem::size_of::<StoredAuth>());
    }

    #[test]
    fn duplicates_by_org_domain_and_id() {
        let mut store = Store::new();
        assert_eq!(store.add(&report("Google", "Example.com", "1", &[3, 4])), Added::New(0));
        assert_eq!(store.add(&report("Google", "example.COM", "1", &[3, 4])), Added::Duplicate(0));
        assert_eq!(store.add(&report("Google", "example.com", "2", &[1])), Added::New(1));
        assert_eq!(store.add(&report("Yahoo", "example.com", "1", &[1])), Added::New(2));
        assert_eq!(store.reports[0].duplicates, 1);
        assert_eq!(store.reports[0].messages, 7);
        assert_eq!(store.records.len(), 4);
        assert_eq!(store.strings.get(store.reports[0].policy_domain), "Example.com");
    }

    #[test]
    fn the_better_copy_is_kept() {
        let mut store = Store::new();
        let damaged = Report { records: Vec::new(), ..report("Google", "example.com", "1", &[]) };
        let mut complete = report("Google", "example.com", "1", &[3, 4]);
        complete.metadata.date_range = Some(DateRange { begin: 86_400, end: 2 * 86_400 - 1 });
        assert_eq!(store.add_from(&damaged, "cut.xml"), Added::New(0));
        assert_eq!(
            store.add_from(&complete, "full.xml"),
            Added::Replaced { index: 0, previous_file: "cut.xml".into(), previous_records: 0 }
        );
        let kept = &store.reports[0];
        assert_eq!((kept.messages, kept.duplicates, kept.begin), (7, 1, Some(86_400)));
        assert_eq!(store.strings.get(kept.file), "full.xml");
        assert_eq!(store.report_records(kept).iter().map(|r| r.count).collect::<Vec<_>>(), [3, 4]);
        // Fewer records, or as many without dates: the kept copy stays.
        assert_eq!(store.add_from(&report("Google", "example.com", "1", &[9]), "less.xml"), Added::Duplicate(0));
        assert_eq!(store.add_from(&report("Google", "example.com", "1", &[1, 1]), "undated.xml"), Added::Duplicate(0));
        assert_eq!(store.reports[0].messages, 7);
        // A copy with more records replaces the one that replaced the first; what it replaced
        // is left as tombstones.
        let more = report("Google", "example.com", "1", &[1, 1, 1]);
        assert!(matches!(store.add_from(&more, "more.xml"), Added::Replaced { previous_records: 2, .. }));
        let live: Vec<u64> = store.records.iter().filter(|r| r.report != TOMBSTONE).map(|r| r.count).collect();
        assert_eq!(live, [1, 1, 1]);
        assert_eq!(store.reports.len(), 1);
    }

    #[test]
    fn reasons_and_the_published_record_are_kept() {
        let mut store = Store::new();
        let mut r = report("Google", "example.com", "1", &[1, 2, 3]);
        r.policy_published.testing = Some(true);
        r.policy_published.np = Some(Disposition::Reject);
        r.policy_published.fo = Some(" 1 ".into());
        r.policy_published.discovery_method = Some("treewalk".into());
        let reason = |kind, comment: Option<&str>| PolicyOverrideReason { kind, comment: comment.map(str::to_string) };
        r.records[1].row.policy_evaluated.reasons =
            vec![reason(OverrideType::LocalPolicy, Some("arc=pass")), reason(OverrideType::Forwarded, None)];
        store.add(&r);
        let kept = &store.reports[0];
        assert_eq!((kept.testing, kept.np), (Some(true), Some(Disposition::Reject)));
        assert_eq!((store.strings.get(kept.fo), store.strings.get(kept.discovery_method)), ("1", "treewalk"));
        let reasons: Vec<(u32, OverrideType, &str)> =
            store.reasons.iter().map(|r| (r.record, r.kind, store.strings.get(r.comment))).collect();
        assert_eq!(reasons, [(1, OverrideType::LocalPolicy, "arc=pass"), (1, OverrideType::Forwarded, "")]);
    }

    #[test]
    fn dispositions_are_numbered_once_each() {
        let mut store = Store::new();
        let mut r = report("Google", "example.com", "1", &[1, 1, 1]);
        r.records[1].row.policy_evaluated.other_disposition = Some("pass-through".into());
        store.add(&r);
        let names: Vec<&str> = store.records.iter().map(|rec| store.disposition(rec)).collect();
        assert_eq!(names, ["unknown", "pass-through", "unknown"]);
        assert_eq!(store.dispositions.len(), 2);
    }
}
