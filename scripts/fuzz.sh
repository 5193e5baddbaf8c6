#!/usr/bin/env bash
# Coverage-guided fuzzing of the engine with cargo-fuzz (libFuzzer): `load_file` (decode, parse,
# store, analyse, export) and `share_open` (opening a share link). Not part of scripts/test.sh:
# it is worth running for as long as there is time, which CI (90 minutes on 2 cores) has not.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 1800 s, both targets)
#
# One libFuzzer process at a time, at the lowest priority, so it shares the machine with other
# builds. Each crash, timeout or OOM is recorded and fuzzing goes on. Logs go to $FUZZ_LOG_DIR
# (default: a folder under the temporary directory), never into the repository. What it finds
# is written to fuzz/artifacts/TARGET/; minimise it with
#   RUSTC_BOOTSTRAP=1 cargo fuzz tmin -s none TARGET fuzz/artifacts/TARGET/crash-...
# and keep the small input under tests/data/fuzz/. Exits non-zero when anything was found.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
seconds="${1:-1800}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(load_file share_open)
log_dir="${FUZZ_LOG_DIR:-${TMPDIR:-/tmp}/dmarc-lens-fuzz}"
mkdir -p "$log_dir"
export PATH="$HOME/.cargo/bin:$PATH"
# cargo-fuzz passes -Z flags (sanitizer coverage) to rustc, which a stable toolchain accepts only
# with this set; the build is otherwise an ordinary stable build.
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  nice -n 19 cargo install cargo-fuzz --locked
fi

echo "== seeding corpora"
mkdir -p fuzz/corpus/load_file fuzz/corpus/share_open
# Real reports when the shared conformance corpus is beside the repository (it is never copied
# into git: fuzz/corpus is ignored), and the project's own small samples always. Names are
# flattened, since the corpus files sit in sub-folders.
# tests/data/fuzz holds what fuzzing found: as seeds they would end a run before it starts.
for dir in ../shared/corpus/files tests/data; do
  [ -d "$dir" ] || continue
  find "$dir" -path tests/data/fuzz -prune -o -type f -print0 | while IFS= read -r -d '' file; do
    name="seed-$(printf '%s' "${file#"$dir"/}" | tr '/ ' '__')"
    cp -n "$file" "fuzz/corpus/load_file/$name"
  done
done
# Share links made by `dmarc-lens share` over tests/data, their payload, their inflated JSON and
# a sealed fragment: the target reads every input as all three levels.
cp -n fuzz/seeds/share_open/* fuzz/corpus/share_open/

# Build once: optimised, with debug assertions and overflow checks (cargo-fuzz's default), and
# without AddressSanitizer: the engine is safe Rust, so what can go wrong is a panic, an
# overflow, a hang or a memory blow-up, which need no sanitizer; without it a 2-core machine runs
# about twice the executions and peak RSS measures the engine, not shadow memory.
# FUZZ_DEBUG_ASSERTIONS=0 (the default) builds as shipped (no debug assertions) but keeps overflow checks: the
# engine has no debug assertion of its own, and a dependency's (mail-parser's, see
# tests/data/fuzz/README.md) then no longer ends most runs before they reach anything else.
build=(-s none)
if [ "${FUZZ_DEBUG_ASSERTIONS:-0}" = 0 ]; then
  build+=(-O --target-dir fuzz/target/no-debug-assertions)
  # Overflow checks through the profile, not RUSTFLAGS, so fuzz/Cargo.toml can leave them off
  # for mail-parser, as its release builds ship.
  export CARGO_PROFILE_RELEASE_OVERFLOW_CHECKS=true
fi
echo "== building fuzz targets"
nice -n 19 cargo fuzz build "${build[@]}"

# libFuzzer options, and why:
# - max_len 1 MiB: real reports (and their zips) reach hundreds of kilobytes (the corpus's
#   largest is 0.9 MB), and mutations should be able to grow past them; a larger limit would only
#   make each execution slower.
# - rss_limit_mb 2048: the engine must refuse hostile input within bounded memory (decompression
#   stops at 16 MiB in the load_file target, a share link inflates to at most 16 MiB); an input of
#   at most 1 MiB that needs 2 GiB is a finding, not a limit to raise.
# - timeout 10: a megabyte parses in milliseconds, so an input that takes 10 s is a hang or a
#   quadratic path, and is reported as a timeout.
# - fork mode with one worker: a crash, timeout or OOM is recorded and fuzzing goes on, so one
#   known finding does not end every run. FUZZ_KEEP_GOING=0 stops at the first one instead.
# - print_final_stats: executions (stat::number_of_executed_units) and peak RSS when not in fork
#   mode; in fork mode the last `#N` line counts the executions of every job.
found=0
for target in "${targets[@]}"; do
  log="$log_dir/$target.log"
  mkdir -p "fuzz/artifacts/$target"
  extra=()
  [ -f "fuzz/dicts/$target.dict" ] && extra+=("-dict=fuzz/dicts/$target.dict")
  [ "${FUZZ_KEEP_GOING:-1}" = 1 ] && extra+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  echo "== fuzzing $target for $seconds s (log: $log)"
  started=$(date +%s)
  stamp="$(mktemp)"
  status=0
  # GNU time, where present, for CPU time and peak RSS of the whole run.
  timer=()
  [ -x /usr/bin/time ] && timer=(/usr/bin/time -v)
  nice -n 19 "${timer[@]}" cargo fuzz run "${build[@]}" "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -max_len=1048576 -rss_limit_mb=2048 -timeout=10 \
    -print_final_stats=1 "${extra[@]}" >"$log" 2>&1 || status=$?
  echo "   $(( $(date +%s) - started )) s, exit $status"
  grep -E '^#[0-9]+' "$log" | tail -n 1 || true
  grep -E 'stat::(number_of_executed_units|peak_rss_mb|average_exec_per_sec|new_units_added)' "$log" || true
  grep -E 'Maximum resident set size|User time|System time' "$log" || true
  # Fork mode keeps no child's output: what was found is the artifacts written during this run;
  # run the target on one to see its stack (cargo fuzz run ... TARGET FILE).
  new_artifacts="$(find "fuzz/artifacts/$target" -type f -newer "$stamp")"
  rm -f "$stamp"
  if [ "$status" -ne 0 ] || [ -n "$new_artifacts" ]; then
    found=1
    echo "   found:"
    printf '%s\n' "$new_artifacts"
    grep -E 'panicked at|SUMMARY' "$log" || true
  fi
done
exit "$found"
