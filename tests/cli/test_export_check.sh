#!/usr/bin/env bash
# Scores agree to 1e-12 with probabilities recomputed outside C from the
# exported CSV alone (scripts/reference/probabilities_from_export.py), for
# every lead: missing cells, placeholders, folded and unseen levels, odd case
# and white space included. The same recomputation from an export without its
# rule rows (what leadscore wrote before) must fail.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "python3 not installed: skipped"; exit 77; }
recompute="$SRC/scripts/reference/probabilities_from_export.py"

# recomputes DATA's scores from the export of the model in $WORK/m.json; with
# "needs-rules", DATA has cells that only the rule rows say how to score
agrees() { # data [needs-rules]
    "$LS" score --model "$WORK/m.json" --data "$1" --out "$WORK/s.csv" --quiet
    checks=$((checks + 1))
    python3 "$recompute" "$WORK/w.csv" "$1" "$WORK/s.csv" ||
        fail "$1: probabilities differ from the export's by more than 1e-12"
    [ "${2:-}" = needs-rules ] || return 0
    # the export as it was before rule rows: the same check must fail
    grep -Ev '^\((reference|folded|missing|impute|na|case)\),' "$WORK/w.csv" >"$WORK/old.csv"
    checks=$((checks + 1))
    python3 "$recompute" "$WORK/old.csv" "$1" "$WORK/s.csv" >"$WORK/old.out" &&
        fail "$1: reproduced from an export without rule rows, so it tests nothing: $(cat "$WORK/old.out")"
}

check() { # data target needs-rules|- [train options]
    local data=$1 target=$2 needs=$3
    shift 3
    "$LS" train --data "$data" --target "$target" --out "$WORK/m.json" --quiet "$@"
    "$LS" export --model "$WORK/m.json" --out "$WORK/w.csv"
    agrees "$data" "$needs"
}

# Leads the sample's model has to think about: missing numbers with and
# without an indicator term, placeholders in odd case and padding, levels
# folded into (other) at training (country: iceland, luxembourg, malta),
# unseen levels (also spelled like leadscore's own), odd case and white space.
odd="$WORK/odd_leads.csv"
head -1 "$SRC/datasets/leads_sample.csv" >"$odd"
{
    echo 'L1,2025-08-24,paid search,Telecommunications,5000+,United States,Consultant,Director,4,13.8,1,4,3,yes,3,0,no,no,no,0,no,102,1'
    echo 'L2,2025-08-24,Direct,Healthcare,11-50,Germany,Analyst,Manager,,13.8,1,4,3,no,3,0,no,no,no,0,no,,0'
    echo 'L3,2025-08-24,Direct,Healthcare,11-50,Germany,Analyst,Manager,4,,1,4,3,no,3,0,no,no,no,0,no,5,0'
    echo 'L4,2025-08-24,Direct,SELECT,11-50,Germany,select,Manager,4,9.5," n/a ",4,3,no,3,0,no,no,no,0,no,5,0'
    echo 'L5,2025-08-24,Webinar,Retail,1-10,ICELAND,Intern,Student,12,62.2,3,12,2,yes,0,2,yes,no,yes,1,no,5,0'
    echo 'L6,2025-08-24,Webinar,Retail,1-10,"  malta ",Intern,Student,12,62.2,3,12,2,yes,0,2,yes,no,yes,1,no,5,0'
    echo 'L7,2025-08-24,Webinar,Retail,1-10,Luxembourg,Intern,Student,12,62.2,3,12,2,yes,0,2,yes,no,yes,1,no,5,0'
    printf 'L8,2025-08-24,"  PAID \t  search ",software,1001-5000,germany, c-LEVEL ,DIRECTOR,4,4.1,2,10,1,No,1,0,YES,yes,Yes,0,no,20,1\n'
    echo 'L9,2025-08-24,(other),Consulting,201-1000,Atlantis,(missing),VP,4,4.1,2,10,1,no,1,0,no,yes,yes,0,no,20,1'
    echo 'L10,2025-08-24,,Consulting,201-1000,,Engineer,,4,4.1,2,10,1,,1,0,N/A,yes,yes,0,no,20,1'
    echo 'L11,2025-08-24,Referral,Media,51-200,India,CEO,C-Level,1e1," +3.50 ",0,007,1,no,0.0,0,no,no,no,2,no,1,0'
    echo 'L12,2025-08-24,email   campaign,Government,5000+,France,Other,Vp,0,0,0,0,0,no,0,0,no,no,no,0,yes,365,0'
} >>"$odd"

"$LS" train --data "$SRC/datasets/leads_sample.csv" --target converted --na "N/A,Select" --out "$WORK/m.json" --quiet
"$LS" export --model "$WORK/m.json" --out "$WORK/w.csv"
agrees "$SRC/datasets/leads_sample.csv" needs-rules
agrees "$odd" needs-rules
checks=$((checks + 1))
grep -q '^(folded),country,iceland,' "$WORK/w.csv" || fail "export: no (folded) row for a rare country"
checks=$((checks + 1))
grep -q '^(na),,N/A,' "$WORK/w.csv" || fail "export: no (na) row for the placeholder"
checks=$((checks + 1))
grep -q '^(impute),time_on_site_minutes,(missing),8.6999999999999993,' "$WORK/w.csv" ||
    fail "export: no (impute) row with the median"
checks=$((checks + 1))
[ "$(tail -1 "$WORK/w.csv")" = "(case),,insensitive,,,," ] || fail "export: the case rule is not the last row"

# case-sensitive keys: "PAID SEARCH" and "paid search" are then two levels
check "$SRC/datasets/leads_sample.csv" converted needs-rules --case-sensitive --na "N/A,Select"
agrees "$odd" needs-rules

shared=${LEADSCORE_SHARED_DIR:-}
if [ -n "$shared" ] && [ -f "$shared/bank_marketing_full.csv" ]; then
    check "$shared/bank_marketing_full.csv" y - # no missing cell, nothing folded
    check "$shared/xeducation_leads.csv" Converted needs-rules --na Select --exclude "Tags,Lead Quality"
else
    skip_check "../shared/datasets is not present: Bank Marketing and X Education not checked"
fi
finish
