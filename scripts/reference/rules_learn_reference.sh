#!/usr/bin/env bash
# Computes tests/reference/rules_learn_sample_fit.csv: the shipped rule set's
# terms on the sample (rules_learn_reference.py, from issue 10's semantics)
# fitted by R's glm (rules_learn_reference.R). Needs python3 and Rscript.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
python3 scripts/reference/rules_learn_reference.py models/points_rules.json datasets/leads_sample.csv converted >"$tmp"
Rscript scripts/reference/rules_learn_reference.R "$tmp" models/points_rules.json tests/reference/rules_learn_sample_fit.csv
