/* report.c: text and JSON forms of an evaluation. The HTML page is in
 * report_html.c. */
#include "leadscore/report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* "s" unless n is 1: "1 lead", "2 leads" */
static const char *plural(size_t n)
{
    return n == 1 ? "" : "s";
}

/* "12.34%", or "n/a" for a rate that does not exist */
static const char *percent(char buf[16], double v)
{
    if (isnan(v)) {
        return "n/a";
    }
    snprintf(buf, 16, "%.2f%%", 100.0 * v);
    return buf;
}

static void print_rate(FILE *out, double v, int width)
{
    if (isnan(v)) {
        fprintf(out, " %*s", width, "n/a");
    } else {
        fprintf(out, " %*.2f%%", width - 1, 100.0 * v);
    }
}

static void print_number(FILE *out, double v, int width, int decimals)
{
    if (isnan(v)) {
        fprintf(out, " %*s", width, "n/a");
    } else {
        fprintf(out, " %*.*f", width, decimals, v);
    }
}

static void band_table(const ls_metrics *m, const ls_report_context *c, FILE *out)
{
    fprintf(out, "conversion by band\n");
    fprintf(out, "%-12s %7s %9s %9s %8s %17s %7s %7s %6s\n", "band", "scores", "leads", "converted", "rate",
            "95% interval", "leads%", "conv%", "lift");
    for (size_t k = 0; k < m->n_bands; k++) {
        const ls_band_stats *b = &m->bands[k];
        char range[16];
        snprintf(range, sizeof range, "%d-%d", c->bands->band[k].min_score, c->bands->band[k].max_score);
        fprintf(out, "%-12.12s %7s %9zu %9zu", c->bands->band[k].name, range, b->leads, b->converted);
        print_rate(out, b->rate, 8);
        if (isnan(b->rate_lo)) {
            fprintf(out, " %17s", "n/a");
        } else {
            fprintf(out, "  [%5.1f%%, %5.1f%%]", 100 * b->rate_lo, 100 * b->rate_hi);
        }
        print_rate(out, b->share_leads, 7);
        print_rate(out, b->share_conversions, 7);
        print_number(out, b->lift, 6, 2);
        fputc('\n', out);
    }
    fprintf(out, "%-12s %7s %9zu %9zu", "all", "0-100", m->rows, m->positives);
    print_rate(out, m->base_rate, 8);
    fputc('\n', out);
    /* that conversion does not rise band by band is a warning: the caller
     * says it where warnings go (the CLI: stderr, "leadscore: warning:") */
}

/* Wilson 95% interval of k in n (as metrics.c computes the bands'). */
static void wilson(double k, double n, double *lo, double *hi)
{
    const double z = 1.959963984540054;
    double p = k / n, d = 1 + z * z / n, c = p + z * z / (2 * n);
    double h = z * sqrt(p * (1 - p) / n + z * z / (4 * n * n));
    *lo = (c - h) / d;
    *hi = (c + h) / d;
}

size_t ls_report_drifting_deciles(const ls_metrics *m)
{
    size_t n = 0;
    for (size_t d = 0; d < m->n_deciles; d++) {
        const ls_decile_stats *s = &m->deciles[d];
        if (s->leads == 0 || isnan(s->mean_predicted)) {
            continue;
        }
        double lo, hi;
        wilson((double)s->converted, (double)s->leads, &lo, &hi);
        n += s->mean_predicted < lo || s->mean_predicted > hi;
    }
    return n;
}

void ls_report_text(const ls_metrics *m, const ls_report_context *c, FILE *out)
{
    fprintf(out, "evaluation of %s on %s: %zu lead%s, %zu converted (%.2f%%)\n\n", c->model, c->data, m->rows,
            plural(m->rows), m->positives, 100.0 * m->base_rate);
    if (m->auc_defined) {
        fprintf(out, "ranking:     AUC %.4f (DeLong 95%% interval %.4f-%.4f), KS %.4f, pairwise misranking %.4f\n",
                m->auc, m->auc_lo, m->auc_hi, m->ks, m->pairwise_rate);
    } else {
        fprintf(out, "ranking:     AUC n/a: the outcome has one class only, so no pair of leads can be ranked\n");
    }
    if (isnan(m->log_loss)) {
        fprintf(out, "calibration: n/a: the scores are points, not probabilities (log-loss, Brier)\n\n");
    } else {
        fprintf(out, "calibration: log-loss %.4f, Brier score %.4f\n\n", m->log_loss, m->brier);
    }

    fprintf(out, "deciles by probability, highest first\n%-6s %9s %9s %8s %9s %6s %10s %9s\n", "decile", "leads",
            "converted", "rate", "cum.gain", "lift", "predicted", "observed");
    for (size_t d = 0; d < m->n_deciles; d++) {
        const ls_decile_stats *s = &m->deciles[d];
        fprintf(out, "%-6zu %9zu %9zu", d + 1, s->leads, s->converted);
        print_rate(out, s->rate, 8);
        print_rate(out, s->cumulative_gain, 9);
        print_number(out, s->lift, 6, 2);
        print_rate(out, s->mean_predicted, 10);
        print_rate(out, s->observed, 9);
        fputc('\n', out);
    }
    size_t drifting = ls_report_drifting_deciles(m);
    if (drifting >= LS_DRIFT_MIN_DECILES) {
        fprintf(out, "calibration drift: in %zu of %zu deciles the mean predicted probability is outside the "
                     "observed rate's 95%% interval\n",
                drifting, m->n_deciles);
    }
    fputc('\n', out);
    if (c->target_precision > 0) {
        if (m->precision_threshold >= 0) {
            fprintf(out, "threshold:   score >= %d keeps precision at %.1f%% (target %.1f%%)\n", m->precision_threshold,
                    100 * m->precision_at_threshold, 100 * c->target_precision);
        } else {
            fprintf(out, "threshold:   no score threshold reaches precision %.1f%%\n", 100 * c->target_precision);
        }
    }
    if (c->capacity > 0) {
        if (m->capacity_threshold >= 0) {
            fprintf(out, "capacity:    score >= %d gives %zu lead%s for a capacity of %ld\n", m->capacity_threshold,
                    m->capacity_leads, plural(m->capacity_leads), c->capacity);
        } else {
            fprintf(out, "capacity:    even score 100 gives more than %ld leads\n", c->capacity);
        }
    }
    if (c->mql_band >= 0 && c->sql_band >= 0) {
        const char *mql = c->bands->band[c->mql_band].name, *sql = c->bands->band[c->sql_band].name;
        char a[16], b[16], d[16], e[16];
        fprintf(out, "misranked:   %zu converted lead%s below %s (%s of conversions); %zu unconverted lead%s in %s (%s of %s)\n",
                m->converted_below_mql, plural(m->converted_below_mql), mql, percent(a, m->converted_below_mql_rate),
                m->unconverted_in_sql, plural(m->unconverted_in_sql), sql,
                percent(b, m->unconverted_in_sql_rate), sql);
        fprintf(out, "%s-to-%s:  %zu lead%s at %s or above (converting %s), %zu at %s (converting %s); ratio %s\n", mql,
                sql, m->mql_or_above, plural(m->mql_or_above), mql, percent(d, m->mql_rate), m->sql, sql, percent(e, m->sql_rate),
                isnan(m->mql_to_sql_ratio) ? "n/a" : (snprintf(a, sizeof a, "%.3f", m->mql_to_sql_ratio), a));
        if (c->has_stage) {
            fprintf(out, "             realised from the stage column: %zu at MQL or beyond, %zu at SQL or beyond; "
                         "ratio %.3f\n",
                    c->stage_mql, c->stage_sql, c->stage_mql ? (double)c->stage_sql / (double)c->stage_mql : NAN);
        }
    } else {
        fprintf(out, "MQL-to-SQL:  n/a (no bands named MQL and SQL; choose them with --mql and --sql)\n");
    }
    fputc('\n', out);
    band_table(m, c, out);
}

static void add_number(cJSON *o, const char *name, double v)
{
    if (isfinite(v)) {
        cJSON_AddNumberToObject(o, name, v);
    } else {
        cJSON_AddNullToObject(o, name);
    }
}

/* The misranked leads, each with the --misranked CSV's fields in its order. */
static void add_misranked_leads(cJSON *mis, const ls_report_context *c)
{
    cJSON *leads = cJSON_AddArrayToObject(mis, "leads");
    for (size_t i = 0; leads != NULL && i < c->n_misranked; i++) {
        const ls_misranked_lead *w = &c->misranked[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", w->id);
        cJSON_AddNumberToObject(o, "score", w->score);
        if (isfinite(w->probability)) {
            /* as the CSV writes it: cJSON prints a number with 15 digits
             * whenever that reads back within an ulp, so the two lists would
             * differ in the last bit */
            char exact[32];
            snprintf(exact, sizeof exact, "%.17g", w->probability);
            cJSON_AddRawToObject(o, "probability", exact);
        } else {
            cJSON_AddNullToObject(o, "probability");
        }
        cJSON_AddStringToObject(o, "band", c->bands->band[w->band].name);
        cJSON_AddNumberToObject(o, "converted", w->converted);
        cJSON_AddStringToObject(o, "reasons", w->reasons);
        cJSON_AddItemToArray(leads, o);
    }
}

cJSON *ls_report_json(const ls_metrics *m, const ls_report_context *c)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "model", c->model);
    cJSON_AddStringToObject(root, "data", c->data);
    cJSON_AddNumberToObject(root, "rows", (double)m->rows);
    cJSON_AddNumberToObject(root, "positives", (double)m->positives);
    add_number(root, "conversion_rate", m->base_rate);
    add_number(root, "auc", m->auc);
    cJSON *ci = cJSON_AddArrayToObject(root, "auc_ci");
    cJSON_AddItemToArray(ci, isfinite(m->auc_lo) ? cJSON_CreateNumber(m->auc_lo) : cJSON_CreateNull());
    cJSON_AddItemToArray(ci, isfinite(m->auc_hi) ? cJSON_CreateNumber(m->auc_hi) : cJSON_CreateNull());
    add_number(root, "auc_se", m->auc_se);
    add_number(root, "log_loss", m->log_loss);
    add_number(root, "brier", m->brier);
    add_number(root, "ks", m->ks);
    cJSON *bands = cJSON_AddArrayToObject(root, "bands");
    for (size_t k = 0; k < m->n_bands; k++) {
        const ls_band_stats *b = &m->bands[k];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", c->bands->band[k].name);
        cJSON_AddNumberToObject(o, "min_score", c->bands->band[k].min_score);
        cJSON_AddNumberToObject(o, "max_score", c->bands->band[k].max_score);
        cJSON_AddNumberToObject(o, "leads", (double)b->leads);
        cJSON_AddNumberToObject(o, "converted", (double)b->converted);
        add_number(o, "conversion_rate", b->rate);
        cJSON *rci = cJSON_AddArrayToObject(o, "conversion_rate_ci");
        cJSON_AddItemToArray(rci, isfinite(b->rate_lo) ? cJSON_CreateNumber(b->rate_lo) : cJSON_CreateNull());
        cJSON_AddItemToArray(rci, isfinite(b->rate_hi) ? cJSON_CreateNumber(b->rate_hi) : cJSON_CreateNull());
        add_number(o, "share_of_leads", b->share_leads);
        add_number(o, "share_of_conversions", b->share_conversions);
        add_number(o, "lift", b->lift);
        cJSON_AddItemToArray(bands, o);
    }
    cJSON_AddBoolToObject(root, "bands_monotonic", m->bands_monotonic);
    cJSON *ms = cJSON_AddObjectToObject(root, "mql_to_sql");
    cJSON_AddNumberToObject(ms, "mql", (double)m->mql_or_above);
    cJSON_AddNumberToObject(ms, "sql", (double)m->sql);
    add_number(ms, "ratio", m->mql_to_sql_ratio);
    add_number(ms, "mql_conversion_rate", m->mql_rate);
    add_number(ms, "sql_conversion_rate", m->sql_rate);
    if (c->has_stage) {
        cJSON *st = cJSON_AddObjectToObject(ms, "realised");
        cJSON_AddNumberToObject(st, "mql", (double)c->stage_mql);
        cJSON_AddNumberToObject(st, "sql", (double)c->stage_sql);
        add_number(st, "ratio", c->stage_mql ? (double)c->stage_sql / (double)c->stage_mql : NAN);
    }
    cJSON *mis = cJSON_AddObjectToObject(root, "misranked");
    cJSON_AddNumberToObject(mis, "converted_below_mql", (double)m->converted_below_mql);
    add_number(mis, "converted_below_mql_rate", m->converted_below_mql_rate);
    cJSON_AddNumberToObject(mis, "unconverted_in_sql", (double)m->unconverted_in_sql);
    add_number(mis, "unconverted_in_sql_rate", m->unconverted_in_sql_rate);
    add_number(mis, "pairwise_rate", m->pairwise_rate);
    if (c->json_misranked) {
        add_misranked_leads(mis, c);
    }
    cJSON *dec = cJSON_AddArrayToObject(root, "deciles");
    cJSON *cal = cJSON_AddArrayToObject(root, "calibration");
    for (size_t d = 0; d < m->n_deciles; d++) {
        const ls_decile_stats *s = &m->deciles[d];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "decile", (double)(d + 1));
        cJSON_AddNumberToObject(o, "leads", (double)s->leads);
        cJSON_AddNumberToObject(o, "converted", (double)s->converted);
        add_number(o, "conversion_rate", s->rate);
        add_number(o, "cumulative_gain", s->cumulative_gain);
        add_number(o, "lift", s->lift);
        add_number(o, "min_probability", s->min_p);
        add_number(o, "max_probability", s->max_p);
        cJSON_AddItemToArray(dec, o);
        cJSON *k = cJSON_CreateObject();
        cJSON_AddNumberToObject(k, "decile", (double)(d + 1));
        add_number(k, "mean_predicted", s->mean_predicted);
        add_number(k, "observed", s->observed);
        cJSON_AddNumberToObject(k, "leads", (double)s->leads);
        cJSON_AddItemToArray(cal, k);
    }
    cJSON *drift = cJSON_AddObjectToObject(root, "calibration_drift");
    size_t drifting = ls_report_drifting_deciles(m);
    cJSON_AddNumberToObject(drift, "drifting_deciles", (double)drifting);
    cJSON_AddBoolToObject(drift, "drift", drifting >= LS_DRIFT_MIN_DECILES);
    cJSON_AddBoolToObject(root, "in_sample", c->in_sample);
    cJSON_AddNumberToObject(root, "skipped_rows", (double)c->skipped);
    cJSON *th = cJSON_AddObjectToObject(root, "thresholds");
    if (c->target_precision > 0) {
        cJSON_AddNumberToObject(th, "target_precision", c->target_precision);
        add_number(th, "precision_threshold", m->precision_threshold >= 0 ? m->precision_threshold : NAN);
        add_number(th, "precision_at_threshold", m->precision_at_threshold);
    }
    if (c->capacity > 0) {
        cJSON_AddNumberToObject(th, "capacity", (double)c->capacity);
        add_number(th, "capacity_threshold", m->capacity_threshold >= 0 ? m->capacity_threshold : NAN);
        cJSON_AddNumberToObject(th, "capacity_leads", (double)m->capacity_leads);
    }
    return root;
}
