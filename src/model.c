/* model.c: building a model's inputs and terms from a typed dataset. */
#define _POSIX_C_SOURCE 200809L
#include "leadscore/model.h"

#include "leadscore/profile.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double ls_logistic(double eta)
{
    /* exp of a negative number only: no overflow for either sign */
    if (eta >= 0) {
        return 1.0 / (1.0 + exp(-eta));
    }
    double e = exp(eta);
    return e / (1.0 + e);
}

int ls_probability_score(double probability)
{
    long s = lround(100.0 * probability);
    return s < 0 ? 0 : s > 100 ? 100 : (int)s;
}

void ls_model_free(ls_model *m)
{
    if (m == NULL) {
        return;
    }
    for (size_t i = 0; i < m->n_inputs; i++) {
        free(m->inputs[i].name);
        ls_levels_free(m->inputs[i].levels);
        ls_levels_free(m->inputs[i].folded);
    }
    for (size_t t = 0; t < m->n_terms; t++) {
        free(m->terms[t].name);
    }
    free(m->inputs);
    free(m->terms);
    free(m->kind);
    free(m->target);
    free(m->id_column);
    ls_na_list_free(&m->na);
    ls_column_na_free(&m->column_na);
    ls_provenance_free(m->training);
    ls_profile_free(m->profile);
    free(m);
}

void ls_string_list_free(ls_string_list *list)
{
    for (size_t i = 0; list != NULL && i < list->n; i++) {
        free(list->items[i]);
    }
    if (list != NULL) {
        free(list->items);
        list->items = NULL;
        list->n = 0;
    }
}

int ls_provenance_set_positive(ls_provenance *p, const char *positive)
{
    char *copy = NULL;
    if (positive != NULL) {
        /* trimmed, as the outcome is matched */
        const char *start;
        size_t n = ls_trim(positive, strlen(positive), &start);
        if ((copy = strndup(start, n)) == NULL) {
            return -1;
        }
    }
    free(p->options.positive);
    p->options.positive = copy;
    return 0;
}

int ls_string_list_copy(ls_string_list *out, const char *const *items, size_t n)
{
    out->n = 0;
    out->items = calloc(n ? n : 1, sizeof *out->items);
    if (out->items == NULL) {
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if ((out->items[i] = strdup(items[i])) == NULL) {
            ls_string_list_free(out);
            return -1;
        }
        out->n++;
    }
    return 0;
}

void ls_provenance_free(ls_provenance *p)
{
    if (p == NULL) {
        return;
    }
    free(p->source_file);
    free(p->source_sha256);
    free(p->trained_at);
    free(p->leadscore_version);
    free(p->command_line);
    free(p->options.time_column);
    free(p->options.test_from);
    free(p->options.solver);
    free(p->options.positive);
    ls_string_list_free(&p->options.id);
    ls_string_list_free(&p->options.exclude);
    ls_string_list_free(&p->options.categorical);
    ls_string_list_free(&p->options.numeric);
    for (size_t c = 0; c < p->n_columns_not_used; c++) {
        free(p->columns_not_used[c].column);
        free(p->columns_not_used[c].note);
    }
    free(p->columns_not_used);
    free(p);
}

static ls_levels *copy_levels(const ls_levels *from)
{
    ls_levels *to = ls_levels_new();
    for (size_t l = 0; to != NULL && from != NULL && l < ls_levels_count(from); l++) {
        long k = ls_levels_intern(to, ls_levels_key(from, l), ls_levels_display(from, l));
        if (k < 0) {
            ls_levels_free(to);
            return NULL;
        }
        ls_levels_set_frequency(to, (size_t)k, ls_levels_frequency(from, l));
    }
    return to;
}

static int add_term(ls_model *m, size_t *cap, ls_term_kind kind, size_t input, uint32_t level, const char *name)
{
    if (m->n_terms == *cap) {
        size_t c = *cap ? *cap * 2 : 32;
        ls_term *t = realloc(m->terms, c * sizeof *t);
        if (t == NULL) {
            return -1;
        }
        m->terms = t;
        *cap = c;
    }
    ls_term *t = &m->terms[m->n_terms];
    memset(t, 0, sizeof *t);
    t->name = strdup(name);
    if (t->name == NULL) {
        return -1;
    }
    t->kind = kind;
    t->input = input;
    t->level = level;
    t->std_error = t->z = t->p_value = t->ci_low = t->ci_high = NAN;
    t->scale = 1.0;
    m->n_terms++;
    return 0;
}

static int term_name(char **buf, const char *column, const char *level)
{
    size_t n = strlen(column) + (level != NULL ? strlen(level) + 1 : 0) + 1;
    *buf = malloc(n);
    if (*buf == NULL) {
        return -1;
    }
    if (level != NULL) {
        snprintf(*buf, n, "%s=%s", column, level);
    } else {
        snprintf(*buf, n, "%s", column);
    }
    return 0;
}

int ls_model_from_dataset(const ls_dataset *ds, ls_model **out, ls_error *err)
{
    ls_model *m = calloc(1, sizeof *m);
    if (m == NULL) {
        return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    m->kind = strdup("logit");
    m->target = ds->target >= 0 ? strdup(ds->columns[ds->target].name) : NULL;
    m->inputs = calloc(ds->n_columns, sizeof *m->inputs);
    m->case_sensitive = ds->options.case_sensitive;
    m->delimiter = ds->delimiter;
    ls_bands_default(&m->bands);
    size_t cap = 0;
    int failed = m->kind == NULL || m->inputs == NULL || add_term(m, &cap, LS_TERM_INTERCEPT, 0, 0, "(Intercept)");
    for (size_t i = 0; !failed && i < ds->options.na.n; i++) {
        failed = ls_na_list_add(&m->na, ds->options.na.values[i]) != 0;
    }
    for (size_t i = 0; !failed && i < ds->options.column_na.n; i++) {
        failed = ls_column_na_add(&m->column_na, ds->options.column_na.columns[i], ds->options.column_na.values[i]);
    }
    m->number = ds->options.number;
    for (size_t j = 0; !failed && j < ds->n_columns; j++) {
        const ls_column *c = &ds->columns[j];
        if (c->type == LS_COL_ID && m->id_column == NULL) {
            failed = (m->id_column = strdup(c->name)) == NULL;
            continue;
        }
        if (c->type != LS_COL_NUMERIC && c->type != LS_COL_CATEGORICAL) {
            continue;
        }
        size_t k = m->n_inputs++;
        ls_input *in = &m->inputs[k];
        in->name = strdup(c->name);
        in->missing_level = in->other_level = -1;
        failed = in->name == NULL;
        char *name = NULL;
        if (!failed && c->type == LS_COL_NUMERIC) {
            in->impute = c->median;
            in->has_missing_term = c->n_missing > 0;
            failed = add_term(m, &cap, LS_TERM_NUMERIC, k, 0, c->name);
            if (!failed && in->has_missing_term) {
                failed = term_name(&name, c->name, LS_LEVEL_MISSING) || add_term(m, &cap, LS_TERM_MISSING, k, 0, name);
            }
        } else if (!failed) {
            in->categorical = 1;
            in->levels = copy_levels(c->levels);
            in->folded = copy_levels(c->folded);
            in->reference = c->reference;
            in->missing_level = c->missing_level;
            in->other_level = c->other_level;
            failed = in->levels == NULL || in->folded == NULL;
            for (size_t l = 0; !failed && l < ls_levels_count(c->levels); l++) {
                if (l == c->reference) {
                    continue;
                }
                failed = term_name(&name, c->name, ls_levels_display(c->levels, l)) ||
                         add_term(m, &cap, LS_TERM_LEVEL, k, (uint32_t)l, name);
                free(name);
                name = NULL;
            }
        }
        free(name);
    }
    if (failed) {
        ls_model_free(m);
        return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    *out = m;
    return LS_OK;
}
