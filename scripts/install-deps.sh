#!/usr/bin/env bash
# Installs the Debian packages leadscore needs, only those missing.
# Usage: scripts/install-deps.sh [build|test]   (test adds what the tests use)
set -euo pipefail

packages=(build-essential cmake pkg-config libgsl-dev libopenblas-dev libcsv-dev libcjson-dev libcunit1-dev nettle-dev)
if [ "${1:-build}" = test ]; then
    # the HTML report test renders the page in a real headless browser; one
    # test recomputes probabilities from exported weights with python3
    packages+=(chromium python3)
    # the fuzz targets (tests/fuzz) are built with clang's libFuzzer
    packages+=(clang libclang-rt-14-dev)
    # the monthly-review notebook is re-executed by its test (optional: it
    # skips where they cannot be installed)
    notebook=(python3-nbclient python3-ipykernel python3-pandas python3-matplotlib)
    packages+=("${notebook[@]}")
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
# chromium and the notebook's packages are optional: their tests skip where
# they cannot be installed
optional=" chromium python3-nbclient python3-ipykernel python3-pandas python3-matplotlib "
required=()
for p in "${missing[@]}"; do [[ "$optional" == *" $p "* ]] || required+=("$p"); done
if [ ${#required[@]} -gt 0 ]; then
    apt-get install -y -qq --no-install-recommends "${required[@]}" >/dev/null
fi
nb_missing=()
for p in "${missing[@]}"; do [[ "$p" == python3-nbclient || "$p" == python3-ipykernel || "$p" == python3-pandas || "$p" == python3-matplotlib ]] && nb_missing+=("$p"); done
if [ ${#nb_missing[@]} -gt 0 ]; then
    apt-get install -y -qq --no-install-recommends "${nb_missing[@]}" >/dev/null 2>&1 ||
        echo "leadscore: ${nb_missing[*]} could not be installed; the notebook test will be skipped" >&2
fi
if [[ " ${missing[*]} " == *" chromium "* ]]; then
    apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1 ||
        echo "leadscore: chromium could not be installed; the browser test will be skipped" >&2
fi
