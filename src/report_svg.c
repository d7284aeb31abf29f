/* report_svg.c: what every self-contained HTML page of leadscore shares: the
 * style sheet, escaping, and the frame of an inline SVG chart. */
#include <math.h>
#include <stdio.h>

#include "report_svg.h"

#define W LS_SVG_W
#define H LS_SVG_H
#define LEFT LS_SVG_LEFT
#define RIGHT LS_SVG_RIGHT
#define TOP LS_SVG_TOP
#define PLOT_W LS_SVG_PLOT_W
#define PLOT_H LS_SVG_PLOT_H

const char *ls_html_style(void)
{
    return
           "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;max-width:1000px;color:#1f2933}\n"
           "h1{font-size:1.5rem;margin-bottom:.2rem} .sub{color:#52606d;margin-top:0}\n"
           ".cards{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}\n"
           ".card{border:1px solid #d9e2ec;border-radius:8px;padding:.6rem 1rem;min-width:120px}\n"
           ".card b{display:block;font-size:1.3rem} .card span{color:#52606d;font-size:.85rem}\n"
           ".charts{display:grid;grid-template-columns:repeat(2,1fr);gap:1rem}\n"
           "figure{margin:0;border:1px solid #d9e2ec;border-radius:8px;padding:.5rem}\n"
           "figcaption{font-size:.8rem;color:#52606d}\n"
           "table{border-collapse:collapse;width:100%;margin:1rem 0;font-variant-numeric:tabular-nums}\n"
           "th,td{padding:.35rem .6rem;border-bottom:1px solid #e4e7eb;text-align:right;white-space:nowrap}\n"
           "th:first-child,td:first-child{text-align:left} th{background:#f5f7fa}\n"
           ".warning{color:#b44d12;font-weight:600}\n"
           /* long text (reasons, provenance) wraps and reads from the left */
           "td.reasons,table.facts td{white-space:normal;text-align:left}\n"
           "table.facts th{text-align:left;width:11rem;vertical-align:top}\n"
           "dl#metric-notes{display:grid;grid-template-columns:8rem 1fr;gap:.2rem .8rem;font-size:.9rem;color:#52606d}\n"
           "dl#metric-notes dt{font-weight:600;color:#1f2933} dl#metric-notes dd{margin:0}\n"
           "svg .title{font-weight:600;font-size:13px} svg .tick{font-size:10px;fill:#52606d}\n"
           "svg .label{font-size:11px;fill:#52606d} svg .value{font-size:10px;fill:#1f2933}\n"
           "svg .grid{stroke:#e4e7eb} svg .axis{stroke:#9aa5b1}\n"
           "svg .bar{fill:#2f80ed} svg .whisker{stroke:#1f2933;stroke-width:1.5}\n"
           "svg .line{fill:none;stroke:#2f80ed;stroke-width:2.5} svg .dot{fill:#2f80ed}\n"
           "svg .diagonal{stroke:#9aa5b1;stroke-dasharray:5 4}\n"
           "svg .converted{fill:#27ae60} svg .not-converted{fill:#c4cdd5}\n"
           /* one colour per compared scorer, colour-blind safe (Okabe-Ito) */
           "svg .s0{stroke:#0072b2;fill:#0072b2} svg .s1{stroke:#e69f00;fill:#e69f00}\n"
           "svg .s2{stroke:#009e73;fill:#009e73} svg .s3{stroke:#cc79a7;fill:#cc79a7}\n"
           "svg polyline.s0,svg polyline.s1,svg polyline.s2,svg polyline.s3{fill:none;stroke-width:2.5}\n"
           ".verdict{font-size:1.1rem;border-left:4px solid #0072b2;padding:.5rem 1rem;background:#f5f7fa}\n"
           ".key span{display:inline-block;width:12px;height:12px;margin:0 .3rem 0 1rem;vertical-align:middle}\n";
}

void ls_html_text(FILE *out, const char *s)
{
    for (; *s != '\0'; s++) {
        switch (*s) {
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '&':
            fputs("&amp;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        default:
            fputc(*s, out);
        }
    }
}

double ls_svg_px(double x, double x_max)
{
    return LEFT + PLOT_W * (x_max > 0 ? x / x_max : 0);
}

double ls_svg_py(double y, double y_max)
{
    return TOP + PLOT_H * (1 - (y_max > 0 ? y / y_max : 0));
}

/* Opens a chart: frame, title, axis labels and percentage ticks on y. */
void ls_svg_chart_open(FILE *out, const char *id, const char *title, const char *x_label, const char *y_label,
                       double y_max)
{
    fprintf(out, "<figure><svg data-chart=\"%s\" id=\"%s\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
           "role=\"img\" aria-label=\"%s\">\n",
            id, id, W, H, W, H, title);
    fprintf(out, "<text x=\"%d\" y=\"16\" class=\"title\">%s</text>\n", LEFT, title);
    for (int t = 0; t <= 4; t++) {
        double v = y_max * t / 4;
        double y = ls_svg_py(v, y_max);
        fprintf(out, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>", LEFT, W - RIGHT, y, y);
        fprintf(out, "<text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%.0f%%</text>\n", LEFT - 6, y + 4,
                100 * v);
    }
    fprintf(out, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" class=\"axis\"/>", LEFT, W - RIGHT, TOP + PLOT_H,
            TOP + PLOT_H);
    fprintf(out, "<text x=\"%d\" y=\"%d\" class=\"label\" text-anchor=\"middle\">%s</text>\n", LEFT + PLOT_W / 2,
            H - 8, x_label);
    fprintf(out, "<text x=\"14\" y=\"%d\" class=\"label\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">%s</text>\n",
            TOP + PLOT_H / 2, TOP + PLOT_H / 2, y_label);
}

void ls_svg_chart_close(FILE *out, const char *caption)
{
    fprintf(out, "</svg><figcaption>%s</figcaption></figure>\n", caption);
}

double ls_svg_nice_max(double v)
{
    static const double steps[] = {0.05, 0.1, 0.2, 0.25, 0.4, 0.5, 0.6, 0.8, 1.0};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        if (v <= steps[i]) {
            return steps[i];
        }
    }
    return 1.0;
}

