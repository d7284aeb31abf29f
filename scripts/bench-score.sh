#!/usr/bin/env bash
# Scoring speed at 100,000 and ROWS (default 1,000,000) generated leads,
# without and with reasons, with a learned model and with the shipped points
# rule set (models/points_rules.json), against the time to merely parse the same CSV
# with libcsv; peak memory should not grow with rows (scoring streams).
# Usage: scripts/bench-score.sh  (RUNS=5 ROWS=1000000)
. "$(dirname "$0")/bench-lib.sh"
"$root/scripts/build.sh" "$root/build" >/dev/null
train=$(sample 100000)
"$LS" train --data "$train" --target converted --out "$BENCH_DIR/score-model.json" --quiet
printf '%-10s %-26s %9s %9s %10s\n' rows step seconds "x parse" "peak MiB"
for rows in 100000 "$ROWS"; do
    data=$(sample "$rows")
    read -r parse peak < <(time_median "$BASELINE" "$data")
    printf '%-10s %-26s %9.3f %9s %10d\n' "$rows" "parse only (libcsv)" "$parse" 1.00 $((peak / 1024))
    read -r t peak < <(time_median "$LS" score --model "$BENCH_DIR/score-model.json" --data "$data" --out "$BENCH_DIR/scores.csv" --quiet)
    printf '%-10s %-26s %9.3f %9s %10d\n' "$rows" "score" "$t" "$(ratio "$t" "$parse")" $((peak / 1024))
    read -r t peak < <(time_median "$LS" score --model "$BENCH_DIR/score-model.json" --data "$data" --out "$BENCH_DIR/scores.csv" --reasons 3 --quiet)
    printf '%-10s %-26s %9.3f %9s %10d\n' "$rows" "score --reasons 3" "$t" "$(ratio "$t" "$parse")" $((peak / 1024))
    read -r t peak < <(time_median "$LS" score --model "$root/models/points_rules.json" --data "$data" --out "$BENCH_DIR/scores.csv" --quiet)
    printf '%-10s %-26s %9.3f %9s %10d\n' "$rows" "score (rule set)" "$t" "$(ratio "$t" "$parse")" $((peak / 1024))
    read -r t peak < <(time_median "$LS" score --model "$root/models/points_rules.json" --data "$data" --out "$BENCH_DIR/scores.csv" --reasons 3 --quiet)
    printf '%-10s %-26s %9.3f %9s %10d\n' "$rows" "score (rule set) --reasons 3" "$t" "$(ratio "$t" "$parse")" $((peak / 1024))
done
