/* export_sql.c: a SELECT that scores a table of leads inside the database.
 *
 * The query translates the ls_export_spec rule by rule, in four nested
 * SELECTs so that each cell is cleaned once:
 *   1. t<i>: each input's cell as text (a number stored as a number is
 *      written as text first), SQL NULL read as empty, trimmed of the six C
 *      white space characters;
 *   2. m<i>: 1 when t<i> is empty or a placeholder (ASCII case ignored);
 *      x<i>: a numeric input's value (its imputed median when missing);
 *      k<i>: a categorical input's level key (inner white space runs made one
 *      space, A-Z lowered unless the model is case-sensitive);
 *   3. logit: the intercept plus each input's part, added left to right in
 *      the spec's order, as the scorer adds them (SQL's + is left
 *      associative, so the rounding is the scorer's);
 *   4. probability, score (round half away from zero, written with floor so
 *      no dialect's round() rule matters) and band.
 * Weights are written with 17 significant digits, which read back exactly.
 *
 * Where a dialect cannot say a rule exactly, the query says so in a comment
 * (and README.md "Export" too):
 *   - SQLite has no regular expressions: inner white space runs are folded by
 *     mapping the five other white space characters to ' ' and halving runs
 *     of spaces SQLITE_FOLD_PASSES times, exact for runs of up to
 *     2^SQLITE_FOLD_PASSES characters; a cell with a longer run gets a NULL
 *     score instead of a wrong one.
 *   - A numeric cell that is not a number (leadscore refuses the lead):
 *     PostgreSQL stops the query with an error naming the text; SQLite gives
 *     the lead a NULL score when the text has a character no number has, and
 *     reads the longest number at its start otherwise (CAST's rule).
 * Identifiers are double-quoted (quotes doubled), text literals single-quoted
 * (apostrophes doubled); the query never puts a model's text in a comment. */
#include <math.h>
#include <string.h>

#include "leadscore/export.h"
#include "export_sql_internal.h"

void ls_export_options_default(ls_export_options *o)
{
    memset(o, 0, sizeof *o);
    o->dialect = LS_SQL_POSTGRESQL;
    o->table = "leads";
    o->bins = 5;
}

/* Ends a nested SELECT so that the database does not merge it into the one
 * around it. Merged, every reference to a column of the inner SELECT would
 * repeat its whole expression: the band reads the score 4 times, the score
 * the probability 3 times and the probability the logit 3 times, so the
 * logit, with every cell rule in it, would be computed dozens of times per
 * lead. Neither PostgreSQL nor SQLite merges a subquery with an OFFSET, and
 * both still stream its rows (no temporary table). */
void sql_put_fence(FILE *fp, ls_sql_dialect d)
{
    fputs(d == LS_SQL_POSTGRESQL ? " OFFSET 0" : " LIMIT -1 OFFSET 0", fp);
}

void sql_put_ident(FILE *fp, const char *name)
{
    fputc('"', fp);
    for (const char *p = name; *p != '\0'; p++) {
        if (*p == '"') {
            fputc('"', fp);
        }
        fputc(*p, fp);
    }
    fputc('"', fp);
}

/* A text literal of s with A-Z lowered when lower is set (for the
 * placeholders, which match ignoring ASCII case). */
void sql_put_text(FILE *fp, const char *s, int lower)
{
    fputc('\'', fp);
    for (const char *p = s; *p != '\0'; p++) {
        char c = *p;
        if (c == '\'') {
            fputc('\'', fp);
        }
        fputc(lower && c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c, fp);
    }
    fputc('\'', fp);
}

/* A double literal that reads back exactly and is typed as one: SQLite
 * would take "2" as an integer, PostgreSQL "2.5" as numeric. */
void sql_put_double(FILE *fp, ls_sql_dialect d, double v)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.17g", v);
    if (strpbrk(buf, ".e") == NULL) {
        strcat(buf, ".0");
    }
    fprintf(fp, d == LS_SQL_POSTGRESQL ? "CAST(%s AS double precision)" : "%s", buf);
}

/* The expression for A-Z lowered and nothing else (PostgreSQL's lower()
 * follows the database's locale; SQLite's is ASCII-only). */
void sql_put_ascii_lower(FILE *fp, ls_sql_dialect d, const char *expr)
{
    if (d == LS_SQL_POSTGRESQL) {
        fprintf(fp, "translate(%s, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')", expr);
    } else {
        fprintf(fp, "lower(%s)", expr);
    }
}

void sql_put_cell_text(FILE *fp, ls_sql_dialect d, const char *name, size_t i, int text, int number)
{
    const char *white = d == LS_SQL_POSTGRESQL ? "' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13)"
                                               : "' ' || char(9, 10, 11, 12, 13)";
    fprintf(fp, ",\n               %s(COALESCE(CAST(", d == LS_SQL_POSTGRESQL ? "btrim" : "trim");
    sql_put_ident(fp, name);
    fprintf(fp, " AS %s), ''), %s) AS t%zu", d == LS_SQL_POSTGRESQL ? "text" : "TEXT", white, i);
    if (d == LS_SQL_POSTGRESQL && text) {
        fputs(",\n               translate(btrim(COALESCE(CAST(", fp);
        sql_put_ident(fp, name);
        fprintf(fp, " AS text), ''), %s), chr(9) || chr(10) || chr(11) || chr(12) || chr(13), '     ') AS u%zu",
                white, i);
    }
    if (d == LS_SQL_SQLITE && number) {
        /* a number SQLite stores as a number is used as it is: its text
         * form has only 15 significant digits */
        fputs(", ", fp);
        sql_put_ident(fp, name);
        fprintf(fp, " AS v%zu", i);
    }
}

void sql_put_id(FILE *fp, ls_sql_dialect d, const char *id)
{
    if (id != NULL) {
        fputs("CAST(", fp);
        sql_put_ident(fp, id);
        fputs(d == LS_SQL_POSTGRESQL ? " AS text) AS id" : " AS TEXT) AS id", fp);
    } else {
        /* no id column: leads are numbered from 1 in the order the database
         * reads them, which SQL does not define (PostgreSQL's parallel scans
         * change it); 'leadscore score' numbers the rows of a file */
        fputs("ROW_NUMBER() OVER () AS id", fp);
    }
}

/* Layer 1: the trimmed text of every input, plus the id. */
static void layer_text(FILE *fp, const ls_export_spec *s, const ls_export_options *o)
{
    ls_sql_dialect d = o->dialect;
    const char *id = o->id_column != NULL ? o->id_column : s->model->id_column;
    fputs("        SELECT ", fp);
    sql_put_id(fp, d, id);
    for (size_t i = 0; i < s->n_inputs; i++) {
        const ls_export_input *in = &s->inputs[i];
        sql_put_cell_text(fp, d, in->name, i, in->kind == LS_EXPORT_CATEGORICAL, in->kind == LS_EXPORT_NUMERIC);
    }
    fputs("\n        FROM ", fp);
    sql_put_ident(fp, o->table);
    sql_put_fence(fp, d);
    fputc('\n', fp);
}

void sql_put_missing_test(FILE *fp, ls_sql_dialect d, const char *const *na_values, size_t n_na, size_t i)
{
    char t[32];
    snprintf(t, sizeof t, "t%zu", i);
    fprintf(fp, "CASE WHEN t%zu = ''", i);
    if (n_na > 0) {
        fputs(" OR ", fp);
        sql_put_ascii_lower(fp, d, t);
        fputs(" IN (", fp);
        for (size_t k = 0; k < n_na; k++) {
            fputs(k ? ", " : "", fp);
            sql_put_text(fp, na_values[k], 1);
        }
        fputc(')', fp);
    }
    fputs(" THEN 1 ELSE 0 END", fp);
}

void sql_put_number(FILE *fp, ls_sql_dialect d, size_t i)
{
    if (d == LS_SQL_POSTGRESQL) {
        /* float8in would also take NaN, Infinity and padding: the cast of
         * anything but number characters fails, naming the text (translate,
         * not a regular expression: it is several times faster) */
        fprintf(fp,
                "CAST(CASE WHEN translate(t%zu, '0123456789+-.eE', '') = '' AND length(t%zu) <= 63 THEN t%zu "
                "ELSE 'not a number: ' || t%zu END AS double precision)",
                i, i, i, i);
    } else {
        fprintf(fp,
                "CASE WHEN typeof(v%zu) IN ('integer', 'real') THEN CAST(v%zu AS REAL) "
                "WHEN t%zu GLOB '*[^0-9+.eE-]*' OR length(t%zu) > 63 THEN NULL ELSE CAST(t%zu AS REAL) END",
                i, i, i, i, i);
    }
}

void sql_put_key(FILE *fp, ls_sql_dialect d, int case_sensitive, size_t i)
{
    char folded[512];
    if (d == LS_SQL_POSTGRESQL) {
        /* u is t with the other white space made ' ' (layer 1); the regular
         * expression, slow, runs only on the rare cell with two spaces */
        snprintf(folded, sizeof folded,
                 "CASE WHEN strpos(u%zu, '  ') > 0 THEN regexp_replace(u%zu, ' {2,}', ' ', 'g') ELSE u%zu END", i, i, i);
    } else {
        /* no regular expressions: the other white space becomes ' ', then
         * runs of spaces are halved, SQLITE_FOLD_PASSES times */
        size_t n = (size_t)snprintf(folded, sizeof folded, "t%zu", i);
        for (int c = 9; c <= 13; c++) {
            char inner[512];
            memcpy(inner, folded, n + 1);
            n = (size_t)snprintf(folded, sizeof folded, "replace(%s, char(%d), ' ')", inner, c);
        }
        for (int pass = 0; pass < SQLITE_FOLD_PASSES; pass++) {
            char inner[512];
            memcpy(inner, folded, n + 1);
            n = (size_t)snprintf(folded, sizeof folded, "replace(%s, '  ', ' ')", inner);
        }
    }
    if (case_sensitive) {
        fputs(folded, fp);
    } else {
        sql_put_ascii_lower(fp, d, folded);
    }
}

/* Layer 2: missing flags, values and keys. */
static void layer_cells(FILE *fp, const ls_export_spec *s, const ls_export_options *o)
{
    ls_sql_dialect d = o->dialect;
    fputs("      SELECT id", fp);
    for (size_t i = 0; i < s->n_inputs; i++) {
        const ls_export_input *in = &s->inputs[i];
        fputs(",\n             ", fp);
        sql_put_missing_test(fp, d, s->na_values, s->n_na, i);
        fprintf(fp, " AS m%zu,\n             ", i);
        if (in->kind == LS_EXPORT_NUMERIC) {
            fputs("CASE WHEN ", fp);
            sql_put_missing_test(fp, d, s->na_values, s->n_na, i);
            fputs(" = 1 THEN ", fp);
            sql_put_double(fp, d, in->impute);
            fputs(" ELSE ", fp);
            sql_put_number(fp, d, i);
            fprintf(fp, " END AS x%zu", i);
        } else {
            sql_put_key(fp, d, s->case_sensitive, i);
            fprintf(fp, " AS k%zu", i);
        }
    }
    fputs("\n      FROM (\n", fp);
    layer_text(fp, s, o);
    fputs("      ) AS cells", fp);
    sql_put_fence(fp, d);
    fputc('\n', fp);
}

static void put_categorical_part(FILE *fp, const ls_export_input *in, ls_sql_dialect d, size_t i)
{
    fprintf(fp, "CASE WHEN m%zu = 1 THEN ", i);
    sql_put_double(fp, d, in->levels[in->missing_level].weight);
    if (d == LS_SQL_SQLITE) {
        /* a white space run longer than the folding passes reach */
        fprintf(fp, " WHEN instr(k%zu, '  ') > 0 THEN NULL", i);
    }
    fprintf(fp, "\n                 ELSE CASE k%zu", i);
    for (size_t l = 0; l < in->n_levels; l++) {
        if (in->levels[l].role == LS_EXPORT_LEVEL_CELL) {
            fputs(" WHEN ", fp);
            sql_put_text(fp, in->levels[l].key, 0);
            fputs(" THEN ", fp);
            sql_put_double(fp, d, in->levels[l].weight);
        }
    }
    for (size_t f = 0; f < in->n_folded; f++) {
        if (in->folded[f].key[0] != '\001') { /* "(missing)" folded: m covers it */
            fputs(" WHEN ", fp);
            sql_put_text(fp, in->folded[f].key, 0);
            fputs(" THEN ", fp);
            sql_put_double(fp, d, in->levels[in->folded[f].level].weight);
        }
    }
    fputs(" ELSE ", fp);
    sql_put_double(fp, d, in->levels[in->unseen_level].weight);
    fputs(" END END", fp);
}

/* Layer 3: the logit, summed in the spec's order. */
static void layer_logit(FILE *fp, const ls_export_spec *s, const ls_export_options *o)
{
    ls_sql_dialect d = o->dialect;
    fputs("    SELECT id,\n           ", fp);
    sql_put_double(fp, d, s->intercept);
    for (size_t i = 0; i < s->n_inputs; i++) {
        const ls_export_input *in = &s->inputs[i];
        fputs("\n           + ", fp);
        if (in->kind == LS_EXPORT_NUMERIC) {
            fputs("(", fp);
            sql_put_double(fp, d, in->value_weight);
            fprintf(fp, " * x%zu", i);
            if (in->missing_term >= 0) {
                fprintf(fp, " + CASE WHEN m%zu = 1 THEN ", i);
                sql_put_double(fp, d, in->missing_weight);
                fputs(" ELSE 0.0 END", fp);
            }
            fputs(")", fp);
        } else {
            fputs("(", fp);
            put_categorical_part(fp, in, d, i);
            fputs(")", fp);
        }
    }
    fputs(" AS logit\n    FROM (\n", fp);
    layer_cells(fp, s, o);
    fputs("    ) AS prepared", fp);
    sql_put_fence(fp, o->dialect);
    fputc('\n', fp);
}

static void header(FILE *fp, const ls_export_spec *s, ls_sql_dialect d)
{
    fprintf(fp,
            "-- leadscore model as SQL (%s): one row per lead of the table, with\n"
            "-- id, logit, probability, score (0-100) and band, as 'leadscore score' gives them.\n"
            "-- Cells are read as leadscore reads them: trimmed; empty, NULL or a placeholder\n"
            "-- (ignoring ASCII case) is missing; numeric inputs take the training median when\n"
            "-- missing, plus the missing indicator's weight where the model has one; levels match\n"
            "-- %s with inner white space runs made one space; levels folded at\n"
            "-- training score as '(other)'; levels never seen score as the reference (0).\n",
            d == LS_SQL_POSTGRESQL ? "PostgreSQL" : "SQLite",
            s->case_sensitive ? "case-sensitively" : "ignoring the case of A-Z");
    if (d == LS_SQL_SQLITE) {
        fprintf(fp,
                "-- SQLite differences (no regular expressions, lenient CAST):\n"
                "--   inner white space runs are folded exactly only up to %d characters; a\n"
                "--   categorical cell with a longer run gets a NULL logit, probability, score and band;\n"
                "--   a numeric cell with a character no number has (NaN, Inf, words) gives a NULL\n"
                "--   score (leadscore refuses the lead); other malformed numbers such as '1.2.3' are\n"
                "--   read up to where they stop being a number (leadscore refuses them);\n"
                "--   text with 16 or more significant digits may be read 1 unit in the last place off.\n",
                1 << SQLITE_FOLD_PASSES);
    } else {
        fputs("-- A numeric cell that is not a number stops the query with an error naming it\n"
              "-- (leadscore refuses such a lead too).\n",
              fp);
    }
}

static void layer_probability(FILE *fp, const ls_export_spec *s, const ls_export_options *o)
{
    fputs("  SELECT id, logit,\n"
          "         CASE WHEN logit >= 0 THEN 1.0 / (1.0 + exp(-logit))\n"
          "              ELSE exp(logit) / (1.0 + exp(logit)) END AS probability\n"
          "  FROM (\n",
          fp);
    layer_logit(fp, s, o);
    fputs("  ) AS linear", fp);
    sql_put_fence(fp, o->dialect);
    fputc('\n', fp);
}

int ls_export_sql(const ls_model *model, const ls_export_options *o, FILE *fp, ls_error *err)
{
    ls_export_spec *spec = NULL;
    int status = ls_export_spec_build(model, &spec, err);
    if (status != LS_OK) {
        return status;
    }
    ls_sql_dialect d = o->dialect;
    header(fp, spec, d);
    fputs("SELECT id, logit, probability, score,\n       CASE", fp);
    for (size_t b = 0; b < spec->bands.n; b++) {
        fprintf(fp, " WHEN score <= %d THEN ", spec->bands.band[b].max_score);
        sql_put_text(fp, spec->bands.band[b].name, 0);
    }
    fputs(" END AS band\nFROM (\n", fp);
    /* round(100 p) half away from zero, p >= 0: 100 p - floor(100 p) is
     * exact, so the comparison with 0.5 decides as lround() does */
    fprintf(fp,
            "  SELECT id, logit, probability,\n"
            "         CAST(floor(100.0 * probability) AS %s)\n"
            "         + CASE WHEN 100.0 * probability - floor(100.0 * probability) >= 0.5 THEN 1 ELSE 0 END AS score\n"
            "  FROM (\n",
            d == LS_SQL_POSTGRESQL ? "integer" : "INTEGER");
    layer_probability(fp, spec, o);
    fputs("  ) AS scored", fp);
    sql_put_fence(fp, d);
    fputs("\n) AS banded;\n", fp);
    ls_export_spec_free(spec);
    return LS_OK;
}
