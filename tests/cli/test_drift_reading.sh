#!/usr/bin/env bash
# drift reads cells exactly as training and scoring do: on the training file
# itself every input's CSI is 0 (the file is its own population), also for a
# model with one column's own placeholder (--na COL=VALUE) and for one that
# reads decimal commas. Before the fix, '0' in days_since_last_activity was
# binned as a number although training coded it missing (CSI 0.197, "watch"),
# and '3,5' under --decimal , was counted nowhere.
. "$(dirname "$0")/lib.sh"
sample=$SRC/datasets/leads_sample.csv
"$LS" train --data "$sample" --target converted --na days_since_last_activity=0 --out "$WORK/cna.json" --quiet
# the sample rewritten with ';' and decimal commas
awk -F, -v OFS=';' 'NR > 1 { gsub(/\./, ",", $10) } { $1 = $1; print }' "$sample" >"$WORK/comma.csv"
"$LS" train --data "$WORK/comma.csv" --target converted --decimal , --out "$WORK/comma.json" --quiet
for m in cna:"$sample" comma:"$WORK/comma.csv"; do
    name=${m%%:*} data=${m#*:}
    expect 0 "" -- "$LS" drift --model "$WORK/$name.json" --data "$data" --json "$WORK/$name-drift.json"
    checks=$((checks + 1))
    python3 - "$WORK/$name-drift.json" <<'PY' || fail "$name: an input drifts against its own training file"
import json, sys
d = json.load(open(sys.argv[1]))
bad = [(i['name'], i['csi']) for i in d['inputs'] if i['csi'] > 1e-6]
print(bad, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
done
finish
