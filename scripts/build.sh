#!/usr/bin/env bash
# Configures and builds leadscore into build/ (or $1), with extra cmake args after it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$root/build}
shift || true
cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$dir" -j "$(nproc)" 2>&1 | grep -E "error:|warning:" || true
test -x "$dir/leadscore"
