//! The overview's first-run proposal (`likely-yours`): before any rule exists, own senders come
//! first, so the named senders whose mail passes DMARC for the user's domains are proposed as
//! likely theirs, each a click ("Register") from the rule form.

use dmarc_lens::analyze::SenderRow;
use leptos::prelude::*;

use crate::i18n::{fill, number, percent, tr, Key, LangCtx};
use crate::state::{ReadOnly, RegisterSender, SenderDraft, SendersCtx};

/// Named senders whose mail passes DMARC this often are proposed as likely the user's own.
const LIKELY_YOURS_PASS: f64 = 0.9;
/// How many are proposed at most.
const LIKELY_YOURS_SHOWN: usize = 5;

/// Before any rule exists: own senders come first. The named senders whose mail passes DMARC
/// for the user's domains (they sign or send as the domain's own) are proposed as likely theirs,
/// each a click from the rule form.
#[component]
pub fn LikelyYours(senders: Vec<SenderRow>) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let ReadOnly(read_only) = expect_context::<ReadOnly>();
    let rules = expect_context::<SendersCtx>().rules;
    let register = use_context::<RegisterSender>();
    let likely: Vec<SenderRow> = senders
        .into_iter()
        .filter(|r| r.name.is_some() && r.messages > 0)
        .filter(|r| r.dmarc_pass as f64 >= LIKELY_YOURS_PASS * r.messages as f64)
        .take(LIKELY_YOURS_SHOWN)
        .collect();
    let none = likely.is_empty();
    let likely = StoredValue::new(likely);
    let item = move |r: SenderRow| {
        let name = r.name.clone().unwrap_or_default();
        let label = name.clone();
        let pass = percent(r.dmarc_pass, r.messages);
        let (ips, sources, pass_of) = (r.source_ips.clone(), r.sources, (r.dmarc_pass, r.messages));
        let on_register = move |_| {
            let Some(RegisterSender(register)) = register else { return };
            let lang = lang.get_untracked();
            let said = fill(lang, Key::LikelyYoursComment, &[percent(pass_of.0, pass_of.1)]);
            let comment = fill(lang, Key::RegisterComment, &[name.as_str(), said.as_str(), &number(sources)]);
            register.run(SenderDraft { name: name.clone(), source_ips: ips.clone(), widen: false, comment });
        };
        let (data_sender, shown_name) = (label.clone(), label.clone());
        let messages = r.messages;
        view! {
            <li data-testid="likely-yours-item" data-sender=data_sender>
                <strong>{shown_name}</strong> " "
                <span class="muted">{move || fill(lang.get(), Key::LikelyYoursItem, &[number(messages), pass.clone()])}</span>
                " "
                <button type="button" class="small" data-testid="likely-yours-register" on:click=on_register
                    aria-label=move || fill(lang.get(), Key::RegisterAs, &[label.as_str()])>
                    {move || tr(lang.get(), Key::Register)}</button>
            </li>
        }
    };
    // Drawn each time the proposal is shown (a view is drawn once, so it is made anew).
    let items = move || likely.with_value(|l| l.iter().cloned().map(item).collect_view());
    let shown = move || !read_only && !none && rules.with(Vec::is_empty);
    view! {
        <Show when=shown>
            <section class="panel callout-panel" data-testid="likely-yours">
                <h3>{move || tr(lang.get(), Key::LikelyYoursHeading)}</h3>
                <p class="muted">{move || tr(lang.get(), Key::LikelyYoursIntro)}</p>
                <ul class="likely-yours">{items}</ul>
            </section>
        </Show>
    }
}
