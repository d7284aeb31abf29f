/* export_json.c: the weights document for programs ("leadscore-weights").
 *
 * One JSON object that is the ls_export_spec written out: the intercept, per
 * input its weights and the rules for missing, folded and unseen cells, the
 * text rules (white space, placeholders, case) and the bands, plus the
 * formula as text. A program that reads it needs nothing else to reproduce
 * leadscore's scores; README.md "Export" documents each field and
 * scripts/reference/probabilities_from_json.py is such a program. cJSON
 * writes numbers with up to 17 significant digits, so weights read back
 * exactly; NaN (statistics that do not exist) become null. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "leadscore/export.h"

#define LS_WEIGHTS_FORMAT "leadscore-weights"
#define LS_WEIGHTS_VERSION 1

static const char formula[] =
    "logit = intercept + the part of each input, added left to right in the order of inputs; "
    "a cell is trimmed of white_space and is missing when empty or equal to an na text ignoring "
    "ASCII case; numeric part = weight * (the cell's number, or impute when missing), plus "
    "missing_weight when missing; categorical part = missing_weight when missing, else the weight "
    "of the levels entry, then of the folded entry, whose key equals the cell's key, else 0 (an "
    "unseen level scores as the reference); key = the trimmed text with each inner run of "
    "white_space made one space and, unless case_sensitive, A-Z lowered; probability = "
    "1 / (1 + exp(-logit)); score = round(100 * probability), halves away from zero; band = the "
    "band whose [min_score, max_score] holds score";

static cJSON *number_or_null(double v)
{
    return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

static cJSON *numeric_input(const ls_export_input *in)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", in->name);
    cJSON_AddStringToObject(o, "type", "numeric");
    cJSON_AddNumberToObject(o, "weight", in->value_weight);
    cJSON_AddNumberToObject(o, "impute", in->impute);
    cJSON_AddNumberToObject(o, "missing_weight", in->missing_weight);
    cJSON_AddBoolToObject(o, "has_missing_term", in->missing_term >= 0);
    return o;
}

static cJSON *categorical_input(const ls_export_input *in)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", in->name);
    cJSON_AddStringToObject(o, "type", "categorical");
    cJSON_AddStringToObject(o, "reference", in->levels[in->reference].display);
    cJSON_AddNumberToObject(o, "missing_weight", in->levels[in->missing_level].weight);
    cJSON_AddStringToObject(o, "missing_level", in->levels[in->missing_level].display);
    cJSON_AddNumberToObject(o, "unseen_weight", in->levels[in->unseen_level].weight);
    if (in->other_level >= 0) {
        cJSON_AddNumberToObject(o, "other_weight", in->levels[in->other_level].weight);
    } else {
        cJSON_AddNullToObject(o, "other_weight");
    }
    /* Only levels a cell can name: "(missing)" and "(other)" are reached
     * through missing_weight and folded, never by a cell's key. */
    cJSON *levels = cJSON_AddArrayToObject(o, "levels");
    for (size_t l = 0; l < in->n_levels; l++) {
        const ls_export_level *lv = &in->levels[l];
        if (lv->role != LS_EXPORT_LEVEL_CELL) {
            continue;
        }
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "key", lv->key);
        cJSON_AddStringToObject(e, "display", lv->display);
        cJSON_AddNumberToObject(e, "weight", lv->weight);
        cJSON_AddBoolToObject(e, "reference", l == in->reference);
        cJSON_AddItemToArray(levels, e);
    }
    cJSON *folded = cJSON_AddArrayToObject(o, "folded");
    for (size_t f = 0; f < in->n_folded; f++) {
        const ls_export_fold *fd = &in->folded[f];
        if (fd->key[0] == '\001') {
            continue; /* "(missing)" folded away: covered by missing_weight */
        }
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "key", fd->key);
        cJSON_AddStringToObject(e, "display", fd->display);
        cJSON_AddNumberToObject(e, "weight", in->levels[fd->level].weight);
        cJSON_AddStringToObject(e, "into", in->levels[fd->level].display);
        cJSON_AddItemToArray(folded, e);
    }
    return o;
}

static cJSON *terms_array(const ls_model *m)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t k = 0; k < m->n_terms; k++) {
        const ls_term *t = &m->terms[k];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "name", t->name);
        cJSON_AddNumberToObject(e, "weight", t->weight);
        cJSON_AddItemToObject(e, "std_error", number_or_null(t->std_error));
        cJSON_AddItemToObject(e, "z", number_or_null(t->z));
        cJSON_AddItemToObject(e, "p_value", number_or_null(t->p_value));
        cJSON_AddItemToArray(a, e);
    }
    return a;
}

static cJSON *document(const ls_export_spec *s)
{
    const ls_model *m = s->model;
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "format", LS_WEIGHTS_FORMAT);
    cJSON_AddNumberToObject(doc, "version", LS_WEIGHTS_VERSION);
    cJSON_AddStringToObject(doc, "target", m->target != NULL ? m->target : "");
    if (m->id_column != NULL) {
        cJSON_AddStringToObject(doc, "id_column", m->id_column);
    } else {
        cJSON_AddNullToObject(doc, "id_column");
    }
    cJSON_AddStringToObject(doc, "formula", formula);
    cJSON_AddStringToObject(doc, "white_space", " \t\r\n\f\v");
    cJSON *na = cJSON_AddArrayToObject(doc, "na");
    for (size_t k = 0; k < s->n_na; k++) {
        cJSON_AddItemToArray(na, cJSON_CreateString(s->na_values[k]));
    }
    cJSON_AddBoolToObject(doc, "case_sensitive", s->case_sensitive);
    cJSON_AddNumberToObject(doc, "intercept", s->intercept);
    cJSON *inputs = cJSON_AddArrayToObject(doc, "inputs");
    for (size_t i = 0; i < s->n_inputs; i++) {
        const ls_export_input *in = &s->inputs[i];
        cJSON_AddItemToArray(inputs, in->kind == LS_EXPORT_NUMERIC ? numeric_input(in) : categorical_input(in));
    }
    cJSON *bands = cJSON_AddArrayToObject(doc, "bands");
    for (size_t b = 0; b < s->bands.n; b++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "name", s->bands.band[b].name);
        cJSON_AddNumberToObject(e, "min_score", s->bands.band[b].min_score);
        cJSON_AddNumberToObject(e, "max_score", s->bands.band[b].max_score);
        cJSON_AddItemToArray(bands, e);
    }
    cJSON_AddItemToObject(doc, "terms", terms_array(m));
    return doc;
}

int ls_export_json(const ls_model *model, FILE *fp, ls_error *err)
{
    ls_export_spec *spec = NULL;
    int status = ls_export_spec_build(model, &spec, err);
    if (status != LS_OK) {
        return status;
    }
    /* cJSON's adders ignore a NULL item, so a failed allocation deep in the
     * build could drop a member without notice; the document is small (a few
     * hundred allocations), and the print, which needs more memory than the
     * build, reports exhaustion as NULL. */
    cJSON *doc = document(spec);
    char *text = doc != NULL ? cJSON_Print(doc) : NULL;
    cJSON_Delete(doc);
    ls_export_spec_free(spec);
    if (text == NULL) {
        return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    fputs(text, fp);
    fputc('\n', fp);
    free(text);
    return LS_OK;
}
