/* ls_test.h: what every CUnit test executable shares.
 *
 * Each tests/unit/test_<module>.c defines its CU_TestInfo arrays and ends with
 * LS_TEST_MAIN(suites). The program's exit status is 1 when a test failed
 * (CU_get_number_of_tests_failed), not CU_get_error(), which stays 0 when an
 * assertion fails; 77 (skipped) when a test called ls_test_skip. */
#ifndef LS_TEST_H
#define LS_TEST_H

#include <CUnit/Basic.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* Relative closeness: |got - expected| <= tol * max(|expected|, tiny). CUnit's
 * CU_ASSERT_DOUBLE_EQUAL is absolute only. */
static inline int ls_rel_close(double got, double expected, double rel_tol)
{
    double scale = fabs(expected) > 1e-300 ? fabs(expected) : 1e-300;
    return fabs(got - expected) <= rel_tol * scale;
}

#define ASSERT_REL(got, expected, tol)                                                               \
    do {                                                                                             \
        double ls_g_ = (got), ls_e_ = (expected);                                                    \
        if (!ls_rel_close(ls_g_, ls_e_, (tol))) {                                                    \
            fprintf(stderr, "\n  %s:%d: %s = %.17g, expected %.17g (rel tol %g)\n", __FILE__, __LINE__, \
                    #got, ls_g_, ls_e_, (double)(tol));                                              \
        }                                                                                            \
        CU_ASSERT(ls_rel_close(ls_g_, ls_e_, (tol)));                                                \
    } while (0)

/* Path of a file in the source tree (tests/data/...), from LEADSCORE_SOURCE_DIR. */
static inline const char *ls_test_path(char *buf, size_t n, const char *relative)
{
    const char *root = getenv("LEADSCORE_SOURCE_DIR");
    snprintf(buf, n, "%s/%s", root != NULL ? root : ".", relative);
    return buf;
}

/* Path of a file in ../shared/datasets, or NULL when that folder is absent. */
static inline const char *ls_shared_path(char *buf, size_t n, const char *name)
{
    const char *root = getenv("LEADSCORE_SHARED_DIR");
    snprintf(buf, n, "%s/%s", root != NULL ? root : "../shared/datasets", name);
    FILE *fp = fopen(buf, "rb");
    if (fp == NULL) {
        return NULL;
    }
    fclose(fp);
    return buf;
}

/* Tests that called ls_test_skip. One test executable is one translation
 * unit, so a file-scope counter is this program's. */
static int ls_test_skipped_count = 0;

/* Says why a test's checks cannot run here (a dataset is missing); the test
 * then returns. CUnit would count it as passed, so ls_test_run turns any skip
 * into exit status 77, which CTest reports as Skipped (SKIP_RETURN_CODE in
 * tests/CMakeLists.txt). */
static inline void ls_test_skip(const char *why)
{
    fprintf(stderr, "\n  SKIPPED: %s\n", why);
    ls_test_skipped_count++;
}

/* Runs the suites; returns the exit status: 1 when any assertion failed,
 * else 77 when any test was skipped, else 0. */
static inline int ls_test_run(CU_SuiteInfo *suites)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    if (CU_register_suites(suites) != CUE_SUCCESS) {
        fprintf(stderr, "cannot register suites: %s\n", CU_get_error_msg());
        CU_cleanup_registry();
        return 1;
    }
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failed = CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    if (failed > 0) {
        return 1;
    }
    if (ls_test_skipped_count > 0) {
        fprintf(stderr, "%d test(s) skipped: reported as skipped, not passed\n", ls_test_skipped_count);
        return 77;
    }
    return 0;
}

#define LS_TEST_MAIN(suites)          \
    int main(void)                    \
    {                                 \
        return ls_test_run(suites);   \
    }

#endif
