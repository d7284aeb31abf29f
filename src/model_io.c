/* model_io.c: model <-> JSON with cJSON, validated on the way in. */
#define _POSIX_C_SOURCE 200809L
#include "leadscore/model_io.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadscore/fileio.h"
#include "model_checksum.h"

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
        cJSON_AddItemToObject(root, "training", cJSON_Duplicate(m->training, 1));
    }
    return root;
}

int ls_model_save(const ls_model *m, const char *path, ls_error *err)
{
    for (size_t t = 0; t < m->n_terms; t++) {
        if (!isfinite(m->terms[t].weight)) {
            return ls_errorf(err, LS_EDATA, path, 0, 0, "refusing to save: term '%s' has a non-finite weight",
                             m->terms[t].name);
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

/* ---- loading ---- */

typedef struct {
    const char *path;
    ls_error *err;
} loader;

static int bad(loader *ld, const char *fmt, const char *detail)
{
    char msg[400];
    snprintf(msg, sizeof msg, fmt, detail);
    return ls_errorf(ld->err, LS_EDATA, ld->path, 0, 0, "invalid model file: %s", msg);
}

static const cJSON *need(loader *ld, const cJSON *o, const char *name, int (*is)(const cJSON *), int *failed)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    if (v == NULL || !is(v)) {
        if (!*failed) {
            bad(ld, "field '%s' is missing or has the wrong type", name);
        }
        *failed = 1;
        return NULL;
    }
    return v;
}

static int is_number(const cJSON *v)
{
    return cJSON_IsNumber(v);
}
static int is_string(const cJSON *v)
{
    return cJSON_IsString(v);
}
static int is_array(const cJSON *v)
{
    return cJSON_IsArray(v);
}
static int is_object(const cJSON *v)
{
    return cJSON_IsObject(v);
}

static double number_or_nan(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

/* A count from the file: a non-negative whole number, else 0 (a cast of NaN
 * or a negative double to size_t would be undefined). */
static size_t count_or_zero(const cJSON *o, const char *name)
{
    double v = number_or_nan(o, name);
    return v >= 0 && v < 9.0e15 ? (size_t)v : 0;
}

static int load_input(loader *ld, const cJSON *o, ls_input *in)
{
    int failed = 0;
    const cJSON *name = need(ld, o, "name", is_string, &failed);
    const cJSON *type = need(ld, o, "type", is_string, &failed);
    in->missing_level = in->other_level = -1;
    if (failed || (in->name = strdup(name->valuestring)) == NULL) {
        return -1;
    }
    if (strcmp(type->valuestring, "numeric") == 0) {
        const cJSON *impute = need(ld, o, "impute", is_number, &failed);
        if (failed) {
            return -1;
        }
        in->impute = impute->valuedouble;
        in->has_missing_term = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "missing_term"));
        return 0;
    }
    if (strcmp(type->valuestring, "categorical") != 0) {
        bad(ld, "input type '%s' is not numeric or categorical", type->valuestring);
        return -1;
    }
    in->categorical = 1;
    const cJSON *reference = need(ld, o, "reference", is_string, &failed);
    const cJSON *levels = need(ld, o, "levels", is_array, &failed);
    in->levels = ls_levels_new();
    in->folded = ls_levels_new();
    if (failed || in->levels == NULL || in->folded == NULL) {
        return -1;
    }
    int found_reference = 0;
    const cJSON *lv;
    cJSON_ArrayForEach(lv, levels)
    {
        const cJSON *display = need(ld, lv, "level", is_string, &failed);
        if (failed) {
            return -1;
        }
        const char *key;
        int is_missing = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(lv, "missing"));
        int is_other = !is_missing && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(lv, "other"));
        if (is_missing) {
            key = MISSING_KEY;
        } else if (is_other) {
            key = OTHER_KEY;
        } else {
            const cJSON *k = need(ld, lv, "key", is_string, &failed);
            if (failed) {
                return -1;
            }
            key = k->valuestring;
        }
        long idx = ls_levels_intern(in->levels, key, display->valuestring);
        if (idx < 0 || (size_t)idx + 1 != ls_levels_count(in->levels)) {
            bad(ld, "level '%s' appears twice", display->valuestring);
            return -1;
        }
        ls_levels_set_frequency(in->levels, (size_t)idx, count_or_zero(lv, "count"));
        if (is_missing) {
            in->missing_level = idx;
        } else if (is_other) {
            in->other_level = idx;
        }
        if (!found_reference && strcmp(display->valuestring, reference->valuestring) == 0) {
            in->reference = (size_t)idx;
            found_reference = 1;
        }
    }
    if (!found_reference) {
        bad(ld, "reference level '%s' is not among the levels", reference->valuestring);
        return -1;
    }
    const cJSON *folded = cJSON_GetObjectItemCaseSensitive(o, "folded_into_other");
    const cJSON *f;
    cJSON_ArrayForEach(f, folded)
    {
        if (!cJSON_IsString(f) || ls_levels_intern(in->folded, f->valuestring, f->valuestring) < 0) {
            bad(ld, "%s", "folded_into_other must list level keys");
            return -1;
        }
    }
    return 0;
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

static int load_term(loader *ld, const cJSON *o, ls_model *m, ls_term *t)
{
    int failed = 0;
    const cJSON *name = need(ld, o, "term", is_string, &failed);
    const cJSON *weight = need(ld, o, "weight", is_number, &failed);
    if (failed || (t->name = strdup(name->valuestring)) == NULL) {
        return -1;
    }
    t->weight = weight->valuedouble;
    t->std_error = number_or_nan(o, "std_error");
    t->z = number_or_nan(o, "z");
    t->p_value = number_or_nan(o, "p_value");
    t->ci_low = number_or_nan(o, "ci_low");
    t->ci_high = number_or_nan(o, "ci_high");
    t->mean = number_or_nan(o, "mean");
    t->scale = number_or_nan(o, "scale");
    t->aliased = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "aliased"));
    if (!isfinite(t->weight) || !isfinite(t->mean)) {
        bad(ld, "term '%s' has no finite weight or mean", t->name);
        return -1;
    }
    const cJSON *column = cJSON_GetObjectItemCaseSensitive(o, "column");
    const cJSON *level = cJSON_GetObjectItemCaseSensitive(o, "level");
    if (!cJSON_IsString(column)) {
        t->kind = LS_TERM_INTERCEPT;
        return 0;
    }
    long input = find_input(m, column->valuestring);
    if (input < 0) {
        bad(ld, "term column '%s' is not an input", column->valuestring);
        return -1;
    }
    t->input = (size_t)input;
    const ls_input *in = &m->inputs[input];
    if (!in->categorical) {
        t->kind = cJSON_IsString(level) ? LS_TERM_MISSING : LS_TERM_NUMERIC;
        return 0;
    }
    t->kind = LS_TERM_LEVEL;
    for (size_t l = 0; cJSON_IsString(level) && l < ls_levels_count(in->levels); l++) {
        if (strcmp(ls_levels_display(in->levels, l), level->valuestring) == 0) {
            t->level = (uint32_t)l;
            return 0;
        }
    }
    bad(ld, "term '%s' names a level its column does not have", t->name);
    return -1;
}

int ls_model_from_json(cJSON *root, const char *path, ls_model **out, ls_error *err)
{
    loader ld = {path, err};
    int failed = 0;
    const cJSON *format = need(&ld, root, "format", is_string, &failed);
    if (failed || strcmp(format->valuestring, LS_MODEL_FORMAT) != 0) {
        return ls_errorf(err, LS_EDATA, path, 0, 0, "not a leadscore model file (no \"format\": \"%s\")",
                         LS_MODEL_FORMAT);
    }
    const cJSON *version = need(&ld, root, "schema_version", is_number, &failed);
    if (failed) {
        return err->code;
    }
    if (version->valuedouble > LS_MODEL_SCHEMA_VERSION) {
        return ls_errorf(err, LS_EDATA, path, 0, 0,
                         "model schema version %g is newer than this leadscore reads (%d): upgrade leadscore",
                         version->valuedouble, LS_MODEL_SCHEMA_VERSION);
    }
    const cJSON *kind = need(&ld, root, "kind", is_string, &failed);
    if (failed) {
        return err->code;
    }
    if (strcmp(kind->valuestring, "logit") != 0) {
        return ls_errorf(err, LS_EDATA, path, 0, 0, "model kind '%s' is not a learned model ('logit')",
                         kind->valuestring);
    }
    const cJSON *inputs = need(&ld, root, "inputs", is_array, &failed);
    const cJSON *terms = need(&ld, root, "terms", is_array, &failed);
    const cJSON *bands = need(&ld, root, "bands", is_array, &failed);
    const cJSON *reading = need(&ld, root, "reading", is_object, &failed);
    if (failed) {
        return err->code;
    }
    ls_model *m = calloc(1, sizeof *m);
    if (m == NULL) {
        return ls_errorf(err, LS_ENOMEM, path, 0, 0, "out of memory");
    }
    m->kind = strdup("logit");
    const cJSON *target = cJSON_GetObjectItemCaseSensitive(root, "target");
    m->target = strdup(cJSON_IsString(target) ? target->valuestring : "");
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id_column");
    m->id_column = cJSON_IsString(id) ? strdup(id->valuestring) : NULL;
    const cJSON *delim = cJSON_GetObjectItemCaseSensitive(reading, "delimiter");
    m->delimiter = cJSON_IsString(delim) && delim->valuestring[0] ? delim->valuestring[0] : ',';
    m->case_sensitive = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(reading, "case_sensitive"));
    const cJSON *item;
    cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(reading, "na"))
    {
        if (cJSON_IsString(item) && ls_na_list_add(&m->na, item->valuestring) != 0) {
            failed = 1;
        }
    }
    size_t n_inputs = (size_t)cJSON_GetArraySize(inputs), n_terms = (size_t)cJSON_GetArraySize(terms);
    m->inputs = calloc(n_inputs ? n_inputs : 1, sizeof *m->inputs);
    m->terms = calloc(n_terms ? n_terms : 1, sizeof *m->terms);
    if (m->kind == NULL || m->target == NULL || m->inputs == NULL || m->terms == NULL || failed) {
        ls_model_free(m);
        return ls_errorf(err, LS_ENOMEM, path, 0, 0, "out of memory");
    }
    cJSON_ArrayForEach(item, inputs)
    {
        if (!failed && load_input(&ld, item, &m->inputs[m->n_inputs++]) != 0) {
            failed = 1;
        }
    }
    cJSON_ArrayForEach(item, terms)
    {
        if (!failed && load_term(&ld, item, m, &m->terms[m->n_terms++]) != 0) {
            failed = 1;
        }
    }
    if (!failed && (m->n_terms == 0 || m->terms[0].kind != LS_TERM_INTERCEPT)) {
        bad(&ld, "%s", "the first term must be the intercept");
        failed = 1;
    }
    /* bands: rebuilt through the parser so that a file cannot hold overlapping ones */
    char spec[LS_BANDS_MAX * (LS_BAND_NAME_MAX + 8)] = "";
    size_t used = 0;
    cJSON_ArrayForEach(item, bands)
    {
        const cJSON *bn = cJSON_GetObjectItemCaseSensitive(item, "name");
        const cJSON *bmin = cJSON_GetObjectItemCaseSensitive(item, "min_score");
        if (!cJSON_IsString(bn) || !cJSON_IsNumber(bmin) || used >= sizeof spec) {
            failed = failed || (bad(&ld, "%s", "a band needs a name and a min_score"), 1);
            break;
        }
        used += (size_t)snprintf(spec + used, sizeof spec - used, "%s%s:%d", used ? "," : "", bn->valuestring,
                                 bmin->valueint);
    }
    if (!failed && ls_bands_parse(spec, &m->bands, err) != LS_OK) {
        char msg[300];
        snprintf(msg, sizeof msg, "%.299s", err->msg);
        bad(&ld, "%s", msg);
        failed = 1;
    }
    const cJSON *fit = cJSON_GetObjectItemCaseSensitive(root, "fit");
    m->fit.log_likelihood = number_or_nan(fit, "log_likelihood");
    m->fit.deviance = number_or_nan(fit, "deviance");
    m->fit.null_deviance = number_or_nan(fit, "null_deviance");
    m->fit.aic = number_or_nan(fit, "aic");
    m->fit.objective = number_or_nan(fit, "objective");
    m->fit.iterations = (int)count_or_zero(fit, "iterations");
    m->fit.converged = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(fit, "converged"));
    m->fit.rows = count_or_zero(fit, "rows");
    m->fit.positives = count_or_zero(fit, "positives");
    m->fit.rank = count_or_zero(fit, "rank");
    const cJSON *training = cJSON_GetObjectItemCaseSensitive(root, "training");
    if (training != NULL) {
        m->training = cJSON_Duplicate(training, 1);
    }
    if (!failed && ls_model_checksum_verify(root) != 0) {
        ls_errorf(err, LS_EDATA, path, 0, 0,
                  "checksum mismatch: the model file was edited or damaged after it was written");
        failed = 1;
    }
    if (failed) {
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
