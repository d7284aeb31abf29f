/* report_svg.h: shared pieces of the HTML reports (evaluate, compare): one
 * style sheet, HTML escaping and the frame of a chart, an
 * <svg data-chart="ID"> with a title, y ticks in percent and axis labels,
 * so that tests find every chart the same way. */
#ifndef LEADSCORE_REPORT_SVG_H
#define LEADSCORE_REPORT_SVG_H

#include <stdio.h>

/* chart geometry, in SVG units */
#define LS_SVG_W 460
#define LS_SVG_H 280
#define LS_SVG_LEFT 56
#define LS_SVG_RIGHT 16
#define LS_SVG_TOP 28
#define LS_SVG_BOTTOM 44
#define LS_SVG_PLOT_W (LS_SVG_W - LS_SVG_LEFT - LS_SVG_RIGHT)
#define LS_SVG_PLOT_H (LS_SVG_H - LS_SVG_TOP - LS_SVG_BOTTOM)

/* The CSS of every page (between <style> and </style>). */
const char *ls_html_style(void);
/* Writes s with <, >, & and " escaped. */
void ls_html_text(FILE *out, const char *s);
/* Plot coordinates of x in [0, x_max] and y in [0, y_max]. */
double ls_svg_px(double x, double x_max);
double ls_svg_py(double y, double y_max);
void ls_svg_chart_open(FILE *out, const char *id, const char *title, const char *x_label, const char *y_label,
                       double y_max);
void ls_svg_chart_close(FILE *out, const char *caption);
/* The smallest of a few round shares at or above v. */
double ls_svg_nice_max(double v);

#endif
