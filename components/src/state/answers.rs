//! What the page does with the worker's messages: files' answers reach their rows once a frame,
//! the newest analysis of each request kind is shown, downloads are handed to the browser.

use std::sync::Arc;

use dmarc_lens::analyze::Analysis;
use leptos::prelude::*;

use crate::glue::browser::{app_url, download, TabNews};
use crate::glue::loader::{Loader, LoaderEvent};
use crate::i18n::Key;
use crate::protocol::{FileView, FilterParams, FromWorker};
use crate::state::page::Page;
use crate::state::share::{LinkState, OpenState, SharedMeta};
use crate::state::{AnalysisView, RowsAnswer};

/// While a big batch loads, the analysis is refreshed at most this often (milliseconds).
const REFRESH_MS: f64 = 1_000.0;

impl Page {
    /// Starts the worker; a banner says when it cannot start.
    pub fn start_worker(self) {
        match Loader::new(move |event| self.on_event(event)) {
            Ok(l) => self.loader.set_value(Some(l)),
            Err(_) => self.worker_failed.set(Some(Key::WorkerFailed)),
        }
        if self.read_only {
            self.open_link(String::new());
        }
    }

    fn on_event(self, event: LoaderEvent) {
        match event {
            LoaderEvent::Message(message) => self.on_message(message),
            LoaderEvent::SetAside { name } => self.stopped.update(|s| s.push(name)),
            LoaderEvent::StorageError(detail) => self.senders.storage_error.set(Some(detail)),
            LoaderEvent::Failed { started } => {
                self.worker_failed.set(Some(if started { Key::WorkerGaveUp } else { Key::WorkerFailed }));
            }
        }
    }

    fn on_message(self, message: FromWorker) {
        let requests = self.requests;
        match message {
            FromWorker::Loaded { id, result, elapsed_ms } => self.answer(id, result, elapsed_ms),
            // A row answered again: its counts are taken back and the new ones counted.
            FromWorker::Revised { id, result } => self.answer(id, result, 0.0),
            FromWorker::Analysis { seq, analysis_json, suspects_total, reporters_total, domains_total } => {
                if seq != requests.analysis.get_value() {
                    return;
                }
                let Ok(analysis) = serde_json::from_str::<Analysis>(&analysis_json) else { return };
                if seq == requests.settled.get_value() && self.seen_loaded.get_value() && !self.read_only {
                    self.remember_alerts(&analysis);
                }
                let view = AnalysisView { analysis, suspects_total, reporters_total, domains_total };
                self.analysis.set(Some(Arc::new(view)));
            }
            FromWorker::Export { seq, json } => {
                if seq == requests.export.get_value() {
                    download("dmarc-lens-analysis.json", &json, "application/json");
                }
            }
            FromWorker::Download { name, text } => download(&name, &text, "text/csv;charset=utf-8"),
            FromWorker::Tags { rules, errors } => {
                self.senders.views.set(rules);
                if !errors.is_empty() {
                    self.senders.import_errors.set(errors);
                }
                self.analyze(true);
            }
            FromWorker::Pack { error } => self.pack.0.set(Some(error.map_or(Ok(()), Err))),
            FromWorker::RuleHits { hits } => self.senders.views.update(|views| {
                if views.len() == hits.len() {
                    for (view, hits) in views.iter_mut().zip(hits) {
                        view.hits = hits;
                    }
                }
            }),
            FromWorker::ShareLink { seq, fragment } => {
                if seq == requests.share.get_value() {
                    self.link.set(LinkState::Ready(format!("{}#{fragment}", app_url())));
                }
            }
            FromWorker::ShareFailed { seq, error, message } => {
                if seq == requests.share.get_value() {
                    self.link.set(LinkState::Failed { kind: error, message });
                }
            }
            FromWorker::Rows { seq, table, offset, matching, rows_json } => {
                self.tables.receive(seq, table, RowsAnswer { offset, matching, rows_json: rows_json.into() });
            }
            FromWorker::Shared { shared_json } => self.show_shared(&shared_json),
            FromWorker::OpenFailed { error, message } => self.shared_state.set(if error == "needs_passphrase" {
                OpenState::NeedsPassphrase
            } else {
                OpenState::Failed { kind: error, message }
            }),
            // The worker kept a picked file in IndexedDB, or could not (a full disk, a blocked
            // database): that is shown and changes nothing else, the analysis goes on without it.
            FromWorker::Kept { error: None, .. } => self.tell_tabs(TabNews::Files),
            FromWorker::Kept { error: Some(detail), .. } => self.senders.storage_error.set(Some(detail)),
            FromWorker::SourceRecords { seq, records_json } => {
                if seq == requests.source.get_value() {
                    self.show_source(&records_json);
                }
            }
            FromWorker::Ready => {}
        }
    }

    /// A page opened from a link: its analysis, with its filters, and what the banner says.
    fn show_shared(self, shared_json: &str) {
        match dmarc_lens::share::read_json(shared_json) {
            Ok(shared) => {
                let meta = SharedMeta {
                    made: shared.made,
                    masked: shared.masked,
                    cut: shared.cut.clone(),
                    filters: FilterParams::from(&shared.filters),
                };
                let suspects_total = shared.cut.spoof_suspects.unwrap_or(shared.analysis.spoof_suspects.len());
                let reporters_total = shared.cut.reporters.unwrap_or(shared.analysis.reporters.len());
                let domains_total = shared.cut.domains.unwrap_or(shared.analysis.domains.len());
                self.filters.set(meta.filters.clone());
                let view = AnalysisView { analysis: shared.analysis, suspects_total, reporters_total, domains_total };
                self.analysis.set(Some(Arc::new(view)));
                self.shared_state.set(OpenState::Open(meta));
            }
            Err(e) => self
                .shared_state
                .set(OpenState::Failed { kind: e.kind().to_string(), message: crate::protocol::share_words(&e) }),
        }
    }

    /// Files' answers reach the screen once a frame, not one by one: thousands of answers a few
    /// milliseconds apart would otherwise update the rows and the progress bar thousands of times
    /// and keep the page from drawing. A timer stands in where frames stop (a hidden tab).
    fn answer(self, id: u32, result: FileView, elapsed_ms: f64) {
        let first = self.answers.try_update_value(|a| {
            a.push((id, result, elapsed_ms));
            a.len() == 1
        });
        if first == Some(true) {
            request_animation_frame(move || self.show_answers());
            set_timeout(move || self.show_answers(), std::time::Duration::from_millis(250));
        }
    }

    fn show_answers(self) {
        let batch = self.answers.try_update_value(std::mem::take).unwrap_or_default();
        if batch.is_empty() {
            return;
        }
        self.done.update(|d| {
            for (_, result, elapsed_ms) in &batch {
                d.count(result);
                d.engine_ms += elapsed_ms;
            }
        });
        // A row answered before is answered again when its file, loaded once, stopped a later
        // worker and was set aside: its first answer no longer counts.
        let mut replaced = Vec::new();
        self.rows.with_untracked(|rows| {
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
            self.done.update(|d| replaced.iter().for_each(|r| d.uncount(r)));
        }
        let idle = self.loader.with_value(|l| l.as_ref().is_none_or(|l| l.pending() == 0));
        let now = js_sys::Date::now();
        if idle || now - self.requests.last_refresh.get_value() >= REFRESH_MS {
            self.requests.last_refresh.set_value(now);
            self.analyze(idle);
        }
    }
}
