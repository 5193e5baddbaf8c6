//! Coverage-guided fuzzing of opening a share link, which is reading hostile input from a URL.
//!
//! Each input is tried three ways: as fragment text (`parse_fragment`, then `unpack` of an open
//! fragment's payload), as a payload itself (`unpack`: deflate and JSON), and as the payload's
//! JSON text (`read_json`), so the fuzzer reaches the JSON level without having to learn to
//! write deflate streams. Whatever opens is packed again (masked for odd-length inputs, so both
//! paths of `pack` are reached), and a link that `pack` makes must open.

#![no_main]

use dmarc_lens::analyze::{AlertRules, Filters};
use dmarc_lens::share::{self, Fragment, Shared};
use libfuzzer_sys::fuzz_target;

fn repack(shared: Shared, mask: bool) {
    let rules = AlertRules::default();
    let packed =
        share::pack(shared.analysis, &Filters::default(), &rules, shared.made, mask, share::MAX_FRAGMENT_CHARS);
    if let Ok(payload) = packed {
        let fragment = share::open_fragment(&payload);
        assert!(fragment.len() <= share::MAX_FRAGMENT_CHARS, "pack made a {} character link", fragment.len());
        if let Err(e) = share::unpack(&payload) {
            panic!("a link that pack made does not open: {e}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mask = data.len() % 2 == 1;
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(Fragment::Open(payload)) = share::parse_fragment(text) {
            if let Ok(shared) = share::unpack(&payload) {
                repack(shared, mask);
            }
        }
        if let Ok(shared) = share::read_json(text) {
            repack(shared, mask);
        }
    }
    if let Ok(shared) = share::unpack(data) {
        repack(shared, mask);
    }
});
