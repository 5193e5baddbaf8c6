//! The files screen: a drop zone with a file picker, a progress bar, and one row per file with
//! its reports or, in plain words, why it did not load.

use dmarc_lens::dates::utc_date;
use leptos::prelude::*;
use web_sys::{DragEvent, FileList, HtmlInputElement};

use crate::i18n::{count, error_key, number, tr, Key, LangCtx};
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

/// Files answered so far, and the engine's time over them in the worker (milliseconds).
#[derive(Debug, Clone, Copy, Default)]
pub struct Done {
    pub files: usize,
    pub engine_ms: f64,
}

/// Called with the files a person picked or dropped.
#[derive(Clone, Copy)]
pub struct OnFiles(pub Callback<FileList>);

#[component]
pub fn DropZone(on_files: OnFiles) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let dragging = RwSignal::new(false);

    let on_change = move |ev: web_sys::Event| {
        let input: HtmlInputElement = event_target(&ev);
        if let Some(files) = input.files() {
            on_files.0.run(files);
        }
        // Picking the same files again must fire `change` again.
        input.set_value("");
    };
    let on_drop = move |ev: DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(files) = ev.data_transfer().and_then(|dt| dt.files()) {
            on_files.0.run(files);
        }
    };
    let on_dragover = move |ev: DragEvent| {
        ev.prevent_default();
        dragging.set(true);
    };

    view! {
        <div
            class="dropzone"
            class:dragging=move || dragging.get()
            data-testid="drop-zone"
            on:drop=on_drop
            on:dragover=on_dragover
            on:dragleave=move |_| dragging.set(false)
        >
            <p>{move || tr(lang.get(), Key::DropPrompt)}</p>
            <label class="button">
                {move || tr(lang.get(), Key::ChooseFiles)}
                <input type="file" multiple data-testid="file-input" class="visually-hidden" on:change=on_change />
            </label>
        </div>
    }
}

#[component]
pub fn Progress(rows: RwSignal<Vec<FileRow>>, done: RwSignal<Done>, on_cancel: Callback<()>) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let total = move || rows.with(|r| r.len());
    let engine_ms = move || format!("{:.0}", done.with(|d| d.engine_ms));
    let done = move || done.with(|d| d.files).min(total());
    view! {
        <Show when=move || { total() > 0 }>
            <div class="progress" data-testid="progress" data-engine-ms=engine_ms>
                <progress max=total value=done></progress>
                <span>{move || format!("{} / {} {}", done(), total(), tr(lang.get(), Key::Progress))}</span>
                <Show when=move || { done() < total() }>
                    <button type="button" class="secondary small" data-testid="cancel-loading" on:click=move |_| on_cancel.run(())>
                        {move || tr(lang.get(), Key::CancelLoading)}
                    </button>
                </Show>
            </div>
        </Show>
    }
}

/// Whether rows show their reports and errors in full (the Files tab is open). Hidden rows keep
/// only their name and status, so a batch of thousands of files costs the page little.
#[derive(Clone, Copy)]
pub struct ShowDetails(pub Signal<bool>);

#[component]
pub fn FileList(rows: RwSignal<Vec<FileRow>>) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    view! {
        <section class="files">
            <h2>{move || tr(lang.get(), Key::FilesHeading)}</h2>
            <Show when=move || rows.with(|r| r.is_empty())>
                <p class="muted">{move || tr(lang.get(), Key::NoFilesYet)}</p>
            </Show>
            <ul class="file-list">
                <For
                    each=move || rows.get()
                    key=|row| row.id
                    children=move |row| view! { <FileRowView row=row /> }
                />
            </ul>
        </section>
    }
}

#[component]
fn FileRowView(row: FileRow) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let result = row.result;
    // One memo per row feeds its three views of the status: thousands of rows are built at once.
    let status = Memo::new(move |_| {
        result.with(|r| match r.as_ref().map(|r| r.status.as_str()) {
            None => ("pending", Key::StatusPending),
            Some("ok") => ("ok", Key::StatusOk),
            Some("duplicate") => ("duplicate", Key::StatusDuplicate),
            Some(_) => ("error", Key::StatusError),
        })
    });
    let ShowDetails(show) = expect_context::<ShowDetails>();
    let body = move || if show.get() { result.get().map(|r| view! { <FileResultView result=r /> }) } else { None };
    view! {
        <li class="file-row" data-testid="file-row" data-file=row.name data-status=move || status.get().0>
            <div class="file-head">
                <span class="file-name">{row.name.clone()}</span>
                <span class=move || format!("status status-{}", status.get().0)>{move || tr(lang.get(), status.get().1)}</span>
            </div>
            {body}
        </li>
    }
}

#[component]
fn FileResultView(result: FileView) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let r = result;
    let reports = r
        .reports
        .iter()
        .map(|report| {
            let dates = match (report.begin, report.end) {
                (Some(b), Some(e)) => format!("{} – {}", utc_date(b), utc_date(e)),
                _ => "—".to_string(),
            };
            let (records, messages, duplicate) = (report.records, report.messages, report.duplicate);
            view! {
                <li class="report" class:duplicate=duplicate>
                    <span class="org">{report.org_name.clone()}</span>
                    <span class="domain">{report.policy_domain.clone()}</span>
                    <span class="dates">{dates}</span>
                    <span class="counts">
                        {move || format!("{} · {}", count(lang.get(), records, Key::RecordWord, Key::RecordsWord), count(lang.get(), messages, Key::MessageWord, Key::MessagesWord))}
                    </span>
                    <Show when=move || duplicate>
                        <span class="badge">{move || tr(lang.get(), Key::DuplicateReport)}</span>
                    </Show>
                    <span class="report-id">{report.report_id.clone()}</span>
                </li>
            }
        })
        .collect_view();
    let error = r.error.clone().map(|sentence| {
        let key = error_key(r.error_kind.as_deref().unwrap_or(""));
        view! {
            <p class="error" data-testid="file-error">
                <strong>{move || tr(lang.get(), key)}</strong>
                " "
                <span class="detail">{sentence}</span>
            </p>
        }
    });
    let skipped = r.skipped_records;
    let warnings = r.warnings.clone();
    let n_warnings = warnings.len();
    view! {
        {error}
        <ul class="reports">{reports}</ul>
        <Show when=move || { skipped > 0 }>
            <p class="skipped">{move || format!("{} {}", number(skipped), tr(lang.get(), Key::SkippedRecords))}</p>
        </Show>
        <Show when=move || { n_warnings > 0 }>
            <details class="warnings">
                <summary>{move || format!("{} ({n_warnings})", tr(lang.get(), Key::Warnings))}</summary>
                <ul>{warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}</ul>
            </details>
        </Show>
    }
}
