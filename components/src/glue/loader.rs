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

use std::cell::{Cell, RefCell};
use std::collections::{HashSet, VecDeque};
use std::rc::Rc;

use js_sys::{Array, ArrayBuffer, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, MessageEvent, Worker};

use crate::glue::marker;
use crate::glue::storage;
use crate::protocol::{to_js, FromWorker, ToWorker, LOAD};

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

/// Whether `message` is the answer to `posted`.
fn answers(posted: &Posted, message: &FromWorker) -> bool {
    match (posted, message) {
        (Posted::File { id, .. } | Posted::SetAside { id, .. }, FromWorker::Loaded { id: answered, .. }) => {
            id == answered
        }
        (Posted::Request(request), message) => match (request, message) {
            (ToWorker::Analyze { seq, .. }, FromWorker::Analysis { seq: answered, .. })
            | (ToWorker::Export { seq, .. }, FromWorker::Export { seq: answered, .. })
            | (ToWorker::Share { seq, .. }, FromWorker::ShareLink { seq: answered, .. })
            | (ToWorker::Share { seq, .. }, FromWorker::ShareFailed { seq: answered, .. }) => seq == answered,
            (ToWorker::SetTags { .. }, FromWorker::Tags { .. })
            | (ToWorker::TableCsv { .. }, FromWorker::Download { .. })
            | (ToWorker::OpenShare { .. }, FromWorker::Shared { .. } | FromWorker::OpenFailed { .. }) => true,
            _ => false,
        },
        _ => false,
    }
}

/// An answer means its message was handled, and so was everything posted before it (the worker
/// takes messages in order): they leave `posted`. Returns the message answered.
fn settle(inner: &Inner, message: &FromWorker) -> Option<Posted> {
    let mut posted = inner.posted.borrow_mut();
    let index = posted.iter().position(|p| answers(p, message))?;
    posted.drain(..index);
    posted.pop_front()
}

/// A request whose answer comes later, after the worker has taken the next messages (a link
/// sealed with a passphrase waits for WebCrypto): the worker is not busy with it.
fn answers_later(posted: &Posted) -> bool {
    matches!(posted, Posted::Request(ToWorker::Share { passphrase, .. } | ToWorker::OpenShare { passphrase, .. }) if !passphrase.is_empty())
}

fn posted_files(inner: &Inner) -> usize {
    inner.posted.borrow().iter().filter(|p| matches!(p, Posted::File { .. } | Posted::SetAside { .. })).count()
}

/// The worker died: set aside the file it was reading, start a new worker and bring it back to
/// where the dead one was.
fn recover(inner: &Rc<Inner>) {
    if let Some(worker) = inner.worker.borrow_mut().take() {
        worker.terminate();
    }
    let started = inner.ready.get();
    inner.generation.set(inner.generation.get() + 1);
    inner.ready.set(false);
    inner.catching_up.set(true);
    inner.rules_waiting.set(false);
    let posted: Vec<Posted> = inner.posted.borrow_mut().drain(..).collect();
    let reading: Vec<Job> = inner.reading.borrow_mut().drain(..).map(|r| r.job).collect();
    let again: Vec<Job> = inner.again.borrow_mut().drain(..).collect();
    inner.unkept.borrow_mut().clear();
    let in_hand = posted.iter().position(|p| !answers_later(p));
    let culprit = in_hand.filter(|&i| matches!(posted[i], Posted::File { .. }));
    if culprit.is_none() {
        inner.unexplained.set(inner.unexplained.get() + 1);
    }
    if !started || inner.unexplained.get() > MAX_UNEXPLAINED {
        marker::clear();
        (inner.on_event)(LoaderEvent::Failed { started });
        return;
    }

    // Files whose answer the page has, other than those the new worker gets below anyway.
    let mut later: HashSet<u32> = HashSet::new();
    for p in &posted {
        if let Posted::File { id, .. } | Posted::SetAside { id, .. } = p {
            later.insert(*id);
        }
    }
    for job in reading.iter().chain(&again) {
        match job {
            Job::File(f) => {
                later.insert(f.id);
            }
            Job::SetAside { id, .. } => {
                later.insert(*id);
            }
            Job::Request(_) | Job::CaughtUp => {}
        }
    }
    let mut jobs = VecDeque::new();
    for held in inner.loaded.borrow().iter().filter(|h| !later.contains(&h.id)) {
        jobs.push_back(if held.set_aside {
            Job::SetAside { id: held.id, name: held.name.clone(), again: true }
        } else {
            Job::File(FileJob {
                id: held.id,
                name: held.name.clone(),
                origin: held.origin.clone(),
                bytes: None,
                keep: held.keep.clone(),
                again: true,
            })
        });
    }
    for (index, p) in posted.into_iter().enumerate() {
        match p {
            Posted::File { id, name, origin, .. } if Some(index) == culprit => {
                set_aside(inner, id, &name, &origin);
                jobs.push_back(Job::SetAside { id, name, again: false });
            }
            Posted::File { id, name, origin, keep, again, .. } => {
                jobs.push_back(Job::File(FileJob { id, name, origin, bytes: None, keep, again }));
            }
            Posted::SetAside { id, name, again } => jobs.push_back(Job::SetAside { id, name, again }),
            // The new worker gets the latest rules first.
            Posted::Request(ToWorker::SetTags { .. } | ToWorker::SetAlertRules { .. }) => {}
            Posted::Request(request) => jobs.push_back(Job::Request(request)),
        }
    }
    jobs.extend(reading.into_iter().filter(|j| !matches!(j, Job::CaughtUp)));
    jobs.extend(again.into_iter().filter(|j| !matches!(j, Job::CaughtUp)));
    *inner.again.borrow_mut() = jobs;
    if start(inner).is_err() {
        (inner.on_event)(LoaderEvent::Failed { started: false });
    }
}

/// Sets aside the file the dead worker was reading: the page says so, the new worker records it
/// without reading it, and IndexedDB remembers it so no later visit reads it again.
fn set_aside(inner: &Rc<Inner>, id: u32, name: &str, origin: &Origin) {
    let index = inner.loaded.borrow().binary_search_by_key(&id, |h| h.id);
    if let Ok(index) = index {
        inner.loaded.borrow_mut()[index].set_aside = true;
    }
    (inner.on_event)(LoaderEvent::SetAside { name: name.to_string() });
    let key = match origin {
        Origin::Kept(key) => key.clone(),
        // Kept or not yet, it is remembered under its own key: the next visit shows the same rows.
        Origin::Picked(_) => storage::file_key(id),
    };
    // The marker names the file until IndexedDB has it set aside.
    inner.marker_pinned.set(true);
    let inner = inner.clone();
    let name = name.to_string();
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = storage::set_aside(&key, &name).await {
            (inner.on_event)(LoaderEvent::StorageError(storage::describe(&e)));
        }
        inner.marker_pinned.set(false);
        mark(&inner);
    });
}

/// Keeps the marker on the kept file the worker is reading, if it reads one.
fn mark(inner: &Inner) {
    if inner.marker_pinned.get() {
        return;
    }
    let posted = inner.posted.borrow();
    let in_hand = posted.iter().find(|p| !answers_later(p));
    let reading = match in_hand {
        Some(Posted::File { id, name, origin: Origin::Kept(key), .. }) => Some((*id, key, name)),
        _ => None,
    };
    if reading.map(|(id, _, _)| id) == inner.marked.get() {
        return;
    }
    match reading {
        Some((id, key, name)) => {
            marker::set(key, name);
            inner.marked.set(Some(id));
        }
        None => {
            marker::clear();
            inner.marked.set(None);
        }
    }
}

fn post_request(inner: &Inner, request: ToWorker) {
    let Ok(value) = to_js(&request) else { return };
    let Some(worker) = inner.worker.borrow().clone() else { return };
    if worker.post_message(&value).is_ok() && !matches!(request, ToWorker::SetAlertRules { .. }) {
        // Thresholds are taken without an answer: nothing to wait for.
        inner.posted.borrow_mut().push_back(Posted::Request(request));
    }
}

/// Moves jobs into `reading`, starting their reads: first what a new worker must catch up with,
/// then the held requests, then the queue.
fn fill(inner: &Inner) {
    loop {
        let files = posted_files(inner)
            + inner.reading.borrow().iter().filter(|r| matches!(r.job, Job::File(_) | Job::SetAside { .. })).count();
        if files >= IN_FLIGHT || inner.reading.borrow().len() >= READ_AHEAD {
            return;
        }
        let next = inner.again.borrow_mut().pop_front();
        let job = match next {
            Some(job) => job,
            None if inner.catching_up.get()
                && !inner.reading.borrow().iter().any(|r| matches!(r.job, Job::CaughtUp)) =>
            {
                let mut reading = inner.reading.borrow_mut();
                if inner.rules_waiting.replace(false) {
                    let rules = [inner.alert_rules.borrow().clone(), inner.tags.borrow().clone()];
                    for request in rules.into_iter().flatten() {
                        reading.push_back(Reading { job: Job::Request(request), bytes: None });
                    }
                }
                for request in inner.held.borrow_mut().drain(..) {
                    reading.push_back(Reading { job: Job::Request(request), bytes: None });
                }
                reading.push_back(Reading { job: Job::CaughtUp, bytes: None });
                continue;
            }
            None => match inner.queue.borrow_mut().pop_front() {
                Some(job) => job,
                None => return,
            },
        };
        let bytes = match &job {
            Job::File(f) => Some(match (&f.bytes, &f.origin) {
                (Some(bytes), _) => Promise::resolve(&JsValue::from(bytes.clone())),
                (None, Origin::Picked(file)) => file.array_buffer(),
                (None, Origin::Kept(key)) => {
                    let key = key.clone();
                    wasm_bindgen_futures::future_to_promise(async move {
                        Ok(storage::load_kept(&key).await.ok().flatten().map_or(JsValue::UNDEFINED, JsValue::from))
                    })
                }
            }),
            _ => None,
        };
        inner.reading.borrow_mut().push_back(Reading { job, bytes });
    }
}

/// Starts the feeder unless it runs already. The feeder keeps a few files being read at once (the
/// browser reads them in parallel, off the page's thread), and posts them strictly in order,
/// transferring each file's bytes to the worker rather than copying them. Posting `File` handles
/// instead would be simpler, but Chromium clones each handle on the page's thread at about 20 ms
/// a file: 2,000 files froze the page for seconds.
fn pump(inner: &Rc<Inner>) {
    if inner.feeding.get() || !inner.ready.get() {
        return;
    }
    inner.feeding.set(true);
    let inner = inner.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let generation = inner.generation.get();
        loop {
            if inner.generation.get() != generation || !inner.ready.get() {
                break;
            }
            // Sizes are known only once read: asking a File for its size makes Chromium stat the
            // file synchronously on the page's thread (about 0.3 ms a file, seconds for thousands).
            let bytes_in_flight: f64 = inner
                .posted
                .borrow()
                .iter()
                .map(|p| if let Posted::File { length, .. } = p { *length } else { 0.0 })
                .sum();
            if bytes_in_flight >= IN_FLIGHT_BYTES {
                break;
            }
            fill(&inner);
            let Some(read) = inner.reading.borrow().front().map(|r| r.bytes.clone()) else { break };
            let buffer = match read {
                Some(promise) => JsFuture::from(promise).await.ok().and_then(|b| b.dyn_into::<ArrayBuffer>().ok()),
                None => None,
            };
            // A worker that died meanwhile took the jobs being read for the next one.
            if inner.generation.get() != generation {
                break;
            }
            let Some(Reading { job, .. }) = inner.reading.borrow_mut().pop_front() else { break };
            post_job(&inner, job, buffer);
            mark(&inner);
        }
        inner.feeding.set(false);
        if inner.generation.get() != generation {
            pump(&inner);
        }
    });
}

fn post_job(inner: &Inner, job: Job, buffer: Option<ArrayBuffer>) {
    match job {
        Job::Request(request) => post_request(inner, request),
        Job::CaughtUp => {
            inner.catching_up.set(false);
            // Requests made while the last jobs were read.
            let held: Vec<ToWorker> = inner.held.borrow_mut().drain(..).collect();
            if inner.rules_waiting.replace(false) {
                let rules = [inner.alert_rules.borrow().clone(), inner.tags.borrow().clone()];
                for request in rules.into_iter().flatten() {
                    post_request(inner, request);
                }
            }
            for request in held {
                post_request(inner, request);
            }
        }
        Job::SetAside { id, name, again } => {
            let Ok(value) = to_js(&ToWorker::SetAside { id, name: name.clone() }) else { return };
            let Some(worker) = inner.worker.borrow().clone() else { return };
            if worker.post_message(&value).is_ok() {
                inner.posted.borrow_mut().push_back(Posted::SetAside { id, name, again });
            }
        }
        Job::File(FileJob { id, name, origin, keep, again, .. }) => {
            // A file the browser would not read is answered without being kept.
            let keep = keep.filter(|_| buffer.is_some());
            let message = Object::new();
            let _ = Reflect::set(&message, &"kind".into(), &LOAD.into());
            let _ = Reflect::set(&message, &"id".into(), &JsValue::from(id));
            let _ = Reflect::set(&message, &"name".into(), &JsValue::from_str(&name));
            // Newly picked files are kept in IndexedDB by the worker, off the page's thread.
            if let Some(key) = &keep {
                let _ = Reflect::set(&message, &"key".into(), key);
            }
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
            let Some(worker) = inner.worker.borrow().clone() else { return };
            if worker.post_message_with_transfer(&message, &transfer).is_ok() {
                inner.posted.borrow_mut().push_back(Posted::File { id, name, origin, keep, again, length });
            }
        }
    }
}
