/* leadscore/train.h: from a CSV of historical leads to a fitted model.
 *
 * Reads and encodes the file (dataset), splits off a holdout (random, or by
 * time: train on earlier leads, test on later ones), weights classes,
 * chooses the penalty by k-fold cross-validation when asked, fits (logit)
 * and records provenance and options in the model's "training" object.
 *
 * Ownership: ls_train() gives the caller a model (ls_model_free) and fills
 * report, whose cv array the caller releases with ls_train_report_free(). */
#ifndef LEADSCORE_TRAIN_H
#define LEADSCORE_TRAIN_H

#include <stddef.h>

#include "leadscore/bands.h"
#include "leadscore/dataset.h"
#include "leadscore/error.h"
#include "leadscore/logit.h"
#include "leadscore/model.h"

/* The default penalty: a light ridge on standardized terms. It changes
 * weights of well-supported terms by well under their standard error, and
 * keeps the estimate finite when a sparse level separates the outcome. */
#define LS_DEFAULT_L2 1e-4
#define LS_CV_LAMBDAS 20
#define LS_CV_MAX_FOLDS 20

typedef struct {
    ls_read_options read;
    double l1, l2;              /* penalties (see logit.h); with cv_folds, l1 > 0 or alpha > 0 picks the path */
    double alpha;               /* elastic-net mix for --cv: 1 lasso, 0 ridge */
    int cv_folds;               /* 0: no cross-validation */
    int balanced;               /* --class-weight balanced */
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
} ls_train_options;

typedef struct {
    double lambda;
    double mean_log_loss, se_log_loss; /* held-out, over folds */
} ls_cv_point;

typedef struct {
    size_t train_rows, holdout_rows;
    double train_log_loss, holdout_log_loss; /* NAN when there is no holdout */
    ls_cv_point cv[LS_CV_LAMBDAS];
    size_t n_cv;
    double chosen_lambda;
    double alpha;
} ls_train_report;

void ls_train_options_init(ls_train_options *options);

int ls_train(const char *path, const ls_train_options *options, ls_model **out, ls_train_report *report,
             ls_error *err);

#endif
