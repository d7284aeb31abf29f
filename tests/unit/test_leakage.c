/* test_leakage.c: leakage scan and thin-data check against hand counts.
 *
 * Data set 1 (40 leads, 20 converted): tag A (10 leads, all converted),
 * B (10, none), C (20, 10 converted); visits 1-20 on the converted leads and
 * 21-40 on the others (lower converts, perfectly); noise x/y with 5 of each
 * outcome in y (so noise=y: 5 conversions in 10 leads).
 *   tag AUC by hand: scores B=0 < C=0.5 < A=1; A's 10 positives beat all
 *   20 negatives (200), C's 10 beat B's 10 (100) and tie C's 10 (50):
 *   350 / (20 * 20) = 0.875. A and B are near-pure: 20 of 40 leads.
 *   visits AUC 1 (lower converts); noise AUC 0.5.
 * Data set 2 (200 leads, 4 converted): src P (100, none), Q (100, 4). P is
 * 100% "not converted", but so is 98% of every lead: its odds ratio with
 * half a lead added is (100.5 / 0.5) / (196 / 4) = 4.1 < 10, so not pure.
 *   AUC: (4 * 100 + 0.5 * 4 * 96) / (4 * 196) = 592 / 784. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "leadscore/leakage.h"
#include "ls_test.h"

static ls_dataset *read_csv(const char *text, const char *target)
{
    char path[128];
    snprintf(path, sizeof path, "/tmp/leadscore-leakage-%ld.csv", (long)getpid());
    FILE *fp = fopen(path, "w");
    if (fp == NULL) {
        return NULL;
    }
    fputs(text, fp);
    fclose(fp);
    ls_read_options o;
    ls_read_options_init(&o);
    o.target = target;
    ls_dataset *ds = NULL;
    ls_error err = {0};
    if (ls_dataset_read(path, &o, &ds, &err) != LS_OK) {
        fprintf(stderr, "\n  %s\n", err.msg);
    }
    unlink(path);
    return ds;
}

static ls_dataset *first_set(void)
{
    static char text[4096];
    size_t used = (size_t)snprintf(text, sizeof text, "tag,visits,noise,converted\n");
    for (int i = 0; i < 40; i++) {
        int converted = i < 20;
        const char *tag = i < 10 ? "A" : i < 20 ? "C" : i < 30 ? "B" : "C";
        const char *noise = (i % 20) < 5 ? "y" : "x";
        used += (size_t)snprintf(text + used, sizeof text - used, "%s,%d,%s,%d\n", tag, i + 1, noise, converted);
    }
    return read_csv(text, "converted");
}

static const ls_leakage_column *find(const ls_dataset *ds, const ls_leakage_column *cols, size_t n,
                                     const char *name)
{
    for (size_t k = 0; k < n; k++) {
        if (strcmp(ds->columns[cols[k].column].name, name) == 0) {
            return &cols[k];
        }
    }
    return NULL;
}

static void scan_should_match_hand_counts(void)
{
    ls_dataset *ds = first_set();
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    ls_leakage_column *cols = NULL;
    size_t n = 0;
    ls_error err = {0};
    CU_ASSERT_EQUAL_FATAL(ls_leakage_scan(ds, NULL, &cols, &n, &err), LS_OK);
    CU_ASSERT_EQUAL(n, 3);
    const ls_leakage_column *tag = find(ds, cols, n, "tag"), *visits = find(ds, cols, n, "visits"),
                            *noise = find(ds, cols, n, "noise");
    CU_ASSERT_PTR_NOT_NULL_FATAL(tag);
    CU_ASSERT_PTR_NOT_NULL_FATAL(visits);
    CU_ASSERT_PTR_NOT_NULL_FATAL(noise);
    ASSERT_REL(tag->auc, 0.875, 1e-12);
    CU_ASSERT_EQUAL(tag->pure_leads, 20);
    ASSERT_REL(tag->pure_share, 0.5, 1e-12);
    CU_ASSERT_EQUAL(tag->top_level_leads, 10);
    CU_ASSERT_EQUAL(tag->flags, LS_LEAK_PURE_LEVELS); /* 0.875 is no AUC flag */
    ASSERT_REL(visits->auc, 1.0, 1e-12);
    CU_ASSERT_EQUAL(visits->higher_converts, 0);
    CU_ASSERT_EQUAL(visits->flags, LS_LEAK_AUC);
    ASSERT_REL(noise->auc, 0.5, 1e-12);
    CU_ASSERT_EQUAL(noise->pure_leads, 0);
    CU_ASSERT_EQUAL(noise->flags, 0);
    free(cols);

    /* stricter thresholds: the same figures, other verdicts */
    ls_leakage_options o;
    ls_leakage_options_init(&o);
    o.min_pure_share = 0.6;
    o.max_auc = 0.8;
    CU_ASSERT_EQUAL_FATAL(ls_leakage_scan(ds, &o, &cols, &n, &err), LS_OK);
    CU_ASSERT_EQUAL(find(ds, cols, n, "tag")->flags, LS_LEAK_AUC);
    free(cols);
    ls_dataset_free(ds);
}

static void scan_should_not_call_the_majority_class_pure_at_a_low_base_rate(void)
{
    static char text[4096];
    size_t used = (size_t)snprintf(text, sizeof text, "src,converted\n");
    for (int i = 0; i < 200; i++) {
        used += (size_t)snprintf(text + used, sizeof text - used, "%s,%d\n", i < 100 ? "P" : "Q", i >= 196);
    }
    ls_dataset *ds = read_csv(text, "converted");
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    ls_leakage_column *cols = NULL;
    size_t n = 0;
    ls_error err = {0};
    CU_ASSERT_EQUAL_FATAL(ls_leakage_scan(ds, NULL, &cols, &n, &err), LS_OK);
    CU_ASSERT_EQUAL_FATAL(n, 1);
    ASSERT_REL(cols[0].auc, 592.0 / 784.0, 1e-12);
    CU_ASSERT_EQUAL(cols[0].pure_leads, 0);
    CU_ASSERT_EQUAL(cols[0].top_level, -1);
    CU_ASSERT_EQUAL(cols[0].flags, 0);
    free(cols);
    ls_dataset_free(ds);
}

/* Numeric AUCs against every (converted, not converted) pair counted one by
 * one: 600 leads, values with many ties (13 distinct), blank cells (which
 * count at the column's median), columns where higher converts and one
 * where lower does; whole numbers in a short span are counted (up, down),
 * fractions and a wide span sorted (frac, wide). */
static void scan_should_count_numeric_pairs_as_a_pair_by_pair_count_does(void)
{
    static char text[32768];
    size_t used = (size_t)snprintf(text, sizeof text, "up,down,frac,wide,converted\n");
    unsigned state = 12345;
    for (int i = 0; i < 600; i++) {
        state = state * 1103515245u + 12345u;
        int v = (int)((state >> 16) % 13), converted = (int)((state >> 8) % 13) < v;
        if (i % 17 == 0) {
            used += (size_t)snprintf(text + used, sizeof text - used, ",,,,%d\n", converted);
        } else {
            used += (size_t)snprintf(text + used, sizeof text - used, "%d,%d,%d.25,%d,%d\n", v, 20 - v, v,
                                     v * 1000, converted);
        }
    }
    ls_dataset *ds = read_csv(text, "converted");
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    ls_leakage_column *cols = NULL;
    size_t n = 0;
    ls_error err = {0};
    CU_ASSERT_EQUAL_FATAL(ls_leakage_scan(ds, NULL, &cols, &n, &err), LS_OK);
    CU_ASSERT_EQUAL_FATAL(n, 4);
    for (size_t k = 0; k < n; k++) {
        const ls_column *c = &ds->columns[cols[k].column];
        double wins = 0, pairs = 0;
        for (size_t i = 0; i < ds->n_rows; i++) {
            for (size_t j = 0; j < ds->n_rows; j++) {
                if (!ds->y[i] || ds->y[j]) {
                    continue;
                }
                double a = isnan(c->values[i]) ? c->median : c->values[i];
                double b = isnan(c->values[j]) ? c->median : c->values[j];
                wins += a > b ? 1.0 : a == b ? 0.5 : 0.0;
                pairs += 1;
            }
        }
        double auc = wins / pairs;
        CU_ASSERT_EQUAL(cols[k].higher_converts, strcmp(c->name, "down") != 0);
        CU_ASSERT_EQUAL(cols[k].higher_converts, auc >= 0.5);
        ASSERT_REL(cols[k].auc, auc >= 0.5 ? auc : 1 - auc, 1e-12);
        CU_ASSERT(cols[k].auc > 0.6 && cols[k].auc < 0.95);
    }
    free(cols);
    ls_dataset_free(ds);
}

static void support_should_count_events_per_term(void)
{
    ls_dataset *ds = first_set();
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    ls_model *m = NULL;
    ls_error err = {0};
    CU_ASSERT_EQUAL_FATAL(ls_model_from_dataset(ds, &m, &err), LS_OK);
    ls_support s;
    CU_ASSERT_EQUAL_FATAL(ls_support_check(ds, m, NULL, &s, &err), LS_OK);
    /* terms: tag=A, tag=B (C is the reference), visits, noise=y (x is the reference) */
    CU_ASSERT_EQUAL(s.rows, 40);
    CU_ASSERT_EQUAL(s.events, 20);
    CU_ASSERT_EQUAL(s.n_terms, 4);
    ASSERT_REL(s.events_per_term, 5.0, 1e-12);
    CU_ASSERT(s.thin);
    CU_ASSERT_EQUAL_FATAL(s.n_fewest, 4);
    const char *order[4] = {"tag=A", "tag=B", "noise=y", "visits"};
    size_t events[4] = {0, 0, 5, 20}, leads[4] = {10, 10, 10, 40};
    int converted[4] = {0, 1, 1, 1};
    for (size_t k = 0; k < 4; k++) {
        CU_ASSERT_STRING_EQUAL(m->terms[s.fewest[k].term].name, order[k]);
        CU_ASSERT_EQUAL(s.fewest[k].events, events[k]);
        CU_ASSERT_EQUAL(s.fewest[k].leads, leads[k]);
        CU_ASSERT_EQUAL(s.fewest[k].events_converted, converted[k]);
    }
    /* the first 30 rows only: 20 converted, 10 not, so the events are the
     * non-conversions, 10 of them */
    unsigned char rows[40];
    for (size_t i = 0; i < 40; i++) {
        rows[i] = i < 30;
    }
    CU_ASSERT_EQUAL_FATAL(ls_support_check(ds, m, rows, &s, &err), LS_OK);
    CU_ASSERT_EQUAL(s.rows, 30);
    CU_ASSERT_EQUAL(s.events, 10);
    CU_ASSERT_EQUAL(s.events_converted, 0);
    ls_model_free(m);
    ls_dataset_free(ds);
}

static CU_TestInfo leakage_tests[] = {
    {"scan_should_match_hand_counts", scan_should_match_hand_counts},
    {"scan_should_not_call_the_majority_class_pure_at_a_low_base_rate",
     scan_should_not_call_the_majority_class_pure_at_a_low_base_rate},
    {"scan_should_count_numeric_pairs_as_a_pair_by_pair_count_does",
     scan_should_count_numeric_pairs_as_a_pair_by_pair_count_does},
    {"support_should_count_events_per_term", support_should_count_events_per_term},
    CU_TEST_INFO_NULL};

static CU_SuiteInfo suites[] = {{"leakage", NULL, NULL, NULL, NULL, leakage_tests}, CU_SUITE_INFO_NULL};

LS_TEST_MAIN(suites)
