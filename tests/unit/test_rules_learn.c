/* test_rules_learn.c: learning a rule set's points (rules_learn.h). On the
 * sample, the weights, standard errors and p-values of the shipped rule set
 * against R's glm on terms computed by a Python reading of issue 10
 * (tests/reference/rules_learn_sample_fit.csv); on a small synthetic file,
 * what the new rule set keeps and drops: per-unit caps in units, decay, an
 * aliased rule, the base rule, no group caps, and scores and probabilities
 * that are exactly what the result says they are. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "leadscore/model.h"
#include "leadscore/rules.h"
#include "leadscore/rules_learn.h"
#include "ls_test.h"

/* The rows of the reference CSV: term, estimate, std_error, z, p_value. */
typedef struct {
    char term[64];
    double estimate, std_error, p_value;
    int na;
} ref_row;

static size_t read_reference(const char *path, ref_row *rows, size_t max)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return 0;
    }
    char line[512];
    size_t n = 0;
    if (fgets(line, sizeof line, f) == NULL) { /* header */
        fclose(f);
        return 0;
    }
    while (n < max && fgets(line, sizeof line, f) != NULL) {
        ref_row *r = &rows[n];
        char *p = strchr(line + 1, '"');
        if (line[0] != '"' || p == NULL) {
            continue;
        }
        snprintf(r->term, sizeof r->term, "%.*s", (int)(p - line - 1), line + 1);
        double v[4] = {NAN, NAN, NAN, NAN};
        r->na = 0;
        for (int k = 0; k < 4 && p != NULL; k++) {
            p = strstr(p + 1, ",\"");
            if (p == NULL) {
                break;
            }
            char *end;
            v[k] = strtod(p + 2, &end);
            if (end == p + 2) {
                v[k] = NAN;
                r->na |= k == 0;
            }
        }
        r->estimate = v[0];
        r->std_error = v[1];
        r->p_value = v[3];
        n++;
    }
    fclose(f);
    return n;
}

static void learned_weights_should_match_r_glm_on_the_sample(void)
{
    char rules[512], data[512], ref[512];
    ls_test_path(rules, sizeof rules, "models/points_rules.json");
    ls_test_path(data, sizeof data, "datasets/leads_sample.csv");
    ls_test_path(ref, sizeof ref, "tests/reference/rules_learn_sample_fit.csv");
    ref_row rows[64];
    size_t n = read_reference(ref, rows, 64);
    CU_ASSERT_FATAL(n > 2);
    ls_rules_learn_options o;
    ls_rules_learn_options_init(&o);
    o.target = "converted";
    ls_rules_learn_result *res = NULL;
    ls_error err = {0};
    int status = ls_rules_learn(rules, data, &o, &res, &err);
    if (status != LS_OK) {
        fprintf(stderr, "\n  %s\n", err.msg);
    }
    CU_ASSERT_FATAL(status == LS_OK);
    CU_ASSERT_EQUAL(res->leads, 20000);
    CU_ASSERT_EQUAL(n, res->n_rules + 2); /* intercept, rules, (fit) */
    CU_ASSERT_STRING_EQUAL(rows[0].term, "(Intercept)");
    ASSERT_REL(res->intercept, rows[0].estimate, 1e-6);
    ASSERT_REL(res->intercept_se, rows[0].std_error, 1e-5);
    for (size_t i = 0; i < res->n_rules && i + 1 < n; i++) {
        const ref_row *r = &rows[i + 1];
        const ls_rules_learn_rule *lr = &res->rules[i];
        CU_ASSERT_STRING_EQUAL(lr->label, r->term);
        CU_ASSERT_EQUAL(lr->aliased, r->na);
        if (!r->na) {
            ASSERT_REL(lr->weight, r->estimate, 1e-6);
            ASSERT_REL(lr->std_error, r->std_error, 1e-5);
            ASSERT_REL(lr->p_value, r->p_value, 1e-4);
        }
    }
    ASSERT_REL(res->log_likelihood, rows[n - 1].estimate, 1e-9);
    ASSERT_REL(res->auc_fit, rows[n - 1].std_error, 1e-9);
    /* the learned points rank at least as well as the hand-written ones */
    CU_ASSERT(res->auc_new >= res->auc_old);
    CU_ASSERT(res->auc_fit - res->auc_new < 0.005);
    ls_rules_learn_free(res);
}

/* A synthetic file: a (yes/no), n (count), d (days), z (always "no"),
 * y from a logistic model of them, by a fixed LCG. */
static const char *write_synthetic(char *path, size_t size)
{
    snprintf(path, size, "/tmp/ls_rules_learn_%ld.csv", (long)getpid());
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        return NULL;
    }
    fprintf(f, "a,n,d,z,y\n");
    uint64_t s = 12345;
    for (int i = 0; i < 600; i++) {
        double u[4];
        for (int k = 0; k < 4; k++) {
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            u[k] = (double)(s >> 11) / 9007199254740992.0;
        }
        int a = u[0] < 0.4;
        int n = (int)(u[1] * 7);
        int d = (int)(u[2] * 40);
        double eta = -1.5 + 1.2 * a + 0.4 * (n < 3 ? n : 3) * pow(0.5, d / 20.0);
        fprintf(f, "%s,%d,%d,no,%d\n", a ? "yes" : "no", n, d, u[3] < 1.0 / (1.0 + exp(-eta)));
    }
    fclose(f);
    return path;
}

#define SYNTHETIC_RULES                                                                                           \
    "{\"format\": \"leadscore-rules\", \"version\": 1, \"name\": \"t\", \"max_score\": 100,"                    \
    " \"groups\": [{\"name\": \"g\", \"max\": 12}],"                                                             \
    " \"decay\": {\"column\": \"d\", \"half_life_days\": 20, \"groups\": [\"g\"]},"                             \
    " \"rules\": [{\"label\": \"A\", \"when\": {\"column\": \"a\", \"equals\": \"yes\"}, \"points\": 10,"      \
    " \"group\": \"g\"},"                                                                                        \
    " {\"label\": \"N\", \"per_unit\": \"n\", \"points\": 2, \"max\": 6, \"group\": \"g\"},"                    \
    " {\"label\": \"Never\", \"when\": {\"column\": \"z\", \"equals\": \"maybe\"}, \"points\": 5}]}"

static void the_new_rule_set_should_keep_conditions_and_drop_group_caps(void)
{
    char data[256], rules[256];
    CU_ASSERT_FATAL(write_synthetic(data, sizeof data) != NULL);
    snprintf(rules, sizeof rules, "/tmp/ls_rules_learn_%ld.json", (long)getpid());
    FILE *f = fopen(rules, "w");
    CU_ASSERT_FATAL(f != NULL);
    fputs(SYNTHETIC_RULES, f);
    fclose(f);

    ls_rules_learn_options o;
    ls_rules_learn_options_init(&o);
    o.target = "y";
    ls_rules_learn_result *res = NULL;
    ls_error err = {0};
    int status = ls_rules_learn(rules, data, &o, &res, &err);
    if (status != LS_OK) {
        fprintf(stderr, "\n  %s\n", err.msg);
    }
    CU_ASSERT_FATAL(status == LS_OK);
    CU_ASSERT_EQUAL(res->leads, 600);
    CU_ASSERT_EQUAL(res->n_rules, 3);
    /* "Never" never fires: aliased, no evidence, 0 points */
    CU_ASSERT(res->rules[2].aliased);
    CU_ASSERT(res->rules[2].no_evidence);
    CU_ASSERT_EQUAL(res->rules[2].fires, 0);
    CU_ASSERT_EQUAL(res->rules[2].new_points, 0.0);
    /* the fit finds the generating signs; the per-unit cap stays at 3 units */
    CU_ASSERT(res->rules[0].weight > 0 && res->rules[1].weight > 0);
    CU_ASSERT_DOUBLE_EQUAL(res->rules[1].unit_cap, 3.0, 1e-12);
    CU_ASSERT(res->decay_kept);
    CU_ASSERT_EQUAL(res->n_groups, 1);
    CU_ASSERT_STRING_EQUAL(res->groups[0].name, "g");

    /* the written rule set: no group cap, per-unit max = |points| x 3 */
    ls_rules *nr = NULL;
    status = ls_rules_parse(res->json, strlen(res->json), "new.json", &nr, &err);
    CU_ASSERT_FATAL(status == LS_OK);
    CU_ASSERT(ls_rules_has_calibration(nr));
    CU_ASSERT(strstr(res->json, "\"max\":\t12") == NULL);
    size_t n_new = ls_rules_count(nr);
    CU_ASSERT_EQUAL(n_new, res->base_points != 0.0 ? 4 : 3);
    double pa = ls_rules_points(nr, 0), pn = ls_rules_points(nr, 1);
    CU_ASSERT_EQUAL(pa, res->rules[0].new_points);
    CU_ASSERT_EQUAL(pn, res->rules[1].new_points);
    CU_ASSERT_EQUAL(pa, round(pa));
    CU_ASSERT_EQUAL(pn * 10, round(pn * 10));

    /* one lead by hand: a = yes, n = 5 (capped at 3 units), d = 20 (half) */
    const char *names[] = {"a", "n", "d", "z"};
    const char *cells[] = {"yes", "5", "20", "no"};
    size_t lengths[] = {3, 1, 2, 2};
    CU_ASSERT_FATAL(ls_rules_bind(nr, names, 4, &err) == LS_OK);
    ls_rules_score s;
    CU_ASSERT_FATAL(ls_rules_score_cells(nr, cells, lengths, &s, &err) == LS_OK);
    double expected = res->base_points + (pa + pn * 3) * 0.5;
    expected = expected < 0 ? 0 : expected > 100 ? 100 : expected;
    CU_ASSERT_DOUBLE_EQUAL(s.points, expected, 1e-9);
    ASSERT_REL(s.probability, ls_logistic(res->calibration_intercept + res->calibration_slope * expected), 1e-12);
    /* the slope undoes the scale (up to rounding of the points) */
    ASSERT_REL(res->calibration_slope, 1.0 / res->scale, 0.1);
    CU_ASSERT(res->auc_new > 0.5 && res->auc_fit > 0.5);
    ls_rules_free(nr);
    ls_rules_learn_free(res);

    /* a target the file lacks, a rule column it lacks */
    o.target = "converted";
    CU_ASSERT_EQUAL(ls_rules_learn(rules, data, &o, &res, &err), LS_EDATA);
    CU_ASSERT(strstr(err.msg, "converted") != NULL);
    f = fopen(rules, "w");
    fputs("{\"format\": \"leadscore-rules\", \"version\": 1, \"rules\": [{\"label\": \"Q\", \"when\": "
          "{\"column\": \"q\", \"equals\": \"yes\"}, \"points\": 5}]}",
          f);
    fclose(f);
    o.target = "y";
    CU_ASSERT_EQUAL(ls_rules_learn(rules, data, &o, &res, &err), LS_EDATA);
    CU_ASSERT(strstr(err.msg, "'q'") != NULL);
    unlink(rules);
    unlink(data);
}

static CU_TestInfo learn_tests[] = {
    {"learned weights should match R's glm on the sample", learned_weights_should_match_r_glm_on_the_sample},
    {"the new rule set should keep conditions and drop group caps",
     the_new_rule_set_should_keep_conditions_and_drop_group_caps},
    CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
    {"rules_learn", NULL, NULL, NULL, NULL, learn_tests},
    CU_SUITE_INFO_NULL,
};

LS_TEST_MAIN(suites)
