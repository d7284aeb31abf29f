#!/usr/bin/env bash
# Training options end to end: determinism, holdouts, class weights, penalties,
# cross-validation, inspect and export.
. "$(dirname "$0")/lib.sh"
ok=$SRC/tests/data/ok

# json_number FILE KEY: the first number stored under "KEY" in a model file
json_number() {
    grep -m1 "\"$2\":" "$1" | sed 's/.*:[[:space:]]*//; s/,$//'
}
# weight FILE TERM: the weight of a term, from the export CSV
weight() {
    "$LS" export --model "$1" | awk -F, -v t="$2" '$1 == t { print $4 }'
}
close_to() { # close_to GOT EXPECTED TOL
    checks=$((checks + 1))
    awk -v g="$1" -v e="$2" -v t="$3" 'BEGIN { d = g - e; if (d < 0) d = -d; exit !(d <= t * (e < 0 ? -e : e)) }' ||
        fail "got $1, expected $2 (rel tol $3)"
}

# same data, options and seed: the same weights, bit for bit
for k in 1 2; do
    expect 0 "" -- "$LS" train --data "$ok/two_by_two.csv" --target converted --holdout 0.25 --seed 9 \
        --out "$WORK/d$k.json" --quiet
    "$LS" export --model "$WORK/d$k.json" --out "$WORK/d$k.csv"
done
checks=$((checks + 1))
cmp -s "$WORK/d1.csv" "$WORK/d2.csv" || fail "two identical trainings gave different weights"

# a random holdout: its rows are not trained on
train_rows=$(json_number "$WORK/d1.json" train_rows)
holdout_rows=$(json_number "$WORK/d1.json" holdout_rows)
checks=$((checks + 1))
[ $((train_rows + holdout_rows)) = 200 ] && [ "$holdout_rows" -gt 20 ] && [ "$holdout_rows" -lt 80 ] ||
    fail "holdout 0.25 of 200 rows gave train $train_rows, holdout $holdout_rows"
checks=$((checks + 1))
[ "$(json_number "$WORK/d1.json" rows)" = "$train_rows" ] || fail "the fit did not use exactly the training rows"

# out of time: types.csv has one lead a day from 2025-01-01 to 2025-01-30
expect 0 "holdout log-loss .* on 10 rows" -- "$LS" train --data "$ok/types.csv" --target converted \
    --time-column created --test-from 2025-01-21 --min-level-count 1 --out "$WORK/t.json"
checks=$((checks + 1))
[ "$(json_number "$WORK/t.json" train_rows)" = 20 ] || fail "out-of-time split should train on 20 rows"
expect 2 "go together" -- "$LS" train --data "$ok/types.csv" --target converted --time-column created --out "$WORK/x.json"
expect 1 "does not hold ISO dates" -- "$LS" train --data "$ok/types.csv" --target converted \
    --time-column visits --test-from 2025-01-21 --out "$WORK/x.json"
absent "$WORK/x.json"

# balanced class weights: on a saturated model (one binary term) the
# intercept correction gives back exactly the unweighted rates 30/120, 40/80
expect 0 "" -- "$LS" train --data "$ok/two_by_two.csv" --target converted --exclude noise,twin --l2 0 \
    --class-weight balanced --out "$WORK/b.json" --quiet
close_to "$(weight "$WORK/b.json" "(Intercept)")" "$(awk 'BEGIN { printf "%.17g", log(30/90) }')" 1e-9
close_to "$(weight "$WORK/b.json" "x=b")" "$(awk 'BEGIN { printf "%.17g", log(3) }')" 1e-9

# lasso: a penalty above lambda_max leaves only the intercept; a small one keeps x
expect 0 "" -- "$LS" train --data "$ok/two_by_two.csv" --target converted --exclude twin --l1 10 \
    --out "$WORK/l.json" --quiet
checks=$((checks + 1))
[ "$(weight "$WORK/l.json" "x=b")" = 0 ] || fail "--l1 10 should set x=b to exactly 0"
expect 0 "" -- "$LS" train --data "$ok/two_by_two.csv" --target converted --exclude twin --l1 0.001 \
    --out "$WORK/l2.json" --quiet
checks=$((checks + 1))
[ "$(weight "$WORK/l2.json" "x=b")" != 0 ] || fail "--l1 0.001 should keep x=b"

# ridge shrinks toward zero
expect 0 "" -- "$LS" train --data "$ok/two_by_two.csv" --target converted --exclude noise,twin --l2 1 \
    --out "$WORK/r.json" --quiet
checks=$((checks + 1))
awk -v w="$(weight "$WORK/r.json" "x=b")" 'BEGIN { exit !(w > 0 && w < log(3)) }' || fail "ridge did not shrink x=b"

# cross-validation reports its curve and picks one of its lambdas
expect 0 "<- chosen" -- "$LS" train --data "$ok/two_by_two.csv" --target converted --exclude twin --cv 4 \
    --out "$WORK/cv.json"
checks=$((checks + 1))
[ "$(grep -c '"mean_log_loss"' "$WORK/cv.json")" = 20 ] || fail "the cross-validation curve should have 20 points"

# the quasi-Newton solver (used past 400 terms) finds the same optimum
for solver in newton lbfgs; do
    expect 0 "" -- "$LS" train --data "$SRC/datasets/leads_sample.csv" --target converted --solver "$solver" \
        --out "$WORK/$solver.json" --quiet
    "$LS" export --model "$WORK/$solver.json" --out "$WORK/$solver.csv"
done
checks=$((checks + 1))
paste -d, "$WORK/newton.csv" "$WORK/lbfgs.csv" |
    awk -F, 'NR > 1 { d = $4 - $11; if (d < 0) d = -d; if (d > 1e-4) bad = 1 } END { exit bad }' ||
    fail "lbfgs and newton weights differ by more than 1e-4"
expect 2 "the lasso needs the Newton solver" -- "$LS" train --data "$ok/two_by_two.csv" --target converted \
    --solver lbfgs --l1 0.01 --out "$WORK/x.json"

# inspect and export
expect 0 "" -- "$LS" inspect "$WORK/b.json"
grep -q "odds_ratio" "$WORK/out" || fail "inspect shows no odds ratio column"
expect 0 "" -- "$LS" inspect "$WORK/d1.json"
grep -Eq "^log-loss: training [0-9.]+, holdout [0-9.]+ on $holdout_rows rows" "$WORK/out" ||
    fail "inspect does not show the holdout log-loss: $(grep log-loss "$WORK/out")"
"$LS" export --model "$WORK/b.json" --out "$WORK/w.csv"
checks=$((checks + 1))
[ "$(head -1 "$WORK/w.csv")" = "term,column,level,weight,std_error,z,p_value" ] || fail "export header"
checks=$((checks + 1))
grep -q '^(Intercept),,,' "$WORK/w.csv" || fail "export: the intercept has empty column and level"
checks=$((checks + 1))
grep -q '^x=b,x,b,' "$WORK/w.csv" || fail "export: level terms carry column and level"

finish
