//! Banners above the screens: no worker, files that stopped the parser, files another tab kept,
//! and storage that failed.

use leptos::prelude::*;

use crate::glue::storage::is_full;
use crate::i18n::{about_file, tr, Key, Lang};
use crate::state::page::Page;

#[component]
pub fn Banners() -> impl IntoView {
    let page = expect_context::<Page>();
    let lang = page.lang;
    view! {
        {move || page.worker_failed.get().map(|key| view! {
            <p class="error banner" role="alert" data-testid="worker-failed">{move || tr(lang.get(), key)}</p>
        })}
        {move || {
            let lang = lang.get();
            page.stopped.get().into_iter().map(|name| view! {
                <p class="error banner" role="alert" data-testid="parser-stopped" data-file=name.clone()>
                    {about_file(lang, Key::ParserStopped, &name)}
                </p>
            }).collect_view()
        }}
        <Show when=move || page.other_tab_files.get()>
            <p class="callout" data-testid="other-tab-files">
                {move || tr(lang.get(), Key::OtherTabFiles)} " "
                <button type="button" class="secondary small" on:click=move |_| {
                    if let Some(w) = web_sys::window() { let _ = w.location().reload(); }
                }>{move || tr(lang.get(), Key::ReloadToInclude)}</button>
            </p>
        </Show>
        {move || page.senders.storage_error.get().map(|detail| {
            let full = is_full(&detail);
            view! {
                <p class="error banner" role="alert" data-testid="storage-error" data-full=full.to_string()>
                    {move || tr(lang.get(), if full { Key::StorageFull } else { Key::StorageFailed })}
                    // The browser's own words are English: said in English only.
                    " " <span class="muted detail">{move || (lang.get() == Lang::En).then(|| detail.clone())}</span>
                </p>
            }
        })}
    }
}
