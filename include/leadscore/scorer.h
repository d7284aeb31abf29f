/* leadscore/scorer.h: the one scoring interface.
 *
 * Everything that scores leads (score, evaluate, compare) talks to an
 * ls_scorer, never to a particular kind of model. A learned logistic model is
 * one kind; a hand-written points rule set is another. A scorer is loaded from
 * a file, bound to a CSV header (columns matched by name, in any order), then
 * asked for one record at a time: it keeps no rows, so scoring streams.
 *
 * Ownership: ls_scorer_load() gives the caller a scorer to release with
 * ls_scorer_free() (NULL is a no-op). Strings it returns are borrowed and live
 * as long as the scorer. The reader passed to bind/score is borrowed. */
#ifndef LEADSCORE_SCORER_H
#define LEADSCORE_SCORER_H

#include <stddef.h>

#include "leadscore/bands.h"
#include "leadscore/csv.h"
#include "leadscore/error.h"

typedef struct ls_scorer ls_scorer;

typedef struct {
    double probability; /* in [0, 1] */
    int score;          /* 0-100 */
    size_t band;        /* index into ls_scorer_bands() */
} ls_score;

typedef struct {
    const char *term;    /* e.g. "demo_requested" or "job_title=Student"; borrowed */
    double contribution; /* signed: logit points against an average lead (model) */
} ls_reason;

/* Loads a scoring model file of any kind leadscore knows. Rejects a file that
 * is missing, not JSON, of an unknown kind or a newer schema version. */
int ls_scorer_load(const char *path, ls_scorer **out, ls_error *err);
void ls_scorer_free(ls_scorer *scorer);

/* "logit" for a learned model. */
const char *ls_scorer_kind(const ls_scorer *scorer);
const ls_bands *ls_scorer_bands(const ls_scorer *scorer);
void ls_scorer_set_bands(ls_scorer *scorer, const ls_bands *bands);
/* The ID column named at training, or NULL. */
const char *ls_scorer_id_column(const ls_scorer *scorer);
/* Placeholder texts read as missing (from the model), NULL-terminated. */
const char *const *ls_scorer_na_values(const ls_scorer *scorer);
/* The CSV delimiter of the training file (a default for scoring files). */
char ls_scorer_delimiter(const ls_scorer *scorer);

/* With strict on, a categorical level unseen in training is an error instead
 * of scoring as the reference level. */
void ls_scorer_set_strict(ls_scorer *scorer, int strict);

/* Matches the scorer's input columns to reader's header. A missing required
 * column is an LS_EDATA error naming every missing column. */
int ls_scorer_bind(ls_scorer *scorer, const ls_csv_reader *reader, ls_error *err);

/* Scores the reader's current record. With reasons non-NULL, fills up to
 * max_reasons of the terms that moved this lead most, largest |contribution|
 * first, and sets *n_reasons. A numeric cell holding text is an LS_EPARSE
 * error naming line and column. */
int ls_scorer_score(ls_scorer *scorer, const ls_csv_reader *reader, ls_score *out, ls_reason *reasons,
                    size_t max_reasons, size_t *n_reasons, ls_error *err);

/* Unseen-level counts since bind, per input column (for the end summary). */
size_t ls_scorer_n_inputs(const ls_scorer *scorer);
const char *ls_scorer_input_name(const ls_scorer *scorer, size_t input);
long ls_scorer_unseen_count(const ls_scorer *scorer, size_t input);

#endif
