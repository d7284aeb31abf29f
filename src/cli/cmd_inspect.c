/* cmd_inspect.c: 'leadscore inspect': a model's metadata and its weights
 * table (term, weight, odds ratio, standard error, z, p, 95% interval),
 * strongest terms first. */
#define _GNU_SOURCE /* qsort_r */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "leadscore/model_io.h"

static const char usage[] =
    "usage: leadscore inspect MODEL [--json]\n"
    "\n"
    "Shows how and on what MODEL was trained, then one row per term: weight (log\n"
    "odds, raw scale), odds ratio, standard error, z, two-sided p-value and the 95%\n"
    "Wald interval, sorted by |z| (strongest evidence first; the intercept first).\n"
    "With a penalty (--l2, --l1) the standard errors are approximate: they come from\n"
    "the penalized information matrix. Aliased terms (collinear) show as 'aliased'.\n"
    "\n"
    "options:\n"
    "  --json       print the model file's content (pretty JSON) instead\n"
    "  -h, --help   this help\n";

static int by_strength(const void *a, const void *b, void *ctx)
{
    const ls_model *m = ctx;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    if (i == 0 || j == 0) {
        return i == 0 ? -1 : 1;
    }
    double zi = fabs(m->terms[i].z), zj = fabs(m->terms[j].z);
    zi = isnan(zi) ? -1 : zi;
    zj = isnan(zj) ? -1 : zj;
    return (zi < zj) - (zi > zj);
}

static void print_metadata(const ls_model *m)
{
    const cJSON *t = m->training;
    const cJSON *file = cJSON_GetObjectItemCaseSensitive(t, "source_file");
    const cJSON *sha = cJSON_GetObjectItemCaseSensitive(t, "source_sha256");
    const cJSON *when = cJSON_GetObjectItemCaseSensitive(t, "trained_at");
    const cJSON *opt = cJSON_GetObjectItemCaseSensitive(t, "options");
    printf("model: %s, target '%s'%s%s\n", m->kind, m->target, m->id_column ? ", id column " : "",
           m->id_column ? m->id_column : "");
    if (cJSON_IsString(file)) {
        printf("trained: %s on %s (sha256 %.16s...)\n", cJSON_IsString(when) ? when->valuestring : "?",
               file->valuestring, cJSON_IsString(sha) ? sha->valuestring : "?");
    }
    if (opt != NULL) {
        printf("objective: l1 %g, l2 %g, class weight %s\n",
               cJSON_GetObjectItemCaseSensitive(opt, "l1")->valuedouble,
               cJSON_GetObjectItemCaseSensitive(opt, "l2")->valuedouble,
               cJSON_GetObjectItemCaseSensitive(opt, "class_weight")->valuestring);
    }
    printf("fit: %zu rows, %zu converted, %zu terms (rank %zu), %d iterations, %s\n", m->fit.rows, m->fit.positives,
           m->n_terms, m->fit.rank, m->fit.iterations, m->fit.converged ? "converged" : "NOT converged");
    printf("log-likelihood %.10g, deviance %.10g (null %.10g), AIC %.10g\n", m->fit.log_likelihood, m->fit.deviance,
           m->fit.null_deviance, m->fit.aic);
    const cJSON *ev = cJSON_GetObjectItemCaseSensitive(t, "evaluation");
    const cJSON *train_loss = cJSON_GetObjectItemCaseSensitive(ev, "train_log_loss");
    const cJSON *holdout_loss = cJSON_GetObjectItemCaseSensitive(ev, "holdout_log_loss");
    const cJSON *holdout_rows = cJSON_GetObjectItemCaseSensitive(ev, "holdout_rows");
    if (cJSON_IsNumber(train_loss)) {
        printf("log-loss: training %.6f", train_loss->valuedouble);
        if (cJSON_IsNumber(holdout_loss)) {
            printf(", holdout %.6f on %.0f rows", holdout_loss->valuedouble, holdout_rows->valuedouble);
        }
        putchar('\n');
    }
    const cJSON *cv = cJSON_GetObjectItemCaseSensitive(t, "cross_validation");
    if (cv != NULL) {
        printf("cross-validation: %.0f folds, lambda %.6g chosen from %d\n",
               cJSON_GetObjectItemCaseSensitive(cv, "folds")->valuedouble,
               cJSON_GetObjectItemCaseSensitive(cv, "chosen_lambda")->valuedouble,
               cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(cv, "curve")));
    }
    char bands[256];
    ls_bands_format(&m->bands, bands, sizeof bands);
    printf("bands: %s\n\n", bands);
}

static void print_number(double v, const char *format)
{
    if (isnan(v)) {
        printf(" %11s", "-");
    } else {
        printf(format, v);
    }
}

int cmd_inspect(int argc, char **argv)
{
    static const struct option long_options[] = {
        {"json", no_argument, NULL, 'j'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    int json = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", long_options, NULL)) != -1) {
        if (c == 'h') {
            fputs(usage, stdout);
            return LS_EXIT_OK;
        }
        if (c != 'j') {
            return cli_bad_option("inspect", argv);
        }
        json = 1;
    }
    if (optind != argc - 1) {
        return cli_usage_error("inspect", "give exactly one model file");
    }
    ls_error err = {0};
    ls_model *m = NULL;
    if (ls_model_load(argv[optind], &m, &err) != LS_OK) {
        return cli_report(&err);
    }
    if (json) {
        cJSON *root = ls_model_to_json(m);
        char *text = cJSON_Print(root);
        if (text != NULL) {
            puts(text);
        }
        free(text);
        cJSON_Delete(root);
        ls_model_free(m);
        return LS_EXIT_OK;
    }
    print_metadata(m);
    size_t *order = malloc(m->n_terms * sizeof *order);
    if (order == NULL) {
        ls_model_free(m);
        return cli_report(&(ls_error){LS_ENOMEM, "", 0, 0, "out of memory"});
    }
    for (size_t t = 0; t < m->n_terms; t++) {
        order[t] = t;
    }
    qsort_r(order, m->n_terms, sizeof *order, by_strength, m);
    size_t width = 4;
    for (size_t t = 0; t < m->n_terms; t++) {
        size_t n = strlen(m->terms[t].name);
        width = n > width ? n : width;
    }
    width = width > 60 ? 60 : width;
    printf("%-*s %11s %11s %11s %11s %11s %11s %11s\n", (int)width, "term", "weight", "odds_ratio", "std_error",
           "z", "p_value", "ci_low", "ci_high");
    for (size_t k = 0; k < m->n_terms; k++) {
        const ls_term *t = &m->terms[order[k]];
        printf("%-*.*s", (int)width, (int)width, t->name);
        if (t->aliased) {
            printf(" %11s\n", "aliased");
            continue;
        }
        print_number(t->weight, " %11.4g");
        print_number(exp(t->weight), " %11.4g");
        print_number(t->std_error, " %11.4g");
        print_number(t->z, " %11.3f");
        print_number(t->p_value, " %11.3g");
        print_number(t->ci_low, " %11.4g");
        print_number(t->ci_high, " %11.4g");
        putchar('\n');
    }
    free(order);
    ls_model_free(m);
    return LS_EXIT_OK;
}
