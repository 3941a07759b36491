#!/usr/bin/env bash
# Installs dependencies, builds everything (Debug) and runs the whole test suite through CTest.
#   BUILD_DIR   build folder (default build)
#   SANITIZE=1  build with AddressSanitizer + UndefinedBehaviorSanitizer (folder build-asan)
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
ctest --test-dir "$build_dir" --output-on-failure -j"$(nproc)"
