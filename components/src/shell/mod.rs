//! The app shell: `App` makes the page's state (`state::Page`), starts the worker, and lays out
//! the header, the banners, the intake (drop zone, progress, filters, share panel), the tabs
//! and the footer. Each part is a file here; the screens are under `screens/`.

pub mod banners;
pub mod filter_bar;
pub mod footer;
pub mod header;
pub mod share;
pub mod tabs;

use leptos::prelude::*;

use crate::glue::browser::reload_on_share_link;
use crate::screens::files::{DropZone, Progress};
use crate::screens::source_records::SourceDetail;
use crate::state::files::OnFiles;
use crate::state::page::Page;
use banners::Banners;
use filter_bar::FilterBar;
use footer::Footer;
use header::Header;
use share::{SharePanel, SharedBanner};
use tabs::{TabBar, TabPanel};

#[component]
pub fn App() -> impl IntoView {
    reload_on_share_link();
    let page = Page::new();
    page.provide();
    page.join_tabs();
    page.start_worker();
    page.restore_files();
    page.read_kept();
    page.keep_in_step();

    let intake = if page.read_only {
        view! { <SharedBanner /> }.into_any()
    } else {
        let on_files = OnFiles(Callback::new(move |files| page.take_files(files)));
        let on_cancel = Callback::new(move |_| page.cancel_loading());
        let on_show = Callback::new(move |filter| page.show_files(filter));
        view! {
            <DropZone on_files=on_files />
            <Progress rows=page.rows done=page.done on_cancel=on_cancel on_show=on_show />
            <FilterBar />
            <SharePanel />
        }
        .into_any()
    };
    view! {
        <Header />
        <main>
            <Banners />
            {intake}
            <TabBar />
            <TabPanel />
        </main>
        <Footer />
        <SourceDetail />
    }
}
