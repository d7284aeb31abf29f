#!/usr/bin/env bash
# The main job on the embedded sample (README): installs what is missing,
# builds, describes the data, trains a model, scores the leads and evaluates
# the model, ending with the band table.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh" build
"$root/scripts/build.sh" "$root/build"
ls="$root/build/leadscore"
data="$root/datasets/leads_sample.csv"
out="$root/build/demo"
mkdir -p "$out"

echo "== describe: $data"
"$ls" describe --data "$data" --target converted --top 3 --json "$out/describe.json" >"$out/describe.txt"
sed -n '1,28p' "$out/describe.txt"
echo "(conversion by level for every column: $out/describe.txt)"
echo
echo "== train: leads before 2026-01-01, tested on the later ones"
"$ls" train --data "$data" --target converted --time-column created_date --test-from 2026-01-01 \
    --out "$out/model.json"
echo
echo "== inspect: the ten strongest terms"
"$ls" inspect --model "$out/model.json" >"$out/inspect.txt"
sed -n '1,18p' "$out/inspect.txt"
echo
echo "== score: first five leads with their top three reasons (probabilities rounded here; the file keeps 17 digits)"
"$ls" score --model "$out/model.json" --data "$data" --reasons 3 --out "$out/scores.csv"
# the reasons are quoted and may hold commas: round the third field only
head -6 "$out/scores.csv" | awk 'BEGIN { FS = OFS = "," } NR > 1 { $3 = sprintf("%.3f", $3) } { print }'
echo "(every lead: $out/scores.csv)"
echo
echo "== evaluate on the later leads (created from 2026-01-01), which training never saw"
awk -F, 'NR == 1 || $2 >= "2026-01-01"' "$data" >"$out/later.csv"
"$ls" evaluate --model "$out/model.json" --data "$out/later.csv" --target converted \
    --json "$out/evaluation.json" --html "$out/evaluation.html" --misranked "$out/misranked.csv"
echo
echo "reports: $out/evaluation.html (open it in a browser), $out/evaluation.json,"
echo "         misranked leads in $out/misranked.csv"
