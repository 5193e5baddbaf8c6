//! One source's records, opened from the address table or a sender's addresses: the page asks
//! the worker (`ToWorker::SourceRecords`) under the filters in force, the panel
//! (`screens/source_records.rs`) shows the answer over the page, which is inert meanwhile; a new
//! analysis landing while it is open (filters changed, files loaded) asks again; closing gives
//! the focus back to the button that opened it, so the person is where they were.

use std::sync::Arc;

use dmarc_lens::analyze::SourceRecords;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::protocol::ToWorker;
use crate::state::page::Page;
use crate::state::requests::next;

/// The id of the panel's heading, focused when it opens.
pub const TITLE_ID: &str = "source-detail-title";

/// The source whose records are open.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenedSource {
    pub ip: String,
    /// The sender's name, when the row it was opened from names one.
    pub sender: Option<String>,
    /// `None` until the worker answers.
    pub records: Option<Arc<SourceRecords>>,
}

#[derive(Clone, Copy)]
pub struct SourceState {
    pub open: RwSignal<Option<OpenedSource>>,
    /// What had the focus when it opened: it gets it back on closing.
    opener: StoredValue<Option<web_sys::Element>, LocalStorage>,
}

impl SourceState {
    pub fn new() -> SourceState {
        SourceState { open: RwSignal::new(None), opener: StoredValue::new_local(None) }
    }
}

impl Default for SourceState {
    fn default() -> Self {
        SourceState::new()
    }
}

/// Opens a source's records: its address and its sender's name, if named.
#[derive(Clone, Copy)]
pub struct OpenSource(pub Callback<(String, Option<String>)>);

/// What the panel reads, and closing it.
#[derive(Clone, Copy)]
pub struct SourceCtx {
    pub open: RwSignal<Option<OpenedSource>>,
    pub close: Callback<()>,
}

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// The page behind the panel made inert (no focus, no clicks) while it is open, or live again.
fn set_inert(inert: bool) {
    let Some(document) = document() else { return };
    for selector in ["body > header", "body > main", "body > footer"] {
        if let Ok(Some(element)) = document.query_selector(selector) {
            let _ = if inert { element.set_attribute("inert", "") } else { element.remove_attribute("inert") };
        }
    }
}

impl Page {
    pub fn open_source(self, ip: String, sender: Option<String>) {
        self.source.opener.set_value(document().and_then(|d| d.active_element()));
        self.source.open.set(Some(OpenedSource { ip: ip.clone(), sender, records: None }));
        self.ask_source(ip);
        set_inert(true);
        request_animation_frame(|| {
            crate::state::requests::reveal(TITLE_ID);
        });
    }

    fn ask_source(self, ip: String) {
        let seq = next(self.requests.source);
        self.send(&ToWorker::SourceRecords { seq, filters: self.filters.get_untracked(), ip });
    }

    /// The worker's answer to the newest request, shown if the panel is still open.
    pub(super) fn show_source(self, records_json: &str) {
        let Ok(records) = serde_json::from_str::<SourceRecords>(records_json) else { return };
        self.source.open.update(|open| {
            if let Some(open) = open {
                open.records = Some(Arc::new(records));
            }
        });
    }

    pub fn close_source(self) {
        self.source.open.set(None);
        set_inert(false);
        // The button that opened it, if it is still in the page (a new analysis may have drawn
        // its table again).
        let opener = self.source.opener.try_update_value(Option::take).flatten();
        if let Some(element) = opener.filter(|e| e.is_connected()) {
            if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
                let _ = element.focus();
            }
        }
    }

    pub(super) fn provide_source(self) {
        provide_context(OpenSource(Callback::new(move |(ip, sender)| self.open_source(ip, sender))));
        provide_context(SourceCtx { open: self.source.open, close: Callback::new(move |_| self.close_source()) });
        // A new analysis (other filters, more files) while it is open: its records again.
        let analysis = self.analysis;
        Effect::new(move |_| {
            analysis.track();
            if let Some(ip) = self.source.open.with_untracked(|o| o.as_ref().map(|o| o.ip.clone())) {
                self.ask_source(ip);
            }
        });
    }
}
