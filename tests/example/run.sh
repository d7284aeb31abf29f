#!/usr/bin/env bash
# The embedding example against the command line: the lead score_one_lead
# holds in memory, written as a CSV in the training file's column order,
# scored by 'leadscore score --reasons 3', must give the same line.
set -u
LS=${LEADSCORE:?}
EXAMPLE=${LEADSCORE_EXAMPLE:?}
SRC=${LEADSCORE_SOURCE_DIR:?}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$LS" train --data "$SRC/datasets/leads_sample.csv" --target converted --out "$WORK/m.json" --quiet || exit 1
cat >"$WORK/lead.csv" <<'CSV'
lead_id,created_date,lead_source,industry,company_size,country,job_title,job_level,website_visits,time_on_site_minutes,pricing_page_views,email_opens,email_clicks,webinar_attended,whitepaper_downloads,ebook_downloads,demo_requested,contact_form_submitted,free_trial,phone_calls,unsubscribed,days_since_last_activity
L1,2026-01-01,Webinar,Software,51-200,Germany,  marketing   manager ,Manager,12,,3,9,2,yes,1,0,YES,no,yes,1,no,4
CSV
want=$("$LS" score --model "$WORK/m.json" --data "$WORK/lead.csv" --reasons 3 | sed -n 2p | cut -d, -f2-)
got=$("$EXAMPLE" "$WORK/m.json") || { echo "FAIL: the example failed"; echo "0 passed, 1 failed"; exit 1; }
# the CLI quotes the reasons field only when it must; compare unquoted
want=${want//\"/}
if [ "$got" = "$want" ]; then
    echo "1 passed, 0 failed"
else
    echo "FAIL: example '$got', leadscore score '$want'"
    echo "0 passed, 1 failed"
    exit 1
fi
