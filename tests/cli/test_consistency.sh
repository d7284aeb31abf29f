#!/usr/bin/env bash
# Issue 14 item 5: one consistent tool. inspect takes --model (the positional
# form still works) and --json FILE ('-' stdout; the old bare --json too);
# evaluate has --id, --strict, --on-error and --reasons; warnings carry the
# 'leadscore: warning:' prefix and go to stderr; usage errors read one way;
# describe prints column names in full; numeric reasons give the lead's
# value; plurals agree; --cv says when it chose the edge of its path.
. "$(dirname "$0")/lib.sh"
sample=$SRC/datasets/leads_sample.csv
model=$WORK/m.json
"$LS" train --data "$sample" --target converted --out "$model" --quiet || fail "training failed"

# inspect: --model, positional, --json FILE, --json -, the old bare --json
expect 0 "" -- "$LS" inspect --model "$model"
cp "$WORK/out" "$WORK/by_option.txt"
expect 0 "" -- "$LS" inspect "$model"
checks=$((checks + 1))
cmp -s "$WORK/out" "$WORK/by_option.txt" || fail "inspect MODEL and inspect --model MODEL differ"
# same_json A B: the same JSON, numbers to 1e-12 (cJSON prints some with 15
# digits), the model file's checksum aside
same_json() {
    python3 - "$1" "$2" <<'PY'
import json, math, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for d in (a, b):
    d.pop("checksum", None)
def same(x, y):
    if isinstance(x, bool) or isinstance(y, bool) or not isinstance(x, (int, float)):
        if isinstance(x, dict):
            return isinstance(y, dict) and x.keys() == y.keys() and all(same(x[k], y[k]) for k in x)
        if isinstance(x, list):
            return isinstance(y, list) and len(x) == len(y) and all(map(same, x, y))
        return x == y
    return isinstance(y, (int, float)) and math.isclose(x, y, rel_tol=1e-12, abs_tol=1e-300)
sys.exit(0 if same(a, b) else 1)
PY
}
expect 0 "" -- "$LS" inspect --model "$model" --json "$WORK/model_copy.json"
checks=$((checks + 1))
same_json "$WORK/model_copy.json" "$model" || fail "inspect --json FILE is not the model's content"
for form in "--model $model --json -" "$model --json" "--json $model" "--json - $model"; do
    # shellcheck disable=SC2086
    expect 0 "" -- "$LS" inspect $form
    checks=$((checks + 1))
    same_json "$WORK/out" "$model" || fail "inspect $form does not print the model as JSON"
done
expect 2 "^leadscore inspect: --model is required" -- "$LS" inspect
expect 2 "is the same file" -- "$LS" inspect --model "$model" --json "$model"

# usage errors: one form, one line 'leadscore CMD: message (see ...)', whether
# found while parsing or after
expect 2 "^leadscore evaluate: --mql names band 'Nope', which the bands do not have \(see 'leadscore evaluate --help'\)$" -- \
    "$LS" evaluate --model "$model" --data "$sample" --target converted --mql Nope
one_line
expect 2 "^leadscore evaluate: --reasons takes a whole number from 0 to 20, got '21' \(see 'leadscore evaluate --help'\)$" -- \
    "$LS" evaluate --model "$model" --data "$sample" --target converted --reasons 21
one_line
cut -d, -f2- "$sample" >"$WORK/no_id.csv"
expect 2 "^leadscore score: --ab assigns arms" -- "$LS" score --model "$model" --data "$WORK/no_id.csv" --ab "$model"
expect 2 "^leadscore describe: --data is required" -- "$LS" describe

# evaluate --id, --reasons: the misranked leads carry the id asked for and K reasons
expect 1 "id column 'nope' not found" -- "$LS" evaluate --model "$model" --data "$sample" --target converted --id nope
awk -F, 'BEGIN { OFS = "," } { $1 = "row" NR; print }' "$sample" >"$WORK/ids.csv"
sed -i '1s/^row1/ref/' "$WORK/ids.csv"
expect 0 "" -- "$LS" evaluate --model "$model" --data "$WORK/ids.csv" --target converted --id ref --reasons 5 \
    --misranked "$WORK/mis.csv"
checks=$((checks + 1))
python3 - "$WORK/mis.csv" <<'PY' || fail "misranked leads: wrong ids or reason counts"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert rows, "no misranked leads"
for r in rows:
    assert r["id"].startswith("row"), r["id"]
    assert len(r["reasons"].split("; ")) == 5, r["reasons"]
PY
expect 2 "--reasons takes a whole number from 0 to 20" -- \
    "$LS" evaluate --model "$model" --data "$sample" --target converted --reasons 21

# --strict and --on-error: one unseen level (line 3), one text in a numeric column (line 5)
head -n 6 "$sample" >"$WORK/bad.csv"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "industry") c = i; for (i = 1; i <= NF; i++) if ($i == "website_visits") v = i }
         NR == 3 { $c = "Quantum Basket Weaving" } NR == 5 { $v = "lots" } { print }' OFS=, "$WORK/bad.csv" >"$WORK/bad2.csv"
expect 1 "bad2.csv:5:.*website_visits" -- "$LS" evaluate --model "$model" --data "$WORK/bad2.csv" --target converted
expect 1 "bad2.csv:3:.*never seen in training \(--strict\)" -- \
    "$LS" evaluate --model "$model" --data "$WORK/bad2.csv" --target converted --strict
expect 0 "leadscore: warning: skipped 1 bad row \(the first: .*bad2.csv:5:" -- \
    "$LS" evaluate --model "$model" --data "$WORK/bad2.csv" --target converted --on-error skip --json "$WORK/s.json"
checks=$((checks + 1))
python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); sys.exit(not (j["rows"] == 4 and j["skipped_rows"] == 1))' \
    "$WORK/s.json" || fail "--on-error skip did not evaluate 4 of 5 leads"
expect 0 "skipped 2 bad rows \(the first: .*bad2.csv:3:" -- \
    "$LS" evaluate --model "$model" --data "$WORK/bad2.csv" --target converted --on-error skip --strict
expect 2 "--on-error takes 'stop' or 'skip'" -- \
    "$LS" evaluate --model "$model" --data "$sample" --target converted --on-error maybe

# a warning has the prefix and goes to stderr: outcomes flipped, conversion falls band by band
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "converted") c = i; print; next } { $c = 1 - $c; print }' OFS=, \
    "$sample" >"$WORK/flipped.csv"
expect 0 "^leadscore: warning: conversion does not rise band by band" -- \
    "$LS" evaluate --model "$model" --data "$WORK/flipped.csv" --target converted
checks=$((checks + 1))
! grep -qi "warning" "$WORK/out" || fail "a warning went to stdout: $(grep -i warning "$WORK/out")"
checks=$((checks + 1))
! grep -v "^leadscore: " "$WORK/err" | grep -q . || fail "a stderr line without the prefix: $(grep -v '^leadscore: ' "$WORK/err")"

# describe: a column name of 45 characters in full; "1 rare level"
long=a_column_name_well_beyond_thirty_two_characters
{
    echo "$long,converted"
    for i in $(seq 1 40); do echo "$([ "$i" -le 20 ] && echo a || echo b),$((i % 2))"; done
    echo "c,1"
} >"$WORK/long.csv"
expect 0 "" -- "$LS" describe --data "$WORK/long.csv" --target converted
checks=$((checks + 1))
grep -q "^$long " "$WORK/out" || fail "describe cuts the name: $(grep a_column "$WORK/out")"
checks=$((checks + 1))
grep -q "(1 rare level in (other))" "$WORK/out" || fail "no singular: $(grep rare "$WORK/out")"

# numeric reasons carry the lead's value, as the CSV has it
expect 0 "" -- "$LS" score --model "$model" --data "$sample" --reasons 5 --out "$WORK/r.csv"
checks=$((checks + 1))
python3 - "$sample" "$WORK/r.csv" <<'PY' || fail "numeric reasons without the lead's value"
import csv, sys
leads = {r["lead_id"]: r for r in csv.DictReader(open(sys.argv[1]))}
numeric = {"website_visits", "time_on_site_minutes", "pricing_page_views", "email_opens", "email_clicks",
           "whitepaper_downloads", "ebook_downloads", "phone_calls", "days_since_last_activity"}
seen = 0
for r in csv.DictReader(open(sys.argv[2])):
    for reason in r["reasons"].split("; "):
        label = reason.rsplit(" ", 1)[0]
        col, _, value = label.partition("=")
        if col in numeric:
            cell = leads[r["id"]][col].strip()
            assert value, reason
            if cell == "":
                assert value == "(missing)", (reason, cell)
            else:
                assert abs(float(value) - float(cell)) <= 1e-5 * max(1, abs(float(cell))), (reason, cell)
            seen += 1
assert seen > 1000, seen
print(seen, "numeric reasons checked")
PY

# --cv: a note exactly when the chosen lambda is at either end of the curve
expect 0 "" -- "$LS" train --data "$sample" --target converted --cv 3 --out "$WORK/cv.json"
grep -E "^ +[0-9.e+-]+ +[0-9.]+ \+- " "$WORK/err" >"$WORK/curve.txt"
at=$(grep -n "<- chosen" "$WORK/curve.txt" | cut -d: -f1)
n=$(wc -l <"$WORK/curve.txt")
checks=$((checks + 1))
if [ "$at" = 1 ] || [ "$at" = "$n" ]; then
    grep -q "cross-validation chose the .* lambda of its path" "$WORK/err" || fail "lambda at the edge ($at of $n) without a note"
else
    ! grep -q "lambda of its path" "$WORK/err" || fail "a note though the lambda ($at of $n) is inside the path"
fi
finish
