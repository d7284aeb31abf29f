#!/usr/bin/env bash
# evaluate --html: the page rendered in a real headless browser holds the four
# charts, bars in the band chart and the band table, and a screenshot of it is
# not blank. Exits 77 (CTest: Skipped) when no browser can run here, so a
# machine without one never reports these checks as passed.
. "$(dirname "$0")/lib.sh"
data=$SRC/datasets/leads_sample.csv
model=$WORK/m.json

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "chromium not installed: skipped (scripts/install-deps.sh test installs it)"
    exit 77
fi
flags=(--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update
    --disable-sync --no-first-run "--user-data-dir=$WORK/chromium")
# Installed is not enough (no shared memory, a broken profile, a container
# without the libraries): a trivial page must render, or nothing below can.
if ! timeout 120 "$browser" "${flags[@]}" --dump-dom 'data:text/html,<p id="probe">ok</p>' 2>"$WORK/probe.err" |
    grep -q 'id="probe"'; then
    echo "chromium cannot render a page here: skipped; $(tail -2 "$WORK/probe.err")"
    exit 77
fi

"$LS" train --data "$data" --target converted --out "$model" --quiet
expect 0 "" -- "$LS" evaluate --model "$model" --data "$data" --target converted --html "$WORK/e.html"

timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$WORK/e.html" >"$WORK/dom.html" 2>/dev/null
for chart in conversion-by-band cumulative-gains calibration score-distribution; do
    checks=$((checks + 1))
    grep -q "data-chart=\"$chart\"" "$WORK/dom.html" || fail "the rendered page lacks the $chart chart"
done
checks=$((checks + 1))
[ "$(grep -o '<rect[^>]*class="bar"' "$WORK/dom.html" | wc -l)" -ge 3 ] || fail "band chart has no bars"
checks=$((checks + 1))
grep -q '<table id="band-table">' "$WORK/dom.html" || fail "the rendered page lacks the band table"
timeout 120 "$browser" "${flags[@]}" --window-size=1100,1400 --screenshot="$WORK/page.png" "file://$WORK/e.html" \
    >/dev/null 2>&1
checks=$((checks + 1))
[ -s "$WORK/page.png" ] && [ "$(stat -c %s "$WORK/page.png")" -gt 20000 ] || fail "the screenshot is empty"
finish
