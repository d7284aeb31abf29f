#!/usr/bin/env bash
# The test command of the README and of CI: installs what is missing, builds,
# runs every test with CTest, then builds again with AddressSanitizer +
# UndefinedBehaviorSanitizer and runs every test again. Any failure or
# sanitizer report fails the run, and so does any compiler warning (both
# builds use -Werror). Tests that cannot run here (no browser, no
# ../shared/datasets) are reported by CTest as skipped, never as passed.
# Last, each libFuzzer harness of tests/fuzz runs for 20 seconds on its seed
# corpus (scripts/fuzz.sh; clang): a finding fails the run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh" test

"$root/scripts/build.sh" "$root/build" -DLEADSCORE_WERROR=ON
(cd "$root/build" && ctest --output-on-failure)

"$root/scripts/build.sh" "$root/build-sanitize" -DLEADSCORE_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug \
    -DLEADSCORE_WERROR=ON
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd "$root/build-sanitize" && ctest --output-on-failure)

# 77: clang could not be had, the fuzz run is skipped (said by fuzz.sh)
status=0
"$root/scripts/fuzz.sh" "${LEADSCORE_FUZZ_SECONDS:-20}" || status=$?
[ "$status" = 0 ] || [ "$status" = 77 ]
