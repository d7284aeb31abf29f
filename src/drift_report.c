/* drift_report.c: a drift result as an aligned table and as JSON (drift.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "leadscore/drift.h"

static void percent(char *buf, size_t size, double share)
{
    snprintf(buf, size, "%.1f%%", 100.0 * share);
}

void ls_drift_text(const ls_drift *d, const ls_model *m, const char *data, const char *model_path, FILE *out)
{
    fprintf(out, "drift of %zu leads in %s against the %zu training leads of %s\n\n", d->rows, data,
            d->training_rows, model_path);
    fprintf(out, "score PSI %.4f  %s\n\n", d->score_psi, ls_drift_status_name(d->score_status));
    size_t width = 5;
    for (size_t i = 0; i < d->n_inputs; i++) {
        size_t w = strlen(d->inputs[i].name);
        width = w > width ? w : width;
    }
    fprintf(out, "%-*s %9s  %-7s  %8s %8s  %8s\n", (int)width, "input", "CSI", "status", "missing", "(train)",
            "unseen");
    for (size_t i = 0; i < d->n_inputs; i++) {
        const ls_drift_input *di = &d->inputs[i];
        char miss[16], train[16], unseen[16];
        percent(miss, sizeof miss, di->missing_share);
        percent(train, sizeof train, di->training_missing_share);
        if (di->categorical) {
            percent(unseen, sizeof unseen, di->unseen_share);
        } else {
            snprintf(unseen, sizeof unseen, "-");
        }
        fprintf(out, "%-*s %9.4f  %-7s  %8s %8s  %8s\n", (int)width, di->name, di->csi,
                ls_drift_status_name(di->status), miss, train, unseen);
    }
    size_t flagged = 0;
    for (size_t i = 0; i < d->n_inputs; i++) {
        flagged += d->inputs[i].status != LS_DRIFT_STABLE;
    }
    fprintf(out, "\n%zu of %zu inputs moved (watch or shifted); the score distribution is %s.\n", flagged,
            d->n_inputs, ls_drift_status_name(d->score_status));
    fprintf(out, "thresholds: PSI/CSI < %g stable, %g-%g watch, > %g shifted (empty bins floored at %g)\n",
            LS_PSI_WATCH, LS_PSI_WATCH, LS_PSI_SHIFTED, LS_PSI_SHIFTED, LS_PSI_EPSILON);
}

static cJSON *bin_json(const char *label, double expected, double actual)
{
    cJSON *b = cJSON_CreateObject();
    cJSON_AddStringToObject(b, "bin", label);
    cJSON_AddNumberToObject(b, "expected", expected);
    cJSON_AddNumberToObject(b, "actual", actual);
    return b;
}

cJSON *ls_drift_json(const ls_drift *d, const ls_model *m, const char *data, const char *model_path)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "data", data);
    cJSON_AddStringToObject(root, "model", model_path);
    cJSON_AddNumberToObject(root, "rows", (double)d->rows);
    cJSON_AddNumberToObject(root, "training_rows", (double)d->training_rows);
    cJSON_AddNumberToObject(root, "epsilon", LS_PSI_EPSILON);
    cJSON *th = cJSON_AddObjectToObject(root, "thresholds");
    cJSON_AddNumberToObject(th, "watch", LS_PSI_WATCH);
    cJSON_AddNumberToObject(th, "shifted", LS_PSI_SHIFTED);
    cJSON_AddNumberToObject(root, "score_psi", d->score_psi);
    cJSON_AddStringToObject(root, "score_status", ls_drift_status_name(d->score_status));
    cJSON *sb = cJSON_AddArrayToObject(root, "score_bins");
    const ls_profile_bins *edges = &m->profile->score;
    for (size_t k = 0; k < d->n_score_bins; k++) {
        char label[64];
        if (edges->n_edges == 0) {
            snprintf(label, sizeof label, "any probability");
        } else if (k == 0) {
            snprintf(label, sizeof label, "<= %.6g", edges->edges[0]);
        } else if (k == edges->n_edges) {
            snprintf(label, sizeof label, "> %.6g", edges->edges[k - 1]);
        } else {
            snprintf(label, sizeof label, "(%.6g, %.6g]", edges->edges[k - 1], edges->edges[k]);
        }
        cJSON_AddItemToArray(sb, bin_json(label, d->score_expected[k], d->score_actual[k]));
    }
    cJSON *inputs = cJSON_AddArrayToObject(root, "inputs");
    for (size_t i = 0; i < d->n_inputs; i++) {
        const ls_drift_input *di = &d->inputs[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", di->name);
        cJSON_AddStringToObject(o, "type", di->categorical ? "categorical" : "numeric");
        cJSON_AddNumberToObject(o, "csi", di->csi);
        cJSON_AddStringToObject(o, "status", ls_drift_status_name(di->status));
        cJSON_AddNumberToObject(o, "missing_share", di->missing_share);
        cJSON_AddNumberToObject(o, "training_missing_share", di->training_missing_share);
        if (di->categorical) {
            cJSON_AddNumberToObject(o, "unseen_share", di->unseen_share);
        } else {
            cJSON_AddNullToObject(o, "unseen_share");
        }
        cJSON *bins = cJSON_AddArrayToObject(o, "bins");
        for (size_t k = 0; k < di->n_bins; k++) {
            char label[128];
            ls_drift_bin_label(m, di, k, label, sizeof label);
            cJSON_AddItemToArray(bins, bin_json(label, di->expected[k], di->actual[k]));
        }
        cJSON_AddItemToArray(inputs, o);
    }
    return root;
}
