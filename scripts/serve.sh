#!/usr/bin/env bash
# Serves the app at http://127.0.0.1:8080, installing what is missing first.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scripts/install-tools.sh --no-browser
export PATH="$root/tests/e2e/node_modules/.bin:$HOME/.cargo/bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
trunk build --release
echo "DMARC Lens: http://127.0.0.1:8080/"
exec python3 -m http.server 8080 --bind 127.0.0.1 --directory "$root/dist"
