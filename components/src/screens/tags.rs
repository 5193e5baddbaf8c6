//! Failures per tag (タグ別エラー分析): each known-sender tag's volume, pass rate and failures per
//! pattern; a row opens to show the tag's source IPs.

use dmarc_lens::analyze::Analysis;
use dmarc_lens::export::Table;
use leptos::prelude::*;

use crate::i18n::{number, percent, tr, Key, LangCtx};
use crate::widgets::CsvButton;

#[component]
pub fn TagsView(analysis: Analysis) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let empty = analysis.tags.is_empty();
    let rows = analysis
        .tags
        .iter()
        .map(|t| {
            let sources = t
                .sources
                .iter()
                .map(|s| {
                    view! {
                        <tr>
                            <td class="mono">{s.source_ip.clone()}</td>
                            <td class="num">{number(s.messages)}</td>
                            <td class="num">{percent(s.dmarc_pass, s.messages)}</td>
                            {s.patterns.iter().map(|&v| view! { <td class="num">{number(v)}</td> }).collect_view()}
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <tbody>
                    <tr data-testid="tag-row" data-tag=t.tag.clone() data-messages=t.messages>
                        <th scope="row">{t.tag.clone()}</th>
                        <td class="num">{number(t.messages)}</td>
                        <td class="num">{percent(t.dmarc_pass, t.messages)}</td>
                        <td class="num">{number(t.dmarc_fail)}</td>
                        {t.patterns.iter().map(|&v| view! { <td class="num">{number(v)}</td> }).collect_view()}
                    </tr>
                    <tr class="advice-row"><td colspan="8">
                        <details>
                            <summary>{move || tr(lang.get(), Key::SourceIp)}</summary>
                            <table class="inner">
                                <thead><tr>
                                    <th>{move || tr(lang.get(), Key::SourceIp)}</th>
                                    <th class="num">{move || tr(lang.get(), Key::Messages)}</th>
                                    <th class="num">{move || tr(lang.get(), Key::PassRate)}</th>
                                    {(1..=4).map(|n| view! { <th class="num">{move || format!("{} {n}", tr(lang.get(), Key::Pattern))}</th> }).collect_view()}
                                </tr></thead>
                                <tbody>{sources}</tbody>
                            </table>
                        </details>
                    </td></tr>
                </tbody>
            }
        })
        .collect_view();
    view! {
        <section class="panel">
            <h3>{move || tr(lang.get(), Key::TabTags)} <CsvButton table=Table::Tags /></h3>
            <Show when=move || empty>
                <p class="callout">{move || tr(lang.get(), Key::NoTags)}</p>
            </Show>
            <div class="table-wrap">
                <table>
                    <thead><tr>
                        <th>{move || tr(lang.get(), Key::Tag)}</th>
                        <th class="num">{move || tr(lang.get(), Key::Messages)}</th>
                        <th class="num">{move || tr(lang.get(), Key::PassRate)}</th>
                        <th class="num">{move || tr(lang.get(), Key::DmarcFail)}</th>
                        {(1..=4).map(|n| view! { <th class="num">{move || format!("{} {n}", tr(lang.get(), Key::Pattern))}</th> }).collect_view()}
                    </tr></thead>
                    {rows}
                </table>
            </div>
        </section>
    }
}
