//! Long tables a person works through: rows sorted by a column, searched, and cut to one page.
//!
//! The possible-spoofing sources, the reporters, the domains and a tag's sources can each run to
//! thousands of rows. [`page`] takes a table's rows in the analysis's order and a [`RowQuery`]
//! (sort column and direction, search text, offset, page size) and returns the page of rows with
//! the number of rows that match, so a screen can say "1–100 of 2,347" and reach every one of
//! them by paging. The worker runs it over whole tables, a shared link's page over what the link
//! carries; both get the same rows for the same query.
//!
//! - Sorting is stable and ties fall back to the row's key (IP, reporter, domain) in ascending
//!   order, so pages do not shuffle between requests. Without a sort column the rows keep the
//!   analysis's order (most messages first).
//! - Search is case-insensitive and matches anywhere in the text columns a screen shows (an IP
//!   prefix such as `192.0.2.` finds that network's sources); leading and trailing spaces are
//!   ignored. Columns the screen never gets (a source's DKIM and SPF domains) are not searched,
//!   so a table searched on the page and one searched in the worker agree.
//! - Columns are an enum per table ([`SuspectColumn`], [`ReporterColumn`], [`DomainColumn`],
//!   [`SourceColumn`]), never names matched as text.
//!
//! One file for the four tables: each table's column enum, its key and its search are a few
//! lines beside the shared paging, which is the point of putting them together.

use std::cmp::Ordering;
use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use super::{DomainRow, MailClass, ReporterRow, SourceRow, Suspect};

/// Rows a page may hold at most, whatever the query asks: a page is drawn at once.
pub const MAX_PAGE_ROWS: usize = 500;

/// Rows a screen shows per page.
pub const PAGE_ROWS: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Ascending,
    Descending,
}

impl Direction {
    pub fn reversed(self) -> Direction {
        match self {
            Direction::Ascending => Direction::Descending,
            Direction::Descending => Direction::Ascending,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sort<C> {
    pub column: C,
    pub direction: Direction,
}

/// What a person asked of a long table: its order, a search, and where the page starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowQuery<C> {
    /// `None`: the analysis's order.
    pub sort: Option<Sort<C>>,
    pub search: String,
    pub offset: usize,
    pub limit: usize,
}

impl<C> Default for RowQuery<C> {
    fn default() -> Self {
        RowQuery { sort: None, search: String::new(), offset: 0, limit: PAGE_ROWS }
    }
}

impl<C: Column> RowQuery<C> {
    /// The first page in the analysis's order, unsearched: what the analysis itself carries.
    pub fn is_first_page(&self) -> bool {
        self.sort.is_none() && self.search.trim().is_empty() && self.offset == 0
    }

    /// The query after a click on `column`'s header: that column in its first direction, or the
    /// other direction when it is the column sorted already; back to the first page.
    pub fn sorted_by(&self, column: C) -> RowQuery<C> {
        let direction = match self.sort {
            Some(sort) if sort.column == column => sort.direction.reversed(),
            _ => column.first_direction(),
        };
        RowQuery { sort: Some(Sort { column, direction }), offset: 0, ..self.clone() }
    }

    /// The query with a new search text, back to the first page.
    pub fn searching(&self, search: &str) -> RowQuery<C> {
        RowQuery { search: search.to_string(), offset: 0, ..self.clone() }
    }

    /// The query moved by `pages` pages (negative: back), never before the first row.
    pub fn moved(&self, pages: isize) -> RowQuery<C> {
        let step = self.limit.clamp(1, MAX_PAGE_ROWS);
        let offset = if pages < 0 {
            self.offset.saturating_sub(step.saturating_mul(pages.unsigned_abs()))
        } else {
            self.offset.saturating_add(step.saturating_mul(pages.unsigned_abs()))
        };
        RowQuery { offset, ..self.clone() }
    }

    /// How the column is sorted now, for its header (`aria-sort`).
    pub fn direction_of(&self, column: C) -> Option<Direction> {
        self.sort.filter(|s| s.column == column).map(|s| s.direction)
    }
}

/// One page of a long table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<R> {
    pub rows: Vec<R>,
    /// The index of the first row among the matching rows (the query's offset, brought back to
    /// the last page when fewer rows match now).
    pub offset: usize,
    /// Rows that match the search; paging reaches every one of them.
    pub matching: usize,
}

/// A table's column: knows its name (for test hooks and the wire) and which way it sorts first.
pub trait Column: Copy + Eq + Send + Sync + std::fmt::Debug + 'static {
    fn name(self) -> &'static str;
    /// Figures sort largest first; text and dates A to Z, oldest first.
    fn first_direction(self) -> Direction;
}

/// A row of a long table.
pub trait TableRow {
    type Column: Column;
    /// The order of two rows by one column, ascending.
    fn compare(&self, other: &Self, column: Self::Column) -> Ordering;
    /// The order of two rows by their key, for ties.
    fn key_order(&self, other: &Self) -> Ordering;
    /// Whether one of the row's text columns holds the search.
    fn matches(&self, search: &Search) -> bool;
    /// Whether the row has nothing in `column` (no sender hint, no date): such rows come after
    /// the others whichever way the column is sorted.
    fn is_blank(&self, _column: Self::Column) -> bool {
        false
    }
}

/// The page of `rows` (in the analysis's order) that `query` asks for.
pub fn page<R: TableRow + Clone>(rows: &[R], query: &RowQuery<R::Column>) -> Page<R> {
    let search = Search::new(&query.search);
    let mut hits: Vec<&R> = rows.iter().filter(|r| search.is_empty() || r.matches(&search)).collect();
    if let Some(sort) = query.sort {
        hits.sort_by(|a, b| {
            let by_column = a.compare(b, sort.column);
            let by_column = match sort.direction {
                Direction::Ascending => by_column,
                Direction::Descending => by_column.reverse(),
            };
            let blank_last = a.is_blank(sort.column).cmp(&b.is_blank(sort.column));
            blank_last.then(by_column).then_with(|| a.key_order(b))
        });
    }
    let matching = hits.len();
    let limit = query.limit.clamp(1, MAX_PAGE_ROWS);
    // Past the end (fewer rows match than when the person paged there): the last page.
    let offset = if query.offset < matching { query.offset } else { matching.saturating_sub(1) / limit * limit };
    let rows = hits.into_iter().skip(offset).take(limit).cloned().collect();
    Page { rows, offset, matching }
}

/// A search text, folded to lower case once.
#[derive(Debug, Clone)]
pub struct Search {
    folded: String,
}

impl Search {
    pub fn new(text: &str) -> Search {
        Search { folded: text.trim().to_lowercase() }
    }

    pub fn is_empty(&self) -> bool {
        self.folded.is_empty()
    }

    /// Whether `text` holds the search, ignoring case. ASCII text (addresses, domains) is
    /// compared in place; other text is folded first.
    pub fn found_in(&self, text: &str) -> bool {
        let needle = self.folded.as_bytes();
        if text.is_ascii() && self.folded.is_ascii() {
            return needle.is_empty()
                || text.as_bytes().windows(needle.len()).any(|window| window.eq_ignore_ascii_case(needle));
        }
        text.to_lowercase().contains(&self.folded)
    }

    fn found_in_any(&self, texts: &[String]) -> bool {
        texts.iter().any(|t| self.found_in(t))
    }
}

/// Addresses in address order (IPv4 before IPv6); a masked network (`192.0.2.0/24`) by its
/// address; anything unreadable after them, as text.
fn compare_ips(a: &str, b: &str) -> Ordering {
    let address = |s: &str| s.split('/').next().and_then(|ip| ip.parse::<IpAddr>().ok());
    match (address(a), address(b)) {
        (Some(x), Some(y)) => x.cmp(&y).then_with(|| a.cmp(b)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.cmp(b),
    }
}

/// `part / whole` against `part2 / whole2` without rounding; no mail sorts below any share.
fn compare_shares(part: u64, whole: u64, part2: u64, whole2: u64) -> Ordering {
    match (whole, whole2) {
        (0, 0) => Ordering::Equal,
        (0, _) => Ordering::Less,
        (_, 0) => Ordering::Greater,
        _ => (u128::from(part) * u128::from(whole2)).cmp(&(u128::from(part2) * u128::from(whole))),
    }
}

/// Dates in time order (a row without one is blank and sorts last).
fn compare_dates(a: Option<i64>, b: Option<i64>) -> Ordering {
    a.cmp(&b)
}

/// Lists of names by their first name, then the rest, each as [`compare_text`].
fn compare_lists(a: &[String], b: &[String]) -> Ordering {
    a.iter().zip(b).map(|(x, y)| compare_text(x, y)).find(|o| o.is_ne()).unwrap_or_else(|| a.len().cmp(&b.len()))
}

/// Text A to Z ignoring case, then exactly.
fn compare_text(a: &str, b: &str) -> Ordering {
    a.bytes().map(|c| c.to_ascii_lowercase()).cmp(b.bytes().map(|c| c.to_ascii_lowercase())).then_with(|| a.cmp(b))
}

macro_rules! columns {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $text:literal, $first:ident;)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant,)+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];
        }

        impl Column for $name {
            fn name(self) -> &'static str {
                match self { $($name::$variant => $text,)+ }
            }
            fn first_direction(self) -> Direction {
                match self { $($name::$variant => Direction::$first,)+ }
            }
        }
    };
}

columns! {
    /// The possible-spoofing table's columns.
    SuspectColumn {
        SourceIp => "source_ip", Ascending;
        Messages => "messages", Descending;
        DmarcPass => "dmarc_pass", Descending;
        DmarcFail => "dmarc_fail", Descending;
        Pattern1 => "pattern_1", Descending;
        Pattern2 => "pattern_2", Descending;
        Pattern3 => "pattern_3", Descending;
        Pattern4 => "pattern_4", Descending;
        HeaderFrom => "header_from", Ascending;
        Reporters => "reporters", Ascending;
        FirstSeen => "first_seen", Ascending;
        LastSeen => "last_seen", Descending;
        SenderHint => "sender_hint", Ascending;
        Sender => "sender", Ascending;
        Class => "class", Ascending;
    }
}

columns! {
    /// The reporters table's columns.
    ReporterColumn {
        Reporter => "reporter", Ascending;
        Reports => "reports", Descending;
        Messages => "messages", Descending;
        FirstSeen => "first_seen", Ascending;
        LastSeen => "last_seen", Descending;
    }
}

columns! {
    /// The domains table's columns.
    DomainColumn {
        Domain => "domain", Ascending;
        Policy => "policy", Ascending;
        Messages => "messages", Descending;
        PassRate => "pass_rate", Descending;
        Untagged => "untagged", Descending;
    }
}

columns! {
    /// A tag's sources table's columns.
    SourceColumn {
        SourceIp => "source_ip", Ascending;
        Messages => "messages", Descending;
        PassRate => "pass_rate", Descending;
        Pattern1 => "pattern_1", Descending;
        Pattern2 => "pattern_2", Descending;
        Pattern3 => "pattern_3", Descending;
        Pattern4 => "pattern_4", Descending;
    }
}

/// The count of one pattern (0-based) of a row's four.
fn pattern(patterns: &[u64; 4], index: usize) -> u64 {
    patterns.get(index).copied().unwrap_or(0)
}

/// The failure pattern (1 to 4) with the most messages, and its messages; the higher pattern on
/// a tie (pattern 4, neither authenticated, is the one to look at first). `None` without failures.
pub fn top_pattern(patterns: &[u64; 4]) -> Option<(u8, u64)> {
    (1u8..=4)
        .zip(patterns.iter().copied())
        .filter(|&(_, messages)| messages > 0)
        .max_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)))
}

impl TableRow for Suspect {
    type Column = SuspectColumn;

    fn compare(&self, other: &Self, column: SuspectColumn) -> Ordering {
        use SuspectColumn as C;
        match column {
            C::SourceIp => compare_ips(&self.source_ip, &other.source_ip),
            C::Messages => self.messages.cmp(&other.messages),
            C::DmarcPass => self.dmarc_pass.cmp(&other.dmarc_pass),
            C::DmarcFail => self.dmarc_fail.cmp(&other.dmarc_fail),
            C::Pattern1 => pattern(&self.patterns, 0).cmp(&pattern(&other.patterns, 0)),
            C::Pattern2 => pattern(&self.patterns, 1).cmp(&pattern(&other.patterns, 1)),
            C::Pattern3 => pattern(&self.patterns, 2).cmp(&pattern(&other.patterns, 2)),
            C::Pattern4 => pattern(&self.patterns, 3).cmp(&pattern(&other.patterns, 3)),
            C::HeaderFrom => compare_lists(&self.header_from, &other.header_from),
            C::Reporters => compare_lists(&self.reporters, &other.reporters),
            C::FirstSeen => compare_dates(self.first_seen, other.first_seen),
            C::LastSeen => compare_dates(self.last_seen, other.last_seen),
            C::SenderHint => compare_text(
                self.sender_hint.as_deref().unwrap_or_default(),
                other.sender_hint.as_deref().unwrap_or_default(),
            ),
            C::Sender => compare_text(sender_name(self), sender_name(other)),
            // Unknown (possible spoofing) first, then a service not set up, forwarded.
            C::Class => class_rank(self).cmp(&class_rank(other)),
        }
    }

    fn key_order(&self, other: &Self) -> Ordering {
        compare_ips(&self.source_ip, &other.source_ip)
    }

    fn is_blank(&self, column: SuspectColumn) -> bool {
        match column {
            SuspectColumn::SenderHint => self.sender_hint.is_none(),
            SuspectColumn::Sender => self.sender.is_none(),
            SuspectColumn::Class => self.classes.main_class().is_none(),
            SuspectColumn::HeaderFrom => self.header_from.is_empty(),
            SuspectColumn::Reporters => self.reporters.is_empty(),
            SuspectColumn::FirstSeen => self.first_seen.is_none(),
            SuspectColumn::LastSeen => self.last_seen.is_none(),
            _ => false,
        }
    }

    fn matches(&self, search: &Search) -> bool {
        search.found_in(&self.source_ip)
            || search.found_in_any(&self.header_from)
            || search.found_in_any(&self.reporters)
            || self.sender_hint.as_deref().is_some_and(|h| search.found_in(h))
            || self.sender.as_ref().is_some_and(|s| search.found_in(&s.name))
    }
}

fn sender_name(s: &Suspect) -> &str {
    s.sender.as_ref().map_or("", |s| s.name.as_str())
}

fn class_rank(s: &Suspect) -> u8 {
    match s.classes.main_class() {
        Some(MailClass::Unknown) => 0,
        Some(MailClass::ServiceNotSetUp) => 1,
        Some(MailClass::Forwarded) => 2,
        Some(MailClass::Yours) => 3,
        None => 4,
    }
}

impl TableRow for ReporterRow {
    type Column = ReporterColumn;

    fn compare(&self, other: &Self, column: ReporterColumn) -> Ordering {
        use ReporterColumn as C;
        match column {
            C::Reporter => compare_text(&self.org_name, &other.org_name),
            C::Reports => self.reports.cmp(&other.reports),
            C::Messages => self.messages.cmp(&other.messages),
            C::FirstSeen => compare_dates(self.first_seen, other.first_seen),
            C::LastSeen => compare_dates(self.last_seen, other.last_seen),
        }
    }

    fn key_order(&self, other: &Self) -> Ordering {
        compare_text(&self.org_name, &other.org_name)
    }

    fn is_blank(&self, column: ReporterColumn) -> bool {
        match column {
            ReporterColumn::FirstSeen => self.first_seen.is_none(),
            ReporterColumn::LastSeen => self.last_seen.is_none(),
            _ => false,
        }
    }

    fn matches(&self, search: &Search) -> bool {
        search.found_in(&self.org_name)
    }
}

impl TableRow for DomainRow {
    type Column = DomainColumn;

    fn compare(&self, other: &Self, column: DomainColumn) -> Ordering {
        use DomainColumn as C;
        match column {
            C::Domain => compare_text(&self.domain, &other.domain),
            C::Policy => self.policy.as_str().cmp(other.policy.as_str()),
            C::Messages => self.messages.cmp(&other.messages),
            C::PassRate => compare_shares(self.dmarc_pass, self.messages, other.dmarc_pass, other.messages),
            C::Untagged => self.untagged.cmp(&other.untagged),
        }
    }

    fn key_order(&self, other: &Self) -> Ordering {
        compare_text(&self.domain, &other.domain)
    }

    fn matches(&self, search: &Search) -> bool {
        search.found_in(&self.domain) || search.found_in(self.policy.as_str())
    }
}

impl TableRow for SourceRow {
    type Column = SourceColumn;

    fn compare(&self, other: &Self, column: SourceColumn) -> Ordering {
        use SourceColumn as C;
        match column {
            C::SourceIp => compare_ips(&self.source_ip, &other.source_ip),
            C::Messages => self.messages.cmp(&other.messages),
            C::PassRate => compare_shares(self.dmarc_pass, self.messages, other.dmarc_pass, other.messages),
            C::Pattern1 => pattern(&self.patterns, 0).cmp(&pattern(&other.patterns, 0)),
            C::Pattern2 => pattern(&self.patterns, 1).cmp(&pattern(&other.patterns, 1)),
            C::Pattern3 => pattern(&self.patterns, 2).cmp(&pattern(&other.patterns, 2)),
            C::Pattern4 => pattern(&self.patterns, 3).cmp(&pattern(&other.patterns, 3)),
        }
    }

    fn key_order(&self, other: &Self) -> Ordering {
        compare_ips(&self.source_ip, &other.source_ip)
    }

    fn matches(&self, search: &Search) -> bool {
        search.found_in(&self.source_ip)
    }
}

#[cfg(test)]
mod tests;
