/* model_profile.c: the training leads' distributions (profile.h), computed
 * once at training from the encoded dataset and the fitted weights.
 *
 * Probabilities come from linear predictors over the fit's own design blocks
 * (ls_logit_linear_predictor, or the fit's last pass, which is the same
 * computation), so the training leads are encoded here exactly as the fit
 * saw them; the scorer encodes CSV cells the same way, which is what makes
 * the training bins comparable with later leads' scores. */
#include "leadscore/profile.h"

#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "leadscore/logit.h"

void ls_profile_free(ls_profile *p)
{
    if (p == NULL) {
        return;
    }
    for (size_t i = 0; i < p->n_inputs; i++) {
        free(p->inputs[i].level_share);
    }
    free(p->inputs);
    free(p);
}

size_t ls_profile_bin(const ls_profile_bins *b, double x)
{
    size_t k = 0;
    while (k < b->n_edges && x > b->edges[k]) {
        k++;
    }
    return k;
}

void ls_profile_edges(const double *sorted, size_t n, ls_profile_bins *b)
{
    b->n_edges = 0;
    for (size_t k = 1; k < LS_PROFILE_BINS; k++) {
        /* v(ceil(k n / 10)), 1-based: the smallest value with at least k/10
         * of the values at or below it */
        size_t rank = (k * n + LS_PROFILE_BINS - 1) / LS_PROFILE_BINS;
        double e = sorted[rank > 0 ? rank - 1 : 0];
        /* the maximum as an edge would leave the last bin empty by
         * construction: a bin no training lead can fall in says nothing */
        if (e >= sorted[n - 1] && n > 0) {
            break;
        }
        if (b->n_edges == 0 || e > b->edges[b->n_edges - 1]) {
            b->edges[b->n_edges++] = e;
        }
    }
}

/* Fills value[a..b) with the order statistics of ranks rank[a..b) (0-based,
 * ascending, all within [lo, hi)) of data[lo..hi). GSL's quickselect leaves
 * the values partitioned around the rank it found, smaller before and larger
 * after (the invariant quickselect works by; test_profile.c checks it), so
 * the ranks below the middle one are looked for among the values before it
 * and those above among the values after: the nine deciles cost about
 * log2(10) passes over the values instead of nine. */
static void select_ranks(double *data, size_t lo, size_t hi, const size_t *rank, double *value, size_t a, size_t b)
{
    if (a >= b) {
        return;
    }
    size_t mid = a + (b - a) / 2;
    size_t r = rank[mid];
    double v = gsl_stats_select(data + lo, 1, hi - lo, r - lo);
    /* equal ranks (fewer than ten values) take the same value */
    size_t below = mid, above = mid + 1;
    while (below > a && rank[below - 1] == r) {
        below--;
    }
    while (above < b && rank[above] == r) {
        above++;
    }
    for (size_t k = below; k < above; k++) {
        value[k] = v;
    }
    select_ranks(data, lo, r, rank, value, a, below);
    select_ranks(data, r + 1, hi, rank, value, above, b);
}

/* Whole numbers spanning fewer than this many values are counted rather
 * than selected (below). */
#define COUNTED_SPAN 4096

/* The count of each value of x[0..n), whole numbers from min to
 * min + COUNTED_SPAN - 1, into count[] (count[v] for min + v). Counts, in one
 * pass, of the columns most lead data has (visits, page views, e-mails), whose
 * order statistics and bins they then give directly, where selections take
 * several passes. 0 when a value is no such number (or is -0, which counting
 * would give back as 0): the caller selects instead. */
static int count_whole_numbers(const double *x, size_t n, double min, size_t *count)
{
    /* within 2^52 of 0 every whole number, and every difference of two, is
     * exact in a double and in a long long */
    if (!(fabs(min) < 0x1p52) || (double)(long long)min != min) {
        return 0;
    }
    long long lowest = (long long)min;
    memset(count, 0, COUNTED_SPAN * sizeof *count);
    for (size_t i = 0; i < n; i++) {
        long long whole = (long long)x[i];
        if ((double)whole != x[i] || (x[i] == 0 && signbit(x[i]))) {
            return 0;
        }
        count[whole - lowest]++;
    }
    return 1;
}

/* The values of ranks rank[0..LS_PROFILE_BINS - 1) (0-based, ascending)
 * from count_whole_numbers()'s counts. */
static void counted_ranks(const size_t *count, double min, const size_t *rank, double *value)
{
    size_t below = 0, v = 0; /* values smaller than min + v */
    for (size_t k = 0; k < LS_PROFILE_BINS - 1; k++) {
        while (below + count[v] <= rank[k]) {
            below += count[v++];
        }
        value[k] = min + (double)v;
    }
}

/* Edges and shares of values[i] over the used rows; NaN cells count as
 * missing. work holds room for every row. The edges are order statistics,
 * found by counting whole numbers in a short span, else by selection (GSL's
 * quickselect, linear time): a sort of every numeric column cost more than
 * the fit itself. */
static void profile_values(const double *values, const unsigned char *use, size_t n_rows, size_t used, double *work,
                           size_t *count, ls_profile_bins *b, double *missing_share)
{
    size_t n = 0;
    double min = INFINITY, max = -INFINITY;
    for (size_t i = 0; i < n_rows; i++) {
        if ((use == NULL || use[i]) && !isnan(values[i])) {
            work[n++] = values[i];
            min = values[i] < min ? values[i] : min;
            max = values[i] > max ? values[i] : max;
        }
    }
    memset(b, 0, sizeof *b);
    *missing_share = (double)(used - n) / (double)used;
    if (n == 0) {
        return;
    }
    /* as ls_profile_edges() on sorted values: v(ceil(k n / 10)), repeats
     * dropped, stopping at the maximum */
    size_t rank[LS_PROFILE_BINS - 1];
    double candidate[LS_PROFILE_BINS - 1];
    for (size_t k = 1; k < LS_PROFILE_BINS; k++) {
        size_t r = (k * n + LS_PROFILE_BINS - 1) / LS_PROFILE_BINS;
        rank[k - 1] = r > 0 ? r - 1 : 0;
    }
    int counted = max - min < COUNTED_SPAN && count_whole_numbers(work, n, min, count);
    if (counted) {
        counted_ranks(count, min, rank, candidate);
    } else {
        select_ranks(work, 0, n, rank, candidate, 0, LS_PROFILE_BINS - 1);
    }
    for (size_t k = 0; k < LS_PROFILE_BINS - 1; k++) {
        double e = candidate[k];
        if (e >= max) {
            break;
        }
        if (b->n_edges == 0 || e > b->edges[b->n_edges - 1]) {
            b->edges[b->n_edges++] = e;
        }
    }
    size_t in_bin[LS_PROFILE_BINS] = {0};
    if (counted) {
        for (size_t v = 0; v <= (size_t)(max - min); v++) {
            in_bin[ls_profile_bin(b, min + (double)v)] += count[v];
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            in_bin[ls_profile_bin(b, work[i])]++;
        }
    }
    for (size_t k = 0; k <= b->n_edges; k++) {
        b->share[k] = (double)in_bin[k] / (double)used;
    }
}

static int profile_inputs(const ls_model *m, const ls_dataset *ds, const unsigned char *use, size_t used,
                          double *work, size_t *count, ls_profile *pr, ls_error *err)
{
    for (size_t k = 0; k < m->n_inputs; k++) {
        const ls_input *in = &m->inputs[k];
        ls_profile_input *pi = &pr->inputs[k];
        long col = ls_dataset_find(ds, in->name);
        if (col < 0) {
            return ls_errorf(err, LS_EDATA, ds->path, 1, 0, "column '%s' not found", in->name);
        }
        const ls_column *c = &ds->columns[col];
        if (!in->categorical) {
            profile_values(c->values, use, ds->n_rows, used, work, count, &pi->bins, &pi->missing_share);
            continue;
        }
        pi->categorical = 1;
        pi->n_levels = ls_levels_count(in->levels);
        pi->level_share = calloc(pi->n_levels ? pi->n_levels : 1, sizeof *pi->level_share);
        if (pi->level_share == NULL) {
            return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
        }
        for (size_t i = 0; i < ds->n_rows; i++) {
            if ((use == NULL || use[i]) && c->codes[i] < pi->n_levels) {
                pi->level_share[c->codes[i]] += 1.0;
            }
        }
        for (size_t l = 0; l < pi->n_levels; l++) {
            pi->level_share[l] /= (double)used;
        }
        pi->missing_share = in->missing_level >= 0 ? pi->level_share[in->missing_level] : 0.0;
    }
    return LS_OK;
}

int ls_profile_build(const ls_model *m, const ls_dataset *ds, const unsigned char *use, const double *eta,
                     ls_profile **out, ls_error *err)
{
    size_t used = 0;
    for (size_t i = 0; i < ds->n_rows; i++) {
        used += use == NULL || use[i];
    }
    if (used == 0) {
        return ls_errorf(err, LS_EDATA, ds->path, 0, 0, "no training rows to profile");
    }
    ls_profile *pr = calloc(1, sizeof *pr);
    double *p = malloc(ds->n_rows * sizeof *p), *work = malloc(ds->n_rows * sizeof *work);
    size_t *count = malloc(COUNTED_SPAN * sizeof *count);
    int status = LS_OK;
    if (pr == NULL || p == NULL || work == NULL || count == NULL ||
        (pr->inputs = calloc(m->n_inputs ? m->n_inputs : 1, sizeof *pr->inputs)) == NULL) {
        status = ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    if (status == LS_OK) {
        pr->rows = used;
        pr->n_inputs = m->n_inputs;
        /* the caller's predictors (the fit's last pass), or a pass of our own */
        if (eta == NULL) {
            status = ls_logit_linear_predictor(m, ds, p, err);
            eta = p;
        }
    }
    if (status == LS_OK) {
        for (size_t i = 0; i < ds->n_rows; i++) {
            p[i] = ls_logistic(eta[i]);
        }
        double missing;
        profile_values(p, use, ds->n_rows, used, work, count, &pr->score, &missing);
        status = profile_inputs(m, ds, use, used, work, count, pr, err);
    }
    free(p);
    free(work);
    free(count);
    if (status != LS_OK) {
        ls_profile_free(pr);
        return status;
    }
    *out = pr;
    return LS_OK;
}
