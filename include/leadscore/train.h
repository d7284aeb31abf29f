/* leadscore/train.h: from a CSV of historical leads to a fitted model.
 *
 * Reads and encodes the file (dataset), splits off a holdout (random, or by
 * time: train on earlier leads, test on later ones), weights classes,
 * chooses the penalty by k-fold cross-validation when asked, fits (logit)
 * and records provenance and options in the model (ls_model.training, an
 * ls_provenance; see provenance.h).
 *
 * Ownership: ls_train() gives the caller a model (ls_model_free) and fills
 * the caller's report, which holds no pointers (nothing to release). */
#ifndef LEADSCORE_TRAIN_H
#define LEADSCORE_TRAIN_H

#include <stddef.h>
#include <stdio.h>

#include "leadscore/bands.h"
#include "leadscore/dataset.h"
#include "leadscore/error.h"
#include "leadscore/evaluate.h"
#include "leadscore/logit.h"
#include "leadscore/model.h"

/* The default penalty: a light ridge on standardized terms. It changes
 * weights of well-supported terms by well under their standard error, and
 * keeps the estimate finite when a sparse level separates the outcome. */
#define LS_DEFAULT_L2 1e-4
#define LS_CV_MAX_FOLDS 20
/* l1, l2 and alpha of ls_train_options before the caller sets them. */
#define LS_PENALTY_UNSET (-1.0)

typedef struct {
    ls_read_options read;
    /* The penalty (see logit.h). Each starts LS_PENALTY_UNSET (any negative
     * value means "not given"), and ls_train_penalty() combines them:
     *   none given          l2 = LS_DEFAULT_L2, l1 = 0 (a light ridge)
     *   l2 only             ridge l2, l1 = 0
     *   l1 only             lasso l1, l2 = 0
     *   l1 and l2           both as given
     *   l1 and alpha        elastic net of strength l1: alpha*l1 and (1-alpha)*l1
     *   l1, l2 and alpha    LS_EUSAGE
     *   alpha without l1    LS_EUSAGE, unless cv_folds is set
     * With cv_folds the final penalty is chosen by cross-validation along a
     * path mixed by alpha: as given, else 1 (lasso) when l1 > 0, else 0
     * (ridge); l1 and l2 then only pick that default. */
    double l1, l2;
    double alpha;               /* elastic-net mix, 0 to 1: 1 lasso, 0 ridge */
    int cv_folds;               /* 0: no cross-validation */
    int balanced;               /* weight both classes equally; the intercept is corrected back */
    double holdout;             /* share of rows held out at random, 0 for none */
    unsigned long seed;
    const char *time_column;    /* out-of-time holdout: rows on or after test_from */
    const char *test_from;      /* YYYY-MM-DD */
    ls_bands bands;
    int max_iterations;
    ls_logit_solver solver;
    void (*iteration_progress)(void *ctx, int iteration, double log_likelihood);
    void *progress_ctx;
    const char *options_text;   /* the command line, recorded in the model */
    /* Called, when not NULL, once the file is read and the terms are built,
     * before any fit: the caller can examine the data (leakage.h) without
     * reading the file twice. is_train marks the rows the fit uses. */
    void (*examine)(void *ctx, const ls_dataset *ds, const ls_model *terms, const unsigned char *is_train);
    void *examine_ctx;
} ls_train_options;

/* ls_cv_point and ls_train_report are declared in provenance.h: the model
 * keeps the same numbers. */

/* Defaults: no penalty given (so LS_DEFAULT_L2 applies), seed 1, 100
 * iterations, default bands and reading options. */
void ls_train_options_init(ls_train_options *options);

/* The rule above: the l1, l2 and elastic-net mix a training run without
 * cross-validation fits with (with it, *alpha is the path's mix). Errors:
 * LS_EUSAGE for a combination that has no meaning, or a value out of range
 * (alpha above 1, a NaN). */
int ls_train_penalty(const ls_train_options *options, double *l1, double *l2, double *alpha, ls_error *err);

/* Reads, splits, fits. With a holdout (holdout > 0, or time_column and
 * test_from) the encoding is learnt from the training rows only (see
 * ls_read_options.select_rows): held-out rows take no part in level counts,
 * folding, reference levels or medians. */
int ls_train(const char *path, const ls_train_options *options, ls_model **out, ls_train_report *report,
             ls_error *err);

/* What ls_train_ex() adds to ls_train(). */
typedef struct {
    /* in: where to write the held-out rows (the header, then each held-out
     * record's fields in file order, quoted where needed), or NULL */
    FILE *holdout_rows;
    /* in: how to evaluate the held-out rows (target and bands come from the
     * training run and the model) */
    ls_evaluate_options evaluate;
    /* out: the held-out rows scored through the saved model's scorer, as
     * 'evaluate' would score them; NULL without held-out rows, and when the
     * data came from standard input (it cannot be read twice). Release with
     * ls_evaluation_free(). */
    ls_evaluation *holdout;
    long holdout_unseen;        /* out: held-out cells whose level training never saw (scored as the reference) */
    size_t unlabelled_rows;     /* out: rows skipped for a blank outcome (read.outcome.skip_unlabelled) */
    long first_unlabelled_line; /* out: the first of them */
} ls_train_extras;

/* ls_train(), and the held-out rows evaluated (and written) as extras asks.
 * extras may be NULL. The held-out rows are read a second time from path. */
int ls_train_ex(const char *path, const ls_train_options *options, ls_train_extras *extras, ls_model **out,
                ls_train_report *report, ls_error *err);

#endif
