//! Who sends as you, by sender (送信者別): the possible-spoofing view's first level. Untagged
//! sources grouped by the sender the engine named (`Analysis::senders`), with their failing mail
//! split by what to do about it (`analyze::MailClass`, defined once in the engine and said here
//! in both languages), "Its sources" (the address table searched for the sender) and "Register
//! as <sender>" (the rule form filled with the networks that cover its addresses).

use dmarc_lens::analyze::{MailClass, SenderInfo, SenderRow};
use dmarc_lens::senders::Evidence;
use dmarc_lens::text::sender_type_words;
use leptos::prelude::*;

use crate::i18n::{date, fill, number, text, tr, Key, Lang, LangCtx};
use crate::screens::registered::RegisteredNote;
use crate::screens::source_records::SourceLinks;
use crate::state::links::table_id;
use crate::state::register::{add_new, sender_rules};
use crate::state::{AnalysisCtx, PackCtx, ReadOnly, RegisterSender, Registered, SenderDraft, SendersCtx, TablesCtx};
use crate::widgets::table::{cell, Label, Shown};

/// Sender rows drawn at once; the rest are one click away.
const FIRST_ROWS: usize = 50;

pub fn class_key(class: MailClass) -> Key {
    match class {
        MailClass::Yours => Key::ClassYours,
        MailClass::Forwarded => Key::ClassForwarded,
        MailClass::ServiceNotSetUp => Key::ClassServiceNotSetUp,
        MailClass::Unknown => Key::ClassUnknown,
    }
}

/// The CSS class a mail class is coloured by.
pub fn class_tone(class: MailClass) -> &'static str {
    match class {
        MailClass::Unknown => "class-tone bad",
        MailClass::ServiceNotSetUp => "class-tone warn",
        MailClass::Forwarded => "class-tone quiet",
        MailClass::Yours => "class-tone ok",
    }
}

/// What named a sender, in words.
pub fn evidence_words(lang: Lang, evidence: Evidence, domain: &str) -> String {
    match evidence {
        Evidence::Dkim => fill(lang, Key::EvidenceDkim, &[domain]),
        Evidence::Spf => fill(lang, Key::EvidenceSpf, &[domain]),
        Evidence::Network => fill(lang, Key::EvidenceNetwork, &[domain]),
        Evidence::NetworkOwner => tr(lang, Key::EvidenceNetworkOwner).to_string(),
    }
}

/// A source's network as its table cell says it below the sender's name: AS number and country.
pub fn network_line(sender: &SenderInfo) -> String {
    let mut parts = Vec::new();
    if let Some(asn) = sender.asn {
        parts.push(format!("AS{asn}"));
    }
    if let Some(country) = &sender.country {
        parts.push(country.clone());
    }
    parts.join(" · ")
}

/// What "Register as" fills in for a sender: its addresses, its name as the tag, and the evidence
/// that named it as the comment.
fn draft_of(lang: Lang, r: &SenderRow) -> SenderDraft {
    let name = r.name.clone().unwrap_or_default();
    let said = r.evidence.map_or_else(String::new, |e| evidence_words(lang, e, ""));
    let comment = fill(lang, Key::RegisterComment, &[name.as_str(), said.trim(), &number(r.sources)]);
    SenderDraft { name, source_ips: r.source_ips.clone(), widen: false, comment }
}

#[component]
pub fn BySender(senders: Vec<SenderRow>) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let ReadOnly(read_only) = expect_context::<ReadOnly>();
    let PackCtx(pack) = expect_context::<PackCtx>();
    let tables = expect_context::<TablesCtx>();
    let register = use_context::<RegisterSender>();
    let widen = RwSignal::new(false);
    let all = RwSignal::new(false);
    let SendersCtx { rules, registered, .. } = expect_context::<SendersCtx>();
    let AnalysisCtx(analysis) = expect_context::<AnalysisCtx>();
    // Senders ticked for "Register the N selected", and whether their confirmation is open.
    let picked = RwSignal::new(Vec::<SenderDraft>::new());
    let confirming = RwSignal::new(false);
    let confirmed = move |_| {
        let drafts: Vec<SenderDraft> =
            picked.get_untracked().into_iter().map(|d| SenderDraft { widen: widen.get_untracked(), ..d }).collect();
        let before = analysis.get_untracked();
        let mut added = 0;
        rules.update(|rules| {
            for d in &drafts {
                added += add_new(rules, sender_rules(d));
            }
        });
        registered.set(Some(Registered {
            names: drafts.into_iter().map(|d| d.name).collect(),
            networks: added,
            before,
        }));
        picked.set(Vec::new());
        confirming.set(false);
    };
    let confirm_list = move || {
        let wide = widen.get();
        picked
            .get()
            .into_iter()
            .map(|d| {
                let nets: Vec<String> =
                    sender_rules(&SenderDraft { widen: wide, ..d.clone() }).iter().map(|r| r.net.to_string()).collect();
                view! {
                    <li data-testid="register-confirm-sender" data-sender=d.name.clone()>
                        <strong>{d.name.clone()}</strong> ": " <span class="mono">{nets.join(", ")}</span>
                    </li>
                }
            })
            .collect_view()
    };
    let bar = move || {
        let n = picked.with(Vec::len);
        (n > 0 && !confirming.get()).then(|| {
            view! {
                <div class="register-bar">
                    <button type="button" data-testid="register-selected" on:click=move |_| confirming.set(true)>
                        {move || fill(lang.get(), Key::RegisterSelected, &[&number(n as u64)])}</button>
                </div>
            }
        })
    };
    let confirm = move || {
        confirming.get().then(|| {
            view! {
                <div class="register-confirm" data-testid="register-confirm" role="group"
                    aria-label=move || tr(lang.get(), Key::RegisterConfirmHeading)>
                    <p><strong>{move || tr(lang.get(), Key::RegisterConfirmHeading)}</strong></p>
                    <p class="small">{move || tr(lang.get(), Key::RegisterConfirmIntro)}</p>
                    <ul>{confirm_list}</ul>
                    <p class="actions">
                        <button type="button" data-testid="register-confirm-add" on:click=confirmed>
                            {move || tr(lang.get(), Key::RegisterConfirmAdd)}</button>
                        <button type="button" class="secondary" data-testid="register-cancel" on:click=move |_| confirming.set(false)>
                            {move || tr(lang.get(), Key::RegisterCancel)}</button>
                    </p>
                </div>
            }
        })
    };
    let total = senders.len();
    let senders = StoredValue::new(senders);
    let pack_error = move || match pack.get() {
        Some(Err(why)) => Some(fill(lang.get(), Key::PackUnavailable, &[text(lang.get(), &why)])),
        _ => None,
    };
    let row = move |r: SenderRow| {
        let name = r.name.clone();
        let named = name.is_some();
        let who = name.clone().unwrap_or_else(|| tr(lang.get_untracked(), Key::SenderUnnamed).to_string());
        let kind = r.kind.clone().unwrap_or_default();
        let kind = move || sender_type_words(lang.get(), &kind).to_string();
        let network = {
            let mut parts: Vec<String> = r.asns.iter().take(3).map(|a| format!("AS{a}")).collect();
            if r.asns.len() > 3 {
                parts.push("…".into());
            }
            parts.extend(r.countries.iter().take(3).cloned());
            parts.join(" · ")
        };
        let search_name = name.clone().unwrap_or_default();
        let show = move |_| {
            tables.suspects.query.update(|q| *q = q.searching(&search_name));
            crate::state::requests::reveal(&table_id("suspects"));
        };
        let draft = StoredValue::new(draft_of(lang.get_untracked(), &r));
        let on_register = move |_| {
            let Some(RegisterSender(register)) = register else { return };
            register.run(SenderDraft { widen: widen.get_untracked(), ..draft.get_value() });
        };
        let pick_name = name.clone().unwrap_or_default();
        let is_picked = {
            let pick_name = pick_name.clone();
            move || picked.with(|p| p.iter().any(|d| d.name == pick_name))
        };
        let on_pick = move |ev| {
            let on = event_target_checked(&ev);
            let d = draft.get_value();
            picked.update(|p| {
                p.retain(|x| x.name != d.name);
                if on {
                    p.push(d);
                }
            });
        };
        let classes = r.classes;
        let (first, last) = (r.first_seen, r.last_seen);
        let label_name = name.clone().unwrap_or_default();
        view! {
            <tr data-testid="sender-row" data-sender=name.clone().unwrap_or_default() data-messages=r.messages>
                <td class="key sender-cell" data-label=move || tr(lang.get(), Key::Sender)>
                    <strong>{who}</strong>
                    <span class="muted small block">{kind}</span>
                    <span class="muted small block">{network}</span>
                    {(!read_only).then(|| view! { <SourceLinks ips=r.source_ips.clone() total=r.sources sender=name.clone() /> })}
                </td>
                {cell(Label::Key(Key::SenderSources), "num", Shown::Always, number(r.sources))}
                {cell(Label::Key(Key::Messages), "num", Shown::Always, number(r.messages))}
                {cell(Label::Key(Key::DmarcFail), "num", Shown::Always, number(r.dmarc_fail))}
                {[MailClass::Unknown, MailClass::ServiceNotSetUp, MailClass::Forwarded].into_iter().map(|c| {
                    let n = classes.get(c);
                    let tone = if n > 0 { class_tone(c) } else { "" };
                    view! {
                        <td class=format!("num {tone}") data-label=move || tr(lang.get(), class_key(c)) data-class=c.as_str()>{number(n)}</td>
                    }
                }).collect_view()}
                <td class="nowrap wide-only" data-label=move || tr(lang.get(), Key::SenderSeen)>
                    {move || date(lang.get(), first)} <span class="muted">"–"</span> <br /> {move || date(lang.get(), last)}
                </td>
                <td class="actions">
                    {named.then(|| view! {
                        <button type="button" class="secondary small" data-testid="sender-sources" on:click=show>
                            {move || tr(lang.get(), Key::ShowSources)}</button>
                    })}
                    {(named && !read_only).then(|| view! {
                        <input type="checkbox" class="pick" data-testid="sender-select" prop:checked=is_picked on:change=on_pick
                            aria-label=move || fill(lang.get(), Key::SelectSender, &[pick_name.as_str()]) />
                    })}
                    {(named && !read_only).then(|| view! {
                        <button type="button" class="small" data-testid="register-as" on:click=on_register
                            aria-label=move || fill(lang.get(), Key::RegisterAs, &[label_name.as_str()])>
                            {move || tr(lang.get(), Key::Register)}</button>
                    })}
                </td>
            </tr>
        }
    };
    let rows = move || {
        let n = if all.get() { total } else { FIRST_ROWS };
        senders.with_value(|s| s.iter().take(n).cloned().map(row).collect_view())
    };
    let definitions = [
        (MailClass::Unknown, Key::ClassUnknownDefinition),
        (MailClass::ServiceNotSetUp, Key::ClassServiceNotSetUpDefinition),
        (MailClass::Forwarded, Key::ClassForwardedDefinition),
        (MailClass::Yours, Key::ClassYoursDefinition),
    ]
    .into_iter()
    .map(|(c, key)| view! { <li data-class=c.as_str()><span class=class_tone(c)>"■"</span> " " {move || tr(lang.get(), key)}</li> })
    .collect_view();
    let class_heads = [MailClass::Unknown, MailClass::ServiceNotSetUp, MailClass::Forwarded]
        .into_iter()
        .map(|c| view! { <th class="num">{move || tr(lang.get(), class_key(c))}</th> })
        .collect_view();
    view! {
        <section class="panel" data-testid="by-sender" id="by-sender">
            <h3>{move || tr(lang.get(), Key::BySender)}</h3>
            <RegisteredNote />
            {move || pack_error().map(|e| view! { <p class="warn-text" data-testid="pack-error">{e}</p> })}
            <p class="muted">{move || tr(lang.get(), Key::BySenderIntro)}</p>
            <ul class="class-definitions" data-testid="class-definitions">{definitions}</ul>
            {(!read_only).then(|| view! {
                <label class="inline-check">
                    <input type="checkbox" data-testid="register-widen" prop:checked=move || widen.get()
                        on:change=move |ev| widen.set(event_target_checked(&ev)) />
                    " " {move || tr(lang.get(), Key::RegisterWiden)}
                </label>
            })}
            {(!read_only).then(|| view! { {bar} {confirm} })}
            <div class="long-table" data-table="senders">
                // Focusable, so the keyboard can scroll it sideways when no row has a button.
                <div class="table-wrap" tabindex="0" role="region" aria-label=move || tr(lang.get(), Key::BySender)>
                    <table class="long">
                        <thead><tr>
                            <th>{move || tr(lang.get(), Key::Sender)}</th>
                            <th class="num">{move || tr(lang.get(), Key::SenderSources)}</th>
                            <th class="num">{move || tr(lang.get(), Key::Messages)}</th>
                            <th class="num">{move || tr(lang.get(), Key::DmarcFail)}</th>
                            {class_heads}
                            <th class="wide-only">{move || tr(lang.get(), Key::SenderSeen)}</th>
                            <th><span class="visually-hidden">{move || tr(lang.get(), Key::Actions)}</span></th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </div>
            <Show when=move || { !all.get() && total > FIRST_ROWS }>
                <button type="button" class="secondary small" data-testid="senders-more" on:click=move |_| all.set(true)>
                    {move || crate::i18n::showing(lang.get(), FIRST_ROWS as u64, total as u64)}
                </button>
            </Show>
        </section>
    }
}
