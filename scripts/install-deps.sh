#!/usr/bin/env bash
# Installs the Debian packages leadscore needs, only those missing.
# Usage: scripts/install-deps.sh [build|test]   (test adds what the tests use)
set -euo pipefail

packages=(build-essential cmake pkg-config libgsl-dev libopenblas-dev libcsv-dev libcjson-dev libcunit1-dev nettle-dev)
optional=()
if [ "${1:-build}" = test ]; then
    # python3 recomputes figures outside C in several tests; the fuzz targets
    # (tests/fuzz) are built with clang's libFuzzer
    packages+=(python3 clang libclang-rt-14-dev)
    # optional: the tests that need them skip (exit 77, reported as Skipped)
    # where they cannot be installed: the HTML pages render in a real headless
    # browser; the SQL exports run in PostgreSQL and SQLite and the PMML
    # export is validated with xmllint; the monthly-review notebook is
    # re-executed with nbclient
    optional=(chromium postgresql sqlite3 libxml2-utils
        python3-nbclient python3-ipykernel python3-pandas python3-matplotlib)
fi

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
missing=() missing_optional=()
for p in "${packages[@]}"; do installed "$p" || missing+=("$p"); done
for p in "${optional[@]}"; do installed "$p" || missing_optional+=("$p"); done
[ ${#missing[@]} -eq 0 ] && [ ${#missing_optional[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "leadscore: missing Debian packages: ${missing[*]} ${missing_optional[*]}" >&2
    echo "leadscore: run as root, or: sudo apt-get install -y ${missing[*]} ${missing_optional[*]}" >&2
    [ ${#missing[@]} -eq 0 ] && exit 0 # only optional ones: their tests skip
    exit 1
fi
echo "leadscore: installing ${missing[*]} ${missing_optional[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
if [ ${#missing[@]} -gt 0 ]; then
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ ${#missing_optional[@]} -gt 0 ] &&
    ! apt-get install -y -qq --no-install-recommends "${missing_optional[@]}" >/dev/null 2>&1; then
    # one at a time, so that one that cannot be had does not keep out the others
    for p in "${missing_optional[@]}"; do
        apt-get install -y -qq --no-install-recommends "$p" >/dev/null 2>&1 ||
            echo "leadscore: $p could not be installed; the tests that need it will be skipped" >&2
    done
fi
