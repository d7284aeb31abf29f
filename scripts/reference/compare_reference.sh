#!/usr/bin/env bash
# Reference values for 'leadscore compare' (tests/reference/compare_*.json):
# R's pROC computes the paired DeLong test from the probabilities that two
# leadscore models give the same leads; tests/cli/test_compare.sh trains and
# compares the same way and must agree to 1e-6. Also writes the tie-heavy
# synthetic case tests/data/ok/compare_ties.csv (scores on a coarse grid and
# integer points, as rule sets give) and its reference.
# Needs r-base-core, r-cran-proc and a built build/leadscore.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
LS=$root/build/leadscore
shared=$root/../shared/datasets
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# name | data | target | --na | columns model A leaves out | columns model B leaves out
cases=(
    "sample|$root/datasets/leads_sample.csv|converted|||demo_requested,pricing_page_views"
    "xeducation|$shared/xeducation_leads.csv|Converted|Select|Tags,Lead Quality|Tags,Lead Quality,Total Time Spent on Website,Last Activity"
    "bank|$shared/bank_marketing_full.csv|y||duration|duration,poutcome,month"
)
for c in "${cases[@]}"; do
    IFS='|' read -r name data target na exclude_a exclude_b <<<"$c"
    [ -f "$data" ] || { echo "skipping $name: $data is missing" >&2; continue; }
    common=(--data "$data" --target "$target" --quiet)
    [ -n "$na" ] && common+=(--na "$na")
    a=()
    [ -n "$exclude_a" ] && a=(--exclude "$exclude_a")
    "$LS" train "${common[@]}" "${a[@]}" --out "$work/a.json"
    "$LS" train "${common[@]}" --exclude "$exclude_b" --out "$work/b.json"
    "$LS" score --model "$work/a.json" --data "$data" --out "$work/sa.csv" --quiet
    "$LS" score --model "$work/b.json" --data "$data" --out "$work/sb.csv" --quiet
    python3 - "$data" "$target" "$work/sa.csv" "$work/sb.csv" "$work/in.csv" <<'PY'
import csv, sys
data, target, sa, sb, out = sys.argv[1:]
with open(data, newline='', encoding='utf-8-sig') as f:
    r = csv.reader(f, delimiter=';' if f.readline().count(';') > 0 else ',')
    f.seek(0)
    if f.read(1) != '\ufeff':
        f.seek(0)
    head = next(r)
    t = head.index(target)
    y = [1 if row[t].strip().lower() in ('1', 'yes', 'true', 'converted') else 0 for row in r]
pa = [row['probability'] for row in csv.DictReader(open(sa))]
pb = [row['probability'] for row in csv.DictReader(open(sb))]
with open(out, 'w') as f:
    f.write('y,a,b\n')
    for v, a, b in zip(y, pa, pb):
        f.write(f'{v},{a},{b}\n')
PY
    Rscript "$root/scripts/reference/compare_reference.R" "$work/in.csv" "$root/tests/reference/compare_$name.json"
    echo "wrote tests/reference/compare_$name.json" >&2
done

# the learned model against the shipped rule set, as the README's routine does:
# trained on the leads created before 2026, compared on the later ones; the
# rule set's scores are integers (many ties), ranked as leadscore ranks them
# (score / 100)
sample=$root/datasets/leads_sample.csv
awk -F, 'NR == 1 || $2 < "2026"' "$sample" >"$work/before.csv"
awk -F, 'NR == 1 || $2 >= "2026"' "$sample" >"$work/after.csv"
"$LS" train --data "$work/before.csv" --target converted --out "$work/a.json" --quiet
"$LS" score --model "$work/a.json" --data "$work/after.csv" --out "$work/sa.csv" --quiet
"$LS" score --model "$root/models/points_rules.json" --data "$work/after.csv" --out "$work/sb.csv" --quiet
python3 - "$work/after.csv" "$work/sa.csv" "$work/sb.csv" "$work/in.csv" <<'PY'
import csv, sys
data, sa, sb, out = sys.argv[1:]
y = [int(r['converted']) for r in csv.DictReader(open(data))]
pa = [r['probability'] for r in csv.DictReader(open(sa))]
pb = [int(r['score']) / 100 for r in csv.DictReader(open(sb))]
with open(out, 'w') as f:
    f.write('y,a,b\n')
    for v, a, b in zip(y, pa, pb):
        f.write(f'{v},{a},{b!r}\n')
PY
Rscript "$root/scripts/reference/compare_reference.R" "$work/in.csv" "$root/tests/reference/compare_rules.json"
echo "wrote tests/reference/compare_rules.json" >&2

# ties: 3,000 leads; a on a grid of 0.05, b integer points 0-100 in steps of 5
awk 'BEGIN { srand(20261201); print "y,a,b";
    for (i = 0; i < 3000; i++) { u = rand(); y = (rand() < 0.1 + 0.6 * u) ? 1 : 0;
        a = int((u * 0.7 + rand() * 0.3) * 20) / 20; b = 5 * int((u * 0.5 + rand() * 0.5) * 20);
        print y "," a "," b } }' >"$root/tests/data/ok/compare_ties.csv"
Rscript "$root/scripts/reference/compare_reference.R" "$root/tests/data/ok/compare_ties.csv" \
    "$root/tests/reference/compare_ties.json"
echo "wrote tests/reference/compare_ties.json" >&2
