/* compare_report.c: a comparison as text and JSON, and the verdict sentence.
 * Every number comes from ls_comparison or the evaluations, so the forms
 * agree; figures that do not exist are "n/a" in text and null in JSON. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "leadscore/compare.h"

/* 1234567 as "1,234,567": counts of leads are read by people. */
static const char *grouped(size_t v, char *buf, size_t size)
{
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%zu", v);
    size_t out = 0;
    for (int i = 0; i < n && out + 2 < size; i++) {
        if (i > 0 && (n - i) % 3 == 0) {
            buf[out++] = ',';
        }
        buf[out++] = digits[i];
    }
    buf[out] = '\0';
    return buf;
}

/* A name as the verdict writes it: quoted when it has spaces or commas. */
static const char *shown(const char *name, char *buf, size_t size)
{
    if (strpbrk(name, " ,") != NULL) {
        snprintf(buf, size, "\"%s\"", name);
    } else {
        snprintf(buf, size, "%s", name);
    }
    return buf;
}

static const char *p_text(double p, char *buf, size_t size)
{
    if (isnan(p)) {
        snprintf(buf, size, "p n/a");
    } else if (p < 1e-16) {
        snprintf(buf, size, "p < 1e-16");
    } else if (p < 0.001) {
        snprintf(buf, size, "p = %.1e", p);
    } else {
        snprintf(buf, size, "p = %.3f", p);
    }
    return buf;
}

size_t ls_compare_verdict(const ls_comparison *c, const ls_compare_context *ctx, size_t pair, char *buf,
                          size_t size)
{
    const ls_pair_comparison *pc = &c->pairs[pair];
    char na[256], nb[256], ptext[32], cap[32], more[32];
    shown(ctx->names[pc->a], na, sizeof na);
    shown(ctx->names[pc->b], nb, sizeof nb);
    if (!pc->auc_defined) {
        return (size_t)snprintf(buf, size, "%s and %s cannot be compared on ranking: the outcome has one class only",
                                na, nb);
    }
    if (isnan(pc->ci_lo)) {
        return (size_t)snprintf(buf, size, "%s and %s: AUC %.3f vs %.3f; too few leads of one outcome (fewer than 2) "
                                "to test the difference", na, nb, pc->auc_a, pc->auc_b);
    }
    double p = c->n_pairs > 1 ? pc->p_holm : pc->p_value;
    int detected = (pc->ci_lo > 0 || pc->ci_hi < 0) && p < 0.05;
    const char *better = pc->auc_difference >= 0 ? na : nb, *worse = pc->auc_difference >= 0 ? nb : na;
    size_t ka = c->at_capacity[pc->a].captured, kb = c->at_capacity[pc->b].captured;
    size_t gain = pc->auc_difference >= 0 ? (ka >= kb ? ka - kb : 0) : (kb >= ka ? kb - ka : 0);
    size_t loss = pc->auc_difference >= 0 ? (kb > ka ? kb - ka : 0) : (ka > kb ? ka - kb : 0);
    int n;
    char plain[24];
    snprintf(ptext, sizeof ptext, "%s%s", c->n_pairs > 1 ? "Holm " : "", p_text(p, plain, sizeof plain));
    if (detected) {
        n = snprintf(buf, size, "%s ranks better than %s: AUC %.3f vs %.3f (%+.3f, 95%% CI %.3f to %.3f, %s)", better,
                     worse, pc->auc_difference >= 0 ? pc->auc_a : pc->auc_b,
                     pc->auc_difference >= 0 ? pc->auc_b : pc->auc_a, fabs(pc->auc_difference),
                     pc->auc_difference >= 0 ? pc->ci_lo : -pc->ci_hi, pc->auc_difference >= 0 ? pc->ci_hi : -pc->ci_lo,
                     ptext);
    } else {
        n = snprintf(buf, size, "no detectable difference between %s and %s: AUC %.3f vs %.3f (%+.3f, 95%% CI %.3f to "
                     "%.3f, %s)", na, nb, pc->auc_a, pc->auc_b, pc->auc_difference, pc->ci_lo, pc->ci_hi, ptext);
    }
    if (n < 0 || (size_t)n >= size) {
        return size ? strlen(buf) : 0;
    }
    grouped(c->capacity, cap, sizeof cap);
    if (gain > 0) {
        n += snprintf(buf + n, size - (size_t)n, "; at %s leads %s finds %s more conversion%s", cap,
                      detected ? "it" : better, grouped(gain, more, sizeof more), gain > 1 ? "s" : "");
    } else if (loss > 0) {
        n += snprintf(buf + n, size - (size_t)n, "; at %s leads %s finds %s more conversion%s", cap, worse,
                      grouped(loss, more, sizeof more), loss > 1 ? "s" : "");
    } else {
        n += snprintf(buf + n, size - (size_t)n, "; at %s leads both find the same number of conversions", cap);
    }
    if ((size_t)n + 1 < size) {
        buf[n++] = '.';
        buf[n] = '\0';
    }
    return (size_t)n < size ? (size_t)n : size - 1;
}

static void print_or_na(FILE *out, double v, const char *fmt, int width)
{
    if (isnan(v)) {
        fprintf(out, "%*s", width, "n/a");
    } else {
        fprintf(out, fmt, width, v);
    }
}

static void text_models(const ls_comparison *c, const ls_compare_context *ctx, FILE *out)
{
    char cap[32];
    fprintf(out, "%-28s %-6s %8s %15s %9s %8s %10s %9s %8s\n", "model", "kind", "AUC", "95% interval", "log-loss",
            "Brier", "captured", "precision", "recall");
    for (size_t k = 0; k < c->n_scorers; k++) {
        const ls_metrics *m = ctx->evaluations[k]->metrics;
        const ls_capacity_stats *s = &c->at_capacity[k];
        fprintf(out, "%-28.28s %-6s", ctx->names[k], ctx->kinds[k]);
        if (m->auc_defined) {
            fprintf(out, " %8.4f %7.4f-%-7.4f", m->auc, m->auc_lo, m->auc_hi);
        } else {
            fprintf(out, " %8s %15s", "n/a", "n/a");
        }
        print_or_na(out, m->log_loss, " %*.4f", 9);
        print_or_na(out, m->brier, " %*.4f", 8);
        fprintf(out, " %10zu %8.1f%%", s->captured, 100 * s->precision);
        if (isnan(s->recall)) {
            fprintf(out, " %8s\n", "n/a");
        } else {
            fprintf(out, " %7.1f%%\n", 100 * s->recall);
        }
    }
    fprintf(out, "captured, precision, recall: among each model's top %s leads (the capacity)\n\n",
            grouped(c->capacity, cap, sizeof cap));
}

static void text_bands(const ls_comparison *c, const ls_compare_context *ctx, FILE *out)
{
    for (size_t k = 0; k < c->n_scorers; k++) {
        const ls_metrics *m = ctx->evaluations[k]->metrics;
        const ls_evaluation *e = ctx->evaluations[k];
        fprintf(out, "%s: conversion by band\n%-12s %9s %9s %8s\n", ctx->names[k], "band", "leads", "converted", "rate");
        for (size_t b = 0; b < m->n_bands; b++) {
            fprintf(out, "%-12s %9zu %9zu", ctx->bands[k]->band[b].name, m->bands[b].leads, m->bands[b].converted);
            print_or_na(out, 100 * m->bands[b].rate, " %*.2f%%", 7);
            fputc('\n', out);
        }
        if (e->mql_band >= 0 && e->sql_band >= 0) {
            fprintf(out, "MQL-to-SQL %zu / %zu", m->sql, m->mql_or_above);
            print_or_na(out, m->mql_to_sql_ratio, " = %*.3f", 1);
            fprintf(out, "; misranked: %zu converted below MQL, %zu unconverted in SQL\n", m->converted_below_mql,
                    m->unconverted_in_sql);
        }
        fputc('\n', out);
    }
}

static void text_pair(const ls_comparison *c, const ls_compare_context *ctx, size_t q, FILE *out)
{
    const ls_pair_comparison *pc = &c->pairs[q];
    char ptext[32], cap[32];
    fprintf(out, "%s vs %s\n", ctx->names[pc->a], ctx->names[pc->b]);
    if (pc->auc_defined && isnan(pc->ci_lo)) {
        fprintf(out, "  AUC difference %+.4f; no test: fewer than 2 leads of one outcome\n", pc->auc_difference);
    } else if (pc->auc_defined) {
        fprintf(out, "  AUC difference %+.4f (95%% interval %+.4f to %+.4f), paired DeLong z %.3f, %s", pc->auc_difference,
                pc->ci_lo, pc->ci_hi, pc->z, p_text(pc->p_value, ptext, sizeof ptext));
        if (c->n_pairs > 1) {
            fprintf(out, " (Holm %s)", p_text(pc->p_holm, ptext, sizeof ptext));
        }
        fputc('\n', out);
    } else {
        fprintf(out, "  AUC difference n/a: the outcome has one class only\n");
    }
    fprintf(out, "  at %s leads: %zu only in %s's top (%zu converted), %zu only in %s's (%zu converted); "
                 "McNemar exact %s\n",
            grouped(c->capacity, cap, sizeof cap), pc->only_a, ctx->names[pc->a], pc->only_a_converted, pc->only_b,
            ctx->names[pc->b], pc->only_b_converted, p_text(pc->mcnemar_p, ptext, sizeof ptext));
    fprintf(out, "  band migration: rows %s, columns %s; leads (converted, rate)\n  %-12s", ctx->names[pc->a],
            ctx->names[pc->b], "");
    for (size_t j = 0; j < pc->n_bands_b; j++) {
        fprintf(out, " %22s", ctx->bands[pc->b]->band[j].name);
    }
    fputc('\n', out);
    for (size_t i = 0; i < pc->n_bands_a; i++) {
        fprintf(out, "  %-12s", ctx->bands[pc->a]->band[i].name);
        for (size_t j = 0; j < pc->n_bands_b; j++) {
            const ls_migration_cell *cell = &pc->migration[i * pc->n_bands_b + j];
            char text[64];
            if (cell->leads > 0) {
                snprintf(text, sizeof text, "%zu (%zu, %.1f%%)", cell->leads, cell->converted,
                         100.0 * (double)cell->converted / (double)cell->leads);
            } else {
                snprintf(text, sizeof text, "0");
            }
            fprintf(out, " %22s", text);
        }
        fputc('\n', out);
    }
    fputc('\n', out);
}

void ls_compare_text(const ls_comparison *c, const ls_compare_context *ctx, FILE *out)
{
    fprintf(out, "comparison on %s: %zu leads, %zu converted (%.2f%%)\n\n", ctx->data, c->n_leads, c->positives,
            c->n_leads ? 100.0 * (double)c->positives / (double)c->n_leads : 0.0);
    text_models(c, ctx, out);
    text_bands(c, ctx, out);
    for (size_t q = 0; q < c->n_pairs; q++) {
        text_pair(c, ctx, q, out);
    }
    char verdict[1024];
    for (size_t q = 0; q < c->n_pairs; q++) {
        ls_compare_verdict(c, ctx, q, verdict, sizeof verdict);
        fprintf(out, "verdict: %s\n", verdict);
    }
}

static void add_number(cJSON *o, const char *name, double v)
{
    if (isfinite(v)) {
        cJSON_AddNumberToObject(o, name, v);
    } else {
        cJSON_AddNullToObject(o, name);
    }
}

static void add_interval(cJSON *o, const char *name, double lo, double hi)
{
    if (isfinite(lo) && isfinite(hi)) {
        cJSON *a = cJSON_AddArrayToObject(o, name);
        cJSON_AddItemToArray(a, cJSON_CreateNumber(lo));
        cJSON_AddItemToArray(a, cJSON_CreateNumber(hi));
    } else {
        cJSON_AddNullToObject(o, name);
    }
}

static cJSON *json_model(const ls_comparison *c, const ls_compare_context *ctx, size_t k)
{
    const ls_evaluation *e = ctx->evaluations[k];
    const ls_metrics *m = e->metrics;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", ctx->names[k]);
    cJSON_AddStringToObject(o, "kind", ctx->kinds[k]);
    cJSON_AddNumberToObject(o, "leads", (double)m->rows);
    cJSON_AddNumberToObject(o, "converted", (double)m->positives);
    add_number(o, "auc", m->auc_defined ? m->auc : NAN);
    add_interval(o, "auc_ci", m->auc_defined ? m->auc_lo : NAN, m->auc_hi);
    add_number(o, "log_loss", m->log_loss);
    add_number(o, "brier", m->brier);
    cJSON_AddNumberToObject(o, "captured_at_capacity", (double)c->at_capacity[k].captured);
    add_number(o, "precision_at_capacity", c->at_capacity[k].precision);
    add_number(o, "recall_at_capacity", c->at_capacity[k].recall);
    cJSON_AddNumberToObject(o, "threshold_at_capacity", c->at_capacity[k].threshold);
    if (e->mql_band >= 0 && e->sql_band >= 0) {
        cJSON *ms = cJSON_AddObjectToObject(o, "mql_to_sql");
        cJSON_AddNumberToObject(ms, "mql", (double)m->mql_or_above);
        cJSON_AddNumberToObject(ms, "sql", (double)m->sql);
        add_number(ms, "ratio", m->mql_to_sql_ratio);
        cJSON *mis = cJSON_AddObjectToObject(o, "misranked");
        cJSON_AddNumberToObject(mis, "converted_below_mql", (double)m->converted_below_mql);
        cJSON_AddNumberToObject(mis, "unconverted_in_sql", (double)m->unconverted_in_sql);
    }
    cJSON *bands = cJSON_AddArrayToObject(o, "bands");
    for (size_t b = 0; b < m->n_bands; b++) {
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "name", ctx->bands[k]->band[b].name);
        cJSON_AddNumberToObject(x, "leads", (double)m->bands[b].leads);
        cJSON_AddNumberToObject(x, "converted", (double)m->bands[b].converted);
        add_number(x, "conversion_rate", m->bands[b].rate);
        cJSON_AddItemToArray(bands, x);
    }
    return o;
}

static cJSON *json_pair(const ls_comparison *c, const ls_compare_context *ctx, size_t q)
{
    const ls_pair_comparison *pc = &c->pairs[q];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "a", ctx->names[pc->a]);
    cJSON_AddStringToObject(o, "b", ctx->names[pc->b]);
    add_number(o, "auc_a", pc->auc_a);
    add_number(o, "auc_b", pc->auc_b);
    add_number(o, "auc_difference", pc->auc_difference);
    add_interval(o, "auc_difference_ci", pc->ci_lo, pc->ci_hi);
    add_number(o, "delong_z", pc->z);
    add_number(o, "delong_p", pc->p_value);
    add_number(o, "delong_p_holm", pc->p_holm);
    cJSON_AddNumberToObject(o, "only_a", (double)pc->only_a);
    cJSON_AddNumberToObject(o, "only_a_converted", (double)pc->only_a_converted);
    cJSON_AddNumberToObject(o, "only_b", (double)pc->only_b);
    cJSON_AddNumberToObject(o, "only_b_converted", (double)pc->only_b_converted);
    add_number(o, "mcnemar_p", pc->mcnemar_p);
    add_number(o, "mcnemar_p_holm", pc->mcnemar_p_holm);
    cJSON *mig = cJSON_AddArrayToObject(o, "migration");
    for (size_t i = 0; i < pc->n_bands_a; i++) {
        for (size_t j = 0; j < pc->n_bands_b; j++) {
            const ls_migration_cell *cell = &pc->migration[i * pc->n_bands_b + j];
            cJSON *x = cJSON_CreateObject();
            cJSON_AddStringToObject(x, "from", ctx->bands[pc->a]->band[i].name);
            cJSON_AddStringToObject(x, "to", ctx->bands[pc->b]->band[j].name);
            cJSON_AddNumberToObject(x, "leads", (double)cell->leads);
            cJSON_AddNumberToObject(x, "converted", (double)cell->converted);
            cJSON_AddItemToArray(mig, x);
        }
    }
    char verdict[1024];
    ls_compare_verdict(c, ctx, q, verdict, sizeof verdict);
    cJSON_AddStringToObject(o, "verdict", verdict);
    return o;
}

cJSON *ls_compare_json(const ls_comparison *c, const ls_compare_context *ctx)
{
    cJSON *root = cJSON_CreateObject();
    if (root == NULL) {
        return NULL;
    }
    cJSON_AddStringToObject(root, "data", ctx->data);
    cJSON_AddNumberToObject(root, "leads", (double)c->n_leads);
    cJSON_AddNumberToObject(root, "converted", (double)c->positives);
    cJSON_AddNumberToObject(root, "capacity", (double)c->capacity);
    cJSON *models = cJSON_AddArrayToObject(root, "models");
    for (size_t k = 0; k < c->n_scorers; k++) {
        cJSON_AddItemToArray(models, json_model(c, ctx, k));
    }
    cJSON *pairs = cJSON_AddArrayToObject(root, "pairs");
    for (size_t q = 0; q < c->n_pairs; q++) {
        cJSON_AddItemToArray(pairs, json_pair(c, ctx, q));
    }
    return root;
}
