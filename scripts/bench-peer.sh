#!/usr/bin/env bash
# Times `dmarc-lens analyze` as a whole process beside mail-auth's DMARC parser (benches/peer,
# `mail_auth::report::Report::parse_xml` over the same files, reading and unpacking included) on
# two inputs: one report of 100,000 records (about 70 MB of XML) and 2,000 small reports as
# .xml.gz and .zip files. The contestants take turns (A B A B ...), so a machine busy with
# something else slows both alike; the script prints each one's median time and peak memory, the
# ratio to mail-auth, and the load average before and after.
#
#   scripts/bench-peer.sh [ROUNDS]          (default 5 rounds)
#
# DMARC_LENS_BEFORE=path/to/an/older/dmarc-lens adds that binary as a third contestant, for
# before/after figures from one run. DMARC_LENS_JOBS=N passes --jobs N to dmarc-lens.
# Inputs are generated once into target/bench-peer/ (about 110 MB) from fixed seeds.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"
rounds="${1:-5}"
inputs="$root/target/bench-peer"

echo "== building dmarc-lens and the mail-auth harness (release)"
cargo build --release --quiet --bin dmarc-lens
cargo build --release --quiet --manifest-path benches/peer/Cargo.toml
cli="$root/target/release/dmarc-lens"
peer_dir="$root/benches/peer/target/release"
if [ ! -f "$inputs/big.xml" ] || [ "$(find "$inputs/small" -type f | wc -l)" -ne 2000 ]; then
  echo "== generating inputs into $inputs"
  rm -rf "$inputs"
  "$peer_dir/bench-inputs" "$inputs"
fi

jobs_args=()
if [ -n "${DMARC_LENS_JOBS:-}" ]; then jobs_args=(--jobs "$DMARC_LENS_JOBS"); fi
names=(dmarc-lens mail-auth)
commands=("$cli analyze ${jobs_args[*]:-}" "$peer_dir/peer-parse")
if [ -n "${DMARC_LENS_BEFORE:-}" ]; then
  names+=(before)
  commands+=("$DMARC_LENS_BEFORE analyze")
fi

echo "== load before: $(uptime)"
echo "cores: $(nproc); rounds: $rounds"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# One run: wall seconds and peak resident KiB, appended to $tmp/<input>.<contestant>.
run() {
  local label="$1" index="$2" input="$3"
  local start end
  start=$(date +%s%N)
  # shellcheck disable=SC2086 # the command is words on purpose
  /usr/bin/time -f '%M' -o "$tmp/rss" ${commands[$index]} "$input" >/dev/null
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000000 )) $(cat "$tmp/rss")" >>"$tmp/$label.$index"
}
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

for label in big small; do
  input="$inputs/big.xml"
  [ "$label" = small ] && input="$inputs/small"
  for index in "${!commands[@]}"; do run "$label" "$index" "$input"; done # warm the page cache
  rm -f "$tmp/$label".*
  for _ in $(seq "$rounds"); do
    for index in "${!commands[@]}"; do run "$label" "$index" "$input"; done
  done
  peer_ms=$(cut -d' ' -f1 "$tmp/$label.1" | median)
  echo
  echo "== $label: $([ "$label" = big ] && echo "one report, 100,000 records" || echo "2,000 small .xml.gz/.zip reports")"
  printf '%-12s %10s %8s %14s\n' contestant "median ms" ratio "peak RSS MiB"
  for index in "${!commands[@]}"; do
    ms=$(cut -d' ' -f1 "$tmp/$label.$index" | median)
    rss=$(cut -d' ' -f2 "$tmp/$label.$index" | median)
    printf '%-12s %10s %8s %14s\n' "${names[$index]}" "$ms" \
      "$(awk -v a="$ms" -v b="$peer_ms" 'BEGIN { printf "%.2fx", a / b }')" \
      "$(awk -v k="$rss" 'BEGIN { printf "%.0f", k / 1024 }')"
  done
done
echo
echo "== load after: $(uptime)"
