#!/usr/bin/env bash
# Installs what building and testing DMARC Lens needs, only what is missing. Safe to run twice.
# Sources: the Rust crate registry (trunk, wasm-bindgen-cli), npm (playwright-core, binaryen, axe-core),
# Debian packages (chromium). Nothing else is downloaded.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

want_e2e=1
[ "${1:-}" = "--no-browser" ] && want_e2e=0

log() { printf '[install] %s\n' "$*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock, or Trunk tries to download its own.
wb_version=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
if [ -z "$wb_version" ]; then echo "cannot read wasm-bindgen version from Cargo.lock" >&2; exit 1; fi
if ! command -v wasm-bindgen >/dev/null || [ "$(wasm-bindgen --version | awk '{print $2}')" != "$wb_version" ]; then
  log "installing wasm-bindgen-cli $wb_version (about 5 minutes)"
  # --locked fails here: a locked dependency version is missing from the registry.
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install wasm-bindgen-cli --version "=$wb_version" --force
fi

if ! command -v trunk >/dev/null || ! trunk --version | grep -q '^trunk 0\.21\.'; then
  log "installing trunk 0.21 (about 8 minutes)"
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install trunk --version '~0.21' --locked --no-default-features --features rustls --force
fi

# npm packages for the end-to-end tests and wasm-opt (Debian's binaryen 108 breaks the app).
# Also when the lock file is newer than what npm last installed (a package was added).
if [ ! -x tests/e2e/node_modules/.bin/wasm-opt ] || [ ! -d tests/e2e/node_modules/playwright-core ] \
  || [ ! -d tests/e2e/node_modules/axe-core ] \
  || [ tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]; then
  log "installing npm packages in tests/e2e"
  (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
fi

if [ "$want_e2e" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  log "installing Debian chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi

# A Japanese font, or Japanese draws as boxes in the end-to-end screenshots.
if [ "$want_e2e" = 1 ] && ! fc-list 2>/dev/null | grep -qi 'IPAGothic\|Noto Sans CJK'; then
  log "installing Debian fonts-ipafont-gothic"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq fonts-ipafont-gothic >/dev/null || { apt-get update -qq && apt-get install -y -qq fonts-ipafont-gothic >/dev/null; }
fi
