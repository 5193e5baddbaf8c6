//! The tab bar and the panel it controls, as the WAI-ARIA tabs pattern has them: one tab in the
//! Tab order (the selected one), arrow keys, Home and End move between tabs and select them,
//! every tab controls the one panel, which is labelled by the selected tab.

use leptos::prelude::*;
use web_sys::KeyboardEvent;

use crate::i18n::{tr, Key};
use crate::screens::alert_rules::AlertRulesPanel;
use crate::screens::files::FileList;
use crate::screens::known_senders::Senders;
use crate::screens::overview::Overview;
use crate::screens::patterns::Patterns;
use crate::screens::policy::Policy;
use crate::screens::spoofing::Spoofing;
use crate::screens::tags::TagsView;
use crate::state::page::Page;
use crate::state::tab::Tab;
use crate::widgets::blank::{Blank, BlankState};

const PANEL_ID: &str = "tabpanel";

fn tab_id(tab: Tab) -> String {
    format!("tab-{}", tab.name())
}

/// The tab a key moves to from `current`, among `tabs`; `None` for other keys.
fn moved(key: &str, current: Tab, tabs: &[Tab]) -> Option<Tab> {
    let at = tabs.iter().position(|t| *t == current).unwrap_or(0);
    let last = tabs.len().checked_sub(1)?;
    let to = match key {
        "ArrowRight" | "ArrowDown" => {
            if at >= last {
                0
            } else {
                at + 1
            }
        }
        "ArrowLeft" | "ArrowUp" => at.checked_sub(1).unwrap_or(last),
        "Home" => 0,
        "End" => last,
        _ => return None,
    };
    tabs.get(to).copied()
}

#[component]
pub fn TabBar() -> impl IntoView {
    let page = expect_context::<Page>();
    let (lang, tab) = (page.lang, page.tab);
    let shown: Vec<Tab> = Tab::shown(page.read_only).collect();
    let keys = shown.clone();
    let on_keydown = move |ev: KeyboardEvent| {
        let Some(to) = moved(&ev.key(), tab.get_untracked(), &keys) else { return };
        ev.prevent_default();
        tab.set(to);
        if let Some(button) =
            web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(&tab_id(to)))
        {
            if let Ok(button) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(button) {
                let _ = button.focus();
            }
        }
    };
    view! {
        <nav class="tabs" role="tablist" aria-label=move || tr(lang.get(), Key::TabsLabel) on:keydown=on_keydown>
            {shown.into_iter().map(|t| view! {
                <button type="button" role="tab" id=tab_id(t) data-testid=tab_id(t) aria-controls=PANEL_ID
                    aria-selected=move || (tab.get() == t).to_string()
                    tabindex=move || if tab.get() == t { "0" } else { "-1" }
                    class:active=move || tab.get() == t
                    on:click=move |_| tab.set(t)>
                    {move || tr(lang.get(), t.key())}
                </button>
            }).collect_view()}
        </nav>
    }
}

/// The selected screen. The file rows stay in the page whatever the tab, so a row's status is
/// always there to read; the Files tab shows them.
#[component]
pub fn TabPanel() -> impl IntoView {
    let page = expect_context::<Page>();
    let (lang, tab) = (page.lang, page.tab);
    // Whether From is after To: then no analysis comes, so the screens change with it. Other
    // changes of the filters bring an analysis, which redraws them (read with the filters then
    // in force: redrawing the old analysis under new filters would say the wrong thing).
    let reversed = Memo::new(move |_| page.filters.with(|f| f.to_filters().period_reversed()));
    // The known senders and thresholds do not follow the analysis: drawn once while their tab
    // is open, so what is being typed there (and the focus) survives every analysis that lands.
    let on_senders = Memo::new(move |_| tab.get() == Tab::Senders);
    let content = move || {
        if on_senders.get() {
            return ().into_any();
        }
        let view = page.analysis.get();
        // The alerts seen before arrive once, maybe after the first analysis: mark them then.
        page.seen.track();
        let filters = page.filters.get_untracked();
        match (tab.get(), view) {
            (Tab::Files, _) => ().into_any(),
            (Tab::Senders, _) => ().into_any(),
            // From after To: nothing is analysed, whatever was before.
            (_, _) if !page.read_only && reversed.get() => view! { <BlankState blank=Blank::PeriodReversed /> }.into_any(),
            // A shared page without its analysis yet says why in its banner.
            (_, None) if page.read_only => ().into_any(),
            (_, None) => view! { <p class="callout" data-testid="nothing-loaded">{move || tr(lang.get(), Key::NothingLoaded)}</p> }.into_any(),
            // No mail under these filters (or none at all): say why, not a dashboard of zeros.
            (_, Some(v)) if Blank::of(&v.analysis.totals, &filters, page.read_only).is_some() => {
                let blank = Blank::of(&v.analysis.totals, &filters, page.read_only).unwrap_or(Blank::NoMail);
                view! { <BlankState blank=blank /> }.into_any()
            }
            (Tab::Overview, Some(v)) => view! { <Overview analysis=v.analysis.clone() /> }.into_any(),
            (Tab::Patterns, Some(v)) => view! { <Patterns analysis=v.analysis.clone() /> }.into_any(),
            (Tab::Tags, Some(v)) => view! { <TagsView analysis=v.analysis.clone() /> }.into_any(),
            (Tab::Policy, Some(v)) => view! { <Policy analysis=v.analysis.clone() /> }.into_any(),
            (Tab::Spoofing, Some(v)) => {
                view! { <Spoofing analysis=v.analysis.clone() total=v.suspects_total /> }.into_any()
            }
        }
    };
    view! {
        <div class="content" role="tabpanel" id=PANEL_ID tabindex="0" aria-labelledby=move || tab_id(tab.get())>
            // The screen's name heads it, for those who move by headings (the tab shows it); the
            // Files screen has its own.
            {move || (tab.get() != Tab::Files).then(|| view! {
                <h2 class="visually-hidden">{move || tr(lang.get(), tab.get().key())}</h2>
            })}
            {content}
            <Show when=move || on_senders.get()>
                <Senders />
                <AlertRulesPanel />
            </Show>
            <div class:hidden=move || tab.get() != Tab::Files>
                <FileList rows=page.rows done=page.done filter=page.file_filter />
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrow_keys_wrap_and_home_end_jump() {
        let tabs = Tab::ALL;
        assert_eq!(moved("ArrowRight", Tab::Overview, &tabs), Some(Tab::Patterns));
        assert_eq!(moved("ArrowRight", Tab::Files, &tabs), Some(Tab::Overview));
        assert_eq!(moved("ArrowLeft", Tab::Overview, &tabs), Some(Tab::Files));
        assert_eq!(moved("Home", Tab::Spoofing, &tabs), Some(Tab::Overview));
        assert_eq!(moved("End", Tab::Overview, &tabs), Some(Tab::Files));
        assert_eq!(moved("Enter", Tab::Overview, &tabs), None);
        let shared: Vec<Tab> = Tab::shown(true).collect();
        assert_eq!(moved("ArrowRight", Tab::Spoofing, &shared), Some(Tab::Policy));
        assert_eq!(moved("ArrowRight", Tab::Policy, &shared), Some(Tab::Overview));
        assert_eq!(moved("ArrowRight", Tab::Overview, &[]), None);
    }
}
