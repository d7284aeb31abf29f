#!/usr/bin/env bash
# Training speed at ROWS (default 1,000,000) generated leads, against the time
# to merely parse the same CSV with libcsv, and against scikit-learn and
# liblinear fitting the same terms. Usage: scripts/bench-train.sh  (RUNS=5 ROWS=1000000)
. "$(dirname "$0")/bench-lib.sh"
"$root/scripts/build.sh" "$root/build" >/dev/null
data=$(sample "$ROWS")
echo "data: $data ($(du -h "$data" | cut -f1), $ROWS rows), median of $RUNS runs"

read -r parse _ < <(time_median "$BASELINE" "$data")
read -r train peak < <(time_median "$LS" train --data "$data" --target converted --l2 0 --out "$BENCH_DIR/model.json" --quiet)
loss=$(/usr/bin/python3 -c "import json,sys; print('%.12f' % json.load(open(sys.argv[1]))['training']['evaluation']['train_log_loss'])" "$BENCH_DIR/model.json")
printf '%-34s %8.3f s\n' "parse only (libcsv)" "$parse"
printf '%-34s %8.3f s   %s x parse   peak %d MiB   log-loss %s\n' "leadscore train (end to end)" "$train" \
    "$(ratio "$train" "$parse")" $((peak / 1024)) "$loss"
/usr/bin/python3 "$root/scripts/bench_peers.py" "$data" "$BENCH_DIR/model.json" "$BENCH_DIR" "$RUNS" |
    while read -r tool seconds peer_loss; do
        printf '%-34s %8.3f s   %s x leadscore          log-loss %s\n' "$tool" "$seconds" \
            "$(ratio "$seconds" "$train")" "$peer_loss"
    done
