//! Possible spoofing (なりすまし可能性分析): untagged source IPs ranked by volume, with pass/fail,
//! patterns, From domains, reporters, first and last seen, and who probably sends from there.

use dmarc_lens::analyze::Analysis;
use dmarc_lens::export::Table;
use leptos::prelude::*;

use crate::i18n::{date, number, showing, tr, Key, LangCtx};
use crate::state::ReadOnly;
use crate::state::TagThis;
use crate::widgets::CsvButton;

/// Rows added by each "show more".
const PAGE_ROWS: usize = 100;

#[component]
pub fn Spoofing(analysis: Analysis, total: usize) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let TagThis(tag_this) = expect_context::<TagThis>();
    let ReadOnly(read_only) = expect_context::<ReadOnly>();
    let shown = analysis.spoof_suspects.len();
    let empty = shown == 0;
    // Rows are built a page at a time: hundreds of rows at once froze the tab switch.
    let pages = RwSignal::new(1usize);
    let row = move |s: &dmarc_lens::analyze::Suspect| {
        let (first, last) = (s.first_seen, s.last_seen);
        let ip = s.source_ip.clone();
        view! {
            <tr data-testid="suspect-row" data-ip=s.source_ip.clone() data-messages=s.messages>
                <td class="mono">{s.source_ip.clone()}</td>
                <td class="num">{number(s.messages)}</td>
                <td class="num">{number(s.dmarc_pass)}</td>
                <td class="num">{number(s.dmarc_fail)}</td>
                {s.patterns.iter().map(|&v| view! { <td class="num">{number(v)}</td> }).collect_view()}
                <td>{s.header_from.join(", ")}</td>
                <td>{s.reporters.join(", ")}</td>
                <td class="nowrap">{move || date(lang.get(), first)}</td>
                <td class="nowrap">{move || date(lang.get(), last)}</td>
                <td>{s.sender_hint.clone().unwrap_or_default()}</td>
                {(!read_only).then(|| view! {
                    <td><button type="button" class="secondary small" data-testid="tag-this" on:click=move |_| tag_this.run(ip.clone())>
                        {move || tr(lang.get(), Key::TagThis)}</button></td>
                })}
            </tr>
        }
    };
    let suspects = std::sync::Arc::new(analysis.spoof_suspects);
    let bodies = (0..shown.div_ceil(PAGE_ROWS))
        .map(|page| {
            let suspects = suspects.clone();
            view! {
                <Show when=move || { pages.get() > page }>
                    <tbody>{suspects[page * PAGE_ROWS..((page + 1) * PAGE_ROWS).min(shown)].iter().map(row).collect_view()}</tbody>
                </Show>
            }
        })
        .collect_view();
    view! {
        <section class="panel">
            <h3>{move || tr(lang.get(), Key::TabSpoofing)} <CsvButton table=Table::SpoofSuspects /></h3>
            <Show when=move || empty>
                <p class="muted">{move || tr(lang.get(), Key::NoSuspects)}</p>
            </Show>
            <Show when=move || { total > shown }>
                <p class="muted">{move || showing(lang.get(), shown as u64, total as u64)}
                    {(!read_only).then(|| view! { " " {move || tr(lang.get(), Key::CsvHasAll)} })}</p>
            </Show>
            <div class="table-wrap">
                <table>
                    <thead><tr>
                        <th>{move || tr(lang.get(), Key::SourceIp)}</th>
                        <th class="num">{move || tr(lang.get(), Key::Messages)}</th>
                        <th class="num">{move || tr(lang.get(), Key::DmarcPass)}</th>
                        <th class="num">{move || tr(lang.get(), Key::DmarcFail)}</th>
                        {(1..=4).map(|n| view! { <th class="num">{move || format!("{} {n}", tr(lang.get(), Key::Pattern))}</th> }).collect_view()}
                        <th>{move || tr(lang.get(), Key::HeaderFrom)}</th>
                        <th>{move || tr(lang.get(), Key::Reporters)}</th>
                        <th>{move || tr(lang.get(), Key::FirstSeen)}</th>
                        <th>{move || tr(lang.get(), Key::LastSeen)}</th>
                        <th>{move || tr(lang.get(), Key::SenderHint)}</th>
                        {(!read_only).then(|| view! { <th></th> })}
                    </tr></thead>
                    {bodies}
                </table>
            </div>
            <Show when=move || { pages.get() * PAGE_ROWS < shown }>
                <button type="button" class="secondary small more-rows" data-testid="suspects-more" on:click=move |_| pages.update(|p| *p += 1)>
                    {move || tr(lang.get(), Key::ShowMore)}
                </button>
            </Show>
        </section>
    }
}
