//! The app shell: header with the language toggle, the drop zone, the filter bar, and the
//! screens as tabs. It owns the page's state and talks to the worker through `Loader`.

use std::sync::Arc;

use leptos::prelude::*;
use web_sys::FileList;

use crate::browser::{download, read_query, write_query};
use crate::files::{DropZone, FileList as FileListView, FileRow, OnFiles, Progress};
use crate::filters::FilterBar;
use crate::i18n::{tr, Key, Lang, LangCtx};
use crate::loader::Loader;
use crate::overview::Overview;
use crate::patterns::Patterns;
use crate::protocol::{FromWorker, ToWorker};
use crate::spoofing::Spoofing;
use crate::state::{AnalysisCtx, AnalysisView, ExportCtx, FiltersCtx};
use crate::tags_view::TagsView;

const LANG_STORAGE_KEY: &str = "dmarc-lens.lang";

/// While a big batch loads, the analysis is refreshed every this many files.
const REFRESH_EVERY: usize = 50;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Overview,
    Patterns,
    Tags,
    Spoofing,
    Files,
}

const TABS: [(Tab, &str, Key); 5] = [
    (Tab::Overview, "overview", Key::TabOverview),
    (Tab::Patterns, "patterns", Key::TabPatterns),
    (Tab::Tags, "tags", Key::TabTags),
    (Tab::Spoofing, "spoofing", Key::TabSpoofing),
    (Tab::Files, "files", Key::TabFiles),
];

fn tab_name(tab: Tab) -> &'static str {
    TABS.iter().find(|(t, _, _)| *t == tab).map_or("overview", |(_, name, _)| name)
}

#[component]
pub fn App() -> impl IntoView {
    let (query_filters, query_view) = read_query();
    let lang = RwSignal::new(initial_lang());
    let rows = RwSignal::new(Vec::<FileRow>::new());
    let filters = RwSignal::new(query_filters);
    let analysis = RwSignal::new(None::<Arc<AnalysisView>>);
    let tab = RwSignal::new(TABS.iter().find(|(_, name, _)| *name == query_view).map_or(Tab::Overview, |(t, _, _)| *t));
    let worker_failed = RwSignal::new(false);
    let next_id = StoredValue::new(0u32);
    let seq = StoredValue::new(0u32);
    let loaded_since_refresh = StoredValue::new(0usize);
    let loader: StoredValue<Option<Loader>, LocalStorage> = StoredValue::new_local(None);
    provide_context(LangCtx(lang));
    provide_context(FiltersCtx(filters));
    provide_context(AnalysisCtx(analysis));

    let request = move |export: bool| {
        seq.update_value(|s| *s += 1);
        let seq = seq.get_value();
        let filters = filters.get_untracked();
        loader.with_value(|l| {
            if let Some(l) = l {
                l.send(&if export { ToWorker::Export { seq, filters } } else { ToWorker::Analyze { seq, filters } });
            }
        });
    };
    provide_context(ExportCtx(Callback::new(move |_| request(true))));

    let on_message = move |message: FromWorker| match message {
        FromWorker::Loaded { id, result } => {
            rows.update(|rows| {
                if let Some(row) = rows.iter_mut().find(|r| r.id == id) {
                    row.result = Some(result);
                }
            });
            loaded_since_refresh.update_value(|n| *n += 1);
            let idle = loader.with_value(|l| l.as_ref().is_none_or(|l| l.pending() == 0));
            if idle || loaded_since_refresh.get_value() >= REFRESH_EVERY {
                loaded_since_refresh.set_value(0);
                request(false);
            }
        }
        FromWorker::Analysis { seq: answer, analysis: result, suspects_total } => {
            if answer == seq.get_value() {
                analysis.set(Some(Arc::new(AnalysisView { analysis: *result, suspects_total })));
            }
        }
        FromWorker::Export { json, .. } => download("dmarc-lens-analysis.json", &json, "application/json"),
        FromWorker::Ready => {}
    };
    match Loader::new(on_message, move || worker_failed.set(true)) {
        Ok(l) => loader.set_value(Some(l)),
        Err(_) => worker_failed.set(true),
    }

    // Keep <html lang> and the stored choice in step with the language.
    Effect::new(move |_| {
        let lang = lang.get();
        if let Some(html) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = html.set_attribute("lang", lang.code());
        }
        if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = storage.set_item(LANG_STORAGE_KEY, lang.code());
        }
    });
    // Keep the URL in step with the filters and the view; re-analyse when the filters change.
    Effect::new(move |previous: Option<crate::protocol::FilterParams>| {
        let current = filters.get().normalised();
        write_query(&current, tab_name(tab.get()));
        if previous.as_ref().is_some_and(|p| *p != current) && rows.with_untracked(|r| !r.is_empty()) {
            request(false);
        }
        current
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
        rows.update(|rows| rows.extend(picked.iter().map(|(id, file)| FileRow { id: *id, name: file.name(), result: None })));
        loader.with_value(|l| {
            if let Some(l) = l {
                for (id, file) in picked {
                    l.load(id, file);
                }
            }
        });
    }));
    let on_cancel = Callback::new(move |_| {
        let cancelled = loader.with_value(|l| l.as_ref().map(Loader::cancel).unwrap_or_default());
        rows.update(|rows| rows.retain(|r| !cancelled.contains(&r.id)));
        request(false);
    });

    let content = move || {
        let view = analysis.get();
        match (tab.get(), view) {
            (Tab::Files, _) => ().into_any(),
            (_, None) => view! { <p class="callout">{move || tr(lang.get(), Key::NothingLoaded)}</p> }.into_any(),
            (Tab::Overview, Some(v)) => view! { <Overview analysis=v.analysis.clone() /> }.into_any(),
            (Tab::Patterns, Some(v)) => view! { <Patterns analysis=v.analysis.clone() /> }.into_any(),
            (Tab::Tags, Some(v)) => view! { <TagsView analysis=v.analysis.clone() /> }.into_any(),
            (Tab::Spoofing, Some(v)) => view! { <Spoofing analysis=v.analysis.clone() total=v.suspects_total /> }.into_any(),
        }
    };

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
            <Progress rows=rows on_cancel=on_cancel />
            <FilterBar />
            <nav class="tabs" role="tablist">
                {TABS.iter().map(|&(t, name, key)| view! {
                    <button type="button" role="tab" data-testid=format!("tab-{name}")
                        aria-selected=move || (tab.get() == t).to_string()
                        class:active=move || tab.get() == t
                        on:click=move |_| tab.set(t)>
                        {move || tr(lang.get(), key)}
                    </button>
                }).collect_view()}
            </nav>
            <div class="content" role="tabpanel">{content}</div>
            // The file rows stay in the page whatever the tab, so a row's status is always there
            // to read; the Files tab shows them.
            <div class:hidden=move || tab.get() != Tab::Files>
                <FileListView rows=rows />
            </div>
        </main>
    }
}
