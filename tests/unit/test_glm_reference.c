/* test_glm_reference.c: 'train --l2 0' against R's glm(family = binomial).
 *
 * tests/reference/glm_<name>_*.csv come from scripts/reference/glm_reference.R,
 * which re-implements the documented encoding in R and fits glm (see
 * tests/reference/README.md). Tolerances are the issue's: log-likelihood and
 * every fitted probability to 1e-6 relative; standard errors, z, p-values,
 * 95% Wald intervals and odds ratios to 1e-4 relative; the same terms aliased.
 * Each dataset is also split: trained on its first rows, and the scorer's
 * probabilities for the held-out rest compared with R's predict(type =
 * "response"), unseen and folded levels included.
 * The sample always runs; X Education and Bank Marketing when
 * ../shared/datasets is present. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "leadscore/csv.h"
#include "leadscore/model_io.h"
#include "leadscore/scorer.h"
#include "leadscore/train.h"
#include "ls_test.h"

static double field_number(const ls_csv_reader *r, size_t j)
{
    const char *s = ls_csv_field(r, j);
    return s[0] != '\0' ? strtod(s, NULL) : NAN;
}

static const ls_term *find_term(const ls_model *m, const char *column, const char *level_key)
{
    for (size_t t = 0; t < m->n_terms; t++) {
        const ls_term *term = &m->terms[t];
        if (term->kind == LS_TERM_INTERCEPT) {
            if (column[0] == '\0') {
                return term;
            }
            continue;
        }
        const ls_input *in = &m->inputs[term->input];
        if (strcmp(in->name, column) != 0) {
            continue;
        }
        const char *level = term->kind == LS_TERM_NUMERIC  ? ""
                            : term->kind == LS_TERM_MISSING ? "(missing)"
                                                            : ls_levels_display(in->levels, term->level);
        char key[256];
        ls_level_key(level, strlen(level), 0, key);
        if (strcmp(key, level_key) == 0) {
            return term;
        }
    }
    return NULL;
}

static void compare_terms(const ls_model *m, const char *name)
{
    char rel[128], path[1024];
    ls_error err = {0};
    ls_csv_reader *r = NULL;
    snprintf(rel, sizeof rel, "tests/reference/glm_%s_terms.csv", name);
    CU_ASSERT_EQUAL_FATAL(ls_csv_open(ls_test_path(path, sizeof path, rel), NULL, &r, &err), LS_OK);
    size_t compared = 0;
    while (ls_csv_next(r, &err) == 1) {
        const ls_term *t = find_term(m, ls_csv_field(r, 0), ls_csv_field(r, 1));
        if (t == NULL) {
            fprintf(stderr, "\n  %s: no term for column '%s' level '%s'", name, ls_csv_field(r, 0), ls_csv_field(r, 1));
            CU_FAIL("a term of R's fit is missing");
            continue;
        }
        int aliased = strcmp(ls_csv_field(r, 2), "TRUE") == 0;
        CU_ASSERT_EQUAL(t->aliased, aliased);
        if (aliased) {
            continue;
        }
        ASSERT_REL(t->weight, field_number(r, 3), 1e-6);
        ASSERT_REL(t->std_error, field_number(r, 4), 1e-4);
        ASSERT_REL(t->z, field_number(r, 5), 1e-4);
        ASSERT_REL(t->p_value, field_number(r, 6), 1e-4);
        ASSERT_REL(t->ci_low, field_number(r, 7), 1e-4);
        ASSERT_REL(t->ci_high, field_number(r, 8), 1e-4);
        ASSERT_REL(exp(t->weight), field_number(r, 9), 1e-4);
        compared++;
    }
    CU_ASSERT_EQUAL(compared + 0, m->fit.rank);
    ls_csv_close(r);
}

/* Scores data with m and compares every probability with R's in
 * tests/reference/glm_<name>_<kind>.csv (kind: fitted or holdout). */
static void compare_probabilities(const ls_model *m, const char *name, const char *kind, const char *data,
                                  size_t expected_rows);

static void compare_fit_and_probabilities(const ls_model *m, const char *name, const char *data)
{
    char rel[128], path[1024];
    ls_error err = {0};
    ls_csv_reader *r = NULL;
    snprintf(rel, sizeof rel, "tests/reference/glm_%s_fit.csv", name);
    CU_ASSERT_EQUAL_FATAL(ls_csv_open(ls_test_path(path, sizeof path, rel), NULL, &r, &err), LS_OK);
    CU_ASSERT_EQUAL_FATAL(ls_csv_next(r, &err), 1);
    CU_ASSERT_EQUAL(m->fit.rows, (size_t)field_number(r, 0));
    CU_ASSERT_EQUAL(m->fit.positives, (size_t)field_number(r, 1));
    ASSERT_REL(m->fit.log_likelihood, field_number(r, 2), 1e-6);
    ASSERT_REL(m->fit.deviance, field_number(r, 3), 1e-6);
    ASSERT_REL(m->fit.null_deviance, field_number(r, 4), 1e-6);
    ls_csv_close(r);
    if (data != NULL) {
        compare_probabilities(m, name, "fitted", data, m->fit.rows);
    }
}

static void compare_probabilities(const ls_model *m, const char *name, const char *kind, const char *data,
                                  size_t expected_rows)
{
    char rel[128], path[1024], model_path[256];
    ls_error err = {0};
    /* every probability, through the scorer as users get them */
    snprintf(model_path, sizeof model_path, "/tmp/leadscore-glm-%ld-%s.json", (long)getpid(), name);
    CU_ASSERT_EQUAL_FATAL(ls_model_save(m, model_path, &err), LS_OK);
    ls_scorer *s = NULL;
    ls_csv_reader *d = NULL, *f = NULL;
    snprintf(rel, sizeof rel, "tests/reference/glm_%s_%s.csv", name, kind);
    CU_ASSERT_EQUAL_FATAL(ls_scorer_load(model_path, &s, &err), LS_OK);
    CU_ASSERT_EQUAL_FATAL(ls_csv_open(data, NULL, &d, &err), LS_OK);
    CU_ASSERT_EQUAL_FATAL(ls_csv_open(ls_test_path(path, sizeof path, rel), NULL, &f, &err), LS_OK);
    CU_ASSERT_EQUAL_FATAL(ls_scorer_bind(s, d, &err), LS_OK);
    size_t rows = 0, off = 0;
    double worst = 0;
    while (ls_csv_next(d, &err) == 1 && ls_csv_next(f, &err) == 1) {
        ls_score sc;
        if (ls_scorer_score(s, d, &sc, NULL, 0, NULL, &err) != LS_OK) {
            off++;
            continue;
        }
        double want = field_number(f, 1), rel_diff = fabs(sc.probability - want) / want;
        worst = fmax(worst, rel_diff);
        off += rel_diff > 1e-6;
        rows++;
    }
    fprintf(stderr, "\n  %s: %zu %s probabilities, largest relative difference from R %.3g\n", name, rows, kind, worst);
    CU_ASSERT_EQUAL(rows, expected_rows);
    CU_ASSERT_EQUAL(off, 0);
    ls_csv_close(d);
    ls_csv_close(f);
    ls_scorer_free(s);
    unlink(model_path);
}

static ls_model *fit(const char *name, const char *data, const char *target, const char *na, const char **exclude,
                     size_t n_exclude)
{
    ls_error err = {0};
    ls_train_options o;
    ls_train_options_init(&o);
    o.l2 = 0;
    o.read.target = target;
    o.read.exclude.names = exclude;
    o.read.exclude.n = n_exclude;
    if (na != NULL) {
        ls_na_list_parse(na, &o.read.na);
    }
    ls_model *m = NULL;
    ls_train_report report;
    int status = ls_train(data, &o, &m, &report, &err);
    ls_na_list_free(&o.read.na);
    if (status != LS_OK) {
        fprintf(stderr, "\n  %s: %s\n", name, err.msg);
    }
    CU_ASSERT_EQUAL_FATAL(status, LS_OK);
    return m;
}

static void check(const char *name, const char *data, const char *target, const char *na, const char **exclude,
                  size_t n_exclude)
{
    ls_model *m = fit(name, data, target, na, exclude, n_exclude);
    compare_terms(m, name);
    compare_fit_and_probabilities(m, name, data);
    ls_model_free(m);
}

/* Copies the header and the data rows [first, last) of a file whose records
 * are one line each (true of the sample and the shared exports). */
static size_t copy_rows(const char *from, const char *to, size_t first, size_t last)
{
    FILE *in = fopen(from, "r"), *out = fopen(to, "w");
    char line[65536];
    size_t row = 0, copied = 0;
    CU_ASSERT_PTR_NOT_NULL_FATAL(in);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    if (fgets(line, sizeof line, in) != NULL) {
        fputs(line, out);
    }
    while (fgets(line, sizeof line, in) != NULL) {
        if (row >= first && row < last) {
            fputs(line, out);
            copied++;
        }
        row++;
    }
    fclose(in);
    fclose(out);
    return copied;
}

/* Trains on the first k - 1 rows, as R did with glm_reference.R K = k, and
 * compares R's predict(type = "response") on the rows from k on. */
static void check_held_out(const char *name, const char *data, size_t k, const char *target, const char *na,
                           const char **exclude, size_t n_exclude)
{
    char train_path[256], test_path[256], split[64];
    snprintf(train_path, sizeof train_path, "/tmp/leadscore-glm-%ld-%s-train.csv", (long)getpid(), name);
    snprintf(test_path, sizeof test_path, "/tmp/leadscore-glm-%ld-%s-test.csv", (long)getpid(), name);
    snprintf(split, sizeof split, "%s_split", name);
    copy_rows(data, train_path, 0, k - 1);
    size_t held_out = copy_rows(data, test_path, k - 1, (size_t)-1);
    ls_model *m = fit(split, train_path, target, na, exclude, n_exclude);
    compare_terms(m, split);
    compare_fit_and_probabilities(m, split, NULL);
    compare_probabilities(m, split, "holdout", test_path, held_out);
    ls_model_free(m);
    unlink(train_path);
    unlink(test_path);
}

static void train_should_agree_with_r_glm_on_the_sample(void)
{
    char path[1024];
    check("sample", ls_test_path(path, sizeof path, "datasets/leads_sample.csv"), "converted", NULL, NULL, 0);
    check_held_out("sample", path, 16001, "converted", NULL, NULL, 0);
}

static void train_should_agree_with_r_glm_on_bank_marketing(void)
{
    char path[1024];
    if (ls_shared_path(path, sizeof path, "bank_marketing_full.csv") == NULL) {
        ls_test_skip("../shared/datasets is not present");
        return;
    }
    check("bank", path, "y", NULL, NULL, 0);
    check_held_out("bank", path, 40001, "y", NULL, NULL, 0);
}

/* Tags and Lead Quality are leakage (SOURCES.md); occupation and lead
 * profile have levels that separate the outcome, so no MLE exists with them. */
static void train_should_agree_with_r_glm_on_xeducation(void)
{
    char path[1024];
    if (ls_shared_path(path, sizeof path, "xeducation_leads.csv") == NULL) {
        ls_test_skip("../shared/datasets is not present");
        return;
    }
    static const char *exclude[] = {"Prospect ID", "Lead Number", "Tags", "Lead Quality",
                                    "What is your current occupation", "Lead Profile"};
    check("xeducation", path, "Converted", "Select", exclude, 6);
    check_held_out("xeducation", path, 8001, "Converted", "Select", exclude, 6);
}

static CU_TestInfo glm_tests[] = {
    {"train_should_agree_with_r_glm_on_the_sample", train_should_agree_with_r_glm_on_the_sample},
    {"train_should_agree_with_r_glm_on_bank_marketing", train_should_agree_with_r_glm_on_bank_marketing},
    {"train_should_agree_with_r_glm_on_xeducation", train_should_agree_with_r_glm_on_xeducation},
    CU_TEST_INFO_NULL};

static CU_SuiteInfo suites[] = {{"glm_reference", NULL, NULL, NULL, NULL, glm_tests}, CU_SUITE_INFO_NULL};

LS_TEST_MAIN(suites)
