//! The overview: totals, pass rate, dispositions, the daily chart, alerts and policy readiness
//! first (where a person looks first), then reporters and domains.

use std::sync::Arc;

use dmarc_lens::analyze::rows::{DomainColumn, ReporterColumn};
use dmarc_lens::analyze::{
    group_alerts, rating, Alert, AlertKind, Analysis, DomainRow, Rating, Readiness, ReporterRow, Subject,
};
use dmarc_lens::export::Table;
use leptos::prelude::*;

use crate::i18n::{count, date, fill, labelled, number, percent, showing, tr, Key, LangCtx};
use crate::protocol::RowsQuery;
use crate::screens::history::DailySplit;
use crate::screens::policy::{period_headline, window_headline, window_reason_words};
use crate::state::links::RowLink;
use crate::state::tab::Tab;
use crate::state::{AnalysisCtx, GoToRow, OpenAlertRules, ReadOnly, SeenAlerts, TablesCtx, TagThis};
use crate::widgets::table::{cell, row_id, Head, Label, LongTable, Remote, Shown};
use crate::widgets::CsvButton;

/// Readiness entries shown before "more": the first are the most important.
const SHOWN: usize = 6;
/// Alerts of one rule shown before "Show n more alerts".
const GROUP_SHOWN: usize = 3;

#[component]
pub fn Overview(analysis: Analysis) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let t = analysis.totals.clone();
    let card = move |key: Key, value: String, testid: &'static str, class: &'static str| {
        view! {
            <div class=format!("card {class}")>
                <div class="card-label">{move || tr(lang.get(), key)}</div>
                <div class="card-value" data-testid=testid>{value}</div>
            </div>
        }
    };
    let dispositions = t
        .disposition
        .iter()
        .map(|(name, count)| {
            let (name, count, share) = (name.clone(), *count, percent(*count, t.messages));
            view! { <li><span class="disp-name">{name}</span> <strong>{number(count)}</strong> <span class="muted">{share}</span></li> }
        })
        .collect_view();
    let duplicates = t.duplicate_reports;
    // Colours follow the engine's rating of the share that passes: the pass rate itself, DMARC
    // failures by the same share, possible spoofing by the share of mail from known senders. A
    // count card is not green for being low: only warn and bad colour it.
    let pass_class = rating(t.dmarc_pass, t.messages).map_or("", Rating::as_str);
    let count_class = |passing: u64| match rating(passing, t.messages) {
        Some(Rating::Good) | None => "",
        Some(r) => r.as_str(),
    };
    // Possible spoofing is failing mail of the unknown class (`analyze::class_of`), as every
    // screen, alert and export counts it: not yours, not forwarded, not a named service.
    let spoofing = t.fail_classes.unknown;
    let (forwarded, not_set_up) = (t.fail_classes.forwarded, t.fail_classes.service_not_set_up);
    let unregistered = t.untagged;
    let (fail_class, untagged_class) = (count_class(t.dmarc_pass), count_class(t.messages.saturating_sub(spoofing)));
    view! {
        <div class="overview">
            <div class="cards">
                {card(Key::Reports, number(t.reports), "total-reports", "")}
                {card(Key::Messages, number(t.messages), "total-messages", "")}
                {card(Key::PassRate, percent(t.dmarc_pass, t.messages), "pass-rate", pass_class)}
                {card(Key::DmarcFail, number(t.dmarc_fail), "total-fail", fail_class)}
                {card(Key::Tagged, number(t.tagged), "total-tagged", "")}
                <div class=format!("card {untagged_class}")>
                    <div class="card-label">{move || tr(lang.get(), Key::Untagged)}</div>
                    <div class="card-value" data-testid="total-untagged">{number(spoofing)}</div>
                    <div class="card-note muted" data-testid="total-unregistered">
                        {move || fill(lang.get(), Key::SpoofingOfUnregistered, &[number(unregistered)])}
                    </div>
                    <Show when=move || { forwarded > 0 || not_set_up > 0 }>
                        <div class="card-note muted" data-testid="total-classes">
                            {move || fill(lang.get(), Key::SpoofingClasses, &[number(forwarded), number(not_set_up)])}
                        </div>
                    </Show>
                </div>
            </div>
            <crate::screens::likely_yours::LikelyYours senders=analysis.senders.clone() />
            <Show when=move || { duplicates > 0 }>
                <p class="muted">{move || count(lang.get(), duplicates, Key::DuplicateReportOne, Key::DuplicateReports)}</p>
            </Show>
            <div class="two-col">
                <AlertList alerts=analysis.alerts.clone() />
                <ReadinessList readiness=analysis.readiness.clone() />
            </div>
            <section class="panel">
                <h3>{move || tr(lang.get(), Key::DailyChart)} <CsvButton table=Table::Days /></h3>
                <DailySplit days=analysis.days.clone() history=analysis.history.clone() />
            </section>
            <section class="panel">
                <h3>{move || tr(lang.get(), Key::Dispositions)}</h3>
                <ul class="dispositions">{dispositions}</ul>
            </section>
            // One above the other: side by side, the domains table lost its last column at 1280 px.
            <ReporterTable analysis=analysis.clone() />
            <DomainTable analysis=analysis.clone() />
        </div>
    }
}

/// The words over a group of alerts: the rule they come from.
fn group_key(kind: AlertKind) -> Key {
    match kind {
        AlertKind::UntaggedSource => Key::AlertGroupUntaggedSource,
        AlertKind::SpoofingShare => Key::AlertGroupSpoofingShare,
        AlertKind::TagPassRate => Key::AlertGroupTagPassRate,
        AlertKind::PatternVolume => Key::AlertGroupPatternVolume,
        AlertKind::ReporterSilent => Key::AlertGroupReporterSilent,
        AlertKind::PolicyNone => Key::AlertGroupPolicyNone,
        AlertKind::NewSender => Key::AlertGroupNewSender,
        AlertKind::OwnMailFailing => Key::AlertGroupOwnMailFailing,
    }
}

/// The alerts grouped by rule, each group with its count and its threshold's link; each alert
/// with a link to its row and, for an unregistered source, "Tag this".
#[component]
fn AlertList(alerts: Vec<Alert>) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let SeenAlerts(seen) = expect_context::<SeenAlerts>();
    let ReadOnly(read_only) = expect_context::<ReadOnly>();
    let settings = expect_context::<OpenAlertRules>().0;
    let TagThis(tag_this) = expect_context::<TagThis>();
    let GoToRow(go) = expect_context::<GoToRow>();
    let empty = alerts.is_empty();
    // Alerts new since the previous visit come first, each severity still before the next.
    let seen = seen.get_untracked();
    let is_new = |alert: &Alert| !read_only && seen.as_ref().is_some_and(|s| !s.contains(&alert.id));
    let mut alerts: Vec<(bool, Alert)> = alerts.into_iter().map(|a| (is_new(&a), a)).collect();
    alerts.sort_by_key(|(new, _)| !new);
    let n_new = alerts.iter().filter(|(new, _)| *new).count() as u64;
    let (news, alerts): (Vec<bool>, Vec<Alert>) = alerts.into_iter().unzip();
    let groups = group_alerts(&alerts);

    let item = move |(new, alert, subject): &(bool, Alert, Subject)| {
        let new = *new;
        let fired = alert.fired.clone();
        // Numbers as the cards write them ("1,234"), in the language in force.
        let message = move || {
            let (key, args) = fired.words(&number);
            fill(lang.get(), key, &args)
        };
        let link = RowLink::of(subject);
        let place = link.place;
        let tag_ip = match subject {
            Subject::Source(ip) if !read_only => Some(ip.clone()),
            _ => None,
        };
        view! {
            <li class=format!("alert {}", alert.severity.as_str()) data-testid="alert" data-id=alert.id.clone() data-new=new.to_string()>
                {new.then(|| view! { <span class="badge new" data-testid="alert-new">{move || tr(lang.get(), Key::AlertNew)}</span> })}
                <span class="alert-text">{message}</span>
                <span class="alert-actions">
                    <button type="button" class="link small" data-testid="alert-go" on:click=move |_| go.run(link.clone())>
                        {move || fill(lang.get(), Key::AlertSeeIn, &[tr(lang.get(), place)])}
                    </button>
                    {tag_ip.map(|ip| view! {
                        <button type="button" class="secondary small" data-testid="alert-tag-this" on:click=move |_| tag_this.run(ip.clone())>
                            {move || tr(lang.get(), Key::TagThis)}
                        </button>
                    })}
                </span>
            </li>
        }
    };
    let groups = groups
        .into_iter()
        .map(|group| {
            let kind = group.kind;
            let members: Vec<(bool, Alert, Subject)> = group
                .alerts
                .iter()
                .zip(group.subjects)
                .filter_map(|(&index, subject)| {
                    Some((news.get(index).copied().unwrap_or(false), alerts.get(index)?.clone(), subject))
                })
                .collect();
            let n = members.len() as u64;
            let n_rest = members.len().saturating_sub(GROUP_SHOWN) as u64;
            let shown = members.iter().take(GROUP_SHOWN).map(item).collect_view();
            let rest = members.iter().skip(GROUP_SHOWN).map(item).collect_view();
            view! {
                <li class=format!("alert-group {}", group.severity.as_str()) data-testid="alert-group" data-kind=kind.as_str() data-count=n>
                    <div class="alert-group-head">
                        <strong>{move || tr(lang.get(), group_key(kind))}</strong>
                        <span class="group-count" data-testid="alert-group-count">{number(n)}</span>
                        {(!read_only && kind.has_threshold()).then(|| view! {
                            <button type="button" class="link small" data-testid="alert-group-rules" on:click=move |_| settings.run(())>
                                {move || tr(lang.get(), Key::AlertGroupRules)}
                            </button>
                        })}
                    </div>
                    <ul class="alerts">{shown}</ul>
                    {(n_rest > 0).then(|| view! {
                        <details class="more">
                            <summary data-testid="alerts-more">{move || count(lang.get(), n_rest, Key::ShowMoreAlert, Key::ShowMoreAlerts)}</summary>
                            <ul class="alerts">{rest}</ul>
                        </details>
                    })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="panel">
            <h3>{move || tr(lang.get(), Key::Alerts)}
                {(!read_only).then(|| view! {
                    <button type="button" class="secondary small" data-testid="alert-rules-open" on:click=move |_| settings.run(())>
                        {move || tr(lang.get(), Key::AlertRulesLink)}
                    </button>
                })}
            </h3>
            <Show when=move || { n_new > 0 }>
                <p class="small" data-testid="alerts-new-count"><strong>{number(n_new)}</strong> " " {move || tr(lang.get(), Key::AlertsNewSince)}</p>
            </Show>
            <Show when=move || empty>
                <p class="muted">{move || tr(lang.get(), Key::NoAlerts)}</p>
            </Show>
            <ul class="alert-groups">{groups}</ul>
        </section>
    }
}

#[component]
fn ReadinessList(readiness: Vec<Readiness>) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let tab = expect_context::<crate::state::page::Page>().tab;
    let expanded = RwSignal::new(false);
    let n_more = readiness.len().saturating_sub(SHOWN);
    let items = readiness
        .into_iter()
        .enumerate()
        .map(|(index, r)| {
            // The verdict is the recent window's (mail that failed before a fix no longer
            // counts), the whole period's beside it; without dated reports, the period's alone.
            let verdict = r.window.as_ref().map_or(r.verdict, |w| w.verdict);
            let headline = {
                let r = r.clone();
                move || match &r.window {
                    Some(w) => window_headline(lang.get(), w, r.published.as_ref()),
                    None => period_headline(lang.get(), &r),
                }
            };
            let since = r.window.as_ref().and_then(|w| w.own_pass_since.clone()).map(|day| {
                let since = day.clone();
                view! { <div class="small good-text" data-testid="own-pass-since" data-since=since>{move || fill(lang.get(), Key::OwnPassSince, &[day.as_str()])}</div> }
            });
            let whole = r.window.is_some().then(|| {
                let r = r.clone();
                view! { <div class="muted small">{move || fill(lang.get(), Key::WholePeriod, &[period_headline(lang.get(), &r).as_str()])}</div> }
            });
            let reasons = match &r.window {
                Some(w) => w
                    .reasons
                    .iter()
                    .map(|reason| {
                        let (key, args) = window_reason_words(reason);
                        view! { <li>{move || fill(lang.get(), key, &args)}</li> }
                    })
                    .collect_view()
                    .into_any(),
                None => r
                    .reasons
                    .iter()
                    .map(|reason| {
                        let (key, args) = reason.words(&r, &number);
                        view! { <li>{move || fill(lang.get(), key, &args)}</li> }
                    })
                    .collect_view()
                    .into_any(),
            };
            let at_risk_list = r.window.as_ref().map_or(&r.at_risk, |w| &w.at_risk);
            let at_risk = at_risk_list
                .iter()
                .take(5)
                .map(|risk| view! { <li>{format!("{} · {} {} · {}", risk.tag, "#", risk.pattern, number(risk.messages))}</li> })
                .collect_view();
            let has_risk = !at_risk_list.is_empty();
            let policy_now = r.published.as_ref().map_or_else(|| format!("p={}", r.policy.as_str()), |p| {
                if p.testing { format!("p={} t=y", p.p.as_str()) } else { format!("p={}", p.p.as_str()) }
            });
            let summary = {
                let (days, tagged_share) = (r.days_covered, r.tagged_pass_share);
                move || {
                    let days = count(lang.get(), days, Key::DayCovered, Key::DaysCovered);
                    // Without mail from known senders there is no pass rate to give: the advice
                    // below says to register them.
                    match tagged_share {
                        Some(s) => {
                            format!("{days} · {}", labelled(lang.get(), &format!("{:.1}%", s * 100.0), Key::TaggedPassRate))
                        }
                        None => days,
                    }
                }
            };
            view! {
                <li class=format!("readiness {}", verdict.as_str()) class:hidden={index >= SHOWN} data-testid="readiness" data-domain=r.domain.clone() data-verdict=verdict.as_str()>
                    <div class="readiness-head"><strong>{r.domain.clone()}</strong><span class="muted">{policy_now}</span></div>
                    <div class="verdict">{headline}</div>
                    {since}
                    <div class="muted small">{summary}</div>
                    {whole}
                    <ul class="reasons">{reasons}</ul>
                    <Show when=move || has_risk>
                        <div class="small">{move || tr(lang.get(), Key::AtRisk)}</div>
                    </Show>
                    <ul class="at-risk small">{at_risk}</ul>
                    <button type="button" class="link" data-testid="readiness-details" on:click=move |_| tab.set(Tab::Policy)>
                        {move || tr(lang.get(), Key::PolicyDetails)}</button>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="panel">
            <h3>{move || tr(lang.get(), Key::Readiness)}</h3>
            <ul class="readiness-list" class:expanded=move || expanded.get()>{items}</ul>
            <Show when=move || { n_more > 0 && !expanded.get() }>
                <button type="button" class="secondary small" data-testid="readiness-more" on:click=move |_| expanded.set(true)>
                    {move || count(lang.get(), n_more as u64, Key::ShowMoreDomain, Key::ShowMoreDomains)}
                </button>
            </Show>
        </section>
    }
}

#[component]
fn ReporterTable(analysis: Analysis) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let AnalysisCtx(view) = expect_context::<AnalysisCtx>();
    let ReadOnly(read_only) = expect_context::<ReadOnly>();
    let tables = expect_context::<TablesCtx>();
    let held = analysis.reporters.len();
    let total = view.with_untracked(|v| v.as_ref().map(|v| v.reporters_total)).unwrap_or(0).max(held);
    let heads = vec![
        Head::text(Label::Key(Key::Reporters), ReporterColumn::Reporter, Shown::Always),
        Head::figure(Label::Key(Key::Reports), ReporterColumn::Reports, Shown::Always),
        Head::figure(Label::Key(Key::Messages), ReporterColumn::Messages, Shown::Always),
        Head::text(Label::Key(Key::FirstSeen), ReporterColumn::FirstSeen, Shown::WideOnly),
        Head::text(Label::Key(Key::LastSeen), ReporterColumn::LastSeen, Shown::Always),
    ];
    let row = move |r: &ReporterRow| {
        let (first, last) = (r.first_seen, r.last_seen);
        // A report may give neither a name nor an address with a domain.
        let org_name = r.org_name.clone();
        let name = move || {
            if org_name.is_empty() {
                tr(lang.get(), Key::ReporterUnnamed).to_string()
            } else {
                org_name.clone()
            }
        };
        view! {
            <tr data-testid="reporter-row" data-reporter=r.org_name.clone() data-messages=r.messages id=row_id("reporters", &r.org_name) tabindex="-1">
                {cell(Label::Key(Key::Reporters), "key", Shown::Always, name)}
                {cell(Label::Key(Key::Reports), "num", Shown::Always, number(r.reports))}
                {cell(Label::Key(Key::Messages), "num", Shown::Always, number(r.messages))}
                {cell(Label::Key(Key::FirstSeen), "nowrap", Shown::WideOnly, move || date(lang.get(), first))}
                {cell(Label::Key(Key::LastSeen), "nowrap", Shown::Always, move || date(lang.get(), last))}
            </tr>
        }
    };
    let ctl = tables.reporters;
    let table = LongTable {
        name: "reporters",
        held: Arc::new(analysis.reporters),
        total,
        query: ctl.query,
        remote: (!read_only)
            .then(|| Remote { answer: ctl.answer, ask: Callback::new(move |q| tables.ask(RowsQuery::Reporters(q))) }),
        heads,
        row,
    };
    view! {
        <section class="panel">
            <h3>{move || tr(lang.get(), Key::Reporters)} <CsvButton table=Table::Reporters /></h3>
            {table.view()}
            {cut_note(lang, read_only, held, total)}
        </section>
    }
}

#[component]
fn DomainTable(analysis: Analysis) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let AnalysisCtx(view) = expect_context::<AnalysisCtx>();
    let ReadOnly(read_only) = expect_context::<ReadOnly>();
    let tables = expect_context::<TablesCtx>();
    let held = analysis.domains.len();
    let total = view.with_untracked(|v| v.as_ref().map(|v| v.domains_total)).unwrap_or(0).max(held);
    let heads = vec![
        Head::text(Label::Key(Key::Domains), DomainColumn::Domain, Shown::Always),
        Head::text(Label::Key(Key::FilterPolicy), DomainColumn::Policy, Shown::Always),
        Head::figure(Label::Key(Key::Messages), DomainColumn::Messages, Shown::Always),
        Head::figure(Label::Key(Key::PassRate), DomainColumn::PassRate, Shown::Always),
        Head::figure(Label::Key(Key::Untagged), DomainColumn::Untagged, Shown::Always),
    ];
    let row = move |d: &DomainRow| {
        view! {
            <tr data-testid="domain-row" data-domain=d.domain.clone() data-messages=d.messages id=row_id("domains", &d.domain) tabindex="-1">
                {cell(Label::Key(Key::Domains), "key", Shown::Always, d.domain.clone())}
                {cell(Label::Key(Key::FilterPolicy), "", Shown::Always, d.policy.as_str())}
                {cell(Label::Key(Key::Messages), "num", Shown::Always, number(d.messages))}
                {cell(Label::Key(Key::PassRate), "num", Shown::Always, percent(d.dmarc_pass, d.messages))}
                {cell(Label::Key(Key::Untagged), "num", Shown::Always, number(d.untagged))}
            </tr>
        }
    };
    let ctl = tables.domains;
    let table = LongTable {
        name: "domains",
        held: Arc::new(analysis.domains),
        total,
        query: ctl.query,
        remote: (!read_only)
            .then(|| Remote { answer: ctl.answer, ask: Callback::new(move |q| tables.ask(RowsQuery::Domains(q))) }),
        heads,
        row,
    };
    view! {
        <section class="panel">
            <h3>{move || tr(lang.get(), Key::Domains)} <CsvButton table=Table::Domains /></h3>
            {table.view()}
            {cut_note(lang, read_only, held, total)}
        </section>
    }
}

/// On a shared link whose table was cut to fit: "Showing the first 500 of 50,000" (the rows it
/// carries are all reachable by paging).
fn cut_note(lang: RwSignal<crate::i18n::Lang>, read_only: bool, held: usize, total: usize) -> impl IntoView {
    (read_only && total > held)
        .then(|| view! { <p class="muted small">{move || showing(lang.get(), held as u64, total as u64)}</p> })
}
