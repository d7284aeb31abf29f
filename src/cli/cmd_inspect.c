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

/* "s" unless n is 1: "1 lead", "2 leads" */
static const char *plural(size_t n)
{
    return n == 1 ? "" : "s";
}

static const char usage[] =
    "usage: leadscore inspect --model MODEL [--json FILE|-]\n"
    "       leadscore inspect MODEL [--json FILE|-]\n"
    "\n"
    "Shows how and on what MODEL was trained, then one row per term: weight (log\n"
    "odds, raw scale), odds ratio, standard error, z, two-sided p-value and the 95%\n"
    "Wald interval, sorted by |z| (strongest evidence first; the intercept first).\n"
    "With a penalty (--l2, --l1) the standard errors are approximate: they come from\n"
    "the penalized information matrix. Aliased terms (collinear) show as 'aliased'.\n"
    "\n"
    "options:\n"
    "  --model MODEL   the model file (or give it as the one argument)\n"
    "  --json FILE     write the model file's content as indented JSON to FILE\n"
    "                  instead ('-': standard output). '--json' with no FILE\n"
    "                  (last, or before another option) prints to standard output\n"
    "                  as before\n"
    "  -h, --help      this help\n";

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
    /* the loader has checked every field inspect reads (provenance.h) */
    const ls_provenance *t = m->training;
    printf("model: %s, target '%s'%s%s\n", m->kind, m->target, m->id_column ? ", id column " : "",
           m->id_column ? m->id_column : "");
    if (t != NULL) {
        printf("trained: %s on %s (sha256 %.16s...)\n", t->trained_at, t->source_file, t->source_sha256);
        printf("objective: l1 %g, l2 %g, class weight %s\n", t->options.l1, t->options.l2,
               t->options.balanced ? "balanced" : "none");
    }
    printf("fit: %zu row%s, %zu converted, %zu term%s (rank %zu), %d iteration%s, %s\n", m->fit.rows,
           plural(m->fit.rows), m->fit.positives, m->n_terms, plural(m->n_terms), m->fit.rank, m->fit.iterations,
           plural((size_t)m->fit.iterations), m->fit.converged ? "converged" : "NOT converged");
    printf("log-likelihood %.10g, deviance %.10g (null %.10g), AIC %.10g\n", m->fit.log_likelihood, m->fit.deviance,
           m->fit.null_deviance, m->fit.aic);
    if (t != NULL && !isnan(t->evaluation.train_log_loss)) {
        printf("log-loss: training %.6f", t->evaluation.train_log_loss);
        if (!isnan(t->evaluation.holdout_log_loss)) {
            printf(", holdout %.6f on %zu rows", t->evaluation.holdout_log_loss, t->evaluation.holdout_rows);
        }
        putchar('\n');
    }
    if (t != NULL && t->cv_folds > 0) {
        printf("cross-validation: %d folds, lambda %.6g chosen from %zu\n", t->cv_folds,
               t->evaluation.chosen_lambda, t->evaluation.n_cv);
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

/* --json takes a FILE like every other command's --json; the old form
 * took none and printed to standard output, so a --json with nothing after
 * it, or followed by another option, still means '-'. */
static char **json_default_stdout(int argc, char **argv)
{
    char **copy = malloc(((size_t)argc + 2) * sizeof *copy);
    if (copy == NULL) {
        return NULL;
    }
    int n = 0;
    for (int i = 0; i < argc; i++) {
        copy[n++] = argv[i];
        if (strcmp(argv[i], "--json") == 0 && (i + 1 == argc || strncmp(argv[i + 1], "--", 2) == 0)) {
            copy[n++] = (char *)"-";
        }
    }
    copy[n] = NULL;
    return copy;
}

static int write_json(const ls_model *m, const char *path, ls_error *err)
{
    cJSON *root = ls_model_to_json(m);
    if (root == NULL) {
        return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    int status = LS_OK;
    if (strcmp(path, "-") == 0) {
        char *text = cJSON_Print(root);
        if (text == NULL) {
            status = ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
        } else {
            puts(text);
        }
        free(text);
    } else {
        status = ls_json_write_file(root, path, err);
    }
    cJSON_Delete(root);
    return status;
}

int cmd_inspect(int argc, char **argv)
{
    static const struct option long_options[] = {{"model", required_argument, NULL, 'm'},
                                                 {"json", required_argument, NULL, 'j'},
                                                 {"help", no_argument, NULL, 'h'},
                                                 {NULL, 0, NULL, 0}};
    char **args = json_default_stdout(argc, argv);
    if (args == NULL) {
        return cli_report(&(ls_error){.code = LS_ENOMEM, .msg = "out of memory"});
    }
    int n_args = 0;
    while (args[n_args] != NULL) {
        n_args++;
    }
    const char *model = NULL, *json = NULL;
    int c, code = 0;
    optind = 1;
    while (code == 0 && (c = getopt_long(n_args, args, "h", long_options, NULL)) != -1) {
        if (c == 'h') {
            fputs(usage, stdout);
            free(args);
            return LS_EXIT_OK;
        } else if (c == 'm') {
            model = optarg;
        } else if (c == 'j') {
            json = optarg;
        } else {
            code = cli_bad_option("inspect", args);
        }
    }
    if (code == 0 && optind < n_args && model == NULL && optind == n_args - 1) {
        model = args[optind++]; /* the positional form */
    }
    if (code == 0) {
        code = cli_no_more_arguments("inspect", n_args, args);
    }
    if (code == 0 && model == NULL && json != NULL && strcmp(json, "-") != 0) {
        /* the old 'inspect --json MODEL': the value is the model */
        model = json;
        json = "-";
    }
    if (code == 0 && model == NULL) {
        code = cli_usage_error("inspect", "--model is required");
    }
    free(args);
    if (code != 0) {
        return code;
    }
    ls_error err = {0};
    ls_model *m = NULL;
    const char *inputs[1] = {model};
    if (ls_output_check(json, inputs, 1, &err) != LS_OK || ls_model_load(model, &m, &err) != LS_OK) {
        return cli_report(&err);
    }
    if (json != NULL) {
        int status = write_json(m, json, &err);
        ls_model_free(m);
        return cli_exit("inspect", status, &err);
    }
    print_metadata(m);
    size_t *order = malloc(m->n_terms * sizeof *order);
    if (order == NULL) {
        ls_model_free(m);
        return cli_report(&(ls_error){.code = LS_ENOMEM, .msg = "out of memory"});
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
