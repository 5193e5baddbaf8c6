//! Failure patterns (エラーパターン分析): one row per pattern with SPF auth, DMARC SPF, DKIM auth,
//! DMARC DKIM, total / tagged / possible-spoofing messages and shares; the pattern with most
//! failures is named first; each row opens its cause and fix, and says which of your tags and
//! which unregistered senders are in it, each a click from its rows.

use dmarc_lens::analyze::{Analysis, SenderRow, Subject, TagRow};
use dmarc_lens::export::Table;
use leptos::prelude::*;

use crate::i18n::{fill, number, percent, text, tr, Key, Lang, LangCtx};
use crate::protocol::LongTable;
use crate::screens::by_sender::class_key;
use crate::state::links::RowLink;
use crate::state::tab::Tab;
use crate::state::GoToRow;
use crate::widgets::table::{cell, row_id, Label, Shown};
use crate::widgets::{CsvButton, OkNg};

/// Tags and senders named under each pattern.
const WHO_SHOWN: usize = 5;

/// The tags with mail in pattern `n` (1 to 4), most first.
fn tags_in(tags: &[TagRow], n: u8) -> Vec<(String, u64)> {
    let i = usize::from(n.saturating_sub(1));
    let mut in_it: Vec<(String, u64)> =
        tags.iter().filter_map(|t| t.patterns.get(i).filter(|&&m| m > 0).map(|&m| (t.tag.clone(), m))).collect();
    in_it.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    in_it
}

/// The unregistered senders with mail in pattern `n`, most first.
fn senders_in(senders: &[SenderRow], n: u8) -> Vec<(&SenderRow, u64)> {
    let i = usize::from(n.saturating_sub(1));
    let mut in_it: Vec<(&SenderRow, u64)> =
        senders.iter().filter_map(|s| s.patterns.get(i).filter(|&&m| m > 0).map(|&m| (s, m))).collect();
    in_it.sort_by(|a, b| b.1.cmp(&a.1));
    in_it
}

/// "Your tags in it" and "Unregistered senders in it" under a pattern, each entry leading to
/// its rows: a tag to its row of By sender tag, a sender to its addresses in Possible spoofing.
fn who_is_in(lang: RwSignal<Lang>, go: Callback<RowLink>, analysis: &Analysis, n: u8) -> impl IntoView {
    let tags = tags_in(&analysis.tags, n);
    let senders = senders_in(&analysis.senders, n);
    let tag_items = tags
        .iter()
        .take(WHO_SHOWN)
        .map(|(tag, messages)| {
            let (target, messages) = (tag.clone(), *messages);
            view! {
                <li data-testid="pattern-tag" data-tag=tag.clone() data-messages=messages>
                    <button type="button" class="link" on:click=move |_| go.run(RowLink::of(&Subject::Tag(target.clone())))>{tag.clone()}</button>
                    " " {number(messages)}
                </li>
            }
        })
        .collect_view();
    let sender_items = senders
        .iter()
        .take(WHO_SHOWN)
        .map(|(s, messages)| {
            let messages = *messages;
            let class = s.classes.main_class().map(class_key);
            let label = s.name.clone();
            // A named sender leads to its addresses: the address table searched for its name,
            // its first address brought into view.
            let link = s.name.clone().zip(s.source_ips.first().cloned()).map(|(name, ip)| RowLink {
                tab: Tab::Spoofing,
                id: row_id("suspects", &ip),
                search: Some((LongTable::Suspects, name)),
                place: Key::TabSpoofing,
            });
            let who = match (label, link) {
                (Some(name), Some(link)) => view! {
                    <button type="button" class="link" on:click=move |_| go.run(link.clone())>{name}</button>
                }
                .into_any(),
                _ => view! { <span>{move || tr(lang.get(), Key::SenderUnnamed)}</span> }.into_any(),
            };
            view! {
                <li data-testid="pattern-sender" data-sender=s.name.clone().unwrap_or_default() data-messages=messages>
                    {who} " " {number(messages)}
                    {class.map(|k| view! { <span class="muted">" · " {move || tr(lang.get(), k)}</span> })}
                </li>
            }
        })
        .collect_view();
    let (has_tags, has_senders) = (!tags.is_empty(), !senders.is_empty());
    view! {
        <div class="pattern-who small" data-testid="pattern-who">
            {has_tags.then(|| view! {
                <div><span class="muted">{move || tr(lang.get(), Key::PatternTags)}</span> " " <ul class="inline-list">{tag_items}</ul></div>
            })}
            {has_senders.then(|| view! {
                <div><span class="muted">{move || tr(lang.get(), Key::PatternSenders)}</span> " " <ul class="inline-list">{sender_items}</ul></div>
            })}
        </div>
    }
}

#[component]
pub fn Patterns(analysis: Analysis) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let GoToRow(go) = expect_context::<GoToRow>();
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
            let who = who_is_in(lang, go, &analysis, p.pattern);
            let classes = p.classes;
            let split = (p.untagged > 0).then(|| view! {
                <p class="small muted" data-testid="pattern-classes" data-unknown=classes.unknown
                    data-service=classes.service_not_set_up data-forwarded=classes.forwarded>
                    {move || fill(lang.get(), Key::PatternClasses, &[
                        number(classes.unknown).as_str(), &number(classes.service_not_set_up), &number(classes.forwarded)])}
                </p>
            });
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
                        // Possible spoofing counts as everywhere: the unknown class alone.
                        {figure(Key::Untagged, p.classes.unknown)}
                    </tr>
                    <tr class="advice-row">
                        <td colspan="8">
                            <details data-testid="pattern-advice" open=is_worst>
                                <summary>{move || text(lang.get(), &title)}</summary>
                                <p><strong>{move || tr(lang.get(), Key::Cause)}</strong>" "{move || text(lang.get(), &cause)}</p>
                                <p><strong>{move || tr(lang.get(), Key::Fix)}</strong>" "{move || text(lang.get(), &fix)}</p>
                            </details>
                            {split}
                            {who}
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
