#!/usr/bin/env bash
# generate: options, determinism through the tool, atomic output.
. "$(dirname "$0")/lib.sh"

# --help: usage on stdout, nothing on stderr, exit 0
expect 0 "" -- "$LS" generate --help
checks=$((checks + 1))
grep -q "^usage: leadscore generate --rows N --seed S" "$WORK/out" && [ ! -s "$WORK/err" ] ||
    fail "--help should print the usage on stdout only"

# usage errors: exit 2
expect 2 "--rows takes a whole number from 1 to 1000000000" -- "$LS" generate --rows 0 --seed 1
expect 2 "--rows" -- "$LS" generate --rows 1000000001 --seed 1
expect 2 "--rows" -- "$LS" generate --rows 12x --seed 1
expect 2 "--rows" -- "$LS" generate --rows "" --seed 1
expect 2 "--seed takes a whole number" -- "$LS" generate --rows 10 --seed -3
expect 2 "--seed" -- "$LS" generate --rows 10 --seed 1.5
expect 2 "--seed" -- "$LS" generate --rows 10 --seed 4294967296
expect 2 "--rows and --seed are required" -- "$LS" generate --rows 10
expect 2 "--rows and --seed are required" -- "$LS" generate --seed 10
expect 2 "" -- "$LS" generate --rows 10 --seed 1 --colour
expect 2 "unexpected argument" -- "$LS" generate --rows 10 --seed 1 extra
expect 2 "same file" -- "$LS" generate --rows 10 --seed 1 --out "$WORK/same" --truth "$WORK/same"
absent "$WORK/same"

# unwritable outputs: exit 1, one line, no file and no temporary left
expect 1 "cannot create output file" -- "$LS" generate --rows 10 --seed 1 --out "$WORK/no/such/dir/x.csv"
one_line
# a bad --truth fails before any lead is written, and takes the CSV with it
expect 1 "cannot create output file" -- "$LS" generate --rows 10 --seed 1 --out "$WORK/c.csv" --truth "$WORK/no/t.json"
one_line
absent "$WORK/c.csv"
# renaming over a folder fails only at the end, after every row was written
mkdir "$WORK/folder"
expect 1 "folder" -- "$LS" generate --rows 1000 --seed 1 --out "$WORK/folder"
one_line
checks=$((checks + 1))
[ -d "$WORK/folder" ] && [ -z "$(ls "$WORK/folder")" ] || fail "the folder given as --out was changed"
checks=$((checks + 1))
[ "$(ls "$WORK" | grep -c 'folder.tmp-')" = 0 ] || fail "temporary file left beside $WORK/folder"
# a write that fails halfway (file size limit; SIGXFSZ ignored, so write
# returns EFBIG) leaves no partial file
expect 1 "cannot write the leads" -- bash -c 'trap "" XFSZ; ulimit -f 256; exec "$0" generate --rows 100000 --seed 1 --out "$1"' "$LS" "$WORK/big.csv"
one_line
absent "$WORK/big.csv"

# the same seed writes the same bytes to a file and to standard output
expect 0 "" -- "$LS" generate --rows 500 --seed 5 --out "$WORK/a.csv" --truth "$WORK/t.json"
"$LS" generate --rows 500 --seed 5 >"$WORK/b.csv"
checks=$((checks + 1))
cmp -s "$WORK/a.csv" "$WORK/b.csv" || fail "the same seed wrote different bytes to a file and to stdout"
"$LS" generate --rows 500 --seed 5 --out - >"$WORK/b2.csv"
checks=$((checks + 1))
cmp -s "$WORK/a.csv" "$WORK/b2.csv" || fail "--out - is not standard output"
checks=$((checks + 1))
[ "$(wc -l <"$WORK/a.csv")" = 501 ] || fail "500 rows and a header expected"
checks=$((checks + 1))
head -1 "$WORK/a.csv" | grep -qx 'lead_id,created_date,lead_source,industry,company_size,country,job_title,job_level,website_visits,time_on_site_minutes,pricing_page_views,email_opens,email_clicks,webinar_attended,whitepaper_downloads,ebook_downloads,demo_requested,contact_form_submitted,free_trial,phone_calls,unsubscribed,days_since_last_activity,converted' ||
    fail "the header is not the documented column list"
checks=$((checks + 1))
grep -q '"intercept"' "$WORK/t.json" && grep -q '"seed":	5' "$WORK/t.json" || fail "truth file lacks the intercept or the seed"
# different seeds, different leads (seed 0 included: GSL maps it to 4357)
"$LS" generate --rows 50 --seed 0 >"$WORK/s0.csv"
"$LS" generate --rows 50 --seed 4357 >"$WORK/s4357.csv"
checks=$((checks + 1))
cmp -s "$WORK/s0.csv" "$WORK/s4357.csv" && fail "seeds 0 and 4357 wrote the same leads"

# the committed sample is what the README's command regenerates
"$LS" generate --rows 20000 --seed 42 --out "$WORK/sample.csv" --truth "$WORK/sample_truth.json"
checks=$((checks + 1))
cmp -s "$WORK/sample.csv" "$SRC/datasets/leads_sample.csv" || fail "datasets/leads_sample.csv is not what its README's command writes"
checks=$((checks + 1))
cmp -s "$WORK/sample_truth.json" "$SRC/datasets/leads_sample_truth.json" || fail "datasets/leads_sample_truth.json differs"
checks=$((checks + 1))
grep -qF -- '--rows 20000 --seed 42 --out datasets/leads_sample.csv --truth datasets/leads_sample_truth.json' "$SRC/datasets/README.md" ||
    fail "datasets/README.md does not give the command that regenerates the sample"
finish
