//! Share links on screen: the panel that makes one from the analysis in view, and, on a page
//! opened from a link, the banner that says what is shown (read-only, when made, masked, filters,
//! what was cut) and the passphrase form of a sealed link. The packing is the engine's
//! (`dmarc_lens::share`), the sealing the worker's (`crypto`).

use dmarc_lens::share::Cut;
use leptos::prelude::*;
use web_sys::HtmlInputElement;

use crate::glue::browser::copy_text;
use crate::i18n::{number, share_error_key, text, tr, Key, Lang, LangCtx};
use crate::state::share::{LinkState, OpenState, ShareCtx, SharedCtx, SharedMeta};
use crate::state::AnalysisCtx;

#[component]
pub fn SharePanel() -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let AnalysisCtx(analysis) = expect_context::<AnalysisCtx>();
    let ShareCtx { make, link } = expect_context::<ShareCtx>();
    let mask = RwSignal::new(false);
    let passphrase = RwSignal::new(String::new());
    let sealed = RwSignal::new(false);
    let on_make = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        if link.get_untracked() == LinkState::Making {
            return;
        }
        let pass = passphrase.get_untracked();
        sealed.set(!pass.is_empty());
        link.set(LinkState::Making);
        make.run((mask.get_untracked(), pass));
    };
    let url = move || match link.get() {
        LinkState::Ready(url) => Some(url),
        _ => None,
    };
    view! {
        <Show when=move || analysis.with(Option::is_some)>
            <details class="share">
                <summary data-testid="share-open-panel">{move || tr(lang.get(), Key::ShareHeading)}</summary>
                <p class="muted">{move || tr(lang.get(), Key::ShareIntro)}</p>
                <form class="share-options" on:submit=on_make>
                    <label class="check">
                        <input type="checkbox" data-testid="share-mask" prop:checked=move || mask.get()
                            on:change=move |ev| mask.set(event_target::<HtmlInputElement>(&ev).checked()) />
                        <span>{move || tr(lang.get(), Key::ShareMask)}</span>
                    </label>
                    <label>
                        <span>{move || tr(lang.get(), Key::SharePassphrase)}</span>
                        <input type="password" autocomplete="new-password" data-testid="share-passphrase"
                            prop:value=move || passphrase.get()
                            on:input=move |ev| passphrase.set(event_target::<HtmlInputElement>(&ev).value()) />
                    </label>
                    <button type="submit" data-testid="share-link" disabled=move || link.get() == LinkState::Making>
                        {move || tr(lang.get(), Key::ShareMake)}
                    </button>
                </form>
                {move || match link.get() {
                    LinkState::Idle | LinkState::Ready(_) => ().into_any(),
                    LinkState::Making => view! { <p class="muted" role="status">{tr(lang.get(), Key::ShareMaking)}</p> }.into_any(),
                    LinkState::Failed { kind, message } => view! {
                        <p class="error" role="alert" data-testid="share-make-error">
                            {tr(lang.get(), Key::ShareFailed)} " " {tr(lang.get(), share_error_key(&kind))}
                            <span class="muted detail">{text(lang.get(), &message)}</span>
                        </p>
                    }.into_any(),
                }}
                {move || url().map(|url| {
                    let chars = url.len() as u64;
                    let copy_url = url.clone();
                    view! {
                        <div class="share-result">
                            <label class="grow">
                                <span class="visually-hidden">{move || tr(lang.get(), Key::ShareUrl)}</span>
                                <input type="text" readonly=true data-testid="share-url" prop:value=url
                                    on:focus=move |ev| { event_target::<HtmlInputElement>(&ev).select(); } />
                            </label>
                            <button type="button" class="secondary" data-testid="share-copy" on:click=move |_| copy_text(&copy_url)>
                                {move || tr(lang.get(), Key::ShareCopy)}
                            </button>
                        </div>
                        <p class="muted small" data-testid="share-size">
                            {move || format!("{} {}", number(chars), tr(lang.get(), Key::ShareChars))}
                            {move || sealed.get().then(|| format!(" · {}", tr(lang.get(), Key::ShareSealedNote)))}
                        </p>
                    }
                })}
            </details>
        </Show>
    }
}

/// The banner of a page opened from a link, or its passphrase form, or why it did not open.
#[component]
pub fn SharedBanner() -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let SharedCtx { state, open } = expect_context::<SharedCtx>();
    let passphrase = RwSignal::new(String::new());
    let submit = move || {
        state.set(OpenState::Opening);
        open.run(passphrase.get_untracked());
    };
    let form = move |wrong: bool| {
        view! {
            <form class="share-open" on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <p>{move || tr(lang.get(), Key::SharedNeedsPassphrase)}</p>
                <label>
                    <span>{move || tr(lang.get(), Key::SharedPassphrase)}</span>
                    <input type="password" autocomplete="off" data-testid="share-open-passphrase"
                        prop:value=move || passphrase.get_untracked()
                        on:input=move |ev| passphrase.set(event_target::<HtmlInputElement>(&ev).value()) />
                </label>
                <button type="submit" data-testid="share-open">{move || tr(lang.get(), Key::SharedOpen)}</button>
                {wrong.then(|| view! {
                    <p class="error" role="alert" data-testid="share-error">{move || tr(lang.get(), Key::ShareErrWrongPassphrase)}</p>
                })}
            </form>
        }
    };
    let own = crate::glue::browser::app_url();
    view! {
        <section class="shared-banner" data-testid="shared-banner">
            <div class="shared-head">
                <h2>{move || tr(lang.get(), Key::SharedHeading)}</h2>
                <a href=own class="button secondary small">{move || tr(lang.get(), Key::SharedOwn)}</a>
            </div>
            {move || match state.get() {
                OpenState::Opening => view! { <p class="muted" role="status">{move || tr(lang.get(), Key::SharedOpening)}</p> }.into_any(),
                OpenState::NeedsPassphrase => form(false).into_any(),
                OpenState::Failed { kind, .. } if kind == "wrong_passphrase" => form(true).into_any(),
                OpenState::Failed { kind, message } => view! {
                    <p class="error" role="alert" data-testid="share-error">
                        {move || tr(lang.get(), share_error_key(&kind))}
                        // The Japanese plain words above already say what the detail says.
                        <span class="muted detail">{move || (lang.get() == Lang::En).then(|| message.en.clone())}</span>
                    </p>
                }.into_any(),
                OpenState::Open(meta) => view! { <SharedFacts meta=meta /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn SharedFacts(meta: SharedMeta) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let made = meta.made;
    let f = &meta.filters;
    let filters: Vec<String> = [
        (!f.from.is_empty()).then(|| format!("≥ {}", f.from)),
        (!f.to.is_empty()).then(|| format!("≤ {}", f.to)),
        (!f.domain.is_empty()).then(|| f.domain.clone()),
        (!f.policy.is_empty()).then(|| format!("p={}", f.policy)),
    ]
    .into_iter()
    .flatten()
    .collect();
    let filters = filters.join(" · ");
    let masked = meta.masked;
    let cut = cut_lines(&meta.cut);
    view! {
        <p class="shared-facts" data-testid="shared-facts" data-masked=masked.to_string()>
            <span>{move || crate::i18n::fill(lang.get(), Key::SharedMade, &[crate::i18n::date(lang.get(), Some(made))])}</span>
            <span>{move || tr(lang.get(), Key::SharedFilters)} ": "
                {let filters = filters.clone(); move || if filters.is_empty() { tr(lang.get(), Key::SharedNoFilters).to_string() } else { filters.clone() }}
            </span>
            {masked.then(|| view! { <span>{move || tr(lang.get(), Key::SharedMasked)}</span> })}
        </p>
        {(!cut.is_empty()).then(|| view! {
            <p class="muted small" data-testid="shared-cut">
                {move || tr(lang.get(), Key::ShareCut)} " "
                {let cut = cut.clone(); move || cut.iter().map(|(key, tag, kept, total)| {
                    let what = match tag {
                        Some(tag) => format!("{tag}: {}", tr(lang.get(), *key)),
                        None => tr(lang.get(), *key).to_string(),
                    };
                    format!("{what} {} / {} {}", number(*kept), number(*total), tr(lang.get(), Key::CutShown))
                }).collect::<Vec<_>>().join(" · ")}
            </p>
        })}
    }
}

/// Each cut table: its name (and the tag, for a tag's sources), rows kept, rows it had.
fn cut_lines(cut: &Cut) -> Vec<(Key, Option<String>, u64, u64)> {
    let AnalysisCtx(analysis) = expect_context::<AnalysisCtx>();
    let kept = |f: &dyn Fn(&dmarc_lens::analyze::Analysis) -> usize| {
        analysis.with_untracked(|a| a.as_ref().map_or(0, |v| f(&v.analysis))) as u64
    };
    let mut lines = Vec::new();
    if let Some(total) = cut.spoof_suspects {
        lines.push((Key::TabSpoofing, None, kept(&|a| a.spoof_suspects.len()), total as u64));
    }
    if let Some(total) = cut.alerts {
        lines.push((Key::Alerts, None, kept(&|a| a.alerts.len()), total as u64));
    }
    if let Some(total) = cut.reporters {
        lines.push((Key::Reporters, None, kept(&|a| a.reporters.len()), total as u64));
    }
    if let Some(total) = cut.domains {
        lines.push((Key::Domains, None, kept(&|a| a.domains.len()), total as u64));
    }
    for (tag, total) in &cut.tag_sources {
        let shown = kept(&|a| a.tags.iter().find(|t| &t.tag == tag).map_or(0, |t| t.sources.len()));
        lines.push((Key::SourceIp, Some(tag.clone()), shown, *total as u64));
    }
    lines
}
