# Sourced by the bench scripts. seed_lead_page PORT TOKEN DB_FILE LEADS: the lead page's data,
# LEADS rows through the API's own import (a company, a contact and a lead with its score each),
# then what the API cannot create yet (tags on leads, tasks) written directly with the sqlite3
# shell: two active tags and two open tasks per lead. Checks that GET /api/leads?limit=50 is the
# seeded page; exits the script if not.
seed_lead_page() {
  local crm_port=$1 token=$2 db=$3 leads=$4
  local import_body imported page
  import_body=$(awk -v n="$leads" 'BEGIN {
    printf "{\"contacts\":["
    for (i = 1; i <= n; i++) {
      printf "%s{\"firstName\":\"First%d\",\"lastName\":\"Last%d\",", (i > 1 ? "," : ""), i, i
      printf "\"email\":\"person%d@example%d.com\",\"phone\":\"+1212555%04d\",", i, i, i
      printf "\"company\":\"Business %d LLC\",\"website\":\"https://example%d.com\",", i, i
      printf "\"city\":\"Springfield\",\"state\":\"IL\",\"title\":\"Owner\"}"
    }
    printf "]}"
  }')
  imported=$(curl -sS --max-time 60 -X POST -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $token" --data "$import_body" \
    "http://127.0.0.1:$crm_port/api/import")
  if ! grep -q "\"created\":$leads[,}]" <<<"$imported"; then
    echo "$(basename "$0"): POST /api/import did not create $leads leads: ${imported:0:300}" >&2
    exit 1
  fi
  sqlite3 "$db" >/dev/null <<'SQL'
PRAGMA busy_timeout = 5000;
INSERT INTO lead_tags (id, lead_id, tag_id, applied_at)
  SELECT lower(hex(randomblob(12))), l.id, t.id, l.created_at + t.sort_order
  FROM leads l JOIN tags t ON t.slug IN ('icp-restaurant', 'spoke-callback');
INSERT INTO tasks (id, lead_id, company_id, title, due_at, created_at, updated_at)
  SELECT lower(hex(randomblob(12))), l.id, l.company_id, 'Call back ' || n.k,
         l.created_at + n.k * 86400000, l.created_at, l.created_at
  FROM leads l JOIN (SELECT 1 AS k UNION ALL SELECT 2) n;
SQL
  page=$(curl -sS --max-time 10 -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$crm_port/api/leads?limit=50")
  if ! grep -q "\"total\":$leads," <<<"$page" || ! grep -q '"nextTask":{' <<<"$page"; then
    echo "$(basename "$0"): GET /api/leads?limit=50 is not the seeded page: ${page:0:300}" >&2
    exit 1
  fi
}
