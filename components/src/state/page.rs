//! `Page`: every signal of the app in one `Copy` handle, made once by `App` and provided as
//! context. The parts of the page's behaviour are methods on it, one file each (`requests`,
//! `answers`, `intake`, `persistence`), so no closure has to capture twenty signals by hand.

use std::collections::{HashSet, VecDeque};
use std::sync::Arc;

use dmarc_lens::analyze::AlertRules;
use leptos::prelude::*;

use crate::glue::browser::{read_query, share_fragment, TabNews, Tabs};
use crate::glue::loader::Loader;
use crate::glue::storage::{ALERT_RULES_KEY, TAGS_KEY};
use crate::i18n::{Key, Lang, LangCtx};
use crate::protocol::{FileView, FilterParams, ToWorker};
use crate::state::files::{Done, FileFilter, FileRow, ShowDetails};
use crate::state::persistence::KeptText;
use crate::state::requests::Requests;
use crate::state::share::{LinkState, OpenState};
use crate::state::tab::Tab;
use crate::state::{
    AlertRulesCtx, AnalysisCtx, AnalysisView, FiltersCtx, PackCtx, ReadOnly, SeenAlerts, SendersCtx, TablesCtx,
};

#[derive(Clone, Copy)]
pub struct Page {
    pub lang: RwSignal<Lang>,
    /// Opened from a share link: shows that link's analysis and touches nothing kept here.
    pub read_only: bool,
    pub tab: RwSignal<Tab>,
    pub filters: RwSignal<FilterParams>,
    pub analysis: RwSignal<Option<Arc<AnalysisView>>>,
    /// One row per file picked, in order; ids are handed out in order (`next_id`) and only removed.
    pub rows: RwSignal<Vec<FileRow>>,
    pub next_id: StoredValue<u32>,
    pub done: RwSignal<Done>,
    pub file_filter: RwSignal<FileFilter>,
    /// No worker runs: `WorkerFailed` (it did not start) or `WorkerGaveUp` (it kept dying).
    pub worker_failed: RwSignal<Option<Key>>,
    /// Files that stopped the parser in this visit, set aside while the rest went on.
    pub stopped: RwSignal<Vec<String>>,
    /// Another tab kept files this one has not loaded.
    pub other_tab_files: RwSignal<bool>,
    pub loader: StoredValue<Option<Loader>, LocalStorage>,
    pub requests: Requests,
    /// Files' answers not yet on screen (`answers.rs`).
    pub answers: StoredValue<Vec<(u32, FileView, f64)>, LocalStorage>,
    /// Files picked, waiting to join the list (`intake.rs`).
    pub incoming: StoredValue<VecDeque<(u32, web_sys::File)>, LocalStorage>,
    pub admitting: StoredValue<bool>,
    pub senders: SendersCtx,
    /// Whether the saved rules were read: until then (or if reading failed) nothing is written
    /// back, so a blocked IndexedDB never overwrites what was saved with an empty list.
    pub rules_loaded: RwSignal<bool>,
    pub alert_rules: RwSignal<AlertRules>,
    pub alert_rules_loaded: RwSignal<bool>,
    /// Alerts seen up to the previous visit (read once), and every one seen since.
    pub seen: RwSignal<Option<HashSet<String>>>,
    pub seen_loaded: StoredValue<bool>,
    pub seen_now: StoredValue<HashSet<String>>,
    pub link: RwSignal<LinkState>,
    pub shared_state: RwSignal<OpenState>,
    pub kept_rules: KeptText,
    pub kept_alert_rules: KeptText,
    pub tabs: StoredValue<Option<Tabs>, LocalStorage>,
    /// The long tables' queries and pages (`tables.rs`).
    pub tables: TablesCtx,
    /// Whether the worker could read the sender pack (`None`: not asked yet).
    pub pack: PackCtx,
    /// The source whose records are open (`source.rs`).
    pub source: crate::state::source::SourceState,
}

impl Page {
    pub fn new() -> Page {
        let (query_filters, query_view) = read_query();
        let read_only = share_fragment().is_some();
        let filters = RwSignal::new(query_filters);
        let loader: StoredValue<Option<Loader>, LocalStorage> = StoredValue::new_local(None);
        // Pages of a long table are asked under the filters in force.
        let tables = TablesCtx::new(Callback::new(move |(seq, query)| {
            let message = ToWorker::Rows { seq, filters: filters.get_untracked(), query };
            loader.with_value(|l| {
                if let Some(l) = l {
                    l.send(&message);
                }
            });
        }));
        Page {
            lang: RwSignal::new(crate::state::persistence::initial_lang()),
            read_only,
            tab: RwSignal::new(Tab::from_name(&query_view, read_only)),
            filters,
            analysis: RwSignal::new(None),
            rows: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(0),
            done: RwSignal::new(Done::default()),
            file_filter: RwSignal::new(FileFilter::All),
            worker_failed: RwSignal::new(None),
            stopped: RwSignal::new(Vec::new()),
            other_tab_files: RwSignal::new(false),
            loader,
            requests: Requests::new(),
            answers: StoredValue::new_local(Vec::new()),
            incoming: StoredValue::new_local(VecDeque::new()),
            admitting: StoredValue::new(false),
            senders: SendersCtx {
                rules: RwSignal::new(Vec::new()),
                views: RwSignal::new(Vec::new()),
                import_errors: RwSignal::new(Vec::new()),
                storage_error: RwSignal::new(None),
                draft: RwSignal::new(String::new()),
                draft_tag: RwSignal::new(String::new()),
                draft_comment: RwSignal::new(String::new()),
                draft_sender: RwSignal::new(None),
                registered: RwSignal::new(None),
            },
            rules_loaded: RwSignal::new(false),
            alert_rules: RwSignal::new(AlertRules::default()),
            alert_rules_loaded: RwSignal::new(false),
            seen: RwSignal::new(None),
            seen_loaded: StoredValue::new(false),
            seen_now: StoredValue::new(HashSet::new()),
            link: RwSignal::new(LinkState::Idle),
            shared_state: RwSignal::new(OpenState::Opening),
            kept_rules: KeptText::new(TAGS_KEY, TabNews::Rules),
            kept_alert_rules: KeptText::new(ALERT_RULES_KEY, TabNews::AlertRules),
            tabs: StoredValue::new_local(None),
            tables,
            pack: PackCtx(RwSignal::new(None)),
            source: crate::state::source::SourceState::new(),
        }
    }

    /// The contexts the screens read; `Page` itself for the shell's parts.
    pub fn provide(self) {
        provide_context(self);
        provide_context(LangCtx(self.lang));
        provide_context(ReadOnly(self.read_only));
        provide_context(FiltersCtx(self.filters));
        provide_context(AnalysisCtx(self.analysis));
        provide_context(ShowDetails(Signal::derive(move || self.tab.get() == Tab::Files)));
        provide_context(self.senders);
        provide_context(AlertRulesCtx(self.alert_rules));
        provide_context(SeenAlerts(self.seen));
        provide_context(self.tables);
        provide_context(self.pack);
        self.provide_requests();
        self.provide_source();
    }

    /// Whether the page holds any file row.
    pub fn has_files(self) -> bool {
        self.rows.with_untracked(|r| !r.is_empty())
    }
}

impl Default for Page {
    fn default() -> Self {
        Page::new()
    }
}
