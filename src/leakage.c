/* leakage.c: columns that give the outcome away, and data too thin for its
 * terms (see leakage.h). Counting only: one pass per column over the encoded
 * dataset, a sort for numeric columns. */
#include "leadscore/leakage.h"

#include <gsl/gsl_sort_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void ls_leakage_options_init(ls_leakage_options *o)
{
    o->max_auc = 0.95;
    o->purity = 0.97;
    o->min_odds_ratio = 10.0;
    o->min_pure_share = 0.05;
}

/* The AUC of "a higher value converts" from the values of the converted
 * leads and of the others, each sorted: Mann-Whitney's count of the pairs a
 * converted lead wins, ties half, taken one distinct value at a time in
 * ascending order. */
static double sorted_auc(const double *pos, size_t n_pos, const double *neg, size_t n_neg)
{
    if (n_pos == 0 || n_neg == 0) {
        return 0.5;
    }
    double below = 0, wins = 0;
    size_t i = 0, j = 0;
    while (i < n_pos || j < n_neg) {
        double v = j == n_neg || (i < n_pos && pos[i] < neg[j]) ? pos[i] : neg[j];
        double p = 0, q = 0;
        for (; i < n_pos && pos[i] == v; i++) {
            p += 1;
        }
        for (; j < n_neg && neg[j] == v; j++) {
            q += 1;
        }
        wins += p * below + 0.5 * p * q;
        below += q;
    }
    return wins / ((double)n_pos * (double)n_neg);
}

/* Whole numbers spanning fewer than this many values are counted rather
 * than sorted (counted_auc). */
#define COUNTED_SPAN 4096

/* sorted_auc() of unsorted values that are whole numbers of a short span
 * (visits, e-mails: most numeric columns of lead data), from the number of
 * converted and other leads at each value: the same sum in the same order
 * (distinct values ascending), in one pass where sorting takes many. 0 when
 * the values are anything else (or a class is empty): then sort. */
static int counted_auc(const double *pos, size_t n_pos, const double *neg, size_t n_neg, double *auc)
{
    double min = INFINITY, max = -INFINITY;
    for (size_t i = 0; i < n_pos; i++) {
        min = pos[i] < min ? pos[i] : min;
        max = pos[i] > max ? pos[i] : max;
    }
    for (size_t i = 0; i < n_neg; i++) {
        min = neg[i] < min ? neg[i] : min;
        max = neg[i] > max ? neg[i] : max;
    }
    /* within 2^52 of 0 every whole number, and every difference of two, is
     * exact in a double and in a long long */
    if (n_pos == 0 || n_neg == 0 || !(max - min < COUNTED_SPAN) || !(fabs(min) < 0x1p52) ||
        (double)(long long)min != min) {
        return 0;
    }
    size_t *count = calloc(2 * COUNTED_SPAN, sizeof *count); /* [2v]: converted at min + v, [2v + 1]: not */
    if (count == NULL) {
        return 0;
    }
    long long lowest = (long long)min;
    int whole = 1;
    for (size_t i = 0; whole && i < n_pos + n_neg; i++) {
        double x = i < n_pos ? pos[i] : neg[i - n_pos];
        long long w = (long long)x;
        whole = (double)w == x;
        count[2 * (size_t)(w - lowest) + (i >= n_pos)] += (size_t)whole;
    }
    if (whole) {
        double below = 0, wins = 0;
        for (size_t v = 0; v <= (size_t)(max - min); v++) {
            if (count[2 * v] == 0 && count[2 * v + 1] == 0) {
                continue; /* not a value of the column */
            }
            double p = (double)count[2 * v], q = (double)count[2 * v + 1];
            wins += p * below + 0.5 * p * q;
            below += q;
        }
        *auc = wins / ((double)n_pos * (double)n_neg);
    }
    free(count);
    return whole;
}

static int numeric_auc(const ls_dataset *ds, const ls_column *c, ls_leakage_column *out)
{
    size_t step = (ds->n_rows + LS_LEAKAGE_MAX_ROWS - 1) / LS_LEAKAGE_MAX_ROWS;
    step = step ? step : 1;
    /* converted leads from the front, the others from the back: two plain
     * arrays of doubles sort faster than (value, outcome) pairs */
    size_t n = ds->n_rows / step + 1, n_pos = 0, n_neg = 0;
    double *v = malloc(n * sizeof *v);
    if (v == NULL) {
        return -1;
    }
    for (size_t i = 0; i < ds->n_rows; i += step) {
        double x = isnan(c->values[i]) ? c->median : c->values[i];
        if (ds->y[i]) {
            v[n_pos++] = x;
        } else {
            v[n - 1 - n_neg++] = x;
        }
    }
    double *neg = v + n - n_neg;
    double auc;
    if (!counted_auc(v, n_pos, neg, n_neg, &auc)) {
        gsl_sort(v, 1, n_pos);
        gsl_sort(neg, 1, n_neg);
        auc = sorted_auc(v, n_pos, neg, n_neg);
    }
    free(v);
    out->higher_converts = auc >= 0.5;
    out->auc = auc >= 0.5 ? auc : 1 - auc;
    return 0;
}

typedef struct {
    double rate;
    size_t pos, neg;
} level_rate;

static int by_rate(const void *a, const void *b)
{
    double x = ((const level_rate *)a)->rate, y = ((const level_rate *)b)->rate;
    return (x > y) - (x < y);
}

static int categorical_scan(const ls_dataset *ds, const ls_column *c, const ls_leakage_options *o,
                            ls_leakage_column *out)
{
    size_t n_levels = ls_levels_count(c->levels);
    size_t *conv = calloc(n_levels ? n_levels : 1, sizeof *conv);
    size_t *leads = calloc(n_levels ? n_levels : 1, sizeof *leads);
    level_rate *r = malloc((n_levels ? n_levels : 1) * sizeof *r);
    if (conv == NULL || leads == NULL || r == NULL) {
        free(conv);
        free(leads);
        free(r);
        return -1;
    }
    for (size_t i = 0; i < ds->n_rows; i++) {
        conv[c->codes[i]] += ds->y[i];
        leads[c->codes[i]]++;
    }
    double pos = (double)ds->positives, neg = (double)(ds->n_rows - ds->positives);
    size_t m = 0;
    for (size_t l = 0; l < n_levels; l++) {
        if (leads[l] == 0) {
            continue;
        }
        double p = (double)conv[l], q = (double)(leads[l] - conv[l]);
        r[m++] = (level_rate){p / (p + q), conv[l], leads[l] - conv[l]};
        /* near-pure: mostly one class, and far likelier that class than
         * leads in general (odds with half a lead added to each cell) */
        int pure_yes = p / (p + q) >= o->purity && ((p + 0.5) / (q + 0.5)) / (pos / neg) >= o->min_odds_ratio;
        int pure_no = q / (p + q) >= o->purity && ((q + 0.5) / (p + 0.5)) / (neg / pos) >= o->min_odds_ratio;
        if (pure_yes || pure_no) {
            out->pure_leads += leads[l];
            if (out->top_level < 0 || leads[l] > out->top_level_leads) {
                out->top_level = (long)l;
                out->top_level_leads = leads[l];
                out->top_level_rate = p / (p + q);
            }
        }
    }
    /* each lead scored by its level's rate: the AUC of that lookup table */
    qsort(r, m, sizeof *r, by_rate);
    double below = 0, wins = 0;
    for (size_t k = 0; k < m;) {
        size_t j = k;
        double p = 0, q = 0;
        while (j < m && r[j].rate == r[k].rate) {
            p += (double)r[j].pos;
            q += (double)r[j].neg;
            j++;
        }
        wins += p * below + 0.5 * p * q;
        below += q;
        k = j;
    }
    out->auc = pos > 0 && neg > 0 ? wins / (pos * neg) : 0.5;
    out->higher_converts = 1;
    out->pure_share = ds->n_rows ? (double)out->pure_leads / (double)ds->n_rows : 0;
    free(conv);
    free(leads);
    free(r);
    return 0;
}

int ls_leakage_scan(const ls_dataset *ds, const ls_leakage_options *o, ls_leakage_column **out, size_t *n,
                    ls_error *err)
{
    if (ds->target < 0 || ds->y == NULL) {
        return ls_errorf(err, LS_EUSAGE, NULL, 0, 0, "a leakage scan needs a target column");
    }
    ls_leakage_options defaults;
    if (o == NULL) {
        ls_leakage_options_init(&defaults);
        o = &defaults;
    }
    ls_leakage_column *cols = calloc(ds->n_columns ? ds->n_columns : 1, sizeof *cols);
    if (cols == NULL) {
        return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    size_t k = 0;
    for (size_t j = 0; j < ds->n_columns; j++) {
        const ls_column *c = &ds->columns[j];
        if (c->type != LS_COL_NUMERIC && c->type != LS_COL_CATEGORICAL) {
            continue;
        }
        ls_leakage_column *lc = &cols[k++];
        lc->column = j;
        lc->top_level = -1;
        lc->top_level_rate = NAN;
        int failed = c->type == LS_COL_NUMERIC ? numeric_auc(ds, c, lc) : categorical_scan(ds, c, o, lc);
        if (failed) {
            free(cols);
            return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
        }
        lc->flags = (lc->auc > o->max_auc ? LS_LEAK_AUC : 0u) |
                    (lc->pure_leads > 0 && lc->pure_share >= o->min_pure_share ? LS_LEAK_PURE_LEVELS : 0u);
    }
    *out = cols;
    *n = k;
    return LS_OK;
}

/* Conversions and leads per level (categorical) or per missing/present
 * (numeric: [0] present, [1] missing) over the chosen rows. */
static void count_column(const ls_dataset *ds, const ls_column *c, const unsigned char *rows, size_t *conv,
                        size_t *leads)
{
    for (size_t i = 0; i < ds->n_rows; i++) {
        if (rows != NULL && !rows[i]) {
            continue;
        }
        size_t slot = c->type == LS_COL_CATEGORICAL ? c->codes[i] : (size_t)isnan(c->values[i]);
        conv[slot] += ds->y[i];
        leads[slot]++;
    }
}

int ls_support_check(const ls_dataset *ds, const ls_model *m, const unsigned char *rows, ls_support *out,
                     ls_error *err)
{
    memset(out, 0, sizeof *out);
    if (ds->target < 0 || ds->y == NULL) {
        return ls_errorf(err, LS_EUSAGE, NULL, 0, 0, "a support check needs a target column");
    }
    size_t pos = 0;
    for (size_t i = 0; i < ds->n_rows; i++) {
        if (rows == NULL || rows[i]) {
            out->rows++;
            pos += ds->y[i];
        }
    }
    out->events_converted = pos <= out->rows - pos;
    out->events = out->events_converted ? pos : out->rows - pos;
    size_t *conv = NULL, *leads = NULL;
    long counted = -1; /* the input whose counts conv and leads hold */
    int status = LS_OK;
    for (size_t t = 0; t < m->n_terms && status == LS_OK; t++) {
        const ls_term *term = &m->terms[t];
        if (term->kind == LS_TERM_INTERCEPT) {
            continue;
        }
        out->n_terms++;
        const ls_input *in = &m->inputs[term->input];
        long j = ls_dataset_find(ds, in->name);
        if (j < 0) {
            status = ls_errorf(err, LS_EDATA, ds->path, 0, 0, "term '%s': column '%s' is not in the data", term->name,
                               in->name);
            break;
        }
        const ls_column *c = &ds->columns[j];
        if ((long)term->input != counted) {
            size_t n = c->type == LS_COL_CATEGORICAL ? ls_levels_count(c->levels) : 2;
            free(conv);
            free(leads);
            conv = calloc(n ? n : 1, sizeof *conv);
            leads = calloc(n ? n : 1, sizeof *leads);
            if (conv == NULL || leads == NULL) {
                status = ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
                break;
            }
            count_column(ds, c, rows, conv, leads);
            counted = (long)term->input;
        }
        size_t slot = 0;
        if (term->kind == LS_TERM_LEVEL) {
            /* the model's levels are the dataset's, matched by key */
            const char *key = ls_levels_key(in->levels, term->level);
            long l = ls_levels_find(c->levels, key, strlen(key));
            if (l < 0) {
                continue;
            }
            slot = (size_t)l;
        } else if (term->kind == LS_TERM_MISSING) {
            slot = 1;
        }
        size_t yes = conv[slot], all = leads[slot];
        ls_term_support s = {t, yes <= all - yes ? yes : all - yes, all, yes <= all - yes};
        /* insert into the fewest-first list (ties keep term order) */
        size_t k = out->n_fewest;
        while (k > 0 && out->fewest[k - 1].events > s.events) {
            if (k < LS_SUPPORT_FEWEST) {
                out->fewest[k] = out->fewest[k - 1];
            }
            k--;
        }
        if (k < LS_SUPPORT_FEWEST) {
            out->fewest[k] = s;
            if (out->n_fewest < LS_SUPPORT_FEWEST) {
                out->n_fewest++;
            }
        }
    }
    free(conv);
    free(leads);
    if (status != LS_OK) {
        return status;
    }
    out->events_per_term = out->n_terms ? (double)out->events / (double)out->n_terms : INFINITY;
    out->thin = out->events_per_term < LS_SUPPORT_MIN_EVENTS_PER_TERM || out->events < LS_SUPPORT_MIN_EVENTS;
    return LS_OK;
}
