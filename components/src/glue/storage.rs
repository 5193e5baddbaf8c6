//! Browser glue: IndexedDB, where the known-sender rules (and later the loaded reports) are kept
//! across reloads and browser restarts. A small key-value store of text, through web-sys.

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransactionMode};

const DB_NAME: &str = "dmarc-lens";
const DB_VERSION: u32 = 2;
const STORE: &str = "kv";
/// Loaded report files as picked, in load order: `{name, data: ArrayBuffer}` under a rising key
/// (`file_key`), or `{name, set_aside: true}` for a file that stopped the parser (its bytes
/// dropped: it is never read again, and it may be the biggest file of all).
const FILES: &str = "files";

/// Key of the known-sender rules, kept as tags CSV text.
pub const TAGS_KEY: &str = "tags.csv";
/// Key of the alert thresholds, as the JSON the CLI's `--rules` reads.
pub const ALERT_RULES_KEY: &str = "alert-rules.json";
/// Key of the ids of the alerts seen so far, a JSON array.
pub const SEEN_ALERTS_KEY: &str = "seen-alerts.json";

/// Waits for an IndexedDB request: its result, or its error. The handlers are set at once, not
/// when the future is first polled, so several requests may be made before awaiting any.
fn done(request: &IdbRequest) -> impl std::future::Future<Output = Result<JsValue, JsValue>> {
    let promise = Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    let request = request.clone();
    async move {
        JsFuture::from(promise).await?;
        request.result()
    }
}

/// IndexedDB of this page or of the worker (which keeps the files, off the page's thread).
fn factory() -> Result<web_sys::IdbFactory, JsValue> {
    let global = js_sys::global();
    let factory = if let Some(window) = global.dyn_ref::<web_sys::Window>() {
        window.indexed_db()?
    } else if let Some(worker) = global.dyn_ref::<web_sys::WorkerGlobalScope>() {
        worker.indexed_db()?
    } else {
        None
    };
    factory.ok_or_else(|| JsValue::from_str("IndexedDB is not available (private browsing?)"))
}

/// Opens the database; with `create` false a database that does not exist yet is not created
/// (its creation is aborted), so merely reading leaves nothing behind after "forget everything".
async fn open(create: bool) -> Result<Option<IdbDatabase>, JsValue> {
    let factory = factory()?;
    let request: IdbOpenDbRequest = factory.open_with_u32(DB_NAME, DB_VERSION)?;
    let aborted = std::rc::Rc::new(std::cell::Cell::new(false));
    let aborted_in_upgrade = aborted.clone();
    let upgrade =
        Closure::<dyn FnMut(web_sys::IdbVersionChangeEvent)>::new(move |event: web_sys::IdbVersionChangeEvent| {
            let request = event.target().and_then(|t| t.dyn_into::<IdbOpenDbRequest>().ok());
            if !create && event.old_version() == 0.0 {
                if let Some(tx) = request.as_ref().and_then(|r| r.transaction()) {
                    aborted_in_upgrade.set(true);
                    let _ = tx.abort();
                    return;
                }
            }
            let db = request.and_then(|r| r.result().ok()).and_then(|r| r.dyn_into::<IdbDatabase>().ok());
            if let Some(db) = db {
                for name in [STORE, FILES] {
                    if !db.object_store_names().contains(name) {
                        let _ = db.create_object_store(name);
                    }
                }
            }
        });
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let result = done(&request).await;
    drop(upgrade);
    match result {
        Ok(db) => db.dyn_into::<IdbDatabase>().map(Some),
        Err(_) if aborted.get() => Ok(None),
        Err(e) => Err(e),
    }
}

/// The text stored under `key`, if any.
pub async fn load_text(key: &str) -> Result<Option<String>, JsValue> {
    let Some(db) = open(false).await? else { return Ok(None) };
    let tx = db.transaction_with_str(STORE)?;
    let value = done(&tx.object_store(STORE)?.get(&JsValue::from_str(key))?).await?;
    db.close();
    Ok(value.as_string())
}

/// Stores `value` under `key`. The write is one transaction: it lands whole or not at all, so a
/// full disk or a second tab never leaves half a value.
pub async fn save_text(key: &str, value: &str) -> Result<(), JsValue> {
    let db = open(true).await?.ok_or("IndexedDB did not open")?;
    let tx = db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)?;
    tx.object_store(STORE)?.put_with_key(&JsValue::from_str(value), &JsValue::from_str(key))?;
    let result = committed(&tx).await;
    db.close();
    result
}

/// The key a file picked in this page is kept under: [time this page started, the file's id].
/// Keys sort in load order across visits and never collide within one; a file kept twice (sent
/// again to a new worker) lands on its own record again.
pub fn file_key(id: u32) -> JsValue {
    js_sys::Array::of2(&JsValue::from_f64(PAGE_START.with(|t| *t)), &JsValue::from(id)).into()
}

/// Keeps loaded files' bytes, in one transaction, each under its key, so a reload shows the
/// same analysis. One transaction for many files: committing one per file cost seconds for
/// two thousand small reports.
pub async fn save_files(files: &[(JsValue, String, js_sys::ArrayBuffer)]) -> Result<(), JsValue> {
    let db = writer().await?;
    let tx = db.transaction_with_str_and_mode(FILES, IdbTransactionMode::Readwrite)?;
    let store = tx.object_store(FILES)?;
    for (key, name, data) in files {
        let value = js_sys::Object::new();
        js_sys::Reflect::set(&value, &"name".into(), &name.into())?;
        js_sys::Reflect::set(&value, &"data".into(), data)?;
        store.put_with_key(&value, key)?;
    }
    // A full disk shows at commit, not at the put: wait for it, so the person hears of it.
    committed(&tx).await
}

/// Remembers the file under `key` as set aside: it stopped the parser, so later visits show it
/// as not loaded and never read it again. Its bytes are dropped.
pub async fn set_aside(key: &JsValue, name: &str) -> Result<(), JsValue> {
    let db = open(true).await?.ok_or("IndexedDB did not open")?;
    let tx = db.transaction_with_str_and_mode(FILES, IdbTransactionMode::Readwrite)?;
    let value = js_sys::Object::new();
    js_sys::Reflect::set(&value, &"name".into(), &name.into())?;
    js_sys::Reflect::set(&value, &"set_aside".into(), &JsValue::TRUE)?;
    tx.object_store(FILES)?.put_with_key(&value, key)?;
    let result = committed(&tx).await;
    db.close();
    result
}

/// Waits until a transaction commits; its error (a full disk: `QuotaExceededError`) otherwise.
/// Call it in the same task as the requests, before any await: a transaction left alone
/// commits, and a handler set after that never hears of it.
fn committed(tx: &web_sys::IdbTransaction) -> impl std::future::Future<Output = Result<(), JsValue>> + '_ {
    let complete = Promise::new(&mut |resolve, reject| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onerror(Some(&reject));
        tx.set_onabort(Some(&reject));
    });
    committed_after(tx, complete)
}

async fn committed_after(tx: &web_sys::IdbTransaction, complete: Promise) -> Result<(), JsValue> {
    match JsFuture::from(complete).await {
        Ok(_) => Ok(()),
        Err(e) => Err(match tx.error() {
            Some(error) => JsValue::from_str(&format!("{}: {}", error.name(), error.message())),
            None => e,
        }),
    }
}

/// Whether a storage error's description says the storage is full.
pub fn is_full(description: &str) -> bool {
    description.contains("QuotaExceeded") || description.to_ascii_lowercase().contains("quota")
}

thread_local! {
    static PAGE_START: f64 = js_sys::Date::now();
    /// One connection kept open for writes: opening one per file cost seconds for thousands.
    static WRITER: std::cell::RefCell<Option<IdbDatabase>> = const { std::cell::RefCell::new(None) };
}

async fn writer() -> Result<IdbDatabase, JsValue> {
    if let Some(db) = WRITER.with(|w| w.borrow().clone()) {
        return Ok(db);
    }
    let db = open(true).await?.ok_or("IndexedDB did not open")?;
    // Another tab deleting or upgrading the database asks us to let go.
    let onversionchange = Closure::<dyn FnMut()>::new(|| {
        if let Some(db) = WRITER.with(|w| w.borrow_mut().take()) {
            db.close();
        }
    });
    db.set_onversionchange(Some(onversionchange.as_ref().unchecked_ref()));
    onversionchange.forget();
    WRITER.with(|w| *w.borrow_mut() = Some(db.clone()));
    Ok(db)
}

/// A file kept from an earlier visit.
pub struct KeptFile {
    pub key: JsValue,
    pub name: String,
    /// The bytes, `None` for a file set aside.
    pub data: Option<js_sys::ArrayBuffer>,
}

/// Every kept file, in the order it was loaded.
pub async fn load_files() -> Result<Vec<KeptFile>, JsValue> {
    let Some(db) = open(false).await? else { return Ok(Vec::new()) };
    if !db.object_store_names().contains(FILES) {
        db.close();
        return Ok(Vec::new());
    }
    let tx = db.transaction_with_str(FILES)?;
    let store = tx.object_store(FILES)?;
    let (keys, values) = (done(&store.get_all_keys()?), done(&store.get_all()?));
    let (keys, values) = (keys.await?, values.await?);
    db.close();
    let mut files = Vec::new();
    for (key, value) in js_sys::Array::from(&keys).iter().zip(js_sys::Array::from(&values).iter()) {
        let name = js_sys::Reflect::get(&value, &"name".into())?.as_string().unwrap_or_default();
        let data = js_sys::Reflect::get(&value, &"data".into())?.dyn_into::<js_sys::ArrayBuffer>().ok();
        let set_aside = js_sys::Reflect::get(&value, &"set_aside".into())?.as_bool() == Some(true);
        if data.is_some() || set_aside {
            files.push(KeptFile { key, name, data });
        }
    }
    Ok(files)
}

/// The bytes of the file kept under `key`, read again for a new worker.
pub async fn load_kept(key: &JsValue) -> Result<Option<js_sys::ArrayBuffer>, JsValue> {
    let Some(db) = open(false).await? else { return Ok(None) };
    let tx = db.transaction_with_str(FILES)?;
    let value = done(&tx.object_store(FILES)?.get(key)?).await?;
    db.close();
    if value.is_undefined() {
        return Ok(None);
    }
    Ok(js_sys::Reflect::get(&value, &"data".into())?.dyn_into::<js_sys::ArrayBuffer>().ok())
}

/// Deletes the whole database: what "forget everything" does.
pub async fn forget_everything() -> Result<(), JsValue> {
    if let Some(db) = WRITER.with(|w| w.borrow_mut().take()) {
        db.close();
    }
    let request = factory()?.delete_database(DB_NAME)?;
    done(&request).await.map(|_| ())
}

/// A short description of a storage error for the person.
pub fn describe(error: &JsValue) -> String {
    if let Some(e) = error.dyn_ref::<js_sys::Error>() {
        return format!("{}: {}", String::from(e.name()), String::from(e.message()));
    }
    if let Some(event) = error.dyn_ref::<web_sys::Event>() {
        if let Some(request) = event.target().and_then(|t| t.dyn_into::<IdbRequest>().ok()) {
            if let Ok(Some(e)) = request.error() {
                return format!("{}: {}", e.name(), e.message());
            }
        }
    }
    error.as_string().unwrap_or_else(|| "unknown storage error".to_string())
}
