/* test_dataset.c: column typing and encoding on tests/data/ok/types.csv,
 * whose expected types, counts and medians were worked out by hand from the
 * way the file was built (30 rows; see the comments), and the bad inputs. */
#include <math.h>
#include <string.h>

#include "leadscore/dataset.h"
#include "leadscore/target.h"
#include "ls_test.h"

static ls_dataset *read_types(long min_level_count, ls_error *err)
{
    char path[1024];
    ls_read_options o;
    ls_read_options_init(&o);
    o.target = "converted";
    o.min_level_count = min_level_count;
    ls_na_list_parse("Select", &o.na);
    ls_dataset *ds = NULL;
    ls_dataset_read(ls_test_path(path, sizeof path, "tests/data/ok/types.csv"), &o, &ds, err);
    ls_na_list_free(&o.na);
    return ds;
}

static const ls_column *column(const ls_dataset *ds, const char *name)
{
    long j = ls_dataset_find(ds, name);
    CU_ASSERT_FATAL(j >= 0);
    return &ds->columns[j];
}

static void dataset_should_infer_each_column_type(void)
{
    ls_error err = {0};
    ls_dataset *ds = read_types(5, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    CU_ASSERT_EQUAL(ds->n_rows, 30);
    CU_ASSERT_EQUAL(ds->positives, 15); /* odd rows */
    CU_ASSERT_EQUAL(column(ds, "lead_id")->type, LS_COL_ID);
    CU_ASSERT_EQUAL(column(ds, "created")->type, LS_COL_DATE);
    CU_ASSERT_EQUAL(column(ds, "visits")->type, LS_COL_NUMERIC);
    CU_ASSERT_EQUAL(column(ds, "source")->type, LS_COL_CATEGORICAL);
    CU_ASSERT_EQUAL(column(ds, "flag")->type, LS_COL_CATEGORICAL);
    CU_ASSERT_EQUAL(column(ds, "constant")->type, LS_COL_CONSTANT);
    CU_ASSERT_EQUAL(column(ds, "empty")->type, LS_COL_EMPTY);
    CU_ASSERT_EQUAL(column(ds, "converted")->type, LS_COL_TARGET);
    ls_dataset_free(ds);
}

static void dataset_should_count_missing_and_take_the_median(void)
{
    ls_error err = {0};
    ls_dataset *ds = read_types(5, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    const ls_column *v = column(ds, "visits");
    CU_ASSERT_EQUAL(v->n_missing, 2); /* rows 5 and 10 */
    CU_ASSERT(isnan(v->values[4]));
    CU_ASSERT_DOUBLE_EQUAL(v->min, 1, 0);
    CU_ASSERT_DOUBLE_EQUAL(v->max, 30, 0);
    /* 1..30 without 5 and 10: the 14th and 15th values are 16 and 17 */
    CU_ASSERT_DOUBLE_EQUAL(v->median, 16.5, 0);
    CU_ASSERT_EQUAL(column(ds, "source")->n_missing, 1); /* "Select" on row 29 */
    ls_dataset_free(ds);
}

static void dataset_should_match_levels_ignoring_case_and_space(void)
{
    ls_error err = {0};
    ls_dataset *ds = read_types(1, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    const ls_column *s = column(ds, "source");
    /* Google (6 of its 10 cells spelled so, the rest "google" or "GOOGLE"),
     * Referral, Direct, (missing), Fax in first-seen order */
    CU_ASSERT_EQUAL_FATAL(ls_levels_count(s->levels), 5);
    CU_ASSERT_STRING_EQUAL(ls_levels_display(s->levels, 0), "Google");
    CU_ASSERT_EQUAL(ls_levels_frequency(s->levels, 0), 10);
    CU_ASSERT_EQUAL(ls_levels_frequency(s->levels, 1), 9);
    CU_ASSERT_EQUAL(ls_levels_frequency(s->levels, 2), 9);
    CU_ASSERT_STRING_EQUAL(ls_levels_display(s->levels, (size_t)s->missing_level), LS_LEVEL_MISSING);
    CU_ASSERT_EQUAL(s->reference, 0);
    CU_ASSERT_EQUAL(s->codes[27], 0); /* row 28: "GOOGLE" */
    ls_dataset_free(ds);
}

static void dataset_should_fold_rare_levels_into_the_reference_when_other_is_rare(void)
{
    ls_error err = {0};
    ls_dataset *ds = read_types(5, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    const ls_column *s = column(ds, "source");
    /* Fax (1) and (missing) (1) fold; together 2 < 5, so they join Google */
    CU_ASSERT_EQUAL(ls_levels_count(s->levels), 3);
    CU_ASSERT_EQUAL(s->n_folded, 2);
    CU_ASSERT_EQUAL(s->other_level, -1);
    CU_ASSERT_EQUAL(ls_levels_frequency(s->levels, s->reference), 12);
    CU_ASSERT_EQUAL(s->codes[29], s->reference);
    CU_ASSERT_EQUAL(ls_levels_count(s->folded), 2);
    const ls_column *f = column(ds, "flag");
    CU_ASSERT_STRING_EQUAL(ls_levels_display(f->levels, f->reference), "no"); /* 18 of 30 */
    ls_dataset_free(ds);
}

static void dataset_should_fold_rare_levels_into_other(void)
{
    ls_error err = {0};
    ls_dataset *ds = read_types(10, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    const ls_column *s = column(ds, "source");
    /* Referral (9), Direct (9), Fax, (missing) fold: 20 rows >= 10 make "(other)" */
    CU_ASSERT_EQUAL(ls_levels_count(s->levels), 2);
    CU_ASSERT(s->other_level >= 0);
    CU_ASSERT_EQUAL(ls_levels_frequency(s->levels, (size_t)s->other_level), 20);
    CU_ASSERT_STRING_EQUAL(ls_levels_display(s->levels, s->reference), "(other)");
    ls_dataset_free(ds);
}

static ls_error read_bad(const char *relative, const char *target)
{
    char path[1024];
    ls_read_options o;
    ls_read_options_init(&o);
    o.target = target;
    ls_dataset *ds = NULL;
    ls_error err = {0};
    if (ls_dataset_read(ls_test_path(path, sizeof path, relative), &o, &ds, &err) == LS_OK) {
        ls_dataset_free(ds);
    }
    return err;
}

static void dataset_should_reject_a_header_without_rows(void)
{
    ls_error err = read_bad("tests/data/bad/header_only.csv", "converted");
    CU_ASSERT_EQUAL(err.code, LS_EDATA);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "header only"));
}

static void dataset_should_reject_a_missing_target_column(void)
{
    ls_error err = read_bad("tests/data/ok/tiny.csv", "sold");
    CU_ASSERT_EQUAL(err.code, LS_EDATA);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "target column 'sold' not found"));
}

static void dataset_should_name_a_target_value_that_is_not_binary(void)
{
    ls_error err = read_bad("tests/data/bad/target_not_binary.csv", "converted");
    CU_ASSERT_EQUAL(err.code, LS_EDATA);
    CU_ASSERT_EQUAL(err.line, 3);
    CU_ASSERT_EQUAL(err.column, 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'maybe'"));
}

static void dataset_should_name_text_in_a_numeric_column(void)
{
    ls_error err = read_bad("tests/data/bad/numeric_with_text.csv", "converted");
    CU_ASSERT_EQUAL(err.code, LS_EPARSE);
    CU_ASSERT_EQUAL(err.line, 32);
    CU_ASSERT_EQUAL(err.column, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'n/a'"));
}

static void dataset_should_refuse_nan_in_a_numeric_column(void)
{
    ls_error err = read_bad("tests/data/bad/numeric_nan.csv", "converted");
    CU_ASSERT_EQUAL(err.code, LS_EPARSE);
    CU_ASSERT_EQUAL(err.line, 6);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "not a finite number"));
}

static void dataset_should_accept_binary_target_spellings(void)
{
    static const char *yes[] = {"1", "yes", "TRUE", " Converted ", "Y"};
    static const char *no[] = {"0", "No", "false", "not converted", "NOT"};
    for (size_t i = 0; i < 5; i++) {
        int v = -1;
        CU_ASSERT_EQUAL(ls_target_parse(yes[i], strlen(yes[i]), &v), 0);
        CU_ASSERT_EQUAL(v, 1);
        CU_ASSERT_EQUAL(ls_target_parse(no[i], strlen(no[i]), &v), 0);
        CU_ASSERT_EQUAL(v, 0);
    }
    int v;
    CU_ASSERT_EQUAL(ls_target_parse("2", 1, &v), -1);
    CU_ASSERT_EQUAL(ls_target_parse("", 0, &v), -1);
}

static CU_TestInfo dataset_tests[] = {
    {"dataset_should_infer_each_column_type", dataset_should_infer_each_column_type},
    {"dataset_should_count_missing_and_take_the_median", dataset_should_count_missing_and_take_the_median},
    {"dataset_should_match_levels_ignoring_case_and_space", dataset_should_match_levels_ignoring_case_and_space},
    {"dataset_should_fold_rare_levels_into_the_reference_when_other_is_rare",
     dataset_should_fold_rare_levels_into_the_reference_when_other_is_rare},
    {"dataset_should_fold_rare_levels_into_other", dataset_should_fold_rare_levels_into_other},
    {"dataset_should_reject_a_header_without_rows", dataset_should_reject_a_header_without_rows},
    {"dataset_should_reject_a_missing_target_column", dataset_should_reject_a_missing_target_column},
    {"dataset_should_name_a_target_value_that_is_not_binary", dataset_should_name_a_target_value_that_is_not_binary},
    {"dataset_should_name_text_in_a_numeric_column", dataset_should_name_text_in_a_numeric_column},
    {"dataset_should_refuse_nan_in_a_numeric_column", dataset_should_refuse_nan_in_a_numeric_column},
    {"dataset_should_accept_binary_target_spellings", dataset_should_accept_binary_target_spellings},
    CU_TEST_INFO_NULL};

static CU_SuiteInfo suites[] = {{"dataset", NULL, NULL, NULL, NULL, dataset_tests}, CU_SUITE_INFO_NULL};

LS_TEST_MAIN(suites)
