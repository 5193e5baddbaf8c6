//! What the page asks the worker, each kind numbered on its own: the page keeps only the newest
//! answer of each kind, and an answer of one kind never makes another kind's look old (an export
//! asked for during the last analysis once left that analysis unshown). Also the screens' asks
//! of the shell (`TagThis`, `OpenAlertRules`), provided as context here with the others.

use dmarc_lens::export::Table;
use leptos::prelude::*;

use crate::glue::browser::share_fragment;
use crate::protocol::LongTable;
use crate::protocol::ToWorker;
use crate::state::links::RowLink;
use crate::state::page::Page;
use crate::state::share::{ShareCtx, SharedCtx};
use crate::state::tab::Tab;
use crate::state::{BackToSenders, ExportCtx, FullCsv, GoToRow, OpenAlertRules, RegisterSender, SenderDraft, TagThis};

/// The newest request of each kind, and when the analysis was last refreshed while files load.
#[derive(Clone, Copy)]
pub struct Requests {
    pub analysis: StoredValue<u32>,
    /// The last analysis asked for with every file in: its alerts are the ones a person has seen.
    pub settled: StoredValue<u32>,
    pub export: StoredValue<u32>,
    pub share: StoredValue<u32>,
    /// One source's records (`source.rs`).
    pub source: StoredValue<u32>,
    pub last_refresh: StoredValue<f64>,
}

impl Requests {
    pub fn new() -> Requests {
        Requests {
            analysis: StoredValue::new(0),
            settled: StoredValue::new(0),
            export: StoredValue::new(0),
            share: StoredValue::new(0),
            source: StoredValue::new(0),
            last_refresh: StoredValue::new(0.0),
        }
    }
}

impl Default for Requests {
    fn default() -> Self {
        Requests::new()
    }
}

/// The next number of a kind of request.
pub(super) fn next(seq: StoredValue<u32>) -> u32 {
    seq.update_value(|s| *s = s.wrapping_add(1));
    seq.get_value()
}

impl Page {
    /// Posts to the worker, if one runs (a banner says when none does).
    pub fn send(self, message: &ToWorker) {
        self.loader.with_value(|l| {
            if let Some(l) = l {
                l.send(message);
            }
        });
    }

    /// Asks for the analysis under the filters in force. `settled`: no more files are on their
    /// way, so the worker may tidy its store, and the alerts it brings count as seen.
    pub fn analyze(self, settled: bool) {
        // From after To: no report can match. The filter bar says so, and no analysis of
        // zeros replaces the one on screen.
        if self.filters.with_untracked(|f| f.to_filters().period_reversed()) {
            return;
        }
        let seq = next(self.requests.analysis);
        if settled {
            self.requests.settled.set_value(seq);
        }
        self.send(&ToWorker::Analyze { seq, filters: self.filters.get_untracked(), settled });
    }

    pub fn export(self) {
        let seq = next(self.requests.export);
        self.send(&ToWorker::Export { seq, filters: self.filters.get_untracked() });
    }

    pub fn share(self, mask: bool, passphrase: String) {
        let seq = next(self.requests.share);
        self.send(&ToWorker::Share { seq, filters: self.filters.get_untracked(), mask, passphrase });
    }

    /// A whole long table as CSV (`japanese`: Japanese headers), downloaded when it comes.
    pub fn table_csv(self, table: Table, japanese: bool) {
        self.send(&ToWorker::TableCsv { filters: self.filters.get_untracked(), japanese, table: table.index() });
    }

    /// Opens the share link in the URL (`passphrase` empty unless it is sealed).
    pub fn open_link(self, passphrase: String) {
        if let Some(fragment) = share_fragment() {
            self.send(&ToWorker::OpenShare { fragment, passphrase });
        }
    }

    /// Switches to `tab` and, once drawn, brings the element `id` into view and focuses the
    /// first field in it (or the element itself).
    pub fn go_to(self, tab: Tab, id: &'static str) {
        self.tab.set(tab);
        request_animation_frame(move || {
            let Some(element) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id))
            else {
                return;
            };
            element.scroll_into_view();
            // A field before a button: the alert thresholds' heading holds "Back to defaults".
            let field = ["input, select, textarea", "button"]
                .into_iter()
                .find_map(|selector| element.query_selector(selector).ok().flatten())
                .unwrap_or(element);
            if let Ok(field) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(field) {
                let _ = field.focus();
            }
        });
    }

    /// Switches to the link's tab and brings its row into view, focused. A row of a long table
    /// may not be on the page shown: then the table is searched for the subject, and the row is
    /// looked for again while the search's page arrives.
    pub fn go_to_row(self, link: RowLink) {
        self.tab.set(link.tab);
        let RowLink { id, search, .. } = link;
        request_animation_frame(move || {
            if reveal(&id) {
                return;
            }
            let Some((table, key)) = search else { return };
            let tables = self.tables;
            match table {
                LongTable::Suspects => tables.suspects.query.update(|q| *q = q.searching(&key)),
                LongTable::Reporters => tables.reporters.query.update(|q| *q = q.searching(&key)),
                LongTable::Domains => tables.domains.query.update(|q| *q = q.searching(&key)),
            }
            look_again(id, 30);
        });
    }

    pub(super) fn provide_requests(self) {
        provide_context(ExportCtx(Callback::new(move |_| self.export())));
        provide_context(FullCsv(Callback::new(move |(table, japanese)| self.table_csv(table, japanese))));
        provide_context(ShareCtx {
            make: Callback::new(move |(mask, passphrase)| self.share(mask, passphrase)),
            link: self.link,
        });
        provide_context(SharedCtx { state: self.shared_state, open: Callback::new(move |p| self.open_link(p)) });
        provide_context(TagThis(Callback::new(move |ip: String| {
            self.senders.draft.set(dmarc_lens::tags::suggested_network(&ip));
            self.go_to(Tab::Senders, "rule-form");
        })));
        provide_context(RegisterSender(Callback::new(move |draft: SenderDraft| {
            let nets = dmarc_lens::tags::networks_covering(&draft.source_ips, draft.widen);
            let text: Vec<String> = nets.iter().map(ToString::to_string).collect();
            self.senders.draft.set(text.join(", "));
            self.senders.draft_tag.set(draft.name.clone());
            self.senders.draft_comment.set(draft.comment);
            self.senders.draft_sender.set(Some(draft.name));
            self.go_to(Tab::Senders, "rule-form");
        })));
        provide_context(BackToSenders(Callback::new(move |_| self.go_to(Tab::Spoofing, "by-sender"))));
        provide_context(OpenAlertRules(Callback::new(move |_| self.go_to(Tab::Senders, "alert-rules"))));
        provide_context(GoToRow(Callback::new(move |link| self.go_to_row(link))));
    }
}

/// Brings the element `id` into view and focuses it; `false` when it is not in the page.
pub fn reveal(id: &str) -> bool {
    let Some(element) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)) else {
        return false;
    };
    element.scroll_into_view();
    if let Ok(element) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element) {
        let _ = element.focus();
    }
    true
}

/// Looks for the element `id` every 100 ms, `tries` times at most (a searched page of a long
/// table comes from the worker).
fn look_again(id: String, tries: u32) {
    if tries == 0 {
        return;
    }
    set_timeout(
        move || {
            if !reveal(&id) {
                look_again(id, tries - 1);
            }
        },
        std::time::Duration::from_millis(100),
    );
}
