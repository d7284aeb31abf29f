/* test_compare.c: the paired comparison against R's pROC and hand counts.
 *
 * tests/data/ok/compare_ties.csv holds 3,000 leads scored by two scorers
 * with heavy ties (a on a 0.05 grid, b integer points in steps of 5, as rule
 * sets give); tests/reference/compare_ties.json is pROC::roc.test(paired =
 * TRUE, method = "delong") on it (scripts/reference/compare_reference.sh). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "leadscore/compare.h"
#include "leadscore/csv.h"
#include "leadscore/fileio.h"
#include "ls_test.h"

static double num(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItem(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

/* An evaluation as ls_compare reads it: outcome, ranking value, score, band. */
static ls_evaluation *evaluation(size_t n, const unsigned char *y, const double *p, const ls_bands *bands)
{
    ls_evaluation *e = calloc(1, sizeof *e);
    e->n = n;
    e->y = malloc(n);
    e->p = malloc(n * sizeof *e->p);
    e->score = malloc(n * sizeof *e->score);
    e->band = malloc(n);
    memcpy(e->y, y, n);
    memcpy(e->p, p, n * sizeof *p);
    for (size_t i = 0; i < n; i++) {
        e->score[i] = (int)lround(100 * p[i]);
        e->band[i] = (unsigned char)ls_bands_find(bands, e->score[i]);
    }
    e->mql_band = ls_bands_index(bands, "MQL");
    e->sql_band = ls_bands_index(bands, "SQL");
    return e;
}

static void compare_should_agree_with_proc_on_tied_scores(void)
{
    char path[1024], ref_path[1024];
    ls_error err = {0};
    ls_csv_reader *r = NULL;
    CU_ASSERT_EQUAL_FATAL(ls_csv_open(ls_test_path(path, sizeof path, "tests/data/ok/compare_ties.csv"), NULL, &r, &err),
                          LS_OK);
    size_t n = 0;
    unsigned char *y = malloc(4000);
    double *a = malloc(4000 * sizeof *a), *b = malloc(4000 * sizeof *b);
    while (ls_csv_next(r, &err) == 1 && n < 4000) {
        y[n] = (unsigned char)atoi(ls_csv_field(r, 0));
        a[n] = strtod(ls_csv_field(r, 1), NULL);
        b[n] = strtod(ls_csv_field(r, 2), NULL) / 100.0;
        n++;
    }
    ls_csv_close(r);
    ls_bands bands;
    CU_ASSERT_EQUAL_FATAL(ls_bands_parse("Prospect:0,Lead:11,MQL:41,SQL:71", &bands, &err), LS_OK);
    const ls_evaluation *ev[2] = {evaluation(n, y, a, &bands), evaluation(n, y, b, &bands)};
    const ls_bands *bs[2] = {&bands, &bands};
    ls_comparison *c = NULL;
    CU_ASSERT_EQUAL_FATAL(ls_compare(ev, bs, 2, 300, &c, &err), LS_OK);

    char *text = NULL;
    CU_ASSERT_EQUAL_FATAL(
        ls_read_file(ls_test_path(ref_path, sizeof ref_path, "tests/reference/compare_ties.json"), &text, NULL, &err),
        LS_OK);
    cJSON *ref = cJSON_Parse(text);
    free(text);
    const ls_pair_comparison *pc = &c->pairs[0];
    ASSERT_REL(pc->auc_a, num(ref, "auc_a"), 1e-9);
    ASSERT_REL(pc->auc_b, num(ref, "auc_b"), 1e-9);
    ASSERT_REL(pc->auc_difference, num(ref, "auc_difference"), 1e-9);
    ASSERT_REL(pc->z, num(ref, "z"), 1e-6);
    ASSERT_REL(pc->p_value, num(ref, "p"), 1e-6);
    ASSERT_REL(pc->ci_lo, num(ref, "ci_lo"), 1e-6);
    ASSERT_REL(pc->ci_hi, num(ref, "ci_hi"), 1e-6);
    size_t ref_converted = (size_t)num(ref, "converted");
    cJSON_Delete(ref);

    /* capacity by hand: the top 300 by value, ties in file order */
    size_t captured[2] = {0, 0};
    for (int k = 0; k < 2; k++) {
        const double *v = k == 0 ? a : b;
        unsigned char *taken = calloc(n, 1);
        for (int r2 = 0; r2 < 300; r2++) {
            size_t best = n;
            for (size_t i = 0; i < n; i++) {
                if (!taken[i] && (best == n || v[i] > v[best])) {
                    best = i;
                }
            }
            taken[best] = 1;
            captured[k] += y[best];
        }
        free(taken);
    }
    CU_ASSERT_EQUAL(c->at_capacity[0].captured, captured[0]);
    CU_ASSERT_EQUAL(c->at_capacity[1].captured, captured[1]);
    /* migration: every lead in exactly one cell, conversions too */
    size_t leads = 0, conv = 0;
    for (size_t k = 0; k < pc->n_bands_a * pc->n_bands_b; k++) {
        leads += pc->migration[k].leads;
        conv += pc->migration[k].converted;
    }
    CU_ASSERT_EQUAL(leads, n);
    CU_ASSERT_EQUAL(conv, ref_converted);
    ls_comparison_free(c);
    ls_evaluation_free((ls_evaluation *)ev[0]);
    ls_evaluation_free((ls_evaluation *)ev[1]);
    free(y);
    free(a);
    free(b);
}

/* Holm by hand: p = .01, .04, .03 over three pairs: sorted .01 .03 .04,
 * adjusted 3 x .01 = .03, max(.03, 2 x .03) = .06, max(.06, .04) = .06. */
static void holm_should_step_down_as_by_hand(void)
{
    const double p[3] = {0.01, 0.04, 0.03};
    double q[3];
    ls_holm(p, 3, q);
    ASSERT_REL(q[0], 0.03, 1e-15);
    ASSERT_REL(q[1], 0.06, 1e-15);
    ASSERT_REL(q[2], 0.06, 1e-15);
}

/* Identical scorers: no difference, p = 1, no lead only in one top N. */
static void compare_should_find_no_difference_between_identical_scorers(void)
{
    const unsigned char y[6] = {1, 0, 1, 0, 0, 1};
    const double p[6] = {0.9, 0.8, 0.7, 0.3, 0.2, 0.1};
    ls_bands bands;
    ls_error err = {0};
    ls_bands_parse("Prospect:0,Lead:11,MQL:41,SQL:71", &bands, &err);
    const ls_evaluation *ev[2] = {evaluation(6, y, p, &bands), evaluation(6, y, p, &bands)};
    const ls_bands *bs[2] = {&bands, &bands};
    ls_comparison *c = NULL;
    CU_ASSERT_EQUAL_FATAL(ls_compare(ev, bs, 2, 0, &c, &err), LS_OK);
    CU_ASSERT_EQUAL(c->capacity, 2); /* default: the first scorer's SQL band, 0.9 and 0.8 */
    CU_ASSERT_EQUAL(c->pairs[0].auc_difference, 0.0);
    CU_ASSERT_EQUAL(c->pairs[0].p_value, 1.0);
    CU_ASSERT_EQUAL(c->pairs[0].only_a + c->pairs[0].only_b, 0);
    CU_ASSERT_EQUAL(c->pairs[0].mcnemar_p, 1.0);
    ls_comparison_free(c);
    /* a capacity above the leads, and a single scorer, are refused */
    CU_ASSERT_EQUAL(ls_compare(ev, bs, 2, 7, &c, &err), LS_EUSAGE);
    CU_ASSERT_EQUAL(ls_compare(ev, bs, 1, 2, &c, &err), LS_EUSAGE);
    ls_evaluation_free((ls_evaluation *)ev[0]);
    ls_evaluation_free((ls_evaluation *)ev[1]);
}

/* McNemar by hand: A's top 8 are leads 0-7, B's leads 8-15; converted are
 * leads 0-6 (caught by A only) and 8 (by B only): b = 7, c = 1, two-sided
 * exact p = 2 P(X <= 1 | n = 8, 1/2) = 2 (1 + 8) / 256 = 0.0703125. */
static void mcnemar_should_match_the_binomial_by_hand(void)
{
    unsigned char y[16] = {1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0};
    double pa[16], pb[16];
    for (int i = 0; i < 16; i++) {
        pa[i] = i < 8 ? 0.9 - 0.01 * i : 0.05 + 0.001 * i;
        pb[i] = i >= 8 ? 0.9 - 0.01 * (i - 8) : 0.05 + 0.001 * i;
    }
    ls_bands bands;
    ls_error err = {0};
    ls_bands_parse("Prospect:0,Lead:11,MQL:41,SQL:71", &bands, &err);
    const ls_evaluation *ev[2] = {evaluation(16, y, pa, &bands), evaluation(16, y, pb, &bands)};
    const ls_bands *bs[2] = {&bands, &bands};
    ls_comparison *c = NULL;
    CU_ASSERT_EQUAL_FATAL(ls_compare(ev, bs, 2, 8, &c, &err), LS_OK);
    CU_ASSERT_EQUAL(c->pairs[0].only_a, 8);
    CU_ASSERT_EQUAL(c->pairs[0].only_a_converted, 7);
    CU_ASSERT_EQUAL(c->pairs[0].only_b_converted, 1);
    ASSERT_REL(c->pairs[0].mcnemar_p, 0.0703125, 1e-12);
    CU_ASSERT_EQUAL(c->at_capacity[0].captured, 7);
    CU_ASSERT_EQUAL(c->at_capacity[1].captured, 1);
    /* migration cell by cell: A's SQL (scores 83-90) x B's Prospect (5-6) */
    const ls_pair_comparison *pc = &c->pairs[0];
    CU_ASSERT_EQUAL(pc->migration[3 * pc->n_bands_b + 0].leads, 8);
    CU_ASSERT_EQUAL(pc->migration[3 * pc->n_bands_b + 0].converted, 7);
    CU_ASSERT_EQUAL(pc->migration[0 * pc->n_bands_b + 3].leads, 8);
    CU_ASSERT_EQUAL(pc->migration[0 * pc->n_bands_b + 3].converted, 1);
    ls_comparison_free(c);
    ls_evaluation_free((ls_evaluation *)ev[0]);
    ls_evaluation_free((ls_evaluation *)ev[1]);
}

static CU_TestInfo compare_tests[] = {
    {"mcnemar_should_match_the_binomial_by_hand", mcnemar_should_match_the_binomial_by_hand},
    {"compare_should_agree_with_proc_on_tied_scores", compare_should_agree_with_proc_on_tied_scores},
    {"holm_should_step_down_as_by_hand", holm_should_step_down_as_by_hand},
    {"compare_should_find_no_difference_between_identical_scorers",
     compare_should_find_no_difference_between_identical_scorers},
    CU_TEST_INFO_NULL};

static CU_SuiteInfo suites[] = {{"compare", NULL, NULL, NULL, NULL, compare_tests}, CU_SUITE_INFO_NULL};

LS_TEST_MAIN(suites)
