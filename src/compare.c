/* compare.c: pairs of scorers on the same leads (see compare.h). */
#define _GNU_SOURCE /* qsort_r */
#include "leadscore/compare.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void ls_comparison_free(ls_comparison *c)
{
    if (c == NULL) {
        return;
    }
    for (size_t k = 0; k < c->n_pairs; k++) {
        free(c->pairs[k].migration);
    }
    free(c->pairs);
    free(c->at_capacity);
    free(c);
}

/* Highest value first; ties in file order. */
static int by_value_desc(const void *a, const void *b, void *ctx)
{
    const double *p = ctx;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    if (p[i] != p[j]) {
        return p[i] > p[j] ? -1 : 1;
    }
    return (i > j) - (i < j);
}

int ls_compare_order(const ls_evaluation *e, size_t *order)
{
    for (size_t i = 0; i < e->n; i++) {
        order[i] = i;
    }
    qsort_r(order, e->n, sizeof *order, by_value_desc, (void *)e->p);
    return LS_OK;
}

void ls_holm(const double *p, size_t n, double *adjusted)
{
    /* sort indexes by p ascending (NAN last), then the running maximum of
     * min(1, (n - rank) p) */
    size_t *idx = malloc((n ? n : 1) * sizeof *idx);
    if (idx == NULL) {
        /* no memory for the sort: Bonferroni, which is never less strict */
        for (size_t i = 0; i < n; i++) {
            adjusted[i] = fmin(1.0, p[i] * (double)n);
        }
        return;
    }
    for (size_t i = 0; i < n; i++) {
        idx[i] = i;
    }
    for (size_t i = 1; i < n; i++) { /* insertion sort: a handful of pairs */
        size_t v = idx[i], j = i;
        while (j > 0 && (isnan(p[idx[j - 1]]) || p[idx[j - 1]] > p[v]) && !isnan(p[v])) {
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = v;
    }
    double running = 0.0;
    for (size_t r = 0; r < n; r++) {
        double q = p[idx[r]];
        if (isnan(q)) {
            adjusted[idx[r]] = NAN;
            continue;
        }
        running = fmax(running, fmin(1.0, (double)(n - r) * q));
        adjusted[idx[r]] = running;
    }
    free(idx);
}

/* Paired DeLong for scorers a and b over the same leads. */
static int delong_pair(const ls_evaluation *a, const ls_evaluation *b, ls_pair_comparison *out)
{
    size_t n = a->n, n1 = 0;
    for (size_t i = 0; i < n; i++) {
        n1 += a->y[i];
    }
    size_t n0 = n - n1;
    out->auc_defined = n1 > 0 && n0 > 0;
    if (!out->auc_defined) {
        out->auc_a = out->auc_b = out->auc_difference = out->ci_lo = out->ci_hi = NAN;
        out->z = out->p_value = NAN;
        return LS_OK;
    }
    double *va = malloc(n * sizeof *va), *vb = malloc(n * sizeof *vb);
    if (va == NULL || vb == NULL || ls_delong_components(a->p, a->y, n, va, &out->auc_a) != LS_OK ||
        ls_delong_components(b->p, b->y, n, vb, &out->auc_b) != LS_OK) {
        free(va);
        free(vb);
        return LS_ENOMEM;
    }
    /* means, then the 2 x 2 covariance of the components over positives
     * (s10) and over negatives (s01), n - 1 in the denominators */
    double m1a = 0, m1b = 0, m0a = 0, m0b = 0;
    for (size_t i = 0; i < n; i++) {
        if (a->y[i]) {
            m1a += va[i];
            m1b += vb[i];
        } else {
            m0a += va[i];
            m0b += vb[i];
        }
    }
    m1a /= (double)n1;
    m1b /= (double)n1;
    m0a /= (double)n0;
    m0b /= (double)n0;
    double s10aa = 0, s10bb = 0, s10ab = 0, s01aa = 0, s01bb = 0, s01ab = 0;
    for (size_t i = 0; i < n; i++) {
        if (a->y[i]) {
            double da = va[i] - m1a, db = vb[i] - m1b;
            s10aa += da * da;
            s10bb += db * db;
            s10ab += da * db;
        } else {
            double da = va[i] - m0a, db = vb[i] - m0b;
            s01aa += da * da;
            s01bb += db * db;
            s01ab += da * db;
        }
    }
    free(va);
    free(vb);
    if (n1 < 2 || n0 < 2) {
        /* a variance from one lead of a class does not exist: AUCs only */
        out->auc_difference = out->auc_a - out->auc_b;
        out->ci_lo = out->ci_hi = out->z = out->p_value = NAN;
        return LS_OK;
    }
    double d1 = (double)(n1 - 1), d0 = (double)(n0 - 1);
    double var = (s10aa + s10bb - 2 * s10ab) / d1 / (double)n1 + (s01aa + s01bb - 2 * s01ab) / d0 / (double)n0;
    if (var < 0) {
        var = 0; /* rounding, for two identical scorers */
    }
    double diff = out->auc_a - out->auc_b, se = sqrt(var);
    const double zq = gsl_cdf_ugaussian_Pinv(0.975);
    out->auc_difference = diff;
    out->ci_lo = diff - zq * se;
    out->ci_hi = diff + zq * se;
    if (se > 0) {
        out->z = diff / se;
        out->p_value = 2 * gsl_cdf_ugaussian_Q(fabs(out->z));
    } else {
        /* identical rankings: no difference, nothing to test */
        out->z = diff == 0 ? 0.0 : (diff > 0 ? INFINITY : -INFINITY);
        out->p_value = diff == 0 ? 1.0 : 0.0;
    }
    return LS_OK;
}

/* Exact two-sided McNemar: b discordant one way, c the other; the smaller
 * count's binomial tail at 1/2, doubled, at most 1. */
static double mcnemar_exact(size_t b, size_t c)
{
    size_t n = b + c;
    if (n == 0) {
        return 1.0;
    }
    size_t k = b < c ? b : c;
    return fmin(1.0, 2 * gsl_cdf_binomial_P((unsigned)k, 0.5, (unsigned)n));
}

static int migration(const ls_evaluation *a, const ls_evaluation *b, size_t na, size_t nb, ls_pair_comparison *out)
{
    out->n_bands_a = na;
    out->n_bands_b = nb;
    size_t cells = na * nb;
    out->migration = calloc(cells > 0 ? cells : 1, sizeof *out->migration);
    if (out->migration == NULL) {
        return LS_ENOMEM;
    }
    for (size_t i = 0; i < a->n; i++) {
        ls_migration_cell *cell = &out->migration[(size_t)a->band[i] * nb + b->band[i]];
        cell->leads++;
        cell->converted += a->y[i];
    }
    return LS_OK;
}

static int same_leads(const ls_evaluation *a, const ls_evaluation *b)
{
    return a->n == b->n && memcmp(a->y, b->y, a->n) == 0;
}

static size_t default_capacity(const ls_evaluation *e)
{
    if (e->sql_band < 0) {
        return 0;
    }
    size_t n = 0;
    for (size_t i = 0; i < e->n; i++) {
        n += e->band[i] >= (unsigned char)e->sql_band;
    }
    return n;
}

int ls_compare(const ls_evaluation *const *ev, const ls_bands *const *bands, size_t n_scorers, size_t capacity,
               ls_comparison **out, ls_error *err)
{
    if (n_scorers < 2) {
        return ls_errorf(err, LS_EUSAGE, NULL, 0, 0, "a comparison needs at least two scorers, got %zu", n_scorers);
    }
    for (size_t k = 1; k < n_scorers; k++) {
        if (!same_leads(ev[0], ev[k])) {
            return ls_errorf(err, LS_EUSAGE, NULL, 0, 0, "scorers 1 and %zu were evaluated on different leads", k + 1);
        }
    }
    size_t n = ev[0]->n;
    if (capacity == 0) {
        capacity = default_capacity(ev[0]);
        if (capacity == 0) {
            return ls_errorf(err, LS_EDATA, NULL, 0, 0,
                             "the first scorer puts no lead in an SQL band, so there is no default capacity: "
                             "give one");
        }
    }
    if (capacity > n) {
        return ls_errorf(err, LS_EUSAGE, NULL, 0, 0, "the capacity %zu is larger than the %zu leads", capacity, n);
    }
    ls_comparison *c = calloc(1, sizeof *c);
    size_t n_pairs = n_scorers * (n_scorers - 1) / 2;
    size_t *order = malloc(n * sizeof *order);
    unsigned char *top = calloc(n_scorers * n, 1); /* top[k * n + i]: lead i in scorer k's top N */
    double *p = malloc(2 * n_pairs * sizeof *p);
    int status = LS_OK;
    if (c == NULL || order == NULL || top == NULL || p == NULL ||
        (c->at_capacity = calloc(n_scorers, sizeof *c->at_capacity)) == NULL ||
        (c->pairs = calloc(n_pairs, sizeof *c->pairs)) == NULL) {
        status = LS_ENOMEM;
        goto done;
    }
    c->n_scorers = n_scorers;
    c->n_leads = n;
    c->capacity = capacity;
    c->n_pairs = n_pairs;
    for (size_t i = 0; i < n; i++) {
        c->positives += ev[0]->y[i];
    }
    for (size_t k = 0; k < n_scorers; k++) {
        ls_compare_order(ev[k], order);
        ls_capacity_stats *s = &c->at_capacity[k];
        s->threshold = 100;
        for (size_t r = 0; r < capacity; r++) {
            size_t i = order[r];
            top[k * n + i] = 1;
            s->captured += ev[k]->y[i];
            if (ev[k]->score[i] < s->threshold) {
                s->threshold = ev[k]->score[i];
            }
        }
        s->precision = (double)s->captured / (double)capacity;
        s->recall = c->positives ? (double)s->captured / (double)c->positives : NAN;
    }
    size_t q = 0;
    for (size_t a = 0; a < n_scorers && status == LS_OK; a++) {
        for (size_t b = a + 1; b < n_scorers && status == LS_OK; b++, q++) {
            ls_pair_comparison *pc = &c->pairs[q];
            pc->a = a;
            pc->b = b;
            if ((status = delong_pair(ev[a], ev[b], pc)) != LS_OK ||
                (status = migration(ev[a], ev[b], bands[a]->n, bands[b]->n, pc)) != LS_OK) {
                break;
            }
            for (size_t i = 0; i < n; i++) {
                int in_a = top[a * n + i], in_b = top[b * n + i];
                if (in_a && !in_b) {
                    pc->only_a++;
                    pc->only_a_converted += ev[a]->y[i];
                } else if (in_b && !in_a) {
                    pc->only_b++;
                    pc->only_b_converted += ev[a]->y[i];
                }
            }
            /* the paired hits: converted leads caught by one top N only */
            pc->mcnemar_p = mcnemar_exact(pc->only_a_converted, pc->only_b_converted);
            p[q] = pc->p_value;
            p[n_pairs + q] = pc->mcnemar_p;
        }
    }
    if (status == LS_OK) {
        double *adjusted = malloc(2 * n_pairs * sizeof *adjusted);
        if (adjusted == NULL) {
            status = LS_ENOMEM;
            goto done;
        }
        ls_holm(p, n_pairs, adjusted);
        ls_holm(p + n_pairs, n_pairs, adjusted + n_pairs);
        for (size_t k = 0; k < n_pairs; k++) {
            c->pairs[k].p_holm = adjusted[k];
            c->pairs[k].mcnemar_p_holm = adjusted[n_pairs + k];
        }
        free(adjusted);
    }
done:
    free(order);
    free(top);
    free(p);
    if (status != LS_OK) {
        ls_comparison_free(c);
        return ls_errorf(err, status, NULL, 0, 0, "out of memory");
    }
    *out = c;
    return LS_OK;
}
