//! Coverage-guided fuzzing of everything a dropped file goes through: decode, parse and store
//! (`load_file`), then the analyses, the JSON export and every CSV table.
//!
//! The invariant is the engine's own: no input makes it panic, overflow, or run out of time or
//! memory. The decompression limit is 16 MiB (not the default 256 MiB) so a bomb is refused
//! in milliseconds and the fuzzer spends its time on parsing, not on inflating zeros.

#![no_main]

use dmarc_lens::analyze::{analyze, assign, AlertRules, Filters};
use dmarc_lens::export::{self, Export, FilterEcho, Table};
use dmarc_lens::tags::{parse_net, TagRule, TagSet};
use dmarc_lens::{load_file, Limits, Store};
use libfuzzer_sys::fuzz_target;

const TABLES: [Table; 6] =
    [Table::Patterns, Table::Tags, Table::SpoofSuspects, Table::Days, Table::Reporters, Table::Domains];

/// One known-sender rule per family, so both the tagged and the untagged paths are reached.
fn tags() -> TagSet {
    let rule = |net: &str, tag: &str| TagRule {
        net: parse_net(net).expect("a literal network"),
        tag: tag.to_string(),
        comment: String::new(),
        domain: String::new(),
    };
    TagSet::new(vec![rule("192.0.2.0/24", "relay"), rule("2001:db8::/32", "esp")])
}

fuzz_target!(|data: &[u8]| {
    let limits = Limits { max_decompressed_bytes: 16 << 20, ..Limits::default() };
    let mut store = Store::new();
    let result = load_file(&mut store, "fuzz.xml", data, &limits);

    let filters = Filters::default();
    let rules = AlertRules::default();
    let assignment = assign(&store, &tags());
    let analysis = analyze(&store, &assignment, &filters, &rules);
    let json = export::to_json(
        &Export {
            schema: export::SCHEMA,
            filters: FilterEcho::from(&filters),
            tag_rules: 2,
            tag_errors: &[],
            files: std::slice::from_ref(&result),
            analysis: &analysis,
        },
        false,
    );
    assert!(json.starts_with('{'), "the export is a JSON object");
    for table in TABLES {
        for ja in [false, true] {
            let csv = export::table_csv(&analysis, table, ja);
            assert!(csv.starts_with('\u{feff}'), "{table:?} starts with a byte order mark");
        }
    }
});
