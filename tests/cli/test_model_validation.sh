#!/usr/bin/env bash
# Model files edited and given a fresh checksum (model_json.py recomputes it
# the way src/model_checksum.c does): every command that loads a model
# refuses them with exit 1 and one line naming the file and the field,
# never a crash and never a score.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "python3 not installed: skipped"; exit 77; }
ok=$SRC/tests/data/ok
edit="python3 $SRC/tests/cli/model_json.py"
model=$WORK/model.json

expect 0 "" -- "$LS" train --data "$ok/types.csv" --target converted --min-level-count 1 \
    --time-column created --test-from 2025-01-21 --out "$model" --quiet

# the helper's checksum is the library's: an unedited file still loads
cp "$model" "$WORK/same.json"
$edit "$WORK/same.json" rechecksum
expect 0 "" -- "$LS" inspect "$WORK/same.json"

# refused MODEL PATTERN: inspect, score and evaluate all stop with one line
refused() {
    local file=$1 pattern=$2
    expect 1 "$(basename "$file"): $pattern" -- "$LS" inspect "$file"
    one_line
    expect 1 "$(basename "$file"): $pattern" -- "$LS" score --model "$file" --data "$ok/types.csv" \
        --out "$WORK/scores.csv"
    one_line
    absent "$WORK/scores.csv"
    expect 1 "$(basename "$file"): $pattern" -- "$LS" evaluate --model "$file" --data "$ok/types.csv" \
        --target converted
    one_line
}

# edited MODEL ACTION ARGS...: a copy of the trained model, edited
edited() {
    local name=$1
    shift
    cp "$model" "$WORK/$name.json"
    $edit "$WORK/$name.json" "$@" || fail "model_json.py $* failed"
}

edited no_l1 delete training.options.l1
refused "$WORK/no_l1.json" "training.options.l1 is missing"

edited l2_text set training.options.l2 '"0.1"'
refused "$WORK/l2_text.json" "training.options.l2 must be a number"

edited no_eval delete training.evaluation
refused "$WORK/no_eval.json" "training.evaluation is missing"

edited inf_impute set inputs.0.impute 1e999
refused "$WORK/inf_impute.json" "inputs\[0\].impute is not finite"

edited huge_weight set terms.1.weight 1e200
refused "$WORK/huge_weight.json" "terms\[1\].weight is too large"

# the value term of a numeric input removed: it used to score with the
# intercept's weight
edited no_value_term delete terms.1
refused "$WORK/no_value_term.json" "numeric input 'visits' has 0 value terms"

edited dup_term set terms.2.term '"visits"'
refused "$WORK/dup_term.json" "terms\[2\]: term 'visits' appears twice"

# an edit without a new checksum is still caught by the checksum
cp "$model" "$WORK/plain.json"
sed -i 's/"impute":[^,]*/"impute": 3/' "$WORK/plain.json"
refused "$WORK/plain.json" "checksum mismatch"

finish
