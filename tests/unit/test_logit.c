/* test_logit.c: the fit against closed forms, aliasing and separation, the
 * model file round trip and its guards, and the scorer on a hand-computed
 * model.
 *
 * tests/data/ok/two_by_two.csv: level a has 120 leads of which 30 converted,
 * level b 80 of which 40 (a is the reference, the more frequent). A logistic
 * model with one binary term fits the two rates exactly, so
 *   intercept = log(30/90), weight(b) = log(40/40) - log(30/90) = log 3,
 *   SE(weight b) = sqrt(1/30 + 1/90 + 1/40 + 1/40)  (Woolf's formula),
 *   SE(intercept) = sqrt(1/30 + 1/90),
 *   log-likelihood = 30 log .25 + 90 log .75 + 80 log .5. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "leadscore/logit.h"
#include "leadscore/model_io.h"
#include "leadscore/scorer.h"
#include "ls_test.h"

/* exclude: NULL, or one or two column names separated by a comma */
static ls_model *fit_file(const char *relative, const char *exclude, double l2, ls_error *err)
{
    char path[1024], list[64] = "";
    ls_read_options o;
    ls_read_options_init(&o);
    o.target = "converted";
    const char *names[2];
    if (exclude != NULL) {
        snprintf(list, sizeof list, "%s", exclude);
        char *comma = strchr(list, ',');
        names[0] = list;
        o.exclude.n = 1;
        if (comma != NULL) {
            *comma = '\0';
            names[1] = comma + 1;
            o.exclude.n = 2;
        }
        o.exclude.names = names;
    }
    ls_dataset *ds = NULL;
    ls_model *m = NULL;
    if (ls_dataset_read(ls_test_path(path, sizeof path, relative), &o, &ds, err) != LS_OK) {
        return NULL;
    }
    ls_logit_options lo;
    ls_logit_options_init(&lo);
    lo.l2 = l2;
    if (ls_model_from_dataset(ds, &m, err) == LS_OK && ls_logit_fit(m, ds, &lo, err) != LS_OK) {
        ls_model_free(m);
        m = NULL;
    }
    ls_dataset_free(ds);
    return m;
}

static const ls_term *term(const ls_model *m, const char *name)
{
    for (size_t t = 0; t < m->n_terms; t++) {
        if (strcmp(m->terms[t].name, name) == 0) {
            return &m->terms[t];
        }
    }
    CU_FAIL_FATAL("term not found");
    return NULL;
}

/* With "noise" excluded, "twin" (a copy of x) is aliased and dropped, which
 * leaves the one-term model of the closed form. */
static void logit_should_match_the_closed_form_of_a_two_by_two_table(void)
{
    ls_error err = {0};
    ls_model *m = fit_file("tests/data/ok/two_by_two.csv", "noise", 0.0, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    ASSERT_REL(term(m, "(Intercept)")->weight, log(30.0 / 90.0), 1e-10);
    ASSERT_REL(term(m, "x=b")->weight, log(3.0), 1e-10);
    ASSERT_REL(term(m, "x=b")->std_error, sqrt(1 / 30.0 + 1 / 90.0 + 1 / 40.0 + 1 / 40.0), 1e-8);
    ASSERT_REL(term(m, "(Intercept)")->std_error, sqrt(1 / 30.0 + 1 / 90.0), 1e-8);
    ASSERT_REL(m->fit.log_likelihood, 30 * log(0.25) + 90 * log(0.75) + 80 * log(0.5), 1e-12);
    double z = log(3.0) / sqrt(1 / 30.0 + 1 / 90.0 + 1 / 40.0 + 1 / 40.0);
    ASSERT_REL(term(m, "x=b")->z, z, 1e-8);
    ASSERT_REL(term(m, "x=b")->p_value, erfc(z / sqrt(2.0)), 1e-6);
    ASSERT_REL(term(m, "x=b")->ci_low, log(3.0) - 1.959963984540054 * term(m, "x=b")->std_error, 1e-10);
    ls_model_free(m);
}

static void logit_should_drop_an_aliased_term_and_name_it(void)
{
    ls_error err = {0};
    ls_model *m = fit_file("tests/data/ok/two_by_two.csv", "noise", 0.0, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    /* twin=b is x=b again: the later term is the aliased one, as in R */
    CU_ASSERT_TRUE(term(m, "twin=b")->aliased);
    CU_ASSERT_FALSE(term(m, "x=b")->aliased);
    CU_ASSERT_EQUAL(term(m, "twin=b")->weight, 0.0);
    CU_ASSERT_EQUAL(m->fit.rank, 2);
    ls_model_free(m);
}

static void logit_should_report_separation_instead_of_huge_weights(void)
{
    ls_error err = {0};
    ls_model *m = fit_file("tests/data/bad/separated.csv", NULL, 0.0, &err);
    CU_ASSERT_PTR_NULL(m);
    CU_ASSERT_EQUAL(err.code, LS_ENOCONV);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "separation"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'x=b'"));
}

static void logit_should_keep_weights_finite_under_separation_with_a_penalty(void)
{
    ls_error err = {0};
    ls_model *m = fit_file("tests/data/bad/separated.csv", NULL, 0.01, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    double w = term(m, "x=b")->weight;
    CU_ASSERT(isfinite(w) && w > 2 && w < 15);
    ls_model_free(m);
}

static void logit_should_refuse_a_target_with_one_class(void)
{
    ls_error err = {0};
    ls_model *m = fit_file("tests/data/bad/one_class.csv", NULL, 0.0, &err);
    CU_ASSERT_PTR_NULL(m);
    CU_ASSERT_EQUAL(err.code, LS_EDATA);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "one class"));
}

static const char *temp_path(char *buf, size_t n, const char *name)
{
    snprintf(buf, n, "/tmp/leadscore-test-%ld-%s", (long)getpid(), name);
    return buf;
}

static void model_file_should_round_trip_bit_for_bit(void)
{
    ls_error err = {0};
    char path[256];
    ls_model *m = fit_file("tests/data/ok/two_by_two.csv", "noise", 0.0, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL_FATAL(ls_model_save(m, temp_path(path, sizeof path, "m.json"), &err), LS_OK);
    ls_model *back = NULL;
    CU_ASSERT_EQUAL_FATAL(ls_model_load(path, &back, &err), LS_OK);
    CU_ASSERT_EQUAL_FATAL(back->n_terms, m->n_terms);
    for (size_t t = 0; t < m->n_terms; t++) {
        CU_ASSERT_EQUAL(memcmp(&back->terms[t].weight, &m->terms[t].weight, sizeof(double)), 0);
        CU_ASSERT_STRING_EQUAL(back->terms[t].name, m->terms[t].name);
    }
    ls_model_free(back);
    ls_model_free(m);
    unlink(path);
}

/* Rewrites the saved model with one substitution and returns the load error. */
static ls_error load_edited(const char *from, const char *to)
{
    ls_error err = {0};
    char path[256], edited[256];
    ls_model *m = fit_file("tests/data/ok/two_by_two.csv", "noise", 0.0, &err);
    ls_model_save(m, temp_path(path, sizeof path, "orig.json"), &err);
    ls_model_free(m);
    FILE *in = fopen(path, "r");
    FILE *out = fopen(temp_path(edited, sizeof edited, "edited.json"), "w");
    char line[4096];
    int done = 0;
    while (fgets(line, sizeof line, in) != NULL) {
        char *at = done ? NULL : strstr(line, from);
        if (at != NULL) {
            fwrite(line, 1, (size_t)(at - line), out);
            fputs(to, out);
            fputs(at + strlen(from), out);
            done = 1;
        } else {
            fputs(line, out);
        }
    }
    fclose(in);
    fclose(out);
    ls_model *back = NULL;
    memset(&err, 0, sizeof err);
    if (ls_model_load(edited, &back, &err) == LS_OK) {
        ls_model_free(back);
    }
    unlink(path);
    unlink(edited);
    return err;
}

static void model_file_should_reject_tampering_and_newer_versions(void)
{
    /* the intercept, log(30/90) = -1.09861228866810..., changed in its 15th digit */
    ls_error err = load_edited("1.09861228866810", "1.09861228866811");
    CU_ASSERT_EQUAL(err.code, LS_EDATA);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "checksum"));
    err = load_edited("\"schema_version\":\t1", "\"schema_version\":\t2");
    CU_ASSERT_EQUAL(err.code, LS_EDATA);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "newer"));
    err = load_edited("\"format\"", "\"formt\"");
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "not a leadscore model"));
    err = load_edited("{", "{{");
    CU_ASSERT_EQUAL(err.code, LS_EPARSE);
    CU_ASSERT_EQUAL(err.line, 1);
}

static void scorer_should_name_every_missing_column(void)
{
    ls_error err = {0};
    char model_path[256], data[1024];
    ls_model *m = fit_file("tests/data/ok/two_by_two.csv", "noise", 0.0, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    ls_model_save(m, temp_path(model_path, sizeof model_path, "s.json"), &err);
    ls_model_free(m);
    ls_scorer *s = NULL;
    CU_ASSERT_EQUAL_FATAL(ls_scorer_load(model_path, &s, &err), LS_OK);
    ls_csv_reader *r = NULL;
    ls_csv_open(ls_test_path(data, sizeof data, "tests/data/ok/score_two_by_two.csv"), NULL, &r, &err);
    CU_ASSERT_EQUAL(ls_scorer_bind(s, r, &err), LS_EDATA);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'twin'"));
    ls_csv_close(r);
    ls_scorer_free(s);
    unlink(model_path);
}

/* The one-term model gives a 0.25 and b 0.5; " B " is b; "c" was never seen
 * and scores as the reference a. The reason for b is its weight against the
 * average lead: log 3 * (1 - 80/200); for a it is log 3 * (0 - 0.4). */
static void scorer_should_give_the_two_by_two_rates_and_count_unseen_levels(void)
{
    ls_error err = {0};
    char model_path[256], data[1024];
    ls_model *m = fit_file("tests/data/ok/two_by_two.csv", "noise,twin", 0.0, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    ls_model_save(m, temp_path(model_path, sizeof model_path, "s2.json"), &err);
    ls_model_free(m);
    ls_scorer *s = NULL;
    CU_ASSERT_EQUAL_FATAL(ls_scorer_load(model_path, &s, &err), LS_OK);
    ls_csv_reader *r = NULL;
    ls_csv_open(ls_test_path(data, sizeof data, "tests/data/ok/score_two_by_two.csv"), NULL, &r, &err);
    CU_ASSERT_EQUAL_FATAL(ls_scorer_bind(s, r, &err), LS_OK);
    const double expected[4] = {0.25, 0.5, 0.5, 0.25};
    const int scores[4] = {25, 50, 50, 25};
    const char *bands[4] = {"Lead", "MQL", "MQL", "Lead"};
    for (int i = 0; i < 4; i++) {
        ls_score sc;
        ls_reason reasons[3];
        size_t n = 0;
        CU_ASSERT_EQUAL_FATAL(ls_csv_next(r, &err), 1);
        CU_ASSERT_EQUAL_FATAL(ls_scorer_score(s, r, &sc, reasons, 3, &n, &err), LS_OK);
        ASSERT_REL(sc.probability, expected[i], 1e-12);
        CU_ASSERT_EQUAL(sc.score, scores[i]);
        CU_ASSERT_STRING_EQUAL(ls_scorer_bands(s)->band[sc.band].name, bands[i]);
        CU_ASSERT_EQUAL_FATAL(n, 1);
        ASSERT_REL(reasons[0].contribution, log(3.0) * ((expected[i] > 0.3 ? 1.0 : 0.0) - 0.4), 1e-10);
    }
    CU_ASSERT_EQUAL(ls_scorer_unseen_count(s, 0), 1);
    ls_csv_close(r);
    ls_scorer_free(s);
    unlink(model_path);
}

static CU_TestInfo logit_tests[] = {
    {"logit_should_match_the_closed_form_of_a_two_by_two_table",
     logit_should_match_the_closed_form_of_a_two_by_two_table},
    {"logit_should_drop_an_aliased_term_and_name_it", logit_should_drop_an_aliased_term_and_name_it},
    {"logit_should_report_separation_instead_of_huge_weights", logit_should_report_separation_instead_of_huge_weights},
    {"logit_should_keep_weights_finite_under_separation_with_a_penalty",
     logit_should_keep_weights_finite_under_separation_with_a_penalty},
    {"logit_should_refuse_a_target_with_one_class", logit_should_refuse_a_target_with_one_class},
    {"model_file_should_round_trip_bit_for_bit", model_file_should_round_trip_bit_for_bit},
    {"model_file_should_reject_tampering_and_newer_versions", model_file_should_reject_tampering_and_newer_versions},
    {"scorer_should_name_every_missing_column", scorer_should_name_every_missing_column},
    {"scorer_should_give_the_two_by_two_rates_and_count_unseen_levels",
     scorer_should_give_the_two_by_two_rates_and_count_unseen_levels},
    CU_TEST_INFO_NULL};

static CU_SuiteInfo suites[] = {{"logit", NULL, NULL, NULL, NULL, logit_tests}, CU_SUITE_INFO_NULL};

LS_TEST_MAIN(suites)
