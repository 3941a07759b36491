#!/usr/bin/env bash
# Resident memory of crm-server after it has served every list of a large database: the lead,
# company and activity lists (page 1, a stage filter, a search, a deep page) as admin and as a
# rep, the pipeline and the dashboard. The database is one that bench/list_bench seeded and kept:
#
#   BUILD_DIR/bench/list_bench --rows=1000000 --keep-db --benchmark_filter=NONE
#   bench/list_rss.sh BUILD_DIR /tmp/crm_list_bench_PID.db
#
# The bench users have no password, so the script signs its own session tokens (HS256, the
# server's claims) with the secret it starts the server with. Prints VmRSS and VmHWM.
set -euo pipefail

if [[ $# -ne 2 || ! -x $1/apps/crm-server || ! -f $2 ]]; then
  echo "usage: $0 BUILD_DIR DATABASE_FILE   (a database kept by list_bench --keep-db)" >&2
  exit 2
fi
crm_server=$(cd "$1" && pwd)/apps/crm-server
db=$2
work_dir=$(mktemp -d -t crm-listrss.XXXXXX)
server_pid=
cleanup() {
  [[ -n $server_pid ]] && { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
  rm -rf "$work_dir"
}
trap cleanup EXIT

secret=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
token_for() {  # user id, role
  local now header payload signature
  now=$(date +%s)
  header=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
  payload=$(printf '{"userId":"%s","email":"%s@bench.example","role":"%s","iat":%d,"exp":%d,"tv":0}' \
    "$1" "$1" "$2" "$now" $((now + 3600)) | b64url)
  signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -hmac "$secret" -binary | b64url)
  printf '%s.%s.%s' "$header" "$payload" "$signature"
}

pids=()
source "$(dirname "${BASH_SOURCE[0]}")/start_server.sh"
JWT_SECRET=$secret start_server crm "$crm_server" --db "sqlite:$db" --data-dir "$work_dir" --port 0
server_pid=${pids[0]}
base=http://127.0.0.1:$port

rss() { awk -v k="$1:" '$1 == k { print $2 / 1024 " MiB" }' "/proc/$server_pid/status"; }
echo "after start: VmRSS $(rss VmRSS)"
for who in "admin ADMIN" "rep-1 REP"; do
  set -- $who
  token=$(token_for "$1" "$2")
  for path in '/api/leads?limit=50' '/api/leads?limit=50&stage=QUALIFIED' \
    '/api/leads?limit=50&search=owner0777' '/api/leads?limit=50&page=1000' \
    '/api/companies?limit=50' '/api/companies?limit=50&search=bakery' \
    '/api/companies?limit=50&page=1000' '/api/activities?limit=50' \
    '/api/activities?limit=50&page=1000' '/api/pipeline' '/api/dashboard'; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$base$path")
    [[ $code == 200 ]] || { echo "GET $path as $1: HTTP $code" >&2; exit 1; }
  done
done
echo "after every list as admin and rep: VmRSS $(rss VmRSS), peak VmHWM $(rss VmHWM)"
