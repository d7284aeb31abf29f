/* logit_pass.c: sweeps over the encoded rows for the logistic solvers.
 *
 * The design matrix is never stored: each pass rebuilds it a block of rows at
 * a time from the dataset's doubles and level indices, so memory is the
 * encoded data plus one block per thread. */
#include <gsl/gsl_cblas.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "logit_internal.h"

/* One thread's share of a pass: its rows, its scratch block, its sums. */
typedef struct {
    const fit_ctx *f;
    const double *beta;
    size_t row_begin, row_end;
    double *xb;           /* BLOCK_ROWS x p, column-major: a term's values are contiguous */
    double eta[BLOCK_ROWS], resid[BLOCK_ROWS], sqrt_w[BLOCK_ROWS];
    double log_likelihood;
    double *g, *h;        /* h NULL: no X'WX */
} pass_worker;

/* Passes split the rows in this many contiguous parts, one thread each. The
 * split is fixed, not the machine's core count, so that the sums (and the
 * weights) come out bit for bit the same everywhere. */
#define PASS_THREADS 2

void logit_fill_block(const fit_ctx *f, double *xb, size_t row0, size_t rows)
{
    for (size_t a = 0; a < f->p; a++) {
        const term_source *s = &f->src[a];
        double *x = xb + a * BLOCK_ROWS;
        /* intercept and level terms have no values: no offset on NULL (UB) */
        const double *v = s->values != NULL ? s->values + row0 : NULL;
        switch (s->kind) {
        case LS_TERM_INTERCEPT:
            for (size_t r = 0; r < rows; r++) {
                x[r] = 1.0;
            }
            break;
        case LS_TERM_NUMERIC:
            for (size_t r = 0; r < rows; r++) {
                x[r] = isnan(v[r]) ? s->impute : v[r];
            }
            break;
        case LS_TERM_MISSING:
            for (size_t r = 0; r < rows; r++) {
                x[r] = isnan(v[r]) ? 1.0 : 0.0;
            }
            break;
        case LS_TERM_LEVEL:
            memset(x, 0, rows * sizeof *x);
            break;
        }
    }
    for (size_t c = 0; c < f->n_cats; c++) {
        const uint32_t *codes = f->cats[c].codes + row0;
        const long *column = f->cats[c].column_of_level;
        for (size_t r = 0; r < rows; r++) {
            long a = column[codes[r]];
            if (a >= 0) {
                xb[(size_t)a * BLOCK_ROWS + r] = 1.0;
            }
        }
    }
}

/* One block's linear predictors at beta, eta[r] = x_r'beta: what every pass
 * computes first. ls_logit_linear_predictor() and the fit's passes both come
 * here, on the same blocks of rows, so the predictors the fit leaves behind
 * are bit for bit those of a pass of their own. */
static void block_linear_predictor(const fit_ctx *f, double *xb, const double *beta, size_t row0, size_t rows,
                                   double *eta)
{
    logit_fill_block(f, xb, row0, rows);
    cblas_dgemv(CblasColMajor, CblasNoTrans, (int)rows, (int)f->p, 1.0, xb, BLOCK_ROWS, beta, 1, 0.0, eta, 1);
}

/* log P(y | eta), stable for large |eta| */
static double log_lik_term(int y, double eta)
{
    double z = y ? -eta : eta; /* -log(1 + e^z) */
    return z > 0 ? -(z + log1p(exp(-z))) : -log1p(exp(z));
}

static void *pass_rows(void *arg)
{
    pass_worker *wk = arg;
    const fit_ctx *f = wk->f;
    size_t p = f->p;
    const double *rw = f->opt != NULL ? f->opt->row_weights : NULL;
    const unsigned char *y = f->ds->y;
    double ll = 0.0;
    memset(wk->g, 0, p * sizeof *wk->g);
    if (wk->h != NULL) {
        memset(wk->h, 0, p * p * sizeof *wk->h);
    }
    for (size_t row0 = wk->row_begin; row0 < wk->row_end; row0 += BLOCK_ROWS) {
        size_t rows = wk->row_end - row0 < BLOCK_ROWS ? wk->row_end - row0 : BLOCK_ROWS;
        block_linear_predictor(f, wk->xb, wk->beta, row0, rows, wk->eta);
        if (f->eta_out != NULL) {
            /* this thread's rows only: the parts do not overlap */
            memcpy(f->eta_out + row0, wk->eta, rows * sizeof *wk->eta);
        }
        for (size_t r = 0; r < rows; r++) {
            double w = rw != NULL ? rw[row0 + r] : 1.0;
            double mu = ls_logistic(wk->eta[r]);
            int yi = y[row0 + r];
            wk->resid[r] = w * ((double)yi - mu);
            wk->sqrt_w[r] = sqrt(w * mu * (1.0 - mu));
            if (w != 0.0) {
                ll += w * log_lik_term(yi, wk->eta[r]);
            }
        }
        cblas_dgemv(CblasColMajor, CblasTrans, (int)rows, (int)p, 1.0, wk->xb, BLOCK_ROWS, wk->resid, 1, 1.0, wk->g,
                    1);
        if (wk->h == NULL) {
            continue; /* gradient only */
        }
        for (size_t a = 0; a < p; a++) {
            double *x = wk->xb + a * BLOCK_ROWS;
            for (size_t r = 0; r < rows; r++) {
                x[r] *= wk->sqrt_w[r];
            }
        }
        cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, (int)p, (int)rows, 1.0, wk->xb, BLOCK_ROWS, 1.0, wk->h,
                    (int)p);
    }
    wk->log_likelihood = ll;
    return NULL;
}

/* One pass over the data at beta: log-likelihood, gradient and X'WX, the rows
 * split over PASS_THREADS threads whose sums are added in a fixed order.
 * Returns 0, or -1 when out of memory. */
int logit_data_pass(fit_ctx *f, const double *beta, pass_result *out)
{
    size_t p = f->p;
    pass_worker wk[PASS_THREADS];
    pthread_t thread[PASS_THREADS];
    int started[PASS_THREADS] = {0};
    int failed = 0;
    /* whole blocks per part, so that the split does not depend on anything but n */
    size_t blocks = (f->n_rows + BLOCK_ROWS - 1) / BLOCK_ROWS;
    size_t per_part = (blocks + PASS_THREADS - 1) / PASS_THREADS;
    for (int k = 0; k < PASS_THREADS; k++) {
        wk[k].f = f;
        wk[k].beta = beta;
        wk[k].row_begin = (size_t)k * per_part * BLOCK_ROWS;
        wk[k].row_end = (size_t)(k + 1) * per_part * BLOCK_ROWS;
        wk[k].row_begin = wk[k].row_begin < f->n_rows ? wk[k].row_begin : f->n_rows;
        wk[k].row_end = wk[k].row_end < f->n_rows ? wk[k].row_end : f->n_rows;
        wk[k].xb = malloc((size_t)BLOCK_ROWS * (p ? p : 1) * sizeof *wk[k].xb);
        wk[k].g = k == 0 ? out->g : malloc(p * sizeof *wk[k].g);
        wk[k].h = k == 0 || out->h == NULL ? out->h : malloc(p * p * sizeof *wk[k].h);
        failed |= wk[k].xb == NULL || wk[k].g == NULL || (out->h != NULL && wk[k].h == NULL);
    }
    for (int k = 1; k < PASS_THREADS && !failed; k++) {
        started[k] = pthread_create(&thread[k], NULL, pass_rows, &wk[k]) == 0;
    }
    if (!failed) {
        pass_rows(&wk[0]);
    }
    for (int k = 1; k < PASS_THREADS && !failed; k++) {
        if (started[k]) {
            pthread_join(thread[k], NULL);
        } else {
            pass_rows(&wk[k]); /* no thread to be had: same sums, serially */
        }
    }
    out->log_likelihood = 0.0;
    for (int k = 0; k < PASS_THREADS && !failed; k++) {
        out->log_likelihood += wk[k].log_likelihood;
        if (k > 0) {
            for (size_t i = 0; i < p; i++) {
                out->g[i] += wk[k].g[i];
            }
            for (size_t i = 0; out->h != NULL && i < p * p; i++) {
                out->h[i] += wk[k].h[i];
            }
        }
    }
    for (int k = 0; k < PASS_THREADS; k++) {
        free(wk[k].xb);
        if (k > 0) {
            free(wk[k].g);
            free(wk[k].h);
        }
    }
    if (failed) {
        return -1;
    }
    /* dsyrk filled the upper triangle, column-major: (i, j) with i <= j at
     * h[i + j p]. Mirror it so that either layout reads the same. */
    for (size_t j = 0; out->h != NULL && j < p; j++) {
        for (size_t i = 0; i < j; i++) {
            out->h[i * p + j] = out->h[j * p + i];
        }
    }
    return 0;
}

/* Points each categorical input's levels at their active block columns. */
void logit_map_levels(fit_ctx *f)
{
    for (size_t c = 0; c < f->n_cats; c++) {
        for (size_t l = 0; l < f->cats[c].n_levels; l++) {
            f->cats[c].column_of_level[l] = -1;
        }
    }
    for (size_t a = 0; a < f->p; a++) {
        if (f->src[a].kind == LS_TERM_LEVEL) {
            f->cats[f->src[a].cat].column_of_level[f->src[a].level] = (long)a;
        }
    }
}

int logit_setup(fit_ctx *f, const ls_model *m, const ls_dataset *ds, ls_error *err)
{
    size_t p = m->n_terms;
    f->active = malloc(p * sizeof *f->active);
    f->src = calloc(p, sizeof *f->src);
    f->cats = calloc(m->n_inputs ? m->n_inputs : 1, sizeof *f->cats);
    f->penalty_l1 = calloc(p, sizeof *f->penalty_l1);
    f->penalty_l2 = calloc(p, sizeof *f->penalty_l2);
    long *cat_of_input = malloc((m->n_inputs ? m->n_inputs : 1) * sizeof *cat_of_input);
    if (f->active == NULL || f->src == NULL || f->cats == NULL || f->penalty_l1 == NULL || f->penalty_l2 == NULL ||
        cat_of_input == NULL) {
        free(cat_of_input);
        return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t i = 0; i < m->n_inputs; i++) {
        cat_of_input[i] = -1;
        if (!m->inputs[i].categorical) {
            continue;
        }
        long col = ls_dataset_find(ds, m->inputs[i].name);
        if (col < 0 || ds->columns[col].codes == NULL) {
            free(cat_of_input);
            return ls_errorf(err, LS_EDATA, ds->path, 1, 0, "categorical column '%s' not found", m->inputs[i].name);
        }
        level_source *c = &f->cats[f->n_cats];
        c->codes = ds->columns[col].codes;
        c->n_levels = ls_levels_count(m->inputs[i].levels);
        c->column_of_level = malloc((c->n_levels ? c->n_levels : 1) * sizeof *c->column_of_level);
        if (c->column_of_level == NULL) {
            free(cat_of_input);
            return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
        }
        cat_of_input[i] = (long)f->n_cats++;
    }
    for (size_t t = 0; t < p; t++) {
        const ls_term *term = &m->terms[t];
        term_source *s = &f->src[t];
        f->active[t] = t;
        s->kind = term->kind;
        if (term->kind == LS_TERM_INTERCEPT) {
            continue;
        }
        const ls_input *in = &m->inputs[term->input];
        if (term->kind == LS_TERM_LEVEL) {
            s->cat = (size_t)cat_of_input[term->input];
            s->level = term->level;
            continue;
        }
        long col = ls_dataset_find(ds, in->name);
        if (col < 0 || ds->columns[col].values == NULL) {
            free(cat_of_input);
            return ls_errorf(err, LS_EDATA, ds->path, 1, 0, "numeric column '%s' not found", in->name);
        }
        s->values = ds->columns[col].values;
        s->impute = in->impute;
    }
    free(cat_of_input);
    f->p = p;
    f->n_rows = ds->n_rows;
    logit_map_levels(f);
    return LS_OK;
}

void logit_free_ctx(fit_ctx *f)
{
    for (size_t c = 0; f->cats != NULL && c < f->n_cats; c++) {
        free(f->cats[c].column_of_level);
    }
    free(f->cats);
    free(f->active);
    free(f->src);
    free(f->penalty_l1);
    free(f->penalty_l2);
}

int ls_logit_linear_predictor(const ls_model *m, const ls_dataset *ds, double *eta, ls_error *err)
{
    fit_ctx f;
    memset(&f, 0, sizeof f);
    f.ds = ds;
    double *beta = malloc((m->n_terms ? m->n_terms : 1) * sizeof *beta);
    int status = beta == NULL ? ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory") : logit_setup(&f, m, ds, err);
    double *xb = status == LS_OK ? malloc((size_t)BLOCK_ROWS * (f.p ? f.p : 1) * sizeof *xb) : NULL;
    if (status == LS_OK && xb == NULL) {
        status = ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t t = 0; status == LS_OK && t < m->n_terms; t++) {
        beta[t] = m->terms[t].weight;
    }
    for (size_t row0 = 0; status == LS_OK && row0 < ds->n_rows; row0 += BLOCK_ROWS) {
        size_t rows = ds->n_rows - row0 < BLOCK_ROWS ? ds->n_rows - row0 : BLOCK_ROWS;
        block_linear_predictor(&f, xb, beta, row0, rows, eta + row0);
    }
    free(xb);
    free(beta);
    logit_free_ctx(&f);
    return status;
}

/* Adds rows [0, rows) of eta to the log-loss sums, in row order (the order
 * fixes the rounding, and ls_logit_log_loss_of() must repeat it). */
static void add_log_loss(const double *eta, const unsigned char *y, const double *rw, size_t rows, double *sum,
                         double *wsum, size_t *used)
{
    for (size_t r = 0; r < rows; r++) {
        double w = rw != NULL ? rw[r] : 1.0;
        if (w <= 0) {
            continue;
        }
        /* scikit-learn's log_loss clips probabilities to [1e-15, 1 - 1e-15] */
        double mu = ls_logistic(eta[r]);
        mu = mu < 1e-15 ? 1e-15 : mu > 1 - 1e-15 ? 1 - 1e-15 : mu;
        *sum -= w * (y[r] ? log(mu) : log(1 - mu));
        *wsum += w;
        (*used)++;
    }
}

double ls_logit_log_loss_of(const double *eta, const unsigned char *y, const double *rw, size_t n_rows,
                            size_t *n_used)
{
    double sum = 0.0, wsum = 0.0;
    size_t used = 0;
    add_log_loss(eta, y, rw, n_rows, &sum, &wsum, &used);
    if (n_used != NULL) {
        *n_used = used;
    }
    return wsum > 0 ? sum / wsum : NAN;
}

double ls_logit_log_loss(const ls_model *m, const ls_dataset *ds, const double *rw, size_t *n_used)
{
    fit_ctx f;
    memset(&f, 0, sizeof f);
    f.ds = ds;
    double sum = 0.0, wsum = 0.0;
    size_t used = 0;
    double *beta = malloc((m->n_terms ? m->n_terms : 1) * sizeof *beta);
    if (beta == NULL || logit_setup(&f, m, ds, NULL) != LS_OK) {
        free(beta);
        logit_free_ctx(&f);
        return NAN;
    }
    for (size_t t = 0; t < m->n_terms; t++) {
        beta[t] = m->terms[t].weight;
    }
    /* block by block: cross-validation calls this once per fold and penalty */
    double *xb = malloc((size_t)BLOCK_ROWS * (f.p ? f.p : 1) * sizeof *xb);
    double eta[BLOCK_ROWS];
    for (size_t row0 = 0; xb != NULL && row0 < ds->n_rows; row0 += BLOCK_ROWS) {
        size_t rows = ds->n_rows - row0 < BLOCK_ROWS ? ds->n_rows - row0 : BLOCK_ROWS;
        block_linear_predictor(&f, xb, beta, row0, rows, eta);
        add_log_loss(eta, ds->y + row0, rw != NULL ? rw + row0 : NULL, rows, &sum, &wsum, &used);
    }
    free(xb);
    free(beta);
    logit_free_ctx(&f);
    if (n_used != NULL) {
        *n_used = used;
    }
    return wsum > 0 ? sum / wsum : NAN;
}

double ls_logit_lambda_max(const ls_model *m, const ls_dataset *ds, const double *rw, double alpha)
{
    fit_ctx f;
    memset(&f, 0, sizeof f);
    f.ds = ds;
    ls_logit_options o;
    ls_logit_options_init(&o);
    o.row_weights = rw;
    f.opt = &o;
    size_t p = m->n_terms;
    pass_result pr = {0, malloc(p * sizeof *pr.g), malloc(p * p * sizeof *pr.h)};
    double *beta = calloc(p, sizeof *beta);
    double best = NAN;
    if (pr.g != NULL && pr.h != NULL && beta != NULL && logit_setup(&f, m, ds, NULL) == LS_OK) {
        double W = 0, pos = 0;
        for (size_t i = 0; i < ds->n_rows; i++) {
            double w = rw != NULL ? rw[i] : 1.0;
            W += w;
            pos += w * ds->y[i];
        }
        double ybar = pos / W;
        beta[0] = log(ybar / (1 - ybar));
        if (logit_data_pass(&f, beta, &pr) != 0) {
            pr.h[0] = NAN;
        }
        /* at the intercept-only fit every IRLS weight is ybar(1-ybar): H is
         * proportional to X'X and gives each term's variance */
        best = 0.0;
        for (size_t t = 1; t < p; t++) {
            double mean = pr.h[t] / pr.h[0];
            double var = pr.h[t * p + t] / pr.h[0] - mean * mean;
            if (var > 0) {
                double v = fabs(pr.g[t]) / (W * sqrt(var));
                best = v > best ? v : best;
            }
        }
        best /= alpha > 0.001 ? alpha : 0.001;
    }
    free(pr.g);
    free(pr.h);
    free(beta);
    logit_free_ctx(&f);
    return best;
}

int logit_term_moments(const fit_ctx *f, double *mean, double *sd)
{
    size_t p = f->p;
    const double *rw = f->opt != NULL ? f->opt->row_weights : NULL;
    double *xb = malloc((size_t)BLOCK_ROWS * (p ? p : 1) * sizeof *xb);
    double *sum2 = calloc(p ? p : 1, sizeof *sum2);
    if (xb == NULL || sum2 == NULL) {
        free(xb);
        free(sum2);
        return -1;
    }
    memset(mean, 0, p * sizeof *mean);
    double wsum = 0;
    for (size_t row0 = 0; row0 < f->n_rows; row0 += BLOCK_ROWS) {
        size_t rows = f->n_rows - row0 < BLOCK_ROWS ? f->n_rows - row0 : BLOCK_ROWS;
        logit_fill_block(f, xb, row0, rows);
        for (size_t r = 0; r < rows; r++) {
            wsum += rw != NULL ? rw[row0 + r] : 1.0;
        }
        for (size_t a = 0; a < p; a++) {
            const double *x = xb + a * BLOCK_ROWS;
            double s1 = 0, s2 = 0;
            for (size_t r = 0; r < rows; r++) {
                double w = rw != NULL ? rw[row0 + r] : 1.0;
                s1 += w * x[r];
                s2 += w * x[r] * x[r];
            }
            mean[a] += s1;
            sum2[a] += s2;
        }
    }
    for (size_t a = 0; a < p; a++) {
        mean[a] /= wsum;
        double var = sum2[a] / wsum - mean[a] * mean[a];
        sd[a] = var > 0 ? sqrt(var) : 0.0;
    }
    free(xb);
    free(sum2);
    return 0;
}

int logit_count_rows(fit_ctx *f, const ls_model *m, double *positives, size_t *n_used, ls_error *err)
{
    const ls_dataset *ds = f->ds;
    const double *rw = f->opt != NULL ? f->opt->row_weights : NULL;
    double pos = 0.0, wsum = 0.0;
    size_t used = 0;
    for (size_t i = 0; i < ds->n_rows; i++) {
        double w = rw != NULL ? rw[i] : 1.0;
        wsum += w;
        pos += w * ds->y[i];
        used += w > 0;
    }
    f->weight_sum = wsum;
    *positives = pos;
    *n_used = used;
    if (pos <= 0.0 || pos >= wsum) {
        return ls_errorf(err, LS_EDATA, ds->path, 0, 0, "the target '%s' has one class only (%s): nothing to learn",
                         m->target, pos <= 0.0 ? "no lead converted" : "every lead converted");
    }
    return LS_OK;
}
