//! Browser glue: the parsing worker, the files sent to it, and a new worker when one dies.
//!
//! Files are read a few at a time, a few dozen ahead of the worker's answers, and posted in the
//! order given with their bytes transferred, so a batch of hundreds of files never holds every
//! file's bytes at once. Messages wait until the worker says it is ready: anything posted before
//! its wasm starts is lost.
//!
//! The worker may die: a wasm trap aborts it (release builds have `panic = "abort"`), or it runs
//! out of memory. The page then knows what it was doing, because the worker handles messages in
//! the order they were posted and answers every file and request in that order: `posted` holds
//! each message not yet known to be handled, and the first of them is the one it had in hand.
//! That file is set aside (its row says so, and IndexedDB remembers it for later visits); a new
//! worker gets the thresholds, the known-sender rules and every file loaded so far again (read
//! again from the `File` picked or from IndexedDB; their answers are the ones the rows show
//! already, so they are not passed on); then what the dead worker had not done, and the rest of
//! the batch. While a kept file is in hand, `marker` says so where a dead tab leaves it behind.
//!
//! This file is the loader's types and public face; `feeder` reads and posts, `recovery` brings
//! a new worker back. It stays above 300 lines because the types are the loader's contract and
//! read best together.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use js_sys::{Array, ArrayBuffer, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, MessageEvent, Worker};

use crate::glue::storage;
use crate::protocol::{to_js, FromWorker, ToWorker, LOAD};

mod feeder;
mod recovery;
use feeder::{post_request, pump};
use recovery::{mark, posted_files, recover, settle};

/// Files read and sent ahead of the worker's answers: enough that the worker never waits for the
/// page, few enough that "cancel" still has files to drop...
const IN_FLIGHT: usize = 32;
/// ...and at most about this many bytes of them (one file may exceed it alone).
const IN_FLIGHT_BYTES: f64 = 64.0 * 1024.0 * 1024.0;
/// Files being read at once; their bytes are held until posted.
const READ_AHEAD: usize = 8;
/// Deaths in a row that no file explains (the worker died over an analysis, or with nothing in
/// hand) after which no new worker is started: the same request would only kill it again.
const MAX_UNEXPLAINED: u32 = 2;

/// Where a file's bytes come from, now and again for a new worker.
#[derive(Clone)]
enum Origin {
    /// Picked or dropped in this visit.
    Picked(File),
    /// Kept in IndexedDB under this key.
    Kept(JsValue),
}

/// A file to post.
struct FileJob {
    id: u32,
    name: String,
    origin: Origin,
    /// Bytes in hand (a kept file as read at start); read from `origin` otherwise.
    bytes: Option<ArrayBuffer>,
    /// The key to keep the file under in IndexedDB once loaded: picked now and not yet kept.
    keep: Option<JsValue>,
    /// Loaded before and sent again to a new worker: the page has its answer already.
    again: bool,
}

enum Job {
    File(FileJob),
    /// A file recorded as not loaded without being read (`ToWorker::SetAside`).
    SetAside {
        id: u32,
        name: String,
        again: bool,
    },
    /// A request held until a new worker has caught up.
    Request(ToWorker),
    /// A new worker has every job it had to catch up with: requests go straight to it again.
    CaughtUp,
}

/// A job being read, in posting order.
struct Reading {
    job: Job,
    /// The read of a file's bytes, started.
    bytes: Option<Promise>,
}

/// A message posted and not yet known to be handled.
enum Posted {
    File { id: u32, name: String, origin: Origin, keep: Option<JsValue>, again: bool, length: f64 },
    SetAside { id: u32, name: String, again: bool },
    Request(ToWorker),
}

/// A file the worker holds, to bring a new worker back to it.
struct Held {
    id: u32,
    name: String,
    origin: Origin,
    /// Not yet known to be kept in IndexedDB: the key to keep it under.
    keep: Option<JsValue>,
    set_aside: bool,
}

/// What the loader tells the page.
pub enum LoaderEvent {
    /// A message of the worker: never `Ready`, never the answer for a file sent again.
    Message(FromWorker),
    /// The worker died reading this file; it was set aside, and a new worker goes on.
    SetAside { name: String },
    /// IndexedDB did not take what the page wanted kept.
    StorageError(String),
    /// No worker runs: it did not start (`started` false) or kept dying.
    Failed { started: bool },
}

struct Inner {
    worker: RefCell<Option<Worker>>,
    /// Counts the workers started; work begun for an earlier one stops.
    generation: Cell<u32>,
    ready: Cell<bool>,
    /// Until the `CaughtUp` job is posted, requests wait in `held`.
    catching_up: Cell<bool>,
    held: RefCell<Vec<ToWorker>>,
    /// Jobs for a new worker, before any other: files loaded before, the file set aside, and
    /// what the dead worker had not done.
    again: RefCell<VecDeque<Job>>,
    /// Files picked or kept, not yet being read.
    queue: RefCell<VecDeque<Job>>,
    reading: RefCell<VecDeque<Reading>>,
    feeding: Cell<bool>,
    posted: RefCell<VecDeque<Posted>>,
    /// Every file answered, in id order (the order posted).
    loaded: RefCell<Vec<Held>>,
    /// Files answered with a key to keep them under, in answer order, until `Kept` counts them.
    unkept: RefCell<VecDeque<u32>>,
    /// The thresholds and rules last sent: a new worker gets them first.
    alert_rules: RefCell<Option<ToWorker>>,
    tags: RefCell<Option<ToWorker>>,
    /// Whether they changed while requests were held.
    rules_waiting: Cell<bool>,
    unexplained: Cell<u32>,
    /// The file `marker` names (its id), and whether it stays named until IndexedDB has it set aside.
    marked: Cell<Option<u32>>,
    marker_pinned: Cell<bool>,
    on_event: Box<dyn Fn(LoaderEvent)>,
}

/// Sends files to the worker and hands each result to a callback.
#[derive(Clone)]
pub struct Loader {
    inner: Rc<Inner>,
}

impl Loader {
    /// Starts the worker; what it says and what becomes of it go to `on_event`.
    pub fn new(on_event: impl Fn(LoaderEvent) + 'static) -> Result<Loader, JsValue> {
        let inner = Rc::new(Inner {
            worker: RefCell::new(None),
            generation: Cell::new(0),
            ready: Cell::new(false),
            catching_up: Cell::new(true),
            held: RefCell::new(Vec::new()),
            again: RefCell::new(VecDeque::new()),
            queue: RefCell::new(VecDeque::new()),
            reading: RefCell::new(VecDeque::new()),
            feeding: Cell::new(false),
            posted: RefCell::new(VecDeque::new()),
            loaded: RefCell::new(Vec::new()),
            unkept: RefCell::new(VecDeque::new()),
            alert_rules: RefCell::new(None),
            tags: RefCell::new(None),
            rules_waiting: Cell::new(false),
            unexplained: Cell::new(0),
            marked: Cell::new(None),
            marker_pinned: Cell::new(false),
            on_event: Box::new(on_event),
        });
        start(&inner)?;
        Ok(Loader { inner })
    }

    /// Sends a request; its answer arrives at the callback.
    pub fn send(&self, request: &ToWorker) {
        let inner = &self.inner;
        let rules = match request {
            ToWorker::SetAlertRules { .. } => Some(&inner.alert_rules),
            ToWorker::SetTags { .. } => Some(&inner.tags),
            _ => None,
        };
        if let Some(slot) = rules {
            *slot.borrow_mut() = Some(request.clone());
        }
        if inner.ready.get() && !inner.catching_up.get() {
            post_request(inner, request.clone());
        } else if rules.is_some() {
            // The latest rules go first to a worker that catches up, whatever came before.
            inner.rules_waiting.set(true);
        } else {
            inner.held.borrow_mut().push(request.clone());
        }
    }

    /// Files queued, being read or in the worker's hands, not yet answered.
    pub fn pending(&self) -> usize {
        let inner = &self.inner;
        let files = |job: &Job| matches!(job, Job::File(_) | Job::SetAside { .. });
        inner.queue.borrow().iter().filter(|j| files(j)).count()
            + inner.again.borrow().iter().filter(|j| files(j)).count()
            + inner.reading.borrow().iter().filter(|r| files(&r.job)).count()
            + posted_files(inner)
    }

    /// Drops the files not yet sent to the worker; returns their ids.
    pub fn cancel(&self) -> Vec<u32> {
        self.inner
            .queue
            .borrow_mut()
            .drain(..)
            .filter_map(|job| match job {
                Job::File(f) => Some(f.id),
                Job::SetAside { id, .. } => Some(id),
                Job::Request(_) | Job::CaughtUp => None,
            })
            .collect()
    }

    /// Queues a file kept in the browser from an earlier visit (not kept again).
    pub fn load_saved(&self, id: u32, name: String, key: JsValue, buffer: ArrayBuffer) {
        let job = FileJob { id, name, origin: Origin::Kept(key), bytes: Some(buffer), keep: None, again: false };
        self.inner.queue.borrow_mut().push_back(Job::File(job));
        pump(&self.inner);
    }

    /// Queues a kept file that stopped the parser at an earlier visit: it is shown as set aside
    /// and never read.
    pub fn set_aside_saved(&self, id: u32, name: String) {
        self.inner.queue.borrow_mut().push_back(Job::SetAside { id, name, again: false });
        pump(&self.inner);
    }

    /// Queues a file; its result arrives at the callback with the same id.
    pub fn load(&self, id: u32, file: File) {
        let name = file.name();
        let job = FileJob {
            id,
            name,
            origin: Origin::Picked(file),
            bytes: None,
            keep: Some(storage::file_key(id)),
            again: false,
        };
        self.inner.queue.borrow_mut().push_back(Job::File(job));
        pump(&self.inner);
    }
}

/// Starts a worker: the first, or a new one after a death.
fn start(inner: &Rc<Inner>) -> Result<(), JsValue> {
    let worker = Worker::new("./worker-loader.js")?;
    let generation = inner.generation.get();
    let weak = Rc::downgrade(inner);
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let Some(inner) = weak.upgrade() else { return };
        if inner.generation.get() != generation {
            return;
        }
        if let Ok(message) = serde_wasm_bindgen::from_value::<FromWorker>(event.data()) {
            answer(&inner, message);
        }
        mark(&inner);
        pump(&inner);
    });
    worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    let weak = Rc::downgrade(inner);
    let onerror = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        // Handled here: the page goes on with a new worker.
        event.prevent_default();
        if let Some(inner) = weak.upgrade() {
            if inner.generation.get() == generation {
                recover(&inner);
            }
        }
    });
    worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
    onerror.forget();
    *inner.worker.borrow_mut() = Some(worker);
    Ok(())
}

/// Takes in a message of the worker.
fn answer(inner: &Rc<Inner>, message: FromWorker) {
    if matches!(message, FromWorker::Ready) {
        inner.ready.set(true);
        inner.rules_waiting.set(false);
        let rules = [inner.alert_rules.borrow().clone(), inner.tags.borrow().clone()];
        for request in rules.into_iter().flatten() {
            post_request(inner, request);
        }
        return;
    }
    let handled = settle(inner, &message);
    match (&message, handled) {
        (FromWorker::Loaded { .. }, Some(Posted::File { id, name, origin, keep, again, .. })) => {
            if keep.is_some() {
                inner.unkept.borrow_mut().push_back(id);
            }
            hold(inner, Held { id, name, origin, keep, set_aside: false });
            if again {
                return;
            }
        }
        (FromWorker::Loaded { .. }, Some(Posted::SetAside { id, name, again })) => {
            hold(inner, Held { id, name, origin: Origin::Kept(JsValue::NULL), keep: None, set_aside: true });
            if again {
                return;
            }
        }
        (FromWorker::Kept { files, .. }, _) => {
            // Kept or refused (a full disk, said on the page): either way not to be kept again.
            let mut loaded = inner.loaded.borrow_mut();
            for _ in 0..*files {
                let Some(id) = inner.unkept.borrow_mut().pop_front() else { break };
                if let Ok(index) = loaded.binary_search_by_key(&id, |h| h.id) {
                    loaded[index].keep = None;
                }
            }
        }
        // The worker got through a request: whatever killed it before is behind it. (Not the
        // rules, which a new worker takes before the request it died on.)
        (_, Some(Posted::Request(request))) if !matches!(request, ToWorker::SetTags { .. }) => {
            inner.unexplained.set(0);
        }
        _ => {}
    }
    (inner.on_event)(LoaderEvent::Message(message));
}

/// Records a file the worker holds (or holds again).
fn hold(inner: &Inner, held: Held) {
    let mut loaded = inner.loaded.borrow_mut();
    match loaded.binary_search_by_key(&held.id, |h| h.id) {
        Ok(index) => {
            let was = &mut loaded[index];
            was.set_aside |= held.set_aside;
            if !held.set_aside {
                was.keep = held.keep;
            }
        }
        Err(index) => loaded.insert(index, held),
    }
}
