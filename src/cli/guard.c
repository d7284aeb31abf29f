/* guard.c: leakage and thin-data warnings, worded for the command line. */
#define _POSIX_C_SOURCE 200809L
#include "guard.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "leadscore/leakage.h"
#include "leadscore/provenance.h"

/* "s" unless n is 1: "1 lead", "2 leads" */
static const char *plural(size_t n)
{
    return n == 1 ? "" : "s";
}

/* Appends one formatted line; a line that cannot be stored is dropped. */
static void add_line(cli_guard *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_line(cli_guard *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        return;
    }
    if (g->used + (size_t)n + 2 > g->cap) {
        size_t cap = (g->cap ? g->cap * 2 : 1024) + (size_t)n;
        char *t = realloc(g->text, cap);
        if (t == NULL) {
            return;
        }
        g->text = t;
        g->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(g->text + g->used, g->cap - g->used, fmt, ap);
    va_end(ap);
    g->used += (size_t)n;
    g->text[g->used++] = '\n';
    g->text[g->used] = '\0';
}

static void leakage_lines(cli_guard *g, const ls_dataset *ds)
{
    ls_leakage_column *cols = NULL;
    size_t n = 0;
    ls_error err = {0};
    if (ls_leakage_scan(ds, NULL, &cols, &n, &err) != LS_OK) {
        return;
    }
    for (size_t k = 0; k < n; k++) {
        const ls_leakage_column *lc = &cols[k];
        if (lc->flags == 0) {
            continue;
        }
        const ls_column *c = &ds->columns[lc->column];
        char why[512];
        if (lc->flags & LS_LEAK_PURE_LEVELS) {
            snprintf(why, sizeof why,
                     "%.1f%% of leads are in levels at least 97%% one outcome (largest: '%s', %zu lead%s, %.1f%% "
                     "converted); one-column AUC %.3f",
                     100 * lc->pure_share, ls_levels_display(c->levels, (size_t)lc->top_level), lc->top_level_leads,
                     plural(lc->top_level_leads), 100 * lc->top_level_rate, lc->auc);
        } else {
            snprintf(why, sizeof why, "on its own it ranks leads with AUC %.3f%s", lc->auc,
                     c->type == LS_COL_NUMERIC ? (lc->higher_converts ? " (higher converts)" : " (lower converts)")
                                                : "");
        }
        add_line(g,
                 "column '%s' is likely leakage: %s. If it is filled in after the outcome, leave it out with "
                 "--exclude '%s'",
                 c->name, why, c->name);
    }
    free(cols);
}

void cli_warn_leakage(const ls_dataset *ds)
{
    cli_guard g = {0};
    leakage_lines(&g, ds);
    cli_guard_report(&g);
}

void cli_guard_examine(void *ctx, const ls_dataset *ds, const ls_model *terms, const unsigned char *is_train)
{
    cli_guard *g = ctx;
    leakage_lines(g, ds);
    ls_support s;
    ls_error err = {0};
    if (ls_support_check(ds, terms, is_train, &s, &err) != LS_OK || !s.thin) {
        return;
    }
    const char *what = s.events_converted ? "conversions" : "non-conversions";
    char fewest[768] = "";
    size_t used = 0;
    for (size_t k = 0; k < s.n_fewest && used < sizeof fewest; k++) {
        const ls_term_support *t = &s.fewest[k];
        int n = snprintf(fewest + used, sizeof fewest - used, "%s'%s' (%zu %s%s in %zu lead%s)", k ? ", " : "",
                         terms->terms[t->term].name, t->events, t->events_converted ? "conversion" : "non-conversion",
                         t->events == 1 ? "" : "s", t->leads, t->leads == 1 ? "" : "s");
        used += n > 0 ? (size_t)n : 0;
    }
    add_line(g,
             "thin data: %zu %s for %zu term%s (%.1f per term; a logistic fit wants about %.0f per term and %d in "
             "all), so the weights may not replicate; fewest: %s. Fold rare levels (--min-level-count) or leave "
             "columns out (--exclude)",
             s.events, what, s.n_terms, s.n_terms == 1 ? "" : "s", s.events_per_term,
             LS_SUPPORT_MIN_EVENTS_PER_TERM, LS_SUPPORT_MIN_EVENTS, fewest[0] ? fewest : "none");
}

void cli_guard_report(cli_guard *g)
{
    for (char *line = g->text, *end; line != NULL && *line != '\0'; line = end + 1) {
        end = strchr(line, '\n');
        *end = '\0';
        cli_warn("%s", line);
    }
    cli_guard_free(g);
}

void cli_guard_free(cli_guard *g)
{
    free(g->text);
    memset(g, 0, sizeof *g);
}

void cli_warn_cv_edge(const ls_train_report *r)
{
    if (r->n_cv < 2) {
        return;
    }
    if (r->chosen_lambda == r->cv[0].lambda) {
        cli_warn("cross-validation chose the largest lambda of its path (%g, the strongest penalty): the held-out "
                 "log-loss is lowest where the weights are shrunk most, so the columns add little beyond the base "
                 "rate; the best penalty may lie beyond the path",
                 r->chosen_lambda);
    } else if (r->chosen_lambda == r->cv[r->n_cv - 1].lambda) {
        cli_warn("cross-validation chose the smallest lambda of its path (%g, the weakest penalty): the best may "
                 "be smaller still; compare with --l2 0 (no penalty)",
                 r->chosen_lambda);
    }
}
