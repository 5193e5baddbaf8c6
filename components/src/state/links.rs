//! Where an alert's subject is shown: the row of a table on its tab, by an id every table row
//! carries (`row_id`), and the long table to search when that row is not on the page shown.

use dmarc_lens::analyze::Subject;

use crate::i18n::Key;
use crate::protocol::LongTable;
use crate::state::tab::Tab;

/// The id of a table's row: `row-<table>-<key>`, the key's bytes other than ASCII letters and
/// digits written as `_xx`, so any address, tag or name gives a valid id and two keys never the
/// same one.
pub fn row_id(table: &str, key: &str) -> String {
    let mut id = format!("row-{table}-");
    for byte in key.bytes() {
        if byte.is_ascii_alphanumeric() {
            id.push(char::from(byte));
        } else {
            id.push_str(&format!("_{byte:02x}"));
        }
    }
    id
}

/// The id of a long table's section (`LongTable::view`): where a subject without a row goes.
pub fn table_id(table: &str) -> String {
    format!("table-{table}")
}

/// Where to go for a subject: the tab, the element to bring into view and focus, the long
/// table to search for the subject when its row is not among those shown, and the words of the
/// link ("See in Possible spoofing").
#[derive(Debug, Clone, PartialEq)]
pub struct RowLink {
    pub tab: Tab,
    pub id: String,
    pub search: Option<(LongTable, String)>,
    pub place: Key,
}

impl RowLink {
    pub fn of(subject: &Subject) -> RowLink {
        let link = |tab, id, search, place| RowLink { tab, id, search, place };
        match subject {
            Subject::Source(ip) => {
                link(Tab::Spoofing, row_id("suspects", ip), Some((LongTable::Suspects, ip.clone())), Key::TabSpoofing)
            }
            Subject::Sources => link(Tab::Spoofing, table_id("suspects"), None, Key::TabSpoofing),
            Subject::Tag(tag) => link(Tab::Tags, row_id("tags", tag), None, Key::TabTags),
            Subject::Pattern(n) => link(Tab::Patterns, row_id("patterns", &n.to_string()), None, Key::TabPatterns),
            Subject::Reporter(name) => link(
                Tab::Overview,
                row_id("reporters", name),
                // A reporter without a name cannot be searched for; its row is found by its id.
                (!name.is_empty()).then(|| (LongTable::Reporters, name.clone())),
                Key::Reporters,
            ),
            Subject::Domain(domain) => {
                link(Tab::Overview, row_id("domains", domain), Some((LongTable::Domains, domain.clone())), Key::Domains)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_ids_are_valid_and_distinct() {
        assert_eq!(row_id("suspects", "203.0.113.5"), "row-suspects-203_2e0_2e113_2e5");
        assert_eq!(row_id("reporters", ""), "row-reporters-");
        assert_eq!(row_id("tags", "a b"), "row-tags-a_20b");
        assert_ne!(row_id("tags", "a_20b"), row_id("tags", "a b"));
        assert_eq!(row_id("tags", "日"), "row-tags-_e6_97_a5");
    }

    #[test]
    fn subjects_lead_to_their_rows() {
        let source = RowLink::of(&Subject::Source("192.0.2.1".to_string()));
        assert_eq!(source.tab, Tab::Spoofing);
        assert_eq!(source.id, "row-suspects-192_2e0_2e2_2e1");
        assert_eq!(source.search, Some((LongTable::Suspects, "192.0.2.1".to_string())));
        assert_eq!(RowLink::of(&Subject::Pattern(4)).id, "row-patterns-4");
        assert_eq!(RowLink::of(&Subject::Sources).id, "table-suspects");
        assert_eq!(RowLink::of(&Subject::Reporter(String::new())).search, None);
    }
}
