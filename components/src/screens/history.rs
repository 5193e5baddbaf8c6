//! The analysis over time: the recent window against the period of the same length before it
//! (every figure side by side, the largest changes ranked), the sources new in the window and
//! those gone silent, the reporters gone silent, and the daily chart split by tag or pattern.
//! Senders and sources day by day are `over_time.rs`.

use std::collections::HashMap;

use dmarc_lens::analyze::{Change, DayRow, History, HistoryDay, PeriodCounts, SourceHistory, Subject, Suspect};
use leptos::prelude::*;

use crate::i18n::{fill, number, tr, Key, Lang, LangCtx};
use crate::screens::policy::pattern_short;
use crate::state::links::RowLink;
use crate::state::{AlertRulesCtx, GoToRow, ReadOnly};
use crate::widgets::chart::DailyChart;

/// Period lengths offered for the comparison: a week, two, a month.
const LENGTHS: [u32; 3] = [7, 14, 30];
/// Ranked changes shown.
const CHANGES_SHOWN: usize = 10;
/// New or gone sources and gone reporters shown in each list.
const LISTED: usize = 20;

/// `+12`, `−3`, `0`: a change with its sign.
pub fn signed(change: i64) -> String {
    match change {
        0 => "0".to_string(),
        n if n > 0 => format!("+{}", number(n.unsigned_abs())),
        n => format!("−{}", number(n.unsigned_abs())),
    }
}

/// What a ranked change is about: the whole, a tag, a pattern.
fn change_subject(lang: Lang, change: &Change) -> String {
    match change.table.as_str() {
        "tag" => change.key.clone(),
        "pattern" => {
            let n: u8 = change.key.parse().unwrap_or(0);
            format!("{} ({})", fill(lang, Key::PatternNamed, &[change.key.as_str()]), tr(lang, pattern_short(n)))
        }
        _ => tr(lang, Key::CompareAll).to_string(),
    }
}

/// A column of the tags' comparison: "Messages · Before".
fn head(lang: Lang, measure: Key, period: Key) -> String {
    format!("{} · {}", tr(lang, measure), tr(lang, period))
}

fn measure_key(measure: &str) -> Key {
    if measure == "dmarc_fail" {
        Key::MeasureFail
    } else {
        Key::MeasureMessages
    }
}

/// The rows of the side-by-side table: what each is and its two figures.
fn figure_rows(before: &PeriodCounts, now: &PeriodCounts) -> Vec<(Key, Option<u8>, u64, u64)> {
    let mut rows = vec![
        (Key::Messages, None, before.messages, now.messages),
        (Key::DmarcPass, None, before.dmarc_pass, now.dmarc_pass),
        (Key::DmarcFail, None, before.dmarc_fail, now.dmarc_fail),
    ];
    for p in 0..4u8 {
        let i = usize::from(p);
        rows.push((
            Key::PatternNamed,
            Some(p + 1),
            before.patterns.get(i).copied().unwrap_or(0),
            now.patterns.get(i).copied().unwrap_or(0),
        ));
    }
    rows
}

fn difference(before: u64, now: u64) -> i64 {
    i64::try_from(now).unwrap_or(i64::MAX).saturating_sub(i64::try_from(before).unwrap_or(i64::MAX))
}

#[component]
pub fn Changes(history: History) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let ReadOnly(read_only) = expect_context::<ReadOnly>();
    let rules = use_context::<AlertRulesCtx>().map(|AlertRulesCtx(r)| r);
    // The comparison is the window against the period before it: its length is the window's.
    let chooser = (!read_only).then_some(rules).flatten().map(|rules| {
        let mut lengths: Vec<u32> = LENGTHS.to_vec();
        let current = rules.with_untracked(|r| r.window_days);
        if !lengths.contains(&current) {
            lengths.push(current);
            lengths.sort_unstable();
        }
        let options = lengths
            .into_iter()
            .map(|n| {
                view! { <option value=n.to_string() selected=n == current>{move || fill(lang.get(), Key::CompareDays, &[n.to_string().as_str()])}</option> }
            })
            .collect_view();
        let on_change = move |ev: web_sys::Event| {
            if let Ok(n) = event_target_value(&ev).parse::<u32>() {
                if n > 0 && n != rules.get_untracked().window_days {
                    rules.update(|r| r.window_days = n);
                }
            }
        };
        view! {
            <label class="small inline">
                {move || tr(lang.get(), Key::CompareLength)} " "
                <select data-testid="compare-days" on:change=on_change>{options}</select>
            </label>
        }
    });
    let body = match history.comparison {
        // Share links leave the history out (it is long, and names every source day by day).
        None if read_only && history.period.is_none() => {
            view! { <p class="muted" data-testid="compare-none">{move || tr(lang.get(), Key::NotInShared)}</p> }
                .into_any()
        }
        None => view! { <p class="muted" data-testid="compare-none">{move || tr(lang.get(), Key::CompareNone)}</p> }
            .into_any(),
        Some(c) => {
            let (cur, prev) = (c.current_period.clone(), c.previous_period.clone());
            let periods = move || {
                fill(
                    lang.get(),
                    Key::ComparePeriods,
                    &[&number(u64::from(cur.days)), &cur.from, &cur.to, &prev.from, &prev.to],
                )
            };
            let figures = figure_rows(&c.previous, &c.current)
                .into_iter()
                .map(|(key, pattern, before, now)| {
                    let measure = pattern.map_or_else(|| format!("{key:?}"), |p| format!("pattern{p}"));
                    let label = move || {
                        let lang = lang.get();
                        match pattern {
                            Some(p) => format!(
                                "{} ({})",
                                fill(lang, key, &[p.to_string().as_str()]),
                                tr(lang, pattern_short(p))
                            ),
                            None => tr(lang, key).to_string(),
                        }
                    };
                    view! {
                        <tr data-testid="compare-row" data-measure=measure data-before=before data-now=now>
                            <th scope="row">{label}</th>
                            <td class="num">{number(before)}</td>
                            <td class="num">{number(now)}</td>
                            <td class="num">{signed(difference(before, now))}</td>
                        </tr>
                    }
                })
                .collect_view();
            let tags = c
                .tags
                .iter()
                .map(|t| {
                    view! {
                        <tr data-testid="compare-tag" data-tag=t.tag.clone()>
                            <th scope="row" class="key">{t.tag.clone()}</th>
                            <td class="num" data-label=move || head(lang.get(), Key::Messages, Key::CompareBefore)>{number(t.previous.messages)}</td>
                            <td class="num" data-label=move || head(lang.get(), Key::Messages, Key::CompareNow)>{number(t.current.messages)}</td>
                            <td class="num" data-label=move || head(lang.get(), Key::DmarcFail, Key::CompareBefore)>{number(t.previous.dmarc_fail)}</td>
                            <td class="num" data-label=move || head(lang.get(), Key::DmarcFail, Key::CompareNow)>{number(t.current.dmarc_fail)}</td>
                        </tr>
                    }
                })
                .collect_view();
            let has_tags = !c.tags.is_empty();
            let ranked = c
                .changes
                .iter()
                .take(CHANGES_SHOWN)
                .map(|change| {
                    let change = change.clone();
                    let testid_key = format!("{}:{}:{}", change.table, change.key, change.measure);
                    let delta = change.change;
                    view! {
                        <li data-testid="change" data-change=testid_key data-delta=delta>
                            {move || {
                                let lang = lang.get();
                                fill(lang, Key::ChangeLine, &[
                                    change_subject(lang, &change).as_str(),
                                    tr(lang, measure_key(&change.measure)),
                                    &number(change.previous),
                                    &format!("{} ({})", number(change.current), signed(change.change)),
                                ])
                            }}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <p class="muted small" data-testid="compare-periods">{periods}</p>
                <div class="two-col">
                    <div class="table-wrap">
                        <table class="compact">
                            <thead><tr>
                                <th scope="col">{move || tr(lang.get(), Key::CompareMeasure)}</th>
                                <th scope="col" class="num">{move || tr(lang.get(), Key::CompareBefore)}</th>
                                <th scope="col" class="num">{move || tr(lang.get(), Key::CompareNow)}</th>
                                <th scope="col" class="num">{move || tr(lang.get(), Key::CompareChange)}</th>
                            </tr></thead>
                            <tbody>{figures}</tbody>
                        </table>
                    </div>
                    <div>
                        <h4>{move || tr(lang.get(), Key::CompareRanked)}</h4>
                        <ol class="changes small">{ranked}</ol>
                    </div>
                </div>
                <Show when=move || has_tags>
                    <h4>{move || tr(lang.get(), Key::CompareTags)}</h4>
                </Show>
                {has_tags.then(|| view! {
                    <div class="table-wrap">
                        <table class="compact rows-on-phone">
                            <thead><tr>
                                <th scope="col">{move || tr(lang.get(), Key::Tag)}</th>
                                <th scope="col" class="num">{move || head(lang.get(), Key::Messages, Key::CompareBefore)}</th>
                                <th scope="col" class="num">{move || head(lang.get(), Key::Messages, Key::CompareNow)}</th>
                                <th scope="col" class="num">{move || head(lang.get(), Key::DmarcFail, Key::CompareBefore)}</th>
                                <th scope="col" class="num">{move || head(lang.get(), Key::DmarcFail, Key::CompareNow)}</th>
                            </tr></thead>
                            <tbody>{tags}</tbody>
                        </table>
                    </div>
                })}
            }
            .into_any()
        }
    };
    view! {
        <section class="panel" data-testid="comparison">
            <h3>{move || tr(lang.get(), Key::CompareHeading)} {chooser}</h3>
            {body}
        </section>
    }
}

/// A source's row in the new or gone lists; its address opens it in Possible spoofing when it
/// is not registered.
fn source_row(
    lang: RwSignal<Lang>,
    go: Callback<RowLink>,
    s: &SourceHistory,
    names: &HashMap<String, String>,
    testid: &'static str,
) -> impl IntoView {
    let ip = s.source_ip.clone();
    let tag = s.tag.clone();
    let name = names.get(&s.source_ip).cloned().unwrap_or_default();
    let address = if tag.is_none() {
        let target = ip.clone();
        view! { <button type="button" class="link mono" on:click=move |_| go.run(RowLink::of(&Subject::Source(target.clone())))>{ip.clone()}</button> }.into_any()
    } else {
        view! { <span class="mono">{ip.clone()}</span> }.into_any()
    };
    let tag_text = move || tag.clone().unwrap_or_else(|| tr(lang.get(), Key::NotRegistered).to_string());
    view! {
        <tr data-testid=testid data-ip=s.source_ip.clone() data-first=s.first_seen.clone() data-last=s.last_seen.clone()
            data-window-messages=s.window_messages data-window-fail=s.window_dmarc_fail>
            <td class="key">{address}</td>
            <td data-label=move || tr(lang.get(), Key::Sender)>{name}</td>
            <td data-label=move || tr(lang.get(), Key::Tag)>{tag_text}</td>
            <td class="nowrap" data-label=move || tr(lang.get(), Key::FirstSeen)>{s.first_seen.clone()}</td>
            <td class="nowrap" data-label=move || tr(lang.get(), Key::LastSeen)>{s.last_seen.clone()}</td>
            <td class="num" data-label=move || tr(lang.get(), Key::WindowMessages)>{number(s.window_messages)}</td>
            <td class="num" data-label=move || tr(lang.get(), Key::WindowFail)>{number(s.window_dmarc_fail)}</td>
            <td class="num" data-label=move || tr(lang.get(), Key::Messages)>{number(s.messages)}</td>
        </tr>
    }
}

fn sources_table(
    lang: RwSignal<Lang>,
    go: Callback<RowLink>,
    sources: &[SourceHistory],
    names: &HashMap<String, String>,
    testid: &'static str,
) -> impl IntoView {
    if sources.is_empty() {
        return view! { <p class="muted small">{move || tr(lang.get(), Key::NoneListed)}</p> }.into_any();
    }
    let rows = sources.iter().take(LISTED).map(|s| source_row(lang, go, s, names, testid)).collect_view();
    view! {
        <div class="table-wrap">
            <table class="compact rows-on-phone">
                <thead><tr>
                    <th scope="col">{move || tr(lang.get(), Key::SourceIp)}</th>
                    <th scope="col">{move || tr(lang.get(), Key::Sender)}</th>
                    <th scope="col">{move || tr(lang.get(), Key::Tag)}</th>
                    <th scope="col">{move || tr(lang.get(), Key::FirstSeen)}</th>
                    <th scope="col">{move || tr(lang.get(), Key::LastSeen)}</th>
                    <th scope="col" class="num">{move || tr(lang.get(), Key::WindowMessages)}</th>
                    <th scope="col" class="num">{move || tr(lang.get(), Key::WindowFail)}</th>
                    <th scope="col" class="num">{move || tr(lang.get(), Key::Messages)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
pub fn NewAndGone(history: History, suspects: Vec<Suspect>) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let ReadOnly(read_only) = expect_context::<ReadOnly>();
    if read_only && history.period.is_none() {
        return ().into_any();
    }
    let GoToRow(go) = expect_context::<GoToRow>();
    // The names the senders pack gave the unregistered sources.
    let names: HashMap<String, String> =
        suspects.into_iter().filter_map(|s| s.sender.map(|sender| (s.source_ip, sender.name))).collect();
    let days = history.window.as_ref().map_or(0, |w| w.days);
    let (new_total, gone_total, reporters_total) =
        (history.new_sources_total, history.gone_sources_total, history.gone_reporters_total);
    let reporters = if history.gone_reporters.is_empty() {
        view! { <p class="muted small">{move || tr(lang.get(), Key::NoneListed)}</p> }.into_any()
    } else {
        let items = history
            .gone_reporters
            .iter()
            .take(LISTED)
            .map(|r| {
                let name = r.org_name.clone();
                view! { <li data-testid="gone-reporter" data-reporter=r.org_name.clone() data-last=r.last_seen.clone()>
                    <strong>{name}</strong> " " <span class="muted">{format!("{} – {}", r.first_seen, r.last_seen)}</span></li> }
            })
            .collect_view();
        view! { <ul class="plain small">{items}</ul> }.into_any()
    };
    view! {
        <section class="panel" data-testid="new-and-gone">
            <h3>{move || fill(lang.get(), Key::NewSourcesHeading, &[number(new_total).as_str()])}</h3>
            <p class="muted small">{move || fill(lang.get(), Key::NewSourcesIntro, &[number(u64::from(days)).as_str()])}</p>
            {sources_table(lang, go, &history.new_sources, &names, "new-source")}
            <h4>{move || fill(lang.get(), Key::GoneSourcesHeading, &[number(gone_total).as_str()])}</h4>
            {sources_table(lang, go, &history.gone_sources, &names, "gone-source")}
            <h4>{move || fill(lang.get(), Key::GoneReportersHeading, &[number(reporters_total).as_str()])}</h4>
            {reporters}
        </section>
    }
    .into_any()
}

/// A daily series as the chart draws it.
fn day_rows(days: &[HistoryDay]) -> Vec<DayRow> {
    days.iter()
        .map(|d| DayRow {
            date: d.date.clone(),
            messages: d.messages,
            dmarc_pass: d.dmarc_pass,
            dmarc_fail: d.dmarc_fail,
        })
        .collect()
}

/// The daily chart of all mail, a tag's or a pattern's (a pattern's mail all fails DMARC),
/// chosen above it.
#[component]
pub fn DailySplit(days: Vec<DayRow>, history: History) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let choice = RwSignal::new(String::from("all"));
    let tag_series: Vec<(String, Vec<DayRow>)> =
        history.tags.iter().map(|t| (t.tag.clone(), day_rows(&t.days))).collect();
    let pattern_series: Vec<(u8, Vec<DayRow>)> = history
        .patterns
        .iter()
        .map(|p| {
            let rows = p
                .days
                .iter()
                .map(|d| DayRow { date: d.date.clone(), messages: d.messages, dmarc_pass: 0, dmarc_fail: d.messages })
                .collect();
            (p.pattern, rows)
        })
        .collect();
    let splittable = !tag_series.is_empty() || !pattern_series.is_empty();
    let options = {
        let tag_options = tag_series
            .iter()
            .map(|(tag, _)| {
                let tag = tag.clone();
                let value = format!("tag:{tag}");
                view! { <option value=value>{move || fill(lang.get(), Key::ChartTag, &[tag.as_str()])}</option> }
            })
            .collect_view();
        let pattern_options = pattern_series
            .iter()
            .map(|(p, _)| {
                let p = *p;
                view! { <option value=format!("pattern:{p}")>{move || fill(lang.get(), Key::ChartPattern, &[p.to_string().as_str(), tr(lang.get(), pattern_short(p))])}</option> }
            })
            .collect_view();
        view! {
            <option value="all">{move || tr(lang.get(), Key::ChartAll)}</option>
            {pattern_options}
            {tag_options}
        }
    };
    let chart = move || {
        let chosen = choice.get();
        let series = if let Some(tag) = chosen.strip_prefix("tag:") {
            tag_series.iter().find(|(t, _)| t == tag).map(|(_, d)| d.clone())
        } else if let Some(p) = chosen.strip_prefix("pattern:") {
            pattern_series.iter().find(|(n, _)| n.to_string() == p).map(|(_, d)| d.clone())
        } else {
            None
        };
        view! { <DailyChart days=series.unwrap_or_else(|| days.clone()) /> }
    };
    view! {
        {splittable.then(|| view! {
            <label class="small inline chart-split">
                {move || tr(lang.get(), Key::ChartShow)} " "
                <select data-testid="chart-split" on:change=move |ev| choice.set(event_target_value(&ev))>{options}</select>
            </label>
        })}
        <div data-testid="chart-series" data-series=move || choice.get()>{chart}</div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_carry_their_sign_and_do_not_overflow() {
        assert_eq!(signed(0), "0");
        assert_eq!(signed(1234), "+1,234");
        assert_eq!(signed(-5), "−5");
        assert_eq!(signed(i64::MIN), "−9,223,372,036,854,775,808");
        assert_eq!(difference(10, 4), -6);
        assert_eq!(difference(0, u64::MAX), i64::MAX);
        assert_eq!(difference(u64::MAX, 0), -i64::MAX);
    }
}
