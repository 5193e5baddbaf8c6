//! Possible spoofing (なりすまし可能性分析): untagged source IPs ranked by volume, with pass/fail,
//! patterns, From domains, reporters, first and last seen, and who probably sends from there.

use dmarc_lens::analyze::Analysis;
use dmarc_lens::export::Table;
use leptos::prelude::*;

use crate::app::TagThis;
use crate::i18n::{date, number, tr, Key, LangCtx};
use crate::state::ReadOnly;
use crate::widgets::CsvButton;

#[component]
pub fn Spoofing(analysis: Analysis, total: usize) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let TagThis(tag_this) = expect_context::<TagThis>();
    let ReadOnly(read_only) = expect_context::<ReadOnly>();
    let shown = analysis.spoof_suspects.len();
    let empty = shown == 0;
    let rows = analysis
        .spoof_suspects
        .iter()
        .map(|s| {
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
        })
        .collect_view();
    view! {
        <section class="panel">
            <h3>{move || tr(lang.get(), Key::TabSpoofing)} <CsvButton table=Table::SpoofSuspects /></h3>
            <Show when=move || empty>
                <p class="muted">{move || tr(lang.get(), Key::NoSuspects)}</p>
            </Show>
            <Show when=move || { total > shown }>
                <p class="muted">{move || format!("{} {} {} {}", tr(lang.get(), Key::ShowingTop), number(shown as u64), tr(lang.get(), Key::OfTotal), number(total as u64))}</p>
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
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
