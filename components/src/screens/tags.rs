//! Failures per tag (タグ別エラー分析): each known-sender tag's volume, pass rate and failures per
//! pattern; a row opens to show the tag's source IPs.

use std::sync::Arc;

use dmarc_lens::analyze::rows::{top_pattern, RowQuery, SourceColumn as C};
use dmarc_lens::analyze::{Analysis, SourceRow};
use dmarc_lens::export::Table;
use leptos::prelude::*;

use crate::i18n::{number, percent, tr, Key, LangCtx};
use crate::widgets::table::{cell, row_id, Head, Label, LongTable, Shown};
use crate::widgets::CsvButton;

/// A tag's sources: on a phone's card, the address, messages, pass rate and the pattern with most
/// failures.
fn source_heads() -> Vec<Head<C>> {
    vec![
        Head::text(Label::Key(Key::SourceIp), C::SourceIp, Shown::Always),
        Head::figure(Label::Key(Key::Messages), C::Messages, Shown::Always),
        Head::figure(Label::Key(Key::PassRate), C::PassRate, Shown::Always),
        Head::figure(Label::Pattern(1), C::Pattern1, Shown::WideOnly),
        Head::figure(Label::Pattern(2), C::Pattern2, Shown::WideOnly),
        Head::figure(Label::Pattern(3), C::Pattern3, Shown::WideOnly),
        Head::figure(Label::Pattern(4), C::Pattern4, Shown::WideOnly),
        Head::plain(Label::Key(Key::TopPattern), false, Shown::CardOnly),
    ]
}

fn source_row(s: &SourceRow) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let top = top_pattern(&s.patterns);
    let top = move || {
        top.map_or_else(
            || "—".to_string(),
            |(n, messages)| format!("{} {n} · {}", tr(lang.get(), Key::Pattern), number(messages)),
        )
    };
    view! {
        <tr data-testid="source-row" data-ip=s.source_ip.clone() data-messages=s.messages>
            {cell(Label::Key(Key::SourceIp), "mono key", Shown::Always, s.source_ip.clone())}
            {cell(Label::Key(Key::Messages), "num", Shown::Always, number(s.messages))}
            {cell(Label::Key(Key::PassRate), "num", Shown::Always, percent(s.dmarc_pass, s.messages))}
            {(1u8..=4).zip(s.patterns).map(|(n, v)| cell(Label::Pattern(n), "num", Shown::WideOnly, number(v))).collect_view()}
            {cell(Label::Key(Key::TopPattern), "", Shown::CardOnly, top)}
        </tr>
    }
}

#[component]
pub fn TagsView(analysis: Analysis) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let empty = analysis.tags.is_empty();
    let rows = analysis
        .tags
        .iter()
        .map(|t| {
            let sources = LongTable {
                name: "sources",
                held: Arc::new(t.sources.clone()),
                total: t.sources.len(),
                query: RwSignal::new(RowQuery::default()),
                remote: None,
                heads: source_heads(),
                row: source_row,
            };
            view! {
                <tbody>
                    <tr data-testid="tag-row" data-tag=t.tag.clone() data-messages=t.messages id=row_id("tags", &t.tag) tabindex="-1">
                        <th scope="row" class="key">{t.tag.clone()}</th>
                        {cell(Label::Key(Key::Messages), "num", Shown::Always, number(t.messages))}
                        {cell(Label::Key(Key::PassRate), "num", Shown::Always, percent(t.dmarc_pass, t.messages))}
                        {cell(Label::Key(Key::DmarcFail), "num", Shown::Always, number(t.dmarc_fail))}
                        {(1u8..=4).zip(t.patterns).map(|(n, v)| cell(Label::Pattern(n), "num", Shown::Always, number(v))).collect_view()}
                    </tr>
                    <tr class="advice-row"><td colspan="8">
                        <details>
                            <summary>{move || tr(lang.get(), Key::SourceIp)}</summary>
                            {sources.view()}
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
            <div class="table-wrap" tabindex="0" role="region" aria-label=move || tr(lang.get(), Key::TabTags)>
                <table class="cards-on-phone">
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
