//! What receivers said: the `policy_evaluated/reason` types and comments of the admitted
//! records, grouped and counted, with the comment formats we know read into codes (Gmail's
//! "Sender requirement failed: 550-5.7.26 ..." since 2024, Microsoft's 5.7.5xx authentication
//! results, `arc=pass` from any receiver). Codes, not prose: the words are the app's.

use std::collections::HashMap;
use std::net::IpAddr;

use rustc_hash::FxBuildHasher as FxBuild;

use super::{add_to, ReceiverCode, ReceiverNote, MAX_NOTES, NOTE_SOURCES};
use crate::model::OverrideType;
use crate::store::{Store, Sym, TOMBSTONE};

#[derive(Default)]
struct NoteAcc {
    messages: u64,
    records: u64,
    /// (source, messages), one entry per reason; summed per source at the end.
    sources: Vec<(u32, u64)>,
    reporters: Vec<Sym>,
}

/// The receivers' reasons over the reports `admitted` lets in, most messages first.
pub(super) fn receiver_notes(store: &Store, admitted: &[bool]) -> Vec<ReceiverNote> {
    let mut groups: HashMap<(OverrideType, Sym), NoteAcc, FxBuild> = HashMap::default();
    for reason in &store.reasons {
        let Some(record) = store.records.get(reason.record as usize) else { continue };
        if record.report == TOMBSTONE || !admitted.get(record.report as usize).copied().unwrap_or(false) {
            continue;
        }
        let acc = groups.entry((reason.kind, reason.comment)).or_default();
        add_to(&mut acc.messages, record.count);
        acc.records += 1;
        acc.sources.push((record.source, record.count));
        if let Some(report) = store.reports.get(record.report as usize) {
            if !acc.reporters.contains(&report.reporter) && acc.reporters.len() < 16 {
                acc.reporters.push(report.reporter);
            }
        }
    }
    let mut notes: Vec<ReceiverNote> = groups
        .into_iter()
        .map(|((kind, comment), mut acc)| {
            acc.sources.sort_unstable_by_key(|&(s, _)| s);
            let mut per_source: Vec<(u32, u64)> = Vec::new();
            for (source, count) in acc.sources {
                match per_source.last_mut() {
                    Some((s, n)) if *s == source => add_to(n, count),
                    _ => per_source.push((source, count)),
                }
            }
            per_source.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let comment = store.strings.get(comment).to_string();
            let mut reporters: Vec<String> = acc.reporters.iter().map(|&r| store.strings.get(r).to_string()).collect();
            reporters.sort();
            ReceiverNote {
                reason_type: kind.as_str().to_string(),
                decoded: decode_comment(&comment),
                comment,
                messages: acc.messages,
                records: acc.records,
                sources: per_source.len() as u64,
                source_ips: per_source
                    .iter()
                    .take(NOTE_SOURCES)
                    .filter_map(|&(s, _)| store.ips.get(s as usize).map(IpAddr::to_string))
                    .collect(),
                reporters,
            }
        })
        .collect();
    notes.sort_by(|a, b| {
        b.messages
            .cmp(&a.messages)
            .then_with(|| a.reason_type.cmp(&b.reason_type))
            .then_with(|| a.comment.cmp(&b.comment))
    });
    notes.truncate(MAX_NOTES);
    notes
}

/// The first enhanced status code in `text` (`5.7.26`): class 2, 4 or 5, then two numbers of
/// one to three digits.
fn status_code(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    for (start, &first) in bytes.iter().enumerate() {
        // A digit or a dot before it: part of an address or a longer number.
        let inside = start > 0 && bytes.get(start - 1).is_some_and(|b| b.is_ascii_digit() || *b == b'.');
        if !matches!(first, b'2' | b'4' | b'5') || inside {
            continue;
        }
        let mut i = start + 1;
        let mut ok = true;
        for _ in 0..2 {
            if bytes.get(i) != Some(&b'.') {
                ok = false;
                break;
            }
            i += 1;
            let digits = bytes.get(i..).unwrap_or(&[]).iter().take_while(|b| b.is_ascii_digit()).count();
            if !(1..=3).contains(&digits) {
                ok = false;
                break;
            }
            i += digits;
        }
        if ok && !bytes.get(i).is_some_and(|b| b.is_ascii_digit() || *b == b'.') {
            return text.get(start..i);
        }
    }
    None
}

/// Gmail's sender requirements, by the enhanced status code its comment gives
/// (support.google.com/mail/answer/81126 and its SMTP error list).
fn gmail_meaning(status: &str) -> &'static str {
    match status.split_once('.').map_or("", |(_, rest)| rest) {
        "7.25" => "no_ptr",
        "7.26" => "unauthenticated",
        "7.27" => "spf_failed",
        "7.28" => "unsolicited_rate",
        "7.29" => "no_tls",
        "7.30" => "dkim_failed",
        "7.32" => "from_not_aligned",
        _ => "other",
    }
}

/// Microsoft's (Outlook.com, Exchange Online) authentication results.
fn microsoft_meaning(status: &str) -> Option<&'static str> {
    match status.split_once('.').map_or("", |(_, rest)| rest) {
        "7.509" => Some("dmarc_reject"),
        "7.515" => Some("authentication_level"),
        "7.23" => Some("spf_failed"),
        _ => None,
    }
}

/// A receiver comment read, when its format is known.
pub fn decode_comment(comment: &str) -> Option<ReceiverCode> {
    let lower = comment.to_ascii_lowercase();
    let status = status_code(comment);
    let code = |format: &str, meaning: &str| ReceiverCode {
        format: format.to_string(),
        status: status.map(str::to_string),
        meaning: meaning.to_string(),
    };
    if lower.contains("sender requirement") {
        return Some(code("gmail", status.map_or("other", gmail_meaning)));
    }
    if let Some(meaning) = status.and_then(microsoft_meaning) {
        return Some(code("microsoft", meaning));
    }
    if lower.contains("access denied") || lower.contains("outlook.com") || lower.contains("microsoft") {
        return Some(code("microsoft", "other"));
    }
    let arc = lower.split(|c: char| c.is_whitespace() || c == ';').find_map(|part| part.strip_prefix("arc="));
    match arc {
        Some("pass") => Some(code("arc", "arc_pass")),
        Some(_) => Some(code("arc", "arc_fail")),
        None => None,
    }
}
