/* leadscore/metrics.h: how well scores rank and calibrate, from arrays.
 *
 * Knows nothing of CSV or models: the caller gives, per lead, the outcome
 * y (0/1), the probability p, the integer score 0-100 and the band index.
 * Figures follow scikit-learn's definitions (roc_auc_score; log_loss with
 * probabilities clipped to [eps, 1 - eps], eps the double machine epsilon, as
 * scikit-learn 1.2 does; brier_score_loss), DeLong et al. (1988) for the
 * AUC's standard error (in the O(n log n) midrank form of Sun & Xu 2014) with
 * the interval AUC +- 1.96 SE clipped to [0, 1], and Wilson intervals for
 * rates. Deciles: leads sorted by probability, highest first (ties in input
 * order), row k of n in decile floor(10 k / n).
 *
 * Ownership: ls_metrics_compute() gives the caller a result to release with
 * ls_metrics_free() (NULL is a no-op). Input arrays are borrowed. */
#ifndef LEADSCORE_METRICS_H
#define LEADSCORE_METRICS_H

#include <stddef.h>
#include <stdio.h>

#include "leadscore/bands.h"
#include "leadscore/error.h"

typedef struct {
    const unsigned char *y;  /* outcome 0/1, n */
    const double *p;         /* probability (or a normalised rule score), n */
    const int *score;        /* 0-100, n */
    size_t n;
    const ls_bands *bands;
    long mql_band;           /* band index where MQL starts, -1 when none */
    long sql_band;           /* band index where SQL starts, -1 when none */
    double target_precision; /* for the threshold suggestion; <= 0 skips it */
    long capacity;           /* leads per period the sales team can take; <= 0 skips it */
    /* p is only a ranking (a rule set's score / 100), not a probability:
     * log-loss, Brier and the deciles' mean predicted value are NAN */
    int ranking_only;
} ls_metrics_input;

typedef struct {
    size_t leads, converted;
    double rate, rate_lo, rate_hi; /* Wilson 95%; NAN when leads == 0 */
    double share_leads, share_conversions, lift;
} ls_band_stats;

typedef struct {
    size_t leads, converted;
    double rate, cumulative_gain, lift;
    double mean_predicted, observed;     /* calibration */
    double min_p, max_p;
} ls_decile_stats;

typedef struct ls_metrics {
    size_t rows, positives;
    int auc_defined;                  /* 0 with a single class: AUC, KS, DeLong are NAN */
    double auc, auc_lo, auc_hi, auc_se;
    double log_loss, brier, ks;       /* log_loss, brier NAN for a ranking only */
    double base_rate;
    size_t n_bands;
    ls_band_stats bands[LS_BANDS_MAX];
    int bands_monotonic;              /* conversion rises band by band (empty bands skipped) */
    /* MQL-to-SQL: leads at MQL or above, leads at SQL or above */
    size_t mql_or_above, sql;
    double mql_to_sql_ratio, mql_rate, sql_rate;
    /* misranked */
    size_t converted_below_mql, unconverted_in_sql;
    double converted_below_mql_rate, unconverted_in_sql_rate, pairwise_rate;
    size_t n_deciles;
    ls_decile_stats deciles[10];
    /* threshold suggestions: -1 when not asked or not reachable */
    int precision_threshold;
    double precision_at_threshold;
    int capacity_threshold;
    size_t capacity_leads;
    /* leads per score 0-100, for those that did not [0] and did [1] convert */
    size_t score_counts[2][101];
} ls_metrics;

/* DeLong's structural components of the AUC of p against y (both n long),
 * in O(n log n) from midranks: component[i] is, for a positive, the share of
 * negatives ranked below it (V10) and, for a negative, the share of
 * positives ranked above it (V01), ties counting half. Sets *auc. Returns
 * LS_EDATA with one class only, LS_ENOMEM; fills no error record (the
 * callers know what they were computing). Paired tests (compare) use it on
 * two scorers' p over the same leads. */
int ls_delong_components(const double *p, const unsigned char *y, size_t n, double *component, double *auc);

int ls_metrics_compute(const ls_metrics_input *in, ls_metrics **out, ls_error *err);
void ls_metrics_free(ls_metrics *m);

#endif
