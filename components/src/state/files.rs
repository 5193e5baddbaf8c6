//! The loaded files as the page holds them: a row per file with its answer, the answers counted
//! by status, and which rows the Files tab shows.

use dmarc_lens::FileStatus;
use leptos::prelude::*;
use web_sys::File;

use crate::i18n::Key;
use crate::protocol::FileView;

/// One input file and, once the worker has answered, its result. The result lives in its own
/// signal, so a file's answer re-renders its row only, not the whole list of hundreds.
#[derive(Debug, Clone)]
pub struct FileRow {
    pub id: u32,
    pub name: String,
    pub result: RwSignal<Option<FileView>>,
}

impl FileRow {
    pub fn new(id: u32, name: String) -> FileRow {
        FileRow { id, name, result: RwSignal::new(None) }
    }
}

/// A file's status as its row shows it; the engine's `FileStatus` once the worker answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pending,
    Ok,
    Duplicate,
    Error,
}

impl Status {
    pub fn of(result: Option<&FileView>) -> Status {
        match result.map(|r| r.status) {
            None => Status::Pending,
            Some(FileStatus::Ok) => Status::Ok,
            Some(FileStatus::Duplicate) => Status::Duplicate,
            Some(FileStatus::Error) => Status::Error,
        }
    }

    /// The engine's word, used as `data-status` and in class names.
    pub fn name(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Ok => "ok",
            Status::Duplicate => "duplicate",
            Status::Error => "error",
        }
    }

    pub fn key(self) -> Key {
        match self {
            Status::Pending => Key::StatusPending,
            Status::Ok => Key::StatusOk,
            Status::Duplicate => Key::StatusDuplicate,
            Status::Error => Key::StatusError,
        }
    }
}

/// Files answered so far by status, and the engine's time over them in the worker
/// (milliseconds). Kept as answers arrive rather than counted from thousands of rows.
#[derive(Debug, Clone, Copy, Default)]
pub struct Done {
    pub ok: usize,
    pub duplicate: usize,
    pub error: usize,
    pub engine_ms: f64,
}

impl Done {
    pub fn files(&self) -> usize {
        self.ok + self.duplicate + self.error
    }

    /// Counts one file's answer.
    pub fn count(&mut self, result: &FileView) {
        match Status::of(Some(result)) {
            Status::Ok => self.ok += 1,
            Status::Duplicate => self.duplicate += 1,
            Status::Error | Status::Pending => self.error += 1,
        }
    }

    /// Takes back an answer counted before (its row was answered again).
    pub fn uncount(&mut self, result: &FileView) {
        let n = match Status::of(Some(result)) {
            Status::Ok => &mut self.ok,
            Status::Duplicate => &mut self.duplicate,
            Status::Error | Status::Pending => &mut self.error,
        };
        *n = n.saturating_sub(1);
    }

    /// The answers counted from the rows (after some were taken away).
    pub fn recount(rows: &[FileRow], engine_ms: f64) -> Done {
        let mut done = Done { engine_ms, ..Done::default() };
        for row in rows {
            row.result.with_untracked(|r| r.as_ref().map(|r| done.count(r)));
        }
        done
    }

    pub fn of(&self, filter: FileFilter) -> usize {
        match filter {
            FileFilter::All => self.files(),
            FileFilter::Only(Status::Ok) => self.ok,
            FileFilter::Only(Status::Duplicate) => self.duplicate,
            FileFilter::Only(Status::Error) => self.error,
            FileFilter::Only(Status::Pending) => 0,
        }
    }
}

/// Which rows the Files tab shows: all, or those of one status. Rows of the other kinds stay in
/// the page, hidden by the stylesheet: switching is one attribute, however many files there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FileFilter {
    #[default]
    All,
    Only(Status),
}

impl FileFilter {
    pub const CHOICES: [FileFilter; 4] = [
        FileFilter::All,
        FileFilter::Only(Status::Ok),
        FileFilter::Only(Status::Duplicate),
        FileFilter::Only(Status::Error),
    ];

    pub fn name(self) -> &'static str {
        match self {
            FileFilter::All => "all",
            FileFilter::Only(status) => status.name(),
        }
    }

    pub fn key(self) -> Key {
        match self {
            FileFilter::All => Key::FilesAll,
            FileFilter::Only(status) => status.key(),
        }
    }
}

/// Called with the files a person picked or dropped, in their order.
#[derive(Clone, Copy)]
pub struct OnFiles(pub Callback<Vec<File>>);

/// Whether rows show their reports and errors in full (the Files tab is open). Hidden rows keep
/// only their name and status, so a batch of thousands of files costs the page little.
#[derive(Clone, Copy)]
pub struct ShowDetails(pub Signal<bool>);
