//! Small pieces the screens share: a CSV download button and an OK/NG cell; the blank state,
//! the chart and the long table have files of their own.

pub mod blank;
pub mod chart;
pub mod table;

use dmarc_lens::export::{table_csv, Table};
use leptos::prelude::*;

use crate::glue::browser::download;
use crate::i18n::{tr, Key, Lang, LangCtx};
use crate::state::{AnalysisCtx, FullCsv, ReadOnly};

/// Downloads one table of the analysis on screen as CSV.
#[component]
pub fn CsvButton(table: Table) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let AnalysisCtx(analysis) = expect_context::<AnalysisCtx>();
    let ReadOnly(read_only) = expect_context::<ReadOnly>();
    let FullCsv(full_csv) = expect_context::<FullCsv>();
    let on_click = move |_| {
        if let Some(view) = analysis.get_untracked() {
            // The screen holds the first rows of the long tables (possible-spoofing sources
            // without their DKIM and SPF domains, reporters, domains); the worker has them whole
            // (a shared link has only what it carries).
            if matches!(table, Table::SpoofSuspects | Table::Reporters | Table::Domains) && !read_only {
                full_csv.run((table, lang.get_untracked() == Lang::Ja));
                return;
            }
            let csv = table_csv(&view.analysis, table, lang.get_untracked() == Lang::Ja);
            download(table.file_name(), &csv, "text/csv;charset=utf-8");
        }
    };
    view! {
        <button type="button" class="secondary small" data-testid=format!("export-csv-{}", table.file_name().trim_end_matches(".csv")) on:click=on_click>
            {move || tr(lang.get(), Key::ExportCsv)}
        </button>
    }
}

/// "OK" or "NG", as mail administrators read authentication results.
#[component]
pub fn OkNg(ok: bool) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    view! {
        <span class=if ok { "okng ok" } else { "okng ng" }>{move || tr(lang.get(), if ok { Key::OkWord } else { Key::NgWord })}</span>
    }
}
