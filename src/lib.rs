//! DMARC Lens engine: decodes, parses, stores and analyses DMARC aggregate reports.
//!
//! Layers, each depending only on the ones before it:
//! [`decode`] (bytes of any container to XML documents) -> [`parse`] (XML to [`model::Report`])
//! -> [`store`] (deduplicated, compact) -> analyses. [`ledger`] drives the first three for one
//! input file and records what became of it. The engine does no IO and knows nothing of the
//! browser: the CLI and the web app both call it.

pub mod analyze;
pub mod dates;
pub mod decode;
pub mod export;
pub mod file_error;
pub mod ledger;
pub mod limits;
pub mod model;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod parse;
pub mod rows;
pub mod senders;
pub mod share;
pub mod spreadsheet;
pub mod store;
pub mod tags;
pub mod text;

pub use ledger::{load_file, FileResult, FileStatus, ReportSummary};
pub use limits::Limits;
pub use store::Store;
