/* leadscore/compare.h: A/B comparison of scorers on the same labelled leads.
 *
 * Takes the evaluations of two or more scorers over the same leads in the
 * same order (ls_evaluate_file() with several scorers gives exactly that)
 * and compares every pair:
 *   - the AUC difference with the paired DeLong test for correlated ROC
 *     curves (DeLong, DeLong & Clarke-Pearson 1988), as R's
 *     pROC::roc.test(a, b, method = "delong", paired = TRUE) computes it:
 *     var(A - B) = (s10_aa + s10_bb - 2 s10_ab) / n1
 *                + (s01_aa + s01_bb - 2 s01_ab) / n0
 *     from the structural components of metrics.h, z = diff / sqrt(var),
 *     p two-sided, the interval diff +- 1.959964 sqrt(var);
 *   - at equal capacity N (the same number of leads handed to sales by
 *     each scorer: its top N by probability, or by score for rule sets, ties
 *     broken by file order), the conversions each captures, the leads in A's
 *     top N and not B's and the other way round with their conversions, and
 *     McNemar's exact test on the paired hits (converted leads caught by one
 *     scorer's top N only: two-sided binomial test of b against b + c at
 *     1/2);
 *   - band migration: A's band x B's band, leads and conversions per cell.
 * With more than two scorers, the DeLong p-values are Holm-adjusted over all
 * pairs (the McNemar p-values too, separately).
 *
 * Ownership: ls_compare() gives a result to release with
 * ls_comparison_free() (NULL is a no-op). Evaluations and bands are
 * borrowed for the call only. */
#ifndef LEADSCORE_COMPARE_H
#define LEADSCORE_COMPARE_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdio.h>

#include "leadscore/bands.h"
#include "leadscore/error.h"
#include "leadscore/evaluate.h"

typedef struct {
    size_t leads, converted;
} ls_migration_cell;

typedef struct {
    size_t captured;         /* conversions among the top N */
    double precision;        /* captured / N */
    double recall;           /* captured / all conversions; NAN without any */
    int threshold;           /* the lowest score among the top N */
} ls_capacity_stats;

typedef struct {
    size_t a, b;             /* indexes of the scorers */
    int auc_defined;         /* 0 with one class: every AUC figure NAN */
    double auc_a, auc_b;
    double auc_difference;   /* auc_a - auc_b */
    double ci_lo, ci_hi;     /* 95% */
    double z, p_value;       /* p two-sided; identical rankings (var = 0, diff = 0): z 0, p 1;
                              * NAN (with the interval) when a class has fewer than 2 leads */
    double p_holm;           /* Holm-adjusted over the pairs (= p_value for one pair) */
    /* at capacity */
    size_t only_a, only_a_converted; /* in A's top N, not in B's */
    size_t only_b, only_b_converted;
    double mcnemar_p, mcnemar_p_holm;
    /* migration: cell [i * n_bands_b + j] holds leads in A's band i and B's band j */
    size_t n_bands_a, n_bands_b;
    ls_migration_cell *migration;
} ls_pair_comparison;

typedef struct {
    size_t n_scorers, n_leads, positives;
    size_t capacity;                 /* N, the same for every scorer */
    ls_capacity_stats *at_capacity;  /* per scorer */
    size_t n_pairs;                  /* n (n - 1) / 2: (0,1), (0,2), ..., (1,2), ... */
    ls_pair_comparison *pairs;
} ls_comparison;

/* evaluations[k] and bands[k] for scorer k; capacity 0 takes the number of
 * leads scorer 0 puts in its SQL band (the default: the effort the first
 * scorer asks of sales today, given to each). Errors: fewer than two
 * scorers, evaluations of different leads (counts or outcomes differ), a
 * capacity larger than the leads (LS_EUSAGE), no SQL band for the default. */
int ls_compare(const ls_evaluation *const *evaluations, const ls_bands *const *bands, size_t n_scorers,
               size_t capacity, ls_comparison **out, ls_error *err);

void ls_comparison_free(ls_comparison *comparison);

/* The ranks of every lead by one scorer, highest first, ties in file order:
 * order[0] is the best lead. Used for capacity and for gains curves. */
int ls_compare_order(const ls_evaluation *evaluation, size_t *order);

/* Holm's step-down adjustment of p[0..n) into adjusted[0..n). */
void ls_holm(const double *p, size_t n, double *adjusted);

/* What the reports print besides the figures: per scorer (same order as the
 * evaluations) its name, kind, bands and evaluation, and the data file. */
typedef struct {
    const char *data;
    const char *const *names;
    const char *const *kinds;
    const ls_bands *const *bands;
    const ls_evaluation *const *evaluations;
} ls_compare_context;

/* One sentence for a pair, e.g. 'learned-2026-10 ranks better than
 * "Marketing points, Q3": AUC 0.884 vs 0.791 (+0.093, 95% CI 0.081-0.105,
 * p < 1e-16); at 1,200 leads it finds 402 more conversions.' It says "no
 * detectable difference" when the interval covers 0 (or, with more than two
 * scorers, when the Holm-adjusted p is 0.05 or more). Returns the length. */
size_t ls_compare_verdict(const ls_comparison *c, const ls_compare_context *ctx, size_t pair, char *buf,
                          size_t size);

/* Aligned text tables ending with the verdicts. */
void ls_compare_text(const ls_comparison *c, const ls_compare_context *ctx, FILE *out);
/* The figures as JSON (models, pairs, capacity); the caller deletes it. */
cJSON *ls_compare_json(const ls_comparison *c, const ls_compare_context *ctx);
/* One self-contained page: verdicts on top, ROC curves and cumulative gains
 * overlaid, conversion by band side by side, each pair's migration matrix
 * as a heat map. Inline SVG and CSS, no script, no network. */
void ls_compare_html(const ls_comparison *c, const ls_compare_context *ctx, FILE *out);

#endif
