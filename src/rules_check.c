/* rules_check.c: a rule set against data (rules_check.h). One pass scores
 * every lead with the rule set itself, so that "fires" means exactly what
 * scoring means by it, and gathers the levels of every column a rule
 * compares with text. */
#define _POSIX_C_SOURCE 200809L
#include "leadscore/rules_check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadscore/csv.h"
#include "leadscore/levels.h"
#include "leadscore/target.h"
#include "rules_internal.h"

/* Past this many distinct levels a column is an ID or free text: stop
 * collecting and do not judge its values. */
#define MAX_LEVELS 100000

size_t ls_edit_distance(const char *a, size_t na, const char *b, size_t nb)
{
    size_t stack[128];
    size_t *row = nb + 1 <= sizeof stack / sizeof stack[0] ? stack : malloc((nb + 1) * sizeof *row);
    if (row == NULL) {
        return na > nb ? na : nb;
    }
    for (size_t j = 0; j <= nb; j++) {
        row[j] = j;
    }
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best) {
                best = up + 1;
            }
            if (row[j - 1] + 1 < best) {
                best = row[j - 1] + 1;
            }
            row[j] = best;
            diag = up;
        }
    }
    size_t d = row[nb];
    if (row != stack) {
        free(row);
    }
    return d;
}

/* The fewest edits that make pattern a substring of text (the text's start
 * and end are free): the distance for a 'contains' value. */
static size_t substring_distance(const char *pattern, size_t np, const char *text, size_t nt)
{
    size_t best = np;
    for (size_t start = 0; start < nt; start++) {
        for (size_t len = 1; start + len <= nt && len <= np * 2 + 1; len++) {
            size_t d = ls_edit_distance(pattern, np, text + start, len);
            if (d < best) {
                best = d;
            }
        }
    }
    return best;
}

void ls_rules_check_free(ls_rules_check *c)
{
    if (c == NULL) {
        return;
    }
    for (size_t i = 0; i < c->n_unknown; i++) {
        free(c->unknown[i].column);
        free(c->unknown[i].value);
        free(c->unknown[i].closest);
    }
    free(c->unknown);
    free(c->rules);
    free(c);
}

typedef struct {
    ls_levels **levels; /* per rule set column, NULL when not compared with text */
    int *overflow;
} level_sets;

static int collect_levels(const ls_rules *r, level_sets *sets, const char *const *cells, const size_t *lengths)
{
    for (size_t j = 0; j < r->n_columns; j++) {
        const rule_column *col = &r->columns[j];
        if (sets->levels[j] == NULL || col->is_missing || sets->overflow[j]) {
            continue;
        }
        if (ls_levels_find(sets->levels[j], col->key, col->key_len) < 0 &&
            ls_levels_count(sets->levels[j]) >= MAX_LEVELS) {
            sets->overflow[j] = 1;
            continue;
        }
        const char *text;
        size_t len = ls_trim(cells[col->bound], lengths[col->bound], &text);
        if (ls_levels_add(sets->levels[j], col->key, col->key_len, text, len) < 0) {
            return -1;
        }
    }
    return 0;
}

/* Whether the value occurs; when not, the closest level's spelling. */
static int value_occurs(const ls_levels *levels, const ls_rules_text_value *v, const char **closest)
{
    size_t n = ls_levels_count(levels), key_len = strlen(v->key), best = (size_t)-1;
    *closest = "";
    for (size_t l = 0; l < n; l++) {
        const char *k = ls_levels_key(levels, l);
        if (v->contains ? strstr(k, v->key) != NULL : strcmp(k, v->key) == 0) {
            return 1;
        }
        size_t d = v->contains ? substring_distance(v->key, key_len, k, strlen(k))
                               : ls_edit_distance(k, strlen(k), v->key, key_len);
        if (d < best) {
            best = d;
            *closest = ls_levels_display(levels, l);
        }
    }
    return 0;
}

static int find_unknown_levels(const ls_rules *r, const level_sets *sets, ls_rules_check *c)
{
    c->unknown = calloc(r->n_text_values ? r->n_text_values : 1, sizeof *c->unknown);
    if (c->unknown == NULL) {
        return -1;
    }
    for (size_t i = 0; i < r->n_text_values; i++) {
        const ls_rules_text_value *v = &r->text_values[i];
        const char *closest;
        if (sets->overflow[v->column] || value_occurs(sets->levels[v->column], v, &closest)) {
            continue;
        }
        ls_rules_check_level *u = &c->unknown[c->n_unknown++];
        u->rule = v->rule;
        u->contains = v->contains;
        u->column = strdup(r->columns[v->column].name);
        u->value = strdup(v->value);
        u->closest = strdup(closest);
        if (u->column == NULL || u->value == NULL || u->closest == NULL) {
            return -1;
        }
    }
    return 0;
}

static void finish_rates(const ls_rules *r, ls_rules_check *c)
{
    for (size_t i = 0; i < c->n_rules; i++) {
        ls_rules_check_rule *k = &c->rules[i];
        long not_fired = c->leads - k->fired;
        k->rate_fired = c->has_target && k->fired > 0 ? (double)k->converted_fired / (double)k->fired : NAN;
        k->rate_not = c->has_target && not_fired > 0 ? (double)k->converted_not / (double)not_fired : NAN;
        double points = r->rules[i].points;
        k->wrong_sign = (points > 0 && k->rate_fired < k->rate_not) || (points < 0 && k->rate_fired > k->rate_not);
        c->n_wrong_sign += (size_t)k->wrong_sign;
    }
}

static int check_pass(ls_rules *r, ls_csv_reader *reader, long target, level_sets *sets, ls_rules_check *c,
                      ls_error *err)
{
    size_t n = ls_csv_n_columns(reader);
    const char **cells = malloc((n ? n : 1) * sizeof *cells);
    size_t *lengths = malloc((n ? n : 1) * sizeof *lengths);
    int status = cells == NULL || lengths == NULL ? ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory") : LS_OK;
    int more = 0;
    while (status == LS_OK && (more = ls_csv_next(reader, err)) == 1) {
        for (size_t j = 0; j < n; j++) {
            cells[j] = ls_csv_field(reader, j);
            lengths[j] = ls_csv_field_length(reader, j);
        }
        int y = 0;
        if (target >= 0 && ls_target_parse(cells[target], lengths[target], &y) != 0) {
            status = ls_errorf(err, LS_EDATA, ls_csv_path(reader), ls_csv_line(reader), target + 1,
                               "target column '%s' must be binary (0/1, yes/no, true/false, converted/not "
                               "converted), got '%.40s'",
                               ls_csv_column_name(reader, (size_t)target), cells[target]);
            break;
        }
        ls_rules_score s;
        if ((status = ls_rules_score_cells(r, cells, lengths, &s, err)) != LS_OK) {
            if (status != LS_ENOMEM) {
                snprintf(err->file, sizeof err->file, "%s", ls_csv_path(reader));
                err->line = ls_csv_line(reader);
            }
            break;
        }
        if (collect_levels(r, sets, cells, lengths) != 0) {
            status = ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
            break;
        }
        c->leads++;
        c->converted += y;
        for (size_t i = 0; i < r->n_rules; i++) {
            ls_rules_check_rule *k = &c->rules[i];
            if (r->contribution[i] != 0.0) {
                k->fired++;
                k->converted_fired += y;
            } else {
                k->converted_not += y;
            }
        }
    }
    if (status == LS_OK && more < 0) {
        status = (int)err->code;
    }
    free(cells);
    free(lengths);
    return status;
}

int ls_rules_check_file(ls_rules *r, const char *data_path, char delimiter, const char *target,
                        ls_rules_check **out, ls_error *err)
{
    ls_csv_options o = {delimiter, 0};
    ls_csv_reader *reader = NULL;
    int status = ls_csv_open(data_path, &o, &reader, err);
    if (status != LS_OK) {
        return status;
    }
    ls_rules_check *c = calloc(1, sizeof *c);
    level_sets sets = {calloc(r->n_columns ? r->n_columns : 1, sizeof *sets.levels),
                       calloc(r->n_columns ? r->n_columns : 1, sizeof *sets.overflow)};
    long target_column = target != NULL ? ls_csv_find_column(reader, target) : -1;
    if (c == NULL || sets.levels == NULL || sets.overflow == NULL ||
        (c->rules = calloc(r->n_rules, sizeof *c->rules)) == NULL) {
        status = ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    } else if (target != NULL && target_column < 0) {
        status = ls_errorf(err, LS_EDATA, data_path, 1, 0, "no target column '%s' in the file", target);
    }
    for (size_t j = 0; status == LS_OK && j < r->n_columns; j++) {
        if (r->columns[j].text && (sets.levels[j] = ls_levels_new()) == NULL) {
            status = ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
        }
    }
    if (status == LS_OK) {
        size_t n = ls_csv_n_columns(reader);
        const char **names = malloc((n ? n : 1) * sizeof *names);
        for (size_t j = 0; names != NULL && j < n; j++) {
            names[j] = ls_csv_column_name(reader, j);
        }
        status = names == NULL ? ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory")
                               : ls_rules_bind(r, names, n, err);
        if (status == LS_EDATA) {
            snprintf(err->file, sizeof err->file, "%s", data_path);
            err->line = 1;
        }
        free(names);
    }
    if (status == LS_OK) {
        c->n_rules = r->n_rules;
        c->has_target = target != NULL;
        status = check_pass(r, reader, target_column, &sets, c, err);
    }
    if (status == LS_OK && c->leads == 0) {
        status = ls_errorf(err, LS_EDATA, data_path, 2, 0, "no leads to check: the file has a header only");
    }
    if (status == LS_OK) {
        finish_rates(r, c);
        if (find_unknown_levels(r, &sets, c) != 0) {
            status = ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
        }
    }
    for (size_t j = 0; sets.levels != NULL && j < r->n_columns; j++) {
        ls_levels_free(sets.levels[j]);
    }
    free(sets.levels);
    free(sets.overflow);
    ls_csv_close(reader);
    if (status != LS_OK) {
        ls_rules_check_free(c);
        return status;
    }
    *out = c;
    return LS_OK;
}
