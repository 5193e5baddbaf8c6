//! The daily chart: DMARC pass and fail messages per day as stacked SVG bars, drawn by the app
//! (no chart library, no fonts to download).
//!
//! Days sit on a calendar axis: a day without reports is a gap, not a bar squeezed against its
//! neighbours, and the labels carry the year whenever the data spans more than one (days, then
//! months, then years as the span grows). A day from a share link that is not a date puts the
//! chart back on one bar per row, labelled as written.

use dmarc_lens::analyze::DayRow;
use dmarc_lens::dates::{civil_from_days, days_from_civil, parse_date};
use leptos::prelude::*;

use crate::i18n::{fill, number, tr, Key, LangCtx};

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 180.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 8.0;
const BOTTOM: f64 = 22.0;
/// At most this many labels on the axis.
const LABELS: i64 = 8;
/// The least height of a bar's part that has messages.
const MIN_BAR: f64 = 1.5;

/// The axis label of a day: "01-31" of "2025-01-31". A day from a share link is outside data:
/// a date too short, or not cut on a character boundary, is shown whole rather than sliced.
fn month_day(date: &str) -> &str {
    date.get(5..).filter(|rest| !rest.is_empty()).unwrap_or(date)
}

/// Where the bars and labels go, across a plot `width` wide starting at 0.
#[derive(Debug, Clone, PartialEq)]
struct Layout {
    /// The left edge of each day's slot, in the order of the days.
    slots: Vec<f64>,
    /// The width of one day's slot.
    slot: f64,
    /// Labels: the middle of the slot they name, and the text.
    ticks: Vec<(f64, String)>,
}

fn layout(days: &[DayRow], width: f64) -> Layout {
    let parsed: Option<Vec<i64>> = days.iter().map(|d| parse_date(&d.date)).collect();
    let rising = |p: &Vec<i64>| p.windows(2).all(|w| matches!(w, [a, b] if a < b));
    match parsed.filter(|p| !p.is_empty() && rising(p)) {
        Some(numbers) => calendar(&numbers, width),
        None => by_row(days, width),
    }
}

/// One slot per row, labels as the rows write their dates (a share link's days that are not
/// dates).
fn by_row(days: &[DayRow], width: f64) -> Layout {
    let slot = width / days.len().max(1) as f64;
    let every = (days.len() / LABELS as usize).max(1);
    let slots: Vec<f64> = (0..days.len()).map(|i| slot * i as f64).collect();
    let ticks = days
        .iter()
        .enumerate()
        .filter(|(i, _)| i % every == 0)
        .map(|(i, d)| (slot * i as f64 + slot / 2.0, month_day(&d.date).to_string()))
        .collect();
    Layout { slots, slot, ticks }
}

/// A calendar axis from the first day to the last, `numbers` being days since 1970-01-01, rising.
fn calendar(numbers: &[i64], width: f64) -> Layout {
    let (Some(&first), Some(&last)) = (numbers.first(), numbers.last()) else {
        return Layout { slots: Vec::new(), slot: width, ticks: Vec::new() };
    };
    let span = last - first + 1;
    let slot = width / span as f64;
    let x = |day: i64| slot * (day - first) as f64;
    let slots = numbers.iter().map(|&d| x(d)).collect();
    let (first_year, _, _) = civil_from_days(first);
    let (last_year, _, _) = civil_from_days(last);
    let many_years = first_year != last_year;
    let mut ticks = Vec::new();
    if span <= 62 {
        // Days, every `step`; the year on the first label and where it changes.
        let step = (span + LABELS - 1) / LABELS;
        let mut year_shown = None;
        let mut day = first;
        while day <= last {
            let (y, m, d) = civil_from_days(day);
            let label = if many_years && year_shown != Some(y) {
                format!("{y:04}-{m:02}-{d:02}")
            } else {
                format!("{m:02}-{d:02}")
            };
            year_shown = Some(y);
            ticks.push((x(day) + slot / 2.0, label));
            day += step.max(1);
        }
    } else if span <= 800 {
        // The first of each month, every `step` months, as "2026-03".
        let (y0, m0, _) = civil_from_days(first);
        let months = (last_year - y0) * 12 + i64::from(civil_from_days(last).1) - i64::from(m0) + 1;
        let step = ((months + LABELS - 1) / LABELS).max(1);
        let mut index = 1; // The month after the first day's: its 1st is inside the span.
        while index < months {
            let total = y0 * 12 + i64::from(m0) - 1 + index;
            let (y, m) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
            ticks.push((x(days_from_civil(y, m, 1)), format!("{y:04}-{m:02}")));
            index += step;
        }
    } else {
        // The first of January, every `step` years, as "2026".
        let years = last_year - first_year;
        let step = ((years + LABELS - 1) / LABELS).max(1);
        let mut y = first_year + 1;
        while y <= last_year {
            ticks.push((x(days_from_civil(y, 1, 1)), format!("{y:04}")));
            y += step;
        }
    }
    Layout { slots, slot, ticks }
}

#[component]
pub fn DailyChart(days: Vec<DayRow>) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let max = days.iter().map(|d| d.messages).max().unwrap_or(0).max(1);
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - BOTTOM - 8.0;
    let Layout { slots, slot, ticks } = layout(&days, plot_w);
    // A day stays visible however long the span: at least 1.5 units wide.
    let bar = (slot * 0.8).max(1.5);
    // A day with mail stays visible beside a day with a thousand times more: each part of a
    // bar that has messages is at least `MIN_BAR` high.
    let height = move |v: u64| if v == 0 { 0.0 } else { (plot_h * v as f64 / max as f64).max(MIN_BAR) };
    let bars = days
        .iter()
        .zip(slots)
        .map(|(d, at)| {
            let x = LEFT + at + (slot - bar).max(0.0) / 2.0;
            let pass_top = 8.0 + plot_h - height(d.dmarc_pass);
            let total_top = (pass_top - height(d.messages.saturating_sub(d.dmarc_pass))).max(0.0);
            let (day, pass, fail) = (d.date.clone(), number(d.dmarc_pass), number(d.dmarc_fail));
            let title = move || fill(lang.get(), Key::ChartDay, &[day.clone(), pass.clone(), fail.clone()]);
            view! {
                <g class="day" data-date=d.date.clone()>
                    <title>{title}</title>
                    <rect x=x y=pass_top width=bar height=(8.0 + plot_h - pass_top).max(0.0) class="bar-pass"></rect>
                    <rect x=x y=total_top width=bar height=(pass_top - total_top).max(0.0) class="bar-fail"></rect>
                </g>
            }
        })
        .collect_view();
    let labels = ticks
        .into_iter()
        .map(|(at, label)| {
            view! {
                <line x1=LEFT + at y1=8.0 + plot_h x2=LEFT + at y2=12.0 + plot_h class="axis-line"></line>
                <text x=LEFT + at y=HEIGHT - 6.0 text-anchor="middle" class="axis">{label}</text>
            }
        })
        .collect_view();
    view! {
        <figure class="chart" data-testid="daily-chart">
            <div class="chart-scroll" tabindex="0" role="region" aria-label=move || tr(lang.get(), Key::DailyChart)>
                <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=move || tr(lang.get(), Key::DailyChart)>
                    <line x1=LEFT y1=8.0 + plot_h x2=WIDTH - RIGHT y2=8.0 + plot_h class="axis-line"></line>
                    <text x=LEFT - 6.0 y=12.0 text-anchor="end" class="axis">{number(max)}</text>
                    <text x=LEFT - 6.0 y=8.0 + plot_h text-anchor="end" class="axis">"0"</text>
                    {bars}
                    {labels}
                </svg>
            </div>
            <figcaption>
                <span class="legend pass"></span>{move || tr(lang.get(), Key::DmarcPass)}
                <span class="legend fail"></span>{move || tr(lang.get(), Key::DmarcFail)}
            </figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(dates: &[&str]) -> Vec<DayRow> {
        dates.iter().map(|d| DayRow { date: d.to_string(), messages: 1, dmarc_pass: 1, dmarc_fail: 0 }).collect()
    }

    fn labels(l: &Layout) -> Vec<&str> {
        l.ticks.iter().map(|(_, t)| t.as_str()).collect()
    }

    #[test]
    fn labels_never_slice_inside_outside_data() {
        let check = |date: &str, label: &str| assert_eq!(month_day(date), label, "{date:?}");
        check("2025-01-31", "01-31");
        check("1", "1");
        check("", "");
        check("2025-", "2025-");
        check("2025日", "2025日");
        check("2025-日", "日");
    }

    #[test]
    fn days_without_reports_are_gaps() {
        // 1st, 2nd and 5th of a month over 100 units: five slots of 20, the 3rd and 4th empty.
        let l = layout(&days(&["2026-11-01", "2026-11-02", "2026-11-05"]), 100.0);
        assert_eq!(l.slot, 20.0);
        assert_eq!(l.slots, [0.0, 20.0, 80.0]);
        assert_eq!(labels(&l), ["11-01", "11-02", "11-03", "11-04", "11-05"]);
    }

    #[test]
    fn labels_carry_the_year_when_the_days_span_years() {
        let l = layout(&days(&["2025-12-30", "2026-01-02"]), 100.0);
        assert_eq!(labels(&l), ["2025-12-30", "12-31", "2026-01-01", "01-02"]);
        let l = layout(&days(&["2025-11-15", "2026-02-10"]), 100.0);
        assert_eq!(labels(&l), ["2025-12", "2026-01", "2026-02"]);
        // 1970 to 2026: years, every 7th, the first of January of each.
        let l = layout(&days(&["1970-01-01", "1970-01-02", "2026-11-30"]), 100.0);
        assert_eq!(labels(&l), ["1971", "1978", "1985", "1992", "1999", "2006", "2013", "2020"]);
        assert!(l.slots[2] < 100.0 && l.slots[2] > 99.9);
    }

    #[test]
    fn a_span_within_one_year_is_labelled_without_it() {
        let l = layout(&days(&["2026-01-01", "2026-01-31"]), 310.0);
        assert_eq!(labels(&l), ["01-01", "01-05", "01-09", "01-13", "01-17", "01-21", "01-25", "01-29"]);
    }

    #[test]
    fn days_that_are_not_dates_get_one_slot_each() {
        let l = layout(&days(&["1", "2025日-01", "2025-01-02"]), 90.0);
        assert_eq!(l.slots, [0.0, 30.0, 60.0]);
        assert_eq!(labels(&l), ["1", "2025日-01", "01-02"]);
        assert_eq!(layout(&[], 90.0).slots, Vec::<f64>::new());
    }
}
