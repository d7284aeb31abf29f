#!/usr/bin/env bash
# generate: options, determinism through the tool, atomic output.
. "$(dirname "$0")/lib.sh"
expect 2 "--rows takes a whole number from 1 to 1000000000" -- "$LS" generate --rows 0 --seed 1
expect 2 "--seed takes a whole number" -- "$LS" generate --rows 10 --seed -3
expect 2 "--rows and --seed are required" -- "$LS" generate --rows 10
expect 1 "cannot create output file" -- "$LS" generate --rows 10 --seed 1 --out "$WORK/no/such/dir/x.csv"
one_line
expect 0 "" -- "$LS" generate --rows 500 --seed 5 --out "$WORK/a.csv" --truth "$WORK/t.json"
"$LS" generate --rows 500 --seed 5 >"$WORK/b.csv"
checks=$((checks + 1))
cmp -s "$WORK/a.csv" "$WORK/b.csv" || fail "the same seed wrote different bytes to a file and to stdout"
checks=$((checks + 1))
[ "$(wc -l <"$WORK/a.csv")" = 501 ] || fail "500 rows and a header expected"
checks=$((checks + 1))
grep -q '"intercept"' "$WORK/t.json" || fail "truth file lacks the intercept"
# the committed sample is what the README's command regenerates
"$LS" generate --rows 20000 --seed 42 --out "$WORK/sample.csv" --truth "$WORK/sample_truth.json"
checks=$((checks + 1))
cmp -s "$WORK/sample.csv" "$SRC/datasets/leads_sample.csv" || fail "datasets/leads_sample.csv is not what its README's command writes"
checks=$((checks + 1))
cmp -s "$WORK/sample_truth.json" "$SRC/datasets/leads_sample_truth.json" || fail "datasets/leads_sample_truth.json differs"
finish
