/* evaluate.c: scorers against known outcomes, in one pass over the leads.
 *
 * An evaluator collects, per lead, the outcome, the probability (or the
 * score / 100 for a scorer without one: ranks are all that AUC and deciles
 * use), the score and the band; metrics.c turns those arrays into figures.
 * Keeping the arrays is what lets compare pair two scorers lead by lead. */
#define _GNU_SOURCE /* qsort_r */
#include "leadscore/evaluate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadscore/levels.h"
#include "leadscore/target.h"

struct ls_evaluator {
    const ls_bands *bands;
    ls_evaluate_options options;
    long mql_band, sql_band;
    int has_probability;
    ls_evaluation *e; /* filled as leads come */
    size_t cap, cap_misranked;
    long rows;
};

void ls_evaluate_options_init(ls_evaluate_options *o)
{
    memset(o, 0, sizeof *o);
}

void ls_evaluation_free(ls_evaluation *e)
{
    if (e == NULL) {
        return;
    }
    for (size_t i = 0; i < e->n_misranked; i++) {
        free(e->misranked[i].id);
        free(e->misranked[i].reasons);
    }
    free(e->misranked);
    free(e->y);
    free(e->p);
    free(e->score);
    free(e->band);
    ls_metrics_free(e->metrics);
    free(e);
}

void ls_evaluator_free(ls_evaluator *ev)
{
    if (ev != NULL) {
        ls_evaluation_free(ev->e);
        free(ev);
    }
}

/* A named band's index: a name given but absent is the caller's mistake; the
 * default names may simply not exist in custom bands (-1, figure left out). */
static int band_by_name(const ls_bands *bands, const char *given, const char *fallback, const char *what,
                        long *out, ls_error *err)
{
    *out = ls_bands_index(bands, given != NULL ? given : fallback);
    if (*out < 0 && given != NULL) {
        return ls_errorf(err, LS_EUSAGE, NULL, 0, 0, "the %s band '%s' is not one of the bands", what, given);
    }
    return LS_OK;
}

int ls_evaluator_new(const ls_scorer *scorer, const ls_evaluate_options *o, ls_evaluator **out, ls_error *err)
{
    const ls_bands *bands = ls_scorer_bands(scorer);
    long mql, sql;
    int status;
    if ((status = band_by_name(bands, o->mql_band, "MQL", "MQL", &mql, err)) != LS_OK ||
        (status = band_by_name(bands, o->sql_band, "SQL", "SQL", &sql, err)) != LS_OK) {
        return status;
    }
    if (mql >= 0 && sql >= 0 && sql < mql) {
        return ls_errorf(err, LS_EUSAGE, NULL, 0, 0, "the SQL band must not start below the MQL band");
    }
    ls_evaluator *ev = calloc(1, sizeof *ev);
    if (ev == NULL || (ev->e = calloc(1, sizeof *ev->e)) == NULL) {
        free(ev);
        return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    ev->bands = bands;
    ev->options = *o;
    if (ev->options.misranked_reasons > LS_EVALUATE_MAX_REASONS) {
        ev->options.misranked_reasons = LS_EVALUATE_MAX_REASONS;
    }
    ev->mql_band = ev->e->mql_band = mql;
    ev->sql_band = ev->e->sql_band = sql;
    ev->has_probability = ev->e->has_probability = ls_scorer_has_probability(scorer);
    ev->e->has_stage = o->stage != NULL;
    *out = ev;
    return LS_OK;
}

static int grow(ls_evaluator *ev)
{
    ls_evaluation *e = ev->e;
    if (e->n < ev->cap) {
        return 0;
    }
    size_t cap = ev->cap ? ev->cap * 2 : 65536;
    unsigned char *y = realloc(e->y, cap);
    if (y != NULL) {
        e->y = y;
    }
    double *p = realloc(e->p, cap * sizeof *p);
    if (p != NULL) {
        e->p = p;
    }
    int *s = realloc(e->score, cap * sizeof *s);
    if (s != NULL) {
        e->score = s;
    }
    unsigned char *b = realloc(e->band, cap);
    if (b != NULL) {
        e->band = b;
    }
    if (y == NULL || p == NULL || s == NULL || b == NULL) {
        return -1;
    }
    ev->cap = cap;
    return 0;
}

static int remember_misranked(ls_evaluator *ev, const ls_score *s, int converted, const char *id, size_t id_length,
                              const ls_reason *reasons, size_t n_reasons)
{
    ls_evaluation *e = ev->e;
    if (e->n_misranked == ev->cap_misranked) {
        size_t cap = ev->cap_misranked ? ev->cap_misranked * 2 : 1024;
        ls_misranked_lead *w = realloc(e->misranked, cap * sizeof *w);
        if (w == NULL) {
            return -1;
        }
        e->misranked = w;
        ev->cap_misranked = cap;
    }
    ls_misranked_lead *w = &e->misranked[e->n_misranked];
    char row[32], text[1024];
    if (id == NULL) {
        id_length = (size_t)snprintf(row, sizeof row, "%ld", ev->rows);
        id = row;
    }
    if (n_reasons > ev->options.misranked_reasons) {
        n_reasons = ev->options.misranked_reasons;
    }
    ls_reasons_format(reasons, reasons != NULL ? n_reasons : 0, text, sizeof text);
    w->id = strndup(id, id_length);
    w->reasons = strdup(text);
    w->score = s->score;
    w->probability = s->probability;
    w->band = s->band;
    w->converted = converted;
    w->lead = (size_t)ev->rows;
    if (w->id == NULL || w->reasons == NULL) {
        free(w->id);
        free(w->reasons);
        return -1;
    }
    e->n_misranked++;
    return 0;
}

int ls_evaluator_add(ls_evaluator *ev, const ls_score *s, int converted, const char *id, size_t id_length,
                     const ls_reason *reasons, size_t n_reasons, ls_error *err)
{
    ls_evaluation *e = ev->e;
    ev->rows++;
    if (grow(ev) != 0) {
        return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    e->y[e->n] = (unsigned char)(converted != 0);
    e->p[e->n] = ev->has_probability ? s->probability : s->score / 100.0;
    e->score[e->n] = s->score;
    e->band[e->n] = (unsigned char)s->band;
    e->n++;
    int wrong = (converted && ev->mql_band >= 0 && s->band < (size_t)ev->mql_band) ||
                (!converted && ev->sql_band >= 0 && s->band >= (size_t)ev->sql_band);
    if (wrong && ev->options.keep_misranked &&
        remember_misranked(ev, s, converted != 0, id, id_length, reasons, n_reasons) != 0) {
        return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    return LS_OK;
}

/* Lifecycle stages past MQL (and past SQL), for the realised ratio. */
void ls_evaluator_add_stage(ls_evaluator *ev, const char *text, size_t len)
{
    char key[64];
    if (len >= sizeof key) {
        return;
    }
    ls_level_key(text, len, 0, key);
    int sql = strcmp(key, "sql") == 0 || strcmp(key, "opportunity") == 0 || strcmp(key, "customer") == 0;
    int mql = sql || strcmp(key, "mql") == 0;
    ev->e->stage_mql += (size_t)mql;
    ev->e->stage_sql += (size_t)sql;
}

/* Most wrong first: the furthest from the outcome (by the ranking value), ties
 * in file order (the sort is not stable, so the order is part of the key). */
static int by_wrongness(const void *a, const void *b, void *ctx)
{
    (void)ctx;
    const ls_misranked_lead *x = a, *y = b;
    double px = isnan(x->probability) ? x->score / 100.0 : x->probability;
    double py = isnan(y->probability) ? y->score / 100.0 : y->probability;
    double wx = fabs(x->converted - px), wy = fabs(y->converted - py);
    if (wx != wy) {
        return (wx < wy) - (wx > wy);
    }
    return (x->lead > y->lead) - (x->lead < y->lead);
}

int ls_evaluator_finish(ls_evaluator *ev, ls_evaluation **out, ls_error *err)
{
    ls_evaluation *e = ev->e;
    if (e->n == 0) {
        ls_evaluator_free(ev);
        return ls_errorf(err, LS_EDATA, NULL, 0, 0, "no leads to evaluate");
    }
    ls_metrics_input in = {e->y,          e->p,          e->score, e->n, ev->bands, ev->mql_band,
                           ev->sql_band, ev->options.target_precision, ev->options.capacity,
                           !ev->has_probability};
    int status = ls_metrics_compute(&in, &e->metrics, err);
    if (status != LS_OK) {
        ls_evaluator_free(ev);
        return status;
    }
    /* qsort_r's array may not be NULL, even for no elements (UBSan) */
    if (e->n_misranked > 0) {
        qsort_r(e->misranked, e->n_misranked, sizeof *e->misranked, by_wrongness, NULL);
    }
    ev->e = NULL;
    ls_evaluator_free(ev);
    *out = e;
    return LS_OK;
}

typedef struct {
    long target, stage, id;
} label_columns;

static int find_columns(const ls_csv_reader *r, const ls_evaluate_options *o, const char *id_name, label_columns *c,
                        ls_error *err)
{
    c->target = ls_csv_find_column(r, o->target);
    c->stage = o->stage != NULL ? ls_csv_find_column(r, o->stage) : -1;
    c->id = id_name != NULL ? ls_csv_find_column(r, id_name) : -1;
    if (c->target < 0 || (o->stage != NULL && c->stage < 0)) {
        return ls_errorf(err, LS_EDATA, ls_csv_path(r), 1, 0, "%s column '%s' not found in the header",
                         c->target < 0 ? "target" : "stage", c->target < 0 ? o->target : o->stage);
    }
    if (o->id_column != NULL && c->id < 0) {
        return ls_errorf(err, LS_EDATA, ls_csv_path(r), 1, 0, "id column '%s' not found in the header", o->id_column);
    }
    return LS_OK;
}

/* Adds the reader's file and line to an error about the current record. */
static int at_record(const ls_csv_reader *r, int status, ls_error *err)
{
    if (err != NULL && err->file[0] == '\0' && status != LS_ENOMEM && status != LS_EUSAGE) {
        snprintf(err->file, sizeof err->file, "%s", ls_csv_path(r));
        err->line = ls_csv_line(r);
    }
    return status;
}

/* Binds every scorer, so that the error names what each one misses: with
 * several scorers, "NAME: ...; NAME: ..." in one message. */
static int bind_all(ls_scorer *const *scorers, size_t n_scorers, const ls_csv_reader *r, ls_error *err)
{
    char msg[sizeof err->msg] = "";
    size_t used = 0;
    int first = LS_OK;
    for (size_t k = 0; k < n_scorers; k++) {
        ls_error one = {0};
        int status = ls_scorer_bind(scorers[k], r, &one);
        if (status == LS_OK) {
            continue;
        }
        if (status == LS_ENOMEM) {
            return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
        }
        if (first == LS_OK) {
            first = status;
        }
        if (used < sizeof msg - 1) {
            int n = n_scorers > 1 ? snprintf(msg + used, sizeof msg - used, "%s%s: %s", used ? "; " : "",
                                             ls_scorer_name(scorers[k]), one.msg)
                                  : snprintf(msg + used, sizeof msg - used, "%s", one.msg);
            used += n > 0 ? (size_t)n : 0;
            if (used >= sizeof msg) {
                used = sizeof msg - 1;
            }
        }
    }
    if (first != LS_OK) {
        return ls_errorf(err, (ls_status)first, ls_csv_path(r), 1, 0, "%s", msg);
    }
    return LS_OK;
}

int ls_evaluate_file(ls_scorer *const *scorers, size_t n_scorers, ls_csv_reader *r, const ls_evaluate_options *o,
                     ls_evaluation **out, ls_error *err)
{
    if (n_scorers == 0 || o->target == NULL) {
        return ls_errorf(err, LS_EUSAGE, NULL, 0, 0, "evaluation needs a scorer and a target column");
    }
    ls_evaluator **ev = calloc(n_scorers, sizeof *ev);
    label_columns *cols = calloc(n_scorers, sizeof *cols);
    if (ev == NULL || cols == NULL) {
        free(ev);
        free(cols);
        return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    int status = LS_OK;
    for (size_t k = 0; k < n_scorers && status == LS_OK; k++) {
        status = ls_evaluator_new(scorers[k], o, &ev[k], err);
    }
    if (status == LS_OK) {
        status = bind_all(scorers, n_scorers, r, err);
    }
    for (size_t k = 0; k < n_scorers && status == LS_OK; k++) {
        const char *id_name = o->id_column != NULL ? o->id_column : ls_scorer_id_column(scorers[k]);
        status = find_columns(r, o, id_name, &cols[k], err);
    }
    size_t max_reasons = o->keep_misranked ? o->misranked_reasons : 0;
    if (max_reasons > LS_EVALUATE_MAX_REASONS) {
        max_reasons = LS_EVALUATE_MAX_REASONS;
    }
    /* every scorer scores a row before any is told of it: a row one of them
     * cannot score is skipped for all (skip_bad_rows) */
    ls_score *scores = calloc(n_scorers, sizeof *scores);
    size_t *n_reasons = calloc(n_scorers, sizeof *n_reasons);
    ls_reason *reasons = calloc(n_scorers * (max_reasons ? max_reasons : 1), sizeof *reasons);
    if (status == LS_OK && (scores == NULL || n_reasons == NULL || reasons == NULL)) {
        status = ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    size_t skipped = 0;
    ls_error first_skipped = {0};
    int more = 0;
    size_t unlabelled = 0;
    long first_unlabelled = 0;
    while (status == LS_OK && (more = ls_csv_next(r, err)) == 1) {
        const label_columns *c = &cols[0];
        int y = 0;
        const char *cell = ls_csv_field(r, (size_t)c->target);
        int st = ls_target_read(&o->outcome, cell, ls_csv_field_length(r, (size_t)c->target), &y);
        if (st == LS_TARGET_UNLABELLED && o->outcome.skip_unlabelled) {
            if (unlabelled++ == 0) {
                first_unlabelled = ls_csv_line(r);
            }
            continue;
        }
        if (st != 0) {
            status = ls_errorf(err, LS_EDATA, ls_csv_path(r), ls_csv_line(r), c->target + 1,
                               "target column '%s' %s, got '%.40s'", o->target, ls_target_problem(&o->outcome, st),
                               cell);
            if (st == LS_TARGET_UNLABELLED) {
                ls_error_hint(err, LS_EDATA, LS_HINT_UNLABELLED);
            }
            if (!o->skip_bad_rows) {
                break;
            }
            /* a bad outcome is a bad row like a bad cell: skipped and counted */
            if (skipped++ == 0) {
                first_skipped = *err;
            }
            status = LS_OK;
            continue;
        }
        for (size_t k = 0; k < n_scorers && status == LS_OK; k++) {
            status = ls_scorer_score(scorers[k], r, &scores[k], max_reasons ? reasons + k * max_reasons : NULL,
                                     max_reasons, &n_reasons[k], err);
        }
        if (status != LS_OK) {
            if (!o->skip_bad_rows || status == LS_ENOMEM) {
                break;
            }
            if (skipped++ == 0) {
                first_skipped = *err;
                at_record(r, status, &first_skipped);
            }
            status = LS_OK;
            continue;
        }
        for (size_t k = 0; k < n_scorers && status == LS_OK; k++) {
            long id = cols[k].id;
            const char *id_text = id >= 0 ? ls_csv_field(r, (size_t)id) : NULL;
            size_t id_length = id >= 0 ? ls_csv_field_length(r, (size_t)id) : 0;
            char row[32];
            if (id < 0 && (skipped > 0 || unlabelled > 0)) {
                /* the evaluator counts the leads it was given; after a
                 * skipped row the lead's row number is the reader's */
                id_length = (size_t)snprintf(row, sizeof row, "%ld", ls_csv_records(r));
                id_text = row;
            }
            status = ls_evaluator_add(ev[k], &scores[k], y, id_text, id_length,
                                      max_reasons ? reasons + k * max_reasons : NULL, n_reasons[k], err);
            if (status == LS_OK && c->stage >= 0) {
                ls_evaluator_add_stage(ev[k], ls_csv_field(r, (size_t)c->stage),
                                       ls_csv_field_length(r, (size_t)c->stage));
            }
        }
        if (status == LS_OK && o->progress != NULL && (ls_csv_records(r) & 0x3FFFF) == 0) {
            o->progress(o->progress_ctx, ls_csv_records(r), ls_csv_bytes_read(r));
        }
    }
    free(scores);
    free(n_reasons);
    free(reasons);
    if (status == LS_OK && more < 0) {
        status = (int)err->code;
    }
    if (status == LS_OK && ls_csv_records(r) == 0) {
        status = ls_errorf(err, LS_EDATA, ls_csv_path(r), 2, 0, "no leads to evaluate: the file has a header only");
    }
    if (status == LS_OK && (size_t)ls_csv_records(r) == unlabelled) {
        status = ls_errorf(err, LS_EDATA, ls_csv_path(r), 0, 0, "no leads to evaluate: all %zu have a blank '%s'",
                           unlabelled, o->target);
    }
    ls_evaluation **done = calloc(n_scorers, sizeof *done);
    if (status == LS_OK && done == NULL) {
        status = ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t k = 0; k < n_scorers; k++) {
        if (status == LS_OK) {
            status = ls_evaluator_finish(ev[k], &done[k], err);
        } else {
            ls_evaluator_free(ev[k]);
        }
    }
    if (status == LS_OK) {
        for (size_t k = 0; k < n_scorers; k++) {
            done[k]->unlabelled = unlabelled;
            done[k]->first_unlabelled_line = first_unlabelled;
            done[k]->skipped = skipped;
            done[k]->first_skipped = first_skipped;
        }
        memcpy(out, done, n_scorers * sizeof *out);
    } else {
        for (size_t k = 0; done != NULL && k < n_scorers; k++) {
            ls_evaluation_free(done[k]);
        }
        status = at_record(r, status, err);
    }
    free(done);
    free(ev);
    free(cols);
    return status;
}
