//! DMARC Lens web app: a Leptos client-side app over the engine, plus the browser glue (the
//! parsing worker, files, downloads, the URL). Screens are one file each; text comes from `i18n`.

pub mod alert_rules;
pub mod app;
pub mod browser;
pub mod chart;
pub mod crypto;
pub mod files;
pub mod filters;
pub mod i18n;
pub mod loader;
pub mod marker;
pub mod overview;
pub mod patterns;
pub mod protocol;
pub mod senders;
pub mod share_view;
pub mod spoofing;
pub mod state;
pub mod storage;
pub mod tags_view;
pub mod widgets;
