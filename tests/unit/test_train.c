/* test_train.c: the penalty rule of ls_train_options (train.h) and error
 * hints (error.h), as an embedder meets them without the CLI. */
#include <string.h>

#include "leadscore/error.h"
#include "leadscore/train.h"
#include "ls_test.h"

/* The penalty for the given fields (negative: not given). */
static int penalty(double l1, double l2, double alpha, int cv, double *got_l1, double *got_l2, double *got_alpha)
{
    ls_train_options o;
    ls_train_options_init(&o);
    o.l1 = l1;
    o.l2 = l2;
    o.alpha = alpha;
    o.cv_folds = cv;
    ls_error err = {0};
    return ls_train_penalty(&o, got_l1, got_l2, got_alpha, &err);
}

static void penalty_should_default_to_a_light_ridge(void)
{
    ls_train_options o;
    ls_train_options_init(&o);
    double l1, l2, alpha;
    CU_ASSERT_EQUAL(ls_train_penalty(&o, &l1, &l2, &alpha, NULL), LS_OK);
    CU_ASSERT_EQUAL(l1, 0.0);
    CU_ASSERT_EQUAL(l2, LS_DEFAULT_L2);
    CU_ASSERT_EQUAL(alpha, 0.0);
}

static void penalty_should_combine_as_the_cli_always_did(void)
{
    double l1, l2, alpha;
    CU_ASSERT_EQUAL(penalty(-1, 0, -1, 0, &l1, &l2, &alpha), LS_OK); /* --l2 0: maximum likelihood */
    CU_ASSERT(l1 == 0 && l2 == 0 && alpha == 0);
    CU_ASSERT_EQUAL(penalty(0.5, -1, -1, 0, &l1, &l2, &alpha), LS_OK); /* --l1 alone: no ridge */
    CU_ASSERT(l1 == 0.5 && l2 == 0 && alpha == 1);
    CU_ASSERT_EQUAL(penalty(0.5, 0.25, -1, 0, &l1, &l2, &alpha), LS_OK); /* --l1 and --l2 */
    CU_ASSERT(l1 == 0.5 && l2 == 0.25 && alpha == 1);
    CU_ASSERT_EQUAL(penalty(2, -1, 0.25, 0, &l1, &l2, &alpha), LS_OK); /* elastic net of strength 2 */
    CU_ASSERT(l1 == 0.5 && l2 == 1.5 && alpha == 0.25);
    CU_ASSERT_EQUAL(penalty(-1, -1, 0.5, 5, &l1, &l2, &alpha), LS_OK); /* --cv with --alpha */
    CU_ASSERT_EQUAL(alpha, 0.5);
    CU_ASSERT_EQUAL(penalty(0, -1, -1, 5, &l1, &l2, &alpha), LS_OK); /* --cv, --l1 0: a ridge path */
    CU_ASSERT_EQUAL(alpha, 0.0);
}

static void penalty_should_refuse_meaningless_combinations(void)
{
    double l1, l2, alpha;
    CU_ASSERT_EQUAL(penalty(1, 1, 0.5, 0, &l1, &l2, &alpha), LS_EUSAGE);
    CU_ASSERT_EQUAL(penalty(-1, -1, 0.5, 0, &l1, &l2, &alpha), LS_EUSAGE);
    CU_ASSERT_EQUAL(penalty(1, -1, 1.5, 0, &l1, &l2, &alpha), LS_EUSAGE);
    CU_ASSERT_EQUAL(penalty(NAN, -1, -1, 0, &l1, &l2, &alpha), LS_EUSAGE);
}

static void errorf_should_clear_hints_and_messages_should_name_no_flag(void)
{
    ls_error err = {0};
    int code = ls_error_hint(&err, ls_errorf(&err, LS_ENOCONV, "f.csv", 0, 0, "no convergence"),
                             LS_HINT_PENALTY | LS_HINT_MAX_ITERATIONS);
    CU_ASSERT_EQUAL(code, LS_ENOCONV);
    CU_ASSERT_EQUAL(err.hints, LS_HINT_PENALTY | LS_HINT_MAX_ITERATIONS);
    ls_errorf(&err, LS_EDATA, NULL, 0, 0, "something else");
    CU_ASSERT_EQUAL(err.hints, 0);
    CU_ASSERT_EQUAL(ls_error_hint(NULL, LS_EDATA, LS_HINT_PENALTY), LS_EDATA);

    /* a fit that cannot converge in one iteration says so with hints */
    char path[512];
    ls_train_options o;
    ls_train_options_init(&o);
    o.read.target = "converted";
    o.max_iterations = 1;
    o.solver = LS_SOLVER_NEWTON;
    const char *exclude[] = {"twin"};
    o.read.exclude.names = exclude;
    o.read.exclude.n = 1;
    ls_model *m = NULL;
    ls_train_report r;
    CU_ASSERT_EQUAL(ls_train(ls_test_path(path, sizeof path, "tests/data/ok/two_by_two.csv"), &o, &m, &r, &err),
                    LS_ENOCONV);
    CU_ASSERT(err.hints & LS_HINT_MAX_ITERATIONS);
    CU_ASSERT_PTR_NULL(strstr(err.msg, "--"));
    ls_model_free(m);
}

static CU_TestInfo tests[] = {
    {"penalty_should_default_to_a_light_ridge", penalty_should_default_to_a_light_ridge},
    {"penalty_should_combine_as_the_cli_always_did", penalty_should_combine_as_the_cli_always_did},
    {"penalty_should_refuse_meaningless_combinations", penalty_should_refuse_meaningless_combinations},
    {"errorf_should_clear_hints_and_messages_should_name_no_flag",
     errorf_should_clear_hints_and_messages_should_name_no_flag},
    CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
    {"train", NULL, NULL, NULL, NULL, tests},
    CU_SUITE_INFO_NULL,
};

LS_TEST_MAIN(suites)
