//! Who sends the untagged mail, and what to do about each failing message of it.
//!
//! Given a sender pack, an analysis names the sender of every untagged source once, from the
//! checks that passed for it ([`Senders::attribute`]), sorts each of its DMARC-fail records into
//! a class (`class.rs`), and groups the sources by sender ([`senders_table`]). Without a pack the
//! classes still hold what the reports alone tell (yours, forwarded by the receiver's word,
//! unknown) and nobody is named.

use std::collections::HashMap;
use std::net::IpAddr;

use rustc_hash::FxBuildHasher as FxBuild;

use super::assign::Assignment;
use super::class::{class_of, ClassFacts, MailClass};
use super::output::{SenderInfo, SenderRow, Suspect, SENDER_SOURCES};
use super::{add_to, max_opt, min_opt, same_or_under, Filters, Weighted};
use crate::model::AuthResult;
use crate::senders::{Check, Method, Senders};
use crate::store::{Store, StoredRecord, Sym};

/// What naming needs across the sources of one analysis.
pub(super) struct Naming<'p> {
    senders: Option<&'p Senders>,
    /// The organisational domains of every policy domain in the store: the user's own, which
    /// never name a sender.
    own: Vec<String>,
    /// (header_from, DKIM domain) → whether both are of one organisation.
    same_org: HashMap<(Sym, Sym), bool, FxBuild>,
}

impl<'p> Naming<'p> {
    pub(super) fn new(store: &Store, senders: Option<&'p Senders>) -> Naming<'p> {
        // Only a pack names senders, so only then are the user's own domains needed.
        let mut own: Vec<String> = match senders {
            Some(pack) => {
                let mut seen: Vec<Sym> = store.reports.iter().map(|r| r.policy_domain).collect();
                seen.sort_unstable();
                seen.dedup();
                seen.into_iter().filter_map(|sym| pack.org_domain(store.strings.get(sym))).collect()
            }
            None => Vec::new(),
        };
        own.sort_unstable();
        own.dedup();
        Naming { senders, own, same_org: HashMap::default() }
    }

    /// The sender of an untagged source, from the messages that passed each check (DKIM and
    /// SPF domains, as the analysis weighed them).
    pub(super) fn sender(
        &self,
        store: &Store,
        ip: IpAddr,
        dkim_passed: &[(Sym, u64)],
        spf_passed: &[(Sym, u64)],
    ) -> Option<SenderInfo> {
        let pack = self.senders?;
        let check =
            |method| move |&(sym, passed): &(Sym, u64)| Check { method, domain: store.strings.get(sym), passed };
        let checks: Vec<Check<'_>> =
            dkim_passed.iter().map(check(Method::Dkim)).chain(spf_passed.iter().map(check(Method::Spf))).collect();
        let found = pack.attribute(ip, &checks, &self.own)?;
        Some(SenderInfo {
            name: found.name.to_string(),
            kind: found.kind.map(str::to_string),
            evidence: found.evidence,
            domain: found.domain,
            asn: found.network.map(|n| n.asn),
            as_name: found.network.and_then(|n| n.as_name).map(str::to_string),
            country: found.network.and_then(|n| n.country).map(|c| c.to_string()),
        })
    }

    /// The class of one DMARC-failing untagged record of a source named `sender`.
    pub(super) fn class(&mut self, store: &Store, record: &StoredRecord, sender: Option<&SenderInfo>) -> MailClass {
        let (dkim, _) = store.record_auth(record);
        let mut own_signature = false;
        for auth in dkim {
            let key = (record.header_from, auth.domain);
            let same = match self.same_org.get(&key) {
                Some(&same) => same,
                None => {
                    let same = self.same_organisation(store.strings.get(key.0), store.strings.get(key.1));
                    self.same_org.insert(key, same);
                    same
                }
            };
            if same {
                own_signature = true;
                break;
            }
        }
        class_of(&ClassFacts {
            tagged: false,
            overrides: record.overrides,
            own_signature,
            evidence: sender.map(|s| s.evidence),
            sender_kind: sender.and_then(|s| s.kind.as_deref()),
        })
    }

    /// Whether two names belong to one organisation: the same organisational domain by the pack's
    /// suffix list, or (without a pack) one is the other or under it.
    fn same_organisation(&self, a: &str, b: &str) -> bool {
        if a.trim().is_empty() || b.trim().is_empty() {
            return false;
        }
        match self.senders {
            Some(pack) => matches!((pack.org_domain(a), pack.org_domain(b)), (Some(x), Some(y)) if x == y),
            None => same_or_under(a, b) || same_or_under(b, a),
        }
    }
}

/// Every admitted record's sender and class, as an analysis with the same store, assignment,
/// filters and pack names and sorts them: what the one-row-per-record export carries.
#[derive(Debug, Clone, Default)]
pub struct RecordSenders {
    /// The senders named, one per (source, tag) group that has one.
    senders: Vec<SenderInfo>,
    /// Per stored record: 1 + its sender's index in `senders` (0: none), and its class when it
    /// fails DMARC (`MailClass::ALL`'s index + 1; 0: it passes, or its report is not admitted).
    of_record: Vec<(u32, u8)>,
}

impl RecordSenders {
    /// The sender of stored record `record`'s source, if one is named.
    pub fn sender(&self, record: usize) -> Option<&SenderInfo> {
        let &(sender, _) = self.of_record.get(record)?;
        self.senders.get((sender as usize).checked_sub(1)?)
    }

    /// The class of stored record `record` when it fails DMARC.
    pub fn class(&self, record: usize) -> Option<MailClass> {
        let &(_, class) = self.of_record.get(record)?;
        MailClass::ALL.get(usize::from(class).checked_sub(1)?).copied()
    }
}

/// Whether a sender pack can change what [`super::analyze_with`] returns (`tagged_too`: or what
/// [`record_senders`] returns): the analysis names untagged sources only and sorts only their
/// failing mail with the pack's help, so without an admitted untagged record (any admitted
/// record, for the rows) it is the same with the pack as without, and the pack need not be read.
pub fn senders_needed(store: &Store, assignment: &Assignment, filters: &Filters, tagged_too: bool) -> bool {
    // Per report: admitted, once asked.
    let mut admitted: Vec<Option<bool>> = vec![None; store.reports.len()];
    assignment.by_source.iter().filter(|r| tagged_too || r.tag == 0).any(|r| {
        let Some(slot) = admitted.get_mut(r.report as usize) else { return false };
        *slot.get_or_insert_with(|| {
            store.reports.get(r.report as usize).is_some_and(|report| filters.admits(store, report))
        })
    })
}

/// Names the source of every record of `store` whose report `filters` admit, and sorts each
/// DMARC-failing one into its class, exactly as [`super::analyze_with`] does for the untagged
/// ones (`Suspect::sender`, `Suspect::classes`): per (source, tag), from the messages that
/// passed each check over the admitted records, in the same order. Tagged sources are named the
/// same way (the analysis names none of them) and their failing mail is yours.
pub fn record_senders(
    store: &Store,
    assignment: &Assignment,
    filters: &Filters,
    senders: Option<&Senders>,
) -> RecordSenders {
    let admitted: Vec<bool> = store.reports.iter().map(|r| filters.admits(store, r)).collect();
    let is_admitted = |report: u32| admitted.get(report as usize).copied().unwrap_or(false);
    let mut naming = Naming::new(store, senders);
    let mut out = RecordSenders { senders: Vec::new(), of_record: vec![(0, 0); store.records.len()] };
    let rows = &assignment.by_source;
    let mut i = 0;
    while let Some(first) = rows.get(i) {
        let (source, tag) = (first.source, first.tag);
        let end = i + rows.get(i..).unwrap_or(&[]).iter().take_while(|r| r.source == source && r.tag == tag).count();
        let group = rows.get(i..end).unwrap_or(&[]);
        i = end;
        let (mut dkim_passed, mut spf_passed) = (Weighted::default(), Weighted::default());
        for row in group.iter().filter(|r| is_admitted(r.report)) {
            if tag == 0 {
                // The analysis's own copy of the untagged records' checks.
                let start = row.auth_start as usize;
                let mid = start + usize::from(row.n_dkim);
                let end = mid + usize::from(row.n_spf);
                for &(domain, passed) in assignment.auth_by_source.get(start..mid).unwrap_or(&[]) {
                    if passed {
                        dkim_passed.add(domain, row.count);
                    }
                }
                for &(domain, passed) in assignment.auth_by_source.get(mid..end).unwrap_or(&[]) {
                    if passed {
                        spf_passed.add(domain, row.count);
                    }
                }
            } else if let Some(record) = store.records.get(row.record as usize) {
                let (dkim, spf) = store.record_auth(record);
                for auth in dkim.iter().filter(|a| a.result == AuthResult::Pass) {
                    dkim_passed.add(auth.domain, row.count);
                }
                for auth in spf.iter().filter(|a| a.result == AuthResult::Pass) {
                    spf_passed.add(auth.domain, row.count);
                }
            }
        }
        if !group.iter().any(|r| is_admitted(r.report)) {
            continue;
        }
        let sender =
            store.ips.get(source as usize).and_then(|&ip| naming.sender(store, ip, &dkim_passed.0, &spf_passed.0));
        let sender_ref = match &sender {
            Some(_) => u32::try_from(out.senders.len() + 1).unwrap_or(0),
            None => 0,
        };
        for row in group.iter().filter(|r| is_admitted(r.report)) {
            let class = match (row.pattern, store.records.get(row.record as usize)) {
                (0, _) | (_, None) => None,
                _ if tag != 0 => Some(MailClass::Yours),
                (_, Some(record)) => Some(naming.class(store, record, sender.as_ref())),
            };
            let class_ref = class.and_then(|c| MailClass::ALL.iter().position(|&k| k == c)).map_or(0, |p| p as u8 + 1);
            if let Some(slot) = out.of_record.get_mut(row.record as usize) {
                *slot = (sender_ref, class_ref);
            }
        }
        if let Some(sender) = sender {
            out.senders.push(sender);
        }
    }
    out
}

/// The senders table: `suspects` (most messages first) grouped by sender name, the sources
/// nothing names in one row of their own; most messages first, then by name.
pub fn senders_table(suspects: &[Suspect]) -> Vec<SenderRow> {
    let mut rows: Vec<SenderRow> = Vec::new();
    let mut index: HashMap<Option<&str>, usize> = HashMap::new();
    // Per row: (asn, messages) and (country, messages), summed, to rank them.
    type Weights = (Vec<(u32, u64)>, Vec<(String, u64)>);
    let mut weights: Vec<Weights> = Vec::new();
    for suspect in suspects {
        let name = suspect.sender.as_ref().map(|s| s.name.as_str());
        let at = *index.entry(name).or_insert_with(|| {
            rows.push(SenderRow { name: name.map(str::to_string), ..SenderRow::default() });
            weights.push((Vec::new(), Vec::new()));
            rows.len() - 1
        });
        let (Some(row), Some((asns, countries))) = (rows.get_mut(at), weights.get_mut(at)) else { continue };
        if let Some(sender) = &suspect.sender {
            if row.evidence.is_none_or(|e| sender.evidence < e) {
                row.evidence = Some(sender.evidence);
            }
            if row.kind.is_none() {
                row.kind.clone_from(&sender.kind);
            }
            if let Some(asn) = sender.asn {
                weigh(asns, asn, suspect.messages);
            }
            if let Some(country) = &sender.country {
                weigh(countries, country.clone(), suspect.messages);
            }
        }
        row.sources += 1;
        add_to(&mut row.messages, suspect.messages);
        add_to(&mut row.dmarc_pass, suspect.dmarc_pass);
        add_to(&mut row.dmarc_fail, suspect.dmarc_fail);
        for (sum, n) in row.patterns.iter_mut().zip(suspect.patterns) {
            add_to(sum, n);
        }
        row.classes.add_all(&suspect.classes);
        row.first_seen = min_opt(row.first_seen, suspect.first_seen);
        row.last_seen = max_opt(row.last_seen, suspect.last_seen);
        if row.source_ips.len() < SENDER_SOURCES {
            row.source_ips.push(suspect.source_ip.clone());
        }
    }
    for (row, (asns, countries)) in rows.iter_mut().zip(weights) {
        row.asns = ranked(asns);
        row.countries = ranked(countries);
    }
    rows.sort_by(|a, b| b.messages.cmp(&a.messages).then_with(|| a.name.cmp(&b.name)));
    rows
}

fn weigh<T: PartialEq>(list: &mut Vec<(T, u64)>, item: T, messages: u64) {
    match list.iter_mut().find(|(i, _)| *i == item) {
        Some(entry) => add_to(&mut entry.1, messages),
        None => list.push((item, messages)),
    }
}

/// Most messages first, then by value; at most 16.
fn ranked<T: Ord>(mut list: Vec<(T, u64)>) -> Vec<T> {
    list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    list.into_iter().take(16).map(|(item, _)| item).collect()
}
