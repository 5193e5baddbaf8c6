//! The header: the app's name, what it is, and the language toggle.

use leptos::prelude::*;

use crate::i18n::{tr, Key, LangCtx};

#[component]
pub fn Header() -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    view! {
        <header class="top">
            <div>
                <h1>{move || tr(lang.get(), Key::AppTitle)}</h1>
                <p class="tagline">{move || tr(lang.get(), Key::Tagline)}</p>
            </div>
            <button type="button" class="lang" data-testid="lang-toggle" on:click=move |_| lang.update(|l| *l = l.other())>
                {move || tr(lang.get(), Key::LangToggle)}
            </button>
        </header>
    }
}
