//! Possible spoofing (なりすまし可能性分析): untagged source IPs ranked by volume, with pass/fail,
//! patterns, From domains, reporters, first and last seen, and who probably sends from there;
//! sorted, searched and paged through the long table.

use std::sync::Arc;

use dmarc_lens::analyze::rows::{top_pattern, SuspectColumn as C};
use dmarc_lens::analyze::{Analysis, Suspect};
use dmarc_lens::export::Table;
use leptos::prelude::*;

use crate::i18n::{date, number, showing, tr, Key, LangCtx};
use crate::protocol::RowsQuery;
use crate::state::{ReadOnly, TablesCtx, TagThis};
use crate::widgets::table::{cell, row_id, Head, Label, LongTable, Remote, Shown};
use crate::widgets::CsvButton;

/// The columns: on a phone's card, the address, messages, DMARC failures, the pattern with most
/// failures, the From domains and "Tag this".
fn heads(read_only: bool) -> Vec<Head<C>> {
    let mut heads = vec![
        Head::text(Label::Key(Key::SourceIp), C::SourceIp, Shown::Always),
        Head::figure(Label::Key(Key::Messages), C::Messages, Shown::Always),
        Head::figure(Label::Key(Key::DmarcPass), C::DmarcPass, Shown::WideOnly),
        Head::figure(Label::Key(Key::DmarcFail), C::DmarcFail, Shown::Always),
        Head::figure(Label::Pattern(1), C::Pattern1, Shown::WideOnly),
        Head::figure(Label::Pattern(2), C::Pattern2, Shown::WideOnly),
        Head::figure(Label::Pattern(3), C::Pattern3, Shown::WideOnly),
        Head::figure(Label::Pattern(4), C::Pattern4, Shown::WideOnly),
        Head::plain(Label::Key(Key::TopPattern), false, Shown::CardOnly),
        Head::text(Label::Key(Key::HeaderFrom), C::HeaderFrom, Shown::Always),
        Head::text(Label::Key(Key::Reporters), C::Reporters, Shown::WideOnly),
        Head::text(Label::Key(Key::FirstSeen), C::FirstSeen, Shown::WideOnly),
        Head::text(Label::Key(Key::LastSeen), C::LastSeen, Shown::WideOnly),
        Head::text(Label::Key(Key::SenderHint), C::SenderHint, Shown::WideOnly),
    ];
    if !read_only {
        heads.push(Head::plain(Label::Blank, false, Shown::Always));
    }
    heads
}

#[component]
pub fn Spoofing(analysis: Analysis, total: usize) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let TagThis(tag_this) = expect_context::<TagThis>();
    let ReadOnly(read_only) = expect_context::<ReadOnly>();
    let tables = expect_context::<TablesCtx>();
    let held = analysis.spoof_suspects.len();
    let empty = held == 0;
    let row = move |s: &Suspect| {
        let (first, last) = (s.first_seen, s.last_seen);
        let ip = s.source_ip.clone();
        let top = top_pattern(&s.patterns);
        let top = move || {
            top.map_or_else(
                || "—".to_string(),
                |(n, messages)| format!("{} {n} · {}", tr(lang.get(), Key::Pattern), number(messages)),
            )
        };
        view! {
            <tr data-testid="suspect-row" data-ip=s.source_ip.clone() data-messages=s.messages id=row_id("suspects", &s.source_ip) tabindex="-1">
                {cell(Label::Key(Key::SourceIp), "mono key", Shown::Always, s.source_ip.clone())}
                {cell(Label::Key(Key::Messages), "num", Shown::Always, number(s.messages))}
                {cell(Label::Key(Key::DmarcPass), "num", Shown::WideOnly, number(s.dmarc_pass))}
                {cell(Label::Key(Key::DmarcFail), "num", Shown::Always, number(s.dmarc_fail))}
                {(1u8..=4).zip(s.patterns).map(|(n, v)| cell(Label::Pattern(n), "num", Shown::WideOnly, number(v))).collect_view()}
                {cell(Label::Key(Key::TopPattern), "", Shown::CardOnly, top)}
                {cell(Label::Key(Key::HeaderFrom), "", Shown::Always, s.header_from.join(", "))}
                {cell(Label::Key(Key::Reporters), "", Shown::WideOnly, s.reporters.join(", "))}
                {cell(Label::Key(Key::FirstSeen), "nowrap", Shown::WideOnly, move || date(lang.get(), first))}
                {cell(Label::Key(Key::LastSeen), "nowrap", Shown::WideOnly, move || date(lang.get(), last))}
                {cell(Label::Key(Key::SenderHint), "", Shown::WideOnly, s.sender_hint.clone().unwrap_or_default())}
                {(!read_only).then(|| view! {
                    <td class="actions"><button type="button" class="secondary small" data-testid="tag-this" on:click=move |_| tag_this.run(ip.clone())>
                        {move || tr(lang.get(), Key::TagThis)}</button></td>
                })}
            </tr>
        }
    };
    let ctl = tables.suspects;
    let table = LongTable {
        name: "suspects",
        held: Arc::new(analysis.spoof_suspects),
        total,
        query: ctl.query,
        // A shared link has only the rows it carries; there is no worker to ask for more.
        remote: (!read_only)
            .then(|| Remote { answer: ctl.answer, ask: Callback::new(move |q| tables.ask(RowsQuery::Suspects(q))) }),
        heads: heads(read_only),
        row,
    };
    view! {
        <section class="panel">
            <h3>{move || tr(lang.get(), Key::TabSpoofing)} <CsvButton table=Table::SpoofSuspects /></h3>
            <Show when=move || empty>
                <p class="muted">{move || tr(lang.get(), Key::NoSuspects)}</p>
            </Show>
            // A shared link cut the table to fit: it says so (the rows it has are all reachable).
            <Show when=move || { read_only && total > held }>
                <p class="muted">{move || showing(lang.get(), held as u64, total as u64)}</p>
            </Show>
            {(!empty).then(|| table.view())}
        </section>
    }
}
