#!/usr/bin/env bash
# Files that are not UTF-8 CSV (issue 9.9): a folder, a binary or UTF-16 file
# (NUL bytes), an Excel workbook, Windows-1252 text. Each gets one error line
# that says what the file is and what to do, exit 1, and no model.
. "$(dirname "$0")/lib.sh"
model=$WORK/model.json

train_bad() {
    local file=$1 pattern=$2
    expect 1 "$pattern" -- "$LS" train --data "$file" --target converted --out "$model"
    one_line
    absent "$model"
}

# a folder is not an empty file
mkdir "$WORK/leads"
train_bad "$WORK/leads" "leads: is a folder, not a CSV file"
expect 1 "is a folder" -- "$LS" describe --data "$WORK/leads"

# a NUL byte inside a field: binary data or UTF-16, never text
printf 'x,converted\na\000b,1\nc,0\n' >"$WORK/nul.csv"
train_bad "$WORK/nul.csv" "nul.csv:2:1: NUL byte in field: a binary file or UTF-16 text"
# UTF-16 (as Excel's "Unicode text" saves it), with its byte-order mark
printf 'x,converted\r\n1,1\r\n' | iconv -f utf-8 -t utf-16 >"$WORK/utf16.csv"
train_bad "$WORK/utf16.csv" "utf16.csv:1: UTF-16 text.*iconv -f utf-16 -t utf-8"

# an Excel workbook is a ZIP file: PK\3\4
printf 'PK\003\004\024\000\006\000\010\000\000\000!\000binary' >"$WORK/leads.xlsx"
train_bad "$WORK/leads.xlsx" "leads.xlsx:1: an Excel workbook \(a ZIP file\), not CSV: save it as CSV"

# Windows-1252 text ("Café" with e-acute as the single byte 0xE9)
printf 'x,converted\nCaf\351,1\nTea,0\n' >"$WORK/cp1252.csv"
train_bad "$WORK/cp1252.csv" "cp1252.csv:2:1: invalid UTF-8 in field.*iconv -f cp1252 -t utf-8"

finish
