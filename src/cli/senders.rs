//! The sender pack the CLI names sources with: the app's own pack, built into the binary (so the
//! CLI and the app name every source alike and the binary needs no file beside it), another one
//! given with `--senders PACK`, or none with `--no-senders`.

use dmarc_lens::senders::Senders;

/// The pack the app serves (`components/public/packs/`), built by `scripts/build-sender-packs.py`.
const BUILT_IN: &[u8] = include_bytes!("../../components/public/packs/senders.pack.gz");

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Choice {
    #[default]
    BuiltIn,
    File(String),
    Off,
}

/// The pack chosen, read and checked; a damaged or unreadable pack is an error naming the file.
pub fn load(choice: &Choice) -> Result<Option<Senders>, String> {
    let bytes = match choice {
        Choice::Off => return Ok(None),
        Choice::BuiltIn => std::borrow::Cow::Borrowed(BUILT_IN),
        Choice::File(path) => {
            std::borrow::Cow::Owned(std::fs::read(path).map_err(|e| format!("cannot read sender pack {path}: {e}"))?)
        }
    };
    let name = match choice {
        Choice::File(path) => path.as_str(),
        _ => "the built-in sender pack",
    };
    Senders::from_pack(&bytes).map(Some).map_err(|e| format!("{name}: {e}"))
}
