/* leadscore/provenance.h: where a model came from, typed.
 *
 * ls_train() fills an ls_provenance and the model file keeps it as the
 * "training" object; ls_model_load() reads it back field by field and refuses
 * a file whose required fields are missing or of the wrong type, so code that
 * reads a loaded provenance never meets a hole. The JSON keys are given in
 * brackets below: they are the ones model files have always used.
 *
 * Optional fields, and why (everything else is required once "training" is
 * present; "training" itself is optional: a model fitted with ls_logit_fit()
 * directly has none, and ls_model.training is then NULL):
 *   command_line                 only when the caller passed options_text;
 *   options.time_column/test_from  only with an out-of-time holdout (together);
 *   options.solver               files from before the quasi-Newton solver
 *                                 (read as "auto");
 *   options.alpha                 files from before it was recorded (NAN);
 *   options.positive              only when the outcome was read with a
 *                                 positive value (target.h), and set by
 *                                 ls_provenance_set_positive();
 *   columns_not_used[].on_request files from before it was recorded (0);
 *   evaluation.holdout_log_loss  only when there were holdout rows (NAN);
 *   cross_validation             only when the penalty was chosen by it.
 * Log-losses may be null in a file (cJSON writes a non-finite number so) and
 * read as NAN. The placeholders read as missing (--na) are not here: they
 * change how cells are read, so they live in ls_model.na.
 *
 * Ownership: a provenance owns every string in it; ls_provenance_free()
 * releases it (NULL is a no-op). */
#ifndef LEADSCORE_PROVENANCE_H
#define LEADSCORE_PROVENANCE_H

#include <stddef.h>

#include "leadscore/dataset.h"

#define LS_CV_LAMBDAS 20

/* An owned list of strings (column names). */
typedef struct {
    char **items;
    size_t n;
} ls_string_list;

/* A column of the training file that no term uses, and why. */
typedef struct {
    char *column;           /* ["column"] */
    ls_column_type type;    /* ["type"]: id, date, constant, empty or excluded */
    char *note;             /* ["note"]: the reason in words, "" when none */
    int on_request;         /* ["on_request"]: the caller set its role (id,
                             * exclude), as opposed to inferred from the data */
} ls_unused_column;

/* One point of a cross-validation curve. */
typedef struct {
    double lambda;
    double mean_log_loss, se_log_loss; /* held-out, over folds */
} ls_cv_point;

/* What a training run measured: the split, log-losses and the
 * cross-validation curve. ls_train() fills one for its caller and the same
 * numbers are kept in the provenance (["evaluation"], ["cross_validation"]). */
typedef struct {
    size_t train_rows, holdout_rows;
    double train_log_loss, holdout_log_loss; /* NAN when there is no holdout */
    ls_cv_point cv[LS_CV_LAMBDAS];           /* ["cross_validation"]["curve"] */
    size_t n_cv;                             /* 0 without cross-validation */
    double chosen_lambda;
    double alpha;
} ls_train_report;

/* The options of a training run as they were applied (["options"]). */
typedef struct {
    double l1, l2;              /* the penalty of the final fit (after cross-validation) */
    double alpha;               /* the elastic-net mix; NAN when the file predates it */
    int cv_folds;               /* 0: no cross-validation */
    int balanced;               /* ["class_weight"]: "balanced" or "none" */
    double holdout;             /* share held out at random */
    unsigned long seed;
    char *time_column;          /* NULL without an out-of-time holdout */
    char *test_from;            /* YYYY-MM-DD, with time_column */
    long min_level_count;
    int max_iterations;
    char *solver;               /* "auto", "newton" or "lbfgs" */
    char *positive;             /* the outcome value that meant converted, trimmed, as the
                                 * caller spelled it (it matched in any case); NULL when
                                 * the outcome was read as 1/0, yes/no, ... words */
    ls_string_list id, exclude, categorical, numeric; /* column roles the caller set */
} ls_train_settings;

typedef struct {
    char *source_file;          /* base name of the training file */
    char *source_sha256;        /* hex digest of its bytes, or "unknown" */
    size_t source_rows, source_positives;
    char *trained_at;           /* UTC, YYYY-MM-DDTHH:MM:SSZ */
    char *leadscore_version;
    char *command_line;         /* NULL when not given */
    ls_train_settings options;
    ls_unused_column *columns_not_used;
    size_t n_columns_not_used;
    ls_train_report evaluation; /* cv fields: ["cross_validation"] */
    int cv_folds;               /* ["cross_validation"]["folds"], 0 without */
} ls_provenance;

void ls_provenance_free(ls_provenance *provenance);

/* Records in p the positive value the training run read its outcome with
 * (ls_target_options.positive; NULL records none), so that exports can name
 * the classes; ls_train() records it from its options. Returns 0, or -1 when
 * out of memory. */
int ls_provenance_set_positive(ls_provenance *p, const char *positive);

/* Copies list into out (owned); 0, or -1 when out of memory. */
int ls_string_list_copy(ls_string_list *out, const char *const *items, size_t n);
void ls_string_list_free(ls_string_list *list);

#endif
