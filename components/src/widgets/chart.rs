//! The daily chart: DMARC pass and fail messages per day as stacked SVG bars, drawn by the app
//! (no chart library, no fonts to download).

use dmarc_lens::analyze::DayRow;
use leptos::prelude::*;

use crate::i18n::{fill, number, tr, Key, LangCtx};

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 180.0;
const LEFT: f64 = 56.0;
const BOTTOM: f64 = 22.0;

/// The axis label of a day: "01-31" of "2025-01-31". A day from a share link is outside data:
/// a date too short, or not cut on a character boundary, is shown whole rather than sliced.
fn month_day(date: &str) -> &str {
    date.get(5..).filter(|rest| !rest.is_empty()).unwrap_or(date)
}

#[component]
pub fn DailyChart(days: Vec<DayRow>) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let max = days.iter().map(|d| d.messages).max().unwrap_or(0).max(1);
    let n = days.len().max(1) as f64;
    let plot_w = WIDTH - LEFT - 8.0;
    let plot_h = HEIGHT - BOTTOM - 8.0;
    let step = plot_w / n;
    let bar = (step * 0.8).max(1.0);
    let y = move |v: u64| 8.0 + plot_h - plot_h * v as f64 / max as f64;
    let label_every = (days.len() / 8).max(1);
    let bars = days
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let x = LEFT + step * i as f64 + (step - bar) / 2.0;
            let pass_top = y(d.dmarc_pass);
            let total_top = y(d.messages);
            let (day, pass, fail) = (d.date.clone(), number(d.dmarc_pass), number(d.dmarc_fail));
            let title = move || fill(lang.get(), Key::ChartDay, &[day.clone(), pass.clone(), fail.clone()]);
            let label = (i % label_every == 0).then(|| {
                view! { <text x=x + bar / 2.0 y=HEIGHT - 6.0 text-anchor="middle" class="axis">{month_day(&d.date).to_string()}</text> }
            });
            view! {
                <g>
                    <title>{title}</title>
                    <rect x=x y=pass_top width=bar height=(8.0 + plot_h - pass_top).max(0.0) class="bar-pass"></rect>
                    <rect x=x y=total_top width=bar height=(pass_top - total_top).max(0.0) class="bar-fail"></rect>
                    {label}
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="chart" data-testid="daily-chart">
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=move || tr(lang.get(), Key::DailyChart)>
                <line x1=LEFT y1=8.0 + plot_h x2=WIDTH - 8.0 y2=8.0 + plot_h class="axis-line"></line>
                <text x=LEFT - 6.0 y=12.0 text-anchor="end" class="axis">{number(max)}</text>
                <text x=LEFT - 6.0 y=8.0 + plot_h text-anchor="end" class="axis">"0"</text>
                {bars}
            </svg>
            <figcaption>
                <span class="legend pass"></span>{move || tr(lang.get(), Key::DmarcPass)}
                <span class="legend fail"></span>{move || tr(lang.get(), Key::DmarcFail)}
            </figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::month_day;

    #[test]
    fn labels_never_slice_inside_outside_data() {
        let check = |date: &str, label: &str| assert_eq!(month_day(date), label, "{date:?}");
        check("2025-01-31", "01-31");
        check("1", "1");
        check("", "");
        check("2025-", "2025-");
        check("2025日", "2025日");
        check("2025-日", "日");
    }
}
