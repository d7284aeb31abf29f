#!/usr/bin/env bash
# Configures and builds leadscore into build/ (or $1), with extra cmake args after it.
# Prints only the compiler's error and warning lines, but exits non-zero when
# configuring or building fails: an older binary left in the build folder must
# not pass for a fresh one.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$root/build}
shift || true
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# CMake reports its errors on stderr, which stays visible.
if ! cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >"$log"; then
    echo "leadscore: configuring $dir failed" >&2
    exit 1
fi
if ! cmake --build "$dir" -j "$(nproc)" >"$log" 2>&1; then
    # the compiler's and linker's own lines; the whole tail when neither says
    # (a make or ninja failure, a missing tool)
    grep -E "error:|warning:|undefined reference|multiple definition" "$log" >&2 || tail -n 30 "$log" >&2
    echo "leadscore: building $dir failed (full log: cmake --build $dir)" >&2
    exit 1
fi
grep -E "error:|warning:" "$log" || true
test -x "$dir/leadscore"
