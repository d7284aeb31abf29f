/* diff_score.c: two models score the same leads (diff.h): rank correlation,
 * band migration, the leads whose band changed and, with an outcome, the
 * two evaluations that compare.h pairs. One pass over the file; the
 * evaluations are built lead by lead through evaluate.h's ls_evaluator, so
 * nothing of evaluate or compare is repeated here. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "leadscore/diff.h"
#include "leadscore/target.h"

typedef struct {
    double *p[2];
    size_t n, cap;
} lead_store;

static int store(lead_store *s, double a, double b)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 4096;
        for (int k = 0; k < 2; k++) {
            double *q = realloc(s->p[k], cap * sizeof *q);
            if (q == NULL) {
                return -1;
            }
            s->p[k] = q;
        }
        s->cap = cap;
    }
    s->p[0][s->n] = a;
    s->p[1][s->n] = b;
    s->n++;
    return 0;
}

static int add_change(ls_model_diff *d, size_t *cap, const char *id, size_t id_len, long row, const ls_score *a,
                      const ls_score *b)
{
    if (d->n_changed == *cap) {
        size_t c = *cap ? 2 * *cap : 256;
        ls_band_change *more = realloc(d->changed, c * sizeof *more);
        if (more == NULL) {
            return -1;
        }
        d->changed = more;
        *cap = c;
    }
    char number[32];
    if (id == NULL) {
        snprintf(number, sizeof number, "%ld", row);
        id = number;
        id_len = strlen(number);
    }
    ls_band_change *c = &d->changed[d->n_changed];
    c->id = strndup(id, id_len);
    if (c->id == NULL) {
        return -1;
    }
    c->old_score = a->score;
    c->new_score = b->score;
    c->old_band = a->band;
    c->new_band = b->band;
    d->n_changed++;
    return 0;
}

static int read_leads(ls_model_diff *d, ls_scorer *const *sc, ls_csv_reader *r, long target, long id,
                      ls_evaluator *const *ev, lead_store *s, ls_error *err)
{
    size_t cap = 0;
    int status = LS_OK, more;
    while ((more = ls_csv_next(r, err)) == 1) {
        int y = 0;
        if (target >= 0 &&
            ls_target_parse(ls_csv_field(r, (size_t)target), ls_csv_field_length(r, (size_t)target), &y) != 0) {
            return ls_errorf(err, LS_EDATA, ls_csv_path(r), ls_csv_line(r), target + 1,
                             "target column '%s' must be binary (0/1, yes/no, true/false, converted/not "
                             "converted), got '%.40s'",
                             ls_csv_column_name(r, (size_t)target), ls_csv_field(r, (size_t)target));
        }
        ls_score out[2];
        const char *idt = id >= 0 ? ls_csv_field(r, (size_t)id) : NULL;
        size_t idl = id >= 0 ? ls_csv_field_length(r, (size_t)id) : 0;
        for (int k = 0; k < 2 && status == LS_OK; k++) {
            status = ls_scorer_score(sc[k], r, &out[k], NULL, 0, NULL, err);
            if (status == LS_OK && ev[k] != NULL) {
                status = ls_evaluator_add(ev[k], &out[k], y, idt, idl, NULL, 0, err);
            }
        }
        if (status != LS_OK) {
            return status;
        }
        d->migration[out[0].band * d->n_bands_new + out[1].band]++;
        if (store(s, out[0].probability, out[1].probability) != 0 ||
            (out[0].band != out[1].band && add_change(d, &cap, idt, idl, ls_csv_records(r), &out[0], &out[1]) != 0)) {
            return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
        }
    }
    if (more < 0) {
        return -more;
    }
    if (s->n == 0) {
        return ls_errorf(err, LS_EDATA, ls_csv_path(r), 2, 0, "no leads: the file has a header only");
    }
    return LS_OK;
}

int ls_diff_score(ls_model_diff *d, ls_scorer *old_scorer, ls_scorer *new_scorer, ls_csv_reader *r,
                  const char *target, ls_evaluation **evaluations, ls_error *err)
{
    ls_scorer *sc[2] = {old_scorer, new_scorer};
    ls_evaluator *ev[2] = {NULL, NULL};
    lead_store s = {{NULL, NULL}, 0, 0};
    d->n_bands_old = ls_scorer_bands(old_scorer)->n;
    d->n_bands_new = ls_scorer_bands(new_scorer)->n;
    d->migration = calloc(d->n_bands_old * d->n_bands_new + 1, sizeof *d->migration);
    if (d->migration == NULL) {
        return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    int status = ls_scorer_bind(old_scorer, r, err);
    if (status == LS_OK) {
        status = ls_scorer_bind(new_scorer, r, err);
    }
    long target_col = -1, id_col = -1;
    if (status == LS_OK && target != NULL && (target_col = ls_csv_find_column(r, target)) < 0) {
        status = ls_errorf(err, LS_EDATA, ls_csv_path(r), 1, 0, "target column '%s' not found in the header", target);
    }
    if (status == LS_OK && ls_scorer_id_column(old_scorer) != NULL) {
        id_col = ls_csv_find_column(r, ls_scorer_id_column(old_scorer));
    }
    ls_evaluate_options eo;
    ls_evaluate_options_init(&eo);
    eo.target = target;
    for (int k = 0; k < 2 && status == LS_OK && target != NULL; k++) {
        status = ls_evaluator_new(sc[k], &eo, &ev[k], err);
    }
    if (status == LS_OK) {
        status = read_leads(d, sc, r, target_col, id_col, ev, &s, err);
    }
    ls_evaluation *done[2] = {NULL, NULL};
    for (int k = 0; k < 2; k++) {
        if (ev[k] == NULL) {
            continue;
        }
        if (status == LS_OK) {
            status = ls_evaluator_finish(ev[k], &done[k], err); /* frees ev[k] */
        } else {
            ls_evaluator_free(ev[k]);
        }
    }
    if (status == LS_OK) {
        d->has_data = 1;
        d->n_leads = s.n;
        d->spearman = ls_spearman(s.p[0], s.p[1], s.n);
        if (target != NULL) {
            evaluations[0] = done[0];
            evaluations[1] = done[1];
        }
    } else {
        ls_evaluation_free(done[0]);
        ls_evaluation_free(done[1]);
    }
    free(s.p[0]);
    free(s.p[1]);
    return status;
}
