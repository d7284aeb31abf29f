#!/usr/bin/env bash
# Numbers written with a decimal comma or thousands separators (issue 9.6):
# never a silent category of every value. Detected and refused with the
# remedy; read with --decimal , / --thousands; the model keeps the format so
# that score and evaluate read new files the same way.
. "$(dirname "$0")/lib.sh"
model=$WORK/model.json

# a ';' file with decimal commas, as a German or French Excel writes it
{
    echo "time_on_site;visits;converted"
    for i in $(seq 1 60); do
        printf '%d,%d;%d;%d\n' $((i % 17)) $((i % 10)) $((i % 7)) $(((i * 7) % 3 == 0 ? 1 : 0))
    done
} >"$WORK/comma.csv"
expect 1 "comma.csv:2:1: column 'time_on_site' holds numbers written with a decimal comma \('1,1'.*read them with --decimal ," -- \
    "$LS" train --data "$WORK/comma.csv" --target converted --out "$model"
one_line
absent "$model"
expect 1 "decimal comma.*--decimal ," -- "$LS" describe --data "$WORK/comma.csv"

# read with --decimal , the column is numeric, with the values it holds
expect 0 "" -- "$LS" describe --data "$WORK/comma.csv" --decimal , --json "$WORK/d.json"
checks=$((checks + 1))
python3 - "$WORK/d.json" "$WORK/comma.csv" <<'PY' || fail "describe --decimal , did not read time_on_site as numbers"
import json, sys
c = {c["name"]: c for c in json.load(open(sys.argv[1]))["columns"]}["time_on_site"]
values = [float(l.split(";")[0].replace(",", ".")) for l in open(sys.argv[2]).read().split()[1:]]
assert c["type"] == "numeric", c
assert c["max"] == max(values) and c["min"] == min(values), (c, min(values), max(values))
PY
expect 0 "" -- "$LS" train --data "$WORK/comma.csv" --target converted --decimal , --out "$model" --quiet
checks=$((checks + 1))
python3 - "$model" <<'PY' || fail "the model does not keep the decimal comma or lacks the numeric term"
import json, sys
m = json.load(open(sys.argv[1]))
assert m["reading"]["decimal"] == ",", m["reading"]
assert [t["term"] for t in m["terms"]] == ["(Intercept)", "time_on_site", "visits"], [t["term"] for t in m["terms"]]
PY
# scoring a new file reads the comma the same way: 8,7 is 8.7
printf 'time_on_site;visits\n8,7;3\n8.7;3\n' >"$WORK/new.csv"
expect 1 "new.csv:3:1: column 'time_on_site' is numeric in the model but holds '8.7'" -- \
    "$LS" score --model "$model" --data "$WORK/new.csv" --out "$WORK/s.csv"
printf 'time_on_site;visits\n8,7;3\n' >"$WORK/new.csv"
expect 0 "" -- "$LS" score --model "$model" --data "$WORK/new.csv" --out "$WORK/s.csv"
checks=$((checks + 1))
python3 - "$model" "$WORK/s.csv" <<'PY' || fail "8,7 did not score as 8.7"
import csv, json, math, sys
m = json.load(open(sys.argv[1]))
w = {t["term"]: t["weight"] for t in m["terms"]}
eta = w["(Intercept)"] + 8.7 * w["time_on_site"] + 3 * w["visits"]
p = float(next(csv.DictReader(open(sys.argv[2]), delimiter=";" if ";" in open(sys.argv[2]).readline() else ","))["probability"])
assert abs(p - 1 / (1 + math.exp(-eta))) < 1e-12, (p, eta)
PY
# evaluate reads it too
printf 'time_on_site;visits;converted\n8,7;3;1\n0,5;1;0\n' >"$WORK/labelled.csv"
expect 0 "" -- "$LS" evaluate --model "$model" --data "$WORK/labelled.csv" --target converted --quiet

# thousands separators: the old advice ("add it to --na") threw the numbers away
{
    echo "revenue,converted"
    for i in $(seq 1 40); do printf '"%d,%03d.5",%d\n' $((i % 9 + 1)) $((i * 7 % 1000)) $((i % 2)); done
    echo "12.5,1"
} >"$WORK/grouped.csv"
expect 1 "grouped.csv:2:1: column 'revenue' holds numbers written with thousands separators \('2,007.5'.*name the separator with --thousands" -- \
    "$LS" train --data "$WORK/grouped.csv" --target converted --out "$model"
one_line
checks=$((checks + 1))
grep -q -- "--na" "$WORK/err" && fail "thousands separators must not be advised into --na: $(cat "$WORK/err")"
expect 0 "" -- "$LS" describe --data "$WORK/grouped.csv" --thousands , --json "$WORK/g.json"
checks=$((checks + 1))
python3 - "$WORK/g.json" "$WORK/grouped.csv" <<'PY' || fail "--thousands , did not read 2,007.5 as 2007.5"
import csv, json, sys
c = {c["name"]: c for c in json.load(open(sys.argv[1]))["columns"]}["revenue"]
values = [float(r["revenue"].replace(",", "")) for r in csv.DictReader(open(sys.argv[2]))]
assert c["type"] == "numeric" and c["min"] == min(values) and c["max"] == max(values), c
PY
# grouping must be by three: 12,34 is not a number under --thousands ,
printf 'revenue,converted\n"12,34",1\n' >"$WORK/badgroup.csv"
expect 1 "" -- "$LS" train --data "$WORK/badgroup.csv" --target converted --numeric revenue --thousands , --out "$model"
# a decimal comma in a column given as --numeric names the remedy too
printf 'x;converted\n1,5;1\n2,5;0\n' >"$WORK/forced.csv"
expect 1 "forced.csv:2:1: column 'x' is numeric but '1,5' is a number written with a decimal comma; read them with --decimal ," -- \
    "$LS" train --data "$WORK/forced.csv" --target converted --numeric x --out "$model"
expect 2 "--thousands ',' is also the decimal mark" -- \
    "$LS" describe --data "$WORK/comma.csv" --decimal , --thousands ,
finish
