/* generate.c: synthetic leads drawn from a documented true logistic model.
 *
 * The true logit is linear in the values as the CSV holds them: a weight per
 * level of each attribute (0 for the level named as reference), a weight per
 * unit of each count or duration, a weight for "yes" in each yes/no column.
 * Behaviours share a latent engagement, so they are correlated, but only
 * their written values enter the logit. Conversion is drawn before any cell
 * is blanked or made messy, so missingness is completely at random. */
#include "leadscore/generate.h"

#include <errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "leadscore/cell.h"
#include "digits.h"

typedef struct {
    const char *name;
    double share;  /* relative frequency */
    double weight; /* true effect on the logit; 0 for the reference */
} level_spec;

typedef struct {
    const char *column;
    const level_spec *levels;
    size_t n;
    const char *reference;
} attribute_spec;

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const level_spec lead_sources[] = {
    {"Organic Search", 22, 0.0}, {"Paid Search", 18, -0.10}, {"Referral", 8, 0.80}, {"Webinar", 7, 0.40},
    {"Trade Show", 5, 0.50},     {"Email Campaign", 14, 0.10}, {"Social Media", 12, -0.30},
    {"Partner", 6, 0.60},        {"Direct", 8, 0.20}};
static const level_spec industries[] = {
    {"Software", 22, 0.0},       {"Financial Services", 12, 0.20}, {"Healthcare", 10, -0.10},
    {"Manufacturing", 11, 0.10}, {"Retail", 9, -0.20},             {"Education", 8, -0.40},
    {"Government", 5, -0.30},    {"Telecommunications", 6, 0.10},  {"Media", 7, -0.20},
    {"Consulting", 10, 0.15}};
static const level_spec company_sizes[] = {{"1-10", 18, -0.50},     {"11-50", 22, -0.20},
                                           {"51-200", 25, 0.0},     {"201-1000", 18, 0.20},
                                           {"1001-5000", 10, 0.30}, {"5000+", 7, 0.35}};
/* a long tail: the last three are rarer than the trainer's default folding
 * threshold in the 20,000-lead sample */
static const level_spec countries[] = {
    {"United States", 35, 0.0},  {"United Kingdom", 10, 0.05}, {"Germany", 8, 0.0},   {"Canada", 7, 0.05},
    {"France", 6, -0.10},        {"India", 9, -0.30},          {"Australia", 5, 0.05}, {"Brazil", 5, -0.20},
    {"Netherlands", 4, 0.10},    {"Spain", 4, -0.10},          {"Japan", 3.5, -0.15},  {"Singapore", 3.4, 0.10},
    {"Iceland", 0.03, 0.0},      {"Luxembourg", 0.025, 0.0},   {"Malta", 0.02, 0.0}};
static const level_spec job_titles[] = {
    {"Marketing Manager", 20, 0.0}, {"Sales Director", 10, 0.30}, {"CEO", 6, 0.40},     {"Engineer", 16, -0.20},
    {"Analyst", 14, -0.10},         {"Consultant", 9, 0.10},      {"Other", 12, -0.30}, {"Student", 8, -1.50},
    {"Intern", 5, -1.20}};
static const level_spec job_levels[] = {{"Individual Contributor", 0, 0.0}, {"Manager", 0, 0.20},
                                        {"Director", 0, 0.40},               {"VP", 0, 0.50},
                                        {"C-Level", 0, 0.60},                {"Student", 0, -0.50}};

enum { SOURCE, INDUSTRY, SIZE, COUNTRY, TITLE, LEVEL, N_ATTRIBUTES };
static const attribute_spec attributes[N_ATTRIBUTES] = {
    {"lead_source", lead_sources, COUNT(lead_sources), "Organic Search"},
    {"industry", industries, COUNT(industries), "Software"},
    {"company_size", company_sizes, COUNT(company_sizes), "51-200"},
    {"country", countries, COUNT(countries), "United States"},
    {"job_title", job_titles, COUNT(job_titles), "Marketing Manager"},
    {"job_level", job_levels, COUNT(job_levels), "Individual Contributor"}};

/* Job level given title: shares over job_levels[] in its order. Never a
 * certainty, or title and level would be aliased terms. */
static const double level_given_title[COUNT(job_titles)][COUNT(job_levels)] = {
    {10, 75, 15, 0, 0, 0},  /* Marketing Manager */
    {0, 10, 60, 30, 0, 0},  /* Sales Director */
    {0, 0, 0, 15, 85, 0},   /* CEO */
    {70, 25, 5, 0, 0, 0},   /* Engineer */
    {75, 20, 5, 0, 0, 0},   /* Analyst */
    {45, 30, 20, 5, 0, 0},  /* Consultant */
    {55, 22, 13, 5, 5, 0},  /* Other */
    {10, 0, 0, 0, 0, 90},   /* Student */
    {80, 0, 0, 0, 0, 20}};  /* Intern */

enum {
    VISITS, TIME_ON_SITE, PRICING, OPENS, CLICKS, WHITEPAPERS, EBOOKS, CALLS, DAYS_SINCE, N_NUMERIC
};
static const char *const numeric_names[N_NUMERIC] = {
    "website_visits", "time_on_site_minutes", "pricing_page_views",     "email_opens",             "email_clicks",
    "whitepaper_downloads", "ebook_downloads", "phone_calls", "days_since_last_activity"};
static const double numeric_weights[N_NUMERIC] = {0.03, 0.004, 0.35, 0.02, 0.12, 0.15, 0.10, 0.30, -0.012};

enum { WEBINAR, DEMO, CONTACT, TRIAL, UNSUBSCRIBED, N_FLAGS };
static const char *const flag_names[N_FLAGS] = {"webinar_attended", "demo_requested", "contact_form_submitted",
                                                "free_trial", "unsubscribed"};
static const double flag_weights[N_FLAGS] = {0.50, 1.80, 0.70, 1.10, -1.00};

/* The behaviours in CSV order: numeric k as k, yes/no flag k as -1 - k. */
static const int behaviour_order[] = {VISITS,      TIME_ON_SITE, PRICING,         OPENS,       CLICKS,
                                      -1 - WEBINAR, WHITEPAPERS, EBOOKS,          -1 - DEMO,   -1 - CONTACT,
                                      -1 - TRIAL,  CALLS,        -1 - UNSUBSCRIBED, DAYS_SINCE};
#define N_COLUMNS (2 + N_ATTRIBUTES + COUNT(behaviour_order) + 1)

static const double true_intercept = -4.0;
#define ATTRIBUTE_MISSING_SHARE 0.02
#define TIME_MISSING_SHARE 0.01
#define MESSY_SHARE 0.02
/* leads are created from 2025-01-01 over 546 days (to 2026-06-30) */
#define FIRST_DAY 20089
#define DAYS 546

/* The tables a run draws from: the documented ones, changed by --drift
 * (see ls_generate_changes in generate.h). */
#define NEW_SOURCE_NAME "AI Chat"
#define NEW_SOURCE_SHARE 15
#define NEW_SOURCE_WEIGHT 0.50
#define STUDENT_SHARE_LATER 16
#define INTERN_SHARE_LATER 16
typedef struct {
    level_spec sources[COUNT(lead_sources) + 1];
    level_spec titles[COUNT(job_titles)];
    attribute_spec attrs[N_ATTRIBUTES];
    double flag_weights[N_FLAGS];
    int32_t first_day;
    int days;
} world;

static void world_init(world *w, const ls_generate_changes *c)
{
    memcpy(w->attrs, attributes, sizeof w->attrs);
    memcpy(w->sources, lead_sources, sizeof lead_sources);
    memcpy(w->titles, job_titles, sizeof job_titles);
    memcpy(w->flag_weights, flag_weights, sizeof w->flag_weights);
    w->first_day = FIRST_DAY;
    w->days = DAYS;
    w->attrs[SOURCE].levels = w->sources;
    w->attrs[TITLE].levels = w->titles;
    if (c == NULL) {
        return;
    }
    if (c->new_source) {
        w->sources[COUNT(lead_sources)] = (level_spec){NEW_SOURCE_NAME, NEW_SOURCE_SHARE, NEW_SOURCE_WEIGHT};
        w->attrs[SOURCE].n = COUNT(lead_sources) + 1;
    }
    if (c->webinar_fades) {
        w->flag_weights[WEBINAR] = 0.0;
    }
    if (c->more_students) {
        /* below Marketing Manager's 20, so the reference level stays */
        w->titles[7].share = STUDENT_SHARE_LATER;
        w->titles[8].share = INTERN_SHARE_LATER;
    }
    if (c->days > 0) {
        w->first_day = c->first_day;
        w->days = c->days;
    }
}

static size_t draw_index(const gsl_rng *rng, const level_spec *levels, size_t n)
{
    double total = 0;
    for (size_t i = 0; i < n; i++) {
        total += levels[i].share;
    }
    double u = gsl_rng_uniform(rng) * total;
    for (size_t i = 0; i < n; i++) {
        if (u < levels[i].share) {
            return i;
        }
        u -= levels[i].share;
    }
    return n - 1;
}

static size_t draw_weighted(const gsl_rng *rng, const double *shares, size_t n)
{
    double total = 0;
    for (size_t i = 0; i < n; i++) {
        total += shares[i];
    }
    double u = gsl_rng_uniform(rng) * total;
    for (size_t i = 0; i < n; i++) {
        if (u < shares[i]) {
            return i;
        }
        u -= shares[i];
    }
    return n - 1;
}

/* A tiny output buffer: fprintf per field would cost more than the draws. */
typedef struct {
    char buf[1024];
    size_t n;
} row_buffer;

static void put_text(row_buffer *row, const char *s)
{
    size_t len = strlen(s);
    memcpy(row->buf + row->n, s, len);
    row->n += len;
}

static void put_char(row_buffer *row, char c)
{
    row->buf[row->n++] = c;
}

static void put_uint(row_buffer *row, unsigned long v)
{
    row->n += ls_put_digits(row->buf + row->n, v);
}

/* at least width digits, zero-padded as "%0*lu" would */
static void put_padded(row_buffer *row, unsigned long v, size_t width)
{
    char digits[20];
    size_t d = ls_put_digits(digits, v);
    for (; width > d; width--) {
        row->buf[row->n++] = '0';
    }
    memcpy(row->buf + row->n, digits, d);
    row->n += d;
}

/* tenths: 123 is written "12.3" */
static void put_tenths(row_buffer *row, unsigned long tenths)
{
    put_uint(row, tenths / 10);
    put_char(row, '.');
    put_char(row, (char)('0' + tenths % 10));
}

/* A level as a messy CRM export may spell it: upper or lower case, or with
 * stray spaces (quoted so that they survive CSV readers that trim). */
static void put_messy(row_buffer *row, const gsl_rng *rng, const char *s)
{
    unsigned long how = gsl_rng_uniform_int(rng, 4);
    if (how >= 2) {
        put_text(row, how == 2 ? "\"  " : "\"");
        put_text(row, s);
        put_text(row, how == 2 ? "\"" : "  \"");
        return;
    }
    for (const char *p = s; *p != '\0'; p++) {
        char c = *p;
        if (how == 0 && c >= 'a' && c <= 'z') {
            c = (char)(c - 'a' + 'A');
        } else if (how == 1 && c >= 'A' && c <= 'Z') {
            c = (char)(c - 'A' + 'a');
        }
        put_char(row, c);
    }
}

static double logistic(double x)
{
    return 1.0 / (1.0 + exp(-x));
}

/* One list of names for the header and the truth file, so they cannot differ. */
static const char *column_name(size_t j)
{
    if (j == 0) {
        return "lead_id";
    }
    if (j == 1) {
        return "created_date";
    }
    if (j < 2 + N_ATTRIBUTES) {
        return attributes[j - 2].column;
    }
    if (j < N_COLUMNS - 1) {
        int k = behaviour_order[j - 2 - N_ATTRIBUTES];
        return k >= 0 ? numeric_names[k] : flag_names[-1 - k];
    }
    return "converted";
}

static void write_header(FILE *out)
{
    for (size_t j = 0; j < N_COLUMNS; j++) {
        fputs(column_name(j), out);
        fputc(j + 1 < N_COLUMNS ? ',' : '\n', out);
    }
}

/* NULL when out of memory: every cJSON_Add* result is checked through ok. */
/* The population share of each level of attribute a (before cells are
 * blanked): drawn directly, or for job level through level_given_title. */
static void attribute_shares(const world *w, int a, double *out)
{
    const attribute_spec *spec = &w->attrs[a];
    if (a != LEVEL) {
        double total = 0;
        for (size_t l = 0; l < spec->n; l++) {
            total += spec->levels[l].share;
        }
        for (size_t l = 0; l < spec->n; l++) {
            out[l] = spec->levels[l].share / total;
        }
        return;
    }
    double title[COUNT(job_titles)];
    attribute_shares(w, TITLE, title);
    for (size_t j = 0; j < COUNT(job_levels); j++) {
        out[j] = 0;
    }
    for (size_t t = 0; t < COUNT(job_titles); t++) {
        double row = 0;
        for (size_t j = 0; j < COUNT(job_levels); j++) {
            row += level_given_title[t][j];
        }
        for (size_t j = 0; j < COUNT(job_levels); j++) {
            out[j] += title[t] * level_given_title[t][j] / row;
        }
    }
}

static int add_strings(cJSON *array, const char *const *items, size_t n)
{
    int ok = array != NULL;
    for (size_t k = 0; ok && k < n; k++) {
        cJSON *item = cJSON_CreateString(items[k]);
        ok = item != NULL && cJSON_AddItemToArray(array, item);
    }
    return ok;
}

static int add_shares(cJSON *o, const char *name, const world *w, int a)
{
    double shares[COUNT(lead_sources) + 1 + COUNT(countries)];
    attribute_shares(w, a, shares);
    cJSON *s = cJSON_AddObjectToObject(o, name);
    int ok = s != NULL;
    for (size_t l = 0; ok && l < w->attrs[a].n; l++) {
        ok = cJSON_AddNumberToObject(s, w->attrs[a].levels[l].name, shares[l]) != NULL;
    }
    return ok;
}

/* What a later month changed, against the documented world: the changes
 * in words, the attributes whose mix changed with their population shares
 * before and after, the weights that changed, the terms that are new, and
 * the terms whose meaning moved with the mix (a "(missing)" level stands
 * for whatever the blanked cells held). */
static int drift_truth(cJSON *t, const world *w, const ls_generate_changes *c)
{
    world base;
    world_init(&base, NULL);
    cJSON *d = cJSON_AddObjectToObject(t, "drift");
    cJSON *changes = d != NULL ? cJSON_AddArrayToObject(d, "changes") : NULL;
    cJSON *inputs = d != NULL ? cJSON_AddArrayToObject(d, "inputs_changed") : NULL;
    cJSON *weights = d != NULL ? cJSON_AddArrayToObject(d, "terms_changed") : NULL;
    cJSON *added = d != NULL ? cJSON_AddArrayToObject(d, "terms_added") : NULL;
    cJSON *meaning = d != NULL ? cJSON_AddArrayToObject(d, "terms_meaning_changed") : NULL;
    cJSON *shares = d != NULL ? cJSON_AddObjectToObject(d, "population_shares") : NULL;
    int ok = shares != NULL && meaning != NULL && added != NULL && weights != NULL && inputs != NULL &&
             changes != NULL;
    if (ok && c->new_source) {
        const char *what[] = {"new-source: lead source '" NEW_SOURCE_NAME "' appears (share 15 against 100 for "
                              "the others), true effect +0.5"};
        const char *in[] = {"lead_source"}, *mean[] = {"lead_source=(missing)"};
        cJSON *term = cJSON_CreateObject();
        ok = add_strings(changes, what, 1) && add_strings(inputs, in, 1) && add_strings(meaning, mean, 1) &&
             term != NULL && cJSON_AddItemToArray(added, term) &&
             cJSON_AddStringToObject(term, "term", "lead_source=" NEW_SOURCE_NAME) != NULL &&
             cJSON_AddNumberToObject(term, "weight", NEW_SOURCE_WEIGHT) != NULL;
        cJSON *s = ok ? cJSON_AddObjectToObject(shares, "lead_source") : NULL;
        ok = s != NULL && add_shares(s, "before", &base, SOURCE) && add_shares(s, "after", w, SOURCE);
    }
    if (ok && c->webinar_fades) {
        const char *what[] = {"webinar-fades: attending a webinar no longer changes the odds (weight 0.5 -> 0); "
                              "as many leads attend"};
        cJSON *term = cJSON_CreateObject();
        ok = add_strings(changes, what, 1) && term != NULL && cJSON_AddItemToArray(weights, term) &&
             cJSON_AddStringToObject(term, "term", "webinar_attended=yes") != NULL &&
             cJSON_AddNumberToObject(term, "old_weight", flag_weights[WEBINAR]) != NULL &&
             cJSON_AddNumberToObject(term, "new_weight", w->flag_weights[WEBINAR]) != NULL;
    }
    if (ok && c->more_students) {
        const char *what[] = {"more-students: job titles Student and Intern each weigh 16 (from 8 and 5; "
                              "Marketing Manager, the reference, stays at 20), so job level Student rises too; "
                              "effects unchanged"};
        const char *in[] = {"job_title", "job_level"}, *mean[] = {"job_title=(missing)", "job_level=(missing)"};
        ok = add_strings(changes, what, 1) && add_strings(inputs, in, 2) && add_strings(meaning, mean, 2);
        const int attrs[] = {TITLE, LEVEL};
        for (int k = 0; ok && k < 2; k++) {
            cJSON *s = cJSON_AddObjectToObject(shares, w->attrs[attrs[k]].column);
            ok = s != NULL && add_shares(s, "before", &base, attrs[k]) && add_shares(s, "after", w, attrs[k]);
        }
    }
    return ok;
}

static cJSON *truth_json(const ls_generate_options *o, const world *w, const ls_generate_changes *changes,
                         long converted, double expected)
{
    cJSON *t = cJSON_CreateObject();
    int ok = t != NULL;
    ok &= cJSON_AddStringToObject(
              t, "description",
              "True model of 'leadscore generate': logit(P(converted = 1)) = intercept + the effect of each "
              "attribute's level (0 for its reference level) + weight x value for each numeric column, per unit "
              "of the value as written in the CSV (per visit, per minute, per day) + weight for 'yes' in each "
              "yes/no column. Conversion is drawn from the true values before cells are blanked (missing "
              "completely at random) or written in messy case or with stray spaces (the same level after "
              "trimming and case folding). 'expected_conversion_rate' is the mean true probability of the rows "
              "written, 'conversion_rate' the share that converted.") != NULL;
    ok &= cJSON_AddNumberToObject(t, "generator_version", LS_GENERATOR_VERSION) != NULL;
    ok &= cJSON_AddNumberToObject(t, "seed", (double)o->seed) != NULL;
    ok &= cJSON_AddNumberToObject(t, "rows", (double)o->rows) != NULL;
    cJSON *columns = cJSON_AddArrayToObject(t, "columns");
    ok &= columns != NULL;
    for (size_t j = 0; ok && j < N_COLUMNS; j++) {
        cJSON *name = cJSON_CreateString(column_name(j));
        if (name == NULL || !cJSON_AddItemToArray(columns, name)) {
            cJSON_Delete(name);
            ok = 0;
        }
    }
    ok &= cJSON_AddStringToObject(t, "target", "converted") != NULL;
    ok &= cJSON_AddNumberToObject(t, "intercept", true_intercept) != NULL;
    cJSON *cat = cJSON_AddObjectToObject(t, "categorical");
    ok &= cat != NULL;
    for (int a = 0; ok && a < N_ATTRIBUTES; a++) {
        cJSON *c = cJSON_AddObjectToObject(cat, w->attrs[a].column);
        ok &= c != NULL && cJSON_AddStringToObject(c, "reference", w->attrs[a].reference) != NULL;
        cJSON *effects = ok ? cJSON_AddObjectToObject(c, "effects") : NULL;
        ok &= effects != NULL;
        for (size_t l = 0; ok && l < w->attrs[a].n; l++) {
            ok &= cJSON_AddNumberToObject(effects, w->attrs[a].levels[l].name, w->attrs[a].levels[l].weight) != NULL;
        }
    }
    cJSON *num = cJSON_AddObjectToObject(t, "numeric");
    ok &= num != NULL;
    for (int k = 0; ok && k < N_NUMERIC; k++) {
        ok &= cJSON_AddNumberToObject(num, numeric_names[k], numeric_weights[k]) != NULL;
    }
    cJSON *flags = cJSON_AddObjectToObject(t, "yes_no");
    ok &= flags != NULL;
    for (int k = 0; ok && k < N_FLAGS; k++) {
        ok &= cJSON_AddNumberToObject(flags, flag_names[k], w->flag_weights[k]) != NULL;
    }
    cJSON *missing = cJSON_AddObjectToObject(t, "missing_share");
    ok &= missing != NULL;
    for (int a = 0; ok && a < N_ATTRIBUTES; a++) {
        ok &= cJSON_AddNumberToObject(missing, attributes[a].column, ATTRIBUTE_MISSING_SHARE) != NULL;
    }
    ok &= cJSON_AddNumberToObject(missing, "time_on_site_minutes", TIME_MISSING_SHARE) != NULL;
    ok &= cJSON_AddNumberToObject(t, "messy_share", MESSY_SHARE) != NULL;
    ok &= cJSON_AddNumberToObject(t, "converted", (double)converted) != NULL;
    ok &= cJSON_AddNumberToObject(t, "conversion_rate", (double)converted / (double)o->rows) != NULL;
    ok &= cJSON_AddNumberToObject(t, "expected_conversion_rate", expected / (double)o->rows) != NULL;
    /* only for the non-default options, so that the default truth is unchanged */
    if (ok && changes != NULL && changes->days > 0) {
        char from[16], to[16];
        ls_cell_format_date(w->first_day, from);
        ls_cell_format_date(w->first_day + w->days - 1, to);
        cJSON *dates = cJSON_AddObjectToObject(t, "created_dates");
        ok = dates != NULL && cJSON_AddStringToObject(dates, "from", from) != NULL &&
             cJSON_AddStringToObject(dates, "to", to) != NULL;
    }
    if (ok && changes != NULL && (changes->new_source || changes->webinar_fades || changes->more_students)) {
        ok = drift_truth(t, w, changes);
    }
    if (!ok) {
        cJSON_Delete(t);
        return NULL;
    }
    return t;
}

int ls_generate_changes_parse(const char *drift, const char *month, ls_generate_changes *c, ls_error *err)
{
    memset(c, 0, sizeof *c);
    const char *p = drift != NULL ? drift : "";
    while (*p != '\0') {
        size_t n = strcspn(p, ",");
        if (n == 3 && strncmp(p, "all", n) == 0) {
            c->new_source = c->webinar_fades = c->more_students = 1;
        } else if (n == 10 && strncmp(p, "new-source", n) == 0) {
            c->new_source = 1;
        } else if (n == 13 && strncmp(p, "webinar-fades", n) == 0) {
            c->webinar_fades = 1;
        } else if (n == 13 && strncmp(p, "more-students", n) == 0) {
            c->more_students = 1;
        } else if (!(n == 4 && strncmp(p, "none", n) == 0)) {
            return ls_errorf(err, LS_EUSAGE, NULL, 0, 0,
                             "unknown drift '%.*s': give new-source, webinar-fades, more-students, all or none",
                             (int)n, p);
        }
        p += n + (p[n] == ',');
    }
    if (month == NULL) {
        return LS_OK;
    }
    char first[32], next[32];
    int32_t from, to;
    int y = 0, m = 0, used = 0;
    if (sscanf(month, "%4d-%2d%n", &y, &m, &used) != 2 || used != 7 || strlen(month) != 7 || m < 1 || m > 12 ||
        y < 1971 || y > 9998) {
        return ls_errorf(err, LS_EUSAGE, NULL, 0, 0, "--month takes a month as YYYY-MM, not '%s'", month);
    }
    snprintf(first, sizeof first, "%04d-%02d-01", y, m);
    snprintf(next, sizeof next, "%04d-%02d-01", m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1);
    if (ls_cell_parse_date(first, 10, &from) != 0 || ls_cell_parse_date(next, 10, &to) != 0) {
        return ls_errorf(err, LS_EUSAGE, NULL, 0, 0, "--month takes a month as YYYY-MM, not '%s'", month);
    }
    c->first_day = from;
    c->days = to - from;
    return LS_OK;
}

/* MT19937 seeds with the low 32 bits and replaces 0 by its default 4357, so
 * seed 0 would repeat seed 4357; 2^32 - 1 is above every seed we accept. */
static unsigned long mt_seed(unsigned long seed)
{
    return seed == 0 ? 0xffffffffUL : seed;
}

int ls_generate(const ls_generate_options *o, FILE *out, cJSON **truth, ls_error *err)
{
    return ls_generate_with(o, NULL, out, truth, err);
}

int ls_generate_with(const ls_generate_options *o, const ls_generate_changes *changes, FILE *out, cJSON **truth,
                     ls_error *err)
{
    if (o->rows < 1 || o->rows > LS_GENERATE_MAX_ROWS) {
        return ls_errorf(err, LS_EUSAGE, NULL, 0, 0, "rows must be from 1 to %ld, not %ld", LS_GENERATE_MAX_ROWS,
                         o->rows);
    }
    if (o->seed > LS_GENERATE_MAX_SEED) {
        return ls_errorf(err, LS_EUSAGE, NULL, 0, 0, "seed must be from 0 to %lu, not %lu", LS_GENERATE_MAX_SEED,
                         o->seed);
    }
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (rng == NULL) {
        return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    gsl_rng_set(rng, mt_seed(o->seed));
    world w;
    world_init(&w, changes);
    /* every date once, not a snprintf per row */
    char dates[DAYS][16];
    for (int d = 0; d < w.days; d++) {
        ls_cell_format_date(w.first_day + d, dates[d]);
    }
    write_header(out);
    long converted_total = 0;
    double expected_total = 0;
    row_buffer row;
    for (long i = 0; i < o->rows; i++) {
        size_t level[N_ATTRIBUTES];
        level[SOURCE] = draw_index(rng, w.attrs[SOURCE].levels, w.attrs[SOURCE].n);
        level[INDUSTRY] = draw_index(rng, industries, COUNT(industries));
        level[SIZE] = draw_index(rng, company_sizes, COUNT(company_sizes));
        level[COUNTRY] = draw_index(rng, countries, COUNT(countries));
        level[TITLE] = draw_index(rng, w.attrs[TITLE].levels, w.attrs[TITLE].n);
        level[LEVEL] = draw_weighted(rng, level_given_title[level[TITLE]], COUNT(job_levels));

        /* behaviours share a latent engagement; students engage but rarely buy */
        double e = gsl_ran_gamma(rng, 2.0, 0.75);
        unsigned int x[N_NUMERIC];
        x[VISITS] = gsl_ran_poisson(rng, 1.0 + 3.0 * e);
        x[TIME_ON_SITE] = (unsigned int)lround(10.0 * x[VISITS] * gsl_ran_gamma(rng, 2.0, 1.2)); /* tenths */
        x[PRICING] = gsl_ran_poisson(rng, 0.2 + 0.6 * e);
        x[OPENS] = gsl_ran_poisson(rng, 2.0 + 2.5 * e);
        x[CLICKS] = gsl_ran_binomial(rng, fmin(0.6, 0.1 + 0.08 * e), x[OPENS]);
        x[WHITEPAPERS] = gsl_ran_poisson(rng, 0.15 + 0.3 * e);
        x[EBOOKS] = gsl_ran_poisson(rng, 0.1 + 0.25 * e);
        x[CALLS] = gsl_ran_poisson(rng, 0.1 + 0.35 * e);
        double days = gsl_ran_exponential(rng, 60.0 / (0.5 + e));
        x[DAYS_SINCE] = days > 365 ? 365 : (unsigned int)days;
        int flag[N_FLAGS];
        flag[WEBINAR] = gsl_rng_uniform(rng) < logistic(-2.2 + 0.6 * e);
        flag[DEMO] = gsl_rng_uniform(rng) < logistic(-3.5 + 0.7 * e + 0.3 * x[PRICING]);
        flag[CONTACT] = gsl_rng_uniform(rng) < logistic(-2.8 + 0.5 * e);
        flag[TRIAL] = gsl_rng_uniform(rng) < logistic(-2.6 + 0.6 * e);
        flag[UNSUBSCRIBED] = gsl_rng_uniform(rng) < logistic(-2.2 - 0.5 * e);

        /* the truth sees the values exactly as written: minutes to 1 dp */
        double eta = true_intercept;
        for (int a = 0; a < N_ATTRIBUTES; a++) {
            eta += w.attrs[a].levels[level[a]].weight;
        }
        for (int k = 0; k < N_NUMERIC; k++) {
            eta += numeric_weights[k] * (k == TIME_ON_SITE ? x[k] / 10.0 : (double)x[k]);
        }
        for (int k = 0; k < N_FLAGS; k++) {
            eta += w.flag_weights[k] * flag[k];
        }
        double p = logistic(eta);
        expected_total += p;
        int converted = gsl_rng_uniform(rng) < p;
        converted_total += converted;

        /* now the export's imperfections, which conversion never saw */
        row.n = 0;
        put_char(&row, 'L');
        put_padded(&row, (unsigned long)i + 1, 7);
        put_char(&row, ',');
        put_text(&row, dates[gsl_rng_uniform_int(rng, (unsigned long)w.days)]);
        for (int a = 0; a < N_ATTRIBUTES; a++) {
            put_char(&row, ',');
            double u = gsl_rng_uniform(rng);
            if (u < ATTRIBUTE_MISSING_SHARE) {
                continue;
            }
            if (u < ATTRIBUTE_MISSING_SHARE + MESSY_SHARE) {
                put_messy(&row, rng, w.attrs[a].levels[level[a]].name);
            } else {
                put_text(&row, w.attrs[a].levels[level[a]].name);
            }
        }
        for (size_t k = 0; k < COUNT(behaviour_order); k++) {
            int b = behaviour_order[k];
            put_char(&row, ',');
            if (b < 0) {
                put_text(&row, flag[-1 - b] ? "yes" : "no");
            } else if (b == TIME_ON_SITE) {
                if (gsl_rng_uniform(rng) >= TIME_MISSING_SHARE) {
                    put_tenths(&row, x[TIME_ON_SITE]);
                }
            } else {
                put_uint(&row, x[b]);
            }
        }
        put_char(&row, ',');
        put_char(&row, converted ? '1' : '0');
        put_char(&row, '\n');
        fwrite(row.buf, 1, row.n, out);
        if ((i + 1) % 100000 == 0) {
            /* a full disk should stop a billion-row run early, not at its end */
            if (ferror(out)) {
                break;
            }
            if (o->progress != NULL) {
                o->progress(o->progress_ctx, i + 1);
            }
        }
    }
    gsl_rng_free(rng);
    if (ferror(out)) {
        int e = errno;
        return ls_errorf(err, LS_EIO, NULL, 0, 0, "cannot write the leads: %s", e != 0 ? strerror(e) : "write error");
    }
    if (truth != NULL) {
        *truth = truth_json(o, &w, changes, converted_total, expected_total);
        if (*truth == NULL) {
            return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
        }
    }
    return LS_OK;
}
