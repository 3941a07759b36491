#!/usr/bin/env bash
# Load test of crm-server against the ceiling of a no-op Beast server, with wrk, on loopback.
#
# usage: bench/load.sh BUILD_DIR
#   BUILD_DIR holds already-built crm-server and noop_beast_server (configure with
#   -DCRM_BUILD_BENCH=ON -DCMAKE_BUILD_TYPE=Release). This script builds nothing.
# environment: DURATION (default 10s), CONNECTIONS (32), WRK_THREADS (2),
#   SERVER_THREADS (crm-server I/O threads and noop_beast_server threads; default: number of
#   cores), SERVER_WORKERS (crm-server request handler threads; default: crm-server's own,
#   4 x cores).
#
# Starts crm-server on a temporary SQLite database and a free port, creates the first admin
# through PUT /api/auth, seeds LEADS leads (default 200) through POST /api/import (a company,
# a contact and a lead with its score each) plus, with the sqlite3 shell, two active tags and
# two open tasks per lead, runs wrk against the no-op server, GET /api/health,
# GET /api/users/me (Bearer token), GET /api/leads?limit=50 and the no-op server again, and
# prints requests/sec and the ratio to the no-op ceiling. About 55 s with the defaults.
# Everything it starts is killed on exit.
set -euo pipefail

if [[ $# -ne 1 || ! -d $1 ]]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
build_dir=$1
duration=${DURATION:-10s}
connections=${CONNECTIONS:-32}
wrk_threads=${WRK_THREADS:-2}
server_threads=${SERVER_THREADS:-$(nproc)}
server_workers=${SERVER_WORKERS:-$((4 * $(nproc)))}

# The binary at DIR/apps or DIR/bench (the project's layout), else the only one below DIR.
find_binary() {
  local name=$1 subdir=$2 path found
  for path in "$build_dir/$subdir/$name" "$build_dir/main/$subdir/$name"; do
    [[ -x $path ]] && { echo "$path"; return; }
  done
  found=$(find "$build_dir" -maxdepth 4 -type f -name "$name" -perm -u+x)
  if [[ -z $found || $(wc -l <<<"$found") -ne 1 ]]; then
    echo "load.sh: expected exactly one $name under $build_dir, found: ${found:-none}" >&2
    exit 2
  fi
  echo "$found"
}
crm_server=$(find_binary crm-server apps)
noop_server=$(find_binary noop_beast_server bench)
command -v wrk >/dev/null || { echo "load.sh: wrk is not installed" >&2; exit 2; }
command -v curl >/dev/null || { echo "load.sh: curl is not installed" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "load.sh: sqlite3 is not installed" >&2; exit 2; }
leads=${LEADS:-200}

work_dir=$(mktemp -d -t crm-load.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work_dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_server NAME COMMAND...
source "$(dirname "${BASH_SOURCE[0]}")/start_server.sh"

# Runs wrk and prints "REQUESTS_PER_SEC LATENCY_AVG LATENCY_P99 NON_2XX".
run_wrk() {
  local url=$1
  shift
  local out
  out=$(timeout 60 wrk -t"$wrk_threads" -c"$connections" -d"$duration" --latency "$@" "$url")
  local rps avg p99 errors
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  avg=$(awk '$1 == "Latency" {print $2; exit}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$out")
  echo "$rps $avg $p99 ${errors:-0}"
}

jwt_secret=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
JWT_SECRET=$jwt_secret BCRYPT_COST=4 start_server crm-server "$crm_server" \
  --db "sqlite:$work_dir/crm.db" --data-dir "$work_dir/data" --port 0 \
  --threads "$server_threads" --workers "$server_workers"
crm_port=$port
start_server noop "$noop_server" --port 0 --threads "$server_threads"
noop_port=$port

setup=$(curl -sS --max-time 10 -X PUT -H 'Content-Type: application/json' \
  --data '{"email":"bench@example.com","password":"bench-password","firstName":"Bench"}' \
  "http://127.0.0.1:$crm_port/api/auth")
token=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' <<<"$setup")
if [[ -z $token ]]; then
  echo "load.sh: PUT /api/auth did not return a token: $setup" >&2
  exit 1
fi

source "$(dirname "${BASH_SOURCE[0]}")/lead_page_seed.sh"
seed_lead_page "$crm_port" "$token" "$work_dir/crm.db" "$leads"

echo "machine: $(nproc) cores, $(uname -sr); wrk -t$wrk_threads -c$connections -d$duration;" \
  "server threads: $server_threads I/O, $server_workers workers"
echo "binaries: $crm_server $noop_server"
echo "load: $(uptime | sed 's/.*load average: //') (1, 5, 15 min) before the runs"
# The ceiling runs first and last: if the two differ much, something else used the CPU during
# the run and the numbers are not comparable.
read -r noop_rps noop_avg noop_p99 noop_err < <(run_wrk "http://127.0.0.1:$noop_port/")
read -r health_rps health_avg health_p99 health_err < <(run_wrk \
  "http://127.0.0.1:$crm_port/api/health")
read -r me_rps me_avg me_p99 me_err < <(run_wrk "http://127.0.0.1:$crm_port/api/users/me" \
  -H "Authorization: Bearer $token")
read -r leads_rps leads_avg leads_p99 leads_err < <(run_wrk \
  "http://127.0.0.1:$crm_port/api/leads?limit=50" -H "Authorization: Bearer $token")
read -r noop2_rps noop2_avg noop2_p99 noop2_err < <(run_wrk "http://127.0.0.1:$noop_port/")
ceiling=$(awk -v a="$noop_rps" -v b="$noop2_rps" 'BEGIN { printf "%.2f", (a + b) / 2 }')

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
row() { printf '%-36s %12s %10s %10s %8s %8s\n' "$@"; }
row target req/s avg p99 non-2xx ratio
row "noop_beast_server GET / (1st)" "$noop_rps" "$noop_avg" "$noop_p99" "$noop_err" \
  "$(ratio "$noop_rps" "$ceiling")"
row "crm-server GET /api/health" "$health_rps" "$health_avg" "$health_p99" "$health_err" \
  "$(ratio "$health_rps" "$ceiling")"
row "crm-server GET /api/users/me" "$me_rps" "$me_avg" "$me_p99" "$me_err" \
  "$(ratio "$me_rps" "$ceiling")"
row "crm-server GET /api/leads?limit=50" "$leads_rps" "$leads_avg" "$leads_p99" "$leads_err" \
  "$(ratio "$leads_rps" "$ceiling")"
row "noop_beast_server GET / (2nd)" "$noop2_rps" "$noop2_avg" "$noop2_p99" "$noop2_err" \
  "$(ratio "$noop2_rps" "$ceiling")"
echo "load: $(uptime | sed 's/.*load average: //') (1, 5, 15 min) after the runs"
echo "ratio = req/s divided by the ceiling, the mean of the two noop runs ($ceiling req/s)"
