# Sourced by the bench scripts. start_server NAME COMMAND...: starts COMMAND in the background
# with its stdout in $work_dir/NAME.out and stderr in $work_dir/NAME.err, appends its pid to
# $pids, and waits (10 s at most) for its "listening on http://127.0.0.1:PORT" line; sets $port.
start_server() {
  local name=$1
  shift
  "$@" >"$work_dir/$name.out" 2>"$work_dir/$name.err" &
  pids+=("$!")
  for _ in $(seq 100); do
    port=$(sed -n 's|^listening on http://127\.0\.0\.1:\([0-9]*\)$|\1|p' "$work_dir/$name.out")
    [[ -n $port ]] && return 0
    sleep 0.1
  done
  echo "$(basename "$0"): $name did not start; its stderr:" >&2
  cat "$work_dir/$name.err" >&2
  exit 1
}
