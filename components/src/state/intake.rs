//! Files coming in: picked or dropped files join the list a few hundred per frame, so dropping
//! thousands never freezes the page while their rows are built; files kept from an earlier visit
//! are loaded again, in their order, so a reload shows the same analysis.

use leptos::prelude::*;

use crate::glue::storage::{describe, load_files, set_aside};
use crate::state::files::{Done, FileFilter, FileRow};
use crate::state::page::Page;
use crate::state::tab::Tab;

/// Rows added to the file list per animation frame when many files are dropped at once.
const ROWS_PER_FRAME: usize = 200;

impl Page {
    fn next_file_id(self) -> u32 {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        id
    }

    /// Files a person picked or dropped, in their order.
    pub fn take_files(self, files: Vec<web_sys::File>) {
        self.incoming.update_value(|q| {
            for file in files {
                q.push_back((self.next_file_id(), file));
            }
        });
        if !self.admitting.get_value() {
            self.admitting.set_value(true);
            self.admit();
        }
    }

    fn admit(self) {
        let mut batch: Vec<(u32, web_sys::File)> = Vec::new();
        self.incoming.update_value(|q| batch.extend(q.drain(..q.len().min(ROWS_PER_FRAME))));
        self.rows.update(|rows| rows.extend(batch.iter().map(|(id, file)| FileRow::new(*id, file.name()))));
        self.loader.with_value(|l| {
            if let Some(l) = l {
                for (id, file) in batch {
                    l.load(id, file);
                }
            }
        });
        if self.incoming.with_value(|q| q.is_empty()) {
            self.admitting.set_value(false);
        } else {
            request_animation_frame(move || self.admit());
        }
    }

    /// Drops the files not yet read; those read stay.
    pub fn cancel_loading(self) {
        self.incoming.update_value(|q| q.clear());
        let cancelled = self.loader.with_value(|l| l.as_ref().map(|l| l.cancel()).unwrap_or_default());
        self.rows.update(|rows| rows.retain(|r| !cancelled.contains(&r.id)));
        let engine_ms = self.done.with_untracked(|d| d.engine_ms);
        self.done.set(self.rows.with_untracked(|r| Done::recount(r, engine_ms)));
        self.analyze(true);
    }

    /// Shows the Files tab with the rows of one status, the focus on the choice of status.
    pub fn show_files(self, filter: FileFilter) {
        self.file_filter.set(filter);
        self.tab.set(Tab::Files);
        request_animation_frame(move || {
            super::requests::reveal(&format!("files-filter-{}", filter.name()));
        });
    }

    /// Loads the files kept from an earlier visit. A tab that died reading a kept file left its
    /// mark: that file is set aside before any is read, so it cannot kill this visit too.
    pub fn restore_files(self) {
        if self.read_only {
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            crate::glue::marker::hold_tab();
            for (key, name) in crate::glue::marker::orphans().await {
                if let Err(e) = set_aside(&key, &name).await {
                    self.senders.storage_error.set(Some(describe(&e)));
                }
            }
            let files = match load_files().await {
                Ok(files) => files,
                Err(e) => return self.senders.storage_error.set(Some(describe(&e))),
            };
            if files.is_empty() {
                return;
            }
            let added: Vec<_> = files.into_iter().map(|file| (self.next_file_id(), file)).collect();
            self.rows.update(|rows| rows.extend(added.iter().map(|(id, file)| FileRow::new(*id, file.name.clone()))));
            self.loader.with_value(|l| {
                if let Some(l) = l {
                    for (id, file) in added {
                        match file.data {
                            Some(data) => l.load_saved(id, file.name, file.key, data),
                            None => l.set_aside_saved(id, file.name),
                        }
                    }
                }
            });
        });
    }
}
