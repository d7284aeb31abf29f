#!/usr/bin/env bash
# Scoring speed at 100,000 and ROWS (default 1,000,000) generated leads,
# without and with reasons, with a learned model and with the shipped points
# rule set (models/points_rules.json), against the time to merely parse the same CSV
# with libcsv; peak memory should not grow with rows (scoring streams).
# "x parse" is the median over RUNS of the ratio to a parse timed just before
# each run (time_vs_parse in bench-lib.sh); "seconds" the median time.
# Usage: scripts/bench-score.sh  (RUNS=5 ROWS=1000000)
. "$(dirname "$0")/bench-lib.sh"
"$root/scripts/build.sh" "$root/build" >/dev/null
train=$(sample 100000)
"$LS" train --data "$train" --target converted --out "$BENCH_DIR/score-model.json" --quiet
printf '%-10s %-28s %9s %9s %10s\n' rows step seconds "x parse" "peak MiB"
for rows in 100000 "$ROWS"; do
    data=$(sample "$rows")
    read -r parse peak < <(time_median "$BASELINE" "$data")
    printf '%-10s %-28s %9.3f %9s %10d\n' "$rows" "parse only (libcsv)" "$parse" 1.00 $((peak / 1024))
    for row in "score|$BENCH_DIR/score-model.json|0" "score --reasons 3|$BENCH_DIR/score-model.json|3" \
        "score (rule set)|$root/models/points_rules.json|0" "score (rule set) --reasons 3|$root/models/points_rules.json|3"; do
        IFS='|' read -r label model reasons <<<"$row"
        read -r t r peak < <(time_vs_parse "$data" "$LS" score --model "$model" --data "$data" \
            --out "$BENCH_DIR/scores.csv" --reasons "$reasons" --quiet)
        printf '%-10s %-28s %9.3f %9.2f %10d\n' "$rows" "$label" "$t" "$r" $((peak / 1024))
    done
done

# Evaluating and comparing keep one row of (outcome, probability, score, band)
# per lead and sort it; comparing two models should cost about one evaluate
# of each, from one read of the file.
printf '\n%-10s %-28s %9s %9s %10s\n' rows step seconds "x parse" "peak MiB"
data=$(sample "$ROWS")
read -r parse peak < <(time_median "$BASELINE" "$data")
printf '%-10s %-28s %9.3f %9s %10d\n' "$ROWS" "parse only (libcsv)" "$parse" 1.00 $((peak / 1024))
read -r t_eval r peak < <(time_vs_parse "$data" "$LS" evaluate --model "$BENCH_DIR/score-model.json" --data "$data" --target converted --quiet)
printf '%-10s %-28s %9.3f %9.2f %10d\n' "$ROWS" "evaluate (model)" "$t_eval" "$r" $((peak / 1024))
read -r t_rules r peak < <(time_vs_parse "$data" "$LS" evaluate --model "$root/models/points_rules.json" --data "$data" --target converted --quiet)
printf '%-10s %-28s %9.3f %9.2f %10d\n' "$ROWS" "evaluate (rule set)" "$t_rules" "$r" $((peak / 1024))
read -r t r peak < <(time_vs_parse "$data" "$LS" compare --data "$data" --target converted "$BENCH_DIR/score-model.json" "$root/models/points_rules.json" --quiet)
printf '%-10s %-28s %9.3f %9.2f %10d   (%.2f x the two evaluates)\n' "$ROWS" "compare model vs rule set" "$t" "$r" $((peak / 1024)) \
    "$(ratio "$t" "$(awk -v a="$t_eval" -v b="$t_rules" 'BEGIN { print a + b }')")"
