#!/usr/bin/env bash
# export --format pmml: the document validates against the official PMML 4.4
# schema (../shared/schemas/pmml-4-4.xsd, xmllint --nonet), and a small
# evaluator outside C (scripts/reference/probabilities_from_pmml.py,
# xml.etree) recomputes every lead's probability from the PMML alone to
# 1e-12 relative: the sample, leads with missing cells, placeholders, folded,
# unseen and oddly spelled levels (also case-sensitive), names and levels
# holding quotes, apostrophes, ampersands and angle brackets, a target read
# with --positive (yes/no, Closed Won), and the shared datasets when
# present. A document with a rule taken out must fail. The target's
# categories are the data's positive value and "not" it (see classes below).
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

# The target's classes. With --positive the converted category is the data's
# positive value; the model file does not record which values were read as
# not converted, so the other category is "not VALUE". Without it, "1" and
# "0". The data are the sample with its 0/1 outcome rewritten by Python:
# yes/no (the UCI Bank data's 'y'), and Closed Won / Closed Lost / Open.
classes() { # pmml data target positive negative
    checks=$((checks + 1))
    python3 - "$@" <<'PY' || fail "$1: target categories (see above)"
import csv, sys
import xml.etree.ElementTree as ET
NS = "{http://www.dmg.org/PMML-4_4}"
path, data, target, positive, negative = sys.argv[1:6]
seen = {r[target] for r in csv.DictReader(open(data, newline=""))}
bad = []
if positive != "1" and positive not in seen:
    bad.append(f"the test's positive value {positive!r} is not in the data {sorted(seen)}")
root = ET.parse(path).getroot()
model = root.find(NS + "RegressionModel")
if next(f.get("name") for f in model.find(NS + "MiningSchema") if f.get("usageType") == "target") != target:
    bad.append("the target MiningField is not " + target)
field = next(f for f in root.find(NS + "DataDictionary") if f.get("name") == target)
tables = model.findall(NS + "RegressionTable")
got = {"values": [v.get("value") for v in field.findall(NS + "Value")],
       "tables": [t.get("targetCategory") for t in tables],
       "output": [o.get("value") for o in model.find(NS + "Output")]}
want = {"values": [positive, negative], "tables": [positive, negative], "output": [positive]}
if got != want:
    bad.append(f"categories {got}, expected {want}")
if len(tables) != 2 or len(tables[0]) == 0 or len(tables[1]) != 0 or float(tables[1].get("intercept")) != 0:
    bad.append("the weights should be in the converted category's table, the other empty")
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
}
python3 - "$sample" "$WORK/yn.csv" "$WORK/won.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
for path, words in ((sys.argv[2], ("yes", "no", "no")), (sys.argv[3], ("Closed Won", "Closed Lost", "Open"))):
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        for i, r in enumerate(rows):
            w.writerow(dict(r, converted=words[0] if r["converted"] == "1" else words[1 + i % 2]))
PY
classes "$WORK/m.pmml" "$WORK/q.csv" converted 1 0
"$LS" train --data "$WORK/yn.csv" --target converted --positive yes --na "N/A,Select" --out "$WORK/yn.json" --quiet
agrees "$WORK/yn.json" "$WORK/yn.csv"
classes "$WORK/m.pmml" "$WORK/yn.csv" converted yes "not yes"
"$LS" train --data "$WORK/won.csv" --target converted --positive "Closed Won" --na "N/A,Select" --out "$WORK/won.json" \
    --quiet
agrees "$WORK/won.json" "$WORK/won.csv"
classes "$WORK/m.pmml" "$WORK/won.csv" converted "Closed Won" "not Closed Won"

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
