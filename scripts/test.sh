#!/usr/bin/env bash
# Runs every test: the engine's and the app's Rust tests, the CLI, the wasm build, and the
# end-to-end tests in headless Chromium. Installs what is missing first. Safe to run twice.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
started=$(date +%s)
scripts/install-tools.sh
export PATH="$root/tests/e2e/node_modules/.bin:$HOME/.cargo/bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true

echo "== cargo test (engine, CLI, app logic)"
cargo test --workspace

echo "== tidy: formatting"
if cargo fmt --version >/dev/null 2>&1; then
  cargo fmt --all --check
else
  echo "(rustfmt is not installed: formatting not checked)"
fi

echo "== tidy: the engine names no browser crate"
if grep -rnE '\b(web_sys|js_sys|wasm_bindgen|leptos)\b' src; then
  echo "src/ must not name browser crates: they belong in components/" >&2
  exit 1
fi

echo "== wasm build (trunk)"
trunk build --release
ls -l dist/*.wasm

echo "== release CLI"
export DMARC_LENS_CLI="$root/target/release/dmarc-lens" DMARC_LENS_DIST="$root/dist"
cargo build --release --bin dmarc-lens

echo "== the analysis as SQL (DuckDB and chDB over the export, against analyze)"
python3 scripts/test-sql.py --cli "$DMARC_LENS_CLI"

echo "== end-to-end tests (headless Chromium)"
(cd tests/e2e && node --test --test-concurrency=1 ./*.test.mjs)

echo "== all tests passed in $(( $(date +%s) - started )) s"
