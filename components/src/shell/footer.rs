//! The footer: what happens to the data, where the sender names come from (the data's
//! licences ask for their attribution), and "forget everything".

use leptos::prelude::*;

use crate::i18n::{tr, Key};
use crate::state::page::Page;

#[component]
pub fn Footer() -> impl IntoView {
    let page = expect_context::<Page>();
    let lang = page.lang;
    view! {
        <footer class="bottom">
            <span class="muted">{move || tr(lang.get(), Key::Privacy)}</span>
            <details class="about-data" data-testid="about-data">
                <summary>{move || tr(lang.get(), Key::AboutData)}</summary>
                <p class="muted small">{move || tr(lang.get(), Key::AboutDataText)}</p>
            </details>
            {(!page.read_only).then(|| view! {
                <button type="button" class="secondary small" data-testid="forget-everything" on:click=move |_| page.forget()>
                    {move || tr(lang.get(), Key::Forget)}
                </button>
            })}
        </footer>
    }
}
