//! DMARC Lens web app: a Leptos client-side app over the engine, plus the browser glue. The
//! worker is a second binary (`worker/main.rs`); everything here runs on the page, but for
//! `protocol` and `glue::storage`, which the worker shares.
//!
//! - `shell/`: the app itself, the header, banners, filter bar, share panel and tabs.
//! - `state/`: what the screens share through context.
//! - `screens/`: one file per screen.
//! - `widgets/`: small pieces the screens share (the CSV button, the chart).
//! - `glue/`: browser code: the worker's loader, IndexedDB, the URL, downloads, other tabs.
//! - `protocol`: the app's own types for what crosses between the page and the worker.
//! - `i18n`: the key table and the formatting of numbers and dates.

pub mod glue;
pub mod i18n;
pub mod protocol;
pub mod screens;
pub mod shell;
pub mod state;
pub mod widgets;
