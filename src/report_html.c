/* report_html.c: the evaluation as one self-contained HTML page: CSS and
 * inline SVG, no script, no network. What an analyst acts on, top to bottom:
 * warnings in words (in-sample data, calibration drift, bands out of order,
 * skipped rows), the headline figures with what each means, the band table
 * with an all-leads row, the bands behind MQL-to-SQL, thresholds, the
 * misranked leads with their reasons, the decile table, four charts
 * (conversion by band, cumulative gains, calibration, score distribution),
 * the strongest weights and the model's provenance, and when and by which
 * leadscore the page was made. Each chart is an <svg data-chart="...">, each
 * section an element with an id, so that tests can find them. */
#define _GNU_SOURCE /* qsort_r */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "leadscore/report.h"

#include "report_svg.h"

/* "s" unless n is 1: "1 lead", "2 leads" */
static const char *plural(size_t n)
{
    return n == 1 ? "" : "s";
}

#define W LS_SVG_W
#define H LS_SVG_H
#define LEFT LS_SVG_LEFT
#define RIGHT LS_SVG_RIGHT
#define TOP LS_SVG_TOP
#define PLOT_W LS_SVG_PLOT_W
#define PLOT_H LS_SVG_PLOT_H

static void band_chart(FILE *out, const ls_metrics *m, const ls_report_context *c)
{
    double top = 0;
    for (size_t k = 0; k < m->n_bands; k++) {
        if (!isnan(m->bands[k].rate_hi)) {
            top = fmax(top, m->bands[k].rate_hi);
        }
    }
    top = ls_svg_nice_max(top);
    ls_svg_chart_open(out, "conversion-by-band", "Conversion by band", "score band", "conversion rate", top);
    double slot = (double)PLOT_W / (double)m->n_bands;
    for (size_t k = 0; k < m->n_bands; k++) {
        const ls_band_stats *b = &m->bands[k];
        double x = LEFT + slot * (double)k + slot * 0.15, w = slot * 0.7;
        if (b->leads > 0) {
            double y = ls_svg_py(b->rate, top);
            fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"bar\"><title>%s: %.2f%% of %zu lead%s</title></rect>\n",
                    x, y, w, TOP + PLOT_H - y, c->bands->band[k].name, 100 * b->rate, b->leads, plural(b->leads));
            double cx = x + w / 2;
            fprintf(out, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" class=\"whisker\"/>\n", cx, cx,
                    ls_svg_py(b->rate_lo, top), ls_svg_py(b->rate_hi, top));
            fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" class=\"value\" text-anchor=\"middle\">%.1f%%</text>\n", cx,
                    ls_svg_py(b->rate_hi, top) - 4, 100 * b->rate);
        } else {
            fprintf(out, "<text x=\"%.1f\" y=\"%d\" class=\"value\" text-anchor=\"middle\">no leads</text>\n",
                    x + w / 2, TOP + PLOT_H - 6);
        }
        fprintf(out, "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">", x + w / 2, TOP + PLOT_H + 16);
        ls_html_text(out, c->bands->band[k].name);
        fprintf(out, "</text>\n");
    }
    ls_svg_chart_close(out, "Bars: conversion rate per band; whiskers: Wilson 95% interval.");
}

static void gains_chart(FILE *out, const ls_metrics *m)
{
    ls_svg_chart_open(out, "cumulative-gains", "Cumulative gains", "share of leads, highest probability first",
               "share of conversions", 1.0);
    fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"diagonal\"/>\n", ls_svg_px(0, 1), ls_svg_py(0, 1),
            ls_svg_px(1, 1), ls_svg_py(1, 1));
    fprintf(out, "<polyline class=\"line\" points=\"%.1f,%.1f", ls_svg_px(0, 1), ls_svg_py(0, 1));
    size_t leads = 0;
    for (size_t d = 0; d < m->n_deciles; d++) {
        leads += m->deciles[d].leads;
        double g = isnan(m->deciles[d].cumulative_gain) ? 0 : m->deciles[d].cumulative_gain;
        fprintf(out, " %.1f,%.1f", ls_svg_px((double)leads / (double)m->rows, 1), ls_svg_py(g, 1));
    }
    fprintf(out, "\"/>\n");
    for (int t = 0; t <= 4; t++) {
        fprintf(out, "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">%d%%</text>", ls_svg_px(t / 4.0, 1),
                TOP + PLOT_H + 16, 25 * t);
    }
    ls_svg_chart_close(out, "Line: conversions captured by contacting the top-scored leads first; dashed: random order.");
}

static void calibration_chart(FILE *out, const ls_metrics *m)
{
    double top = 0;
    for (size_t d = 0; d < m->n_deciles; d++) {
        top = fmax(top, fmax(m->deciles[d].mean_predicted, m->deciles[d].observed));
    }
    top = ls_svg_nice_max(top);
    ls_svg_chart_open(out, "calibration", "Calibration by decile", "mean predicted probability", "observed conversion rate",
               top);
    fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"diagonal\"/>\n", ls_svg_px(0, top),
            ls_svg_py(0, top), ls_svg_px(top, top), ls_svg_py(top, top));
    fprintf(out, "<polyline class=\"line\" points=\"");
    for (size_t d = m->n_deciles; d > 0; d--) {
        fprintf(out, "%s%.1f,%.1f", d == m->n_deciles ? "" : " ", ls_svg_px(m->deciles[d - 1].mean_predicted, top),
                ls_svg_py(m->deciles[d - 1].observed, top));
    }
    fprintf(out, "\"/>\n");
    for (size_t d = 0; d < m->n_deciles; d++) {
        fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" class=\"dot\"><title>decile %zu: predicted %.2f%%, observed %.2f%%</title></circle>\n",
                ls_svg_px(m->deciles[d].mean_predicted, top), ls_svg_py(m->deciles[d].observed, top), d + 1,
                100 * m->deciles[d].mean_predicted, 100 * m->deciles[d].observed);
    }
    for (int t = 0; t <= 4; t++) {
        fprintf(out, "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">%.0f%%</text>",
                ls_svg_px(top * t / 4.0, top), TOP + PLOT_H + 16, 100 * top * t / 4.0);
    }
    ls_svg_chart_close(out, "Dots: one per decile; on the dashed diagonal the probabilities are calibrated.");
}

static void distribution_chart(FILE *out, const ls_metrics *m)
{
    /* scores in 20 bins of 5 points (the last also holds 100), as a share of
     * each outcome's leads so that both shapes show whatever the base rate */
    double share[2][20] = {{0}}, total[2] = {0, 0}, top = 0;
    for (int o = 0; o < 2; o++) {
        for (int s = 0; s <= 100; s++) {
            share[o][s == 100 ? 19 : s / 5] += (double)m->score_counts[o][s];
            total[o] += (double)m->score_counts[o][s];
        }
        for (int b = 0; b < 20; b++) {
            share[o][b] = total[o] > 0 ? share[o][b] / total[o] : 0;
            top = fmax(top, share[o][b]);
        }
    }
    top = ls_svg_nice_max(top);
    ls_svg_chart_open(out, "score-distribution", "Score distribution by outcome", "score", "share of leads", top);
    double slot = (double)PLOT_W / 20.0;
    for (int b = 0; b < 20; b++) {
        for (int o = 0; o < 2; o++) {
            double x = LEFT + slot * b + (o ? slot / 2 : 1), y = ls_svg_py(share[o][b], top);
            fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"%s\"/>", x, y,
                    slot / 2 - 1, TOP + PLOT_H - y, o ? "converted" : "not-converted");
        }
    }
    /* 0, 20, ..., 100: the last label sits at the right end of the axis */
    for (int b = 0; b <= 20; b += 4) {
        fprintf(out, "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">%d</text>", LEFT + slot * b,
                TOP + PLOT_H + 16, 5 * b);
    }
    fprintf(out, "\n<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" class=\"converted\"/><text x=\"%d\" y=\"%d\" class=\"tick\">converted</text>",
            W - 190, TOP, W - 176, TOP + 9);
    fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" class=\"not-converted\"/><text x=\"%d\" y=\"%d\" class=\"tick\">not converted</text>\n",
            W - 110, TOP, W - 96, TOP + 9);
    ls_svg_chart_close(out, "Bars: share of each outcome's leads per 5-point score bin; good models separate the two.");
}

static void band_table(FILE *out, const ls_metrics *m, const ls_report_context *c)
{
    fprintf(out, "<table id=\"band-table\"><thead><tr><th>band</th><th>scores</th><th>leads</th><th>converted</th>"
                 "<th>conversion</th><th>95%% interval</th><th>share of leads</th><th>share of conversions</th>"
                 "<th>lift</th></tr></thead><tbody>\n");
    for (size_t k = 0; k < m->n_bands; k++) {
        const ls_band_stats *b = &m->bands[k];
        fprintf(out, "<tr><td>");
        ls_html_text(out, c->bands->band[k].name);
        fprintf(out, "</td><td>%d&ndash;%d</td><td>%zu</td><td>%zu</td>", c->bands->band[k].min_score,
                c->bands->band[k].max_score, b->leads, b->converted);
        if (b->leads > 0) {
            fprintf(out, "<td>%.2f%%</td><td>%.1f%%&ndash;%.1f%%</td><td>%.1f%%</td><td>%.1f%%</td><td>%.2f</td></tr>\n",
                    100 * b->rate, 100 * b->rate_lo, 100 * b->rate_hi, 100 * b->share_leads,
                    100 * b->share_conversions, b->lift);
        } else {
            fprintf(out, "<td>n/a</td><td>n/a</td><td>0.0%%</td><td>0.0%%</td><td>n/a</td></tr>\n");
        }
    }
    /* the all-leads row, its interval Wilson's as the bands' are */
    double lo = NAN, hi = NAN;
    if (m->rows > 0) {
        const double z = 1.959963984540054, n = (double)m->rows, p = m->base_rate;
        double d = 1 + z * z / n, k = p + z * z / (2 * n), h = z * sqrt(p * (1 - p) / n + z * z / (4 * n * n));
        lo = (k - h) / d;
        hi = (k + h) / d;
    }
    fprintf(out, "</tbody><tfoot><tr class=\"all\"><td>all leads</td><td>0&ndash;100</td><td>%zu</td><td>%zu</td>"
                 "<td>%.2f%%</td><td>%.1f%%&ndash;%.1f%%</td><td>100.0%%</td><td>100.0%%</td><td>1.00</td></tr>"
                 "</tfoot></table>\n",
            m->rows, m->positives, 100 * m->base_rate, 100 * lo, 100 * hi);
}

/* "12.3%" or "n/a" into buf */
static const char *pct(char buf[32], double v, int decimals)
{
    if (isnan(v)) {
        return "n/a";
    }
    snprintf(buf, 32, "%.*f%%", decimals, 100 * v);
    return buf;
}

static void warnings(FILE *out, const ls_metrics *m, const ls_report_context *c)
{
    size_t drifting = ls_report_drifting_deciles(m);
    int any = c->in_sample || drifting >= LS_DRIFT_MIN_DECILES || !m->bands_monotonic || c->skipped > 0;
    if (!any) {
        return;
    }
    fprintf(out, "<div id=\"warnings\">\n");
    if (c->in_sample) {
        fprintf(out, "<p class=\"warning\" id=\"in-sample\">These leads are the file the model was trained on "
                     "(the same SHA-256): every figure here is in-sample and flatters the model. Evaluate on "
                     "leads it has not seen.</p>\n");
    }
    if (drifting >= LS_DRIFT_MIN_DECILES) {
        fprintf(out, "<p class=\"warning\" id=\"drift\">Calibration drift: in %zu of %zu deciles the mean predicted "
                     "probability lies outside the 95%% interval of the observed conversion rate, so the "
                     "probabilities no longer mean what they say (by chance, 3 or more of 10 happen about 1%% of "
                     "the time). Ranking may still hold (see the AUC); retrain, or recalibrate before using the "
                     "probabilities.</p>\n",
                drifting, m->n_deciles);
    }
    if (!m->bands_monotonic) {
        fprintf(out, "<p class=\"warning\" id=\"not-monotonic\">Conversion does not rise band by band: a higher "
                     "band does not mean a likelier lead here.</p>\n");
    }
    if (c->skipped > 0) {
        fprintf(out, "<p class=\"warning\" id=\"skipped\">%zu row%s could not be evaluated and %s left out.</p>\n",
                c->skipped, c->skipped == 1 ? "" : "s", c->skipped == 1 ? "was" : "were");
    }
    fprintf(out, "</div>\n");
}

static void metric_notes(FILE *out)
{
    fputs("<dl id=\"metric-notes\">"
                 "<dt>AUC</dt><dd>the chance that a converted lead scores above an unconverted one: 0.5 is a coin, "
                 "1 a perfect ranking.</dd>"
                 "<dt>KS</dt><dd>Kolmogorov&ndash;Smirnov: the largest gap, at any score cut-off, between the share "
                 "of converted and of unconverted leads above it (0: no separation, 1: complete).</dd>"
                 "<dt>log-loss</dt><dd>the mean of &minus;log(probability given to what happened): lower is better; "
                 "it punishes confident mistakes hardest. Guessing the base rate for everyone scores the "
                 "entropy of the base rate.</dd>"
                 "<dt>Brier score</dt><dd>the mean squared gap between probability and outcome (0/1): lower is "
                 "better; 0.25 is what a constant 50% scores.</dd></dl>\n", out);
}

static void mql_sql(FILE *out, const ls_metrics *m, const ls_report_context *c)
{
    fprintf(out, "<section id=\"mql-sql\"><h2>MQL to SQL</h2>\n");
    if (c->mql_band < 0 || c->sql_band < 0) {
        fprintf(out, "<p>n/a: the bands have none named MQL and SQL (choose them with --mql and --sql).</p>"
                     "</section>\n");
        return;
    }
    const ls_band *mql = &c->bands->band[c->mql_band], *sql = &c->bands->band[c->sql_band];
    char a[32], b[32], r[32];
    fprintf(out, "<p>Bands used: MQL = band <b>");
    ls_html_text(out, mql->name);
    fprintf(out, "</b> and above (score %d&ndash;100); SQL = band <b>", mql->min_score);
    ls_html_text(out, sql->name);
    fprintf(out, "</b> and above (score %d&ndash;100).</p>\n<p>%zu lead%s at MQL or above (converting %s), %zu at "
                 "SQL (converting %s): ratio <b>%s</b>.</p>\n",
            sql->min_score, m->mql_or_above, plural(m->mql_or_above), pct(a, m->mql_rate, 1), m->sql, pct(b, m->sql_rate, 1),
            isnan(m->mql_to_sql_ratio) ? "n/a" : (snprintf(r, sizeof r, "%.3f", m->mql_to_sql_ratio), r));
    if (c->has_stage) {
        fprintf(out, "<p>Realised from the stage column: %zu at MQL or beyond, %zu at SQL or beyond (ratio %s).</p>\n",
                c->stage_mql, c->stage_sql,
                c->stage_mql ? (snprintf(a, sizeof a, "%.3f", (double)c->stage_sql / (double)c->stage_mql), a)
                             : "n/a");
    }
    fprintf(out, "</section>\n");
}

/* Leads, conversions, precision and recall at or above a score. */
static void threshold_row(FILE *out, const ls_metrics *m, int score, const char *why)
{
    size_t leads = 0, conv = 0;
    for (int s = score; s <= 100; s++) {
        leads += m->score_counts[0][s] + m->score_counts[1][s];
        conv += m->score_counts[1][s];
    }
    char a[32], b[32], d[32];
    fprintf(out, "<tr><td>score &ge; %d</td><td>", score);
    ls_html_text(out, why);
    fprintf(out, "</td><td>%zu</td><td>%s</td><td>%zu</td><td>%s</td><td>%s</td></tr>\n", leads,
            pct(a, m->rows ? (double)leads / (double)m->rows : NAN, 1), conv,
            pct(b, leads ? (double)conv / (double)leads : NAN, 1),
            pct(d, m->positives ? (double)conv / (double)m->positives : NAN, 1));
}

static void thresholds(FILE *out, const ls_metrics *m, const ls_report_context *c)
{
    fprintf(out, "<section id=\"thresholds\"><h2>Thresholds</h2>\n<p>Working the leads at or above a score: how "
                 "many, how many of them convert (precision) and what share of all conversions they hold "
                 "(recall).</p>\n<table id=\"threshold-table\"><thead><tr><th>cut-off</th><th>why</th><th>leads</th>"
                 "<th>share of leads</th><th>converted</th><th>precision</th><th>recall</th></tr></thead><tbody>\n");
    for (size_t k = 1; k < c->bands->n; k++) {
        char why[64];
        snprintf(why, sizeof why, "band %s starts", c->bands->band[k].name);
        threshold_row(out, m, c->bands->band[k].min_score, why);
    }
    if (c->target_precision > 0 && m->precision_threshold >= 0) {
        char why[64];
        snprintf(why, sizeof why, "precision %.1f%% asked", 100 * c->target_precision);
        threshold_row(out, m, m->precision_threshold, why);
    }
    if (c->capacity > 0 && m->capacity_threshold >= 0) {
        char why[64];
        snprintf(why, sizeof why, "capacity %ld leads", c->capacity);
        threshold_row(out, m, m->capacity_threshold, why);
    }
    fprintf(out, "</tbody></table>\n");
    if (c->target_precision > 0 && m->precision_threshold < 0) {
        fprintf(out, "<p>No score reaches precision %.1f%%.</p>\n", 100 * c->target_precision);
    }
    if (c->capacity > 0 && m->capacity_threshold < 0) {
        fprintf(out, "<p>Even score 100 gives more than %ld leads.</p>\n", c->capacity);
    }
    fprintf(out, "</section>\n");
}

static void misranked(FILE *out, const ls_metrics *m, const ls_report_context *c)
{
    fprintf(out, "<section id=\"misranked\"><h2>Misranked leads</h2>\n");
    char a[32], b[32];
    if (c->mql_band >= 0 && c->sql_band >= 0) {
        fprintf(out, "<p><b>%zu</b> converted lead%s scored below ", m->converted_below_mql,
                m->converted_below_mql == 1 ? "" : "s");
        ls_html_text(out, c->bands->band[c->mql_band].name);
        fprintf(out, " (%s of conversions: missed); <b>%zu</b> unconverted lead%s in ",
                pct(a, m->converted_below_mql_rate, 1), m->unconverted_in_sql, m->unconverted_in_sql == 1 ? "" : "s");
        ls_html_text(out, c->bands->band[c->sql_band].name);
        fprintf(out, " (%s of that band: false alarms).", pct(b, m->unconverted_in_sql_rate, 1));
    } else {
        fprintf(out, "<p>Missed and false-alarm counts need bands named MQL and SQL.");
    }
    if (!isnan(m->pairwise_rate)) {
        fprintf(out, " Pairwise misranking rate (1 &minus; AUC): %.4f.", m->pairwise_rate);
    }
    fprintf(out, "</p>\n");
    size_t shown = c->n_misranked < LS_REPORT_MISRANKED_SHOWN ? c->n_misranked : LS_REPORT_MISRANKED_SHOWN;
    if (shown > 0) {
        fprintf(out, "<p>The %zu most wrong (furthest from their outcome), with the reasons behind each score:</p>\n"
                     "<table id=\"misranked-table\"><thead><tr><th>lead</th><th>score</th><th>probability</th>"
                     "<th>band</th><th>converted</th><th>reasons</th></tr></thead><tbody>\n",
                shown);
        for (size_t i = 0; i < shown; i++) {
            const ls_misranked_lead *w = &c->misranked[i];
            fprintf(out, "<tr><td>");
            ls_html_text(out, w->id);
            fprintf(out, "</td><td>%d</td><td>%s</td><td>", w->score, pct(a, w->probability, 1));
            ls_html_text(out, c->bands->band[w->band].name);
            fprintf(out, "</td><td>%s</td><td class=\"reasons\">", w->converted ? "yes" : "no");
            ls_html_text(out, w->reasons);
            fprintf(out, "</td></tr>\n");
        }
        fprintf(out, "</tbody></table>\n");
    }
    fprintf(out, "</section>\n");
}

static void decile_table(FILE *out, const ls_metrics *m)
{
    fprintf(out, "<section id=\"deciles\"><h2>Deciles</h2>\n<p>Leads sorted by probability, highest first, in ten "
                 "groups of equal size: what each converts, the share of all conversions captured so far "
                 "(cumulative gain), the lift over the overall rate, and calibration (mean predicted against "
                 "observed).</p>\n<table id=\"decile-table\"><thead><tr><th>decile</th><th>leads</th>"
                 "<th>converted</th><th>conversion</th><th>cumulative gain</th><th>lift</th><th>mean predicted</th>"
                 "<th>observed</th><th>probabilities</th></tr></thead><tbody>\n");
    for (size_t d = 0; d < m->n_deciles; d++) {
        const ls_decile_stats *s = &m->deciles[d];
        char a[32], b[32], e[32], f[32];
        fprintf(out, "<tr><td>%zu</td><td>%zu</td><td>%zu</td><td>%s</td><td>%s</td><td>%.2f</td><td>%s</td>"
                     "<td>%s</td><td>%.3f&ndash;%.3f</td></tr>\n",
                d + 1, s->leads, s->converted, pct(a, s->rate, 2), pct(b, s->cumulative_gain, 1), s->lift,
                pct(e, s->mean_predicted, 2), pct(f, s->observed, 2), s->min_p, s->max_p);
    }
    fprintf(out, "</tbody></table></section>\n");
}

static int by_abs_z(const void *a, const void *b, void *ctx)
{
    const ls_model *m = ctx;
    const ls_term *x = &m->terms[*(const size_t *)a], *y = &m->terms[*(const size_t *)b];
    double zx = isnan(x->z) ? fabs(x->weight) * 1e-9 : fabs(x->z), zy = isnan(y->z) ? fabs(y->weight) * 1e-9 : fabs(y->z);
    return (zx < zy) - (zx > zy);
}

static void weights(FILE *out, const ls_model *m)
{
    size_t *order = malloc((m->n_terms ? m->n_terms : 1) * sizeof *order), n = 0;
    if (order == NULL) {
        return;
    }
    for (size_t t = 0; t < m->n_terms; t++) {
        if (m->terms[t].kind != LS_TERM_INTERCEPT && !m->terms[t].aliased) {
            order[n++] = t;
        }
    }
    qsort_r(order, n, sizeof *order, by_abs_z, (void *)m);
    size_t shown = n < LS_REPORT_WEIGHTS_SHOWN ? n : LS_REPORT_WEIGHTS_SHOWN;
    fprintf(out, "<section id=\"weights\"><h2>Strongest weights</h2>\n<p>The %zu terms with the strongest evidence "
                 "(largest |z|) of %zu. A weight is in log-odds against the reference level (numeric columns: per "
                 "unit); the odds ratio is its exponential.</p>\n<table id=\"weights-table\"><thead><tr><th>term</th>"
                 "<th>weight</th><th>odds ratio</th><th>std. error</th><th>z</th><th>p</th></tr></thead><tbody>\n",
            shown, n);
    for (size_t k = 0; k < shown; k++) {
        const ls_term *t = &m->terms[order[k]];
        fprintf(out, "<tr><td>");
        ls_html_text(out, t->name);
        fprintf(out, "</td><td>%+.4g</td><td>%.4g</td><td>%.3g</td><td>%.2f</td><td>%.3g</td></tr>\n", t->weight,
                exp(t->weight), t->std_error, t->z, t->p_value);
    }
    fprintf(out, "</tbody></table></section>\n");
    free(order);
}

static void name_list(FILE *out, const ls_string_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        fprintf(out, "%s<code>", i ? ", " : "");
        ls_html_text(out, l->items[i]);
        fprintf(out, "</code>");
    }
    if (l->n == 0) {
        fprintf(out, "none");
    }
}

static void provenance(FILE *out, const ls_model *m)
{
    const ls_provenance *p = m->training;
    fprintf(out, "<section id=\"provenance\"><h2>The model</h2>\n<table id=\"provenance-table\" class=\"facts\"><tbody>\n");
    fprintf(out, "<tr><th>training file</th><td><code>");
    ls_html_text(out, p->source_file);
    fprintf(out, "</code> (%zu rows, %zu converted; SHA-256 <code>%.16s&hellip;</code>)</td></tr>\n", p->source_rows,
            p->source_positives, p->source_sha256);
    fprintf(out, "<tr><th>trained</th><td>");
    ls_html_text(out, p->trained_at);
    fprintf(out, " by leadscore ");
    ls_html_text(out, p->leadscore_version);
    fprintf(out, "</td></tr>\n<tr><th>target</th><td><code>");
    ls_html_text(out, m->target);
    fprintf(out, "</code></td></tr>\n");
    const ls_train_settings *s = &p->options;
    fprintf(out, "<tr><th>penalty</th><td>l1 %g, l2 %g%s; class weight %s", s->l1, s->l2,
            p->cv_folds > 0 ? " (chosen by cross-validation)" : "", s->balanced ? "balanced" : "none");
    if (p->cv_folds > 0) {
        fprintf(out, "; %d-fold cross-validation", p->cv_folds);
    }
    fprintf(out, "; rare levels under %ld leads folded; solver %s</td></tr>\n", s->min_level_count,
            s->solver != NULL ? s->solver : "auto");
    fprintf(out, "<tr><th>holdout</th><td>");
    if (s->time_column != NULL) {
        fprintf(out, "leads from ");
        ls_html_text(out, s->test_from);
        fprintf(out, " on (by <code>");
        ls_html_text(out, s->time_column);
        fprintf(out, "</code>)");
    } else if (s->holdout > 0) {
        fprintf(out, "%.0f%% at random (seed %lu)", 100 * s->holdout, s->seed);
    } else {
        fprintf(out, "none");
    }
    if (p->evaluation.holdout_rows > 0 && !isnan(p->evaluation.holdout_log_loss)) {
        fprintf(out, ": %zu rows, log-loss %.4f (training %.4f)", p->evaluation.holdout_rows,
                p->evaluation.holdout_log_loss, p->evaluation.train_log_loss);
    }
    fprintf(out, "</td></tr>\n<tr><th>excluded columns</th><td>");
    name_list(out, &s->exclude);
    fprintf(out, "</td></tr>\n<tr><th>columns not used</th><td>");
    for (size_t k = 0; k < p->n_columns_not_used; k++) {
        fprintf(out, "%s<code>", k ? ", " : "");
        ls_html_text(out, p->columns_not_used[k].column);
        fprintf(out, "</code> (%s)", ls_column_type_name(p->columns_not_used[k].type));
    }
    if (p->n_columns_not_used == 0) {
        fprintf(out, "none");
    }
    fprintf(out, "</td></tr>\n");
    if (p->command_line != NULL) {
        fprintf(out, "<tr><th>command</th><td><code>");
        ls_html_text(out, p->command_line);
        fprintf(out, "</code></td></tr>\n");
    }
    fprintf(out, "</tbody></table></section>\n");
}

void ls_report_html(const ls_metrics *m, const ls_report_context *c, FILE *out)
{
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Lead scoring evaluation</title>\n"
                 "<style>\n%s</style></head><body>\n", ls_html_style());
    fprintf(out, "<h1>Lead scoring evaluation</h1><p class=\"sub\">model <code>");
    ls_html_text(out, c->model);
    fprintf(out, "</code> on <code>");
    ls_html_text(out, c->data);
    fprintf(out, "</code></p>\n");
    warnings(out, m, c);
    fprintf(out, "<div class=\"cards\">");
    fprintf(out, "<div class=\"card\"><b>%zu</b><span>leads</span></div>", m->rows);
    fprintf(out, "<div class=\"card\"><b>%.2f%%</b><span>converted (%zu)</span></div>", 100 * m->base_rate,
            m->positives);
    if (m->auc_defined) {
        fprintf(out, "<div class=\"card\"><b>%.3f</b><span>AUC (95%%: %.3f&ndash;%.3f)</span></div>", m->auc,
                m->auc_lo, m->auc_hi);
        fprintf(out, "<div class=\"card\"><b>%.3f</b><span>KS</span></div>", m->ks);
    } else {
        fprintf(out, "<div class=\"card\"><b>n/a</b><span>AUC: one class only</span></div>");
    }
    if (isnan(m->log_loss)) {
        fprintf(out, "<div class=\"card\"><b>n/a</b><span>log-loss, Brier: points, not probabilities</span></div>");
    } else {
        fprintf(out, "<div class=\"card\"><b>%.4f</b><span>log-loss</span></div>", m->log_loss);
        fprintf(out, "<div class=\"card\"><b>%.4f</b><span>Brier score</span></div>", m->brier);
    }
    if (c->mql_band >= 0 && c->sql_band >= 0 && !isnan(m->mql_to_sql_ratio)) {
        fprintf(out, "<div class=\"card\"><b>%.3f</b><span>MQL-to-SQL ratio</span></div>", m->mql_to_sql_ratio);
    }
    fprintf(out, "</div>\n");
    metric_notes(out);
    fprintf(out, "<h2>Conversion by band</h2>\n");
    band_table(out, m, c);
    mql_sql(out, m, c);
    thresholds(out, m, c);
    misranked(out, m, c);
    decile_table(out, m);
    fprintf(out, "<div class=\"charts\">\n");
    band_chart(out, m, c);
    gains_chart(out, m);
    if (!isnan(m->log_loss)) {
        calibration_chart(out, m);
    }
    distribution_chart(out, m);
    fprintf(out, "</div>\n");
    if (c->fitted != NULL) {
        weights(out, c->fitted);
        if (c->fitted->training != NULL) {
            provenance(out, c->fitted);
        }
    }
    fprintf(out, "<footer id=\"made\"><p class=\"sub\">Made %s by leadscore %s.</p></footer>\n</body></html>\n",
            c->generated_at != NULL ? c->generated_at : "(date not given)", LEADSCORE_VERSION);
}
