/* leadscore/model.h: a learned lead-scoring model.
 *
 * A model is the encoding of its input columns (types, levels and reference
 * level, imputation values), the terms built from them with their weights and
 * statistics, the score bands and where it came from. It is everything that
 * scoring needs, so scoring never goes back to the training data.
 *
 * Terms, for an input column c:
 *   numeric c        one term "c" on the raw scale; when c had missing cells in
 *                    training, they are imputed with the median and a 0/1 term
 *                    "c=(missing)" marks them;
 *   categorical c    treatment coding: a 0/1 term "c=Level" for each level but
 *                    the reference (the most frequent). Missing cells are the
 *                    level "(missing)"; rare levels are "(other)".
 * plus "(Intercept)". Weights are on the raw scale whatever the fit did inside.
 *
 * The struct is built by ls_model_from_dataset() and filled by ls_logit_fit()
 * or ls_model_load(); other code reads it. Ownership: the model owns every
 * pointer in it; release with ls_model_free() (NULL is a no-op). */
#ifndef LEADSCORE_MODEL_H
#define LEADSCORE_MODEL_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

#include "leadscore/bands.h"
#include "leadscore/cell.h"
#include "leadscore/dataset.h"
#include "leadscore/error.h"
#include "leadscore/levels.h"
#include "leadscore/provenance.h"

#define LS_MODEL_FORMAT "leadscore-model"
#define LS_MODEL_SCHEMA_VERSION 1

typedef enum { LS_TERM_INTERCEPT, LS_TERM_NUMERIC, LS_TERM_MISSING, LS_TERM_LEVEL } ls_term_kind;

typedef struct {
    char *name;             /* "(Intercept)", "c", "c=(missing)", "c=Level" */
    ls_term_kind kind;
    size_t input;           /* index into inputs (not for the intercept) */
    uint32_t level;         /* LS_TERM_LEVEL: the input's level index */
    double weight;          /* raw scale; 0 when aliased */
    double std_error, z, p_value, ci_low, ci_high; /* NAN when not estimated */
    int aliased;            /* collinear with earlier terms: dropped from the fit */
    double mean;            /* over the training rows: the "average lead" of reasons */
    double scale;           /* standard deviation over the training rows */
} ls_term;

typedef struct {
    char *name;
    int categorical;
    /* numeric */
    double impute;          /* training median, used for missing cells */
    int has_missing_term;
    /* categorical */
    ls_levels *levels;      /* levels that have a meaning: kept, "(missing)", "(other)" */
    ls_levels *folded;      /* keys folded into "(other)" at training */
    size_t reference;
    long missing_level;     /* -1 when training had no missing cell */
    long other_level;       /* -1 when nothing was folded */
} ls_input;

typedef struct {
    double log_likelihood, deviance, null_deviance, aic;
    double objective;       /* penalized mean log-loss actually minimised */
    int iterations, converged;
    size_t rows, positives;
    size_t rank;            /* terms estimated (not aliased) */
} ls_fit_summary;

typedef struct {
    char *kind;             /* "logit" */
    char *target;
    char *id_column;        /* NULL when none */
    ls_input *inputs;
    size_t n_inputs;
    ls_term *terms;
    size_t n_terms;
    ls_bands bands;
    ls_na_list na;
    ls_column_na column_na; /* placeholders of single columns (--na pdays=-1) */
    ls_number_format number; /* how the training file wrote numbers (--decimal, --thousands) */
    int case_sensitive;
    char delimiter;
    ls_fit_summary fit;
    ls_provenance *training; /* how and on what it was trained; NULL when the
                              * model was not made by ls_train() */
    struct ls_profile *profile; /* the training leads' distributions (profile.h);
                                 * NULL for models made before they were kept */
} ls_model;

/* Builds the inputs and terms (weights 0) from the feature columns of ds:
 * numeric and categorical columns; the first ID column is remembered. */
int ls_model_from_dataset(const ls_dataset *ds, ls_model **out, ls_error *err);

void ls_model_free(ls_model *model);

/* The probability for a linear predictor, computed without overflow. */
double ls_logistic(double eta);

/* round(100 * probability), clamped to 0-100. */
int ls_probability_score(double probability);

#endif
