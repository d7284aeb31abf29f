/* test_rules.c: points rule sets against scores worked out by hand from the
 * semantics in issue 10 (include/leadscore/rules.h): every operator, missing
 * cells, group caps, decay, per-unit caps, clamping and rounding, the scorer
 * interface, and every bad input a rule set file can hold. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "leadscore/rules.h"
#include "leadscore/rules_check.h"
#include "leadscore/scorer.h"
#include "ls_test.h"

#define HEAD "{\"format\": \"leadscore-rules\", \"version\": 1, "

static ls_rules *load(const char *json)
{
    ls_rules *r = NULL;
    ls_error err = {0};
    int status = ls_rules_parse(json, strlen(json), "t.json", &r, &err);
    if (status != LS_OK) {
        fprintf(stderr, "\n  load failed: %s (line %ld col %ld)\n", err.msg, err.line, err.column);
    }
    CU_ASSERT_EQUAL(status, LS_OK);
    return r;
}

/* Binds to the names of a one-row CSV-like header and scores cells. */
static int score(ls_rules *r, const char *const *names, const char *const *cells, size_t n, ls_rules_score *out,
                 ls_error *err)
{
    size_t lengths[32];
    for (size_t j = 0; j < n; j++) {
        lengths[j] = strlen(cells[j]);
    }
    int status = ls_rules_bind(r, names, n, err);
    if (status != LS_OK) {
        return status;
    }
    return ls_rules_score_cells(r, cells, lengths, out, err);
}

/* One rule per operator, points 1 each and no clamp in the way (max_score
 * 100, all positive): the contributions say which held. */
static const char *ops_json =
    HEAD "\"na\": [\"Select\"], \"rules\": ["
         "{\"label\": \"eq text\", \"when\": {\"column\": \"t\", \"equals\": \"paid  search\"}, \"points\": 1},"
         "{\"label\": \"eq num\", \"when\": {\"column\": \"n\", \"equals\": 3}, \"points\": 1},"
         "{\"label\": \"in\", \"when\": {\"column\": \"t\", \"in\": [\"Referral\", \"Paid Search\"]}, \"points\": 1},"
         "{\"label\": \"contains\", \"when\": {\"column\": \"t\", \"contains\": \"SEARCH\"}, \"points\": 1},"
         "{\"label\": \"at least\", \"when\": {\"column\": \"n\", \"at_least\": 3}, \"points\": 1},"
         "{\"label\": \"at most\", \"when\": {\"column\": \"n\", \"at_most\": 3}, \"points\": 1},"
         "{\"label\": \"greater\", \"when\": {\"column\": \"n\", \"greater_than\": 3}, \"points\": 1},"
         "{\"label\": \"less\", \"when\": {\"column\": \"n\", \"less_than\": 3}, \"points\": 1},"
         "{\"label\": \"between\", \"when\": {\"column\": \"n\", \"between\": [1, 3]}, \"points\": 1},"
         "{\"label\": \"missing\", \"when\": {\"column\": \"t\", \"missing\": true}, \"points\": 1},"
         "{\"label\": \"present\", \"when\": {\"column\": \"t\", \"missing\": false}, \"points\": 1},"
         "{\"label\": \"all\", \"when\": {\"all\": [{\"column\": \"t\", \"contains\": \"search\"},"
         "                                 {\"column\": \"n\", \"at_least\": 2}]}, \"points\": 1},"
         "{\"label\": \"any\", \"when\": {\"any\": [{\"column\": \"t\", \"equals\": \"Referral\"},"
         "                                 {\"column\": \"n\", \"greater_than\": 10}]}, \"points\": 1},"
         "{\"label\": \"not\", \"when\": {\"not\": {\"column\": \"t\", \"equals\": \"Referral\"}}, \"points\": 1},"
         "{\"label\": \"always\", \"points\": 1}]}";

static void check_fired(ls_rules *r, const char *expected)
{
    char got[32] = "";
    for (size_t i = 0; i < ls_rules_count(r); i++) {
        got[i] = ls_rules_contribution(r, i) != 0 ? '1' : '0';
    }
    if (strcmp(got, expected) != 0) {
        fprintf(stderr, "\n  fired %s, expected %s\n", got, expected);
    }
    CU_ASSERT_STRING_EQUAL(got, expected);
}

static void every_operator_should_compare_as_written(void)
{
    ls_rules *r = load(ops_json);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    const char *names[] = {"n", "x", "t"};
    ls_rules_score s;
    ls_error err = {0};
    /* " PAID   Search " is the level key "paid search"; n = 3.0 equals 3 */
    const char *a[] = {"3.0", "", " PAID   Search "};
    CU_ASSERT_EQUAL_FATAL(score(r, names, a, 3, &s, &err), LS_OK);
    /* eq-text eq-num in contains at-least at-most gt lt between missing present all any not always */
    check_fired(r, "111111001011011");
    CU_ASSERT_EQUAL(s.score, 11);
    CU_ASSERT(isnan(s.probability));
    const char *b[] = {"4", "", "referral"};
    CU_ASSERT_EQUAL_FATAL(score(r, names, b, 3, &s, &err), LS_OK);
    check_fired(r, "001010100010101");
    const char *c[] = {"1", "", "Organic"};
    CU_ASSERT_EQUAL_FATAL(score(r, names, c, 3, &s, &err), LS_OK);
    check_fired(r, "000001011010011");
    ls_rules_free(r);
}

static void a_missing_cell_should_satisfy_only_missing_and_not(void)
{
    ls_rules *r = load(ops_json);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    const char *names[] = {"t", "n"};
    ls_rules_score s;
    ls_error err = {0};
    /* "select" is the placeholder "Select" (case-insensitive), "  " empty */
    const char *a[] = {" select ", "  "};
    CU_ASSERT_EQUAL_FATAL(score(r, names, a, 2, &s, &err), LS_OK);
    check_fired(r, "000000000100011");
    CU_ASSERT_EQUAL(s.score, 3);
    ls_rules_free(r);
}

static void a_number_compared_with_text_should_name_the_column(void)
{
    ls_rules *r = load(ops_json);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    const char *names[] = {"t", "x", "n"};
    ls_rules_score s;
    ls_error err = {0};
    /* even though no comparison on n is reached for the "any" */
    const char *a[] = {"Referral", "", "three"};
    CU_ASSERT_EQUAL(score(r, names, a, 3, &s, &err), LS_EPARSE);
    CU_ASSERT_EQUAL(err.column, 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "column 'n'"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'three'"));
    ls_rules_free(r);
}

/* engagement capped at 60, fit at 40; decay halves engagement every 30 days */
static const char *groups_json =
    HEAD "\"groups\": [{\"name\": \"engagement\", \"max\": 60}, {\"name\": \"fit\", \"max\": 40}],"
         "\"decay\": {\"column\": \"days\", \"half_life_days\": 30, \"groups\": [\"engagement\"]},"
         "\"rules\": ["
         "{\"label\": \"Demo\", \"when\": {\"column\": \"demo\", \"equals\": \"yes\"}, \"points\": 50, \"group\": "
         "\"engagement\"},"
         "{\"label\": \"Pricing\", \"per_unit\": \"pricing\", \"points\": 5, \"max\": 25, \"group\": \"engagement\"},"
         "{\"label\": \"CEO\", \"when\": {\"column\": \"title\", \"equals\": \"CEO\"}, \"points\": 30, \"group\": \"fit\"},"
         "{\"label\": \"Big\", \"when\": {\"column\": \"title\", \"missing\": false}, \"points\": 20, \"group\": \"fit\"},"
         "{\"label\": \"Student\", \"when\": {\"column\": \"title\", \"equals\": \"Student\"}, \"points\": -70, "
         "\"group\": \"fit\"},"
         "{\"label\": \"Unsubscribed\", \"when\": {\"column\": \"unsub\", \"equals\": \"yes\"}, \"points\": -10}]}";

static int groups_score(ls_rules *r, const char *demo, const char *pricing, const char *title, const char *unsub,
                        const char *days, ls_rules_score *s)
{
    const char *names[] = {"demo", "pricing", "title", "unsub", "days"};
    const char *cells[] = {demo, pricing, title, unsub, days};
    ls_error err = {0};
    int status = score(r, names, cells, 5, s, &err);
    if (status != LS_OK) {
        fprintf(stderr, "\n  score failed: %s\n", err.msg);
    }
    return status;
}

static void groups_should_cap_and_decay(void)
{
    ls_rules *r = load(groups_json);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    ls_rules_score s;
    /* engagement 50 + 5*3 = 65 -> 60; fit 30 + 20 = 50 -> 40; days 0: no decay; 100 -> clamp 100 */
    CU_ASSERT_EQUAL_FATAL(groups_score(r, "yes", "3", "CEO", "no", "0", &s), LS_OK);
    ASSERT_REL(s.points, 100.0, 1e-15);
    /* engagement 60 * 0.5 (30 days) = 30; fit 40; -10 unsubscribed: 60 */
    CU_ASSERT_EQUAL_FATAL(groups_score(r, "yes", "3", "CEO", "yes", "30", &s), LS_OK);
    ASSERT_REL(s.points, 60.0, 1e-15);
    /* 60 days: 60 * 0.25 = 15, + 40 = 55 */
    CU_ASSERT_EQUAL_FATAL(groups_score(r, "yes", "3", "CEO", "no", "60", &s), LS_OK);
    ASSERT_REL(s.points, 55.0, 1e-15);
    /* missing and negative days: no decay; pricing 7 -> 35 capped at 25; 50 + 25 = 75 -> 60 */
    CU_ASSERT_EQUAL_FATAL(groups_score(r, "no", "7", "", "no", "", &s), LS_OK);
    CU_ASSERT_EQUAL(ls_rules_contribution(r, 1), 25.0);
    ASSERT_REL(s.points, 25.0, 1e-15);
    CU_ASSERT_EQUAL_FATAL(groups_score(r, "no", "2", "", "no", "-5", &s), LS_OK);
    ASSERT_REL(s.points, 10.0, 1e-15);
    /* the cap is an upper cap: fit 20 - 70 = -50 stays -50; 50 + 5*2 = 60 at 15 days:
     * 60 * 2^-0.5 = 42.426..., - 50 = -7.57 -> clamped to 0 */
    CU_ASSERT_EQUAL_FATAL(groups_score(r, "yes", "2", "Student", "no", "15", &s), LS_OK);
    CU_ASSERT_EQUAL(s.points, 0.0);
    CU_ASSERT_EQUAL(s.score, 0);
    /* decay to 45 days: 60 * 2^-1.5 = 21.213...; + 40 = 61.213 -> 61 */
    CU_ASSERT_EQUAL_FATAL(groups_score(r, "yes", "2", "CEO", "no", "45", &s), LS_OK);
    ASSERT_REL(s.points, 60.0 * pow(2.0, -1.5) + 40.0, 1e-15);
    CU_ASSERT_EQUAL(s.score, 61);
    ls_rules_free(r);
}

static void per_unit_should_cap_in_magnitude_and_count_missing_as_zero(void)
{
    ls_rules *r = load(HEAD "\"rules\": [{\"label\": \"Base\", \"points\": 50},"
                            "{\"label\": \"Calls\", \"per_unit\": \"calls\", \"points\": -4, \"max\": 25},"
                            "{\"label\": \"Opens\", \"per_unit\": \"opens\", \"points\": 0.5}]}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    const char *names[] = {"calls", "opens"};
    ls_rules_score s;
    ls_error err = {0};
    const char *a[] = {"10", "3"}; /* -40 -> -25; +1.5: 26.5 -> 27 (half away from zero) */
    CU_ASSERT_EQUAL_FATAL(score(r, names, a, 2, &s, &err), LS_OK);
    CU_ASSERT_EQUAL(ls_rules_contribution(r, 1), -25.0);
    ASSERT_REL(s.points, 26.5, 1e-15);
    CU_ASSERT_EQUAL(s.score, 27);
    const char *b[] = {"", "2.9"}; /* 0 and 1.45: 51.45 -> 51 */
    CU_ASSERT_EQUAL_FATAL(score(r, names, b, 2, &s, &err), LS_OK);
    CU_ASSERT_EQUAL(ls_rules_contribution(r, 1), 0.0);
    CU_ASSERT_EQUAL(s.score, 51);
    const char *c[] = {"3", "1"}; /* -12 + 0.5: 38.5 -> 39 */
    CU_ASSERT_EQUAL_FATAL(score(r, names, c, 2, &s, &err), LS_OK);
    CU_ASSERT_EQUAL(s.score, 39);
    const char *d[] = {"0", "199"}; /* 50 + 99.5 = 149.5 -> clamped to 100 */
    CU_ASSERT_EQUAL_FATAL(score(r, names, d, 2, &s, &err), LS_OK);
    CU_ASSERT_EQUAL(s.points, 100.0);
    CU_ASSERT_EQUAL(s.score, 100);
    const char *e[] = {"20", "-100"}; /* 50 - 25 - 50 = -25 -> 0 */
    CU_ASSERT_EQUAL_FATAL(score(r, names, e, 2, &s, &err), LS_OK);
    CU_ASSERT_EQUAL(s.score, 0);
    ls_rules_free(r);
}

static void max_score_should_clamp_and_calibration_give_a_probability(void)
{
    ls_rules *r = load(HEAD "\"max_score\": 40, \"bands\": \"Cold:0,Hot:30\","
                            "\"calibration\": {\"intercept\": -2, \"slope\": 0.05},"
                            "\"rules\": [{\"label\": \"Visits\", \"per_unit\": \"v\", \"points\": 2.5}]}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(ls_rules_bands(r)->n, 2);
    const char *names[] = {"v"};
    ls_rules_score s;
    ls_error err = {0};
    const char *a[] = {"21"}; /* 52.5 -> 40 */
    CU_ASSERT_EQUAL_FATAL(score(r, names, a, 1, &s, &err), LS_OK);
    CU_ASSERT_EQUAL(s.score, 40);
    ASSERT_REL(s.probability, 1.0 / (1.0 + exp(-(-2.0 + 0.05 * 40))), 1e-15);
    const char *b[] = {"0.1"}; /* 0.25 -> 0 */
    CU_ASSERT_EQUAL_FATAL(score(r, names, b, 1, &s, &err), LS_OK);
    CU_ASSERT_EQUAL(s.score, 0);
    ASSERT_REL(s.probability, 1.0 / (1.0 + exp(-(-2.0 + 0.05 * 0.25))), 1e-15);
    const char *c[] = {"0.2"}; /* 0.5 -> 1 */
    CU_ASSERT_EQUAL_FATAL(score(r, names, c, 1, &s, &err), LS_OK);
    CU_ASSERT_EQUAL(s.score, 1);
    ls_rules_free(r);
}

static void bind_should_name_every_missing_column(void)
{
    ls_rules *r = load(groups_json);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    const char *names[] = {"demo", "title"};
    ls_error err = {0};
    CU_ASSERT_EQUAL(ls_rules_bind(r, names, 2, &err), LS_EDATA);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "3 columns the rule set reads are missing"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'pricing' (rule 2 'Pricing')"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'unsub' (rule 6 'Unsubscribed')"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'days' (decay)"));
    ls_rules_free(r);
}

/* Scoring caches each column's cell spellings (rules_eval.c): repeated,
 * differently spelt and more distinct cells than the cache holds must score
 * as a fresh evaluation would, and an error must never be cached away. */
static void cached_spellings_should_score_as_fresh_cells(void)
{
    ls_rules *r = load(HEAD "\"na\": [\"Select\"], \"rules\": ["
                            "{\"label\": \"yes\", \"when\": {\"column\": \"t\", \"equals\": \"yes\"}, \"points\": 10},"
                            "{\"label\": \"big\", \"when\": {\"column\": \"n\", \"at_least\": 5000}, \"points\": 7},"
                            "{\"label\": \"unit\", \"per_unit\": \"n\", \"points\": 0.001, \"max\": 3},"
                            "{\"label\": \"no t\", \"when\": {\"column\": \"t\", \"missing\": true}, \"points\": 1}]}");
    CU_ASSERT_FATAL(r != NULL);
    const char *names[] = {"t", "n"};
    ls_error err = {0};
    CU_ASSERT_FATAL(ls_rules_bind(r, names, 2, &err) == LS_OK);
    const char *texts[] = {"yes", " YES ", "no", "", "Select", "yes"};
    char number[32];
    for (int i = 0; i < 3 * 4096 + 7; i++) {
        int v = (i * 7919) % 9000; /* more distinct numbers than the cache keeps, repeating */
        snprintf(number, sizeof number, i % 3 == 0 ? " %d" : "%d", v);
        const char *t = texts[i % 6];
        const char *cells[] = {t, number};
        size_t lengths[] = {strlen(t), strlen(number)};
        ls_rules_score s;
        CU_ASSERT_FATAL(ls_rules_score_cells(r, cells, lengths, &s, &err) == LS_OK);
        int is_yes = i % 6 == 0 || i % 6 == 1 || i % 6 == 5;
        int is_missing = i % 6 == 3 || i % 6 == 4;
        double unit = 0.001 * v > 3 ? 3 : 0.001 * v;
        double expected = (is_yes ? 10 : 0) + (v >= 5000 ? 7 : 0) + unit + (is_missing ? 1 : 0);
        if (fabs(s.points - expected) > 1e-12) {
            fprintf(stderr, "\n  lead %d ('%s', '%s'): %.17g, expected %.17g\n", i, t, number, s.points, expected);
            CU_FAIL("a cached cell scored differently");
            break;
        }
    }
    /* a text cell in the number column fails every time it is met */
    for (int k = 0; k < 2; k++) {
        const char *cells[] = {"yes", "many"};
        size_t lengths[] = {3, 4};
        ls_rules_score s;
        CU_ASSERT_EQUAL(ls_rules_score_cells(r, cells, lengths, &s, &err), LS_EPARSE);
        CU_ASSERT_EQUAL(err.column, 2);
    }
    ls_rules_free(r);
}

static void the_scorer_should_give_reasons_by_label_and_no_probability(void)
{
    char path[] = "/tmp/test_rules_XXXXXX";
    int fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    fputs(groups_json, fp);
    fclose(fp);
    ls_scorer *s = NULL;
    ls_error err = {0};
    CU_ASSERT_EQUAL_FATAL(ls_scorer_load(path, &s, &err), LS_OK);
    unlink(path);
    CU_ASSERT_STRING_EQUAL(ls_scorer_kind(s), "rules");
    CU_ASSERT_EQUAL(ls_scorer_has_probability(s), 0);
    const char *names[] = {"title", "days", "demo", "pricing", "unsub", "other"};
    CU_ASSERT_EQUAL_FATAL(ls_scorer_bind_names(s, names, 6, &err), LS_OK);
    /* engagement 50 + 10 = 60 at 30 days: 30; fit 30 + 20 = 50 -> 40; -10: 60 (MQL) */
    const char *cells[] = {"ceo", "30", "Yes", "2", "yes", NULL};
    ls_score out;
    ls_reason reasons[3];
    size_t n = 0;
    CU_ASSERT_EQUAL_FATAL(ls_scorer_score_cells(s, cells, NULL, &out, reasons, 3, &n, &err), LS_OK);
    CU_ASSERT_EQUAL(out.score, 60);
    CU_ASSERT(isnan(out.probability));
    CU_ASSERT_STRING_EQUAL(ls_scorer_bands(s)->band[out.band].name, "MQL");
    CU_ASSERT_EQUAL_FATAL(n, 3);
    CU_ASSERT_STRING_EQUAL(reasons[0].term, "Demo");
    CU_ASSERT_EQUAL(reasons[0].contribution, 50.0);
    CU_ASSERT_STRING_EQUAL(reasons[1].term, "CEO");
    CU_ASSERT_STRING_EQUAL(reasons[2].term, "Big");
    const char *bad[] = {"ceo", "soon", "Yes", "2", "yes", NULL};
    CU_ASSERT_EQUAL(ls_scorer_score_cells(s, bad, NULL, &out, reasons, 3, &n, &err), LS_EPARSE);
    CU_ASSERT_EQUAL(err.column, 2);
    ls_scorer_free(s);
}

/* Each bad file: its status, line and column (0: none) and a piece of the message. */
static const struct {
    const char *json;
    int status;
    long line, column;
    const char *msg;
} bad_files[] = {
    {"{\"format\": \"leadscore-rules\",\n  \"version\": 1,\n  \"rules\": [}", LS_EPARSE, 3, 13, "not valid JSON"},
    {"{\"format\": \"leadscore-model\", \"version\": 1, \"rules\": []}", LS_EDATA, 0, 0,
     "not a leadscore rule set (\"format\" is 'leadscore-model'"},
    {"{\"version\": 1, \"rules\": []}", LS_EDATA, 0, 0, "\"format\" is missing"},
    {"{\"format\": \"leadscore-rules\", \"version\": 2, \"rules\": []}", LS_EDATA, 0, 0, "version 2 is newer"},
    {HEAD "\"rules\": [{\"label\": \"a\", \"points\": 1},"
          "{\"label\": \"Demo\", \"when\": {\"column\": \"d\", \"equal\": \"yes\"}, \"points\": 5}]}",
     LS_EDATA, 0, 0, "rule 2 'Demo': unknown operator 'equal'"},
    {HEAD "\"rules\": [{\"label\": \"Demo\", \"when\": {\"column\": \"d\", \"equals\": \"yes\"}, \"points\": 5, "
          "\"group\": \"engagment\"}]}",
     LS_EDATA, 0, 0, "rule 1 'Demo': unknown group 'engagment'"},
    {HEAD "\"rules\": [{\"label\": \"Demo\", \"points\": 5}, {\"label\": \"Demo\", \"points\": 6}]}", LS_EDATA, 0, 0,
     "rule 2 'Demo': duplicate label"},
    {HEAD "\"rules\": [{\"label\": \"Mid\", \"when\": {\"column\": \"v\", \"between\": [10, 2]}, \"points\": 5}]}",
     LS_EDATA, 0, 0, "rule 1 'Mid': 'between' on column 'v' has lo 10 above hi 2"},
    {HEAD "\"rules\": [{\"label\": \"Two\", \"when\": {\"column\": \"v\", \"equals\": 1, \"in\": [2]}, \"points\": 5}]}",
     LS_EDATA, 0, 0, "rule 1 'Two': a condition with two operators ('equals' and 'in')"},
    {HEAD "\"rules\": [{\"label\": \"Deep\", \"when\": {\"all\": [{\"not\": {\"column\": \"v\", \"at_least\": \"3\"}}]},"
          " \"points\": 5}]}",
     LS_EDATA, 0, 0, "rule 1 'Deep': 'at_least' on column 'v' takes a number"},
    {HEAD "\"rules\": [{\"label\": \"NoOp\", \"when\": {\"column\": \"v\"}, \"points\": 5}]}", LS_EDATA, 0, 0,
     "rule 1 'NoOp': a condition with no operator"},
    {HEAD "\"rules\": [{\"label\": \"P\", \"points\": \"5\"}]}", LS_EDATA, 0, 0, "rule 1 'P': a rule needs \"points\""},
    {HEAD "\"rules\": [{\"points\": 5}]}", LS_EDATA, 0, 0, "rule 1: a rule needs a \"label\""},
    {HEAD "\"rules\": [{\"label\": \"M\", \"points\": 5, \"max\": -1}]}", LS_EDATA, 0, 0, "rule 1 'M': \"max\""},
    {HEAD "\"rules\": []}", LS_EDATA, 0, 0, "has no \"rules\""},
    {HEAD "\"max_score\": 200, \"rules\": [{\"label\": \"a\", \"points\": 1}]}", LS_EDATA, 0, 0, "\"max_score\""},
    {HEAD "\"bands\": \"Cold:5\", \"rules\": [{\"label\": \"a\", \"points\": 1}]}", LS_EDATA, 0, 0, "invalid bands"},
    {HEAD "\"decay\": {\"column\": \"d\", \"half_life_days\": 30, \"groups\": [\"x\"]},"
          "\"rules\": [{\"label\": \"a\", \"points\": 1}]}",
     LS_EDATA, 0, 0, "\"decay\" names unknown group 'x'"},
    {HEAD "\"groups\": [{\"name\": \"g\"}, {\"name\": \"g\"}], \"rules\": [{\"label\": \"a\", \"points\": 1}]}",
     LS_EDATA, 0, 0, "group 'g' is declared twice"},
    {"[1, 2]", LS_EDATA, 0, 0, "not a JSON object"},
};

static void every_bad_file_should_be_refused_with_its_place(void)
{
    for (size_t i = 0; i < sizeof bad_files / sizeof bad_files[0]; i++) {
        ls_rules *r = NULL;
        ls_error err = {0};
        int status = ls_rules_parse(bad_files[i].json, strlen(bad_files[i].json), "bad.json", &r, &err);
        int ok = status == bad_files[i].status && err.line == bad_files[i].line &&
                 err.column == bad_files[i].column && strstr(err.msg, bad_files[i].msg) != NULL &&
                 strcmp(err.file, "bad.json") == 0 && r == NULL;
        if (!ok) {
            fprintf(stderr, "\n  bad file %zu: status %d line %ld col %ld: %s\n", i, status, err.line, err.column,
                    err.msg);
        }
        CU_ASSERT(ok);
        ls_rules_free(r);
    }
}

static void edit_distance_should_count_edits(void)
{
    CU_ASSERT_EQUAL(ls_edit_distance("student", 7, "studnet", 7), 2);
    CU_ASSERT_EQUAL(ls_edit_distance("", 0, "abc", 3), 3);
    CU_ASSERT_EQUAL(ls_edit_distance("kitten", 6, "sitting", 7), 3);
    CU_ASSERT_EQUAL(ls_edit_distance("intern", 6, "intern", 6), 0);
}

static CU_TestInfo rules_tests[] = {
    {"edit distance should count edits", edit_distance_should_count_edits},
    {"every operator should compare as written", every_operator_should_compare_as_written},
    {"a missing cell should satisfy only missing and not", a_missing_cell_should_satisfy_only_missing_and_not},
    {"a number compared with text should name the column", a_number_compared_with_text_should_name_the_column},
    {"groups should cap and decay", groups_should_cap_and_decay},
    {"per_unit should cap in magnitude and count missing as zero",
     per_unit_should_cap_in_magnitude_and_count_missing_as_zero},
    {"max_score should clamp and calibration give a probability",
     max_score_should_clamp_and_calibration_give_a_probability},
    {"bind should name every missing column", bind_should_name_every_missing_column},
    {"cached spellings should score as fresh cells", cached_spellings_should_score_as_fresh_cells},
    {"the scorer should give reasons by label and no probability",
     the_scorer_should_give_reasons_by_label_and_no_probability},
    {"every bad file should be refused with its place", every_bad_file_should_be_refused_with_its_place},
    CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
    {"rules", NULL, NULL, NULL, NULL, rules_tests},
    CU_SUITE_INFO_NULL,
};

LS_TEST_MAIN(suites)
