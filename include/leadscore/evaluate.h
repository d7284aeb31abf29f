/* leadscore/evaluate.h: how well scorers do on leads whose outcome is known.
 *
 * One pass over a labelled CSV scores every lead with each of several
 * scorers (learned models, rule sets: anything behind scorer.h) and gives,
 * per scorer, an ls_evaluation: the figures of metrics.h, the lifecycle-stage
 * counts, the misranked leads with their reasons, and the per-lead outcome,
 * probability, score and band that paired comparisons (compare, diff) need.
 * 'leadscore evaluate' is this call with one scorer; 'compare' with several.
 *
 * Leads are the rows of the file in order; the outcome is read as target.h
 * reads it under options->outcome (rows with a blank outcome are skipped and
 * counted with outcome.skip_unlabelled, else an error). Misranked leads: converted below the MQL band, or not converted
 * in the SQL band (or above), most wrong first (by |outcome - probability|,
 * ties in file order).
 *
 * Programs that score leads themselves (not from a CSV) feed an
 * ls_evaluator lead by lead and finish it.
 *
 * Ownership: ls_evaluate_file() fills out[0..n) with evaluations to release
 * with ls_evaluation_free() (NULL is a no-op). Scorers and the reader are
 * borrowed; a scorer is used by one thread, this one, during the call. */
#ifndef LEADSCORE_EVALUATE_H
#define LEADSCORE_EVALUATE_H

#include <stddef.h>

#include "leadscore/csv.h"
#include "leadscore/error.h"
#include "leadscore/metrics.h"
#include "leadscore/scorer.h"
#include "leadscore/target.h"

#define LS_EVALUATE_MAX_REASONS 20

typedef struct {
    const char *target;       /* the outcome column (required) */
    ls_target_options outcome; /* how it reads (target.h): a positive value, skipping blank outcomes */
    const char *stage;        /* a lifecycle-stage column, or NULL */
    const char *id_column;    /* carried to misranked leads; NULL: the scorer's, else the row number */
    /* Bands where MQL and SQL start, by name. NULL takes "MQL" and "SQL" when
     * the scorer's bands have them (else that figure is left out); a name the
     * bands lack is an LS_EUSAGE error. */
    const char *mql_band, *sql_band;
    double target_precision;  /* <= 0: no threshold suggestion */
    long capacity;            /* <= 0: no capacity threshold */
    int keep_misranked;       /* collect the misranked leads */
    size_t misranked_reasons; /* reasons kept per misranked lead (at most LS_EVALUATE_MAX_REASONS) */
    /* A row that cannot be evaluated (an outcome that is not binary, a cell
     * a scorer cannot read, an unseen level under ls_scorer_set_strict) is
     * an error by default; with skip_bad_rows it is left out for every
     * scorer (so paired figures stay paired) and counted in
     * ls_evaluation.skipped, the first one's error kept. */
    int skip_bad_rows;
    /* called every 262,144 leads, when not NULL */
    void (*progress)(void *ctx, long rows, long long bytes);
    void *progress_ctx;
} ls_evaluate_options;

typedef struct {
    char *id;           /* the id cell, or the 1-based row number */
    int score;
    double probability; /* NAN for a scorer without probabilities */
    size_t band;
    int converted;
    char *reasons;      /* formatted as ls_reasons_format() does */
    size_t lead;        /* 1-based position among the leads evaluated (ties keep this order) */
} ls_misranked_lead;

typedef struct {
    ls_metrics *metrics;
    long mql_band, sql_band;            /* band indexes, -1 when not used */
    int has_probability;                /* from the scorer */
    size_t unlabelled;                  /* ls_evaluate_file(): rows skipped for a blank outcome */
    long first_unlabelled_line;
    int has_stage;
    size_t stage_mql, stage_sql;        /* leads at MQL or beyond, at SQL or beyond, by stage */
    ls_misranked_lead *misranked;       /* most wrong first */
    size_t n_misranked;
    size_t skipped;                     /* rows left out with skip_bad_rows */
    ls_error first_skipped;             /* why the first of them was, with its file and line */
    /* per lead, in file order: what paired comparisons need */
    size_t n;
    unsigned char *y;
    double *p;                          /* the probability, or score / 100 without one */
    int *score;
    unsigned char *band;
} ls_evaluation;

/* Options with every field at its default (NULLs, 0, no misranked leads). */
void ls_evaluate_options_init(ls_evaluate_options *options);

/* Binds every scorer to reader's header, reads every record, scores it with
 * each scorer and evaluates. Errors: a missing target or stage column, a
 * target cell that is not a binary outcome, a cell a scorer cannot read, or
 * a header-only file (LS_EDATA, naming file, line and column); unknown band
 * names (LS_EUSAGE). On error out[] is left untouched. */
int ls_evaluate_file(ls_scorer *const *scorers, size_t n_scorers, ls_csv_reader *reader,
                     const ls_evaluate_options *options, ls_evaluation **out, ls_error *err);

void ls_evaluation_free(ls_evaluation *evaluation);

/* The lead-by-lead form, for leads scored elsewhere. */
typedef struct ls_evaluator ls_evaluator;

/* Resolves the options' bands against scorer's (which is only read here). */
int ls_evaluator_new(const ls_scorer *scorer, const ls_evaluate_options *options, ls_evaluator **out,
                     ls_error *err);
/* Adds one lead: its score, outcome, id (NULL: the row number) and reasons
 * (kept only for a misranked lead when options asked for them). */
int ls_evaluator_add(ls_evaluator *ev, const ls_score *score, int converted, const char *id, size_t id_length,
                     const ls_reason *reasons, size_t n_reasons, ls_error *err);
/* Counts a lifecycle-stage cell (mql, sql, opportunity, customer). */
void ls_evaluator_add_stage(ls_evaluator *ev, const char *text, size_t len);
/* Computes the figures and hands them over; ev is released either way. */
int ls_evaluator_finish(ls_evaluator *ev, ls_evaluation **out, ls_error *err);
void ls_evaluator_free(ls_evaluator *ev);

#endif
