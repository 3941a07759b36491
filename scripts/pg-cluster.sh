#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback for tests and benchmarks.
#
#   scripts/pg-cluster.sh start DIR [PORT]   initdb in DIR (new), start it on 127.0.0.1:PORT
#                                            (default 55432), print its URL
#   scripts/pg-cluster.sh stop DIR           stop it and delete DIR
#
# Uses Debian's postgresql package (scripts/install-deps.sh installs it). Run as root, the
# server runs as the `postgres` user (PostgreSQL refuses to run as root). Trust authentication
# on loopback only: this cluster holds test data and lives as long as the run that made it.
set -euo pipefail

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -n $pg_bin ]] || { echo "pg-cluster.sh: PostgreSQL server not installed" >&2; exit 1; }

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case ${1:-} in
  start)
    dir=${2:?usage: $0 start DIR [PORT]}
    port=${3:-55432}
    mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$dir"
    as_owner "$pg_bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --no-locale >/dev/null
    as_owner "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
      start >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    dir=${2:?usage: $0 stop DIR}
    if [[ -d $dir/data ]]; then
      as_owner "$pg_bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start DIR [PORT] | stop DIR" >&2
    exit 2
    ;;
esac
