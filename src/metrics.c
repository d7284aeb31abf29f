/* metrics.c: ranking, calibration and band figures from (y, p, score).
 *
 * One sort by probability gives everything rank-based: midranks for the AUC
 * and its DeLong variance, the KS statistic, and the deciles. */
#define _GNU_SOURCE /* qsort_r */
#include "leadscore/metrics.h"

#include <float.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void ls_metrics_free(ls_metrics *m)
{
    free(m);
}

/* Wilson score interval for k successes in n trials at 95%. */
static void wilson(size_t k, size_t n, double *lo, double *hi)
{
    if (n == 0) {
        *lo = *hi = NAN;
        return;
    }
    const double z = gsl_cdf_ugaussian_Pinv(0.975);
    double p = (double)k / (double)n, nn = (double)n;
    double centre = (p + z * z / (2 * nn)) / (1 + z * z / nn);
    double half = z * sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn)) / (1 + z * z / nn);
    *lo = centre - half;
    *hi = centre + half;
}

static int by_p_then_index(const void *a, const void *b, void *ctx)
{
    const double *p = ctx;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    double x = p[i], y = p[j];
    if (x != y) {
        return x < y ? -1 : 1;
    }
    return (i > j) - (i < j);
}

/* Midranks (1-based, ties averaged) of p over the rows where select(y) holds,
 * written at rank[i]; order is all rows sorted by p ascending. */
static void midranks(const size_t *order, size_t n, const double *p, const unsigned char *y, int which,
                     double *rank)
{
    size_t r = 0; /* rows of the selection seen so far */
    for (size_t a = 0; a < n;) {
        size_t b = a, count = 0;
        /* b == a always joins: a NaN, equal to nothing, must still advance */
        while (b < n && (b == a || p[order[b]] == p[order[a]])) {
            count += which < 0 || y[order[b]] == which;
            b++;
        }
        double mid = (double)r + (double)(count + 1) / 2.0;
        for (size_t k = a; k < b; k++) {
            if (which < 0 || y[order[k]] == which) {
                rank[order[k]] = mid;
            }
        }
        r += count;
        a = b;
    }
}


/* DeLong's components from order, the rows sorted by p ascending (ties by
 * row): shared by ls_delong_components() and ranking(), which already holds
 * that order, so an evaluation sorts once. n1, n0 > 0. */
static int components_sorted(const size_t *order, const double *p, const unsigned char *y, size_t n, size_t n1,
                             double *component, double *auc)
{
    size_t n0 = n - n1;
    double *all = malloc(n * sizeof *all), *own = malloc(n * sizeof *own);
    if (all == NULL || own == NULL) {
        free(all);
        free(own);
        return LS_ENOMEM;
    }
    midranks(order, n, p, y, -1, all);
    midranks(order, n, p, y, 1, own);
    midranks(order, n, p, y, 0, own);
    /* Mann-Whitney: AUC = (sum of positives' ranks - n1 (n1 + 1) / 2) / (n1 n0) */
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        if (y[i]) {
            sum += all[i];
            component[i] = (all[i] - own[i]) / (double)n0;
        } else {
            component[i] = 1.0 - (all[i] - own[i]) / (double)n1;
        }
    }
    *auc = (sum - (double)n1 * ((double)n1 + 1) / 2.0) / ((double)n1 * (double)n0);
    free(all);
    free(own);
    return LS_OK;
}

int ls_delong_components(const double *p, const unsigned char *y, size_t n, double *component, double *auc)
{
    size_t n1 = 0;
    for (size_t i = 0; i < n; i++) {
        n1 += y[i] != 0;
    }
    if (n1 == 0 || n1 == n) {
        return LS_EDATA;
    }
    size_t *order = malloc(n * sizeof *order);
    if (order == NULL) {
        return LS_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        order[i] = i;
    }
    qsort_r(order, n, sizeof *order, by_p_then_index, (void *)p);
    int status = components_sorted(order, p, y, n, n1, component, auc);
    free(order);
    return status;
}

static int ranking(const ls_metrics_input *in, const size_t *order, ls_metrics *m)
{
    size_t n = in->n, n1 = m->positives, n0 = n - n1;
    double *v = malloc(n * sizeof *v);
    if (v == NULL || components_sorted(order, in->p, in->y, n, n1, v, &m->auc) != LS_OK) {
        free(v);
        return -1;
    }
    /* DeLong's structural components: V10 (per positive) is the share of
     * negatives ranked below it, V01 (per negative) the share of positives
     * ranked above it, ties counting half; both from midranks. */
    double mean10 = 0, mean01 = 0, s10 = 0, s01 = 0;
    for (size_t i = 0; i < n; i++) {
        if (in->y[i]) {
            mean10 += v[i];
        } else {
            mean01 += v[i];
        }
    }
    mean10 /= (double)n1;
    mean01 /= (double)n0;
    for (size_t i = 0; i < n; i++) {
        if (in->y[i]) {
            s10 += (v[i] - mean10) * (v[i] - mean10);
        } else {
            s01 += (v[i] - mean01) * (v[i] - mean01);
        }
    }
    free(v);
    s10 = n1 > 1 ? s10 / (double)(n1 - 1) : 0.0;
    s01 = n0 > 1 ? s01 / (double)(n0 - 1) : 0.0;
    m->auc_se = sqrt(s10 / (double)n1 + s01 / (double)n0);
    const double z = gsl_cdf_ugaussian_Pinv(0.975);
    m->auc_lo = fmax(0.0, m->auc - z * m->auc_se);
    m->auc_hi = fmin(1.0, m->auc + z * m->auc_se);
    m->pairwise_rate = 1.0 - m->auc;
    /* KS: the largest gap between the outcome classes' cumulative
     * distributions of p, evaluated after each group of tied values */
    double c1 = 0, c0 = 0, ks = 0;
    for (size_t a = 0; a < n;) {
        size_t b = a;
        while (b < n && in->p[order[b]] == in->p[order[a]]) {
            if (in->y[order[b]]) {
                c1 += 1;
            } else {
                c0 += 1;
            }
            b++;
        }
        ks = fmax(ks, fabs(c0 / (double)n0 - c1 / (double)n1));
        a = b;
    }
    m->ks = ks;
    return 0;
}

static void deciles(const ls_metrics_input *in, const size_t *order, ls_metrics *m)
{
    size_t n = in->n;
    m->n_deciles = n >= 10 ? 10 : n;
    double cumulative = 0;
    for (size_t d = 0; d < m->n_deciles; d++) {
        ls_decile_stats *s = &m->deciles[d];
        memset(s, 0, sizeof *s);
        s->min_p = INFINITY;
        s->max_p = -INFINITY;
    }
    /* highest probability first; ties keep input order */
    size_t k = 0;
    for (size_t a = n; a > 0;) {
        size_t b = a;
        while (b > 0 && in->p[order[b - 1]] == in->p[order[a - 1]]) {
            b--;
        }
        for (size_t t = b; t < a; t++, k++) {
            size_t i = order[t];
            ls_decile_stats *s = &m->deciles[k * m->n_deciles / n];
            s->leads++;
            s->converted += in->y[i];
            s->mean_predicted += in->p[i];
            s->min_p = fmin(s->min_p, in->p[i]);
            s->max_p = fmax(s->max_p, in->p[i]);
        }
        a = b;
    }
    for (size_t d = 0; d < m->n_deciles; d++) {
        ls_decile_stats *s = &m->deciles[d];
        s->rate = (double)s->converted / (double)s->leads;
        s->observed = s->rate;
        s->mean_predicted = in->ranking_only ? NAN : s->mean_predicted / (double)s->leads;
        cumulative += (double)s->converted;
        s->cumulative_gain = m->positives ? cumulative / (double)m->positives : NAN;
        s->lift = m->base_rate > 0 ? s->rate / m->base_rate : NAN;
    }
}

static void bands(const ls_metrics_input *in, ls_metrics *m)
{
    const ls_bands *b = in->bands;
    size_t band_of_score[101];
    for (int s = 0; s <= 100; s++) {
        band_of_score[s] = ls_bands_find(b, s);
    }
    m->n_bands = b->n;
    for (size_t i = 0; i < in->n; i++) {
        int s = in->score[i] < 0 ? 0 : in->score[i] > 100 ? 100 : in->score[i];
        ls_band_stats *bs = &m->bands[band_of_score[s]];
        bs->leads++;
        bs->converted += in->y[i];
        m->score_counts[in->y[i] ? 1 : 0][s]++;
        size_t band = band_of_score[s];
        if (in->mql_band >= 0 && band >= (size_t)in->mql_band) {
            m->mql_or_above++;
        }
        if (in->sql_band >= 0 && band >= (size_t)in->sql_band) {
            m->sql++;
            m->unconverted_in_sql += !in->y[i];
        }
        if (in->mql_band >= 0 && band < (size_t)in->mql_band) {
            m->converted_below_mql += in->y[i];
        }
    }
    double previous = -1;
    m->bands_monotonic = 1;
    for (size_t k = 0; k < b->n; k++) {
        ls_band_stats *bs = &m->bands[k];
        bs->rate = bs->leads ? (double)bs->converted / (double)bs->leads : NAN;
        wilson(bs->converted, bs->leads, &bs->rate_lo, &bs->rate_hi);
        bs->share_leads = (double)bs->leads / (double)in->n;
        bs->share_conversions = m->positives ? (double)bs->converted / (double)m->positives : NAN;
        bs->lift = bs->leads && m->base_rate > 0 ? bs->rate / m->base_rate : NAN;
        if (bs->leads > 0) {
            if (bs->rate < previous) {
                m->bands_monotonic = 0;
            }
            previous = bs->rate;
        }
    }
    size_t mql_converted = 0, sql_converted = 0;
    for (size_t k = 0; k < b->n; k++) {
        if (in->mql_band >= 0 && k >= (size_t)in->mql_band) {
            mql_converted += m->bands[k].converted;
        }
        if (in->sql_band >= 0 && k >= (size_t)in->sql_band) {
            sql_converted += m->bands[k].converted;
        }
    }
    m->mql_to_sql_ratio = m->mql_or_above ? (double)m->sql / (double)m->mql_or_above : NAN;
    m->mql_rate = m->mql_or_above ? (double)mql_converted / (double)m->mql_or_above : NAN;
    m->sql_rate = m->sql ? (double)sql_converted / (double)m->sql : NAN;
    m->converted_below_mql_rate = m->positives ? (double)m->converted_below_mql / (double)m->positives : NAN;
    m->unconverted_in_sql_rate = m->sql ? (double)m->unconverted_in_sql / (double)m->sql : NAN;
    if (in->mql_band < 0) {
        m->converted_below_mql_rate = NAN;
    }
}

/* The lowest score threshold whose leads at or above it convert at the target
 * precision or better, and the lowest threshold that keeps the leads at or
 * above it within the sales team's capacity. Thresholds are scores that some
 * lead has. */
static void thresholds(const ls_metrics_input *in, ls_metrics *m)
{
    m->precision_threshold = -1;
    m->precision_at_threshold = NAN;
    m->capacity_threshold = -1;
    size_t above = 0, converted_above = 0;
    for (int s = 100; s >= 0; s--) {
        size_t here = m->score_counts[0][s] + m->score_counts[1][s];
        if (here == 0) {
            continue; /* a threshold between two scores selects nothing new */
        }
        above += here;
        converted_above += m->score_counts[1][s];
        if (in->target_precision > 0 && above > 0 &&
            (double)converted_above >= in->target_precision * (double)above) {
            m->precision_threshold = s;
            m->precision_at_threshold = (double)converted_above / (double)above;
        }
        if (in->capacity > 0 && above <= (size_t)in->capacity) {
            m->capacity_threshold = s;
            m->capacity_leads = above;
        }
    }
}

int ls_metrics_compute(const ls_metrics_input *in, ls_metrics **out, ls_error *err)
{
    if (in->n == 0) {
        return ls_errorf(err, LS_EDATA, NULL, 0, 0, "no leads to evaluate");
    }
    for (size_t i = 0; i < in->n; i++) {
        if (!(in->p[i] >= 0.0 && in->p[i] <= 1.0)) {
            return ls_errorf(err, LS_EDATA, NULL, 0, 0, "lead %zu has probability %g, outside [0, 1]", i + 1,
                             in->p[i]);
        }
        if (in->score[i] < 0 || in->score[i] > 100) {
            return ls_errorf(err, LS_EDATA, NULL, 0, 0, "lead %zu has score %d, outside 0-100", i + 1, in->score[i]);
        }
    }
    ls_metrics *m = calloc(1, sizeof *m);
    size_t *order = malloc(in->n * sizeof *order);
    if (m == NULL || order == NULL) {
        free(m);
        free(order);
        return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    m->rows = in->n;
    double loss = 0, brier = 0;
    const double eps = DBL_EPSILON;
    for (size_t i = 0; i < in->n; i++) {
        m->positives += in->y[i];
        double p = fmin(fmax(in->p[i], eps), 1 - eps);
        loss -= in->y[i] ? log(p) : log1p(-p);
        brier += (in->p[i] - in->y[i]) * (in->p[i] - in->y[i]);
        order[i] = i;
    }
    m->log_loss = in->ranking_only ? NAN : loss / (double)in->n;
    m->brier = in->ranking_only ? NAN : brier / (double)in->n;
    m->base_rate = (double)m->positives / (double)in->n;
    qsort_r(order, in->n, sizeof *order, by_p_then_index, (void *)in->p);
    m->auc_defined = m->positives > 0 && m->positives < in->n;
    if (m->auc_defined) {
        if (ranking(in, order, m) != 0) {
            free(m);
            free(order);
            return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
        }
    } else {
        m->auc = m->auc_lo = m->auc_hi = m->auc_se = m->ks = m->pairwise_rate = NAN;
    }
    deciles(in, order, m);
    bands(in, m);
    thresholds(in, m);
    free(order);
    *out = m;
    return LS_OK;
}
