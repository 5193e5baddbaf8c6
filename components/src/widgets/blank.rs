//! What a screen shows instead of a dashboard of zeros: why there is nothing to show, and the
//! way out (clear the filters) when the filters are the reason.

use dmarc_lens::analyze::Totals;
use leptos::prelude::*;

use crate::i18n::{tr, Key, LangCtx};
use crate::protocol::FilterParams;
use crate::state::FiltersCtx;

/// Why a screen is blank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blank {
    /// From is after To: nothing was analysed.
    PeriodReversed,
    /// The filters match no mail.
    NoMatch,
    /// A shared analysis whose filters match no mail (nothing to clear on a shared page).
    SharedNoMatch,
    /// Files were loaded, but no report.
    NoReports,
    /// Reports, but no messages in them.
    NoMail,
}

impl Blank {
    /// Why an analysis with these totals, under these filters, is blank; `None` when there is
    /// mail to show.
    pub fn of(totals: &Totals, filters: &FilterParams, read_only: bool) -> Option<Blank> {
        let filtered = filters.normalised() != FilterParams::default();
        if !read_only && filters.to_filters().period_reversed() {
            return Some(Blank::PeriodReversed);
        }
        if totals.messages > 0 {
            return None;
        }
        Some(match (filtered, read_only) {
            (true, false) => Blank::NoMatch,
            (true, true) => Blank::SharedNoMatch,
            (false, _) if totals.reports == 0 => Blank::NoReports,
            (false, _) => Blank::NoMail,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Blank::PeriodReversed => "period-reversed",
            Blank::NoMatch => "no-match",
            Blank::SharedNoMatch => "shared-no-match",
            Blank::NoReports => "no-reports",
            Blank::NoMail => "no-mail",
        }
    }

    fn words(self) -> (Key, Option<Key>) {
        match self {
            // The filter bar says what is wrong with the dates; here, what it means.
            Blank::PeriodReversed => (Key::BlankPeriodReversed, None),
            Blank::NoMatch => (Key::NoMailInFilter, Some(Key::NoMatchHint)),
            Blank::SharedNoMatch => (Key::NoMailInFilter, None),
            Blank::NoReports => (Key::NoReportsYet, None),
            Blank::NoMail => (Key::NoMailInReports, None),
        }
    }

    fn clears_filters(self) -> bool {
        matches!(self, Blank::PeriodReversed | Blank::NoMatch)
    }
}

#[component]
pub fn BlankState(blank: Blank) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let FiltersCtx(filters) = expect_context::<FiltersCtx>();
    let (headline, hint) = blank.words();
    view! {
        <section class="panel blank-state" data-testid="blank-state" data-reason=blank.as_str()>
            <p class="blank-headline">{move || tr(lang.get(), headline)}</p>
            {hint.map(|hint| view! { <p class="muted">{move || tr(lang.get(), hint)}</p> })}
            {blank.clears_filters().then(|| view! {
                <button type="button" data-testid="blank-clear-filters" on:click=move |_| filters.set(FilterParams::default())>
                    {move || tr(lang.get(), Key::FilterClear)}
                </button>
            })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filters(from: &str, to: &str, domain: &str) -> FilterParams {
        FilterParams { from: from.into(), to: to.into(), domain: domain.into(), policy: String::new() }
    }

    #[test]
    fn blank_says_why() {
        let some = Totals { reports: 2, messages: 10, ..Totals::default() };
        let none = Totals { reports: 2, ..Totals::default() };
        let empty = Totals::default();
        let check = |totals: &Totals, f: FilterParams, read_only: bool, expected: Option<Blank>| {
            assert_eq!(Blank::of(totals, &f, read_only), expected, "{f:?} {read_only}");
        };
        check(&some, filters("", "", ""), false, None);
        check(&none, filters("", "", "nowhere.example"), false, Some(Blank::NoMatch));
        check(&none, filters("", "", "nowhere.example"), true, Some(Blank::SharedNoMatch));
        check(&some, filters("2026-11-02", "2026-11-01", ""), false, Some(Blank::PeriodReversed));
        check(&empty, filters("", "", ""), false, Some(Blank::NoReports));
        check(&none, filters("", "", ""), false, Some(Blank::NoMail));
        // A half-typed date filters nothing.
        check(&none, filters("2026-1", "", " "), false, Some(Blank::NoMail));
    }
}
