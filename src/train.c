/* train.c: the training pipeline: read, split, weight, cross-validate, fit,
 * and record where the model came from. */
#define _POSIX_C_SOURCE 200809L
#include "leadscore/train.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "leadscore/logit.h"
#include "leadscore/model_io.h"
#include "leadscore/profile.h"
#include "model_checksum.h"
#include "scorer_internal.h"

void ls_train_options_init(ls_train_options *o)
{
    memset(o, 0, sizeof *o);
    ls_read_options_init(&o->read);
    /* unset, so that ls_train_penalty() can tell "not given" from 0 */
    o->l1 = o->l2 = o->alpha = LS_PENALTY_UNSET;
    o->seed = 1;
    o->max_iterations = 100;
    ls_bands_default(&o->bands);
}

int ls_train_penalty(const ls_train_options *o, double *l1, double *l2, double *alpha, ls_error *err)
{
    if (isnan(o->l1) || isnan(o->l2) || isnan(o->alpha)) {
        return ls_errorf(err, LS_EUSAGE, NULL, 0, 0, "a penalty or elastic-net mix is NaN");
    }
    if (o->alpha > 1) {
        return ls_errorf(err, LS_EUSAGE, NULL, 0, 0, "the elastic-net mix alpha must be from 0 to 1, not %g",
                         o->alpha);
    }
    int has_l1 = o->l1 >= 0, has_l2 = o->l2 >= 0, has_alpha = o->alpha >= 0;
    if (has_alpha && !has_l1 && o->cv_folds == 0) {
        return ls_errorf(err, LS_EUSAGE, NULL, 0, 0,
                         "an elastic-net mix (alpha) needs an l1 strength or cross-validation");
    }
    if (has_l1 && has_l2 && has_alpha) {
        return ls_errorf(err, LS_EUSAGE, NULL, 0, 0,
                         "give l1 with alpha (an elastic net of strength l1), or l1 and l2, not all three");
    }
    if (has_l1 && has_alpha) {
        *l1 = o->alpha * o->l1;
        *l2 = (1 - o->alpha) * o->l1;
    } else {
        *l1 = has_l1 ? o->l1 : 0.0;
        /* the default ridge only when no penalty at all was asked for: a
         * lasso alone means a lasso */
        *l2 = has_l2 ? o->l2 : (has_l1 ? 0.0 : LS_DEFAULT_L2);
    }
    *alpha = has_alpha ? o->alpha : (o->l1 > 0 ? 1.0 : 0.0);
    return LS_OK;
}

/* 1 for training rows, 0 for holdout rows: the dataset's select_rows, so
 * that the encoding is learnt from the training rows only. */
static int split_rows(void *ctx, const ls_dataset *ds, unsigned char *is_train, ls_error *err)
{
    const ls_train_options *o = ctx;
    memset(is_train, 1, ds->n_rows);
    if (o->time_column != NULL) {
        long col = ls_dataset_find(ds, o->time_column);
        if (col < 0) {
            return ls_errorf(err, LS_EDATA, ds->path, 1, 0, "time column '%s' not found in the header",
                             o->time_column);
        }
        if (ds->columns[col].type != LS_COL_DATE) {
            return ls_errorf(err, LS_EDATA, ds->path, 0, col + 1,
                             "time column '%s' does not hold ISO dates (YYYY-MM-DD): it reads as %s",
                             o->time_column, ls_column_type_name(ds->columns[col].type));
        }
        int32_t from;
        if (o->test_from == NULL || ls_cell_parse_date(o->test_from, strlen(o->test_from), &from) != 0) {
            return ls_errorf(err, LS_EUSAGE, NULL, 0, 0, "an out-of-time holdout needs a test-from date YYYY-MM-DD");
        }
        const int32_t *days = ds->columns[col].days;
        for (size_t i = 0; i < ds->n_rows; i++) {
            /* a lead without a date cannot be placed in time: keep it for training */
            is_train[i] = days[i] == INT32_MIN || days[i] < from;
        }
        return LS_OK;
    }
    if (o->holdout > 0) {
        gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
        if (rng == NULL) {
            return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
        }
        gsl_rng_set(rng, o->seed);
        for (size_t i = 0; i < ds->n_rows; i++) {
            is_train[i] = gsl_rng_uniform(rng) >= o->holdout;
        }
        gsl_rng_free(rng);
    }
    return LS_OK;
}

/* Row weights of the training rows: 1, or balanced so that both classes
 * weigh the same in total (and the weights sum to the row count). */
static void training_weights(const ls_dataset *ds, const unsigned char *is_train, int balanced, double *w,
                             double *base_rate)
{
    size_t n = 0, pos = 0;
    for (size_t i = 0; i < ds->n_rows; i++) {
        n += is_train[i];
        pos += is_train[i] && ds->y[i];
    }
    *base_rate = n ? (double)pos / (double)n : NAN;
    for (size_t i = 0; i < ds->n_rows; i++) {
        if (!is_train[i]) {
            w[i] = 0.0;
        } else if (balanced && pos > 0 && pos < n) {
            w[i] = ds->y[i] ? (double)n / (2.0 * (double)pos) : (double)n / (2.0 * (double)(n - pos));
        } else {
            w[i] = 1.0;
        }
    }
}

static int cross_validate(ls_model *m, const ls_dataset *ds, const ls_train_options *o, const double *w,
                          ls_train_report *report, ls_error *err)
{
    size_t n = ds->n_rows;
    int k = o->cv_folds;
    double alpha = report->alpha; /* the path's mix, settled by ls_train_penalty() */
    int *fold = malloc(n * sizeof *fold);
    double *fw = malloc(n * sizeof *fw), *hw = malloc(n * sizeof *hw);
    double losses[LS_CV_LAMBDAS][LS_CV_MAX_FOLDS];
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    int status = LS_OK;
    if (fold == NULL || fw == NULL || hw == NULL || rng == NULL) {
        status = ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    gsl_rng_set(rng, o->seed + 7919);
    for (size_t i = 0; i < n; i++) {
        fold[i] = (int)gsl_rng_uniform_int(rng, (unsigned long)k);
    }
    double top = ls_logit_lambda_max(m, ds, w, alpha);
    report->n_cv = LS_CV_LAMBDAS;
    for (int l = 0; l < LS_CV_LAMBDAS; l++) {
        report->cv[l].lambda = top * pow(1e-4, (double)l / (LS_CV_LAMBDAS - 1));
    }
    for (int f = 0; f < k && status == LS_OK; f++) {
        for (size_t i = 0; i < n; i++) {
            fw[i] = fold[i] == f ? 0.0 : w[i];
            hw[i] = fold[i] == f && w[i] > 0 ? 1.0 : 0.0;
        }
        for (int l = 0; l < LS_CV_LAMBDAS && status == LS_OK; l++) {
            ls_logit_options lo;
            ls_logit_options_init(&lo);
            lo.max_iterations = o->max_iterations;
            lo.solver = o->solver;
            lo.l1 = report->cv[l].lambda * alpha;
            lo.l2 = report->cv[l].lambda * (1 - alpha);
            lo.row_weights = fw;
            status = ls_logit_fit(m, ds, &lo, err);
            losses[l][f] = ls_logit_log_loss(m, ds, hw, NULL);
        }
    }
    for (int l = 0; l < LS_CV_LAMBDAS && status == LS_OK; l++) {
        double mean = 0, ss = 0;
        for (int f = 0; f < k; f++) {
            mean += losses[l][f] / k;
        }
        for (int f = 0; f < k; f++) {
            ss += (losses[l][f] - mean) * (losses[l][f] - mean);
        }
        report->cv[l].mean_log_loss = mean;
        report->cv[l].se_log_loss = k > 1 ? sqrt(ss / (k - 1) / k) : NAN;
    }
    size_t best = 0;
    for (size_t l = 1; l < report->n_cv; l++) {
        if (report->cv[l].mean_log_loss < report->cv[best].mean_log_loss) {
            best = l;
        }
    }
    report->chosen_lambda = report->cv[best].lambda;
done:
    free(fold);
    free(fw);
    free(hw);
    gsl_rng_free(rng);
    return status;
}

static char *copy_or_null(const char *s, int *failed)
{
    char *c = s != NULL ? strdup(s) : NULL;
    *failed |= s != NULL && c == NULL;
    return c;
}

/* The provenance the model keeps: everything needed to tell later what the
 * model was trained on and how (see provenance.h). NULL when out of memory. */
static ls_provenance *make_provenance(const char *path, const char *sha, const ls_dataset *ds,
                                      const ls_train_options *o, const ls_train_report *r, double l1, double l2,
                                      double alpha)
{
    ls_provenance *p = calloc(1, sizeof *p);
    if (p == NULL) {
        return NULL;
    }
    int failed = 0;
    const char *base = strrchr(path, '/');
    p->source_file = copy_or_null(base != NULL ? base + 1 : path, &failed);
    p->source_sha256 = copy_or_null(sha, &failed);
    p->source_rows = ds->n_rows;
    p->source_positives = ds->positives;
    char when[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    p->trained_at = copy_or_null(when, &failed);
    p->leadscore_version = copy_or_null(LEADSCORE_VERSION, &failed);
    p->command_line = copy_or_null(o->options_text, &failed);
    ls_train_settings *s = &p->options;
    s->l1 = l1;
    s->l2 = l2;
    s->alpha = alpha;
    s->cv_folds = o->cv_folds;
    s->balanced = o->balanced;
    s->holdout = o->holdout;
    s->seed = o->seed;
    if (o->time_column != NULL) {
        s->time_column = copy_or_null(o->time_column, &failed);
        s->test_from = copy_or_null(o->test_from != NULL ? o->test_from : "", &failed);
    }
    s->min_level_count = o->read.min_level_count;
    s->max_iterations = o->max_iterations;
    s->solver = copy_or_null(o->solver == LS_SOLVER_NEWTON  ? "newton"
                             : o->solver == LS_SOLVER_LBFGS ? "lbfgs"
                                                            : "auto",
                             &failed);
    failed |= ls_provenance_set_positive(p, o->read.outcome.positive) != 0;
    failed |= ls_string_list_copy(&s->id, o->read.id.names, o->read.id.n) != 0;
    failed |= ls_string_list_copy(&s->exclude, o->read.exclude.names, o->read.exclude.n) != 0;
    failed |= ls_string_list_copy(&s->categorical, o->read.categorical.names, o->read.categorical.n) != 0;
    failed |= ls_string_list_copy(&s->numeric, o->read.numeric.names, o->read.numeric.n) != 0;
    p->columns_not_used = calloc(ds->n_columns ? ds->n_columns : 1, sizeof *p->columns_not_used);
    failed |= p->columns_not_used == NULL;
    for (size_t j = 0; !failed && j < ds->n_columns; j++) {
        const ls_column *c = &ds->columns[j];
        if (c->type == LS_COL_NUMERIC || c->type == LS_COL_CATEGORICAL || c->type == LS_COL_TARGET) {
            continue;
        }
        ls_unused_column *u = &p->columns_not_used[p->n_columns_not_used++];
        u->column = copy_or_null(c->name, &failed);
        u->type = c->type;
        u->note = copy_or_null(c->note, &failed);
        /* forced: the caller gave the column a role (id or exclude); the
         * reader did not infer it */
        u->on_request = c->forced;
    }
    p->evaluation = *r;
    p->cv_folds = r->n_cv > 0 ? o->cv_folds : 0;
    if (failed) {
        ls_provenance_free(p);
        return NULL;
    }
    return p;
}

/* One CSV field as written back: quoted when it holds the delimiter, a
 * quote, a line break, or white space at either end (which an unquoted
 * field would lose on reading). */
static void write_field(FILE *fp, const char *text, size_t len, char delimiter)
{
    int quote = len > 0 && (text[0] == ' ' || text[0] == '\t' || text[len - 1] == ' ' || text[len - 1] == '\t');
    for (size_t i = 0; !quote && i < len; i++) {
        quote = text[i] == delimiter || text[i] == '"' || text[i] == '\n' || text[i] == '\r';
    }
    if (!quote) {
        fwrite(text, 1, len, fp);
        return;
    }
    fputc('"', fp);
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '"') {
            fputc('"', fp);
        }
        fputc(text[i], fp);
    }
    fputc('"', fp);
}

static void write_record(FILE *fp, const ls_csv_reader *r, int header)
{
    char delimiter = ls_csv_delimiter(r);
    for (size_t j = 0; j < ls_csv_n_columns(r); j++) {
        if (j > 0) {
            fputc(delimiter, fp);
        }
        const char *text = header ? ls_csv_column_name(r, j) : ls_csv_field(r, j);
        write_field(fp, text, header ? strlen(text) : ls_csv_field_length(r, j), delimiter);
    }
    fputc('\n', fp);
}

/* A scorer for model m, made as ls_scorer_load() makes one from the saved
 * file: the held-out rows are scored exactly as 'evaluate' would score them. */
static int scorer_of(const ls_model *m, const char *path, ls_scorer **out, ls_error *err)
{
    cJSON *root = ls_model_to_json(m);
    ls_scorer *s = calloc(1, sizeof *s);
    if (root == NULL || s == NULL || ls_model_checksum_add(root) != 0) {
        cJSON_Delete(root);
        free(s);
        return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    int status = ls_logit_scorer_open(root, path, s, err);
    cJSON_Delete(root);
    if (status != LS_OK) {
        free(s);
        return status;
    }
    if ((s->name = strdup("holdout")) == NULL) {
        ls_scorer_free(s);
        return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    *out = s;
    return LS_OK;
}

/* Reads path again and scores the rows ds held out (ds->learn[i] == 0)
 * through the model's scorer into an evaluation; writes them to
 * x->holdout_rows when asked. Rows are matched to ds by skipping what the
 * dataset skipped (blank outcomes), in file order. */
static int evaluate_holdout(const char *path, const ls_dataset *ds, const ls_model *m, const ls_train_options *o,
                            ls_train_extras *x, ls_error *err)
{
    ls_scorer *s = NULL;
    ls_csv_reader *r = NULL;
    ls_evaluator *ev = NULL;
    ls_evaluate_options eo = x->evaluate;
    eo.target = o->read.target;
    ls_csv_options co = {ds->delimiter, 0};
    int status = scorer_of(m, path, &s, err);
    if (status == LS_OK) {
        status = ls_csv_open(path, &co, &r, err);
    }
    if (status == LS_OK) {
        status = ls_scorer_bind(s, r, err);
    }
    if (status == LS_OK) {
        status = ls_evaluator_new(s, &eo, &ev, err);
    }
    if (status != LS_OK) {
        goto done;
    }
    long target = ls_csv_find_column(r, o->read.target);
    const char *id_name = eo.id_column != NULL ? eo.id_column : ls_scorer_id_column(s);
    long id = id_name != NULL ? ls_csv_find_column(r, id_name) : -1;
    ls_reason reasons[LS_EVALUATE_MAX_REASONS];
    size_t max_reasons = eo.keep_misranked ? eo.misranked_reasons : 0;
    if (max_reasons > LS_EVALUATE_MAX_REASONS) {
        max_reasons = LS_EVALUATE_MAX_REASONS;
    }
    if (x->holdout_rows != NULL) {
        write_record(x->holdout_rows, r, 1);
    }
    size_t row = 0;
    int more;
    while (status == LS_OK && (more = ls_csv_next(r, err)) == 1) {
        int y = 0;
        int st = ls_target_read(&o->read.outcome, ls_csv_field(r, (size_t)target),
                                ls_csv_field_length(r, (size_t)target), &y);
        if (st == LS_TARGET_UNLABELLED && o->read.outcome.skip_unlabelled) {
            continue;
        }
        if (st != 0 || row >= ds->n_rows) {
            status = ls_errorf(err, LS_EDATA, path, ls_csv_line(r), 0, "the file changed while training");
            break;
        }
        if (ds->learn[row++]) {
            continue;
        }
        ls_score sc;
        size_t n_reasons = 0;
        status = ls_scorer_score(s, r, &sc, max_reasons ? reasons : NULL, max_reasons, &n_reasons, err);
        if (status == LS_OK) {
            status = ls_evaluator_add(ev, &sc, y, id >= 0 ? ls_csv_field(r, (size_t)id) : NULL,
                                      id >= 0 ? ls_csv_field_length(r, (size_t)id) : 0, reasons, n_reasons, err);
        }
        if (status == LS_OK && x->holdout_rows != NULL) {
            write_record(x->holdout_rows, r, 0);
        }
    }
    if (status == LS_OK && more < 0) {
        status = (int)err->code;
    }
    if (status == LS_OK && row != ds->n_rows) {
        status = ls_errorf(err, LS_EDATA, path, 0, 0, "the file changed while training");
    }
    if (status == LS_OK) {
        for (size_t i = 0; i < ls_scorer_n_inputs(s); i++) {
            x->holdout_unseen += ls_scorer_unseen_count(s, i);
        }
        status = ls_evaluator_finish(ev, &x->holdout, err);
        ev = NULL;
    }
done:
    ls_evaluator_free(ev);
    ls_csv_close(r);
    ls_scorer_free(s);
    return status;
}

int ls_train(const char *path, const ls_train_options *o, ls_model **out, ls_train_report *report, ls_error *err)
{
    return ls_train_ex(path, o, NULL, out, report, err);
}

int ls_train_ex(const char *path, const ls_train_options *o, ls_train_extras *extras, ls_model **out,
                ls_train_report *report, ls_error *err)
{
    if (extras != NULL) {
        extras->holdout = NULL;
        extras->holdout_unseen = 0;
        extras->unlabelled_rows = 0;
        extras->first_unlabelled_line = 0;
    }
    memset(report, 0, sizeof *report);
    report->holdout_log_loss = NAN;
    if (o->read.target == NULL) {
        return ls_errorf(err, LS_EUSAGE, NULL, 0, 0, "training needs a target column");
    }
    if (o->cv_folds > LS_CV_MAX_FOLDS) {
        return ls_errorf(err, LS_EUSAGE, NULL, 0, 0, "cross-validation takes at most %d folds", LS_CV_MAX_FOLDS);
    }
    /* before reading: an inconsistent penalty is the caller's mistake */
    double l1, l2;
    int penalty = ls_train_penalty(o, &l1, &l2, &report->alpha, err);
    if (penalty != LS_OK) {
        return penalty;
    }
    ls_dataset *ds = NULL;
    ls_model *m = NULL;
    unsigned char *is_train = NULL;
    double *w = NULL, *hw = NULL, *eta = NULL;
    /* the file's fingerprint comes from the reader, which sees every byte */
    ls_read_options read = o->read;
    read.digest = 1;
    if (o->holdout > 0 || o->time_column != NULL) {
        read.select_rows = split_rows;
        read.select_ctx = (void *)o;
    }
    int status = ls_dataset_read(path, &read, &ds, err);
    if (status != LS_OK) {
        return status;
    }
    const char *sha = ds->sha256[0] != '\0' ? ds->sha256 : "unknown";
    /* A column the user asked for by type must be usable; one inferred
     * constant or empty is only set aside (with a warning from the caller). */
    for (size_t j = 0; j < ds->n_columns; j++) {
        const ls_column *c = &ds->columns[j];
        if (c->forced && (c->type == LS_COL_CONSTANT || c->type == LS_COL_EMPTY)) {
            status = ls_errorf(err, LS_EDATA, path, 0, (long)j + 1, "column '%s' was given as a feature but %s: %s",
                               c->name, c->type == LS_COL_EMPTY ? "is entirely missing" : "is constant", c->note);
            goto done;
        }
    }
    is_train = malloc(ds->n_rows);
    w = malloc(ds->n_rows * sizeof *w);
    hw = malloc(ds->n_rows * sizeof *hw);
    eta = malloc(ds->n_rows * sizeof *eta);
    if (is_train == NULL || w == NULL || hw == NULL || eta == NULL) {
        status = ls_errorf(err, LS_ENOMEM, path, 0, 0, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < ds->n_rows; i++) {
        is_train[i] = ds->learn == NULL || ds->learn[i];
    }
    double base_rate;
    training_weights(ds, is_train, o->balanced, w, &base_rate);
    for (size_t i = 0; i < ds->n_rows; i++) {
        report->train_rows += is_train[i];
        hw[i] = is_train[i] ? 0.0 : 1.0;
    }
    report->holdout_rows = ds->n_rows - report->train_rows;
    if (report->train_rows == 0) {
        status = ls_errorf(err, LS_EDATA, path, 0, 0, "the split leaves no rows to train on");
        goto done;
    }
    if ((status = ls_model_from_dataset(ds, &m, err)) != LS_OK) {
        goto done;
    }
    if (o->examine != NULL) {
        o->examine(o->examine_ctx, ds, m, is_train);
    }
    m->bands = o->bands;
    if (o->cv_folds > 1) {
        if ((status = cross_validate(m, ds, o, w, report, err)) != LS_OK) {
            goto done;
        }
        l1 = report->chosen_lambda * report->alpha;
        l2 = report->chosen_lambda * (1 - report->alpha);
    }
    ls_logit_options lo;
    ls_logit_options_init(&lo);
    lo.l1 = l1;
    lo.l2 = l2;
    lo.max_iterations = o->max_iterations;
    lo.solver = o->solver;
    lo.row_weights = w;
    /* the fit's last pass leaves every row's predictor here, for the log
     * losses and the profile below: no pass of their own */
    lo.linear_predictor = eta;
    lo.progress = o->iteration_progress;
    lo.progress_ctx = o->progress_ctx;
    if ((status = ls_logit_fit(m, ds, &lo, err)) != LS_OK) {
        goto done;
    }
    if (o->balanced) {
        /* The weighted fit sees a 50% base rate; shift the intercept back to
         * the training rows' true odds (prior correction, King & Zeng 2001)
         * so that probabilities stay calibrated. */
        m->terms[0].weight += log(base_rate / (1.0 - base_rate));
        m->terms[0].ci_low += log(base_rate / (1.0 - base_rate));
        m->terms[0].ci_high += log(base_rate / (1.0 - base_rate));
        m->terms[0].z = m->terms[0].weight / m->terms[0].std_error;
        m->terms[0].p_value = 2.0 * gsl_cdf_ugaussian_Q(fabs(m->terms[0].z));
        /* the fit's predictors were before the shift */
        if ((status = ls_logit_linear_predictor(m, ds, eta, err)) != LS_OK) {
            goto done;
        }
    }
    for (size_t i = 0; i < ds->n_rows; i++) {
        w[i] = is_train[i] ? 1.0 : 0.0;
    }
    report->train_log_loss = ls_logit_log_loss_of(eta, ds->y, w, ds->n_rows, NULL);
    if (report->holdout_rows > 0) {
        report->holdout_log_loss = ls_logit_log_loss_of(eta, ds->y, hw, ds->n_rows, NULL);
    }
    m->training = make_provenance(path, sha, ds, o, report, l1, l2, report->alpha);
    if (m->training == NULL) {
        status = ls_errorf(err, LS_ENOMEM, path, 0, 0, "out of memory");
        goto done;
    }
    /* the training rows' distributions, for 'drift' later (profile.h) */
    if ((status = ls_profile_build(m, ds, is_train, eta, &m->profile, err)) != LS_OK) {
        goto done;
    }
    if (extras != NULL) {
        extras->unlabelled_rows = ds->n_unlabelled;
        extras->first_unlabelled_line = ds->first_unlabelled_line;
        if (report->holdout_rows > 0 && strcmp(path, "-") != 0) {
            status = evaluate_holdout(path, ds, m, o, extras, err);
        }
    }
done:
    if (status == LS_OK) {
        *out = m;
    } else {
        ls_model_free(m);
    }
    free(is_train);
    free(w);
    free(hw);
    free(eta);
    ls_dataset_free(ds);
    return status;
}
