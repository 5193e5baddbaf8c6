//! Browser glue: the mark of the kept file the worker is reading, left where a tab that dies
//! leaves it behind, so the next visit sets that file aside instead of dying on it again.
//!
//! A worker that dies while the page lives is seen by the page (`loader.rs`), which sets the file
//! aside itself. The mark is for a tab that dies whole (the browser kills it for its memory) or is
//! left while the worker is stuck in one file: then no page is there to see it. Each tab writes
//! its own mark in localStorage (synchronous, and the browser keeps it when the tab crashes),
//! `dmarc-lens.reading.<tab>` = `{key, name, since}`: the loader moves it on as answers arrive
//! and clears it when no kept file is in hand, and it goes when the page is left normally. Each
//! tab also holds a Web Lock named after it for as long as it lives, so the next visit tells a
//! dead tab's mark (no lock) from that of a tab reading its kept files at the same moment.

use js_sys::{Function, Object, Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

const MARK_PREFIX: &str = "dmarc-lens.reading.";
const LOCK_PREFIX: &str = "dmarc-lens.tab.";
/// A file read for longer than this when the page is left is taken for one the worker is stuck
/// in: its mark stays, and the next visit sets it aside. (Limits cap a file's decompressed size;
/// the engine reads the largest allowed in well under this.)
const STUCK_MS: f64 = 60_000.0;

thread_local! {
    static TAB: String = format!("{:x}-{:x}", js_sys::Date::now() as u64, (js_sys::Math::random() * 4_294_967_296.0) as u64);
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn own_mark() -> String {
    TAB.with(|tab| format!("{MARK_PREFIX}{tab}"))
}

fn locks() -> Option<JsValue> {
    let navigator = web_sys::window()?.navigator();
    Reflect::get(&navigator, &"locks".into()).ok().filter(|l| !l.is_undefined())
}

/// Holds this tab's lock while the page lives (the browser frees it when the tab dies, crash
/// included), and clears this tab's mark when the page is left normally.
pub fn hold_tab() {
    if let Some(locks) = locks() {
        if let Ok(request) = Reflect::get(&locks, &"request".into()).and_then(|r| r.dyn_into::<Function>()) {
            let forever = Closure::once_into_js(|| Promise::new(&mut |_, _| {}));
            let name = TAB.with(|tab| format!("{LOCK_PREFIX}{tab}"));
            let _ = request.call2(&locks, &name.into(), &forever);
        }
    }
    let Some(window) = web_sys::window() else { return };
    let on_leave = Closure::<dyn FnMut()>::new(|| {
        let Some(storage) = local_storage() else { return };
        let since = storage
            .get_item(&own_mark())
            .ok()
            .flatten()
            .and_then(|text| JSON::parse(&text).ok())
            .and_then(|mark| Reflect::get(&mark, &"since".into()).ok())
            .and_then(|since| since.as_f64());
        if since.is_none_or(|since| js_sys::Date::now() - since < STUCK_MS) {
            let _ = storage.remove_item(&own_mark());
        }
    });
    let _ = window.add_event_listener_with_callback("pagehide", on_leave.as_ref().unchecked_ref());
    on_leave.forget();
}

/// Marks the kept file under `key` as the one the worker reads now.
pub fn set(key: &JsValue, name: &str) {
    let Some(storage) = local_storage() else { return };
    let mark = Object::new();
    let _ = Reflect::set(&mark, &"key".into(), key);
    let _ = Reflect::set(&mark, &"name".into(), &name.into());
    let _ = Reflect::set(&mark, &"since".into(), &js_sys::Date::now().into());
    if let Some(text) = JSON::stringify(&mark).ok().and_then(|t| t.as_string()) {
        let _ = storage.set_item(&own_mark(), &text);
    }
}

/// The worker reads no kept file now.
pub fn clear() {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(&own_mark());
    }
}

/// The kept files (IndexedDB key, name) that tabs were reading when they died; their marks are
/// removed. Without Web Locks (an old browser) every other tab's mark counts as a dead tab's.
pub async fn orphans() -> Vec<(JsValue, String)> {
    let Some(storage) = local_storage() else { return Vec::new() };
    let own = own_mark();
    let marks: Vec<String> = (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(MARK_PREFIX) && *k != own)
        .collect();
    if marks.is_empty() {
        return Vec::new();
    }
    let alive = living_tabs().await;
    let mut found = Vec::new();
    for mark in marks {
        let tab = mark.strip_prefix(MARK_PREFIX).unwrap_or_default();
        if alive.iter().any(|lock| lock.strip_prefix(LOCK_PREFIX) == Some(tab)) {
            continue;
        }
        let text = storage.get_item(&mark).ok().flatten().unwrap_or_default();
        let _ = storage.remove_item(&mark);
        let Ok(value) = JSON::parse(&text) else { continue };
        let key = Reflect::get(&value, &"key".into()).unwrap_or(JsValue::UNDEFINED);
        let name = Reflect::get(&value, &"name".into()).ok().and_then(|n| n.as_string()).unwrap_or_default();
        if !key.is_undefined() && !key.is_null() {
            found.push((key, name));
        }
    }
    found
}

/// The names of the Web Locks held or asked for now, by any tab of this origin.
async fn living_tabs() -> Vec<String> {
    let Some(locks) = locks() else { return Vec::new() };
    let Ok(query) = Reflect::get(&locks, &"query".into()).and_then(|q| q.dyn_into::<Function>()) else {
        return Vec::new();
    };
    let Ok(promise) = query.call0(&locks).and_then(|p| p.dyn_into::<Promise>()) else { return Vec::new() };
    let Ok(snapshot) = wasm_bindgen_futures::JsFuture::from(promise).await else { return Vec::new() };
    let mut names = Vec::new();
    for list in ["held", "pending"] {
        let locks = Reflect::get(&snapshot, &list.into()).unwrap_or(JsValue::UNDEFINED);
        if !js_sys::Array::is_array(&locks) {
            continue;
        }
        names.extend(
            js_sys::Array::from(&locks)
                .iter()
                .filter_map(|lock| Reflect::get(&lock, &"name".into()).ok().and_then(|n| n.as_string())),
        );
    }
    names
}
