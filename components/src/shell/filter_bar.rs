//! The filter bar: period, domain and policy, plus the JSON export. Every view follows these
//! filters; the URL query keeps them.

use leptos::prelude::*;
use web_sys::{HtmlInputElement, HtmlSelectElement};

use crate::i18n::{tr, Key, LangCtx};
use crate::state::{AnalysisCtx, ExportCtx, FiltersCtx};

#[component]
pub fn FilterBar() -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let FiltersCtx(filters) = expect_context::<FiltersCtx>();
    let AnalysisCtx(analysis) = expect_context::<AnalysisCtx>();
    let ExportCtx(export) = expect_context::<ExportCtx>();

    let domains = move || {
        analysis.with(|a| {
            a.as_ref()
                .map(|v| v.analysis.domains.iter().map(|d| d.domain.clone()).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    };
    let set_from = move |ev: web_sys::Event| {
        let value = event_target::<HtmlInputElement>(&ev).value();
        filters.update(|f| f.from = value);
    };
    let set_to = move |ev: web_sys::Event| {
        let value = event_target::<HtmlInputElement>(&ev).value();
        filters.update(|f| f.to = value);
    };
    let set_domain = move |ev: web_sys::Event| {
        let value = event_target::<HtmlInputElement>(&ev).value();
        filters.update(|f| f.domain = value);
    };
    let set_policy = move |ev: web_sys::Event| {
        let value = event_target::<HtmlSelectElement>(&ev).value();
        filters.update(|f| f.policy = value);
    };

    // From after To: said here, and nothing is analysed until it is put right.
    let reversed = Memo::new(move |_| filters.with(|f| f.to_filters().period_reversed()));
    let invalid = move || reversed.get().then_some("true");

    view! {
        <section class="filters" aria-label=move || tr(lang.get(), Key::FilterAll)>
            <label>
                <span>{move || tr(lang.get(), Key::FilterFrom)}</span>
                <input type="date" data-testid="filter-from" aria-invalid=invalid aria-describedby="filter-period-error" prop:value=move || filters.with(|f| f.from.clone()) on:change=set_from />
            </label>
            <label>
                <span>{move || tr(lang.get(), Key::FilterTo)}</span>
                <input type="date" data-testid="filter-to" aria-invalid=invalid aria-describedby="filter-period-error" prop:value=move || filters.with(|f| f.to.clone()) on:change=set_to />
            </label>
            <label>
                <span>{move || tr(lang.get(), Key::FilterDomain)}</span>
                <input type="text" list="known-domains" data-testid="filter-domain" placeholder=move || tr(lang.get(), Key::FilterAll)
                    prop:value=move || filters.with(|f| f.domain.clone()) on:change=set_domain />
                <datalist id="known-domains">
                    {move || domains().into_iter().map(|d| view! { <option value=d></option> }).collect_view()}
                </datalist>
            </label>
            <label>
                <span>{move || tr(lang.get(), Key::FilterPolicy)}</span>
                <select data-testid="filter-policy" prop:value=move || filters.with(|f| f.policy.clone()) on:change=set_policy>
                    <option value="">{move || tr(lang.get(), Key::FilterAll)}</option>
                    <option value="none">"none"</option>
                    <option value="quarantine">"quarantine"</option>
                    <option value="reject">"reject"</option>
                </select>
            </label>
            <button type="button" class="secondary" on:click=move |_| filters.set(Default::default())>
                {move || tr(lang.get(), Key::FilterClear)}
            </button>
            <button type="button" class="push" data-testid="export-analysis-json" disabled=move || reversed.get() on:click=move |_| export.run(())>
                {move || tr(lang.get(), Key::ExportJson)}
            </button>
            <p class="filter-error" id="filter-period-error" data-testid="filter-period-error" role="alert" class:hidden=move || !reversed.get()>
                {move || reversed.get().then(|| tr(lang.get(), Key::FilterPeriodReversed))}
            </p>
        </section>
    }
}
