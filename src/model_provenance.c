/* model_provenance.c: the "training" object of a model file <-> the typed
 * ls_provenance (provenance.h), checked field by field on the way in. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadscore/provenance.h"
#include "model_json_read.h"

static cJSON *string_list_json(const ls_string_list *list)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a != NULL && i < list->n; i++) {
        cJSON_AddItemToArray(a, cJSON_CreateString(list->items[i]));
    }
    return a;
}

/* The "training" object; keys and their order as model files always had
 * them (provenance.h says which are optional). */
cJSON *model_provenance_json(const ls_provenance *p)
{
    cJSON *t = cJSON_CreateObject();
    cJSON_AddStringToObject(t, "source_file", p->source_file);
    cJSON_AddStringToObject(t, "source_sha256", p->source_sha256);
    cJSON_AddNumberToObject(t, "source_rows", (double)p->source_rows);
    cJSON_AddNumberToObject(t, "source_positives", (double)p->source_positives);
    cJSON_AddStringToObject(t, "trained_at", p->trained_at);
    cJSON_AddStringToObject(t, "leadscore_version", p->leadscore_version);
    if (p->command_line != NULL) {
        cJSON_AddStringToObject(t, "command_line", p->command_line);
    }
    const ls_train_settings *s = &p->options;
    cJSON *opt = cJSON_AddObjectToObject(t, "options");
    cJSON_AddNumberToObject(opt, "l1", s->l1);
    cJSON_AddNumberToObject(opt, "l2", s->l2);
    if (!isnan(s->alpha)) {
        cJSON_AddNumberToObject(opt, "alpha", s->alpha);
    }
    cJSON_AddNumberToObject(opt, "cv_folds", s->cv_folds);
    cJSON_AddStringToObject(opt, "class_weight", s->balanced ? "balanced" : "none");
    cJSON_AddNumberToObject(opt, "holdout", s->holdout);
    cJSON_AddNumberToObject(opt, "seed", (double)s->seed);
    if (s->time_column != NULL) {
        cJSON_AddStringToObject(opt, "time_column", s->time_column);
        cJSON_AddStringToObject(opt, "test_from", s->test_from != NULL ? s->test_from : "");
    }
    cJSON_AddNumberToObject(opt, "min_level_count", (double)s->min_level_count);
    cJSON_AddNumberToObject(opt, "max_iterations", s->max_iterations);
    cJSON_AddStringToObject(opt, "solver", s->solver != NULL ? s->solver : "auto");
    if (s->positive != NULL) {
        cJSON_AddStringToObject(opt, "positive", s->positive);
    }
    cJSON_AddItemToObject(opt, "id", string_list_json(&s->id));
    cJSON_AddItemToObject(opt, "exclude", string_list_json(&s->exclude));
    cJSON_AddItemToObject(opt, "categorical", string_list_json(&s->categorical));
    cJSON_AddItemToObject(opt, "numeric", string_list_json(&s->numeric));
    cJSON *unused = cJSON_AddArrayToObject(t, "columns_not_used");
    for (size_t k = 0; k < p->n_columns_not_used; k++) {
        const ls_unused_column *u = &p->columns_not_used[k];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "column", u->column);
        cJSON_AddStringToObject(e, "type", ls_column_type_name(u->type));
        cJSON_AddStringToObject(e, "note", u->note != NULL ? u->note : "");
        cJSON_AddBoolToObject(e, "on_request", u->on_request);
        cJSON_AddItemToArray(unused, e);
    }
    const ls_train_report *r = &p->evaluation;
    cJSON *split = cJSON_AddObjectToObject(t, "evaluation");
    cJSON_AddNumberToObject(split, "train_rows", (double)r->train_rows);
    cJSON_AddNumberToObject(split, "holdout_rows", (double)r->holdout_rows);
    jl_add_number_or_null(split, "train_log_loss", r->train_log_loss);
    if (r->holdout_rows > 0) {
        jl_add_number_or_null(split, "holdout_log_loss", r->holdout_log_loss);
    }
    if (p->cv_folds > 0) {
        cJSON *cv = cJSON_AddObjectToObject(t, "cross_validation");
        cJSON_AddNumberToObject(cv, "folds", p->cv_folds);
        jl_add_number_or_null(cv, "alpha", r->alpha);
        jl_add_number_or_null(cv, "chosen_lambda", r->chosen_lambda);
        cJSON *curve = cJSON_AddArrayToObject(cv, "curve");
        for (size_t l = 0; l < r->n_cv; l++) {
            cJSON *pt = cJSON_CreateObject();
            jl_add_number_or_null(pt, "lambda", r->cv[l].lambda);
            jl_add_number_or_null(pt, "mean_log_loss", r->cv[l].mean_log_loss);
            jl_add_number_or_null(pt, "se_log_loss", r->cv[l].se_log_loss);
            cJSON_AddItemToArray(curve, pt);
        }
    }
    return t;
}

static void load_string_list(jl_loader *ld, const cJSON *o, const char *where, const char *name, ls_string_list *out)
{
    const cJSON *a = jl_required(ld, o, where, name, JL_ARRAY);
    size_t n = (size_t)cJSON_GetArraySize(a);
    out->items = calloc(n ? n : 1, sizeof *out->items);
    if (out->items == NULL) {
        jl_out_of_memory(ld);
        return;
    }
    const cJSON *v;
    cJSON_ArrayForEach(v, a)
    {
        if (!cJSON_IsString(v)) {
            jl_fail(ld, "%s.%s[%zu] must be a string", where, name, out->n);
            return;
        }
        if ((out->items[out->n] = strdup(v->valuestring)) == NULL) {
            jl_out_of_memory(ld);
            return;
        }
        out->n++;
    }
}

static void load_options(jl_loader *ld, const cJSON *o, ls_train_settings *s)
{
    const char *w = "training.options";
    s->l1 = jl_bounded(ld, o, w, "l1");
    s->l2 = jl_bounded(ld, o, w, "l2");
    s->alpha = NAN;
    if (jl_field(ld, o, w, "alpha", JL_NUMBER, 1) != NULL) {
        s->alpha = jl_bounded(ld, o, w, "alpha");
    }
    if (!ld->failed && (s->l1 < 0 || s->l2 < 0 || s->alpha < 0 || s->alpha > 1)) {
        jl_fail(ld, "training.options: penalties must be >= 0 and alpha from 0 to 1");
    }
    s->cv_folds = (int)jl_whole(ld, o, w, "cv_folds", 1000, 0, 0);
    const cJSON *cw = jl_required(ld, o, w, "class_weight", JL_STRING);
    if (cw != NULL) {
        s->balanced = strcmp(cw->valuestring, "balanced") == 0;
        if (!s->balanced && strcmp(cw->valuestring, "none") != 0) {
            jl_fail(ld, "training.options.class_weight must be \"balanced\" or \"none\", not \"%s\"", cw->valuestring);
        }
    }
    const cJSON *holdout = jl_required(ld, o, w, "holdout", JL_NUMBER);
    if (holdout != NULL && !(holdout->valuedouble >= 0 && holdout->valuedouble < 1)) {
        jl_fail(ld, "training.options.holdout must be a share from 0 to below 1");
    }
    s->holdout = holdout != NULL ? holdout->valuedouble : 0;
    s->seed = (unsigned long)jl_whole(ld, o, w, "seed", JL_MAX_COUNT, 0, 0);
    s->time_column = jl_string(ld, o, w, "time_column", 1);
    s->test_from = jl_string(ld, o, w, "test_from", 1);
    if (!ld->failed && (s->time_column == NULL) != (s->test_from == NULL)) {
        jl_fail(ld, "training.options.time_column and training.options.test_from go together");
    }
    s->min_level_count = (long)jl_whole(ld, o, w, "min_level_count", JL_MAX_COUNT, 0, 0);
    s->max_iterations = (int)jl_whole(ld, o, w, "max_iterations", 2147483647.0, 0, 0);
    s->solver = jl_string(ld, o, w, "solver", 1);
    if (s->solver == NULL && !ld->failed && (s->solver = strdup("auto")) == NULL) {
        jl_out_of_memory(ld); /* files from before the quasi-Newton solver: Newton, i.e. what auto chose */
    }
    if (!ld->failed && strcmp(s->solver, "auto") != 0 && strcmp(s->solver, "newton") != 0 &&
        strcmp(s->solver, "lbfgs") != 0) {
        jl_fail(ld, "training.options.solver must be \"auto\", \"newton\" or \"lbfgs\", not \"%s\"", s->solver);
    }
    s->positive = jl_string(ld, o, w, "positive", 1);
    if (s->positive != NULL && s->positive[0] == '\0') {
        jl_fail(ld, "training.options.positive must not be empty");
    }
    load_string_list(ld, o, w, "id", &s->id);
    load_string_list(ld, o, w, "exclude", &s->exclude);
    load_string_list(ld, o, w, "categorical", &s->categorical);
    load_string_list(ld, o, w, "numeric", &s->numeric);
}

static void load_unused_columns(jl_loader *ld, const cJSON *a, ls_provenance *p)
{
    size_t n = (size_t)cJSON_GetArraySize(a);
    p->columns_not_used = calloc(n ? n : 1, sizeof *p->columns_not_used);
    if (p->columns_not_used == NULL) {
        jl_out_of_memory(ld);
        return;
    }
    const cJSON *e;
    cJSON_ArrayForEach(e, a)
    {
        char where[64];
        snprintf(where, sizeof where, "training.columns_not_used[%zu]", p->n_columns_not_used);
        if (!cJSON_IsObject(e)) {
            jl_fail(ld, "%s must be an object", where);
            return;
        }
        ls_unused_column *u = &p->columns_not_used[p->n_columns_not_used++];
        u->column = jl_string(ld, e, where, "column", 0);
        u->note = jl_string(ld, e, where, "note", 0);
        u->on_request = jl_bool(ld, e, where, "on_request", 1);
        const cJSON *type = jl_required(ld, e, where, "type", JL_STRING);
        if (type == NULL) {
            return;
        }
        int known = 0;
        for (int t = LS_COL_ID; t <= LS_COL_EXCLUDED; t++) {
            if (strcmp(type->valuestring, ls_column_type_name((ls_column_type)t)) == 0) {
                u->type = (ls_column_type)t;
                known = 1;
            }
        }
        if (!known) {
            jl_fail(ld, "%s.type '%s' is not a reason a column goes unused", where, type->valuestring);
            return;
        }
    }
}

static void load_evaluation(jl_loader *ld, const cJSON *ev, const cJSON *cv, ls_provenance *p)
{
    ls_train_report *r = &p->evaluation;
    const char *w = "training.evaluation";
    r->train_rows = (size_t)jl_whole(ld, ev, w, "train_rows", JL_MAX_COUNT, 0, 0);
    r->holdout_rows = (size_t)jl_whole(ld, ev, w, "holdout_rows", JL_MAX_COUNT, 0, 0);
    r->train_log_loss = jl_statistic(ld, ev, w, "train_log_loss", 0);
    r->holdout_log_loss = jl_statistic(ld, ev, w, "holdout_log_loss", 1);
    r->alpha = p->options.alpha;
    if (cv == NULL) {
        return;
    }
    w = "training.cross_validation";
    p->cv_folds = (int)jl_whole(ld, cv, w, "folds", 1000, 0, 0);
    r->alpha = jl_statistic(ld, cv, w, "alpha", 0);
    r->chosen_lambda = jl_statistic(ld, cv, w, "chosen_lambda", 0);
    const cJSON *curve = jl_required(ld, cv, w, "curve", JL_ARRAY);
    if (curve == NULL) {
        return;
    }
    if (cJSON_GetArraySize(curve) > LS_CV_LAMBDAS) {
        jl_fail(ld, "%s.curve has more than %d points", w, LS_CV_LAMBDAS);
        return;
    }
    const cJSON *pt;
    cJSON_ArrayForEach(pt, curve)
    {
        char where[64];
        snprintf(where, sizeof where, "%s.curve[%zu]", w, r->n_cv);
        if (!cJSON_IsObject(pt)) {
            jl_fail(ld, "%s must be an object", where);
            return;
        }
        ls_cv_point *c = &r->cv[r->n_cv++];
        c->lambda = jl_statistic(ld, pt, where, "lambda", 0);
        c->mean_log_loss = jl_statistic(ld, pt, where, "mean_log_loss", 0);
        c->se_log_loss = jl_statistic(ld, pt, where, "se_log_loss", 0);
    }
}

/* The "training" object (see provenance.h for what is optional). */
ls_provenance *model_provenance_load(jl_loader *ld, const cJSON *t)
{
    ls_provenance *p = calloc(1, sizeof *p);
    if (p == NULL) {
        jl_out_of_memory(ld);
        return NULL;
    }
    const char *w = "training";
    p->source_file = jl_string(ld, t, w, "source_file", 0);
    p->source_sha256 = jl_string(ld, t, w, "source_sha256", 0);
    p->source_rows = (size_t)jl_whole(ld, t, w, "source_rows", JL_MAX_COUNT, 0, 0);
    p->source_positives = (size_t)jl_whole(ld, t, w, "source_positives", JL_MAX_COUNT, 0, 0);
    p->trained_at = jl_string(ld, t, w, "trained_at", 0);
    p->leadscore_version = jl_string(ld, t, w, "leadscore_version", 0);
    p->command_line = jl_string(ld, t, w, "command_line", 1);
    const cJSON *options = jl_required(ld, t, w, "options", JL_OBJECT);
    if (options != NULL) {
        load_options(ld, options, &p->options);
    }
    const cJSON *unused = jl_required(ld, t, w, "columns_not_used", JL_ARRAY);
    if (unused != NULL) {
        load_unused_columns(ld, unused, p);
    }
    const cJSON *ev = jl_required(ld, t, w, "evaluation", JL_OBJECT);
    const cJSON *cv = jl_field(ld, t, w, "cross_validation", JL_OBJECT, 1);
    if (ev != NULL) {
        load_evaluation(ld, ev, cv, p);
    }
    if (ld->failed) {
        ls_provenance_free(p);
        return NULL;
    }
    return p;
}

/* Names seen so far, for duplicates and lookups by name in one hash probe
 * (ls_levels is the project's string dictionary). */