//! The files screen: a drop zone with a file picker, a progress bar, and one row per file with
//! its reports or, in plain words, why it did not load.

use leptos::prelude::*;
use web_sys::{DragEvent, HtmlInputElement};

use crate::glue::browser::{dropped_folders, files_of, picked_folder, read_dropped};
use crate::i18n::{count, date, error_key, fill, kind_count, number, text, tr, Key, LangCtx};
use crate::protocol::FileView;
use crate::state::files::{Done, FileFilter, FileRow, OnFiles, ShowDetails, Status};

#[component]
pub fn DropZone(on_files: OnFiles) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let dragging = RwSignal::new(false);

    let on_change = move |ev: web_sys::Event| {
        let input: HtmlInputElement = event_target(&ev);
        if let Some(files) = input.files() {
            on_files.0.run(files_of(&files));
        }
        // Picking the same files again must fire `change` again.
        input.set_value("");
    };
    let on_folder = move |ev: web_sys::Event| {
        let input: HtmlInputElement = event_target(&ev);
        if let Some(files) = input.files() {
            on_files.0.run(picked_folder(&files));
        }
        input.set_value("");
    };
    let on_drop = move |ev: DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        let Some(transfer) = ev.data_transfer() else { return };
        // A dropped folder stands for the files in it; its entries must be taken now, while
        // the drop event lasts, and are read afterwards.
        match dropped_folders(&transfer) {
            Some(dropped) => wasm_bindgen_futures::spawn_local(async move {
                on_files.0.run(read_dropped(dropped).await);
            }),
            None => {
                if let Some(files) = transfer.files() {
                    on_files.0.run(files_of(&files));
                }
            }
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
            " "
            <label class="button secondary">
                {move || tr(lang.get(), Key::ChooseFolder)}
                <input type="file" prop:webkitdirectory=true data-testid="folder-input" class="visually-hidden" on:change=on_folder />
            </label>
        </div>
    }
}

#[component]
pub fn Progress(
    rows: RwSignal<Vec<FileRow>>,
    done: RwSignal<Done>,
    on_cancel: Callback<()>,
    /// Opens the Files tab showing one kind of file.
    on_show: Callback<FileFilter>,
) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let total = move || rows.with(|r| r.len());
    let engine_ms = move || format!("{:.0}", done.with(|d| d.engine_ms));
    let answered = move || done.with(Done::files).min(total());
    // Files that did not load (or loaded before) are counted where a person looks after dropping
    // them, on every tab, and each count opens those files.
    let problem = move |filter: FileFilter, testid: &'static str, class: &'static str| {
        view! {
            <button
                type="button"
                class=format!("count {class}")
                class:hidden=move || done.with(|d| d.of(filter)) == 0
                data-testid=testid
                on:click=move |_| on_show.run(filter)
            >
                {move || kind_count(lang.get(), done.with(|d| d.of(filter)) as u64, filter.key())}
            </button>
        }
    };
    view! {
        <Show when=move || { total() > 0 }>
            <div class="progress" data-testid="progress" data-engine-ms=engine_ms>
                <progress max=total value=answered aria-label=move || tr(lang.get(), Key::Progress)></progress>
                <span>{move || fill(lang.get(), Key::ProgressCount, &[number(answered() as u64), number(total() as u64)])}</span>
                <Show when=move || { answered() < total() }>
                    <button type="button" class="secondary small" data-testid="cancel-loading" on:click=move |_| on_cancel.run(())>
                        {move || tr(lang.get(), Key::CancelLoading)}
                    </button>
                </Show>
                <p class="muted tip" class:hidden=move || { total() < MANY_FILES } data-testid="many-files-tip">
                    {move || tr(lang.get(), Key::ManyFilesTip)}
                </p>
                <span class="file-counts" data-testid="files-summary">
                    {problem(FileFilter::Only(Status::Error), "files-error", "bad")}
                    {problem(FileFilter::Only(Status::Duplicate), "files-duplicate", "warn")}
                </span>
            </div>
        </Show>
    }
}

/// From this many files on, the page suggests one zip: Chromium spends about half a millisecond
/// on every file it hands to a page (2,000 files: 3.4-4.2 s here; the same reports in one zip:
/// 0.8 s, `tests/e2e/perf.mjs`).
const MANY_FILES: usize = 500;

#[component]
pub fn FileList(rows: RwSignal<Vec<FileRow>>, done: RwSignal<Done>, filter: RwSignal<FileFilter>) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let choices = FileFilter::CHOICES
        .into_iter()
        .map(|f| {
            view! {
                <button
                    type="button"
                    class:active=move || filter.get() == f
                    aria-pressed=move || (filter.get() == f).to_string()
                    id=format!("files-filter-{}", f.name())
                    data-testid=format!("files-filter-{}", f.name())
                    on:click=move |_| filter.set(f)
                >
                    {move || format!("{} ({})", tr(lang.get(), f.key()), number(done.with(|d| d.of(f)) as u64))}
                </button>
            }
        })
        .collect_view();
    let none_here = move || filter.get() != FileFilter::All && done.with(|d| d.of(filter.get())) == 0;
    view! {
        <section class="files">
            <h2>{move || tr(lang.get(), Key::FilesHeading)}</h2>
            <Show when=move || rows.with(|r| r.is_empty())>
                <p class="muted">{move || tr(lang.get(), Key::NoFilesYet)}</p>
            </Show>
            <div class="chips" class:hidden=move || rows.with(|r| r.is_empty()) role="group" aria-label=move || tr(lang.get(), Key::FilesShow)>
                {choices}
            </div>
            <p class="muted" class:hidden=move || !none_here()>{move || tr(lang.get(), Key::FilesNoneHere)}</p>
            <ul class="file-list" data-only=move || filter.get().name()>
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
    let status = Memo::new(move |_| result.with(|r| Status::of(r.as_ref())));
    let ShowDetails(show) = expect_context::<ShowDetails>();
    let body = move || if show.get() { result.get().map(|r| view! { <FileResultView result=r /> }) } else { None };
    view! {
        <li class="file-row" data-testid="file-row" data-file=row.name data-status=move || status.get().name()>
            <div class="file-head">
                <span class="file-name">{row.name.clone()}</span>
                <span class=move || format!("status status-{}", status.get().name())>{move || tr(lang.get(), status.get().key())}</span>
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
                (Some(b), Some(e)) => Some((b, e)),
                _ => None,
            };
            let dates = move || match dates {
                Some((b, e)) => fill(lang.get(), Key::ReportDates, &[date(lang.get(), Some(b)), date(lang.get(), Some(e))]),
                None => "—".to_string(),
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
        let key = error_key(r.error_kind);
        view! {
            <p class="error" data-testid="file-error">
                <strong>{move || tr(lang.get(), key)}</strong>
                " "
                <span class="detail">{move || text(lang.get(), &sentence)}</span>
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
            <p class="skipped">{move || fill(lang.get(), Key::SkippedRecords, &[number(skipped)])}</p>
        </Show>
        <Show when=move || { n_warnings > 0 }>
            <details class="warnings">
                <summary>{move || fill(lang.get(), Key::Warnings, &[number(n_warnings as u64)])}</summary>
                <ul>
                    {warnings
                        .iter()
                        .map(|w| {
                            let w = w.clone();
                            view! { <li>{move || text(lang.get(), &w)}</li> }
                        })
                        .collect_view()}
                </ul>
            </details>
        </Show>
    }
}
