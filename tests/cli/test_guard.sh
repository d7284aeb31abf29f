#!/usr/bin/env bash
# Issue 14 item 1, guard rails: describe --target and train name the columns
# that give the outcome away (likely leakage) and nothing else; train warns
# when the data are too thin for the terms; evaluate says when it is given
# the very file the model was trained on. On X Education (../shared) the
# flagged columns are checked against an independent Python computation of
# the same rule; without that folder those checks are skipped (exit 77).
. "$(dirname "$0")/lib.sh"
sample=$SRC/datasets/leads_sample.csv
shared=${LEADSCORE_SHARED_DIR:-$SRC/../shared/datasets}
xed=$shared/xeducation_leads.csv

# the sample: nothing looks like leakage, and 3,032 conversions for 69 terms is not thin
expect 0 "" -- "$LS" describe --data "$sample" --target converted
checks=$((checks + 1))
! grep -q "likely leakage" "$WORK/err" || fail "describe flags a column of the sample: $(grep leakage "$WORK/err")"
expect 0 "" -- "$LS" train --data "$sample" --target converted --out "$WORK/s.json"
checks=$((checks + 1))
! grep -Eq "likely leakage|thin data" "$WORK/err" || fail "train warns on the sample: $(grep -E 'leakage|thin' "$WORK/err")"

# thin data: 4 rows, 2 conversions, 1 term; the term is named with its count
expect 0 "thin data: 2 conversions for 1 term \(2\.0 per term" -- \
    "$LS" train --data "$SRC/tests/data/ok/tiny.csv" --target converted --out "$WORK/t.json"
checks=$((checks + 1))
grep -q "fewest: 'x' (2 conversions in 4 leads)" "$WORK/err" || fail "thin data names no term: $(cat "$WORK/err")"
# 200 leads, 12 conversions, one term per level of a 4-level column (3 terms):
# 4 per term; the level with no conversion has 0 events
{
    echo "src,converted"
    for i in $(seq 1 200); do
        if [ "$i" -le 50 ]; then s=a; elif [ "$i" -le 100 ]; then s=b; elif [ "$i" -le 150 ]; then s=c; else s=d; fi
        c=0
        # conversions: 6 in a, 4 in b, 2 in c, none in d
        { [ "$s" = a ] && [ $((i % 8)) = 0 ]; } && c=1
        { [ "$s" = b ] && [ $((i % 12)) = 0 ]; } && c=1
        { [ "$s" = c ] && [ $((i % 25)) = 0 ]; } && c=1
        echo "$s,$c"
    done
} >"$WORK/levels.csv"
conv=$(awk -F, 'NR > 1 { n += $2 } END { print n }' "$WORK/levels.csv")
expect 0 "thin data: $conv conversions for 3 terms" -- \
    "$LS" train --data "$WORK/levels.csv" --target converted --out "$WORK/l.json"
checks=$((checks + 1))
grep -q "fewest: 'src=d' (0 conversions in 50 leads)" "$WORK/err" || fail "the level without events is not first: $(cat "$WORK/err")"
# a failed fit says its one error line, not the guard's warnings
expect 1 "" -- "$LS" train --data "$SRC/tests/data/bad/separated.csv" --target converted --out "$WORK/x.json" --l2 0
one_line

# evaluate on the training file: in-sample, said on stderr and in the page
expect 0 "leadscore: warning: .*leads_sample.csv is the file the model was trained on \(same SHA-256\): figures are in-sample" -- \
    "$LS" evaluate --model "$WORK/s.json" --data "$sample" --target converted --html "$WORK/in.html"
checks=$((checks + 1))
grep -q 'id="in-sample"' "$WORK/in.html" || fail "the page does not say the figures are in-sample"
# the same bytes under another name are the same file; one row fewer is not
cp "$sample" "$WORK/copy.csv"
expect 0 "is the file the model was trained on" -- \
    "$LS" evaluate --model "$WORK/s.json" --data "$WORK/copy.csv" --target converted
head -n 1000 "$sample" >"$WORK/part.csv"
expect 0 "" -- "$LS" evaluate --model "$WORK/s.json" --data "$WORK/part.csv" --target converted --html "$WORK/out.html"
checks=$((checks + 1))
! grep -q "trained on" "$WORK/err" || fail "a different file is called the training file"
checks=$((checks + 1))
! grep -q 'id="in-sample"' "$WORK/out.html" || fail "the page calls a different file in-sample"

# X Education: Tags and Lead Quality, and no other column
if [ ! -f "$xed" ]; then
    skip_check "$xed absent: the X Education leakage checks"
    finish
fi
if ! command -v python3 >/dev/null; then
    skip_check "python3 absent: the independent leakage computation"
    finish
fi
# The rule of leakage.h, computed independently from the raw CSV: levels as
# leadscore keys them (trimmed, white space folded, case ignored; empty is
# "(missing)"; levels under 10 rows folded into "(other)"), numeric columns
# ranked by value (missing at the median) in the better direction.
python3 - "$xed" Converted >"$WORK/py.txt" <<'PY'
import csv, sys, collections
path, target = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(path, newline="", encoding="utf-8-sig")))
y = [int(r[target]) for r in rows]
n, P = len(y), sum(y)
N = n - P
def auc(s):
    order = sorted(range(n), key=lambda k: s[k])
    wins, below, i = 0.0, 0, 0
    while i < n:
        j = i
        p = q = 0
        while j < n and s[order[j]] == s[order[i]]:
            p += y[order[j]]; q += 1 - y[order[j]]; j += 1
        wins += p * below + 0.5 * p * q
        below += q
        i = j
    return wins / (P * N)
for col in rows[0]:
    if col in (target, "Prospect ID", "Lead Number"):
        continue  # the target and the two id columns
    cells = [" ".join(r[col].split()).lower() for r in rows]
    present = [c for c in cells if c != ""]
    if len(set(present)) < 2:
        continue  # constant: not a feature
    try:
        vals = [float(c) if c != "" else None for c in cells]
        med = sorted(v for v in vals if v is not None)
        m = med[len(med) // 2] if len(med) % 2 else (med[len(med) // 2 - 1] + med[len(med) // 2]) / 2
        a = auc([v if v is not None else m for v in vals])
        a = max(a, 1 - a)
        pure = 0
    except ValueError:
        keys = [c if c != "" else "(missing)" for c in cells]
        cnt = collections.Counter(keys)
        keys = [k if cnt[k] >= 10 else "(other)" for k in keys]
        cnt = collections.Counter(keys)
        conv = collections.Counter(k for k, t in zip(keys, y) if t)
        rate = {k: conv[k] / cnt[k] for k in cnt}
        a = auc([rate[k] for k in keys])
        pure = 0
        for k in cnt:
            p, q = conv[k], cnt[k] - conv[k]
            if (p / (p + q) >= 0.97 and (p + .5) / (q + .5) / (P / N) >= 10) or \
               (q / (p + q) >= 0.97 and (q + .5) / (p + .5) / (N / P) >= 10):
                pure += cnt[k]
    if a > 0.95 or pure / n >= 0.05:
        print("%s\t%.3f\t%.1f%%" % (col, a, 100 * pure / n))
PY
checks=$((checks + 1))
[ "$(cut -f1 "$WORK/py.txt" | tr '\n' ,)" = "Tags,Lead Quality," ] ||
    fail "the reference flags other columns than Tags and Lead Quality: $(cat "$WORK/py.txt")"
expect 0 "" -- "$LS" describe --data "$xed" --target Converted
grep "likely leakage" "$WORK/err" >"$WORK/flagged.txt"
checks=$((checks + 1))
[ "$(wc -l <"$WORK/flagged.txt")" = 2 ] || fail "describe flags $(wc -l <"$WORK/flagged.txt") columns, not 2: $(cat "$WORK/flagged.txt")"
while IFS=$'\t' read -r col auc share; do
    checks=$((checks + 1))
    grep -q "column '$col' is likely leakage: $share of leads are in levels at least 97% one outcome.*one-column AUC $auc.*--exclude '$col'" \
        "$WORK/flagged.txt" || fail "describe does not flag '$col' with $share and AUC $auc: $(cat "$WORK/flagged.txt")"
done <"$WORK/py.txt"
# train says the same (with --na Select, as the X Education export needs), once the fit is done
expect 0 "" -- "$LS" train --data "$xed" --target Converted --na Select --out "$WORK/x.json"
checks=$((checks + 1))
[ "$(grep -c "likely leakage" "$WORK/err")" = 2 ] && grep -q "column 'Tags' is likely leakage" "$WORK/err" &&
    grep -q "column 'Lead Quality' is likely leakage" "$WORK/err" || fail "train does not flag Tags and Lead Quality: $(grep leakage "$WORK/err")"
checks=$((checks + 1))
! grep -q "thin data" "$WORK/err" || fail "3,561 conversions called thin: $(grep thin "$WORK/err")"
# left out, nothing is flagged
expect 0 "" -- "$LS" describe --data "$xed" --target Converted --exclude "Tags,Lead Quality"
checks=$((checks + 1))
! grep -q "likely leakage" "$WORK/err" || fail "still flagged after --exclude: $(grep leakage "$WORK/err")"
finish
