/* test_generate.c: the generator is deterministic and describes its data
 * truthfully, and the trainer recovers the generator's true weights.
 *
 * The truth check reads the CSV back with the plain CSV reader and the
 * weights from the truth JSON alone (no generator internals, no fit): under
 * the true model each term's score sum(x_j * (y - p)) has mean 0 and variance
 * sum(x_j^2 * p * (1 - p)), so a wrong weight, level name or reference in the
 * truth file shows up as a large z.
 *
 * The recovery test is the acceptance check: at 200,000 generated
 * leads, about 95% of the true weights lie inside the fitted 95% Wald
 * intervals (each interval misses with probability 5%, so with ~60 terms a
 * coverage below 85% would be a 3-sigma event). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "leadscore/cell.h"
#include "leadscore/csv.h"
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

static void generate_should_refuse_options_out_of_range(void)
{
    FILE *fp = fopen("/dev/null", "w");
    ls_error err = {0};
    ls_generate_options o = {0, 1, NULL, NULL};
    CU_ASSERT_EQUAL(ls_generate(&o, fp, NULL, &err), LS_EUSAGE);
    o.rows = -5;
    CU_ASSERT_EQUAL(ls_generate(&o, fp, NULL, &err), LS_EUSAGE);
    o.rows = LS_GENERATE_MAX_ROWS + 1;
    CU_ASSERT_EQUAL(ls_generate(&o, fp, NULL, &err), LS_EUSAGE);
    o.rows = 10;
    o.seed = LS_GENERATE_MAX_SEED + 1;
    CU_ASSERT_EQUAL(ls_generate(&o, fp, NULL, &err), LS_EUSAGE);
    fclose(fp);
}

/* GSL's MT19937 turns seed 0 into its default seed 4357 */
static void generate_should_not_repeat_seed_4357_for_seed_0(void)
{
    char a[256], b[256], ha[65], hb[65];
    ls_error err = {0};
    ls_sha256_file(write_sample(a, sizeof a, 1000, 0, NULL), ha, &err);
    ls_sha256_file(write_sample(b, sizeof b, 1000, 4357, NULL), hb, &err);
    CU_ASSERT_STRING_NOT_EQUAL(ha, hb);
    unlink(a);
    unlink(b);
}

/* The columns other tools rely on, in this order. */
static const char *const expected_columns[] = {
    "lead_id", "created_date", "lead_source", "industry", "company_size", "country", "job_title", "job_level",
    "website_visits", "time_on_site_minutes", "pricing_page_views", "email_opens", "email_clicks",
    "webinar_attended", "whitepaper_downloads", "ebook_downloads", "demo_requested", "contact_form_submitted",
    "free_trial", "phone_calls", "unsubscribed", "days_since_last_activity", "converted"};
#define N_EXPECTED (sizeof expected_columns / sizeof expected_columns[0])

enum { T_INTERCEPT, T_LEVEL, T_NUMERIC, T_YES };
#define MAX_LEVELS 32
#define MAX_TERMS 128

/* One term of the true logit, read from the truth JSON: its CSV column, its
 * weight, and the running score sum and variance. */
typedef struct {
    int kind;
    long column;
    const char *level; /* T_LEVEL: the level's clean spelling */
    double weight;
    double score, variance;
} true_term;

typedef struct {
    true_term terms[MAX_TERMS];
    size_t n;
    long missing[N_EXPECTED], messy[N_EXPECTED];
} truth_check;

static void add_term(truth_check *c, int kind, long column, const char *level, double weight)
{
    CU_ASSERT_FATAL(c->n < MAX_TERMS);
    c->terms[c->n++] = (true_term){kind, column, level, weight, 0, 0};
}

/* The terms of every truth entry; each must name a CSV column. */
static void read_truth(truth_check *c, const cJSON *truth, const ls_csv_reader *r)
{
    add_term(c, T_INTERCEPT, -1, NULL, cJSON_GetObjectItem(truth, "intercept")->valuedouble);
    const cJSON *entry;
    cJSON_ArrayForEach(entry, cJSON_GetObjectItem(truth, "categorical"))
    {
        long column = ls_csv_find_column(r, entry->string);
        CU_ASSERT_FATAL(column >= 0);
        const cJSON *reference = cJSON_GetObjectItem(entry, "reference"), *effect;
        int reference_seen = 0;
        cJSON_ArrayForEach(effect, cJSON_GetObjectItem(entry, "effects"))
        {
            add_term(c, T_LEVEL, column, effect->string, effect->valuedouble);
            if (strcmp(effect->string, reference->valuestring) == 0) {
                reference_seen = 1;
                CU_ASSERT_EQUAL(effect->valuedouble, 0.0);
            }
        }
        CU_ASSERT_TRUE(reference_seen);
    }
    cJSON_ArrayForEach(entry, cJSON_GetObjectItem(truth, "numeric"))
    {
        CU_ASSERT_FATAL(ls_csv_find_column(r, entry->string) >= 0);
        add_term(c, T_NUMERIC, ls_csv_find_column(r, entry->string), NULL, entry->valuedouble);
    }
    cJSON_ArrayForEach(entry, cJSON_GetObjectItem(truth, "yes_no"))
    {
        CU_ASSERT_FATAL(ls_csv_find_column(r, entry->string) >= 0);
        add_term(c, T_YES, ls_csv_find_column(r, entry->string), NULL, entry->valuedouble);
    }
}

/* Trims spaces; the generator's messy cells are the clean level with other
 * case or stray spaces. */
static const char *trimmed(const char *s, size_t *len)
{
    while (*s == ' ') {
        s++;
    }
    *len = strlen(s);
    while (*len > 0 && s[*len - 1] == ' ') {
        (*len)--;
    }
    return s;
}

/* x_j of term t for the current record; returns 0 when its cell is missing. */
static int term_value(truth_check *c, const true_term *t, const ls_csv_reader *r, double *x)
{
    if (t->kind == T_INTERCEPT) {
        *x = 1;
        return 1;
    }
    size_t len;
    const char *cell = trimmed(ls_csv_field(r, (size_t)t->column), &len);
    if (len == 0) {
        return 0;
    }
    if (t->kind == T_LEVEL) {
        *x = strncasecmp(cell, t->level, len) == 0 && t->level[len] == '\0';
        return 1;
    }
    if (t->kind == T_YES) {
        CU_ASSERT(strcmp(cell, "yes") == 0 || strcmp(cell, "no") == 0);
        *x = strcmp(cell, "yes") == 0;
        return 1;
    }
    char *end;
    *x = strtod(cell, &end);
    CU_ASSERT(end == cell + len && *x >= 0);
    return 1;
}

/* Checks the cells the truth does not describe, counts missing and messy
 * cells, and that every attribute cell spells one of the truth's levels. */
static void check_record(truth_check *c, const ls_csv_reader *r, long record)
{
    char id[32];
    snprintf(id, sizeof id, "L%07ld", record);
    CU_ASSERT_STRING_EQUAL(ls_csv_field(r, 0), id);
    int32_t day;
    CU_ASSERT_FATAL(ls_cell_parse_date(ls_csv_field(r, 1), ls_csv_field_length(r, 1), &day) == 0);
    CU_ASSERT(day >= 20089 && day <= 20089 + 545); /* 2025-01-01 .. 2026-06-30 */
    for (size_t j = 2; j < N_EXPECTED - 1; j++) {
        size_t len;
        const char *cell = trimmed(ls_csv_field(r, j), &len);
        if (len == 0) {
            c->missing[j]++;
            continue;
        }
        if (j >= 8) {
            continue;
        }
        int known = 0;
        for (size_t k = 0; k < c->n; k++) {
            const true_term *t = &c->terms[k];
            if (t->kind == T_LEVEL && t->column == (long)j && strncasecmp(cell, t->level, len) == 0 &&
                t->level[len] == '\0') {
                known = 1;
                c->messy[j] += len != ls_csv_field_length(r, j) || strncmp(cell, t->level, len) != 0;
            }
        }
        CU_ASSERT(known);
    }
    double opens = atof(ls_csv_field(r, 11)), clicks = atof(ls_csv_field(r, 12));
    CU_ASSERT(clicks <= opens);
    long days_since = atol(ls_csv_field(r, 21));
    CU_ASSERT(days_since >= 0 && days_since <= 365);
    const char *minutes = ls_csv_field(r, 9), *dot = strchr(minutes, '.');
    CU_ASSERT(minutes[0] == '\0' || (dot != NULL && strlen(dot) == 2));
}

/* |count - n q| within 4.5 binomial standard deviations */
static int near_share(long count, long n, double q)
{
    return fabs((double)count - n * q) <= 4.5 * sqrt(n * q * (1 - q));
}

/* 300,000 rows: enough that a weight off by 0.15 (India -0.15 for -0.30,
 * demo 1.65 for 1.80) gives |z| > 4.5 */
static void generate_should_write_data_its_truth_file_describes(void)
{
    const long rows = 300000;
    char path[256];
    cJSON *truth = NULL;
    write_sample(path, sizeof path, rows, 5, &truth);
    ls_csv_reader *r = NULL;
    ls_error err = {0};
    CU_ASSERT_EQUAL_FATAL(ls_csv_open(path, NULL, &r, &err), LS_OK);
    CU_ASSERT_EQUAL_FATAL(ls_csv_n_columns(r), N_EXPECTED);
    const cJSON *listed = cJSON_GetObjectItem(truth, "columns");
    CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(listed), (int)N_EXPECTED);
    for (size_t j = 0; j < N_EXPECTED; j++) {
        CU_ASSERT_STRING_EQUAL(ls_csv_column_name(r, j), expected_columns[j]);
        CU_ASSERT_STRING_EQUAL(cJSON_GetArrayItem(listed, (int)j)->valuestring, expected_columns[j]);
    }
    truth_check *c = calloc(1, sizeof *c);
    read_truth(c, truth, r);
    /* every column but the id, the date and the target has terms */
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(truth, "categorical")) +
                        cJSON_GetArraySize(cJSON_GetObjectItem(truth, "numeric")) +
                        cJSON_GetArraySize(cJSON_GetObjectItem(truth, "yes_no")),
                    (int)N_EXPECTED - 3);

    /* calibration: observed against expected conversions in ten bands of p */
    double band_observed[10] = {0}, band_expected[10] = {0}, band_variance[10] = {0};
    long converted = 0, complete = 0, record = 0;
    double x[MAX_TERMS];
    int status;
    while ((status = ls_csv_next(r, &err)) == 1) {
        record++;
        check_record(c, r, record);
        const char *y_text = ls_csv_field(r, N_EXPECTED - 1);
        CU_ASSERT(strcmp(y_text, "0") == 0 || strcmp(y_text, "1") == 0);
        int y = y_text[0] == '1';
        converted += y;
        /* missing completely at random: the complete rows are a fair sample */
        double eta = 0;
        size_t k = 0;
        for (; k < c->n && term_value(c, &c->terms[k], r, &x[k]); k++) {
            eta += c->terms[k].weight * x[k];
        }
        if (k < c->n) {
            continue;
        }
        complete++;
        double p = 1.0 / (1.0 + exp(-eta));
        for (k = 0; k < c->n; k++) {
            c->terms[k].score += x[k] * (y - p);
            c->terms[k].variance += x[k] * x[k] * p * (1 - p);
        }
        int band = p >= 1.0 ? 9 : (int)(p * 10);
        band_observed[band] += y;
        band_expected[band] += p;
        band_variance[band] += p * (1 - p);
    }
    CU_ASSERT_EQUAL(status, 0);
    CU_ASSERT_EQUAL(record, rows);
    CU_ASSERT(complete > rows * 8 / 10);
    ASSERT_REL(cJSON_GetObjectItem(truth, "conversion_rate")->valuedouble, (double)converted / rows, 1e-12);
    double rate = (double)converted / rows;
    CU_ASSERT(rate > 0.10 && rate < 0.20);

    /* z beyond 4.5 has probability 7e-6 under the truth; terms with little
     * variance (the rarest countries) are left to the calibration check */
    int checked = 0;
    for (size_t k = 0; k < c->n; k++) {
        const true_term *t = &c->terms[k];
        if (t->variance < 10) {
            continue;
        }
        checked++;
        double z = t->score / sqrt(t->variance);
        if (fabs(z) > 4.5) {
            fprintf(stderr, "\n  term %s %s: z = %.2f",
                    t->column < 0 ? "intercept" : ls_csv_column_name(r, (size_t)t->column),
                    t->level != NULL ? t->level : "", z);
        }
        CU_ASSERT(fabs(z) <= 4.5);
    }
    CU_ASSERT(checked >= 50);
    double chi2 = 0;
    int bands = 0;
    for (int b = 0; b < 10; b++) {
        if (band_variance[b] > 0) {
            chi2 += (band_observed[b] - band_expected[b]) * (band_observed[b] - band_expected[b]) / band_variance[b];
            bands++;
        }
    }
    /* chi-square with `bands` degrees of freedom: mean bands, sd sqrt(2 bands) */
    CU_ASSERT(chi2 < bands + 5 * sqrt(2.0 * bands));

    /* 2% of each attribute and 1% of time on site blank; no other column ever */
    long attribute_messy = 0;
    for (size_t j = 2; j < N_EXPECTED - 1; j++) {
        if (j < 8) {
            CU_ASSERT(near_share(c->missing[j], rows, 0.02));
            CU_ASSERT(c->messy[j] > 0);
            attribute_messy += c->messy[j];
        } else if (j == 9) {
            CU_ASSERT(near_share(c->missing[j], rows, 0.01));
        } else {
            CU_ASSERT_EQUAL(c->missing[j], 0);
        }
    }
    /* 2% of cells are written messily, but upper case leaves "CEO" or
     * "5000+" as it was */
    CU_ASSERT(attribute_messy > 0.01 * 6 * rows && attribute_messy < 0.025 * 6 * rows);
    free(c);
    ls_csv_close(r);
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
    {"generate_should_refuse_options_out_of_range", generate_should_refuse_options_out_of_range},
    {"generate_should_not_repeat_seed_4357_for_seed_0", generate_should_not_repeat_seed_4357_for_seed_0},
    {"generate_should_write_data_its_truth_file_describes", generate_should_write_data_its_truth_file_describes},
    {"trainer_should_recover_the_true_weights", trainer_should_recover_the_true_weights},
    CU_TEST_INFO_NULL};

static CU_SuiteInfo suites[] = {{"generate", NULL, NULL, NULL, NULL, generate_tests}, CU_SUITE_INFO_NULL};

LS_TEST_MAIN(suites)
