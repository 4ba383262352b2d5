#!/usr/bin/env bash
# The same reports before and after a change: scans the repository's fixture trees (every check's example
# tree, exported by Tests/CheckExampleTests/ExampleTreeExport.swift, the real-world repository fixtures, the
# fuzz corpus and the repository itself) with two goose-audit binaries and diffs the JSON and SARIF reports
# with timing and the report time removed.
#   Usage: scripts/report-parity.sh OLD_BINARY NEW_BINARY [MORE_TREES...]
# Build OLD_BINARY from the commit before the change (e.g. `git worktree add /tmp/before main`, then
# `swift build` there). Exits 1 and prints the differences when any report differs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
old=$(realpath "$1") new=$(realpath "$2")
shift 2
work=$(mktemp -d)
trap 'chmod -R u+rwx "$work"; rm -rf "$work"' EXIT
# KEEP=DIR keeps the reports and diffs there.
[[ -n ${KEEP:-} ]] && trap 'mkdir -p "$KEEP" && cp -r "$work/out/." "$KEEP/"; chmod -R u+rwx "$work"; rm -rf "$work"' EXIT
mkdir -p "$work/examples" "$work/out"
(cd "$root" && GOOSE_AUDIT_EXPORT_EXAMPLES="$work/examples" swift test --filter ExampleTreeExport >/dev/null)

normalise() { # drops what varies per run: timing (duration_seconds), the report time (time, startTimeUtc)
    python3 - "$1" <<'PY'
import json, sys
VARYING = {"duration_seconds", "time", "startTimeUtc"}
def strip(value):
    if isinstance(value, dict):
        return {k: strip(v) for k, v in value.items() if k not in VARYING}
    if isinstance(value, list):
        return [strip(v) for v in value]
    return value
print(json.dumps(strip(json.load(open(sys.argv[1]))), indent=1, sort_keys=True))
PY
}

scan() { # binary label tree [env file]
    local bin=$1 label=$2 tree=$3 envfile=${4:-} status=0
    # A fixed fingerprint key: evidence digests are keyed HMACs (docs/fingerprints.md).
    local -a env=(HOME=/nonexistent PATH=/usr/bin:/bin GOOSE_AUDIT_FINGERPRINT_KEY=report-parity-fixed-key)
    if [[ -n $envfile ]]; then
        env=(HOME="$tree/home" PATH=/usr/bin:/bin GOOSE_AUDIT_FINGERPRINT_KEY=report-parity-fixed-key)
        while IFS= read -r line; do [[ -n $line ]] && env+=("$line"); done <"$envfile"
    fi
    local -a args=(scan --format json -o "$work/out/$label.json" --format sarif -o "$work/out/$label.sarif")
    if [[ -n $envfile ]]; then args+=(--installation "$tree/repo"); else args+=("$tree"); fi
    local cwd=$tree
    [[ -n $envfile ]] && cwd=$tree/repo
    (cd "$cwd" && env -i "${env[@]}" "$bin" "${args[@]}" >/dev/null 2>"$work/out/$label.err") || status=$?
    if [[ $status -ne 0 && $status -ne 1 ]]; then echo "$label: exit $status" >"$work/out/$label.json"; return; fi
    normalise "$work/out/$label.json" >"$work/out/$label.norm"
    normalise "$work/out/$label.sarif" >>"$work/out/$label.norm"
}

differ=0 total=0
compare() { # name tree [env file]
    total=$((total + 1))
    scan "$old" "old-$1" "$2" "${3:-}"
    scan "$new" "new-$1" "$2" "${3:-}"
    if ! diff -u "$work/out/old-$1.norm" "$work/out/new-$1.norm" >"$work/out/$1.diff" 2>&1; then
        differ=$((differ + 1))
        echo "== $1 differs"
        head -40 "$work/out/$1.diff"
    fi
}

for tree in "$work"/examples/*/; do
    name=$(basename "$tree")
    compare "$name" "${tree%/}" "${tree%/}.env"
done
for tree in "$root"/Tests/Fixtures/RealWorldRepos/*/; do
    compare "real-world-$(basename "$tree")" "${tree%/}"
done
compare fuzz-corpus "$root/Tests/FuzzCorpus"
compare repository "$root"
for extra in "$@"; do compare "$(basename "$extra")" "$extra"; done
echo "$total trees scanned, $differ with different reports"
[[ $differ -eq 0 ]]
