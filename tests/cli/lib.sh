# lib.sh: helpers for the command-line tests. Source it; it sets $LS (the
# binary), $SRC (the source tree), $WORK (a temp folder removed at exit).
#
# A check that cannot run here (a tool or a dataset is missing) must not count
# as passed: call skip_check, and finish then exits 77, which CTest reports as
# Skipped (SKIP_RETURN_CODE in tests/CMakeLists.txt). A failure still wins.
set -u
LS=${LEADSCORE:?run through ctest, or set LEADSCORE to the binary}
SRC=${LEADSCORE_SOURCE_DIR:?set LEADSCORE_SOURCE_DIR}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
failures=0
checks=0
skipped=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# expect CODE PATTERN -- command...: exit code CODE, stderr a single line
# matching PATTERN (grep -E).
expect() {
    local code=$1 pattern=$2
    shift 3
    checks=$((checks + 1))
    "$@" >"$WORK/out" 2>"$WORK/err"
    local got=$?
    if [ "$got" != "$code" ]; then
        fail "$*: exit $got, expected $code; stderr: $(head -3 "$WORK/err")"
        return
    fi
    if [ -n "$pattern" ] && ! grep -Eq -- "$pattern" "$WORK/err"; then
        fail "$*: stderr does not match '$pattern': $(head -3 "$WORK/err")"
    fi
}

# one_line: the last command's stderr was exactly one line
one_line() {
    checks=$((checks + 1))
    local n
    n=$(wc -l <"$WORK/err")
    [ "$n" = 1 ] || fail "expected one error line, got $n: $(cat "$WORK/err")"
}

absent() {
    checks=$((checks + 1))
    [ ! -e "$1" ] || fail "$1 exists after a failed run"
    # no temporary leftovers either
    local left
    left=$(ls "$(dirname "$1")" | grep -c "$(basename "$1").tmp-" || true)
    [ "$left" = 0 ] || fail "temporary file left beside $1"
}

# skip_check REASON: some checks were not run, for REASON.
skip_check() {
    echo "SKIPPED: $*" >&2
    skipped=$((skipped + 1))
}

finish() {
    echo "$((checks - failures)) passed, $failures failed"
    [ "$failures" = 0 ] || exit 1
    [ "$skipped" = 0 ] || { echo "$skipped group(s) of checks skipped: reported as skipped, not passed"; exit 77; }
    exit 0
}
