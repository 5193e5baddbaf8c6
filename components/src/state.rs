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

/// Asks the worker for the whole possible-spoofing table as CSV (`true`: Japanese headers).
#[derive(Clone, Copy)]
pub struct FullSuspectsCsv(pub Callback<bool>);
