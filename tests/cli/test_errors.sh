#!/usr/bin/env bash
# Every bad input gets one error line naming file, line and column, exit 1
# (2 for usage), and leaves no output file behind.
. "$(dirname "$0")/lib.sh"
bad=$SRC/tests/data/bad
ok=$SRC/tests/data/ok
model=$WORK/model.json

# usage errors: exit 2
expect 2 "unknown command" -- "$LS" frobnicate
expect 2 "required" -- "$LS" train --data "$ok/tiny.csv"
expect 2 "--l2 takes" -- "$LS" train --data "$ok/tiny.csv" --target converted --out "$model" --l2 -1
expect 2 "invalid bands" -- "$LS" train --data "$ok/tiny.csv" --target converted --out "$model" --bands "A:0,B:50,C:40"
expect 2 "first band must start at 0" -- "$LS" score --model "$model" --data "$ok/tiny.csv" --bands "A:5,B:50"
expect 2 "" -- "$LS" train --no-such-option
for c in describe train inspect export score evaluate generate; do
    expect 0 "" -- "$LS" "$c" --help
    grep -q "usage: leadscore $c" "$WORK/out" || fail "$c --help prints no usage"
done

# data errors while training: exit 1, one line with file:line:column, no model
train_bad() {
    local file=$1 pattern=$2
    expect 1 "$pattern" -- "$LS" train --data "$file" --target converted --out "$model" --l2 0
    one_line
    absent "$model"
}
train_bad "$bad/no_such_file.csv" "no_such_file.csv: cannot open file"
train_bad "$bad/empty.csv" "empty.csv: empty file"
train_bad "$bad/header_only.csv" "header_only.csv:2: no data rows"
train_bad "$bad/unterminated_quote.csv" "unterminated_quote.csv:2:2: unterminated quoted field"
train_bad "$bad/ragged_row.csv" "ragged_row.csv:3:3: row has 2 fields but the header has 3"
train_bad "$bad/duplicate_columns.csv" "duplicate_columns.csv:1:3: duplicate column name 'a'"
train_bad "$bad/invalid_utf8.csv" "invalid_utf8.csv:2:2: invalid UTF-8"
train_bad "$bad/target_not_binary.csv" "target_not_binary.csv:3:2: target column 'converted' must be binary.*'maybe'"
train_bad "$bad/numeric_with_text.csv" "numeric_with_text.csv:32:1: column 'visits' is numeric.*'n/a'"
train_bad "$bad/numeric_nan.csv" "numeric_nan.csv:6:1: column 'visits': 'NaN' is not a finite number"
train_bad "$bad/one_class.csv" "one class only"
train_bad "$bad/separated.csv" "separation: term 'x=b'"
# no convergence within the iteration limit; fewer rows than terms
expect 1 "no convergence within 1 iterations" -- \
    "$LS" train --data "$ok/two_by_two.csv" --target converted --exclude twin --out "$model" --max-iterations 1
one_line
absent "$model"
printf 'x,z,converted\na,p,1\na,q,0\nb,q,1\nc,r,0\n' >"$WORK/few.csv"
expect 1 "4 rows for 5 terms: a fit needs more rows than terms" -- \
    "$LS" train --data "$WORK/few.csv" --target converted --min-level-count 1 --out "$model"
absent "$model"
expect 1 "column 'empty' was given as a feature but is entirely missing" -- \
    "$LS" train --data "$ok/types.csv" --target converted --numeric empty --out "$model"
absent "$model"
expect 1 "column 'constant' was given as a feature but is constant" -- \
    "$LS" train --data "$ok/types.csv" --target converted --categorical constant --out "$model"
absent "$model"
expect 1 "target column 'sold' not found" -- "$LS" train --data "$ok/tiny.csv" --target sold --out "$model"
absent "$model"

# a failed retrain leaves the previous model untouched
expect 0 "" -- "$LS" train --data "$ok/two_by_two.csv" --target converted --exclude noise,twin --out "$model" --quiet
before=$(sha256sum "$model")
expect 1 "separation" -- "$LS" train --data "$bad/separated.csv" --target converted --out "$model" --l2 0
[ "$(sha256sum "$model")" = "$before" ] || fail "a failed train changed the existing model"

# scoring: bad model files and bad data, no partial output
out=$WORK/scores.csv
expect 1 "nope.json: cannot open file" -- "$LS" score --model "$WORK/nope.json" --data "$ok/tiny.csv" --out "$out"
one_line; absent "$out"
echo "not json" >"$WORK/bad.json"
expect 1 "bad.json:1:1: not valid JSON" -- "$LS" score --model "$WORK/bad.json" --data "$ok/tiny.csv" --out "$out"
one_line; absent "$out"
echo '{"format": "leadscore-model", "kind": "forest"}' >"$WORK/kind.json"
expect 1 "kind 'forest'" -- "$LS" score --model "$WORK/kind.json" --data "$ok/tiny.csv" --out "$out"
sed 's/"schema_version":[[:space:]]*1/"schema_version": 7/' "$model" >"$WORK/newer.json"
expect 1 "newer than this leadscore" -- "$LS" score --model "$WORK/newer.json" --data "$ok/two_by_two.csv" --out "$out"
absent "$out"
printf 'lead,y\n1,2\n' >"$WORK/no_x.csv"
expect 1 "no_x.csv:1: 1 column the model needs is missing: 'x'" -- "$LS" score --model "$model" --data "$WORK/no_x.csv" --out "$out"
absent "$out"
printf 'x\n' >"$WORK/header_only.csv"
# a day without new leads: a header-only output and exit 0 (issue 14), said on stderr
expect 0 "header only" -- "$LS" score --model "$model" --data "$WORK/header_only.csv" --out "$out"
checks=$((checks + 1))
[ "$(cat "$out")" = "id,score,probability,band" ] || fail "header-only input: $(cat "$out")"
rm -f "$out"
expect 1 "never seen in training" -- "$LS" score --model "$model" --data "$ok/score_two_by_two.csv" --out "$out" --strict
absent "$out"

# a numeric cell holding text: stop by default, skip on request
expect 0 "" -- "$LS" train --data "$ok/tiny.csv" --target converted --out "$WORK/num.json" --quiet --min-level-count 1
printf 'x\n1\nabc\n3\n' >"$WORK/text.csv"
expect 1 "text.csv:3:1: column 'x' is numeric in the model but holds 'abc'" -- \
    "$LS" score --model "$WORK/num.json" --data "$WORK/text.csv" --out "$out"
absent "$out"
rm -f "$out"
expect 0 "skipped 1 bad row \(first at line 3\); scored 2" -- \
    "$LS" score --model "$WORK/num.json" --data "$WORK/text.csv" --out "$out" --on-error skip
[ "$(wc -l <"$out")" = 3 ] || fail "--on-error skip should write a header and 2 rows"

finish
