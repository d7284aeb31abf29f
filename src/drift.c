/* drift.c: one pass over new leads, binned as the training leads were
 * (profile.h), and the PSI/CSI of drift.h.
 *
 * Cells are read as the scorer reads them (the model's placeholders for
 * missing, level keys trimmed and case-folded, folded levels into
 * "(other)"), but only to count them: the probability comes from the scorer
 * itself, so the score bins see exactly what 'score' would print. */
#include "leadscore/drift.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "leadscore/cell.h"
#include "leadscore/levels.h"

double ls_psi(const double *expected, const double *actual, size_t n)
{
    double psi = 0.0;
    for (size_t k = 0; k < n; k++) {
        double e = expected[k] > LS_PSI_EPSILON ? expected[k] : LS_PSI_EPSILON;
        double a = actual[k] > LS_PSI_EPSILON ? actual[k] : LS_PSI_EPSILON;
        psi += (a - e) * log(a / e);
    }
    return psi;
}

ls_drift_status ls_drift_classify(double psi)
{
    return psi > LS_PSI_SHIFTED ? LS_DRIFT_SHIFTED : psi >= LS_PSI_WATCH ? LS_DRIFT_WATCH : LS_DRIFT_STABLE;
}

const char *ls_drift_status_name(ls_drift_status s)
{
    return s == LS_DRIFT_SHIFTED ? "shifted" : s == LS_DRIFT_WATCH ? "watch" : "stable";
}

void ls_drift_free(ls_drift *d)
{
    if (d == NULL) {
        return;
    }
    for (size_t i = 0; i < d->n_inputs; i++) {
        free(d->inputs[i].expected);
        free(d->inputs[i].actual);
    }
    free(d->inputs);
    free(d);
}

/* Bins of a categorical input: the levels, then "(missing)" when training
 * had no missing level, then "(unseen)". */
static size_t missing_bin(const ls_input *in, const ls_drift_input *di)
{
    if (in->categorical) {
        return in->missing_level >= 0 ? (size_t)in->missing_level : ls_levels_count(in->levels);
    }
    return di->n_bins - 1;
}

void ls_drift_bin_label(const ls_model *m, const ls_drift_input *di, size_t k, char *buf, size_t size)
{
    const ls_input *in = &m->inputs[di->input];
    if (k == missing_bin(in, di)) {
        snprintf(buf, size, "%s", LS_LEVEL_MISSING);
    } else if (in->categorical) {
        snprintf(buf, size, "%s", k < ls_levels_count(in->levels) ? ls_levels_display(in->levels, k) : "(unseen)");
    } else {
        const ls_profile_bins *b = &m->profile->inputs[di->input].bins;
        if (b->n_edges == 0) {
            snprintf(buf, size, "any value");
        } else if (k == 0) {
            snprintf(buf, size, "<= %.6g", b->edges[0]);
        } else if (k == b->n_edges) {
            snprintf(buf, size, "> %.6g", b->edges[k - 1]);
        } else {
            snprintf(buf, size, "(%.6g, %.6g]", b->edges[k - 1], b->edges[k]);
        }
    }
}

typedef struct {
    long column;
    size_t *counts;
    size_t missing_to;      /* the bin of a missing cell */
    size_t missing, unseen;
    ls_na_list own_na;      /* this column's placeholders when it has its own (--na pdays=-1) */
    int has_own_na;
} input_reader;

static int setup(const ls_model *m, const ls_csv_reader *reader, ls_drift *d, input_reader *ir, ls_error *err)
{
    const ls_profile *p = m->profile;
    for (size_t i = 0; i < m->n_inputs; i++) {
        const ls_input *in = &m->inputs[i];
        ls_drift_input *di = &d->inputs[i];
        di->input = i;
        di->name = in->name;
        di->categorical = in->categorical;
        if (in->categorical) {
            di->n_bins = ls_levels_count(in->levels) + (in->missing_level < 0) + 1;
        } else {
            di->n_bins = p->inputs[i].bins.n_edges + 2;
        }
        di->expected = calloc(di->n_bins, sizeof *di->expected);
        di->actual = calloc(di->n_bins, sizeof *di->actual);
        ir[i].counts = calloc(di->n_bins, sizeof *ir[i].counts);
        if (di->expected == NULL || di->actual == NULL || ir[i].counts == NULL) {
            return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
        }
        if (in->categorical) {
            memcpy(di->expected, p->inputs[i].level_share, p->inputs[i].n_levels * sizeof *di->expected);
        } else {
            memcpy(di->expected, p->inputs[i].bins.share, (p->inputs[i].bins.n_edges + 1) * sizeof *di->expected);
            di->expected[di->n_bins - 1] = p->inputs[i].missing_share;
        }
        di->training_missing_share = p->inputs[i].missing_share;
        ir[i].missing_to = missing_bin(in, di);
        if (in->categorical && in->missing_level < 0 && in->folded != NULL &&
            ls_levels_find(in->folded, "\001missing", 8) >= 0) {
            /* training's few missing cells were folded with the rare levels */
            ir[i].missing_to = in->other_level >= 0 ? (size_t)in->other_level : in->reference;
        }
        /* the scorer's bind has already named any missing column */
        ir[i].column = ls_csv_find_column(reader, in->name);
        /* cells read as the scorer reads them: this column's own placeholders */
        if (ls_column_na_has(&m->column_na, in->name)) {
            if (ls_na_list_for_column(&m->na, &m->column_na, in->name, &ir[i].own_na) != 0) {
                return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
            }
            ir[i].has_own_na = 1;
        }
    }
    return LS_OK;
}

/* Counts one cell of input i. key has room for the cell. */
static void count_cell(const ls_model *m, size_t i, const ls_drift_input *di, input_reader *ir, const char *text,
                       size_t len, char *key)
{
    const ls_input *in = &m->inputs[i];
    const char *start;
    size_t n = ls_trim(text, len, &start);
    if (ls_cell_is_missing(start, n, ir->has_own_na ? &ir->own_na : &m->na)) {
        ir->missing++;
        ir->counts[ir->missing_to]++;
        return;
    }
    if (!in->categorical) {
        double x;
        /* the scorer refused text already; a number (written as the training
         * file wrote them: decimal mark, thousands) is all that is left */
        if (ls_cell_parse_number_as(start, n, &m->number, &x) == LS_CELL_NUMBER) {
            ir->counts[ls_profile_bin(&m->profile->inputs[i].bins, x)]++;
        }
        return;
    }
    size_t klen = ls_level_key(start, n, m->case_sensitive, key);
    long level = ls_levels_find(in->levels, key, klen);
    if (level < 0 && in->folded != NULL && ls_levels_find(in->folded, key, klen) >= 0) {
        /* as training coded folded levels: "(other)", or the reference when
         * even "(other)" was too rare to keep (dataset_finalize.c) */
        level = in->other_level >= 0 ? in->other_level : (long)in->reference;
    }
    if (level < 0) {
        ir->unseen++;
        ir->counts[di->n_bins - 1]++;
    } else {
        ir->counts[level]++;
    }
}

static int compare_inputs(const void *a, const void *b)
{
    const ls_drift_input *x = a, *y = b;
    if (x->csi != y->csi) {
        return x->csi > y->csi ? -1 : 1;
    }
    return x->input < y->input ? -1 : x->input > y->input;
}

static int read_all(const ls_model *m, ls_scorer *scorer, ls_csv_reader *reader, ls_drift *d, input_reader *ir,
                    size_t *score_counts, ls_error *err)
{
    size_t key_cap = 256;
    char *key = malloc(key_cap);
    if (key == NULL) {
        return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    int status = LS_OK, got;
    while ((got = ls_csv_next(reader, err)) == 1) {
        ls_score s;
        if ((status = ls_scorer_score(scorer, reader, &s, NULL, 0, NULL, err)) != LS_OK) {
            break;
        }
        score_counts[ls_profile_bin(&m->profile->score, s.probability)]++;
        for (size_t i = 0; i < m->n_inputs; i++) {
            size_t len = ls_csv_field_length(reader, (size_t)ir[i].column);
            if (len + 1 > key_cap) {
                char *bigger = realloc(key, len + 1);
                if (bigger == NULL) {
                    status = ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
                    break;
                }
                key = bigger;
                key_cap = len + 1;
            }
            count_cell(m, i, &d->inputs[i], &ir[i], ls_csv_field(reader, (size_t)ir[i].column), len, key);
        }
        if (status != LS_OK) {
            break;
        }
        d->rows++;
    }
    free(key);
    if (status == LS_OK && got < 0) {
        status = -got;
    }
    if (status == LS_OK && d->rows == 0) {
        status = ls_errorf(err, LS_EDATA, ls_csv_path(reader), 1, 0, "no leads: the file has a header only");
    }
    return status;
}

int ls_drift_file(const ls_model *m, ls_scorer *scorer, ls_csv_reader *reader, ls_drift **out, ls_error *err)
{
    if (m->profile == NULL) {
        return ls_errorf(err, LS_EDATA, NULL, 0, 0,
                         "the model was trained before leadscore kept training distributions: drift needs a "
                         "retrain with this version");
    }
    int status = ls_scorer_bind(scorer, reader, err);
    if (status != LS_OK) {
        return status;
    }
    ls_drift *d = calloc(1, sizeof *d);
    input_reader *ir = calloc(m->n_inputs ? m->n_inputs : 1, sizeof *ir);
    if (d == NULL || ir == NULL || (d->inputs = calloc(m->n_inputs ? m->n_inputs : 1, sizeof *d->inputs)) == NULL) {
        free(ir);
        free(d);
        return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    d->n_inputs = m->n_inputs;
    d->training_rows = m->profile->rows;
    size_t score_counts[LS_PROFILE_BINS] = {0};
    status = setup(m, reader, d, ir, err);
    if (status == LS_OK) {
        status = read_all(m, scorer, reader, d, ir, score_counts, err);
    }
    if (status == LS_OK) {
        double n = (double)d->rows;
        d->n_score_bins = m->profile->score.n_edges + 1;
        for (size_t k = 0; k < d->n_score_bins; k++) {
            d->score_expected[k] = m->profile->score.share[k];
            d->score_actual[k] = (double)score_counts[k] / n;
        }
        d->score_psi = ls_psi(d->score_expected, d->score_actual, d->n_score_bins);
        d->score_status = ls_drift_classify(d->score_psi);
        for (size_t i = 0; i < d->n_inputs; i++) {
            ls_drift_input *di = &d->inputs[i];
            for (size_t k = 0; k < di->n_bins; k++) {
                di->actual[k] = (double)ir[i].counts[k] / n;
            }
            di->missing_share = (double)ir[i].missing / n;
            di->unseen_share = (double)ir[i].unseen / n;
            di->csi = ls_psi(di->expected, di->actual, di->n_bins);
            di->status = ls_drift_classify(di->csi);
        }
        qsort(d->inputs, d->n_inputs, sizeof *d->inputs, compare_inputs);
    }
    for (size_t i = 0; i < m->n_inputs; i++) {
        free(ir[i].counts);
        ls_na_list_free(&ir[i].own_na);
    }
    free(ir);
    if (status != LS_OK) {
        ls_drift_free(d);
        return status;
    }
    *out = d;
    return LS_OK;
}
