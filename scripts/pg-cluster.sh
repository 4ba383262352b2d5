#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests and benchmarks: initdb in DIR as an unprivileged user,
# listening on 127.0.0.1 (a free port) and a unix socket in DIR, password (SCRAM) for TCP logins.
#   scripts/pg-cluster.sh start DIR    creates (if needed) and starts it; prints the admin URL
#   scripts/pg-cluster.sh stop DIR     stops it (fast shutdown); DIR stays
#   scripts/pg-cluster.sh url DIR      prints the admin URL again
# As root, the server runs as the system user goose-audit-pg (created if missing) through runuser.
set -euo pipefail
command=${1:?usage: $0 start|stop|url DIR}
dir=${2:?usage: $0 start|stop|url DIR}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x "$bin/initdb" ]] || { echo "$0: PostgreSQL server binaries not found (scripts/bootstrap installs postgresql-15)" >&2; exit 2; }

as_owner() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u goose-audit-pg -- "$@"; else "$@"; fi
}

case "$command" in
start)
  # The server outlives this script: it must not keep any descriptor the caller waits on (a pipe, or the
  # socket Foundation's Process watches to learn that its child exited).
  for fd in /proc/$$/fd/*; do
    fd=${fd##*/}
    if [[ "$fd" -gt 2 ]]; then eval "exec $fd>&-" 2>/dev/null || true; fi
  done
  mkdir -p "$dir"
  if [[ "$(id -u)" == 0 ]]; then
    id goose-audit-pg >/dev/null 2>&1 || useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin goose-audit-pg
    chown goose-audit-pg: "$dir"
    runuser -u goose-audit-pg -- test -w "$dir" || { echo "$0: goose-audit-pg cannot reach $dir (make its parents traversable)" >&2; exit 2; }
  fi
  chmod 700 "$dir"
  if [[ ! -f "$dir/data/PG_VERSION" ]]; then
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
    echo "$password" > "$dir/pw"
    echo "$port" > "$dir/port"
    [[ "$(id -u)" == 0 ]] && chown goose-audit-pg: "$dir/pw" "$dir/port"
    as_owner "$bin/initdb" -D "$dir/data" -U goose_admin --pwfile="$dir/pw" -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 --no-instructions >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 2; }
  fi
  port=$(cat "$dir/port")
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" start >/dev/null \
    || { tail -20 "$dir/server.log" >&2; exit 2; }
  echo "postgres://goose_admin:$(cat "$dir/pw")@127.0.0.1:$port/postgres"
  ;;
stop)
  [[ -f "$dir/data/postmaster.pid" ]] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
  ;;
url)
  echo "postgres://goose_admin:$(cat "$dir/pw")@127.0.0.1:$(cat "$dir/port")/postgres"
  ;;
*)
  echo "usage: $0 start|stop|url DIR" >&2; exit 64
  ;;
esac
