/* leadscore/diff.h: what changed between two learned models (last month's
 * and this month's).
 *
 * Terms are matched by name ("job_title=Student"). For a term in both, the
 * change is new - old, its standard error sqrt(se_old^2 + se_new^2) (the two
 * fits are taken as independent: when their training leads overlap, the
 * estimates are positively correlated and this overstates the error, so
 * the test errs towards "no change"), z = change / se and p two-sided
 * (normal). The p-values are Holm-adjusted over every term with both
 * standard errors, and a change is significant when the adjusted p is below
 * LS_DIFF_ALPHA: with 50 terms, about 2.5 would pass an unadjusted 0.05 by
 * chance alone every month. Terms only in one model, and inputs and levels
 * only in one, are listed apart (their weight on the other side is absent,
 * not 0). The provenance gives the settings compared: target, penalty and
 * options, bands, and the training windows (file, rows, holdout, dates).
 *
 * A categorical input's level terms are differences from its reference
 * level, the most frequent level of each model's training data. When that
 * level differs between the models, "c=L" is L against one level in the old
 * model and against another in the new, and the intercept is the log-odds of
 * a different baseline lead: such terms are not comparable. Re-expressing
 * them on one reference is a difference of two weights, whose standard
 * error needs their covariance, which model files do not hold; so they get
 * no change, z or p, are left out of the Holm family, and the input is
 * listed in reference_changes with both references.
 *
 * With leads (ls_diff_score): both models score the same leads; Spearman's
 * rank correlation of the two probabilities (average ranks for ties), the
 * band migration (old band x new band) and the leads whose band changed;
 * with an outcome column, each model's evaluation (evaluate.h) for the
 * paired comparison of compare.h, which the caller runs.
 *
 * Ownership: results are released with ls_model_diff_free() (NULL is a
 * no-op); term, input and level names are borrowed from the models, which
 * must outlive it. */
#ifndef LEADSCORE_DIFF_H
#define LEADSCORE_DIFF_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdio.h>

#include "leadscore/csv.h"
#include "leadscore/error.h"
#include "leadscore/evaluate.h"
#include "leadscore/model.h"
#include "leadscore/scorer.h"

#define LS_DIFF_ALPHA 0.05

typedef struct {
    const char *term;
    long old_index, new_index;      /* into each model's terms, -1 when absent */
    double old_weight, new_weight;  /* NAN when absent */
    double old_se, new_se;          /* NAN when absent or not estimated */
    double change, se, z, p_value;  /* NAN unless both sides have a finite SE */
    double p_holm;
    int significant;                /* p_holm < LS_DIFF_ALPHA */
    /* 0 for a term whose two weights measure different things: a level term
     * of an input whose reference level changed, and then the intercept.
     * change, se, z and p are NAN and the term is not tested. */
    int comparable;
    long reference_change;          /* a level term: its input's index in reference_changes; else -1 */
} ls_diff_term;

/* A categorical input in both models whose reference level differs. */
typedef struct {
    const char *input;
    const char *old_reference, *new_reference; /* the levels' display spellings */
} ls_reference_change;

typedef struct {
    char *field;                    /* "options.l2", "bands", "training.source_rows", ... */
    char *old_value, *new_value;
    int changed;
    int window;                     /* a training-window field: shown even when equal */
} ls_diff_setting;

typedef struct {
    char *id;
    int old_score, new_score;
    size_t old_band, new_band;
} ls_band_change;

typedef struct {
    ls_diff_term *terms;            /* old model's order, then terms only in the new one */
    size_t n_terms, n_significant, n_tested;
    ls_reference_change *reference_changes; /* in the old model's input order */
    size_t n_reference_changes;
    ls_string_list inputs_only_old, inputs_only_new;
    ls_string_list levels_only_old, levels_only_new; /* "input=level", inputs in both */
    ls_diff_setting *settings;
    size_t n_settings;
    int same_target;
    /* filled by ls_diff_score */
    int has_data;
    size_t n_leads;
    double spearman;                /* NAN with fewer than 2 leads or a constant score */
    size_t n_bands_old, n_bands_new;
    size_t *migration;              /* [i * n_bands_new + j]: old band i, new band j */
    ls_band_change *changed;        /* leads whose band changed, in file order */
    size_t n_changed;
} ls_model_diff;

/* Compares terms, inputs, levels and provenance. Errors: LS_ENOMEM. */
int ls_diff_models(const ls_model *old_model, const ls_model *new_model, ls_model_diff **out, ls_error *err);

/* Scores every lead of reader with both scorers (loaded from the two model
 * files) and fills the data part of d. With target non-NULL, also fills
 * evaluations[0] (old) and evaluations[1] (new), to release with
 * ls_evaluation_free(), for ls_compare(). Errors as ls_evaluate_file(): a
 * missing column or a cell a scorer cannot read (with file, line and
 * column), a target cell that is not an outcome, a header-only file. */
int ls_diff_score(ls_model_diff *d, ls_scorer *old_scorer, ls_scorer *new_scorer, ls_csv_reader *reader,
                  const char *target, ls_evaluation **evaluations, ls_error *err);

void ls_model_diff_free(ls_model_diff *d);

/* Spearman's rank correlation of a[0..n) and b[0..n), ties given their
 * average rank; NAN when n < 2 or either is constant. */
double ls_spearman(const double *a, const double *b, size_t n);

/* Reports. Names are the models' files as given. The JSON holds "old",
 * "new", "same_target", "alpha", "tested" (the size of the Holm family),
 * "terms" [{term, old_weight, new_weight, old_se, new_se, change, z,
 * p_value, p_holm, significant, comparable}] (null where a side lacks the
 * term or a figure; a term not comparable has "note": "not comparable:
 * reference level changed from A to B", or for the intercept "not
 * comparable: baseline lead changed (reference level of c changed from A to
 * B)"), "reference_changes" [{input, old_reference, new_reference}],
 * "inputs_only_old", "inputs_only_new",
 * "levels_only_old", "levels_only_new", "settings" [{field, old, new,
 * changed}], and with data "data" {leads, spearman, band_changed, bands_old,
 * bands_new, migration}. The caller deletes it. */
void ls_diff_text(const ls_model_diff *d, const ls_model *old_model, const ls_model *new_model,
                  const char *old_name, const char *new_name, FILE *out);
cJSON *ls_diff_json(const ls_model_diff *d, const ls_model *old_model, const ls_model *new_model,
                    const char *old_name, const char *new_name);
/* A self-contained page (inline CSS, no script): the terms table with the
 * significant changes marked, what exists on one side only, the settings,
 * and the migration matrix. */
void ls_diff_html(const ls_model_diff *d, const ls_model *old_model, const ls_model *new_model,
                  const char *old_name, const char *new_name, FILE *out);

#endif
