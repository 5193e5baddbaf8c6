//! The sender pack in the worker: fetched from the app's own origin (`packs/senders.pack.gz`,
//! beside the worker's script) the first time an analysis has reports to name, never before, so
//! a visit that loads nothing never downloads it. The request is synchronous (workers may make
//! one): the worker answers messages in the order they came, and an analysis must not be
//! answered before its pack is in hand. A pack that cannot be had leaves the analysis without
//! names, and the page is told why once.

use dmarc_lens::analyze::Text;
use dmarc_lens::senders::Senders;
use dmarc_lens_app::protocol::FromWorker;
use js_sys::{ArrayBuffer, Uint8Array};
use wasm_bindgen::JsCast;
use web_sys::{XmlHttpRequest, XmlHttpRequestResponseType};

/// Where the pack is, relative to the worker's script.
pub const PACK_URL: &str = "packs/senders.pack.gz";

#[derive(Default)]
pub enum Pack {
    #[default]
    NotAsked,
    Ready(Box<Senders>),
    Failed,
}

impl Pack {
    /// Fetches and reads the pack if it was never asked for; what to tell the page then.
    pub fn fetch_once(&mut self) -> Option<FromWorker> {
        if !matches!(self, Pack::NotAsked) {
            return None;
        }
        match fetch().and_then(|bytes| Senders::from_pack(&bytes).map_err(|e| e.to_string())) {
            Ok(senders) => {
                *self = Pack::Ready(Box::new(senders));
                Some(FromWorker::Pack { error: None })
            }
            Err(detail) => {
                *self = Pack::Failed;
                Some(FromWorker::Pack { error: Some(Text::new(detail, String::new())) })
            }
        }
    }

    pub fn senders(&self) -> Option<&Senders> {
        match self {
            Pack::Ready(senders) => Some(senders),
            _ => None,
        }
    }
}

fn fetch() -> Result<Vec<u8>, String> {
    let failed = |e: wasm_bindgen::JsValue| format!("{PACK_URL}: {e:?}");
    let request = XmlHttpRequest::new().map_err(failed)?;
    request.open_with_async("GET", PACK_URL, false).map_err(failed)?;
    request.set_response_type(XmlHttpRequestResponseType::Arraybuffer);
    request.send().map_err(failed)?;
    let status = request.status().map_err(failed)?;
    if status != 200 {
        return Err(format!("{PACK_URL}: HTTP {status}"));
    }
    let buffer = request.response().map_err(failed)?.dyn_into::<ArrayBuffer>().map_err(failed)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}
