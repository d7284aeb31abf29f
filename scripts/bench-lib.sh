# bench-lib.sh: shared by the benchmark scripts. Times are medians of $RUNS
# runs; peak memory is the largest resident set of those runs (GNU time).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-5}
ROWS=${ROWS:-1000000}
BENCH_DIR=${BENCH_DIR:-$root/build/bench}
LS=$root/build/leadscore
BASELINE=$root/build/csv_parse_baseline
mkdir -p "$BENCH_DIR"

# time_median CMD...: prints "seconds peak_kb", medians over RUNS runs
time_median() {
    local times=() peaks=() i t m
    for ((i = 0; i < RUNS; i++)); do
        /usr/bin/time -f "%e %M" -o "$BENCH_DIR/time.txt" "$@" >/dev/null 2>"$BENCH_DIR/stderr.txt" ||
            { cat "$BENCH_DIR/stderr.txt" >&2; return 1; }
        read -r t m <"$BENCH_DIR/time.txt"
        times+=("$t")
        peaks+=("$m")
    done
    echo "$(median "${times[@]}") $(largest "${peaks[@]}")"
}

# time_vs_parse DATA CMD...: prints "seconds ratio peak_kb": the median time of
# CMD and the median of RUNS ratios CMD / parse, each run timing the libcsv
# parse of DATA just before CMD. The machine's speed drifts by 20% or more
# from one minute to the next; a ratio of two runs made seconds apart is
# steadier than one of two medians measured minutes apart.
time_vs_parse() {
    local data=$1 i t m p
    shift
    local times=() ratios=() peaks=()
    for ((i = 0; i < RUNS; i++)); do
        read -r p _ < <(RUNS=1 time_median "$BASELINE" "$data")
        read -r t m < <(RUNS=1 time_median "$@")
        times+=("$t")
        peaks+=("$m")
        ratios+=("$(awk -v a="$t" -v b="$p" 'BEGIN { printf "%.4f", a / b }')")
    done
    echo "$(median "${times[@]}") $(median "${ratios[@]}") $(largest "${peaks[@]}")"
}

largest() { printf '%s\n' "$@" | sort -g | tail -1; }

median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# generate ROWS leads once per size and seed
sample() {
    local rows=$1 file=$BENCH_DIR/leads-$1.csv
    [ -s "$file" ] || "$LS" generate --rows "$rows" --seed 1 --out "$file"
    echo "$file"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
