#!/usr/bin/env bash
# Builds the libFuzzer harnesses and runs each for a fixed time (default 20 s), starting from the seed
# corpus in Tests/FuzzCorpus/<harness>. New crashing inputs are written to .build-fuzz/crashes/<harness>/;
# keep them as regression inputs in Tests/FuzzCorpus/<harness>/ once fixed (docs/fuzzing.md).
#   scripts/fuzz.sh [SECONDS] [HARNESS…]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
shift || true
harnesses=("$@")
((${#harnesses[@]})) || harnesses=(env yaml json classify rules secrets text)

swift build -c release --product goose-audit-fuzz --scratch-path .build-fuzz \
  -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING >/dev/null
binary=.build-fuzz/release/goose-audit-fuzz

status=0
for harness in "${harnesses[@]}"; do
  [[ -d "Tests/FuzzCorpus/$harness" ]] || continue
  work=".build-fuzz/corpus/$harness"
  crashes=".build-fuzz/crashes/$harness"
  mkdir -p "$work" "$crashes"
  max_len=65536
  if [[ "$harness" == rules ]]; then
    # Hostile nesting the checked-in seeds cannot hold in a reasonable size: 50,000-deep arrays
    # (100 KB, the reported crash) and 50,000 unclosed ones.
    python3 -c 'import sys; d=50000; sys.stdout.write("[[rules]]\nid = \"deep\"\nkeywords = " + "["*d + "]"*d + "\n")' >"$work/deep-50000.toml"
    python3 -c 'import sys; d=50000; sys.stdout.write("[[rules]]\nregex = " + "["*d + "\n")' >"$work/unclosed-50000.toml"
    max_len=131072
  fi
  # SWIFT_BACKTRACE=enable=no lets libFuzzer's own crash handler write the crashing input.
  if SWIFT_BACKTRACE=enable=no FUZZ_HARNESS="$harness" "$binary" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$crashes/" "$work" "Tests/FuzzCorpus/$harness" >".build-fuzz/$harness.log" 2>&1; then
    echo "fuzz $harness: $(grep -Eo '#[0-9]+' ".build-fuzz/$harness.log" | tail -1 | tr -d '#') runs in ${seconds}s, no crash"
  else
    echo "fuzz $harness: CRASH, see .build-fuzz/$harness.log and $crashes" >&2
    tail -30 ".build-fuzz/$harness.log" >&2
    status=1
  fi
done
exit $status
