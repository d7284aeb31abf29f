/* model_profile_io.c: the "profile" object of a model file, written and read
 * back checked against the model it belongs to:
 *
 *   "profile": {
 *     "rows": 40000,
 *     "score": {"edges": [9 probabilities], "shares": [10 shares]},
 *     "inputs": [
 *       {"name": "website_visits", "type": "numeric", "edges": [...],
 *        "shares": [...], "missing_share": 0},
 *       {"name": "lead_source", "type": "categorical",
 *        "level_shares": [one per level of inputs[k].levels], "missing_share": 0.02}, ...]
 *   }
 *
 * Kept in its own file so that the model reader (model_io.c) only calls it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadscore/profile.h"
#include "model_json_read.h"

static cJSON *numbers(const double *v, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t k = 0; a != NULL && k < n; k++) {
        cJSON_AddItemToArray(a, cJSON_CreateNumber(v[k]));
    }
    return a;
}

static cJSON *bins_json(cJSON *o, const ls_profile_bins *b)
{
    cJSON_AddItemToObject(o, "edges", numbers(b->edges, b->n_edges));
    cJSON_AddItemToObject(o, "shares", numbers(b->share, b->n_edges + 1));
    return o;
}

cJSON *ls_profile_to_json(const ls_model *m, const ls_profile *p)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddNumberToObject(root, "rows", (double)p->rows);
    cJSON_AddItemToObject(root, "score", bins_json(cJSON_CreateObject(), &p->score));
    cJSON *inputs = cJSON_AddArrayToObject(root, "inputs");
    for (size_t k = 0; k < p->n_inputs; k++) {
        const ls_profile_input *in = &p->inputs[k];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", m->inputs[k].name);
        cJSON_AddStringToObject(o, "type", in->categorical ? "categorical" : "numeric");
        if (in->categorical) {
            cJSON_AddItemToObject(o, "level_shares", numbers(in->level_share, in->n_levels));
        } else {
            bins_json(o, &in->bins);
        }
        cJSON_AddNumberToObject(o, "missing_share", in->missing_share);
        cJSON_AddItemToArray(inputs, o);
    }
    return root;
}

/* An array of n shares (0..1) or, with max_n, of at most max_n numbers. */
static size_t read_numbers(jl_loader *ld, const cJSON *o, const char *where, const char *name, double *out,
                           size_t max_n, int shares)
{
    const cJSON *a = jl_required(ld, o, where, name, JL_ARRAY);
    if (ld->failed) {
        return 0;
    }
    size_t n = (size_t)cJSON_GetArraySize(a);
    if (n > max_n) {
        jl_fail(ld, "%s.%s has %zu numbers, expected %s%zu", where, name, n, shares ? "" : "at most ", max_n);
        return 0;
    }
    size_t k = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, a)
    {
        double v = cJSON_IsNumber(item) ? item->valuedouble : NAN;
        if (!isfinite(v) || (shares && (v < 0 || v > 1))) {
            jl_fail(ld, "%s.%s[%zu] is not %s", where, name, k, shares ? "a share from 0 to 1" : "a finite number");
            return 0;
        }
        out[k++] = v;
    }
    return n;
}

static void read_bins(jl_loader *ld, const cJSON *o, const char *where, ls_profile_bins *b)
{
    b->n_edges = read_numbers(ld, o, where, "edges", b->edges, LS_PROFILE_BINS - 1, 0);
    for (size_t k = 1; !ld->failed && k < b->n_edges; k++) {
        if (!(b->edges[k] > b->edges[k - 1])) {
            jl_fail(ld, "%s.edges must increase", where);
        }
    }
    if (!ld->failed && read_numbers(ld, o, where, "shares", b->share, b->n_edges + 1, 1) != b->n_edges + 1 &&
        !ld->failed) {
        jl_fail(ld, "%s.shares must have one share per bin (%zu)", where, b->n_edges + 1);
    }
}

static void read_input(jl_loader *ld, const ls_input *in, const cJSON *o, size_t k, ls_profile_input *pi)
{
    char where[48];
    snprintf(where, sizeof where, "profile.inputs[%zu]", k);
    const cJSON *name = jl_required(ld, o, where, "name", JL_STRING);
    const cJSON *type = jl_required(ld, o, where, "type", JL_STRING);
    if (ld->failed) {
        return;
    }
    if (strcmp(name->valuestring, in->name) != 0) {
        jl_fail(ld, "%s is '%s', but input %zu is '%s'", where, name->valuestring, k, in->name);
        return;
    }
    pi->categorical = strcmp(type->valuestring, "categorical") == 0;
    if (pi->categorical != in->categorical) {
        jl_fail(ld, "%s: input '%s' is %s, not %s", where, in->name, in->categorical ? "categorical" : "numeric",
                type->valuestring);
        return;
    }
    pi->missing_share = jl_statistic(ld, o, where, "missing_share", 0);
    if (!ld->failed && !(pi->missing_share >= 0 && pi->missing_share <= 1)) {
        jl_fail(ld, "%s.missing_share is not a share from 0 to 1", where);
    }
    if (ld->failed) {
        return;
    }
    if (!in->categorical) {
        read_bins(ld, o, where, &pi->bins);
        return;
    }
    pi->n_levels = ls_levels_count(in->levels);
    pi->level_share = calloc(pi->n_levels ? pi->n_levels : 1, sizeof *pi->level_share);
    if (pi->level_share == NULL) {
        jl_out_of_memory(ld);
        return;
    }
    if (read_numbers(ld, o, where, "level_shares", pi->level_share, pi->n_levels, 1) != pi->n_levels &&
        !ld->failed) {
        jl_fail(ld, "%s.level_shares must have one share per level of '%s' (%zu)", where, in->name, pi->n_levels);
    }
}

ls_profile *ls_profile_from_json(const ls_model *m, const cJSON *object, const char *path, ls_error *err)
{
    jl_loader ld = {path, err, 0};
    ls_profile *p = calloc(1, sizeof *p);
    if (p == NULL || (p->inputs = calloc(m->n_inputs ? m->n_inputs : 1, sizeof *p->inputs)) == NULL) {
        free(p);
        ls_errorf(err, LS_ENOMEM, path, 0, 0, "out of memory");
        return NULL;
    }
    p->n_inputs = m->n_inputs;
    p->rows = (size_t)jl_whole(&ld, object, "profile", "rows", JL_MAX_COUNT, 0, 0);
    const cJSON *score = jl_required(&ld, object, "profile", "score", JL_OBJECT);
    const cJSON *inputs = jl_required(&ld, object, "profile", "inputs", JL_ARRAY);
    if (!ld.failed) {
        read_bins(&ld, score, "profile.score", &p->score);
    }
    if (!ld.failed && (size_t)cJSON_GetArraySize(inputs) != m->n_inputs) {
        jl_fail(&ld, "profile.inputs has %d entries, the model %zu inputs", cJSON_GetArraySize(inputs), m->n_inputs);
    }
    size_t k = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, inputs)
    {
        if (ld.failed) {
            break;
        }
        if (!cJSON_IsObject(item)) {
            jl_fail(&ld, "profile.inputs[%zu] must be an object", k);
            break;
        }
        read_input(&ld, &m->inputs[k], item, k, &p->inputs[k]);
        k++;
    }
    if (ld.failed) {
        ls_profile_free(p);
        return NULL;
    }
    return p;
}
