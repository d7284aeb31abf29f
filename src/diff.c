/* diff.c: two learned models side by side: terms with the z of each change
 * (Holm-adjusted), the terms a changed reference level makes incomparable,
 * what exists in one only, and the settings and training windows of their
 * provenance (diff.h). */
#define _POSIX_C_SOURCE 200809L
#include "leadscore/diff.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "leadscore/compare.h"

void ls_model_diff_free(ls_model_diff *d)
{
    if (d == NULL) {
        return;
    }
    for (size_t k = 0; k < d->n_settings; k++) {
        free(d->settings[k].field);
        free(d->settings[k].old_value);
        free(d->settings[k].new_value);
    }
    for (size_t k = 0; k < d->n_changed; k++) {
        free(d->changed[k].id);
    }
    free(d->settings);
    free(d->terms);
    free(d->reference_changes);
    free(d->migration);
    free(d->changed);
    ls_string_list_free(&d->inputs_only_old);
    ls_string_list_free(&d->inputs_only_new);
    ls_string_list_free(&d->levels_only_old);
    ls_string_list_free(&d->levels_only_new);
    free(d);
}

static long find_term(const ls_model *m, const char *name)
{
    for (size_t t = 0; t < m->n_terms; t++) {
        if (strcmp(m->terms[t].name, name) == 0) {
            return (long)t;
        }
    }
    return -1;
}

static long find_input(const ls_model *m, const char *name)
{
    for (size_t i = 0; i < m->n_inputs; i++) {
        if (strcmp(m->inputs[i].name, name) == 0) {
            return (long)i;
        }
    }
    return -1;
}

static void fill_side(ls_diff_term *t, const ls_model *m, long index, int is_new)
{
    double w = index >= 0 ? m->terms[index].weight : NAN;
    double se = index >= 0 && !m->terms[index].aliased ? m->terms[index].std_error : NAN;
    if (is_new) {
        t->new_index = index;
        t->new_weight = w;
        t->new_se = se;
    } else {
        t->old_index = index;
        t->old_weight = w;
        t->old_se = se;
    }
}

/* Categorical inputs in both models whose reference levels differ. Keys
 * are compared as levels match: ignoring case unless both models are
 * case-sensitive. */
static int find_reference_changes(ls_model_diff *d, const ls_model *a, const ls_model *b)
{
    d->reference_changes = calloc(a->n_inputs ? a->n_inputs : 1, sizeof *d->reference_changes);
    if (d->reference_changes == NULL) {
        return -1;
    }
    int exact = a->case_sensitive && b->case_sensitive;
    for (size_t i = 0; i < a->n_inputs; i++) {
        const ls_input *in = &a->inputs[i];
        long j = find_input(b, in->name);
        if (j < 0 || !in->categorical || !b->inputs[j].categorical) {
            continue;
        }
        const ls_input *other = &b->inputs[j];
        const char *old_key = ls_levels_key(in->levels, in->reference);
        const char *new_key = ls_levels_key(other->levels, other->reference);
        if ((exact ? strcmp(old_key, new_key) : strcasecmp(old_key, new_key)) != 0) {
            d->reference_changes[d->n_reference_changes++] = (ls_reference_change){
                in->name, ls_levels_display(in->levels, in->reference),
                ls_levels_display(other->levels, other->reference)};
        }
    }
    return 0;
}

/* The input of a level term (index into m's terms), or NULL. */
static const char *level_input(const ls_model *m, long index)
{
    if (index < 0 || m->terms[index].kind != LS_TERM_LEVEL) {
        return NULL;
    }
    return m->inputs[m->terms[index].input].name;
}

/* Whether the two weights of x measure the same thing. A level term is a
 * difference from its input's reference level, and the intercept is the
 * log-odds of the lead at every reference: when a reference changed, the
 * same name means another comparison in each model. */
static void mark_comparable(ls_diff_term *x, const ls_model_diff *d, const ls_model *a, const ls_model *b)
{
    x->comparable = 1;
    x->reference_change = -1;
    const char *input = level_input(a, x->old_index);
    if (input == NULL) {
        input = level_input(b, x->new_index);
    }
    for (size_t k = 0; input != NULL && k < d->n_reference_changes; k++) {
        if (strcmp(d->reference_changes[k].input, input) == 0) {
            x->reference_change = (long)k;
            x->comparable = 0;
        }
    }
    if (input == NULL && d->n_reference_changes > 0 &&
        ((x->old_index >= 0 && a->terms[x->old_index].kind == LS_TERM_INTERCEPT) ||
         (x->new_index >= 0 && b->terms[x->new_index].kind == LS_TERM_INTERCEPT))) {
        x->comparable = 0;
    }
}

static int diff_terms(ls_model_diff *d, const ls_model *a, const ls_model *b)
{
    d->terms = calloc(a->n_terms + b->n_terms, sizeof *d->terms);
    if (d->terms == NULL) {
        return -1;
    }
    for (size_t t = 0; t < a->n_terms; t++) {
        ls_diff_term *x = &d->terms[d->n_terms++];
        x->term = a->terms[t].name;
        fill_side(x, a, (long)t, 0);
        fill_side(x, b, find_term(b, x->term), 1);
    }
    for (size_t t = 0; t < b->n_terms; t++) {
        if (find_term(a, b->terms[t].name) < 0) {
            ls_diff_term *x = &d->terms[d->n_terms++];
            x->term = b->terms[t].name;
            fill_side(x, a, -1, 0);
            fill_side(x, b, (long)t, 1);
        }
    }
    double *p = malloc((d->n_terms ? d->n_terms : 1) * sizeof *p), *adj = malloc((d->n_terms ? d->n_terms : 1) * sizeof *adj);
    if (p == NULL || adj == NULL) {
        free(p);
        free(adj);
        return -1;
    }
    size_t n = 0;
    for (size_t k = 0; k < d->n_terms; k++) {
        ls_diff_term *x = &d->terms[k];
        mark_comparable(x, d, a, b);
        x->change = x->comparable ? x->new_weight - x->old_weight : NAN;
        x->se = x->z = x->p_value = x->p_holm = NAN;
        if (x->comparable && isfinite(x->old_se) && isfinite(x->new_se) && x->old_se + x->new_se > 0) {
            x->se = sqrt(x->old_se * x->old_se + x->new_se * x->new_se);
            x->z = x->change / x->se;
            x->p_value = 2.0 * gsl_cdf_ugaussian_Q(fabs(x->z));
            p[n++] = x->p_value;
        }
    }
    ls_holm(p, n, adj);
    d->n_tested = n;
    n = 0;
    for (size_t k = 0; k < d->n_terms; k++) {
        ls_diff_term *x = &d->terms[k];
        if (!isnan(x->p_value)) {
            x->p_holm = adj[n++];
            x->significant = x->p_holm < LS_DIFF_ALPHA;
            d->n_significant += (size_t)x->significant;
        }
    }
    free(p);
    free(adj);
    return 0;
}

static int push(ls_string_list *list, const char *a, const char *b)
{
    size_t n = strlen(a) + (b != NULL ? strlen(b) + 1 : 0) + 1;
    char *s = malloc(n);
    char **items = realloc(list->items, (list->n + 1) * sizeof *items);
    if (s == NULL || items == NULL) {
        free(s);
        if (items != NULL) {
            list->items = items;
        }
        return -1;
    }
    snprintf(s, n, b != NULL ? "%s=%s" : "%s", a, b);
    list->items = items;
    list->items[list->n++] = s;
    return 0;
}

/* Inputs of a missing from b, and levels of inputs in both that b lacks. */
static int only_in(const ls_model *a, const ls_model *b, ls_string_list *inputs, ls_string_list *levels)
{
    for (size_t i = 0; i < a->n_inputs; i++) {
        const ls_input *in = &a->inputs[i];
        long j = find_input(b, in->name);
        if (j < 0) {
            if (push(inputs, in->name, NULL) != 0) {
                return -1;
            }
            continue;
        }
        const ls_input *other = &b->inputs[j];
        if (!in->categorical || !other->categorical) {
            continue;
        }
        for (size_t l = 0; l < ls_levels_count(in->levels); l++) {
            const char *key = ls_levels_key(in->levels, l);
            if (ls_levels_find(other->levels, key, strlen(key)) < 0 &&
                push(levels, in->name, ls_levels_display(in->levels, l)) != 0) {
                return -1;
            }
        }
    }
    return 0;
}

/* Adds a setting; values are printf-formatted pairs. */
static int setting(ls_model_diff *d, int window, const char *field, const char *old_value, const char *new_value)
{
    ls_diff_setting *s = realloc(d->settings, (d->n_settings + 1) * sizeof *s);
    if (s == NULL) {
        return -1;
    }
    d->settings = s;
    ls_diff_setting *x = &s[d->n_settings];
    x->field = strdup(field);
    x->old_value = strdup(old_value != NULL ? old_value : "(none)");
    x->new_value = strdup(new_value != NULL ? new_value : "(none)");
    x->changed = strcmp(x->old_value, x->new_value) != 0;
    x->window = window;
    d->n_settings++;
    return x->field == NULL || x->old_value == NULL || x->new_value == NULL ? -1 : 0;
}

static int number_setting(ls_model_diff *d, int window, const char *field, double a, double b)
{
    char x[64], y[64];
    snprintf(x, sizeof x, "%.10g", a);
    snprintf(y, sizeof y, "%.10g", b);
    return setting(d, window, field, x, y);
}

static void join(const ls_string_list *l, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < l->n && used < size; k++) {
        int n = snprintf(buf + used, size - used, "%s%s", k ? "," : "", l->items[k]);
        used += n > 0 ? (size_t)n : 0;
    }
}

static int diff_settings(ls_model_diff *d, const ls_model *a, const ls_model *b)
{
    char x[1024], y[1024];
    int failed = setting(d, 0, "target", a->target, b->target);
    ls_bands_format(&a->bands, x, sizeof x);
    ls_bands_format(&b->bands, y, sizeof y);
    failed |= setting(d, 0, "bands", x, y);
    const ls_provenance *p = a->training, *q = b->training;
    if (p == NULL || q == NULL) {
        failed |= setting(d, 0, "training", p != NULL ? "recorded" : NULL, q != NULL ? "recorded" : NULL);
        return failed ? -1 : 0;
    }
    const ls_train_settings *s = &p->options, *t = &q->options;
    failed |= number_setting(d, 0, "options.l1", s->l1, t->l1);
    failed |= number_setting(d, 0, "options.l2", s->l2, t->l2);
    failed |= number_setting(d, 0, "options.alpha", s->alpha, t->alpha);
    failed |= number_setting(d, 0, "options.cv_folds", s->cv_folds, t->cv_folds);
    failed |= setting(d, 0, "options.class_weight", s->balanced ? "balanced" : "none", t->balanced ? "balanced" : "none");
    failed |= number_setting(d, 0, "options.holdout", s->holdout, t->holdout);
    failed |= number_setting(d, 0, "options.seed", (double)s->seed, (double)t->seed);
    failed |= number_setting(d, 0, "options.min_level_count", (double)s->min_level_count, (double)t->min_level_count);
    failed |= number_setting(d, 0, "options.max_iterations", s->max_iterations, t->max_iterations);
    failed |= setting(d, 0, "options.solver", s->solver, t->solver);
    failed |= setting(d, 0, "options.positive", s->positive, t->positive);
    const ls_string_list *lists[4][2] = {{&s->id, &t->id}, {&s->exclude, &t->exclude},
                                        {&s->categorical, &t->categorical}, {&s->numeric, &t->numeric}};
    const char *names[4] = {"options.id", "options.exclude", "options.categorical", "options.numeric"};
    for (int k = 0; k < 4; k++) {
        join(lists[k][0], x, sizeof x);
        join(lists[k][1], y, sizeof y);
        failed |= setting(d, 0, names[k], x, y);
    }
    /* the training windows: what each model saw */
    failed |= setting(d, 1, "training.source_file", p->source_file, q->source_file);
    failed |= setting(d, 1, "training.source_sha256", p->source_sha256, q->source_sha256);
    failed |= number_setting(d, 1, "training.source_rows", (double)p->source_rows, (double)q->source_rows);
    failed |= number_setting(d, 1, "training.train_rows", (double)p->evaluation.train_rows,
                             (double)q->evaluation.train_rows);
    failed |= number_setting(d, 1, "training.holdout_rows", (double)p->evaluation.holdout_rows,
                             (double)q->evaluation.holdout_rows);
    failed |= setting(d, 1, "options.time_column", s->time_column, t->time_column);
    failed |= setting(d, 1, "options.test_from", s->test_from, t->test_from);
    failed |= setting(d, 1, "training.trained_at", p->trained_at, q->trained_at);
    failed |= setting(d, 1, "training.leadscore_version", p->leadscore_version, q->leadscore_version);
    return failed ? -1 : 0;
}

int ls_diff_models(const ls_model *a, const ls_model *b, ls_model_diff **out, ls_error *err)
{
    ls_model_diff *d = calloc(1, sizeof *d);
    if (d == NULL) {
        return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    d->spearman = NAN;
    d->same_target = a->target != NULL && b->target != NULL && strcmp(a->target, b->target) == 0;
    if (find_reference_changes(d, a, b) != 0 || diff_terms(d, a, b) != 0 || only_in(a, b, &d->inputs_only_old, &d->levels_only_old) != 0 ||
        only_in(b, a, &d->inputs_only_new, &d->levels_only_new) != 0 || diff_settings(d, a, b) != 0) {
        ls_model_diff_free(d);
        return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    *out = d;
    return LS_OK;
}

/* ---- Spearman ---- */

typedef struct {
    double v;
    size_t i;
} ranked;

static int by_value(const void *x, const void *y)
{
    const ranked *a = x, *b = y;
    return a->v < b->v ? -1 : a->v > b->v ? 1 : (a->i > b->i) - (a->i < b->i);
}

/* Average ranks (1-based) of v into r; -1 when out of memory. */
static int average_ranks(const double *v, size_t n, double *r)
{
    ranked *s = malloc(n * sizeof *s);
    if (s == NULL) {
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        s[i] = (ranked){v[i], i};
    }
    qsort(s, n, sizeof *s, by_value);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j + 1 < n && s[j + 1].v == s[i].v) {
            j++;
        }
        double rank = 0.5 * (double)(i + j) + 1.0;
        for (size_t k = i; k <= j; k++) {
            r[s[k].i] = rank;
        }
        i = j + 1;
    }
    free(s);
    return 0;
}

double ls_spearman(const double *a, const double *b, size_t n)
{
    if (n < 2) {
        return NAN;
    }
    double *ra = malloc(n * sizeof *ra), *rb = malloc(n * sizeof *rb);
    double result = NAN;
    if (ra != NULL && rb != NULL && average_ranks(a, n, ra) == 0 && average_ranks(b, n, rb) == 0) {
        double mean = 0.5 * (double)(n + 1), sab = 0, saa = 0, sbb = 0;
        for (size_t i = 0; i < n; i++) {
            sab += (ra[i] - mean) * (rb[i] - mean);
            saa += (ra[i] - mean) * (ra[i] - mean);
            sbb += (rb[i] - mean) * (rb[i] - mean);
        }
        result = saa > 0 && sbb > 0 ? sab / sqrt(saa * sbb) : NAN;
    }
    free(ra);
    free(rb);
    return result;
}
