/* compare_html.c: a comparison as one self-contained page (see compare.h):
 * the verdicts on top, then ROC curves and cumulative gains overlaid (one
 * colour per scorer), conversion by band side by side, and each pair's
 * migration matrix as a heat map. Curves are drawn from at most CURVE_POINTS
 * points, so a page for a million leads stays small. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "leadscore/compare.h"
#include "report_svg.h"

#define CURVE_POINTS 200
#define MAX_CLASSES 4 /* colours s0..s3, repeated past four scorers */

static void legend(FILE *out, const ls_compare_context *ctx, size_t n)
{
    fprintf(out, "<p class=\"key\">");
    static const char *colours[MAX_CLASSES] = {"#0072b2", "#e69f00", "#009e73", "#cc79a7"};
    for (size_t k = 0; k < n; k++) {
        fprintf(out, "<span style=\"background:%s\"></span>", colours[k % MAX_CLASSES]);
        ls_html_text(out, ctx->names[k]);
    }
    fprintf(out, "</p>\n");
}

/* ROC: after each group of tied values, (false positive rate, true positive
 * rate); thinned to about CURVE_POINTS points, always keeping the ends. */
static void roc_curve(FILE *out, const ls_evaluation *e, const size_t *order, size_t k)
{
    size_t n1 = 0;
    for (size_t i = 0; i < e->n; i++) {
        n1 += e->y[i];
    }
    size_t n0 = e->n - n1, tp = 0, fp = 0, step = e->n / CURVE_POINTS + 1, next = step;
    fprintf(out, "<polyline class=\"s%zu\" data-series=\"%zu\" points=\"%.1f,%.1f", k % MAX_CLASSES, k,
            ls_svg_px(0, 1), ls_svg_py(0, 1));
    for (size_t r = 0; r < e->n;) {
        size_t s = r;
        while (s < e->n && (s == r || e->p[order[s]] == e->p[order[r]])) {
            tp += e->y[order[s]];
            fp += !e->y[order[s]];
            s++;
        }
        if (s >= next || s == e->n) {
            fprintf(out, " %.1f,%.1f", ls_svg_px((double)fp / (double)n0, 1), ls_svg_py((double)tp / (double)n1, 1));
            next = s + step;
        }
        r = s;
    }
    fprintf(out, "\"/>\n");
}

static void gains_curve(FILE *out, const ls_evaluation *e, const size_t *order, size_t k, size_t positives)
{
    size_t caught = 0, step = e->n / CURVE_POINTS + 1;
    fprintf(out, "<polyline class=\"s%zu\" data-series=\"%zu\" points=\"%.1f,%.1f", k % MAX_CLASSES, k,
            ls_svg_px(0, 1), ls_svg_py(0, 1));
    for (size_t r = 0; r < e->n; r++) {
        caught += e->y[order[r]];
        if ((r + 1) % step == 0 || r + 1 == e->n) {
            fprintf(out, " %.1f,%.1f", ls_svg_px((double)(r + 1) / (double)e->n, 1),
                    ls_svg_py((double)caught / (double)positives, 1));
        }
    }
    fprintf(out, "\"/>\n");
}

static void percent_ticks_x(FILE *out)
{
    for (int t = 0; t <= 4; t++) {
        fprintf(out, "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">%d%%</text>",
                ls_svg_px(t / 4.0, 1), LS_SVG_TOP + LS_SVG_PLOT_H + 16, 25 * t);
    }
}

static void curves(FILE *out, const ls_comparison *c, const ls_compare_context *ctx)
{
    size_t *order = malloc(c->n_leads * sizeof *order);
    if (order == NULL || c->positives == 0 || c->positives == c->n_leads) {
        free(order);
        fprintf(out, "<p>ROC curves and gains need leads of both outcomes.</p>\n");
        return;
    }
    ls_svg_chart_open(out, "roc", "ROC curves", "false positive rate", "true positive rate", 1.0);
    fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"diagonal\"/>\n", ls_svg_px(0, 1),
            ls_svg_py(0, 1), ls_svg_px(1, 1), ls_svg_py(1, 1));
    for (size_t k = 0; k < c->n_scorers; k++) {
        ls_compare_order(ctx->evaluations[k], order);
        roc_curve(out, ctx->evaluations[k], order, k);
    }
    percent_ticks_x(out);
    ls_svg_chart_close(out, "One line per model; the further to the top left, the better it ranks. Dashed: chance.");
    ls_svg_chart_open(out, "cumulative-gains", "Cumulative gains", "share of leads, best-scored first",
                      "share of conversions", 1.0);
    fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"diagonal\"/>\n", ls_svg_px(0, 1),
            ls_svg_py(0, 1), ls_svg_px(1, 1), ls_svg_py(1, 1));
    for (size_t k = 0; k < c->n_scorers; k++) {
        ls_compare_order(ctx->evaluations[k], order);
        gains_curve(out, ctx->evaluations[k], order, k, c->positives);
    }
    double x = (double)c->capacity / (double)c->n_leads;
    fprintf(out, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" class=\"axis\"><title>capacity: %zu leads</title></line>\n",
            ls_svg_px(x, 1), ls_svg_px(x, 1), LS_SVG_TOP, LS_SVG_TOP + LS_SVG_PLOT_H, c->capacity);
    percent_ticks_x(out);
    ls_svg_chart_close(out, "Conversions found by working the best-scored leads first; the grey line marks the "
                            "capacity.");
    free(order);
}

/* Grouped bars: band k of every scorer side by side (bands are matched by
 * position; the labels are the first scorer's names). */
static void band_bars(FILE *out, const ls_comparison *c, const ls_compare_context *ctx)
{
    size_t n_bands = 0;
    double top = 0;
    for (size_t k = 0; k < c->n_scorers; k++) {
        const ls_metrics *m = ctx->evaluations[k]->metrics;
        n_bands = m->n_bands > n_bands ? m->n_bands : n_bands;
        for (size_t b = 0; b < m->n_bands; b++) {
            if (!isnan(m->bands[b].rate)) {
                top = fmax(top, m->bands[b].rate);
            }
        }
    }
    top = ls_svg_nice_max(top);
    ls_svg_chart_open(out, "conversion-by-band", "Conversion by band", "score band", "conversion rate", top);
    double slot = (double)LS_SVG_PLOT_W / (double)(n_bands ? n_bands : 1);
    double w = slot * 0.8 / (double)c->n_scorers;
    for (size_t b = 0; b < n_bands; b++) {
        for (size_t k = 0; k < c->n_scorers; k++) {
            const ls_metrics *m = ctx->evaluations[k]->metrics;
            if (b >= m->n_bands || m->bands[b].leads == 0) {
                continue;
            }
            double x = LS_SVG_LEFT + slot * (double)b + slot * 0.1 + w * (double)k, y = ls_svg_py(m->bands[b].rate, top);
            fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"s%zu\" data-series=\"%zu\">"
                         "<title>",
                    x, y, w, LS_SVG_TOP + LS_SVG_PLOT_H - y, k % MAX_CLASSES, k);
            ls_html_text(out, ctx->names[k]);
            fputc(' ', out);
            ls_html_text(out, ctx->bands[k]->band[b].name);
            fprintf(out, ": %.1f%% of %zu leads</title></rect>\n", 100 * m->bands[b].rate, m->bands[b].leads);
        }
        fprintf(out, "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">",
                LS_SVG_LEFT + slot * ((double)b + 0.5), LS_SVG_TOP + LS_SVG_PLOT_H + 16);
        if (b < ctx->bands[0]->n) {
            ls_html_text(out, ctx->bands[0]->band[b].name);
        }
        fprintf(out, "</text>\n");
    }
    ls_svg_chart_close(out, "Bars: each model's conversion rate per band, side by side.");
}

/* The migration matrix as a table whose cells are shaded by their share of
 * the leads; each cell gives leads, conversions and the rate. */
static void migration_table(FILE *out, const ls_comparison *c, const ls_compare_context *ctx, size_t q)
{
    const ls_pair_comparison *pc = &c->pairs[q];
    fprintf(out, "<h3>Band migration: ");
    ls_html_text(out, ctx->names[pc->a]);
    fprintf(out, " (rows) to ");
    ls_html_text(out, ctx->names[pc->b]);
    fprintf(out, " (columns)</h3>\n<table class=\"heat\" data-chart=\"migration-%zu\"><tr><th></th>", q);
    for (size_t j = 0; j < pc->n_bands_b; j++) {
        fprintf(out, "<th>");
        ls_html_text(out, ctx->bands[pc->b]->band[j].name);
        fprintf(out, "</th>");
    }
    fprintf(out, "</tr>\n");
    for (size_t i = 0; i < pc->n_bands_a; i++) {
        fprintf(out, "<tr><th>");
        ls_html_text(out, ctx->bands[pc->a]->band[i].name);
        fprintf(out, "</th>");
        for (size_t j = 0; j < pc->n_bands_b; j++) {
            const ls_migration_cell *cell = &pc->migration[i * pc->n_bands_b + j];
            double share = c->n_leads ? (double)cell->leads / (double)c->n_leads : 0;
            double alpha = cell->leads ? 0.08 + 0.8 * sqrt(share) : 0;
            fprintf(out, "<td style=\"background:rgba(0,114,178,%.2f);color:%s\">%zu", alpha,
                    alpha > 0.5 ? "#fff" : "#1f2933", cell->leads);
            if (cell->leads > 0) {
                fprintf(out, "<br><small>%zu converted, %.1f%%</small>", cell->converted,
                        100.0 * (double)cell->converted / (double)cell->leads);
            }
            fprintf(out, "</td>");
        }
        fprintf(out, "</tr>\n");
    }
    fprintf(out, "</table>\n<p class=\"sub\">Off the diagonal the two models disagree; the conversion rate in each "
                 "cell says which of them was right.</p>\n");
}

static void model_table(FILE *out, const ls_comparison *c, const ls_compare_context *ctx)
{
    fprintf(out, "<table><tr><th>model</th><th>kind</th><th>AUC</th><th>95%% interval</th><th>log-loss</th>"
                 "<th>Brier</th><th>captured in top %zu</th><th>precision</th><th>recall</th></tr>\n",
            c->capacity);
    for (size_t k = 0; k < c->n_scorers; k++) {
        const ls_metrics *m = ctx->evaluations[k]->metrics;
        const ls_capacity_stats *s = &c->at_capacity[k];
        fprintf(out, "<tr><td>");
        ls_html_text(out, ctx->names[k]);
        fprintf(out, "</td><td>%s</td>", ctx->kinds[k]);
        if (m->auc_defined) {
            fprintf(out, "<td>%.4f</td><td>%.4f&ndash;%.4f</td>", m->auc, m->auc_lo, m->auc_hi);
        } else {
            fprintf(out, "<td>n/a</td><td>n/a</td>");
        }
        if (isnan(m->log_loss)) {
            fprintf(out, "<td>n/a</td><td>n/a</td>");
        } else {
            fprintf(out, "<td>%.4f</td><td>%.4f</td>", m->log_loss, m->brier);
        }
        fprintf(out, "<td>%zu</td><td>%.1f%%</td>", s->captured, 100 * s->precision);
        if (isnan(s->recall)) {
            fprintf(out, "<td>n/a</td></tr>\n");
        } else {
            fprintf(out, "<td>%.1f%%</td></tr>\n", 100 * s->recall);
        }
    }
    fprintf(out, "</table>\n");
}

void ls_compare_html(const ls_comparison *c, const ls_compare_context *ctx, FILE *out)
{
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                 "<title>Lead scoring comparison</title>\n<style>\n%s</style></head><body>\n",
            ls_html_style());
    fprintf(out, "<h1>Lead scoring comparison</h1><p class=\"sub\">%zu models on <code>", c->n_scorers);
    ls_html_text(out, ctx->data);
    fprintf(out, "</code>: %zu leads, %zu converted; capacity %zu leads</p>\n", c->n_leads, c->positives,
            c->capacity);
    char verdict[1024];
    for (size_t q = 0; q < c->n_pairs; q++) {
        ls_compare_verdict(c, ctx, q, verdict, sizeof verdict);
        fprintf(out, "<p class=\"verdict\" data-verdict=\"%zu\">", q);
        ls_html_text(out, verdict);
        fprintf(out, "</p>\n");
    }
    model_table(out, c, ctx);
    legend(out, ctx, c->n_scorers);
    fprintf(out, "<div class=\"charts\">\n");
    curves(out, c, ctx);
    band_bars(out, c, ctx);
    fprintf(out, "</div>\n");
    for (size_t q = 0; q < c->n_pairs; q++) {
        migration_table(out, c, ctx, q);
    }
    fprintf(out, "</body></html>\n");
}
