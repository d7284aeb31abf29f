#!/usr/bin/env bash
# export --format sql: the query, run in a real PostgreSQL server (started
# here, on a Unix socket in a temporary folder, stopped at exit) and in
# SQLite, gives every lead the probability 'leadscore score' gives (1e-12
# relative) and the same score and band. Tables store every column as TEXT,
# exactly as the CSV has it. Leads: the sample, leads with missing cells,
# placeholders, folded, unseen and oddly spelled levels (also with a
# case-sensitive model), a sample whose columns are named 'Lead Source' and
# 'select' and whose levels hold quotes and apostrophes, and the shared X
# Education and Bank Marketing datasets when present. Also: usage errors,
# and what each dialect does with a cell leadscore refuses.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/export_lib.sh"
. "$(dirname "$0")/export_sql_lib.sh"
command -v python3 >/dev/null || { echo "python3 not installed: skipped"; exit 77; }
trap 'pg_stop; rm -rf "$WORK"' EXIT

databases_start

# agrees MODEL CSV TABLE [export options...]: loads CSV as TABLE, exports the
# model's query for it and runs it in each database
agrees() {
    local model=$1 csv=$2 table=$3 row_id=
    shift 3
    [[ " $* " == *" --id row_id "* ]] && row_id=row_id
    "$LS" score --model "$model" --data "$csv" --out "$WORK/s.csv" --quiet
    table_files "$csv" "$table" $row_id
    if [ $have_sqlite = 1 ]; then
        "$LS" export --model "$model" --format sql --dialect sqlite --table "$table" "$@" --out "$WORK/q.sql"
        checks=$((checks + 1))
        if sqlite_load "$WORK/t.db" "$table" && sqlite_run "$WORK/t.db" "$WORK/q.sql" "$WORK/out.csv"; then
            echo -n "sqlite $(basename "$csv"): "
            same_scores "$WORK/out.csv" "$WORK/s.csv" || fail "sqlite: $csv: the query's scores differ"
        else
            fail "sqlite: $csv: the query did not run"
        fi
    fi
    if [ $have_pg = 1 ]; then
        "$LS" export --model "$model" --format sql --dialect postgresql --table "$table" "$@" --out "$WORK/q.sql"
        checks=$((checks + 1))
        if pg_load "$table" && pg_run "$WORK/q.sql" "$WORK/out.csv"; then
            echo -n "postgresql $(basename "$csv"): "
            same_scores "$WORK/out.csv" "$WORK/s.csv" || fail "postgresql: $csv: the query's scores differ"
        else
            fail "postgresql: $csv: the query did not run"
        fi
    fi
}

sample=$SRC/datasets/leads_sample.csv
odd_leads "$WORK/odd.csv"
"$LS" train --data "$sample" --target converted --na "N/A,Select" --out "$WORK/m.json" --quiet
agrees "$WORK/m.json" "$sample" leads
agrees "$WORK/m.json" "$WORK/odd.csv" leads
"$LS" train --data "$sample" --target converted --na "N/A,Select" --case-sensitive --out "$WORK/mc.json" --quiet
agrees "$WORK/mc.json" "$WORK/odd.csv" leads

# names and levels that need quoting, in a table whose name needs it too
quoted "$sample" "$WORK/q.csv"
quoted "$WORK/odd.csv" "$WORK/qodd.csv"
"$LS" train --data "$WORK/q.csv" --target converted --na "N/A,Select" --out "$WORK/mq.json" --quiet
agrees "$WORK/mq.json" "$WORK/q.csv" "lead table"
agrees "$WORK/mq.json" "$WORK/qodd.csv" "select"
checks=$((checks + 1))
"$LS" export --model "$WORK/mq.json" --format sql --out "$WORK/q.sql"
grep -q '"Lead Source"' "$WORK/q.sql" && grep -q '"Job ""Title"""' "$WORK/q.sql" &&
    grep -q "'o''brien; drop table leads;--'" "$WORK/q.sql" ||
    fail "quoted names or levels not found in the query as expected"
# a table name that needs quoting, with a quote in it (PostgreSQL)
if [ $have_pg = 1 ]; then
    table_files "$WORK/qodd.csv" 'my "lead" table'
    "$LS" score --model "$WORK/mq.json" --data "$WORK/qodd.csv" --out "$WORK/s.csv" --quiet
    "$LS" export --model "$WORK/mq.json" --format sql --table 'my "lead" table' --out "$WORK/q.sql"
    checks=$((checks + 1))
    { pg_load 'my "lead" table' && pg_run "$WORK/q.sql" "$WORK/out.csv" && same_scores "$WORK/out.csv" "$WORK/s.csv"; } ||
        fail "postgresql: table 'my \"lead\" table' not scored"
fi

# cells leadscore refuses: a number that is not one. PostgreSQL stops with an
# error naming it; SQLite gives that lead NULL (documented in the query).
{ head -1 "$sample"; sed -n 2p "$sample" | awk -F, -v OFS=, '{$9="NaN"; print}'; } >"$WORK/nan.csv"
table_files "$WORK/nan.csv" leads
if [ $have_pg = 1 ]; then
    "$LS" export --model "$WORK/m.json" --format sql --out "$WORK/q.sql"
    pg_load leads
    checks=$((checks + 1))
    pg_run "$WORK/q.sql" "$WORK/out.csv" 2>"$WORK/err" && fail "postgresql scored a lead with website_visits NaN"
    grep -q 'not a number: NaN' "$WORK/err" || fail "postgresql: unexpected error: $(cat "$WORK/err")"
fi
if [ $have_sqlite = 1 ]; then
    "$LS" export --model "$WORK/m.json" --format sql --dialect sqlite --out "$WORK/q.sql"
    sqlite_load "$WORK/t.db" leads
    sqlite_run "$WORK/t.db" "$WORK/q.sql" "$WORK/out.csv"
    checks=$((checks + 1))
    [ "$(cut -d, -f2- "$WORK/out.csv")" = ",,," ] || fail "sqlite: a NaN lead should score NULL: $(cat "$WORK/out.csv")"
    # a white space run longer than SQLite's folding reaches: NULL, not wrong
    { head -1 "$sample"; sed -n 2p "$sample" | awk -F, -v OFS=, '{$3="paid" sprintf("%300s", "") "search"; print}'; } \
        >"$WORK/long.csv"
    table_files "$WORK/long.csv" leads
    sqlite_load "$WORK/t.db" leads
    sqlite_run "$WORK/t.db" "$WORK/q.sql" "$WORK/out.csv"
    checks=$((checks + 1))
    [ "$(cut -d, -f2- "$WORK/out.csv")" = ",,," ] || fail "sqlite: a 300-space run should score NULL: $(cat "$WORK/out.csv")"
fi

expect 2 "unknown dialect 'oracle' \\(choices: postgresql, sqlite\\)" -- \
    "$LS" export --model "$WORK/m.json" --format sql --dialect oracle
expect 2 "unknown format 'xml' \\(choices: csv, json, sql" -- "$LS" export --model "$WORK/m.json" --format xml
expect 2 "are options of --format sql" -- "$LS" export --model "$WORK/m.json" --dialect sqlite
expect 1 "" -- "$LS" export --model "$SRC/models/example_rules.json" --format sql --out "$WORK/r.sql"
absent "$WORK/r.sql"

shared=${LEADSCORE_SHARED_DIR:-}
if [ -n "$shared" ] && [ -f "$shared/bank_marketing_full.csv" ]; then
    "$LS" train --data "$shared/bank_marketing_full.csv" --target y --out "$WORK/b.json" --quiet
    agrees "$WORK/b.json" "$shared/bank_marketing_full.csv" bank --id row_id
    "$LS" train --data "$shared/xeducation_leads.csv" --target Converted --na Select --exclude "Tags,Lead Quality" \
        --out "$WORK/x.json" --quiet
    agrees "$WORK/x.json" "$shared/xeducation_leads.csv" xeducation
else
    skip_check "../shared/datasets is not present: Bank Marketing and X Education not checked"
fi
finish
