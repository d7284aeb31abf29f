/* logit_internal.h: the design-block machinery shared by the solvers.
 *
 * A fit_ctx says how to rebuild the design matrix of a model's active terms a
 * block of rows at a time from a dataset; data_pass() sweeps every row once
 * and returns the log-likelihood, its gradient and (when asked) X'WX. Newton
 * (logit.c) and the quasi-Newton solver for many terms (logit_lbfgs.c) both
 * stand on it. */
#ifndef LEADSCORE_LOGIT_INTERNAL_H
#define LEADSCORE_LOGIT_INTERNAL_H

#include "leadscore/logit.h"

#define BLOCK_ROWS 512

/* How to build one column of the design block. */
typedef struct {
    ls_term_kind kind;
    const double *values;
    uint32_t level;
    size_t cat;           /* LS_TERM_LEVEL: index into fit_ctx.cats */
    double impute;
} term_source;

/* A categorical input: its rows' level indices and the active term (column
 * of the block) of each level, -1 for the reference and dropped terms. The
 * block gets one scattered 1 per row and input instead of a comparison per
 * row and level. */
typedef struct {
    const uint32_t *codes;
    size_t n_levels;
    long *column_of_level;
} level_source;

typedef struct {
    const ls_dataset *ds;
    const ls_logit_options *opt;
    size_t n_rows;
    size_t p;             /* active terms */
    size_t *active;       /* model term index of each active term */
    term_source *src;     /* by active term */
    level_source *cats;   /* by categorical input */
    size_t n_cats;
    double weight_sum;
    double *penalty_l1, *penalty_l2; /* per active term: l1 s_j, l2 s_j^2 (0 for the intercept) */
    double *eta_out;      /* n_rows, or NULL: every pass leaves each row's x_i'beta here */
} fit_ctx;

typedef struct {
    double log_likelihood;
    double *g;  /* gradient of the log-likelihood, p */
    double *h;  /* X'WX, p x p, full symmetric */
} pass_result;


/* Builds the active-term list (all terms) and the block sources for m on ds. */
int logit_setup(fit_ctx *f, const ls_model *m, const ls_dataset *ds, ls_error *err);
void logit_free_ctx(fit_ctx *f);

/* Points each categorical input's levels at their active block columns
 * (after the active set changed). */
void logit_map_levels(fit_ctx *f);

/* Fills rows [row0, row0 + rows) of the active terms into xb (column-major,
 * leading dimension BLOCK_ROWS). */
void logit_fill_block(const fit_ctx *f, double *xb, size_t row0, size_t rows);

/* One pass over the data at beta: log-likelihood, gradient and, when out->h
 * is not NULL, X'WX (full symmetric). 0, or -1 when out of memory. */
int logit_data_pass(fit_ctx *f, const double *beta, pass_result *out);

/* Fills weights and their statistics from X'WX at the solution (Newton). */
int logit_fill_statistics(ls_model *m, const fit_ctx *f, const pass_result *pr, const double *beta, ls_error *err);

/* Fills model->fit once a solver has converged. */
void logit_fill_summary(ls_model *m, double log_likelihood, double weight_sum, double positives, size_t rank,
                        int iterations, double objective_mean, size_t rows);

/* The weighted rows and conversions (f->weight_sum, *positives) and the rows
 * with a weight; an error when the outcome has one class only. */
int logit_count_rows(fit_ctx *f, const ls_model *m, double *positives, size_t *n_used, ls_error *err);

/* Weighted mean and standard deviation of each active term, in one pass. */
int logit_term_moments(const fit_ctx *f, double *mean, double *sd);

/* The quasi-Newton solver (logit_lbfgs.c). */
int logit_fit_lbfgs(ls_model *m, const ls_dataset *ds, const ls_logit_options *opt, ls_error *err);

#endif
