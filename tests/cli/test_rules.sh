#!/usr/bin/env bash
# Points rule sets end to end: the shipped rule set scores the sample exactly
# as an independent Python implementation of issue 10's semantics does, lead
# by lead (score, band and reasons); evaluate prints its band table, AUC and
# MQL-to-SQL; every bad rule set file and a rule naming columns the data lacks
# fail with one line, exit 1 and no output file.
. "$(dirname "$0")/lib.sh"
rules=$SRC/models/points_rules.json
sample=$SRC/datasets/leads_sample.csv
reference=$SRC/scripts/reference/rules_reference.py
command -v python3 >/dev/null || { echo "python3 not found: skipped"; exit 77; }

# --- agreement with the reference, lead by lead ---------------------------
expect 0 "" -- "$LS" score --model "$rules" --data "$sample" --id lead_id --reasons 3 --out "$WORK/c.csv"
python3 "$reference" "$rules" "$sample" --id lead_id --reasons 3 >"$WORK/py.csv" || fail "the reference failed"
checks=$((checks + 1))
python3 - "$WORK/py.csv" "$WORK/c.csv" <<'PY' || fail "leadscore and the reference disagree"
import csv, math, sys
py = list(csv.DictReader(open(sys.argv[1])))
c = list(csv.DictReader(open(sys.argv[2])))
if len(py) != len(c) or len(c) != 20000:
    sys.exit("%d leads from the reference, %d from leadscore" % (len(py), len(c)))
differ = 0
for a, b in zip(py, c):
    if (a["id"], a["score"], a["band"], a["reasons"]) != (b["id"], b["score"], b["band"], b["reasons"]):
        differ += 1
        if differ <= 3:
            print("differs:", a, b, file=sys.stderr)
    # no probability without a calibration: the cell is empty
    if b["probability"] != "":
        sys.exit("lead %s has probability %r" % (b["id"], b["probability"]))
print("%d leads, %d differ in score, band or reasons" % (len(py), differ))
sys.exit(1 if differ else 0)
PY

# --- evaluate: the band table (counts from the reference), AUC, MQL-to-SQL --
expect 0 "" -- "$LS" evaluate --model "$rules" --data "$sample" --target converted
cp "$WORK/out" "$WORK/evaluate.txt"
python3 - "$WORK/py.csv" "$sample" >"$WORK/expected_eval.txt" <<'PY'
import csv, sys
scores = [int(r["score"]) for r in csv.DictReader(open(sys.argv[1]))]
bands = [r["band"] for r in csv.DictReader(open(sys.argv[1]))]
y = [int(r["converted"]) for r in csv.DictReader(open(sys.argv[2]))]
# AUC with midranks over the integer scores
order = sorted(range(len(scores)), key=lambda i: scores[i])
rank = [0.0] * len(scores)
i = 0
while i < len(order):
    j = i
    while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
        j += 1
    for k in range(i, j + 1):
        rank[order[k]] = (i + j) / 2 + 1
    i = j + 1
pos = sum(y)
neg = len(y) - pos
auc = (sum(r for r, t in zip(rank, y) if t) - pos * (pos + 1) / 2) / (pos * neg)
print("AUC %.4f" % auc)
for b in ("Prospect", "Lead", "MQL", "SQL"):
    print("%s %d %d" % (b, bands.count(b), sum(t for t, x in zip(y, bands) if x == b)))
PY
checks=$((checks + 1))
grep -q "ranking: *$(sed -n 1p "$WORK/expected_eval.txt")" "$WORK/evaluate.txt" ||
    fail "evaluate's AUC is not the reference's $(sed -n 1p "$WORK/expected_eval.txt"): $(grep ranking "$WORK/evaluate.txt")"
for b in Prospect Lead MQL SQL; do
    checks=$((checks + 1))
    want=$(grep "^$b " "$WORK/expected_eval.txt" | cut -d' ' -f2,3)
    got=$(awk -v b="$b" '/^conversion by band/ { t = 1 } t && $1 == b { print $3, $4 }' "$WORK/evaluate.txt")
    [ "$want" = "$got" ] || fail "band $b: leads and converted '$got', the reference says '$want'"
done
checks=$((checks + 1))
grep -Eq "^MQL-to-SQL: +[0-9]+ leads at MQL or above" "$WORK/evaluate.txt" || fail "evaluate prints no MQL-to-SQL line"
checks=$((checks + 1))
grep -Eq "^calibration: +n/a" "$WORK/evaluate.txt" || fail "evaluate gives a rule set a log-loss: $(grep calibration "$WORK/evaluate.txt")"

# --- bad rule set files: one line naming the file and place, exit 1, no output
header='"format": "leadscore-rules", "version": 1'
bad_rules() {
    local name=$1 text=$2 pattern=$3
    printf '%s\n' "$text" >"$WORK/$name.json"
    expect 1 "$pattern" -- "$LS" score --model "$WORK/$name.json" --data "$sample" --out "$WORK/s.csv"
    one_line
    absent "$WORK/s.csv"
}
bad_rules not_json $'{"format": "leadscore-rules",\n  "version": 1,\n  "rules": [}' \
    "not_json.json:3:13: not valid JSON"
bad_rules wrong_format '{"format": "leadscore-rule", "version": 1, "rules": []}' \
    "wrong_format.json: .*not a leadscore model file or rule set"
bad_rules newer '{"format": "leadscore-rules", "version": 2, "rules": []}' \
    "newer.json: rule set version 2 is newer than this leadscore reads \(1\)"
bad_rules operator "{$header, \"rules\": [{\"label\": \"Demo\", \"when\": {\"column\": \"demo_requested\", \"equal\": \"yes\"}, \"points\": 5}]}" \
    "operator.json: rule 1 'Demo': unknown operator 'equal'"
bad_rules group "{$header, \"rules\": [{\"label\": \"Demo\", \"points\": 5, \"group\": \"engagment\"}]}" \
    "group.json: rule 1 'Demo': unknown group 'engagment'"
bad_rules duplicate "{$header, \"rules\": [{\"label\": \"A\", \"points\": 5}, {\"label\": \"A\", \"points\": 1}]}" \
    "duplicate.json: rule 2 'A': duplicate label"
bad_rules between "{$header, \"rules\": [{\"label\": \"Mid\", \"when\": {\"column\": \"email_opens\", \"between\": [9, 3]}, \"points\": 5}]}" \
    "between.json: rule 1 'Mid': 'between' on column 'email_opens' has lo 9 above hi 3"
bad_rules two_ops "{$header, \"rules\": [{\"label\": \"Two\", \"when\": {\"column\": \"email_opens\", \"at_least\": 1, \"at_most\": 3}, \"points\": 5}]}" \
    "two_ops.json: rule 1 'Two': a condition with two operators \('at_least' and 'at_most'\)"

# a rule set naming columns the data lacks: all named, before any output
bad_rules columns "{$header, \"rules\": [{\"label\": \"Fax\", \"when\": {\"column\": \"fax\", \"missing\": false}, \"points\": 5},
  {\"label\": \"Demo\", \"when\": {\"column\": \"demo_requested\", \"equals\": \"yes\"}, \"points\": 50},
  {\"label\": \"Budget\", \"per_unit\": \"budget_k\", \"points\": 1}]}" \
    "leads_sample.csv:1: 2 columns the rule set reads are missing: 'fax' \(rule 1 'Fax'\), 'budget_k' \(rule 3 'Budget'\)"
expect 1 "2 columns the rule set reads are missing" -- "$LS" evaluate --model "$WORK/columns.json" --data "$sample" \
    --target converted
[ -s "$WORK/out" ] && fail "evaluate printed output before the column error"

# a number compared with a cell that is not one: the line and column
printf 'lead_id,email_opens\nA,3\nB,many\n' >"$WORK/text_in_number.csv"
printf '%s\n' "{$header, \"rules\": [{\"label\": \"Opens\", \"per_unit\": \"email_opens\", \"points\": 2}]}" >"$WORK/opens.json"
expect 1 "text_in_number.csv:3:2: column 'email_opens' is compared with a number in the rule set but holds 'many'" -- \
    "$LS" score --model "$WORK/opens.json" --data "$WORK/text_in_number.csv" --out "$WORK/s.csv"
one_line
absent "$WORK/s.csv"

# --- rules check -------------------------------------------------------------
expect 0 "" -- "$LS" rules check --help
grep -q "usage: leadscore rules check" "$WORK/out" || fail "rules check --help prints no usage"
expect 2 "a rule set file is required" -- "$LS" rules check
expect 2 "--target needs --data" -- "$LS" rules check "$rules" --target converted
expect 2 "unknown subcommand 'chek'" -- "$LS" rules chek "$rules"
expect 1 "not_json.json:3:13: not valid JSON" -- "$LS" rules check "$WORK/not_json.json"
one_line
expect 1 "wrong_format.json: not a leadscore rule set \(\"format\" is 'leadscore-rule'" -- \
    "$LS" rules check "$WORK/wrong_format.json"
expect 1 "two_ops.json: rule 1 'Two': a condition with two operators" -- "$LS" rules check "$WORK/two_ops.json"
expect 1 "leads_sample.csv:1: 2 columns the rule set reads are missing: 'fax' \(rule 1 'Fax'\), 'budget_k'" -- \
    "$LS" rules check "$WORK/columns.json" --data "$sample"
one_line
expect 0 "" -- "$LS" rules check "$rules"
grep -q "23 rules, 18 columns, valid" "$WORK/out" || fail "rules check: $(cat "$WORK/out")"
# the shipped rule set: no typo, no wrong sign; fire counts from the reference's reasons are not
# enough (3 reasons only), so check one count worked out with awk: demo_requested = yes
expect 0 "" -- "$LS" rules check "$rules" --data "$sample" --target converted
demo=$(awk -F, 'NR > 1 && $17 == "yes" { n++ } END { print n }' "$sample")
checks=$((checks + 1))
grep -Eq "^ +1 Demo requested +\+50 +$demo " "$WORK/out" || fail "rules check: demo fires $demo times? $(grep Demo "$WORK/out")"
grep -q "no problems found" "$WORK/out" || fail "rules check finds problems in the shipped rule set"

# a planted typo and a planted wrong sign are found; the rest is clean
cat >"$WORK/planted.json" <<'JSON'
{"format": "leadscore-rules", "version": 1, "rules": [
  {"label": "Demo requested", "when": {"column": "demo_requested", "equals": "yes"}, "points": 50},
  {"label": "Student or intern", "when": {"column": "job_title", "in": ["Studnet", "Intern"]}, "points": -20},
  {"label": "Director", "when": {"column": "job_title", "contains": "directr"}, "points": 5},
  {"label": "Unsubscribed", "when": {"column": "unsubscribed", "equals": "yes"}, "points": 10},
  {"label": "Pricing page views", "per_unit": "pricing_page_views", "points": 5, "max": 25}]}
JSON
expect 1 "planted.json: 3 problems found \(2 unknown levels, 1 wrong sign\)" -- \
    "$LS" rules check "$WORK/planted.json" --data "$sample" --target converted
one_line
grep -q "^rule 'Student or intern': job_title has no level 'Studnet' (closest: 'Student')$" "$WORK/out" ||
    fail "the planted typo is not found: $(cat "$WORK/out")"
grep -q "^rule 'Director': job_title has no level containing 'directr' (closest: 'Sales Director')$" "$WORK/out" ||
    fail "the planted contains typo is not found: $(grep Director "$WORK/out")"
grep -q "^rule 'Unsubscribed': +10 points, but leads it fires on convert at 5.00% and the others at 15.74%" \
    "$WORK/out" || fail "the planted wrong sign is not found: $(grep Unsub "$WORK/out")"
checks=$((checks + 1))
[ "$(grep -c "wrong sign" "$WORK/out")" = 1 ] || fail "more than the planted wrong sign: $(cat "$WORK/out")"

finish
