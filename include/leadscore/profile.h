/* leadscore/profile.h: what the training leads looked like, kept in the model
 * so that later leads can be compared with them (drift.h) without the
 * training data.
 *
 * Bins. Numeric values (and probabilities) are cut at training quantiles:
 * with the n non-missing training values sorted, v(1) <= ... <= v(n), the
 * candidate edges are e_k = v(ceil(k n / 10)) for k = 1..9 (the inverse of
 * the empirical distribution, R's quantile type 1); repeated edges are kept
 * once and edges equal to the largest value are dropped (the bin above them
 * would be empty by construction), so a column with few distinct values has
 * fewer than 10 bins. Bin 0
 * holds x <= e_1, bin k holds e_k < x <= e_(k+1), the last bin x > e_last.
 *
 * What is kept, all over the training rows only (not the holdout):
 *   score      the edges of the model's probability of conversion and the
 *              share of training leads in each bin (about a tenth each);
 *   numeric    per input, the edges of its non-missing values, the share of
 *              training rows in each bin and the share of missing cells;
 *              the bin shares and the missing share together sum to 1;
 *   categorical per input, the share of training rows at each of the
 *              model's levels (in the model's level order; "(missing)" and
 *              "(other)" are levels), which sum to 1, and the missing share
 *              (the "(missing)" level's share, 0 without one).
 *
 * In the model file this is the optional object "profile" (see
 * ls_profile_to_json); models written before it existed load with
 * ls_model.profile NULL.
 *
 * Ownership: a profile owns its arrays; ls_profile_free() releases it (NULL
 * is a no-op). */
#ifndef LEADSCORE_PROFILE_H
#define LEADSCORE_PROFILE_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "leadscore/dataset.h"
#include "leadscore/error.h"
#include "leadscore/model.h"

#define LS_PROFILE_BINS 10

/* Quantile bins: n_edges edges (at most LS_PROFILE_BINS - 1) make
 * n_edges + 1 bins; share[k] is the share of training rows in bin k. */
typedef struct {
    size_t n_edges;
    double edges[LS_PROFILE_BINS - 1];
    double share[LS_PROFILE_BINS];
} ls_profile_bins;

typedef struct {
    int categorical;
    ls_profile_bins bins;     /* numeric */
    double *level_share;      /* categorical: one per model level */
    size_t n_levels;
    double missing_share;
} ls_profile_input;

typedef struct ls_profile {
    size_t rows;              /* training rows profiled */
    ls_profile_bins score;    /* of the probability of conversion */
    ls_profile_input *inputs; /* one per model input, in the model's order */
    size_t n_inputs;
} ls_profile;

/* The profile of model (fitted) over the rows of ds with use[i] != 0 (ds is
 * the data the model was built from; use NULL takes every row). eta holds
 * every row's linear predictor at the model's weights, as
 * ls_logit_linear_predictor() (or the fit, ls_logit_options.linear_predictor)
 * gives it; NULL computes it here, one more pass over ds. Errors:
 * LS_ENOMEM, LS_EDATA when no row is used. */
int ls_profile_build(const ls_model *model, const ls_dataset *ds, const unsigned char *use, const double *eta,
                     ls_profile **out, ls_error *err);

void ls_profile_free(ls_profile *profile);

/* The bin of x (not NaN) among bins' edges. */
size_t ls_profile_bin(const ls_profile_bins *bins, double x);

/* Cuts sorted[0..n) (n > 0, ascending) into bins as above and fills edges;
 * shares are left to the caller. */
void ls_profile_edges(const double *sorted, size_t n, ls_profile_bins *bins);

/* The "profile" object of a model file, and back. Loading checks every
 * field against the model (one entry per input, of the input's kind, one
 * share per level, edges increasing, shares in [0, 1]); on error it fills
 * err (LS_EDATA naming path and the field) and returns NULL. */
cJSON *ls_profile_to_json(const ls_model *model, const ls_profile *profile);
ls_profile *ls_profile_from_json(const ls_model *model, const cJSON *object, const char *path,
                                 ls_error *err);

#endif
