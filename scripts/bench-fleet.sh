#!/usr/bin/env bash
# Fleet store benchmark on a throwaway PostgreSQL 15 cluster (scripts/pg-cluster.sh):
#  1. ingest: INGEST_HOSTS hosts x RUNS runs x FINDINGS findings written as spool files, sent by SHARDS
#     parallel `goose-audit fleet flush` processes (the real ingest path: decode, one transaction per run);
#  2. queries: a FULL_HOSTS x RUNS x FINDINGS fleet loaded with SQL (generate_series), then each `fleet`
#     command timed as an auditor.
# Defaults: INGEST_HOSTS=100 FULL_HOSTS=1000 RUNS=30 FINDINGS=50 SHARDS=4 CONFIG=debug.
set -euo pipefail
cd "$(dirname "$0")/.."
INGEST_HOSTS=${INGEST_HOSTS:-100} FULL_HOSTS=${FULL_HOSTS:-1000} RUNS=${RUNS:-30} FINDINGS=${FINDINGS:-50}
SHARDS=${SHARDS:-4} CONFIG=${CONFIG:-debug}
swift build -c "$CONFIG" --product goose-audit >/dev/null
bin=$(swift build -c "$CONFIG" --show-bin-path)/goose-audit
work=$(mktemp -d)
chmod 755 "$work"
trap 'scripts/pg-cluster.sh stop "$work/pg" || true; rm -rf "$work"' EXIT
admin=$(scripts/pg-cluster.sh start "$work/pg")
base=${admin%/postgres}
now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), goose-audit $CONFIG build, $(psql -X -At -d "$admin" -c 'SHOW server_version')"

# 1. Ingest through the real path.
psql -X -q -d "$admin" -c "CREATE DATABASE ingest"
"$bin" fleet migrate --store "$base/ingest" >/dev/null
python3 scripts/gen-fleet-spool.py "$work/spool" "$INGEST_HOSTS" "$RUNS" "$FINDINGS" "$SHARDS"
start=$(now)
for shard in $(seq 0 $((SHARDS - 1))); do
  "$bin" fleet flush --store "$base/ingest" --state-dir "$work/spool/state-$shard" >/dev/null 2>&1 &
done
wait
end=$(now)
runs=$(psql -X -At -d "$base/ingest" -c "SELECT count(*) FROM fleet.run")
findings=$(psql -X -At -d "$base/ingest" -c "SELECT count(*) FROM fleet.finding")
seconds=$(elapsed "$start" "$end")
echo "ingest: $INGEST_HOSTS hosts x $RUNS runs x $FINDINGS findings: $runs runs, $findings findings in ${seconds}s ($SHARDS senders)"
python3 -c "import sys; s=float(sys.argv[1]); r=int(sys.argv[2]); f=int(sys.argv[3]); print(f'ingest rate: {r/s:.0f} runs/s, {f/s:.0f} findings/s; 1000 x {sys.argv[4]} runs at this rate: {1000*int(sys.argv[4])/(r/s):.0f}s')" "$seconds" "$runs" "$findings" "$RUNS"

# 2. A full-size fleet for the read commands.
psql -X -q -d "$admin" -c "CREATE DATABASE fleet"
"$bin" fleet migrate --store "$base/fleet" >/dev/null
start=$(now)
psql -X -q -d "$base/fleet" <<SQL
INSERT INTO fleet.run (run_id, host_id, host_name, os, user_name, started_at, tool_version, roots, hardening_index, max_risk, finding_count, goose_versions)
SELECT md5('run' || h || '/' || r)::uuid, md5('host' || h), 'dev-' || h, 'Linux 6.1.0 x86_64', 'dev' || h,
       now() - (($RUNS - 1 - r) || ' days')::interval - (h % 600 || ' minutes')::interval, '0.1.0', '{goose}',
       40 + (h * 13 + r) % 60, 30 + h % 70, $FINDINGS, '{1.9.3}'
FROM generate_series(0, $FULL_HOSTS - 1) h, generate_series(0, $RUNS - 1) r;
INSERT INTO fleet.finding (run_id, fingerprint, rule_id, category, severity, risk, root, path, line, evidence, evidence_digest)
SELECT md5('run' || h || '/' || r)::uuid, md5(h || '/' || f || '/' || (r / 10)),
       (ARRAY['openai_api_key','goose_mode_auto','secrets_file_exposed','extension_all_tools_exposed','goose_directory_exposed',
              'session_db_secret','workflow_untrusted_input','prompt_injection_guard_off','extension_added'])[1 + (f + h) % 9],
       (ARRAY['secrets','permissions','filesystem','permissions','filesystem','cached-secrets','workflow','permissions','drift'])[1 + (f + h) % 9],
       (ARRAY['high','high','medium','medium','medium','high','high','low','low'])[1 + (f + h) % 9],
       30 + (f * 7 + h) % 70, 'goose', 'config/file' || f || '.yaml', f + 1, 'mode 0644', left(md5('e' || f), 12)
FROM generate_series(0, $FULL_HOSTS - 1) h, generate_series(0, $RUNS - 1) r, generate_series(0, $FINDINGS - 1) f;
INSERT INTO fleet.drift (run_id, key, value)
SELECT md5('run' || h || '/' || r)::uuid, k, CASE WHEN k LIKE 'mode:%' AND (h + r) % 29 = 0 THEN 'auto' WHEN k LIKE 'mode:%' THEN 'approve' ELSE 'stdio|true|ab12|||' END
FROM generate_series(0, $FULL_HOSTS - 1) h, generate_series(0, $RUNS - 1) r,
     unnest(ARRAY['mode:goose:config/config.yaml', 'extension:goose:config/config.yaml:dev']) k;
INSERT INTO fleet.drift (run_id, key, value)
SELECT md5('run' || h || '/' || r)::uuid, 'extension:goose:config/config.yaml:new', 'stdio|true|cd34|||'
FROM generate_series(0, $FULL_HOSTS - 1, 10) h, generate_series($RUNS - 2, $RUNS - 1) r;
ANALYZE;
CREATE ROLE bench_auditor LOGIN PASSWORD 'bench' IN ROLE goose_audit_auditor;
SQL
end=$(now)
echo "loaded with SQL: $(psql -X -At -d "$base/fleet" -c "SELECT count(*) FROM fleet.run") runs, $(psql -X -At -d "$base/fleet" -c "SELECT count(*) FROM fleet.finding") findings in $(elapsed "$start" "$end")s; database $(psql -X -At -d "$base/fleet" -c "SELECT pg_size_pretty(pg_database_size('fleet'))")"
auditor="postgres://bench_auditor:bench@${base#postgres://*@}/fleet"
for command in "fleet hosts" "fleet findings" "fleet drift --since 7d" "fleet report --format json" "fleet report --format markdown" "fleet report --format html"; do
  start=$(now)
  # shellcheck disable=SC2086
  "$bin" $command --store "$auditor" >"$work/out" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  end=$(now)
  echo "$command: $(elapsed "$start" "$end")s ($(wc -c <"$work/out") bytes)"
done
