#!/usr/bin/env bash
# export --format points / rules: integer points whose sum is the score.
# - the points table, read by an independent Python sum of its rows (levels
#   matched by key, ranges by their bounds), gives every lead the score that
#   'leadscore score' gives with the exported rule set: table and rule set
#   are the same points;
# - the fidelity report's AUCs are the ones 'leadscore compare' measures for
#   the model and the rule set on the same leads;
# - usage errors: no --data, a rule set on the pdo scale, options of other
#   formats; nothing is left behind.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/export_lib.sh"
command -v python3 >/dev/null || { echo "python3 not installed: skipped"; exit 77; }

# points_agree MODEL DATA TARGET [train-free options]: table vs rule set vs compare
points_agree() {
    local model=$1 data=$2 target=$3
    shift 3
    "$LS" export --model "$model" --format points --data "$data" --target "$target" "$@" \
        --out "$WORK/p.csv" --report "$WORK/report.txt" 2>"$WORK/stderr"
    "$LS" export --model "$model" --format rules --data "$data" --target "$target" "$@" --out "$WORK/r.json" 2>/dev/null
    "$LS" score --model "$WORK/r.json" --data "$data" --out "$WORK/rs.csv" --quiet
    checks=$((checks + 1))
    cmp -s "$WORK/report.txt" <(head -c "$(stat -c %s "$WORK/report.txt")" "$WORK/stderr") ||
        fail "$data: --report and stderr differ"
    checks=$((checks + 1))
    python3 - "$WORK/p.csv" "$data" "$WORK/rs.csv" "$WORK/r.json" <<'PY' || fail "$data: the points table and the rule set disagree"
import csv, json, re, sys
WHITE = " \t\r\n\f\v"
na = {v.lower() for v in json.load(open(sys.argv[4]))["na"]}
key = lambda t: re.sub("[" + re.escape(WHITE) + "]+", " ", t.strip(WHITE)).lower()
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
with open(sys.argv[2], newline="", encoding="utf-8-sig") as f:
    first = f.readline()
delim = ";" if first.count(";") > first.count(",") else ","
bad = 0
with open(sys.argv[2], newline="", encoding="utf-8-sig") as d, open(sys.argv[3], newline="") as s:
    for lead, scored in zip(csv.DictReader(d, delimiter=delim), csv.DictReader(s)):
        total = 0
        for r in rows:
            c, cond, pts = r["column"], r["condition"], int(r["points"])
            if cond == "always":
                total += pts
                continue
            t = lead[c].strip(WHITE)
            missing = t == "" or t.lower() in na
            if cond == "missing":
                total += pts if missing else 0
            elif missing:
                continue
            elif cond.startswith("= "):
                total += pts if key(t) == key(cond[2:]) else 0
            else:
                x = float(t)
                m = re.fullmatch(r"(?:>= (\S+))?(?: and )?(?:< (\S+))?", cond)
                lo, hi = m.group(1), m.group(2)
                if (lo is None or x >= float(lo)) and (hi is None or x < float(hi)):
                    total += pts
        want = max(0, min(100, total))
        if want != int(scored["score"]):
            bad += 1
print(f"points table vs rule set: {bad} leads differ")
sys.exit(1 if bad else 0)
PY
    checks=$((checks + 1))
    "$LS" compare --data "$data" --target "$target" "$model" "$WORK/r.json" >"$WORK/compare.txt" 2>&1 ||
        fail "$data: compare failed: $(head -3 "$WORK/compare.txt")"
    local auc_points auc_model
    auc_points=$(sed -n 's/.*AUC: points \([0-9.]*\), model \([0-9.]*\).*/\1/p' "$WORK/report.txt")
    auc_model=$(sed -n 's/.*AUC: points \([0-9.]*\), model \([0-9.]*\).*/\2/p' "$WORK/report.txt")
    grep -Eq "^$(basename "$model") +logit +$auc_model " "$WORK/compare.txt" &&
        grep -Eq " rules +$auc_points " "$WORK/compare.txt" ||
        fail "$data: the report's AUCs ($auc_points, $auc_model) are not compare's: $(grep -E 'logit|rules' "$WORK/compare.txt" | head -2)"
    echo "$(basename "$data"): $(tr '\n' ' ' <"$WORK/report.txt")"
}

sample=$SRC/datasets/leads_sample.csv
"$LS" train --data "$sample" --target converted --na "N/A,Select" --out "$WORK/m.json" --quiet
points_agree "$WORK/m.json" "$sample" converted
points_agree "$WORK/m.json" "$sample" converted --bins 10
odd_leads "$WORK/odd.csv"
"$LS" export --model "$WORK/m.json" --format rules --data "$sample" --out "$WORK/r.json" 2>/dev/null
checks=$((checks + 1))
"$LS" score --model "$WORK/r.json" --data "$WORK/odd.csv" --out "$WORK/odd_scores.csv" --quiet ||
    fail "the exported rule set cannot score the odd leads"
# pdo scale: a points table (no rule set), fidelity on unclamped totals
checks=$((checks + 1))
"$LS" export --model "$WORK/m.json" --format points --data "$sample" --pdo 20 --base-score 600 --base-odds 50 \
    --out "$WORK/pdo.csv" 2>"$WORK/stderr" && grep -q "AUC: points 0\.8" "$WORK/stderr" ||
    fail "pdo points: $(cat "$WORK/stderr")"

expect 2 "give --data FILE" -- "$LS" export --model "$WORK/m.json" --format points --out "$WORK/x.csv"
absent "$WORK/x.csv"
expect 2 "use --scale 0-100" -- "$LS" export --model "$WORK/m.json" --format rules --data "$sample" \
    --pdo 20 --base-score 600 --base-odds 50 --out "$WORK/x.json"
absent "$WORK/x.json"
expect 2 "go together" -- "$LS" export --model "$WORK/m.json" --format points --data "$sample" --pdo 20
expect 2 "options of --format points and rules" -- "$LS" export --model "$WORK/m.json" --format sql --data "$sample"
expect 2 "unknown scale" -- "$LS" export --model "$WORK/m.json" --format points --data "$sample" --scale 0-1000

shared=${LEADSCORE_SHARED_DIR:-}
if [ -n "$shared" ] && [ -f "$shared/bank_marketing_full.csv" ]; then
    "$LS" train --data "$shared/bank_marketing_full.csv" --target y --out "$WORK/b.json" --quiet
    points_agree "$WORK/b.json" "$shared/bank_marketing_full.csv" y
    "$LS" train --data "$shared/xeducation_leads.csv" --target Converted --na Select --exclude "Tags,Lead Quality" \
        --out "$WORK/x.json" --quiet
    points_agree "$WORK/x.json" "$shared/xeducation_leads.csv" Converted
else
    skip_check "../shared/datasets is not present: Bank Marketing and X Education not checked"
fi
finish
