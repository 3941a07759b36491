#!/usr/bin/env bash
# Installs every build and test dependency of libcrm from Debian packages.
# Idempotent: packages already present are not reinstalled.
#
# libphonenumber-dev cannot be installed beside Boost 1.81 on Debian 12: it depends on
# libboost-thread-dev, which pulls in Boost 1.74 and conflicts with libboost1.81-dev.
# Its headers do not need Boost, so we install the runtime library (libphonenumber8) and
# unpack only the headers of libphonenumber-dev into $CRM_DEPS_PREFIX (default
# /opt/libcrm-deps), where CMake looks for them.
set -euo pipefail

prefix=${CRM_DEPS_PREFIX:-/opt/libcrm-deps}
packages=(
  build-essential cmake ninja-build ccache pkg-config git curl sqlite3 openssl
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libsqlitecpp-dev libpq-dev libssl-dev libcurl4-openssl-dev
  doctest-dev libcrypt-dev libcli11-dev libcmark-dev libhowardhinnant-date-dev
  libphonenumber8 libprotobuf-dev libabsl-dev libmimalloc-dev
  libbenchmark-dev wrk
  postgresql
)

SUDO=""
[[ $(id -u) -ne 0 ]] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
updated=0
if ((${#missing[@]})); then
  $SUDO apt-get update -qq
  updated=1
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [[ ! -f "$prefix/include/phonenumbers/phonenumberutil.h" && ! -f /usr/include/phonenumbers/phonenumberutil.h ]]; then
  ((updated)) || $SUDO apt-get update -qq
  work=$(mktemp -d)
  (cd "$work" && apt-get download libphonenumber-dev >/dev/null)
  dpkg-deb -x "$work"/libphonenumber-dev_*.deb "$work/root"
  $SUDO mkdir -p "$prefix"
  $SUDO cp -r "$work/root/usr/include" "$prefix/"
  rm -rf "$work"
fi
