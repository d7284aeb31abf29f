#!/usr/bin/env bash
# compare --html: one self-contained page (no script, no network) that a real
# headless Chromium renders with every chart: ROC curves and cumulative gains
# with one line per model, conversion by band with both models' bars, the
# migration heat map and the verdict. Skipped (77) where Chromium cannot run.
. "$(dirname "$0")/lib.sh"
data=$SRC/datasets/leads_sample.csv
"$LS" train --data "$data" --target converted --out "$WORK/a.json" --quiet
"$LS" train --data "$data" --target converted --exclude demo_requested --out "$WORK/b.json" --quiet
expect 0 "" -- "$LS" compare --data "$data" --target converted "$WORK/a.json" "$WORK/b.json" --html "$WORK/c.html" \
    --quiet
checks=$((checks + 1))
! grep -Eq "<script|https?://[a-z]" "$WORK/c.html" || fail "the page loads a script or something from the network"

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "chromium is not installed: the page cannot be rendered, test skipped"
    exit 77
fi
flags=(--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update
    --disable-sync --no-first-run "--user-data-dir=$WORK/chromium")
if ! timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$WORK/c.html" >"$WORK/dom.html" 2>/dev/null ||
    [ ! -s "$WORK/dom.html" ]; then
    echo "chromium could not render a page here: test skipped"
    exit 77
fi
python3 - "$WORK/dom.html" <<'PY' || fail "the rendered page lacks charts (see above)"
import re, sys
dom = open(sys.argv[1]).read()
bad = []
for chart in ('roc', 'cumulative-gains', 'conversion-by-band'):
    m = re.search(r'<svg[^>]*data-chart="%s".*?</svg>' % chart, dom, re.S)
    if not m:
        bad.append(f'no {chart} chart')
        continue
    series = set(re.findall(r'data-series="(\d+)"', m.group(0)))
    if series != {'0', '1'}:
        bad.append(f'{chart}: series {sorted(series)}, expected both models')
    if chart != 'conversion-by-band':
        for pts in re.findall(r'<polyline[^>]*points="([^"]+)"', m.group(0)):
            if len(pts.split()) < 20:
                bad.append(f'{chart}: a line of {len(pts.split())} points')
if not re.search(r'<table class="heat" data-chart="migration-0">', dom):
    bad.append('no migration heat map')
if len(re.findall(r'<td style="background:rgba', dom)) != 16:
    bad.append('the heat map is not 4 x 4')
if not re.search(r'class="verdict"[^>]*>a\.json ranks better than b\.json: AUC', dom):
    bad.append('no verdict on top')
for b in bad:
    print('  ' + b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
checks=$((checks + 1))
timeout 120 "$browser" "${flags[@]}" --screenshot="$WORK/c.png" --window-size=1100,1900 "file://$WORK/c.html" \
    >/dev/null 2>&1
[ -s "$WORK/c.png" ] || fail "no screenshot"
finish
