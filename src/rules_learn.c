/* rules_learn.c: learning the points of an existing rule set
 * (rules_learn.h). One pass over the leads scores them with the old rule set
 * and records each rule's term (its contribution per point); the terms go
 * into an in-memory dataset, so the fit is the project's own ls_logit_fit
 * with its standard errors, aliasing and separation checks, not a second
 * IRLS. The new rule set is the old JSON with points, caps and calibration
 * rewritten, so every condition stays exactly as the user wrote it. */
#define _POSIX_C_SOURCE 200809L
#include "leadscore/rules_learn.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadscore/csv.h"
#include "leadscore/dataset.h"
#include "leadscore/fileio.h"
#include "leadscore/logit.h"
#include "leadscore/metrics.h"
#include "leadscore/model.h"
#include "leadscore/target.h"
#include "rules_internal.h"

#define BASE_LABEL "Base points"

void ls_rules_learn_options_init(ls_rules_learn_options *o)
{
    memset(o, 0, sizeof *o);
    o->max_iterations = 100;
}

void ls_rules_learn_free(ls_rules_learn_result *res)
{
    if (res == NULL) {
        return;
    }
    for (size_t i = 0; res->rules != NULL && i < res->n_rules; i++) {
        free(res->rules[i].label);
    }
    free(res->rules);
    for (size_t g = 0; res->groups != NULL && g < res->n_groups; g++) {
        free(res->groups[g].name);
    }
    free(res->groups);
    free(res->json);
    free(res);
}

/* The leads as read: per rule its term, the outcome, the old ranking. */
typedef struct {
    size_t n, cap, n_rules;
    double **unit;      /* n_rules columns of n */
    unsigned char *y;
    double *old_rank;   /* what evaluate ranks the old rule set by */
} leads;

static void leads_free(leads *l)
{
    for (size_t i = 0; l->unit != NULL && i < l->n_rules; i++) {
        free(l->unit[i]);
    }
    free(l->unit);
    free(l->y);
    free(l->old_rank);
}

static int leads_grow(leads *l)
{
    if (l->n < l->cap) {
        return 0;
    }
    size_t cap = l->cap ? l->cap * 2 : 4096;
    for (size_t i = 0; i < l->n_rules; i++) {
        double *a = realloc(l->unit[i], cap * sizeof *a);
        if (a == NULL) {
            return -1;
        }
        l->unit[i] = a;
    }
    unsigned char *y = realloc(l->y, cap);
    if (y == NULL) {
        return -1;
    }
    l->y = y;
    double *o = realloc(l->old_rank, cap * sizeof *o);
    if (o == NULL) {
        return -1;
    }
    l->old_rank = o;
    l->cap = cap;
    return 0;
}

/* Counts, for the old rule set and the lead just scored, the group caps that
 * bound and a total clamped at either end. */
static void count_losses(const ls_rules *r, ls_rules_learn_result *res, long *capped)
{
    double factor = rules_decay_factor(r), total = 0.0;
    for (size_t g = 0; g < r->n_groups; g++) {
        double sum = r->group_sum[g];
        if (sum > r->groups[g].max) {
            capped[g]++;
            sum = r->groups[g].max;
        }
        total += r->groups[g].decays ? sum * factor : sum;
    }
    for (size_t i = 0; i < r->n_rules; i++) {
        if (r->rules[i].group < 0) {
            total += r->contribution[i];
        }
    }
    res->old_clamped_low += total < 0;
    res->old_clamped_high += total > r->max_score;
}

static int read_leads(ls_rules *r, const char *data_path, const ls_rules_learn_options *o, leads *l,
                      ls_rules_learn_result *res, long *capped, ls_error *err)
{
    ls_csv_options co = {o->delimiter, 0};
    ls_csv_reader *reader = NULL;
    int status = ls_csv_open(data_path, &co, &reader, err);
    if (status != LS_OK) {
        return status;
    }
    size_t n = ls_csv_n_columns(reader);
    const char **cells = malloc((n ? n : 1) * sizeof *cells);
    size_t *lengths = malloc((n ? n : 1) * sizeof *lengths);
    double *unit = malloc(r->n_rules * sizeof *unit);
    long target = ls_csv_find_column(reader, o->target);
    if (cells == NULL || lengths == NULL || unit == NULL) {
        status = ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    } else if (target < 0) {
        status = ls_errorf(err, LS_EDATA, data_path, 1, 0, "no target column '%s' in the file", o->target);
    } else {
        for (size_t j = 0; j < n; j++) {
            cells[j] = ls_csv_column_name(reader, j);
        }
        status = ls_rules_bind(r, cells, n, err);
        if (status == LS_EDATA) {
            snprintf(err->file, sizeof err->file, "%s", data_path);
            err->line = 1;
        }
    }
    int more = 0;
    while (status == LS_OK && (more = ls_csv_next(reader, err)) == 1) {
        for (size_t j = 0; j < n; j++) {
            cells[j] = ls_csv_field(reader, j);
            lengths[j] = ls_csv_field_length(reader, j);
        }
        int y = 0;
        if (ls_target_parse(cells[target], lengths[target], &y) != 0) {
            status = ls_errorf(err, LS_EDATA, data_path, ls_csv_line(reader), target + 1,
                               "target column '%s' must be binary (0/1, yes/no, true/false, converted/not "
                               "converted), got '%.40s'",
                               o->target, cells[target]);
            break;
        }
        ls_rules_score s;
        if ((status = ls_rules_score_cells(r, cells, lengths, &s, err)) != LS_OK) {
            if (status != LS_ENOMEM) {
                snprintf(err->file, sizeof err->file, "%s", data_path);
                err->line = ls_csv_line(reader);
            }
            break;
        }
        if (leads_grow(l) != 0) {
            status = ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
            break;
        }
        rules_units(r, unit);
        for (size_t i = 0; i < r->n_rules; i++) {
            l->unit[i][l->n] = unit[i];
        }
        l->y[l->n] = (unsigned char)y;
        l->old_rank[l->n] = r->has_calibration ? s.probability : s.score / 100.0;
        count_losses(r, res, capped);
        l->n++;
        res->converted += y;
    }
    if (status == LS_OK && more < 0) {
        status = (int)err->code;
    }
    if (status == LS_OK && l->n == 0) {
        status = ls_errorf(err, LS_EDATA, data_path, 2, 0, "no leads to learn from: the file has a header only");
    }
    res->leads = (long)l->n;
    free(cells);
    free(lengths);
    free(unit);
    ls_csv_close(reader);
    return status;
}

/* A dataset of numeric columns names[k] = values[k] (borrowed: detached
 * before freeing) and the outcome, for ls_logit_fit. */
static ls_dataset *design(const char *path, const char *const *names, double *const *values, size_t k,
                          unsigned char *y, size_t n, size_t positives)
{
    ls_dataset *ds = calloc(1, sizeof *ds);
    if (ds == NULL || (ds->columns = calloc(k + 1, sizeof *ds->columns)) == NULL ||
        (ds->path = strdup(path)) == NULL) {
        ls_dataset_free(ds);
        return NULL;
    }
    ds->n_columns = k + 1;
    ds->n_rows = n;
    for (size_t j = 0; j <= k; j++) {
        ls_column *c = &ds->columns[j];
        if ((c->name = strdup(j < k ? names[j] : "(outcome)")) == NULL) {
            ls_dataset_free(ds);
            return NULL;
        }
        c->type = j < k ? LS_COL_NUMERIC : LS_COL_TARGET;
        c->values = j < k ? values[j] : NULL;
    }
    ds->target = (long)k;
    ds->y = y;
    ds->positives = positives;
    ds->delimiter = ',';
    return ds;
}

static void design_free(ls_dataset *ds)
{
    if (ds == NULL) {
        return;
    }
    for (size_t j = 0; j < ds->n_columns; j++) {
        ds->columns[j].values = NULL;
    }
    ds->y = NULL;
    ls_dataset_free(ds);
}

static int fit(ls_dataset *ds, const ls_rules_learn_options *o, ls_model **out, ls_error *err)
{
    ls_model *m = NULL;
    int status = ls_model_from_dataset(ds, &m, err);
    if (status != LS_OK) {
        return status;
    }
    ls_logit_options lo;
    ls_logit_options_init(&lo);
    lo.l2 = o->l2;
    lo.solver = LS_SOLVER_NEWTON;
    lo.max_iterations = o->max_iterations;
    status = ls_logit_fit(m, ds, &lo, err);
    if (status != LS_OK) {
        ls_model_free(m);
        return status;
    }
    *out = m;
    return LS_OK;
}

static double auc_of(const double *p, const unsigned char *y, size_t n, double *work)
{
    double auc = NAN;
    return ls_delong_components(p, y, n, work, &auc) == LS_OK ? auc : NAN;
}

static double round_points(double x, int per_unit)
{
    return per_unit ? round(x * 10.0) / 10.0 : round(x);
}

static int set_number(cJSON *obj, const char *key, double v)
{
    cJSON *item = cJSON_CreateNumber(v);
    if (item == NULL) {
        return -1;
    }
    if (cJSON_GetObjectItemCaseSensitive(obj, key) != NULL) {
        return cJSON_ReplaceItemInObjectCaseSensitive(obj, key, item) ? 0 : -1;
    }
    return cJSON_AddItemToObject(obj, key, item) ? 0 : -1;
}

static int set_item(cJSON *obj, const char *key, cJSON *item)
{
    if (item == NULL) {
        return -1;
    }
    if (cJSON_GetObjectItemCaseSensitive(obj, key) != NULL) {
        return cJSON_ReplaceItemInObjectCaseSensitive(obj, key, item) ? 0 : -1;
    }
    return cJSON_AddItemToObject(obj, key, item) ? 0 : -1;
}

/* The old JSON with the learned points: same conditions, no group caps,
 * per-unit caps kept in units, a base rule, a calibration and a record of
 * how it was made. */
static int write_json(cJSON *root, const ls_rules *r, const ls_rules_learn_result *res, const char *rules_path,
                      const char *data_path, const char *target)
{
    int failed = 0;
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "name");
    char title[300];
    snprintf(title, sizeof title, "%.200s%slearned points", cJSON_IsString(name) ? name->valuestring : "",
             cJSON_IsString(name) && name->valuestring[0] ? ", " : "");
    failed |= set_item(root, "name", cJSON_CreateString(title));
    cJSON *g;
    cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(root, "groups"))
    {
        cJSON_DeleteItemFromObjectCaseSensitive(g, "max");
    }
    cJSON *rules = cJSON_GetObjectItemCaseSensitive(root, "rules");
    size_t i = 0;
    cJSON *rule;
    cJSON_ArrayForEach(rule, rules)
    {
        const ls_rules_learn_rule *lr = &res->rules[i++];
        failed |= set_number(rule, "points", lr->new_points);
        if (lr->per_unit && isfinite(lr->unit_cap)) {
            failed |= set_number(rule, "max", fabs(lr->new_points) * lr->unit_cap);
        } else {
            cJSON_DeleteItemFromObjectCaseSensitive(rule, "max");
        }
        cJSON *learned = cJSON_CreateObject();
        failed |= learned == NULL || cJSON_AddNumberToObject(learned, "old_points", lr->points) == NULL;
        if (!failed && lr->aliased) {
            failed |= cJSON_AddTrueToObject(learned, "aliased") == NULL;
        } else if (!failed) {
            failed |= cJSON_AddNumberToObject(learned, "weight", lr->weight) == NULL ||
                      cJSON_AddNumberToObject(learned, "std_error", lr->std_error) == NULL ||
                      cJSON_AddNumberToObject(learned, "p_value", lr->p_value) == NULL;
        }
        failed |= set_item(rule, "learned", learned);
    }
    if (res->base_points != 0.0) {
        int taken = 0;
        for (size_t k = 0; k < r->n_rules; k++) {
            taken |= strcmp(r->rules[k].label, BASE_LABEL) == 0;
        }
        cJSON *base = cJSON_CreateObject();
        failed |= base == NULL || cJSON_AddStringToObject(base, "label", taken ? BASE_LABEL " (learned)" : BASE_LABEL) ==
                                      NULL ||
                  cJSON_AddNumberToObject(base, "points", res->base_points) == NULL ||
                  !cJSON_AddItemToArray(rules, base);
    }
    cJSON *cal = cJSON_CreateObject();
    failed |= cal == NULL || cJSON_AddNumberToObject(cal, "intercept", res->calibration_intercept) == NULL ||
              cJSON_AddNumberToObject(cal, "slope", res->calibration_slope) == NULL;
    failed |= set_item(root, "calibration", cal);

    cJSON *learned = cJSON_CreateObject(), *lost = cJSON_CreateArray();
    failed |= learned == NULL || lost == NULL;
    for (size_t k = 0; !failed && k < res->n_groups; k++) {
        char text[200];
        snprintf(text, sizeof text, "group cap '%.80s' (max %g; bound on %ld of %ld leads)", res->groups[k].name,
                 res->groups[k].max, res->groups[k].leads_capped, res->leads);
        failed |= !cJSON_AddItemToArray(lost, cJSON_CreateString(text));
    }
    if (!failed) {
        failed |= cJSON_AddStringToObject(learned, "from_rules", rules_path) == NULL ||
                  cJSON_AddStringToObject(learned, "data", data_path) == NULL ||
                  cJSON_AddStringToObject(learned, "target", target) == NULL ||
                  cJSON_AddNumberToObject(learned, "leads", (double)res->leads) == NULL ||
                  cJSON_AddNumberToObject(learned, "converted", (double)res->converted) == NULL ||
                  cJSON_AddNumberToObject(learned, "intercept", res->intercept) == NULL ||
                  cJSON_AddNumberToObject(learned, "points_per_log_odds", res->scale) == NULL ||
                  cJSON_AddNumberToObject(learned, "auc_old", res->auc_old) == NULL ||
                  cJSON_AddNumberToObject(learned, "auc_new", res->auc_new) == NULL ||
                  cJSON_AddNumberToObject(learned, "auc_new_score", res->auc_new_score) == NULL ||
                  cJSON_AddNumberToObject(learned, "auc_fit", res->auc_fit) == NULL ||
                  !cJSON_AddItemToObject(learned, "not_kept", lost);
        lost = NULL;
    }
    cJSON_Delete(lost);
    failed |= set_item(root, "learned", learned);
    return failed ? -1 : 0;
}

/* From the fit to points, calibration and AUCs; fills res. */
static int derive(const ls_rules *r, const ls_model *m, const leads *l, const char *data_path,
                  const ls_rules_learn_options *o, ls_rules_learn_result *res, ls_error *err)
{
    size_t n = l->n, k = l->n_rules;
    double *eta = malloc(n * sizeof *eta), *total = malloc(n * sizeof *total);
    double *prob = malloc(n * sizeof *prob), *work = malloc(n * sizeof *work);
    int status = LS_OK;
    if (eta == NULL || total == NULL || prob == NULL || work == NULL) {
        status = ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    res->intercept = m->terms[0].weight;
    res->intercept_se = m->terms[0].std_error;
    res->iterations = m->fit.iterations;
    res->log_likelihood = m->fit.log_likelihood;
    res->null_deviance = m->fit.null_deviance;
    for (size_t i = 0; i < k; i++) {
        ls_rules_learn_rule *lr = &res->rules[i];
        const ls_term *t = &m->terms[i + 1];
        lr->aliased = t->aliased;
        lr->weight = t->aliased ? 0.0 : t->weight;
        lr->std_error = t->aliased ? NAN : t->std_error;
        lr->z = t->aliased ? NAN : t->z;
        lr->p_value = t->aliased ? NAN : t->p_value;
        lr->wrong_sign = !t->aliased && lr->points * lr->weight < 0;
        lr->no_evidence = t->aliased || !(lr->p_value <= LS_RULES_LEARN_ALPHA);
    }
    /* the linear predictor without intercept, and its range */
    double lo = INFINITY, hi = -INFINITY;
    for (size_t row = 0; row < n; row++) {
        double s = 0.0;
        for (size_t i = 0; i < k; i++) {
            s += res->rules[i].weight * l->unit[i][row];
        }
        eta[row] = s + res->intercept;
        lo = s < lo ? s : lo;
        hi = s > hi ? s : hi;
    }
    if (!(hi > lo)) {
        status = ls_errorf(err, LS_EDATA, NULL, 0, 0,
                           "the learned points give every lead the same score: no rule separates the leads");
        goto done;
    }
    res->scale = r->max_score / (hi - lo);
    for (size_t i = 0; i < k; i++) {
        ls_rules_learn_rule *lr = &res->rules[i];
        lr->suggested = lr->weight * res->scale;
        lr->new_points = round_points(lr->suggested, lr->per_unit) + 0.0; /* no -0 in the file */
    }
    double low = INFINITY;
    for (size_t row = 0; row < n; row++) {
        double s = 0.0;
        for (size_t i = 0; i < k; i++) {
            s += res->rules[i].new_points * l->unit[i][row];
        }
        total[row] = s;
        low = s < low ? s : low;
    }
    res->base_points = round(-low) + 0.0;
    for (size_t row = 0; row < n; row++) {
        double t = total[row] + res->base_points;
        total[row] = t < 0 ? 0.0 : t > r->max_score ? r->max_score : t;
    }
    /* calibration: the outcome on the new unrounded total, as the scorer
     * will compute it from the new file */
    const char *name = "points";
    ls_dataset *ds = design(data_path, &name, &total, 1, l->y, n, (size_t)res->converted);
    ls_model *cal = NULL;
    ls_rules_learn_options co = *o;
    co.l2 = 0.0;
    if (ds == NULL) {
        status = ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    } else if ((status = fit(ds, &co, &cal, err)) != LS_OK) {
        char msg[sizeof err->msg];
        snprintf(msg, sizeof msg, "%s", err->msg);
        ls_errorf(err, (ls_status)status, NULL, 0, 0, "calibrating the new scores: %s", msg);
    } else {
        res->calibration_intercept = cal->terms[0].weight;
        res->calibration_slope = cal->terms[1].weight;
    }
    ls_model_free(cal);
    design_free(ds);
    if (status != LS_OK) {
        goto done;
    }
    res->auc_fit = auc_of(eta, l->y, n, work);
    res->auc_old = auc_of(l->old_rank, l->y, n, work);
    for (size_t row = 0; row < n; row++) {
        prob[row] = ls_logistic(res->calibration_intercept + res->calibration_slope * total[row]);
        total[row] = round(total[row]) / 100.0;
    }
    res->auc_new = auc_of(prob, l->y, n, work);
    res->auc_new_score = auc_of(total, l->y, n, work);
done:
    free(eta);
    free(total);
    free(prob);
    free(work);
    return status;
}

static int init_result(const ls_rules *r, ls_rules_learn_result *res)
{
    res->max_score = r->max_score;
    res->n_rules = r->n_rules;
    res->decay_kept = r->decay_column >= 0;
    if ((res->rules = calloc(r->n_rules, sizeof *res->rules)) == NULL ||
        (res->groups = calloc(r->n_groups ? r->n_groups : 1, sizeof *res->groups)) == NULL) {
        return -1;
    }
    for (size_t i = 0; i < r->n_rules; i++) {
        ls_rules_learn_rule *lr = &res->rules[i];
        const rule_def *d = &r->rules[i];
        lr->per_unit = d->per_unit >= 0;
        lr->unit_cap = rules_unit_cap(d);
        lr->points = d->points;
        if ((lr->label = strdup(d->label)) == NULL) {
            return -1;
        }
    }
    return 0;
}

int ls_rules_learn(const char *rules_path, const char *data_path, const ls_rules_learn_options *o,
                   ls_rules_learn_result **out, ls_error *err)
{
    char *text = NULL;
    size_t len = 0;
    ls_rules *r = NULL;
    cJSON *root = NULL;
    leads l = {0};
    long *capped = NULL;
    ls_dataset *ds = NULL;
    ls_model *m = NULL;
    ls_rules_learn_result *res = calloc(1, sizeof *res);
    if (res == NULL) {
        return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    int status = ls_read_file(rules_path, &text, &len, err);
    if (status == LS_OK) {
        status = ls_rules_parse(text, len, rules_path, &r, err);
    }
    if (status == LS_OK) {
        root = cJSON_ParseWithLength(text, len);
        l.n_rules = r->n_rules;
        l.unit = calloc(r->n_rules, sizeof *l.unit);
        capped = calloc(r->n_groups ? r->n_groups : 1, sizeof *capped);
        if (root == NULL || l.unit == NULL || capped == NULL || init_result(r, res) != 0) {
            status = ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
        }
    }
    if (status == LS_OK) {
        status = read_leads(r, data_path, o, &l, res, capped, err);
    }
    if (status == LS_OK) {
        const char **names = malloc(r->n_rules * sizeof *names);
        for (size_t i = 0; names != NULL && i < r->n_rules; i++) {
            names[i] = r->rules[i].label;
        }
        ds = names != NULL ? design(data_path, names, l.unit, r->n_rules, l.y, l.n, (size_t)res->converted) : NULL;
        free(names);
        status = ds == NULL ? ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory") : fit(ds, o, &m, err);
    }
    if (status == LS_OK) {
        for (size_t i = 0; i < r->n_rules; i++) {
            long fires = 0;
            for (size_t row = 0; row < l.n; row++) {
                fires += l.unit[i][row] != 0.0;
            }
            res->rules[i].fires = fires;
        }
        for (size_t g = 0; g < r->n_groups; g++) {
            if (isfinite(r->groups[g].max)) {
                ls_rules_learn_group *lg = &res->groups[res->n_groups++];
                lg->max = r->groups[g].max;
                lg->leads_capped = capped[g];
                if ((lg->name = strdup(r->groups[g].name)) == NULL) {
                    status = ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
                }
            }
        }
    }
    if (status == LS_OK) {
        status = derive(r, m, &l, data_path, o, res, err);
    }
    if (status == LS_OK) {
        if (write_json(root, r, res, rules_path, data_path, o->target) != 0 ||
            (res->json = cJSON_Print(root)) == NULL) {
            status = ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
        }
    }
    design_free(ds);
    ls_model_free(m);
    leads_free(&l);
    free(capped);
    cJSON_Delete(root);
    ls_rules_free(r);
    free(text);
    if (status != LS_OK) {
        ls_rules_learn_free(res);
        return status;
    }
    *out = res;
    return LS_OK;
}
