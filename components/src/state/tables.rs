//! The long tables the worker pages (possible-spoofing sources, reporters, domains): each
//! one's query, kept while the analysis is refreshed so a person's sort, search and page stay
//! put as files arrive, and the worker's answer to its newest request.

use std::sync::Arc;

use dmarc_lens::analyze::rows::{DomainColumn, ReporterColumn, RowQuery, SuspectColumn};
use leptos::prelude::*;

use crate::protocol::{LongTable, RowsQuery};

/// The worker's newest page of one long table.
#[derive(Debug, Clone, PartialEq)]
pub struct RowsAnswer {
    pub offset: usize,
    pub matching: usize,
    /// The rows as JSON, read by the table that asked.
    pub rows_json: Arc<str>,
}

/// One long table's query (kept while the analysis is refreshed, so a person's sort, search and
/// page stay put as files arrive) and the worker's answer to the newest request of it.
pub struct TableCtl<C: Send + Sync + 'static> {
    pub query: RwSignal<RowQuery<C>>,
    pub answer: RwSignal<Option<RowsAnswer>>,
    seq: StoredValue<u32>,
}

impl<C: Send + Sync + 'static> Clone for TableCtl<C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<C: Send + Sync + 'static> Copy for TableCtl<C> {}

impl<C: Send + Sync + 'static> TableCtl<C> {
    fn new() -> Self {
        TableCtl { query: RwSignal::new(RowQuery::default()), answer: RwSignal::new(None), seq: StoredValue::new(0) }
    }

    /// The number of a new request; answers to older ones are dropped.
    fn next_seq(&self) -> u32 {
        self.seq.update_value(|s| *s += 1);
        self.seq.get_value()
    }

    fn receive(&self, seq: u32, answer: RowsAnswer) {
        if seq == self.seq.get_value() {
            self.answer.set(Some(answer));
        }
    }
}

/// The long tables the worker pages: each one's query and answer, and how to ask the worker
/// (the shell sends `ToWorker::Rows` with the filters in force).
#[derive(Clone, Copy)]
pub struct TablesCtx {
    pub suspects: TableCtl<SuspectColumn>,
    pub reporters: TableCtl<ReporterColumn>,
    pub domains: TableCtl<DomainColumn>,
    send: Callback<(u32, RowsQuery)>,
}

impl TablesCtx {
    pub fn new(send: Callback<(u32, RowsQuery)>) -> TablesCtx {
        TablesCtx { suspects: TableCtl::new(), reporters: TableCtl::new(), domains: TableCtl::new(), send }
    }

    /// Asks the worker for a page of one table.
    pub fn ask(&self, query: RowsQuery) {
        let seq = match query.table() {
            LongTable::Suspects => self.suspects.next_seq(),
            LongTable::Reporters => self.reporters.next_seq(),
            LongTable::Domains => self.domains.next_seq(),
        };
        self.send.run((seq, query));
    }

    /// The worker's answer to request `seq` of `table`: kept if it is the newest request.
    pub fn receive(&self, seq: u32, table: LongTable, answer: RowsAnswer) {
        match table {
            LongTable::Suspects => self.suspects.receive(seq, answer),
            LongTable::Reporters => self.reporters.receive(seq, answer),
            LongTable::Domains => self.domains.receive(seq, answer),
        }
    }
}
