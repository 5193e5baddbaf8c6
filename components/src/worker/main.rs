//! The parsing worker: owns the engine's `Store` and loads files off the page's main thread, so
//! the page never freezes. It answers each `load` message with the file's result, always: the
//! page counts on one answer per file, in order, to know which file a worker that died was
//! reading (`loader.rs`).
//!
//! One file: the worker's message loop, one handler per `ToWorker` message, reads top to bottom
//! in the order the page sends them; the table pages are in `rows.rs`, the sealing in `crypto.rs`.

mod crypto;
mod pack;
mod rows;

use std::cell::RefCell;
use std::rc::Rc;

use dmarc_lens::analyze::{
    analyze_with, assign, source_records, AlertRules, Analysis, Assignment, Filters, SourceRecords, Text,
    MAX_COMBINATIONS,
};
use dmarc_lens::export::{table_csv, to_json, Export, FilterEcho, Table, SCHEMA};
use dmarc_lens::ledger::{note_replaced, ErrorKind, Note};
use dmarc_lens::share::{self, Fragment, ITERATIONS, MAX_FRAGMENT_CHARS};
use dmarc_lens::tags::{parse_tags_csv, TagSet};
use dmarc_lens::{load_file, FileResult, Limits, Store};
use dmarc_lens_app::glue::storage::{describe, save_files};
use dmarc_lens_app::protocol::{csv_error_words, share_words, to_js, FileView, FromWorker, RuleView, ToWorker, LOAD};
use js_sys::{ArrayBuffer, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Posts a message to the page. A message that cannot be converted is not dropped silently: a
/// file's result becomes an error result for the same file (its row would otherwise wait for
/// ever, and loading would never settle); anything else is said on the console.
fn post(scope: &DedicatedWorkerGlobalScope, message: &FromWorker) {
    let error = match to_js(message) {
        Ok(value) => match scope.post_message(&value) {
            Ok(()) => return,
            Err(e) => format!("{e:?}"),
        },
        Err(e) => e.to_string(),
    };
    if let FromWorker::Loaded { id, result, elapsed_ms } = message {
        let why = Note::NotSent { file: result.file.clone(), detail: error.clone() };
        let unsent = FileView::from(&FileResult::failed(&result.file, ErrorKind::NotSent, why));
        if let Ok(value) = to_js(&FromWorker::Loaded { id: *id, result: unsent, elapsed_ms: *elapsed_ms }) {
            let _ = scope.post_message(&value);
            return;
        }
    }
    web_sys::console::error_1(&JsValue::from_str(&format!("DMARC Lens worker: a message was not sent: {error}")));
}

/// The result for a file that stopped an earlier worker: it is not read again.
fn set_aside(name: &str) -> FileResult {
    FileResult::failed(name, ErrorKind::ParserStopped, Note::SetAside { file: name.to_string() })
}

/// The result for a file the browser would not let us read (removed or changed since it was picked).
fn unreadable(name: &str) -> FileResult {
    FileResult::failed(name, ErrorKind::Unreadable, Note::BrowserUnreadable { file: name.to_string() })
}

/// Milliseconds from the worker's clock.
fn now() -> f64 {
    js_sys::global().unchecked_into::<DedicatedWorkerGlobalScope>().performance().map_or(0.0, |p| p.now())
}

fn field(data: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(data, &JsValue::from_str(name)).ok()
}

/// Everything the worker keeps: the loaded reports, each file's result in input order, the
/// known senders and the tag of every record under them (recomputed when either changes).
#[derive(Default)]
struct State {
    store: Store,
    files: Vec<FileResult>,
    /// The page's id of each file in `files`, to revise a row when a later copy of its report
    /// replaces the one it loaded.
    file_ids: Vec<u32>,
    tags: TagSet,
    rules: AlertRules,
    assignment: Option<Assignment>,
    /// The last analysis, whole, for pages of its long tables.
    cached: rows::Cached,
    /// The sender pack, fetched the first time an analysis has reports to name.
    pack: pack::Pack,
}

impl State {
    /// Tags the store again when records or rules changed since the last assignment.
    fn refresh_assignment(&mut self) {
        if self.assignment.as_ref().is_none_or(|a| a.record_tag.len() != self.store.records.len()) {
            self.assignment = Some(assign(&self.store, &self.tags));
        }
    }

    fn assignment(&self) -> &Assignment {
        self.assignment.as_ref().unwrap_or(&EMPTY)
    }

    /// The analysis under `filters`, the store tagged again first if it changed.
    fn analysis(&mut self, filters: &Filters) -> Analysis {
        self.refresh_assignment();
        if !self.store.records.is_empty() {
            if let Some(said) = self.pack.fetch_once() {
                let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
                post(&scope, &said);
            }
        }
        analyze_with(&self.store, self.assignment(), filters, &self.rules, self.pack.senders())
    }

    /// The last analysis if it was made under `filters` and nothing changed since, else a new
    /// one (kept for the next page); `None` never happens.
    fn cached_analysis(&mut self, filters: &Filters) -> Option<&Analysis> {
        if self.cached.get(filters).is_none() {
            let analysis = self.analysis(filters);
            self.cached.keep(filters.clone(), analysis);
        }
        self.cached.get(filters)
    }
}

/// Stands in while no assignment exists (never, after `refresh_assignment`).
static EMPTY: Assignment = Assignment {
    tag_names: Vec::new(),
    record_tag: Vec::new(),
    rule_hits: Vec::new(),
    by_source: Vec::new(),
    auth_by_source: Vec::new(),
};

/// The rules in force with how many loaded records each tags (counted by the tag assignment).
fn tags_message(state: &mut State, errors: Vec<Text>) -> FromWorker {
    state.refresh_assignment();
    let hits = state.assignment().rule_hits.clone();
    let overlaps = dmarc_lens::tags::overlapping(state.tags.rules());
    let rules = state
        .tags
        .rules()
        .iter()
        .zip(hits)
        .zip(overlaps)
        .map(|((r, hits), overlaps)| RuleView {
            cidr: r.net.to_string(),
            tag: r.tag.clone(),
            comment: r.comment.clone(),
            domain: r.domain.clone(),
            hits,
            overlaps,
        })
        .collect();
    FromWorker::Tags { rules, errors }
}

fn handle(state: &mut State, scope: &DedicatedWorkerGlobalScope, request: ToWorker) {
    match request {
        ToWorker::Analyze { seq, filters, settled } => {
            if settled {
                state.store.shrink_to_fit();
            }
            let filters = filters.to_filters();
            let mut analysis = state.analysis(&filters);
            let (analysis_json, suspects_total, reporters_total, domains_total) = rows::screen_json(&mut analysis);
            post(scope, &FromWorker::Analysis { seq, analysis_json, suspects_total, reporters_total, domains_total });
            // Kept whole: the screen asks for other pages of its long tables next.
            state.cached.keep(filters, analysis);
            let hits = &state.assignment().rule_hits;
            if !hits.is_empty() {
                post(scope, &FromWorker::RuleHits { hits: hits.clone() });
            }
            if settled {
                write_kept(scope);
            }
        }
        ToWorker::SetTags { csv } => {
            let (rules, errors) = parse_tags_csv(&csv);
            state.tags = TagSet::new(rules);
            state.assignment = None;
            state.cached.forget();
            post(scope, &tags_message(state, errors.iter().map(csv_error_words).collect()));
        }
        ToWorker::Export { seq, filters } => {
            let filters = filters.to_filters();
            let analysis = state.analysis(&filters);
            let export = Export {
                schema: SCHEMA,
                filters: FilterEcho::from(&filters),
                tag_rules: state.tags.len(),
                tag_errors: &[],
                files: &state.files,
                analysis: &analysis,
            };
            post(scope, &FromWorker::Export { seq, json: to_json(&export, false) });
        }
        ToWorker::SetAlertRules { rules } => {
            state.rules = rules;
            state.cached.forget();
        }
        ToWorker::Rows { seq, filters, query } => {
            if let Some(analysis) = state.cached_analysis(&filters.to_filters()) {
                post(scope, &rows::answer(seq, analysis, &query));
            }
        }
        ToWorker::SetAside { id, name } => {
            let result = set_aside(&name);
            post(scope, &FromWorker::Loaded { id, result: FileView::from(&result), elapsed_ms: 0.0 });
            state.files.push(result);
            state.file_ids.push(id);
        }
        ToWorker::TableCsv { filters, japanese, table } => {
            let analysis = state.analysis(&filters.to_filters());
            let table = Table::from_index(table).unwrap_or(Table::SpoofSuspects);
            let text = table_csv(&analysis, table, japanese);
            post(scope, &FromWorker::Download { name: table.file_name().to_string(), text });
        }
        ToWorker::Share { seq, filters, mask, passphrase } => {
            let filters = filters.to_filters();
            let analysis = state.analysis(&filters);
            let made = (js_sys::Date::now() / 1000.0) as i64;
            let failed =
                move |kind: &str, message: Text| FromWorker::ShareFailed { seq, error: kind.to_string(), message };
            match share::pack(analysis, &filters, &state.rules, made, mask, MAX_FRAGMENT_CHARS) {
                Err(e) => post(scope, &failed(e.kind(), share_words(&e))),
                Ok(payload) if passphrase.is_empty() => {
                    post(scope, &FromWorker::ShareLink { seq, fragment: share::open_fragment(&payload) });
                }
                Ok(payload) => {
                    let scope = scope.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        let message = match crypto::seal(&payload, &passphrase, ITERATIONS).await {
                            Ok((salt, nonce, ciphertext)) => FromWorker::ShareLink {
                                seq,
                                fragment: share::sealed_fragment(ITERATIONS, &salt, &nonce, &ciphertext),
                            },
                            Err(e) => failed("crypto", browser_detail(&e)),
                        };
                        post(&scope, &message);
                    });
                }
            }
        }
        ToWorker::SourceRecords { seq, filters, ip } => {
            // The address comes from a row the worker sent; one that does not read is answered
            // with nothing rather than left waiting.
            let records = match ip.trim().parse() {
                Ok(ip) => source_records(&state.store, &filters.to_filters(), ip, MAX_COMBINATIONS),
                Err(_) => SourceRecords { source_ip: ip, ..SourceRecords::default() },
            };
            let records_json = serde_json::to_string(&records).unwrap_or_default();
            post(scope, &FromWorker::SourceRecords { seq, records_json });
        }
        ToWorker::OpenShare { fragment, passphrase } => match share::parse_fragment(&fragment) {
            Err(e) => post(scope, &open_failed(e.kind(), share_words(&e))),
            Ok(Fragment::Open(payload)) => post(scope, &opened(&payload)),
            Ok(Fragment::Sealed { .. }) if passphrase.is_empty() => {
                post(scope, &open_failed("needs_passphrase", Text::default()));
            }
            Ok(Fragment::Sealed { iterations, salt, nonce, ciphertext }) => {
                let scope = scope.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let message = match crypto::open(&salt, &nonce, &ciphertext, &passphrase, iterations).await {
                        Ok(Some(payload)) => opened(&payload),
                        Ok(None) => open_failed("wrong_passphrase", Text::default()),
                        Err(e) => open_failed("crypto", browser_detail(&e)),
                    };
                    post(&scope, &message);
                });
            }
        },
    }
}

/// A picked file to keep: its IndexedDB key, name and bytes.
type FileToKeep = (JsValue, String, ArrayBuffer);

thread_local! {
    /// Picked files waiting to be kept (key, name, bytes), their bytes in all, and whether a
    /// writer is at work on them.
    static TO_KEEP: RefCell<(Vec<FileToKeep>, f64)> = const { RefCell::new((Vec::new(), 0.0)) };
    static KEEPING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Bytes of picked files held for keeping before they are written while files still load.
const KEEP_AHEAD_BYTES: f64 = 64.0 * 1024.0 * 1024.0;

/// Queues a picked file to be kept in IndexedDB for the next visit. Files are written once the
/// page says loading has settled, or sooner when the queue passes `KEEP_AHEAD_BYTES`: writing
/// while thousands of small files load took a third of the machine (structured clones here,
/// the database in the browser's process) from the parsing the person waits for.
fn keep_file(scope: &DedicatedWorkerGlobalScope, key: JsValue, name: String, buffer: ArrayBuffer) {
    let held = TO_KEEP.with(|q| {
        let mut q = q.borrow_mut();
        q.1 += f64::from(buffer.byte_length());
        q.0.push((key, name, buffer));
        q.1
    });
    if held >= KEEP_AHEAD_BYTES {
        write_kept(scope);
    }
}

/// Writes the queued files, in order; files that arrive while one transaction commits go
/// together in the next one.
fn write_kept(scope: &DedicatedWorkerGlobalScope) {
    if KEEPING.with(|k| k.replace(true)) {
        return;
    }
    let scope = scope.clone();
    wasm_bindgen_futures::spawn_local(async move {
        loop {
            let (batch, _) = TO_KEEP.with(|q| std::mem::take(&mut *q.borrow_mut()));
            if batch.is_empty() {
                break;
            }
            let error = save_files(&batch).await.err().map(|e| describe(&e));
            post(&scope, &FromWorker::Kept { files: batch.len() as u32, error });
        }
        KEEPING.with(|k| k.set(false));
    });
}

/// The browser's own words on a failure: English, so shown in English only.
fn browser_detail(e: &impl std::fmt::Debug) -> Text {
    Text::new(format!("{e:?}"), String::new())
}

fn open_failed(kind: &str, message: Text) -> FromWorker {
    FromWorker::OpenFailed { error: kind.to_string(), message }
}

/// The message for a share payload opened (or why it does not open): its JSON text, which the
/// page reads with `share::read_json`.
fn opened(payload: &[u8]) -> FromWorker {
    match share::inflate(payload) {
        Ok(shared_json) => FromWorker::Shared { shared_json },
        Err(e) => open_failed(e.kind(), share_words(&e)),
    }
}

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let state = Rc::new(RefCell::new(State { store: Store::new(), ..State::default() }));
    let limits = Limits::default();
    let reply_scope = scope.clone();
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        if field(&data, "kind").and_then(|k| k.as_string()).as_deref() != Some(LOAD) {
            if let Ok(request) = serde_wasm_bindgen::from_value::<ToWorker>(data) {
                handle(&mut state.borrow_mut(), &reply_scope, request);
            }
            return;
        }
        let id = field(&data, "id").and_then(|v| v.as_f64()).unwrap_or(0.0) as u32;
        let name = field(&data, "name").and_then(|v| v.as_string()).unwrap_or_default();
        // Where to keep a newly picked file in IndexedDB; none for a file kept before.
        let key = field(&data, "key").filter(|k| !k.is_undefined() && !k.is_null());
        let buffer = field(&data, "buffer").and_then(|b| b.dyn_into::<ArrayBuffer>().ok());
        let bytes = buffer.as_ref().map(|buffer| Uint8Array::new(buffer).to_vec());
        let Some(bytes) = bytes else {
            let result = unreadable(&name);
            post(&reply_scope, &FromWorker::Loaded { id, result: FileView::from(&result), elapsed_ms: 0.0 });
            let mut state = state.borrow_mut();
            state.files.push(result);
            state.file_ids.push(id);
            return;
        };
        let mut state = state.borrow_mut();
        let started = now();
        let result = load_file(&mut state.store, &name, &bytes, &limits);
        state.cached.forget();
        let elapsed_ms = now() - started;
        drop(bytes);
        post(&reply_scope, &FromWorker::Loaded { id, result: FileView::from(&result), elapsed_ms });
        // Earlier files whose copy of a report this file's better copy replaced say so.
        for index in note_replaced(&mut state.files, &result) {
            if let (Some(&earlier), Some(revised)) = (state.file_ids.get(index), state.files.get(index)) {
                post(&reply_scope, &FromWorker::Revised { id: earlier, result: FileView::from(revised) });
            }
        }
        state.files.push(result);
        state.file_ids.push(id);
        if let (Some(key), Some(buffer)) = (key, buffer) {
            keep_file(&reply_scope, key, name, buffer);
        }
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    post(&scope, &FromWorker::Ready);
}
