//! The long table: sortable column headers (buttons, with `aria-sort`), a search box, and a pager
//! whose range text counts what paging reaches. Its key column stays in view while the table
//! scrolls sideways; at phone width each row is a card of label/value pairs (`data-label`).
//!
//! The rows come from the engine's `analyze::rows::page`: on the page over the rows it holds when
//! it holds them all (or when nothing else can be had: a shared link), else from the worker
//! (`TablesCtx`), which holds the whole table. Test hooks: `table-search`, `table-sort-<column>`,
//! `table-prev`, `table-next`, `table-range`, inside the table's `data-table` section.
//!
//! Every row has an id, `row_id(table, key)` (and `tabindex="-1"`), so an alert can bring its
//! row into view and focus it; the section's id is `table-<name>`.

use std::sync::Arc;

use dmarc_lens::analyze::rows::{page, Column, Direction, Page, RowQuery, TableRow};
use leptos::prelude::*;
use serde::de::DeserializeOwned;

use crate::i18n::{rows_range, tr, Key, Lang, LangCtx};
pub use crate::state::links::row_id;
use crate::state::links::table_id;
use crate::state::RowsAnswer;

/// A column heading's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    Key(Key),
    /// "Pattern n".
    Pattern(u8),
    /// A column of buttons.
    Blank,
}

impl Label {
    pub fn text(self, lang: Lang) -> String {
        match self {
            Label::Key(key) => tr(lang, key).to_string(),
            Label::Pattern(n) => format!("{} {n}", tr(lang, Key::Pattern)),
            Label::Blank => String::new(),
        }
    }
}

/// Where a column shows: always, in the wide table only, or on the phone's cards only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Always,
    WideOnly,
    CardOnly,
}

impl Shown {
    fn class(self) -> &'static str {
        match self {
            Shown::Always => "",
            Shown::WideOnly => "wide-only",
            Shown::CardOnly => "card-only",
        }
    }
}

/// One column of a long table.
#[derive(Debug, Clone, Copy)]
pub struct Head<C> {
    pub label: Label,
    /// The column to sort by; `None`: not sortable.
    pub column: Option<C>,
    pub numeric: bool,
    pub shown: Shown,
}

impl<C> Head<C> {
    pub fn text(label: Label, column: C, shown: Shown) -> Head<C> {
        Head { label, column: Some(column), numeric: false, shown }
    }

    pub fn figure(label: Label, column: C, shown: Shown) -> Head<C> {
        Head { label, column: Some(column), numeric: true, shown }
    }

    pub fn plain(label: Label, numeric: bool, shown: Shown) -> Head<C> {
        Head { label, column: None, numeric, shown }
    }
}

/// A cell of a long table's row, labelled for the phone's cards.
pub fn cell(label: Label, class: &'static str, shown: Shown, content: impl IntoView + 'static) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let class = [class, shown.class()].iter().filter(|c| !c.is_empty()).copied().collect::<Vec<_>>().join(" ");
    view! { <td class=class data-label=move || label.text(lang.get())>{content}</td> }
}

/// Where a long table's rows come from besides those the page holds.
pub struct Remote<C: 'static> {
    /// The worker's newest page of the table.
    pub answer: RwSignal<Option<RowsAnswer>>,
    /// Asks the worker for a page.
    pub ask: Callback<RowQuery<C>>,
}

/// A long table. `held`: the rows the page holds (the first rows, in the analysis's order);
/// `total`: the rows there are; `remote`: the worker, when it has more than `held`.
pub struct LongTable<R: TableRow, F> {
    /// `data-table`: `suspects`, `reporters`, `domains`, `sources`.
    pub name: &'static str,
    pub held: Arc<Vec<R>>,
    pub total: usize,
    pub query: RwSignal<RowQuery<R::Column>>,
    pub remote: Option<Remote<R::Column>>,
    pub heads: Vec<Head<R::Column>>,
    /// Draws one row (`<tr>` of `cell`s, the key column first).
    pub row: F,
}

impl<R, F, V> LongTable<R, F>
where
    R: TableRow + Clone + PartialEq + DeserializeOwned + Send + Sync + 'static,
    R::Column: std::fmt::Debug + Send + Sync + 'static,
    F: Fn(&R) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    pub fn view(self) -> impl IntoView {
        let LangCtx(lang) = expect_context::<LangCtx>();
        let LongTable { name, held, total, query, remote, heads, row } = self;
        // The worker is asked only for what the page cannot work out from the rows it holds.
        let remote = remote.filter(|_| held.len() < total);
        let answer = remote.as_ref().map(|r| r.answer);
        let local = remote.is_none();
        let shown = Memo::new(move |_| -> Page<R> {
            let q = query.get();
            if local {
                return page(&held, &q);
            }
            if q.is_first_page() {
                return Page { matching: total, ..page(&held, &q) };
            }
            let answered = answer.and_then(|a| a.get()).and_then(|a| {
                let rows = serde_json::from_str::<Vec<R>>(&a.rows_json).ok()?;
                Some(Page { rows, offset: a.offset, matching: a.matching })
            });
            // Until the worker answers, the first rows stand in.
            answered.unwrap_or_else(|| Page { matching: total, ..page(&held, &RowQuery { offset: 0, ..q }) })
        });
        if let Some(remote) = remote {
            let ask = remote.ask;
            Effect::new(move |_| {
                let q = query.get();
                if !q.is_first_page() {
                    ask.run(q);
                }
            });
        }

        let head = heads
            .iter()
            .map(|h| {
                let Head { label, column, numeric, shown: where_shown } = *h;
                let class = [if numeric { "num" } else { "" }, where_shown.class()]
                    .iter()
                    .filter(|c| !c.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" ");
                match column {
                    // A column of buttons is named for screen readers only.
                    None if label == Label::Blank => view! {
                        <th class=class><span class="visually-hidden">{move || tr(lang.get(), Key::Actions)}</span></th>
                    }
                    .into_any(),
                    None => view! { <th class=class>{move || label.text(lang.get())}</th> }.into_any(),
                    Some(column) => {
                        let sort = move || match query.with(|q| q.direction_of(column)) {
                            Some(Direction::Ascending) => "ascending",
                            Some(Direction::Descending) => "descending",
                            None => "none",
                        };
                        view! {
                            <th class=class aria-sort=sort>
                                <button type="button" class="sort" data-testid=format!("table-sort-{}", column.name())
                                    on:click=move |_| query.update(|q| *q = q.sorted_by(column))>
                                    {move || label.text(lang.get())}
                                </button>
                            </th>
                        }
                        .into_any()
                    }
                }
            })
            .collect_view();

        let searched = move || query.with(|q| !q.search.trim().is_empty());
        let range = move || {
            let (offset, n, matching) = shown.with(|p| (p.offset, p.rows.len(), p.matching));
            if matching == 0 {
                return if searched() { tr(lang.get(), Key::NoRowMatches).to_string() } else { String::new() };
            }
            rows_range(lang.get(), offset, n, matching, searched())
        };
        let at_start = move || shown.with(|p| p.offset == 0);
        let at_end = move || shown.with(|p| p.offset + p.rows.len() >= p.matching);
        // Paging moves from the page shown, which the engine may have brought back from past the end.
        let go = move |pages: isize| {
            let from = shown.with_untracked(|p| p.offset);
            query.update(|q| *q = RowQuery { offset: from, ..q.clone() }.moved(pages));
        };
        let body = move || {
            let row = row.clone();
            shown.with(|p| p.rows.iter().map(|r| row(r)).collect_view())
        };
        view! {
            <div class="long-table" data-table=name id=table_id(name) tabindex="-1">
                <div class="table-tools">
                    <label class="table-search">
                        <span>{move || tr(lang.get(), Key::TableSearch)}</span>
                        <input type="search" data-testid="table-search"
                            placeholder=move || tr(lang.get(), Key::TableSearchHint)
                            prop:value=move || query.with(|q| q.search.clone())
                            on:input=move |ev| { let text = event_target_value(&ev); query.update(|q| *q = q.searching(&text)); } />
                    </label>
                    <span class="muted small" data-testid="table-range" aria-live="polite">{range}</span>
                </div>
                <div class="table-wrap">
                    <table class="long">
                        <thead><tr>{head}</tr></thead>
                        <tbody>{body}</tbody>
                    </table>
                </div>
                <Show when=move || !(at_start() && at_end())>
                    <div class="pager">
                        <button type="button" class="secondary small" data-testid="table-prev" disabled=at_start on:click=move |_| go(-1)>
                            {move || tr(lang.get(), Key::PagePrev)}
                        </button>
                        <button type="button" class="secondary small" data-testid="table-next" disabled=at_end on:click=move |_| go(1)>
                            {move || tr(lang.get(), Key::PageNext)}
                        </button>
                    </div>
                </Show>
            </div>
        }
    }
}
