#!/usr/bin/env bash
# models/sample_model.json is what models/README.md's command makes from the
# committed sample: rebuilt here and compared field by field, apart from the
# time of training, the command line (paths) and the checksum over them;
# numbers to a relative 1e-9 (a sanitizer build may round the last digits of
# a sum differently), everything else exactly.
. "$(dirname "$0")/lib.sh"

checks=$((checks + 1))
grep -qF -- 'leadscore train --data datasets/leads_sample.csv --target converted --time-column created_date --test-from 2026-01-01 --out models/sample_model.json' \
    "$SRC/models/README.md" || fail "models/README.md does not give the command that made sample_model.json"
expect 0 "" -- "$LS" train --data "$SRC/datasets/leads_sample.csv" --target converted --time-column created_date \
    --test-from 2026-01-01 --out "$WORK/sample_model.json" --quiet
# the committed model loads and has the training distributions drift needs
expect 0 "" -- "$LS" drift --model "$SRC/models/sample_model.json" --data "$SRC/datasets/leads_sample.csv"
PY=$(command -v python3 || true)
if [ -z "$PY" ]; then
    skip_check "python3 not found: the rebuilt model was not compared with the committed one"
else
    checks=$((checks + 1))
    "$PY" - "$SRC/models/sample_model.json" "$WORK/sample_model.json" <<'PYEOF' || fail "the rebuilt sample model differs from models/sample_model.json"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
IGNORED = {"checksum", "training.trained_at", "training.command_line"}
bad = []
def walk(x, y, path):
    if path in IGNORED:
        return
    if isinstance(x, dict) and isinstance(y, dict):
        if list(x) != list(y):
            bad.append("%s: keys %s vs %s" % (path, list(x), list(y)))
            return
        for k in x:
            walk(x[k], y[k], path + "." + k if path else k)
    elif isinstance(x, list) and isinstance(y, list):
        if len(x) != len(y):
            bad.append("%s: %d vs %d items" % (path, len(x), len(y)))
            return
        for i, (u, v) in enumerate(zip(x, y)):
            walk(u, v, "%s.%d" % (path, i))
    elif isinstance(x, (int, float)) and isinstance(y, (int, float)) and not isinstance(x, bool):
        if abs(x - y) > 1e-9 * max(1.0, abs(x), abs(y)):
            bad.append("%s: %r vs %r" % (path, x, y))
    elif x != y:
        bad.append("%s: %r vs %r" % (path, x, y))
walk(a, b, "")
print("\n".join(bad[:20]))
sys.exit(1 if bad else 0)
PYEOF
fi
finish
