/* leadscore/logit.h: fitting logistic regression to a dataset.
 *
 * Minimises the penalized mean log-loss
 *     -(1/W) sum_i w_i log L_i(beta) + l1 sum_j s_j |beta_j| + (l2/2) sum_j s_j^2 beta_j^2
 * over the model's terms, where w_i are row weights (1 by default, 0 leaves a
 * row out: holdouts and cross-validation folds), W their sum and s_j the
 * standard deviation of term j over the weighted rows: the penalty acts on
 * standardized terms, as glmnet's does, so its strength does not depend on a
 * column's units. The intercept is never penalized. l1 = l2 = 0 is maximum
 * likelihood and agrees with R's glm(family = binomial).
 *
 * Method: Newton's method (IRLS) with step halving. Each iteration is one pass
 * over the encoded rows, in blocks: X'WX accumulated with BLAS dsyrk, solved
 * by Cholesky on the equilibrated matrix (LAPACK dpotrf). With l1 > 0 each
 * Newton step solves its quadratic model by coordinate descent (proximal
 * Newton, as glmnet's covariance updates do). Terms collinear with earlier
 * ones are found on the first pass and dropped (weight 0, aliased = 1), the way
 * R reports NA for them. Without a penalty, perfect or quasi-complete
 * separation is detected and reported, never returned as huge weights.
 *
 * With more than LS_NEWTON_MAX_TERMS terms (or on request) the fit uses GSL's
 * vector BFGS2 (a limited-memory quasi-Newton method) on standardized terms
 * instead, each step one pass computing only the gradient; it takes no l1. */
#ifndef LEADSCORE_LOGIT_H
#define LEADSCORE_LOGIT_H

#include <stddef.h>

#include "leadscore/dataset.h"
#include "leadscore/error.h"
#include "leadscore/model.h"

/* Newton needs X'WX, p^2 per row and pass: past this many terms the fit
 * switches to quasi-Newton (L-BFGS), p per row and pass. */
#define LS_NEWTON_MAX_TERMS 400
/* Past this many terms no standard errors are computed (one X'WX would cost
 * more than the whole fit). */
#define LS_STATISTICS_MAX_TERMS 2000

typedef enum { LS_SOLVER_AUTO = 0, LS_SOLVER_NEWTON, LS_SOLVER_LBFGS } ls_logit_solver;

typedef struct {
    double l1, l2;              /* penalty strengths, >= 0 */
    ls_logit_solver solver;     /* AUTO: Newton up to LS_NEWTON_MAX_TERMS terms */
    int max_iterations;         /* default 100 */
    double tolerance;           /* relative change of the deviance; default 1e-11 */
    const double *row_weights;  /* n_rows, or NULL for all 1 */
    /* n_rows, or NULL. On success, each row's linear predictor x_i'w at the
     * returned weights (rows of weight 0 too), exactly as
     * ls_logit_linear_predictor() computes it: Newton's last pass is at those
     * weights and already holds it, so whoever needs the fitted
     * probabilities afterwards (the training profile, the training log-loss)
     * skips a pass over the data. */
    double *linear_predictor;
    void (*progress)(void *ctx, int iteration, double log_likelihood);
    void *progress_ctx;
} ls_logit_options;

void ls_logit_options_init(ls_logit_options *options);

/* Fits model's terms on ds (which must be the data the model was built
 * from, or data with the same columns) and fills weights, statistics, term
 * means and scales, and model->fit. Errors: LS_EDATA (one class, fewer rows
 * than terms), LS_ENOCONV (no convergence, separation). On error the model's
 * weights are unspecified. */
int ls_logit_fit(ls_model *model, const ls_dataset *ds, const ls_logit_options *options, ls_error *err);

/* Mean log-loss of the model on the rows with weight > 0 (weights used as
 * given), with probabilities clipped to [1e-15, 1 - 1e-15] as scikit-learn
 * does. Also returns the number of rows used. NaN when out of memory. */
double ls_logit_log_loss(const ls_model *model, const ls_dataset *ds, const double *row_weights, size_t *n_used);

/* The same from linear predictors already at hand (eta[i] for row i, as
 * ls_logit_linear_predictor() gives them); y holds the outcomes. Equal, bit
 * for bit, to ls_logit_log_loss() on the model eta came from. */
double ls_logit_log_loss_of(const double *eta, const unsigned char *y, const double *row_weights, size_t n_rows,
                            size_t *n_used);

/* x_i'w for every row of ds (ds->n_rows values into eta) at the model's
 * weights: one pass over the encoded rows. Errors: LS_ENOMEM, LS_EDATA when
 * a column of the model is not in ds. */
int ls_logit_linear_predictor(const ls_model *model, const ls_dataset *ds, double *eta, ls_error *err);

/* The smallest penalty lambda that keeps every term at zero with the given
 * elastic-net mix (glmnet's lambda_max; alpha below 0.001 counts as 0.001):
 * the top of a cross-validation path. */
double ls_logit_lambda_max(const ls_model *model, const ls_dataset *ds, const double *row_weights, double alpha);

#endif
