/* test_scorer.c: scoring leads held in memory (ls_scorer_bind_names,
 * ls_scorer_score_cells) agrees with the CSV path lead by lead, and its
 * errors name the cell. The model is trained on tests/data/ok/two_by_two.csv
 * (x: levels a and b, converting 1 in 4 and 2 in 4 by construction). */
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "leadscore/leadscore.h"
#include "ls_test.h"

static ls_scorer *two_by_two(void)
{
    char data[1024], model[256];
    ls_error err = {0};
    ls_train_options o;
    ls_train_options_init(&o);
    o.read.target = "converted";
    const char *exclude[] = {"noise", "twin"};
    o.read.exclude.names = exclude;
    o.read.exclude.n = 2;
    o.l2 = 0;
    ls_model *m = NULL;
    ls_train_report report;
    CU_ASSERT_EQUAL_FATAL(ls_train(ls_test_path(data, sizeof data, "tests/data/ok/two_by_two.csv"), &o, &m, &report, &err),
                          LS_OK);
    snprintf(model, sizeof model, "/tmp/leadscore-test-scorer-%ld.json", (long)getpid());
    CU_ASSERT_EQUAL_FATAL(ls_model_save(m, model, &err), LS_OK);
    ls_model_free(m);
    ls_scorer *s = NULL;
    CU_ASSERT_EQUAL_FATAL(ls_scorer_load(model, &s, &err), LS_OK);
    unlink(model);
    return s;
}

/* Names in any order, extra names ignored; "a" converts 1 in 4, " B " is b. */
static void scorer_should_score_cells_in_any_column_order(void)
{
    ls_scorer *s = two_by_two();
    ls_error err = {0};
    const char *names[] = {"crm_owner", "x"};
    CU_ASSERT_EQUAL_FATAL(ls_scorer_bind_names(s, names, 2, &err), LS_OK);
    ls_score sc;
    const char *lead_a[] = {"Jane", "a"}, *lead_b[] = {"Joe", " B "};
    CU_ASSERT_EQUAL_FATAL(ls_scorer_score_cells(s, lead_a, NULL, &sc, NULL, 0, NULL, &err), LS_OK);
    ASSERT_REL(sc.probability, 0.25, 1e-9);
    CU_ASSERT_EQUAL(sc.score, 25);
    /* lengths are honoured: "b" out of "bzz" */
    const char *lead_b_long[] = {"Joe", "bzz"};
    const size_t lengths[] = {3, 1};
    CU_ASSERT_EQUAL_FATAL(ls_scorer_score_cells(s, lead_b_long, lengths, &sc, NULL, 0, NULL, &err), LS_OK);
    ASSERT_REL(sc.probability, 0.5, 1e-9);
    CU_ASSERT_EQUAL_FATAL(ls_scorer_score_cells(s, lead_b, NULL, &sc, NULL, 0, NULL, &err), LS_OK);
    ASSERT_REL(sc.probability, 0.5, 1e-9);
    /* a NULL cell is a missing one: x had no missing cell in training, so it
     * scores as the reference level and is counted unseen */
    const char *lead_null[] = {"Joe", NULL};
    long before = ls_scorer_unseen_count(s, 0);
    CU_ASSERT_EQUAL_FATAL(ls_scorer_score_cells(s, lead_null, NULL, &sc, NULL, 0, NULL, &err), LS_OK);
    CU_ASSERT_EQUAL(ls_scorer_unseen_count(s, 0), before + 1);
    /* a NULL cell beside cells with lengths: the lengths still hold ("b" of
     * "bzz" in a row whose owner cell is NULL) */
    const char *mixed[] = {NULL, "bzz"};
    CU_ASSERT_EQUAL_FATAL(ls_scorer_score_cells(s, mixed, lengths, &sc, NULL, 0, NULL, &err), LS_OK);
    ASSERT_REL(sc.probability, 0.5, 1e-9);
    ls_scorer_free(s);
}

static void scorer_should_name_what_is_missing_or_wrong(void)
{
    ls_scorer *s = two_by_two();
    ls_error err = {0};
    const char *names[] = {"crm_owner", "y"};
    CU_ASSERT_EQUAL(ls_scorer_bind_names(s, names, 2, &err), LS_EDATA);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'x'"));
    CU_ASSERT_EQUAL(err.file[0], '\0'); /* in memory: no file to name */
    const char *names2[] = {"x"};
    CU_ASSERT_EQUAL_FATAL(ls_scorer_bind_names(s, names2, 1, &err), LS_OK);
    ls_scorer_set_strict(s, 1);
    const char *lead[] = {"c"};
    ls_score sc;
    CU_ASSERT_EQUAL(ls_scorer_score_cells(s, lead, NULL, &sc, NULL, 0, NULL, &err), LS_EDATA);
    CU_ASSERT_EQUAL(err.column, 1);
    CU_ASSERT_EQUAL(err.line, 0);
    ls_scorer_free(s);
}

static CU_TestInfo scorer_tests[] = {
    {"scorer_should_score_cells_in_any_column_order", scorer_should_score_cells_in_any_column_order},
    {"scorer_should_name_what_is_missing_or_wrong", scorer_should_name_what_is_missing_or_wrong},
    CU_TEST_INFO_NULL};

static CU_SuiteInfo suites[] = {{"scorer", NULL, NULL, NULL, NULL, scorer_tests}, CU_SUITE_INFO_NULL};

LS_TEST_MAIN(suites)
