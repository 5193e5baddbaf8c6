//! Known senders (送信元IP管理): the rule table, a form that accepts an address, a CIDR or a range
//! and says what it covers, "paste your SPF record", and CSV import and export.

use dmarc_lens::tags::{describe_net, parse_rule_input, parse_spf, parse_tags_csv, write_tags_csv, TagRule};
use leptos::prelude::*;
use web_sys::HtmlInputElement;

use crate::glue::browser::download;
use crate::i18n::{count, text, tr, Key, Lang, LangCtx};
use crate::protocol::csv_error_words;
use crate::screens::registered::RegisteredNote;
use crate::state::register::add_new;
use crate::state::{AnalysisCtx, Registered, SendersCtx};

/// The fields of a rule as typed: the form's, or those of the rule being edited.
#[derive(Clone, Copy)]
struct RuleFields {
    net: RwSignal<String>,
    tag: RwSignal<String>,
    comment: RwSignal<String>,
    domain: RwSignal<String>,
}

impl RuleFields {
    fn new(net: RwSignal<String>) -> Self {
        RuleFields::with(net, RwSignal::new(String::new()), RwSignal::new(String::new()))
    }

    fn with(net: RwSignal<String>, tag: RwSignal<String>, comment: RwSignal<String>) -> Self {
        RuleFields { net, tag, comment, domain: RwSignal::new(String::new()) }
    }

    /// The tag as typed, or why a rule cannot be made without one.
    fn tag(self, lang: Lang) -> Result<String, String> {
        let tag = self.tag.get_untracked().trim().to_string();
        if tag.is_empty() {
            return Err(tr(lang, Key::NeedTag).to_string());
        }
        Ok(tag)
    }

    /// The rules the fields make (a range may make several), or why they make none.
    fn rules(self, lang: Lang) -> Result<Vec<TagRule>, String> {
        let tag = self.tag(lang)?;
        let nets = parse_rule_input(&self.net.get_untracked()).map_err(|e| e.words(lang))?;
        let (comment, domain) = (self.comment.get_untracked(), self.domain.get_untracked().trim().to_string());
        Ok(nets
            .into_iter()
            .map(|net| TagRule { net, tag: tag.clone(), comment: comment.clone(), domain: domain.clone() })
            .collect())
    }
}

#[component]
pub fn Senders() -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let ctx = expect_context::<SendersCtx>();
    let AnalysisCtx(analysis) = expect_context::<AnalysisCtx>();
    // The form's fields live in the context: what was typed stays between additions and visits.
    let form = RuleFields::with(ctx.draft, ctx.draft_tag, ctx.draft_comment);
    let RuleFields { tag, comment, domain, .. } = form;
    let form_error = RwSignal::new(None::<String>);
    let spf = RwSignal::new(String::new());
    let spf_lookups = RwSignal::new(Vec::<String>::new());

    // What the typed network covers, as the person types.
    let help = move || {
        let text = ctx.draft.get();
        if text.trim().is_empty() {
            return tr(lang.get(), Key::RuleNetworkHint).to_string();
        }
        match parse_rule_input(&text) {
            Err(e) => e.words(lang.get()),
            Ok(nets) => nets
                .iter()
                .map(|n| {
                    let info = describe_net(*n);
                    let host = if info.host_bits_set {
                        format!(" ({} {})", tr(lang.get(), Key::HostBits), info.network)
                    } else {
                        String::new()
                    };
                    format!(
                        "{}: {} – {}, {} {}{host}",
                        info.network,
                        info.first,
                        info.last,
                        info.addresses,
                        tr(lang.get(), Key::Addresses)
                    )
                })
                .collect::<Vec<_>>()
                .join(" · "),
        }
    };
    let add = move || match form.rules(lang.get_untracked()) {
        Err(e) => form_error.set(Some(e)),
        Ok(new) => {
            let tag = new.first().map(|r| r.tag.clone()).unwrap_or_default();
            let before = analysis.get_untracked();
            let mut added = 0;
            ctx.rules.update(|rules| added = add_new(rules, new));
            form_error.set(None);
            ctx.draft.set(String::new());
            // Rules a sender's "Register as" filled in: say what they changed, with a way back.
            if ctx.draft_sender.get_untracked().as_deref() == Some(tag.as_str()) {
                ctx.draft_sender.set(None);
                ctx.registered.set(Some(Registered { names: vec![tag], networks: added, before }));
            }
        }
    };
    let add_spf = move |_| {
        let tag_text = match form.tag(lang.get_untracked()) {
            Ok(tag) => tag,
            Err(e) => return form_error.set(Some(e)),
        };
        let parsed = parse_spf(&spf.get_untracked());
        let d = domain.get_untracked();
        ctx.rules.update(|rules| {
            rules.extend(parsed.networks.iter().map(|net| TagRule {
                net: *net,
                tag: tag_text.clone(),
                comment: "SPF".to_string(),
                domain: d.trim().to_string(),
            }))
        });
        spf_lookups.set(parsed.lookups.into_iter().chain(parsed.unreadable).collect());
    };
    let import = move |ev: web_sys::Event| {
        let input: HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        wasm_bindgen_futures::spawn_local(async move {
            let Ok(text) = wasm_bindgen_futures::JsFuture::from(file.text()).await else { return };
            let (new_rules, errors) = parse_tags_csv(&text.as_string().unwrap_or_default());
            ctx.import_errors.set(errors.iter().map(csv_error_words).collect());
            // A rule already in force is not added again: importing a CSV twice changes nothing.
            ctx.rules.update(|rules| {
                add_new(rules, new_rules);
            });
        });
    };
    let export = move |_| {
        download(
            "dmarc-lens-senders.csv",
            &format!("\u{feff}{}", write_tags_csv(&ctx.rules.get_untracked())),
            "text/csv;charset=utf-8",
        )
    };

    // Editing a rule in place: which row, and the fields as typed.
    let editing = RwSignal::new(None::<usize>);
    let edit = RuleFields::new(RwSignal::new(String::new()));
    let edit_error = RwSignal::new(None::<String>);
    let start_edit = move |index: usize| {
        if let Some(rule) = ctx.rules.with_untracked(|r| r.get(index).cloned()) {
            edit.net.set(rule.net.to_string());
            edit.tag.set(rule.tag);
            edit.comment.set(rule.comment);
            edit.domain.set(rule.domain);
            edit_error.set(None);
            editing.set(Some(index));
            // The focus follows to the rule's fields, drawn in place of its row.
            focus_later("tag-edit-cidr".to_string());
        }
    };
    let save_edit = move |index: usize| match edit.rules(lang.get_untracked()) {
        Err(e) => edit_error.set(Some(e)),
        Ok(replacement) => {
            // A range may become several networks: they take the edited rule's place, in order.
            ctx.rules.update(|rules| {
                if index < rules.len() {
                    rules.splice(index..=index, replacement);
                }
            });
            editing.set(None);
            focus_later(format!("tag-edit-{index}"));
        }
    };

    let rows = move || {
        let rules = ctx.rules.get();
        let views = ctx.views.get();
        let editing_now = editing.get();
        rules
            .iter()
            .enumerate()
            .map(|(index, rule)| {
                let hits = views.get(index).filter(|v| v.cidr == rule.net.to_string()).map(|v| v.hits);
                let info = describe_net(rule.net);
                let overlap = views.get(index).filter(|v| v.cidr == rule.net.to_string()).is_some_and(|v| v.overlaps);
                if editing_now == Some(index) {
                    return view! {
                        <tr data-testid="tag-rule-editing" class="editing" on:keydown=move |ev: web_sys::KeyboardEvent| {
                            let in_field = event_target::<web_sys::HtmlElement>(&ev).tag_name() == "INPUT";
                            if in_field && ev.key() == "Enter" && !ev.is_composing() { ev.prevent_default(); save_edit(index); }
                            if ev.key() == "Escape" { editing.set(None); focus_later(format!("tag-edit-{index}")); }
                        }>
                            <td><input type="text" data-testid="tag-edit-domain" aria-label=move || tr(lang.get(), Key::RuleDomain)
                                prop:value=move || edit.domain.get_untracked() on:input=move |ev| edit.domain.set(event_target_value(&ev)) /></td>
                            <td><input type="text" class="mono" id="tag-edit-cidr" data-testid="tag-edit-cidr" aria-label=move || tr(lang.get(), Key::RuleNetwork)
                                prop:value=move || edit.net.get_untracked() on:input=move |ev| edit.net.set(event_target_value(&ev)) />
                                <Show when=move || edit_error.get().is_some()>
                                    <div class="error small" role="alert">{move || edit_error.get().unwrap_or_default()}</div>
                                </Show></td>
                            <td><input type="text" data-testid="tag-edit-name" aria-label=move || tr(lang.get(), Key::RuleTag)
                                prop:value=move || edit.tag.get_untracked() on:input=move |ev| edit.tag.set(event_target_value(&ev)) /></td>
                            <td><input type="text" data-testid="tag-edit-comment" aria-label=move || tr(lang.get(), Key::RuleComment)
                                prop:value=move || edit.comment.get_untracked() on:input=move |ev| edit.comment.set(event_target_value(&ev)) /></td>
                            <td colspan="2" class="actions">
                                <button type="button" class="small" data-testid="tag-save" on:click=move |_| save_edit(index)>
                                    {move || tr(lang.get(), Key::RuleSave)}</button>
                                <button type="button" class="secondary small" data-testid="tag-cancel" on:click=move |_| { editing.set(None); focus_later(format!("tag-edit-{index}")); }>
                                    {move || tr(lang.get(), Key::CancelLoading)}</button>
                            </td>
                        </tr>
                    }
                    .into_any();
                }
                view! {
                    <tr data-testid="tag-rule" data-cidr=rule.net.to_string() data-tag=rule.tag.clone()>
                        <td>{if rule.domain.is_empty() { "*".to_string() } else { rule.domain.clone() }}</td>
                        <td class="mono">{rule.net.to_string()}<div class="muted small">{format!("{} – {} ({})", info.first, info.last, info.addresses)}</div></td>
                        <td>{rule.tag.clone()}</td>
                        <td>{rule.comment.clone()}</td>
                        <td class="small">
                            {move || match hits {
                                Some(0) => tr(lang.get(), Key::RuleNoHits).to_string(),
                                Some(n) => count(lang.get(), n, Key::RuleHit, Key::RuleHits),
                                None => String::new(),
                            }}
                            <Show when=move || overlap><div class="warn-text">{move || tr(lang.get(), Key::RuleOverlap)}</div></Show>
                        </td>
                        <td class="actions">
                            <button type="button" class="secondary small" id=format!("tag-edit-{index}") data-testid="tag-edit" on:click=move |_| start_edit(index)>
                                {move || tr(lang.get(), Key::RuleEdit)}</button>
                            <button type="button" class="secondary small" data-testid="tag-delete"
                                on:click=move |_| { editing.set(None); ctx.rules.update(|r| { if index < r.len() { r.remove(index); } }) }>
                                {move || tr(lang.get(), Key::RuleDelete)}</button>
                        </td>
                    </tr>
                }
                .into_any()
            })
            .collect_view()
    };

    view! {
        <section class="panel senders">
            <h3>{move || tr(lang.get(), Key::TabSenders)}</h3>
            <p class="muted">{move || tr(lang.get(), Key::SendersIntro)}</p>
            <form class="rule-form" id="rule-form" on:submit=move |ev: web_sys::SubmitEvent| { ev.prevent_default(); add(); }>
                <label><span>{move || tr(lang.get(), Key::RuleNetwork)}</span>
                    <input type="text" data-testid="tag-cidr" prop:value=move || ctx.draft.get() on:input=move |ev| ctx.draft.set(event_target_value(&ev)) /></label>
                <label><span>{move || tr(lang.get(), Key::RuleTag)}</span>
                    <input type="text" data-testid="tag-name" prop:value=move || tag.get() on:input=move |ev| tag.set(event_target_value(&ev)) /></label>
                <label><span>{move || tr(lang.get(), Key::RuleComment)}</span>
                    <input type="text" data-testid="tag-comment" prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev)) /></label>
                <label><span>{move || tr(lang.get(), Key::RuleDomain)}</span>
                    <input type="text" data-testid="tag-domain" prop:value=move || domain.get() on:input=move |ev| domain.set(event_target_value(&ev)) /></label>
                <button type="submit" data-testid="tag-add">{move || tr(lang.get(), Key::RuleAdd)}</button>
            </form>
            <p class="small muted" data-testid="tag-help" aria-live="polite">{help}</p>
            <RegisteredNote back=true />
            <Show when=move || form_error.get().is_some()>
                <p class="error" role="alert">{move || form_error.get().unwrap_or_default()}</p>
            </Show>
            <details class="spf">
                <summary>{move || tr(lang.get(), Key::SpfPaste)}</summary>
                <textarea data-testid="spf-input" rows="2" placeholder="v=spf1 ip4:192.0.2.0/24 include:_spf.example.net ~all"
                    prop:value=move || spf.get() on:input=move |ev| spf.set(event_target_value(&ev))></textarea>
                <button type="button" class="secondary small" data-testid="spf-add" on:click=add_spf>{move || tr(lang.get(), Key::SpfAdd)}</button>
                <Show when=move || !spf_lookups.get().is_empty()>
                    <p class="small">{move || tr(lang.get(), Key::SpfLookups)} <span class="mono">{move || spf_lookups.get().join(" ")}</span></p>
                </Show>
            </details>
            <div class="rule-io">
                <label class="button secondary small">{move || tr(lang.get(), Key::TagsImport)}
                    <input type="file" accept=".csv,text/csv" class="visually-hidden" data-testid="tags-import" on:change=import /></label>
                <button type="button" class="secondary small" data-testid="tags-export" on:click=export>{move || tr(lang.get(), Key::TagsExport)}</button>
            </div>
            <Show when=move || !ctx.import_errors.get().is_empty()>
                <div class="error" data-testid="tags-import-errors">
                    <strong>{move || tr(lang.get(), Key::TagsImportErrors)}</strong>
                    <ul>{move || ctx.import_errors.get().into_iter().map(|e| view! { <li>{text(lang.get(), &e)}</li> }).collect_view()}</ul>
                </div>
            </Show>
            <Show when=move || ctx.rules.with(|r| r.is_empty())>
                <p class="muted">{move || tr(lang.get(), Key::NoRules)}</p>
            </Show>
            <div class="table-wrap">
                <table>
                    <thead><tr>
                        <th>{move || tr(lang.get(), Key::FilterDomain)}</th>
                        <th>{move || tr(lang.get(), Key::SourceIp)}</th>
                        <th>{move || tr(lang.get(), Key::RuleTag)}</th>
                        <th>{move || tr(lang.get(), Key::RuleComment)}</th>
                        <th><span class="visually-hidden">{move || tr(lang.get(), Key::RuleMatches)}</span></th>
                        <th><span class="visually-hidden">{move || tr(lang.get(), Key::Actions)}</span></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// Focuses the element `id` once the page has drawn it (a row drawn anew in place of another).
fn focus_later(id: String) {
    request_animation_frame(move || {
        let element = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&id))
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok());
        if let Some(element) = element {
            let _ = element.focus();
        }
    });
}
