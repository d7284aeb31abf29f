#!/usr/bin/env bash
# export --format pmml: the document validates against the official PMML 4.4
# schema (../shared/schemas/pmml-4-4.xsd, xmllint --nonet), and a small
# evaluator outside C (scripts/reference/probabilities_from_pmml.py,
# xml.etree) recomputes every lead's probability from the PMML alone to
# 1e-12 relative: the sample, leads with missing cells, placeholders, folded,
# unseen and oddly spelled levels (also case-sensitive), names and levels
# holding quotes, apostrophes, ampersands and angle brackets, and the shared
# datasets when present. A document with a rule taken out must fail.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/export_lib.sh"
command -v python3 >/dev/null || { echo "python3 not installed: skipped"; exit 77; }
evaluator="$SRC/scripts/reference/probabilities_from_pmml.py"
xsd=${LEADSCORE_SHARED_DIR:-$SRC/../shared/datasets}/../schemas/pmml-4-4.xsd
validate=1
if ! command -v xmllint >/dev/null; then
    validate=0
    skip_check "xmllint is not installed (libxml2-utils): PMML not validated against the schema"
elif [ ! -f "$xsd" ]; then
    validate=0
    skip_check "../shared/schemas/pmml-4-4.xsd is not present: PMML not validated against the schema"
fi

agrees() { # model data
    "$LS" export --model "$1" --format pmml --out "$WORK/m.pmml"
    "$LS" score --model "$1" --data "$2" --out "$WORK/s.csv" --quiet
    if [ $validate = 1 ]; then
        checks=$((checks + 1))
        xmllint --noout --nonet --schema "$xsd" "$WORK/m.pmml" 2>"$WORK/xmllint.err" ||
            fail "$1: the PMML does not validate: $(head -3 "$WORK/xmllint.err")"
    fi
    checks=$((checks + 1))
    python3 "$evaluator" "$WORK/m.pmml" "$2" "$WORK/s.csv" || fail "$2: the PMML does not reproduce the scores"
}

odd_leads "$WORK/odd.csv"
sample=$SRC/datasets/leads_sample.csv
"$LS" train --data "$sample" --target converted --na "N/A,Select" --out "$WORK/m.json" --quiet
agrees "$WORK/m.json" "$sample"
agrees "$WORK/m.json" "$WORK/odd.csv"
# each rule matters on the odd leads: folded levels, placeholders, trimming
cp "$WORK/m.pmml" "$WORK/good.pmml"
for breakage in 's/value="iceland"/value="Iceland"/' 's/>select</>SELECT</' 's/\^\[ /^[/'; do
    sed "$breakage" "$WORK/good.pmml" >"$WORK/broken.pmml"
    checks=$((checks + 1))
    cmp -s "$WORK/good.pmml" "$WORK/broken.pmml" && fail "'$breakage' changed nothing"
    python3 "$evaluator" "$WORK/broken.pmml" "$WORK/odd.csv" "$WORK/s.csv" >/dev/null &&
        fail "the PMML with '$breakage' still reproduces the odd leads: the check tests nothing"
done

"$LS" train --data "$sample" --target converted --na "N/A,Select" --case-sensitive --out "$WORK/mc.json" --quiet
agrees "$WORK/mc.json" "$WORK/odd.csv"

quoted "$sample" "$WORK/q.csv"
quoted "$WORK/odd.csv" "$WORK/qodd.csv"
"$LS" train --data "$WORK/q.csv" --target converted --na "N/A,Select" --out "$WORK/mq.json" --quiet
agrees "$WORK/mq.json" "$WORK/q.csv"
agrees "$WORK/mq.json" "$WORK/qodd.csv"
checks=$((checks + 1))
grep -q 'value="bob&apos;s &quot;retail&quot; &amp; &lt;co&gt;"' "$WORK/m.pmml" &&
    grep -q 'name="Job &quot;Title&quot; (key)"' "$WORK/m.pmml" || fail "levels or names not escaped as expected"

shared=${LEADSCORE_SHARED_DIR:-}
if [ -n "$shared" ] && [ -f "$shared/bank_marketing_full.csv" ]; then
    "$LS" train --data "$shared/bank_marketing_full.csv" --target y --out "$WORK/b.json" --quiet
    agrees "$WORK/b.json" "$shared/bank_marketing_full.csv"
    "$LS" train --data "$shared/xeducation_leads.csv" --target Converted --na Select --exclude "Tags,Lead Quality" \
        --out "$WORK/x.json" --quiet
    agrees "$WORK/x.json" "$shared/xeducation_leads.csv"
else
    skip_check "../shared/datasets is not present: Bank Marketing and X Education not checked"
fi
finish
