#!/usr/bin/env bash
# Cached-secrets memory bound: generates (once) a request log of SIZE_MB (default 1024) megabytes in
# a goose state layout, with a few planted synthetic keys, scans it with the release binary and
# reports wall time, peak RSS and how many planted keys were found. The content reader caps at
# 8 MiB; the cached-secrets module reads such files whole, in 4 MiB blocks, so the peak RSS must
# not grow with the file. Usage: scripts/bench-cached.sh [DIR] (SIZE_MB=1024).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-/tmp/goose-audit-bench/cached}
size_mb=${SIZE_MB:-1024}
log="$dir/.local/state/goose/logs/llm_request.0.jsonl"
manifest="$dir.planted.json"

if [[ ! -f "$manifest" || ! -f "$log" ]]; then
    mkdir -p "$(dirname "$log")"
    python3 - "$log" "$size_mb" "$manifest" <<'PY'
import json, random, sys
path, size_mb, manifest = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rng = random.Random(42)
alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
words = "the agent read the file and ran the tests then summarised the diff for review".split()
def text(n):
    return " ".join(rng.choice(words) for _ in range(n))
# A few hundred distinct request/response lines, reused: generation stays fast, content stays varied.
requests = [json.dumps({"model_config": {"model_name": "claude-sonnet-4"}, "input": {"system": text(300),
            "messages": [{"role": rng.choice(["user", "assistant", "tool"]), "content": text(rng.randint(50, 2000))} for _ in range(6)]}})
            for _ in range(200)]
responses = [json.dumps({"data": {"content": text(rng.randint(20, 400))}, "usage": {"input_tokens": rng.randint(100, 90000)}}) for _ in range(200)]
target = size_mb * 1024 * 1024
plants = []
written = line = 0
next_plant = target // 8
with open(path, "w") as out:
    while written < target:
        if written >= next_plant:
            # Synthetic, realistically shaped key (ghp_ + 36 random characters); never a real credential.
            key = "ghp_" + "".join(rng.choice(alphabet) for _ in range(36))
            row = json.dumps({"input": {"messages": [{"role": "tool", "content": "GITHUB_TOKEN=" + key + " "}]}})
            plants.append({"line": line + 1, "digest_prefix": key[:8]})
            next_plant += target // 8
        else:
            row = rng.choice(requests) if line % 2 == 0 else rng.choice(responses)
        out.write(row + "\n")
        written += len(row) + 1
        line += 1
json.dump({"bytes": written, "lines": line, "planted": plants}, open(manifest, "w"))
PY
fi
(cd "$root" && swift build -c release --product goose-audit >/dev/null)
bin="$(cd "$root" && swift build -c release --show-bin-path)/goose-audit"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mkdir -p "$out/home"

status=0
HOME="$out/home" XDG_CONFIG_HOME= XDG_DATA_HOME= XDG_STATE_HOME= GOOSE_PATH_ROOT= \
    /usr/bin/time -v "$bin" scan "$dir" --format json -o "$out/report.json" 2>"$out/time.txt" || status=$?
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
findings = [f for f in report.get("findings", []) if f.get("rule_id") == "secret_in_request_log"]
found = {f.get("line") for f in findings} | {r.get("line") for f in findings for r in f.get("related_locations", [])}
hit = sum(1 for p in manifest["planted"] if p["line"] in found)
mb = manifest["bytes"] / 1e6
print(f"request log {mb:.0f} MB, {manifest['lines']} lines")
print(f"wall time   {seconds:.2f} s  ->  {mb / seconds:.1f} MB/s (whole pipeline)")
print(f"peak RSS    {rss / 1024:.0f} MB")
print(f"planted     {len(manifest['planted'])} keys, {hit} found at their line; {len(findings)} request-log findings")
PY
