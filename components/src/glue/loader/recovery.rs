//! A worker that died: which message it had in hand (the first posted and not yet answered,
//! since it takes messages in order and answers each), setting that file aside, and the jobs that
//! bring a new worker back to where the dead one was; and the crash mark kept in step.

use std::collections::{HashSet, VecDeque};
use std::rc::Rc;

use super::{start, FileJob, Inner, Job, LoaderEvent, Origin, Posted, MAX_UNEXPLAINED};
use crate::glue::{marker, storage};
use crate::protocol::{FromWorker, ToWorker};

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
            // Each long table numbers its own requests.
            (ToWorker::Rows { seq, query, .. }, FromWorker::Rows { seq: answered, table, .. }) => {
                seq == answered && query.table() == *table
            }
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
pub(super) fn settle(inner: &Inner, message: &FromWorker) -> Option<Posted> {
    let mut posted = inner.posted.borrow_mut();
    let index = posted.iter().position(|p| answers(p, message))?;
    posted.drain(..index);
    posted.pop_front()
}

/// A request whose answer comes later, after the worker has taken the next messages (a link
/// sealed with a passphrase waits for WebCrypto): the worker is not busy with it.
pub(super) fn answers_later(posted: &Posted) -> bool {
    matches!(posted, Posted::Request(ToWorker::Share { passphrase, .. } | ToWorker::OpenShare { passphrase, .. }) if !passphrase.is_empty())
}

pub(super) fn posted_files(inner: &Inner) -> usize {
    inner.posted.borrow().iter().filter(|p| matches!(p, Posted::File { .. } | Posted::SetAside { .. })).count()
}

/// The worker died: set aside the file it was reading, start a new worker and bring it back to
/// where the dead one was.
pub(super) fn recover(inner: &Rc<Inner>) {
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
pub(super) fn mark(inner: &Inner) {
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
