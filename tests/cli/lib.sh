# Shared by the CLI test scripts: sourced after `dir` (a scratch folder) is set.
#   check NAME COMMAND...          passes when the command succeeds
#   expect_exit NAME CODE COMMAND... passes when the command exits with CODE
#   output_has NAME PATTERN        passes when the last command's stdout contains PATTERN
# Each counts into `passed` / `failed` and prints what a failure printed.
passed=0 failed=0

check() {
  local name=$1; shift
  if "$@" >"$dir/out" 2>"$dir/err"; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "FAIL: $name"; cat "$dir/out" "$dir/err"; fi
}
expect_exit() {
  local name=$1 code=$2; shift 2
  "$@" >"$dir/out" 2>"$dir/err"; local got=$?
  if [[ $got == "$code" ]]; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "FAIL: $name (exit $got, wanted $code)"; cat "$dir/out" "$dir/err"; fi
}
output_has() {
  if grep -q -- "$2" "$dir/out"; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "FAIL: $1"; cat "$dir/out"; fi
}
