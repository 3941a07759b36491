#!/usr/bin/env bash
# End-to-end checks of the `crm` CLI against a fresh SQLite file: init, users, routes, lists,
# stage changes, --json output and exit codes. Usage: cli_test.sh PATH_TO_CRM
set -uo pipefail
crm=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db="sqlite:$dir/crm.db"
export BCRYPT_COST=4
source "$(dirname "$0")/lib.sh"

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
# Background jobs: a job of a kind nobody handles goes DEAD under `crm worker --once`; an operator
# sees it, retries it and cancels it.
sqlite3 "$dir/crm.db" "
  INSERT INTO jobs (id, kind, payload, status, attempts, max_attempts, run_at, created_at, updated_at)
    VALUES ('job1', 'email.nobody', '{\"to\":\"x\"}', 'QUEUED', 0, 8, 1, 1, 1);"
check "worker --once" "$crm" --db "$db" worker --once
check "the job went DEAD" bash -c "sqlite3 '$dir/crm.db' \"SELECT status FROM jobs WHERE id = 'job1'\" | grep -qx DEAD"
check "jobs list --status DEAD --json" "$crm" --db "$db" jobs list --status DEAD --json
output_has "the dead job is listed with its error" '"lastError":"no handler for kind email.nobody"'
check "jobs stats" "$crm" --db "$db" jobs stats
output_has "stats count the dead job by kind" "email.nobody"
check "jobs retry" "$crm" --db "$db" jobs retry job1
output_has "retry requeues" "job1 email.nobody QUEUED attempts 0/8"
check "jobs cancel --json" "$crm" --db "$db" jobs cancel job1 --json
output_has "cancel prints the job" '"status":"CANCELED"'
expect_exit "retry unknown job" 4 "$crm" --db "$db" jobs retry nope
expect_exit "jobs list bad status" 3 "$crm" --db "$db" jobs list --status NOPE
check "doctor finds the counts clean" "$crm" --db "$db" doctor --recount
output_has "clean counts" "list counts: clean"
sqlite3 "$dir/crm.db" "UPDATE list_counts SET n = n + 7 WHERE list = 'leads' AND bucket = 'WON'"
expect_exit "doctor reports a tampered count" 5 "$crm" --db "$db" doctor --recount
check "doctor --fix repairs it" "$crm" --db "$db" doctor --recount --fix
check "clean again" "$crm" --db "$db" doctor --recount
expect_exit "--fix needs --recount" 2 "$crm" --db "$db" doctor --fix
check "migrate copies into an empty database" "$crm" migrate --from "$db" --to "sqlite:$dir/copy.db"
output_has "copy verified" "verified:"
expect_exit "migrate refuses a non-empty target" 5 "$crm" migrate --from "$db" --to "sqlite:$dir/copy.db"
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
