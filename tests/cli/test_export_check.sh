#!/usr/bin/env bash
# Scores agree to 1e-12 with probabilities recomputed outside C from the
# exported weights alone (scripts/reference/probabilities_from_export.py).
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "python3 not installed: skipped"; exit 77; }
check() { # data target [train options]
    local data=$1 target=$2
    shift 2
    "$LS" train --data "$data" --target "$target" --out "$WORK/m.json" --quiet "$@"
    "$LS" export --model "$WORK/m.json" --out "$WORK/w.csv"
    "$LS" score --model "$WORK/m.json" --data "$data" --out "$WORK/s.csv" --quiet
    checks=$((checks + 1))
    python3 "$SRC/scripts/reference/probabilities_from_export.py" "$WORK/w.csv" "$data" "$WORK/s.csv" "${NA:-}" ||
        fail "$data: probabilities differ from the exported weights' by more than 1e-12"
}
check "$SRC/datasets/leads_sample.csv" converted
shared=${LEADSCORE_SHARED_DIR:-}
if [ -n "$shared" ] && [ -f "$shared/bank_marketing_full.csv" ]; then
    check "$shared/bank_marketing_full.csv" y
    NA=Select check "$shared/xeducation_leads.csv" Converted --na Select --exclude "Tags,Lead Quality"
else
    skip_check "../shared/datasets is not present: Bank Marketing and X Education not checked"
fi
finish
