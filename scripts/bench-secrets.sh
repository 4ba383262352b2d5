#!/usr/bin/env bash
# Secret-scan throughput: generates (once) a seeded corpus of realistic config-repo text with rare
# planted secrets, builds the release binary, scans the corpus and reports MB/s, peak RSS and how
# many planted secrets were reported. Usage: scripts/bench-secrets.sh [CORPUS_DIR] (SIZE_MB=300).
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

status=0
/usr/bin/time -v "$bin" scan "$corpus" --format json -o "$out/report.json" 2>"$out/time.txt" || status=$?
if [[ $status -ne 0 && $status -ne 1 ]]; then
    cat "$out/time.txt" >&2
    exit "$status"
fi
python3 - "$manifest" "$out/report.json" "$out/time.txt" <<'PY'
import json, re, sys
manifest, report, timing = (open(p).read() for p in sys.argv[1:])
manifest, report = json.loads(manifest), json.loads(report)
wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", timing)
seconds = (int(wall.group(1) or 0) * 3600) + int(wall.group(2)) * 60 + float(wall.group(3))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", timing).group(1))
findings = report.get("findings", [])
planted = manifest["planted"]
found = {f["path"] for f in findings if f.get("category") == "secrets"}
hit = sum(1 for p in planted if p["path"] in found)
mb = manifest["bytes"] / 1e6
print(f"corpus      {mb:.1f} MB in {manifest['files']} files")
print(f"wall time   {seconds:.2f} s  ->  {mb / seconds:.1f} MB/s (whole pipeline: walk, classify, exposure, all checks)")
print(f"peak RSS    {rss / 1024:.0f} MB")
print(f"planted     {len(planted)} secrets, {hit} in files with a secrets finding; {len(findings)} findings in total")
PY
