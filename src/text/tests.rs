//! The table checked: both languages, the same placeholders, every key used.

use super::*;

/// The placeholders of a template, sorted: `{1} of {0}` has [0, 1].
fn placeholders(template: &str) -> Vec<usize> {
    let mut found: Vec<usize> =
        template.split('{').skip(1).filter_map(|part| part.split_once('}').and_then(|(n, _)| n.parse().ok())).collect();
    found.sort_unstable();
    found.dedup();
    found
}

/// Words Japanese text writes in Latin letters: protocol, format and product names, DNS record
/// types and the policy values a record holds.
const KEPT_IN_JAPANESE: &[&str] = &[
    // The sender data's sources and licences, named as they name themselves.
    "IPinfo",
    "ipinfo",
    "parsedmarc",
    "Sean",
    "Whalen",
    "Public",
    "Suffix",
    "List",
    "Mozilla",
    "Foundation",
    "MPL",
    "DMARC",
    "Lens",
    "SPF",
    "DKIM",
    "CSV",
    "JSON",
    "XML",
    "CIDR",
    "UTC",
    "IPv",
    "CRM",
    "CNAME",
    // DMARC record tags, receivers and protocols the policy tab names.
    "pct",
    "Gmail",
    "PTR",
    "ARC",
    "TXT",
    "Return",
    "Path",
    "include",
    "none",
    "quarantine",
    "reject",
    "xml",
    "zip",
    "gzip",
    "zlib",
    "eml",
    "mbox",
    "CLI",
    "rules",
    "WebCrypto",
    "https",
    "localhost",
    "DNS",
    "UTF",
    "windows",
    "ISO",
    "ASCII",
    "feedback",
    "date_range",
    "data_range",
    "DOCTYPE",
    // The header a DMARC domain is taken from.
    "From",
    // File formats, units and products a file may be instead of a report.
    "MiB",
    "HTML",
    "PDF",
    "PNG",
    "JPEG",
    "GIF",
    "RAR",
    "Zip",
    "bzip",
    "zstd",
    "Microsoft",
    "Office",
    "Windows",
    "SMTP",
    "TLS",
    "ARF",
    // The columns of the tags CSV, named as its header names them.
    "cidr",
    "tag",
    "comment",
    "domain",
    // The language switch names the other language in its own words.
    "English",
];

/// The runs of three or more ASCII letters (with `_`) in `text`, placeholders left out.
fn ascii_words(text: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        let letter = c.is_ascii_alphabetic() || (c == '_' && start.is_some());
        match (letter, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                if i - s >= 3 {
                    words.push(&text[s..i]);
                }
                start = None;
            }
            _ => {}
        }
    }
    words
}

/// `text` without its XML element names (`<report_metadata>`), which are names, not English.
fn without_elements(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        match rest[open..].find('>') {
            Some(close) => rest = &rest[open + close + 1..],
            None => {
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every `Key::Name` written in the sources of `dir`, the table itself left out.
fn keys_named_in(dir: &std::path::Path, found: &mut std::collections::HashSet<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            keys_named_in(&path, found);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs")
            || path.ends_with("text/table.rs")
            || path.ends_with("text/tests.rs")
        {
            continue;
        }
        let Ok(source) = std::fs::read_to_string(&path) else { continue };
        for (at, _) in source.match_indices("Key::") {
            let name: String =
                source[at + 5..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            found.insert(name);
        }
    }
}

#[test]
fn every_key_is_used() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = std::collections::HashSet::new();
    keys_named_in(&root.join("src"), &mut found);
    keys_named_in(&root.join("components/src"), &mut found);
    let unused: Vec<&str> = Key::ALL.iter().map(|k| k.name()).filter(|name| !found.contains(*name)).collect();
    assert!(unused.is_empty(), "keys no code names (use them or take them out of the table): {unused:?}");
}

#[test]
fn every_key_has_both_languages_and_the_same_placeholders() {
    let mut english = Vec::new();
    for &key in Key::ALL {
        let (en, ja) = (tr(Lang::En, key), tr(Lang::Ja, key));
        assert!(!en.trim().is_empty(), "{key:?} lacks English");
        assert!(!ja.trim().is_empty(), "{key:?} lacks Japanese");
        assert_eq!(placeholders(en), placeholders(ja), "{key:?}: the languages fill different places");
        // Japanese text is Japanese: every run of three or more ASCII letters is a name that
        // stays as it is (DMARC, SPF, a DNS record type, a policy value).
        english.extend(ascii_words(ja).into_iter().filter(|w| !KEPT_IN_JAPANESE.contains(w)).map(|w| (key, w)));
    }
    assert!(english.is_empty(), "English in the Japanese texts: {english:?}");
}

#[test]
fn fill_puts_each_argument_in_its_place() {
    assert_eq!(fill(Lang::En, Key::AlertPatternVolume, &["4", "1,234"]), "Failure pattern 4 counts 1,234 messages.");
    assert_eq!(fill(Lang::Ja, Key::AlertPatternVolume, &["4", "1,234"]), "エラーパターン4が1,234通あります。");
    // Arguments out of order, and one missing, stay in bounds.
    assert_eq!(
        fill(Lang::En, Key::AlertUntaggedSourcesMore, &["3", "900"]),
        "3 more unregistered sources sent more than  messages each (900 in all): see Possible spoofing."
    );
}

#[test]
fn outside_values_are_quoted_in_each_language_with_controls_escaped() {
    assert_eq!(quoted(Lang::En, "a\tb\"c"), "\"a\\tb\\\"c\"");
    assert_eq!(quoted(Lang::Ja, "a\tb"), "「a\\tb」");
}

#[test]
fn languages_read_their_codes() {
    assert_eq!(Lang::from_code("ja-JP"), Some(Lang::Ja));
    assert_eq!(Lang::from_code("en-GB"), Some(Lang::En));
    assert_eq!(Lang::from_code("de"), None);
    assert_eq!(Lang::Ja.other().code(), "en");
}

/// The Japanese sentences of every way a file can fail or be repaired: no English in them but
/// names (the file itself is named `f.xml`).
#[test]
fn file_sentences_are_japanese_in_japanese() {
    use crate::ledger::load_file;
    use crate::{Limits, Store};
    let report = |records: &str| {
        format!(
            "<feedback><report_metadata><org_name>o</org_name><report_id>r</report_id></report_metadata>\
             <policy_published><domain>d.example</domain></policy_published>{records}</feedback>"
        )
    };
    let record = |ip: &str, count: &str| {
        format!("<record><row><source_ip>{ip}</source_ip><count>{count}</count></row></record>")
    };
    let inputs: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"plain words".to_vec(),
        b"%PDF-1.7".to_vec(),
        b"<html><body/></html>".to_vec(),
        b"<feedback><report_metadata>".to_vec(),
        b"<!DOCTYPE x><feedback/>".to_vec(),
        b"<feedback><a></b></feedback>".to_vec(),
        b"<feedback><report_metadata></report_metadata></feedback>".to_vec(),
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage".to_vec(),
        b"PK\x03\x04broken".to_vec(),
        report(
            &[record("999.1.1.1", "1"), record("", "1"), record("192.0.2.1", "x"), record("192.0.2.1", "99999999999")]
                .concat(),
        )
        .into_bytes(),
        report("")
            .replace("</report_id>", "</report_id><data_range><begin>99999999999999</begin><end>1</end></data_range>")
            .into_bytes(),
    ];
    let mut store = Store::default();
    let mut english = Vec::new();
    let mut said = 0;
    for bytes in &inputs {
        let result = load_file(&mut store, "f.xml", bytes, &Limits::default());
        for note in result.error_note.iter().chain(&result.notes) {
            let ja = note.words(Lang::Ja, Numbers::Grouped);
            said += 1;
            let names_out = without_elements(&ja.replace("f.xml", ""));
            let words = ascii_words(&names_out).into_iter().filter(|w| !KEPT_IN_JAPANESE.contains(w));
            english.extend(words.map(|w| (w.to_string(), ja.clone())));
        }
        // The CLI's JSON carries the English of the same notes.
        let notes: Vec<String> = result.notes.iter().map(|n| n.words(Lang::En, Numbers::Plain)).collect();
        assert_eq!(result.warnings, notes);
        assert_eq!(result.error, result.error_note.map(|n| n.words(Lang::En, Numbers::Plain)));
    }
    assert!(said > inputs.len() + 2, "every input says something, some several: {said}");
    assert!(english.is_empty(), "English in the Japanese file sentences: {english:?}");
}
