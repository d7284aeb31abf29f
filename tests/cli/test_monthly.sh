#!/usr/bin/env bash
# The monthly routine on generated months with a planted change: month 1 is
# the documented model, month 2 is 'generate --drift all' (a new lead
# source, webinars lose their effect, more students). Checked against the
# generator's truth and against Python outside C:
#   - drift flags (watch or shifted) exactly the inputs whose population CSI,
#     computed in Python from the truth's population shares, is 0.1 or more;
#   - PSI and every CSI agree with drift_check.py to 1e-9;
#   - diff flags every weight the truth changed, and nothing outside the
#     changed terms and the "(missing)" levels whose meaning moved with the mix;
#   - bad input: a rule set, an old model, missing columns, another target.
. "$(dirname "$0")/lib.sh"

PY=$(command -v python3 || true)
ROWS=50000
"$LS" generate --rows $ROWS --seed 101 --month 2026-06 --out "$WORK/m1.csv" --truth "$WORK/t1.json" --quiet
"$LS" generate --rows $ROWS --seed 202 --month 2026-07 --drift all --out "$WORK/m2.csv" --truth "$WORK/t2.json" --quiet
expect 0 "" -- "$LS" train --data "$WORK/m1.csv" --target converted --out "$WORK/old.json" --quiet
expect 0 "" -- "$LS" train --data "$WORK/m2.csv" --target converted --out "$WORK/new.json" --quiet

# --month puts every date in the month; the leads are month 1's otherwise
checks=$((checks + 1))
[ "$(cut -d, -f2 "$WORK/m1.csv" | sed 1d | cut -c1-7 | sort -u)" = 2026-06 ] || fail "--month 2026-06 wrote other dates"
"$LS" generate --rows 200 --seed 101 --out "$WORK/plain.csv"
"$LS" generate --rows 200 --seed 101 --month 2026-06 --out "$WORK/june.csv"
checks=$((checks + 1))
cmp -s <(cut -d, -f1,3- "$WORK/plain.csv") <(cut -d, -f1,3- "$WORK/june.csv") || fail "--month changed more than the dates"
"$LS" generate --rows 200 --seed 101 --drift none --out "$WORK/none.csv"
checks=$((checks + 1))
cmp -s "$WORK/plain.csv" "$WORK/none.csv" || fail "--drift none is not the default output"
expect 2 "unknown drift 'webinars'" -- "$LS" generate --rows 10 --seed 1 --drift new-source,webinars
expect 2 "--month takes a month as YYYY-MM" -- "$LS" generate --rows 10 --seed 1 --month 2026-7

# drift
expect 0 "" -- "$LS" drift --model "$WORK/old.json" --data "$WORK/m2.csv" --json "$WORK/drift.json"
cp "$WORK/out" "$WORK/drift.txt"
checks=$((checks + 1))
grep -q "^lead_source .* shifted" "$WORK/drift.txt" || fail "drift text does not show lead_source shifted: $(head -8 "$WORK/drift.txt")"
# the model's own training leads have not drifted
expect 0 "" -- "$LS" drift --model "$WORK/old.json" --data "$WORK/m1.csv" --json "$WORK/self.json"

if [ -z "$PY" ]; then
    skip_check "python3 not found: PSI/CSI against Python and the truth not checked"
else
    "$LS" score --model "$WORK/old.json" --data "$WORK/m1.csv" --out "$WORK/s1.csv" --quiet
    "$LS" score --model "$WORK/old.json" --data "$WORK/m2.csv" --out "$WORK/s2.csv" --quiet
    checks=$((checks + 1))
    "$PY" "$SRC/tests/cli/drift_check.py" "$WORK/old.json" "$WORK/m1.csv" "$WORK/s1.csv" "$WORK/m2.csv" \
        "$WORK/s2.csv" "$WORK/drift.json" || fail "drift disagrees with Python (drift_check.py)"
    checks=$((checks + 1))
    "$PY" - "$WORK/t2.json" "$WORK/drift.json" "$WORK/self.json" <<'EOF' || fail "drift flags disagree with the truth"
import json, math, sys
truth, drift, self_drift = (json.load(open(p)) for p in sys.argv[1:4])
EPS = 1e-4
def psi(e, a):
    return sum((max(y, EPS) - max(x, EPS)) * math.log(max(y, EPS) / max(x, EPS)) for x, y in zip(e, a))
# population CSI from the truth's shares: cells blanked at the documented
# share form the "(missing)" bin in both months
blank = truth["missing_share"]
expected = {}
for name, s in truth["drift"]["population_shares"].items():
    levels = sorted(set(s["before"]) | set(s["after"]))
    m = blank.get(name, 0.0)
    e = [(1 - m) * s["before"].get(l, 0.0) for l in levels] + [m]
    a = [(1 - m) * s["after"].get(l, 0.0) for l in levels] + [m]
    expected[name] = psi(e, a)
should = {n for n, v in expected.items() if v >= 0.1}
flagged = {i["name"] for i in drift["inputs"] if i["status"] != "stable"}
print("population CSI from the truth:", {n: round(v, 4) for n, v in expected.items()})
print("flagged by drift:", sorted(flagged), "expected:", sorted(should))
ok = flagged == should
for i in drift["inputs"]:
    if i["name"] in expected and abs(i["csi"] - expected[i["name"]]) > 0.03:
        print("CSI of %s %.4f far from the population's %.4f" % (i["name"], i["csi"], expected[i["name"]])); ok = False
src = next(i for i in drift["inputs"] if i["name"] == "lead_source")
share = (1 - blank["lead_source"]) * truth["drift"]["population_shares"]["lead_source"]["after"]["AI Chat"]
if abs(src["unseen_share"] - share) > 0.01:
    print("unseen share of lead_source %.4f, truth %.4f" % (src["unseen_share"], share)); ok = False
if self_drift["score_psi"] > 1e-4 or any(i["csi"] != 0 for i in self_drift["inputs"]):
    print("the training file against its own model is not stable at 0"); ok = False
sys.exit(0 if ok else 1)
EOF
fi

# diff
expect 0 "" -- "$LS" diff "$WORK/old.json" "$WORK/new.json" --data "$WORK/m2.csv" --target converted \
    --json "$WORK/diff.json" --html "$WORK/diff.html" --changed "$WORK/changed.csv"
cp "$WORK/out" "$WORK/diff.txt"
checks=$((checks + 1))
grep -q "^webinar_attended=yes .* changed$" "$WORK/diff.txt" || fail "diff text does not flag webinar_attended=yes"
grep -q "paired DeLong" "$WORK/diff.txt" || fail "diff --target does not show compare's paired test"
checks=$((checks + 1))
grep -q "<table>" "$WORK/diff.html" || fail "no table in diff --html"
if [ -n "$PY" ]; then
    checks=$((checks + 1))
    "$PY" - "$WORK/t2.json" "$WORK/diff.json" "$WORK/changed.csv" <<'EOF' || fail "diff flags disagree with the truth"
import csv, json, sys
truth, diff = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
d = truth["drift"]
changed = {t["term"] for t in d["terms_changed"]}
may = set(d["terms_meaning_changed"])
flagged = {t["term"] for t in diff["terms"] if t["significant"]}
print("flagged by diff:", sorted(flagged), "truly changed:", sorted(changed), "may move:", sorted(may))
ok = changed <= flagged and flagged <= changed | may
terms = {t["term"]: t for t in diff["terms"]}
for t in d["terms_added"]:
    x = terms.get(t["term"])
    if x is None or x["old_weight"] is not None or x["new_weight"] is None or x["significant"] is not None:
        print("added term %s not shown as new only: %s" % (t["term"], x)); ok = False
for t in diff["terms"]:
    if t["old_weight"] is not None and t["new_weight"] is not None and abs(t["change"] - (t["new_weight"] - t["old_weight"])) > 1e-12:
        print("change of %s is not new - old" % t["term"]); ok = False
if "lead_source=AI Chat" not in diff["levels_only_new"]:
    print("levels_only_new lacks the new source"); ok = False
rows = list(csv.DictReader(open(sys.argv[3])))
if len(rows) != diff["data"]["band_changed"] or any(r["old_band"] == r["new_band"] for r in rows):
    print("--changed does not list the %d leads that changed band" % diff["data"]["band_changed"]); ok = False
mig = diff["data"]["migration"]
if sum(map(sum, mig)) != diff["data"]["leads"] or sum(map(sum, mig)) - sum(mig[i][i] for i in range(len(mig))) != len(rows):
    print("migration does not add up"); ok = False
if "comparison" not in diff or not (0.5 < diff["data"]["spearman"] <= 1):
    print("no comparison or an implausible Spearman"); ok = False
sys.exit(0 if ok else 1)
EOF
fi

# bad input
expect 2 "points rule set.*leadscore compare" -- "$LS" diff "$WORK/old.json" "$SRC/models/points_rules.json"
expect 2 "points rule set.*leadscore compare" -- "$LS" diff "$SRC/models/points_rules.json" "$WORK/new.json"
expect 2 "give two model files" -- "$LS" diff "$WORK/old.json"
expect 2 "--target needs --data" -- "$LS" diff "$WORK/old.json" "$WORK/new.json" --target converted
expect 2 "points rule set" -- "$LS" drift --model "$SRC/models/points_rules.json" --data "$WORK/m2.csv"
expect 2 "--model and --data are required" -- "$LS" drift --model "$WORK/old.json"
# missing inputs are all named (columns 3 and 13: lead_source, email_clicks)
cut -d, -f1-2,4-12,14- "$WORK/m2.csv" >"$WORK/cut.csv"
expect 1 "2 columns the model needs are missing: 'lead_source', 'email_clicks'" -- "$LS" drift --model "$WORK/old.json" --data "$WORK/cut.csv" --json "$WORK/cut.json"
one_line
absent "$WORK/cut.json"
if [ -n "$PY" ]; then
    # a model from before profiles: loads and scores, but drift asks for a retrain
    cp "$WORK/old.json" "$WORK/before.json"
    "$PY" "$SRC/tests/cli/model_json.py" "$WORK/before.json" delete profile
    expect 0 "" -- "$LS" score --model "$WORK/before.json" --data "$WORK/m1.csv" --out "$WORK/before.csv" --quiet
    expect 1 "drift needs a retrain" -- "$LS" drift --model "$WORK/before.json" --data "$WORK/m2.csv"
    one_line
    # different targets: a warning, not an error
    "$PY" - "$WORK/m1.csv" "$WORK/won.csv" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
w = csv.writer(open(sys.argv[2], "w", newline=""), lineterminator="\n")
w.writerow(rows[0] + ["won"])
for r in rows[1:]:
    w.writerow(r + [r[-1]])
EOF
    expect 0 "" -- "$LS" train --data "$WORK/won.csv" --target won --exclude converted --out "$WORK/won.json" --quiet
    expect 0 "warning: the models predict different targets" -- "$LS" diff "$WORK/old.json" "$WORK/won.json"
fi
finish
