/* test_export.c: the export spec describes the scorer exactly.
 *
 * Models are trained on datasets/leads_sample.csv through the library, each
 * with options that exercise one more rule: placeholders (--na), rare levels
 * folded into "(other)", rare levels joining the reference, case-sensitive
 * keys, and a "(missing)" level itself folded away. Leads are then scored
 * twice: by the real scorer (ls_scorer on a CSV reader), and by an evaluator
 * written below from the formula in leadscore/export.h and the spec's arrays
 * alone: its own trimming, key folding, placeholder test, number parsing and
 * lookups, none of the library's. The leads are the sample itself plus
 * thousands of generated leads whose cells are missing, placeholders in odd
 * case and padding, folded and unseen levels, levels in odd case and white
 * space, and numbers in every form strtod reads. Probabilities must agree to
 * 1e-12 relative (they agree bit for bit). */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "leadscore/csv.h"
#include "leadscore/export.h"
#include "leadscore/model_io.h"
#include "leadscore/scorer.h"
#include "leadscore/train.h"
#include "ls_test.h"

/* ---- the independent evaluator: export.h's formula, nothing else ---- */

static int is_white(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* Trims text in place of a copy: returns a malloc'd, trimmed string. */
static char *trimmed(const char *text)
{
    size_t a = 0, b = strlen(text);
    while (a < b && is_white(text[a])) {
        a++;
    }
    while (b > a && is_white(text[b - 1])) {
        b--;
    }
    char *t = malloc(b - a + 1);
    memcpy(t, text + a, b - a);
    t[b - a] = '\0';
    return t;
}

static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static int equal_ignoring_ascii_case(const char *a, const char *b)
{
    for (; *a != '\0' && *b != '\0'; a++, b++) {
        if (ascii_lower(*a) != ascii_lower(*b)) {
            return 0;
        }
    }
    return *a == *b;
}

/* The key of a trimmed text: inner white-space runs become one space, A-Z
 * lowered unless case-sensitive. */
static char *key_of(const char *t, int case_sensitive)
{
    char *k = malloc(strlen(t) + 1);
    size_t n = 0;
    for (size_t i = 0; t[i] != '\0'; i++) {
        if (is_white(t[i])) {
            if (n > 0 && k[n - 1] != ' ') {
                k[n++] = ' ';
            }
            continue;
        }
        k[n++] = case_sensitive ? t[i] : ascii_lower(t[i]);
    }
    k[n] = '\0';
    return k;
}

static int spec_missing(const ls_export_spec *s, const char *t)
{
    if (t[0] == '\0') {
        return 1;
    }
    for (size_t k = 0; k < s->n_na; k++) {
        if (equal_ignoring_ascii_case(t, s->na_values[k])) {
            return 1;
        }
    }
    return 0;
}

typedef struct {
    long missing_numeric, missing_with_term, placeholder, folded_to_other, folded_to_reference, unseen,
        spelled_differently, internal_level_text;
} coverage;

static size_t spec_level(const ls_export_spec *s, const ls_export_input *in, const char *t, coverage *cov)
{
    if (spec_missing(s, t)) {
        cov->placeholder += t[0] != '\0';
        return in->missing_level;
    }
    char *k = key_of(t, s->case_sensitive);
    size_t l = in->unseen_level;
    int found = 0;
    for (size_t j = 0; j < in->n_levels && !found; j++) {
        if (strcmp(in->levels[j].key, k) == 0) {
            l = j;
            found = 1;
            cov->spelled_differently += strcmp(in->levels[j].display, t) != 0;
        }
    }
    for (size_t f = 0; f < in->n_folded && !found; f++) {
        if (strcmp(in->folded[f].key, k) == 0) {
            l = in->folded[f].level;
            found = 1;
            if (in->other_level >= 0) {
                cov->folded_to_other++;
            } else {
                cov->folded_to_reference++;
            }
        }
    }
    cov->unseen += !found;
    cov->internal_level_text += !found && (strcmp(t, "(missing)") == 0 || strcmp(t, "(other)") == 0);
    free(k);
    return l;
}

/* The probability of the reader's current record; *ok 0 when a numeric cell
 * is not a number (the scorer refuses such a lead). */
static double spec_probability(const ls_export_spec *s, const ls_csv_reader *r, const long *column, coverage *cov,
                               int *ok)
{
    double eta = s->intercept;
    *ok = 1;
    for (size_t i = 0; i < s->n_inputs; i++) {
        const ls_export_input *in = &s->inputs[i];
        char *t = trimmed(ls_csv_field(r, (size_t)column[i]));
        int missing = spec_missing(s, t);
        double part;
        if (in->kind == LS_EXPORT_NUMERIC) {
            double x = in->impute;
            if (!missing) {
                /* a decimal number, whole text: digits, sign, point, exponent */
                char *end = NULL;
                x = strtod(t, &end);
                if (end == t || *end != '\0' || !isfinite(x) || strspn(t, "0123456789+-.eE") != strlen(t) ||
                    strlen(t) > 63) {
                    *ok = 0;
                }
            } else {
                cov->missing_numeric++;
                cov->placeholder += t[0] != '\0';
            }
            part = in->value_weight * x;
            if (missing && in->missing_term >= 0) {
                part = part + in->missing_weight;
                cov->missing_with_term++;
            }
        } else {
            part = in->levels[spec_level(s, in, t, cov)].weight;
        }
        eta = eta + part;
        free(t);
    }
    return eta >= 0 ? 1.0 / (1.0 + exp(-eta)) : exp(eta) / (1.0 + exp(eta));
}

/* ---- the comparison ---- */

typedef struct {
    const char *name;
    const char *na;
    long min_level_count;
    int case_sensitive;
} model_case;

static ls_model *train(const model_case *mc)
{
    char path[1024];
    ls_error err = {0};
    ls_train_options o;
    ls_train_options_init(&o);
    o.read.target = "converted";
    o.read.case_sensitive = mc->case_sensitive;
    if (mc->min_level_count > 0) {
        o.read.min_level_count = mc->min_level_count;
    }
    if (mc->na != NULL) {
        ls_na_list_parse(mc->na, &o.read.na);
    }
    ls_model *m = NULL;
    ls_train_report report;
    int status = ls_train(ls_test_path(path, sizeof path, "datasets/leads_sample.csv"), &o, &m, &report, &err);
    ls_na_list_free(&o.read.na);
    if (status != LS_OK) {
        fprintf(stderr, "\n  %s: %s\n", mc->name, err.msg);
    }
    CU_ASSERT_EQUAL_FATAL(status, LS_OK);
    return m;
}

/* Scores data with the saved model and with the spec; returns leads compared. */
static long compare(const ls_model *m, const char *model_path, const char *data, coverage *cov)
{
    ls_error err = {0};
    ls_export_spec *spec = NULL;
    ls_scorer *scorer = NULL;
    ls_csv_reader *a = NULL, *b = NULL;
    CU_ASSERT_EQUAL_FATAL(ls_export_spec_build(m, &spec, &err), LS_OK);
    CU_ASSERT_EQUAL_FATAL(ls_scorer_load(model_path, &scorer, &err), LS_OK);
    CU_ASSERT_EQUAL_FATAL(ls_csv_open(data, NULL, &a, &err), LS_OK);
    CU_ASSERT_EQUAL_FATAL(ls_csv_open(data, NULL, &b, &err), LS_OK);
    CU_ASSERT_EQUAL_FATAL(ls_scorer_bind(scorer, a, &err), LS_OK);
    long *column = calloc(spec->n_inputs + 1, sizeof *column);
    for (size_t i = 0; i < spec->n_inputs; i++) {
        column[i] = ls_csv_find_column(b, spec->inputs[i].name);
        CU_ASSERT_FATAL(column[i] >= 0);
    }
    long compared = 0, exact = 0, off = 0, refused = 0, key_mismatch = 0;
    while (ls_csv_next(a, &err) == 1 && ls_csv_next(b, &err) == 1) {
        ls_score sc;
        int ok;
        double p = spec_probability(spec, b, column, cov, &ok);
        int status = ls_scorer_score(scorer, a, &sc, NULL, 0, NULL, &err);
        CU_ASSERT_EQUAL(status == LS_OK, ok);
        if (status != LS_OK || !ok) {
            refused++;
            continue;
        }
        compared++;
        exact += sc.probability == p;
        if (!ls_rel_close(sc.probability, p, 1e-12)) {
            if (off++ < 5) {
                fprintf(stderr, "\n  line %ld: scorer %.17g, spec %.17g", ls_csv_line(a), sc.probability, p);
            }
        }
        /* the library's key, missing and level functions agree with ours */
        for (size_t i = 0; i < spec->n_inputs; i++) {
            const ls_export_input *in = &spec->inputs[i];
            const char *text = ls_csv_field(b, (size_t)column[i]);
            size_t len = ls_csv_field_length(b, (size_t)column[i]);
            char *t = trimmed(text), *k = key_of(t, spec->case_sensitive);
            char *lib = malloc(len + 1);
            coverage ignored = {0};
            ls_export_cell_key(spec, text, len, lib);
            int same = strcmp(lib, k) == 0 && ls_export_cell_is_missing(spec, text, len) == spec_missing(spec, t);
            if (same && in->kind == LS_EXPORT_CATEGORICAL) {
                same = ls_export_cell_level(spec, in, text, len) == (long)spec_level(spec, in, t, &ignored);
            }
            key_mismatch += !same;
            free(lib);
            free(k);
            free(t);
        }
    }
    fprintf(stderr, "\n  %s: %ld leads compared (%ld bit for bit), %ld refused by both, %ld off", data, compared,
            exact, refused, off);
    CU_ASSERT_EQUAL(off, 0);
    CU_ASSERT_EQUAL(key_mismatch, 0);
    CU_ASSERT(compared > 0);
    free(column);
    ls_csv_close(a);
    ls_csv_close(b);
    ls_scorer_free(scorer);
    ls_export_spec_free(spec);
    return compared;
}

/* ---- generated leads ---- */

static uint64_t rng_state = 88172645463325252ULL;

static size_t pick(size_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (size_t)(rng_state % n);
}

typedef struct {
    char **items;
    size_t n, cap;
} text_list;

static void add(text_list *l, const char *s)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 32;
        l->items = realloc(l->items, l->cap * sizeof *l->items);
    }
    l->items[l->n++] = strdup(s);
}

/* The spellings a level might arrive in: as trained, upper, lower, padded,
 * with a tab and doubled spaces inside, in alternating case. */
static void add_spellings(text_list *l, const char *display)
{
    size_t n = strlen(display);
    char *v = malloc(3 * n + 8);
    add(l, display);
    for (size_t i = 0; i <= n; i++) {
        v[i] = display[i] >= 'a' && display[i] <= 'z' ? (char)(display[i] - 32) : display[i];
    }
    add(l, v);
    for (size_t i = 0; i <= n; i++) {
        v[i] = ascii_lower(display[i]);
    }
    add(l, v);
    snprintf(v, 3 * n + 8, "  %s \t", display);
    add(l, v);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (display[i] == ' ') {
            v[k++] = ' ';
            v[k++] = '\t';
        }
        v[k++] = i % 2 ? ascii_lower(display[i]) : display[i] >= 'a' && display[i] <= 'z' ? (char)(display[i] - 32)
                                                                                           : display[i];
    }
    v[k] = '\0';
    add(l, v);
    free(v);
}

static void candidates(const ls_export_spec *s, const ls_export_input *in, text_list *l)
{
    add(l, "");
    add(l, "  \t ");
    for (size_t k = 0; k < s->n_na; k++) {
        add_spellings(l, s->na_values[k]); /* placeholders in any case and padding */
    }
    if (in->kind == LS_EXPORT_NUMERIC) {
        static const char *numbers[] = {"0",     "12",  " 7 ", "1e1",  "+3",    "0.50",
                                        "7.",    ".25", "-2",  "1E-3", "3.14159", "123456789012345",
                                        "1234567890123456789", "2.5e2", "00042", "8.7"};
        for (size_t k = 0; k < sizeof numbers / sizeof *numbers; k++) {
            add(l, numbers[k]);
        }
        return;
    }
    static const char *odd[] = {"(missing)", "(other)", "Atlantis", "\xc3\x89""COLE", "\xc3\xa9""cole", "-"};
    for (size_t k = 0; k < sizeof odd / sizeof *odd; k++) {
        add(l, odd[k]);
    }
    for (size_t j = 0; j < in->n_levels; j++) {
        if (in->levels[j].role == LS_EXPORT_LEVEL_CELL) {
            add_spellings(l, in->levels[j].display);
        }
    }
    for (size_t f = 0; f < in->n_folded; f++) {
        if (in->folded[f].key[0] != '\001') {
            add_spellings(l, in->folded[f].display);
        }
    }
}

/* Writes the sample's first rows as they are, then n_generated leads: sample
 * rows with about half their model cells replaced by a candidate spelling. */
static void write_leads(const ls_export_spec *s, const char *path, size_t n_verbatim, size_t n_generated)
{
    char sample[1024];
    ls_error err = {0};
    ls_csv_reader *r = NULL;
    CU_ASSERT_EQUAL_FATAL(ls_csv_open(ls_test_path(sample, sizeof sample, "datasets/leads_sample.csv"), NULL, &r, &err),
                          LS_OK);
    FILE *out = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    size_t nc = ls_csv_n_columns(r);
    text_list *cand = calloc(nc, sizeof *cand);
    int *numeric = calloc(nc, sizeof *numeric);
    for (size_t j = 0; j < nc; j++) {
        for (size_t i = 0; i < s->n_inputs; i++) {
            if (strcmp(s->inputs[i].name, ls_csv_column_name(r, j)) == 0) {
                candidates(s, &s->inputs[i], &cand[j]);
                numeric[j] = s->inputs[i].kind == LS_EXPORT_NUMERIC;
            }
        }
        if (j > 0) {
            fputc(',', out);
        }
        ls_csv_write_field(out, ls_csv_column_name(r, j), strlen(ls_csv_column_name(r, j)));
    }
    fputc('\n', out);
    /* texts the scorer refuses in a numeric column: one lead in 50 has one */
    static const char *not_numbers[] = {"0x1A", "inf", "NaN", "12 leads", "1,5"};
    for (size_t row = 0; row < n_verbatim + n_generated && ls_csv_next(r, &err) == 1; row++) {
        size_t refuse = row >= n_verbatim && pick(50) == 0 ? pick(nc) : nc;
        for (size_t j = 0; j < nc; j++) {
            const char *text = ls_csv_field(r, j);
            if (row >= n_verbatim && cand[j].n > 0 && pick(2) == 0) {
                text = cand[j].items[pick(cand[j].n)];
            }
            if (j == refuse && numeric[j]) {
                text = not_numbers[pick(sizeof not_numbers / sizeof *not_numbers)];
            }
            if (j > 0) {
                fputc(',', out);
            }
            ls_csv_write_field(out, text, strlen(text));
        }
        fputc('\n', out);
    }
    for (size_t j = 0; j < nc; j++) {
        for (size_t k = 0; k < cand[j].n; k++) {
            free(cand[j].items[k]);
        }
        free(cand[j].items);
    }
    free(cand);
    free(numeric);
    fclose(out);
    ls_csv_close(r);
}

static void check_model(const model_case *mc, coverage *cov)
{
    char model_path[256], leads[256], sample[1024];
    ls_error err = {0};
    ls_model *m = train(mc);
    snprintf(model_path, sizeof model_path, "/tmp/leadscore-export-%ld-%s.json", (long)getpid(), mc->name);
    snprintf(leads, sizeof leads, "/tmp/leadscore-export-%ld-%s-leads.csv", (long)getpid(), mc->name);
    CU_ASSERT_EQUAL_FATAL(ls_model_save(m, model_path, &err), LS_OK);
    /* the spec of the saved and reloaded model, as every exporter sees it */
    ls_model *loaded = NULL;
    CU_ASSERT_EQUAL_FATAL(ls_model_load(model_path, &loaded, &err), LS_OK);
    ls_export_spec *spec = NULL;
    CU_ASSERT_EQUAL_FATAL(ls_export_spec_build(loaded, &spec, &err), LS_OK);
    write_leads(spec, leads, 500, 6000);
    ls_export_spec_free(spec);
    fprintf(stderr, "\n  model %s:", mc->name);
    compare(loaded, model_path, ls_test_path(sample, sizeof sample, "datasets/leads_sample.csv"), cov);
    compare(loaded, model_path, leads, cov);
    ls_model_free(loaded);
    ls_model_free(m);
    unlink(model_path);
    unlink(leads);
}

static void spec_should_reproduce_the_scorer(void)
{
    static const model_case cases[] = {
        {"placeholders", "N/A, Select", 0, 0},          /* folded into "(other)" (country) */
        {"rare_other_to_reference", "Select", 20, 0},   /* "(other)" too rare: the reference */
        {"case_sensitive", "N/A", 4, 1},                /* keys keep case; lead_source folds to the reference */
        /* "(missing)" itself folded (389 rows of country) while "(other)" is
         * kept: training coded those rows as "(other)", but the scorer sends a
         * missing cell to the reference; the spec follows the scorer */
        {"missing_folded", "N/A,Select", 400, 0},
    };
    coverage cov = {0};
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        check_model(&cases[k], &cov);
    }
    fprintf(stderr,
            "\n  cells: %ld missing numbers (%ld with an indicator term), %ld placeholders, %ld folded into (other), "
            "%ld folded into the reference, %ld unseen (%ld spelled '(missing)'/'(other)'), %ld levels spelled "
            "otherwise than trained\n",
            cov.missing_numeric, cov.missing_with_term, cov.placeholder, cov.folded_to_other, cov.folded_to_reference,
            cov.unseen, cov.internal_level_text, cov.spelled_differently);
    CU_ASSERT(cov.missing_numeric > 0);
    CU_ASSERT(cov.missing_with_term > 0);
    CU_ASSERT(cov.placeholder > 0);
    CU_ASSERT(cov.folded_to_other > 0);
    CU_ASSERT(cov.folded_to_reference > 0);
    CU_ASSERT(cov.unseen > 0);
    CU_ASSERT(cov.internal_level_text > 0);
    CU_ASSERT(cov.spelled_differently > 0);
}

static void spec_should_describe_levels_and_terms(void)
{
    model_case mc = {"shape", "N/A", 0, 0};
    ls_model *m = train(&mc);
    ls_export_spec *s = NULL;
    ls_error err = {0};
    CU_ASSERT_EQUAL_FATAL(ls_export_spec_build(m, &s, &err), LS_OK);
    CU_ASSERT_EQUAL(s->n_inputs, m->n_inputs);
    CU_ASSERT_EQUAL(s->intercept, m->terms[0].weight);
    CU_ASSERT_EQUAL(s->n_na, 1);
    CU_ASSERT_STRING_EQUAL(s->na_values[0], "N/A");
    /* every term is named exactly once by the spec */
    size_t named = 1;
    for (size_t i = 0; i < s->n_inputs; i++) {
        const ls_export_input *in = &s->inputs[i];
        if (in->kind == LS_EXPORT_NUMERIC) {
            CU_ASSERT_EQUAL(m->terms[in->value_term].weight, in->value_weight);
            named += 1 + (in->missing_term >= 0);
            CU_ASSERT_EQUAL(in->missing_is_unseen, in->missing_term < 0);
            continue;
        }
        CU_ASSERT_EQUAL(in->levels[in->reference].term, -1);
        CU_ASSERT_EQUAL(in->levels[in->reference].weight, 0.0);
        CU_ASSERT_EQUAL(in->unseen_level, in->reference);
        for (size_t l = 0; l < in->n_levels; l++) {
            if (in->levels[l].term >= 0) {
                named++;
                CU_ASSERT_EQUAL(m->terms[in->levels[l].term].weight, in->levels[l].weight);
            }
            if (in->levels[l].role != LS_EXPORT_LEVEL_CELL) {
                CU_ASSERT_EQUAL(in->levels[l].key[0], '\001');
            }
        }
    }
    CU_ASSERT_EQUAL(named, m->n_terms);
    /* the key rule, spelled out */
    char key[64];
    CU_ASSERT_EQUAL(ls_export_cell_key(s, " \tPaid \t  SEARCH\r\n", 18, key), 11);
    CU_ASSERT_STRING_EQUAL(key, "paid search");
    ls_export_cell_key(s, "\xc3\x89""COLE", 6, key);
    CU_ASSERT_STRING_EQUAL(key, "\xc3\x89""cole");
    CU_ASSERT(ls_export_cell_is_missing(s, "  n/A ", 6));
    CU_ASSERT(ls_export_cell_is_missing(s, " \t", 2));
    CU_ASSERT(!ls_export_cell_is_missing(s, "N / A", 5));
    ls_export_spec_free(s);
    ls_model_free(m);
}

static void csv_field_should_quote_only_when_needed(void)
{
    char buf[256] = "";
    FILE *fp = fmemopen(buf, sizeof buf, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    static const char *fields[] = {"plain", "a,b", "say \"hi\"", " padded", "two\nlines", "tab\tinside", ""};
    for (size_t k = 0; k < sizeof fields / sizeof *fields; k++) {
        ls_csv_write_field(fp, fields[k], strlen(fields[k]));
        fputc('|', fp);
    }
    fclose(fp);
    CU_ASSERT_STRING_EQUAL(buf, "plain|\"a,b\"|\"say \"\"hi\"\"\"|\" padded\"|\"two\nlines\"|tab\tinside||");
}

static CU_TestInfo export_tests[] = {
    {"spec_should_describe_levels_and_terms", spec_should_describe_levels_and_terms},
    {"spec_should_reproduce_the_scorer", spec_should_reproduce_the_scorer},
    {"csv_field_should_quote_only_when_needed", csv_field_should_quote_only_when_needed},
    CU_TEST_INFO_NULL};

static CU_SuiteInfo suites[] = {{"export", NULL, NULL, NULL, NULL, export_tests}, CU_SUITE_INFO_NULL};

LS_TEST_MAIN(suites)
