#!/usr/bin/env bash
# Live A/B test round trip: generated leads are assigned to arms by
# 'score --ab' (arms recomputed here with Python's hashlib from the
# documented rule), keep their arm when the file is reordered, change arms
# with another salt; the outcomes the generator drew are joined back and
# 'compare --arms' analyses them (rates, difference, z, p and the sample
# size recomputed by hand in Python).
. "$(dirname "$0")/lib.sh"
sample=$SRC/datasets/leads_sample.csv
"$LS" train --data "$sample" --target converted --out "$WORK/a.json" --quiet
"$LS" train --data "$sample" --target converted --exclude demo_requested,free_trial --out "$WORK/b.json" --quiet
"$LS" generate --rows 30000 --seed 11 --out "$WORK/new.csv" --quiet

expect 0 "" -- "$LS" score --model "$WORK/a.json" --ab "$WORK/b.json" --ab-salt 2026-12 --data "$WORK/new.csv" \
    --keep converted --reasons 1 --out "$WORK/ab.csv"
# the same leads in reverse order keep their arms
{ head -1 "$WORK/new.csv"; tail -n +2 "$WORK/new.csv" | tac; } >"$WORK/reversed.csv"
"$LS" score --model "$WORK/a.json" --ab "$WORK/b.json" --ab-salt 2026-12 --data "$WORK/reversed.csv" \
    --out "$WORK/ab-rev.csv" --quiet
"$LS" score --model "$WORK/a.json" --ab "$WORK/b.json" --ab-salt other --data "$WORK/new.csv" \
    --out "$WORK/ab-salt.csv" --quiet
"$LS" score --model "$WORK/a.json" --data "$WORK/new.csv" --keep converted --out "$WORK/sa.csv" --quiet
"$LS" score --model "$WORK/b.json" --data "$WORK/new.csv" --keep converted --out "$WORK/sb.csv" --quiet
expect 0 "" -- "$LS" compare --arms arm --data "$WORK/ab.csv" --target converted --json "$WORK/arms.json"
cp "$WORK/out" "$WORK/arms.txt"
checks=$((checks + 1))
python3 - "$WORK" <<'PY' || fail "A/B figures differ (see above)"
import csv, hashlib, json, math, sys
w = sys.argv[1]
rows = list(csv.DictReader(open(f'{w}/ab.csv')))
rev = {r['id']: r['arm'] for r in csv.DictReader(open(f'{w}/ab-rev.csv'))}
other = {r['id']: r['arm'] for r in csv.DictReader(open(f'{w}/ab-salt.csv'))}
sa = {r['id']: r for r in csv.DictReader(open(f'{w}/sa.csv'))}
sb = {r['id']: r for r in csv.DictReader(open(f'{w}/sb.csv'))}
bad = []
def arm(salt, lead):
    d = hashlib.sha256(f'{salt}:{lead}'.encode()).digest()
    u = (int.from_bytes(d[:8], 'big') >> 11) / 2.0**53
    return 'B' if u < 0.5 else 'A'
n_b = 0
for r in rows:
    want = arm('2026-12', r['id'])
    if r['arm'] != want:
        bad.append(f'lead {r["id"]}: arm {r["arm"]}, the documented hash says {want}'); break
    if rev[r['id']] != r['arm']:
        bad.append(f'lead {r["id"]} changed arms when the file was reordered'); break
    s = (sb if r['arm'] == 'B' else sa)[r['id']]
    if (r['score'], r['probability'], r['band']) != (s['score'], s['probability'], s['band']):
        bad.append(f'lead {r["id"]} is not scored by its arm\'s model'); break
    n_b += r['arm'] == 'B'
n = len(rows)
if abs(n_b - n / 2) > 4 * math.sqrt(n / 4):
    bad.append(f'arm B has {n_b} of {n} leads: not a half within sampling error')
changed = sum(other[r['id']] != r['arm'] for r in rows)
if abs(changed - n / 2) > 4 * math.sqrt(n / 4):
    bad.append(f'another salt changed {changed} of {n} arms, expected about half')
# the analysis by hand
cnt = {a: [0, 0] for a in 'AB'}
for r in rows:
    if r['band'] == 'SQL':
        cnt[r['arm']][0] += 1
        cnt[r['arm']][1] += int(r['converted'])
(na, ka), (nb, kb) = cnt['A'], cnt['B']
pa, pb = ka / na, kb / nb
pool = (ka + kb) / (na + nb)
z = (pb - pa) / math.sqrt(pool * (1 - pool) * (1 / na + 1 / nb))
p = math.erfc(abs(z) / math.sqrt(2))
se = math.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
za, zb = 1.959963984540054, 0.8416212335729143
pbar = (pa + pb) / 2
need = math.ceil((za * math.sqrt(2 * pbar * (1 - pbar)) + zb * math.sqrt(pa * (1 - pa) + pb * (1 - pb)))**2 / (pb - pa)**2)
got = json.load(open(f'{w}/arms.json'))
def close(name, a, b, tol=1e-9):
    if abs(a - b) > tol * max(abs(b), 1e-12):
        bad.append(f'{name}: leadscore {a}, by hand {b}')
if [got['arms'][0]['sent'], got['arms'][0]['converted_sent'], got['arms'][1]['sent'], got['arms'][1]['converted_sent']] != [na, ka, nb, kb]:
    bad.append('counts per arm differ')
close('difference', got['difference'], pb - pa)
close('z', got['z'], z)
close('p', got['p'], p, 1e-6)
close('ci_lo', got['ci_lo'], pb - pa - za * se, 1e-6)
close('needed', got['needed_per_arm'], need)
for b in bad:
    print('  ' + b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
checks=$((checks + 1))
grep -q "^verdict: " "$WORK/arms.txt" || fail "no verdict: $(cat "$WORK/arms.txt")"

# bad input
head -100 "$sample" | cut -d, -f2- >"$WORK/noid.csv"
expect 2 "no id column" -- "$LS" score --model "$WORK/a.json" --ab "$WORK/b.json" --data "$WORK/noid.csv" \
    --out "$WORK/x.csv"
absent "$WORK/x.csv"
expect 2 "--ab-share takes a share" -- "$LS" score --model "$WORK/a.json" --ab "$WORK/b.json" --ab-share 1.5 \
    --data "$sample"
printf 'id,arm,band,converted\n1,A,SQL,1\n2,C,SQL,0\n' >"$WORK/badarm.csv"
expect 1 "badarm.csv:3:2: arm column 'arm' must hold A or B" -- "$LS" compare --arms arm --data "$WORK/badarm.csv" \
    --target converted
one_line
expect 2 "no models" -- "$LS" compare --arms arm --data "$WORK/ab.csv" --target converted "$WORK/a.json"
finish
