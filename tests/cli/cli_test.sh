#!/usr/bin/env bash
# End-to-end checks of the `crm` CLI against a fresh SQLite file: init, users, routes, lists,
# stage changes, --json output and exit codes. Usage: cli_test.sh PATH_TO_CRM
set -uo pipefail
crm=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db="sqlite:$dir/crm.db"
export BCRYPT_COST=4
passed=0 failed=0

check() {  # check NAME COMMAND...: passes when the command succeeds
  local name=$1; shift
  if "$@" >"$dir/out" 2>"$dir/err"; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "FAIL: $name"; cat "$dir/out" "$dir/err"; fi
}
expect_exit() {  # expect_exit NAME CODE COMMAND...
  local name=$1 code=$2; shift 2
  "$@" >"$dir/out" 2>"$dir/err"; local got=$?
  if [[ $got == "$code" ]]; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "FAIL: $name (exit $got, wanted $code)"; cat "$dir/err"; fi
}
output_has() {  # output_has NAME PATTERN: the last command's stdout contains PATTERN
  if grep -q -- "$2" "$dir/out"; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "FAIL: $1"; cat "$dir/out"; fi
}

check "init" "$crm" --db "$db" init --email Owner@Example.com --password a-long-password --first-name Olivia
expect_exit "second init is refused" 6 "$crm" --db "$db" init --email x@example.com --password a-long-password --first-name X
check "invite" "$crm" --db "$db" users invite --email rep@example.com --first-name Ray --role REP
output_has "invite prints a temp password" "temporary password"
expect_exit "duplicate invite" 5 "$crm" --db "$db" users invite --email REP@example.com --first-name Ray
expect_exit "bad role is a usage error" 2 "$crm" --db "$db" users invite --email z@example.com --first-name Z --role BOSS
check "users list --json" "$crm" --db "$db" --json users list
output_has "json lists the owner" '"email":"owner@example.com"'
output_has "json lists the rep" '"email":"rep@example.com"'
check "deactivate by email" "$crm" --db "$db" users deactivate rep@example.com
check "users list shows inactive" bash -c "'$crm' --db '$db' users list | grep rep@example.com | grep -q ' no '"
expect_exit "deactivate unknown" 4 "$crm" --db "$db" users deactivate nobody@example.com
check "routes" "$crm" routes
output_has "routes list the auth route" "/api/auth"
check "companies list --json" "$crm" --db "$db" --json companies list
output_has "empty company page" '"total":0'
check "leads list" "$crm" --db "$db" leads list --stage NEW_LEAD
expect_exit "leads list bad stage" 3 "$crm" --db "$db" leads list --stage NOPE
expect_exit "stage of unknown lead" 4 "$crm" --db "$db" leads stage nope WON
# A company with a contact and an open lead, written straight into the database.
sqlite3 "$dir/crm.db" "
  INSERT INTO companies (id, name, status, created_at, updated_at) VALUES ('co1', 'Acme Diner', 'LEAD', 1, 1);
  INSERT INTO contacts (id, company_id, first_name, last_name, full_name, email, email_normalized, created_at, updated_at)
    VALUES ('ct1', 'co1', 'Dana', 'Diner', 'Dana Diner', 'dana@acme.test', 'dana@acme.test', 1, 1);
  INSERT INTO leads (id, contact_id, company_id, stage, created_at, updated_at) VALUES ('ld1', 'ct1', 'co1', 'NEGOTIATING', 1, 1);"
check "leads list --json" "$crm" --db "$db" --json leads list --search acme
output_has "the lead is listed" '"id":"ld1"'
check "contacts list" "$crm" --db "$db" contacts list --search dana
output_has "the contact is listed" "Dana Diner"
check "leads stage WON" "$crm" --db "$db" leads stage ld1 WON
output_has "stage printed" "ld1 -> WON"
check "companies list after the win" "$crm" --db "$db" --json companies list --status CUSTOMER
output_has "winning moved the company to CUSTOMER" '"name":"Acme Diner"'
check "stage change was logged" bash -c "sqlite3 '$dir/crm.db' \"SELECT count(*) FROM activities WHERE type = 'stage_changed' AND lead_id = 'ld1'\" | grep -qx 1"
# crm import leads: dry run, JSON per row, exit 3 when a row is in error.
printf 'name,phone,website,notes\r\nAcme Tacos,512-555-0100,acmetacos.com,x\r\nBroken,12,,\r\n' >"$dir/leads.csv"
expect_exit "import dry run with a row in error" 3 "$crm" --db "$db" import leads "$dir/leads.csv" --icp icp-restaurant --dry-run
output_has "dry run summary" "nothing was written"
output_has "the error row is listed" "phone must be a valid phone number"
output_has "ignored columns are named" "ignored columns: notes"
check "the dry run wrote nothing" bash -c "sqlite3 '$dir/crm.db' \"SELECT count(*) FROM companies WHERE name = 'Acme Tacos'\" | grep -qx 0"
expect_exit "import --json" 3 "$crm" --db "$db" import leads "$dir/leads.csv" --icp icp-restaurant --json
output_has "json has a row per line" '"line":3,"status":"error"'
check "the import wrote the company" bash -c "sqlite3 '$dir/crm.db' \"SELECT icp_tag FROM companies WHERE name = 'Acme Tacos'\" | grep -qx icp-restaurant"
printf 'name,phone\nClean Co,512-555-0199\n' >"$dir/clean.csv"
check "a clean import exits 0" "$crm" --db "$db" import leads "$dir/clean.csv" --icp icp-restaurant --assign-rep owner@example.com
output_has "summary table" "CREATED"
expect_exit "unknown ICP tag" 3 "$crm" --db "$db" import leads "$dir/clean.csv" --icp icp-nope
expect_exit "missing file" 4 "$crm" --db "$db" import leads "$dir/nope.csv" --icp icp-restaurant
expect_exit "--icp is required" 2 "$crm" --db "$db" import leads "$dir/clean.csv"
expect_exit "no subcommand" 2 "$crm" --db "$db"

echo "$passed passed, $failed failed"
((failed == 0))
