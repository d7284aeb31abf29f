/* leadscore/scorer.h: the one scoring interface.
 *
 * Everything that scores leads (score, evaluate, compare) talks to an
 * ls_scorer, never to a particular kind of model. A learned logistic model is
 * one kind; a hand-written points rule set is another. A scorer is loaded from
 * a file, bound to a list of column names (matched by name, in any order),
 * then asked for one lead at a time: it keeps no rows, so scoring streams.
 *
 * Two ways in, one rule: a program holding a lead in memory (a CRM plugin, a
 * database extension, a web hook) binds to its own column names with
 * ls_scorer_bind_names() and scores an array of cell strings with
 * ls_scorer_score_cells(); ls_scorer_bind() and ls_scorer_score() are the
 * same two calls adapted to a CSV reader's header and current record, and
 * add the file and line to errors.
 *
 * Reentrancy: a scorer keeps per-lead working space (the current cells,
 * contributions, a cache of cell spellings, unseen-level counts), so one
 * scorer must not be used by two threads at once. Load one scorer per thread;
 * scorers share nothing, and different scorers may run concurrently.
 *
 * Ownership: ls_scorer_load() gives the caller a scorer to release with
 * ls_scorer_free() (NULL is a no-op). Strings it returns are borrowed and live
 * as long as the scorer. Names, cells and readers passed in are borrowed for
 * the call only. */
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

/* "logit" for a learned model, "rules" for a points rule set (rules.h). */
const char *ls_scorer_kind(const ls_scorer *scorer);
/* A name for reports: the file's "name" when it has one, else the file name
 * without its folder. */
const char *ls_scorer_name(const ls_scorer *scorer);
/* 1 when scores come with a probability of conversion (learned models, and
 * rule sets with a calibration); 0 when ls_score.probability is NAN. */
int ls_scorer_has_probability(const ls_scorer *scorer);
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

/* Matches the scorer's input columns to names[0..n_names): cells passed to
 * ls_scorer_score_cells() are then in this order. Names are matched exactly;
 * other names are ignored. A missing required column is an LS_EDATA error
 * naming every missing column. Binding again replaces the binding and resets
 * the unseen-level counts. */
int ls_scorer_bind_names(ls_scorer *scorer, const char *const *names, size_t n_names, ls_error *err);

/* Scores one lead: cells[j] is the text of column names[j] of the binding
 * (NULL reads as an empty, i.e. missing, cell), of length lengths[j], or
 * strlen(cells[j]) when lengths is NULL. Cells need not be trimmed. With
 * reasons non-NULL, fills up to max_reasons of the terms that moved this lead
 * most, largest |contribution| first, and sets *n_reasons. Errors name the
 * column as err->column = j + 1 (no file or line): a numeric cell holding
 * text is LS_EPARSE; a lead whose logit is not finite (huge values under
 * weights of opposite signs) is LS_EDATA, so that no NaN ever leaves the
 * scorer. */
int ls_scorer_score_cells(ls_scorer *scorer, const char *const *cells, const size_t *lengths, ls_score *out,
                          ls_reason *reasons, size_t max_reasons, size_t *n_reasons, ls_error *err);

/* ls_scorer_bind_names() on reader's header. */
int ls_scorer_bind(ls_scorer *scorer, const ls_csv_reader *reader, ls_error *err);

/* ls_scorer_score_cells() on the reader's current record (after
 * ls_scorer_bind() on the same reader); errors name file, line and column. */
int ls_scorer_score(ls_scorer *scorer, const ls_csv_reader *reader, ls_score *out, ls_reason *reasons,
                    size_t max_reasons, size_t *n_reasons, ls_error *err);

/* Writes reasons as 'demo_requested=yes +1.92; job_title=Student -1.20'
 * (points to two decimals, signed) into buf of size bytes (at least 64);
 * returns the length. Reasons that do not fit are left out. */
size_t ls_reasons_format(const ls_reason *reasons, size_t n, char *buf, size_t size);

/* Unseen-level counts since bind, per input column (for the end summary). */
size_t ls_scorer_n_inputs(const ls_scorer *scorer);
const char *ls_scorer_input_name(const ls_scorer *scorer, size_t input);
long ls_scorer_unseen_count(const ls_scorer *scorer, size_t input);

#endif
