#!/usr/bin/env bash
# The test command of the README and of CI: installs what is missing, builds,
# runs every test with CTest, then builds again with AddressSanitizer +
# UndefinedBehaviorSanitizer and runs every test again. Any failure or
# sanitizer report fails the run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh" test

"$root/scripts/build.sh" "$root/build"
(cd "$root/build" && ctest --output-on-failure)

"$root/scripts/build.sh" "$root/build-sanitize" -DLEADSCORE_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd "$root/build-sanitize" && ctest --output-on-failure)
