//! DMARC Lens web app: a Leptos client-side app over the engine, plus the browser glue (the
//! parsing worker, files). Screens are one file each; text comes from `i18n`.

pub mod app;
pub mod files;
pub mod i18n;
pub mod loader;
pub mod protocol;
