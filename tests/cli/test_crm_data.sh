#!/usr/bin/env bash
# Data as CRMs and web forms write it (issue 14.2, 14.3): unanswered
# drop-downs named by describe; placeholders for one column (--na pdays=-1)
# kept in the model and applied when scoring; outcomes such as 'Closed Won'
# (--positive) and blanks for open leads (--unlabelled skip).
. "$(dirname "$0")/lib.sh"
model=$WORK/model.json

# --- 14.2: placeholders -------------------------------------------------
python3 - "$WORK/form.csv" "$WORK/bank.csv" <<'PY'
import csv, random, sys
random.seed(7)
with open(sys.argv[1], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["source", "city", "converted"])
    for i in range(100):
        w.writerow([["Select", "Google", "Direct"][i % 3], ["Mumbai", "-- please select --", "Pune", "Delhi"][i % 4], i % 2])
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["pdays", "balance", "y"])
    for i in range(200):
        pdays = -1 if i % 3 else random.randint(1, 400)
        balance = -1 if i % 10 == 0 else random.randint(-500, 5000)
        p = 0.1 + (0.4 if pdays != -1 else 0) + (0.2 if balance > 1000 else 0)
        w.writerow([pdays, balance, int(random.random() < p)])
PY
expect 0 "" -- "$LS" describe --data "$WORK/form.csv" --target converted --json "$WORK/form.json"
checks=$((checks + 1))
grep -q "note: source: 'Select' (34.0% of rows) looks like an unanswered drop-down.*--na 'Select'" "$WORK/out" ||
    fail "describe does not suggest --na Select: $(cat "$WORK/out")"
checks=$((checks + 1))
grep -q "note: city: '-- please select --'.*--na 'city=-- please select --'" "$WORK/out" ||
    fail "describe does not suggest a placeholder for '-- please select --'"
checks=$((checks + 1))
grep -Eq "note: .*'(Google|Direct|Mumbai|Pune|Delhi)'" "$WORK/out" && fail "describe suggested a real level as a placeholder"
checks=$((checks + 1))
python3 - "$WORK/form.json" <<'PY' || fail "describe --json does not mark the unanswered level"
import json, sys
c = {c["name"]: c for c in json.load(open(sys.argv[1]))["columns"]}["source"]
marked = [l["level"] for l in c["levels"] if l.get("looks_unanswered")]
assert marked == ["Select"], marked
PY

# --na pdays=-1: -1 is missing in pdays only; balance = -1 stays a value
expect 0 "" -- "$LS" describe --data "$WORK/bank.csv" --na pdays=-1 --json "$WORK/bank.json"
checks=$((checks + 1))
python3 - "$WORK/bank.json" "$WORK/bank.csv" <<'PY' || fail "--na pdays=-1 did not apply to pdays only"
import csv, json, sys
cols = {c["name"]: c for c in json.load(open(sys.argv[1]))["columns"]}
rows = list(csv.DictReader(open(sys.argv[2])))
assert cols["pdays"]["missing"] == sum(r["pdays"] == "-1" for r in rows), cols["pdays"]
assert cols["balance"]["missing"] == 0 and cols["balance"]["min"] == min(int(r["balance"]) for r in rows), cols["balance"]
PY
expect 0 "" -- "$LS" train --data "$WORK/bank.csv" --target y --na pdays=-1 --out "$model" --quiet
checks=$((checks + 1))
python3 - "$model" <<'PY' || fail "the model does not keep the per-column placeholder"
import json, sys
m = json.load(open(sys.argv[1]))
assert m["reading"]["column_na"] == [{"column": "pdays", "value": "-1"}], m["reading"]
assert m["reading"]["na"] == [], m["reading"]
terms = [t["term"] for t in m["terms"]]
assert "pdays=(missing)" in terms and "balance=(missing)" not in terms, terms
PY
# scoring applies it: pdays -1 is imputed with its missing term, balance -1 is -1
printf 'pdays,balance\n-1,-1\n' >"$WORK/new.csv"
expect 0 "" -- "$LS" score --model "$model" --data "$WORK/new.csv" --out "$WORK/scores.csv"
checks=$((checks + 1))
python3 - "$model" "$WORK/scores.csv" <<'PY' || fail "score did not apply --na pdays=-1 as training did"
import csv, json, math, sys
m = json.load(open(sys.argv[1]))
w = {t["term"]: t["weight"] for t in m["terms"]}
impute = {i["name"]: i.get("impute") for i in m["inputs"]}
eta = w["(Intercept)"] + w["pdays"] * impute["pdays"] + w["pdays=(missing)"] + w["balance"] * -1
p = float(next(csv.DictReader(open(sys.argv[2])))["probability"])
assert abs(p - 1 / (1 + math.exp(-eta))) < 1e-12, (p, 1 / (1 + math.exp(-eta)))
PY
expect 1 "column 'pdyas' \(given a placeholder '-1'\) is not in the header" -- \
    "$LS" train --data "$WORK/bank.csv" --target y --na pdyas=-1 --out "$model"
expect 2 "needs a column name" -- "$LS" describe --data "$WORK/bank.csv" --na =-1

# --- 14.3: outcomes as CRMs write them --------------------------------
python3 - "$WORK/crm.csv" <<'PY'
import csv, random, sys
random.seed(11)
with open(sys.argv[1], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["visits", "stage"])
    for i in range(120):
        v = random.randint(0, 20)
        if i % 6 == 5:
            stage = "  "                     # still open: no outcome
        elif random.random() < 0.2 + v / 30:
            stage = ["Closed Won", "closed won", " CLOSED WON "][i % 3]
        else:
            stage = ["Closed Lost", "Disqualified"][i % 2]
        w.writerow([v, stage])
PY
rm -f "$model"
expect 1 "crm.csv:2:2: target column 'stage' must be binary" -- "$LS" train --data "$WORK/crm.csv" --target stage --out "$model"
expect 1 "crm.csv:7:2: target column 'stage' is blank: no outcome.*skip such rows with --unlabelled skip" -- \
    "$LS" train --data "$WORK/crm.csv" --target stage --positive "Closed Won" --out "$model"
one_line
absent "$model"
expect 0 "skipped 20 rows with a blank outcome \(first at line 7\)" -- \
    "$LS" train --data "$WORK/crm.csv" --target stage --positive "Closed Won" --unlabelled skip --out "$model"
checks=$((checks + 1))
python3 - "$model" "$WORK/crm.csv" <<'PY' || fail "--positive/--unlabelled did not read the outcome as documented"
import csv, json, sys
m = json.load(open(sys.argv[1]))
rows = [r for r in csv.DictReader(open(sys.argv[2])) if r["stage"].strip()]
won = sum(r["stage"].strip().lower() == "closed won" for r in rows)
assert (m["fit"]["rows"], m["fit"]["positives"]) == (len(rows), won), (m["fit"], len(rows), won)
PY
expect 0 "skipped 20 rows with a blank outcome \(first at line 7\): not evaluated" -- \
    "$LS" evaluate --model "$model" --data "$WORK/crm.csv" --target stage --positive "Closed Won" --unlabelled skip
checks=$((checks + 1))
grep -q ": 100 leads, " "$WORK/out" || fail "evaluate did not evaluate the 100 labelled leads: $(head -2 "$WORK/out")"
expect 1 "target column 'stage' is blank: no outcome.*--unlabelled skip" -- \
    "$LS" evaluate --model "$model" --data "$WORK/crm.csv" --target stage --positive "Closed Won"
expect 0 "" -- "$LS" describe --data "$WORK/crm.csv" --target stage --positive "Closed Won" --unlabelled skip
checks=$((checks + 1))
grep -q "note: skipped 20 rows with a blank outcome" "$WORK/out" || fail "describe does not report the skipped rows"
expect 2 "give --target" -- "$LS" describe --data "$WORK/crm.csv" --positive "Closed Won"
expect 2 "--unlabelled takes 'skip' or 'error'" -- "$LS" evaluate --model "$model" --data "$WORK/crm.csv" --target stage --unlabelled drop
finish
