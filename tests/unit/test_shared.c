/* test_shared.c: the real public exports in ../shared/datasets load with the
 * row, column, positive and missing counts that SOURCES.md states (counted by
 * the people who collected them, not by this code). Skips (77) when the
 * folder is absent. */
#include <string.h>

#include "leadscore/dataset.h"
#include "ls_test.h"

static int have_shared(void)
{
    char buf[1024];
    return ls_shared_path(buf, sizeof buf, "xeducation_leads.csv") != NULL &&
           ls_shared_path(buf, sizeof buf, "bank_marketing_full.csv") != NULL;
}

static ls_dataset *read_shared(const char *name, const char *target, const char *na)
{
    char path[1024];
    ls_read_options o;
    ls_read_options_init(&o);
    o.target = target;
    if (na != NULL) {
        ls_na_list_parse(na, &o.na);
    }
    ls_dataset *ds = NULL;
    ls_error err = {0};
    if (ls_dataset_read(ls_shared_path(path, sizeof path, name), &o, &ds, &err) != LS_OK) {
        fprintf(stderr, "\n  %s: %s\n", name, err.msg);
    }
    ls_na_list_free(&o.na);
    return ds;
}

static const ls_column *col(const ls_dataset *ds, const char *name)
{
    long j = ls_dataset_find(ds, name);
    CU_ASSERT_FATAL(j >= 0);
    return &ds->columns[j];
}

static void xeducation_should_load_with_the_documented_counts(void)
{
    ls_dataset *ds = read_shared("xeducation_leads.csv", "Converted", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    CU_ASSERT_EQUAL(ds->n_rows, 9240);
    CU_ASSERT_EQUAL(ds->n_columns, 37);
    CU_ASSERT_EQUAL(ds->positives, 3561);
    CU_ASSERT_EQUAL(col(ds, "Prospect ID")->type, LS_COL_ID);
    CU_ASSERT_EQUAL(col(ds, "Lead Number")->type, LS_COL_ID);
    CU_ASSERT_EQUAL(col(ds, "TotalVisits")->type, LS_COL_NUMERIC);
    CU_ASSERT_EQUAL(col(ds, "TotalVisits")->n_missing, 137);
    CU_ASSERT_EQUAL(col(ds, "Total Time Spent on Website")->max, 2272);
    CU_ASSERT_EQUAL(col(ds, "Country")->type, LS_COL_CATEGORICAL);
    CU_ASSERT_EQUAL(col(ds, "Country")->n_missing, 2461);
    CU_ASSERT_EQUAL(col(ds, "Specialization")->n_missing, 1438);
    /* "02.Medium" and friends are text */
    CU_ASSERT_EQUAL(col(ds, "Asymmetrique Activity Index")->type, LS_COL_CATEGORICAL);
    CU_ASSERT_EQUAL(col(ds, "Asymmetrique Activity Index")->n_missing, 4218);
    CU_ASSERT_EQUAL(col(ds, "Magazine")->type, LS_COL_CONSTANT);
    ls_dataset_free(ds);
}

static void xeducation_should_read_select_as_missing_when_asked(void)
{
    ls_dataset *ds = read_shared("xeducation_leads.csv", "Converted", "Select");
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    /* SOURCES.md: 1438 blank + 1942 "Select"; City 1420 + 2249 */
    CU_ASSERT_EQUAL(col(ds, "Specialization")->n_missing, 1438 + 1942);
    CU_ASSERT_EQUAL(col(ds, "City")->n_missing, 1420 + 2249);
    CU_ASSERT_EQUAL(col(ds, "How did you hear about X Education")->n_missing, 7250);
    ls_dataset_free(ds);
}

static void bank_should_load_with_the_documented_counts(void)
{
    ls_dataset *ds = read_shared("bank_marketing_full.csv", "y", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    CU_ASSERT_EQUAL(ds->delimiter, ';');
    CU_ASSERT_EQUAL(ds->n_rows, 45211);
    CU_ASSERT_EQUAL(ds->n_columns, 17);
    CU_ASSERT_EQUAL(ds->positives, 5289);
    CU_ASSERT_EQUAL(col(ds, "age")->type, LS_COL_NUMERIC);
    CU_ASSERT_EQUAL(col(ds, "pdays")->min, -1);
    CU_ASSERT_EQUAL(col(ds, "job")->type, LS_COL_CATEGORICAL);
    CU_ASSERT_EQUAL(ls_levels_count(col(ds, "job")->levels), 12);
    CU_ASSERT_EQUAL(ls_levels_count(col(ds, "month")->levels), 12);
    CU_ASSERT_EQUAL(ls_levels_count(col(ds, "poutcome")->levels), 4);
    ls_dataset_free(ds);
}

static void bank_additional_should_load_with_the_documented_counts(void)
{
    ls_dataset *ds = read_shared("bank_marketing_additional_full.csv", "y", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    CU_ASSERT_EQUAL(ds->n_rows, 41188);
    CU_ASSERT_EQUAL(ds->n_columns, 21);
    CU_ASSERT_EQUAL(ds->positives, 4640);
    CU_ASSERT_EQUAL(col(ds, "euribor3m")->type, LS_COL_NUMERIC);
    ls_dataset_free(ds);
}

static CU_TestInfo shared_tests[] = {
    {"xeducation_should_load_with_the_documented_counts", xeducation_should_load_with_the_documented_counts},
    {"xeducation_should_read_select_as_missing_when_asked", xeducation_should_read_select_as_missing_when_asked},
    {"bank_should_load_with_the_documented_counts", bank_should_load_with_the_documented_counts},
    {"bank_additional_should_load_with_the_documented_counts", bank_additional_should_load_with_the_documented_counts},
    CU_TEST_INFO_NULL};

static CU_SuiteInfo suites[] = {{"shared", NULL, NULL, NULL, NULL, shared_tests}, CU_SUITE_INFO_NULL};

int main(void)
{
    if (!have_shared()) {
        fprintf(stderr, "skipped: ../shared/datasets is not present\n");
        return 77;
    }
    return ls_test_run(suites);
}
