//! Possible spoofing (なりすまし可能性分析): the senders first (`by_sender.rs`), then untagged
//! source IPs ranked by volume, with their sender, what their failing mail is (the class), pass
//! and fail, the main pattern in words, From domains, reporters, last seen; sorted, searched and paged
//! through the long table.

use std::sync::Arc;

use dmarc_lens::analyze::rows::{top_pattern, SuspectColumn as C};
use dmarc_lens::analyze::{Analysis, MailClass, Suspect};
use dmarc_lens::export::Table;
use leptos::prelude::*;

use crate::i18n::{date, number, showing, tr, Key, LangCtx};
use crate::protocol::RowsQuery;
use crate::screens::by_sender::{class_key, class_tone, network_line, BySender};
use crate::screens::source_records::RecordsButton;
use crate::state::{ReadOnly, TablesCtx, TagThis};
use crate::widgets::table::{cell, row_id, Head, Label, LongTable, Remote, Shown};
use crate::widgets::CsvButton;

/// A failure pattern in a few words, for a table cell.
pub fn pattern_short(n: u8) -> Key {
    match n {
        1 => Key::Pattern1Short,
        2 => Key::Pattern2Short,
        3 => Key::Pattern3Short,
        _ => Key::Pattern4Short,
    }
}

/// The columns: the address, its sender, what its failing mail is, messages, DMARC failures, the
/// pattern with most failures in words, the From domains and "Tag this" (the four patterns'
/// split is in the CSV and on the failure-patterns screen); reporters and when it was last seen
/// in the wide table only.
fn heads(read_only: bool) -> Vec<Head<C>> {
    let mut heads = vec![
        Head::text(Label::Key(Key::SourceIp), C::SourceIp, Shown::Always),
        Head::text(Label::Key(Key::Sender), C::Sender, Shown::Always),
        Head::text(Label::Key(Key::MailClassHead), C::Class, Shown::Always),
        Head::figure(Label::Key(Key::Messages), C::Messages, Shown::Always),
        Head::figure(Label::Key(Key::DmarcFail), C::DmarcFail, Shown::Always),
        Head::plain(Label::Key(Key::TopPattern), false, Shown::Always),
        Head::text(Label::Key(Key::HeaderFrom), C::HeaderFrom, Shown::Always),
        Head::text(Label::Key(Key::Reporters), C::Reporters, Shown::WideOnly),
        Head::text(Label::Key(Key::LastSeen), C::LastSeen, Shown::WideOnly),
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
        let last = s.last_seen;
        let ip = s.source_ip.clone();
        let (records_ip, records_sender) = (s.source_ip.clone(), s.sender.as_ref().map(|x| x.name.clone()));
        let top = top_pattern(&s.patterns);
        // The sender the pack named; else the domain of a passing check, as a hint.
        let (sender, network) = match (&s.sender, &s.sender_hint) {
            (Some(sender), _) => (sender.name.clone(), network_line(sender)),
            (None, Some(hint)) => (format!("({hint})"), String::new()),
            (None, None) => ("—".to_string(), String::new()),
        };
        let class = s.classes.main_class();
        let class_css = format!("nowrap {}", class.map_or("", class_tone));
        let top = move || {
            top.map_or_else(
                || "—".to_string(),
                |(n, messages)| {
                    let lang = lang.get();
                    format!("{} {n} · {} · {}", tr(lang, Key::Pattern), tr(lang, pattern_short(n)), number(messages))
                },
            )
        };
        view! {
            <tr data-testid="suspect-row" data-ip=s.source_ip.clone() data-messages=s.messages id=row_id("suspects", &s.source_ip) tabindex="-1">
                {cell(Label::Key(Key::SourceIp), "mono key", Shown::Always, s.source_ip.clone())}
                {cell(Label::Key(Key::Sender), "sender-cell", Shown::Always, view! { {sender} <span class="muted small block">{network}</span> })}
                <td class=class_css data-label=move || tr(lang.get(), Key::MailClassHead) data-class=class.map_or("", MailClass::as_str)>
                    {move || class.map_or_else(String::new, |c| tr(lang.get(), class_key(c)).to_string())}
                </td>
                {cell(Label::Key(Key::Messages), "num", Shown::Always, number(s.messages))}
                {cell(Label::Key(Key::DmarcFail), "num", Shown::Always, number(s.dmarc_fail))}
                {cell(Label::Key(Key::TopPattern), "top-pattern", Shown::Always, top)}
                {cell(Label::Key(Key::HeaderFrom), "", Shown::Always, s.header_from.join(", "))}
                {cell(Label::Key(Key::Reporters), "", Shown::WideOnly, s.reporters.join(", "))}
                {cell(Label::Key(Key::LastSeen), "nowrap", Shown::WideOnly, move || date(lang.get(), last))}
                {(!read_only).then(|| view! {
                    <td class="actions"><RecordsButton ip=records_ip sender=records_sender />
                        <button type="button" class="secondary small" data-testid="tag-this" on:click=move |_| tag_this.run(ip.clone())>
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
    let senders = analysis.senders;
    view! {
        {(!senders.is_empty()).then(|| view! { <BySender senders=senders /> })}
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
