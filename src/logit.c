/* logit.c: Newton/IRLS for logistic regression over compactly encoded rows.
 *
 * The design matrix is never stored: each pass rebuilds it a block of rows at
 * a time from the dataset's doubles and level indices, so memory is the
 * encoded data plus one block. All statistics come from the final pass, at
 * the converged weights. */
#include "leadscore/logit.h"

#include <float.h>
#include <gsl/gsl_cblas.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "logit_internal.h"

/* LAPACK, as OpenBLAS exports it (Debian builds no LAPACKE for it). */
extern void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info);
extern void dpotrs_(const char *uplo, const int *n, const int *nrhs, const double *a, const int *lda, double *b,
                    const int *ldb, int *info);
extern void dpotri_(const char *uplo, const int *n, double *a, const int *lda, int *info);

/* 1 - R^2 of a term on the earlier terms below which it counts as aliased. */
#define ALIAS_TOLERANCE 1e-9
/* |weight| on a 0/1 term (or per standard deviation) past which the estimate
 * is a separation artefact: an odds ratio of e^15 = 3.3 million. */
#define SEPARATION_WEIGHT 15.0


void ls_logit_options_init(ls_logit_options *o)
{
    memset(o, 0, sizeof *o);
    o->max_iterations = 100;
    o->tolerance = 1e-11;
    o->solver = LS_SOLVER_AUTO;
}





/* Penalized objective on the deviance scale: -2 ll + 2 W penalty. */
static double objective(const fit_ctx *f, const double *beta, double ll)
{
    double pen = 0.0;
    for (size_t a = 0; a < f->p; a++) {
        pen += f->penalty_l1[a] * fabs(beta[a]) + 0.5 * f->penalty_l2[a] * beta[a] * beta[a];
    }
    return -2.0 * ll + 2.0 * f->weight_sum * pen;
}

/* Solves (H + P) x = b in place by Cholesky on the equilibrated matrix; with
 * inverse non-NULL also writes (H + P)^-1. Returns 0, or -1 when the matrix is
 * not positive definite. */
static int solve_spd(size_t p, const double *h, const double *pen_l2, double weight_sum, double *b, double *inverse)
{
    int n = (int)p, one = 1, info = 0;
    double *a = malloc(p * p * sizeof *a);
    double *d = malloc(p * sizeof *d);
    if (a == NULL || d == NULL) {
        free(a);
        free(d);
        return -1;
    }
    for (size_t i = 0; i < p; i++) {
        double diag = h[i * p + i] + weight_sum * pen_l2[i];
        d[i] = diag > 0 ? 1.0 / sqrt(diag) : 1.0;
    }
    for (size_t i = 0; i < p; i++) {
        for (size_t j = 0; j < p; j++) {
            double v = h[i * p + j] + (i == j ? weight_sum * pen_l2[i] : 0.0);
            a[i * p + j] = d[i] * v * d[j];
        }
    }
    dpotrf_("L", &n, a, &n, &info);
    if (info == 0 && b != NULL) {
        for (size_t i = 0; i < p; i++) {
            b[i] *= d[i];
        }
        dpotrs_("L", &n, &one, a, &n, b, &n, &info);
        for (size_t i = 0; i < p; i++) {
            b[i] *= d[i];
        }
    }
    if (info == 0 && inverse != NULL) {
        dpotri_("L", &n, a, &n, &info);
        for (size_t i = 0; i < p && info == 0; i++) {
            for (size_t j = 0; j <= i; j++) {
                /* column-major lower = row-major upper: a[j * p + i] holds (i, j), i >= j */
                double v = a[j * p + i] * d[i] * d[j];
                inverse[i * p + j] = inverse[j * p + i] = v;
            }
        }
    }
    free(a);
    free(d);
    return info == 0 ? 0 : -1;
}

/* Coordinate descent on the quadratic model of the penalized objective around
 * beta (a proximal Newton step): minimises
 *   1/2 (b - beta)' H (b - beta) - g'(b - beta) + W sum_j (pen_l1_j |b_j| + pen_l2_j b_j^2 / 2). */
static void prox_newton_step(const fit_ctx *f, const pass_result *pr, const double *beta, double *next)
{
    size_t p = f->p;
    const double *h = pr->h;
    double W = f->weight_sum;
    memcpy(next, beta, p * sizeof *next);
    for (int sweep = 0; sweep < 1000; sweep++) {
        double max_change = 0.0;
        for (size_t j = 0; j < p; j++) {
            /* gradient of the smooth part at next, without the j-th diagonal */
            double r = pr->g[j];
            for (size_t k = 0; k < p; k++) {
                r -= h[j * p + k] * (next[k] - beta[k]);
            }
            double hjj = h[j * p + j];
            double z = r + hjj * next[j];
            double thr = W * f->penalty_l1[j];
            double num = z > thr ? z - thr : z < -thr ? z + thr : 0.0;
            double v = num / (hjj + W * f->penalty_l2[j]);
            double change = fabs(v - next[j]) * sqrt(hjj);
            if (change > max_change) {
                max_change = change;
            }
            next[j] = v;
        }
        if (max_change < 1e-12) {
            break;
        }
    }
}

/* Drops terms collinear with earlier ones: a Cholesky of the equilibrated
 * X'X (first pass, where all IRLS weights are equal) that skips a column
 * whose residual 1 - R^2 on the kept ones falls below ALIAS_TOLERANCE. Keeps
 * the earlier term, as R's pivoting QR does. Returns the number kept. */
static size_t find_aliased(size_t p, const double *h, int *aliased)
{
    double *l = calloc(p * p, sizeof *l);
    size_t kept = 0;
    if (l == NULL) {
        return p;
    }
    for (size_t j = 0; j < p; j++) {
        double djj = h[j * p + j];
        aliased[j] = 0;
        if (djj <= 0) {
            aliased[j] = 1;
            continue;
        }
        double rjj = 1.0;
        for (size_t k = 0; k < j; k++) {
            if (!aliased[k]) {
                rjj -= l[j * p + k] * l[j * p + k];
            }
        }
        if (rjj < ALIAS_TOLERANCE) {
            aliased[j] = 1;
            continue;
        }
        double ljj = sqrt(rjj);
        l[j * p + j] = ljj;
        for (size_t i = j + 1; i < p; i++) {
            double dii = h[i * p + i];
            if (dii <= 0) {
                continue;
            }
            double v = h[i * p + j] / sqrt(dii * djj);
            for (size_t k = 0; k < j; k++) {
                if (!aliased[k]) {
                    v -= l[i * p + k] * l[j * p + k];
                }
            }
            l[i * p + j] = v / ljj;
        }
        kept++;
    }
    free(l);
    return kept;
}


/* Removes the aliased terms from the active set, H and g. */
static void compact(fit_ctx *f, pass_result *pr, double *beta, const int *aliased)
{
    size_t p = f->p, q = 0;
    for (size_t a = 0; a < p; a++) {
        if (aliased[a]) {
            continue;
        }
        size_t r = 0;
        for (size_t b = 0; b < p; b++) {
            if (!aliased[b]) {
                pr->h[q * p + r] = pr->h[a * p + b];
                r++;
            }
        }
        f->active[q] = f->active[a];
        f->src[q] = f->src[a];
        f->penalty_l1[q] = f->penalty_l1[a];
        f->penalty_l2[q] = f->penalty_l2[a];
        pr->g[q] = pr->g[a];
        beta[q] = beta[a];
        q++;
    }
    /* repack H from stride p to stride q */
    for (size_t a = 0; a < q; a++) {
        memmove(pr->h + a * q, pr->h + a * p, q * sizeof *pr->h);
    }
    f->p = q;
    logit_map_levels(f);
}



/* Without a penalty, weights beyond SEPARATION_WEIGHT (per unit of a 0/1 term,
 * per standard deviation of a numeric one) mean the likelihood has no
 * maximum: some combination of terms predicts the outcome perfectly. */
static int check_separation(const ls_model *m, const ls_dataset *ds, ls_error *err)
{
    size_t worst = 0;
    double worst_size = 0.0;
    for (size_t t = 1; t < m->n_terms; t++) {
        const ls_term *term = &m->terms[t];
        double size = fabs(term->weight) * (term->kind == LS_TERM_NUMERIC ? term->scale : 1.0);
        if (!term->aliased && size > worst_size) {
            worst_size = size;
            worst = t;
        }
    }
    if (worst_size > SEPARATION_WEIGHT) {
        /* the remedies (regroup or drop the column, or a penalty) go as hints */
        return ls_error_hint(err,
                             ls_errorf(err, LS_ENOCONV, ds->path, 0, 0,
                                       "perfect or quasi-complete separation: term '%s' predicts the outcome "
                                       "(almost) perfectly (weight %.3g, odds ratio %.3g), so the maximum "
                                       "likelihood estimate does not exist without a penalty",
                                       m->terms[worst].name, m->terms[worst].weight, exp(m->terms[worst].weight)),
                             LS_HINT_EXCLUDE | LS_HINT_PENALTY);
    }
    return LS_OK;
}

int logit_fill_statistics(ls_model *m, const fit_ctx *f, const pass_result *pr, const double *beta, ls_error *err)
{
    size_t p = f->p;
    double *cov = malloc(p * p * sizeof *cov);
    if (cov == NULL) {
        return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    if (solve_spd(p, pr->h, f->penalty_l2, f->weight_sum, NULL, cov) != 0) {
        free(cov);
        return ls_errorf(err, LS_ENOCONV, NULL, 0, 0, "the information matrix is singular at the solution");
    }
    const double zq = gsl_cdf_ugaussian_Pinv(0.975);
    int lasso = 0;
    for (size_t a = 0; a < p; a++) {
        lasso |= f->penalty_l1[a] > 0;
    }
    for (size_t a = 0; a < p; a++) {
        ls_term *t = &m->terms[f->active[a]];
        t->weight = beta[a];
        if (lasso && beta[a] == 0.0 && t->kind != LS_TERM_INTERCEPT) {
            continue; /* dropped by the lasso: no standard error */
        }
        double se = sqrt(cov[a * p + a]);
        t->std_error = se;
        t->z = beta[a] / se;
        t->p_value = 2.0 * gsl_cdf_ugaussian_Q(fabs(t->z));
        t->ci_low = beta[a] - zq * se;
        t->ci_high = beta[a] + zq * se;
    }
    free(cov);
    return LS_OK;
}

void logit_fill_summary(ls_model *m, double log_likelihood, double weight_sum, double positives, size_t rank,
                        int iterations, double objective_mean, size_t rows)
{
    /* null model: the intercept alone, whose MLE is the weighted base rate */
    double ybar = positives / weight_sum;
    double null_ll = weight_sum * (ybar * log(ybar) + (1 - ybar) * log(1 - ybar));
    m->fit.log_likelihood = log_likelihood;
    m->fit.deviance = -2.0 * log_likelihood;
    m->fit.null_deviance = -2.0 * null_ll;
    m->fit.rank = rank;
    m->fit.aic = m->fit.deviance + 2.0 * (double)rank;
    m->fit.objective = objective_mean;
    m->fit.iterations = iterations;
    m->fit.converged = 1;
    m->fit.rows = rows;
    m->fit.positives = (size_t)llround(positives);
}

/* Newton's method; see ls_logit_fit(). Leaves *eta_done 1 when the last
 * pass was at the returned weights over every term, so that the linear
 * predictors it left in opt->linear_predictor are the model's own. */
static int fit_newton(ls_model *m, const ls_dataset *ds, const ls_logit_options *opt, int *eta_done, ls_error *err)
{
    if (ds->y == NULL) {
        return ls_errorf(err, LS_EUSAGE, NULL, 0, 0, "fitting needs a target column");
    }
    /* OpenBLAS's thread count is the program's choice (leadscore.h) */
    fit_ctx f;
    memset(&f, 0, sizeof f);
    f.ds = ds;
    f.opt = opt;
    f.eta_out = opt->linear_predictor;
    size_t p = m->n_terms;
    pass_result pr = {0, malloc(p * sizeof *pr.g), malloc(p * p * sizeof *pr.h)};
    double *beta = calloc(p, sizeof *beta), *next = calloc(p, sizeof *next);
    double *prev_g = malloc(p * sizeof *prev_g), *prev_h = malloc(p * p * sizeof *prev_h);
    int *aliased = calloc(p, sizeof *aliased);
    int status = logit_setup(&f, m, ds, err);
    if (status == LS_OK && (pr.g == NULL || pr.h == NULL || beta == NULL || next == NULL || aliased == NULL ||
                            prev_g == NULL || prev_h == NULL)) {
        status = ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    if (status != LS_OK) {
        goto done;
    }

    double pos;
    size_t n_used;
    if ((status = logit_count_rows(&f, m, &pos, &n_used, err)) != LS_OK) {
        goto done;
    }
    double wsum = f.weight_sum;
    if (n_used <= p) {
        status = ls_error_hint(err,
                               ls_errorf(err, LS_EDATA, ds->path, 0, 0,
                                         "%zu rows for %zu terms: a fit needs more rows than terms", n_used, p),
                               LS_HINT_EXCLUDE | LS_HINT_MIN_LEVEL_COUNT);
        goto done;
    }

    /* First pass at the intercept-only start: every IRLS weight is equal, so
     * H is proportional to X'X and gives term means, scales and aliasing. */
    double ybar = pos / wsum;
    beta[0] = log(ybar / (1.0 - ybar));
    if (logit_data_pass(&f, beta, &pr) != 0) {
        status = ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    double h00 = pr.h[0];
    for (size_t t = 0; t < p; t++) {
        double mean = pr.h[t] / h00;
        double var = pr.h[t * p + t] / h00 - mean * mean;
        m->terms[t].mean = mean;
        m->terms[t].scale = var > 0 ? sqrt(var) : 0.0;
        m->terms[t].aliased = 0;
        if (t > 0) {
            f.penalty_l1[t] = opt->l1 * m->terms[t].scale;
            f.penalty_l2[t] = opt->l2 * m->terms[t].scale * m->terms[t].scale;
        }
    }
    m->terms[0].mean = 1.0;
    size_t kept = find_aliased(p, pr.h, aliased);
    if (kept < p) {
        for (size_t t = 0; t < p; t++) {
            m->terms[t].aliased = aliased[t];
            if (aliased[t]) {
                m->terms[t].weight = 0.0;
            }
        }
        compact(&f, &pr, beta, aliased);
        p = f.p;
    }
    if (!(pr.h[0] > 0)) {
        status = ls_errorf(err, LS_EDATA, ds->path, 0, 0, "no rows to fit");
        goto done;
    }

    double obj = objective(&f, beta, pr.log_likelihood);
    int converged = 0, iter = 0;
    /* the last pass was at beta, and it covered every term: the model's
     * predictor multiplies aliased terms by their weight 0, which is the
     * same sum only when there are none */
    int last_pass_at_beta = kept == m->n_terms;
    for (iter = 1; iter <= opt->max_iterations; iter++) {
        int lasso = opt->l1 > 0;
        if (lasso) {
            prox_newton_step(&f, &pr, beta, next);
        } else {
            /* Newton: next = beta + (H + P)^-1 (g - W P beta) */
            for (size_t a = 0; a < p; a++) {
                next[a] = pr.g[a] - f.weight_sum * f.penalty_l2[a] * beta[a];
            }
            if (solve_spd(p, pr.h, f.penalty_l2, f.weight_sum, next, NULL) != 0) {
                status = ls_error_hint(err,
                                       ls_errorf(err, LS_ENOCONV, ds->path, 0, 0,
                                                 "the information matrix became singular at iteration %d "
                                                 "(separation?)",
                                                 iter),
                                       LS_HINT_PENALTY);
                goto done;
            }
            for (size_t a = 0; a < p; a++) {
                next[a] += beta[a];
            }
        }
        /* step halving, as R's glm.fit does when the deviance rises */
        double new_obj = obj;
        memcpy(prev_g, pr.g, p * sizeof *prev_g);
        memcpy(prev_h, pr.h, p * p * sizeof *prev_h);
        double prev_ll = pr.log_likelihood;
        for (int halving = 0;; halving++) {
            if (logit_data_pass(&f, next, &pr) != 0) {
                status = ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
                goto done;
            }
            new_obj = objective(&f, next, pr.log_likelihood);
            if (isfinite(new_obj) && new_obj <= obj * (1 + 1e-15) + 1e-12) {
                break;
            }
            if (halving == 40) {
                /* no step lowers the objective: beta is optimal to rounding */
                new_obj = obj;
                last_pass_at_beta = 0; /* it was at the rejected step */
                memcpy(next, beta, p * sizeof *next);
                memcpy(pr.g, prev_g, p * sizeof *prev_g);
                memcpy(pr.h, prev_h, p * p * sizeof *prev_h);
                pr.log_likelihood = prev_ll;
                break;
            }
            for (size_t a = 0; a < p; a++) {
                next[a] = beta[a] + 0.5 * (next[a] - beta[a]);
            }
        }
        double change = fabs(new_obj - obj) / (fabs(new_obj) + 0.1);
        memcpy(beta, next, p * sizeof *beta);
        obj = new_obj;
        if (opt->progress != NULL) {
            opt->progress(opt->progress_ctx, iter, pr.log_likelihood);
        }
        if (change < opt->tolerance) {
            converged = 1;
            break;
        }
    }
    if (!converged) {
        status = ls_error_hint(err,
                               ls_errorf(err, LS_ENOCONV, ds->path, 0, 0,
                                         "no convergence within %d iterations (relative change still above %g)",
                                         opt->max_iterations, opt->tolerance),
                               LS_HINT_MAX_ITERATIONS | LS_HINT_PENALTY);
        goto done;
    }
    if ((status = logit_fill_statistics(m, &f, &pr, beta, err)) != LS_OK) {
        goto done;
    }
    if (opt->l1 == 0 && opt->l2 == 0 && (status = check_separation(m, ds, err)) != LS_OK) {
        goto done;
    }
    logit_fill_summary(m, pr.log_likelihood, wsum, pos, p, iter, obj / (2.0 * wsum), n_used);
    *eta_done = last_pass_at_beta;

done:
    logit_free_ctx(&f);
    free(pr.g);
    free(pr.h);
    free(beta);
    free(next);
    free(prev_g);
    free(prev_h);
    free(aliased);
    return status;
}

int ls_logit_fit(ls_model *m, const ls_dataset *ds, const ls_logit_options *opt, ls_error *err)
{
    int eta_done = 0;
    int status = opt->solver == LS_SOLVER_LBFGS || (opt->solver == LS_SOLVER_AUTO && m->n_terms > LS_NEWTON_MAX_TERMS)
                     ? logit_fit_lbfgs(m, ds, opt, err)
                     : fit_newton(m, ds, opt, &eta_done, err);
    if (status == LS_OK && opt->linear_predictor != NULL && !eta_done) {
        /* the quasi-Newton solver works on standardized terms, and Newton's
         * last pass may not have been the model's: one more pass */
        status = ls_logit_linear_predictor(m, ds, opt->linear_predictor, err);
    }
    return status;
}
