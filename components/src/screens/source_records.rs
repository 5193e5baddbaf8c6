//! What one source sent (`source-detail`): its records under the filters, grouped by the engine
//! into combinations (`analyze::source_records`), one `source-combo` row each — From, envelope
//! From, every DKIM result with its selector and SPF result with its scope (pass and fail in
//! words and colour), the DMARC verdict and pattern, what the receiver did and why, reporters
//! and days. A dialog over the page, opened by `RecordsButton` (a possible-spoofing row) or
//! `SourceLinks` (a sender's addresses); Escape or Close gives the focus back to the opener.

use dmarc_lens::analyze::{Combination, SourceRecords};
use dmarc_lens::model::{AuthResult, DmarcResult};
use leptos::prelude::*;

use crate::i18n::{count, fill, number, tr, Key, Lang, LangCtx};
use crate::screens::receivers::reason_key;
use crate::screens::spoofing::pattern_short;
use crate::state::source::{OpenSource, SourceCtx, TITLE_ID};

/// A sender row's addresses linked at once; the address table has them all.
const LINKED_SOURCES: usize = 5;

/// The words of an auth result, and the colour they are shown in.
fn auth_words(result: AuthResult) -> (Key, &'static str) {
    match result {
        AuthResult::Pass => (Key::AuthPass, "result ok"),
        AuthResult::Fail => (Key::AuthFail, "result bad"),
        AuthResult::PermError => (Key::AuthPermError, "result bad"),
        AuthResult::SoftFail => (Key::AuthSoftFail, "result warn"),
        AuthResult::TempError => (Key::AuthTempError, "result warn"),
        AuthResult::Neutral => (Key::AuthNeutral, "result quiet"),
        AuthResult::None => (Key::AuthNone, "result quiet"),
        AuthResult::Policy => (Key::AuthPolicy, "result quiet"),
        AuthResult::Unknown => (Key::AuthUnknown, "result quiet"),
    }
}

/// An aligned verdict in words, and its colour.
fn verdict_words(result: DmarcResult) -> (Key, &'static str) {
    match result {
        DmarcResult::Pass => (Key::AuthPass, "result ok"),
        DmarcResult::Fail => (Key::AuthFail, "result bad"),
        DmarcResult::Unknown => (Key::AuthUnknown, "result quiet"),
    }
}

/// "Records" on a possible-spoofing row: opens what that source sent.
#[component]
pub fn RecordsButton(ip: String, sender: Option<String>) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let OpenSource(open) = expect_context::<OpenSource>();
    let label_ip = ip.clone();
    let data_ip = ip.clone();
    view! {
        <button type="button" class="secondary small" data-testid="source-records-open" data-ip=data_ip
            aria-label=move || fill(lang.get(), Key::SourceRecordsOpenLabel, &[label_ip.as_str()])
            on:click=move |_| open.run((ip.clone(), sender.clone()))>
            {move || tr(lang.get(), Key::SourceRecordsOpen)}
        </button>
    }
}

/// A sender's first addresses, each a link to what it sent; "and n more" for the rest (its
/// sources are all in the address table).
#[component]
pub fn SourceLinks(ips: Vec<String>, total: u64, sender: Option<String>) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let OpenSource(open) = expect_context::<OpenSource>();
    let more = total.saturating_sub(ips.len().min(LINKED_SOURCES) as u64);
    let links = ips
        .into_iter()
        .take(LINKED_SOURCES)
        .map(|ip| {
            let sender = sender.clone();
            let (label_ip, data_ip, shown) = (ip.clone(), ip.clone(), ip.clone());
            view! {
                <li><button type="button" class="link mono" data-testid="source-records-open" data-ip=data_ip
                    aria-label=move || fill(lang.get(), Key::SourceRecordsOpenLabel, &[label_ip.as_str()])
                    on:click=move |_| open.run((ip.clone(), sender.clone()))>{shown}</button></li>
            }
        })
        .collect_view();
    view! {
        <ul class="inline-list source-links">
            {links}
            {(more > 0).then(|| view! { <li class="muted small">{move || fill(lang.get(), Key::SourceRecordsMore, &[number(more)])}</li> })}
        </ul>
    }
}

/// The panel, drawn over the page while a source is open.
#[component]
pub fn SourceDetail() -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let SourceCtx { open, close } = expect_context::<SourceCtx>();
    let ip = move || open.with(|o| o.as_ref().map(|o| o.ip.clone()).unwrap_or_default());
    let title = move || {
        let lang = lang.get();
        open.with(|o| match o {
            Some(o) => match &o.sender {
                Some(sender) => fill(lang, Key::SourceRecordsTitleNamed, &[o.ip.as_str(), sender.as_str()]),
                None => fill(lang, Key::SourceRecordsTitle, &[o.ip.as_str()]),
            },
            None => String::new(),
        })
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            close.run(());
        }
    };
    let body = move || {
        match open.with(|o| o.as_ref().and_then(|o| o.records.clone())) {
        None => view! { <p class="muted" data-testid="source-detail-loading">{move || tr(lang.get(), Key::SourceRecordsLoading)}</p> }.into_any(),
        Some(records) => view! { <Records records=records /> }.into_any(),
    }
    };
    view! {
        <Show when=move || open.with(Option::is_some)>
            <div class="source-backdrop">
                <section class="panel source-detail" role="dialog" aria-modal="true" aria-labelledby=TITLE_ID
                    data-testid="source-detail" data-ip=ip on:keydown=on_key>
                    <div class="source-head">
                        <h2 id=TITLE_ID tabindex="-1">{title}</h2>
                        <button type="button" class="secondary" data-testid="source-detail-close" on:click=move |_| close.run(())>
                            {move || tr(lang.get(), Key::SourceRecordsClose)}
                        </button>
                    </div>
                    <p class="muted">{move || tr(lang.get(), Key::SourceRecordsIntro)}</p>
                    {body}
                </section>
            </div>
        </Show>
    }
}

/// The figures, and one row per combination.
#[component]
fn Records(records: std::sync::Arc<SourceRecords>) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    if records.records == 0 {
        return view! { <p class="muted" data-testid="source-detail-none">{move || tr(lang.get(), Key::SourceRecordsNone)}</p> }
            .into_any();
    }
    let (messages, n_records, distinct) = (records.messages, records.records, records.distinct);
    let listed = records.combinations.len() as u64;
    let (cut, cut_messages) = (records.cut_combinations, records.cut_messages);
    let summary =
        move || fill(lang.get(), Key::SourceRecordsSummary, &[number(messages), number(n_records), number(distinct)]);
    let cut_note =
        move || fill(lang.get(), Key::SourceRecordsCut, &[number(listed), number(distinct), number(cut_messages)]);
    let heads = [
        (Key::Messages, "num"),
        (Key::ColFromEnvelope, ""),
        (Key::ColDkimResults, ""),
        (Key::ColSpfResults, ""),
        (Key::ColDmarcResult, ""),
        (Key::ColDisposition, ""),
        (Key::Reporters, ""),
        (Key::ColDays, ""),
    ]
    .into_iter()
    .map(|(key, class)| view! { <th scope="col" class=class>{move || tr(lang.get(), key)}</th> })
    .collect_view();
    let rows = records.combinations.iter().map(|c| combo_row(lang, c)).collect_view();
    view! {
        <p data-testid="source-detail-summary" data-messages=messages data-records=n_records data-distinct=distinct>{summary}</p>
        {(cut > 0).then(|| view! { <p class="warn-text" data-testid="source-detail-cut" data-cut=cut>{cut_note}</p> })}
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby=TITLE_ID>
            <table class="compact rows-on-phone source-combos">
                <thead><tr>{heads}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// A cell with its label for the phone's card.
fn labelled_cell(
    lang: RwSignal<Lang>,
    key: Key,
    class: &'static str,
    content: impl IntoView + 'static,
) -> impl IntoView {
    view! { <td class=class data-label=move || tr(lang.get(), key)>{content}</td> }
}

/// A word in its colour, in the language shown.
fn word(lang: RwSignal<Lang>, (key, class): (Key, &'static str)) -> impl IntoView {
    view! { <span class=class>{move || tr(lang.get(), key)}</span> }
}

fn or_dash(text: &str) -> String {
    if text.is_empty() {
        "—".to_string()
    } else {
        text.to_string()
    }
}

fn combo_row(lang: RwSignal<Lang>, c: &Combination) -> impl IntoView {
    let none = move || view! { <span class="muted">{move || tr(lang.get(), Key::NoneGiven)}</span> };
    let dkim = if c.dkim.is_empty() {
        none().into_any()
    } else {
        let items = c
            .dkim
            .iter()
            .map(|d| {
                view! {
                    <li data-testid="combo-dkim" data-domain=d.domain.clone() data-selector=d.selector.clone() data-result=d.result.as_str()>
                        <span class="mono">{or_dash(&d.domain)}</span> " "
                        <span class="mono muted">{or_dash(&d.selector)}</span> " "
                        {word(lang, auth_words(d.result))}
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="checks">{items}</ul> }.into_any()
    };
    let spf = if c.spf.is_empty() {
        none().into_any()
    } else {
        let items = c
            .spf
            .iter()
            .map(|s| {
                let scope = s.scope.map_or("", |scope| scope.as_str());
                view! {
                    <li data-testid="combo-spf" data-domain=s.domain.clone() data-scope=scope data-result=s.result.as_str()>
                        <span class="mono">{or_dash(&s.domain)}</span> " "
                        <span class="mono muted">{or_dash(scope)}</span> " "
                        {word(lang, auth_words(s.result))}
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="checks">{items}</ul> }.into_any()
    };
    let pattern = c.pattern;
    let n_records = c.records;
    let dmarc = view! {
        {word(lang, if c.dmarc == DmarcResult::Pass { (Key::DmarcPass, "result ok") } else { (Key::DmarcFail, "result bad") })}
        {pattern.map(|n| view! {
            <span class="muted small block">{move || format!("{} {n} · {}", tr(lang.get(), Key::Pattern), tr(lang.get(), pattern_short(n)))}</span>
        })}
        <span class="small block nowrap">{move || tr(lang.get(), Key::DmarcDkim)} " " {word(lang, verdict_words(c.policy_dkim))}</span>
        <span class="small block nowrap">{move || tr(lang.get(), Key::DmarcSpf)} " " {word(lang, verdict_words(c.policy_spf))}</span>
    };
    let reasons = if c.reasons.is_empty() {
        ().into_any()
    } else {
        let items = c
            .reasons
            .iter()
            .map(|r| {
                let key = reason_key(r.kind.as_str());
                let comment = (!r.comment.is_empty()).then(|| format!("“{}”", r.comment));
                view! {
                    <li data-testid="combo-reason" data-type=r.kind.as_str()>
                        {move || tr(lang.get(), key)}
                        {comment.map(|c| view! { " " <span class="muted">{c}</span> })}
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="checks">{items}</ul> }.into_any()
    };
    let (first, last, days) = (c.first_day.clone(), c.last_day.clone(), c.days_seen);
    let (first_data, last_data) = (first.clone().unwrap_or_default(), last.clone().unwrap_or_default());
    let shown_day = move |d: &Option<String>, lang: Lang| match (d, lang) {
        (None, _) => "—".to_string(),
        (Some(d), Lang::En) => d.clone(),
        (Some(d), Lang::Ja) => d.replace('-', "/"),
    };
    let (first_shown, last_shown) = (first.clone(), last.clone());
    let first_text = move || shown_day(&first_shown, lang.get());
    let last_text = move || {
        let lang = lang.get();
        let last = shown_day(&last_shown, lang);
        (last != shown_day(&first, lang)).then(|| view! { " –" <br /> {last} })
    };
    let reporters = c.reporters.join(", ");
    view! {
        <tr data-testid="source-combo" data-messages=c.messages data-records=c.records data-header-from=c.header_from.clone()
            data-envelope-from=c.envelope_from.clone() data-disposition=c.disposition.clone() data-dmarc=c.dmarc.as_str()
            data-pattern=pattern.map_or_else(|| "pass".to_string(), |n| n.to_string()) data-reporters=reporters.clone()
            data-first=first_data data-last=last_data data-days=days>
            {labelled_cell(lang, Key::Messages, "num", view! {
                {number(c.messages)} <span class="muted small block">{move || count(lang.get(), n_records, Key::RecordWord, Key::RecordsWord)}</span>
            })}
            {labelled_cell(lang, Key::ColFromEnvelope, "from-cell", view! {
                <span class="mono block">{or_dash(&c.header_from)}</span> <span class="mono muted block">{or_dash(&c.envelope_from)}</span>
            })}
            {labelled_cell(lang, Key::ColDkimResults, "checks-cell", dkim)}
            {labelled_cell(lang, Key::ColSpfResults, "checks-cell", spf)}
            {labelled_cell(lang, Key::ColDmarcResult, "dmarc-cell", dmarc)}
            {labelled_cell(lang, Key::ColDisposition, "", view! { <span class="block">{c.disposition.clone()}</span> {reasons} })}
            {labelled_cell(lang, Key::Reporters, "", or_dash(&reporters))}
            {labelled_cell(lang, Key::ColDays, "nowrap", view! {
                {first_text} {last_text} <span class="muted small block">{move || count(lang.get(), days, Key::DaysSeenOne, Key::DaysSeenMany)}</span>
            })}
        </tr>
    }
}
