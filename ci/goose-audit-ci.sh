#!/usr/bin/env bash
# The logic behind action.yml (GitHub Actions) and ci/gitlab/goose-audit.gitlab-ci.yml, kept in one script so
# the tests run it in a simulated CI environment.
#
#   ci/goose-audit-ci.sh install      install a release tarball: GOOSE_AUDIT_TARBALL_URL (+ GOOSE_AUDIT_SHA256) into
#                                     GOOSE_AUDIT_PREFIX (default $RUNNER_TEMP/goose-audit or /tmp/goose-audit)
#   ci/goose-audit-ci.sh scan         run the gate; exits with goose-audit's code after writing every report
#
# The policy a pull request cannot weaken: GOOSE_AUDIT_POLICY_REF (a protected commit, e.g. the PR's base) is
# where .goose-audit.yaml and the baseline are read from (`git show REF:path`), never the checked-out tree.
# Without a policy there, an empty policy is used, so a .goose-audit.yaml added by the PR is ignored.
# Settings (environment): GOOSE_AUDIT_PATHS (default .), GOOSE_AUDIT_FAIL_ON (default high),
# GOOSE_AUDIT_POLICY_FILE (default .goose-audit.yaml), GOOSE_AUDIT_BASELINE_FILE (default .goose-audit.baseline.json),
# GOOSE_AUDIT_STRICT=true (ignore inline suppressions), GOOSE_AUDIT_OUTPUT_DIR, GOOSE_AUDIT_BIN.
set -uo pipefail

work="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/goose-audit"
bin="${GOOSE_AUDIT_BIN:-goose-audit}"

fail() { echo "goose-audit-ci: $*" >&2; exit 2; }

install_release() {
  local url="${GOOSE_AUDIT_TARBALL_URL:-}" prefix="${GOOSE_AUDIT_PREFIX:-$work}"
  [[ -n "$url" ]] || fail "set GOOSE_AUDIT_TARBALL_URL to a goose-audit-VERSION-linux-ARCH.tar.gz (made by scripts/release)"
  mkdir -p "$prefix" || fail "cannot create $prefix"
  local tarball="$prefix/goose-audit.tar.gz"
  curl -fsSL --proto '=https,file' -o "$tarball" "$url" || fail "cannot download $url"
  if [[ -n "${GOOSE_AUDIT_SHA256:-}" ]]; then
    echo "$GOOSE_AUDIT_SHA256  $tarball" | sha256sum -c --quiet - || fail "SHA-256 of $url does not match GOOSE_AUDIT_SHA256"
  else
    echo "goose-audit-ci: warning: GOOSE_AUDIT_SHA256 not set; the tarball is not verified" >&2
  fi
  tar -xzf "$tarball" --strip-components=1 --no-same-owner -C "$prefix" || fail "cannot unpack $url"
  rm -f "$tarball"
  [[ -n "${GITHUB_PATH:-}" ]] && echo "$prefix/bin" >> "$GITHUB_PATH"
  "$prefix/bin/goose-audit" --version
}

# Writes the protected policy and baseline into $work and prints the scan options that use them.
policy_options() {
  local ref="${GOOSE_AUDIT_POLICY_REF:-}" policy="$work/policy.yaml" baseline="$work/baseline.json"
  : > "$policy"
  if [[ -n "$ref" ]]; then
    git cat-file -e "$ref^{commit}" 2>/dev/null || git fetch --quiet --depth=1 origin "$ref" 2>/dev/null \
      || fail "policy ref $ref is not available (fetch the base commit)"
    git show "$ref:${GOOSE_AUDIT_POLICY_FILE:-.goose-audit.yaml}" > "$policy" 2>/dev/null || : > "$policy"
    if git show "$ref:${GOOSE_AUDIT_BASELINE_FILE:-.goose-audit.baseline.json}" > "$baseline" 2>/dev/null; then
      printf '%s\n' --baseline "$baseline"
    fi
  fi
  printf '%s\n' --config "$policy"
  [[ "${GOOSE_AUDIT_STRICT:-false}" == true ]] && printf '%s\n' --no-inline-suppressions
  return 0
}

scan() {
  mkdir -p "$work" || fail "cannot create $work"
  local out="${GOOSE_AUDIT_OUTPUT_DIR:-$work/reports}"
  mkdir -p "$out" || fail "cannot create $out"
  local options
  mapfile -t options < <(policy_options) || exit 2
  [[ ${#options[@]} -gt 0 ]] || exit 2
  local paths
  read -r -a paths <<< "${GOOSE_AUDIT_PATHS:-.}"
  local reports=(--format sarif --output "$out/goose-audit.sarif" --format json --output "$out/goose-audit.json"
    --format markdown --output "$out/goose-audit.md" --format junit --output "$out/goose-audit.xml"
    --format html --output "$out/goose-audit.html")
  "$bin" scan "${paths[@]}" "${options[@]}" --fail-on "${GOOSE_AUDIT_FAIL_ON:-high}" "${reports[@]}"
  local status=$?
  if [[ -n "${GITHUB_STEP_SUMMARY:-}" && -f "$out/goose-audit.md" ]]; then cat "$out/goose-audit.md" >> "$GITHUB_STEP_SUMMARY"; fi
  if [[ -n "${GITHUB_OUTPUT:-}" ]]; then
    { echo "sarif=$out/goose-audit.sarif"; echo "report-dir=$out"; echo "exit-code=$status"; } >> "$GITHUB_OUTPUT"
  fi
  if [[ -n "${CI_PROJECT_DIR:-}" ]]; then
    # GitLab collects artifacts only from inside the project directory.
    mkdir -p "$CI_PROJECT_DIR/goose-audit-reports" && cp "$out"/goose-audit.* "$CI_PROJECT_DIR/goose-audit-reports/"
  fi
  case $status in
    0) echo "goose-audit-ci: passed (nothing at or above ${GOOSE_AUDIT_FAIL_ON:-high})" >&2 ;;
    1) echo "goose-audit-ci: findings at or above ${GOOSE_AUDIT_FAIL_ON:-high}; see the reports in $out" >&2 ;;
    *) echo "goose-audit-ci: the scan could not be completed (exit $status)" >&2 ;;
  esac
  exit "$status"
}

case "${1:-}" in
  install) install_release ;;
  scan) scan ;;
  *) fail "usage: goose-audit-ci.sh install|scan" ;;
esac
