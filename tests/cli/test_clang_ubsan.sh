#!/usr/bin/env bash
# A clang UBSan build must train (issue 9.9): clang, unlike gcc, checks that
# no non-zero offset is added to a NULL pointer, and logit_fill_block() used
# to compute s->values + row0 for terms without values (the intercept and
# level terms). The data-pass code (src/logit_pass.c) is compiled with clang
# -fsanitize=undefined into a small program that trains through the library.
. "$(dirname "$0")/lib.sh"
lib=$(dirname "$LS")/libleadscore.a
if ! command -v clang >/dev/null; then
    skip_check "clang is not installed"
    finish
fi
[ -f "$lib" ] || { fail "no $lib beside the binary"; finish; }
blas=$(pkg-config --libs openblas)
# the sanitizer build's library holds AddressSanitizer calls: link its runtime
sanitizers=undefined
nm "$lib" 2>/dev/null | grep -q __asan_report && sanitizers=address,undefined
checks=$((checks + 1))
if ! clang -std=c11 -g -fsanitize=$sanitizers -fno-sanitize-recover=all -I"$SRC/include" -I"$SRC/src" \
    -o "$WORK/train_ubsan" "$SRC/tests/clang/train_ubsan.c" "$SRC/src/logit_pass.c" "$lib" \
    $blas -lgsl -lcjson -lcsv -lnettle -lpthread -lm 2>"$WORK/cc.err"; then
    fail "cannot build the clang UBSan program: $(head -5 "$WORK/cc.err")"
    finish
fi
expect 0 "" -- "$WORK/train_ubsan" "$SRC/tests/data/ok/two_by_two.csv"
[ -s "$WORK/err" ] && fail "UBSan reported: $(head -3 "$WORK/err")"
finish
