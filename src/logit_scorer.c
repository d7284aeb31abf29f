/* logit_scorer.c: a learned logistic model behind the scorer interface.
 *
 * Each record is encoded exactly as training encoded it, from what the model
 * file recorded: the same placeholders read as missing, the same level keys
 * (trimmed, case folded), rare levels into "(other)", medians for missing
 * numbers. A level never seen in training scores as the reference level and
 * is counted, so that the caller can say how often that happened.
 *
 * Reasons are per input column: the column's share of the linear predictor
 * against an average training lead, sum_t w_t (x_t - mean_t) over its terms,
 * in logit points. The shares of all columns plus the average lead's logit
 * give this lead's logit exactly. A reason names the lead's level
 * ("job_title=Student") or value ("visits=12"); a value is formatted only
 * for the reasons asked for, after they are chosen. */
#define _GNU_SOURCE /* strfromd */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadscore/model.h"
#include "leadscore/model_io.h"
#include "digits.h"
#include "scorer_internal.h"

#define MAX_SPELLINGS 4096
#define MEMO_GIVE_UP (4 * MAX_SPELLINGS)

/* What a cell spelling reads as: missing or not, and its level (categorical;
 * -1 when unseen in training) or its number. */
typedef struct {
    int missing;
    long level;
    double value;
} cell_memo;

typedef struct {
    long column;          /* CSV column bound to this input */
    size_t value_term;    /* numeric: the value term */
    long missing_term;    /* numeric: the "(missing)" term, or -1 */
    long *level_term;     /* categorical: term of each level, -1 for the reference */
    double baseline;      /* sum over the input's terms of w_t * mean_t */
    long unseen;          /* cells with a level unseen in training (or missing without a level) */
    long missing_to;      /* categorical: the level a missing cell scores as, -1 when training had none */
    /* cells seen while scoring, as written (untrimmed): most cells repeat
     * one, which then costs one lookup instead of trimming, testing for a
     * placeholder, and parsing a number or computing a level key */
    ls_levels *spellings;
    cell_memo *memo;      /* per spelling, what it reads as */
    int memo_full;        /* MAX_SPELLINGS remembered */
    long memo_misses;     /* lookups that missed once the memo was full */
    char **labels;        /* reasons' names: "column=Level" per level, or "column" and "column=(missing)" */
    size_t n_labels;
    const char *label;    /* of the current record */
    ls_na_list own_na;    /* the placeholders of this column when it has its own (pdays=-1) */
    int has_own_na;
    /* numeric: "column=" and room for a value, formatted when it is a reason */
    char *value_label;
    size_t name_length;   /* of "column=" */
    double value;         /* of the current record */
    int value_pending;    /* label is value_label, its value not yet written */
} input_binding;

typedef struct {
    ls_model *model;
    input_binding *in;
    char *key;
    size_t key_cap;
    double *contribution; /* per input, current record */
    size_t *order;
    int strict;
} logit_scorer;

static void logit_free(void *impl)
{
    logit_scorer *ls = impl;
    if (ls == NULL) {
        return;
    }
    for (size_t i = 0; ls->in != NULL && i < ls->model->n_inputs; i++) {
        free(ls->in[i].level_term);
        ls_levels_free(ls->in[i].spellings);
        free(ls->in[i].memo);
        for (size_t l = 0; l < ls->in[i].n_labels; l++) {
            free(ls->in[i].labels[l]);
        }
        free(ls->in[i].labels);
        ls_na_list_free(&ls->in[i].own_na);
        free(ls->in[i].value_label);
    }
    free(ls->in);
    free(ls->key);
    free(ls->contribution);
    free(ls->order);
    ls_model_free(ls->model);
    free(ls);
}

static char *make_label(const char *column, const char *level)
{
    size_t n = strlen(column) + (level != NULL ? strlen(level) + 1 : 0) + 1;
    char *label = malloc(n);
    if (label != NULL) {
        snprintf(label, n, level != NULL ? "%s=%s" : "%s", column, level);
    }
    return label;
}

/* Every name a reason can carry, made once: none is formatted per lead. */
static int make_labels(const ls_input *in, input_binding *b)
{
    b->n_labels = in->categorical ? ls_levels_count(in->levels) : 2;
    b->labels = calloc(b->n_labels ? b->n_labels : 1, sizeof *b->labels);
    if (b->labels == NULL) {
        return -1;
    }
    for (size_t l = 0; l < b->n_labels; l++) {
        const char *level = in->categorical ? ls_levels_display(in->levels, l) : l == 1 ? LS_LEVEL_MISSING : NULL;
        if ((b->labels[l] = make_label(in->name, level)) == NULL) {
            return -1;
        }
    }
    if (!in->categorical) {
        b->name_length = strlen(in->name) + 1;
        if ((b->value_label = malloc(b->name_length + 32)) == NULL) {
            return -1;
        }
        memcpy(b->value_label, in->name, b->name_length - 1);
        b->value_label[b->name_length - 1] = '=';
        b->value_label[b->name_length] = '\0';
    }
    return 0;
}

/* Writes v compactly after "column=": whole numbers as digits (most are
 * counts: no printf), anything else as %g with up to 6 significant digits. */
static void write_value(input_binding *b)
{
    char *out = b->value_label + b->name_length;
    double v = b->value;
    if (fabs(v) < 1e15 && v == floor(v)) {
        size_t n = 0;
        if (v < 0) {
            out[n++] = '-';
        }
        n += ls_put_digits(out + n, (unsigned long long)llabs((long long)v));
        out[n] = '\0';
    } else {
        strfromd(out, 32, "%.6g", v);
    }
    b->value_pending = 0;
}

static int prepare(logit_scorer *ls)
{
    ls_model *m = ls->model;
    size_t n = m->n_inputs ? m->n_inputs : 1;
    ls->in = calloc(n, sizeof *ls->in);
    ls->contribution = calloc(n, sizeof *ls->contribution);
    ls->order = calloc(n, sizeof *ls->order);
    ls->key_cap = 256;
    ls->key = malloc(ls->key_cap);
    if (ls->in == NULL || ls->contribution == NULL || ls->order == NULL || ls->key == NULL) {
        return -1;
    }
    for (size_t i = 0; i < m->n_inputs; i++) {
        input_binding *b = &ls->in[i];
        b->column = -1;
        b->missing_term = -1;
        if (make_labels(&m->inputs[i], b) != 0) {
            return -1;
        }
        if (ls_column_na_has(&m->column_na, m->inputs[i].name)) {
            if (ls_na_list_for_column(&m->na, &m->column_na, m->inputs[i].name, &b->own_na) != 0) {
                return -1;
            }
            b->has_own_na = 1;
        }
        b->spellings = ls_levels_new();
        b->memo = malloc(MAX_SPELLINGS * sizeof *b->memo);
        if (b->spellings == NULL || b->memo == NULL) {
            return -1;
        }
        if (m->inputs[i].categorical) {
            const ls_input *in = &m->inputs[i];
            /* training coded missing cells as "(missing)", or, when that
             * level was too rare and folded, as the level folds go to */
            b->missing_to = in->missing_level;
            if (b->missing_to < 0 && in->folded != NULL && ls_levels_find(in->folded, "\001missing", 8) >= 0) {
                b->missing_to = in->other_level >= 0 ? in->other_level : (long)in->reference;
            }
            size_t nl = ls_levels_count(m->inputs[i].levels);
            b->level_term = malloc((nl ? nl : 1) * sizeof *b->level_term);
            if (b->level_term == NULL) {
                return -1;
            }
            for (size_t l = 0; l < nl; l++) {
                b->level_term[l] = -1;
            }
        }
    }
    for (size_t t = 1; t < m->n_terms; t++) {
        const ls_term *term = &m->terms[t];
        input_binding *b = &ls->in[term->input];
        b->baseline += term->weight * term->mean;
        if (term->kind == LS_TERM_NUMERIC) {
            b->value_term = t;
        } else if (term->kind == LS_TERM_MISSING) {
            b->missing_term = (long)t;
        } else {
            b->level_term[term->level] = (long)t;
        }
    }
    return 0;
}

static long find_name(const char *const *names, size_t n_names, const char *name)
{
    for (size_t j = 0; j < n_names; j++) {
        if (names[j] != NULL && strcmp(names[j], name) == 0) {
            return (long)j;
        }
    }
    return -1;
}

static int logit_bind(void *impl, const char *const *names, size_t n_names, ls_error *err)
{
    logit_scorer *ls = impl;
    const ls_model *m = ls->model;
    char missing[400] = "";
    size_t used = 0, n_missing = 0;
    for (size_t i = 0; i < m->n_inputs; i++) {
        ls->in[i].column = find_name(names, n_names, m->inputs[i].name);
        ls->in[i].unseen = 0;
        if (ls->in[i].column < 0) {
            n_missing++;
            if (used < sizeof missing - 1) {
                used += (size_t)snprintf(missing + used, sizeof missing - used, "%s'%s'", used ? ", " : "",
                                         m->inputs[i].name);
            }
        }
    }
    if (n_missing > 0) {
        return ls_errorf(err, LS_EDATA, NULL, 0, 0, "%zu column%s the model needs %s missing: %s", n_missing,
                         n_missing > 1 ? "s" : "", n_missing > 1 ? "are" : "is", missing);
    }
    return LS_OK;
}

/* The level index a trimmed cell maps to, as training mapped it; -1 when
 * unseen, -2 when out of memory. */
static long level_of(logit_scorer *ls, const ls_input *in, const char *text, size_t len)
{
    if (len + 1 > ls->key_cap) {
        char *k = realloc(ls->key, (len + 1) * 2);
        if (k == NULL) {
            return -2;
        }
        ls->key = k;
        ls->key_cap = (len + 1) * 2;
    }
    size_t key_len = ls_level_key(text, len, ls->model->case_sensitive, ls->key);
    long l = ls_levels_find(in->levels, ls->key, key_len);
    if (l < 0 && ls_levels_find(in->folded, ls->key, key_len) >= 0) {
        l = in->other_level >= 0 ? in->other_level : (long)in->reference;
    }
    return l;
}

/* Reads the cell of input i: what it reads as, from the memo when spelled as
 * before, else by trimming, testing for a placeholder and parsing (then
 * remembered while there is room). A number that does not parse is an error
 * (never remembered: every such lead reports it). */
static int read_cell(logit_scorer *ls, size_t i, const char *cell, size_t cell_len, cell_memo *out, ls_error *err)
{
    const ls_model *m = ls->model;
    const ls_input *in = &m->inputs[i];
    input_binding *b = &ls->in[i];
    /* a column of ever new values (amounts, IDs) fills the memo and then
     * misses: past MEMO_GIVE_UP such misses it is no longer consulted */
    if (!b->memo_full || b->memo_misses < MEMO_GIVE_UP) {
        long seen = ls_levels_find(b->spellings, cell, cell_len);
        if (seen >= 0) {
            *out = b->memo[seen];
            return LS_OK;
        }
        b->memo_misses += b->memo_full;
    }
    const char *text;
    size_t len = ls_trim(cell, cell_len, &text);
    out->missing = ls_cell_is_missing(text, len, b->has_own_na ? &b->own_na : &m->na);
    out->level = -1;
    out->value = in->impute;
    if (!in->categorical && !out->missing &&
        ls_cell_parse_number_as(text, len, &m->number, &out->value) != LS_CELL_NUMBER) {
        return ls_errorf(err, LS_EPARSE, NULL, 0, b->column + 1, "column '%s' is numeric in the model but holds '%.*s'",
                         in->name, (int)(len < 40 ? len : 40), text);
    }
    if (in->categorical) {
        out->level = out->missing ? b->missing_to : level_of(ls, in, text, len);
        if (out->level == -2) {
            return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
        }
    }
    if (!b->memo_full) {
        long k = ls_levels_add(b->spellings, cell, cell_len, cell, cell_len);
        if (k < 0) {
            return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
        }
        b->memo[k] = *out;
        b->memo_full = k + 1 >= MAX_SPELLINGS;
    }
    return LS_OK;
}

/* A logit that is inf or NaN (values near the largest double under weights
 * of opposite signs) would print as nan and hang a rank computation: refuse
 * the lead, naming the input with the largest contribution. */
static int not_finite_error(const logit_scorer *ls, double eta, ls_error *err)
{
    const ls_model *m = ls->model;
    size_t worst = 0;
    for (size_t i = 1; i < m->n_inputs; i++) {
        double a = fabs(ls->contribution[i]), b = fabs(ls->contribution[worst]);
        if (!(a <= b)) {
            worst = i;
        }
    }
    return ls_errorf(err, LS_EDATA, NULL, 0, m->n_inputs ? ls->in[worst].column + 1 : 0,
                     "the model's logit for this lead is %s: column '%s' holds a value too large to score",
                     isnan(eta) ? "not a number" : "infinite", m->n_inputs ? m->inputs[worst].name : "?");
}

static int logit_score(void *impl, const char *const *cells, const size_t *lengths, ls_score *out,
                       ls_reason *reasons, size_t max_reasons, size_t *n_reasons, ls_error *err)
{
    logit_scorer *ls = impl;
    const ls_model *m = ls->model;
    double eta = m->terms[0].weight;
    for (size_t i = 0; i < m->n_inputs; i++) {
        const ls_input *in = &m->inputs[i];
        input_binding *b = &ls->in[i];
        cell_memo c;
        int status = read_cell(ls, i, cells[b->column], lengths[b->column], &c, err);
        if (status != LS_OK) {
            return status;
        }
        double part = 0.0;
        if (!in->categorical) {
            part = m->terms[b->value_term].weight * c.value;
            /* a reason says the lead's value, or that it had none */
            b->label = c.missing ? b->labels[1] : b->value_label;
            b->value = c.value;
            b->value_pending = !c.missing;
            if (b->missing_term >= 0 && c.missing) {
                part += m->terms[b->missing_term].weight;
            } else if (c.missing) {
                b->unseen++; /* no missing cell in training: imputed, but counted */
            }
        } else {
            long l = c.level;
            if (l < 0) {
                if (ls->strict) {
                    const char *text;
                    size_t len = ls_trim(cells[b->column], lengths[b->column], &text);
                    return ls_errorf(err, LS_EDATA, NULL, 0, b->column + 1,
                                     "column '%s': level '%.*s' was never seen in training (--strict)", in->name,
                                     c.missing ? 9 : (int)(len < 40 ? len : 40), c.missing ? "(missing)" : text);
                }
                b->unseen++;
                l = (long)in->reference;
            }
            long t = b->level_term[l];
            part = t >= 0 ? m->terms[t].weight : 0.0;
            b->label = b->labels[l];
        }
        eta += part;
        ls->contribution[i] = part - b->baseline;
    }
    if (!isfinite(eta)) {
        return not_finite_error(ls, eta, err);
    }
    out->probability = ls_logistic(eta);
    out->score = ls_probability_score(out->probability);
    if (reasons != NULL) {
        /* the top max_reasons by |contribution|, by selection: K is small */
        size_t n = m->n_inputs, k = 0;
        for (size_t i = 0; i < n; i++) {
            ls->order[i] = i;
        }
        for (; k < max_reasons && k < n; k++) {
            size_t best = k;
            for (size_t i = k + 1; i < n; i++) {
                if (fabs(ls->contribution[ls->order[i]]) > fabs(ls->contribution[ls->order[best]])) {
                    best = i;
                }
            }
            size_t t = ls->order[k];
            ls->order[k] = ls->order[best];
            ls->order[best] = t;
            if (ls->contribution[ls->order[k]] == 0.0) {
                break;
            }
            input_binding *chosen = &ls->in[ls->order[k]];
            if (chosen->value_pending && chosen->label == chosen->value_label) {
                write_value(chosen);
            }
            reasons[k].term = chosen->label;
            reasons[k].contribution = ls->contribution[ls->order[k]];
        }
        *n_reasons = k;
    }
    return LS_OK;
}

static size_t logit_n_inputs(const void *impl)
{
    return ((const logit_scorer *)impl)->model->n_inputs;
}

static const char *logit_input_name(const void *impl, size_t i)
{
    return ((const logit_scorer *)impl)->model->inputs[i].name;
}

static long logit_unseen(const void *impl, size_t i)
{
    return ((const logit_scorer *)impl)->in[i].unseen;
}

static void logit_set_strict(void *impl, int strict)
{
    ((logit_scorer *)impl)->strict = strict;
}

static const ls_scorer_ops logit_ops = {"logit", logit_bind, logit_score, logit_n_inputs, logit_input_name,
                                        logit_unseen, logit_set_strict, logit_free};

int ls_logit_scorer_open(cJSON *root, const char *path, ls_scorer *s, ls_error *err)
{
    logit_scorer *ls = calloc(1, sizeof *ls);
    if (ls == NULL) {
        return ls_errorf(err, LS_ENOMEM, path, 0, 0, "out of memory");
    }
    int status = ls_model_from_json(root, path, &ls->model, err);
    if (status != LS_OK) {
        free(ls);
        return status;
    }
    const ls_model *m = ls->model;
    s->na_values = calloc(m->na.n + 1, sizeof *s->na_values);
    int failed = prepare(ls) != 0 || s->na_values == NULL;
    for (size_t i = 0; !failed && i < m->na.n; i++) {
        failed = (s->na_values[i] = strdup(m->na.values[i])) == NULL;
    }
    if (!failed && m->id_column != NULL) {
        failed = (s->id_column = strdup(m->id_column)) == NULL;
    }
    if (failed) {
        logit_free(ls);
        return ls_errorf(err, LS_ENOMEM, path, 0, 0, "out of memory");
    }
    s->ops = &logit_ops;
    s->has_probability = 1;
    s->impl = ls;
    s->bands = m->bands;
    s->delimiter = m->delimiter;
    return LS_OK;
}
