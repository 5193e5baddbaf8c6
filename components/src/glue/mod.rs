//! Browser glue outside the views: the worker's loader, IndexedDB, the crash mark, the URL,
//! downloads and the news between tabs.

pub mod browser;
pub mod loader;
pub mod marker;
pub mod storage;
