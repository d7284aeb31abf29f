# export_sql_lib.sh: load CSV files as all-TEXT tables into a throwaway
# PostgreSQL server or an SQLite file, run an exported query, compare with
# 'leadscore score'. Source after lib.sh.

# table_files CSV NAME [row_id]: writes $WORK/NAME.ddl (CREATE TABLE with
# every column TEXT, names quoted) and $WORK/NAME.rows (the rows as comma CSV,
# no header), whatever CSV's delimiter; with row_id, a first column row_id
# numbers the rows from 1 (for models without an id column).
table_files() {
    python3 - "$1" "$2" "$WORK/$2.ddl" "$WORK/$2.rows" "${3:-}" <<'PY'
import csv, sys
src, table, ddl, rows, row_id = sys.argv[1:6]
with open(src, newline="", encoding="utf-8-sig") as f:
    first = f.readline()
    f.seek(0)
    if first.startswith("\ufeff"):
        f.read(1)
    r = csv.reader(f, delimiter=";" if first.count(";") > first.count(",") else ",")
    header = next(r)
    if row_id:
        header = ["row_id"] + header
        r = ([str(n)] + row for n, row in enumerate(r, 1))
    q = lambda name: '"' + name.replace('"', '""') + '"'
    with open(ddl, "w") as d:
        d.write("CREATE TABLE %s (%s);\n" % (q(table), ", ".join(q(h) + " TEXT" for h in header)))
    with open(rows, "w", newline="") as g:
        csv.writer(g, lineterminator="\n").writerows(r)
PY
}

# same_scores QUERY_OUT SCORES: the query's rows (id,logit,probability,score,
# band) against 'leadscore score' (id,score,probability,band), matched by id
# (SQL gives rows in no defined order; ids must be unique and the same set):
# probability to 1e-12 relative, score and band exactly. Prints the largest
# relative difference.
same_scores() {
    python3 - "$1" "$2" <<'PY'
import csv, sys
with open(sys.argv[1], newline="") as f:
    got = {}
    for row in csv.reader(f):
        got.setdefault(row[0], []).append(row)
with open(sys.argv[2], newline="") as f:
    want = list(csv.DictReader(f))
if len(got) != len(want) or sum(map(len, got.values())) != len(want):
    sys.exit(f"the query gave {sum(map(len, got.values()))} rows ({len(got)} ids), leadscore {len(want)}")
worst, bad = 0.0, []
for w in want:
    rows = got.get(w["id"])
    if rows is None:
        sys.exit(f"id {w['id']}: not in the query's rows")
    g = rows[0]
    _, _, p, score, band = g
    if p in ("", "NULL"):
        bad.append(f"id {w['id']}: NULL probability")
        continue
    rel = abs(float(p) - float(w["probability"])) / float(w["probability"])
    worst = max(worst, rel)
    if int(score) != int(w["score"]) or band != w["band"] or rel > 1e-12:
        bad.append(f"id {w['id']}: query {g}, leadscore {dict(w)}")
print(f"{len(want)} leads; largest relative probability difference {worst:.3g}; {len(bad)} differ")
for b in bad[:5]:
    print(b)
sys.exit(1 if bad else 0)
PY
}

# pg_start: starts a PostgreSQL server of its own in a temporary folder,
# listening on a Unix socket there only (no TCP); sets PGDIR and PSQL.
# Returns 1 when PostgreSQL is not installed. As root the server runs as the
# 'postgres' user (PostgreSQL refuses to run as root).
pg_start() {
    local bin=/usr/lib/postgresql/15/bin
    [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] && command -v psql >/dev/null || return 1
    PGDIR=$(mktemp -d /tmp/leadscore-pg.XXXXXX)
    local as=()
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || return 1
        chown postgres "$PGDIR"
        as=(runuser -u postgres --)
    fi
    chmod 755 "$PGDIR"
    PG_AS=("${as[@]}")
    "${as[@]}" "$bin/initdb" -D "$PGDIR/data" -U postgres -E UTF8 --locale=C.UTF-8 -A trust >"$WORK/initdb.log" 2>&1 ||
        { cat "$WORK/initdb.log" >&2; return 1; }
    "${as[@]}" "$bin/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w \
        -o "-c listen_addresses='' -k $PGDIR -c fsync=off" start >/dev/null ||
        { cat "$PGDIR/server.log" >&2; return 1; }
    PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h "$PGDIR" -U postgres -d postgres)
}

pg_stop() {
    [ -n "${PGDIR:-}" ] || return 0
    "${PG_AS[@]}" /usr/lib/postgresql/15/bin/pg_ctl -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1
    rm -rf "$PGDIR"
    PGDIR=
}

# qident NAME: NAME as an SQL identifier (double-quoted, quotes doubled)
qident() {
    printf '"%s"' "$(printf '%s' "$1" | sed 's/"/""/g')"
}

# pg_load NAME: (re)creates table NAME from $WORK/NAME.ddl and .rows
pg_load() {
    "${PSQL[@]}" -c "DROP TABLE IF EXISTS $(qident "$1")" -f "$WORK/$1.ddl" \
        -c "\\copy $(qident "$1") FROM '$WORK/$1.rows' WITH (FORMAT csv)" 2>&1 | grep -v '^NOTICE' >&2
    return "${PIPESTATUS[0]}"
}

# pg_run QUERY OUT: the query's rows as CSV (float8 printed exactly)
pg_run() {
    "${PSQL[@]}" --csv -t -f "$1" >"$2"
}

# sqlite_load DB NAME
sqlite_load() {
    rm -f "$1"
    sqlite3 "$1" <"$WORK/$2.ddl" && sqlite3 "$1" ".import --csv '$WORK/$2.rows' \"$2\""
}

# sqlite_run DB QUERY OUT: the query's rows as CSV, probabilities with 17
# digits (the shell prints 15)
sqlite_run() {
    { echo "SELECT id, CASE WHEN logit IS NOT NULL THEN printf('%!.17g', logit) END,"
      echo "       CASE WHEN probability IS NOT NULL THEN printf('%!.17g', probability) END, score, band FROM ("
      sed '$ s/;$//' "$2"
      echo ");"; } >"$WORK/wrapped.sql"
    sqlite3 -csv "$1" <"$WORK/wrapped.sql" >"$3"
}

# databases_start: sets have_sqlite and have_pg (starting the throwaway
# PostgreSQL server); a database that cannot run here is a skip_check, so the
# script reports Skipped, never Passed, for what it did not check
databases_start() {
    have_sqlite=0
    command -v sqlite3 >/dev/null && have_sqlite=1
    [ $have_sqlite = 1 ] || skip_check "sqlite3 is not installed (scripts/install-deps.sh test): SQLite not checked"
    have_pg=0
    if pg_start; then have_pg=1; else skip_check "PostgreSQL 15 could not be started here: PostgreSQL not checked"; fi
}
