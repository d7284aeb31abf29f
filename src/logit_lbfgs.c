/* logit_lbfgs.c: the quasi-Newton solver, for models with many terms.
 *
 * Newton needs X'WX, whose cost grows with the square of the terms; past
 * LS_NEWTON_MAX_TERMS the fit minimises the same penalized mean log-loss with
 * GSL's vector BFGS2 instead, each evaluation one pass that computes only the
 * log-likelihood and its gradient. It works on standardized terms (u_j =
 * s_j beta_j), where the problem is well conditioned whatever the units.
 * Terms constant over the rows are dropped as aliased with the intercept. */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "logit_internal.h"

typedef struct {
    fit_ctx *f;
    pass_result pr;
    double *beta, *scale, *last_u;
    int have_last, failed;
    int passes;
} lbfgs_ctx;

/* One pass at u, unless u is where the last pass was. */
static void evaluate(lbfgs_ctx *c, const gsl_vector *u)
{
    size_t p = c->f->p;
    if (c->have_last && u->stride == 1 && memcmp(c->last_u, u->data, p * sizeof *c->last_u) == 0) {
        return;
    }
    for (size_t a = 0; a < p; a++) {
        c->last_u[a] = gsl_vector_get(u, a);
        c->beta[a] = c->last_u[a] / c->scale[a];
    }
    if (logit_data_pass(c->f, c->beta, &c->pr) != 0) {
        c->failed = 1;
    }
    c->have_last = 1;
    c->passes++;
}

static double penalized(const lbfgs_ctx *c)
{
    double pen = 0;
    for (size_t a = 0; a < c->f->p; a++) {
        pen += 0.5 * c->f->penalty_l2[a] * c->beta[a] * c->beta[a];
    }
    return -c->pr.log_likelihood / c->f->weight_sum + pen;
}

static void gradient(const lbfgs_ctx *c, gsl_vector *g)
{
    for (size_t a = 0; a < c->f->p; a++) {
        double d = -c->pr.g[a] / c->f->weight_sum + c->f->penalty_l2[a] * c->beta[a];
        gsl_vector_set(g, a, d / c->scale[a]);
    }
}

static double objective_f(const gsl_vector *u, void *params)
{
    evaluate(params, u);
    return penalized(params);
}

static void objective_df(const gsl_vector *u, void *params, gsl_vector *g)
{
    evaluate(params, u);
    gradient(params, g);
}

static void objective_fdf(const gsl_vector *u, void *params, double *value, gsl_vector *g)
{
    evaluate(params, u);
    *value = penalized(params);
    gradient(params, g);
}

/* Removes the terms marked in drop from the active set. */
static void drop_terms(fit_ctx *f, const int *drop, double *scale)
{
    size_t q = 0;
    for (size_t a = 0; a < f->p; a++) {
        if (drop[a]) {
            continue;
        }
        f->active[q] = f->active[a];
        f->src[q] = f->src[a];
        f->penalty_l1[q] = f->penalty_l1[a];
        f->penalty_l2[q] = f->penalty_l2[a];
        scale[q] = scale[a];
        q++;
    }
    f->p = q;
    logit_map_levels(f);
}

int logit_fit_lbfgs(ls_model *m, const ls_dataset *ds, const ls_logit_options *opt, ls_error *err)
{
    if (opt->l1 > 0) {
        return ls_error_hint(err,
                             ls_errorf(err, LS_EUSAGE, NULL, 0, 0,
                                       "the lasso needs the Newton solver, which takes at most %d terms (this "
                                       "model has %zu)",
                                       LS_NEWTON_MAX_TERMS, m->n_terms),
                             LS_HINT_MIN_LEVEL_COUNT | LS_HINT_RIDGE);
    }
    fit_ctx f;
    memset(&f, 0, sizeof f);
    f.ds = ds;
    f.opt = opt;
    size_t p = m->n_terms;
    lbfgs_ctx c = {&f, {0, malloc(p * sizeof(double)), NULL}, calloc(p, sizeof(double)),
                   calloc(p, sizeof(double)), calloc(p, sizeof(double)), 0, 0, 0};
    double *mean = calloc(p, sizeof *mean);
    int *drop = calloc(p, sizeof *drop);
    gsl_multimin_fdfminimizer *s = NULL;
    gsl_vector *u0 = NULL;
    int status = logit_setup(&f, m, ds, err);
    if (status == LS_OK && (c.pr.g == NULL || c.beta == NULL || c.scale == NULL || c.last_u == NULL ||
                            mean == NULL || drop == NULL || logit_term_moments(&f, mean, c.scale) != 0)) {
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
    for (size_t t = 0; t < p; t++) {
        m->terms[t].mean = t == 0 ? 1.0 : mean[t];
        m->terms[t].scale = c.scale[t];
        m->terms[t].aliased = t > 0 && c.scale[t] == 0;
        m->terms[t].weight = 0;
        drop[t] = m->terms[t].aliased;
        f.penalty_l2[t] = t > 0 ? opt->l2 * c.scale[t] * c.scale[t] : 0;
    }
    c.scale[0] = 1.0;
    drop_terms(&f, drop, c.scale);
    p = f.p;

    s = gsl_multimin_fdfminimizer_alloc(gsl_multimin_fdfminimizer_vector_bfgs2, p);
    u0 = gsl_vector_calloc(p);
    if (s == NULL || u0 == NULL) {
        status = ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    double ybar = pos / wsum;
    gsl_vector_set(u0, 0, log(ybar / (1 - ybar)));
    gsl_multimin_function_fdf fn = {objective_f, objective_df, objective_fdf, p, &c};
    /* GSL reports some failures (no progress, a bad line search) through its
     * error handler, whose default aborts the program: off while GSL works,
     * then the caller's handler again (statuses are checked either way). */
    gsl_error_handler_t *caller_handler = gsl_set_error_handler_off();
    gsl_multimin_fdfminimizer_set(s, &fn, u0, 0.01, 0.1);
    int converged = 0, iter = 0, max_iter = 20 * opt->max_iterations;
    for (iter = 1; iter <= max_iter && !c.failed; iter++) {
        int step = gsl_multimin_fdfminimizer_iterate(s);
        if (opt->progress != NULL) {
            opt->progress(opt->progress_ctx, iter, -s->f * wsum);
        }
        /* the gradient of the mean log-loss per standard deviation of each term */
        if (gsl_multimin_test_gradient(s->gradient, 1e-9) == GSL_SUCCESS) {
            converged = 1;
            break;
        }
        if (step != GSL_SUCCESS) {
            /* no step improves: converged to rounding, or stuck */
            converged = gsl_multimin_test_gradient(s->gradient, 1e-6) == GSL_SUCCESS;
            break;
        }
    }
    gsl_set_error_handler(caller_handler);
    if (c.failed) {
        status = ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    if (!converged) {
        status = ls_error_hint(err,
                               ls_errorf(err, LS_ENOCONV, ds->path, 0, 0,
                                         "no convergence of the quasi-Newton fit within %d iterations "
                                         "(gradient %.3g)",
                                         max_iter, gsl_blas_dnrm2(s->gradient)),
                               LS_HINT_PENALTY | LS_HINT_MIN_LEVEL_COUNT);
        goto done;
    }
    /* statistics: one pass with X'WX at the solution, while it is affordable */
    evaluate(&c, s->x);
    double final_objective = penalized(&c);
    if (p <= LS_STATISTICS_MAX_TERMS) {
        c.pr.h = malloc(p * p * sizeof *c.pr.h);
        if (c.pr.h == NULL || logit_data_pass(&f, c.beta, &c.pr) != 0) {
            status = ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
            goto done;
        }
        if ((status = logit_fill_statistics(m, &f, &c.pr, c.beta, err)) != LS_OK) {
            goto done;
        }
    } else {
        for (size_t a = 0; a < p; a++) {
            m->terms[f.active[a]].weight = c.beta[a];
        }
    }
    logit_fill_summary(m, c.pr.log_likelihood, wsum, pos, p, iter, final_objective, n_used);

done:
    gsl_multimin_fdfminimizer_free(s);
    gsl_vector_free(u0);
    logit_free_ctx(&f);
    free(c.pr.g);
    free(c.pr.h);
    free(c.beta);
    free(c.scale);
    free(c.last_u);
    free(mean);
    free(drop);
    return status;
}
