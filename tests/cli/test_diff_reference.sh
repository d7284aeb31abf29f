#!/usr/bin/env bash
# diff when a categorical input's reference level changed between the two
# models. Two months written by Python with the same true effects: industry's
# most frequent level is Software in the first and Retail in the second
# (channel's stays Web). "industry=Healthcare" is Healthcare against Software
# in one model and against Retail in the other, so its weight moves by the
# Retail effect although nothing changed. Checked outside C, in Python:
#   - reference_changes names industry with the two months' most frequent
#     levels, counted from the CSVs, and nothing else;
#   - every industry level term and the intercept are "not comparable", with
#     the note, and have no change, z, p or flag;
#   - the other terms in both: z and p recomputed from the weights and
#     standard errors, Holm recomputed over exactly them ("tested");
#   - the text report says "not comparable: reference level changed from
#     Software to Retail" on the industry rows.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "python3 not installed: skipped"; exit 77; }

python3 - "$WORK/m1.csv" "$WORK/m2.csv" <<'PY'
import math, random, sys
# the same true model both months; only the mix of industries moves
effect = {"Software": 0.0, "Retail": -0.8, "Healthcare": 0.5}
mixes = [{"Software": 0.5, "Retail": 0.3, "Healthcare": 0.2},
         {"Software": 0.3, "Retail": 0.5, "Healthcare": 0.2}]
rng = random.Random(7)
for path, mix in zip(sys.argv[1:3], mixes):
    with open(path, "w") as f:
        f.write("lead_id,industry,channel,visits,converted\n")
        for i in range(4000):
            u, industry = rng.random(), None
            for name, share in mix.items():
                if u < share:
                    industry = name
                    break
                u -= share
            industry = industry or "Healthcare"
            channel = "Event" if rng.random() < 0.35 else "Web"
            visits = rng.randint(0, 20)
            eta = -1.0 + effect[industry] + (0.6 if channel == "Event" else 0.0) + 0.1 * visits
            y = 1 if rng.random() < 1 / (1 + math.exp(-eta)) else 0
            f.write(f"L{i:05d},{industry},{channel},{visits},{y}\n")
PY

for m in 1 2; do
    expect 0 "" -- "$LS" train --data "$WORK/m$m.csv" --target converted --id lead_id --out "$WORK/m$m.json" --quiet
done
expect 0 "" -- "$LS" diff "$WORK/m1.json" "$WORK/m2.json" --json "$WORK/diff.json" --html "$WORK/diff.html"
cp "$WORK/out" "$WORK/diff.txt"

checks=$((checks + 1))
python3 - "$WORK/m1.csv" "$WORK/m2.csv" "$WORK/diff.json" <<'PY' || fail "diff with a changed reference level (see above)"
import collections, csv, json, math, sys
def mode(path, column):
    counts = collections.Counter(r[column] for r in csv.DictReader(open(path)))
    return counts.most_common(1)[0][0]
old_ref, new_ref = mode(sys.argv[1], "industry"), mode(sys.argv[2], "industry")
d = json.load(open(sys.argv[3]))
bad = []
if (old_ref, new_ref) != ("Software", "Retail"):
    bad.append(f"the generated months' most frequent industries are {old_ref}, {new_ref}: the test data is wrong")
if mode(sys.argv[1], "channel") != mode(sys.argv[2], "channel"):
    bad.append("channel's most frequent level moved: the test data is wrong")
want = [{"input": "industry", "old_reference": old_ref, "new_reference": new_ref}]
if d.get("reference_changes") != want:
    bad.append(f"reference_changes {d.get('reference_changes')!r}, expected {want!r}")
level_note = f"not comparable: reference level changed from {old_ref} to {new_ref}"
base_note = f"not comparable: baseline lead changed (reference level of industry changed from {old_ref} to {new_ref})"
apart = [t for t in d["terms"] if t["term"].startswith("industry=") or t["term"] == "(Intercept)"]
if not any(t["term"] == "industry=Healthcare" and t["old_weight"] is not None and t["new_weight"] is not None
           for t in apart):
    bad.append("industry=Healthcare is not in both models")
for t in apart:
    note = base_note if t["term"] == "(Intercept)" else level_note
    if t.get("comparable") is not False or t.get("note") != note:
        bad.append(f"{t['term']}: comparable {t.get('comparable')!r}, note {t.get('note')!r}")
    for k in ("change", "z", "p_value", "p_holm", "significant"):
        if t[k] is not None:
            bad.append(f"{t['term']}: {k} is {t[k]!r}, expected null")
# the rest: z and p from the weights and standard errors; Holm over them only
tested = [t for t in d["terms"] if t not in apart and t["old_se"] is not None and t["new_se"] is not None]
if {t["term"] for t in tested} != {"channel=Event", "visits"}:
    bad.append(f"terms tested: {sorted(t['term'] for t in tested)}")
p = []
for t in tested:
    if t.get("comparable") is not True or "note" in t:
        bad.append(f"{t['term']} should be comparable without a note")
    z = (t["new_weight"] - t["old_weight"]) / math.hypot(t["old_se"], t["new_se"])
    p.append(math.erfc(abs(z) / math.sqrt(2)))
    if abs(t["z"] - z) > 1e-9 * max(1, abs(z)) or abs(t["p_value"] - p[-1]) > 1e-9:
        bad.append(f"{t['term']}: z {t['z']} p {t['p_value']}, recomputed {z} {p[-1]}")
order = sorted(range(len(p)), key=lambda i: p[i])
holm, running = [0.0] * len(p), 0.0
for rank, i in enumerate(order):
    running = max(running, min(1.0, (len(p) - rank) * p[i]))
    holm[i] = running
for t, h in zip(tested, holm):
    if abs(t["p_holm"] - h) > 1e-9:
        bad.append(f"{t['term']}: p_holm {t['p_holm']}, Holm over the comparable terms {h}")
if d.get("tested") != len(tested):
    bad.append(f"tested {d.get('tested')}, expected {len(tested)}")
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
checks=$((checks + 1))
grep -Eq "^industry=Healthcare .*not comparable: reference level changed from Software to Retail$" "$WORK/diff.txt" ||
    fail "the text does not mark industry=Healthcare: $(grep '^industry=Healthcare' "$WORK/diff.txt")"
checks=$((checks + 1))
grep -q "^not comparable: the reference level of industry changed from Software to Retail" "$WORK/diff.txt" ||
    fail "the text does not explain the changed reference"
checks=$((checks + 1))
grep -q "Not comparable:</strong> the reference level of industry" "$WORK/diff.html" ||
    fail "the page does not explain the changed reference"
finish
