//! What registering senders changed (登録結果): shown where the senders were registered, the
//! senders view or the rule form, until dismissed. Its figures wait for the analysis with the
//! new rules (`state::register::Registered::change`).

use leptos::prelude::*;

use crate::i18n::{fill, number, tr, Key, LangCtx};
use crate::state::{AnalysisCtx, BackToSenders, SendersCtx};

#[component]
pub fn RegisteredNote(
    /// Offers "Back to who sends as you" (the rule form, reached from the senders view).
    #[prop(optional)]
    back: bool,
) -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let AnalysisCtx(analysis) = expect_context::<AnalysisCtx>();
    let ctx = expect_context::<SendersCtx>();
    let go_back = use_context::<BackToSenders>();
    move || {
        let registered = ctx.registered.get()?;
        let lang = lang.get();
        let names = registered.names.join(", ");
        let said = if registered.networks == 0 {
            fill(lang, Key::RegisteredNothingNew, &[names.as_str()])
        } else {
            fill(lang, Key::RegisteredNote, &[names.as_str(), &number(registered.networks as u64)])
        };
        let change = analysis.with(|now| registered.change(now.as_ref()));
        let change_text = match change {
            None => tr(lang, Key::RegisteredWaiting).to_string(),
            Some(c) => fill(
                lang,
                Key::RegisteredChange,
                &[
                    &number(c.yours.0),
                    &number(c.yours.1),
                    &number(c.unknown.0),
                    &number(c.unknown.1),
                    &number(c.service_not_set_up.0),
                    &number(c.service_not_set_up.1),
                ],
            ),
        };
        let settled = change.is_some();
        let (yours_after, unknown_after) = change.map_or((0, 0), |c| (c.yours.1, c.unknown.1));
        Some(view! {
            <div class="register-note" role="status" data-testid="register-change" data-settled=settled.to_string()
                data-yours=yours_after data-unknown=unknown_after>
                <p>{said}</p>
                <p data-testid="register-change-figures">{change_text}</p>
                <p class="actions">
                    {(back && go_back.is_some()).then(|| view! {
                        <button type="button" class="secondary small" data-testid="register-back"
                            on:click=move |_| { if let Some(BackToSenders(cb)) = go_back { cb.run(()) } }>
                            {move || tr(lang, Key::RegisteredBack)}</button>
                    })}
                    <button type="button" class="secondary small" data-testid="register-dismiss"
                        on:click=move |_| ctx.registered.set(None)>
                        {move || tr(lang, Key::RegisteredDismiss)}</button>
                </p>
            </div>
        })
    }
}
