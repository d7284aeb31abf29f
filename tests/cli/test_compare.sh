#!/usr/bin/env bash
# compare end to end: the paired DeLong figures against R's pROC
# (tests/reference/compare_<name>.json, scripts/reference/compare_reference.sh
# trained the same two models), capture at capacity and the band migration
# recounted in Python from 'leadscore score' of each model, the verdict, and
# bad input. X Education and Bank Marketing are checked when ../shared is
# there (their absence is said; the sample always runs).
. "$(dirname "$0")/lib.sh"
shared=${LEADSCORE_SHARED_DIR:-$SRC/../shared/datasets}

# check NAME DATA TARGET NA EXCLUDE_A EXCLUDE_B: as compare_reference.sh
check() {
    local name=$1 data=$2 target=$3 na=$4 exclude_a=$5 exclude_b=$6
    local common=(--data "$data" --target "$target" --quiet) a=()
    [ -n "$na" ] && common+=(--na "$na")
    [ -n "$exclude_a" ] && a=(--exclude "$exclude_a")
    "$LS" train "${common[@]}" "${a[@]}" --out "$WORK/$name-a.json" || { fail "$name: training A"; return; }
    "$LS" train "${common[@]}" --exclude "$exclude_b" --out "$WORK/$name-b.json" || { fail "$name: training B"; return; }
    expect 0 "" -- "$LS" compare --data "$data" --target "$target" "$WORK/$name-a.json" "$WORK/$name-b.json" \
        --capacity 500 --json "$WORK/$name.json" --quiet
    cp "$WORK/out" "$WORK/$name.txt"
    "$LS" score --model "$WORK/$name-a.json" --data "$data" --out "$WORK/$name-sa.csv" --quiet
    "$LS" score --model "$WORK/$name-b.json" --data "$data" --out "$WORK/$name-sb.csv" --quiet
    checks=$((checks + 1))
    python3 - "$SRC/tests/reference/compare_$name.json" "$WORK/$name.json" "$data" "$target" \
        "$WORK/$name-sa.csv" "$WORK/$name-sb.csv" <<'PY' || fail "$name: figures differ (see above)"
import csv, json, sys
ref_path, got_path, data, target, sa, sb = sys.argv[1:]
ref, got = json.load(open(ref_path)), json.load(open(got_path))
pair = got['pairs'][0]
bad = []
def close(name, a, b, tol):
    if abs(a - b) > tol * max(abs(b), 1e-300):
        bad.append(f'{name}: leadscore {a!r}, pROC {b!r}')
close('auc_a', got['models'][0]['auc'], ref['auc_a'], 1e-9)
close('auc_b', got['models'][1]['auc'], ref['auc_b'], 1e-9)
close('difference', pair['auc_difference'], ref['auc_difference'], 1e-9)
close('z', pair['delong_z'], ref['z'], 1e-6)
close('ci_lo', pair['auc_difference_ci'][0], ref['ci_lo'], 1e-6)
close('ci_hi', pair['auc_difference_ci'][1], ref['ci_hi'], 1e-6)
if ref['p'] > 1e-300:
    close('p', pair['delong_p'], ref['p'], 1e-6)
# capture and migration recounted from the scores, by hand
with open(data, newline='', encoding='utf-8-sig') as f:
    first = f.readline(); f.seek(0)
    rows = list(csv.reader(f, delimiter=';' if ';' in first else ','))
t = rows[0].index(target)
y = [1 if r[t].strip().lower() in ('1', 'yes', 'true', 'converted') else 0 for r in rows[1:]]
A, B = list(csv.DictReader(open(sa))), list(csv.DictReader(open(sb)))
n = got['capacity']
def top(s):
    order = sorted(range(len(s)), key=lambda i: (-float(s[i]['probability']), i))
    return set(order[:n])
ta, tb = top(A), top(B)
for k, tset in ((0, ta), (1, tb)):
    cap = sum(y[i] for i in tset)
    if got['models'][k]['captured_at_capacity'] != cap:
        bad.append(f'model {k} captured {got["models"][k]["captured_at_capacity"]}, by hand {cap}')
only_a, only_b = ta - tb, tb - ta
if (pair['only_a'], pair['only_a_converted']) != (len(only_a), sum(y[i] for i in only_a)):
    bad.append('only in A differs')
if (pair['only_b'], pair['only_b_converted']) != (len(only_b), sum(y[i] for i in only_b)):
    bad.append('only in B differs')
cross = {}
for i, (ra, rb) in enumerate(zip(A, B)):
    key = (ra['band'], rb['band'])
    leads, conv = cross.get(key, (0, 0))
    cross[key] = (leads + 1, conv + y[i])
for cell in pair['migration']:
    want = cross.get((cell['from'], cell['to']), (0, 0))
    if (cell['leads'], cell['converted']) != want:
        bad.append(f'migration {cell["from"]}->{cell["to"]}: {cell["leads"]},{cell["converted"]}, crosstab {want}')
if sum(c['leads'] for c in pair['migration']) != len(y):
    bad.append('migration does not hold every lead')
for b in bad:
    print('  ' + b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
    checks=$((checks + 1))
    grep -q "^verdict: .*ranks better than .*: AUC" "$WORK/$name.txt" || fail "$name: no verdict: $(tail -2 "$WORK/$name.txt")"
}

check sample "$SRC/datasets/leads_sample.csv" converted "" "" demo_requested,pricing_page_views
if [ -f "$shared/xeducation_leads.csv" ]; then
    check xeducation "$shared/xeducation_leads.csv" Converted Select "Tags,Lead Quality" \
        "Tags,Lead Quality,Total Time Spent on Website,Last Activity"
    check bank "$shared/bank_marketing_full.csv" y "" duration "duration,poutcome,month"
else
    skip_check "$shared is absent: X Education and Bank Marketing not compared"
fi

# the learned model (trained on leads before 2026) against the shipped rule set
# on the later leads: integer points, so many ties; the rule set ranks by score
awk -F, 'NR == 1 || $2 < "2026"' "$SRC/datasets/leads_sample.csv" >"$WORK/before.csv"
awk -F, 'NR == 1 || $2 >= "2026"' "$SRC/datasets/leads_sample.csv" >"$WORK/after.csv"
"$LS" train --data "$WORK/before.csv" --target converted --out "$WORK/learned.json" --quiet
expect 0 "" -- "$LS" compare --data "$WORK/after.csv" --target converted "$WORK/learned.json" \
    "$SRC/models/points_rules.json" --json "$WORK/rules.json"
cp "$WORK/out" "$WORK/rules.txt"
checks=$((checks + 1))
python3 - "$SRC/tests/reference/compare_rules.json" "$WORK/rules.json" <<'PY' || fail "model vs rule set: figures differ"
import json, sys
ref, got = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
pair = got['pairs'][0]
pairs = [('auc_a', got['models'][0]['auc'], 1e-9), ('auc_b', got['models'][1]['auc'], 1e-9),
         ('z', pair['delong_z'], 1e-6), ('p', pair['delong_p'], 1e-6),
         ('ci_lo', pair['auc_difference_ci'][0], 1e-6), ('ci_hi', pair['auc_difference_ci'][1], 1e-6)]
bad = [f'{k}: leadscore {v!r}, pROC {ref[k]!r}' for k, v, tol in pairs if abs(v - ref[k]) > tol * abs(ref[k])]
if got['models'][1]['kind'] != 'rules' or got['models'][1]['log_loss'] is not None:
    bad.append('the rule set should have kind rules and no log-loss')
print('\n'.join(bad), file=sys.stderr)
sys.exit(1 if bad else 0)
PY
checks=$((checks + 1))
grep -q '^verdict: learned.json ranks better than "Marketing points' "$WORK/rules.txt" ||
    fail "model vs rules verdict: $(grep verdict "$WORK/rules.txt")"

# outcomes as a CRM writes them: "Closed Won" / "Lost", blank while still open;
# with --positive and --unlabelled skip the figures are those of the 0/1 file
# without the open leads
awk -F, -v OFS=, 'NR == 1 { print; next } NR % 7 == 0 { $NF = ""; print; next }
    { $NF = ($NF == 1) ? "Closed Won" : "Lost"; print }' "$WORK/after.csv" >"$WORK/crm.csv"
awk -F, 'NR == 1 || NR % 7 != 0' "$WORK/after.csv" >"$WORK/labelled.csv"
expect 0 "skipped [0-9]+ rows with a blank outcome" -- "$LS" compare --data "$WORK/crm.csv" --target converted \
    --positive "closed won" --unlabelled skip "$WORK/learned.json" "$SRC/models/points_rules.json" --json "$WORK/crm.json"
"$LS" compare --data "$WORK/labelled.csv" --target converted "$WORK/learned.json" "$SRC/models/points_rules.json" \
    --json "$WORK/labelled.json" --quiet
checks=$((checks + 1))
python3 -c '
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
sys.exit(0 if a["pairs"][0]["auc_difference"] == b["pairs"][0]["auc_difference"] and a["leads"] == b["leads"] else 1)
' "$WORK/crm.json" "$WORK/labelled.json" || fail "--positive/--unlabelled: figures differ from the 0/1 file's"

# the same model twice: a warning, no difference, exit 0
m=$WORK/sample-a.json
expect 0 "same file" -- "$LS" compare --data "$SRC/datasets/leads_sample.csv" --target converted "$m" "$m"
checks=$((checks + 1))
grep -q "^verdict: no detectable difference" "$WORK/out" || fail "identical models: $(tail -1 "$WORK/out")"

# bad input: usage errors (2), data errors (1), no output left behind
expect 2 "at least two models" -- "$LS" compare --data "$SRC/datasets/leads_sample.csv" --target converted "$m"
expect 2 "--data and --target are required" -- "$LS" compare "$m" "$m"
expect 2 "larger than the 20000 leads" -- "$LS" compare --data "$SRC/datasets/leads_sample.csv" --target converted \
    "$m" "$WORK/sample-b.json" --capacity 20001 --json "$WORK/x.json"
absent "$WORK/x.json"
printf 'lead_id,converted,industry\nA,1,Software\nB,0,Retail\n' >"$WORK/few.csv"
expect 1 "few.csv:1: sample-a.json: .*columns the model needs are missing: .*; sample-b.json: " -- \
    "$LS" compare --data "$WORK/few.csv" --target converted "$m" "$WORK/sample-b.json" --json "$WORK/x.json"
one_line
absent "$WORK/x.json"
expect 1 "cannot open|No such file" -- "$LS" compare --data "$SRC/datasets/leads_sample.csv" --target converted \
    "$m" "$WORK/nope.json"
# one class only: AUC n/a, said, still exit 0
head -1 "$SRC/datasets/leads_sample.csv" >"$WORK/one.csv"
awk -F, 'NR > 1 && $NF == 0' "$SRC/datasets/leads_sample.csv" | head -200 >>"$WORK/one.csv"
expect 0 "one class only" -- "$LS" compare --data "$WORK/one.csv" --target converted "$m" "$WORK/sample-b.json" \
    --capacity 10
finish
