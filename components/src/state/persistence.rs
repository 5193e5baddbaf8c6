//! What the page keeps and where: known-sender rules, alert thresholds and the alerts seen in
//! IndexedDB; the language in localStorage; the filters and the view in the URL. Other tabs of
//! the app share the storage: what one keeps, the others read again, so the last change wins
//! whole and no tab writes back an older copy over a newer one. A page opened from a share link
//! reads and writes none of it.

use dmarc_lens::analyze::{AlertRules, Analysis};
use dmarc_lens::tags::{parse_tags_csv, write_tags_csv};
use leptos::prelude::*;

use crate::glue::browser::{write_query, TabNews, Tabs};
use crate::glue::storage::{
    describe, forget_everything, load_text, save_text, ALERT_RULES_KEY, SEEN_ALERTS_KEY, TAGS_KEY,
};
use crate::i18n::{tr, Key, Lang};
use crate::protocol::{FilterParams, ToWorker};
use crate::state::page::Page;

const LANG_STORAGE_KEY: &str = "dmarc-lens.lang";

/// The language chosen before, else the browser's, else English.
pub fn initial_lang() -> Lang {
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
pub struct KeptText {
    key: &'static str,
    news: TabNews,
    text: StoredValue<Option<String>>,
}

impl KeptText {
    pub fn new(key: &'static str, news: TabNews) -> KeptText {
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
}

impl Page {
    pub fn tell_tabs(self, news: TabNews) {
        self.tabs.with_value(|t| {
            if let Some(t) = t {
                t.tell(news);
            }
        });
    }

    /// Writes `text` unless it is what is kept, and tells the other tabs once it is. It counts as
    /// kept from the start (a write fails whole: what was kept before stays, and the error shows).
    fn save(self, kept: KeptText, text: String) {
        if kept.holds(&text) {
            return;
        }
        kept.remember(text.clone());
        wasm_bindgen_futures::spawn_local(async move {
            match save_text(kept.key, &text).await {
                Ok(()) => self.tell_tabs(kept.news),
                Err(e) => self.senders.storage_error.set(Some(describe(&e))),
            }
        });
    }

    /// Hears the other tabs of the app.
    pub fn join_tabs(self) {
        let tabs = Tabs::join(move |news| match news {
            TabNews::Rules => wasm_bindgen_futures::spawn_local(async move {
                if let Ok(Some(text)) = load_text(TAGS_KEY).await {
                    let (rules, _) = parse_tags_csv(&text);
                    let csv = write_tags_csv(&rules);
                    if !self.kept_rules.holds(&csv) {
                        self.kept_rules.remember(csv);
                        self.senders.rules.set(rules);
                    }
                }
            }),
            TabNews::AlertRules => wasm_bindgen_futures::spawn_local(async move {
                let Ok(Some(text)) = load_text(ALERT_RULES_KEY).await else { return };
                if let Ok(rules) = serde_json::from_str::<AlertRules>(&text) {
                    let json = serde_json::to_string(&rules).unwrap_or_default();
                    if !self.kept_alert_rules.holds(&json) {
                        self.kept_alert_rules.remember(json);
                        self.alert_rules.set(rules);
                    }
                }
            }),
            TabNews::Files => self.other_tab_files.set(true),
            TabNews::Forgotten => reload_plain(),
        });
        self.tabs.set_value(Some(tabs));
    }

    /// Reads the saved rules, thresholds and alerts seen, once.
    pub fn read_kept(self) {
        if self.read_only {
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            match load_text(TAGS_KEY).await {
                Ok(text) => {
                    let (rules, _) = parse_tags_csv(text.as_deref().unwrap_or_default());
                    if text.is_some() {
                        self.kept_rules.remember(write_tags_csv(&rules));
                    }
                    self.senders.rules.set(rules);
                    self.rules_loaded.set(true);
                }
                Err(e) => self.senders.storage_error.set(Some(describe(&e))),
            }
        });
        wasm_bindgen_futures::spawn_local(async move {
            match load_text(ALERT_RULES_KEY).await {
                Ok(text) => {
                    if let Some(rules) = text.and_then(|t| serde_json::from_str::<AlertRules>(&t).ok()) {
                        self.kept_alert_rules.remember(serde_json::to_string(&rules).unwrap_or_default());
                        self.alert_rules.set(rules);
                    }
                    self.alert_rules_loaded.set(true);
                }
                Err(e) => self.senders.storage_error.set(Some(describe(&e))),
            }
            match load_text(SEEN_ALERTS_KEY).await {
                Ok(text) => {
                    let ids: Option<Vec<String>> = text.and_then(|t| serde_json::from_str(&t).ok());
                    if let Some(ids) = ids {
                        self.seen_now.update_value(|now| now.extend(ids.iter().cloned()));
                        self.seen.set(Some(ids.into_iter().collect()));
                    }
                    self.seen_loaded.set_value(true);
                }
                Err(e) => self.senders.storage_error.set(Some(describe(&e))),
            }
        });
    }

    /// Every change of the rules, thresholds, language, filters or view is sent, kept and put in
    /// the URL; a change of rules, thresholds or filters analyses again.
    pub fn keep_in_step(self) {
        Effect::new(move |previous: Option<AlertRules>| {
            let rules = self.alert_rules.get();
            let changed = previous.as_ref().is_some_and(|p| *p != rules);
            self.send(&ToWorker::SetAlertRules { rules: rules.clone() });
            if changed && self.has_files() {
                self.analyze(true);
            }
            // Defaults never changed are not written: a visit alone creates no database.
            if self.alert_rules_loaded.get_untracked() && changed {
                self.save(self.kept_alert_rules, serde_json::to_string(&rules).unwrap_or_default());
            }
            rules
        });
        Effect::new(move |_| {
            let rules = self.senders.rules.get();
            let csv = write_tags_csv(&rules);
            if !self.rules_loaded.get() {
                return;
            }
            if rules.is_empty() && !self.kept_rules.is_kept() {
                // Nothing to keep and nothing kept: create no database just by visiting.
                return;
            }
            self.send(&ToWorker::SetTags { csv: csv.clone() });
            self.save(self.kept_rules, csv);
        });
        // <html lang> and the stored choice follow the language.
        Effect::new(move |_| {
            let lang = self.lang.get();
            if let Some(html) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
                let _ = html.set_attribute("lang", lang.code());
            }
            if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
                let _ = storage.set_item(LANG_STORAGE_KEY, lang.code());
            }
        });
        Effect::new(move |previous: Option<FilterParams>| {
            let current = self.filters.get().normalised();
            write_query(&current, self.tab.get().name());
            if previous.as_ref().is_some_and(|p| *p != current) && self.has_files() {
                self.analyze(true);
            }
            current
        });
        // A link shown is for the analysis it was made from: another analysis takes it away.
        Effect::new(move |_| {
            self.analysis.track();
            if matches!(self.link.get_untracked(), crate::state::share::LinkState::Ready(_)) {
                self.link.set(crate::state::share::LinkState::Idle);
            }
        });
    }

    /// Adds the alerts of a settled analysis to those seen, and keeps the lot for the next visit.
    pub(super) fn remember_alerts(self, analysis: &Analysis) {
        let mut grew = false;
        self.seen_now.update_value(|now| {
            for alert in &analysis.alerts {
                grew |= now.insert(alert.id.clone());
            }
        });
        // A first visit keeps what it saw, so the next one has something to compare with.
        if !grew && self.seen.with_untracked(Option::is_some) {
            return;
        }
        let mut ids: Vec<String> = self.seen_now.with_value(|now| now.iter().cloned().collect());
        ids.sort();
        let json = serde_json::to_string(&ids).unwrap_or_default();
        wasm_bindgen_futures::spawn_local(async move {
            let _ = save_text(SEEN_ALERTS_KEY, &json).await;
        });
    }

    /// Forgets everything, once confirmed: the saved rules and settings go, and a reload drops
    /// the loaded reports.
    pub fn forget(self) {
        let Some(window) = web_sys::window() else { return };
        if !window.confirm_with_message(tr(self.lang.get_untracked(), Key::ForgetConfirm)).unwrap_or(false) {
            return;
        }
        self.rules_loaded.set(false);
        if let Ok(Some(storage)) = window.local_storage() {
            let _ = storage.clear();
        }
        wasm_bindgen_futures::spawn_local(async move {
            match forget_everything().await {
                Ok(()) => {
                    self.tell_tabs(TabNews::Forgotten);
                    reload_plain();
                }
                Err(e) => self.senders.storage_error.set(Some(describe(&e))),
            }
        });
    }
}

/// Loads the page again without its query or fragment.
fn reload_plain() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_href(&w.location().pathname().unwrap_or_else(|_| "./".to_string()));
    }
}
