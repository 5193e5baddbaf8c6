//! The parsing worker: owns the engine's `Store` and loads files off the page's main thread, so
//! the page never freezes. It answers each `load` message with the file's result.

use std::cell::RefCell;
use std::rc::Rc;

use dmarc_lens::{load_file, Limits, Store};
use dmarc_lens_app::protocol::{FileView, FromWorker, LOAD};
use js_sys::{ArrayBuffer, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn post(scope: &DedicatedWorkerGlobalScope, message: &FromWorker) {
    if let Ok(value) = serde_wasm_bindgen::to_value(message) {
        let _ = scope.post_message(&value);
    }
}

fn field(data: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(data, &JsValue::from_str(name)).ok()
}

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let store = Rc::new(RefCell::new(Store::new()));
    let limits = Limits::default();
    let reply_scope = scope.clone();
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        if field(&data, "kind").and_then(|k| k.as_string()).as_deref() != Some(LOAD) {
            return;
        }
        let id = field(&data, "id").and_then(|v| v.as_f64()).unwrap_or(0.0) as u32;
        let name = field(&data, "name").and_then(|v| v.as_string()).unwrap_or_default();
        let bytes = field(&data, "buffer")
            .and_then(|b| b.dyn_into::<ArrayBuffer>().ok())
            .map(|buffer| Uint8Array::new(&buffer).to_vec())
            .unwrap_or_default();
        let result = load_file(&mut store.borrow_mut(), &name, &bytes, &limits);
        drop(bytes);
        post(&reply_scope, &FromWorker::Loaded { id, result: FileView::from(&result) });
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    post(&scope, &FromWorker::Ready);
}
