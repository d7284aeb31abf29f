/* rules_eval.c: scoring one lead with a rule set.
 *
 * Each column the rule set reads is prepared once per lead: trimmed, tested
 * for missing, parsed as a number when any rule reads it as one (a cell that
 * is not a number is an error there, before any condition runs, so that
 * whether a lead fails never depends on which branch of an "any" was
 * reached), and reduced to its level key when any rule compares it with
 * text. Conditions then only compare prepared values and cannot fail. */
#define _GNU_SOURCE /* memmem */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadscore/levels.h"
#include "rules_internal.h"

const char *ls_rules_name(const ls_rules *r)
{
    return r->name;
}

const ls_bands *ls_rules_bands(const ls_rules *r)
{
    return &r->bands;
}

double ls_rules_max_score(const ls_rules *r)
{
    return r->max_score;
}

const ls_na_list *ls_rules_na(const ls_rules *r)
{
    return &r->na;
}

int ls_rules_has_calibration(const ls_rules *r)
{
    return r->has_calibration;
}

size_t ls_rules_count(const ls_rules *r)
{
    return r->n_rules;
}

const char *ls_rules_label(const ls_rules *r, size_t rule)
{
    return r->rules[rule].label;
}

double ls_rules_points(const ls_rules *r, size_t rule)
{
    return r->rules[rule].points;
}

const char *ls_rules_per_unit(const ls_rules *r, size_t rule)
{
    long c = r->rules[rule].per_unit;
    return c >= 0 ? r->columns[c].name : NULL;
}

size_t ls_rules_n_columns(const ls_rules *r)
{
    return r->n_columns;
}

const char *ls_rules_column(const ls_rules *r, size_t column)
{
    return r->columns[column].name;
}

static int node_mentions(const ls_rules *r, size_t node, size_t column)
{
    const rule_node *nd = &r->nodes[node];
    if (nd->op == RULE_ALL || nd->op == RULE_ANY || nd->op == RULE_NOT) {
        for (size_t k = 0; k < nd->n; k++) {
            if (node_mentions(r, r->child[nd->first + k], column)) {
                return 1;
            }
        }
        return 0;
    }
    return nd->column == column;
}

int ls_rules_mentions(const ls_rules *r, size_t rule, size_t column)
{
    const rule_def *d = &r->rules[rule];
    return (d->per_unit >= 0 && (size_t)d->per_unit == column) ||
           (d->when >= 0 && node_mentions(r, (size_t)d->when, column));
}

size_t ls_rules_n_text_values(const ls_rules *r)
{
    return r->n_text_values;
}

const ls_rules_text_value *ls_rules_text_value_at(const ls_rules *r, size_t i)
{
    return &r->text_values[i];
}

double ls_rules_contribution(const ls_rules *r, size_t rule)
{
    return r->contribution[rule];
}

static long find_name(const char *const *names, size_t n_names, const char *name)
{
    for (size_t j = 0; j < n_names; j++) {
        if (names[j] != NULL && strcmp(names[j], name) == 0) {
            return (long)j;
        }
    }
    return -1;
}

void rules_column_release(rule_column *col)
{
    free(col->leaves);
    col->leaves = NULL;
    col->n_leaves = 0;
    for (size_t s = 0; col->spellings != NULL && s < ls_levels_count(col->spellings); s++) {
        free(col->sp[s].key);
    }
    ls_levels_free(col->spellings);
    col->spellings = NULL;
    free(col->sp);
    col->sp = NULL;
    free(col->sp_result);
    col->sp_result = NULL;
    col->sp_cap = 0;
    free(col->scratch);
    col->scratch = NULL;
    col->scratch_cap = 0;
    free(col->scratch_result);
    col->scratch_result = NULL;
    col->result = NULL;
    col->key = NULL;
}

/* Gives every comparison its slot among its column's leaves and each column
 * an empty cache. 0, or -1 when out of memory. */
static int index_leaves(ls_rules *r)
{
    for (size_t j = 0; j < r->n_columns; j++) {
        rules_column_release(&r->columns[j]);
    }
    for (size_t k = 0; k < r->n_nodes; k++) {
        rule_node *nd = &r->nodes[k];
        if (nd->op <= RULE_MISSING) {
            nd->slot = r->columns[nd->column].n_leaves++;
        }
    }
    for (size_t j = 0; j < r->n_columns; j++) {
        rule_column *col = &r->columns[j];
        size_t n = col->n_leaves ? col->n_leaves : 1;
        col->leaves = malloc(n * sizeof *col->leaves);
        col->scratch_result = calloc(n, 1);
        col->spellings = ls_levels_new();
        if (col->leaves == NULL || col->scratch_result == NULL || col->spellings == NULL) {
            return -1;
        }
        col->result = col->scratch_result;
    }
    for (size_t k = 0; k < r->n_nodes; k++) {
        const rule_node *nd = &r->nodes[k];
        if (nd->op <= RULE_MISSING) {
            r->columns[nd->column].leaves[nd->slot] = k;
        }
    }
    return 0;
}

int ls_rules_bind(ls_rules *r, const char *const *names, size_t n_names, ls_error *err)
{
    char missing[440] = "";
    size_t used = 0, n_missing = 0;
    r->bound = 0;
    for (size_t j = 0; j < r->n_columns; j++) {
        rule_column *col = &r->columns[j];
        col->bound = find_name(names, n_names, col->name);
        if (col->bound >= 0) {
            continue;
        }
        n_missing++;
        if (used < sizeof missing - 1) {
            int w = col->first_rule == SIZE_MAX
                        ? snprintf(missing + used, sizeof missing - used, "%s'%s' (decay)", used ? ", " : "",
                                   col->name)
                        : snprintf(missing + used, sizeof missing - used, "%s'%s' (rule %zu '%s')", used ? ", " : "",
                                   col->name, col->first_rule + 1, r->rules[col->first_rule].label);
            used += w > 0 ? (size_t)w : 0;
        }
    }
    if (n_missing > 0) {
        return ls_errorf(err, LS_EDATA, NULL, 0, 0, "%zu column%s the rule set reads %s missing: %s", n_missing,
                         n_missing > 1 ? "s" : "", n_missing > 1 ? "are" : "is", missing);
    }
    if (index_leaves(r) != 0) {
        return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    r->bound = 1;
    return LS_OK;
}

/* Whether comparison nd holds for its column's prepared cell. */
static int leaf_holds(const ls_rules *r, const rule_node *nd, const rule_column *col)
{
    if (nd->op == RULE_MISSING) {
        return col->is_missing == nd->missing;
    }
    if (col->is_missing) {
        return 0; /* a missing cell satisfies no comparison */
    }
    switch (nd->op) {
    case RULE_EQUALS:
        for (size_t k = 0; k < nd->n; k++) {
            const rule_value *v = &r->values[nd->first + k];
            if (v->is_number ? col->value == v->number
                             : v->key_len == col->key_len && memcmp(v->key, col->key, v->key_len) == 0) {
                return 1;
            }
        }
        return 0;
    case RULE_CONTAINS: {
        const rule_value *v = &r->values[nd->first];
        return v->key_len == 0 || memmem(col->key, col->key_len, v->key, v->key_len) != NULL;
    }
    case RULE_AT_LEAST:
        return col->value >= nd->lo;
    case RULE_AT_MOST:
        return col->value <= nd->lo;
    case RULE_GREATER:
        return col->value > nd->lo;
    case RULE_LESS:
        return col->value < nd->lo;
    case RULE_BETWEEN:
        return col->value >= nd->lo && col->value <= nd->hi;
    default:
        return 0;
    }
}

/* Prepares a cell that is not in the cache: missing, number, key, and every
 * comparison on the column; then caches it while there is room. */
static int prepare_new(ls_rules *r, rule_column *col, const char *cell, size_t cell_len, ls_error *err)
{
    const char *text;
    size_t len = ls_trim(cell, cell_len, &text);
    col->is_missing = ls_cell_is_missing(text, len, &r->na);
    col->value = 0.0;
    col->key_len = 0;
    if (!col->is_missing && col->numeric && ls_cell_parse_number(text, len, &col->value) != LS_CELL_NUMBER) {
        return ls_errorf(err, LS_EPARSE, NULL, 0, col->bound + 1,
                         "column '%s' is compared with a number in the rule set but holds '%.*s'", col->name,
                         (int)(len < 40 ? len : 40), text);
    }
    col->decay = 1.0;
    if (r->decay_column == col - r->columns && !col->is_missing && col->value >= 0) {
        col->decay = pow(0.5, col->value / r->half_life_days);
    }
    if (len + 1 > col->scratch_cap) {
        char *k = realloc(col->scratch, len + 64);
        if (k == NULL) {
            return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
        }
        col->scratch = k;
        col->scratch_cap = len + 64;
    }
    col->key = col->scratch;
    if (!col->is_missing && col->text) {
        col->key_len = ls_level_key(text, len, 0, col->scratch);
    }
    col->scratch[col->key_len] = '\0';
    for (size_t k = 0; k < col->n_leaves; k++) {
        col->scratch_result[k] = (unsigned char)leaf_holds(r, &r->nodes[col->leaves[k]], col);
    }
    col->result = col->scratch_result;
    size_t s = ls_levels_count(col->spellings);
    if (s >= RULES_MAX_SPELLINGS) {
        return LS_OK;
    }
    if (s == col->sp_cap) {
        size_t cap = col->sp_cap ? col->sp_cap * 2 : 16;
        rule_spelling *sp = realloc(col->sp, cap * sizeof *sp);
        if (sp != NULL) {
            col->sp = sp;
        }
        unsigned char *res = sp != NULL ? realloc(col->sp_result, cap * (col->n_leaves ? col->n_leaves : 1)) : NULL;
        if (res == NULL) {
            return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
        }
        col->sp_result = res;
        col->sp_cap = cap;
    }
    rule_spelling *sp = &col->sp[s];
    if ((sp->key = malloc(col->key_len + 1)) == NULL) {
        return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    memcpy(sp->key, col->key, col->key_len + 1);
    if (ls_levels_add(col->spellings, cell, cell_len, cell, cell_len) != (long)s) {
        free(sp->key);
        return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    sp->key_len = col->key_len;
    sp->is_missing = col->is_missing;
    sp->value = col->value;
    sp->decay = col->decay;
    memcpy(col->sp_result + s * col->n_leaves, col->scratch_result, col->n_leaves);
    return LS_OK;
}

/* Reads the lead's cell of each column the rule set uses: a spelling seen
 * before is one hash lookup. */
static int prepare_columns(ls_rules *r, const char *const *cells, const size_t *lengths, ls_error *err)
{
    for (size_t j = 0; j < r->n_columns; j++) {
        rule_column *col = &r->columns[j];
        size_t pos = (size_t)col->bound;
        long s = ls_levels_find(col->spellings, cells[pos], lengths[pos]);
        if (s >= 0) {
            const rule_spelling *sp = &col->sp[s];
            col->is_missing = sp->is_missing;
            col->value = sp->value;
            col->decay = sp->decay;
            col->key = sp->key;
            col->key_len = sp->key_len;
            col->result = col->sp_result + (size_t)s * col->n_leaves;
            continue;
        }
        int status = prepare_new(r, col, cells[pos], lengths[pos], err);
        if (status != LS_OK) {
            return status;
        }
    }
    return LS_OK;
}

static int holds(const ls_rules *r, size_t node)
{
    const rule_node *nd = &r->nodes[node];
    switch (nd->op) {
    case RULE_ALL:
        for (size_t k = 0; k < nd->n; k++) {
            if (!holds(r, r->child[nd->first + k])) {
                return 0;
            }
        }
        return 1;
    case RULE_ANY:
        for (size_t k = 0; k < nd->n; k++) {
            if (holds(r, r->child[nd->first + k])) {
                return 1;
            }
        }
        return 0;
    case RULE_NOT:
        return !holds(r, r->child[nd->first]);
    default:
        return r->columns[nd->column].result[nd->slot];
    }
}

/* holds() with the common case, a rule of one comparison, inline. */
static int fires(const ls_rules *r, size_t node)
{
    const rule_node *nd = &r->nodes[node];
    return nd->op <= RULE_MISSING ? r->columns[nd->column].result[nd->slot] : holds(r, node);
}

/* A total that overflowed (per-unit values near the largest double): name
 * the per-unit column with the largest contribution. */
static int not_finite_error(const ls_rules *r, ls_error *err)
{
    long worst = -1;
    for (size_t i = 0; i < r->n_rules; i++) {
        if (r->rules[i].per_unit >= 0 &&
            (worst < 0 || !(fabs(r->contribution[i]) <= fabs(r->contribution[worst])))) {
            worst = (long)i;
        }
    }
    const rule_column *col = worst >= 0 ? &r->columns[r->rules[worst].per_unit] : NULL;
    return ls_errorf(err, LS_EDATA, NULL, 0, col != NULL ? col->bound + 1 : 0,
                     "the rule set's total for this lead is not finite: column '%s' holds a value too large to score",
                     col != NULL ? col->name : "?");
}

int ls_rules_score_cells(ls_rules *r, const char *const *cells, const size_t *lengths, ls_rules_score *out,
                         ls_error *err)
{
    if (!r->bound) {
        return ls_errorf(err, LS_EUSAGE, NULL, 0, 0, "the rule set is not bound to columns (ls_rules_bind)");
    }
    int status = prepare_columns(r, cells, lengths, err);
    if (status != LS_OK) {
        return status;
    }
    for (size_t g = 0; g < r->n_groups; g++) {
        r->group_sum[g] = 0.0;
    }
    for (size_t i = 0; i < r->n_rules; i++) {
        const rule_def *d = &r->rules[i];
        double c = 0.0;
        if (d->when < 0 || fires(r, (size_t)d->when)) {
            c = d->points;
            if (d->per_unit >= 0) {
                const rule_column *col = &r->columns[d->per_unit];
                c = col->is_missing ? 0.0 : d->points * col->value;
            }
            if (d->max >= 0 && fabs(c) > d->max) {
                c = copysign(d->max, c);
            }
        }
        r->contribution[i] = c;
        if (d->group >= 0) {
            r->group_sum[d->group] += c;
        }
    }
    double factor = rules_decay_factor(r);
    double total = 0.0;
    for (size_t g = 0; g < r->n_groups; g++) {
        double sum = r->group_sum[g] > r->groups[g].max ? r->groups[g].max : r->group_sum[g];
        total += r->groups[g].decays ? sum * factor : sum;
    }
    for (size_t i = 0; i < r->n_rules; i++) {
        if (r->rules[i].group < 0) {
            total += r->contribution[i];
        }
    }
    if (!isfinite(total)) {
        return not_finite_error(r, err);
    }
    if (total < 0) {
        total = 0.0;
    } else if (total > r->max_score) {
        total = r->max_score;
    }
    out->points = total;
    out->score = (int)round(total);
    out->probability = r->has_calibration ? 1.0 / (1.0 + exp(-(r->cal_intercept + r->cal_slope * total))) : NAN;
    return LS_OK;
}

double rules_decay_factor(const ls_rules *r)
{
    return r->decay_column >= 0 ? r->columns[r->decay_column].decay : 1.0;
}

double rules_unit_cap(const rule_def *d)
{
    if (d->max < 0) {
        return INFINITY;
    }
    if (d->points != 0.0) {
        return d->max / fabs(d->points);
    }
    return d->max == 0.0 ? 0.0 : INFINITY;
}

void rules_units(const ls_rules *r, double *unit)
{
    double factor = rules_decay_factor(r);
    for (size_t i = 0; i < r->n_rules; i++) {
        const rule_def *d = &r->rules[i];
        double u = 0.0;
        if (d->when < 0 || fires(r, (size_t)d->when)) {
            u = 1.0;
            if (d->per_unit >= 0) {
                const rule_column *col = &r->columns[d->per_unit];
                double cap = rules_unit_cap(d);
                u = col->is_missing ? 0.0 : col->value;
                if (fabs(u) > cap) {
                    u = copysign(cap, u);
                }
            }
        }
        if (d->group >= 0 && r->groups[d->group].decays) {
            u *= factor;
        }
        unit[i] = u;
    }
}
