#!/usr/bin/env bash
# export --format sql of a rule set: the query, run in a real PostgreSQL
# server (started here on a Unix socket, stopped at exit) and in SQLite on
# all-TEXT tables, gives every lead the score and band 'leadscore score
# --model RULES' gives, exactly (and the probability to 1e-12 relative with
# a calibration). Rule sets: the shipped models/points_rules.json; one made
# here with a per_unit rule with max, group caps, decay, in, contains,
# between, not, any, all, missing: true, numbers compared with equals/in, a
# constant capped, a rule without condition and labels and levels with
# apostrophes; and a learned one with a calibration. Leads: the sample, leads
# with missing cells, placeholders and odd spellings, and the sample with
# columns named 'Lead Source' and 'select' and levels holding apostrophes.
# Also: what each dialect does with a cell leadscore refuses, usage errors.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/export_lib.sh"
. "$(dirname "$0")/export_sql_lib.sh"
command -v python3 >/dev/null || { echo "python3 not installed: skipped"; exit 77; }
trap 'pg_stop; rm -rf "$WORK"' EXIT

databases_start

# rules_sqlite_run DB QUERY OUT: rows as CSV, points and probability with 17
# digits
rules_sqlite_run() {
    { echo "SELECT id, CASE WHEN points IS NOT NULL THEN printf('%!.17g', points) END,"
      echo "       CASE WHEN probability IS NOT NULL THEN printf('%!.17g', probability) END, score, band FROM ("
      sed '$ s/;$//' "$2"
      echo ");"; } >"$WORK/wrapped.sql"
    sqlite3 -csv "$1" <"$WORK/wrapped.sql" >"$3"
}

# same_rule_scores QUERY_OUT SCORES: the query's rows (id,points,probability,
# score,band) against 'leadscore score' (id,score,probability,band), by id:
# score and band exactly, probability (when leadscore gives one) to 1e-12
# relative, points rounded to the score.
same_rule_scores() {
    python3 - "$1" "$2" <<'PY'
import csv, math, sys
with open(sys.argv[1], newline="") as f:
    got = {}
    for row in csv.reader(f):
        got.setdefault(row[0], []).append(row)
with open(sys.argv[2], newline="") as f:
    want = list(csv.DictReader(f))
if len(got) != len(want) or sum(map(len, got.values())) != len(want):
    sys.exit(f"the query gave {sum(map(len, got.values()))} rows ({len(got)} ids), leadscore {len(want)}")
worst, bad = 0.0, []
for w in want:
    rows = got.get(w["id"])
    if rows is None:
        sys.exit(f"id {w['id']}: not in the query's rows")
    g = rows[0]
    _, points, p, score, band = g
    if points in ("", "NULL") or score in ("", "NULL"):
        bad.append(f"id {w['id']}: NULL points or score")
        continue
    ok = int(score) == int(w["score"]) and band == w["band"]
    ok = ok and int(score) == int(math.floor(float(points) + 0.5))
    if w["probability"] != "":
        rel = abs(float(p) - float(w["probability"])) / max(float(w["probability"]), 1e-300) if p else math.inf
        worst = max(worst, rel)
        ok = ok and rel <= 1e-12
    elif p not in ("", "NULL"):
        ok = False
    if not ok:
        bad.append(f"id {w['id']}: query {g}, leadscore {dict(w)}")
print(f"{len(want)} leads; largest relative probability difference {worst:.3g}; {len(bad)} differ")
for b in bad[:5]:
    print(b)
sys.exit(1 if bad else 0)
PY
}

# agrees RULES CSV TABLE: loads CSV as TABLE (all TEXT), exports the rule
# set's query for it and runs it in each database
agrees() {
    local rules=$1 csv=$2 table=$3
    "$LS" score --model "$rules" --data "$csv" --id lead_id --out "$WORK/s.csv" --quiet ||
        { fail "score $rules $csv failed"; return; }
    table_files "$csv" "$table"
    if [ $have_sqlite = 1 ]; then
        "$LS" export --model "$rules" --format sql --dialect sqlite --table "$table" --id lead_id --out "$WORK/q.sql"
        checks=$((checks + 1))
        if sqlite_load "$WORK/t.db" "$table" && rules_sqlite_run "$WORK/t.db" "$WORK/q.sql" "$WORK/out.csv"; then
            echo -n "sqlite $(basename "$rules") $(basename "$csv"): "
            same_rule_scores "$WORK/out.csv" "$WORK/s.csv" || fail "sqlite: $rules $csv: the query's scores differ"
        else
            fail "sqlite: $rules $csv: the query did not run"
        fi
    fi
    if [ $have_pg = 1 ]; then
        "$LS" export --model "$rules" --format sql --dialect postgresql --table "$table" --id lead_id \
            --out "$WORK/q.sql"
        checks=$((checks + 1))
        if pg_load "$table" && pg_run "$WORK/q.sql" "$WORK/out.csv"; then
            echo -n "postgresql $(basename "$rules") $(basename "$csv"): "
            same_rule_scores "$WORK/out.csv" "$WORK/s.csv" || fail "postgresql: $rules $csv: the query's scores differ"
        else
            fail "postgresql: $rules $csv: the query did not run"
        fi
    fi
}

# test_rules OUT [quoted]: a rule set using every operator, for the
# sample's columns (or, with quoted, for quoted()'s names and levels)
test_rules() {
    python3 - "$1" "${2:-}" <<'PY'
import json, sys
quoted = sys.argv[2] == "quoted"
c = {"lead_source": "Lead Source", "industry": "select", "job_title": 'Job "Title"'} if quoted else {}
col = lambda name: c.get(name, name)
rules = {
    "format": "leadscore-rules", "version": 1, "name": "Every operator",
    "bands": "Cold:0,Don't call yet:20,Warm:35,Hot:60", "max_score": 90, "na": ["Select", "N/A"],
    "groups": [{"name": "engagement", "max": 50}, {"name": "fit", "max": 30}, {"name": "uncapped"}],
    "decay": {"column": "days_since_last_activity", "half_life_days": 45, "groups": ["engagement"]},
    "rules": [
        {"label": "Demo requested", "when": {"column": "demo_requested", "equals": "yes"}, "points": 40, "group": "engagement"},
        {"label": "Pricing views", "per_unit": "pricing_page_views", "points": 7.5, "max": 20, "group": "engagement"},
        {"label": "Clicks", "per_unit": "email_clicks", "points": 1.3, "group": "engagement"},
        {"label": "Time on site", "when": {"column": "time_on_site_minutes", "between": [10.5, 45]}, "points": 5.1, "group": "engagement"},
        {"label": "Few visits", "when": {"column": "website_visits", "at_most": 2}, "points": -3.25, "group": "engagement"},
        {"label": "Senior", "when": {"column": "job_level", "in": ["Director", "vp", "C-LEVEL"]}, "points": 12, "group": "fit"},
        {"label": "Not tiny", "when": {"not": {"column": "company_size", "equals": "1-10"}}, "points": 6, "group": "fit"},
        {"label": "Software-ish", "when": {"column": col("industry"), "contains": "soft"}, "points": 8, "group": "fit"},
        {"label": "Job level unknown", "when": {"column": "job_level", "missing": True}, "points": -6, "group": "fit"},
        {"label": "O'Brien's industries", "when": {"column": col("industry"),
            "in": ["O'Brien; DROP TABLE leads;--", "Bob's \"Retail\" & <Co>", "Healthcare"]}, "points": 3, "group": "uncapped"},
        {"label": "Paid search or webinar", "when": {"any": [{"column": col("lead_source"), "contains": "PAID   search"},
                                                           {"column": col("lead_source"), "equals": " Webinar "}]}, "points": 4},
        {"label": "Whitepapers 0 or 3", "when": {"column": "whitepaper_downloads", "in": [0, "3"]}, "points": 2},
        {"label": "Three ebooks", "when": {"column": "ebook_downloads", "equals": 3}, "points": 1.5},
        {"label": "Long inactive", "when": {"column": "days_since_last_activity", "greater_than": 90}, "points": -8},
        {"label": "Few opens", "when": {"column": "email_opens", "less_than": 3}, "points": -1.5, "max": 1},
        {"label": "Base points", "points": 2.5},
        {"label": "Abroad and called", "when": {"all": [
            {"any": [{"column": "country", "missing": True}, {"not": {"column": "country", "equals": "united states"}}]},
            {"column": "phone_calls", "at_least": 1}]}, "points": 1.75},
        {"label": "Student", "when": {"column": col("job_title"), "in": ["Student", "Intern"]}, "points": -20},
        {"label": "Unsubscribed", "when": {"column": "unsubscribed", "equals": "yes"}, "points": -10}]}
json.dump(rules, open(sys.argv[1], "w"), indent=1)
PY
}

sample=$SRC/datasets/leads_sample.csv
shipped=$SRC/models/points_rules.json
odd_leads "$WORK/odd.csv"
quoted "$sample" "$WORK/q.csv"
quoted "$WORK/odd.csv" "$WORK/qodd.csv"
test_rules "$WORK/every.json"
test_rules "$WORK/every_q.json" quoted

agrees "$shipped" "$sample" leads
agrees "$shipped" "$WORK/odd.csv" leads
agrees "$WORK/every.json" "$sample" leads
agrees "$WORK/every.json" "$WORK/odd.csv" leads
agrees "$WORK/every_q.json" "$WORK/q.csv" "lead table"
agrees "$WORK/every_q.json" "$WORK/qodd.csv" "select"
# decay at its edges: negative days (no decay), 0, pow's underflow to 0 at
# and past 0.5^1075 (PostgreSQL's power() would raise an error there)
{ head -1 "$sample"; sed -n 2,9p "$sample"; } | awk -F, -v OFS=, 'NR == 1 { print; next }
    { split("-5 0 64440 64500 64560 100000 1e300 -0", d, " "); $22 = d[NR - 1]; print }' >"$WORK/decay.csv"
agrees "$shipped" "$WORK/decay.csv" leads
agrees "$WORK/every.json" "$WORK/decay.csv" leads
# a rule set with a calibration (learned): probabilities too
if "$LS" train --from-rules "$shipped" --data "$sample" --target converted --out "$WORK/learned.json" \
    >/dev/null 2>&1; then
    agrees "$WORK/learned.json" "$sample" leads
else
    fail "train --from-rules failed"
fi

checks=$((checks + 1))
"$LS" export --model "$WORK/every_q.json" --format sql --out "$WORK/q.sql"
grep -q '"Lead Source"' "$WORK/q.sql" && grep -q '"Job ""Title"""' "$WORK/q.sql" &&
    grep -q "'o''brien; drop table leads;--'" "$WORK/q.sql" && grep -q "'Don''t call yet'" "$WORK/q.sql" ||
    fail "quoted names or levels not found in the query as expected"

# cells leadscore refuses: a number that is not one (website_visits NaN).
# PostgreSQL stops with an error naming it; SQLite gives that lead NULL.
{ head -1 "$sample"; sed -n 2p "$sample" | awk -F, -v OFS=, '{$9="NaN"; print}'; } >"$WORK/nan.csv"
table_files "$WORK/nan.csv" leads
if [ $have_pg = 1 ]; then
    "$LS" export --model "$WORK/every.json" --format sql --id lead_id --out "$WORK/q.sql"
    pg_load leads
    checks=$((checks + 1))
    pg_run "$WORK/q.sql" "$WORK/out.csv" 2>"$WORK/err" && fail "postgresql scored a lead with website_visits NaN"
    grep -q 'not a number: NaN' "$WORK/err" || fail "postgresql: unexpected error: $(cat "$WORK/err")"
fi
if [ $have_sqlite = 1 ]; then
    "$LS" export --model "$WORK/every.json" --format sql --dialect sqlite --id lead_id --out "$WORK/q.sql"
    sqlite_load "$WORK/t.db" leads
    rules_sqlite_run "$WORK/t.db" "$WORK/q.sql" "$WORK/out.csv"
    checks=$((checks + 1))
    [ "$(cut -d, -f2- "$WORK/out.csv")" = ",,," ] || fail "sqlite: a NaN lead should score NULL: $(cat "$WORK/out.csv")"
    # a white space run longer than SQLite's folding reaches: NULL, not wrong
    { head -1 "$sample"; sed -n 2p "$sample" | awk -F, -v OFS=, '{$3="paid" sprintf("%300s", "") "search"; print}'; } \
        >"$WORK/long.csv"
    table_files "$WORK/long.csv" leads
    sqlite_load "$WORK/t.db" leads
    rules_sqlite_run "$WORK/t.db" "$WORK/q.sql" "$WORK/out.csv"
    checks=$((checks + 1))
    [ "$(cut -d, -f2- "$WORK/out.csv")" = ",,," ] || fail "sqlite: a 300-space run should score NULL: $(cat "$WORK/out.csv")"
fi

# a rule set exports only as sql
for f in csv json pmml; do
    expect 2 "is a rule set: it exports only as --format sql \\(not $f\\)" -- \
        "$LS" export --model "$shipped" --format "$f" --out "$WORK/r.out"
    one_line
    absent "$WORK/r.out"
done
expect 2 "is a rule set: it exports only as --format sql \\(not csv\\)" -- "$LS" export --model "$shipped"
expect 2 "unknown dialect 'oracle'" -- "$LS" export --model "$shipped" --format sql --dialect oracle
# a broken rule set is the loader's error, with no output left behind
printf '{"format": "leadscore-rules", "version": 1, "rules": [{"label": "x", "when": {"column": "a", "bogus": 1}, "points": 1}]}' \
    >"$WORK/bad.json"
expect 1 "bad.json" -- "$LS" export --model "$WORK/bad.json" --format sql --out "$WORK/r.sql"
absent "$WORK/r.sql"
finish
