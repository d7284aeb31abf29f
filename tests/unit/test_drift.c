/* test_drift.c: the PSI formula, its thresholds, training-quantile edges and
 * Spearman's correlation against values worked by hand. */
#include <math.h>

#include "leadscore/diff.h"
#include "leadscore/drift.h"
#include "leadscore/profile.h"
#include "ls_test.h"

static void psi_should_match_hand_values(void)
{
    /* 0.25 ln 2 + 0.25 ln 1.5 = 0.25 ln 3 */
    double e[] = {0.5, 0.5}, a[] = {0.25, 0.75};
    ASSERT_REL(ls_psi(e, a, 2), 0.25 * log(3.0), 1e-14);
    CU_ASSERT_EQUAL(ls_psi(e, e, 2), 0.0);
    /* an empty training bin is floored at 1e-4: (0.1 - 0.0001) ln 1000 + 0.1 ln(1 / 0.9) */
    double e2[] = {0.0, 1.0}, a2[] = {0.1, 0.9};
    ASSERT_REL(ls_psi(e2, a2, 2), 0.0999 * log(1000.0) + 0.1 * log(1.0 / 0.9), 1e-14);
}

static void classify_should_use_the_industry_thresholds(void)
{
    CU_ASSERT_EQUAL(ls_drift_classify(0.0999), LS_DRIFT_STABLE);
    CU_ASSERT_EQUAL(ls_drift_classify(0.1), LS_DRIFT_WATCH);
    CU_ASSERT_EQUAL(ls_drift_classify(0.25), LS_DRIFT_WATCH);
    CU_ASSERT_EQUAL(ls_drift_classify(0.2501), LS_DRIFT_SHIFTED);
    CU_ASSERT_STRING_EQUAL(ls_drift_status_name(LS_DRIFT_SHIFTED), "shifted");
}

static void edges_should_be_deduplicated_type_1_quantiles(void)
{
    double v[20];
    for (int i = 0; i < 20; i++) {
        v[i] = i + 1;
    }
    ls_profile_bins b;
    ls_profile_edges(v, 20, &b);
    CU_ASSERT_EQUAL(b.n_edges, 9);
    for (size_t k = 0; k < b.n_edges; k++) {
        CU_ASSERT_EQUAL(b.edges[k], 2.0 * (double)(k + 1)); /* v(ceil(20 k / 10)) = v(2k) */
    }
    /* 0 x7, 1, 2, 3: candidates 0 0 0 0 0 0 0 1 2, kept once each */
    double w[] = {0, 0, 0, 0, 0, 0, 0, 1, 2, 3};
    ls_profile_edges(w, 10, &b);
    CU_ASSERT_EQUAL(b.n_edges, 3);
    CU_ASSERT_EQUAL(ls_profile_bin(&b, 0.0), 0);
    CU_ASSERT_EQUAL(ls_profile_bin(&b, 0.5), 1);
    CU_ASSERT_EQUAL(ls_profile_bin(&b, 2.0), 2);
    CU_ASSERT_EQUAL(ls_profile_bin(&b, 2.1), 3);
    /* a constant column: no edge, one bin */
    double c[] = {4, 4, 4};
    ls_profile_edges(c, 3, &b);
    CU_ASSERT_EQUAL(b.n_edges, 0);
}

static void spearman_should_average_tied_ranks(void)
{
    /* ranks of b: 1 2 3.5 5 3.5; Pearson with 1..5 = 8 / sqrt(10 * 9.5) */
    double a[] = {1, 2, 3, 4, 5}, b[] = {5, 6, 7, 8, 7}, k[] = {2, 2, 2, 2, 2};
    ASSERT_REL(ls_spearman(a, b, 5), 8.0 / sqrt(95.0), 1e-14);
    ASSERT_REL(ls_spearman(a, a, 5), 1.0, 1e-15);
    CU_ASSERT(isnan(ls_spearman(a, k, 5)));
    CU_ASSERT(isnan(ls_spearman(a, b, 1)));
}

static CU_TestInfo drift_tests[] = {
    {"psi_should_match_hand_values", psi_should_match_hand_values},
    {"classify_should_use_the_industry_thresholds", classify_should_use_the_industry_thresholds},
    {"edges_should_be_deduplicated_type_1_quantiles", edges_should_be_deduplicated_type_1_quantiles},
    {"spearman_should_average_tied_ranks", spearman_should_average_tied_ranks},
    CU_TEST_INFO_NULL};

static CU_SuiteInfo suites[] = {{"drift", NULL, NULL, NULL, NULL, drift_tests}, CU_SUITE_INFO_NULL};

LS_TEST_MAIN(suites)
