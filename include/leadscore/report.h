/* leadscore/report.h: an evaluation (ls_metrics) as aligned text, JSON and a
 * self-contained HTML page with inline SVG charts.
 *
 * Nothing here computes a figure: every number comes from ls_metrics, so the
 * three forms always agree. Missing figures (an empty band's rate, the AUC of
 * a single class) are "n/a" in text, null in JSON and "n/a" in HTML. */
#ifndef LEADSCORE_REPORT_H
#define LEADSCORE_REPORT_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include "leadscore/bands.h"
#include "leadscore/metrics.h"

typedef struct {
    const char *model;      /* file names, for the titles */
    const char *data;
    const ls_bands *bands;
    long mql_band, sql_band;
    double target_precision;
    long capacity;
    /* the realised MQL-to-SQL ratio from a lifecycle-stage column (--stage) */
    int has_stage;
    size_t stage_mql, stage_sql;
} ls_report_context;

void ls_report_text(const ls_metrics *m, const ls_report_context *ctx, FILE *out);

/* The caller deletes the tree with cJSON_Delete. */
cJSON *ls_report_json(const ls_metrics *m, const ls_report_context *ctx);

void ls_report_html(const ls_metrics *m, const ls_report_context *ctx, FILE *out);

#endif
