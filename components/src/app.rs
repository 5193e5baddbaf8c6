//! The app shell: header with the language toggle, the drop zone, and the files screen.

use leptos::prelude::*;
use web_sys::FileList;

use crate::files::{DropZone, FileList as FileListView, FileRow, OnFiles, Progress};
use crate::i18n::{tr, Key, Lang, LangCtx};
use crate::loader::Loader;

const LANG_STORAGE_KEY: &str = "dmarc-lens.lang";

fn initial_lang() -> Lang {
    let window = web_sys::window();
    let stored = window
        .as_ref()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(LANG_STORAGE_KEY).ok().flatten())
        .and_then(|code| Lang::from_code(&code));
    let browser = window.and_then(|w| w.navigator().language()).and_then(|code| Lang::from_code(&code));
    stored.or(browser).unwrap_or(Lang::En)
}

#[component]
pub fn App() -> impl IntoView {
    let lang = RwSignal::new(initial_lang());
    provide_context(LangCtx(lang));
    let rows = RwSignal::new(Vec::<FileRow>::new());
    let worker_failed = RwSignal::new(false);
    let next_id = StoredValue::new(0u32);

    let loader = Loader::new(
        move |id, result| {
            rows.update(|rows| {
                if let Some(row) = rows.iter_mut().find(|r| r.id == id) {
                    row.result = Some(result);
                }
            })
        },
        move || worker_failed.set(true),
    )
    .ok();
    if loader.is_none() {
        worker_failed.set(true);
    }
    let loader = StoredValue::new_local(loader);

    // Keep <html lang> and the stored choice in step with the language signal.
    Effect::new(move |_| {
        let lang = lang.get();
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            if let Some(html) = document.document_element() {
                let _ = html.set_attribute("lang", lang.code());
            }
        }
        if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = storage.set_item(LANG_STORAGE_KEY, lang.code());
        }
    });

    let on_files = OnFiles(Callback::new(move |files: FileList| {
        let mut picked = Vec::new();
        for index in 0..files.length() {
            if let Some(file) = files.get(index) {
                let id = next_id.get_value();
                next_id.set_value(id + 1);
                picked.push((id, file));
            }
        }
        rows.update(|rows| {
            rows.extend(picked.iter().map(|(id, file)| FileRow { id: *id, name: file.name(), result: None }))
        });
        loader.with_value(|loader| {
            if let Some(loader) = loader {
                for (id, file) in picked {
                    loader.load(id, file);
                }
            }
        });
    }));

    view! {
        <header class="top">
            <div>
                <h1>{move || tr(lang.get(), Key::AppTitle)}</h1>
                <p class="tagline">{move || tr(lang.get(), Key::Tagline)}</p>
            </div>
            <button type="button" class="lang" data-testid="lang-toggle" on:click=move |_| lang.update(|l| *l = l.other())>
                {move || tr(lang.get(), Key::LangToggle)}
            </button>
        </header>
        <main>
            <Show when=move || worker_failed.get()>
                <p class="error" role="alert">{move || tr(lang.get(), Key::WorkerFailed)}</p>
            </Show>
            <DropZone on_files=on_files />
            <Progress rows=rows />
            <FileListView rows=rows />
        </main>
    }
}
