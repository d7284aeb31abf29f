#!/usr/bin/env bash
# Installs the Debian packages leadscore needs, only those missing.
# Usage: scripts/install-deps.sh [build|test]   (test adds what the tests use)
set -euo pipefail

packages=(build-essential cmake pkg-config libgsl-dev libopenblas-dev libcsv-dev libcjson-dev libcunit1-dev nettle-dev)
if [ "${1:-build}" = test ]; then
    # the HTML report test renders the page in a real headless browser; one
    # test recomputes probabilities from exported weights with python3; the
    # export tests run the SQL in PostgreSQL and SQLite and validate PMML
    # with xmllint
    packages+=(chromium python3 postgresql sqlite3 libxml2-utils)
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "leadscore: missing Debian packages: ${missing[*]}" >&2
    echo "leadscore: run as root, or: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
echo "leadscore: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# optional: the tests that need these skip (exit 77) where they cannot be installed
optional=" chromium postgresql sqlite3 libxml2-utils "
required=()
for p in "${missing[@]}"; do [[ "$optional" == *" $p "* ]] || required+=("$p"); done
if [ ${#required[@]} -gt 0 ]; then
    apt-get install -y -qq --no-install-recommends "${required[@]}" >/dev/null
fi
for p in "${missing[@]}"; do
    [[ "$optional" == *" $p "* ]] || continue
    apt-get install -y -qq --no-install-recommends "$p" >/dev/null 2>&1 ||
        echo "leadscore: $p could not be installed; the tests that need it will be skipped" >&2
done
