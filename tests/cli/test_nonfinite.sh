#!/usr/bin/env bash
# A lead whose logit is not finite: a legitimately trained model with weights
# of opposite signs meets huge values (inf - inf). score must refuse the lead
# with its line and column (or skip it with --on-error skip), never write nan;
# evaluate must stop with the same error, never hang in the rank computation.
. "$(dirname "$0")/lib.sh"
# y follows a - b: the fit gives a and b weights of opposite signs
awk 'BEGIN { srand(7); print "a,b,y";
    for (i = 0; i < 400; i++) { a = rand(); b = rand();
        y = (a - b + rand() * 0.6 - 0.3 > 0) ? 1 : 0; print a "," b "," y } }' >"$WORK/train.csv"
"$LS" train --data "$WORK/train.csv" --target y --out "$WORK/m.json" --quiet || fail "training failed"
printf 'a,b,y\n0.3,0.4,0\n1e308,1e308,1\n0.5,0.1,1\n' >"$WORK/huge.csv"

expect 1 "huge.csv:3:[12]: .*logit .* (infinite|not a number)" -- \
    "$LS" score --model "$WORK/m.json" --data "$WORK/huge.csv" --out "$WORK/s.csv"
one_line
absent "$WORK/s.csv"

# skipped and reported; the other two leads are scored, no nan anywhere
expect 0 "skipped 1 bad row" -- "$LS" score --model "$WORK/m.json" --data "$WORK/huge.csv" --on-error skip \
    --out "$WORK/s.csv"
checks=$((checks + 1))
[ "$(wc -l <"$WORK/s.csv")" = 3 ] || fail "expected header + 2 leads: $(cat "$WORK/s.csv")"
checks=$((checks + 1))
! grep -qi nan "$WORK/s.csv" || fail "nan in the output: $(cat "$WORK/s.csv")"

# evaluate stops with the error within seconds (it hung forever before)
expect 1 "huge.csv:3:[12]: .*logit" -- timeout 20 "$LS" evaluate --model "$WORK/m.json" --data "$WORK/huge.csv" \
    --target y --json "$WORK/e.json"
absent "$WORK/e.json"
# --on-error skip in evaluate: the lead that cannot be scored and a row whose
# outcome is not binary are both left out and counted (the outcome stopped the
# run before)
printf 'a,b,y\n0.3,0.4,0\n1e308,1e308,1\n0.5,0.1,maybe\n0.6,0.2,1\n0.1,0.9,0\n' >"$WORK/mixed.csv"
expect 0 "skipped 2 bad rows .*mixed.csv:3:" -- "$LS" evaluate --model "$WORK/m.json" --data "$WORK/mixed.csv" \
    --target y --on-error skip --json "$WORK/mixed.json"
checks=$((checks + 1))
python3 -c 'import json, sys; sys.exit(0 if json.load(open(sys.argv[1]))["rows"] == 3 else 1)' "$WORK/mixed.json" ||
    fail "evaluate --on-error skip: expected 3 leads evaluated"
finish
