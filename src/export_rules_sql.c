/* export_rules_sql.c: a SELECT that scores a table of leads with a points
 * rule set inside the database (leadscore/rules.h states the semantics).
 *
 * Nested SELECTs, each fenced so the database computes it once per row:
 *   1. t<j>: each column the rule set reads, as trimmed text (export_sql.c's
 *      cell rules, shared through export_sql_internal.h);
 *   2. m<j>: missing (empty or a placeholder, ASCII case ignored); x<j>: the
 *      number of a column read as one (NULL when missing); k<j>: the level
 *      key of a column compared with text;
 *   3. c<i>: each rule's contribution: a CASE on its condition, the points
 *      (their cap applied here, in C, when constant) or points x value
 *      capped in magnitude in SQL; f: the decay factor;
 *   4. g<g>: each group's sum, added in rule order from 0.0 as the scorer
 *      adds them;
 *   5. total: 0.0 + each group (capped above, times f when it decays) in
 *      declaration order + each ungrouped rule in rule order: the scorer's
 *      order, so the double arithmetic is the scorer's;
 *   6. points: the total clamped to [0, max_score]; probability with a
 *      calibration, 1 / (1 + exp(-(a + b x points))) exactly as written;
 *   7. score: points rounded half away from zero (with floor, so no
 *      dialect's round() matters); band from the rule set's bands.
 * A missing cell satisfies no comparison but missing: true: every
 * comparison is written (m<j> = 0 AND ...), so no NULL reaches a NOT.
 *
 * Where a dialect is not exact (the query says so in a comment too):
 *   - SQLite: white space runs inside text are folded exactly up to
 *     2^SQLITE_FOLD_PASSES characters; a longer run, or a cell of a numeric
 *     column with a character no number has, gives the lead NULL points,
 *     score and band (leadscore folds any run, and refuses such a lead);
 *     other malformed numbers ('1.2.3', '-') are read as CAST reads them
 *     (leadscore refuses them); text with 16 or more significant digits may
 *     be read 1 unit in the last place off.
 *   - PostgreSQL: a cell of a numeric column that is not a number stops the
 *     query with an error naming it (leadscore refuses that lead).
 *   - Both: a per-unit value so large the total is not finite (leadscore
 *     refuses the lead) is an error in PostgreSQL and a NULL or infinite
 *     total in SQLite.
 * pow() and exp() are the C library's in both databases; the decay factor
 * is written 0.0 from the exponent where pow underflows to 0 (PostgreSQL
 * would raise an underflow error), and the calibration's exp likewise. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "export_sql_internal.h"
#include "leadscore/export.h"
#include "rules_internal.h"

static const char *truth(int v)
{
    return v ? "(1 = 1)" : "(1 = 0)";
}

/* The condition of node as an SQL boolean over m<j>, x<j>, k<j>. */
static void put_condition(FILE *fp, const ls_rules *r, size_t node, ls_sql_dialect d)
{
    const rule_node *nd = &r->nodes[node];
    size_t j = nd->column;
    switch (nd->op) {
    case RULE_ALL:
    case RULE_ANY:
        if (nd->n == 0) {
            fputs(truth(nd->op == RULE_ALL), fp);
            return;
        }
        fputc('(', fp);
        for (size_t k = 0; k < nd->n; k++) {
            fputs(k == 0 ? "" : nd->op == RULE_ALL ? " AND " : " OR ", fp);
            put_condition(fp, r, r->child[nd->first + k], d);
        }
        fputc(')', fp);
        return;
    case RULE_NOT:
        fputs("(NOT ", fp);
        put_condition(fp, r, r->child[nd->first], d);
        fputc(')', fp);
        return;
    case RULE_MISSING:
        fprintf(fp, "(m%zu = %d)", j, nd->missing ? 1 : 0);
        return;
    default:
        break;
    }
    fprintf(fp, "(m%zu = 0 AND ", j);
    switch (nd->op) {
    case RULE_EQUALS: {
        size_t n_text = 0, n_number = 0;
        for (size_t k = 0; k < nd->n; k++) {
            if (r->values[nd->first + k].is_number) {
                n_number++;
            } else {
                n_text++;
            }
        }
        fputc('(', fp);
        if (n_text > 0) {
            fprintf(fp, "k%zu IN (", j);
            size_t w = 0;
            for (size_t k = 0; k < nd->n; k++) {
                const rule_value *v = &r->values[nd->first + k];
                if (!v->is_number) {
                    fputs(w++ ? ", " : "", fp);
                    sql_put_text(fp, v->key, 0);
                }
            }
            fputc(')', fp);
        }
        if (n_number > 0) {
            fprintf(fp, "%sx%zu IN (", n_text > 0 ? " OR " : "", j);
            size_t w = 0;
            for (size_t k = 0; k < nd->n; k++) {
                const rule_value *v = &r->values[nd->first + k];
                if (v->is_number) {
                    fputs(w++ ? ", " : "", fp);
                    sql_put_double(fp, d, v->number);
                }
            }
            fputc(')', fp);
        }
        if (n_text + n_number == 0) {
            fputs(truth(0), fp);
        }
        fputc(')', fp);
        break;
    }
    case RULE_CONTAINS: {
        const rule_value *v = &r->values[nd->first];
        if (v->key_len == 0) {
            fputs(truth(1), fp);
        } else {
            fprintf(fp, "%s(k%zu, ", d == LS_SQL_POSTGRESQL ? "strpos" : "instr", j);
            sql_put_text(fp, v->key, 0);
            fputs(") > 0", fp);
        }
        break;
    }
    case RULE_AT_LEAST:
    case RULE_AT_MOST:
    case RULE_GREATER:
    case RULE_LESS:
        fprintf(fp, "x%zu %s ", j,
                nd->op == RULE_AT_LEAST  ? ">="
                : nd->op == RULE_AT_MOST ? "<="
                : nd->op == RULE_GREATER ? ">"
                                         : "<");
        sql_put_double(fp, d, nd->lo);
        break;
    case RULE_BETWEEN:
        fprintf(fp, "x%zu >= ", j);
        sql_put_double(fp, d, nd->lo);
        fprintf(fp, " AND x%zu <= ", j);
        sql_put_double(fp, d, nd->hi);
        break;
    default:
        fputs(truth(0), fp);
        break;
    }
    fputc(')', fp);
}

/* Layer 1: id and each column's trimmed text. */
static void layer_text(FILE *fp, const ls_rules *r, const ls_export_options *o)
{
    ls_sql_dialect d = o->dialect;
    fputs("            SELECT ", fp);
    sql_put_id(fp, d, o->id_column);
    for (size_t j = 0; j < r->n_columns; j++) {
        sql_put_cell_text(fp, d, r->columns[j].name, j, r->columns[j].text, r->columns[j].numeric);
    }
    fputs("\n            FROM ", fp);
    sql_put_ident(fp, o->table);
    sql_put_fence(fp, d);
    fputc('\n', fp);
}

/* Layer 2: missing flags, numbers and keys. */
static void layer_cells(FILE *fp, const ls_rules *r, const ls_export_options *o)
{
    ls_sql_dialect d = o->dialect;
    const char *const *na = (const char *const *)r->na.values;
    fputs("          SELECT id", fp);
    for (size_t j = 0; j < r->n_columns; j++) {
        const rule_column *col = &r->columns[j];
        fputs(",\n                 ", fp);
        sql_put_missing_test(fp, d, na, r->na.n, j);
        fprintf(fp, " AS m%zu", j);
        if (col->numeric) {
            fputs(",\n                 CASE WHEN ", fp);
            sql_put_missing_test(fp, d, na, r->na.n, j);
            fputs(" = 1 THEN NULL ELSE ", fp);
            sql_put_number(fp, d, j);
            fprintf(fp, " END AS x%zu", j);
        }
        if (col->text) {
            fputs(",\n                 ", fp);
            sql_put_key(fp, d, 0, j);
            fprintf(fp, " AS k%zu", j);
        }
    }
    fputs("\n          FROM (\n", fp);
    layer_text(fp, r, o);
    fputs("          ) AS cells", fp);
    sql_put_fence(fp, d);
    fputc('\n', fp);
}

/* A rule's contribution when its condition holds. */
static void put_value(FILE *fp, const ls_rules *r, const rule_def *rule, ls_sql_dialect d)
{
    if (rule->per_unit < 0) {
        double c = rule->points;
        if (rule->max >= 0 && fabs(c) > rule->max) {
            c = copysign(rule->max, c);
        }
        sql_put_double(fp, d, c);
        return;
    }
    /* points x value, capped in magnitude; a missing value gives 0 */
    size_t j = (size_t)rule->per_unit;
    (void)r;
    if (rule->max < 0) {
        fprintf(fp, "CASE WHEN m%zu = 1 THEN 0.0 ELSE ", j);
        sql_put_double(fp, d, rule->points);
        fprintf(fp, " * x%zu END", j);
        return;
    }
    fprintf(fp, "CASE WHEN m%zu = 1 THEN 0.0 WHEN abs(", j);
    sql_put_double(fp, d, rule->points);
    fprintf(fp, " * x%zu) > ", j);
    sql_put_double(fp, d, rule->max);
    fputs(" THEN CASE WHEN ", fp);
    sql_put_double(fp, d, rule->points);
    fprintf(fp, " * x%zu < 0.0 THEN ", j);
    sql_put_double(fp, d, -rule->max);
    fputs(" ELSE ", fp);
    sql_put_double(fp, d, rule->max);
    fputs(" END ELSE ", fp);
    sql_put_double(fp, d, rule->points);
    fprintf(fp, " * x%zu END", j);
}

/* Layer 3: each rule's contribution, the decay factor and (SQLite) whether
 * the lead can be scored exactly. */
static void layer_rules(FILE *fp, const ls_rules *r, const ls_export_options *o)
{
    ls_sql_dialect d = o->dialect;
    fputs("        SELECT id", fp);
    if (d == LS_SQL_SQLITE) {
        fputs(",\n               CASE WHEN (1 = 0)", fp);
        for (size_t j = 0; j < r->n_columns; j++) {
            if (r->columns[j].numeric) {
                /* text no number has: leadscore refuses the lead */
                fprintf(fp, " OR (m%zu = 0 AND x%zu IS NULL)", j, j);
            }
            if (r->columns[j].text) {
                /* a white space run longer than the folding passes reach */
                fprintf(fp, " OR (m%zu = 0 AND instr(k%zu, '  ') > 0)", j, j);
            }
        }
        fputs(" THEN 0 ELSE 1 END AS ok", fp);
    }
    fputs(",\n               ", fp);
    if (r->decay_column >= 0) {
        size_t j = (size_t)r->decay_column;
        /* 0.5^e is 0 in C for e >= 1075 (below half the least subnormal);
         * PostgreSQL's power() would stop with an underflow error there */
        fprintf(fp, "CASE WHEN m%zu = 1 OR x%zu < 0.0 THEN 1.0 WHEN x%zu / ", j, j, j);
        sql_put_double(fp, d, r->half_life_days);
        fputs(" >= 1075.0 THEN 0.0 ELSE power(", fp);
        sql_put_double(fp, d, 0.5);
        fprintf(fp, ", x%zu / ", j);
        sql_put_double(fp, d, r->half_life_days);
        fputs(") END AS f", fp);
    } else {
        fputs("1.0 AS f", fp);
    }
    for (size_t i = 0; i < r->n_rules; i++) {
        const rule_def *rule = &r->rules[i];
        fputs(",\n               ", fp);
        if (rule->when < 0) {
            put_value(fp, r, rule, d);
        } else {
            fputs("CASE WHEN ", fp);
            put_condition(fp, r, (size_t)rule->when, d);
            fputs("\n                    THEN ", fp);
            put_value(fp, r, rule, d);
            fputs(" ELSE 0.0 END", fp);
        }
        fprintf(fp, " AS c%zu", i);
    }
    fputs("\n        FROM (\n", fp);
    layer_cells(fp, r, o);
    fputs("        ) AS prepared", fp);
    sql_put_fence(fp, d);
    fputc('\n', fp);
}

/* Layer 4: group sums in rule order; the ungrouped contributions pass. */
static void layer_groups(FILE *fp, const ls_rules *r, const ls_export_options *o)
{
    ls_sql_dialect d = o->dialect;
    fprintf(fp, "      SELECT id, f%s", d == LS_SQL_SQLITE ? ", ok" : "");
    for (size_t g = 0; g < r->n_groups; g++) {
        fputs(",\n             0.0", fp);
        for (size_t i = 0; i < r->n_rules; i++) {
            if (r->rules[i].group == (long)g) {
                fprintf(fp, " + c%zu", i);
            }
        }
        fprintf(fp, " AS g%zu", g);
    }
    for (size_t i = 0; i < r->n_rules; i++) {
        if (r->rules[i].group < 0) {
            fprintf(fp, ", c%zu", i);
        }
    }
    fputs("\n      FROM (\n", fp);
    layer_rules(fp, r, o);
    fputs("      ) AS contributions", fp);
    sql_put_fence(fp, d);
    fputc('\n', fp);
}

/* Layer 5: the total, in the scorer's order. */
static void layer_total(FILE *fp, const ls_rules *r, const ls_export_options *o)
{
    ls_sql_dialect d = o->dialect;
    fputs("    SELECT id,\n           ", fp);
    if (d == LS_SQL_SQLITE) {
        fputs("CASE WHEN ok = 0 THEN NULL ELSE ", fp);
    }
    fputs("0.0", fp);
    for (size_t g = 0; g < r->n_groups; g++) {
        fputs("\n           + ", fp);
        const rule_group *grp = &r->groups[g];
        if (isfinite(grp->max)) {
            fprintf(fp, "CASE WHEN g%zu > ", g);
            sql_put_double(fp, d, grp->max);
            fputs(" THEN ", fp);
            sql_put_double(fp, d, grp->max);
            fprintf(fp, " ELSE g%zu END", g);
        } else {
            fprintf(fp, "g%zu", g);
        }
        if (grp->decays) {
            fputs(" * f", fp);
        }
    }
    for (size_t i = 0; i < r->n_rules; i++) {
        if (r->rules[i].group < 0) {
            fprintf(fp, "\n           + c%zu", i);
        }
    }
    fputs(d == LS_SQL_SQLITE ? " END AS total\n    FROM (\n" : " AS total\n    FROM (\n", fp);
    layer_groups(fp, r, o);
    fputs("    ) AS grouped", fp);
    sql_put_fence(fp, d);
    fputc('\n', fp);
}

/* Layer 6: points clamped to [0, max_score]. */
static void layer_points(FILE *fp, const ls_rules *r, const ls_export_options *o)
{
    ls_sql_dialect d = o->dialect;
    fputs("  SELECT id,\n         CASE WHEN total < 0.0 THEN 0.0 WHEN total > ", fp);
    sql_put_double(fp, d, r->max_score);
    fputs(" THEN ", fp);
    sql_put_double(fp, d, r->max_score);
    fputs(" ELSE total END AS points\n  FROM (\n", fp);
    layer_total(fp, r, o);
    fputs("  ) AS totalled", fp);
    sql_put_fence(fp, d);
    fputc('\n', fp);
}

static void header(FILE *fp, const ls_rules *r, ls_sql_dialect d)
{
    fprintf(fp,
            "-- leadscore rule set as SQL (%s): one row per lead of the table, with\n"
            "-- id, points (the total after caps, decay and the clamp to [0, max_score]),\n"
            "-- probability (only with a calibration; NULL otherwise), score (points rounded\n"
            "-- half away from zero) and band, as 'leadscore score' gives them.\n"
            "-- Cells are read as leadscore reads them: trimmed; empty, NULL or a placeholder\n"
            "-- (ignoring ASCII case) is missing and satisfies no comparison but missing: true;\n"
            "-- text compares with inner white space runs made one space, ignoring the case\n"
            "-- of A-Z; numbers are read from the text.\n",
            d == LS_SQL_POSTGRESQL ? "PostgreSQL" : "SQLite");
    if (d == LS_SQL_SQLITE) {
        fprintf(fp,
                "-- SQLite differences (no regular expressions, lenient CAST):\n"
                "--   inner white space runs are folded exactly only up to %d characters; a\n"
                "--   text cell with a longer run gets NULL points, score and band;\n"
                "--   a cell of a column read as a number with a character no number has (NaN,\n"
                "--   Inf, words) gives NULL points, score and band (leadscore refuses the lead);\n"
                "--   other malformed numbers such as '1.2.3' are read up to where they stop\n"
                "--   being a number (leadscore refuses them);\n"
                "--   text with 16 or more significant digits may be read 1 unit in the last place off.\n",
                1 << SQLITE_FOLD_PASSES);
    } else {
        fputs("-- A cell of a column read as a number that is not a number stops the query with\n"
              "-- an error naming it (leadscore refuses such a lead too).\n",
              fp);
    }
    (void)r;
}

int ls_export_rules_sql(const ls_rules *r, const ls_export_options *o, FILE *fp, ls_error *err)
{
    (void)err;
    ls_sql_dialect d = o->dialect;
    header(fp, r, d);
    fputs("SELECT id, points, probability, score,\n       CASE", fp);
    for (size_t b = 0; b + 1 < r->bands.n; b++) {
        fprintf(fp, " WHEN score < %d THEN ", r->bands.band[b + 1].min_score);
        sql_put_text(fp, r->bands.band[b].name, 0);
    }
    fputs(" WHEN score IS NOT NULL THEN ", fp);
    sql_put_text(fp, r->bands.band[r->bands.n - 1].name, 0);
    fputs(" END AS band\nFROM (\n", fp);
    fprintf(fp,
            "  SELECT id, points,\n"
            "         CAST(floor(points) AS %s)\n"
            "         + CASE WHEN points - floor(points) >= 0.5 THEN 1 ELSE 0 END AS score,\n"
            "         ",
            d == LS_SQL_POSTGRESQL ? "integer" : "INTEGER");
    if (r->has_calibration) {
        /* 1 / (1 + exp(-z)) as the scorer writes it; where exp overflows
         * (C: probability 0) or underflows (C: 1), the value directly, as
         * PostgreSQL's exp() would stop with an error there */
        fputs("CASE WHEN -(", fp);
        sql_put_double(fp, d, r->cal_intercept);
        fputs(" + ", fp);
        sql_put_double(fp, d, r->cal_slope);
        fputs(" * points) > 709.782712893384 THEN 0.0 WHEN -(", fp);
        sql_put_double(fp, d, r->cal_intercept);
        fputs(" + ", fp);
        sql_put_double(fp, d, r->cal_slope);
        fputs(" * points) < -745.2 THEN 1.0\n              ELSE 1.0 / (1.0 + exp(-(", fp);
        sql_put_double(fp, d, r->cal_intercept);
        fputs(" + ", fp);
        sql_put_double(fp, d, r->cal_slope);
        fputs(" * points))) END", fp);
    } else {
        fputs(d == LS_SQL_POSTGRESQL ? "CAST(NULL AS double precision)" : "NULL", fp);
    }
    fputs(" AS probability\n  FROM (\n", fp);
    layer_points(fp, r, o);
    fputs("  ) AS clamped", fp);
    sql_put_fence(fp, d);
    fputs("\n) AS scored;\n", fp);
    return LS_OK;
}
