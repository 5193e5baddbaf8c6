//! Share links as the page holds them: the link being made, and the state of a page opened from
//! a link.

use dmarc_lens::analyze::Text;
use dmarc_lens::share::Cut;
use leptos::prelude::*;

use crate::protocol::FilterParams;

/// The link being made in this page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkState {
    Idle,
    Making,
    Ready(String),
    Failed { kind: String, message: Text },
}

/// Makes links: `make` asks the worker with (mask, passphrase); the answer lands in `link`.
#[derive(Clone, Copy)]
pub struct ShareCtx {
    pub make: Callback<(bool, String)>,
    pub link: RwSignal<LinkState>,
}

/// What a page opened from a link shows besides the analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedMeta {
    pub made: i64,
    pub masked: bool,
    pub cut: Cut,
    pub filters: FilterParams,
}

#[derive(Debug, Clone, PartialEq)]
pub enum OpenState {
    Opening,
    NeedsPassphrase,
    Failed { kind: String, message: Text },
    Open(SharedMeta),
}

/// The state of a page opened from a link; `open` tries again with a passphrase.
#[derive(Clone, Copy)]
pub struct SharedCtx {
    pub state: RwSignal<OpenState>,
    pub open: Callback<String>,
}
