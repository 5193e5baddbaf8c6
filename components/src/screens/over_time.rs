//! Senders and sources over time (送信者・送信元ごとの推移): each named sender you have not
//! registered and the sources with most mail, day by day across the period, with first and last
//! seen and a pass/fail sparkline (`Analysis::history`'s `senders` and `top_sources`).

use std::collections::HashMap;

use dmarc_lens::analyze::{History, HistoryDay, Period, SenderHistory, Subject, Suspect};
use dmarc_lens::dates::parse_date;
use leptos::prelude::*;

use crate::i18n::{fill, number, tr, Key, Lang, LangCtx};
use crate::state::links::RowLink;
use crate::state::GoToRow;

/// Sparkline size, in its own units.
const SPARK_W: f64 = 160.0;
const SPARK_H: f64 = 28.0;
/// Sources with a daily line shown.
const SOURCES_OVER_TIME: usize = 20;

/// A bar per day across `period`: passing mail above, failing below it, the tallest day full
/// height. Bars of days outside the period, or not dates, are left out.
pub fn spark_bars(days: &[HistoryDay], period: &Period) -> Vec<(f64, f64, f64, f64)> {
    let (Some(from), Some(to)) = (parse_date(&period.from), parse_date(&period.to)) else { return Vec::new() };
    let span = (to - from + 1).max(1) as f64;
    let width = (SPARK_W / span).max(1.0);
    let max = days.iter().map(|d| d.messages).max().unwrap_or(0).max(1) as f64;
    days.iter()
        .filter_map(|d| {
            let day = parse_date(&d.date)?;
            if day < from || day > to {
                return None;
            }
            let x = (day - from) as f64 / span * SPARK_W;
            let fail = d.dmarc_fail.min(d.messages) as f64 / max * SPARK_H;
            let pass = d.messages.saturating_sub(d.dmarc_fail) as f64 / max * SPARK_H;
            Some((x, width, pass, fail))
        })
        .collect()
}

fn sparkline(lang: RwSignal<Lang>, days: &[HistoryDay], period: &Period, messages: u64, fail: u64) -> impl IntoView {
    let bars = spark_bars(days, period)
        .into_iter()
        .map(|(x, w, pass, fail)| {
            view! {
                <rect class="bar-pass" x=format!("{x:.1}") y=format!("{:.1}", SPARK_H - pass - fail) width=format!("{w:.1}") height=format!("{pass:.1}") />
                <rect class="bar-fail" x=format!("{x:.1}") y=format!("{:.1}", SPARK_H - fail) width=format!("{w:.1}") height=format!("{fail:.1}") />
            }
        })
        .collect_view();
    let (from, to) = (period.from.clone(), period.to.clone());
    let label =
        move || fill(lang.get(), Key::SparkLabel, &[from.as_str(), to.as_str(), &number(messages), &number(fail)]);
    view! {
        <svg class="spark chart" viewBox=format!("0 0 {SPARK_W} {SPARK_H}") preserveAspectRatio="none" role="img" aria-label=label>{bars}</svg>
    }
}

/// The named senders of unregistered mail and the sources with most mail, each with a line of
/// its days across the period.
#[component]
pub fn OverTime(history: History, suspects: Vec<Suspect>) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let GoToRow(go) = expect_context::<GoToRow>();
    let Some(period) = history.period.clone() else { return ().into_any() };
    let names: HashMap<String, String> =
        suspects.into_iter().filter_map(|s| s.sender.map(|sender| (s.source_ip, sender.name))).collect();
    let sender_rows = history
        .senders
        .iter()
        .map(|s: &SenderHistory| {
            view! {
                <tr data-testid="sender-history" data-sender=s.name.clone() data-messages=s.messages data-days=s.days.len()>
                    <td class="key">{s.name.clone()}</td>
                    <td class="num" data-label=move || tr(lang.get(), Key::SenderSources)>{number(s.sources)}</td>
                    <td class="nowrap" data-label=move || tr(lang.get(), Key::FirstSeen)>{s.first_seen.clone()}</td>
                    <td class="nowrap" data-label=move || tr(lang.get(), Key::LastSeen)>{s.last_seen.clone()}</td>
                    <td class="num" data-label=move || tr(lang.get(), Key::Messages)>{number(s.messages)}</td>
                    <td class="num" data-label=move || tr(lang.get(), Key::DmarcFail)>{number(s.dmarc_fail)}</td>
                    <td class="spark-cell">{sparkline(lang, &s.days, &period, s.messages, s.dmarc_fail)}</td>
                </tr>
            }
        })
        .collect_view();
    let has_senders = !history.senders.is_empty();
    let source_rows = history
        .top_sources
        .iter()
        .take(SOURCES_OVER_TIME)
        .map(|s| {
            let ip = s.source_ip.clone();
            let address = if s.tag.is_none() {
                let target = ip.clone();
                view! { <button type="button" class="link mono" on:click=move |_| go.run(RowLink::of(&Subject::Source(target.clone())))>{ip.clone()}</button> }.into_any()
            } else {
                view! { <span class="mono">{ip.clone()}</span> }.into_any()
            };
            let tag = s.tag.clone();
            let who = tag.clone().or_else(|| names.get(&s.source_ip).cloned());
            let registered = tag.is_some();
            view! {
                <tr data-testid="source-history" data-ip=s.source_ip.clone() data-messages=s.messages data-days=s.days.len()>
                    <td class="key">{address}</td>
                    <td data-label=move || tr(lang.get(), Key::Tag)>
                        {who.unwrap_or_default()}
                        {(!registered).then(|| view! { <span class="muted">" (" {move || tr(lang.get(), Key::NotRegistered)} ")"</span> })}
                    </td>
                    <td class="nowrap" data-label=move || tr(lang.get(), Key::FirstSeen)>{s.first_seen.clone()}</td>
                    <td class="nowrap" data-label=move || tr(lang.get(), Key::LastSeen)>{s.last_seen.clone()}</td>
                    <td class="num" data-label=move || tr(lang.get(), Key::Messages)>{number(s.messages)}</td>
                    <td class="num" data-label=move || tr(lang.get(), Key::DmarcFail)>{number(s.dmarc_fail)}</td>
                    <td class="spark-cell">{sparkline(lang, &s.days, &period, s.messages, s.dmarc_fail)}</td>
                </tr>
            }
        })
        .collect_view();
    let (from, to) = (period.from.clone(), period.to.clone());
    view! {
        <section class="panel" data-testid="over-time">
            <h3>{move || tr(lang.get(), Key::OverTimeHeading)}</h3>
            <p class="muted small">{move || fill(lang.get(), Key::OverTimeIntro, &[from.as_str(), to.as_str()])}</p>
            {has_senders.then(|| view! {
                <h4>{move || tr(lang.get(), Key::OverTimeSenders)}</h4>
                <div class="table-wrap">
                    <table class="compact rows-on-phone">
                        <thead><tr>
                            <th scope="col">{move || tr(lang.get(), Key::Sender)}</th>
                            <th scope="col" class="num">{move || tr(lang.get(), Key::SenderSources)}</th>
                            <th scope="col">{move || tr(lang.get(), Key::FirstSeen)}</th>
                            <th scope="col">{move || tr(lang.get(), Key::LastSeen)}</th>
                            <th scope="col" class="num">{move || tr(lang.get(), Key::Messages)}</th>
                            <th scope="col" class="num">{move || tr(lang.get(), Key::DmarcFail)}</th>
                            <th scope="col">{move || tr(lang.get(), Key::OverTimeDays)}</th>
                        </tr></thead>
                        <tbody>{sender_rows}</tbody>
                    </table>
                </div>
            })}
            <h4>{move || tr(lang.get(), Key::OverTimeSources)}</h4>
            <div class="table-wrap">
                <table class="compact rows-on-phone">
                    <thead><tr>
                        <th scope="col">{move || tr(lang.get(), Key::SourceIp)}</th>
                        <th scope="col">{move || tr(lang.get(), Key::Tag)}</th>
                        <th scope="col">{move || tr(lang.get(), Key::FirstSeen)}</th>
                        <th scope="col">{move || tr(lang.get(), Key::LastSeen)}</th>
                        <th scope="col" class="num">{move || tr(lang.get(), Key::Messages)}</th>
                        <th scope="col" class="num">{move || tr(lang.get(), Key::DmarcFail)}</th>
                        <th scope="col">{move || tr(lang.get(), Key::OverTimeDays)}</th>
                    </tr></thead>
                    <tbody>{source_rows}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sparkline_puts_each_day_in_its_place_and_the_tallest_day_full_height() {
        let day = |date: &str, messages, dmarc_fail| HistoryDay {
            date: date.into(),
            messages,
            dmarc_pass: messages - dmarc_fail,
            dmarc_fail,
        };
        let period = Period { from: "2026-11-01".into(), to: "2026-11-04".into(), days: 4 };
        let bars = spark_bars(
            &[day("2026-11-01", 10, 5), day("2026-11-03", 20, 0), day("2026-12-09", 99, 99), day("junk", 1, 1)],
            &period,
        );
        // Four days across 160: 40 each; the 20 of the 3rd are full height. The 99 of a day
        // outside the period and a date that is none are left out (but set the height scale).
        assert_eq!(bars.len(), 2);
        let (x, w, pass, fail) = bars[1];
        assert_eq!((x, w), (80.0, 40.0));
        assert!((pass - 20.0 / 99.0 * SPARK_H).abs() < 1e-9 && fail == 0.0);
        assert_eq!(bars[0].0, 0.0);
        assert!(spark_bars(&[], &Period::default()).is_empty());
    }
}
