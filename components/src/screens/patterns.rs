//! Failure patterns (エラーパターン分析): one row per pattern with SPF auth, DMARC SPF, DKIM auth,
//! DMARC DKIM, total / tagged / possible-spoofing messages and shares; the pattern with most
//! failures is named first; each row opens its cause and fix.

use dmarc_lens::analyze::Analysis;
use dmarc_lens::export::Table;
use leptos::prelude::*;

use crate::i18n::{number, percent, text, tr, Key, LangCtx};
use crate::widgets::table::{cell, row_id, Label, Shown};
use crate::widgets::{CsvButton, OkNg};

#[component]
pub fn Patterns(analysis: Analysis) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let total = analysis.totals.messages;
    let worst =
        analysis.patterns.iter().filter(|p| p.messages > 0).max_by_key(|p| p.messages).map(|p| (p.pattern, p.messages));
    let worst_title =
        worst.and_then(|(n, _)| analysis.advice.iter().find(|a| a.pattern == n).map(|a| (n, a.title.clone())));
    let figure = move |key: Key, messages: u64| {
        cell(
            Label::Key(key),
            "num",
            Shown::Always,
            view! { {number(messages)} <span class="muted">{percent(messages, total)}</span> },
        )
    };
    let rows = analysis
        .patterns
        .iter()
        .map(|p| {
            let advice = analysis.advice.iter().find(|a| a.pattern == p.pattern).cloned();
            let is_worst = worst.is_some_and(|(n, _)| n == p.pattern);
            let (title, cause, fix) = match advice {
                Some(a) => (a.title, a.cause, a.fix),
                None => Default::default(),
            };
            view! {
                <tbody class:worst=is_worst>
                    <tr data-testid="pattern-row" data-pattern=p.pattern data-messages=p.messages data-tagged=p.tagged data-untagged=p.untagged
                        id=row_id("patterns", &p.pattern.to_string()) tabindex="-1">
                        <th scope="row" class="key" data-label=move || tr(lang.get(), Key::Pattern)>{p.pattern}</th>
                        {cell(Label::Key(Key::SpfAuth), "", Shown::Always, view! { <OkNg ok=p.spf_auth == "pass" /> })}
                        // DMARC SPF and DMARC DKIM fail in every pattern: a phone's card leaves them out.
                        {cell(Label::Key(Key::DmarcSpf), "", Shown::WideOnly, view! { <OkNg ok=false /> })}
                        {cell(Label::Key(Key::DkimAuth), "", Shown::Always, view! { <OkNg ok=p.dkim_auth == "pass" /> })}
                        {cell(Label::Key(Key::DmarcDkim), "", Shown::WideOnly, view! { <OkNg ok=false /> })}
                        {figure(Key::Total, p.messages)}
                        {figure(Key::Tagged, p.tagged)}
                        {figure(Key::Untagged, p.untagged)}
                    </tr>
                    <tr class="advice-row">
                        <td colspan="8">
                            <details data-testid="pattern-advice" open=is_worst>
                                <summary>{move || text(lang.get(), &title)}</summary>
                                <p><strong>{move || tr(lang.get(), Key::Cause)}</strong>" "{move || text(lang.get(), &cause)}</p>
                                <p><strong>{move || tr(lang.get(), Key::Fix)}</strong>" "{move || text(lang.get(), &fix)}</p>
                            </details>
                        </td>
                    </tr>
                </tbody>
            }
        })
        .collect_view();
    view! {
        <section class="panel">
            <h3>{move || tr(lang.get(), Key::TabPatterns)} <CsvButton table=Table::Patterns /></h3>
            {worst_title.map(|(n, title)| view! {
                <p class="callout" data-testid="worst-pattern">
                    <strong>{move || tr(lang.get(), Key::MostFailures)}</strong>
                    {move || format!(" {} {n}: {}", tr(lang.get(), Key::Pattern), text(lang.get(), &title))}
                </p>
            })}
            <div class="table-wrap" tabindex="0" role="region" aria-label=move || tr(lang.get(), Key::TabPatterns)>
                <table class="patterns cards-on-phone">
                    <thead><tr>
                        <th>{move || tr(lang.get(), Key::Pattern)}</th>
                        <th>{move || tr(lang.get(), Key::SpfAuth)}</th>
                        <th class="wide-only">{move || tr(lang.get(), Key::DmarcSpf)}</th>
                        <th>{move || tr(lang.get(), Key::DkimAuth)}</th>
                        <th class="wide-only">{move || tr(lang.get(), Key::DmarcDkim)}</th>
                        <th class="num">{move || tr(lang.get(), Key::Total)}</th>
                        <th class="num">{move || tr(lang.get(), Key::Tagged)}</th>
                        <th class="num">{move || tr(lang.get(), Key::Untagged)}</th>
                    </tr></thead>
                    {rows}
                </table>
            </div>
        </section>
    }
}
