/* test_evaluate.c: the whole path train -> score -> evaluate agrees with
 * scikit-learn, scipy, statsmodels and pandas to 1e-9 on the sample and, when
 * ../shared/datasets is present, on X Education and UCI Bank Marketing.
 *
 * tests/reference/evaluate_<name>.json were computed by
 * scripts/reference/evaluate_reference.sh: leadscore trained and scored with
 * the options below, and metrics_reference.py computed every figure from
 * those probabilities with the Python libraries. Here the library does the
 * same training and scoring and its own metrics, which must match. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "leadscore/evaluate.h"
#include "leadscore/fileio.h"
#include "leadscore/metrics.h"
#include "leadscore/model_io.h"
#include "leadscore/scorer.h"
#include "leadscore/train.h"
#include "ls_test.h"

#define TOL 1e-9

static double num(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItem(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

/* Trains as evaluate_reference.sh did, scores every row, compares. */
static void check(const char *name, const char *data, const char *target, const char *na, const char *exclude)
{
    char ref_path[1024], model_path[256];
    ls_error err = {0};
    ls_train_options o;
    ls_train_options_init(&o);
    o.read.target = target;
    if (na != NULL) {
        ls_na_list_parse(na, &o.read.na);
    }
    const char *names[2] = {NULL, NULL};
    char list[128] = "";
    if (exclude != NULL) {
        snprintf(list, sizeof list, "%s", exclude);
        names[0] = list;
        o.read.exclude.n = 1;
        char *comma = strchr(list, ',');
        if (comma != NULL) {
            *comma = '\0';
            names[1] = comma + 1;
            o.read.exclude.n = 2;
        }
        o.read.exclude.names = names;
    }
    ls_model *m = NULL;
    ls_train_report report;
    CU_ASSERT_EQUAL_FATAL(ls_train(data, &o, &m, &report, &err), LS_OK);
    snprintf(model_path, sizeof model_path, "/tmp/leadscore-evaluate-%ld-%s.json", (long)getpid(), name);
    CU_ASSERT_EQUAL_FATAL(ls_model_save(m, model_path, &err), LS_OK);
    ls_model_free(m);
    ls_na_list_free(&o.read.na);

    /* the shipped evaluation, as 'leadscore evaluate' calls it */
    ls_scorer *s = NULL;
    ls_csv_reader *r = NULL;
    ls_evaluation *ev = NULL;
    CU_ASSERT_EQUAL_FATAL(ls_scorer_load(model_path, &s, &err), LS_OK);
    CU_ASSERT_EQUAL_FATAL(ls_csv_open(data, NULL, &r, &err), LS_OK);
    ls_evaluate_options eo;
    ls_evaluate_options_init(&eo);
    eo.target = target;
    eo.keep_misranked = 1;
    eo.misranked_reasons = 3;
    CU_ASSERT_EQUAL_FATAL(ls_evaluate_file(&s, 1, r, &eo, &ev, &err), LS_OK);
    const ls_metrics *mt = ev->metrics;
    /* every misranked lead is kept, most wrong first */
    CU_ASSERT_EQUAL(ev->n_misranked, mt->converted_below_mql + mt->unconverted_in_sql);
    for (size_t i = 1; i < ev->n_misranked; i++) {
        const ls_misranked_lead *a = &ev->misranked[i - 1], *b = &ev->misranked[i];
        CU_ASSERT(fabs(a->converted - a->probability) >= fabs(b->converted - b->probability));
    }

    char rel[128], *text = NULL;
    snprintf(rel, sizeof rel, "tests/reference/evaluate_%s.json", name);
    CU_ASSERT_EQUAL_FATAL(ls_read_file(ls_test_path(ref_path, sizeof ref_path, rel), &text, NULL, &err), LS_OK);
    cJSON *ref = cJSON_Parse(text);
    free(text);
    CU_ASSERT_EQUAL(mt->rows, (size_t)num(ref, "rows"));
    CU_ASSERT_EQUAL(mt->positives, (size_t)num(ref, "positives"));
    ASSERT_REL(mt->auc, num(ref, "auc"), TOL);
    ASSERT_REL(mt->auc_se, num(ref, "auc_se"), TOL);
    ASSERT_REL(mt->log_loss, num(ref, "log_loss"), TOL);
    ASSERT_REL(mt->brier, num(ref, "brier"), TOL);
    ASSERT_REL(mt->ks, num(ref, "ks"), TOL);
    const cJSON *rb = cJSON_GetObjectItem(ref, "bands");
    for (size_t k = 0; k < mt->n_bands; k++) {
        const cJSON *b = cJSON_GetArrayItem(rb, (int)k);
        CU_ASSERT_EQUAL(mt->bands[k].leads, (size_t)num(b, "leads"));
        CU_ASSERT_EQUAL(mt->bands[k].converted, (size_t)num(b, "converted"));
        if (mt->bands[k].leads > 0) {
            ASSERT_REL(mt->bands[k].rate, num(b, "conversion_rate"), TOL);
        }
    }
    const cJSON *ms = cJSON_GetObjectItem(ref, "mql_to_sql");
    CU_ASSERT_EQUAL(mt->mql_or_above, (size_t)num(ms, "mql"));
    CU_ASSERT_EQUAL(mt->sql, (size_t)num(ms, "sql"));
    const cJSON *mis = cJSON_GetObjectItem(ref, "misranked");
    CU_ASSERT_EQUAL(mt->converted_below_mql, (size_t)num(mis, "converted_below_mql"));
    CU_ASSERT_EQUAL(mt->unconverted_in_sql, (size_t)num(mis, "unconverted_in_sql"));
    const cJSON *dec = cJSON_GetObjectItem(ref, "deciles");
    for (size_t d = 0; d < mt->n_deciles; d++) {
        const cJSON *e = cJSON_GetArrayItem(dec, (int)d);
        CU_ASSERT_EQUAL(mt->deciles[d].converted, (size_t)num(e, "converted"));
        ASSERT_REL(mt->deciles[d].mean_predicted, num(e, "mean_predicted"), TOL);
    }
    cJSON_Delete(ref);
    ls_evaluation_free(ev);
    ls_csv_close(r);
    ls_scorer_free(s);
    unlink(model_path);
}

static void evaluate_should_agree_with_scikit_learn_on_the_sample(void)
{
    char path[1024];
    check("sample", ls_test_path(path, sizeof path, "datasets/leads_sample.csv"), "converted", NULL, NULL);
}

static void evaluate_should_agree_with_scikit_learn_on_xeducation(void)
{
    char path[1024];
    if (ls_shared_path(path, sizeof path, "xeducation_leads.csv") == NULL) {
        ls_test_skip("../shared/datasets is not present");
        return;
    }
    check("xeducation", path, "Converted", "Select", "Tags,Lead Quality");
}

static void evaluate_should_agree_with_scikit_learn_on_bank_marketing(void)
{
    char path[1024];
    if (ls_shared_path(path, sizeof path, "bank_marketing_full.csv") == NULL) {
        ls_test_skip("../shared/datasets is not present");
        return;
    }
    check("bank", path, "y", NULL, "duration");
}

static CU_TestInfo evaluate_tests[] = {
    {"evaluate_should_agree_with_scikit_learn_on_the_sample", evaluate_should_agree_with_scikit_learn_on_the_sample},
    {"evaluate_should_agree_with_scikit_learn_on_xeducation", evaluate_should_agree_with_scikit_learn_on_xeducation},
    {"evaluate_should_agree_with_scikit_learn_on_bank_marketing",
     evaluate_should_agree_with_scikit_learn_on_bank_marketing},
    CU_TEST_INFO_NULL};

static CU_SuiteInfo suites[] = {{"evaluate", NULL, NULL, NULL, NULL, evaluate_tests}, CU_SUITE_INFO_NULL};

LS_TEST_MAIN(suites)
