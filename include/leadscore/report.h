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
#include "leadscore/evaluate.h"
#include "leadscore/metrics.h"
#include "leadscore/model.h"

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
    /* The rest is optional (NULL, 0): what the HTML page shows besides the
     * figures. The misranked leads (most wrong first, as ls_evaluation keeps
     * them) give its table of the top LS_REPORT_MISRANKED_SHOWN; a learned
     * model (NULL for a rule set) gives the strongest weights and, with
     * fitted->training, the provenance. */
    const ls_misranked_lead *misranked;
    size_t n_misranked;
    const ls_model *fitted;    /* the learned model, NULL for a rule set */
    const char *generated_at;  /* when the report was made, as the caller words it */
    int in_sample;             /* the data are the model's training file (same SHA-256) */
    size_t skipped;            /* rows left out (ls_evaluate_options.skip_bad_rows) */
    /* The JSON lists the misranked leads above in "misranked"."leads", in
     * their order, as the --misranked CSV has them: {id, score, probability
     * (null without one), band (its name), converted (0/1), reasons}. */
    int json_misranked;
} ls_report_context;

#define LS_REPORT_MISRANKED_SHOWN 10
#define LS_REPORT_WEIGHTS_SHOWN 10

/* Calibration drift, as the reports define it: a decile drifts when its mean
 * predicted probability lies outside the Wilson 95% interval of its observed
 * conversion rate; the calibration shows drift when at least
 * LS_DRIFT_MIN_DECILES of the deciles drift (with 10 well-calibrated
 * deciles, 3 or more fall outside by chance about 1% of the time). Returns
 * the number of drifting deciles; 0 for a scorer without probabilities. */
#define LS_DRIFT_MIN_DECILES 3
size_t ls_report_drifting_deciles(const ls_metrics *m);

void ls_report_text(const ls_metrics *m, const ls_report_context *ctx, FILE *out);

/* The caller deletes the tree with cJSON_Delete. */
cJSON *ls_report_json(const ls_metrics *m, const ls_report_context *ctx);

void ls_report_html(const ls_metrics *m, const ls_report_context *ctx, FILE *out);

#endif
