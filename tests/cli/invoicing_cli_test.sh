#!/usr/bin/env bash
# End-to-end checks of the invoicing commands of `crm` against a fresh SQLite file: invoices
# list --json, devices/sims import with per-row reports and exit codes, reference tables,
# settings. Usage: invoicing_cli_test.sh PATH_TO_CRM
set -uo pipefail
crm=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db="sqlite:$dir/crm.db"
export BCRYPT_COST=4
unset JWT_SECRET ENCRYPTION_KEY
source "$(dirname "$0")/lib.sh"
sql() { sqlite3 "$dir/crm.db" "$1"; }

check "init" "$crm" --db "$db" init --email owner@example.com --password a-long-password --first-name Olivia
check "invoices list --json (empty)" "$crm" --db "$db" invoices list --json
output_has "empty page" '"total":0'
sql "INSERT INTO companies (id, name, status, created_at, updated_at) VALUES ('co1', 'Acme Diner', 'LEAD', 1, 1);
     INSERT INTO invoices (id, number, company_id, status, total, amount_paid, payment_token, created_at, updated_at)
       VALUES ('inv1', 'INV-2026-0001', 'co1', 'SENT', 10000, 2500, 'tok', 1, 1);"
check "invoices list --json" "$crm" --db "$db" invoices list --json --status SENT
output_has "the invoice is listed" '"number":"INV-2026-0001"'
output_has "with its balance" '"balance":75'
check "invoices list table" "$crm" --db "$db" invoices list
output_has "table row" "INV-2026-0001"
expect_exit "bad status" 3 "$crm" --db "$db" invoices list --status LOST

printf '\xEF\xBB\xBFserialNumber,model,status\r\nSN-1,A920,\r\n"SN-2","Model, ""X""",IN_STOCK\r\nSN-1,,\r\nSN-3,,BROKEN\r\n' >"$dir/devices.csv"
expect_exit "devices import with an invalid row exits 3" 3 "$crm" --db "$db" devices import "$dir/devices.csv"
output_has "created row" "SN-1 .*created"
output_has "duplicate row" "SN-1 .*duplicate"
output_has "invalid row names its problem" "SN-3 .*invalid.*Invalid status: BROKEN"
output_has "summary" "2 created, 1 duplicates, 1 invalid"
check "quoted model with comma and quotes" bash -c "[[ \$(sqlite3 '$dir/crm.db' \"SELECT model FROM devices WHERE serial_number = 'SN-2'\") == 'Model, \"X\"' ]]"
printf 'serial\nSN-1\nSN-4\n' >"$dir/more.csv"
check "re-import skips duplicates (exit 0)" "$crm" --db "$db" devices import "$dir/more.csv" --json
output_has "json report" '"created":1,"duplicates":1,"invalid":0'
printf 'model\nA920\n' >"$dir/nocol.csv"
expect_exit "no serial column" 3 "$crm" --db "$db" devices import "$dir/nocol.csv"
expect_exit "missing file" 4 "$crm" --db "$db" devices import "$dir/nope.csv"
check "device count" bash -c "[[ \$(sqlite3 '$dir/crm.db' 'SELECT count(*) FROM devices') == 3 ]]"

printf 'iccid,carrier,phone\n8901 2601 2345 6789 012,Verizon,555-201-0000\n8901260123456789012,,\n' >"$dir/sims.csv"
check "sims import" "$crm" --db "$db" sims import "$dir/sims.csv"
output_has "sim created (ICCID normalized)" "8901260123456789012 .*created"
output_has "sim duplicate" "duplicate"
check "sim phone normalized" bash -c "[[ \$(sqlite3 '$dir/crm.db' 'SELECT phone_number FROM sims') == '+15552010000' ]]"

check "reference list" "$crm" --db "$db" reference list tax-rates
output_has "seeded rate" "8.875%"
check "reference add" "$crm" --db "$db" --json reference add payment-terms --name "Net 45" --value 45
output_has "added term" '"days":45'
id=$(sql "SELECT id FROM payment_terms WHERE name = 'Net 45'")
check "reference set" "$crm" --db "$db" reference set payment-terms "$id" --active false
check "retired term hidden" bash -c "! '$crm' --db '$db' reference list payment-terms | grep -q 'Net 45'"
check "retired term listed with --all" bash -c "'$crm' --db '$db' reference list payment-terms --all | grep -q 'Net 45'"
expect_exit "rate with too many decimals" 3 "$crm" --db "$db" reference add tax-rates --name X --value 1.2345
expect_exit "unknown table" 3 "$crm" --db "$db" reference list colors

check "settings set" "$crm" --db "$db" settings set alert_email Owner@Example.com
check "settings list --json" "$crm" --db "$db" settings list --json
output_has "normalized alert email" '"alert_email":"owner@example.com"'
expect_exit "a secret needs the server key" 3 "$crm" --db "$db" settings set qb_access_token abc
check "secret with the key" env JWT_SECRET=0123456789abcdef0123456789abcdef01 "$crm" --db "$db" settings set qb_access_token abc
check "secret sealed at rest" bash -c "sqlite3 '$dir/crm.db' \"SELECT value FROM settings WHERE key = 'qb_access_token'\" | grep -q '^v1:'"
check "settings unset" "$crm" --db "$db" settings unset alert_email

echo "$passed passed, $failed failed"
((failed == 0))
