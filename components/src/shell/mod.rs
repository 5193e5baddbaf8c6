//! The app shell: header with the language toggle, the drop zone, the filter bar, and the
//! screens as tabs. It owns the page's state and talks to the worker through `Loader`.

pub mod filter_bar;
pub mod share;

use std::collections::VecDeque;
use std::sync::Arc;

use leptos::prelude::*;

use crate::glue::browser::{
    app_url, download, read_query, reload_on_share_link, share_fragment, write_query, TabNews, Tabs,
};
use crate::glue::loader::{Loader, LoaderEvent};
use crate::glue::storage::{
    describe, forget_everything, load_files, load_text, save_text, set_aside, ALERT_RULES_KEY, SEEN_ALERTS_KEY,
    TAGS_KEY,
};
use crate::i18n::{about_file, tr, Key, Lang, LangCtx};
use crate::protocol::{FileView, FromWorker, ToWorker};
use crate::screens::alert_rules::{AlertRulesCtx, AlertRulesPanel, OpenAlertRules, SeenAlerts};
use crate::screens::files::{
    Done, DropZone, FileFilter, FileList as FileListView, FileRow, OnFiles, Progress, ShowDetails,
};
use crate::screens::known_senders::{suggested_network, Senders, SendersCtx};
use crate::screens::overview::Overview;
use crate::screens::patterns::Patterns;
use crate::screens::spoofing::Spoofing;
use crate::screens::tags::TagsView;
use crate::shell::filter_bar::FilterBar;
use crate::shell::share::{LinkState, OpenState, ShareCtx, SharePanel, SharedBanner, SharedCtx, SharedMeta};
use crate::state::{AnalysisCtx, AnalysisView, ExportCtx, FiltersCtx, FullCsv, ReadOnly, RowsAnswer, TablesCtx};

const LANG_STORAGE_KEY: &str = "dmarc-lens.lang";

/// Rows added to the file list per animation frame when many files are dropped at once.
const ROWS_PER_FRAME: usize = 200;

/// While a big batch loads, the analysis is refreshed at most this often (milliseconds).
const REFRESH_MS: f64 = 1_000.0;

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

/// A text this tab keeps in IndexedDB under `key`, as last read or written (`None`: nothing kept
/// yet). Comparing with it spares writing back what is there already, and tells another tab's
/// news from the echo of this tab's own write.
#[derive(Clone, Copy)]
struct KeptText {
    key: &'static str,
    news: TabNews,
    text: StoredValue<Option<String>>,
}

impl KeptText {
    fn new(key: &'static str, news: TabNews) -> KeptText {
        KeptText { key, news, text: StoredValue::new(None) }
    }

    fn is_kept(self) -> bool {
        self.text.with_value(Option::is_some)
    }

    fn holds(self, text: &str) -> bool {
        self.text.with_value(|t| t.as_deref() == Some(text))
    }

    fn remember(self, text: String) {
        self.text.set_value(Some(text));
    }

    /// Writes `text` unless it is what is kept, and tells the other tabs once it is. It counts as
    /// kept from the start (a write fails whole: what was kept before stays, and the error shows).
    fn save(self, text: String, tabs: StoredValue<Tabs, LocalStorage>, error: RwSignal<Option<String>>) {
        if self.holds(&text) {
            return;
        }
        self.remember(text.clone());
        wasm_bindgen_futures::spawn_local(async move {
            match save_text(self.key, &text).await {
                Ok(()) => tabs.with_value(|t| t.tell(self.news)),
                Err(e) => error.set(Some(describe(&e))),
            }
        });
    }
}

/// Adds the alerts of a settled analysis to those seen, and keeps the lot for the next visit.
fn remember_alerts(
    analysis: &dmarc_lens::analyze::Analysis,
    seen: RwSignal<Option<std::collections::HashSet<String>>>,
    seen_now: StoredValue<std::collections::HashSet<String>>,
) {
    let mut grew = false;
    seen_now.update_value(|now| {
        for alert in &analysis.alerts {
            grew |= now.insert(alert.id.clone());
        }
    });
    // A first visit keeps what it saw, so the next one has something to compare with.
    if !grew && seen.with_untracked(Option::is_some) {
        return;
    }
    let mut ids: Vec<String> = seen_now.with_value(|now| now.iter().cloned().collect());
    ids.sort();
    let json = serde_json::to_string(&ids).unwrap_or_default();
    wasm_bindgen_futures::spawn_local(async move {
        let _ = save_text(SEEN_ALERTS_KEY, &json).await;
    });
}

/// Starts a rule for a possible-spoofing source: fills the form and opens the tag manager.
#[derive(Clone, Copy)]
pub struct TagThis(pub Callback<String>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Overview,
    Patterns,
    Tags,
    Spoofing,
    Senders,
    Files,
}

const TABS: [(Tab, &str, Key); 6] = [
    (Tab::Overview, "overview", Key::TabOverview),
    (Tab::Patterns, "patterns", Key::TabPatterns),
    (Tab::Tags, "tags", Key::TabTags),
    (Tab::Spoofing, "spoofing", Key::TabSpoofing),
    (Tab::Senders, "senders", Key::TabSenders),
    (Tab::Files, "files", Key::TabFiles),
];

/// The tabs of a page opened from a share link: the analyses, read-only.
fn shared_tab(tab: Tab) -> bool {
    matches!(tab, Tab::Overview | Tab::Patterns | Tab::Tags | Tab::Spoofing)
}

fn tab_name(tab: Tab) -> &'static str {
    TABS.iter().find(|(t, _, _)| *t == tab).map_or("overview", |(_, name, _)| name)
}

#[component]
pub fn App() -> impl IntoView {
    let (query_filters, query_view) = read_query();
    // A page opened from a share link shows that link's analysis and touches nothing kept here.
    let opened_link = share_fragment();
    let read_only = opened_link.is_some();
    reload_on_share_link();
    let lang = RwSignal::new(initial_lang());
    let rows = RwSignal::new(Vec::<FileRow>::new());
    let filters = RwSignal::new(query_filters);
    let analysis = RwSignal::new(None::<Arc<AnalysisView>>);
    let tab = RwSignal::new(
        TABS.iter()
            .find(|(t, name, _)| *name == query_view && (!read_only || shared_tab(*t)))
            .map_or(Tab::Overview, |(t, _, _)| *t),
    );
    // No worker runs: `WorkerFailed` (it did not start) or `WorkerGaveUp` (it kept dying).
    let worker_failed = RwSignal::new(None::<Key>);
    // Files that stopped the parser in this visit, set aside while the rest went on.
    let stopped = RwSignal::new(Vec::<String>::new());
    let next_id = StoredValue::new(0u32);
    let analysis_seq = StoredValue::new(0u32);
    let last_refresh = StoredValue::new(0.0f64);
    let done = RwSignal::new(Done::default());
    let file_filter = RwSignal::new(FileFilter::All);
    let loader: StoredValue<Option<Loader>, LocalStorage> = StoredValue::new_local(None);
    provide_context(LangCtx(lang));
    provide_context(ReadOnly(read_only));
    provide_context(FiltersCtx(filters));
    provide_context(AnalysisCtx(analysis));
    provide_context(ShowDetails(Signal::derive(move || tab.get() == Tab::Files)));
    let senders = SendersCtx {
        rules: RwSignal::new(Vec::new()),
        views: RwSignal::new(Vec::new()),
        import_errors: RwSignal::new(Vec::new()),
        storage_error: RwSignal::new(None),
        draft: RwSignal::new(String::new()),
    };
    provide_context(senders);
    provide_context(TagThis(Callback::new(move |ip: String| {
        senders.draft.set(suggested_network(&ip));
        tab.set(Tab::Senders);
    })));
    // Whether the saved rules were read: until then (or if reading failed) nothing is written
    // back, so a blocked IndexedDB never overwrites what was saved with an empty list.
    let rules_loaded = RwSignal::new(false);

    let alert_rules = RwSignal::new(dmarc_lens::analyze::AlertRules::default());
    provide_context(AlertRulesCtx(alert_rules));
    // Alerts seen up to the previous visit (read once), and every one seen since.
    let seen = RwSignal::new(None::<std::collections::HashSet<String>>);
    let seen_loaded = StoredValue::new(false);
    let seen_now = StoredValue::new(std::collections::HashSet::<String>::new());
    provide_context(SeenAlerts(seen));
    provide_context(OpenAlertRules(Callback::new(move |_| {
        tab.set(Tab::Senders);
        request_animation_frame(|| {
            if let Some(panel) =
                web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("alert-rules"))
            {
                panel.scroll_into_view();
            }
        });
    })));
    // The last request made with every file in: its alerts are the ones a person has now seen.
    let settled_seq = StoredValue::new(0u32);

    // Analyses, exports and share links each count their own requests: the page keeps only the
    // newest answer of each kind, and an answer of one kind never makes another kind's look old
    // (an export asked for during the last analysis once left that analysis unshown).
    // `settled`: no more files are on their way, so the worker may tidy its store.
    let request = move |settled: bool| {
        analysis_seq.update_value(|s| *s += 1);
        let seq = analysis_seq.get_value();
        if settled {
            settled_seq.set_value(seq);
        }
        let filters = filters.get_untracked();
        loader.with_value(|l| {
            if let Some(l) = l {
                l.send(&ToWorker::Analyze { seq, filters, settled });
            }
        });
    };
    let export_seq = StoredValue::new(0u32);
    provide_context(ExportCtx(Callback::new(move |_| {
        export_seq.update_value(|s| *s += 1);
        let seq = export_seq.get_value();
        let filters = filters.get_untracked();
        loader.with_value(|l| {
            if let Some(l) = l {
                l.send(&ToWorker::Export { seq, filters });
            }
        });
    })));
    provide_context(FullCsv(Callback::new(move |(table, japanese): (dmarc_lens::export::Table, bool)| {
        let filters = filters.get_untracked();
        loader.with_value(|l| {
            if let Some(l) = l {
                l.send(&ToWorker::TableCsv { filters, japanese, table: table.index() });
            }
        });
    })));
    let tables = TablesCtx::new(Callback::new(move |(seq, query)| {
        let filters = filters.get_untracked();
        loader.with_value(|l| {
            if let Some(l) = l {
                l.send(&ToWorker::Rows { seq, filters, query });
            }
        });
    }));
    provide_context(tables);

    // Share links: made by the worker from the analysis under the filters in force.
    let link = RwSignal::new(LinkState::Idle);
    let share_seq = StoredValue::new(0u32);
    provide_context(ShareCtx {
        make: Callback::new(move |(mask, passphrase): (bool, String)| {
            share_seq.update_value(|s| *s += 1);
            let seq = share_seq.get_value();
            let filters = filters.get_untracked();
            loader.with_value(|l| {
                if let Some(l) = l {
                    l.send(&ToWorker::Share { seq, filters, mask, passphrase });
                }
            });
        }),
        link,
    });
    // A link shown is for the analysis it was made from: another analysis takes it away.
    Effect::new(move |_| {
        analysis.track();
        if matches!(link.get_untracked(), LinkState::Ready(_)) {
            link.set(LinkState::Idle);
        }
    });
    let shared_state = RwSignal::new(OpenState::Opening);
    let open_link = move |passphrase: String| {
        if let Some(fragment) = share_fragment() {
            loader.with_value(|l| {
                if let Some(l) = l {
                    l.send(&ToWorker::OpenShare { fragment, passphrase });
                }
            });
        }
    };
    provide_context(SharedCtx { state: shared_state, open: Callback::new(open_link) });

    // Other tabs of the app share the storage: what one keeps, the others read again, so the
    // last change wins whole and no tab writes back an older copy over a newer one.
    let kept_rules = KeptText::new(TAGS_KEY, TabNews::Rules);
    let kept_alert_rules = KeptText::new(ALERT_RULES_KEY, TabNews::AlertRules);
    let other_tab_files = RwSignal::new(false);
    let tabs: StoredValue<Tabs, LocalStorage> = StoredValue::new_local(Tabs::join(move |news| match news {
        TabNews::Rules => wasm_bindgen_futures::spawn_local(async move {
            if let Ok(Some(text)) = load_text(TAGS_KEY).await {
                let (rules, _) = dmarc_lens::tags::parse_tags_csv(&text);
                let csv = dmarc_lens::tags::write_tags_csv(&rules);
                if !kept_rules.holds(&csv) {
                    kept_rules.remember(csv);
                    senders.rules.set(rules);
                }
            }
        }),
        TabNews::AlertRules => wasm_bindgen_futures::spawn_local(async move {
            let Ok(Some(text)) = load_text(ALERT_RULES_KEY).await else { return };
            if let Ok(rules) = serde_json::from_str::<dmarc_lens::analyze::AlertRules>(&text) {
                let json = serde_json::to_string(&rules).unwrap_or_default();
                if !kept_alert_rules.holds(&json) {
                    kept_alert_rules.remember(json);
                    alert_rules.set(rules);
                }
            }
        }),
        TabNews::Files => other_tab_files.set(true),
        TabNews::Forgotten => {
            if let Some(w) = web_sys::window() {
                let _ = w.location().set_href(&w.location().pathname().unwrap_or_else(|_| "./".to_string()));
            }
        }
    }));

    // Files' answers reach the screen once a frame, not one by one: thousands of answers a few
    // milliseconds apart would otherwise update the rows and the progress bar thousands of times
    // and keep the page from drawing. A timer stands in where frames stop (a hidden tab).
    let answers: StoredValue<Vec<(u32, FileView, f64)>, LocalStorage> = StoredValue::new_local(Vec::new());
    let show_answers = move || {
        let batch = answers.try_update_value(std::mem::take).unwrap_or_default();
        if batch.is_empty() {
            return;
        }
        done.update(|d| {
            for (_, result, elapsed_ms) in &batch {
                d.count(result);
                d.engine_ms += elapsed_ms;
            }
        });
        // A row answered before is answered again when its file, loaded once, stopped a later
        // worker and was set aside: its first answer no longer counts.
        let mut replaced = Vec::new();
        rows.with_untracked(|rows| {
            for (id, result, _) in batch {
                // Rows are in id order: ids are handed out in order and only removed.
                if let Ok(index) = rows.binary_search_by_key(&id, |r| r.id) {
                    if let Some(Some(before)) = rows[index].result.try_update(|r| r.replace(result)) {
                        replaced.push(before);
                    }
                }
            }
        });
        if !replaced.is_empty() {
            done.update(|d| replaced.iter().for_each(|r| d.uncount(r)));
        }
        let idle = loader.with_value(|l| l.as_ref().is_none_or(|l| l.pending() == 0));
        let now = js_sys::Date::now();
        if idle || now - last_refresh.get_value() >= REFRESH_MS {
            last_refresh.set_value(now);
            request(idle);
        }
    };
    let answer = move |id: u32, result: FileView, elapsed_ms: f64| {
        let first = answers.try_update_value(|a| {
            a.push((id, result, elapsed_ms));
            a.len() == 1
        });
        if first == Some(true) {
            request_animation_frame(show_answers);
            set_timeout(show_answers, std::time::Duration::from_millis(250));
        }
    };
    let on_message = move |message: FromWorker| match message {
        FromWorker::Loaded { id, result, elapsed_ms } => answer(id, result, elapsed_ms),
        // A row answered again: its counts are taken back and the new ones counted.
        FromWorker::Revised { id, result } => answer(id, result, 0.0),
        FromWorker::Analysis { seq: answer, analysis_json, suspects_total, reporters_total, domains_total } => {
            if answer == analysis_seq.get_value() {
                if let Ok(result) = serde_json::from_str::<dmarc_lens::analyze::Analysis>(&analysis_json) {
                    if answer == settled_seq.get_value() && seen_loaded.get_value() && !read_only {
                        remember_alerts(&result, seen, seen_now);
                    }
                    analysis.set(Some(Arc::new(AnalysisView {
                        analysis: result,
                        suspects_total,
                        reporters_total,
                        domains_total,
                    })));
                }
            }
        }
        FromWorker::Export { seq, json } => {
            if seq == export_seq.get_value() {
                download("dmarc-lens-analysis.json", &json, "application/json");
            }
        }
        FromWorker::Rows { seq, table, offset, matching, rows_json } => {
            tables.receive(seq, table, RowsAnswer { offset, matching, rows_json: rows_json.into() });
        }
        FromWorker::Download { name, text } => download(&name, &text, "text/csv;charset=utf-8"),
        FromWorker::Tags { rules, errors } => {
            senders.views.set(rules);
            if !errors.is_empty() {
                senders.import_errors.set(errors);
            }
            request(true);
        }
        FromWorker::RuleHits { hits } => senders.views.update(|views| {
            if views.len() == hits.len() {
                for (view, hits) in views.iter_mut().zip(hits) {
                    view.hits = hits;
                }
            }
        }),
        FromWorker::ShareLink { seq, fragment } => {
            if seq == share_seq.get_value() {
                link.set(LinkState::Ready(format!("{}#{fragment}", app_url())));
            }
        }
        FromWorker::ShareFailed { seq, error, message } => {
            if seq == share_seq.get_value() {
                link.set(LinkState::Failed { kind: error, message });
            }
        }
        FromWorker::Shared { shared_json } => match dmarc_lens::share::read_json(&shared_json) {
            Ok(shared) => {
                let meta = SharedMeta {
                    made: shared.made,
                    masked: shared.masked,
                    cut: shared.cut.clone(),
                    filters: crate::protocol::FilterParams::from(&shared.filters),
                };
                let suspects_total = shared.cut.spoof_suspects.unwrap_or(shared.analysis.spoof_suspects.len());
                let reporters_total = shared.cut.reporters.unwrap_or(shared.analysis.reporters.len());
                let domains_total = shared.cut.domains.unwrap_or(shared.analysis.domains.len());
                filters.set(meta.filters.clone());
                let analysis_view =
                    AnalysisView { analysis: shared.analysis, suspects_total, reporters_total, domains_total };
                analysis.set(Some(Arc::new(analysis_view)));
                shared_state.set(OpenState::Open(meta));
            }
            Err(e) => shared_state.set(OpenState::Failed { kind: e.kind().to_string(), message: e.to_string() }),
        },
        FromWorker::OpenFailed { error, message } => shared_state.set(if error == "needs_passphrase" {
            OpenState::NeedsPassphrase
        } else {
            OpenState::Failed { kind: error, message }
        }),
        // The worker kept a picked file in IndexedDB, or could not (a full disk, a blocked
        // database): that is shown and changes nothing else, the analysis goes on without it.
        FromWorker::Kept { error: None, .. } => tabs.with_value(|t| t.tell(TabNews::Files)),
        FromWorker::Kept { error: Some(detail), .. } => senders.storage_error.set(Some(detail)),
        FromWorker::Ready => {}
    };
    let on_event = move |event: LoaderEvent| match event {
        LoaderEvent::Message(message) => on_message(message),
        LoaderEvent::SetAside { name } => stopped.update(|s| s.push(name)),
        LoaderEvent::StorageError(detail) => senders.storage_error.set(Some(detail)),
        LoaderEvent::Failed { started } => {
            worker_failed.set(Some(if started { Key::WorkerGaveUp } else { Key::WorkerFailed }));
        }
    };
    match Loader::new(on_event) {
        Ok(l) => loader.set_value(Some(l)),
        Err(_) => worker_failed.set(Some(Key::WorkerFailed)),
    }

    if read_only {
        open_link(String::new());
    }
    // Files kept from an earlier visit are loaded again, in their order, so a reload shows the same
    // analysis.
    let restore = !read_only;
    wasm_bindgen_futures::spawn_local(async move {
        if !restore {
            return;
        }
        // A tab that died reading a kept file left its mark: that file is set aside before any
        // is read, so it cannot kill this visit too.
        crate::glue::marker::hold_tab();
        for (key, name) in crate::glue::marker::orphans().await {
            if let Err(e) = set_aside(&key, &name).await {
                senders.storage_error.set(Some(describe(&e)));
            }
        }
        match load_files().await {
            Ok(files) => {
                if files.is_empty() {
                    return;
                }
                let mut added = Vec::new();
                for file in files {
                    let id = next_id.get_value();
                    next_id.set_value(id + 1);
                    added.push((id, file));
                }
                rows.update(|rows| rows.extend(added.iter().map(|(id, file)| FileRow::new(*id, file.name.clone()))));
                loader.with_value(|l| {
                    if let Some(l) = l {
                        for (id, file) in added {
                            match file.data {
                                Some(data) => l.load_saved(id, file.name, file.key, data),
                                None => l.set_aside_saved(id, file.name),
                            }
                        }
                    }
                });
            }
            Err(e) => senders.storage_error.set(Some(describe(&e))),
        }
    });

    // Read the saved rules once; then every change of the rules is saved and sent to the worker.
    wasm_bindgen_futures::spawn_local(async move {
        if !restore {
            return;
        }
        match load_text(TAGS_KEY).await {
            Ok(text) => {
                let (rules, _) = dmarc_lens::tags::parse_tags_csv(text.as_deref().unwrap_or_default());
                if text.is_some() {
                    kept_rules.remember(dmarc_lens::tags::write_tags_csv(&rules));
                }
                senders.rules.set(rules);
                rules_loaded.set(true);
            }
            Err(e) => senders.storage_error.set(Some(describe(&e))),
        }
    });
    // Alert thresholds and the alerts seen before: read once, then kept as they change.
    let alert_rules_loaded = RwSignal::new(false);
    wasm_bindgen_futures::spawn_local(async move {
        if !restore {
            return;
        }
        match load_text(ALERT_RULES_KEY).await {
            Ok(text) => {
                if let Some(rules) = text.and_then(|t| serde_json::from_str(&t).ok()) {
                    kept_alert_rules.remember(serde_json::to_string(&rules).unwrap_or_default());
                    alert_rules.set(rules);
                }
                alert_rules_loaded.set(true);
            }
            Err(e) => senders.storage_error.set(Some(describe(&e))),
        }
        match load_text(SEEN_ALERTS_KEY).await {
            Ok(text) => {
                let ids: Option<Vec<String>> = text.and_then(|t| serde_json::from_str(&t).ok());
                if let Some(ids) = ids {
                    seen_now.update_value(|now| now.extend(ids.iter().cloned()));
                    seen.set(Some(ids.into_iter().collect()));
                }
                seen_loaded.set_value(true);
            }
            Err(e) => senders.storage_error.set(Some(describe(&e))),
        }
    });
    Effect::new(move |previous: Option<dmarc_lens::analyze::AlertRules>| {
        let rules = alert_rules.get();
        let changed = previous.as_ref().is_some_and(|p| *p != rules);
        loader.with_value(|l| {
            if let Some(l) = l {
                l.send(&ToWorker::SetAlertRules { rules: rules.clone() });
            }
        });
        if changed && rows.with_untracked(|r| !r.is_empty()) {
            request(true);
        }
        // Defaults never changed are not written: a visit alone creates no database.
        if alert_rules_loaded.get_untracked() && changed {
            kept_alert_rules.save(serde_json::to_string(&rules).unwrap_or_default(), tabs, senders.storage_error);
        }
        rules
    });

    Effect::new(move |_| {
        let rules = senders.rules.get();
        let csv = dmarc_lens::tags::write_tags_csv(&rules);
        if !rules_loaded.get() {
            return;
        }
        if rules.is_empty() && !kept_rules.is_kept() {
            // Nothing to keep and nothing kept: create no database just by visiting.
            return;
        }
        loader.with_value(|l| {
            if let Some(l) = l {
                l.send(&ToWorker::SetTags { csv: csv.clone() });
            }
        });
        kept_rules.save(csv, tabs, senders.storage_error);
    });

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
            request(true);
        }
        current
    });

    // Files picked wait here and join the list a few hundred per frame, so dropping thousands of
    // files never freezes the page while their rows are built.
    let incoming: StoredValue<VecDeque<(u32, web_sys::File)>, LocalStorage> = StoredValue::new_local(VecDeque::new());
    let admitting = StoredValue::new(false);
    fn admit(
        incoming: StoredValue<VecDeque<(u32, web_sys::File)>, LocalStorage>,
        admitting: StoredValue<bool>,
        rows: RwSignal<Vec<FileRow>>,
        loader: StoredValue<Option<Loader>, LocalStorage>,
    ) {
        let mut batch: Vec<(u32, web_sys::File)> = Vec::new();
        incoming.update_value(|q| batch.extend(q.drain(..q.len().min(ROWS_PER_FRAME))));
        rows.update(|rows| rows.extend(batch.iter().map(|(id, file)| FileRow::new(*id, file.name()))));
        loader.with_value(|l| {
            if let Some(l) = l {
                for (id, file) in batch {
                    l.load(id, file);
                }
            }
        });
        if incoming.with_value(|q| q.is_empty()) {
            admitting.set_value(false);
        } else {
            request_animation_frame(move || admit(incoming, admitting, rows, loader));
        }
    }
    let on_files = OnFiles(Callback::new(move |files: Vec<web_sys::File>| {
        incoming.update_value(|q| {
            for file in files {
                let id = next_id.get_value();
                next_id.set_value(id + 1);
                q.push_back((id, file));
            }
        });
        if !admitting.get_value() {
            admitting.set_value(true);
            admit(incoming, admitting, rows, loader);
        }
    }));
    let on_cancel = Callback::new(move |_| {
        incoming.update_value(|q| q.clear());
        let cancelled = loader.with_value(|l| l.as_ref().map(Loader::cancel).unwrap_or_default());
        rows.update(|rows| rows.retain(|r| !cancelled.contains(&r.id)));
        let engine_ms = done.with_untracked(|d| d.engine_ms);
        done.set(rows.with_untracked(|r| Done::recount(r, engine_ms)));
        request(true);
    });

    let on_show_files = Callback::new(move |filter: FileFilter| {
        file_filter.set(filter);
        tab.set(Tab::Files);
    });

    // Forget everything: the saved rules and settings go, and a reload drops the loaded reports.
    let on_forget = move |_| {
        let Some(window) = web_sys::window() else { return };
        if !window.confirm_with_message(tr(lang.get_untracked(), Key::ForgetConfirm)).unwrap_or(false) {
            return;
        }
        rules_loaded.set(false);
        if let Ok(Some(storage)) = window.local_storage() {
            let _ = storage.clear();
        }
        wasm_bindgen_futures::spawn_local(async move {
            match forget_everything().await {
                Ok(()) => {
                    tabs.with_value(|t| t.tell(TabNews::Forgotten));
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().set_href(&w.location().pathname().unwrap_or_else(|_| "./".to_string()));
                    }
                }
                Err(e) => senders.storage_error.set(Some(describe(&e))),
            }
        });
    };

    let content = move || {
        let view = analysis.get();
        // The alerts seen before arrive once, maybe after the first analysis: mark them then.
        seen.track();
        match (tab.get(), view) {
            (Tab::Files, _) => ().into_any(),
            (Tab::Senders, _) => view! { <Senders /> <AlertRulesPanel /> }.into_any(),
            // A shared page without its analysis yet says why in its banner.
            (_, None) if read_only => ().into_any(),
            (_, None) => view! { <p class="callout">{move || tr(lang.get(), Key::NothingLoaded)}</p> }.into_any(),
            (Tab::Overview, Some(v)) => view! { <Overview analysis=v.analysis.clone() /> }.into_any(),
            (Tab::Patterns, Some(v)) => view! { <Patterns analysis=v.analysis.clone() /> }.into_any(),
            (Tab::Tags, Some(v)) => view! { <TagsView analysis=v.analysis.clone() /> }.into_any(),
            (Tab::Spoofing, Some(v)) => {
                view! { <Spoofing analysis=v.analysis.clone() total=v.suspects_total /> }.into_any()
            }
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
            {move || worker_failed.get().map(|key| view! {
                <p class="error banner" role="alert" data-testid="worker-failed">{move || tr(lang.get(), key)}</p>
            })}
            {move || {
                let lang = lang.get();
                stopped.get().into_iter().map(|name| view! {
                    <p class="error banner" role="alert" data-testid="parser-stopped" data-file=name.clone()>
                        {about_file(lang, Key::ParserStopped, &name)}
                    </p>
                }).collect_view()
            }}
            <Show when=move || other_tab_files.get()>
                <p class="callout" data-testid="other-tab-files">
                    {move || tr(lang.get(), Key::OtherTabFiles)} " "
                    <button type="button" class="secondary small" on:click=move |_| {
                        if let Some(w) = web_sys::window() { let _ = w.location().reload(); }
                    }>{move || tr(lang.get(), Key::ReloadToInclude)}</button>
                </p>
            </Show>
            {move || senders.storage_error.get().map(|detail| {
                let full = crate::glue::storage::is_full(&detail);
                view! {
                    <p class="error banner" role="alert" data-testid="storage-error" data-full=full.to_string()>
                        {move || tr(lang.get(), if full { Key::StorageFull } else { Key::StorageFailed })}
                        " " <span class="muted detail">{detail.clone()}</span>
                    </p>
                }
            })}
            {if read_only {
                view! { <SharedBanner /> }.into_any()
            } else {
                view! {
                    <DropZone on_files=on_files />
                    <Progress rows=rows done=done on_cancel=on_cancel on_show=on_show_files />
                    <FilterBar />
                    <SharePanel />
                }.into_any()
            }}
            <nav class="tabs" role="tablist">
                {TABS.iter().filter(|(t, _, _)| !read_only || shared_tab(*t)).map(|&(t, name, key)| view! {
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
                <FileListView rows=rows done=done filter=file_filter />
            </div>
        </main>
        <footer class="bottom">
            <span class="muted">{move || tr(lang.get(), Key::Privacy)}</span>
            {(!read_only).then(|| view! {
                <button type="button" class="secondary small" data-testid="forget-everything" on:click=on_forget>
                    {move || tr(lang.get(), Key::Forget)}
                </button>
            })}
        </footer>
    }
}
