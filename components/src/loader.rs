//! Browser glue: the parsing worker and the files sent to it.
//!
//! Files are read a batch at a time, a few dozen ahead of the worker's answers, and posted in the
//! order given with their bytes transferred, so a batch of hundreds of files never holds every
//! file's bytes at once. Messages wait until the worker says it is ready: anything posted before
//! its wasm starts is lost.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use js_sys::{Array, ArrayBuffer, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, MessageEvent, Worker};

use crate::protocol::{to_js, FromWorker, ToWorker, LOAD};

/// Files read and sent ahead of the worker's answers: enough that the worker never waits for the
/// page, few enough that "cancel" still has files to drop...
const IN_FLIGHT: u32 = 32;
/// ...and at most about this many bytes of them (one file may exceed it alone).
const IN_FLIGHT_BYTES: f64 = 64.0 * 1024.0 * 1024.0;
/// Files read at once; their bytes are held until posted.
const READ_AHEAD: usize = 8;

/// Where a queued file's bytes come from.
enum Source {
    /// Picked or dropped now: read it, and keep a copy in the browser.
    Picked(File),
    /// Kept from an earlier visit.
    Saved(String, ArrayBuffer),
}

struct Inner {
    worker: Worker,
    ready: Cell<bool>,
    queue: RefCell<VecDeque<(u32, Source)>>,
    in_flight: Cell<u32>,
    feeding: Cell<bool>,
    /// Sizes of the files posted and not yet answered, oldest first (answers come in order).
    in_flight_bytes: RefCell<VecDeque<f64>>,
    /// Requests made before the worker was ready.
    waiting: RefCell<Vec<JsValue>>,
}

/// Sends files to the worker and hands each result to a callback.
#[derive(Clone)]
pub struct Loader {
    inner: Rc<Inner>,
}

impl Loader {
    /// Starts the worker; every message it sends but `Ready` goes to `on_message`.
    pub fn new(on_message: impl Fn(FromWorker) + 'static, on_failure: impl Fn() + 'static) -> Result<Loader, JsValue> {
        let worker = Worker::new("./worker-loader.js")?;
        let inner = Rc::new(Inner {
            worker,
            ready: Cell::new(false),
            queue: RefCell::new(VecDeque::new()),
            in_flight: Cell::new(0),
            feeding: Cell::new(false),
            in_flight_bytes: RefCell::new(VecDeque::new()),
            waiting: RefCell::new(Vec::new()),
        });
        let weak = Rc::downgrade(&inner);
        let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let Some(inner) = weak.upgrade() else { return };
            match serde_wasm_bindgen::from_value::<FromWorker>(event.data()) {
                Ok(FromWorker::Ready) => {
                    inner.ready.set(true);
                    for request in inner.waiting.borrow_mut().drain(..) {
                        let _ = inner.worker.post_message(&request);
                    }
                }
                Ok(message) => {
                    if matches!(message, FromWorker::Loaded { .. }) {
                        inner.in_flight.set(inner.in_flight.get().saturating_sub(1));
                        inner.in_flight_bytes.borrow_mut().pop_front();
                    }
                    on_message(message);
                }
                Err(_) => {}
            }
            pump(&inner);
        });
        inner.worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        onmessage.forget();
        let onerror = Closure::<dyn FnMut(JsValue)>::new(move |_| on_failure());
        inner.worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
        onerror.forget();
        Ok(Loader { inner })
    }

    /// Sends a request; its answer arrives at the callback.
    pub fn send(&self, request: &ToWorker) {
        let Ok(value) = to_js(request) else { return };
        if self.inner.ready.get() {
            let _ = self.inner.worker.post_message(&value);
        } else {
            self.inner.waiting.borrow_mut().push(value);
        }
    }

    /// Files queued or being read, not yet answered.
    pub fn pending(&self) -> usize {
        self.inner.queue.borrow().len() + self.inner.in_flight.get() as usize
    }

    /// Drops the files not yet sent to the worker; returns their ids.
    pub fn cancel(&self) -> Vec<u32> {
        self.inner.queue.borrow_mut().drain(..).map(|(id, _)| id).collect()
    }

    /// Queues a file kept in the browser from an earlier visit (not kept again).
    pub fn load_saved(&self, id: u32, name: String, buffer: ArrayBuffer) {
        self.inner.queue.borrow_mut().push_back((id, Source::Saved(name, buffer)));
        pump(&self.inner);
    }

    /// Queues a file; its result arrives at the callback with the same id.
    pub fn load(&self, id: u32, file: File) {
        self.inner.queue.borrow_mut().push_back((id, Source::Picked(file)));
        pump(&self.inner);
    }
}

/// Starts the feeder unless it runs already. The feeder starts reading a batch of files at once
/// (the browser reads them in parallel, off the page's thread), then posts them strictly in queue
/// order, transferring each file's bytes to the worker rather than copying them. Posting `File`
/// handles instead would be simpler, but Chromium clones each handle on the page's thread at
/// about 20 ms a file: 2,000 files froze the page for seconds.
fn pump(inner: &Rc<Inner>) {
    if inner.feeding.get() || !inner.ready.get() {
        return;
    }
    inner.feeding.set(true);
    let inner = inner.clone();
    wasm_bindgen_futures::spawn_local(async move {
        loop {
            // Sizes are known only once read: asking a File for its size makes Chromium stat the
            // file synchronously on the page's thread (about 0.3 ms a file, seconds for thousands).
            if inner.in_flight_bytes.borrow().iter().sum::<f64>() >= IN_FLIGHT_BYTES {
                break;
            }
            let mut batch = Vec::new();
            while inner.in_flight.get() + (batch.len() as u32) < IN_FLIGHT && batch.len() < READ_AHEAD {
                let Some((id, source)) = inner.queue.borrow_mut().pop_front() else { break };
                let (name, reading, picked) = match source {
                    Source::Picked(file) => (file.name(), JsFuture::from(file.array_buffer()), true),
                    Source::Saved(name, buffer) => {
                        (name, JsFuture::from(js_sys::Promise::resolve(&JsValue::from(buffer))), false)
                    }
                };
                batch.push((id, name, reading, picked));
            }
            if batch.is_empty() {
                break;
            }
            for (id, name, reading, picked) in batch {
                let buffer = reading.await.ok().and_then(|b| b.dyn_into::<ArrayBuffer>().ok());
                let message = Object::new();
                let _ = Reflect::set(&message, &"kind".into(), &LOAD.into());
                let _ = Reflect::set(&message, &"id".into(), &JsValue::from(id));
                let _ = Reflect::set(&message, &"name".into(), &name.into());
                // Newly picked files are kept in IndexedDB by the worker, off the page's thread.
                let _ = Reflect::set(&message, &"keep".into(), &JsValue::from_bool(picked));
                match &buffer {
                    Some(buffer) => {
                        let _ = Reflect::set(&message, &"buffer".into(), buffer);
                    }
                    None => {
                        let _ = Reflect::set(&message, &"unreadable".into(), &JsValue::TRUE);
                    }
                }
                let transfer = match &buffer {
                    Some(buffer) => Array::of1(buffer),
                    None => Array::new(),
                };
                let length = buffer.as_ref().map_or(0.0, |b| f64::from(b.byte_length()));
                if inner.worker.post_message_with_transfer(&message, &transfer).is_ok() {
                    inner.in_flight.set(inner.in_flight.get() + 1);
                    inner.in_flight_bytes.borrow_mut().push_back(length);
                }
            }
        }
        inner.feeding.set(false);
    });
}
