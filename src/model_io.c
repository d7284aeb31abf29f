/* model_io.c: model <-> JSON with cJSON, validated on the way in: the
 * inputs, terms, bands and fit here; the provenance ("training") in
 * model_provenance.c; the field checks both use in model_json_read.c. */
#define _POSIX_C_SOURCE 200809L
#include "leadscore/model_io.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadscore/fileio.h"
#include "leadscore/profile.h"
#include "model_checksum.h"
#include "model_json_read.h"

#define MISSING_KEY "\001missing"
#define OTHER_KEY "\001other"

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
    jl_add_number_or_null(o, "std_error", t->std_error);
    jl_add_number_or_null(o, "z", t->z);
    jl_add_number_or_null(o, "p_value", t->p_value);
    jl_add_number_or_null(o, "ci_low", t->ci_low);
    jl_add_number_or_null(o, "ci_high", t->ci_high);
    jl_add_number_or_null(o, "odds_ratio", exp(t->weight));
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
    /* how numbers are written and one column's placeholders: only when set,
     * so that models without them read as before */
    if (m->number.decimal == ',' || m->number.thousands != 0) {
        char mark[2] = {m->number.decimal == ',' ? ',' : '.', '\0'}, sep[2] = {m->number.thousands, '\0'};
        cJSON_AddStringToObject(reading, "decimal", mark);
        cJSON_AddStringToObject(reading, "thousands", sep);
    }
    if (m->column_na.n > 0) {
        cJSON *own = cJSON_AddArrayToObject(reading, "column_na");
        for (size_t i = 0; i < m->column_na.n; i++) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "column", m->column_na.columns[i]);
            cJSON_AddStringToObject(o, "value", m->column_na.values[i]);
            cJSON_AddItemToArray(own, o);
        }
    }
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
    jl_add_number_or_null(fit, "log_likelihood", m->fit.log_likelihood);
    jl_add_number_or_null(fit, "deviance", m->fit.deviance);
    jl_add_number_or_null(fit, "null_deviance", m->fit.null_deviance);
    jl_add_number_or_null(fit, "aic", m->fit.aic);
    jl_add_number_or_null(fit, "objective", m->fit.objective);
    cJSON_AddNumberToObject(fit, "iterations", m->fit.iterations);
    cJSON_AddBoolToObject(fit, "converged", m->fit.converged);
    cJSON_AddNumberToObject(fit, "rows", (double)m->fit.rows);
    cJSON_AddNumberToObject(fit, "positives", (double)m->fit.positives);
    cJSON_AddNumberToObject(fit, "rank", (double)m->fit.rank);
    if (m->training != NULL) {
        cJSON_AddItemToObject(root, "training", model_provenance_json(m->training));
    }
    if (m->profile != NULL) {
        cJSON_AddItemToObject(root, "profile", ls_profile_to_json(m, m->profile));
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

/* ---- loading: the model (the provenance is in model_provenance.c) ---- */

static long intern_new(jl_loader *ld, ls_levels *names, const char *name)
{
    size_t before = ls_levels_count(names);
    long idx = ls_levels_intern(names, name, name);
    if (idx < 0) {
        jl_out_of_memory(ld);
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

static int load_input(jl_loader *ld, const cJSON *o, size_t i, ls_input *in, input_check *chk)
{
    char where[48];
    snprintf(where, sizeof where, "inputs[%zu]", i);
    in->missing_level = in->other_level = -1;
    if (!cJSON_IsObject(o)) {
        jl_fail(ld, "%s must be an object", where);
        return -1;
    }
    in->name = jl_string(ld, o, where, "name", 0);
    const cJSON *type = jl_required(ld, o, where, "type", JL_STRING);
    if (ld->failed) {
        return -1;
    }
    if (strcmp(type->valuestring, "numeric") == 0) {
        in->impute = jl_bounded(ld, o, where, "impute");
        in->has_missing_term = jl_bool(ld, o, where, "missing_term", 0);
        return ld->failed ? -1 : 0;
    }
    if (strcmp(type->valuestring, "categorical") != 0) {
        jl_fail(ld, "%s.type '%s' is not numeric or categorical", where, type->valuestring);
        return -1;
    }
    in->categorical = 1;
    const cJSON *reference = jl_required(ld, o, where, "reference", JL_STRING);
    const cJSON *levels = jl_required(ld, o, where, "levels", JL_ARRAY);
    const cJSON *folded = jl_field(ld, o, where, "folded_into_other", JL_ARRAY, 1);
    if (ld->failed) {
        return -1;
    }
    size_t n_levels = (size_t)cJSON_GetArraySize(levels);
    in->levels = ls_levels_new();
    in->folded = ls_levels_new();
    chk->by_display = ls_levels_new();
    chk->level_terms = calloc(n_levels ? n_levels : 1, sizeof *chk->level_terms);
    if (in->levels == NULL || in->folded == NULL || chk->by_display == NULL || chk->level_terms == NULL) {
        jl_out_of_memory(ld);
        return -1;
    }
    const cJSON *lv;
    size_t l = 0;
    cJSON_ArrayForEach(lv, levels)
    {
        char at[80];
        snprintf(at, sizeof at, "%s.levels[%zu]", where, l++);
        if (!cJSON_IsObject(lv)) {
            jl_fail(ld, "%s must be an object", at);
            return -1;
        }
        const cJSON *display = jl_required(ld, lv, at, "level", JL_STRING);
        int is_missing = jl_bool(ld, lv, at, "missing", 1);
        int is_other = !is_missing && jl_bool(ld, lv, at, "other", 1);
        const cJSON *k = is_missing || is_other ? NULL : jl_required(ld, lv, at, "key", JL_STRING);
        size_t count = (size_t)jl_whole(ld, lv, at, "count", JL_MAX_COUNT, 0, 0);
        if (ld->failed) {
            return -1;
        }
        const char *key = is_missing ? MISSING_KEY : is_other ? OTHER_KEY : k->valuestring;
        size_t before = ls_levels_count(in->levels);
        long idx = ls_levels_intern(in->levels, key, display->valuestring);
        if (idx < 0) {
            jl_out_of_memory(ld);
            return -1;
        }
        if ((size_t)idx != before) {
            jl_fail(ld, "%s: level '%s' appears twice", at, display->valuestring);
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
        jl_fail(ld, "%s: reference level '%s' is not among the levels", where, reference->valuestring);
        return -1;
    }
    in->reference = ls_levels_frequency(chk->by_display, (size_t)ref);
    const cJSON *f;
    cJSON_ArrayForEach(f, folded)
    {
        if (!cJSON_IsString(f)) {
            jl_fail(ld, "%s.folded_into_other must list level keys", where);
            return -1;
        }
        if (ls_levels_intern(in->folded, f->valuestring, f->valuestring) < 0) {
            jl_out_of_memory(ld);
            return -1;
        }
    }
    return 0;
}

static int load_term(jl_loader *ld, const cJSON *o, size_t index, ls_model *m, ls_levels *input_names,
                     input_check *checks)
{
    ls_term *t = &m->terms[index];
    char where[48];
    snprintf(where, sizeof where, "terms[%zu]", index);
    if (!cJSON_IsObject(o)) {
        jl_fail(ld, "%s must be an object", where);
        return -1;
    }
    t->name = jl_string(ld, o, where, "term", 0);
    t->weight = jl_bounded(ld, o, where, "weight");
    t->mean = jl_bounded(ld, o, where, "mean");
    t->scale = jl_statistic(ld, o, where, "scale", 1);
    t->std_error = jl_statistic(ld, o, where, "std_error", 1);
    t->z = jl_statistic(ld, o, where, "z", 1);
    t->p_value = jl_statistic(ld, o, where, "p_value", 1);
    t->ci_low = jl_statistic(ld, o, where, "ci_low", 1);
    t->ci_high = jl_statistic(ld, o, where, "ci_high", 1);
    t->aliased = jl_bool(ld, o, where, "aliased", 1);
    const cJSON *column = jl_field(ld, o, where, "column", JL_STRING_OR_NULL, 1);
    const cJSON *level = jl_field(ld, o, where, "level", JL_STRING_OR_NULL, 1);
    if (ld->failed) {
        return -1;
    }
    if (!cJSON_IsString(column)) {
        t->kind = LS_TERM_INTERCEPT;
        if (index != 0) {
            jl_fail(ld, "%s ('%s') has no column: only the first term, the intercept, has none", where, t->name);
            return -1;
        }
        return 0;
    }
    if (index == 0) {
        jl_fail(ld, "the first term must be the intercept, not '%s'", t->name);
        return -1;
    }
    long input = ls_levels_find(input_names, column->valuestring, strlen(column->valuestring));
    if (input < 0) {
        jl_fail(ld, "%s ('%s'): column '%s' is not an input", where, t->name, column->valuestring);
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
            jl_fail(ld, "%s ('%s'): numeric column '%s' has no level '%s'", where, t->name, in->name,
                 level->valuestring);
            return -1;
        }
        return 0;
    }
    t->kind = LS_TERM_LEVEL;
    long l = cJSON_IsString(level) ? ls_levels_find(chk->by_display, level->valuestring, strlen(level->valuestring))
                                   : -1;
    if (l < 0) {
        jl_fail(ld, "%s ('%s') names a level its column '%s' does not have", where, t->name, in->name);
        return -1;
    }
    l = (long)ls_levels_frequency(chk->by_display, (size_t)l);
    if ((size_t)l == in->reference) {
        jl_fail(ld, "%s ('%s') is the reference level of '%s', which has no term", where, t->name, in->name);
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
static void check_terms_cover_inputs(jl_loader *ld, const ls_model *m, const input_check *checks)
{
    for (size_t i = 0; i < m->n_inputs && !ld->failed; i++) {
        const ls_input *in = &m->inputs[i];
        const input_check *chk = &checks[i];
        if (!in->categorical) {
            if (chk->value_terms != 1) {
                jl_fail(ld, "numeric input '%s' has %zu value terms, not one", in->name, chk->value_terms);
            } else if (chk->missing_terms != (size_t)in->has_missing_term) {
                jl_fail(ld, "numeric input '%s' has %zu '%s' terms, not %d", in->name, chk->missing_terms,
                     LS_LEVEL_MISSING, in->has_missing_term);
            }
            continue;
        }
        for (size_t l = 0; l < ls_levels_count(in->levels) && !ld->failed; l++) {
            if (l != in->reference && chk->level_terms[l] != 1) {
                jl_fail(ld, "level '%s' of input '%s' has %zu terms, not one", ls_levels_display(in->levels, l),
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
        jl_fail(ld, "the weights and means are too large to score with: their sum overflows");
    }
}

static void load_bands(jl_loader *ld, const cJSON *bands, ls_model *m)
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
            jl_fail(ld, "%s must be an object", where);
            return;
        }
        const cJSON *bn = jl_required(ld, item, where, "name", JL_STRING);
        double bmin = jl_whole(ld, item, where, "min_score", 100, 0, 0);
        if (ld->failed) {
            return;
        }
        int n = snprintf(spec + used, sizeof spec - used, "%s%s:%d", used ? "," : "", bn->valuestring, (int)bmin);
        if (n < 0 || (size_t)n >= sizeof spec - used) {
            jl_fail(ld, "bands: too many bands or names too long");
            return;
        }
        used += (size_t)n;
    }
    ls_error e = {0};
    if (ls_bands_parse(spec, &m->bands, &e) != LS_OK) {
        jl_fail(ld, "bands: %s", e.msg);
    }
}

static void load_fit(jl_loader *ld, const cJSON *fit, ls_fit_summary *f)
{
    const char *w = "fit";
    f->log_likelihood = jl_statistic(ld, fit, w, "log_likelihood", 0);
    f->deviance = jl_statistic(ld, fit, w, "deviance", 0);
    f->null_deviance = jl_statistic(ld, fit, w, "null_deviance", 0);
    f->aic = jl_statistic(ld, fit, w, "aic", 0);
    f->objective = jl_statistic(ld, fit, w, "objective", 1);
    f->iterations = (int)jl_whole(ld, fit, w, "iterations", 2147483647.0, 0, 0);
    f->converged = jl_bool(ld, fit, w, "converged", 0);
    f->rows = (size_t)jl_whole(ld, fit, w, "rows", JL_MAX_COUNT, 0, 0);
    f->positives = (size_t)jl_whole(ld, fit, w, "positives", JL_MAX_COUNT, 0, 0);
    f->rank = (size_t)jl_whole(ld, fit, w, "rank", JL_MAX_COUNT, 0, 0);
}

static void load_reading(jl_loader *ld, const cJSON *reading, ls_model *m)
{
    const cJSON *delim = jl_required(ld, reading, "reading", "delimiter", JL_STRING);
    if (delim != NULL) {
        if (strlen(delim->valuestring) != 1 || strchr(",;|\t", delim->valuestring[0]) == NULL) {
            jl_fail(ld, "reading.delimiter must be one of ',', ';', '|' or a tab");
        }
        m->delimiter = delim->valuestring[0];
    }
    m->case_sensitive = jl_bool(ld, reading, "reading", "case_sensitive", 0);
    const cJSON *na = jl_required(ld, reading, "reading", "na", JL_ARRAY);
    const cJSON *item;
    cJSON_ArrayForEach(item, na)
    {
        if (!cJSON_IsString(item)) {
            jl_fail(ld, "reading.na must list strings");
            return;
        }
        if (ls_na_list_add(&m->na, item->valuestring) != 0) {
            jl_out_of_memory(ld);
            return;
        }
    }
    const cJSON *decimal = jl_field(ld, reading, "reading", "decimal", JL_STRING, 1);
    if (decimal != NULL) {
        if (strcmp(decimal->valuestring, ".") != 0 && strcmp(decimal->valuestring, ",") != 0) {
            jl_fail(ld, "reading.decimal must be '.' or ','");
            return;
        }
        m->number.decimal = decimal->valuestring[0];
    }
    const cJSON *thousands = jl_field(ld, reading, "reading", "thousands", JL_STRING, 1);
    if (thousands != NULL) {
        const char *t = thousands->valuestring;
        if (strlen(t) > 1 || (t[0] != '\0' && strchr(",.' ", t[0]) == NULL) ||
            (t[0] != '\0' && t[0] == (m->number.decimal ? m->number.decimal : '.'))) {
            jl_fail(ld, "reading.thousands must be '', ',', '.', ' ' or \"'\", other than the decimal mark");
            return;
        }
        m->number.thousands = t[0];
    }
    const cJSON *own = jl_field(ld, reading, "reading", "column_na", JL_ARRAY, 1);
    cJSON_ArrayForEach(item, own)
    {
        const cJSON *column = cJSON_GetObjectItemCaseSensitive(item, "column");
        const cJSON *value = cJSON_GetObjectItemCaseSensitive(item, "value");
        if (!cJSON_IsString(column) || !cJSON_IsString(value)) {
            jl_fail(ld, "reading.column_na must list objects with a string \"column\" and \"value\"");
            return;
        }
        if (ls_column_na_add(&m->column_na, column->valuestring, value->valuestring) != 0) {
            jl_out_of_memory(ld);
            return;
        }
    }
}

int ls_model_from_json(cJSON *root, const char *path, ls_model **out, ls_error *err)
{
    jl_loader ld = {path, err, 0};
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (!cJSON_IsString(format) || strcmp(format->valuestring, LS_MODEL_FORMAT) != 0) {
        return ls_errorf(err, LS_EDATA, path, 0, 0, "not a leadscore model file (no \"format\": \"%s\")",
                         LS_MODEL_FORMAT);
    }
    const cJSON *version = jl_required(&ld, root, "", "schema_version", JL_NUMBER);
    if (ld.failed) {
        return err->code;
    }
    if (version->valuedouble > LS_MODEL_SCHEMA_VERSION) {
        return ls_errorf(err, LS_EDATA, path, 0, 0,
                         "model schema version %g is newer than this leadscore reads (%d): upgrade leadscore",
                         version->valuedouble, LS_MODEL_SCHEMA_VERSION);
    }
    const cJSON *kind = jl_required(&ld, root, "", "kind", JL_STRING);
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
    const cJSON *inputs = jl_required(&ld, root, "", "inputs", JL_ARRAY);
    const cJSON *terms = jl_required(&ld, root, "", "terms", JL_ARRAY);
    const cJSON *bands = jl_required(&ld, root, "", "bands", JL_ARRAY);
    const cJSON *reading = jl_required(&ld, root, "", "reading", JL_OBJECT);
    const cJSON *fit = jl_required(&ld, root, "", "fit", JL_OBJECT);
    const cJSON *training = jl_field(&ld, root, "", "training", JL_OBJECT, 1);
    const cJSON *profile = jl_field(&ld, root, "", "profile", JL_OBJECT, 1); /* absent before drift */
    if (ld.failed) {
        return err->code;
    }
    ls_model *m = calloc(1, sizeof *m);
    if (m == NULL) {
        return ls_errorf(err, LS_ENOMEM, path, 0, 0, "out of memory");
    }
    size_t n_inputs = (size_t)cJSON_GetArraySize(inputs), n_terms = (size_t)cJSON_GetArraySize(terms);
    m->kind = strdup("logit");
    m->target = jl_string(&ld, root, "", "target", 0);
    m->id_column = jl_string(&ld, root, "", "id_column", 1);
    m->inputs = calloc(n_inputs ? n_inputs : 1, sizeof *m->inputs);
    m->terms = calloc(n_terms ? n_terms : 1, sizeof *m->terms);
    input_check *checks = calloc(n_inputs ? n_inputs : 1, sizeof *checks);
    ls_levels *input_names = ls_levels_new(), *term_names = ls_levels_new();
    if (m->kind == NULL || m->inputs == NULL || m->terms == NULL || checks == NULL || input_names == NULL ||
        term_names == NULL) {
        jl_out_of_memory(&ld);
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
            jl_fail(&ld, "inputs[%zu]: input '%s' appears twice", i, m->inputs[i].name);
        }
    }
    cJSON_ArrayForEach(item, terms)
    {
        if (ld.failed) {
            break;
        }
        size_t t = m->n_terms++;
        if (load_term(&ld, item, t, m, input_names, checks) == 0 && intern_new(&ld, term_names, m->terms[t].name) == -2) {
            jl_fail(&ld, "terms[%zu]: term '%s' appears twice", t, m->terms[t].name);
        }
    }
    if (!ld.failed && m->n_terms == 0) {
        jl_fail(&ld, "the first term must be the intercept, and there are no terms");
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
        m->training = model_provenance_load(&ld, training);
    }
    if (!ld.failed && profile != NULL && (m->profile = ls_profile_from_json(m, profile, path, err)) == NULL) {
        ld.failed = 1;
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
