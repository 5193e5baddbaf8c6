//! The feeder: files read a few at a time (the browser reads them in parallel, off the page's
//! thread) and posted strictly in order with their bytes transferred; requests posted between
//! them in the order made.

// The feeder is the loader's own machinery: it shares all of the loader's private types.
use super::*;

pub(super) fn post_request(inner: &Inner, request: ToWorker) {
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
pub(super) fn pump(inner: &Rc<Inner>) {
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

pub(super) fn post_job(inner: &Inner, job: Job, buffer: Option<ArrayBuffer>) {
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
