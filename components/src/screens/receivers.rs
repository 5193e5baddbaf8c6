//! What receivers said: the `policy_evaluated/reason`s and comments of the reports, grouped and
//! counted by the engine (`analyze::receivers`), the comment formats it reads explained in words,
//! each group with the sources it concerns (opened in Possible spoofing).

use dmarc_lens::analyze::{ReceiverCode, ReceiverNote, Subject};
use leptos::prelude::*;

use crate::i18n::{number, tr, Key, Lang, LangCtx};
use crate::state::links::RowLink;
use crate::state::{GoToRow, ReadOnly};

/// Groups shown; the engine keeps at most `MAX_NOTES`.
const SHOWN: usize = 50;
/// Source addresses linked per group.
const SOURCES_SHOWN: usize = 3;

/// The words of a `reason_type`.
pub fn reason_key(reason_type: &str) -> Key {
    match reason_type {
        "forwarded" => Key::ReasonForwarded,
        "sampled_out" => Key::ReasonSampledOut,
        "trusted_forwarder" => Key::ReasonTrustedForwarder,
        "mailing_list" => Key::ReasonMailingList,
        "local_policy" => Key::ReasonLocalPolicy,
        "other" => Key::ReasonOther,
        _ => Key::ReasonUnknown,
    }
}

/// The words of a decoded comment's meaning.
pub fn meaning_key(meaning: &str) -> Key {
    match meaning {
        "unauthenticated" => Key::MeaningUnauthenticated,
        "spf_failed" => Key::MeaningSpfFailed,
        "dkim_failed" => Key::MeaningDkimFailed,
        "from_not_aligned" => Key::MeaningFromNotAligned,
        "no_ptr" => Key::MeaningNoPtr,
        "no_tls" => Key::MeaningNoTls,
        "unsolicited_rate" => Key::MeaningUnsolicitedRate,
        "authentication_level" => Key::MeaningAuthenticationLevel,
        "arc_pass" => Key::MeaningArcPass,
        "arc_fail" => Key::MeaningArcFail,
        _ => Key::MeaningOther,
    }
}

/// Who wrote a known comment, and its status code: "Gmail 5.7.26".
fn writer(code: &ReceiverCode) -> String {
    let who = match code.format.as_str() {
        "gmail" => "Gmail",
        "microsoft" => "Microsoft",
        "arc" => "ARC",
        other => other,
    };
    match &code.status {
        Some(status) => format!("{who} {status}"),
        None => who.to_string(),
    }
}

fn note_row(lang: RwSignal<Lang>, go: Callback<RowLink>, note: ReceiverNote) -> impl IntoView {
    let reason = reason_key(&note.reason_type);
    let meaning = note.decoded.clone().map(|code| {
        let (who, key) = (writer(&code), meaning_key(&code.meaning));
        view! { <span data-testid="receiver-meaning" data-meaning=code.meaning.clone()><strong>{who}</strong> ": " {move || tr(lang.get(), key)}</span> }
    });
    let sources = note
        .source_ips
        .iter()
        .take(SOURCES_SHOWN)
        .map(|ip| {
            let target = ip.clone();
            view! { <li><button type="button" class="link mono" on:click=move |_| go.run(RowLink::of(&Subject::Source(target.clone())))>{ip.clone()}</button></li> }
        })
        .collect_view();
    let more = note.sources.saturating_sub(SOURCES_SHOWN as u64);
    view! {
        <tr data-testid="receiver-note" data-reason=note.reason_type.clone() data-messages=note.messages data-sources=note.sources>
            <td class="key" data-label=move || tr(lang.get(), Key::ReceiverReason)>{move || tr(lang.get(), reason)}</td>
            <td data-label=move || tr(lang.get(), Key::ReceiverComment) class="comment"><span class="mono">{note.comment.clone()}</span></td>
            <td data-label=move || tr(lang.get(), Key::ReceiverMeaning)>{meaning}</td>
            <td data-label=move || tr(lang.get(), Key::Messages) class="num">{number(note.messages)}</td>
            <td data-label=move || tr(lang.get(), Key::SenderSources)>
                <ul class="plain">{sources}</ul>
                {(more > 0).then(|| view! { <span class="muted">{format!("+{}", number(more))}</span> })}
            </td>
            <td data-label=move || tr(lang.get(), Key::Reporters) class="small">{note.reporters.join(", ")}</td>
        </tr>
    }
}

#[component]
pub fn Receivers(notes: Vec<ReceiverNote>) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let GoToRow(go) = expect_context::<GoToRow>();
    let ReadOnly(read_only) = expect_context::<ReadOnly>();
    let body = if notes.is_empty() && read_only {
        // Share links leave the receivers' words out.
        view! { <p class="muted" data-testid="receivers-none">{move || tr(lang.get(), Key::NotInShared)}</p> }
            .into_any()
    } else if notes.is_empty() {
        view! { <p class="muted" data-testid="receivers-none">{move || tr(lang.get(), Key::ReceiversNone)}</p> }
            .into_any()
    } else {
        let rows = notes.into_iter().take(SHOWN).map(|n| note_row(lang, go, n)).collect_view();
        view! {
            <div class="table-wrap">
                <table class="compact rows-on-phone">
                    <thead><tr>
                        <th scope="col">{move || tr(lang.get(), Key::ReceiverReason)}</th>
                        <th scope="col">{move || tr(lang.get(), Key::ReceiverComment)}</th>
                        <th scope="col">{move || tr(lang.get(), Key::ReceiverMeaning)}</th>
                        <th scope="col" class="num">{move || tr(lang.get(), Key::Messages)}</th>
                        <th scope="col">{move || tr(lang.get(), Key::SenderSources)}</th>
                        <th scope="col">{move || tr(lang.get(), Key::Reporters)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="panel" data-testid="receivers">
            <h3>{move || tr(lang.get(), Key::ReceiversHeading)}</h3>
            <p class="muted small">{move || tr(lang.get(), Key::ReceiversIntro)}</p>
            {body}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_engine_code_has_its_words() {
        for t in ["forwarded", "sampled_out", "trusted_forwarder", "mailing_list", "local_policy", "other"] {
            assert_ne!(reason_key(t), Key::ReasonUnknown, "{t}");
        }
        for m in [
            "unauthenticated",
            "spf_failed",
            "dkim_failed",
            "from_not_aligned",
            "no_ptr",
            "no_tls",
            "unsolicited_rate",
            "authentication_level",
            "arc_pass",
            "arc_fail",
        ] {
            assert_ne!(meaning_key(m), Key::MeaningOther, "{m}");
        }
        let gmail =
            ReceiverCode { format: "gmail".into(), status: Some("5.7.26".into()), meaning: "unauthenticated".into() };
        assert_eq!(writer(&gmail), "Gmail 5.7.26");
    }
}
