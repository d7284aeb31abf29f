/* test_generate.c: the generator is deterministic and describes its data
 * truthfully, and the trainer recovers the generator's true weights.
 *
 * The recovery test is the acceptance check: at 200,000 generated
 * leads, about 95% of the true weights lie inside the fitted 95% Wald
 * intervals (each interval misses with probability 5%, so with ~60 terms a
 * coverage below 85% would be a 3-sigma event). */
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "leadscore/generate.h"
#include "leadscore/logit.h"
#include "leadscore/sha256.h"
#include "ls_test.h"

static const char *write_sample(char *path, size_t n, long rows, unsigned long seed, cJSON **truth)
{
    snprintf(path, n, "/tmp/leadscore-generate-%ld-%ld-%lu.csv", (long)getpid(), rows, seed);
    FILE *fp = fopen(path, "w");
    ls_generate_options o = {rows, seed, NULL, NULL};
    ls_error err = {0};
    CU_ASSERT_EQUAL(ls_generate(&o, fp, truth, &err), LS_OK);
    fclose(fp);
    return path;
}

static void generate_should_write_the_same_bytes_for_the_same_seed(void)
{
    char a[256], b[256], c[256], ha[65], hb[65], hc[65];
    ls_error err = {0};
    ls_sha256_file(write_sample(a, sizeof a, 2000, 7, NULL), ha, &err);
    ls_sha256_file(write_sample(b, sizeof b, 2000, 7, NULL), hb, &err);
    CU_ASSERT_STRING_EQUAL(ha, hb);
    unlink(b);
    snprintf(c, sizeof c, "%s", a);
    ls_sha256_file(write_sample(c, sizeof c, 2000, 8, NULL), hc, &err);
    CU_ASSERT_STRING_NOT_EQUAL(ha, hc);
    unlink(a);
    unlink(c);
}

static void generate_should_describe_its_data_truthfully(void)
{
    char path[256];
    cJSON *truth = NULL;
    write_sample(path, sizeof path, 20000, 3, &truth);
    ls_read_options o;
    ls_read_options_init(&o);
    o.target = "converted";
    ls_dataset *ds = NULL;
    ls_error err = {0};
    CU_ASSERT_EQUAL_FATAL(ls_dataset_read(path, &o, &ds, &err), LS_OK);
    CU_ASSERT_EQUAL(ds->n_rows, 20000);
    CU_ASSERT_EQUAL(ds->n_columns, 23);
    CU_ASSERT_EQUAL(ds->columns[0].type, LS_COL_ID);
    CU_ASSERT_EQUAL(ds->columns[1].type, LS_COL_DATE);
    double rate = cJSON_GetObjectItem(truth, "conversion_rate")->valuedouble;
    CU_ASSERT_DOUBLE_EQUAL((double)ds->positives / 20000.0, rate, 1e-12);
    CU_ASSERT(rate > 0.10 && rate < 0.20);
    /* 2% missing attribute cells: 400 expected, sd 20 */
    long industry = ls_dataset_find(ds, "industry");
    CU_ASSERT(ds->columns[industry].n_missing > 320 && ds->columns[industry].n_missing < 480);
    /* messy spellings fold into the clean levels: 10 industries and (missing) */
    CU_ASSERT_EQUAL(ls_levels_count(ds->columns[industry].levels), 11);
    long opens = ls_dataset_find(ds, "email_opens"), clicks = ls_dataset_find(ds, "email_clicks");
    int clicks_within_opens = 1;
    for (size_t i = 0; i < ds->n_rows; i++) {
        clicks_within_opens &= ds->columns[clicks].values[i] <= ds->columns[opens].values[i];
    }
    CU_ASSERT_TRUE(clicks_within_opens);
    long created = ls_dataset_find(ds, "created_date");
    int32_t lo = INT32_MAX, hi = INT32_MIN;
    for (size_t i = 0; i < ds->n_rows; i++) {
        lo = ds->columns[created].days[i] < lo ? ds->columns[created].days[i] : lo;
        hi = ds->columns[created].days[i] > hi ? ds->columns[created].days[i] : hi;
    }
    char first[16], last[16];
    ls_cell_format_date(lo, first);
    ls_cell_format_date(hi, last);
    CU_ASSERT_STRING_EQUAL(first, "2025-01-01");
    CU_ASSERT_STRING_EQUAL(last, "2026-06-30");
    ls_dataset_free(ds);
    cJSON_Delete(truth);
    unlink(path);
}

/* The true weight of a model term, from the truth file; NAN when the truth
 * has no such term (missing-value terms, folded levels). */
static double true_weight(const cJSON *truth, const ls_model *m, const ls_term *t)
{
    if (t->kind == LS_TERM_INTERCEPT) {
        return cJSON_GetObjectItem(truth, "intercept")->valuedouble;
    }
    const ls_input *in = &m->inputs[t->input];
    if (t->kind == LS_TERM_NUMERIC) {
        const cJSON *w = cJSON_GetObjectItem(cJSON_GetObjectItem(truth, "numeric"), in->name);
        return w != NULL ? w->valuedouble : NAN;
    }
    if (t->kind != LS_TERM_LEVEL) {
        return NAN;
    }
    const char *level = ls_levels_display(in->levels, t->level);
    const cJSON *yes_no = cJSON_GetObjectItem(cJSON_GetObjectItem(truth, "yes_no"), in->name);
    if (yes_no != NULL) {
        return strcmp(level, "yes") == 0 ? yes_no->valuedouble : NAN;
    }
    const cJSON *cat = cJSON_GetObjectItem(cJSON_GetObjectItem(truth, "categorical"), in->name);
    const cJSON *effect = cJSON_GetObjectItem(cJSON_GetObjectItem(cat, "effects"), level);
    const char *reference = cJSON_GetObjectItem(cat, "reference")->valuestring;
    CU_ASSERT_STRING_EQUAL(ls_levels_display(in->levels, in->reference), reference);
    return effect != NULL ? effect->valuedouble : NAN;
}

static void trainer_should_recover_the_true_weights(void)
{
    char path[256];
    cJSON *truth = NULL;
    write_sample(path, sizeof path, 200000, 11, &truth);
    ls_read_options o;
    ls_read_options_init(&o);
    o.target = "converted";
    ls_dataset *ds = NULL;
    ls_model *m = NULL;
    ls_error err = {0};
    CU_ASSERT_EQUAL_FATAL(ls_dataset_read(path, &o, &ds, &err), LS_OK);
    CU_ASSERT_EQUAL_FATAL(ls_model_from_dataset(ds, &m, &err), LS_OK);
    ls_logit_options lo;
    ls_logit_options_init(&lo);
    CU_ASSERT_EQUAL_FATAL(ls_logit_fit(m, ds, &lo, &err), LS_OK);
    int compared = 0, covered = 0;
    for (size_t k = 0; k < m->n_terms; k++) {
        const ls_term *t = &m->terms[k];
        double truth_w = true_weight(truth, m, t);
        if (isnan(truth_w)) {
            continue;
        }
        compared++;
        if (truth_w >= t->ci_low && truth_w <= t->ci_high) {
            covered++;
        } else {
            fprintf(stderr, "\n  outside its interval: %s true %.4f, fitted %.4f [%.4f, %.4f]", t->name, truth_w,
                    t->weight, t->ci_low, t->ci_high);
        }
    }
    fprintf(stderr, "\n  coverage %d of %d (%.1f%%)\n", covered, compared, 100.0 * covered / compared);
    CU_ASSERT(compared >= 55);
    CU_ASSERT((double)covered >= 0.85 * compared);
    ls_model_free(m);
    ls_dataset_free(ds);
    cJSON_Delete(truth);
    unlink(path);
}

static CU_TestInfo generate_tests[] = {
    {"generate_should_write_the_same_bytes_for_the_same_seed", generate_should_write_the_same_bytes_for_the_same_seed},
    {"generate_should_describe_its_data_truthfully", generate_should_describe_its_data_truthfully},
    {"trainer_should_recover_the_true_weights", trainer_should_recover_the_true_weights},
    CU_TEST_INFO_NULL};

static CU_SuiteInfo suites[] = {{"generate", NULL, NULL, NULL, NULL, generate_tests}, CU_SUITE_INFO_NULL};

LS_TEST_MAIN(suites)
