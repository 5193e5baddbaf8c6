//! Browser glue: the parsing worker and the files sent to it.
//!
//! Files are read and sent a few at a time, not all at once, so a batch of hundreds of files never
//! holds every file's bytes at once. Each file's bytes are transferred to the worker, not copied.
//! Messages wait until the worker says it is ready: anything posted before its wasm starts is lost.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use js_sys::{Array, ArrayBuffer, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, MessageEvent, Worker};

use crate::protocol::{FromWorker, ToWorker, LOAD};

/// Files in flight at once: one being read while another is parsed keeps the worker busy.
const IN_FLIGHT: u32 = 2;

struct Inner {
    worker: Worker,
    ready: Cell<bool>,
    queue: RefCell<VecDeque<(u32, File)>>,
    in_flight: Cell<u32>,
    feeding: Cell<bool>,
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
        let Ok(value) = serde_wasm_bindgen::to_value(request) else { return };
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

    /// Queues a file; its result arrives at the callback with the same id.
    pub fn load(&self, id: u32, file: File) {
        self.inner.queue.borrow_mut().push_back((id, file));
        pump(&self.inner);
    }
}

/// Starts the feeder unless it runs already. One feeder reads and posts files strictly in queue
/// order, so the worker sees files in the order the person gave them and duplicates are told
/// apart the same way the CLI tells them apart.
fn pump(inner: &Rc<Inner>) {
    if inner.feeding.get() || !inner.ready.get() {
        return;
    }
    inner.feeding.set(true);
    let inner = inner.clone();
    wasm_bindgen_futures::spawn_local(async move {
        while inner.in_flight.get() < IN_FLIGHT {
            let Some((id, file)) = inner.queue.borrow_mut().pop_front() else { break };
            inner.in_flight.set(inner.in_flight.get() + 1);
            let name = file.name();
            let buffer = JsFuture::from(file.array_buffer()).await.ok().and_then(|b| b.dyn_into::<ArrayBuffer>().ok());
            let buffer = buffer.unwrap_or_else(|| ArrayBuffer::new(0));
            let message = Object::new();
            let _ = Reflect::set(&message, &"kind".into(), &LOAD.into());
            let _ = Reflect::set(&message, &"id".into(), &JsValue::from(id));
            let _ = Reflect::set(&message, &"name".into(), &name.into());
            let _ = Reflect::set(&message, &"buffer".into(), &buffer);
            let transfer = Array::of1(&buffer);
            if inner.worker.post_message_with_transfer(&message, &transfer).is_err() {
                inner.in_flight.set(inner.in_flight.get().saturating_sub(1));
            }
        }
        inner.feeding.set(false);
    });
}
