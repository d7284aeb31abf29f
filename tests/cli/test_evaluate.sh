#!/usr/bin/env bash
# evaluate end to end: outputs, bad inputs, and the HTML page rendered in a
# real headless browser (skipped only when chromium is not installed).
. "$(dirname "$0")/lib.sh"
ok=$SRC/tests/data/ok
data=$SRC/datasets/leads_sample.csv
model=$WORK/m.json
"$LS" train --data "$data" --target converted --out "$model" --quiet

expect 0 "" -- "$LS" evaluate --model "$model" --data "$data" --target converted --json "$WORK/e.json" \
    --html "$WORK/e.html" --misranked "$WORK/m.csv" --target-precision 0.6 --capacity 500
checks=$((checks + 1))
tail -7 "$WORK/out" | head -1 | grep -q "^conversion by band" || fail "the text report should end with the band table"
for key in rows positives auc auc_ci log_loss brier ks bands mql_to_sql misranked deciles calibration; do
    checks=$((checks + 1))
    grep -q "\"$key\":" "$WORK/e.json" || fail "evaluate --json lacks '$key'"
done
checks=$((checks + 1))
[ "$(head -1 "$WORK/m.csv")" = "id,score,probability,band,converted,reasons" ] || fail "misranked header"
checks=$((checks + 1))
awk -F, 'NR > 1 && !(($5 == 1 && $4 != "MQL" && $4 != "SQL") || ($5 == 0 && $4 == "SQL")) { bad = 1 } END { exit bad }' \
    "$WORK/m.csv" || fail "the misranked list holds a lead that is not misranked"

# the realised MQL-to-SQL ratio from a lifecycle-stage column
printf 'x,converted,stage\na,1,customer\na,0,lead\nb,1,SQL\nb,0,mql\na,0,MQL\n' >"$WORK/stage.csv"
"$LS" train --data "$ok/two_by_two.csv" --target converted --exclude noise,twin --out "$WORK/s.json" --quiet
expect 0 "" -- "$LS" evaluate --model "$WORK/s.json" --data "$WORK/stage.csv" --target converted --stage stage
grep -q "realised from the stage column: 4 at MQL or beyond, 2 at SQL or beyond; ratio 0.500" "$WORK/out" ||
    fail "stage ratio: $(grep realised "$WORK/out")"

# bad inputs
expect 1 "target column 'sold' not found" -- "$LS" evaluate --model "$model" --data "$data" --target sold
one_line
expect 1 "target_not_binary.csv:3:2: target column 'converted' must be binary.*'maybe'" -- \
    "$LS" evaluate --model "$WORK/s.json" --data "$SRC/tests/data/bad/target_not_binary.csv" --target converted \
    --json "$WORK/bad.json"
absent "$WORK/bad.json"
expect 2 "does not start above the previous band" -- "$LS" evaluate --model "$model" --data "$data" --target converted \
    --bands "A:0,B:50,C:50"
expect 2 "--mql names band 'Hot'" -- "$LS" evaluate --model "$model" --data "$data" --target converted --mql Hot
# one class: AUC undefined and said so; the other figures still printed
printf 'x,converted\na,0\nb,0\na,0\n' >"$WORK/one.csv"
expect 0 "one class only: AUC, KS and DeLong's interval are undefined" -- \
    "$LS" evaluate --model "$WORK/s.json" --data "$WORK/one.csv" --target converted --json "$WORK/one.json"
grep -q "log-loss" "$WORK/out" || fail "log-loss missing with one class"
grep -q '"auc":	null' "$WORK/one.json" || fail "AUC should be null in JSON with one class"
# an empty band is n/a, not a division by zero
expect 0 "" -- "$LS" evaluate --model "$WORK/s.json" --data "$WORK/stage.csv" --target converted \
    --bands "Cold:0,Warm:30,Hot:90"
grep -Eq "^Hot +90-100 +0 +0 +n/a" "$WORK/out" || fail "empty band: $(grep '^Hot' "$WORK/out")"

# the page in a real browser
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "chromium not installed: browser checks skipped"
else
    flags=(--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update
        --disable-sync --no-first-run "--user-data-dir=$WORK/chromium")
    timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$WORK/e.html" >"$WORK/dom.html" 2>/dev/null
    for chart in conversion-by-band cumulative-gains calibration score-distribution; do
        checks=$((checks + 1))
        grep -q "data-chart=\"$chart\"" "$WORK/dom.html" || fail "the rendered page lacks the $chart chart"
    done
    checks=$((checks + 1))
    [ "$(grep -o '<rect[^>]*class="bar"' "$WORK/dom.html" | wc -l)" -ge 3 ] || fail "band chart has no bars"
    checks=$((checks + 1))
    grep -q '<table id="band-table">' "$WORK/dom.html" || fail "the rendered page lacks the band table"
    timeout 120 "$browser" "${flags[@]}" --window-size=1100,1400 --screenshot="$WORK/page.png" "file://$WORK/e.html" \
        >/dev/null 2>&1
    checks=$((checks + 1))
    [ -s "$WORK/page.png" ] && [ "$(stat -c %s "$WORK/page.png")" -gt 20000 ] || fail "the screenshot is empty"
fi
finish
