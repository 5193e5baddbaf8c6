//! The analysis over time: the recent window (the last `AlertRules::window_days` UTC days ending
//! at the latest report day), the period of the same length before it, daily series per tag and
//! pattern, per source first and last seen, new and gone sources, and the two periods compared.
//!
//! It rides on `analyze`'s two passes: per record it adds one count to a per-report buffer
//! indexed by tag (no hashing), and per report it folds that buffer into the daily and period
//! figures, so a million records cost little more than without it.

use std::collections::HashMap;
use std::net::IpAddr;

use rustc_hash::FxBuildHasher as FxBuild;

use super::readiness::DomainTime;
use super::{
    add_to, same_or_under, Change, Comparison, Counts, GoneReporter, History, HistoryDay, PatternDay, PatternHistory,
    Period, PeriodCounts, ReporterRow, SenderHistory, SourceHistory, SourceRecord, TagComparison, TagHistory,
    MAX_CHANGES, MAX_HISTORY_SENDERS, MAX_HISTORY_TAGS, MAX_LISTED_SOURCES, TOP_SOURCES,
};
use crate::dates::{day_date, utc_day};
use crate::store::{Store, StoredReport, Sym};

/// No day: the report is not admitted, or has no date.
pub(super) const NO_DAY: i64 = i64::MIN;

/// Where a report's day falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum When {
    Window,
    Previous,
    Earlier,
    Undated,
}

/// The window and the period before it, found in a pass over the admitted reports.
pub(super) struct Periods {
    /// The admitted reports' first and last UTC day.
    pub span: Option<(i64, i64)>,
    pub window_days: i64,
    /// The first day of the window (its last is the latest report day).
    pub window_from: i64,
    /// Per report: its UTC day when admitted and dated, else [`NO_DAY`].
    pub report_day: Vec<i64>,
    /// Per report: [`REPORTED_BEFORE`] when its reporter sent a report before the window,
    /// [`REPORTS_IN_WINDOW`] when it sends one in it.
    pub reporter_span: Vec<u8>,
}

/// The report's reporter reported before the window: a source it sees first in the window is
/// new, not merely newly watched.
pub(super) const REPORTED_BEFORE: u8 = 1;
/// The report's reporter still reports in the window: a source it saw before and no longer
/// sees is gone, not merely unwatched.
pub(super) const REPORTS_IN_WINDOW: u8 = 2;

impl Periods {
    pub fn of(store: &Store, filters: &super::Filters, window_days: u32) -> Periods {
        let window_days = i64::from(window_days.max(1));
        let mut span: Option<(i64, i64)> = None;
        let report_day: Vec<i64> = store
            .reports
            .iter()
            .map(|report| match report.begin {
                Some(begin) if filters.admits(store, report) => {
                    let day = utc_day(begin);
                    span = Some(span.map_or((day, day), |(a, b)| (a.min(day), b.max(day))));
                    day
                }
                _ => NO_DAY,
            })
            .collect();
        let window_from = span.map_or(0, |(_, last)| last.saturating_sub(window_days - 1));
        let mut reporters: HashMap<Sym, u8, FxBuild> = HashMap::default();
        for (report, &day) in store.reports.iter().zip(&report_day) {
            if day != NO_DAY {
                *reporters.entry(report.reporter).or_default() |=
                    if day < window_from { REPORTED_BEFORE } else { REPORTS_IN_WINDOW };
            }
        }
        let reporter_span = store
            .reports
            .iter()
            .zip(&report_day)
            .map(|(report, &day)| if day == NO_DAY { 0 } else { reporters.get(&report.reporter).copied().unwrap_or(0) })
            .collect();
        Periods { span, window_days, window_from, report_day, reporter_span }
    }

    pub fn when(&self, day: i64) -> When {
        if day == NO_DAY || self.span.is_none() {
            When::Undated
        } else if day >= self.window_from {
            When::Window
        } else if day >= self.window_from.saturating_sub(self.window_days) {
            When::Previous
        } else {
            When::Earlier
        }
    }

    /// Whether some report falls before the window: only then can a source be new, or gone.
    pub fn has_before(&self) -> bool {
        self.span.is_some_and(|(first, _)| first < self.window_from)
    }

    pub fn window(&self) -> Option<Period> {
        let (_, last) = self.span?;
        Some(period(self.window_from, last))
    }

    pub fn previous(&self) -> Period {
        period(self.window_from.saturating_sub(self.window_days), self.window_from.saturating_sub(1))
    }
}

pub(super) fn period(from: i64, to: i64) -> Period {
    Period { from: day_date(from), to: day_date(to), days: u32::try_from(to - from + 1).unwrap_or(0) }
}

impl Counts {
    #[inline]
    pub(super) fn merge(&mut self, other: &Counts) {
        add_to(&mut self.messages, other.messages);
        add_to(&mut self.pass, other.pass);
        add_to(&mut self.fail, other.fail);
        for (a, b) in self.patterns.iter_mut().zip(other.patterns) {
            add_to(a, b);
        }
    }

    fn period_counts(&self) -> PeriodCounts {
        PeriodCounts { messages: self.messages, dmarc_pass: self.pass, dmarc_fail: self.fail, patterns: self.patterns }
    }

    fn history_day(&self, day: i64) -> HistoryDay {
        HistoryDay { date: day_date(day), messages: self.messages, dmarc_pass: self.pass, dmarc_fail: self.fail }
    }
}

/// Messages and DMARC-fail messages: all a source's history needs, so 100,000 sources stay
/// small.
#[derive(Default, Clone, Copy)]
struct Tally {
    messages: u64,
    fail: u64,
}

impl Tally {
    #[inline]
    fn add(&mut self, count: u64, fails: bool) {
        add_to(&mut self.messages, count);
        if fails {
            add_to(&mut self.fail, count);
        }
    }
}

struct SourceAcc {
    source: u32,
    tag: u32,
    rows: std::ops::Range<usize>,
    first_day: i64,
    last_day: i64,
    counts: Tally,
    window: Tally,
    /// Some reporter that saw it in the window reported before it too.
    watched_before: bool,
    /// Some reporter that saw it before the window reports in it too.
    still_watched: bool,
}

pub(super) struct HistoryAcc<'p> {
    pub periods: &'p Periods,
    /// This report's mail per tag (0 is untagged), and which slots it touched.
    buffer: Vec<Counts>,
    seen: Vec<bool>,
    touched: Vec<u32>,
    /// The report's lower-case policy domain, and the last header From looked at with whether
    /// it is under the policy domain.
    own_from: Sym,
    last_from: (Sym, bool),
    from_subdomains: u64,
    tag_days: HashMap<(u32, i64), Counts, FxBuild>,
    tags_current: Vec<Counts>,
    tags_previous: Vec<Counts>,
    current: Counts,
    previous: Counts,
    sources: Vec<SourceAcc>,
    /// The source the ordered pass is in.
    source: SourceAcc,
}

impl SourceAcc {
    fn empty() -> Self {
        SourceAcc {
            source: 0,
            tag: 0,
            rows: 0..0,
            first_day: i64::MAX,
            last_day: i64::MIN,
            counts: Tally::default(),
            window: Tally::default(),
            watched_before: false,
            still_watched: false,
        }
    }
}

impl<'p> HistoryAcc<'p> {
    pub fn new(periods: &'p Periods, tags: usize) -> Self {
        HistoryAcc {
            periods,
            buffer: vec![Counts::default(); tags + 1],
            seen: vec![false; tags + 1],
            touched: Vec::new(),
            own_from: Sym(0),
            last_from: (Sym(0), false),
            from_subdomains: 0,
            tag_days: HashMap::default(),
            tags_current: vec![Counts::default(); tags + 1],
            tags_previous: vec![Counts::default(); tags + 1],
            current: Counts::default(),
            previous: Counts::default(),
            sources: Vec::new(),
            source: SourceAcc::empty(),
        }
    }

    /// Before a report's records: `own_from` is its policy domain as header From is stored
    /// (lower case), when interned.
    #[inline]
    pub fn begin_report(&mut self, own_from: Option<Sym>) {
        self.own_from = own_from.unwrap_or(Sym(u32::MAX));
        self.last_from = (Sym(u32::MAX), false);
        self.from_subdomains = 0;
    }

    #[inline]
    pub fn record(&mut self, store: &Store, tag: u32, count: u64, pattern: Option<usize>, header_from: Sym) {
        if let (Some(slot), Some(seen)) = (self.buffer.get_mut(tag as usize), self.seen.get_mut(tag as usize)) {
            if !*seen {
                *seen = true;
                self.touched.push(tag);
            }
            slot.add(count, pattern);
        }
        if header_from != self.own_from {
            if header_from != self.last_from.0 {
                let under = same_or_under(store.strings.get(header_from), store.strings.get(self.own_from));
                self.last_from = (header_from, under);
            }
            if self.last_from.1 {
                add_to(&mut self.from_subdomains, count);
            }
        }
    }

    /// After a report's records: its figures folded into the days, the periods and its domain.
    pub fn end_report(&mut self, report: &StoredReport, day: i64, report_counts: &Counts, time: &mut DomainTime) {
        let when = self.periods.when(day);
        for &tag in &self.touched {
            let Some(slot) = self.buffer.get_mut(tag as usize) else { continue };
            let c = std::mem::take(slot);
            if let Some(seen) = self.seen.get_mut(tag as usize) {
                *seen = false;
            }
            if when == When::Undated {
                continue;
            }
            if tag > 0 {
                self.tag_days.entry((tag, day)).or_default().merge(&c);
                if c.fail > 0 {
                    time.note_fail(day, tag, &c.patterns);
                }
            }
            match when {
                When::Window => {
                    if let Some(t) = self.tags_current.get_mut(tag as usize) {
                        t.merge(&c);
                    }
                    time.window.add_tag(tag, &c);
                }
                When::Previous => {
                    if let Some(t) = self.tags_previous.get_mut(tag as usize) {
                        t.merge(&c);
                    }
                }
                _ => {}
            }
        }
        self.touched.clear();
        time.add_report(report, day);
        match when {
            When::Window => {
                self.current.merge(report_counts);
                time.window.add_report(report, day, report_counts, self.from_subdomains);
            }
            When::Previous => self.previous.merge(report_counts),
            _ => {}
        }
    }

    /// One admitted row of the ordered pass over sources, in (source, tag) order.
    #[inline]
    pub fn source_row(&mut self, row: &SourceRecord, pattern: Option<usize>) {
        let day = self.periods.report_day.get(row.report as usize).copied().unwrap_or(NO_DAY);
        if day == NO_DAY {
            return;
        }
        let acc = &mut self.source;
        acc.first_day = acc.first_day.min(day);
        acc.last_day = acc.last_day.max(day);
        acc.counts.add(row.count, pattern.is_some());
        let reporter = self.periods.reporter_span.get(row.report as usize).copied().unwrap_or(0);
        if day >= self.periods.window_from {
            acc.window.add(row.count, pattern.is_some());
            acc.watched_before |= reporter & REPORTED_BEFORE != 0;
        } else {
            acc.still_watched |= reporter & REPORTS_IN_WINDOW != 0;
        }
    }

    /// After a source's rows: `range` of the ordered rows is this source under one tag.
    pub fn end_source(&mut self, source: u32, tag: u32, range: std::ops::Range<usize>) {
        let mut acc = std::mem::replace(&mut self.source, SourceAcc::empty());
        if acc.first_day != i64::MAX {
            (acc.source, acc.tag, acc.rows) = (source, tag, range);
            self.sources.push(acc);
        }
    }

    pub fn finish(
        self,
        store: &Store,
        rows: &[SourceRecord],
        named: &mut [(u32, String)],
        tag_names: &[String],
        days: &[(i64, Counts)],
        reporters: &[ReporterRow],
    ) -> History {
        let periods = self.periods;
        let Some(window) = periods.window() else { return History::default() };
        let tag_name = |tag: u32| tag_names.get((tag as usize).wrapping_sub(1)).cloned().unwrap_or_default();

        let mut tag_days: Vec<((u32, i64), Counts)> = self.tag_days.into_iter().collect();
        tag_days.sort_unstable_by_key(|&(key, _)| key);
        let mut tags: Vec<(u64, TagHistory)> = Vec::new();
        for ((tag, day), c) in tag_days {
            let name = tag_name(tag);
            match tags.last_mut() {
                Some((total, history)) if history.tag == name => {
                    add_to(total, c.messages);
                    history.days.push(c.history_day(day));
                }
                _ => tags.push((c.messages, TagHistory { tag: name, days: vec![c.history_day(day)] })),
            }
        }
        tags.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.tag.cmp(&b.1.tag)));
        tags.truncate(MAX_HISTORY_TAGS);

        let patterns = (0..4)
            .map(|p| PatternHistory {
                pattern: p as u8 + 1,
                days: days
                    .iter()
                    .filter(|(_, c)| c.patterns[p] > 0)
                    .map(|&(d, c)| PatternDay { date: day_date(d), messages: c.patterns[p] })
                    .collect(),
            })
            .collect();

        let source_row = |s: &SourceAcc| SourceHistory {
            source_ip: store.ips.get(s.source as usize).map_or_else(String::new, IpAddr::to_string),
            tag: (s.tag > 0).then(|| tag_name(s.tag)),
            first_seen: day_date(s.first_day),
            last_seen: day_date(s.last_day),
            messages: s.counts.messages,
            dmarc_fail: s.counts.fail,
            window_messages: s.window.messages,
            window_dmarc_fail: s.window.fail,
            days: Vec::new(),
        };
        // The top sources picked in linear time, then only they sorted: a full sort of 50,000
        // sources cost more than the rest of the history.
        let most = |a: &&SourceAcc, b: &&SourceAcc| {
            b.counts.messages.cmp(&a.counts.messages).then(a.source.cmp(&b.source)).then(a.tag.cmp(&b.tag))
        };
        let mut by_messages: Vec<&SourceAcc> = self.sources.iter().collect();
        top_by(&mut by_messages, TOP_SOURCES, most);
        let top_sources = by_messages
            .iter()
            .take(TOP_SOURCES)
            .map(|s| {
                let mut per_day: Vec<(i64, Counts)> = Vec::new();
                for row in rows.get(s.rows.clone()).unwrap_or(&[]) {
                    let day = periods.report_day.get(row.report as usize).copied().unwrap_or(NO_DAY);
                    if day == NO_DAY {
                        continue;
                    }
                    let pattern = row.pattern.checked_sub(1).map(usize::from);
                    match per_day.iter_mut().find(|(d, _)| *d == day) {
                        Some((_, c)) => c.add(row.count, pattern),
                        None => {
                            let mut c = Counts::default();
                            c.add(row.count, pattern);
                            per_day.push((day, c));
                        }
                    }
                }
                per_day.sort_unstable_by_key(|(d, _)| *d);
                SourceHistory { days: per_day.iter().map(|(d, c)| c.history_day(*d)).collect(), ..source_row(s) }
            })
            .collect();

        let senders = sender_histories(&self.sources, named, rows, periods);

        let (mut new_sources, mut gone_sources) = (Vec::new(), Vec::new());
        if periods.has_before() {
            for s in &self.sources {
                // Only a reporter that watched before can see a source appear, and only one that
                // still reports can see it stop: a reporter starting or stopping is not its
                // sources starting or stopping.
                if s.first_day >= periods.window_from && s.watched_before {
                    new_sources.push(s);
                } else if s.last_day < periods.window_from && s.still_watched {
                    gone_sources.push(s);
                }
            }
        }
        let (new_sources_total, gone_sources_total) = (new_sources.len() as u64, gone_sources.len() as u64);
        top_by(&mut new_sources, MAX_LISTED_SOURCES, |a, b| {
            b.window
                .fail
                .cmp(&a.window.fail)
                .then(b.counts.messages.cmp(&a.counts.messages))
                .then(a.source.cmp(&b.source))
                .then(a.tag.cmp(&b.tag))
        });
        top_by(&mut gone_sources, MAX_LISTED_SOURCES, |a, b| {
            b.counts.messages.cmp(&a.counts.messages).then(a.source.cmp(&b.source)).then(a.tag.cmp(&b.tag))
        });

        // Reporter rows come most messages first: the gone ones are listed in that order.
        let mut gone_reporters_total = 0u64;
        let mut gone_reporters = Vec::new();
        if periods.has_before() {
            for r in reporters {
                let (Some(first), Some(last)) = (r.first_seen.map(utc_day), r.last_seen.map(utc_day)) else { continue };
                if last >= periods.window_from {
                    continue;
                }
                gone_reporters_total += 1;
                if gone_reporters.len() < MAX_LISTED_SOURCES {
                    gone_reporters.push(GoneReporter {
                        org_name: r.org_name.clone(),
                        first_seen: day_date(first),
                        last_seen: day_date(last),
                    });
                }
            }
        }

        let comparison = periods.has_before().then(|| {
            let mut tags: Vec<TagComparison> = self
                .tags_current
                .iter()
                .zip(&self.tags_previous)
                .enumerate()
                .skip(1)
                .filter(|(_, (c, p))| c.messages > 0 || p.messages > 0)
                .map(|(t, (c, p))| TagComparison {
                    tag: tag_name(t as u32),
                    previous: p.period_counts(),
                    current: c.period_counts(),
                })
                .collect();
            tags.sort_by(|a, b| {
                let total = |t: &TagComparison| t.current.messages.saturating_add(t.previous.messages);
                total(b).cmp(&total(a)).then_with(|| a.tag.cmp(&b.tag))
            });
            let mut changes = Vec::new();
            let mut change = |table: &str, key: String, measure: &str, previous: u64, current: u64| {
                if previous != current {
                    let diff = i128::from(current) - i128::from(previous);
                    let change = i64::try_from(diff).unwrap_or(if diff < 0 { i64::MIN } else { i64::MAX });
                    changes.push(Change {
                        table: table.to_string(),
                        key,
                        measure: measure.to_string(),
                        previous,
                        current,
                        change,
                    });
                }
            };
            let (cur, prev) = (self.current.period_counts(), self.previous.period_counts());
            change("total", String::new(), "messages", prev.messages, cur.messages);
            change("total", String::new(), "dmarc_fail", prev.dmarc_fail, cur.dmarc_fail);
            for p in 0..4 {
                change("pattern", (p + 1).to_string(), "messages", prev.patterns[p], cur.patterns[p]);
            }
            for t in &tags {
                change("tag", t.tag.clone(), "messages", t.previous.messages, t.current.messages);
                change("tag", t.tag.clone(), "dmarc_fail", t.previous.dmarc_fail, t.current.dmarc_fail);
            }
            changes.sort_by(|a, b| {
                b.change
                    .unsigned_abs()
                    .cmp(&a.change.unsigned_abs())
                    .then_with(|| a.table.cmp(&b.table))
                    .then_with(|| a.key.cmp(&b.key))
                    .then_with(|| a.measure.cmp(&b.measure))
            });
            changes.truncate(MAX_CHANGES);
            Comparison {
                current_period: window.clone(),
                previous_period: periods.previous(),
                current: cur,
                previous: prev,
                tags,
                changes,
            }
        });

        History {
            period: periods.span.map(|(first, last)| period(first, last)),
            window: Some(window),
            tags: tags.into_iter().map(|(_, t)| t).collect(),
            patterns,
            top_sources,
            new_sources: new_sources.iter().map(|s| source_row(s)).collect(),
            new_sources_total,
            gone_sources: gone_sources.iter().map(|s| source_row(s)).collect(),
            gone_sources_total,
            gone_reporters,
            gone_reporters_total,
            comparison,
            senders,
        }
    }
}

/// The named senders' histories: `named` is (source, sender name) for each named unregistered
/// source; `sources` the (source, tag) accumulators in source order.
fn sender_histories(
    sources: &[SourceAcc],
    named: &mut [(u32, String)],
    rows: &[SourceRecord],
    periods: &Periods,
) -> Vec<SenderHistory> {
    named.sort_unstable_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    // Per sender: its name and the untagged accumulators of its sources.
    let mut groups: Vec<(&str, Vec<&SourceAcc>, Tally)> = Vec::new();
    for (source, name) in named.iter() {
        let Ok(at) = sources.binary_search_by(|s| (s.source, s.tag).cmp(&(*source, 0))) else { continue };
        let Some(acc) = sources.get(at) else { continue };
        match groups.last_mut() {
            Some((n, list, total)) if *n == name.as_str() => {
                list.push(acc);
                add_to(&mut total.messages, acc.counts.messages);
            }
            _ => groups.push((name.as_str(), vec![acc], Tally { messages: acc.counts.messages, fail: 0 })),
        }
    }
    top_by(&mut groups, MAX_HISTORY_SENDERS, |a, b| b.2.messages.cmp(&a.2.messages).then_with(|| a.0.cmp(b.0)));
    groups
        .into_iter()
        .map(|(name, list, _)| {
            let (mut counts, mut window) = (Tally::default(), Tally::default());
            let (mut first, mut last) = (i64::MAX, i64::MIN);
            let mut per_day: HashMap<i64, Counts, FxBuild> = HashMap::default();
            for acc in &list {
                add_to(&mut counts.messages, acc.counts.messages);
                add_to(&mut counts.fail, acc.counts.fail);
                add_to(&mut window.messages, acc.window.messages);
                add_to(&mut window.fail, acc.window.fail);
                first = first.min(acc.first_day);
                last = last.max(acc.last_day);
                for row in rows.get(acc.rows.clone()).unwrap_or(&[]) {
                    let day = periods.report_day.get(row.report as usize).copied().unwrap_or(NO_DAY);
                    if day != NO_DAY {
                        per_day.entry(day).or_default().add(row.count, row.pattern.checked_sub(1).map(usize::from));
                    }
                }
            }
            let mut days: Vec<(i64, Counts)> = per_day.into_iter().collect();
            days.sort_unstable_by_key(|(d, _)| *d);
            SenderHistory {
                name: name.to_string(),
                sources: list.len() as u64,
                first_seen: day_date(first),
                last_seen: day_date(last),
                messages: counts.messages,
                dmarc_fail: counts.fail,
                window_messages: window.messages,
                window_dmarc_fail: window.fail,
                days: days.iter().map(|(d, c)| c.history_day(*d)).collect(),
            }
        })
        .collect()
}

/// The first `n` of `items` in `order`, sorted, the rest dropped: picked in linear time, so a
/// list of 100,000 sources is not sorted whole for the 50 shown.
fn top_by<T>(items: &mut Vec<T>, n: usize, mut order: impl FnMut(&T, &T) -> std::cmp::Ordering) {
    if items.len() > n {
        items.select_nth_unstable_by(n, &mut order);
        items.truncate(n);
    }
    items.sort_by(order);
}
