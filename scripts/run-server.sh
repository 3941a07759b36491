#!/usr/bin/env bash
# Installs dependencies, builds libcrm (Release) and starts crm-server on an embedded SQLite
# database under ./data. Environment:
#   JWT_SECRET   session key (>= 32 bytes). When unset, one is generated once and kept in
#                data/.jwt_secret so restarts keep sessions valid.
#   PORT, HOST   listen address (default 127.0.0.1:3000)
#   CRM_DATABASE_URL  the database (default sqlite:data/crm.db); postgres://user:pass@host/db
#                runs on PostgreSQL, where several servers may share one database
#   BUILD_DIR    build folder (default build-release)
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
build_dir=${BUILD_DIR:-build-release}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCRM_BUILD_TESTS=OFF >/dev/null
cmake --build "$build_dir" --target crm-server crm-cli -j"$(nproc)"

mkdir -p data
if [[ -z "${JWT_SECRET:-}" ]]; then
  if [[ ! -s data/.jwt_secret ]]; then
    (umask 077 && openssl rand -hex 32 > data/.jwt_secret)
  fi
  JWT_SECRET=$(cat data/.jwt_secret)
  export JWT_SECRET
fi

db=${CRM_DATABASE_URL:-sqlite:data/crm.db}
cat >&2 <<MSG
libcrm: database ${db%%://*}
  create the first admin with either
    $build_dir/apps/crm --db $db init --email you@example.com --first-name You
  or
    curl -X PUT http://${HOST:-127.0.0.1}:${PORT:-3000}/api/auth -H 'Content-Type: application/json' \\
         -d '{"email":"you@example.com","password":"a-long-password","firstName":"You"}'
MSG
exec "$build_dir/apps/crm-server" --db "$db" --data-dir data --host "${HOST:-127.0.0.1}" --port "${PORT:-3000}"
