//! The Policy and history tab: whether tightening the policy now would lose legitimate mail
//! (judged on the recent window, since when own mail passes, and because of whom), the
//! published record as the receivers saw it and its changes, then what changed between two
//! periods (`history.rs`) and what the receivers said (`receivers.rs`).

use dmarc_lens::analyze::{
    Analysis, AtRisk, PolicyChange, PolicyStep, PublishedPolicy, Readiness, Subject, Verdict, WindowReadiness,
    WindowReason, WindowReasonCode,
};
use leptos::prelude::*;

use crate::i18n::{fill, number, tr, Key, Lang, LangCtx};
use crate::screens::by_sender::class_key;
use crate::state::links::RowLink;
use crate::state::GoToRow;

#[component]
pub fn Policy(analysis: Analysis) -> impl IntoView {
    view! {
        <div class="policy">
            <WindowList readiness=analysis.readiness.clone() />
            <crate::screens::history::Changes history=analysis.history.clone() />
            <crate::screens::history::NewAndGone history=analysis.history.clone() suspects=analysis.spoof_suspects.clone() />
            <crate::screens::over_time::OverTime history=analysis.history.clone() suspects=analysis.spoof_suspects.clone() />
            <crate::screens::receivers::Receivers notes=analysis.receivers.clone() />
        </div>
    }
}

/// The key of a pattern's few words, 1 to 4.
pub fn pattern_short(pattern: u8) -> Key {
    match pattern {
        1 => Key::Pattern1Short,
        2 => Key::Pattern2Short,
        3 => Key::Pattern3Short,
        _ => Key::Pattern4Short,
    }
}

/// A step as the record writes it: `p=quarantine`, or `p=quarantine t=n` when the step is out
/// of testing at the same `p`.
pub fn step_text(step: PolicyStep, now: Option<&PublishedPolicy>) -> String {
    let same_p = now.is_some_and(|n| n.p == step.p && n.testing);
    match (step.testing, same_p) {
        (true, _) => format!("p={} t=y", step.p.as_str()),
        (false, true) => format!("p={} t=n", step.p.as_str()),
        (false, false) => format!("p={}", step.p.as_str()),
    }
}

/// The record's tags and values in DNS order, those it gives.
fn record_tags(p: &PublishedPolicy) -> Vec<(&'static str, String)> {
    let mut tags = vec![("p", p.p.as_str().to_string())];
    let mut push = |name: &'static str, value: Option<String>| {
        if let Some(value) = value {
            tags.push((name, value));
        }
    };
    push("sp", p.sp.map(|d| d.as_str().to_string()));
    push("np", p.np.map(|d| d.as_str().to_string()));
    push("pct", p.pct.map(|n| n.to_string()));
    push("t", p.t.map(|t| if t { "y" } else { "n" }.to_string()));
    push("adkim", p.adkim.map(|a| a.as_str().to_string()));
    push("aspf", p.aspf.map(|a| a.as_str().to_string()));
    push("fo", p.fo.clone());
    tags
}

/// The record as its owner published it: `v=DMARC1; p=none; sp=quarantine; ...`.
pub fn record_text(p: &PublishedPolicy) -> String {
    let mut text = String::from("v=DMARC1");
    for (name, value) in record_tags(p) {
        text.push_str(&format!("; {name}={value}"));
    }
    text
}

/// What a change changed: the tags whose value differs, `p=none → p=quarantine`.
fn change_text(change: &PolicyChange) -> (String, String) {
    let (old, new) = (record_tags(&change.old), record_tags(&change.new));
    let value =
        |tags: &[(&'static str, String)], name: &str| tags.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone());
    let names: Vec<&'static str> = old.iter().chain(new.iter()).map(|(n, _)| *n).collect();
    let mut seen = Vec::new();
    let (mut before, mut after) = (Vec::new(), Vec::new());
    for name in names {
        if seen.contains(&name) {
            continue;
        }
        seen.push(name);
        let (a, b) = (value(&old, name), value(&new, name));
        if a != b {
            before.push(a.map_or_else(|| format!("({name})"), |v| format!("{name}={v}")));
            after.push(b.map_or_else(|| format!("({name})"), |v| format!("{name}={v}")));
        }
    }
    if change.old.discovery_method != change.new.discovery_method {
        before.push(change.old.discovery_method.clone().unwrap_or_default());
        after.push(change.new.discovery_method.clone().unwrap_or_default());
    }
    (before.join("; "), after.join("; "))
}

/// A window reason in words: the key and its figures.
pub fn window_reason_words(reason: &WindowReason) -> (Key, Vec<String>) {
    let whole = |n: f64| number(n.max(0.0).round() as u64);
    let percent = |n: f64| format!("{n:.1}");
    match reason.code {
        WindowReasonCode::NoTaggedMail => (Key::ReasonNoTaggedMail, Vec::new()),
        // English says "1 day", "1 reporter": the singular has keys of its own.
        WindowReasonCode::ShortCoverage => {
            let key = if reason.have == 1.0 { Key::WinReasonShortCoverageOneDay } else { Key::WinReasonShortCoverage };
            (key, vec![whole(reason.have), whole(reason.needed)])
        }
        WindowReasonCode::FewReporters => {
            let key = if reason.have == 1.0 { Key::WinReasonOneReporter } else { Key::WinReasonFewReporters };
            (key, vec![whole(reason.have), whole(reason.needed)])
        }
        WindowReasonCode::LittleMail => (Key::WinReasonLittleMail, vec![whole(reason.have), whole(reason.needed)]),
        WindowReasonCode::TaggedMailFails => {
            (Key::WinReasonTaggedFails, vec![percent(reason.have), percent(reason.needed)])
        }
    }
}

/// The window's verdict as a headline: "Ready for p=quarantine".
pub fn window_headline(lang: Lang, w: &WindowReadiness, published: Option<&PublishedPolicy>) -> String {
    match (w.verdict, w.next) {
        (Verdict::Strictest, _) | (_, None) => tr(lang, Key::WindowStepStrictest).to_string(),
        (Verdict::Ready, Some(step)) => fill(lang, Key::WindowStepReady, &[step_text(step, published).as_str()]),
        (Verdict::NotYet, Some(step)) => fill(lang, Key::WindowStepNotYet, &[step_text(step, published).as_str()]),
    }
}

/// The whole period's verdict in a few words, as the overview always gave it.
pub fn period_headline(lang: Lang, r: &Readiness) -> String {
    let next = r.next_policy.map_or("", |p| p.as_str());
    match r.verdict {
        Verdict::Ready => format!("{} p={next}", tr(lang, Key::VerdictReady)),
        Verdict::Strictest => tr(lang, Key::VerdictStrictest).to_string(),
        Verdict::NotYet => format!("{} p={next}", tr(lang, Key::VerdictNotYet)),
    }
}

fn at_risk_items(lang: RwSignal<Lang>, at_risk: &[AtRisk]) -> impl IntoView {
    at_risk
        .iter()
        .take(10)
        .map(|risk| {
            let (tag, pattern, messages) = (risk.tag.clone(), risk.pattern, risk.messages);
            let tag_attr = tag.clone();
            view! {
                <li data-testid="window-at-risk" data-tag=tag_attr data-pattern=pattern data-messages=messages>
                    {move || {
                        let lang = lang.get();
                        fill(lang, Key::AtRiskLine, &[tag.as_str(), &pattern.to_string(), tr(lang, pattern_short(pattern)), &number(messages)])
                    }}
                </li>
            }
        })
        .collect_view()
}

#[component]
fn WindowList(readiness: Vec<Readiness>) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let GoToRow(go) = expect_context::<GoToRow>();
    let items = readiness.into_iter().map(|r| view! { <WindowItem r=r go=go /> }).collect_view();
    view! {
        <section class="panel" data-testid="window-readiness-panel">
            <h3>{move || tr(lang.get(), Key::WindowHeading)}</h3>
            <p class="muted small">{move || tr(lang.get(), Key::WindowIntro)}</p>
            <ul class="window-list">{items}</ul>
        </section>
    }
}

#[component]
fn WindowItem(r: Readiness, go: Callback<RowLink>) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let published = r.published.clone();
    let verdict = r.window.as_ref().map_or(r.verdict, |w| w.verdict);
    let whole = {
        let r = r.clone();
        move || fill(lang.get(), Key::WholePeriod, &[period_headline(lang.get(), &r).as_str()])
    };
    let window = r.window.clone().map(|w| {
        let headline = {
            let (w, published) = (w.clone(), published.clone());
            move || window_headline(lang.get(), &w, published.as_ref())
        };
        let judged = {
            let w = w.clone();
            move || {
                fill(
                    lang.get(),
                    Key::WindowJudged,
                    &[
                        &number(u64::from(w.window.days)),
                        &w.window.from,
                        &w.window.to,
                        &number(w.days_covered),
                        &number(w.reporters),
                        &number(w.messages),
                    ],
                )
            }
        };
        let since = match (&w.own_pass_since, w.tagged_fail_messages) {
            (Some(day), _) => {
                let (day, since) = (day.clone(), day.clone());
                Some(view! { <p class="good-text" data-testid="own-pass-since" data-since=since>{move || fill(lang.get(), Key::OwnPassSince, &[day.as_str()])}</p> }.into_any())
            }
            (None, n) if n > 0 => Some(view! { <p class="bad-text" data-testid="own-still-fails">{move || tr(lang.get(), Key::OwnStillFails)}</p> }.into_any()),
            _ => None,
        };
        let before = w.last_failure.clone().filter(|_| w.own_pass_since.is_some()).map(|f| {
            let date = f.date.clone();
            view! {
                <div class="small" data-testid="last-failure" data-date=f.date.clone()>
                    {move || fill(lang.get(), Key::OwnFailedBefore, &[date.as_str()])}
                    <ul class="plain">{at_risk_items(lang, &f.at_risk)}</ul>
                </div>
            }
        });
        let reasons = w
            .reasons
            .iter()
            .map(|reason| {
                let code = format!("{:?}", reason.code);
                let (key, args) = window_reason_words(reason);
                view! { <li data-testid="window-reason" data-code=code>{move || fill(lang.get(), key, &args)}</li> }
            })
            .collect_view();
        let risk = w.next.map(|step| {
            let step = step_text(step, published.as_ref());
            let at_risk = w.at_risk.clone();
            let empty = at_risk.is_empty();
            view! {
                <div class="small">
                    {if empty {
                        view! { <p data-testid="window-nothing-at-risk">{move || tr(lang.get(), Key::WindowNothingAtRisk)}</p> }.into_any()
                    } else {
                        view! {
                            <p>{move || fill(lang.get(), Key::WindowAtRisk, &[step.as_str()])}</p>
                            <ul class="plain">{at_risk_items(lang, &at_risk)}</ul>
                        }.into_any()
                    }}
                </div>
            }
        });
        let untagged = w.untagged_fail_messages;
        let untagged_line = (untagged > 0 && w.next.is_some()).then(|| {
            view! {
                <p class="small" data-testid="window-untagged" data-messages=untagged>
                    {move || fill(lang.get(), Key::WindowUntagged, &[number(untagged).as_str()])} " "
                    <button type="button" class="link" on:click=move |_| go.run(RowLink::of(&Subject::Sources))>
                        {move || tr(lang.get(), Key::WindowSeeWho)}</button>
                </p>
            }
        });
        let classes = w.untagged_classes;
        let split = (untagged > 0 && w.next.is_some() && classes.total() > 0).then(|| {
            view! {
                <p class="small" data-testid="window-untagged-classes" data-unknown=classes.unknown
                    data-service=classes.service_not_set_up data-forwarded=classes.forwarded>
                    {move || fill(lang.get(), Key::WindowUntaggedSplit, &[
                        number(classes.unknown).as_str(), &number(classes.service_not_set_up), &number(classes.forwarded)])}
                </p>
            }
        });
        let named = (w.next.is_some() && !w.untagged_senders.is_empty()).then(|| {
            let items = w
                .untagged_senders
                .iter()
                .map(|s| {
                    let (name, messages) = (s.name.clone(), s.messages);
                    let class = s.classes.main_class().map(class_key);
                    view! {
                        <li data-testid="window-sender" data-sender=s.name.clone() data-messages=messages>
                            <strong>{name}</strong> " · "
                            {move || class.map(|k| tr(lang.get(), k)).unwrap_or_default()} " · "
                            {move || fill(lang.get(), Key::MessagesWord, &[number(messages).as_str()])}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div class="small">
                    <p>{move || tr(lang.get(), Key::WindowNamedSenders)}</p>
                    <ul class="plain">{items}</ul>
                </div>
            }
        });
        let subdomains = (w.subdomains_total > 0 || w.subdomain_messages > 0).then(|| {
            let mut names = w.subdomains.join(", ");
            if w.subdomains_total > w.subdomains.len() as u64 {
                names.push_str(", …");
            }
            let (n, policy) = (w.subdomain_messages, format!("sp={}", w.subdomain_policy.as_str()));
            view! { <p class="muted small" data-testid="window-subdomains" data-messages=n>{move || fill(lang.get(), Key::WindowSubdomains, &[number(n).as_str(), names.as_str(), policy.as_str()])}</p> }
        });
        view! {
            <div class="verdict" data-testid="window-verdict">{headline}</div>
            <p class="muted small" data-testid="window-judged">{judged}</p>
            {since}
            {before}
            <ul class="reasons">{reasons}</ul>
            {risk}
            {untagged_line}
            {split}
            {named}
            {subdomains}
        }
    });
    let published_view = published.clone().map(|p| {
        let text = record_text(&p);
        let testing = p.testing;
        let discovery = p.discovery_method.clone();
        view! {
            <div class="small published">
                <div class="muted">{move || tr(lang.get(), Key::PublishedHeading)}</div>
                <code data-testid="published-record">{text}</code>
                {testing.then(|| view! { <div class="muted">{move || tr(lang.get(), Key::PublishedTesting)}</div> })}
                {discovery.map(|d| view! { <div class="muted" data-testid="discovery-method">{move || tr(lang.get(), Key::DiscoveryMethod)} ": " {d.clone()}</div> })}
            </div>
        }
    });
    let changes = r
        .policy_changes
        .iter()
        .map(|c| {
            let (before, after) = change_text(c);
            let date = c.date.clone();
            view! { <li data-testid="policy-change" data-date=c.date.clone()>{move || fill(lang.get(), Key::PolicyChangeLine, &[date.as_str(), before.as_str(), after.as_str()])}</li> }
        })
        .collect_view();
    let has_changes = !r.policy_changes.is_empty();
    let has_window = r.window.is_some();
    view! {
        <li class=format!("readiness {}", verdict.as_str()) data-testid="window-readiness" data-domain=r.domain.clone() data-verdict=verdict.as_str()>
            <div class="readiness-head"><strong>{r.domain.clone()}</strong></div>
            {window}
            <p class="muted small" class:hidden=!has_window data-testid="window-whole">{whole.clone()}</p>
            <Show when=move || !has_window>
                <div class="verdict">{whole.clone()}</div>
            </Show>
            {published_view}
            <div class="small">
                <div class="muted">{move || tr(lang.get(), Key::PolicyChangesHeading)}</div>
                {if has_changes {
                    view! { <ul class="plain">{changes}</ul> }.into_any()
                } else {
                    view! { <p class="muted">{move || tr(lang.get(), Key::PolicyNoChanges)}</p> }.into_any()
                }}
            </div>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dmarc_lens::model::Alignment;

    use dmarc_lens::model::Disposition;

    #[test]
    fn one_day_and_one_reporter_are_said_in_the_singular() {
        use dmarc_lens::analyze::{WindowReason, WindowReasonCode};
        let said = |code, have| {
            let (key, args) = window_reason_words(&WindowReason { code, have, needed: 14.0 });
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            fill(Lang::En, key, &args)
        };
        assert_eq!(
            said(WindowReasonCode::ShortCoverage, 1.0),
            "Reports cover 1 day of the window; at least 14 are needed."
        );
        assert_eq!(
            said(WindowReasonCode::ShortCoverage, 3.0),
            "Reports cover 3 days of the window; at least 14 are needed."
        );
        assert!(said(WindowReasonCode::FewReporters, 1.0).starts_with("1 reporter in the window;"));
        assert!(said(WindowReasonCode::FewReporters, 0.0).starts_with("0 reporters in the window;"));
    }

    fn record(p: Disposition) -> PublishedPolicy {
        PublishedPolicy { p, ..PublishedPolicy::default() }
    }

    #[test]
    fn the_record_reads_as_published_and_a_change_names_what_changed() {
        let mut old = record(Disposition::None);
        old.adkim = Some(Alignment::Relaxed);
        old.pct = Some(100);
        let mut new = old.clone();
        new.p = Disposition::Quarantine;
        new.pct = None;
        new.t = Some(true);
        new.testing = true;
        assert_eq!(record_text(&old), "v=DMARC1; p=none; pct=100; adkim=r");
        let change = PolicyChange { date: "2026-11-10".into(), old, new: new.clone() };
        assert_eq!(change_text(&change), ("p=none; pct=100; (t)".to_string(), "p=quarantine; (pct); t=y".to_string()));
        // Out of testing at the same p says t=n; a step to another p names it.
        assert_eq!(
            step_text(PolicyStep { p: Disposition::Quarantine, testing: false }, Some(&new)),
            "p=quarantine t=n"
        );
        assert_eq!(step_text(PolicyStep { p: Disposition::Reject, testing: false }, Some(&new)), "p=reject");
    }
}
