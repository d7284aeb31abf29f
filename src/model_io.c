/* model_io.c: model <-> JSON with cJSON, validated on the way in. */
#define _POSIX_C_SOURCE 200809L
#include "leadscore/model_io.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadscore/fileio.h"
#include "model_checksum.h"

/* Past this size a sum of weight x mean could overflow to infinity and
 * come out NaN: files never hold larger weights, means or imputed values. */
#define LS_MODEL_MAX_MAGNITUDE 1e150

#define MISSING_KEY "\001missing"
#define OTHER_KEY "\001other"

/* cJSON writes NaN as null; statistics that do not exist are null on purpose. */
static void add_number_or_null(cJSON *o, const char *name, double v)
{
    if (isfinite(v)) {
        cJSON_AddNumberToObject(o, name, v);
    } else {
        cJSON_AddNullToObject(o, name);
    }
}

static cJSON *input_json(const ls_input *in)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", in->name);
    cJSON_AddStringToObject(o, "type", in->categorical ? "categorical" : "numeric");
    if (!in->categorical) {
        cJSON_AddNumberToObject(o, "impute", in->impute);
        cJSON_AddBoolToObject(o, "missing_term", in->has_missing_term);
        return o;
    }
    cJSON_AddStringToObject(o, "reference", ls_levels_display(in->levels, in->reference));
    cJSON *levels = cJSON_AddArrayToObject(o, "levels");
    for (size_t l = 0; l < ls_levels_count(in->levels); l++) {
        cJSON *lv = cJSON_CreateObject();
        cJSON_AddStringToObject(lv, "level", ls_levels_display(in->levels, l));
        if ((long)l == in->missing_level) {
            cJSON_AddBoolToObject(lv, "missing", 1);
        } else if ((long)l == in->other_level) {
            cJSON_AddBoolToObject(lv, "other", 1);
        } else {
            cJSON_AddStringToObject(lv, "key", ls_levels_key(in->levels, l));
        }
        cJSON_AddNumberToObject(lv, "count", (double)ls_levels_frequency(in->levels, l));
        cJSON_AddItemToArray(levels, lv);
    }
    cJSON *folded = cJSON_AddArrayToObject(o, "folded_into_other");
    for (size_t l = 0; in->folded != NULL && l < ls_levels_count(in->folded); l++) {
        cJSON_AddItemToArray(folded, cJSON_CreateString(ls_levels_key(in->folded, l)));
    }
    return o;
}

static cJSON *term_json(const ls_model *m, const ls_term *t)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "term", t->name);
    if (t->kind == LS_TERM_INTERCEPT) {
        cJSON_AddNullToObject(o, "column");
        cJSON_AddNullToObject(o, "level");
    } else {
        const ls_input *in = &m->inputs[t->input];
        cJSON_AddStringToObject(o, "column", in->name);
        if (t->kind == LS_TERM_NUMERIC) {
            cJSON_AddNullToObject(o, "level");
        } else if (t->kind == LS_TERM_MISSING) {
            cJSON_AddStringToObject(o, "level", "(missing)");
        } else {
            cJSON_AddStringToObject(o, "level", ls_levels_display(in->levels, t->level));
        }
    }
    cJSON_AddNumberToObject(o, "weight", t->weight);
    add_number_or_null(o, "std_error", t->std_error);
    add_number_or_null(o, "z", t->z);
    add_number_or_null(o, "p_value", t->p_value);
    add_number_or_null(o, "ci_low", t->ci_low);
    add_number_or_null(o, "ci_high", t->ci_high);
    add_number_or_null(o, "odds_ratio", exp(t->weight));
    cJSON_AddBoolToObject(o, "aliased", t->aliased);
    cJSON_AddNumberToObject(o, "mean", t->mean);
    cJSON_AddNumberToObject(o, "scale", t->scale);
    return o;
}

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
static cJSON *provenance_json(const ls_provenance *p)
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
    add_number_or_null(split, "train_log_loss", r->train_log_loss);
    if (r->holdout_rows > 0) {
        add_number_or_null(split, "holdout_log_loss", r->holdout_log_loss);
    }
    if (p->cv_folds > 0) {
        cJSON *cv = cJSON_AddObjectToObject(t, "cross_validation");
        cJSON_AddNumberToObject(cv, "folds", p->cv_folds);
        add_number_or_null(cv, "alpha", r->alpha);
        add_number_or_null(cv, "chosen_lambda", r->chosen_lambda);
        cJSON *curve = cJSON_AddArrayToObject(cv, "curve");
        for (size_t l = 0; l < r->n_cv; l++) {
            cJSON *pt = cJSON_CreateObject();
            add_number_or_null(pt, "lambda", r->cv[l].lambda);
            add_number_or_null(pt, "mean_log_loss", r->cv[l].mean_log_loss);
            add_number_or_null(pt, "se_log_loss", r->cv[l].se_log_loss);
            cJSON_AddItemToArray(curve, pt);
        }
    }
    return t;
}

cJSON *ls_model_to_json(const ls_model *m)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "format", LS_MODEL_FORMAT);
    cJSON_AddNumberToObject(root, "schema_version", LS_MODEL_SCHEMA_VERSION);
    cJSON_AddStringToObject(root, "kind", m->kind);
    cJSON_AddStringToObject(root, "target", m->target != NULL ? m->target : "");
    if (m->id_column != NULL) {
        cJSON_AddStringToObject(root, "id_column", m->id_column);
    } else {
        cJSON_AddNullToObject(root, "id_column");
    }
    cJSON *reading = cJSON_AddObjectToObject(root, "reading");
    char delim[2] = {m->delimiter ? m->delimiter : ',', '\0'};
    cJSON_AddStringToObject(reading, "delimiter", delim);
    cJSON *na = cJSON_AddArrayToObject(reading, "na");
    for (size_t i = 0; i < m->na.n; i++) {
        cJSON_AddItemToArray(na, cJSON_CreateString(m->na.values[i]));
    }
    cJSON_AddBoolToObject(reading, "case_sensitive", m->case_sensitive);
    cJSON *inputs = cJSON_AddArrayToObject(root, "inputs");
    for (size_t i = 0; i < m->n_inputs; i++) {
        cJSON_AddItemToArray(inputs, input_json(&m->inputs[i]));
    }
    cJSON *terms = cJSON_AddArrayToObject(root, "terms");
    for (size_t t = 0; t < m->n_terms; t++) {
        cJSON_AddItemToArray(terms, term_json(m, &m->terms[t]));
    }
    cJSON *bands = cJSON_AddArrayToObject(root, "bands");
    for (size_t k = 0; k < m->bands.n; k++) {
        cJSON *b = cJSON_CreateObject();
        cJSON_AddStringToObject(b, "name", m->bands.band[k].name);
        cJSON_AddNumberToObject(b, "min_score", m->bands.band[k].min_score);
        cJSON_AddNumberToObject(b, "max_score", m->bands.band[k].max_score);
        cJSON_AddItemToArray(bands, b);
    }
    cJSON *fit = cJSON_AddObjectToObject(root, "fit");
    add_number_or_null(fit, "log_likelihood", m->fit.log_likelihood);
    add_number_or_null(fit, "deviance", m->fit.deviance);
    add_number_or_null(fit, "null_deviance", m->fit.null_deviance);
    add_number_or_null(fit, "aic", m->fit.aic);
    add_number_or_null(fit, "objective", m->fit.objective);
    cJSON_AddNumberToObject(fit, "iterations", m->fit.iterations);
    cJSON_AddBoolToObject(fit, "converged", m->fit.converged);
    cJSON_AddNumberToObject(fit, "rows", (double)m->fit.rows);
    cJSON_AddNumberToObject(fit, "positives", (double)m->fit.positives);
    cJSON_AddNumberToObject(fit, "rank", (double)m->fit.rank);
    if (m->training != NULL) {
        cJSON_AddItemToObject(root, "training", provenance_json(m->training));
    }
    return root;
}

int ls_model_save(const ls_model *m, const char *path, ls_error *err)
{
    /* never write what ls_model_load would refuse */
    for (size_t t = 0; t < m->n_terms; t++) {
        if (!isfinite(m->terms[t].weight)) {
            return ls_errorf(err, LS_EDATA, path, 0, 0, "refusing to save: term '%s' has a non-finite weight",
                             m->terms[t].name);
        }
        if (fabs(m->terms[t].weight) > LS_MODEL_MAX_MAGNITUDE || !(fabs(m->terms[t].mean) <= LS_MODEL_MAX_MAGNITUDE)) {
            return ls_errorf(err, LS_EDATA, path, 0, 0,
                             "refusing to save: term '%s' has a weight or mean beyond %g in size", m->terms[t].name,
                             LS_MODEL_MAX_MAGNITUDE);
        }
    }
    for (size_t i = 0; i < m->n_inputs; i++) {
        if (!m->inputs[i].categorical && !(fabs(m->inputs[i].impute) <= LS_MODEL_MAX_MAGNITUDE)) {
            return ls_errorf(err, LS_EDATA, path, 0, 0,
                             "refusing to save: column '%s' has an imputed value beyond %g in size", m->inputs[i].name,
                             LS_MODEL_MAX_MAGNITUDE);
        }
    }
    cJSON *root = ls_model_to_json(m);
    if (root == NULL || ls_model_checksum_add(root) != 0) {
        cJSON_Delete(root);
        return ls_errorf(err, LS_ENOMEM, path, 0, 0, "out of memory");
    }
    int status = ls_json_write_file(root, path, err);
    cJSON_Delete(root);
    return status;
}

int ls_json_write_file(const cJSON *tree, const char *path, ls_error *err)
{
    char *text = cJSON_Print(tree);
    if (text == NULL) {
        return ls_errorf(err, LS_ENOMEM, path, 0, 0, "out of memory");
    }
    int status = ls_write_text_file(path, text, err);
    free(text);
    return status;
}

/* ---- loading ----
 *
 * Every field is checked for presence and type before use, and the first
 * problem is reported with its place in the tree ("inputs[2].impute is
 * missing"), so that a file edited by hand (and re-checksummed) fails to load
 * instead of crashing or scoring wrongly. Numbers a score is computed from
 * are bounded: past LS_MODEL_MAX_MAGNITUDE a sum of weight x mean could
 * overflow to infinity and come out NaN. */

typedef struct {
    const char *path;
    ls_error *err;
    int failed; /* set by the first error; later ones are not reported */
} loader;

static void fail(loader *ld, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(loader *ld, const char *fmt, ...)
{
    if (ld->failed) {
        return;
    }
    ld->failed = 1;
    char msg[480];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ls_errorf(ld->err, LS_EDATA, ld->path, 0, 0, "%s", msg);
}

static void out_of_memory(loader *ld)
{
    if (!ld->failed) {
        ld->failed = 1;
        ls_errorf(ld->err, LS_ENOMEM, ld->path, 0, 0, "out of memory");
    }
}

typedef enum { J_NUMBER, J_NUMBER_OR_NULL, J_STRING, J_STRING_OR_NULL, J_BOOL, J_ARRAY, J_OBJECT } json_type;

static const char *type_words[] = {"a number", "a number or null", "a string", "a string or null",
                                   "true or false", "an array", "an object"};

static int has_type(const cJSON *v, json_type t)
{
    switch (t) {
    case J_NUMBER:
        return cJSON_IsNumber(v);
    case J_NUMBER_OR_NULL:
        return cJSON_IsNumber(v) || cJSON_IsNull(v);
    case J_STRING:
        return cJSON_IsString(v) && v->valuestring != NULL;
    case J_STRING_OR_NULL:
        return (cJSON_IsString(v) && v->valuestring != NULL) || cJSON_IsNull(v);
    case J_BOOL:
        return cJSON_IsBool(v);
    case J_ARRAY:
        return cJSON_IsArray(v);
    case J_OBJECT:
        return cJSON_IsObject(v);
    }
    return 0;
}

/* o's member name of type t, where is o's place ("training.options", "" for
 * the root). NULL when absent (an error unless optional) or of the wrong
 * type (always an error). */
static const cJSON *field(loader *ld, const cJSON *o, const char *where, const char *name, json_type t,
                          int optional)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    const char *dot = where[0] != '\0' ? "." : "";
    if (v == NULL) {
        if (!optional) {
            fail(ld, "%s%s%s is missing", where, dot, name);
        }
        return NULL;
    }
    if (!has_type(v, t)) {
        fail(ld, "%s%s%s must be %s", where, dot, name, type_words[t]);
        return NULL;
    }
    return v;
}

static const cJSON *required(loader *ld, const cJSON *o, const char *where, const char *name, json_type t)
{
    return field(ld, o, where, name, t, 0);
}

/* A copy of a string member; NULL when absent, null or on error. */
static char *string_copy(loader *ld, const cJSON *o, const char *where, const char *name, int optional)
{
    const cJSON *v = field(ld, o, where, name, optional ? J_STRING_OR_NULL : J_STRING, optional);
    if (!cJSON_IsString(v)) {
        return NULL;
    }
    char *s = strdup(v->valuestring);
    if (s == NULL) {
        out_of_memory(ld);
    }
    return s;
}

/* A number that weights or scores depend on: finite and bounded. */
static double bounded_number(loader *ld, const cJSON *o, const char *where, const char *name)
{
    const cJSON *v = required(ld, o, where, name, J_NUMBER);
    if (v == NULL) {
        return 0.0;
    }
    if (!isfinite(v->valuedouble) || fabs(v->valuedouble) > LS_MODEL_MAX_MAGNITUDE) {
        fail(ld, "%s%s%s is %s (%g): a model needs finite values up to %g in size", where, where[0] ? "." : "",
             name, isfinite(v->valuedouble) ? "too large" : "not finite", v->valuedouble, LS_MODEL_MAX_MAGNITUDE);
        return 0.0;
    }
    return v->valuedouble;
}

/* A statistic: a number, or null (or absent when optional) for NAN. */
static double statistic(loader *ld, const cJSON *o, const char *where, const char *name, int optional)
{
    const cJSON *v = field(ld, o, where, name, J_NUMBER_OR_NULL, optional);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

/* A whole number from 0 to max (a cast of NaN, a fraction or a negative
 * double to an integer type would be undefined or wrong). */
static double whole_number(loader *ld, const cJSON *o, const char *where, const char *name, double max,
                           int optional, double absent)
{
    const cJSON *v = field(ld, o, where, name, J_NUMBER, optional);
    if (v == NULL) {
        return absent;
    }
    double x = v->valuedouble;
    if (!(x >= 0 && x <= max && x == floor(x))) {
        fail(ld, "%s%s%s must be a whole number from 0 to %.0f, not %g", where, where[0] ? "." : "", name, max,
             x);
        return absent;
    }
    return x;
}

static int boolean(loader *ld, const cJSON *o, const char *where, const char *name, int optional)
{
    return cJSON_IsTrue(field(ld, o, where, name, J_BOOL, optional));
}

#define MAX_COUNT 9.0e15 /* whole numbers a double holds exactly, and then some */

static void load_string_list(loader *ld, const cJSON *o, const char *where, const char *name, ls_string_list *out)
{
    const cJSON *a = required(ld, o, where, name, J_ARRAY);
    size_t n = (size_t)cJSON_GetArraySize(a);
    out->items = calloc(n ? n : 1, sizeof *out->items);
    if (out->items == NULL) {
        out_of_memory(ld);
        return;
    }
    const cJSON *v;
    cJSON_ArrayForEach(v, a)
    {
        if (!cJSON_IsString(v)) {
            fail(ld, "%s.%s[%zu] must be a string", where, name, out->n);
            return;
        }
        if ((out->items[out->n] = strdup(v->valuestring)) == NULL) {
            out_of_memory(ld);
            return;
        }
        out->n++;
    }
}

static void load_options(loader *ld, const cJSON *o, ls_train_settings *s)
{
    const char *w = "training.options";
    s->l1 = bounded_number(ld, o, w, "l1");
    s->l2 = bounded_number(ld, o, w, "l2");
    s->alpha = NAN;
    if (field(ld, o, w, "alpha", J_NUMBER, 1) != NULL) {
        s->alpha = bounded_number(ld, o, w, "alpha");
    }
    if (!ld->failed && (s->l1 < 0 || s->l2 < 0 || s->alpha < 0 || s->alpha > 1)) {
        fail(ld, "training.options: penalties must be >= 0 and alpha from 0 to 1");
    }
    s->cv_folds = (int)whole_number(ld, o, w, "cv_folds", 1000, 0, 0);
    const cJSON *cw = required(ld, o, w, "class_weight", J_STRING);
    if (cw != NULL) {
        s->balanced = strcmp(cw->valuestring, "balanced") == 0;
        if (!s->balanced && strcmp(cw->valuestring, "none") != 0) {
            fail(ld, "training.options.class_weight must be \"balanced\" or \"none\", not \"%s\"", cw->valuestring);
        }
    }
    const cJSON *holdout = required(ld, o, w, "holdout", J_NUMBER);
    if (holdout != NULL && !(holdout->valuedouble >= 0 && holdout->valuedouble < 1)) {
        fail(ld, "training.options.holdout must be a share from 0 to below 1");
    }
    s->holdout = holdout != NULL ? holdout->valuedouble : 0;
    s->seed = (unsigned long)whole_number(ld, o, w, "seed", MAX_COUNT, 0, 0);
    s->time_column = string_copy(ld, o, w, "time_column", 1);
    s->test_from = string_copy(ld, o, w, "test_from", 1);
    if (!ld->failed && (s->time_column == NULL) != (s->test_from == NULL)) {
        fail(ld, "training.options.time_column and training.options.test_from go together");
    }
    s->min_level_count = (long)whole_number(ld, o, w, "min_level_count", MAX_COUNT, 0, 0);
    s->max_iterations = (int)whole_number(ld, o, w, "max_iterations", 2147483647.0, 0, 0);
    s->solver = string_copy(ld, o, w, "solver", 1);
    if (s->solver == NULL && !ld->failed && (s->solver = strdup("auto")) == NULL) {
        out_of_memory(ld); /* files from before the quasi-Newton solver: Newton, i.e. what auto chose */
    }
    if (!ld->failed && strcmp(s->solver, "auto") != 0 && strcmp(s->solver, "newton") != 0 &&
        strcmp(s->solver, "lbfgs") != 0) {
        fail(ld, "training.options.solver must be \"auto\", \"newton\" or \"lbfgs\", not \"%s\"", s->solver);
    }
    load_string_list(ld, o, w, "id", &s->id);
    load_string_list(ld, o, w, "exclude", &s->exclude);
    load_string_list(ld, o, w, "categorical", &s->categorical);
    load_string_list(ld, o, w, "numeric", &s->numeric);
}

static void load_unused_columns(loader *ld, const cJSON *a, ls_provenance *p)
{
    size_t n = (size_t)cJSON_GetArraySize(a);
    p->columns_not_used = calloc(n ? n : 1, sizeof *p->columns_not_used);
    if (p->columns_not_used == NULL) {
        out_of_memory(ld);
        return;
    }
    const cJSON *e;
    cJSON_ArrayForEach(e, a)
    {
        char where[64];
        snprintf(where, sizeof where, "training.columns_not_used[%zu]", p->n_columns_not_used);
        if (!cJSON_IsObject(e)) {
            fail(ld, "%s must be an object", where);
            return;
        }
        ls_unused_column *u = &p->columns_not_used[p->n_columns_not_used++];
        u->column = string_copy(ld, e, where, "column", 0);
        u->note = string_copy(ld, e, where, "note", 0);
        u->on_request = boolean(ld, e, where, "on_request", 1);
        const cJSON *type = required(ld, e, where, "type", J_STRING);
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
            fail(ld, "%s.type '%s' is not a reason a column goes unused", where, type->valuestring);
            return;
        }
    }
}

static void load_evaluation(loader *ld, const cJSON *ev, const cJSON *cv, ls_provenance *p)
{
    ls_train_report *r = &p->evaluation;
    const char *w = "training.evaluation";
    r->train_rows = (size_t)whole_number(ld, ev, w, "train_rows", MAX_COUNT, 0, 0);
    r->holdout_rows = (size_t)whole_number(ld, ev, w, "holdout_rows", MAX_COUNT, 0, 0);
    r->train_log_loss = statistic(ld, ev, w, "train_log_loss", 0);
    r->holdout_log_loss = statistic(ld, ev, w, "holdout_log_loss", 1);
    r->alpha = p->options.alpha;
    if (cv == NULL) {
        return;
    }
    w = "training.cross_validation";
    p->cv_folds = (int)whole_number(ld, cv, w, "folds", 1000, 0, 0);
    r->alpha = statistic(ld, cv, w, "alpha", 0);
    r->chosen_lambda = statistic(ld, cv, w, "chosen_lambda", 0);
    const cJSON *curve = required(ld, cv, w, "curve", J_ARRAY);
    if (curve == NULL) {
        return;
    }
    if (cJSON_GetArraySize(curve) > LS_CV_LAMBDAS) {
        fail(ld, "%s.curve has more than %d points", w, LS_CV_LAMBDAS);
        return;
    }
    const cJSON *pt;
    cJSON_ArrayForEach(pt, curve)
    {
        char where[64];
        snprintf(where, sizeof where, "%s.curve[%zu]", w, r->n_cv);
        if (!cJSON_IsObject(pt)) {
            fail(ld, "%s must be an object", where);
            return;
        }
        ls_cv_point *c = &r->cv[r->n_cv++];
        c->lambda = statistic(ld, pt, where, "lambda", 0);
        c->mean_log_loss = statistic(ld, pt, where, "mean_log_loss", 0);
        c->se_log_loss = statistic(ld, pt, where, "se_log_loss", 0);
    }
}

/* The "training" object (see provenance.h for what is optional). */
static ls_provenance *load_provenance(loader *ld, const cJSON *t)
{
    ls_provenance *p = calloc(1, sizeof *p);
    if (p == NULL) {
        out_of_memory(ld);
        return NULL;
    }
    const char *w = "training";
    p->source_file = string_copy(ld, t, w, "source_file", 0);
    p->source_sha256 = string_copy(ld, t, w, "source_sha256", 0);
    p->source_rows = (size_t)whole_number(ld, t, w, "source_rows", MAX_COUNT, 0, 0);
    p->source_positives = (size_t)whole_number(ld, t, w, "source_positives", MAX_COUNT, 0, 0);
    p->trained_at = string_copy(ld, t, w, "trained_at", 0);
    p->leadscore_version = string_copy(ld, t, w, "leadscore_version", 0);
    p->command_line = string_copy(ld, t, w, "command_line", 1);
    const cJSON *options = required(ld, t, w, "options", J_OBJECT);
    if (options != NULL) {
        load_options(ld, options, &p->options);
    }
    const cJSON *unused = required(ld, t, w, "columns_not_used", J_ARRAY);
    if (unused != NULL) {
        load_unused_columns(ld, unused, p);
    }
    const cJSON *ev = required(ld, t, w, "evaluation", J_OBJECT);
    const cJSON *cv = field(ld, t, w, "cross_validation", J_OBJECT, 1);
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
static long intern_new(loader *ld, ls_levels *names, const char *name)
{
    size_t before = ls_levels_count(names);
    long idx = ls_levels_intern(names, name, name);
    if (idx < 0) {
        out_of_memory(ld);
        return -1;
    }
    return (size_t)idx == before ? idx : -2;
}

/* Per input while loading: the level index of each display spelling (terms
 * name levels so) and how many terms of each kind the input has. */
typedef struct {
    ls_levels *by_display;
    size_t *level_terms;    /* terms per level */
    size_t value_terms, missing_terms;
} input_check;

static int load_input(loader *ld, const cJSON *o, size_t i, ls_input *in, input_check *chk)
{
    char where[48];
    snprintf(where, sizeof where, "inputs[%zu]", i);
    in->missing_level = in->other_level = -1;
    if (!cJSON_IsObject(o)) {
        fail(ld, "%s must be an object", where);
        return -1;
    }
    in->name = string_copy(ld, o, where, "name", 0);
    const cJSON *type = required(ld, o, where, "type", J_STRING);
    if (ld->failed) {
        return -1;
    }
    if (strcmp(type->valuestring, "numeric") == 0) {
        in->impute = bounded_number(ld, o, where, "impute");
        in->has_missing_term = boolean(ld, o, where, "missing_term", 0);
        return ld->failed ? -1 : 0;
    }
    if (strcmp(type->valuestring, "categorical") != 0) {
        fail(ld, "%s.type '%s' is not numeric or categorical", where, type->valuestring);
        return -1;
    }
    in->categorical = 1;
    const cJSON *reference = required(ld, o, where, "reference", J_STRING);
    const cJSON *levels = required(ld, o, where, "levels", J_ARRAY);
    const cJSON *folded = field(ld, o, where, "folded_into_other", J_ARRAY, 1);
    if (ld->failed) {
        return -1;
    }
    size_t n_levels = (size_t)cJSON_GetArraySize(levels);
    in->levels = ls_levels_new();
    in->folded = ls_levels_new();
    chk->by_display = ls_levels_new();
    chk->level_terms = calloc(n_levels ? n_levels : 1, sizeof *chk->level_terms);
    if (in->levels == NULL || in->folded == NULL || chk->by_display == NULL || chk->level_terms == NULL) {
        out_of_memory(ld);
        return -1;
    }
    const cJSON *lv;
    size_t l = 0;
    cJSON_ArrayForEach(lv, levels)
    {
        char at[80];
        snprintf(at, sizeof at, "%s.levels[%zu]", where, l++);
        if (!cJSON_IsObject(lv)) {
            fail(ld, "%s must be an object", at);
            return -1;
        }
        const cJSON *display = required(ld, lv, at, "level", J_STRING);
        int is_missing = boolean(ld, lv, at, "missing", 1);
        int is_other = !is_missing && boolean(ld, lv, at, "other", 1);
        const cJSON *k = is_missing || is_other ? NULL : required(ld, lv, at, "key", J_STRING);
        size_t count = (size_t)whole_number(ld, lv, at, "count", MAX_COUNT, 0, 0);
        if (ld->failed) {
            return -1;
        }
        const char *key = is_missing ? MISSING_KEY : is_other ? OTHER_KEY : k->valuestring;
        size_t before = ls_levels_count(in->levels);
        long idx = ls_levels_intern(in->levels, key, display->valuestring);
        if (idx < 0) {
            out_of_memory(ld);
            return -1;
        }
        if ((size_t)idx != before) {
            fail(ld, "%s: level '%s' appears twice", at, display->valuestring);
            return -1;
        }
        ls_levels_set_frequency(in->levels, (size_t)idx, count);
        /* a display spelling can repeat (a real level spelled "(missing)"):
         * the first level so displayed is the one terms and the reference
         * mean, as when levels were searched in order. The dictionary's
         * count slot holds that level's index. */
        long d = intern_new(ld, chk->by_display, display->valuestring);
        if (d == -1) {
            return -1;
        }
        if (d >= 0) {
            ls_levels_set_frequency(chk->by_display, (size_t)d, (size_t)idx);
        }
        if (is_missing) {
            in->missing_level = idx;
        } else if (is_other) {
            in->other_level = idx;
        }
    }
    /* the first level displayed so is the reference, as terms find theirs */
    long ref = ls_levels_find(chk->by_display, reference->valuestring, strlen(reference->valuestring));
    if (ref < 0) {
        fail(ld, "%s: reference level '%s' is not among the levels", where, reference->valuestring);
        return -1;
    }
    in->reference = ls_levels_frequency(chk->by_display, (size_t)ref);
    const cJSON *f;
    cJSON_ArrayForEach(f, folded)
    {
        if (!cJSON_IsString(f)) {
            fail(ld, "%s.folded_into_other must list level keys", where);
            return -1;
        }
        if (ls_levels_intern(in->folded, f->valuestring, f->valuestring) < 0) {
            out_of_memory(ld);
            return -1;
        }
    }
    return 0;
}

static int load_term(loader *ld, const cJSON *o, size_t index, ls_model *m, ls_levels *input_names,
                     input_check *checks)
{
    ls_term *t = &m->terms[index];
    char where[48];
    snprintf(where, sizeof where, "terms[%zu]", index);
    if (!cJSON_IsObject(o)) {
        fail(ld, "%s must be an object", where);
        return -1;
    }
    t->name = string_copy(ld, o, where, "term", 0);
    t->weight = bounded_number(ld, o, where, "weight");
    t->mean = bounded_number(ld, o, where, "mean");
    t->scale = statistic(ld, o, where, "scale", 1);
    t->std_error = statistic(ld, o, where, "std_error", 1);
    t->z = statistic(ld, o, where, "z", 1);
    t->p_value = statistic(ld, o, where, "p_value", 1);
    t->ci_low = statistic(ld, o, where, "ci_low", 1);
    t->ci_high = statistic(ld, o, where, "ci_high", 1);
    t->aliased = boolean(ld, o, where, "aliased", 1);
    const cJSON *column = field(ld, o, where, "column", J_STRING_OR_NULL, 1);
    const cJSON *level = field(ld, o, where, "level", J_STRING_OR_NULL, 1);
    if (ld->failed) {
        return -1;
    }
    if (!cJSON_IsString(column)) {
        t->kind = LS_TERM_INTERCEPT;
        if (index != 0) {
            fail(ld, "%s ('%s') has no column: only the first term, the intercept, has none", where, t->name);
            return -1;
        }
        return 0;
    }
    if (index == 0) {
        fail(ld, "the first term must be the intercept, not '%s'", t->name);
        return -1;
    }
    long input = ls_levels_find(input_names, column->valuestring, strlen(column->valuestring));
    if (input < 0) {
        fail(ld, "%s ('%s'): column '%s' is not an input", where, t->name, column->valuestring);
        return -1;
    }
    t->input = (size_t)input;
    const ls_input *in = &m->inputs[input];
    input_check *chk = &checks[input];
    if (!in->categorical) {
        if (!cJSON_IsString(level)) {
            t->kind = LS_TERM_NUMERIC;
            chk->value_terms++;
        } else if (strcmp(level->valuestring, LS_LEVEL_MISSING) == 0 && in->has_missing_term) {
            t->kind = LS_TERM_MISSING;
            chk->missing_terms++;
        } else {
            fail(ld, "%s ('%s'): numeric column '%s' has no level '%s'", where, t->name, in->name,
                 level->valuestring);
            return -1;
        }
        return 0;
    }
    t->kind = LS_TERM_LEVEL;
    long l = cJSON_IsString(level) ? ls_levels_find(chk->by_display, level->valuestring, strlen(level->valuestring))
                                   : -1;
    if (l < 0) {
        fail(ld, "%s ('%s') names a level its column '%s' does not have", where, t->name, in->name);
        return -1;
    }
    l = (long)ls_levels_frequency(chk->by_display, (size_t)l);
    if ((size_t)l == in->reference) {
        fail(ld, "%s ('%s') is the reference level of '%s', which has no term", where, t->name, in->name);
        return -1;
    }
    t->level = (uint32_t)l;
    chk->level_terms[l]++;
    return 0;
}

/* Every input has exactly the terms scoring expects: one value term (and one
 * missing term when it says so) for a numeric input, one term per level but
 * the reference for a categorical one. A term removed from a file would
 * otherwise be scored silently as some other term's weight or as zero. */
static void check_terms_cover_inputs(loader *ld, const ls_model *m, const input_check *checks)
{
    for (size_t i = 0; i < m->n_inputs && !ld->failed; i++) {
        const ls_input *in = &m->inputs[i];
        const input_check *chk = &checks[i];
        if (!in->categorical) {
            if (chk->value_terms != 1) {
                fail(ld, "numeric input '%s' has %zu value terms, not one", in->name, chk->value_terms);
            } else if (chk->missing_terms != (size_t)in->has_missing_term) {
                fail(ld, "numeric input '%s' has %zu '%s' terms, not %d", in->name, chk->missing_terms,
                     LS_LEVEL_MISSING, in->has_missing_term);
            }
            continue;
        }
        for (size_t l = 0; l < ls_levels_count(in->levels) && !ld->failed; l++) {
            if (l != in->reference && chk->level_terms[l] != 1) {
                fail(ld, "level '%s' of input '%s' has %zu terms, not one", ls_levels_display(in->levels, l),
                     in->name, chk->level_terms[l]);
            }
        }
    }
    /* each term is bounded, but many together could still overflow */
    double total = 0;
    for (size_t t = 0; t < m->n_terms; t++) {
        total += fabs(m->terms[t].weight) * (1.0 + fabs(m->terms[t].mean));
    }
    if (!ld->failed && !isfinite(total)) {
        fail(ld, "the weights and means are too large to score with: their sum overflows");
    }
}

static void load_bands(loader *ld, const cJSON *bands, ls_model *m)
{
    /* rebuilt through the parser so that a file cannot hold overlapping ones */
    char spec[LS_BANDS_MAX * (LS_BAND_NAME_MAX + 16)] = "";
    size_t used = 0, k = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, bands)
    {
        char where[32];
        snprintf(where, sizeof where, "bands[%zu]", k++);
        if (!cJSON_IsObject(item)) {
            fail(ld, "%s must be an object", where);
            return;
        }
        const cJSON *bn = required(ld, item, where, "name", J_STRING);
        double bmin = whole_number(ld, item, where, "min_score", 100, 0, 0);
        if (ld->failed) {
            return;
        }
        int n = snprintf(spec + used, sizeof spec - used, "%s%s:%d", used ? "," : "", bn->valuestring, (int)bmin);
        if (n < 0 || (size_t)n >= sizeof spec - used) {
            fail(ld, "bands: too many bands or names too long");
            return;
        }
        used += (size_t)n;
    }
    ls_error e = {0};
    if (ls_bands_parse(spec, &m->bands, &e) != LS_OK) {
        fail(ld, "bands: %s", e.msg);
    }
}

static void load_fit(loader *ld, const cJSON *fit, ls_fit_summary *f)
{
    const char *w = "fit";
    f->log_likelihood = statistic(ld, fit, w, "log_likelihood", 0);
    f->deviance = statistic(ld, fit, w, "deviance", 0);
    f->null_deviance = statistic(ld, fit, w, "null_deviance", 0);
    f->aic = statistic(ld, fit, w, "aic", 0);
    f->objective = statistic(ld, fit, w, "objective", 1);
    f->iterations = (int)whole_number(ld, fit, w, "iterations", 2147483647.0, 0, 0);
    f->converged = boolean(ld, fit, w, "converged", 0);
    f->rows = (size_t)whole_number(ld, fit, w, "rows", MAX_COUNT, 0, 0);
    f->positives = (size_t)whole_number(ld, fit, w, "positives", MAX_COUNT, 0, 0);
    f->rank = (size_t)whole_number(ld, fit, w, "rank", MAX_COUNT, 0, 0);
}

static void load_reading(loader *ld, const cJSON *reading, ls_model *m)
{
    const cJSON *delim = required(ld, reading, "reading", "delimiter", J_STRING);
    if (delim != NULL) {
        if (strlen(delim->valuestring) != 1 || strchr(",;|\t", delim->valuestring[0]) == NULL) {
            fail(ld, "reading.delimiter must be one of ',', ';', '|' or a tab");
        }
        m->delimiter = delim->valuestring[0];
    }
    m->case_sensitive = boolean(ld, reading, "reading", "case_sensitive", 0);
    const cJSON *na = required(ld, reading, "reading", "na", J_ARRAY);
    const cJSON *item;
    cJSON_ArrayForEach(item, na)
    {
        if (!cJSON_IsString(item)) {
            fail(ld, "reading.na must list strings");
            return;
        }
        if (ls_na_list_add(&m->na, item->valuestring) != 0) {
            out_of_memory(ld);
            return;
        }
    }
}

int ls_model_from_json(cJSON *root, const char *path, ls_model **out, ls_error *err)
{
    loader ld = {path, err, 0};
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (!cJSON_IsString(format) || strcmp(format->valuestring, LS_MODEL_FORMAT) != 0) {
        return ls_errorf(err, LS_EDATA, path, 0, 0, "not a leadscore model file (no \"format\": \"%s\")",
                         LS_MODEL_FORMAT);
    }
    const cJSON *version = required(&ld, root, "", "schema_version", J_NUMBER);
    if (ld.failed) {
        return err->code;
    }
    if (version->valuedouble > LS_MODEL_SCHEMA_VERSION) {
        return ls_errorf(err, LS_EDATA, path, 0, 0,
                         "model schema version %g is newer than this leadscore reads (%d): upgrade leadscore",
                         version->valuedouble, LS_MODEL_SCHEMA_VERSION);
    }
    const cJSON *kind = required(&ld, root, "", "kind", J_STRING);
    if (ld.failed) {
        return err->code;
    }
    if (strcmp(kind->valuestring, "logit") != 0) {
        return ls_errorf(err, LS_EDATA, path, 0, 0, "model kind '%s' is not a learned model ('logit')",
                         kind->valuestring);
    }
    /* the checksum first: a damaged file is reported as damaged, not as
     * whichever field the damage hit */
    if (ls_model_checksum_verify(root) != 0) {
        return ls_errorf(err, LS_EDATA, path, 0, 0,
                         "checksum mismatch: the model file was edited or damaged after it was written");
    }
    const cJSON *inputs = required(&ld, root, "", "inputs", J_ARRAY);
    const cJSON *terms = required(&ld, root, "", "terms", J_ARRAY);
    const cJSON *bands = required(&ld, root, "", "bands", J_ARRAY);
    const cJSON *reading = required(&ld, root, "", "reading", J_OBJECT);
    const cJSON *fit = required(&ld, root, "", "fit", J_OBJECT);
    const cJSON *training = field(&ld, root, "", "training", J_OBJECT, 1);
    if (ld.failed) {
        return err->code;
    }
    ls_model *m = calloc(1, sizeof *m);
    if (m == NULL) {
        return ls_errorf(err, LS_ENOMEM, path, 0, 0, "out of memory");
    }
    size_t n_inputs = (size_t)cJSON_GetArraySize(inputs), n_terms = (size_t)cJSON_GetArraySize(terms);
    m->kind = strdup("logit");
    m->target = string_copy(&ld, root, "", "target", 0);
    m->id_column = string_copy(&ld, root, "", "id_column", 1);
    m->inputs = calloc(n_inputs ? n_inputs : 1, sizeof *m->inputs);
    m->terms = calloc(n_terms ? n_terms : 1, sizeof *m->terms);
    input_check *checks = calloc(n_inputs ? n_inputs : 1, sizeof *checks);
    ls_levels *input_names = ls_levels_new(), *term_names = ls_levels_new();
    if (m->kind == NULL || m->inputs == NULL || m->terms == NULL || checks == NULL || input_names == NULL ||
        term_names == NULL) {
        out_of_memory(&ld);
    }
    if (!ld.failed) {
        load_reading(&ld, reading, m);
    }
    const cJSON *item;
    cJSON_ArrayForEach(item, inputs)
    {
        if (ld.failed) {
            break;
        }
        size_t i = m->n_inputs++;
        if (load_input(&ld, item, i, &m->inputs[i], &checks[i]) == 0 &&
            intern_new(&ld, input_names, m->inputs[i].name) == -2) {
            fail(&ld, "inputs[%zu]: input '%s' appears twice", i, m->inputs[i].name);
        }
    }
    cJSON_ArrayForEach(item, terms)
    {
        if (ld.failed) {
            break;
        }
        size_t t = m->n_terms++;
        if (load_term(&ld, item, t, m, input_names, checks) == 0 && intern_new(&ld, term_names, m->terms[t].name) == -2) {
            fail(&ld, "terms[%zu]: term '%s' appears twice", t, m->terms[t].name);
        }
    }
    if (!ld.failed && m->n_terms == 0) {
        fail(&ld, "the first term must be the intercept, and there are no terms");
    }
    if (!ld.failed) {
        check_terms_cover_inputs(&ld, m, checks);
    }
    if (!ld.failed) {
        load_bands(&ld, bands, m);
    }
    if (!ld.failed) {
        load_fit(&ld, fit, &m->fit);
    }
    if (!ld.failed && training != NULL) {
        m->training = load_provenance(&ld, training);
    }
    for (size_t i = 0; i < n_inputs && checks != NULL; i++) {
        ls_levels_free(checks[i].by_display);
        free(checks[i].level_terms);
    }
    free(checks);
    ls_levels_free(input_names);
    ls_levels_free(term_names);
    if (ld.failed) {
        ls_model_free(m);
        return err->code;
    }
    *out = m;
    return LS_OK;
}

/* Line and column of a byte offset, for JSON syntax errors. */
static void position_of(const char *text, size_t offset, long *line, long *column)
{
    *line = 1;
    *column = 1;
    for (size_t i = 0; i < offset && text[i] != '\0'; i++) {
        if (text[i] == '\n') {
            (*line)++;
            *column = 1;
        } else {
            (*column)++;
        }
    }
}

int ls_json_parse_file(const char *path, cJSON **out, ls_error *err)
{
    char *text = NULL;
    size_t len = 0;
    int status = ls_read_file(path, &text, &len, err);
    if (status != LS_OK) {
        return status;
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (root == NULL) {
        long line, column;
        position_of(text, end != NULL ? (size_t)(end - text) : 0, &line, &column);
        free(text);
        return ls_errorf(err, LS_EPARSE, path, line, column, "not valid JSON: not a leadscore model file");
    }
    free(text);
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        return ls_errorf(err, LS_EDATA, path, 0, 0, "not a leadscore model file (not a JSON object)");
    }
    *out = root;
    return LS_OK;
}

int ls_model_load(const char *path, ls_model **out, ls_error *err)
{
    cJSON *root = NULL;
    int status = ls_json_parse_file(path, &root, err);
    if (status != LS_OK) {
        return status;
    }
    status = ls_model_from_json(root, path, out, err);
    cJSON_Delete(root);
    return status;
}
