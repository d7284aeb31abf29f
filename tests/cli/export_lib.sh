# export_lib.sh: lead files the export tests share. Source after lib.sh.

# odd_leads OUT: leads the sample's model has to think about (the same as
# test_export_check.sh's): missing numbers with and without an indicator
# term, placeholders in odd case and padding, levels folded into (other) at
# training (country: iceland, luxembourg, malta), unseen levels (also spelled
# like leadscore's own), odd case and white space, numbers in odd forms.
odd_leads() {
    head -1 "$SRC/datasets/leads_sample.csv" >"$1"
    {
        echo 'L1,2025-08-24,paid search,Telecommunications,5000+,United States,Consultant,Director,4,13.8,1,4,3,yes,3,0,no,no,no,0,no,102,1'
        echo 'L2,2025-08-24,Direct,Healthcare,11-50,Germany,Analyst,Manager,,13.8,1,4,3,no,3,0,no,no,no,0,no,,0'
        echo 'L3,2025-08-24,Direct,Healthcare,11-50,Germany,Analyst,Manager,4,,1,4,3,no,3,0,no,no,no,0,no,5,0'
        echo 'L4,2025-08-24,Direct,SELECT,11-50,Germany,select,Manager,4,9.5," n/a ",4,3,no,3,0,no,no,no,0,no,5,0'
        echo 'L5,2025-08-24,Webinar,Retail,1-10,ICELAND,Intern,Student,12,62.2,3,12,2,yes,0,2,yes,no,yes,1,no,5,0'
        echo 'L6,2025-08-24,Webinar,Retail,1-10,"  malta ",Intern,Student,12,62.2,3,12,2,yes,0,2,yes,no,yes,1,no,5,0'
        echo 'L7,2025-08-24,Webinar,Retail,1-10,Luxembourg,Intern,Student,12,62.2,3,12,2,yes,0,2,yes,no,yes,1,no,5,0'
        printf 'L8,2025-08-24,"  PAID \t  search ",software,1001-5000,germany, c-LEVEL ,DIRECTOR,4,4.1,2,10,1,No,1,0,YES,yes,Yes,0,no,20,1\n'
        echo 'L9,2025-08-24,(other),Consulting,201-1000,Atlantis,(missing),VP,4,4.1,2,10,1,no,1,0,no,yes,yes,0,no,20,1'
        echo 'L10,2025-08-24,,Consulting,201-1000,,Engineer,,4,4.1,2,10,1,,1,0,N/A,yes,yes,0,no,20,1'
        echo 'L11,2025-08-24,Referral,Media,51-200,India,CEO,C-Level,1e1," +3.50 ",0,007,1,no,0.0,0,no,no,no,2,no,1,0'
        echo 'L12,2025-08-24,email   campaign,Government,5000+,France,Other,Vp,0,0,0,0,0,no,0,0,no,no,no,0,yes,365,0'
    } >>"$1"
}

# quoted IN OUT: IN (the sample's columns) with names and levels that need
# quoting: lead_source is "Lead Source", industry is "select", job_title is
# 'Job "Title"'; Retail is 'Bob's "Retail" & <Co>', Healthcare is
# 'O'Brien; DROP TABLE leads;--', and 3 leads' country 'Côte d'Ivoire & "Co"'
# (rare: folded into (other)).
quoted() {
    python3 - "$1" "$2" <<'PY'
import csv, sys
names = {"lead_source": "Lead Source", "industry": "select", "job_title": 'Job "Title"'}
levels = {"retail": "Bob's \"Retail\" & <Co>", "healthcare": "O'Brien; DROP TABLE leads;--"}
with open(sys.argv[1], newline="") as f, open(sys.argv[2], "w", newline="") as g:
    r, w = csv.reader(f), csv.writer(g, lineterminator="\n")
    header = next(r)
    w.writerow([names.get(h, h) for h in header])
    ind, cty = header.index("industry"), header.index("country")
    for n, row in enumerate(r):
        key = row[ind].strip().lower()
        if key in levels:
            row[ind] = row[ind].replace(row[ind].strip(), levels[key])
        if n % 5000 == 17:
            row[cty] = "Côte d'Ivoire & \"Co\""
        w.writerow(row)
PY
}
