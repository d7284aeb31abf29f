/* scorer_internal.h: what a kind of scoring model implements to be an
 * ls_scorer. scorer.c loads a file, reads its "kind" and hands the parsed JSON
 * to that kind's open function; everything after goes through the ops table.
 * A new kind (points rule sets) adds one ops table and one line in scorer.c. */
#ifndef LEADSCORE_SCORER_INTERNAL_H
#define LEADSCORE_SCORER_INTERNAL_H

#include <cjson/cJSON.h>

#include "leadscore/scorer.h"

typedef struct {
    const char *kind;
    /* maps the kind's inputs to positions in names; errors carry no file */
    int (*bind)(void *impl, const char *const *names, size_t n_names, ls_error *err);
    /* fills probability and score from cells in the bound order (NULL cells
     * already replaced by "", lengths known); the dispatcher fills the band.
     * Errors carry the column (position + 1), never a file or line. */
    int (*score)(void *impl, const char *const *cells, const size_t *lengths, ls_score *out, ls_reason *reasons,
                 size_t max_reasons, size_t *n_reasons, ls_error *err);
    size_t (*n_inputs)(const void *impl);
    const char *(*input_name)(const void *impl, size_t input);
    long (*unseen_count)(const void *impl, size_t input);
    void (*set_strict)(void *impl, int strict);
    void (*free)(void *impl);
} ls_scorer_ops;

struct ls_scorer {
    const ls_scorer_ops *ops;
    void *impl;
    char *name;
    int has_probability;
    /* the CSV adapter's view of the current record, and score_cells' copy
     * when the caller gives NULL cells or no lengths */
    const char **cells;
    size_t *lengths;
    size_t n_cells;
    ls_bands bands;
    char *id_column;
    char delimiter;
    char **na_values; /* NULL-terminated */
};

/* The logistic model kind: opens a model from its parsed file. */
int ls_logit_scorer_open(cJSON *root, const char *path, ls_scorer *scorer, ls_error *err);

/* The points rule set kind (rules_scorer.c): opens a rule set from its
 * parsed file; has_probability only with a calibration. */
int ls_rules_scorer_open(cJSON *root, const char *path, ls_scorer *scorer, ls_error *err);

#endif
