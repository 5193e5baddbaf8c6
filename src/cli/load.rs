//! Reading the input files into the store, on every core.
//!
//! Decoding and parsing one file needs nothing but its bytes ([`parse_file`]), so files are read
//! and parsed on a pool of threads; storing needs the store, so the main thread stores each parsed
//! file in input order ([`store_file`]) while the pool parses the ones after it. The store sees
//! the same files in the same order as when they are loaded one by one, so the dedupe winner,
//! every warning and the JSON are the same bytes (`tests/parallel.rs` compares them).
//!
//! Memory stays bounded: at most a window of batches of files (one per thread plus one, each of
//! at most [`FILES_PER_BATCH`] files) is read or parsed ahead of the batch being stored, cut short
//! when their sizes on disk add up to [`MAX_BYTES_AHEAD`] (one batch ahead is always allowed,
//! however large). A compressed file can unpack to far more than its size on disk
//! (up to `--max-size`, 256 MiB by default), so on the pool each file is tried with at most
//! [`TRY_DECOMPRESSED_BYTES`] unpacked; the rare file that needs more is read again on the main
//! thread under the real limit. Under a larger limit a file that fitted gives the same result (see
//! `decode::decode`), so this changes no output, and two bombs never unpack at once.

use std::io;

use dmarc_lens::ledger::{note_replaced, parse_file, store_file, ErrorKind, Note, ParsedFile};
use dmarc_lens::{FileResult, Limits, Store};

/// Consecutive files handed to the pool as one task, and their size on disk past which a batch
/// takes no more. At most one batch per thread, plus one, is read or parsed ahead of the one
/// being stored.
#[cfg(feature = "parallel")]
const FILES_PER_BATCH: usize = 8;
#[cfg(feature = "parallel")]
const BATCH_BYTES: u64 = 256 * 1024;

/// Bytes on disk of the files read ahead, past which no more are started.
#[cfg(feature = "parallel")]
const MAX_BYTES_AHEAD: u64 = 64 * 1024 * 1024;

/// Decompressed bytes a file may unpack to when tried on the pool.
#[cfg(feature = "parallel")]
const TRY_DECOMPRESSED_BYTES: u64 = 16 * 1024 * 1024;

/// Threads to parse on when `--jobs` is not given: one per core.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Loads every file of `paths` into a new store, on `jobs` threads (1: all on this thread).
/// Returns the store and one result per path, in the order of `paths`.
pub fn load_all(paths: &[String], limits: &Limits, jobs: usize) -> (Store, Vec<FileResult>) {
    let mut loaded = Loaded { store: Store::new(), files: Vec::with_capacity(paths.len()) };
    #[cfg(feature = "parallel")]
    if jobs > 1 && paths.len() > 1 {
        if let Ok(pool) = rayon::ThreadPoolBuilder::new().num_threads(jobs).build() {
            load_on(&pool, jobs, paths, limits, &mut loaded);
            return (loaded.store, loaded.files);
        }
    }
    let _ = jobs;
    for path in paths {
        loaded.add(path, read_and_parse(path, limits));
    }
    (loaded.store, loaded.files)
}

struct Loaded {
    store: Store,
    files: Vec<FileResult>,
}

impl Loaded {
    /// Stores one file's reports, after every file before it.
    fn add(&mut self, path: &str, read: io::Result<ParsedFile>) {
        let result = match read {
            Ok(parsed) => store_file(&mut self.store, path, parsed),
            Err(e) => unreadable(path, &e),
        };
        note_replaced(&mut self.files, &result);
        self.files.push(result);
    }
}

fn read_and_parse(path: &str, limits: &Limits) -> io::Result<ParsedFile> {
    let bytes = std::fs::read(path)?;
    Ok(parse_file(&bytes, limits))
}

fn unreadable(file: &str, error: &io::Error) -> FileResult {
    let why = Note::Unreadable { file: file.to_string(), detail: error.to_string() };
    FileResult::failed(file, ErrorKind::Unreadable, why)
}

/// Parses on `pool` and stores here, in the order of `paths`: files go to the pool in batches
/// of consecutive files, each batch with its own channel, and this thread waits on the channels
/// in order (one wait per batch, not per file: waking this thread 2,000 times cost more than
/// the second core gave on 2,000 small reports).
#[cfg(feature = "parallel")]
fn load_on(pool: &rayon::ThreadPool, jobs: usize, paths: &[String], limits: &Limits, loaded: &mut Loaded) {
    use std::collections::VecDeque;
    use std::sync::mpsc::{sync_channel, Receiver};

    let window = jobs.saturating_add(1);
    let tried = Limits { max_decompressed_bytes: limits.max_decompressed_bytes.min(TRY_DECOMPRESSED_BYTES), ..*limits };
    let tried = &tried;
    pool.in_place_scope_fifo(|scope| {
        type Batch<'p> = (&'p [String], Receiver<Vec<io::Result<ParsedFile>>>, u64);
        let mut ahead: VecDeque<Batch<'_>> = VecDeque::new();
        let mut bytes_ahead = 0u64;
        let mut next = 0usize;
        let mut current: Option<(&[String], Vec<io::Result<ParsedFile>>)> = None;
        loop {
            // Batches are started before the current one is stored, so the pool parses while
            // this thread stores.
            while next < paths.len() && (ahead.is_empty() || (ahead.len() < window && bytes_ahead < MAX_BYTES_AHEAD)) {
                let start = next;
                let mut size = 0u64;
                while next < paths.len() && (next == start || (next - start < FILES_PER_BATCH && size < BATCH_BYTES)) {
                    size = size
                        .saturating_add(paths.get(next).and_then(|p| std::fs::metadata(p).ok()).map_or(0, |m| m.len()));
                    next += 1;
                }
                let batch = paths.get(start..next).unwrap_or_default();
                let (sender, receiver) = sync_channel(1);
                scope.spawn_fifo(move |_| {
                    let parsed = batch.iter().map(|path| read_and_parse(path, tried)).collect();
                    // The receiver is only gone if this thread stopped waiting: nothing to tell.
                    let _ = sender.send(parsed);
                });
                ahead.push_back((batch, receiver, size));
                bytes_ahead = bytes_ahead.saturating_add(size);
            }
            if let Some((batch, reads)) = current.take() {
                for (path, read) in batch.iter().zip(reads) {
                    // The rare file that unpacks to more than it was tried with, read again
                    // under the real limit.
                    let read = if tried.max_decompressed_bytes < limits.max_decompressed_bytes
                        && read.as_ref().is_ok_and(ParsedFile::budget_ran_out)
                    {
                        drop(read);
                        read_and_parse(path, limits)
                    } else {
                        read
                    };
                    loaded.add(path, read);
                }
            }
            let Some((batch, receiver, size)) = ahead.pop_front() else { break };
            // A batch that ended without an answer (it cannot: release builds abort on panic)
            // is done again here rather than lost.
            let reads =
                receiver.recv().unwrap_or_else(|_| batch.iter().map(|path| read_and_parse(path, limits)).collect());
            bytes_ahead = bytes_ahead.saturating_sub(size);
            current = Some((batch, reads));
        }
    });
}
