/* guard.h: the warnings that keep an analyst from trusting a model that
 * should not be trusted: columns that look like leakage, data too thin for
 * its terms (leakage.h computes; this words it with the flags to use). */
#ifndef LEADSCORE_CLI_GUARD_H
#define LEADSCORE_CLI_GUARD_H

#include "leadscore/dataset.h"
#include "leadscore/model.h"
#include "leadscore/provenance.h"

/* Warnings collected while training, printed only when it succeeds (a
 * failing run says one error line and nothing else). */
typedef struct {
    char *text; /* warning lines, '\n'-separated; NULL when none */
    size_t used, cap;
} cli_guard;

/* Warns (cli_warn) about each column of ds that looks like leakage. */
void cli_warn_leakage(const ls_dataset *ds);

/* ls_train_options.examine: collects the leakage and thin-data warnings
 * into ctx, a cli_guard. */
void cli_guard_examine(void *ctx, const ls_dataset *ds, const ls_model *terms, const unsigned char *is_train);

/* Says when cross-validation chose a lambda at either end of its path:
 * the curve's minimum may lie beyond it. */
void cli_warn_cv_edge(const ls_train_report *report);

/* Prints the collected warnings and releases them. */
void cli_guard_report(cli_guard *g);
void cli_guard_free(cli_guard *g);

#endif
