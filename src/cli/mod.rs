//! The CLI's own parts beside `main.rs` (the binary's modules; the library never names them).

pub mod export;
pub mod load;
pub mod senders;
