#!/usr/bin/env bash
# evaluate --json with --misranked: the JSON's misranked.leads holds the same
# leads as the --misranked CSV, in the same order with the same fields, and
# Python recomputes them from 'leadscore score' and the data's target column:
# with the bands given here (Cold:0, Warm:30, MQL:55, SQL:80) a lead is
# misranked when it converted and scored below 55, or did not and scored 80
# or more; most wrong first by |converted - probability| (score / 100 for a
# rule set without probabilities), ties in file order. For a learned model
# and for the points rule set. Without --misranked the JSON lists no leads.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "python3 not installed: skipped"; exit 77; }
data=$SRC/datasets/leads_sample.csv
bands="Cold:0,Warm:30,MQL:55,SQL:80"
"$LS" train --data "$data" --target converted --holdout 0.3 --out "$WORK/m.json" --quiet

for model in "$WORK/m.json" "$SRC/models/points_rules.json"; do
    expect 0 "" -- "$LS" evaluate --model "$model" --data "$data" --target converted --bands "$bands" \
        --json "$WORK/e.json" --misranked "$WORK/mis.csv" --reasons 2 --quiet
    expect 0 "" -- "$LS" score --model "$model" --data "$data" --bands "$bands" --reasons 2 --out "$WORK/s.csv" --quiet
    checks=$((checks + 1))
    python3 - "$WORK/e.json" "$WORK/mis.csv" "$WORK/s.csv" "$data" <<'PY' || fail "$model: misranked leads in the JSON (see above)"
import csv, json, sys
got = json.load(open(sys.argv[1]))["misranked"].get("leads")
text = list(csv.DictReader(open(sys.argv[2], newline="")))
scored = list(csv.DictReader(open(sys.argv[3], newline="")))
outcomes = [int(r["converted"]) for r in csv.DictReader(open(sys.argv[4], newline=""))]
bad = []
if got is None:
    sys.exit("evaluate --json --misranked has no misranked.leads")
# the JSON against the CSV: same leads, order and fields
fields = ["id", "score", "probability", "band", "converted", "reasons"]
if len(got) != len(text):
    bad.append(f"{len(got)} leads in the JSON, {len(text)} in the CSV")
for i, (j, t) in enumerate(zip(got, text)):
    if list(j) != fields:
        bad.append(f"lead {i}: JSON fields {list(j)}")
    want = {"id": t["id"], "score": int(t["score"]),
            "probability": float(t["probability"]) if t["probability"] else None,
            "band": t["band"], "converted": int(t["converted"]), "reasons": t["reasons"]}
    if j != want:
        bad.append(f"lead {i}: JSON {j} CSV {want}")
# the criterion recomputed from the scores and the data
assert len(scored) == len(outcomes)
expected = []
for s, y in zip(scored, outcomes):
    score = int(s["score"])
    if (y == 1 and score < 55) or (y == 0 and score >= 80):
        p = float(s["probability"]) if s["probability"] else None
        expected.append({"id": s["id"], "score": score, "probability": p, "band": s["band"], "converted": y,
                         "reasons": s["reasons"], "wrong": abs(y - (p if p is not None else score / 100))})
expected.sort(key=lambda e: -e["wrong"])  # stable: ties stay in file order
for e in expected:
    del e["wrong"]
if not any(e["converted"] for e in expected) or all(e["converted"] for e in expected):
    bad.append("the data should give misranked leads of both kinds")
if got != expected:
    first = next((i for i, (a, b) in enumerate(zip(got, expected)) if a != b), min(len(got), len(expected)))
    bad.append(f"{len(got)} leads in the JSON, {len(expected)} recomputed; first difference at {first}: "
               f"{got[first] if first < len(got) else None} vs {expected[first] if first < len(expected) else None}")
print("\n".join(bad[:10]))
sys.exit(1 if bad else 0)
PY
done

# without --misranked (the page lists some, the JSON does not)
expect 0 "" -- "$LS" evaluate --model "$WORK/m.json" --data "$data" --target converted --json "$WORK/plain.json" \
    --html "$WORK/plain.html" --quiet
checks=$((checks + 1))
python3 -c 'import json, sys; sys.exit("leads" in json.load(open(sys.argv[1]))["misranked"])' "$WORK/plain.json" ||
    fail "evaluate --json without --misranked lists misranked leads"
finish
