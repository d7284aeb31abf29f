/* leadscore/leakage.h: guard rails on training data: columns that give the
 * outcome away, and data too thin for the terms asked of it.
 *
 * Leakage. A column filled in after the outcome (a sales rep's tag, a "lead
 * quality" set once the deal closed) predicts conversion almost perfectly in
 * the history and not at all on new leads. ls_leakage_scan() looks at each
 * feature column alone against the target:
 *   - its one-column AUC: for a categorical column, each lead scored by its
 *     level's conversion rate (in-sample, as a lookup table would); for a
 *     numeric column, by the value itself (missing cells at the median, as
 *     the model imputes them), in whichever direction ranks better. So the
 *     AUC is always at least 0.5.
 *   - its near-pure levels: levels at least `purity` one class (converted
 *     or not) whose odds of that class are at least `min_odds_ratio` times
 *     the odds over all leads (so that, at a 2% base rate, a level at 99%
 *     "not converted" is not pure, it is ordinary).
 * A column is a suspect when its AUC exceeds max_auc, or when its near-pure
 * levels hold at least min_pure_share of the leads. On a numeric column with
 * more than LS_LEAKAGE_MAX_ROWS rows, the AUC is computed on every k-th row
 * (k the smallest that keeps at most that many), which moves it by far less
 * than the thresholds' margins.
 *
 * Thin data. ls_support_check() counts, over the training rows, the events:
 * the rarer outcome (usually the conversions). A logistic fit with fewer
 * than about 10 events per term, or fewer than 120 events in all (the floor
 * Salesforce Einstein applies before it will score), gives weights that do
 * not replicate. Per term it counts the events among the leads the term
 * touches (a level term: the rarer outcome within the level; a numeric term:
 * among leads with a value; a "(missing)" indicator: among leads without),
 * and keeps the terms with the fewest.
 *
 * Nothing here prints: the results are plain data for the caller to word.
 * Ownership: ls_leakage_scan() gives an array to release with free(). */
#ifndef LEADSCORE_LEAKAGE_H
#define LEADSCORE_LEAKAGE_H

#include <stddef.h>

#include "leadscore/dataset.h"
#include "leadscore/error.h"
#include "leadscore/model.h"

#define LS_LEAKAGE_MAX_ROWS 200000
#define LS_SUPPORT_FEWEST 5
/* the thin-data thresholds: events per term, events in all */
#define LS_SUPPORT_MIN_EVENTS_PER_TERM 10.0
#define LS_SUPPORT_MIN_EVENTS 120

typedef struct {
    double max_auc;        /* a column whose one-column AUC exceeds this is suspect; 0.95 */
    double purity;         /* a level is near-pure at this share of one class or more; 0.97 */
    double min_odds_ratio; /* ... and with that class's odds this many times the overall; 10 */
    double min_pure_share; /* a column whose near-pure levels hold this share of leads is suspect; 0.05 */
} ls_leakage_options;

void ls_leakage_options_init(ls_leakage_options *options);

/* Why a column is suspect (bits of ls_leakage_column.flags). */
enum { LS_LEAK_AUC = 1u << 0, LS_LEAK_PURE_LEVELS = 1u << 1 };

typedef struct {
    size_t column;          /* index into ds->columns */
    double auc;             /* one-column AUC, 0.5 to 1 */
    int higher_converts;    /* numeric: 1 when higher values rank as likelier to convert */
    size_t pure_leads;      /* leads in near-pure levels (categorical) */
    double pure_share;      /* pure_leads / rows */
    long top_level;         /* the near-pure level with the most leads, -1 when none */
    size_t top_level_leads;
    double top_level_rate;  /* its conversion rate */
    unsigned flags;         /* LS_LEAK_* bits; 0 when the column is not suspect */
} ls_leakage_column;

/* One entry per numeric or categorical column of ds (which must have a
 * target), in column order; suspects have flags != 0. Errors: LS_EUSAGE
 * without a target, LS_ENOMEM. On error *out is left untouched. */
int ls_leakage_scan(const ls_dataset *ds, const ls_leakage_options *options, ls_leakage_column **out, size_t *n,
                    ls_error *err);

typedef struct {
    size_t term;            /* index into the model's terms */
    size_t events;          /* the rarer outcome among the leads the term touches */
    size_t leads;           /* the leads it touches */
    int events_converted;   /* 1 when those events are conversions, 0 when non-conversions */
} ls_term_support;

typedef struct {
    size_t rows, events;    /* training rows; the rarer outcome among them */
    int events_converted;   /* 1 when the events are conversions, 0 when non-conversions */
    size_t n_terms;         /* terms besides the intercept */
    double events_per_term; /* events / n_terms (INFINITY without terms) */
    ls_term_support fewest[LS_SUPPORT_FEWEST]; /* fewest events first, ties in term order */
    size_t n_fewest;
    int thin;               /* events_per_term < 10 or events < 120 */
} ls_support;

/* The events behind the terms of m (built from ds by ls_model_from_dataset())
 * over the rows where rows[i] is nonzero (NULL: every row). Errors: LS_EUSAGE
 * without a target, LS_EDATA when a term's column is not in ds. */
int ls_support_check(const ls_dataset *ds, const ls_model *m, const unsigned char *rows, ls_support *out,
                     ls_error *err);

#endif
