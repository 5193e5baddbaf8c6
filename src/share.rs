//! Share links: an analysis (never the reports) packed into the fragment of a URL, which the
//! browser never sends to a server.
//!
//! A fragment is `share=1.<payload>` or, sealed with a passphrase, `share=1e.<iterations>.<sealed>`,
//! both base64url without padding. The payload is the [`Shared`] JSON, deflated; the sealed form
//! is 16 bytes of PBKDF2 salt, a 12-byte AES-GCM nonce and the AES-GCM ciphertext of the payload.
//! The cryptography itself is WebCrypto's (the app's worker); this module only frames it.
//!
//! A link carries at most [`MAX_FRAGMENT_CHARS`] characters, well under what Chromium (2 MiB)
//! and Firefox (1 MiB) accept in a URL. Long tables are cut to fit, step by step ([`CUTS`]), and
//! [`Cut`] records how many rows each had, so the view can say what the link leaves out.
//! Opening a link is reading hostile input: the inflated JSON is capped at [`MAX_INFLATED`].

use std::collections::BTreeMap;
use std::fmt;
use std::io::{Read, Write};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use serde::{Deserialize, Serialize};

use crate::analyze::{mask_sources, pattern_advice, AlertRules, Analysis, Filters};
use crate::export::FilterEcho;
use crate::text::{fill, quoted, tr, Key, Lang, Numbers};

pub const SCHEMA: &str = "dmarc-lens/share/v1";

/// What a fragment starts with, after the `#`.
pub const FRAGMENT_KEY: &str = "share=";

/// The longest fragment a link may carry, in characters.
pub const MAX_FRAGMENT_CHARS: usize = 256 * 1024;

/// The most JSON a link may inflate to when opened.
pub const MAX_INFLATED: u64 = 16 * 1024 * 1024;

/// PBKDF2-SHA-256 iterations for a new sealed link, and the most an opened link may ask for (a
/// hostile link must not keep a tab busy for minutes).
pub const ITERATIONS: u32 = 600_000;
pub const MAX_ITERATIONS: u32 = 5_000_000;

pub const SALT_LEN: usize = 16;
pub const NONCE_LEN: usize = 12;

/// Room kept for the framing of a sealed link: key, version, iterations, salt, nonce and tag.
const FRAMING_CHARS: usize = 96;

/// Rows kept per long table at each step; a link uses the first step it fits at:
/// (possible-spoofing sources, sources per tag, alerts, reporters / domains).
pub const CUTS: [(usize, usize, usize, usize); 7] = [
    (500, 100, 100, 1000),
    (200, 50, 50, 500),
    (100, 20, 20, 200),
    (50, 10, 10, 100),
    (20, 5, 5, 50),
    (10, 3, 3, 20),
    (5, 0, 1, 10),
];

/// What a link carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shared {
    pub schema: String,
    /// When the link was made, Unix seconds.
    pub made: i64,
    pub filters: FilterEcho,
    /// Source addresses cut to their /24 (IPv4) or /48 (IPv6) network.
    pub masked: bool,
    pub cut: Cut,
    /// The advice texts are left out of the link: the viewer has its own.
    pub analysis: Analysis,
}

/// How many rows a table had before the link cut it; only tables that were cut are named.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cut {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spoof_suspects: Option<usize>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tag_sources: BTreeMap<String, usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alerts: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reporters: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domains: Option<usize>,
    /// Tags beyond [`MAX_SHARED_TAGS`] (the ones with least mail) are left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<usize>,
}

impl Cut {
    pub fn is_empty(&self) -> bool {
        *self == Cut::default()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    /// The text is not a DMARC Lens share fragment.
    NotALink,
    /// A version this build does not know (made by a newer one).
    UnknownVersion(String),
    /// Characters outside base64url, or parts missing: the link was cut or changed.
    Damaged(String),
    /// It unpacks to more than [`MAX_INFLATED`] bytes.
    TooBig,
    /// Even with every table cut to the last step the analysis does not fit in a link.
    DoesNotFit { chars: usize },
}

impl ShareError {
    /// A stable name for the kind, for the app's messages in each language.
    pub fn kind(&self) -> &'static str {
        match self {
            ShareError::NotALink => "not_a_link",
            ShareError::UnknownVersion(_) => "unknown_version",
            ShareError::Damaged(_) => "damaged",
            ShareError::TooBig => "too_big",
            ShareError::DoesNotFit { .. } => "does_not_fit",
        }
    }
}

impl ShareError {
    /// Why, in `lang`. What exactly is damaged is said in English by the decoders, so only the
    /// English sentence carries it (the Japanese fills its place with nothing).
    pub fn words(&self, lang: Lang, numbers: Numbers) -> String {
        match self {
            ShareError::NotALink => tr(lang, Key::ShareNotALink).to_string(),
            ShareError::UnknownVersion(v) => fill(lang, Key::ShareNewerFormat, &[quoted(lang, v)]),
            ShareError::Damaged(why) => {
                let why = match lang {
                    Lang::En => format!(" ({why})"),
                    Lang::Ja => String::new(),
                };
                fill(lang, Key::ShareDamaged, &[why])
            }
            ShareError::TooBig => fill(lang, Key::ShareTooBig, &[numbers.n(MAX_INFLATED >> 20)]),
            ShareError::DoesNotFit { chars } => {
                fill(lang, Key::ShareDoesNotFit, &[numbers.count(*chars), numbers.count(MAX_FRAGMENT_CHARS)])
            }
        }
    }
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.words(Lang::En, Numbers::Plain))
    }
}

impl std::error::Error for ShareError {}

/// A fragment read back: open, or sealed with a passphrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fragment {
    Open(Vec<u8>),
    Sealed { iterations: u32, salt: Vec<u8>, nonce: Vec<u8>, ciphertext: Vec<u8> },
}

/// Packs `analysis` for a link: masks sources if asked, cuts long tables until the link fits in
/// `max_chars` (with room for sealing), and returns the deflated JSON payload.
pub fn pack(
    mut analysis: Analysis,
    filters: &Filters,
    rules: &AlertRules,
    made: i64,
    mask: bool,
    max_chars: usize,
) -> Result<Vec<u8>, ShareError> {
    if mask {
        mask_sources(&mut analysis, rules);
    }
    analysis.advice = Vec::new();
    // The history and the receivers' words stay on the machine: a link carries the screens'
    // tables, and its alerts were made with the history already.
    analysis.history = Default::default();
    analysis.receivers = Vec::new();
    let budget = max_chars.saturating_sub(FRAMING_CHARS) / 4 * 3;
    // Cut to the first step once, so each step clones and serialises only what it may keep.
    let mut first = Cut::default();
    cut_to(&mut analysis, CUTS[0], &mut first);
    let mut chars = 0;
    for &step in &CUTS {
        let mut cut = first.clone();
        let mut a = analysis.clone();
        cut_to(&mut a, step, &mut cut);
        let shared = Shared {
            schema: SCHEMA.to_string(),
            made,
            filters: FilterEcho::from(filters),
            masked: mask,
            cut,
            analysis: a,
        };
        let payload = deflate(serde_json::to_vec(&shared).unwrap_or_default().as_slice());
        if payload.len() <= budget {
            return Ok(payload);
        }
        chars = payload.len().div_ceil(3) * 4 + FRAMING_CHARS;
    }
    Err(ShareError::DoesNotFit { chars })
}

/// Cuts each long table of `a` to the rows of `step` (one of [`CUTS`]), recording in `cut` how
/// many rows each cut table had (the larger count when `cut` already names the table).
fn cut_to(a: &mut Analysis, step: (usize, usize, usize, usize), cut: &mut Cut) {
    fn record(slot: &mut Option<usize>, total: Option<usize>) {
        if let Some(total) = total {
            *slot = Some(slot.map_or(total, |s| s.max(total)));
        }
    }
    let (suspects, sources, alerts, rows) = step;
    record(&mut cut.spoof_suspects, cut_rows(&mut a.spoof_suspects, suspects));
    // Senders group the sources the link keeps; each lists as many of its addresses as a tag.
    cut_rows(&mut a.senders, suspects);
    for sender in &mut a.senders {
        cut_rows(&mut sender.source_ips, sources.max(1));
    }
    record(&mut cut.tags, cut_rows(&mut a.tags, MAX_SHARED_TAGS));
    for tag in &mut a.tags {
        if let Some(total) = cut_rows(&mut tag.sources, sources) {
            let entry = cut.tag_sources.entry(tag.tag.clone()).or_insert(total);
            *entry = (*entry).max(total);
        }
    }
    record(&mut cut.alerts, cut_rows(&mut a.alerts, alerts));
    record(&mut cut.reporters, cut_rows(&mut a.reporters, rows));
    record(&mut cut.domains, cut_rows(&mut a.domains, rows));
    cut_rows(&mut a.readiness, rows);
}

fn cut_rows<T>(rows: &mut Vec<T>, keep: usize) -> Option<usize> {
    let total = rows.len();
    (total > keep).then(|| {
        rows.truncate(keep);
        total
    })
}

/// Reads a payload back into the analysis it carries, with the viewer's own advice texts.
pub fn unpack(payload: &[u8]) -> Result<Shared, ShareError> {
    read_json(&inflate(payload)?)
}

/// A payload's JSON text, inflated within [`MAX_INFLATED`]. (The app's worker inflates and the
/// page reads the JSON: parsing it in the worker too would only be done twice.)
pub fn inflate(payload: &[u8]) -> Result<String, ShareError> {
    let mut json = Vec::new();
    DeflateDecoder::new(payload)
        .take(MAX_INFLATED + 1)
        .read_to_end(&mut json)
        .map_err(|e| ShareError::Damaged(format!("cannot unpack: {e}")))?;
    if json.len() as u64 > MAX_INFLATED {
        return Err(ShareError::TooBig);
    }
    String::from_utf8(json).map_err(|_| ShareError::Damaged("not UTF-8 text".into()))
}

/// The analysis in a payload's JSON text, checked, with the viewer's own advice texts.
/// (`inline`: so the app's copy is built at the app's size-optimising level.)
#[inline]
pub fn read_json(json: &str) -> Result<Shared, ShareError> {
    let mut shared: Shared =
        serde_json::from_str(json).map_err(|e| ShareError::Damaged(format!("unexpected content: {e}")))?;
    if shared.schema != SCHEMA {
        return Err(ShareError::UnknownVersion(shared.schema));
    }
    shared.analysis.advice = pattern_advice();
    // No link this module makes holds more rows than the first cut; a link that does was made
    // by hand, and its extra rows would only weigh on the page.
    cut_to(&mut shared.analysis, CUTS[0], &mut shared.cut);
    shared.analysis.days.truncate(MAX_DAYS);
    check::check(&mut shared)?;
    Ok(shared)
}

/// Days a link may chart: ten years.
const MAX_DAYS: usize = 3_660;

fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = DeflateEncoder::new(Vec::with_capacity(bytes.len() / 4), Compression::best());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// The fragment (without `#`) of an open link.
pub fn open_fragment(payload: &[u8]) -> String {
    format!("{FRAGMENT_KEY}1.{}", URL_SAFE_NO_PAD.encode(payload))
}

/// The fragment of a sealed link: salt, nonce and ciphertext as WebCrypto produced them.
pub fn sealed_fragment(iterations: u32, salt: &[u8], nonce: &[u8], ciphertext: &[u8]) -> String {
    let mut bytes = Vec::with_capacity(salt.len() + nonce.len() + ciphertext.len());
    bytes.extend_from_slice(salt);
    bytes.extend_from_slice(nonce);
    bytes.extend_from_slice(ciphertext);
    format!("{FRAGMENT_KEY}1e.{iterations}.{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// Reads a fragment (with or without its `#`, or a whole URL) into its parts.
pub fn parse_fragment(text: &str) -> Result<Fragment, ShareError> {
    let text = text.trim();
    let text = text.split_once('#').map_or(text, |(_, f)| f);
    let rest = text.strip_prefix(FRAGMENT_KEY).ok_or(ShareError::NotALink)?;
    let (version, body) = rest.split_once('.').ok_or_else(|| ShareError::Damaged("no version".into()))?;
    let decode = |s: &str| {
        URL_SAFE_NO_PAD.decode(s.trim_end_matches('=')).map_err(|e| ShareError::Damaged(format!("not base64url: {e}")))
    };
    match version {
        "1" => Ok(Fragment::Open(decode(body)?)),
        "1e" => {
            let (iterations, sealed) =
                body.split_once('.').ok_or_else(|| ShareError::Damaged("no iterations".into()))?;
            let iterations: u32 = iterations
                .parse()
                .ok()
                .filter(|n| (1..=MAX_ITERATIONS).contains(n))
                .ok_or_else(|| ShareError::Damaged(format!("iterations {iterations:?} out of range")))?;
            let mut bytes = decode(sealed)?;
            // AES-GCM appends a 16-byte tag: shorter is no ciphertext at all.
            if bytes.len() < SALT_LEN + NONCE_LEN + 16 {
                return Err(ShareError::Damaged("too short".into()));
            }
            let ciphertext = bytes.split_off(SALT_LEN + NONCE_LEN);
            let nonce = bytes.split_off(SALT_LEN);
            Ok(Fragment::Sealed { iterations, salt: bytes, nonce, ciphertext })
        }
        other => Err(ShareError::UnknownVersion(other.to_string())),
    }
}

mod check;
pub use check::MAX_SHARED_TAGS;

#[cfg(test)]
mod tests;
