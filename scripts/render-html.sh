#!/bin/sh
# Renders a goose-audit HTML report to a PNG with Debian's headless chromium (offline: the page
# loads nothing from the network; its CSP forbids it).
# Usage: scripts/render-html.sh REPORT.html OUT.png [WIDTH,HEIGHT]
set -eu
if [ "$#" -lt 2 ]; then
    echo "usage: $0 REPORT.html OUT.png [WIDTH,HEIGHT]" >&2
    exit 64
fi
report=$(realpath "$1")
out=$(realpath -m "$2")
size=${3:-1280,1600}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "$0: chromium not found (apt-get install chromium)" >&2
    exit 2
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# --no-sandbox: chromium refuses to start as root otherwise (CI containers).
"$browser" --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
    --user-data-dir="$profile" --window-size="$size" --virtual-time-budget=2000 \
    --screenshot="$out" "file://$report" >/dev/null 2>&1
test -s "$out"
echo "$out"
