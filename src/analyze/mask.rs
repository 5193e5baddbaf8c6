//! Masking source addresses for an analysis that leaves the machine (a share link): every IPv4
//! address becomes its /24 and every IPv6 address its /48, and rows that then name the same
//! network become one row, so no table tells the addresses apart again.

use std::collections::HashMap;
use std::net::IpAddr;

use ipnet::{IpNet, Ipv4Net, Ipv6Net};

use super::{alerts, senders_table, AlertRules, Analysis, SourceRow, Suspect};

/// Prefix lengths addresses are cut to.
pub const MASK_V4: u8 = 24;
pub const MASK_V6: u8 = 48;

/// The network an address is shown as once masked; text that is no address is kept as it is.
pub fn mask_ip(text: &str) -> String {
    let net = match text.parse::<IpAddr>() {
        Ok(IpAddr::V4(v4)) => Ipv4Net::new(v4, MASK_V4).map(|n| IpNet::V4(n.trunc())),
        Ok(IpAddr::V6(v6)) => Ipv6Net::new(v6, MASK_V6).map(|n| IpNet::V6(n.trunc())),
        Err(_) => return text.to_string(),
    };
    net.map_or_else(|_| text.to_string(), |n| n.to_string())
}

/// Masks every source address in `analysis` and merges the rows of one network; alerts are
/// evaluated again over the merged rows (they name sources too).
pub fn mask_sources(analysis: &mut Analysis, rules: &AlertRules) {
    analysis.spoof_suspects = merge(std::mem::take(&mut analysis.spoof_suspects), |s| &mut s.source_ip, merge_suspect);
    analysis.spoof_suspects.sort_by(|a, b| b.messages.cmp(&a.messages).then_with(|| a.source_ip.cmp(&b.source_ip)));
    for tag in &mut analysis.tags {
        tag.sources = merge(std::mem::take(&mut tag.sources), |s| &mut s.source_ip, merge_source);
        tag.sources.sort_by(|a, b| b.messages.cmp(&a.messages).then_with(|| a.source_ip.cmp(&b.source_ip)));
    }
    analysis.senders = senders_table(&analysis.spoof_suspects);
    let history = &mut analysis.history;
    for row in history.top_sources.iter_mut().chain(&mut history.new_sources).chain(&mut history.gone_sources) {
        row.source_ip = mask_ip(&row.source_ip);
    }
    for note in &mut analysis.receivers {
        for ip in &mut note.source_ips {
            *ip = mask_ip(ip);
        }
        note.source_ips.dedup();
    }
    analysis.alerts = alerts::evaluate(analysis, rules);
}

/// Rewrites each row's address to its network and folds rows of one network into the first of
/// them (rows come most messages first, so the first is the biggest).
fn merge<T>(rows: Vec<T>, ip: impl Fn(&mut T) -> &mut String, fold: impl Fn(&mut T, T)) -> Vec<T> {
    let mut out: Vec<T> = Vec::with_capacity(rows.len());
    let mut index: HashMap<String, usize> = HashMap::with_capacity(rows.len());
    for mut row in rows {
        let net = mask_ip(ip(&mut row));
        match index.get(&net) {
            Some(&i) => fold(&mut out[i], row),
            None => {
                *ip(&mut row) = net.clone();
                index.insert(net, out.len());
                out.push(row);
            }
        }
    }
    out
}

fn add_patterns(into: &mut [u64; 4], from: &[u64; 4]) {
    for (a, b) in into.iter_mut().zip(from) {
        *a = a.saturating_add(*b);
    }
}

fn merge_source(into: &mut SourceRow, row: SourceRow) {
    into.messages = into.messages.saturating_add(row.messages);
    into.dmarc_pass = into.dmarc_pass.saturating_add(row.dmarc_pass);
    into.dmarc_fail = into.dmarc_fail.saturating_add(row.dmarc_fail);
    add_patterns(&mut into.patterns, &row.patterns);
}

/// Lists keep the bigger row's order, then what only the other row had.
fn union(into: &mut Vec<String>, from: Vec<String>) {
    for item in from {
        if !into.contains(&item) {
            into.push(item);
        }
    }
}

fn merge_suspect(into: &mut Suspect, row: Suspect) {
    into.messages = into.messages.saturating_add(row.messages);
    into.dmarc_pass = into.dmarc_pass.saturating_add(row.dmarc_pass);
    into.dmarc_fail = into.dmarc_fail.saturating_add(row.dmarc_fail);
    add_patterns(&mut into.patterns, &row.patterns);
    union(&mut into.header_from, row.header_from);
    union(&mut into.reporters, row.reporters);
    union(&mut into.policy_domains, row.policy_domains);
    union(&mut into.dkim_domains, row.dkim_domains);
    union(&mut into.spf_domains, row.spf_domains);
    into.first_seen = match (into.first_seen, row.first_seen) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    into.last_seen = into.last_seen.max(row.last_seen);
    if into.sender_hint.is_none() {
        into.sender_hint = row.sender_hint;
    }
    into.classes.add_all(&row.classes);
    if into.sender.is_none() {
        into.sender = row.sender;
    }
}
