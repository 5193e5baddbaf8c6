//! Browser glue outside the worker: downloads and the page's URL query.

use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url, UrlSearchParams};

use crate::protocol::FilterParams;

/// Offers `text` as a file download named `name`, without any network request.
pub fn download(name: &str, text: &str, mime: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = Url::create_object_url_with_blob(&blob) else { return };
    if let Ok(anchor) = document.create_element("a") {
        if let Ok(anchor) = anchor.dyn_into::<HtmlAnchorElement>() {
            anchor.set_href(&url);
            anchor.set_download(name);
            anchor.click();
        }
    }
    let _ = Url::revoke_object_url(&url);
}

fn search_params() -> Option<UrlSearchParams> {
    let search = web_sys::window()?.location().search().ok()?;
    UrlSearchParams::new_with_str(&search).ok()
}

/// The filters and view kept in the URL query (`?from=…&to=…&domain=…&policy=…&view=…`).
pub fn read_query() -> (FilterParams, String) {
    let Some(params) = search_params() else { return (FilterParams::default(), String::new()) };
    let get = |key: &str| params.get(key).unwrap_or_default();
    (FilterParams { from: get("from"), to: get("to"), domain: get("domain"), policy: get("policy") }, get("view"))
}

/// Writes the filters and view into the URL without reloading or adding history entries.
pub fn write_query(filters: &FilterParams, view: &str) {
    let Some(window) = web_sys::window() else { return };
    let Ok(params) = UrlSearchParams::new() else { return };
    for (key, value) in
        [("from", &filters.from), ("to", &filters.to), ("domain", &filters.domain), ("policy", &filters.policy)]
    {
        if !value.is_empty() {
            params.append(key, value);
        }
    }
    if !view.is_empty() && view != "overview" {
        params.append("view", view);
    }
    let query: String = params.to_string().into();
    let path = window.location().pathname().unwrap_or_default();
    let hash = window.location().hash().unwrap_or_default();
    let url = if query.is_empty() { format!("{path}{hash}") } else { format!("{path}?{query}{hash}") };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// The share fragment this page was opened with (`share=…`, without `#`), if any.
pub fn share_fragment() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let fragment = hash.strip_prefix('#').unwrap_or(&hash);
    fragment.starts_with(dmarc_lens::share::FRAGMENT_KEY).then(|| fragment.to_string())
}

/// The app's own address, without query or fragment: what a share link starts with.
pub fn app_url() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else { return String::new() };
    format!("{}{}", location.origin().unwrap_or_default(), location.pathname().unwrap_or_default())
}

/// Reloads the page when its fragment becomes a share link (a link pasted into this tab's address
/// bar changes only the fragment, which by itself reloads nothing).
pub fn reload_on_share_link() {
    let Some(window) = web_sys::window() else { return };
    let on_change = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
        if share_fragment().is_some() {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        }
    });
    window.set_onhashchange(Some(on_change.as_ref().unchecked_ref()));
    on_change.forget();
}

/// Puts `text` on the clipboard (the browser may refuse; the text stays selectable).
pub fn copy_text(text: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().clipboard().write_text(text);
    }
}

/// What one tab of the app tells the others of the same browser: the shared storage changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TabNews {
    Rules,
    AlertRules,
    Files,
    Forgotten,
}

impl TabNews {
    fn as_str(self) -> &'static str {
        match self {
            TabNews::Rules => "rules",
            TabNews::AlertRules => "alert-rules",
            TabNews::Files => "files",
            TabNews::Forgotten => "forgotten",
        }
    }

    fn parse(text: &str) -> Option<TabNews> {
        [TabNews::Rules, TabNews::AlertRules, TabNews::Files, TabNews::Forgotten]
            .into_iter()
            .find(|n| n.as_str() == text)
    }
}

/// The channel between tabs of the app (none where BroadcastChannel is missing).
#[derive(Clone)]
pub struct Tabs(Option<web_sys::BroadcastChannel>);

impl Tabs {
    /// Joins the channel; `on_news` hears what other tabs say (never what this one says).
    pub fn join(on_news: impl Fn(TabNews) + 'static) -> Tabs {
        let Ok(channel) = web_sys::BroadcastChannel::new("dmarc-lens") else { return Tabs(None) };
        let on_message = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
            move |event: web_sys::MessageEvent| {
                if let Some(news) = event.data().as_string().as_deref().and_then(TabNews::parse) {
                    on_news(news);
                }
            },
        );
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        Tabs(Some(channel))
    }

    pub fn tell(&self, news: TabNews) {
        if let Some(channel) = &self.0 {
            let _ = channel.post_message(&wasm_bindgen::JsValue::from_str(news.as_str()));
        }
    }
}

/// The files of a `FileList`, in its order.
pub fn files_of(list: &web_sys::FileList) -> Vec<web_sys::File> {
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Dot files and folders (`.DS_Store`, `.git`) are no reports: a folder's are left out.
fn hidden(name: &str) -> bool {
    name.starts_with('.')
}

/// The files of a folder picked with `<input webkitdirectory>`, as a dropped folder's: in path
/// order, hidden ones left out.
pub fn picked_folder(list: &web_sys::FileList) -> Vec<web_sys::File> {
    let mut files: Vec<(String, web_sys::File)> = files_of(list)
        .into_iter()
        .map(|file| {
            let path = js_sys::Reflect::get(&file, &"webkitRelativePath".into()).ok().and_then(|p| p.as_string());
            (path.unwrap_or_else(|| file.name()), file)
        })
        .filter(|(path, _)| !path.split('/').any(hidden))
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files.into_iter().map(|(_, file)| file).collect()
}

/// Files dropped on the page, in the order given, with every folder among them replaced by the
/// files inside it (and its subfolders), sorted by path. Hidden files (`.DS_Store`) are left out.
///
/// Only items without a MIME type are asked whether they are folders: asking costs Chromium
/// about half a millisecond an item, and a report always has a type (`.xml`, `.gz`, `.zip`,
/// `.eml`) or none (`.mbox`, folders). `None` when nothing dropped is a folder: the caller
/// takes `DataTransfer.files` as they are.
pub fn dropped_folders(transfer: &web_sys::DataTransfer) -> Option<Vec<Dropped>> {
    let files = transfer.files()?;
    let untyped: Vec<u32> =
        (0..files.length()).filter(|&i| files.get(i).is_some_and(|f| f.type_().is_empty())).collect();
    if untyped.is_empty() {
        return None;
    }
    // Items hold strings too (a link dragged with the files): the n-th file is the n-th item of
    // kind "file".
    let items = transfer.items();
    let file_items: Vec<web_sys::DataTransferItem> =
        (0..items.length()).filter_map(|i| items.get(i)).filter(|item| item.kind() == "file").collect();
    let mut folders = std::collections::HashMap::new();
    for index in untyped {
        let entry = file_items.get(index as usize).and_then(|item| item.webkit_get_as_entry().ok().flatten());
        if let Some(entry) = entry.filter(|e| e.is_directory()) {
            folders.insert(index, entry.unchecked_into::<web_sys::FileSystemDirectoryEntry>());
        }
    }
    if folders.is_empty() {
        return None;
    }
    Some(
        (0..files.length())
            .filter_map(|i| match folders.remove(&i) {
                Some(folder) => Some(Dropped::Folder(folder)),
                None => files.get(i).map(Dropped::File),
            })
            .collect(),
    )
}

/// One thing dropped: a file, or a folder still to be read.
pub enum Dropped {
    File(web_sys::File),
    Folder(web_sys::FileSystemDirectoryEntry),
}

/// The files in `dropped`, folders read through (see `dropped_folders`). A folder or file the
/// browser will not read is left out.
pub async fn read_dropped(dropped: Vec<Dropped>) -> Vec<web_sys::File> {
    let mut files = Vec::new();
    for item in dropped {
        match item {
            Dropped::File(file) => files.push(file),
            Dropped::Folder(folder) => {
                let mut entries = Vec::new();
                walk(folder, &mut entries).await;
                entries.sort_by_key(|e| e.full_path());
                // Asked all at once: one after the other, a folder of 2,000 reports took a
                // second and a half longer to show its first row.
                let asked: js_sys::Array = entries
                    .iter()
                    .map(|entry| {
                        js_sys::Promise::new(&mut |resolve, reject| {
                            entry.file_with_callback_and_callback(&resolve, &reject)
                        })
                    })
                    .collect();
                let Ok(answers) = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::all_settled(&asked)).await
                else {
                    continue;
                };
                let answers: js_sys::Array = answers.unchecked_into();
                for answer in answers.iter() {
                    let value = js_sys::Reflect::get(&answer, &"value".into()).unwrap_or_default();
                    if let Ok(file) = value.dyn_into::<web_sys::File>() {
                        files.push(file);
                    }
                }
            }
        }
    }
    files
}

/// Collects the file entries under `folder`, depth first.
async fn walk(folder: web_sys::FileSystemDirectoryEntry, into: &mut Vec<web_sys::FileSystemFileEntry>) {
    let mut pending = vec![folder];
    while let Some(folder) = pending.pop() {
        let reader = folder.create_reader();
        // `readEntries` answers a hundred or so at a time, then an empty list at the end.
        loop {
            let promise = js_sys::Promise::new(&mut |resolve, reject| {
                if let Err(e) = reader.read_entries_with_callback_and_callback(&resolve, &reject) {
                    let _ = reject.call1(&wasm_bindgen::JsValue::NULL, &e);
                }
            });
            let Ok(batch) = wasm_bindgen_futures::JsFuture::from(promise).await else { break };
            let batch: js_sys::Array = batch.unchecked_into();
            if batch.length() == 0 {
                break;
            }
            for entry in batch.iter() {
                let entry: web_sys::FileSystemEntry = entry.unchecked_into();
                if hidden(&entry.name()) {
                    continue;
                }
                if entry.is_directory() {
                    pending.push(entry.unchecked_into());
                } else {
                    into.push(entry.unchecked_into());
                }
            }
        }
    }
}
