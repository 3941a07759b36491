#!/usr/bin/env bash
# Write and read throughput of crm-server by storage engine, in one run: POST /api/leads and
# GET /api/leads?limit=50 with one server process on SQLite, one on PostgreSQL and two on one
# PostgreSQL database (a load balancer's view: wrk drives both processes at once, half the
# connections each, and the rates are added).
#
# usage: bench/db_load.sh BUILD_DIR
#   BUILD_DIR holds an already-built crm-server (Release: -DCMAKE_BUILD_TYPE=Release).
# environment: DURATION (default 10s), CONNECTIONS (32), WRK_THREADS (2), SERVER_WORKERS (8),
#   PG_DURABLE=1 keeps fsync and synchronous_commit on in the throwaway PostgreSQL cluster
#   (default off, like the test cluster; SQLite runs with synchronous=NORMAL in WAL mode).
# Starts a PostgreSQL cluster on a free loopback port in a temporary folder (scripts/pg-cluster.sh)
# and kills everything it started on exit.
set -euo pipefail

if [[ $# -ne 1 || ! -x $1/apps/crm-server ]]; then
  echo "usage: $0 BUILD_DIR   (with BUILD_DIR/apps/crm-server built)" >&2
  exit 2
fi
repo=$(cd "$(dirname "$0")/.." && pwd)
crm_server=$(cd "$1" && pwd)/apps/crm-server
duration=${DURATION:-10s}
connections=${CONNECTIONS:-32}
wrk_threads=${WRK_THREADS:-2}
server_workers=${SERVER_WORKERS:-8}
command -v wrk >/dev/null || { echo "db_load.sh: wrk is not installed" >&2; exit 2; }

work_dir=$(mktemp -d -t crm-dbload.XXXXXX)
pg_dir=$(mktemp -d /tmp/crm-dbload-pg.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  bash "$repo/scripts/pg-cluster.sh" stop "$pg_dir"
  rm -rf "$work_dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port=55600
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
pg_url=$(bash "$repo/scripts/pg-cluster.sh" start "$pg_dir" "$port")
if [[ ${PG_DURABLE:-0} == 1 ]]; then
  psql -q "$pg_url" -c "ALTER SYSTEM SET fsync = on" -c "ALTER SYSTEM SET synchronous_commit = on" \
    -c "SELECT pg_reload_conf()" >/dev/null
fi
psql -q "$pg_url" -c "CREATE DATABASE crm_bench" >/dev/null
pg_db=${pg_url%/postgres}/crm_bench

jwt_secret=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')

# start_server NAME COMMAND... (sets $port); crm_on NAME DATABASE starts crm-server on it.
source "$(dirname "${BASH_SOURCE[0]}")/start_server.sh"
crm_on() {
  JWT_SECRET=$jwt_secret BCRYPT_COST=4 start_server "$1" "$crm_server" --db "$2" \
    --data-dir "$work_dir/$1" --port 0 --workers "$server_workers" --worker-threads 0
}

# The first admin's token, and a contact for leads to point at (prints "TOKEN CONTACT_ID").
prepare() {
  local base=$1 setup token contact
  setup=$(curl -sS --max-time 10 -X PUT -H 'Content-Type: application/json' \
    --data '{"email":"bench@example.com","password":"bench-password","firstName":"Bench"}' "$base/api/auth")
  token=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' <<<"$setup")
  contact=$(curl -sS --max-time 10 -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $token" \
    --data '{"email":"lead-owner@example.com","firstName":"Lea"}' "$base/api/contacts")
  echo "$token $(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' <<<"$contact" | head -n 1)"
}

cat >"$work_dir/post_lead.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"contactId":"' .. os.getenv("CONTACT_ID") .. '","estimatedRevenue":"1250.00","source":"bench"}'
LUA

# wrk against each URL at once, connections split between them; prints the summed req/s and
# the first run's p99.
run_wrk() {
  local lua=$1 token=$2 path=$3
  shift 3
  local each=$((connections / $#)) i=0 outs=() wrk_pids=()
  for base in "$@"; do
    i=$((i + 1))
    CONTACT_ID=$contact timeout 60 wrk -t"$wrk_threads" -c"$each" -d"$duration" --latency \
      ${lua:+-s "$lua"} -H "Authorization: Bearer $token" "$base$path" >"$work_dir/wrk$i.txt" &
    wrk_pids+=("$!")
    outs+=("$work_dir/wrk$i.txt")
  done
  wait "${wrk_pids[@]}" 2>/dev/null || true
  local rps=0 p99 errors=0
  for f in "${outs[@]}"; do
    rps=$(awk -v a="$rps" '/^Requests\/sec:/ {printf "%.0f", a + $2}' "$f")
    # wrk prints the Non-2xx line only when there were some.
    errors=$((errors + $(awk '/Non-2xx or 3xx responses:/ {n = $NF} END {print n + 0}' "$f")))
  done
  p99=$(awk '$1 == "99%" {print $2}' "${outs[0]}")
  echo "$rps $p99 $errors"
}

row() { printf '%-48s %10s %10s %8s\n' "$@"; }
echo "machine: $(nproc) cores, $(uname -sr); wrk -t$wrk_threads -c$connections -d$duration;" \
  "crm-server --workers $server_workers; PostgreSQL durable: ${PG_DURABLE:-0}"
row setup req/s p99 non-2xx

measure() {
  local label=$1
  shift
  read -r token contact < <(prepare "$1")
  read -r rps p99 errors < <(run_wrk "$work_dir/post_lead.lua" "$token" /api/leads "$@")
  row "$label POST /api/leads" "$rps" "$p99" "$errors"
  read -r rps p99 errors < <(run_wrk "" "$token" "/api/leads?limit=50" "$@")
  row "$label GET /api/leads?limit=50" "$rps" "$p99" "$errors"
}

crm_on sqlite "sqlite:$work_dir/crm.db"
sqlite_base=http://127.0.0.1:$port
measure "SQLite, 1 process" "$sqlite_base"

crm_on pg1 "$pg_db"
pg1_base=http://127.0.0.1:$port
measure "PostgreSQL, 1 process" "$pg1_base"
kill "${pids[-1]}" && wait "${pids[-1]}" 2>/dev/null || true

psql -q "$pg_url" -c "DROP DATABASE crm_bench WITH (FORCE)" -c "CREATE DATABASE crm_bench" >/dev/null
crm_on pg2a "$pg_db"
pg2a_base=http://127.0.0.1:$port
crm_on pg2b "$pg_db"
pg2b_base=http://127.0.0.1:$port
measure "PostgreSQL, 2 processes" "$pg2a_base" "$pg2b_base"
