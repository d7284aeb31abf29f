/* dataset_finalize.c: a column's type, once every row is in: numeric
 * summaries (min, median, max; distinct whole numbers make an ID), rare levels
 * folded, the reference level chosen, ID / constant / empty columns set aside
 * with a note. */
#define _POSIX_C_SOURCE 200809L
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset_internal.h"

/* Folds levels rarer than min_count into "(other)" (or, when even "(other)"
 * would be rarer than min_count, into the reference) and picks the reference. */
static int fold_levels(ls_column *c, size_t n_rows, long min_count)
{
    size_t n = ls_levels_count(c->levels);
    uint32_t *map = malloc((n ? n : 1) * sizeof *map);
    ls_levels *kept = ls_levels_new();
    c->folded = ls_levels_new();
    if (map == NULL || kept == NULL || c->folded == NULL) {
        free(map);
        ls_levels_free(kept);
        return -1;
    }
    size_t other_count = 0, n_folded = 0;
    c->missing_level = -1;
    for (size_t l = 0; l < n; l++) {
        size_t count = ls_levels_frequency(c->levels, l);
        if (count == 0) {
            /* seen only in held-out rows: not learnt, so coded as the
             * reference, as scoring codes a level it never saw */
            map[l] = UINT32_MAX - 1;
            continue;
        }
        if ((long)count < min_count) {
            other_count += count;
            n_folded++;
            map[l] = UINT32_MAX;
            long f = ls_levels_intern(c->folded, ls_levels_key(c->levels, l), ls_levels_display(c->levels, l));
            if (f < 0) {
                free(map);
                ls_levels_free(kept);
                return -1;
            }
            ls_levels_set_frequency(c->folded, (size_t)f, count);
            continue;
        }
        long k = ls_levels_intern(kept, ls_levels_key(c->levels, l), ls_levels_display(c->levels, l));
        if (k < 0) {
            free(map);
            ls_levels_free(kept);
            return -1;
        }
        ls_levels_set_frequency(kept, (size_t)k, count);
        if (strcmp(ls_levels_key(c->levels, l), "\001missing") == 0) {
            c->missing_level = k;
        }
        map[l] = (uint32_t)k;
    }
    /* The reference: the most frequent kept level, ties to the first seen. */
    c->reference = 0;
    for (size_t l = 1; l < ls_levels_count(kept); l++) {
        if (ls_levels_frequency(kept, l) > ls_levels_frequency(kept, c->reference)) {
            c->reference = l;
        }
    }
    c->other_level = -1;
    if (n_folded > 0) {
        /* An "(other)" level still rarer than min_count would be estimated
         * from a handful of rows (or separate the outcome): its rows join the
         * reference level instead. */
        long k;
        if ((long)other_count >= min_count || ls_levels_count(kept) == 0) {
            k = ls_levels_intern(kept, "\001other", LS_LEVEL_OTHER);
            if (k < 0) {
                free(map);
                ls_levels_free(kept);
                return -1;
            }
            ls_levels_set_frequency(kept, (size_t)k, other_count);
            c->other_level = k;
            if (ls_levels_count(kept) == 1 || other_count > ls_levels_frequency(kept, c->reference)) {
                c->reference = (size_t)k;
            }
        } else {
            k = (long)c->reference;
            ls_levels_set_frequency(kept, c->reference, ls_levels_frequency(kept, c->reference) + other_count);
        }
        for (size_t l = 0; l < n; l++) {
            if (map[l] == UINT32_MAX) {
                map[l] = (uint32_t)k;
            }
        }
    }
    for (size_t l = 0; l < n; l++) {
        if (map[l] == UINT32_MAX - 1) {
            map[l] = (uint32_t)c->reference;
        }
    }
    for (size_t i = 0; i < n_rows; i++) {
        c->codes[i] = map[c->codes[i]];
    }
    free(map);
    ls_levels_free(c->levels);
    c->levels = kept;
    c->n_folded = n_folded;
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* min, max, median and integrality of a numeric column; also tells whether
 * its values are distinct integers (an ID such as a lead number). */
static int numeric_summary(ls_column *c, size_t n_rows, const unsigned char *learn, size_t n_learn,
                           int *distinct_integers)
{
    size_t n = n_learn - c->n_missing;
    *distinct_integers = 0;
    if (n == 0) {
        return 0;
    }
    double *copy = malloc(n * sizeof *copy);
    if (copy == NULL) {
        return -1;
    }
    size_t k = 0;
    c->all_integer = 1;
    for (size_t i = 0; i < n_rows; i++) {
        double v = c->values[i];
        if (!isnan(v) && (learn == NULL || learn[i])) {
            copy[k++] = v;
            c->all_integer &= v == floor(v);
        }
    }
    c->min = gsl_stats_min(copy, 1, n);
    c->max = gsl_stats_max(copy, 1, n);
    if (c->all_integer && c->n_missing == 0 && n >= 100 && c->max - c->min + 1 >= (double)n) {
        qsort(copy, n, sizeof *copy, cmp_double);
        *distinct_integers = 1;
        for (size_t i = 1; i < n && *distinct_integers; i++) {
            *distinct_integers = copy[i] != copy[i - 1];
        }
        c->median = gsl_stats_median_from_sorted_data(copy, 1, n);
    } else {
        c->median = gsl_stats_median(copy, 1, n); /* quickselect; reorders copy */
    }
    free(copy);
    return 0;
}

void dataset_number_convention(const ls_number_format *format, int alt, char *buf, size_t size)
{
    char other = format->decimal == ',' ? '.' : ',';
    if (alt == LS_CELL_ALT_DECIMAL) {
        snprintf(buf, size, "a decimal %s", other == ',' ? "comma" : "point");
    } else if (alt == LS_CELL_ALT_THOUSANDS) {
        snprintf(buf, size, "thousands separators");
    } else {
        snprintf(buf, size, "a decimal %s or thousands separators", other == ',' ? "comma" : "point");
    }
}

unsigned dataset_number_hints(const ls_number_format *format, int alt)
{
    unsigned hints = 0;
    if (alt & LS_CELL_ALT_DECIMAL) {
        hints |= format->decimal == ',' ? LS_HINT_DECIMAL_POINT : LS_HINT_DECIMAL_COMMA;
    }
    if (alt & LS_CELL_ALT_THOUSANDS) {
        hints |= LS_HINT_THOUSANDS;
    }
    return hints;
}

int dataset_finalize_column(pass *ps, size_t j)
{
    ls_dataset *ds = ps->ds;
    ls_column *c = &ds->columns[j];
    builder *b = &ps->b[j];
    size_t n = ds->n_rows;
    switch (b->role) {
    case ROLE_TARGET:
        c->type = LS_COL_TARGET;
        return 0;
    case ROLE_ID:
        c->type = LS_COL_ID;
        c->forced = 1;
        return 0;
    case ROLE_EXCLUDE:
        c->type = LS_COL_EXCLUDED;
        c->forced = 1;
        snprintf(c->note, sizeof c->note, "excluded on request");
        return 0;
    default:
        break;
    }
    c->forced = b->role != ROLE_AUTO;
    /* with a holdout, what is learnt comes from the learning rows only */
    const unsigned char *learn = ds->learn;
    size_t n_learn = learn != NULL ? ds->n_learn : n;
    int distinct_integers = 0;
    if (learn != NULL && b->kind == KIND_NUMERIC && c->n_missing < n) {
        /* whether it is an ID is a question about the column: every row */
        if (numeric_summary(c, n, NULL, n, &distinct_integers) != 0) {
            return -1;
        }
        c->n_missing = 0;
        for (size_t i = 0; i < n; i++) {
            c->n_missing += learn[i] && isnan(c->values[i]);
        }
    } else if (learn != NULL && b->kind == KIND_TEXT) {
        c->n_missing = 0;
        for (size_t i = 0; c->missing_level >= 0 && i < n; i++) {
            c->n_missing += learn[i] && (long)c->codes[i] == c->missing_level;
        }
    }
    if (b->kind == KIND_UNKNOWN || c->n_missing == n_learn) {
        c->type = LS_COL_EMPTY;
        snprintf(c->note, sizeof c->note, "every cell is missing");
        free(c->values);
        free(c->codes);
        c->values = NULL;
        c->codes = NULL;
        ls_levels_free(c->levels);
        c->levels = NULL;
        return 0;
    }
    if (b->kind == KIND_DATE) {
        c->type = LS_COL_DATE;
        return 0;
    }
    if (b->kind == KIND_NUMERIC) {
        int learnt_distinct = 0;
        if (numeric_summary(c, n, learn, n_learn, &learnt_distinct) != 0) {
            return -1;
        }
        if (learn == NULL) {
            distinct_integers = learnt_distinct;
        }
        c->type = LS_COL_NUMERIC;
        if (c->min == c->max) {
            c->type = LS_COL_CONSTANT;
            snprintf(c->note, sizeof c->note, "one value (%.15g)%s", c->min,
                     c->n_missing ? " where not missing" : "");
        } else if (distinct_integers && b->role == ROLE_AUTO) {
            c->type = LS_COL_ID;
            snprintf(c->note, sizeof c->note, "a distinct whole number on every row: an identifier");
        }
        return 0;
    }
    size_t n_alt = b->n_alt[1] + b->n_alt[2] + b->n_alt[3];
    if (b->role == ROLE_AUTO && n_alt > 0 &&
        (double)(b->n_numbers + n_alt) >= MOSTLY_NUMERIC * (double)(b->n_numbers + b->n_texts)) {
        /* numbers in another convention: read as text they would make a
         * category of every distinct value (a silently wrong model) */
        int alt = (b->n_alt[1] ? LS_CELL_ALT_DECIMAL : 0) | (b->n_alt[2] ? LS_CELL_ALT_THOUSANDS : 0);
        if (alt == 0) {
            alt = LS_CELL_ALT_DECIMAL | LS_CELL_ALT_THOUSANDS; /* only cells that read either way */
        }
        char what[96];
        dataset_number_convention(&ds->options.number, alt, what, sizeof what);
        ls_error_hint(ps->err,
                      ls_errorf(ps->err, LS_EPARSE, ds->path, b->first_alt_line, (long)j + 1,
                                "column '%s' holds numbers written with %s ('%s'; %zu of %zu cells): read as "
                                "text they would make a category of every value",
                                c->name, what, b->first_alt, n_alt, b->n_numbers + b->n_texts),
                      dataset_number_hints(&ds->options.number, alt) | LS_HINT_CATEGORICAL);
        return -2;
    }
    if (b->role == ROLE_AUTO && b->n_texts > 0 &&
        (double)b->n_numbers >= MOSTLY_NUMERIC * (double)(b->n_numbers + b->n_texts)) {
        ls_error_hint(ps->err,
                      ls_errorf(ps->err, LS_EPARSE, ds->path, b->first_text_line, (long)j + 1,
                                "column '%s' is numeric (%zu of %zu cells are numbers) but holds text '%s' "
                                "(a placeholder?)",
                                c->name, b->n_numbers, b->n_numbers + b->n_texts, b->first_text),
                      LS_HINT_NA_PLACEHOLDER | LS_HINT_CATEGORICAL);
        return -2;
    }
    if (b->kind == KIND_HIGH_CARDINALITY) {
        c->n_distinct = b->n_hashes;
        if (c->n_distinct == n && c->n_missing == 0) {
            c->type = LS_COL_ID;
            snprintf(c->note, sizeof c->note, "a distinct value on every row: an identifier");
        } else {
            c->type = LS_COL_EXCLUDED;
            snprintf(c->note, sizeof c->note, "%zu distinct values: too many for a category", c->n_distinct);
        }
        return 0;
    }
    c->n_distinct = ls_levels_count(c->levels) - (c->missing_level >= 0);
    if (b->role == ROLE_AUTO && c->n_distinct == n && c->n_missing == 0 && n > 1) {
        c->type = LS_COL_ID;
        snprintf(c->note, sizeof c->note, "a distinct value on every row: an identifier");
        return 0;
    }
    if (learn != NULL) {
        /* the level counts folding and the reference go by */
        size_t nl = ls_levels_count(c->levels);
        size_t *count = calloc(nl ? nl : 1, sizeof *count);
        if (count == NULL) {
            return -1;
        }
        for (size_t i = 0; i < n; i++) {
            count[c->codes[i]] += learn[i] != 0;
        }
        for (size_t l = 0; l < nl; l++) {
            ls_levels_set_frequency(c->levels, l, count[l]);
        }
        free(count);
    }
    if (fold_levels(c, n, ds->options.min_level_count) != 0) {
        return -1;
    }
    c->type = LS_COL_CATEGORICAL;
    if (ls_levels_count(c->levels) < 2) {
        c->type = LS_COL_CONSTANT;
        snprintf(c->note, sizeof c->note, "one level ('%s')%s", ls_levels_display(c->levels, 0),
                 c->n_folded > 1 ? " after folding rare levels" : "");
    }
    return 0;
}

