/* test_metrics.c: evaluation figures against scikit-learn, scipy, statsmodels
 * and pandas (tests/reference/metrics_case.json, computed by
 * scripts/reference/metrics_reference.py from tests/data/ok/metrics_case.csv,
 * 2000 leads on a coarse probability grid so that many tie), and against
 * small cases worked out by hand. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "leadscore/csv.h"
#include "leadscore/fileio.h"
#include "leadscore/metrics.h"
#include "ls_test.h"

#define TOL 1e-9

static ls_metrics *compute(const unsigned char *y, const double *p, const int *score, size_t n, const char *spec)
{
    static ls_bands bands;
    ls_error err = {0};
    ls_bands_parse(spec, &bands, &err);
    ls_metrics_input in = {y, p, score, n, &bands, ls_bands_index(&bands, "MQL"), ls_bands_index(&bands, "SQL"),
                           0.5, 100};
    ls_metrics *m = NULL;
    CU_ASSERT_EQUAL(ls_metrics_compute(&in, &m, &err), LS_OK);
    return m;
}

static double num(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItem(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static void metrics_should_agree_with_scikit_learn_and_pandas(void)
{
    char path[1024], ref_path[1024];
    ls_error err = {0};
    ls_csv_reader *r = NULL;
    CU_ASSERT_EQUAL_FATAL(ls_csv_open(ls_test_path(path, sizeof path, "tests/data/ok/metrics_case.csv"), NULL, &r, &err),
                          LS_OK);
    size_t n = 0, cap = 4096;
    unsigned char *y = malloc(cap);
    double *p = malloc(cap * sizeof *p);
    int *score = malloc(cap * sizeof *score);
    while (ls_csv_next(r, &err) == 1 && n < cap) {
        y[n] = (unsigned char)atoi(ls_csv_field(r, 0));
        p[n] = strtod(ls_csv_field(r, 1), NULL);
        score[n] = atoi(ls_csv_field(r, 2));
        n++;
    }
    ls_csv_close(r);
    char *text = NULL;
    CU_ASSERT_EQUAL_FATAL(ls_read_file(ls_test_path(ref_path, sizeof ref_path, "tests/reference/metrics_case.json"),
                                       &text, NULL, &err),
                          LS_OK);
    cJSON *ref = cJSON_Parse(text);
    free(text);
    ls_metrics *m = compute(y, p, score, n, "Prospect:0,Lead:11,MQL:41,SQL:71");
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(m->rows, (size_t)num(ref, "rows"));
    CU_ASSERT_EQUAL(m->positives, (size_t)num(ref, "positives"));
    ASSERT_REL(m->auc, num(ref, "auc"), TOL);
    ASSERT_REL(m->auc_se, num(ref, "auc_se"), TOL);
    ASSERT_REL(m->log_loss, num(ref, "log_loss"), TOL);
    ASSERT_REL(m->brier, num(ref, "brier"), TOL);
    ASSERT_REL(m->ks, num(ref, "ks"), TOL);
    ASSERT_REL(m->pairwise_rate, 1.0 - num(ref, "auc"), TOL);
    const cJSON *bands = cJSON_GetObjectItem(ref, "bands");
    for (int k = 0; k < cJSON_GetArraySize(bands); k++) {
        const cJSON *b = cJSON_GetArrayItem(bands, k);
        CU_ASSERT_EQUAL(m->bands[k].leads, (size_t)num(b, "leads"));
        CU_ASSERT_EQUAL(m->bands[k].converted, (size_t)num(b, "converted"));
        ASSERT_REL(m->bands[k].rate, num(b, "conversion_rate"), TOL);
        const cJSON *ci = cJSON_GetObjectItem(b, "rate_ci");
        ASSERT_REL(m->bands[k].rate_lo, cJSON_GetArrayItem(ci, 0)->valuedouble, TOL);
        ASSERT_REL(m->bands[k].rate_hi, cJSON_GetArrayItem(ci, 1)->valuedouble, TOL);
    }
    const cJSON *ms = cJSON_GetObjectItem(ref, "mql_to_sql");
    CU_ASSERT_EQUAL(m->mql_or_above, (size_t)num(ms, "mql"));
    CU_ASSERT_EQUAL(m->sql, (size_t)num(ms, "sql"));
    ASSERT_REL(m->mql_to_sql_ratio, num(ms, "ratio"), TOL);
    const cJSON *mis = cJSON_GetObjectItem(ref, "misranked");
    CU_ASSERT_EQUAL(m->converted_below_mql, (size_t)num(mis, "converted_below_mql"));
    CU_ASSERT_EQUAL(m->unconverted_in_sql, (size_t)num(mis, "unconverted_in_sql"));
    const cJSON *dec = cJSON_GetObjectItem(ref, "deciles");
    CU_ASSERT_EQUAL_FATAL(m->n_deciles, (size_t)cJSON_GetArraySize(dec));
    for (size_t d = 0; d < m->n_deciles; d++) {
        const cJSON *e = cJSON_GetArrayItem(dec, (int)d);
        CU_ASSERT_EQUAL(m->deciles[d].leads, (size_t)num(e, "leads"));
        CU_ASSERT_EQUAL(m->deciles[d].converted, (size_t)num(e, "converted"));
        ASSERT_REL(m->deciles[d].cumulative_gain, num(e, "cumulative_gain"), TOL);
        ASSERT_REL(m->deciles[d].lift, num(e, "lift"), TOL);
        ASSERT_REL(m->deciles[d].mean_predicted, num(e, "mean_predicted"), TOL);
    }
    ls_metrics_free(m);
    cJSON_Delete(ref);
    free(y);
    free(p);
    free(score);
}

/* Pairs (positive, negative): (.8, .8) ties = 1/2, (.8, .1) = 1, (.3, .8) = 0,
 * (.3, .1) = 1: AUC = 2.5 / 4. */
static void metrics_should_count_ties_as_half_a_pair(void)
{
    const unsigned char y[] = {1, 0, 1, 0};
    const double p[] = {0.8, 0.8, 0.3, 0.1};
    const int score[] = {80, 80, 30, 10};
    ls_metrics *m = compute(y, p, score, 4, "Prospect:0,Lead:11,MQL:41,SQL:71");
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    ASSERT_REL(m->auc, 0.625, 1e-15);
    ASSERT_REL(m->pairwise_rate, 0.375, 1e-15);
    ASSERT_REL(m->brier, (0.04 + 0.64 + 0.49 + 0.01) / 4, 1e-15);
    /* SQL holds the two 80s: one converted, one did not */
    CU_ASSERT_EQUAL(m->sql, 2);
    CU_ASSERT_EQUAL(m->unconverted_in_sql, 1);
    CU_ASSERT_EQUAL(m->converted_below_mql, 1); /* the .3 */
    /* leads at or above 80: 1 of 2 converted; at or above 30: 2 of 3; at or
     * above 10: 2 of 4 = .5, still at the target .5: the lowest is 10 */
    CU_ASSERT_EQUAL(m->precision_threshold, 10);
    ASSERT_REL(m->precision_at_threshold, 0.5, 1e-15);
    /* capacity 100 takes every lead: the lowest score held, 10 */
    CU_ASSERT_EQUAL(m->capacity_threshold, 10);
    CU_ASSERT_EQUAL(m->capacity_leads, 4);
    ls_metrics_free(m);
}

static void metrics_should_mark_empty_bands_not_divide_by_zero(void)
{
    const unsigned char y[] = {1, 0, 0, 1, 0};
    const double p[] = {0.3, 0.2, 0.1, 0.35, 0.05};
    const int score[] = {30, 20, 10, 35, 5};
    ls_metrics *m = compute(y, p, score, 5, "Prospect:0,Lead:11,MQL:41,SQL:71");
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(m->bands[2].leads, 0);
    CU_ASSERT(isnan(m->bands[2].rate));
    CU_ASSERT(isnan(m->bands[3].rate_lo));
    CU_ASSERT_EQUAL(m->mql_or_above, 0);
    CU_ASSERT(isnan(m->mql_to_sql_ratio));
    CU_ASSERT_EQUAL(m->converted_below_mql, 2);
    ASSERT_REL(m->auc, 1.0, 1e-15);
    ls_metrics_free(m);
}

static void metrics_should_leave_auc_undefined_with_one_class(void)
{
    const unsigned char y[] = {0, 0, 0};
    const double p[] = {0.3, 0.2, 0.1};
    const int score[] = {30, 20, 10};
    ls_metrics *m = compute(y, p, score, 3, "Prospect:0,Lead:11,MQL:41,SQL:71");
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_FALSE(m->auc_defined);
    CU_ASSERT(isnan(m->auc));
    ASSERT_REL(m->log_loss, -(log(0.7) + log(0.8) + log(0.9)) / 3, 1e-14);
    ls_metrics_free(m);
}

static void metrics_should_match_a_wilson_interval_by_hand(void)
{
    /* 1 of 4 converted: z = 1.959964, centre (0.25 + z^2/8) / (1 + z^2/4) */
    const unsigned char y[] = {1, 0, 0, 0};
    const double p[] = {0.5, 0.5, 0.5, 0.5};
    const int score[] = {50, 50, 50, 50};
    ls_metrics *m = compute(y, p, score, 4, "Low:0,High:50");
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    double z = 1.959963984540054, nn = 4, ph = 0.25;
    double centre = (ph + z * z / (2 * nn)) / (1 + z * z / nn);
    double half = z * sqrt(ph * (1 - ph) / nn + z * z / (4 * nn * nn)) / (1 + z * z / nn);
    ASSERT_REL(m->bands[1].rate_lo, centre - half, 1e-12);
    ASSERT_REL(m->bands[1].rate_hi, centre + half, 1e-12);
    ASSERT_REL(m->auc, 0.5, 1e-15);
    ls_metrics_free(m);
}

/* Points (a rule set without calibration) rank but are no probabilities:
 * the same AUC as the hand count above, no log-loss, Brier or calibration. */
static void metrics_should_rank_points_without_a_probability(void)
{
    const unsigned char y[] = {1, 0, 1, 0};
    const double p[] = {0.8, 0.8, 0.3, 0.1};
    const int score[] = {80, 80, 30, 10};
    static ls_bands bands;
    ls_error err = {0};
    ls_bands_parse("Prospect:0,Lead:11,MQL:41,SQL:71", &bands, &err);
    ls_metrics_input in = {y, p, score, 4, &bands, 2, 3, 0, 0, 1};
    ls_metrics *m = NULL;
    CU_ASSERT_EQUAL_FATAL(ls_metrics_compute(&in, &m, &err), LS_OK);
    ASSERT_REL(m->auc, 0.625, 1e-15);
    CU_ASSERT(isnan(m->log_loss));
    CU_ASSERT(isnan(m->brier));
    CU_ASSERT(isnan(m->deciles[0].mean_predicted));
    ls_metrics_free(m);
}

/* A NaN probability made the midrank loop spin forever; now it is refused,
 * and so is a probability outside [0, 1] or a score outside 0-100. */
static void metrics_should_refuse_values_that_are_no_probability(void)
{
    const unsigned char y[] = {1, 0, 1};
    double p[] = {0.5, NAN, 0.2};
    int score[] = {50, 0, 20};
    static ls_bands bands;
    ls_error err = {0};
    ls_bands_parse("Low:0,High:50", &bands, &err);
    ls_metrics_input in = {y, p, score, 3, &bands, -1, -1, 0, 0, 0};
    ls_metrics *m = NULL;
    CU_ASSERT_EQUAL(ls_metrics_compute(&in, &m, &err), LS_EDATA);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "lead 2"));
    p[1] = 1.5;
    CU_ASSERT_EQUAL(ls_metrics_compute(&in, &m, &err), LS_EDATA);
    p[1] = 0.4;
    score[1] = 101;
    CU_ASSERT_EQUAL(ls_metrics_compute(&in, &m, &err), LS_EDATA);
    score[1] = 40;
    CU_ASSERT_EQUAL_FATAL(ls_metrics_compute(&in, &m, &err), LS_OK);
    ls_metrics_free(m);
}

static CU_TestInfo metrics_tests[] = {
    {"metrics_should_rank_points_without_a_probability", metrics_should_rank_points_without_a_probability},
    {"metrics_should_refuse_values_that_are_no_probability", metrics_should_refuse_values_that_are_no_probability},
    {"metrics_should_agree_with_scikit_learn_and_pandas", metrics_should_agree_with_scikit_learn_and_pandas},
    {"metrics_should_count_ties_as_half_a_pair", metrics_should_count_ties_as_half_a_pair},
    {"metrics_should_mark_empty_bands_not_divide_by_zero", metrics_should_mark_empty_bands_not_divide_by_zero},
    {"metrics_should_leave_auc_undefined_with_one_class", metrics_should_leave_auc_undefined_with_one_class},
    {"metrics_should_match_a_wilson_interval_by_hand", metrics_should_match_a_wilson_interval_by_hand},
    CU_TEST_INFO_NULL};

static CU_SuiteInfo suites[] = {{"metrics", NULL, NULL, NULL, NULL, metrics_tests}, CU_SUITE_INFO_NULL};

LS_TEST_MAIN(suites)
