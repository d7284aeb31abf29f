/* test_model_io.c: loading model files that were edited and re-checksummed.
 *
 * The checksum only catches accidents; a file edited on purpose and given a
 * fresh checksum must still be refused, with one message naming the field,
 * never a crash or a model that scores wrongly. Each case takes a trained
 * model's JSON, changes one thing, recomputes the checksum (the same way
 * ls_model_save does) and loads it. */
#define _POSIX_C_SOURCE 200809L
#include <string.h>
#include <time.h>

#include "leadscore/model_io.h"
#include "leadscore/train.h"
#include "ls_test.h"
#include "model_checksum.h"

static cJSON *trained; /* types.csv with an out-of-time holdout: every optional field present */

static int setup(void)
{
    char path[512];
    ls_train_options o;
    ls_train_options_init(&o);
    o.read.target = "converted";
    o.read.min_level_count = 1;
    o.time_column = "created";
    o.test_from = "2025-01-21";
    o.cv_folds = 3;
    o.options_text = "leadscore train (test)";
    ls_model *m = NULL;
    ls_train_report r;
    ls_error err = {0};
    if (ls_train(ls_test_path(path, sizeof path, "tests/data/ok/types.csv"), &o, &m, &r, &err) != LS_OK) {
        fprintf(stderr, "setup: %s\n", err.msg);
        return 1;
    }
    trained = ls_model_to_json(m);
    ls_model_free(m);
    return trained == NULL;
}

static int teardown(void)
{
    cJSON_Delete(trained);
    return 0;
}

/* Loads root after giving it a fresh checksum; returns the status and
 * leaves the message in err. */
static int load(cJSON *root, ls_error *err, ls_model **out)
{
    CU_ASSERT_EQUAL_FATAL(ls_model_checksum_add(root), 0);
    ls_model *m = NULL;
    int status = ls_model_from_json(root, "model.json", &m, err);
    if (out != NULL) {
        *out = m;
    } else {
        ls_model_free(m);
    }
    return status;
}

/* Expects the edited tree to be refused with LS_EDATA and a message holding
 * want; deletes root. */
static void expect_refused(cJSON *root, const char *want)
{
    ls_error err = {0};
    int status = load(root, &err, NULL);
    if (status != LS_EDATA || strstr(err.msg, want) == NULL) {
        fprintf(stderr, "\n  expected LS_EDATA with '%s', got %d: '%s'\n", want, status, err.msg);
    }
    CU_ASSERT_EQUAL(status, LS_EDATA);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, want));
    CU_ASSERT_STRING_EQUAL(err.file, "model.json");
    cJSON_Delete(root);
}

static cJSON *copy(void)
{
    return cJSON_Duplicate(trained, 1);
}

static cJSON *at(cJSON *root, const char *a, const char *b)
{
    cJSON *o = cJSON_GetObjectItemCaseSensitive(root, a);
    return b != NULL ? cJSON_GetObjectItemCaseSensitive(o, b) : o;
}

/* The index of the first input (or term) whose "name" (or "term") is name. */
static cJSON *named(cJSON *array, const char *key, const char *name)
{
    cJSON *e;
    cJSON_ArrayForEach(e, array)
    {
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(e, key);
        if (cJSON_IsString(n) && strcmp(n->valuestring, name) == 0) {
            return e;
        }
    }
    return NULL;
}

static void load_should_read_back_every_provenance_field(void)
{
    ls_error err = {0};
    ls_model *m = NULL;
    cJSON *root = copy();
    CU_ASSERT_EQUAL_FATAL(load(root, &err, &m), LS_OK);
    cJSON_Delete(root);
    const ls_provenance *p = m->training;
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_STRING_EQUAL(p->source_file, "types.csv");
    CU_ASSERT_EQUAL(strlen(p->source_sha256), 64);
    CU_ASSERT_EQUAL(p->source_rows, 30);
    CU_ASSERT_STRING_EQUAL(p->command_line, "leadscore train (test)");
    CU_ASSERT_STRING_EQUAL(p->options.time_column, "created");
    CU_ASSERT_STRING_EQUAL(p->options.test_from, "2025-01-21");
    CU_ASSERT_STRING_EQUAL(p->options.solver, "auto");
    CU_ASSERT_EQUAL(p->options.min_level_count, 1);
    CU_ASSERT_EQUAL(p->options.cv_folds, 3);
    CU_ASSERT_EQUAL(p->cv_folds, 3);
    CU_ASSERT_EQUAL(p->evaluation.n_cv, LS_CV_LAMBDAS);
    CU_ASSERT_EQUAL(p->evaluation.train_rows, 20);
    CU_ASSERT_EQUAL(p->evaluation.holdout_rows, 10);
    CU_ASSERT(!isnan(p->evaluation.holdout_log_loss));
    CU_ASSERT(p->options.l2 == p->evaluation.chosen_lambda); /* ridge path: alpha 0 */
    CU_ASSERT(p->n_columns_not_used >= 3);
    int saw_id = 0;
    for (size_t k = 0; k < p->n_columns_not_used; k++) {
        saw_id |= p->columns_not_used[k].type == LS_COL_ID && strcmp(p->columns_not_used[k].column, "lead_id") == 0;
    }
    CU_ASSERT(saw_id);
    /* and writes it back unchanged */
    cJSON *again = ls_model_to_json(m);
    CU_ASSERT_EQUAL_FATAL(ls_model_checksum_add(again), 0);
    cJSON *original = copy();
    CU_ASSERT_EQUAL_FATAL(ls_model_checksum_add(original), 0);
    CU_ASSERT(cJSON_Compare(again, original, 1));
    cJSON_Delete(again);
    cJSON_Delete(original);
    ls_model_free(m);
}

static void load_should_accept_a_model_without_optional_fields(void)
{
    cJSON *root = copy();
    cJSON *t = at(root, "training", NULL);
    cJSON *opt = at(root, "training", "options");
    cJSON_DeleteItemFromObjectCaseSensitive(t, "command_line");
    cJSON_DeleteItemFromObjectCaseSensitive(t, "cross_validation");
    cJSON_DeleteItemFromObjectCaseSensitive(opt, "solver");
    cJSON_DeleteItemFromObjectCaseSensitive(opt, "alpha");
    cJSON_DeleteItemFromObjectCaseSensitive(opt, "time_column");
    cJSON_DeleteItemFromObjectCaseSensitive(opt, "test_from");
    cJSON *e;
    cJSON_ArrayForEach(e, at(root, "training", "columns_not_used"))
    {
        cJSON_DeleteItemFromObjectCaseSensitive(e, "on_request");
    }
    ls_error err = {0};
    ls_model *m = NULL;
    CU_ASSERT_EQUAL_FATAL(load(root, &err, &m), LS_OK);
    CU_ASSERT_PTR_NULL(m->training->command_line);
    CU_ASSERT_PTR_NULL(m->training->options.time_column);
    CU_ASSERT_STRING_EQUAL(m->training->options.solver, "auto");
    CU_ASSERT(isnan(m->training->options.alpha));
    CU_ASSERT_EQUAL(m->training->cv_folds, 0);
    ls_model_free(m);
    cJSON_Delete(root);
    /* no "training" at all: a model fitted outside ls_train */
    root = copy();
    cJSON_DeleteItemFromObjectCaseSensitive(root, "training");
    CU_ASSERT_EQUAL_FATAL(load(root, &err, &m), LS_OK);
    CU_ASSERT_PTR_NULL(m->training);
    ls_model_free(m);
    cJSON_Delete(root);
}

static void load_should_name_a_missing_or_mistyped_provenance_field(void)
{
    cJSON *root = copy();
    cJSON_DeleteItemFromObjectCaseSensitive(at(root, "training", "options"), "l1");
    expect_refused(root, "training.options.l1 is missing");

    root = copy();
    cJSON_ReplaceItemInObjectCaseSensitive(at(root, "training", "options"), "l2", cJSON_CreateString("0.1"));
    expect_refused(root, "training.options.l2 must be a number");

    root = copy();
    cJSON_DeleteItemFromObjectCaseSensitive(at(root, "training", NULL), "evaluation");
    expect_refused(root, "training.evaluation is missing");

    root = copy();
    cJSON_DeleteItemFromObjectCaseSensitive(at(root, "training", "evaluation"), "train_rows");
    expect_refused(root, "training.evaluation.train_rows is missing");

    root = copy();
    cJSON_ReplaceItemInObjectCaseSensitive(at(root, "training", NULL), "source_file", cJSON_CreateNumber(3));
    expect_refused(root, "training.source_file must be a string");

    root = copy();
    cJSON_DeleteItemFromObjectCaseSensitive(cJSON_GetArrayItem(at(root, "training", "columns_not_used"), 0), "note");
    expect_refused(root, "training.columns_not_used[0].note is missing");

    root = copy();
    cJSON_ReplaceItemInObjectCaseSensitive(at(root, "training", "options"), "class_weight",
                                           cJSON_CreateString("heavy"));
    expect_refused(root, "training.options.class_weight must be");

    root = copy();
    cJSON_DeleteItemFromObjectCaseSensitive(at(root, "training", "cross_validation"), "curve");
    expect_refused(root, "training.cross_validation.curve is missing");

    root = copy();
    cJSON_ReplaceItemInObjectCaseSensitive(at(root, "training", "options"), "seed", cJSON_CreateNumber(-1));
    expect_refused(root, "training.options.seed must be a whole number");

    root = copy();
    cJSON_ReplaceItemInObjectCaseSensitive(root, "training", cJSON_CreateArray());
    expect_refused(root, "training must be an object");
}

/* Replaces the first `"key":value` in the unformatted text of root with
 * `"key":text`, then parses it again (so 1e999 reads as cJSON reads it). */
static cJSON *with_raw_number(cJSON *root, const char *key, const char *text)
{
    char *s = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\":", key);
    char *p = strstr(s, pattern);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    char *value = p + strlen(pattern);
    char *end = value + strcspn(value, ",}");
    size_t n = strlen(s) + strlen(text) + 1;
    char *edited = malloc(n);
    snprintf(edited, n, "%.*s%s%s", (int)(value - s), s, text, end);
    cJSON *out = cJSON_Parse(edited);
    free(s);
    free(edited);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    return out;
}

static void load_should_refuse_non_finite_and_huge_numbers(void)
{
    expect_refused(with_raw_number(copy(), "impute", "1e999"), "inputs[0].impute is not finite");
    expect_refused(with_raw_number(copy(), "impute", "-1e999"), "impute is not finite");
    expect_refused(with_raw_number(copy(), "impute", "1e200"), "impute is too large");
    expect_refused(with_raw_number(copy(), "weight", "1e999"), "terms[0].weight is not finite");
    expect_refused(with_raw_number(copy(), "weight", "1e200"), "terms[0].weight is too large");
    expect_refused(with_raw_number(copy(), "mean", "1e300"), "terms[0].mean is too large");
    /* a null where a weight must be (cJSON writes NaN so) */
    expect_refused(with_raw_number(copy(), "weight", "null"), "terms[0].weight must be a number");
}

static void load_should_refuse_a_numeric_input_without_its_value_term(void)
{
    cJSON *root = copy();
    cJSON *terms = at(root, "terms", NULL);
    cJSON *t = named(terms, "term", "visits");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    cJSON_DetachItemViaPointer(terms, t);
    cJSON_Delete(t);
    expect_refused(root, "numeric input 'visits' has 0 value terms");
    /* two value terms for one input */
    root = copy();
    terms = at(root, "terms", NULL);
    cJSON *twin = cJSON_Duplicate(named(terms, "term", "visits"), 1);
    cJSON_ReplaceItemInObjectCaseSensitive(twin, "term", cJSON_CreateString("visits again"));
    cJSON_AddItemToArray(terms, twin);
    expect_refused(root, "numeric input 'visits' has 2 value terms");
}

static void load_should_refuse_terms_that_disagree_with_their_input(void)
{
    cJSON *root = copy();
    cJSON *t = named(at(root, "terms", NULL), "term", "visits");
    cJSON_ReplaceItemInObjectCaseSensitive(t, "level", cJSON_CreateString("high"));
    expect_refused(root, "numeric column 'visits' has no level 'high'");

    root = copy();
    t = cJSON_GetArrayItem(at(root, "terms", NULL), 2);
    cJSON_ReplaceItemInObjectCaseSensitive(t, "column", cJSON_CreateString("nowhere"));
    expect_refused(root, "column 'nowhere' is not an input");

    /* a level term moved onto a level the column does not have */
    root = copy();
    cJSON *e;
    cJSON_ArrayForEach(e, at(root, "terms", NULL))
    {
        const cJSON *level = cJSON_GetObjectItemCaseSensitive(e, "level");
        if (cJSON_IsString(level) && strcmp(level->valuestring, LS_LEVEL_MISSING) != 0) {
            cJSON_ReplaceItemInObjectCaseSensitive(e, "level", cJSON_CreateString("no such level"));
            break;
        }
    }
    expect_refused(root, "names a level its column");

    /* a second intercept */
    root = copy();
    cJSON_AddItemToArray(at(root, "terms", NULL), cJSON_Duplicate(cJSON_GetArrayItem(at(root, "terms", NULL), 0), 1));
    expect_refused(root, "has no column: only the first term");
}

static void load_should_refuse_duplicate_input_and_term_names(void)
{
    cJSON *root = copy();
    cJSON *inputs = at(root, "inputs", NULL);
    const char *first = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(inputs, 0), "name")->valuestring;
    cJSON_ReplaceItemInObjectCaseSensitive(cJSON_GetArrayItem(inputs, 1), "name", cJSON_CreateString(first));
    expect_refused(root, "appears twice");

    root = copy();
    cJSON *terms = at(root, "terms", NULL);
    const char *name = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(terms, 1), "term")->valuestring;
    cJSON_ReplaceItemInObjectCaseSensitive(cJSON_GetArrayItem(terms, 2), "term", cJSON_CreateString(name));
    expect_refused(root, "appears twice");
}

/* A model with one categorical input of n levels, built in memory. */
static cJSON *wide_model(size_t n)
{
    ls_model *m = calloc(1, sizeof *m);
    m->kind = strdup("logit");
    m->target = strdup("y");
    m->delimiter = ',';
    ls_bands_default(&m->bands);
    m->inputs = calloc(1, sizeof *m->inputs);
    m->n_inputs = 1;
    ls_input *in = &m->inputs[0];
    in->name = strdup("account");
    in->categorical = 1;
    in->levels = ls_levels_new();
    in->folded = ls_levels_new();
    in->missing_level = in->other_level = -1;
    m->terms = calloc(n, sizeof *m->terms);
    m->terms[0].name = strdup("(Intercept)");
    m->terms[0].kind = LS_TERM_INTERCEPT;
    m->n_terms = 1;
    char key[32], term[48];
    for (size_t l = 0; l < n; l++) {
        snprintf(key, sizeof key, "acct-%06zu", l);
        ls_levels_set_frequency(in->levels, (size_t)ls_levels_intern(in->levels, key, key), 1);
        if (l == 0) {
            continue; /* the reference */
        }
        ls_term *t = &m->terms[m->n_terms++];
        snprintf(term, sizeof term, "account=%s", key);
        t->name = strdup(term);
        t->kind = LS_TERM_LEVEL;
        t->level = (uint32_t)l;
        t->weight = 0.001 * (double)l;
        t->mean = 1.0 / (double)n;
        t->scale = 0.01;
        t->std_error = t->z = t->p_value = t->ci_low = t->ci_high = NAN;
    }
    cJSON *root = ls_model_to_json(m);
    ls_model_free(m);
    return root;
}

static void load_should_take_linear_time_in_levels(void)
{
    /* 80,000 levels took 21 s when every term searched its level by name */
    cJSON *root = wide_model(80000);
    CU_ASSERT_EQUAL_FATAL(ls_model_checksum_add(root), 0);
    /* processor time, not wall time: other work on the machine must not
     * fail the test. Linear loading takes about 1 s (the checksum's print
     * and hash included), quadratic 38 s; sanitizers slow both down a lot. */
#if defined(__SANITIZE_ADDRESS__)
    const double limit = 60.0;
#else
    const double limit = 10.0;
#endif
    struct timespec a, b;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
    ls_error err = {0};
    ls_model *m = NULL;
    CU_ASSERT_EQUAL(ls_model_from_json(root, "wide.json", &m, &err), LS_OK);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
    double seconds = (double)(b.tv_sec - a.tv_sec) + 1e-9 * (double)(b.tv_nsec - a.tv_nsec);
    fprintf(stderr, "\n  80000 levels loaded in %.3f s of processor time (limit %.0f s)\n", seconds, limit);
    CU_ASSERT(seconds < limit);
    CU_ASSERT_EQUAL(m != NULL ? m->n_terms : 0, 80000);
    ls_model_free(m);
    cJSON_Delete(root);
}

static CU_TestInfo tests[] = {
    {"load_should_read_back_every_provenance_field", load_should_read_back_every_provenance_field},
    {"load_should_accept_a_model_without_optional_fields", load_should_accept_a_model_without_optional_fields},
    {"load_should_name_a_missing_or_mistyped_provenance_field",
     load_should_name_a_missing_or_mistyped_provenance_field},
    {"load_should_refuse_non_finite_and_huge_numbers", load_should_refuse_non_finite_and_huge_numbers},
    {"load_should_refuse_a_numeric_input_without_its_value_term",
     load_should_refuse_a_numeric_input_without_its_value_term},
    {"load_should_refuse_terms_that_disagree_with_their_input", load_should_refuse_terms_that_disagree_with_their_input},
    {"load_should_refuse_duplicate_input_and_term_names", load_should_refuse_duplicate_input_and_term_names},
    {"load_should_take_linear_time_in_levels", load_should_take_linear_time_in_levels},
    CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
    {"model_io", setup, teardown, NULL, NULL, tests},
    CU_SUITE_INFO_NULL,
};

LS_TEST_MAIN(suites)
