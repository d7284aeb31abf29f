#!/usr/bin/env bash
# Output paths never lose data (issue 9 items 2-5), through describe and
# generate: devices and FIFOs are written into, links stay links, an output
# that is an input is refused, a bad output fails before any work, two
# outputs are all-or-nothing and a killed run leaves no temporary file.
. "$(dirname "$0")/lib.sh"

ok="$SRC/tests/data/ok"
cp "$ok/types.csv" "$WORK/leads.csv"
sum_before=$(cksum <"$WORK/leads.csv")

is_char_device() {
    checks=$((checks + 1))
    [ -c "$1" ] || fail "$1 is no longer a character device"
}
unchanged_leads() {
    checks=$((checks + 1))
    [ "$(cksum <"$WORK/leads.csv")" = "$sum_before" ] || fail "leads.csv was changed"
}
no_temporaries() {
    checks=$((checks + 1))
    [ -z "$(find "$1" -name '*.tmp-*')" ] || fail "temporary file left in $1: $(find "$1" -name '*.tmp-*')"
}

# ---- /dev/null and other devices are written into, never replaced ----
expect 0 "" -- "$LS" describe --data "$WORK/leads.csv" --json /dev/null
is_char_device /dev/null
expect 0 "" -- "$LS" generate --rows 100 --seed 1 --out /dev/null --truth /dev/null
is_char_device /dev/null
if mknod "$WORK/null" c 1 3 2>/dev/null; then
    expect 0 "" -- "$LS" describe --data "$WORK/leads.csv" --json "$WORK/null"
    is_char_device "$WORK/null"
    expect 0 "" -- "$LS" generate --rows 100 --seed 1 --out "$WORK/null"
    is_char_device "$WORK/null"
    rm -f "$WORK/null"
fi
# a full device: exit 1, one line
expect 1 "^leadscore: /dev/full: cannot write" -- "$LS" generate --rows 100 --seed 1 --out /dev/full
one_line
is_char_device /dev/full

# ---- a FIFO gets the bytes and stays a FIFO ----
mkfifo "$WORK/fifo"
cat "$WORK/fifo" >"$WORK/from_fifo.csv" &
reader=$!
expect 0 "" -- "$LS" generate --rows 50 --seed 3 --out "$WORK/fifo"
wait "$reader"
"$LS" generate --rows 50 --seed 3 >"$WORK/direct.csv"
checks=$((checks + 1))
cmp -s "$WORK/from_fifo.csv" "$WORK/direct.csv" || fail "the FIFO's reader did not get the leads"
checks=$((checks + 1))
[ -p "$WORK/fifo" ] || fail "the FIFO was replaced"
rm -f "$WORK/fifo" "$WORK/from_fifo.csv"

# ---- a symbolic link stays a link; the file it names gets the content ----
mkdir "$WORK/real"
echo old >"$WORK/real/leads_out.csv"
ln -s real/leads_out.csv "$WORK/link.csv"
expect 0 "" -- "$LS" generate --rows 50 --seed 3 --out "$WORK/link.csv"
checks=$((checks + 1))
[ -L "$WORK/link.csv" ] && [ "$(readlink "$WORK/link.csv")" = real/leads_out.csv ] || fail "generate --out replaced the link"
checks=$((checks + 1))
cmp -s "$WORK/real/leads_out.csv" "$WORK/direct.csv" || fail "the linked file did not get the leads"
ln -s real/d.json "$WORK/d_link.json" # not there yet
expect 0 "" -- "$LS" describe --data "$WORK/leads.csv" --json "$WORK/d_link.json"
checks=$((checks + 1))
[ -L "$WORK/d_link.json" ] && grep -q '"columns"' "$WORK/real/d.json" || fail "describe --json through a link"
no_temporaries "$WORK"

# ---- an output that is an input is refused before anything is written ----
expect 2 "output '$WORK/leads.csv' is the same file as input '$WORK/leads.csv'" -- \
    "$LS" describe --data "$WORK/leads.csv" --json "$WORK/leads.csv"
one_line
unchanged_leads
ln "$WORK/leads.csv" "$WORK/hard.csv"
expect 2 "same file as input" -- "$LS" describe --data "$WORK/leads.csv" --json "$WORK/hard.csv"
one_line
ln -s leads.csv "$WORK/soft.csv"
expect 2 "same file as input" -- "$LS" describe --data "$WORK/soft.csv" --json "$WORK/leads.csv"
one_line
expect 2 "same file as input '\(standard input\)'" -- bash -c 'exec "$0" describe --data - --json "$1" <"$2"' \
    "$LS" "$WORK/hard.csv" "$WORK/leads.csv"
one_line
unchanged_leads
checks=$((checks + 1))
[ ! -s "$WORK/out" ] || fail "describe printed its report before refusing the output"
# two outputs that are one file (through a link)
ln -s t.json "$WORK/t_link.json"
expect 2 "are the same file" -- "$LS" generate --rows 10 --seed 1 --out "$WORK/t_link.json" --truth "$WORK/t.json"
one_line
absent "$WORK/t.json"

# ---- a bad output path fails before any work, with one line ----
# a billion rows would run for minutes: failing at once proves nothing was drawn
expect 1 "cannot create output file: folder '$WORK/missing' does not exist" -- \
    timeout 20 "$LS" generate --rows 1000000000 --seed 1 --out "$WORK/missing/leads.csv"
one_line
expect 1 "folder '$WORK/missing' does not exist" -- \
    timeout 20 "$LS" generate --rows 1000000000 --seed 1 --out "$WORK/g.csv" --truth "$WORK/missing/t.json"
one_line
absent "$WORK/g.csv"
expect 1 "'$WORK/leads.csv' is not a folder" -- "$LS" describe --data "$WORK/leads.csv" --json "$WORK/leads.csv/d.json"
one_line
checks=$((checks + 1))
[ ! -s "$WORK/out" ] || fail "describe printed its report before refusing the output"
expect 1 "it is a folder" -- "$LS" describe --data "$WORK/leads.csv" --json "$WORK/real"
one_line

# ---- two outputs are all or nothing ----
echo old >"$WORK/keep.csv"
expect 1 "/dev/full" -- "$LS" generate --rows 100 --seed 1 --out "$WORK/keep.csv" --truth /dev/full
one_line
checks=$((checks + 1))
[ "$(cat "$WORK/keep.csv")" = old ] || fail "--out was replaced although --truth failed"
expect 1 "/dev/full" -- "$LS" generate --rows 100 --seed 1 --out "$WORK/new.csv" --truth /dev/full
absent "$WORK/new.csv"

# ---- a run killed with SIGKILL leaves no temporary file (O_TMPFILE) ----
mkdir "$WORK/kill"
"$LS" generate --rows 1000000000 --seed 1 --quiet --out "$WORK/kill/big.csv" --truth "$WORK/kill/t.json" &
victim=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do
    sleep 0.2
    # the unnamed temporary is open: /proc shows it as "(deleted)" or "/#N"
    ls -l "/proc/$victim/fd" 2>/dev/null | grep -q "$WORK/kill" && break
done
kill -9 "$victim"
wait "$victim" 2>/dev/null
checks=$((checks + 1))
[ -z "$(ls -A "$WORK/kill")" ] || fail "a killed generate left files behind: $(ls -A "$WORK/kill")"

# ---- score, evaluate, compare: inputs are never outputs, outputs all or nothing ----
sample=$SRC/datasets/leads_sample.csv
cp "$sample" "$WORK/leads.csv"
sum_before=$(sha256sum <"$WORK/leads.csv")
"$LS" train --data "$sample" --target converted --out "$WORK/m.json" --quiet
ln -s "$WORK/leads.csv" "$WORK/leads-link.csv"
expect 2 "same file" -- "$LS" score --model "$WORK/m.json" --data "$WORK/leads.csv" --out "$WORK/leads-link.csv"
expect 2 "same file" -- "$LS" score --model "$WORK/m.json" --data "$WORK/leads.csv" --out "$WORK/m.json"
expect 2 "same file" -- "$LS" evaluate --model "$WORK/m.json" --data "$WORK/leads.csv" --target converted \
    --json "$WORK/leads.csv"
expect 2 "same file" -- "$LS" compare --data "$WORK/leads.csv" --target converted "$WORK/m.json" "$WORK/m.json" \
    --html "$WORK/m.json"
checks=$((checks + 1))
[ "$(sha256sum <"$WORK/leads.csv")" = "$sum_before" ] || fail "an input was changed"
# score onto /dev/null keeps it a device
expect 0 "" -- "$LS" score --model "$WORK/m.json" --data "$sample" --out /dev/null
checks=$((checks + 1))
[ -c /dev/null ] || fail "/dev/null is no longer a character device"
# a bad --html directory fails before the report is printed
expect 1 "cannot create output" -- "$LS" evaluate --model "$WORK/m.json" --data "$sample" --target converted \
    --json "$WORK/e.json" --html "$WORK/missing/e.html"
checks=$((checks + 1))
[ ! -s "$WORK/out" ] || fail "evaluate printed its report before failing on --html"
absent "$WORK/e.json"
# the HTML cannot be written (a full device): the JSON is not committed either
expect 1 "" -- "$LS" evaluate --model "$WORK/m.json" --data "$sample" --target converted --json "$WORK/e.json" \
    --html /dev/full --misranked "$WORK/mis.csv"
absent "$WORK/e.json"
absent "$WORK/mis.csv"
expect 1 "" -- "$LS" compare --data "$sample" --target converted "$WORK/m.json" "$WORK/m.json" \
    --json "$WORK/c.json" --html /dev/full --quiet
absent "$WORK/c.json"

finish
