#!/usr/bin/env bash
# End-to-end checks of the sales-automation commands of `crm` against a fresh SQLite file:
# tags list, leads tag/untag, sequences list/show, runs list, tasks list (tables, --json,
# filters, exit codes). Usage: automation_cli_test.sh PATH_TO_CRM
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
sql "INSERT INTO contacts (id, first_name, last_name, full_name, email, phone_e164, is_sms_eligible, created_at, updated_at)
       VALUES ('ct1', 'Dana', 'Diaz', 'Dana Diaz', 'dana@x.com', '+12125550100', 1, 1, 1);
     INSERT INTO leads (id, contact_id, stage, created_at, updated_at) VALUES ('ld1', 'ct1', 'NEW_LEAD', 1, 1);"

check "tags list" "$crm" --db "$db" tags list --category PRECALL
output_has "precall tags" "left-voicemail"
expect_exit "unknown category" 3 "$crm" --db "$db" tags list --category HOT
check "tags list --json" "$crm" --db "$db" tags list --json
output_has "json tag" '"slug":"dnc"'

check "leads tag" "$crm" --db "$db" leads tag ld1 no-answer
output_has "applied" "applied no-answer"
output_has "a run started" "sequence run .* next step at"
check "leads tag again --json" "$crm" --db "$db" leads tag ld1 no-answer --json
output_has "already active" '"applied":false'
expect_exit "unknown tag" 4 "$crm" --db "$db" leads tag ld1 nope
expect_exit "unknown lead" 4 "$crm" --db "$db" leads tag missing won
check "one run" bash -c "[[ \$(sqlite3 '$dir/crm.db' \"SELECT count(*) FROM sequence_runs WHERE lead_id = 'ld1' AND status = 'ACTIVE'\") == 1 ]]"

check "sequences list" "$crm" --db "$db" sequences list
output_has "no-answer has one active run" "no-answer .* 1$"
check "sequences show" "$crm" --db "$db" sequences show no-answer
output_has "steps" "1. +5 min SEND_SMS .*no-answer-sms"
output_has "branches" "NOT_SMS_ELIGIBLE -> 2"
expect_exit "unknown sequence" 4 "$crm" --db "$db" sequences show nope
check "sequences show --json" "$crm" --db "$db" sequences show spoke-send-info --json
output_has "json steps" '"templateSlug":"spoke-send-info-email"'

check "runs list --status ACTIVE" "$crm" --db "$db" runs list --status ACTIVE
output_has "active run" "no-answer .*ACTIVE"
check "runs list --json" "$crm" --db "$db" runs list --json
output_has "json run" '"tagSlug":"no-answer"'
expect_exit "bad status" 3 "$crm" --db "$db" runs list --status DONE

check "tasks list --mine" "$crm" --db "$db" tasks list --mine
output_has "precreated task" "Call again (no answer)"
check "tasks list --json" "$crm" --db "$db" tasks list --json --completed false
output_has "json task" '"sequenceRunId"'
expect_exit "bad completed" 3 "$crm" --db "$db" tasks list --completed maybe

check "leads untag" "$crm" --db "$db" leads untag ld1 no-answer
check "run canceled" "$crm" --db "$db" runs list --status CANCELED
output_has "tag_removed" "tag_removed"
expect_exit "untag again" 4 "$crm" --db "$db" leads untag ld1 no-answer

echo "automation CLI: $passed passed, $failed failed"
[[ $failed == 0 ]]
