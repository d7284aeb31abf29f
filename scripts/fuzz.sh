#!/usr/bin/env bash
# Builds the libFuzzer harnesses of tests/fuzz with clang into build-fuzz/ and
# runs each for SECONDS (default 20) on a copy of its committed seed corpus
# (tests/fuzz/corpus/<name>/: the corpus in the repository never changes).
# A crash, leak, timeout or sanitizer report fails the run; the input that
# caused it is kept in build-fuzz/findings/ and its path printed.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
#   scripts/fuzz.sh 20              the short run of the test command
#   scripts/fuzz.sh 3600 fuzz_model a documented longer run of one target
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-20}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_csv fuzz_model fuzz_score fuzz_rules)
dir=$root/build-fuzz
if ! command -v clang >/dev/null; then
    echo "leadscore fuzz: clang is not installed (apt-get install clang libclang-rt-14-dev)" >&2
    exit 77
fi
CC=clang cmake -S "$root" -B "$dir" -DLEADSCORE_FUZZ=ON -DLEADSCORE_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    >/dev/null
if ! cmake --build "$dir" -j "$(nproc)" >"$dir/build.log" 2>&1; then
    grep -E "error|undefined reference" "$dir/build.log" >&2 || tail -30 "$dir/build.log" >&2
    exit 1
fi
mkdir -p "$dir/findings"
failed=0
for t in "${targets[@]}"; do
    name=${t#fuzz_}
    work=$(mktemp -d)
    cp -r "$root/tests/fuzz/corpus/$name/." "$work/"
    log=$dir/$t.log
    # -timeout: one input taking 10 s is a hang; -rss_limit_mb: a leak or blow-up
    if (cd "$dir" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        "tests/fuzz/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$dir/findings/$t-" "$work" >"$log" 2>&1); then
        runs=$(grep -m1 "stat::number_of_executed_units" "$log" | awk '{print $2}')
        cov=$(grep -E "^#[0-9]+.*cov:" "$log" | tail -1 | sed -E 's/.*cov: ([0-9]+).*ft: ([0-9]+).*corp: ([0-9]+).*/cov \1, features \2, corpus \3/')
        echo "$t: ${runs:-?} runs in ${seconds} s, $cov, no finding"
    else
        failed=$((failed + 1))
        echo "$t: FINDING (log: $log)"
        grep -E "ERROR|runtime error|SUMMARY|Test unit written" "$log" | head -5
    fi
    rm -rf "$work"
done
echo "$(( ${#targets[@]} - failed )) passed, $failed failed"
[ "$failed" = 0 ]
