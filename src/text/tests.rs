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
fn languages_read_their_codes() {
    assert_eq!(Lang::from_code("ja-JP"), Some(Lang::Ja));
    assert_eq!(Lang::from_code("en-GB"), Some(Lang::En));
    assert_eq!(Lang::from_code("de"), None);
    assert_eq!(Lang::Ja.other().code(), "en");
}
