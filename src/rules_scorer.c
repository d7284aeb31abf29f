/* rules_scorer.c: a points rule set behind the scorer interface, so that
 * score, evaluate and every later command take a rule set wherever they take
 * a learned model. Reasons are the rules that fired, by label, with their
 * contribution in points. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rules_internal.h"
#include "scorer_internal.h"

typedef struct {
    ls_rules *rules;
    size_t *order; /* per rule, working space for the reasons */
} rules_scorer;

static void rs_free(void *impl)
{
    rules_scorer *rs = impl;
    if (rs != NULL) {
        ls_rules_free(rs->rules);
        free(rs->order);
        free(rs);
    }
}

static int rs_bind(void *impl, const char *const *names, size_t n_names, ls_error *err)
{
    return ls_rules_bind(((rules_scorer *)impl)->rules, names, n_names, err);
}

static int rs_score(void *impl, const char *const *cells, const size_t *lengths, ls_score *out, ls_reason *reasons,
                    size_t max_reasons, size_t *n_reasons, ls_error *err)
{
    rules_scorer *rs = impl;
    ls_rules *r = rs->rules;
    ls_rules_score s;
    int status = ls_rules_score_cells(r, cells, lengths, &s, err);
    if (status != LS_OK) {
        return status;
    }
    out->score = s.score;
    out->probability = s.probability;
    if (reasons == NULL) {
        return LS_OK;
    }
    /* the rules that fired, largest |points| first, ties in rule order; by
     * selection, as K is small */
    size_t n = 0;
    for (size_t i = 0; i < r->n_rules; i++) {
        if (r->contribution[i] != 0.0) {
            rs->order[n++] = i;
        }
    }
    size_t k = 0;
    for (; k < max_reasons && k < n; k++) {
        size_t best = k;
        for (size_t i = k + 1; i < n; i++) {
            double a = fabs(r->contribution[rs->order[i]]), b = fabs(r->contribution[rs->order[best]]);
            if (a > b || (a == b && rs->order[i] < rs->order[best])) {
                best = i;
            }
        }
        size_t t = rs->order[k];
        rs->order[k] = rs->order[best];
        rs->order[best] = t;
        reasons[k].term = r->rules[rs->order[k]].label;
        reasons[k].contribution = r->contribution[rs->order[k]];
    }
    *n_reasons = k;
    return LS_OK;
}

static size_t rs_n_inputs(const void *impl)
{
    return ((const rules_scorer *)impl)->rules->n_columns;
}

static const char *rs_input_name(const void *impl, size_t i)
{
    return ((const rules_scorer *)impl)->rules->columns[i].name;
}

/* a rule set has no training levels: nothing is ever unseen */
static long rs_unseen(const void *impl, size_t i)
{
    return 0;
}

static void rs_set_strict(void *impl, int strict)
{
}

static const ls_scorer_ops rules_ops = {"rules",     rs_bind, rs_score, rs_n_inputs, rs_input_name,
                                        rs_unseen, rs_set_strict, rs_free};

int ls_rules_scorer_open(cJSON *root, const char *path, ls_scorer *s, ls_error *err)
{
    rules_scorer *rs = calloc(1, sizeof *rs);
    if (rs == NULL) {
        return ls_errorf(err, LS_ENOMEM, path, 0, 0, "out of memory");
    }
    int status = ls_rules_from_json(root, path, &rs->rules, err);
    if (status != LS_OK) {
        free(rs);
        return status;
    }
    const ls_rules *r = rs->rules;
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id_column");
    rs->order = calloc(r->n_rules, sizeof *rs->order);
    s->na_values = calloc(r->na.n + 1, sizeof *s->na_values);
    int failed = rs->order == NULL || s->na_values == NULL;
    for (size_t i = 0; !failed && i < r->na.n; i++) {
        failed = (s->na_values[i] = strdup(r->na.values[i])) == NULL;
    }
    if (!failed && cJSON_IsString(id) && id->valuestring[0] != '\0') {
        failed = (s->id_column = strdup(id->valuestring)) == NULL;
    }
    if (failed) {
        for (size_t i = 0; s->na_values != NULL && s->na_values[i] != NULL; i++) {
            free(s->na_values[i]);
        }
        free(s->na_values);
        s->na_values = NULL;
        rs_free(rs);
        return ls_errorf(err, LS_ENOMEM, path, 0, 0, "out of memory");
    }
    s->ops = &rules_ops;
    s->impl = rs;
    s->has_probability = r->has_calibration;
    s->bands = r->bands;
    s->delimiter = ',';
    return LS_OK;
}
