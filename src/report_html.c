/* report_html.c: the evaluation as one self-contained HTML page: CSS and
 * inline SVG, no script, no network. Four charts (conversion by band,
 * cumulative gains, calibration, score distribution by outcome) and the band
 * table. Each chart is an <svg data-chart="..."> so that tests can find it. */
#include <math.h>
#include <string.h>

#include "leadscore/report.h"

#include "report_svg.h"

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
            fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"bar\"><title>%s: %.2f%% of %zu leads</title></rect>\n",
                    x, y, w, TOP + PLOT_H - y, c->bands->band[k].name, 100 * b->rate, b->leads);
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
        if (b % 4 == 0) {
            fprintf(out, "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">%d</text>", LEFT + slot * b,
                    TOP + PLOT_H + 16, 5 * b);
        }
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
    fprintf(out, "</tbody></table>\n");
    if (!m->bands_monotonic) {
        fprintf(out, "<p class=\"warning\">Conversion does not rise band by band.</p>\n");
    }
}

void ls_report_html(const ls_metrics *m, const ls_report_context *c, FILE *out)
{
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Lead scoring evaluation</title>\n"
                 "<style>\n%s</style></head><body>\n", ls_html_style());
    fprintf(out, "<h1>Lead scoring evaluation</h1><p class=\"sub\">model <code>");
    ls_html_text(out, c->model);
    fprintf(out, "</code> on <code>");
    ls_html_text(out, c->data);
    fprintf(out, "</code></p>\n<div class=\"cards\">");
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
    fprintf(out, "</div>\n<h2>Conversion by band</h2>\n");
    band_table(out, m, c);
    fprintf(out, "<div class=\"charts\">\n");
    band_chart(out, m, c);
    gains_chart(out, m);
    if (!isnan(m->log_loss)) {
        calibration_chart(out, m);
    }
    distribution_chart(out, m);
    fprintf(out, "</div>\n</body></html>\n");
}
