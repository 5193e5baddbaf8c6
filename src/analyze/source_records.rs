//! What one source sent: its records under the analysis's filters, grouped into the distinct
//! combinations of what the reports say about them (header From, envelope From, every DKIM and
//! SPF result, the disposition, the aligned verdicts, the override reasons), each with its
//! messages, records, reporters and days. The possible-spoofing and by-sender screens list
//! sources with totals; this is what a person opens to see why a source fails.
//!
//! Read from the store's interned records (no report is parsed again): one pass over the
//! records of the admitted reports, keyed by symbols, words made only for the combinations kept.
//!
//! Order: messages descending, then records descending, then the combination's fields as text in
//! the order the JSON gives them (header From, envelope From, DKIM results, SPF results,
//! disposition, policy DKIM, policy SPF, reasons), so the same reports always give the same list.
//! At most `limit` combinations are listed ([`MAX_COMBINATIONS`] by the CLI and the app); the
//! rest are counted in `cut_combinations` and `cut_messages`.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use super::{add_to, pattern_of, Filters};
use crate::dates::{day_date, utc_day};
use crate::model::{AuthResult, DmarcResult, OverrideType, SpfScope};
use crate::store::{Store, StoredRecord, Sym};
use crate::tags::canonical_ip;

/// Combinations listed for one source by the CLI and the app.
pub const MAX_COMBINATIONS: usize = 200;

/// One source's records, grouped (see the module's comment).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SourceRecords {
    /// The source as the analyses name it: IPv4-mapped IPv6 is IPv4.
    pub source_ip: String,
    /// Over every admitted record of the source, listed or cut.
    pub messages: u64,
    pub records: u64,
    pub dmarc_pass: u64,
    pub dmarc_fail: u64,
    /// Distinct combinations, listed or not.
    pub distinct: u64,
    /// Combinations beyond the limit, and their messages.
    pub cut_combinations: u64,
    pub cut_messages: u64,
    pub combinations: Vec<Combination>,
}

/// Records that say the same thing about their mail.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Combination {
    /// Lower case, as stored; empty when the report gives none.
    pub header_from: String,
    pub envelope_from: String,
    /// The record's DKIM results, sorted by domain, selector, result.
    pub dkim: Vec<DkimCheck>,
    /// The record's SPF results, sorted by domain, scope, result.
    pub spf: Vec<SpfCheck>,
    /// `none`, `quarantine`, `reject`, another value as written (lower case), or `unknown`.
    pub disposition: String,
    /// The aligned verdicts of `policy_evaluated`.
    pub policy_dkim: DmarcResult,
    pub policy_spf: DmarcResult,
    /// `pass` when either aligned verdict passes, else `fail`.
    pub dmarc: DmarcResult,
    /// The failure pattern, 1 to 4; `None` when DMARC passes.
    pub pattern: Option<u8>,
    /// The receiver's `policy_evaluated/reason`s, in the report's order.
    pub reasons: Vec<ReasonCheck>,
    pub messages: u64,
    pub records: u64,
    /// Who reported it, most messages first (then by name).
    pub reporters: Vec<String>,
    /// UTC days of the reports' begin (`YYYY-MM-DD`); `None` when no report is dated.
    pub first_day: Option<String>,
    pub last_day: Option<String>,
    /// Distinct UTC days among its reports.
    pub days_seen: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DkimCheck {
    pub domain: String,
    /// Empty when the report gives none.
    pub selector: String,
    pub result: AuthResult,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpfCheck {
    pub domain: String,
    /// `helo`, `mfrom`, or `None` when the report gives none (`unknown` for anything else).
    pub scope: Option<SpfScope>,
    pub result: AuthResult,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReasonCheck {
    #[serde(rename = "type")]
    pub kind: OverrideType,
    /// Empty when the receiver gave none.
    pub comment: String,
}

/// What groups records: every field of [`Combination`] above its counts, as symbols.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct ComboKey {
    header_from: Sym,
    envelope_from: Sym,
    dkim: Vec<(Sym, Sym, AuthResult)>,
    spf: Vec<(Sym, Option<SpfScope>, AuthResult)>,
    disposition: u32,
    policy_dkim: u8,
    policy_spf: u8,
    reasons: Vec<(OverrideType, Sym)>,
}

#[derive(Default)]
struct ComboAcc {
    messages: u64,
    records: u64,
    /// (reporter, messages): few per combination.
    reporters: Vec<(Sym, u64)>,
    days: Vec<i64>,
    /// The pattern of its records (the same for all: it follows from the key).
    pattern: Option<usize>,
}

/// The records of source `ip` in the reports `filters` admits, grouped into combinations, the
/// first `limit` listed. An address never seen (or seen only outside the filters) gives an empty
/// answer with no combination.
pub fn source_records(store: &Store, filters: &Filters, ip: IpAddr, limit: usize) -> SourceRecords {
    let ip = canonical_ip(ip);
    let mut out = SourceRecords { source_ip: ip.to_string(), ..SourceRecords::default() };
    let Some(source) = store.source_id(ip) else { return out };
    let mut combos: HashMap<ComboKey, ComboAcc> = HashMap::new();
    for report in &store.reports {
        if !filters.admits(store, report) {
            continue;
        }
        let day = report.begin.map(utc_day);
        let first = report.records.start as usize;
        for (offset, record) in store.report_records(report).iter().enumerate() {
            if record.source != source {
                continue;
            }
            let key = key_of(store, record, first + offset);
            let pattern = pattern_of(record);
            add_to(&mut out.messages, record.count);
            out.records += 1;
            add_to(if pattern.is_some() { &mut out.dmarc_fail } else { &mut out.dmarc_pass }, record.count);
            let acc = combos.entry(key).or_default();
            acc.pattern = pattern;
            add_to(&mut acc.messages, record.count);
            acc.records += 1;
            match acc.reporters.iter_mut().find(|(r, _)| *r == report.reporter) {
                Some((_, n)) => add_to(n, record.count),
                None => acc.reporters.push((report.reporter, record.count)),
            }
            if let Some(day) = day {
                acc.days.push(day);
            }
        }
    }
    let mut combos: Vec<(ComboKey, ComboAcc)> = combos.into_iter().collect();
    combos.sort_by(|a, b| {
        b.1.messages
            .cmp(&a.1.messages)
            .then(b.1.records.cmp(&a.1.records))
            .then_with(|| compare_keys(store, &a.0, &b.0))
    });
    out.distinct = combos.len() as u64;
    for (_, acc) in combos.iter().skip(limit) {
        out.cut_combinations += 1;
        add_to(&mut out.cut_messages, acc.messages);
    }
    combos.truncate(limit);
    out.combinations = combos.into_iter().map(|(key, acc)| combination(store, key, acc)).collect();
    out
}

/// The grouping key of record `index`: its auth results sorted (reporters list them in any
/// order), its reasons as given.
fn key_of(store: &Store, record: &StoredRecord, index: usize) -> ComboKey {
    let text = |sym: Sym| store.strings.get(sym);
    let (dkim, spf) = store.record_auth(record);
    let mut dkim: Vec<(Sym, Sym, AuthResult)> = dkim.iter().map(|a| (a.domain, a.selector, a.result)).collect();
    dkim.sort_by(|a, b| (text(a.0), text(a.1), a.2).cmp(&(text(b.0), text(b.1), b.2)));
    let mut spf: Vec<(Sym, Option<SpfScope>, AuthResult)> = spf.iter().map(|a| (a.domain, a.scope, a.result)).collect();
    spf.sort_by(|a, b| (text(a.0), a.1, a.2).cmp(&(text(b.0), b.1, b.2)));
    // Reasons are kept in record order; only a record with an override bit has any.
    let reasons = if record.overrides == 0 {
        Vec::new()
    } else {
        let index = u32::try_from(index).unwrap_or(u32::MAX);
        let start = store.reasons.partition_point(|r| r.record < index);
        store
            .reasons
            .get(start..)
            .unwrap_or(&[])
            .iter()
            .take_while(|r| r.record == index)
            .map(|r| (r.kind, r.comment))
            .collect()
    };
    ComboKey {
        header_from: record.header_from,
        envelope_from: record.envelope_from,
        dkim,
        spf,
        disposition: record.disposition,
        policy_dkim: record.dmarc_dkim,
        policy_spf: record.dmarc_spf,
        reasons,
    }
}

/// Two keys in the documented order of their fields, as text.
fn compare_keys(store: &Store, a: &ComboKey, b: &ComboKey) -> Ordering {
    let text = |sym: Sym| store.strings.get(sym);
    let disposition = |k: &ComboKey| store.dispositions.get(k.disposition as usize).map_or("unknown", |&s| text(s));
    let dkim = |k: &ComboKey| k.dkim.iter().map(|&(d, s, r)| (text(d), text(s), r.as_str())).collect::<Vec<_>>();
    let spf = |k: &ComboKey| {
        k.spf.iter().map(|&(d, s, r)| (text(d), s.map_or("", SpfScope::as_str), r.as_str())).collect::<Vec<_>>()
    };
    let verdict = |v: u8| DmarcResult::from_u8(v).as_str();
    let reasons = |k: &ComboKey| k.reasons.iter().map(|&(t, c)| (t.as_str(), text(c))).collect::<Vec<_>>();
    text(a.header_from)
        .cmp(text(b.header_from))
        .then_with(|| text(a.envelope_from).cmp(text(b.envelope_from)))
        .then_with(|| dkim(a).cmp(&dkim(b)))
        .then_with(|| spf(a).cmp(&spf(b)))
        .then_with(|| disposition(a).cmp(disposition(b)))
        .then_with(|| verdict(a.policy_dkim).cmp(verdict(b.policy_dkim)))
        .then_with(|| verdict(a.policy_spf).cmp(verdict(b.policy_spf)))
        .then_with(|| reasons(a).cmp(&reasons(b)))
}

fn combination(store: &Store, key: ComboKey, mut acc: ComboAcc) -> Combination {
    let text = |sym: Sym| store.strings.get(sym).to_string();
    let (policy_dkim, policy_spf) = (DmarcResult::from_u8(key.policy_dkim), DmarcResult::from_u8(key.policy_spf));
    let dmarc = if acc.pattern.is_none() { DmarcResult::Pass } else { DmarcResult::Fail };
    acc.reporters.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| store.strings.get(a.0).cmp(store.strings.get(b.0))));
    acc.days.sort_unstable();
    acc.days.dedup();
    Combination {
        header_from: text(key.header_from),
        envelope_from: text(key.envelope_from),
        dkim: key.dkim.iter().map(|&(d, s, result)| DkimCheck { domain: text(d), selector: text(s), result }).collect(),
        spf: key.spf.iter().map(|&(d, scope, result)| SpfCheck { domain: text(d), scope, result }).collect(),
        disposition: store.dispositions.get(key.disposition as usize).map_or("unknown".to_string(), |&s| text(s)),
        policy_dkim,
        policy_spf,
        dmarc,
        pattern: acc.pattern.map(|p| p as u8 + 1),
        reasons: key.reasons.iter().map(|&(kind, c)| ReasonCheck { kind, comment: text(c) }).collect(),
        messages: acc.messages,
        records: acc.records,
        reporters: acc.reporters.iter().map(|&(r, _)| text(r)).collect(),
        first_day: acc.days.first().map(|&d| day_date(d)),
        last_day: acc.days.last().map(|&d| day_date(d)),
        days_seen: acc.days.len() as u64,
    }
}
