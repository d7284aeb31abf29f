#!/usr/bin/env bash
# Held-out rows take no part in the encoding (issue 9.7): level counts,
# rare-level folding, reference levels and imputation medians come from the
# training rows only; the held-out rows are reported as 'evaluate' reports
# them and can be written out (--holdout-out) to evaluate on exactly them.
. "$(dirname "$0")/lib.sh"
model=$WORK/model.json
data=$WORK/leads.csv

# 300 leads: 200 before 2025-03-01 (training), 100 from it (held out).
# source: 'Webinar' appears only in held-out rows (60 of them), so it is the
# most frequent level of the whole file but unknown to training; 'Fair' has 5
# training rows (rare: folded) and 40 held-out ones. minutes: missing in some
# training rows; held-out rows have large values that would move the median.
python3 - "$data" <<'PY'
import csv, random, sys
random.seed(3)
rows = []
for i in range(300):
    held = i >= 200
    day = (i % 28) + 1
    date = f"2025-{3 if held else 2:02d}-{day:02d}"
    if held:
        source = "Webinar" if i % 5 < 3 else ("Fair" if i % 5 == 3 else "Google")
        minutes = str(500 + i) if i % 4 else ""
    else:
        source = ["Google", "Google", "Direct", "Referral"][i % 4] if i >= 5 else "Fair"
        minutes = "" if i % 9 == 0 else f"{random.uniform(0, 60):.2f}"
    p = 0.15 + 0.5 * (source in ("Referral", "Webinar")) + (0.2 if minutes and float(minutes) > 30 else 0)
    rows.append([f"L{i:04d}", date, source, minutes, int(random.random() < p)])
with open(sys.argv[1], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["lead_id", "created", "source", "minutes", "converted"])
    w.writerows(rows)
PY
expect 0 "" -- "$LS" train --data "$data" --target converted --time-column created --test-from 2025-03-01 \
    --id lead_id --out "$model" --holdout-out "$WORK/held.csv"
cp "$WORK/out" "$WORK/train_report.txt"
checks=$((checks + 1))
python3 - "$model" "$data" <<'PY' || fail "the encoding was learnt from held-out rows"
import csv, json, statistics, sys
m = json.load(open(sys.argv[1]))
rows = [r for r in csv.DictReader(open(sys.argv[2])) if r["created"] < "2025-03-01"]
terms = [t["term"] for t in m["terms"]]
inputs = {i["name"]: i for i in m["inputs"]}
# a level seen only in held-out rows is no term and no level
assert "source=Webinar" not in terms, terms
assert all(l["level"] != "Webinar" for l in inputs["source"]["levels"]), inputs["source"]["levels"]
# 'Fair' has 5 training rows: folded, although the file has 45
assert "source=Fair" not in terms, terms
assert "fair" in inputs["source"]["folded_into_other"], inputs["source"]
# the reference is the most frequent level of the training rows
counts = {}
for r in rows:
    counts[r["source"]] = counts.get(r["source"], 0) + 1
ref = inputs["source"]["levels"][inputs["source"]["reference"]]["level"] if isinstance(inputs["source"]["reference"], int) else inputs["source"]["reference"]
assert ref == max(counts, key=counts.get) == "Google", (ref, counts)
# level counts are training counts (Fair's 5 rows, too few for an
# '(other)' level of their own, join the reference)
got = {l["level"]: l["count"] for l in inputs["source"]["levels"]}
assert got == {"Google": counts["Google"] + 5, "Direct": counts["Direct"], "Referral": counts["Referral"]}, (got, counts)
# the median that imputes is the training rows' median
median = statistics.median(float(r["minutes"]) for r in rows if r["minutes"])
assert abs(inputs["minutes"]["impute"] - median) < 1e-12, (inputs["minutes"]["impute"], median)
PY
# the held-out rows are reported as evaluate reports them
checks=$((checks + 1))
grep -q "^ranking: *AUC" "$WORK/train_report.txt" && grep -q "conversion by band" "$WORK/train_report.txt" ||
    fail "train --time-column reports no held-out AUC or band table: $(head -5 "$WORK/train_report.txt")"
# --holdout-out holds exactly the held-out rows, header first, as read
checks=$((checks + 1))
python3 - "$data" "$WORK/held.csv" <<'PY' || fail "--holdout-out does not hold the held-out rows"
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
held = list(csv.reader(open(sys.argv[2])))
assert held[0] == rows[0], held[0]
assert held[1:] == [r for r in rows[1:] if r[1] >= "2025-03-01"], (len(held), held[:3])
PY
# and evaluate on that file gives the figures train reported
expect 0 "" -- "$LS" evaluate --model "$model" --data "$WORK/held.csv" --target converted
checks=$((checks + 1))
a=$(grep "^ranking: *AUC" "$WORK/train_report.txt" | head -1)
b=$(grep "^ranking: *AUC" "$WORK/out" | head -1)
[ -n "$a" ] && [ "$a" = "$b" ] || fail "train's held-out AUC '$a' differs from evaluate's on --holdout-out '$b'"
checks=$((checks + 1))
diff <(sed -n '/conversion by band/,/^$/p' "$WORK/train_report.txt") <(sed -n '/conversion by band/,/^$/p' "$WORK/out") >/dev/null ||
    fail "train's held-out band table differs from evaluate's"

# a random holdout reports the same way
expect 0 "" -- "$LS" train --data "$data" --target converted --holdout 0.3 --seed 5 --id lead_id --exclude created \
    --out "$model" --holdout-out "$WORK/held2.csv" --quiet
checks=$((checks + 1))
grep -q "^ranking: *AUC" "$WORK/out" || fail "train --holdout reports no held-out AUC"
n=$(($(wc -l <"$WORK/held2.csv") - 1))
checks=$((checks + 1))
grep -q "($n held-out rows)" "$WORK/out" || fail "held-out row count $n not in the report: $(head -3 "$WORK/out")"

# --holdout-out without a holdout is a usage error; it never overwrites the data
expect 2 "--holdout-out needs a holdout" -- "$LS" train --data "$data" --target converted --out "$model" --holdout-out "$WORK/x.csv"
cp "$data" "$WORK/copy.csv"
expect 2 "is the same file as input" -- "$LS" train --data "$WORK/copy.csv" --target converted --holdout 0.3 --out "$model" --holdout-out "$WORK/copy.csv"
checks=$((checks + 1))
cmp -s "$data" "$WORK/copy.csv" || fail "--holdout-out equal to --data changed the data"
finish
