//! What the screens share, provided as context (newtypes over signals), and the page's state:
//! `page` holds every signal of the app, `requests` what it asks the worker, `answers` what it
//! does with the worker's messages, `intake` the files picked, `persistence` what is kept in
//! IndexedDB and news from other tabs.

pub mod answers;
pub mod files;
pub mod intake;
pub mod links;
pub mod page;
pub mod persistence;
pub mod register;
pub mod requests;
pub mod share;
pub mod source;
pub mod tab;
pub mod tables;

pub use register::Registered;
pub use tables::{RowsAnswer, TablesCtx};

use std::collections::HashSet;
use std::sync::Arc;

use dmarc_lens::analyze::{AlertRules, Analysis};
use dmarc_lens::tags::TagRule;
use leptos::prelude::*;

use crate::protocol::{FilterParams, RuleView};

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

/// The rules as the person edits them, their views from the worker (with hits), and what went
/// wrong last.
#[derive(Clone, Copy)]
pub struct SendersCtx {
    pub rules: RwSignal<Vec<TagRule>>,
    pub views: RwSignal<Vec<RuleView>>,
    pub import_errors: RwSignal<Vec<dmarc_lens::analyze::Text>>,
    pub storage_error: RwSignal<Option<String>>,
    /// The form's network field, filled by "Tag this" on a possible-spoofing row.
    pub draft: RwSignal<String>,
    /// The form's tag and comment, filled by "Register as" on a sender; kept between additions.
    pub draft_tag: RwSignal<String>,
    pub draft_comment: RwSignal<String>,
    /// The sender "Register as" put in the form, until the form adds its rules.
    pub draft_sender: RwSignal<Option<String>>,
    /// What the last registration of senders added, said until dismissed.
    pub registered: RwSignal<Option<Registered>>,
}

/// "Register as <sender>": fills the rule form with the networks covering a sender's sources.
#[derive(Clone, Copy)]
pub struct RegisterSender(pub Callback<SenderDraft>);

/// What "Register as" puts in the rule form.
#[derive(Debug, Clone, PartialEq)]
pub struct SenderDraft {
    pub name: String,
    pub source_ips: Vec<String>,
    /// Their /24 and /48 instead of the addresses themselves.
    pub widen: bool,
    pub comment: String,
}

/// The sender pack as the worker reported it: `None` until it was asked for.
#[derive(Clone, Copy)]
pub struct PackCtx(pub RwSignal<Option<Result<(), dmarc_lens::analyze::Text>>>);

/// The thresholds in force.
#[derive(Clone, Copy)]
pub struct AlertRulesCtx(pub RwSignal<AlertRules>);

/// Shows the thresholds form (the overview's alerts link to it).
#[derive(Clone, Copy)]
pub struct OpenAlertRules(pub Callback<()>);

/// Goes to an alert's subject: its tab, its row brought into view and focused.
#[derive(Clone, Copy)]
pub struct GoToRow(pub Callback<links::RowLink>);

/// Ids of the alerts seen up to the previous visit; `None` on a first visit (nothing to compare).
#[derive(Clone, Copy)]
pub struct SeenAlerts(pub RwSignal<Option<HashSet<String>>>);

/// Goes back to the senders view (from the rule form "Register as" filled).
#[derive(Clone, Copy)]
pub struct BackToSenders(pub Callback<()>);

/// Starts a rule for a possible-spoofing source: fills the form and opens the tag manager.
#[derive(Clone, Copy)]
pub struct TagThis(pub Callback<String>);
