//! Shared state of the screens, provided as context: the latest analysis and the filters.

use std::sync::Arc;

use dmarc_lens::analyze::Analysis;
use leptos::prelude::*;

use crate::protocol::FilterParams;

/// The analysis on screen, with how many possible-spoofing sources there were in all.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalysisView {
    pub analysis: Analysis,
    pub suspects_total: usize,
    /// How many reporters and domains there were in all (the screen gets the first rows).
    pub reporters_total: usize,
    pub domains_total: usize,
}

#[derive(Clone, Copy)]
pub struct AnalysisCtx(pub RwSignal<Option<Arc<AnalysisView>>>);

#[derive(Clone, Copy)]
pub struct FiltersCtx(pub RwSignal<FilterParams>);

/// Asks the worker for the JSON export.
#[derive(Clone, Copy)]
pub struct ExportCtx(pub Callback<()>);

/// A page opened from a share link: nothing can be loaded, tagged or saved.
#[derive(Clone, Copy)]
pub struct ReadOnly(pub bool);

/// Asks the worker for a whole table as CSV (`true`: Japanese headers).
#[derive(Clone, Copy)]
pub struct FullCsv(pub Callback<(dmarc_lens::export::Table, bool)>);
