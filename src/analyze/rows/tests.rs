//! Pages of long tables against hand-worked expectations.

use super::*;

fn suspect(ip: &str, messages: u64, fail: u64, from: &str, hint: Option<&str>) -> Suspect {
    Suspect {
        source_ip: ip.to_string(),
        messages,
        dmarc_pass: messages - fail,
        dmarc_fail: fail,
        patterns: [0, 0, 0, fail],
        header_from: vec![from.to_string()],
        reporters: vec!["google.com".to_string()],
        sender_hint: hint.map(str::to_string),
        ..Suspect::default()
    }
}

/// Six sources in the analysis's order (most messages first, then address as text).
fn suspects() -> Vec<Suspect> {
    vec![
        suspect("203.0.113.9", 50, 50, "example.com", Some("Mailgun")),
        suspect("192.0.2.10", 20, 5, "Example.COM", None),
        suspect("192.0.2.9", 20, 20, "shop.example", None),
        suspect("2001:db8::1", 7, 7, "example.com", Some("Google")),
        suspect("192.0.2.100", 3, 0, "other.test", None),
        suspect("198.51.100.1", 1, 1, "example.com", None),
    ]
}

fn query(
    sort: Option<(SuspectColumn, Direction)>,
    search: &str,
    offset: usize,
    limit: usize,
) -> RowQuery<SuspectColumn> {
    RowQuery {
        sort: sort.map(|(column, direction)| Sort { column, direction }),
        search: search.to_string(),
        offset,
        limit,
    }
}

/// The page's addresses, its offset and how many rows match.
fn check(q: RowQuery<SuspectColumn>, ips: &[&str], offset: usize, matching: usize) {
    let got = page(&suspects(), &q);
    let got_ips: Vec<&str> = got.rows.iter().map(|s| s.source_ip.as_str()).collect();
    assert_eq!((got_ips.as_slice(), got.offset, got.matching), (ips, offset, matching), "{q:?}");
}

use Direction::{Ascending as Asc, Descending as Desc};
use SuspectColumn as C;

#[test]
fn no_sort_keeps_the_analysis_order() {
    check(query(None, "", 0, 3), &["203.0.113.9", "192.0.2.10", "192.0.2.9"], 0, 6);
    check(query(None, "", 3, 3), &["2001:db8::1", "192.0.2.100", "198.51.100.1"], 3, 6);
}

#[test]
fn figures_sort_both_ways_with_ties_by_address() {
    // 192.0.2.9 and 192.0.2.10 both have 20 messages: address order (9 before 10) either way.
    check(
        query(Some((C::Messages, Desc)), "", 0, 6),
        &["203.0.113.9", "192.0.2.9", "192.0.2.10", "2001:db8::1", "192.0.2.100", "198.51.100.1"],
        0,
        6,
    );
    check(
        query(Some((C::Messages, Asc)), "", 0, 6),
        &["198.51.100.1", "192.0.2.100", "2001:db8::1", "192.0.2.9", "192.0.2.10", "203.0.113.9"],
        0,
        6,
    );
    check(query(Some((C::DmarcFail, Desc)), "", 0, 2), &["203.0.113.9", "192.0.2.9"], 0, 6);
    check(query(Some((C::DmarcPass, Desc)), "", 0, 2), &["192.0.2.10", "192.0.2.100"], 0, 6);
    check(query(Some((C::Pattern4, Asc)), "", 0, 2), &["192.0.2.100", "198.51.100.1"], 0, 6);
}

#[test]
fn addresses_sort_as_addresses_not_text() {
    check(
        query(Some((C::SourceIp, Asc)), "", 0, 6),
        &["192.0.2.9", "192.0.2.10", "192.0.2.100", "198.51.100.1", "203.0.113.9", "2001:db8::1"],
        0,
        6,
    );
    check(query(Some((C::SourceIp, Desc)), "", 0, 2), &["2001:db8::1", "203.0.113.9"], 0, 6);
}

#[test]
fn text_sorts_ignore_case_and_hints_come_first() {
    check(query(Some((C::SenderHint, Asc)), "", 0, 3), &["2001:db8::1", "203.0.113.9", "192.0.2.9"], 0, 6);
    check(query(Some((C::SenderHint, Desc)), "", 0, 3), &["203.0.113.9", "2001:db8::1", "192.0.2.9"], 0, 6);
    // Rows without a hint come last either way, in address order.
    check(
        query(Some((C::SenderHint, Desc)), "", 2, 4),
        &["192.0.2.9", "192.0.2.10", "192.0.2.100", "198.51.100.1"],
        2,
        6,
    );
    // "Example.COM" sorts with "example.com", before it (capitals first); the three
    // "example.com" sources then go in address order.
    check(
        query(Some((C::HeaderFrom, Asc)), "", 0, 4),
        &["192.0.2.10", "198.51.100.1", "203.0.113.9", "2001:db8::1"],
        0,
        6,
    );
}

#[test]
fn search_ignores_case_and_finds_an_address_prefix() {
    check(query(None, "192.0.2.", 0, 10), &["192.0.2.10", "192.0.2.9", "192.0.2.100"], 0, 3);
    check(query(None, "  EXAMPLE.com ", 0, 10), &["203.0.113.9", "192.0.2.10", "2001:db8::1", "198.51.100.1"], 0, 4);
    check(query(None, "mailgun", 0, 10), &["203.0.113.9"], 0, 1);
    check(query(None, "2001:DB8", 0, 10), &["2001:db8::1"], 0, 1);
    check(query(None, "nothing-like-this", 0, 10), &[], 0, 0);
    // Search and sort together.
    check(query(Some((C::Messages, Asc)), "192.0.2.", 0, 2), &["192.0.2.100", "192.0.2.9"], 0, 3);
}

#[test]
fn an_offset_past_the_end_gives_the_last_page() {
    check(query(None, "", 4, 2), &["192.0.2.100", "198.51.100.1"], 4, 6);
    check(query(None, "", 6, 4), &["192.0.2.100", "198.51.100.1"], 4, 6);
    check(query(None, "192.0.2.", 100, 2), &["192.0.2.100"], 2, 3);
    // A page size of nothing still shows a row; one larger than the cap is cut to the cap.
    check(query(None, "", 0, 0), &["203.0.113.9"], 0, 6);
}

#[test]
fn non_ascii_search_is_folded() {
    let rows = vec![ReporterRow { org_name: "Ünïcode Mail".to_string(), ..ReporterRow::default() }];
    let q = RowQuery { search: "ünï".to_string(), ..RowQuery::<ReporterColumn>::default() };
    assert_eq!(page(&rows, &q).matching, 1);
    let q = RowQuery { search: "ÜNÏ".to_string(), ..RowQuery::<ReporterColumn>::default() };
    assert_eq!(page(&rows, &q).matching, 1);
}

#[test]
fn domains_sort_by_pass_rate_exactly() {
    let domain = |name: &str, messages: u64, pass: u64| DomainRow {
        domain: name.to_string(),
        messages,
        dmarc_pass: pass,
        ..DomainRow::default()
    };
    // 2/3 and 666/1000 differ by less than a float's rounding would keep apart in a percent.
    let rows =
        vec![domain("a.test", 3, 2), domain("b.test", 1000, 666), domain("c.test", 0, 0), domain("d.test", 10, 10)];
    let q = RowQuery { sort: Some(Sort { column: DomainColumn::PassRate, direction: Desc }), ..RowQuery::default() };
    let names: Vec<String> = page(&rows, &q).rows.into_iter().map(|d| d.domain).collect();
    assert_eq!(names, ["d.test", "a.test", "b.test", "c.test"]);
}

#[test]
fn header_clicks_turn_the_sort_and_go_back_to_the_first_page() {
    let q = RowQuery::<SuspectColumn> { offset: 200, ..RowQuery::default() };
    let by_messages = q.sorted_by(C::Messages);
    assert_eq!((by_messages.sort, by_messages.offset), (Some(Sort { column: C::Messages, direction: Desc }), 0));
    assert_eq!(by_messages.sorted_by(C::Messages).sort, Some(Sort { column: C::Messages, direction: Asc }));
    assert_eq!(by_messages.sorted_by(C::SourceIp).sort, Some(Sort { column: C::SourceIp, direction: Asc }));
    assert_eq!(by_messages.direction_of(C::Messages), Some(Desc));
    assert_eq!(by_messages.direction_of(C::SourceIp), None);
    assert!(RowQuery::<SuspectColumn>::default().is_first_page());
    assert!(!by_messages.is_first_page());
    assert_eq!(q.moved(-1).offset, 100);
    assert_eq!(q.moved(-5).offset, 0);
    assert_eq!(q.moved(1).offset, 300);
    // Spaces alone search nothing.
    assert!(q.searching(" ").is_first_page());
    assert!(!q.searching("x").is_first_page());
}

#[test]
fn the_top_pattern_is_the_one_with_most_failures() {
    assert_eq!(top_pattern(&[0, 0, 0, 0]), None);
    assert_eq!(top_pattern(&[5, 0, 9, 1]), Some((3, 9)));
    assert_eq!(top_pattern(&[4, 0, 0, 4]), Some((4, 4)));
}

#[test]
fn column_names_are_distinct_per_table() {
    fn distinct<C: Column>(all: &[C]) {
        let mut names: Vec<&str> = all.iter().map(|c| c.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all.len());
    }
    distinct(SuspectColumn::ALL);
    distinct(ReporterColumn::ALL);
    distinct(DomainColumn::ALL);
    distinct(SourceColumn::ALL);
}
