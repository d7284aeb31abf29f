#!/usr/bin/env bash
# evaluate end to end: outputs, the JSON figures against the independent
# reference (tests/reference/evaluate_sample.json), bad inputs. The HTML page
# in a real browser is test_evaluate_html.sh, so that a missing browser shows
# as a skipped test rather than a passed one.
. "$(dirname "$0")/lib.sh"
ok=$SRC/tests/data/ok
data=$SRC/datasets/leads_sample.csv
model=$WORK/m.json
"$LS" train --data "$data" --target converted --out "$model" --quiet

expect 0 "" -- "$LS" evaluate --model "$model" --data "$data" --target converted --json "$WORK/e.json" \
    --html "$WORK/e.html" --misranked "$WORK/m.csv" --target-precision 0.6 --capacity 500
checks=$((checks + 1))
tail -7 "$WORK/out" | head -1 | grep -q "^conversion by band" || fail "the text report should end with the band table"
for key in rows positives auc auc_ci log_loss brier ks bands mql_to_sql misranked deciles calibration; do
    checks=$((checks + 1))
    grep -q "\"$key\":" "$WORK/e.json" || fail "evaluate --json lacks '$key'"
done
# The figures themselves, not just their names: scikit-learn, scipy and
# statsmodels computed them from leadscore's probabilities for the same default
# training (scripts/reference/evaluate_reference.sh); 1e-9 relative, counts
# exact, as in tests/unit/test_evaluate.c.
if command -v python3 >/dev/null; then
    checks=$((checks + 1))
    python3 - "$WORK/e.json" "$SRC/tests/reference/evaluate_sample.json" >"$WORK/cmp" 2>&1 <<'PY' ||
import json
import sys

got = json.load(open(sys.argv[1]))
ref = json.load(open(sys.argv[2]))
bad = []


def same(where, g, r):
    if isinstance(r, int):
        ok = g == r
    else:
        ok = isinstance(g, (int, float)) and abs(g - r) <= 1e-9 * max(abs(r), 1e-300)
    if not ok:
        bad.append(f"{where} = {g!r}, reference {r!r}")


for k in ("rows", "positives", "auc", "auc_se", "log_loss", "brier", "ks"):
    same(k, got.get(k), ref[k])
same("number of bands", len(got["bands"]), len(ref["bands"]))
for i, (g, r) in enumerate(zip(got["bands"], ref["bands"])):
    if g.get("name") != r["name"]:
        bad.append(f"bands[{i}].name = {g.get('name')!r}, reference {r['name']!r}")
    for k in ("min_score", "max_score", "leads", "converted", "conversion_rate"):
        same(f"bands[{i}].{k}", g.get(k), r[k])
    for j in (0, 1):
        same(f"bands[{i}].conversion_rate_ci[{j}]", g["conversion_rate_ci"][j], r["rate_ci"][j])
for k in ("mql", "sql", "ratio"):
    same(f"mql_to_sql.{k}", got["mql_to_sql"].get(k), ref["mql_to_sql"][k])
for k in ("converted_below_mql", "unconverted_in_sql", "pairwise_rate"):
    same(f"misranked.{k}", got["misranked"].get(k), ref["misranked"][k])
same("number of deciles", len(got["deciles"]), len(ref["deciles"]))
same("number of calibration rows", len(got["calibration"]), len(ref["deciles"]))
for i, (g, c, r) in enumerate(zip(got["deciles"], got["calibration"], ref["deciles"])):
    for k in ("leads", "converted", "cumulative_gain", "lift"):
        same(f"deciles[{i}].{k}", g.get(k), r[k])
    same(f"deciles[{i}].conversion_rate", g.get("conversion_rate"), r["rate"])
    same(f"calibration[{i}].mean_predicted", c.get("mean_predicted"), r["mean_predicted"])
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
        fail "evaluate --json differs from tests/reference/evaluate_sample.json: $(head -5 "$WORK/cmp")"
else
    skip_check "python3 not installed: the JSON figures were not compared with the reference"
fi
checks=$((checks + 1))
[ "$(head -1 "$WORK/m.csv")" = "id,score,probability,band,converted,reasons" ] || fail "misranked header"
checks=$((checks + 1))
awk -F, 'NR > 1 && !(($5 == 1 && $4 != "MQL" && $4 != "SQL") || ($5 == 0 && $4 == "SQL")) { bad = 1 } END { exit bad }' \
    "$WORK/m.csv" || fail "the misranked list holds a lead that is not misranked"

# the realised MQL-to-SQL ratio from a lifecycle-stage column
printf 'x,converted,stage\na,1,customer\na,0,lead\nb,1,SQL\nb,0,mql\na,0,MQL\n' >"$WORK/stage.csv"
"$LS" train --data "$ok/two_by_two.csv" --target converted --exclude noise,twin --out "$WORK/s.json" --quiet
expect 0 "" -- "$LS" evaluate --model "$WORK/s.json" --data "$WORK/stage.csv" --target converted --stage stage
grep -q "realised from the stage column: 4 at MQL or beyond, 2 at SQL or beyond; ratio 0.500" "$WORK/out" ||
    fail "stage ratio: $(grep realised "$WORK/out")"

# bad inputs
expect 1 "target column 'sold' not found" -- "$LS" evaluate --model "$model" --data "$data" --target sold
one_line
expect 1 "target_not_binary.csv:3:2: target column 'converted' must be binary.*'maybe'" -- \
    "$LS" evaluate --model "$WORK/s.json" --data "$SRC/tests/data/bad/target_not_binary.csv" --target converted \
    --json "$WORK/bad.json"
absent "$WORK/bad.json"
expect 2 "does not start above the previous band" -- "$LS" evaluate --model "$model" --data "$data" --target converted \
    --bands "A:0,B:50,C:50"
expect 2 "--mql names band 'Hot'" -- "$LS" evaluate --model "$model" --data "$data" --target converted --mql Hot
# one class: AUC undefined and said so; the other figures still printed
printf 'x,converted\na,0\nb,0\na,0\n' >"$WORK/one.csv"
expect 0 "one class only: AUC, KS and DeLong's interval are undefined" -- \
    "$LS" evaluate --model "$WORK/s.json" --data "$WORK/one.csv" --target converted --json "$WORK/one.json"
grep -q "log-loss" "$WORK/out" || fail "log-loss missing with one class"
grep -q '"auc":	null' "$WORK/one.json" || fail "AUC should be null in JSON with one class"
# an empty band is n/a, not a division by zero
expect 0 "" -- "$LS" evaluate --model "$WORK/s.json" --data "$WORK/stage.csv" --target converted \
    --bands "Cold:0,Warm:30,Hot:90"
grep -Eq "^Hot +90-100 +0 +0 +n/a" "$WORK/out" || fail "empty band: $(grep '^Hot' "$WORK/out")"

finish
