/* export_points.c: the model as integer points a marketing tool can hold.
 *
 * Points are the model's logit parts on a linear scale, rounded: with
 * score = A + B * logit, the base gets round(A + B * intercept), a level
 * round(B * weight), a missing cell round(B * its part) and a value range of
 * a numeric input round(B * weight * the mean of the data's values in that
 * range). Ranges are quantile bins of options->data, because the model keeps
 * per-term means but no quantiles. The scale is either the credit-scoring
 * one (B = pdo / ln 2, A = base_score - B ln base_odds) or, by default, the
 * one that makes the data's leads span 0-100. Levels folded at training get
 * the points of "(other)"; levels never seen get none, as the reference.
 *
 * What rounding and binning cost is measured, never assumed: the points
 * are written as a leadscore rule set, parsed back with ls_rules_parse and
 * scored on options->data by the rule-set scorer, against the model's
 * logit computed by export.h's formula (the scorer's, bit for bit). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "leadscore/cell.h"
#include "leadscore/csv.h"
#include "leadscore/export.h"
#include "leadscore/levels.h"
#include "leadscore/rules.h"
#include "leadscore/target.h"

typedef struct {
    double lo, hi;  /* [lo, hi); -HUGE_VAL / HUGE_VAL at the ends */
    double mean;
    long points;
} range;

typedef struct {
    size_t column;  /* in the data */
    range *ranges;  /* numeric */
    size_t n_ranges;
    double *values; /* numeric: the data's numbers, then sorted */
    size_t n_values, cap;
} input_points;

typedef struct {
    ls_export_spec *spec;
    input_points *in;
    double *logit;
    unsigned char *y;
    size_t n, cap;
    long target;    /* data column, -1 */
    double a, b;    /* score = a + b * logit */
    long base;
    ls_bands bands; /* the model's bands moved to the points scale */
} points;

static int nomem(ls_error *err)
{
    return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
}

static void points_free(points *p)
{
    for (size_t i = 0; p->spec != NULL && i < p->spec->n_inputs; i++) {
        free(p->in[i].ranges);
        free(p->in[i].values);
    }
    free(p->in);
    free(p->logit);
    free(p->y);
    ls_export_spec_free(p->spec);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The cell's number by the scorer's rule, or an LS_EPARSE naming it. */
static int cell_number(const ls_csv_reader *r, size_t col, const char *name, double *x, ls_error *err)
{
    const char *t;
    size_t n = ls_trim(ls_csv_field(r, col), ls_csv_field_length(r, col), &t);
    if (ls_cell_parse_number(t, n, x) != LS_CELL_NUMBER) {
        return ls_errorf(err, LS_EPARSE, ls_csv_path(r), ls_csv_line(r), (long)col + 1,
                         "column '%s': expected a number, got '%.*s'", name, (int)n, t);
    }
    return LS_OK;
}

/* The lead's logit by export.h's formula; numeric values are kept. */
static int read_lead(points *p, const ls_csv_reader *r, double *logit, ls_error *err)
{
    const ls_export_spec *s = p->spec;
    double eta = s->intercept;
    for (size_t i = 0; i < s->n_inputs; i++) {
        const ls_export_input *in = &s->inputs[i];
        input_points *ip = &p->in[i];
        const char *cell = ls_csv_field(r, ip->column);
        size_t len = ls_csv_field_length(r, ip->column);
        double part;
        if (in->kind == LS_EXPORT_CATEGORICAL) {
            long l = ls_export_cell_level(s, in, cell, len);
            if (l < 0) {
                return nomem(err);
            }
            part = in->levels[l].weight;
        } else if (ls_export_cell_is_missing(s, cell, len)) {
            part = in->value_weight * in->impute;
            if (in->missing_term >= 0) {
                part = part + in->missing_weight;
            }
        } else {
            double x;
            int status = cell_number(r, ip->column, in->name, &x, err);
            if (status != LS_OK) {
                return status;
            }
            if (ip->n_values == ip->cap) {
                size_t cap = ip->cap ? 2 * ip->cap : 1024;
                double *v = realloc(ip->values, cap * sizeof *v);
                if (v == NULL) {
                    return nomem(err);
                }
                ip->values = v;
                ip->cap = cap;
            }
            ip->values[ip->n_values++] = x;
            part = in->value_weight * x;
        }
        eta = eta + part;
    }
    *logit = eta;
    return LS_OK;
}

static int bind_columns(points *p, const ls_csv_reader *r, const char *target, ls_error *err)
{
    for (size_t i = 0; i < p->spec->n_inputs; i++) {
        long c = ls_csv_find_column(r, p->spec->inputs[i].name);
        if (c < 0) {
            return ls_errorf(err, LS_EDATA, ls_csv_path(r), 1, 0, "the model's column '%s' is not in the data",
                             p->spec->inputs[i].name);
        }
        p->in[i].column = (size_t)c;
    }
    p->target = target != NULL ? ls_csv_find_column(r, target) : -1;
    return LS_OK;
}

/* First pass: logits, outcomes and the numeric inputs' values. */
static int read_data(points *p, const ls_export_options *o, ls_error *err)
{
    ls_csv_reader *r = NULL;
    ls_csv_options co = {0, 0}; /* the delimiter is detected */
    int status = ls_csv_open(o->data, &co, &r, err);
    if (status != LS_OK) {
        return status;
    }
    const char *target = o->target != NULL ? o->target : p->spec->model->target;
    status = bind_columns(p, r, target, err);
    int more;
    while (status == LS_OK && (more = ls_csv_next(r, err)) != 0) {
        if (more < 0) {
            status = -more;
            break;
        }
        if (p->n == p->cap) {
            size_t cap = p->cap ? 2 * p->cap : 4096;
            double *l = realloc(p->logit, cap * sizeof *l);
            if (l != NULL) {
                p->logit = l;
            }
            unsigned char *y = realloc(p->y, cap);
            if (y != NULL) {
                p->y = y;
            }
            if (l == NULL || y == NULL) {
                status = nomem(err);
                break;
            }
            p->cap = cap;
        }
        status = read_lead(p, r, &p->logit[p->n], err);
        int yv = 0;
        if (status == LS_OK && p->target >= 0 &&
            ls_target_parse(ls_csv_field(r, (size_t)p->target), ls_csv_field_length(r, (size_t)p->target), &yv) != 0) {
            status = ls_errorf(err, LS_EPARSE, o->data, ls_csv_line(r), p->target + 1,
                               "target '%s': not a binary outcome", target);
        }
        p->y[p->n++] = (unsigned char)yv;
    }
    ls_csv_close(r);
    if (status == LS_OK && p->n == 0) {
        status = ls_errorf(err, LS_EDATA, o->data, 0, 0, "no leads to compute points from");
    }
    return status;
}

/* Quantile ranges of a numeric input and the mean of each. */
static int make_ranges(input_points *ip, size_t k, ls_error *err)
{
    ip->ranges = calloc(k + 1, sizeof *ip->ranges);
    if (ip->ranges == NULL) {
        return nomem(err);
    }
    size_t n = ip->n_values;
    qsort(ip->values, n, sizeof *ip->values, cmp_double);
    double lo = -HUGE_VAL;
    size_t m = 0;
    for (size_t q = 1; q <= k; q++) {
        double hi = q < k && n > 0 ? ip->values[q * n / k] : HUGE_VAL;
        if (hi <= lo) {
            continue; /* a value so frequent that two quantiles are equal */
        }
        ip->ranges[m].lo = lo;
        ip->ranges[m].hi = hi;
        m++;
        lo = hi;
    }
    ip->n_ranges = m;
    for (size_t j = 0, v = 0; j < m; j++) {
        double sum = 0.0;
        size_t c = 0;
        for (; v < n && ip->values[v] < ip->ranges[j].hi; v++, c++) {
            sum += ip->values[v];
        }
        /* an empty range (no data there) takes its finite end */
        ip->ranges[j].mean = c > 0                         ? sum / (double)c
                             : isfinite(ip->ranges[j].lo) ? ip->ranges[j].lo
                             : isfinite(ip->ranges[j].hi) ? ip->ranges[j].hi
                                                          : 0.0;
    }
    return LS_OK;
}

static long pts(const points *p, double part)
{
    return lround(p->b * part);
}

static int build(const ls_model *model, const ls_export_options *o, points *p, ls_error *err)
{
    memset(p, 0, sizeof *p);
    if (o->data == NULL) {
        return ls_errorf(err, LS_EUSAGE, NULL, 0, 0,
                         "points need leads: the model keeps no quantiles of its numeric inputs, so give --data FILE "
                         "(e.g. the training data) to compute the value ranges and the scale");
    }
    if (o->bins < 2) {
        return ls_errorf(err, LS_EUSAGE, NULL, 0, 0, "--bins must be at least 2");
    }
    int status = ls_export_spec_build(model, &p->spec, err);
    if (status != LS_OK) {
        return status;
    }
    p->in = calloc(p->spec->n_inputs + 1, sizeof *p->in);
    if (p->in == NULL) {
        return nomem(err);
    }
    status = read_data(p, o, err);
    for (size_t i = 0; status == LS_OK && i < p->spec->n_inputs; i++) {
        if (p->spec->inputs[i].kind == LS_EXPORT_NUMERIC) {
            status = make_ranges(&p->in[i], o->bins, err);
        }
    }
    if (status != LS_OK) {
        return status;
    }
    if (o->use_pdo) {
        p->b = o->pdo / log(2.0);
        p->a = o->base_score - p->b * log(o->base_odds);
    } else {
        double lo = p->logit[0], hi = p->logit[0];
        for (size_t k = 1; k < p->n; k++) {
            lo = fmin(lo, p->logit[k]);
            hi = fmax(hi, p->logit[k]);
        }
        p->b = hi > lo ? 100.0 / (hi - lo) : 1.0;
        p->a = -p->b * lo;
    }
    p->base = lround(p->a + p->b * p->spec->intercept);
    /* The model's score s = round(100 probability) is not linear in the
     * logit: each band's start moves to the points where the model's score
     * reaches it (logit of (s - 0.5) / 100), so that the rule set's bands
     * hold the leads the model's bands hold, but for rounding. */
    p->bands = p->spec->bands;
    for (size_t k = 1; !o->use_pdo && k < p->bands.n; k++) {
        double q = (p->bands.band[k].min_score - 0.5) / 100.0;
        long t = (long)ceil(p->a + p->b * log(q / (1.0 - q)));
        long lo = p->bands.band[k - 1].min_score + 1, hi = 100 - (long)(p->bands.n - 1 - k);
        p->bands.band[k].min_score = (int)(t < lo ? lo : t > hi ? hi : t);
        p->bands.band[k - 1].max_score = p->bands.band[k].min_score - 1;
    }
    for (size_t i = 0; i < p->spec->n_inputs; i++) {
        const ls_export_input *in = &p->spec->inputs[i];
        for (size_t j = 0; in->kind == LS_EXPORT_NUMERIC && j < p->in[i].n_ranges; j++) {
            p->in[i].ranges[j].points = pts(p, in->value_weight * p->in[i].ranges[j].mean);
        }
    }
    return LS_OK;
}

/* ---- one walk over the rows, for both the table and the rule set ---- */

typedef enum { ROW_BASE, ROW_LEVEL, ROW_FOLDED, ROW_MISSING, ROW_RANGE } row_kind;

typedef struct {
    row_kind kind;
    const ls_export_input *in; /* NULL for the base */
    const char *level;         /* ROW_LEVEL / ROW_FOLDED: the display */
    const range *r;            /* ROW_RANGE */
    long points;
    double part;               /* the logit part the points stand for */
} row;

typedef void (*row_fn)(const row *rw, void *ctx);

static void walk(const points *p, row_fn fn, void *ctx)
{
    row base = {ROW_BASE, NULL, NULL, NULL, p->base, p->spec->intercept};
    fn(&base, ctx);
    for (size_t i = 0; i < p->spec->n_inputs; i++) {
        const ls_export_input *in = &p->spec->inputs[i];
        if (in->kind == LS_EXPORT_NUMERIC) {
            double miss = in->value_weight * in->impute + in->missing_weight;
            row m = {ROW_MISSING, in, NULL, NULL, pts(p, miss), miss};
            fn(&m, ctx);
            for (size_t j = 0; j < p->in[i].n_ranges; j++) {
                const range *r = &p->in[i].ranges[j];
                row rr = {ROW_RANGE, in, NULL, r, r->points, in->value_weight * r->mean};
                fn(&rr, ctx);
            }
            continue;
        }
        double mw = in->levels[in->missing_level].weight;
        row m = {ROW_MISSING, in, NULL, NULL, pts(p, mw), mw};
        fn(&m, ctx);
        for (size_t l = 0; l < in->n_levels; l++) {
            if (in->levels[l].role == LS_EXPORT_LEVEL_CELL) {
                row lv = {ROW_LEVEL, in, in->levels[l].display, NULL, pts(p, in->levels[l].weight),
                          in->levels[l].weight};
                fn(&lv, ctx);
            }
        }
        for (size_t f = 0; f < in->n_folded; f++) {
            if (in->folded[f].key[0] != '\001') {
                double w = in->levels[in->folded[f].level].weight;
                row fr = {ROW_FOLDED, in, in->folded[f].display, NULL, pts(p, w), w};
                fn(&fr, ctx);
            }
        }
    }
}

/* "x < 4", "4 <= x < 9", "x >= 9" */
static void range_text(const row *rw, char *buf, size_t size)
{
    const range *r = rw->r;
    if (!isfinite(r->lo) && !isfinite(r->hi)) {
        snprintf(buf, size, "any number");
    } else if (!isfinite(r->lo)) {
        snprintf(buf, size, "< %.15g", r->hi);
    } else if (!isfinite(r->hi)) {
        snprintf(buf, size, ">= %.15g", r->lo);
    } else {
        snprintf(buf, size, ">= %.15g and < %.15g", r->lo, r->hi);
    }
}

static void put_field(FILE *fp, const char *s)
{
    ls_csv_write_field(fp, s, strlen(s));
}

static void table_row(const row *rw, void *ctx)
{
    FILE *fp = ctx;
    char cond[160], meaning[600];
    const char *column = rw->in != NULL ? rw->in->name : "(base)";
    switch (rw->kind) {
    case ROW_BASE:
        snprintf(cond, sizeof cond, "always");
        snprintf(meaning, sizeof meaning, "every lead starts with these points");
        break;
    case ROW_MISSING:
        snprintf(cond, sizeof cond, "missing");
        snprintf(meaning, sizeof meaning, "the cell is empty or a placeholder");
        break;
    case ROW_LEVEL:
    case ROW_FOLDED:
        snprintf(cond, sizeof cond, "= %.150s", rw->level);
        snprintf(meaning, sizeof meaning, "%s, in any case and spacing%s", rw->level,
                 rw->kind == ROW_FOLDED ? " (rare in training: scored as (other))" : "");
        break;
    case ROW_RANGE:
        range_text(rw, cond, sizeof cond);
        snprintf(meaning, sizeof meaning, "%s %s (points for the range's mean, %.6g)", rw->in->name, cond,
                 rw->r->mean);
        break;
    }
    put_field(fp, column);
    fputc(',', fp);
    put_field(fp, cond);
    fprintf(fp, ",%ld,", rw->points);
    put_field(fp, meaning);
    fprintf(fp, ",%.17g\n", rw->part);
}

/* ---- the rule set ---- */

static cJSON *cond_column(const char *column)
{
    cJSON *c = cJSON_CreateObject();
    cJSON_AddStringToObject(c, "column", column);
    return c;
}

static void rule_row(const row *rw, void *ctx)
{
    cJSON *rules = ctx;
    if (rw->points == 0 && rw->kind != ROW_BASE) {
        return; /* a rule that never adds anything */
    }
    cJSON *rule = cJSON_CreateObject();
    char label[700], cond[160];
    cJSON *when = NULL;
    switch (rw->kind) {
    case ROW_BASE:
        snprintf(label, sizeof label, "Base points");
        break;
    case ROW_MISSING:
        snprintf(label, sizeof label, "%s missing", rw->in->name);
        when = cond_column(rw->in->name);
        cJSON_AddBoolToObject(when, "missing", 1);
        break;
    case ROW_LEVEL:
    case ROW_FOLDED:
        snprintf(label, sizeof label, "%s = %s", rw->in->name, rw->level);
        when = cond_column(rw->in->name);
        cJSON_AddStringToObject(when, "equals", rw->level);
        break;
    case ROW_RANGE:
        range_text(rw, cond, sizeof cond);
        snprintf(label, sizeof label, "%s %s", rw->in->name, cond);
        if (isfinite(rw->r->lo) && isfinite(rw->r->hi)) {
            cJSON *lo = cond_column(rw->in->name), *hi = cond_column(rw->in->name);
            cJSON_AddNumberToObject(lo, "at_least", rw->r->lo);
            cJSON_AddNumberToObject(hi, "less_than", rw->r->hi);
            when = cJSON_CreateObject();
            cJSON *all = cJSON_AddArrayToObject(when, "all");
            cJSON_AddItemToArray(all, lo);
            cJSON_AddItemToArray(all, hi);
        } else {
            when = cond_column(rw->in->name);
            if (isfinite(rw->r->lo)) {
                cJSON_AddNumberToObject(when, "at_least", rw->r->lo);
            } else if (isfinite(rw->r->hi)) {
                cJSON_AddNumberToObject(when, "less_than", rw->r->hi);
            } else {
                cJSON_AddBoolToObject(when, "missing", 0);
            }
        }
        break;
    }
    cJSON_AddStringToObject(rule, "label", label);
    if (when != NULL) {
        cJSON_AddItemToObject(rule, "when", when);
    }
    cJSON_AddNumberToObject(rule, "points", (double)rw->points);
    cJSON_AddItemToArray(rules, rule);
}

static char *rules_text(const points *p, int use_pdo, ls_error *err)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "format", LS_RULES_FORMAT);
    cJSON_AddNumberToObject(doc, "version", LS_RULES_VERSION);
    cJSON_AddStringToObject(doc, "name", "points from a leadscore model");
    char bands[LS_BANDS_MAX * (LS_BAND_NAME_MAX + 8)];
    ls_bands_format(&p->bands, bands, sizeof bands);
    cJSON_AddStringToObject(doc, "bands", bands);
    (void)use_pdo; /* on the pdo scale the rule set is not written out */
    cJSON_AddNumberToObject(doc, "max_score", 100);
    cJSON *na = cJSON_AddArrayToObject(doc, "na");
    for (size_t k = 0; k < p->spec->n_na; k++) {
        cJSON_AddItemToArray(na, cJSON_CreateString(p->spec->na_values[k]));
    }
    /* points = a + b logit, so logit = (points - a) / b */
    cJSON *cal = cJSON_AddObjectToObject(doc, "calibration");
    cJSON_AddNumberToObject(cal, "intercept", -p->a / p->b);
    cJSON_AddNumberToObject(cal, "slope", 1.0 / p->b);
    walk(p, rule_row, cJSON_AddArrayToObject(doc, "rules"));
    char *text = cJSON_Print(doc);
    cJSON_Delete(doc);
    if (text == NULL) {
        nomem(err);
    }
    return text;
}

/* ---- fidelity ---- */

/* Average ranks (ties share their mean rank), 1-based. */
static int ranks(const double *v, size_t n, double *out)
{
    /* (value, index) pairs sorted by value: qsort compares the first double */
    double *pairs = malloc((n ? n : 1) * 2 * sizeof *pairs);
    if (pairs == NULL) {
        return -1;
    }
    for (size_t k = 0; k < n; k++) {
        pairs[2 * k] = v[k];
        pairs[2 * k + 1] = (double)k;
    }
    qsort(pairs, n, 2 * sizeof *pairs, cmp_double);
    for (size_t k = 0; k < n;) {
        size_t e = k;
        while (e + 1 < n && pairs[2 * (e + 1)] == pairs[2 * k]) {
            e++;
        }
        double r = (double)(k + e) / 2.0 + 1.0;
        for (size_t j = k; j <= e; j++) {
            out[(size_t)pairs[2 * j + 1]] = r;
        }
        k = e + 1;
    }
    free(pairs);
    return 0;
}

/* AUC by the rank-sum (Mann-Whitney) formula, ties counting one half. */
static double auc(const double *rank, const unsigned char *y, size_t n)
{
    double sum = 0.0, pos = 0.0;
    for (size_t k = 0; k < n; k++) {
        if (y[k]) {
            sum += rank[k];
            pos += 1.0;
        }
    }
    double neg = (double)n - pos;
    return pos > 0 && neg > 0 ? (sum - pos * (pos + 1) / 2.0) / (pos * neg) : NAN;
}

static double pearson(const double *a, const double *b, size_t n)
{
    double ma = 0, mb = 0, sab = 0, saa = 0, sbb = 0;
    for (size_t k = 0; k < n; k++) {
        ma += a[k];
        mb += b[k];
    }
    ma /= (double)n;
    mb /= (double)n;
    for (size_t k = 0; k < n; k++) {
        sab += (a[k] - ma) * (b[k] - mb);
        saa += (a[k] - ma) * (a[k] - ma);
        sbb += (b[k] - mb) * (b[k] - mb);
    }
    return sab / sqrt(saa * sbb);
}

/* Scores the data with the rule set parsed back from text. */
static int fidelity(const points *p, const char *text, const ls_export_options *o, ls_error *err)
{
    ls_rules *rules = NULL;
    int status = ls_rules_parse(text, strlen(text), "(exported rule set)", &rules, err);
    if (status != LS_OK) {
        return status;
    }
    ls_csv_reader *r = NULL;
    ls_csv_options co = {0, 0}; /* the delimiter is detected */
    double *total = malloc(p->n * sizeof *total);
    double *r1 = malloc(p->n * sizeof *r1), *r2 = malloc(p->n * sizeof *r2);
    const char **cells = NULL;
    size_t *lens = NULL;
    if (total == NULL || r1 == NULL || r2 == NULL) {
        status = nomem(err);
    }
    if (status == LS_OK) {
        status = ls_csv_open(o->data, &co, &r, err);
    }
    if (status == LS_OK) {
        size_t nc = ls_csv_n_columns(r);
        const char **names = malloc(nc * sizeof *names);
        cells = malloc(nc * sizeof *cells);
        lens = malloc(nc * sizeof *lens);
        if (names == NULL || cells == NULL || lens == NULL) {
            status = nomem(err);
        }
        for (size_t c = 0; status == LS_OK && c < nc; c++) {
            names[c] = ls_csv_column_name(r, c);
        }
        if (status == LS_OK) {
            status = ls_rules_bind(rules, names, nc, err);
        }
        free(names);
        size_t k = 0;
        int more = 0;
        while (status == LS_OK && k < p->n && (more = ls_csv_next(r, err)) > 0) {
            for (size_t c = 0; c < nc; c++) {
                cells[c] = ls_csv_field(r, c);
                lens[c] = ls_csv_field_length(r, c);
            }
            ls_rules_score s;
            if ((status = ls_rules_score_cells(rules, cells, lens, &s, err)) != LS_OK) {
                break;
            }
            /* on the pdo scale the total is not clamped to 0-100: add the
             * rules' contributions (no groups, caps or decay here) */
            double sum = 0.0;
            for (size_t q = 0; o->use_pdo && q < ls_rules_count(rules); q++) {
                sum += ls_rules_contribution(rules, q);
            }
            total[k++] = o->use_pdo ? sum : (double)s.score;
        }
        /* the second read must see the leads of the first, all of them */
        if (status == LS_OK && more < 0) {
            status = (int)err->code;
        } else if (status == LS_OK && k < p->n) {
            status = ls_errorf(err, LS_EDATA, ls_csv_path(r), 0, 0,
                               "the file changed while it was read twice (%zu leads, then %zu)", p->n, k);
        }
    }
    ls_points_fidelity *f = o->fidelity;
    if (status == LS_OK) {
        memset(f, 0, sizeof *f);
        f->leads = p->n;
        size_t changed = 0;
        for (size_t k = 0; k < p->n; k++) {
            int model_score = ls_probability_score(ls_logistic(p->logit[k]));
            if (!o->use_pdo) {
                int ps = (int)total[k];
                changed += ls_bands_find(&p->bands, ps) != ls_bands_find(&p->spec->bands, model_score);
            }
        }
        f->has_bands = !o->use_pdo;
        f->band_changed = (double)changed / (double)p->n;
        if (ranks(total, p->n, r1) != 0 || ranks(p->logit, p->n, r2) != 0) {
            status = nomem(err);
        } else {
            f->spearman = pearson(r1, r2, p->n);
            f->has_target = p->target >= 0;
            if (f->has_target) {
                f->auc_points = auc(r1, p->y, p->n);
                f->auc_model = auc(r2, p->y, p->n);
            }
        }
    }
    ls_csv_close(r);
    ls_rules_free(rules);
    free(cells);
    free(lens);
    free(total);
    free(r1);
    free(r2);
    return status;
}

static int export_points(const ls_model *model, const ls_export_options *o, FILE *fp, int as_rules, ls_error *err)
{
    if (as_rules && o->use_pdo) {
        return ls_errorf(err, LS_EUSAGE, NULL, 0, 0,
                         "a rule set scores 0-100: use --scale 0-100 (the default) with --format rules");
    }
    points p;
    int status = build(model, o, &p, err);
    char *text = status == LS_OK ? rules_text(&p, o->use_pdo, err) : NULL;
    if (status == LS_OK && text == NULL) {
        status = LS_ENOMEM;
    }
    if (status == LS_OK && o->fidelity != NULL) {
        status = fidelity(&p, text, o, err);
    }
    if (status == LS_OK) {
        if (as_rules) {
            fputs(text, fp);
            fputc('\n', fp);
        } else {
            fputs("column,condition,points,meaning,logit_part\n", fp);
            walk(&p, table_row, fp);
        }
    }
    free(text);
    points_free(&p);
    return status;
}

int ls_export_points(const ls_model *model, const ls_export_options *o, FILE *fp, ls_error *err)
{
    return export_points(model, o, fp, 0, err);
}

int ls_export_points_rules(const ls_model *model, const ls_export_options *o, FILE *fp, ls_error *err)
{
    return export_points(model, o, fp, 1, err);
}
