/* export_spec.c: the one description of a model's scoring rules that every
 * exporter translates (see leadscore/export.h for the formula it encodes).
 *
 * The rules live in three places of the scoring code: levels.c (level keys),
 * cell.c (what is missing) and logit_scorer.c (which key scores which term).
 * This file reads the model the way logit_scorer.c does and writes the
 * outcome down as plain arrays, so that the SQL, PMML, points and CSV
 * exporters never need to know about hash tables, internal keys or term
 * bookkeeping. tests/unit/test_export.c checks that an evaluator written from
 * the spec alone gives the scorer's probabilities. */
#include <stdlib.h>
#include <string.h>

#include "leadscore/cell.h"
#include "leadscore/export.h"
#include "leadscore/levels.h"

void ls_export_spec_free(ls_export_spec *spec)
{
    if (spec == NULL) {
        return;
    }
    for (size_t i = 0; spec->inputs != NULL && i < spec->n_inputs; i++) {
        free(spec->inputs[i].levels);
        free(spec->inputs[i].folded);
    }
    free(spec->inputs);
    free((void *)spec->na_values);
    free(spec);
}

static int bad_model(ls_error *err, const char *what, const char *name)
{
    return ls_errorf(err, LS_EDATA, NULL, 0, 0, "cannot export the model: %s '%s'", what, name);
}

/* Levels and folded keys of a categorical input; term indices are filled
 * afterwards from the terms, as the scorer binds them. */
static int describe_categorical(const ls_input *in, ls_export_input *out, ls_error *err)
{
    size_t n = ls_levels_count(in->levels);
    size_t nf = in->folded != NULL ? ls_levels_count(in->folded) : 0;
    if (n == 0 || in->reference >= n || in->missing_level >= (long)n || in->other_level >= (long)n) {
        return bad_model(err, "inconsistent levels in column", in->name);
    }
    out->levels = calloc(n, sizeof *out->levels);
    out->folded = calloc(nf ? nf : 1, sizeof *out->folded);
    if (out->levels == NULL || out->folded == NULL) {
        return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    out->n_levels = n;
    for (size_t l = 0; l < n; l++) {
        ls_export_level *lv = &out->levels[l];
        lv->key = ls_levels_key(in->levels, l);
        lv->display = ls_levels_display(in->levels, l);
        lv->role = (long)l == in->missing_level ? LS_EXPORT_LEVEL_MISSING
                   : (long)l == in->other_level ? LS_EXPORT_LEVEL_OTHER
                                                : LS_EXPORT_LEVEL_CELL;
        lv->term = -1;
        lv->weight = 0.0;
    }
    out->reference = in->reference;
    out->unseen_level = in->reference;
    out->other_level = in->other_level;
    /* Folded keys go to "(other)", or to the reference when "(other)" was too
     * rare to keep (dataset_finalize.c). */
    size_t to = in->other_level >= 0 ? (size_t)in->other_level : in->reference;
    /* The scorer maps a missing cell to the "(missing)" level when training
     * kept one, to where folds go when "(missing)" itself was folded, and
     * otherwise (no missing cell in training) treats it as unseen: the
     * reference. */
    int missing_folded = in->folded != NULL && ls_levels_find(in->folded, "\001missing", 8) >= 0;
    out->missing_is_unseen = in->missing_level < 0 && !missing_folded;
    out->missing_level = in->missing_level >= 0 ? (size_t)in->missing_level : missing_folded ? to : in->reference;
    for (size_t f = 0; f < nf; f++) {
        out->folded[f].key = ls_levels_key(in->folded, f);
        out->folded[f].display = ls_levels_display(in->folded, f);
        out->folded[f].level = to;
    }
    out->n_folded = nf;
    return LS_OK;
}

/* Binds each term to its input as logit_scorer.c's prepare() does: the last
 * term of a kind wins, which in a consistent model is the only one. */
static int bind_terms(const ls_model *m, ls_export_spec *s, ls_error *err)
{
    for (size_t t = 1; t < m->n_terms; t++) {
        const ls_term *term = &m->terms[t];
        if (term->input >= m->n_inputs) {
            return bad_model(err, "a term outside the inputs:", term->name);
        }
        ls_export_input *in = &s->inputs[term->input];
        if (term->kind == LS_TERM_NUMERIC && in->kind == LS_EXPORT_NUMERIC) {
            in->value_term = (long)t;
            in->value_weight = term->weight;
        } else if (term->kind == LS_TERM_MISSING && in->kind == LS_EXPORT_NUMERIC) {
            in->missing_term = (long)t;
            in->missing_weight = term->weight;
        } else if (term->kind == LS_TERM_LEVEL && in->kind == LS_EXPORT_CATEGORICAL && term->level < in->n_levels &&
                   term->level != in->reference) {
            in->levels[term->level].term = (long)t;
            in->levels[term->level].weight = term->weight;
        } else {
            return bad_model(err, "a term that does not fit its column:", term->name);
        }
    }
    for (size_t i = 0; i < s->n_inputs; i++) {
        if (s->inputs[i].kind == LS_EXPORT_NUMERIC && s->inputs[i].value_term < 0) {
            return bad_model(err, "no term for numeric column", s->inputs[i].name);
        }
    }
    return LS_OK;
}

int ls_export_spec_build(const ls_model *m, ls_export_spec **out, ls_error *err)
{
    if (m->kind == NULL || strcmp(m->kind, "logit") != 0 || m->n_terms == 0 ||
        m->terms[0].kind != LS_TERM_INTERCEPT) {
        return ls_errorf(err, LS_EDATA, NULL, 0, 0, "cannot export the model: not a learned logistic model");
    }
    /* Rules the spec does not describe yet: an export without them would
     * score such leads differently from leadscore, so none is made. */
    if (m->column_na.n > 0) {
        return ls_errorf(err, LS_EDATA, NULL, 0, 0,
                         "cannot export the model: it reads placeholders of single columns (%s=%s), which the "
                         "exports cannot express yet; retrain with placeholders for every column to export it",
                         m->column_na.columns[0], m->column_na.values[0]);
    }
    if ((m->number.decimal != 0 && m->number.decimal != '.') || m->number.thousands != 0) {
        return ls_errorf(err, LS_EDATA, NULL, 0, 0,
                         "cannot export the model: it reads numbers written with decimal mark '%c'%s, which the "
                         "exports cannot express yet",
                         m->number.decimal ? m->number.decimal : '.',
                         m->number.thousands ? " and a thousands separator" : "");
    }
    ls_export_spec *s = calloc(1, sizeof *s);
    if (s == NULL) {
        return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    s->model = m;
    s->intercept = m->terms[0].weight;
    s->intercept_term = 0;
    s->case_sensitive = m->case_sensitive;
    s->bands = m->bands;
    s->n_na = m->na.n;
    const char **na = calloc(m->na.n + 1, sizeof *na);
    s->na_values = na;
    s->inputs = calloc(m->n_inputs ? m->n_inputs : 1, sizeof *s->inputs);
    if (s->na_values == NULL || s->inputs == NULL) {
        ls_export_spec_free(s);
        return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t i = 0; i < m->na.n; i++) {
        na[i] = m->na.values[i];
    }
    s->n_inputs = m->n_inputs;
    int status = LS_OK;
    for (size_t i = 0; status == LS_OK && i < m->n_inputs; i++) {
        const ls_input *in = &m->inputs[i];
        ls_export_input *x = &s->inputs[i];
        x->name = in->name;
        x->value_term = x->missing_term = -1;
        x->other_level = -1;
        if (in->categorical) {
            x->kind = LS_EXPORT_CATEGORICAL;
            status = describe_categorical(in, x, err);
        } else {
            x->kind = LS_EXPORT_NUMERIC;
            x->impute = in->impute;
            x->missing_is_unseen = !in->has_missing_term;
        }
    }
    if (status == LS_OK) {
        status = bind_terms(m, s, err);
    }
    if (status != LS_OK) {
        ls_export_spec_free(s);
        return status;
    }
    *out = s;
    return LS_OK;
}

size_t ls_export_cell_key(const ls_export_spec *spec, const char *text, size_t len, char *key)
{
    return ls_level_key(text, len, spec->case_sensitive, key);
}

int ls_export_cell_is_missing(const ls_export_spec *spec, const char *text, size_t len)
{
    const char *t;
    size_t n = ls_trim(text, len, &t);
    ls_na_list na = {(char **)spec->na_values, spec->n_na};
    return ls_cell_is_missing(t, n, &na);
}

/* Linear searches: this is the reference rule, not the scoring hot path. */
static long find_level(const ls_export_input *in, const char *key)
{
    for (size_t l = 0; l < in->n_levels; l++) {
        if (strcmp(in->levels[l].key, key) == 0) {
            return (long)l;
        }
    }
    return -1;
}

long ls_export_cell_level(const ls_export_spec *spec, const ls_export_input *in, const char *text, size_t len)
{
    if (ls_export_cell_is_missing(spec, text, len)) {
        return (long)in->missing_level;
    }
    char small[256];
    char *key = len < sizeof small ? small : malloc(len + 1);
    if (key == NULL) {
        return -1;
    }
    ls_export_cell_key(spec, text, len, key);
    long l = find_level(in, key);
    for (size_t f = 0; l < 0 && f < in->n_folded; f++) {
        if (strcmp(in->folded[f].key, key) == 0) {
            l = (long)in->folded[f].level;
        }
    }
    if (key != small) {
        free(key);
    }
    return l >= 0 ? l : (long)in->unseen_level;
}
