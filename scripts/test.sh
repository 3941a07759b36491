#!/usr/bin/env bash
# Installs dependencies, builds everything (Debug) and runs the whole test suite through CTest,
# on SQLite and on PostgreSQL: a throwaway PostgreSQL cluster is started on a loopback port in a
# temporary folder for the run and stopped on exit, pass or fail.
#   BUILD_DIR   build folder (default build)
#   SANITIZE=1  build with AddressSanitizer + UndefinedBehaviorSanitizer (folder build-asan)
#   CRM_TEST_POSTGRES_URL  use this PostgreSQL server instead of starting one
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
if [[ "${SANITIZE:-0}" == 1 ]]; then
  build_dir=${BUILD_DIR:-build-asan}
  extra=(-DCRM_SANITIZE=ON)
else
  build_dir=${BUILD_DIR:-build}
  extra=()
fi
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug "${extra[@]}" >/dev/null
cmake --build "$build_dir" -j"$(nproc)"

if [[ -z ${CRM_TEST_POSTGRES_URL:-} ]]; then
  pg_dir=$(mktemp -d /tmp/crm-pg.XXXXXX)
  trap 'bash scripts/pg-cluster.sh stop "$pg_dir"' EXIT
  port=55432
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  CRM_TEST_POSTGRES_URL=$(bash scripts/pg-cluster.sh start "$pg_dir" "$port")
  export CRM_TEST_POSTGRES_URL
fi
ctest --test-dir "$build_dir" --output-on-failure -j"$(nproc)"
