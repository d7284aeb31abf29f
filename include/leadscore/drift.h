/* leadscore/drift.h: do the leads arriving now look like the leads a model
 * learned from?
 *
 * The training leads' distributions are kept in the model (profile.h); one
 * pass over a CSV of new leads bins them the same way and compares.
 *
 * Population Stability Index. With e_k the training share and a_k the new
 * share of bin k (k = 1..B), each share first floored at epsilon so that an
 * empty bin has a finite logarithm,
 *     e'_k = max(e_k, LS_PSI_EPSILON),  a'_k = max(a_k, LS_PSI_EPSILON),
 *     PSI  = sum_k (a'_k - e'_k) ln(a'_k / e'_k),
 * with LS_PSI_EPSILON = 1e-4 and no renormalisation after the floor. PSI is
 * 0 for identical shares and grows with the shift; each term is >= 0.
 *   score    PSI of the model's probability over the training deciles;
 *   input    the Characteristic Stability Index (CSI), the same formula over
 *            the input's bins, every cell of the column counted once:
 *              numeric      the training-quantile bins of its values, then
 *                           one bin "(missing)";
 *              categorical  the model's levels in order (rare levels folded
 *                           into "(other)" as at training, "(missing)" a
 *                           level when training had missing cells), then a
 *                           bin "(missing)" when training had none, then a
 *                           bin "(unseen)" for levels training never saw
 *                           (training share 0, floored at epsilon).
 * Status (the usual industry thresholds): PSI < 0.1 stable, 0.1 <= PSI <=
 * 0.25 watch, PSI > 0.25 shifted.
 *
 * Ownership: ls_drift_file() gives a result to release with ls_drift_free()
 * (NULL is a no-op); the model, scorer and reader are borrowed for the call,
 * and the result borrows names from the model, which must outlive it. */
#ifndef LEADSCORE_DRIFT_H
#define LEADSCORE_DRIFT_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdio.h>

#include "leadscore/csv.h"
#include "leadscore/error.h"
#include "leadscore/model.h"
#include "leadscore/profile.h"
#include "leadscore/scorer.h"

#define LS_PSI_EPSILON 1e-4
#define LS_PSI_WATCH 0.1
#define LS_PSI_SHIFTED 0.25

typedef enum { LS_DRIFT_STABLE, LS_DRIFT_WATCH, LS_DRIFT_SHIFTED } ls_drift_status;

/* The PSI of actual[0..n) against expected[0..n), as above. */
double ls_psi(const double *expected, const double *actual, size_t n);

/* stable / watch / shifted for a PSI (NaN reads as stable: no data). */
ls_drift_status ls_drift_classify(double psi);
const char *ls_drift_status_name(ls_drift_status status);

typedef struct {
    size_t input;              /* index into the model's inputs */
    const char *name;          /* borrowed from the model */
    int categorical;
    double csi;
    ls_drift_status status;
    size_t n_bins;             /* as described above, "(missing)" and "(unseen)" included */
    double *expected, *actual; /* shares per bin, before the epsilon floor */
    double missing_share, training_missing_share;
    double unseen_share;       /* categorical: non-missing cells at levels training never saw */
} ls_drift_input;

typedef struct {
    size_t rows;               /* new leads read */
    size_t training_rows;
    double score_psi;
    ls_drift_status score_status;
    size_t n_score_bins;
    double score_expected[LS_PROFILE_BINS], score_actual[LS_PROFILE_BINS];
    ls_drift_input *inputs;    /* worst first: CSI descending, ties in model order */
    size_t n_inputs;
} ls_drift;

/* Reads every record of reader, scores it with scorer (loaded from the same
 * file as model) and bins its cells. Errors: a model without a profile
 * (LS_EDATA: "trained before leadscore kept training distributions: drift
 * needs a retrain"), input columns missing from the header (LS_EDATA naming
 * every one), a cell the scorer cannot read (with file, line and column), a
 * header-only file. On error *out is untouched. */
int ls_drift_file(const ls_model *model, ls_scorer *scorer, ls_csv_reader *reader, ls_drift **out, ls_error *err);

void ls_drift_free(ls_drift *drift);

/* The label of bin k of input in (as in the JSON): "<= 3", "(3, 7]", "> 12",
 * a level's display name, "(missing)" or "(unseen)". */
void ls_drift_bin_label(const ls_model *model, const ls_drift_input *in, size_t k, char *buf, size_t size);

/* Reports: an aligned table, worst first, ending with the thresholds; and
 * the JSON: {"data", "model", "rows", "training_rows", "epsilon",
 * "thresholds", "score_psi", "score_status", "score_bins": [{"bin",
 * "expected", "actual"}], "inputs": [{"name", "type", "csi", "status",
 * "missing_share", "training_missing_share", "unseen_share", "bins": [...]}]}
 * (the caller deletes it). */
void ls_drift_text(const ls_drift *drift, const ls_model *model, const char *data, const char *model_path, FILE *out);
cJSON *ls_drift_json(const ls_drift *drift, const ls_model *model, const char *data, const char *model_path);

#endif
