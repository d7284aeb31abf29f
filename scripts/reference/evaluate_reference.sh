#!/usr/bin/env bash
# Reference figures for 'leadscore evaluate' on the sample and the shared
# datasets: leadscore trains and scores (its probabilities are the input), and
# scripts/reference/metrics_reference.py computes every figure from them
# independently with scikit-learn, scipy, statsmodels and pandas.
# Writes tests/reference/evaluate_<name>.json. Needs /usr/bin/python3 with
# python3-sklearn, python3-pandas, python3-statsmodels (Debian).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
ls=$root/build/leadscore
shared=$root/../shared/datasets
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

reference() { # name data target [train options...]
    local name=$1 data=$2 target=$3
    shift 3
    "$ls" train --data "$data" --target "$target" --out "$work/$name.json" --quiet "$@"
    "$ls" score --model "$work/$name.json" --data "$data" --out "$work/$name.scores.csv" --quiet
    # y from the data file, p and score from leadscore, row by row
    /usr/bin/python3 - "$data" "$target" "$work/$name.scores.csv" "$work/$name.case.csv" <<'PY'
import sys
import pandas as pd
data, target, scores, out = sys.argv[1:5]
sep = ";" if open(data).readline().count(";") > open(data).readline().count(",") else ","
y = pd.read_csv(data, sep=sep, dtype=str, keep_default_na=False)[target].str.strip().str.lower()
y = y.isin(["1", "yes", "true", "converted", "y"]).astype(int)
s = pd.read_csv(scores, dtype={"id": str})
pd.DataFrame({"y": y, "p": s["probability"], "score": s["score"]}).to_csv(out, index=False, float_format="%.17g")
PY
    /usr/bin/python3 "$root/scripts/reference/metrics_reference.py" "$work/$name.case.csv" \
        "Prospect:0,Lead:11,MQL:41,SQL:71" "$root/tests/reference/evaluate_$name.json"
    echo "wrote tests/reference/evaluate_$name.json"
}

reference sample "$root/datasets/leads_sample.csv" converted
if [ -d "$shared" ]; then
    reference xeducation "$shared/xeducation_leads.csv" Converted --na Select --exclude "Tags,Lead Quality"
    reference bank "$shared/bank_marketing_full.csv" y --exclude duration
fi
