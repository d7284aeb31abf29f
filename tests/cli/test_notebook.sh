#!/usr/bin/env bash
# notebooks/monthly_review.ipynb runs from a clean clone: every cell is
# executed again (Debian's python3-nbclient and ipykernel, with pandas and
# matplotlib, which scripts/install-deps.sh test installs) against this build,
# and must end by finding the planted change (its last cell asserts it
# against the generator's truth and prints PLANTED CHANGE FOUND). Debian's
# /usr/bin/python3 is used: the default python3 may be a pyenv build without
# these packages. Skipped (77) where they are not installed.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
if ! [ -x "$PY" ] || ! "$PY" -c 'import nbclient, nbformat, ipykernel, pandas, matplotlib' 2>/dev/null; then
    skip_check "python3-nbclient, python3-ipykernel, python3-pandas or python3-matplotlib missing (scripts/install-deps.sh test)"
    finish
fi
cp "$SRC/notebooks/monthly_review.ipynb" "$WORK/nb.ipynb"
checks=$((checks + 1))
(cd "$SRC/notebooks" && LEADSCORE="$LS" PYDEVD_DISABLE_FILE_VALIDATION=1 "$PY" - "$WORK/nb.ipynb" "$WORK/ran.ipynb" <<'PYEOF'
import sys
import nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
# a cell error raises CellExecutionError: the test fails with the cell and its traceback
NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": "."}}).execute()
nbformat.write(nb, sys.argv[2])
PYEOF
) >"$WORK/nb.log" 2>&1 || fail "the notebook failed: $(grep -v '^0.00s' "$WORK/nb.log" | tail -20)"
checks=$((checks + 1))
grep -q "PLANTED CHANGE FOUND" "$WORK/ran.ipynb" 2>/dev/null || fail "the notebook did not find the planted change"
checks=$((checks + 1))
[ "$(grep -c '"image/png"' "$WORK/ran.ipynb" 2>/dev/null)" -ge 4 ] || fail "the notebook drew fewer than 4 plots"
# the committed copy carries its outputs, so a reader sees the plots without running it
checks=$((checks + 1))
grep -q "PLANTED CHANGE FOUND" "$SRC/notebooks/monthly_review.ipynb" && [ "$(grep -c '"image/png"' "$SRC/notebooks/monthly_review.ipynb")" -ge 4 ] ||
    fail "notebooks/monthly_review.ipynb is committed without its outputs"
finish
