/* test_profile.c: the training profile (profile.h) and the linear predictors
 * the fit hands it, against recomputations that share nothing with them.
 *
 * The data are 4,000 generated leads (ls_generate, seed 7: numeric columns
 * with blank cells, categorical columns with rare levels), of which every
 * fourth row is left out of the profile as a holdout would be. The
 * recomputation sorts each column's used values with qsort and cuts them
 * with ls_profile_edges() (checked by hand in test_drift.c), counts bins with
 * its own loop, and scores each row from the model's terms one by one,
 * without the fit's design blocks or BLAS. */
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "leadscore/generate.h"
#include "leadscore/logit.h"
#include "leadscore/profile.h"
#include "leadscore/train.h"
#include "ls_test.h"

#define ROWS 4000

/* ROWS generated leads written to path; 0 or -1. */
static int write_generated(const char *path, unsigned long seed)
{
    FILE *fp = fopen(path, "w");
    if (fp == NULL) {
        return -1;
    }
    ls_generate_options g = {ROWS, seed, NULL, NULL};
    ls_error err = {0};
    int status = ls_generate(&g, fp, NULL, &err);
    return fclose(fp) == 0 && status == LS_OK ? 0 : -1;
}

static ls_dataset *read_leads(const char *path)
{
    ls_read_options o;
    ls_read_options_init(&o);
    o.target = "converted";
    ls_dataset *ds = NULL;
    ls_error err = {0};
    if (ls_dataset_read(path, &o, &ds, &err) != LS_OK) {
        fprintf(stderr, "\n  %s\n", err.msg);
    }
    return ds;
}

static ls_dataset *generated(unsigned long seed)
{
    char path[128];
    snprintf(path, sizeof path, "/tmp/leadscore-profile-%ld.csv", (long)getpid());
    ls_dataset *ds = write_generated(path, seed) == 0 ? read_leads(path) : NULL;
    unlink(path);
    return ds;
}

static ls_model *fitted(const ls_dataset *ds, ls_logit_solver solver, double *eta)
{
    ls_model *m = NULL;
    ls_error err = {0};
    ls_logit_options lo;
    ls_logit_options_init(&lo);
    lo.solver = solver;
    lo.linear_predictor = eta;
    if (ls_model_from_dataset(ds, &m, &err) != LS_OK || ls_logit_fit(m, ds, &lo, &err) != LS_OK) {
        fprintf(stderr, "\n  %s\n", err.msg);
        ls_model_free(m);
        return NULL;
    }
    return m;
}

/* x_i'w summed term by term in plain C. */
static double linear_predictor_by_hand(const ls_model *m, const ls_dataset *ds, size_t i)
{
    double eta = 0;
    for (size_t t = 0; t < m->n_terms; t++) {
        const ls_term *term = &m->terms[t];
        if (term->kind == LS_TERM_INTERCEPT) {
            eta += term->weight;
            continue;
        }
        const ls_input *in = &m->inputs[term->input];
        const ls_column *c = &ds->columns[ls_dataset_find(ds, in->name)];
        if (term->kind == LS_TERM_LEVEL) {
            eta += c->codes[i] == term->level ? term->weight : 0.0;
        } else if (term->kind == LS_TERM_MISSING) {
            eta += isnan(c->values[i]) ? term->weight : 0.0;
        } else {
            eta += term->weight * (isnan(c->values[i]) ? in->impute : c->values[i]);
        }
    }
    return eta;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Bins of the used values of x (NaN: missing) as profile.h defines them,
 * from a full sort. Returns the number of non-missing values. */
static size_t bins_by_sort(const double *x, const unsigned char *use, size_t n_rows, size_t used,
                           ls_profile_bins *b)
{
    double *v = malloc(n_rows * sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < n_rows; i++) {
        if (use[i] && !isnan(x[i])) {
            v[n++] = x[i];
        }
    }
    memset(b, 0, sizeof *b);
    if (n > 0) {
        qsort(v, n, sizeof *v, by_value);
        ls_profile_edges(v, n, b);
    }
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        while (k < b->n_edges && v[i] > b->edges[k]) {
            k++;
        }
        b->share[k] += 1.0;
    }
    for (size_t k = 0; k <= b->n_edges; k++) {
        b->share[k] /= (double)used;
    }
    free(v);
    return n;
}

/* The partition that model_profile.c's nested selection relies on: after
 * gsl_stats_select(k), no value before index k is larger than the k-th and
 * none after it is smaller. Ties are many on purpose (values 0..49). */
static void select_should_leave_the_values_partitioned_around_the_rank(void)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    double v[1000];
    int partitioned = 1;
    for (size_t trial = 0; trial < 200; trial++) {
        size_t n = 1 + gsl_rng_uniform_int(rng, 1000);
        for (size_t i = 0; i < n; i++) {
            v[i] = (double)gsl_rng_uniform_int(rng, 50);
        }
        size_t k = gsl_rng_uniform_int(rng, n);
        double x = gsl_stats_select(v, 1, n, k);
        partitioned &= v[k] == x;
        for (size_t i = 0; i < n; i++) {
            partitioned &= i < k ? v[i] <= x : i > k ? v[i] >= x : 1;
        }
    }
    CU_ASSERT(partitioned);
    gsl_rng_free(rng);
}

static void fit_should_leave_the_linear_predictor_of_its_weights(void)
{
    ls_dataset *ds = generated(7);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    double *eta = malloc(ds->n_rows * sizeof *eta), *again = malloc(ds->n_rows * sizeof *again);
    /* Newton (its last pass) and the quasi-Newton solver (a pass after it) */
    ls_logit_solver solvers[] = {LS_SOLVER_NEWTON, LS_SOLVER_LBFGS};
    for (size_t s = 0; s < 2; s++) {
        for (size_t i = 0; i < ds->n_rows; i++) {
            eta[i] = NAN;
        }
        ls_model *m = fitted(ds, solvers[s], eta);
        CU_ASSERT_PTR_NOT_NULL_FATAL(m);
        int close = 1;
        for (size_t i = 0; i < ds->n_rows; i++) {
            double by_hand = linear_predictor_by_hand(m, ds, i);
            close &= fabs(eta[i] - by_hand) <= 1e-10 * (1.0 + fabs(by_hand));
        }
        CU_ASSERT(close);
        /* bit for bit what a pass of its own gives: the model file must not
         * change with where the predictors came from */
        ls_error err = {0};
        CU_ASSERT_EQUAL(ls_logit_linear_predictor(m, ds, again, &err), LS_OK);
        CU_ASSERT(memcmp(eta, again, ds->n_rows * sizeof *eta) == 0);
        double *w = malloc(ds->n_rows * sizeof *w);
        for (size_t i = 0; i < ds->n_rows; i++) {
            w[i] = i % 4 != 0;
        }
        double from_eta = ls_logit_log_loss_of(eta, ds->y, w, ds->n_rows, NULL);
        double from_model = ls_logit_log_loss(m, ds, w, NULL);
        CU_ASSERT(from_eta == from_model);
        CU_ASSERT(from_eta > 0.1 && from_eta < 1.0);
        free(w);
        ls_model_free(m);
    }
    free(eta);
    free(again);
    ls_dataset_free(ds);
}

/* two_by_two.csv's "twin" copies x and is aliased: the fit drops it, so its
 * last pass leaves a term out and the predictors come from a pass of their
 * own. They must still be the model's. */
static void fit_should_give_the_model_predictor_when_a_term_is_aliased(void)
{
    char path[1024];
    ls_read_options o;
    ls_read_options_init(&o);
    o.target = "converted";
    ls_dataset *ds = NULL;
    ls_error err = {0};
    CU_ASSERT_EQUAL_FATAL(ls_dataset_read(ls_test_path(path, sizeof path, "tests/data/ok/two_by_two.csv"), &o, &ds, &err),
                          LS_OK);
    double *eta = malloc(ds->n_rows * sizeof *eta), *again = malloc(ds->n_rows * sizeof *again);
    ls_model *m = fitted(ds, LS_SOLVER_NEWTON, eta);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    size_t aliased = 0;
    for (size_t t = 0; t < m->n_terms; t++) {
        aliased += (size_t)m->terms[t].aliased;
    }
    CU_ASSERT(aliased > 0);
    CU_ASSERT_EQUAL(ls_logit_linear_predictor(m, ds, again, &err), LS_OK);
    CU_ASSERT(memcmp(eta, again, ds->n_rows * sizeof *eta) == 0);
    for (size_t i = 0; i < ds->n_rows; i++) {
        CU_ASSERT(fabs(eta[i] - linear_predictor_by_hand(m, ds, i)) <= 1e-10);
    }
    ls_model_free(m);
    free(eta);
    free(again);
    ls_dataset_free(ds);
}

static void profile_should_equal_a_recomputation_by_sorting(void)
{
    ls_dataset *ds = generated(7);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    size_t n_rows = ds->n_rows;
    double *eta = malloc(n_rows * sizeof *eta);
    ls_model *m = fitted(ds, LS_SOLVER_AUTO, eta);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    unsigned char *use = malloc(n_rows);
    size_t used = 0;
    for (size_t i = 0; i < n_rows; i++) {
        use[i] = i % 4 != 0;
        used += use[i];
    }
    ls_profile *pr = NULL, *own = NULL;
    ls_error err = {0};
    CU_ASSERT_EQUAL_FATAL(ls_profile_build(m, ds, use, eta, &pr, &err), LS_OK);
    CU_ASSERT_EQUAL(pr->rows, used);

    /* numeric inputs: edges are values of the column, so equal exactly */
    size_t numeric = 0, with_missing = 0;
    for (size_t k = 0; k < m->n_inputs; k++) {
        const ls_input *in = &m->inputs[k];
        const ls_profile_input *pi = &pr->inputs[k];
        const ls_column *c = &ds->columns[ls_dataset_find(ds, in->name)];
        if (in->categorical) {
            CU_ASSERT(pi->categorical);
            double *share = calloc(pi->n_levels, sizeof *share);
            for (size_t i = 0; i < n_rows; i++) {
                share[c->codes[i]] += use[i];
            }
            for (size_t l = 0; l < pi->n_levels; l++) {
                CU_ASSERT(pi->level_share[l] == share[l] / (double)used);
            }
            free(share);
            continue;
        }
        numeric++;
        ls_profile_bins want;
        size_t present = bins_by_sort(c->values, use, n_rows, used, &want);
        with_missing += present < used;
        CU_ASSERT(pi->missing_share == (double)(used - present) / (double)used);
        CU_ASSERT_EQUAL(pi->bins.n_edges, want.n_edges);
        CU_ASSERT(memcmp(pi->bins.edges, want.edges, want.n_edges * sizeof *want.edges) == 0);
        for (size_t b = 0; b <= want.n_edges; b++) {
            CU_ASSERT(pi->bins.share[b] == want.share[b]);
        }
    }
    CU_ASSERT(numeric >= 5);
    CU_ASSERT(with_missing >= 1);

    /* the score: probabilities summed by hand agree to rounding, so the edges
     * to 1e-12 and each bin's share to a lead or two sitting on an edge */
    double *p = malloc(n_rows * sizeof *p);
    for (size_t i = 0; i < n_rows; i++) {
        p[i] = 1.0 / (1.0 + exp(-linear_predictor_by_hand(m, ds, i)));
    }
    ls_profile_bins want;
    bins_by_sort(p, use, n_rows, used, &want);
    CU_ASSERT_EQUAL_FATAL(pr->score.n_edges, LS_PROFILE_BINS - 1);
    CU_ASSERT_EQUAL_FATAL(want.n_edges, LS_PROFILE_BINS - 1);
    for (size_t b = 0; b < want.n_edges; b++) {
        ASSERT_REL(pr->score.edges[b], want.edges[b], 1e-12);
    }
    for (size_t b = 0; b <= want.n_edges; b++) {
        CU_ASSERT(fabs(pr->score.share[b] - want.share[b]) <= 2.0 / (double)used);
    }

    /* without the fit's predictors the profile makes its own: the same bits */
    CU_ASSERT_EQUAL_FATAL(ls_profile_build(m, ds, use, NULL, &own, &err), LS_OK);
    CU_ASSERT(memcmp(&own->score, &pr->score, sizeof pr->score) == 0);

    ls_profile_free(pr);
    ls_profile_free(own);
    free(p);
    free(use);
    free(eta);
    ls_model_free(m);
    ls_dataset_free(ds);
}

/* Whole numbers in a short span are counted, others selected: both against
 * the sort, on columns made to catch an off-by-one at a value's first or
 * last place (runs whose counts end one before a decile's rank, and exactly
 * at it), negative numbers, a span too wide to count (0 to 4990 by tens:
 * selected) and blank cells. The model is unfitted (weights 0): only its inputs matter here. */
static void profile_should_count_whole_numbers_as_a_sort_does(void)
{
    char path[128];
    snprintf(path, sizeof path, "/tmp/leadscore-profile-whole-%ld.csv", (long)getpid());
    FILE *fp = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fprintf(fp, "before,at,negative,wide,gappy,converted\n");
    for (int i = 0; i < 1000; i++) {
        /* before: a run of 99 then runs of 100, so a run ends one place
         * before each decile's rank (100k - 1, 0-based); at: runs of 100 */
        fprintf(fp, "%d,%d,%d,%d,", (i + 1) / 100, i / 100, (i * 7) % 31 - 15, (i * 37) % 500 * 10);
        if (i % 13 != 0) {
            fprintf(fp, "%d", (i * i) % 97 < 50 ? 3 : 40);
        }
        fprintf(fp, ",%d\n", i % 3 == 0);
    }
    fclose(fp);
    ls_dataset *ds = read_leads(path);
    unlink(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    ls_model *m = NULL;
    ls_profile *pr = NULL;
    ls_error err = {0};
    CU_ASSERT_EQUAL_FATAL(ls_model_from_dataset(ds, &m, &err), LS_OK);
    CU_ASSERT_EQUAL_FATAL(ls_profile_build(m, ds, NULL, NULL, &pr, &err), LS_OK);
    unsigned char *use = malloc(ds->n_rows);
    memset(use, 1, ds->n_rows);
    size_t numeric = 0;
    for (size_t k = 0; k < m->n_inputs; k++) {
        if (m->inputs[k].categorical) {
            continue;
        }
        numeric++;
        ls_profile_bins want;
        bins_by_sort(ds->columns[ls_dataset_find(ds, m->inputs[k].name)].values, use, ds->n_rows, ds->n_rows, &want);
        const ls_profile_bins *got = &pr->inputs[k].bins;
        CU_ASSERT_EQUAL(got->n_edges, want.n_edges);
        for (size_t b = 0; b < want.n_edges && b < got->n_edges; b++) {
            CU_ASSERT(got->edges[b] == want.edges[b]);
        }
        for (size_t b = 0; b <= want.n_edges && b <= got->n_edges; b++) {
            CU_ASSERT(got->share[b] == want.share[b]);
        }
    }
    CU_ASSERT_EQUAL(numeric, 5);
    free(use);
    ls_profile_free(pr);
    ls_model_free(m);
    ls_dataset_free(ds);
}

/* ls_train hands the fit's predictors to the log-loss and the profile; with
 * balanced classes it shifts the intercept after the fit, so they must be
 * computed again. Either way the report and the profile must be those of the
 * weights saved. */
static void train_should_report_the_log_loss_and_profile_of_its_weights(void)
{
    char path[128];
    snprintf(path, sizeof path, "/tmp/leadscore-profile-train-%ld.csv", (long)getpid());
    CU_ASSERT_EQUAL_FATAL(write_generated(path, 11), 0);
    ls_dataset *ds = read_leads(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    for (int balanced = 0; balanced <= 1; balanced++) {
        ls_train_options o;
        ls_train_options_init(&o);
        o.read.target = "converted";
        o.balanced = balanced;
        ls_model *m = NULL;
        ls_train_report r;
        ls_error err = {0};
        CU_ASSERT_EQUAL_FATAL(ls_train(path, &o, &m, &r, &err), LS_OK);
        CU_ASSERT(r.train_log_loss == ls_logit_log_loss(m, ds, NULL, NULL));
        ls_profile *own = NULL;
        CU_ASSERT_EQUAL_FATAL(ls_profile_build(m, ds, NULL, NULL, &own, &err), LS_OK);
        CU_ASSERT(memcmp(&own->score, &m->profile->score, sizeof own->score) == 0);
        ls_profile_free(own);
        ls_model_free(m);
    }
    ls_dataset_free(ds);
    unlink(path);
}

static CU_TestInfo profile_tests[] = {
    {"select_should_leave_the_values_partitioned_around_the_rank",
     select_should_leave_the_values_partitioned_around_the_rank},
    {"fit_should_leave_the_linear_predictor_of_its_weights", fit_should_leave_the_linear_predictor_of_its_weights},
    {"fit_should_give_the_model_predictor_when_a_term_is_aliased",
     fit_should_give_the_model_predictor_when_a_term_is_aliased},
    {"profile_should_equal_a_recomputation_by_sorting", profile_should_equal_a_recomputation_by_sorting},
    {"profile_should_count_whole_numbers_as_a_sort_does", profile_should_count_whole_numbers_as_a_sort_does},
    {"train_should_report_the_log_loss_and_profile_of_its_weights",
     train_should_report_the_log_loss_and_profile_of_its_weights},
    CU_TEST_INFO_NULL};

static CU_SuiteInfo suites[] = {{"profile", NULL, NULL, NULL, NULL, profile_tests}, CU_SUITE_INFO_NULL};

LS_TEST_MAIN(suites)
