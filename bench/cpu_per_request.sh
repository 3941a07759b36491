#!/usr/bin/env bash
# Server CPU time per request (user + system, from /proc/PID/stat) under wrk, for the no-op
# Beast server, GET /api/health, GET /api/users/me and GET /api/leads?limit=50 (load.sh's seed:
# LEADS leads, default 200): a figure that, unlike req/s, barely moves when other work shares
# the machine (it counts the server's own cycles, not its share).
#
# usage: bench/cpu_per_request.sh BUILD_DIR   (BUILD_DIR/apps/crm-server, BUILD_DIR/bench/noop_beast_server)
# environment: DURATION (default 5s), CONNECTIONS (32), SERVER_THREADS (2), LEADS (200)
set -euo pipefail
build_dir=${1:?usage: $0 BUILD_DIR}
duration=${DURATION:-5s}
connections=${CONNECTIONS:-32}
threads=${SERVER_THREADS:-2}
work_dir=$(mktemp -d -t crm-cpu.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work_dir"
}
trap cleanup EXIT

# start_server NAME COMMAND...
source "$(dirname "${BASH_SOURCE[0]}")/start_server.sh"

JWT_SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') BCRYPT_COST=4 start_server crm \
  "$build_dir/apps/crm-server" --db "sqlite:$work_dir/crm.db" --data-dir "$work_dir/data" \
  --port 0 --threads "$threads"
crm_pid=${pids[-1]} crm_port=$port
start_server noop "$build_dir/bench/noop_beast_server" --port 0 --threads "$threads"
noop_pid=${pids[-1]} noop_port=$port
token=$(curl -sS --max-time 10 -X PUT -H 'Content-Type: application/json' \
  --data '{"email":"bench@example.com","password":"bench-password","firstName":"Bench"}' \
  "http://127.0.0.1:$crm_port/api/auth" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
source "$(dirname "${BASH_SOURCE[0]}")/lead_page_seed.sh"
seed_lead_page "$crm_port" "$token" "$work_dir/crm.db" "${LEADS:-200}"

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# Prints "NAME REQ/S CPU-µs/request" for wrk against URL, counting the CPU of process PID.
measure() {
  local name=$1 pid=$2
  shift 2
  local before after out
  before=$(ticks "$pid")
  out=$(wrk -t2 -c"$connections" -d"$duration" "$@")
  after=$(ticks "$pid")
  awk -v name="$name" -v a="$before" -v b="$after" -v hz="$(getconf CLK_TCK)" \
    '/requests in/ {n = $1} /^Requests\/sec/ {r = $2}
     END {printf "%-22s %10.0f req/s %8.2f us CPU/request\n", name, r, (b - a) / hz * 1e6 / n}' <<<"$out"
}
echo "load: $(uptime | sed 's/.*load average: //') before the runs"
measure "noop GET / (1st)" "$noop_pid" "http://127.0.0.1:$noop_port/"
measure "GET /api/health" "$crm_pid" "http://127.0.0.1:$crm_port/api/health"
measure "GET /api/users/me" "$crm_pid" "http://127.0.0.1:$crm_port/api/users/me" \
  -H "Authorization: Bearer $token"
measure "GET /api/leads?limit=50" "$crm_pid" "http://127.0.0.1:$crm_port/api/leads?limit=50" \
  -H "Authorization: Bearer $token"
measure "noop GET / (2nd)" "$noop_pid" "http://127.0.0.1:$noop_port/"
