/* cmd_describe.c: 'leadscore describe', the analyst's first look at a file:
 * rows, each column's inferred type, missing share, levels or range, and with
 * a target the conversion rate overall and per level. */
#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "commands.h"
#include "data_options.h"
#include "guard.h"
#include "leadscore/dataset.h"
#include "leadscore/fileio.h"
#include "leadscore/model_io.h"
#include "progress.h"

static const char usage[] =
    "usage: leadscore describe --data FILE [--target COL] [--json FILE] [options]\n"
    "\n"
    "Reads FILE once and shows, for each column, its inferred type (numeric,\n"
    "categorical, id, date, constant, empty, excluded), missing share, level count\n"
    "and top levels or min/median/max. With --target: positives, negatives, the\n"
    "conversion rate, and the conversion rate per level of each categorical column.\n"
    "\n"
    "options:\n"
    "  --data FILE            the CSV to describe ('-' for standard input)\n"
    "  --target COL           the binary outcome column (0/1, yes/no, true/false)\n"
    "  --json FILE            also write the description as JSON\n"
    "  --top N                levels shown per categorical column (default 5)\n" LS_DATA_OPTIONS_HELP
    "  --quiet, --verbose     progress on stderr: never / even when not a terminal\n"
    "  -h, --help             this help\n";

/* Level indices of a column sorted by count, largest first. */
static size_t *levels_by_count(const ls_column *c)
{
    size_t n = ls_levels_count(c->levels);
    size_t *order = malloc((n ? n : 1) * sizeof *order);
    if (order == NULL) {
        return NULL;
    }
    for (size_t l = 0; l < n; l++) {
        order[l] = l;
    }
    for (size_t a = 1; a < n; a++) { /* insertion sort: few levels, stable */
        size_t v = order[a], b = a;
        while (b > 0 && ls_levels_frequency(c->levels, order[b - 1]) < ls_levels_frequency(c->levels, v)) {
            order[b] = order[b - 1];
            b--;
        }
        order[b] = v;
    }
    return order;
}

/* Conversions per level of a categorical column. */
static size_t *converted_by_level(const ls_dataset *ds, const ls_column *c)
{
    size_t n = ls_levels_count(c->levels);
    size_t *conv = calloc(n ? n : 1, sizeof *conv);
    if (conv == NULL || ds->y == NULL) {
        return conv;
    }
    for (size_t i = 0; i < ds->n_rows; i++) {
        conv[c->codes[i]] += ds->y[i];
    }
    return conv;
}

/* Levels that read like a form's unanswered drop-down ("Select", "Please
 * select", "--", "N/A", "unknown"): the text, lower-cased, with dashes,
 * dots, brackets and spaces around it stripped, is one of these words, or
 * nothing at all ("--", "..."). Conservative: a level is only named, with
 * why; the analyst decides. */
static int looks_unanswered(const char *display)
{
    static const char *const words[] = {"select", "please select", "select one", "select an option", "choose",
                                        "please choose", "choose one", "n/a", "na", "none", "unknown",
                                        "not specified", "not provided", "not available", "null", "nil", "?"};
    const char *strip = " -_.*[]()<>";
    const char *a = display, *b = display + strlen(display);
    while (a < b && strchr(strip, *a) != NULL) {
        a++;
    }
    while (b > a && strchr(strip, b[-1]) != NULL) {
        b--;
    }
    if (a == b) {
        return *display != '\0';
    }
    if (strcmp(display, LS_LEVEL_MISSING) == 0 || strcmp(display, LS_LEVEL_OTHER) == 0) {
        return 0;
    }
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
        if ((size_t)(b - a) == strlen(words[k]) && strncasecmp(a, words[k], (size_t)(b - a)) == 0) {
            return 1;
        }
    }
    return 0;
}

/* The suggestion for each level that looks unanswered, as notes under the table. */
static void print_placeholders(const ls_dataset *ds)
{
    for (size_t j = 0; j < ds->n_columns; j++) {
        const ls_column *c = &ds->columns[j];
        if (c->type != LS_COL_CATEGORICAL && c->type != LS_COL_CONSTANT) {
            continue;
        }
        for (size_t l = 0; c->levels != NULL && l < ls_levels_count(c->levels); l++) {
            const char *level = ls_levels_display(c->levels, l);
            if (!looks_unanswered(level)) {
                continue;
            }
            printf("note: %s: '%s' (%.1f%% of rows) looks like an unanswered drop-down; if it means 'not "
                   "answered', read it as missing with --na '%s' (every column) or --na '%s=%s' (this column)\n",
                   c->name, level, 100.0 * (double)ls_levels_frequency(c->levels, l) / (double)ds->n_rows, level,
                   c->name, level);
        }
    }
}

static void print_text(const ls_dataset *ds, long top)
{
    printf("file %s: %zu rows, %zu columns, delimiter '%s'\n", ds->path, ds->n_rows, ds->n_columns,
           ds->delimiter == '\t' ? "tab" : (char[]){ds->delimiter, '\0'});
    if (ds->target >= 0) {
        printf("target %s: %zu converted, %zu not, conversion rate %.2f%%\n", ds->columns[ds->target].name,
               ds->positives, ds->n_rows - ds->positives, 100.0 * (double)ds->positives / (double)ds->n_rows);
    }
    /* names in full: --exclude and the other options need them verbatim */
    int width = 6;
    for (size_t j = 0; j < ds->n_columns; j++) {
        int n = (int)strlen(ds->columns[j].name);
        width = n > width ? n : width;
    }
    printf("\n%-*s %-12s %8s %7s  %s\n", width, "column", "type", "missing", "levels", "summary");
    for (size_t j = 0; j < ds->n_columns; j++) {
        const ls_column *c = &ds->columns[j];
        printf("%-*s %-12s %7.1f%% ", width, c->name, ls_column_type_name(c->type),
               100.0 * (double)c->n_missing / (double)ds->n_rows);
        if (c->type == LS_COL_CATEGORICAL) {
            size_t *order = levels_by_count(c);
            printf("%7zu  ", ls_levels_count(c->levels));
            for (long k = 0; order != NULL && k < top && (size_t)k < ls_levels_count(c->levels); k++) {
                size_t l = order[k];
                printf("%s%s %.1f%%", k ? ", " : "", ls_levels_display(c->levels, l),
                       100.0 * (double)ls_levels_frequency(c->levels, l) / (double)ds->n_rows);
            }
            if (c->n_folded > 0) {
                printf(" (%zu rare level%s in (other))", c->n_folded, c->n_folded == 1 ? "" : "s");
            }
            free(order);
        } else if (c->type == LS_COL_NUMERIC) {
            printf("%7s  min %.6g, median %.6g, max %.6g", "-", c->min, c->median, c->max);
        } else {
            printf("%7s  %s", "-", c->note);
        }
        putchar('\n');
    }
    print_placeholders(ds);
    if (ds->n_unlabelled > 0) {
        printf("note: skipped %zu rows with a blank outcome (first at line %ld)\n", ds->n_unlabelled,
               ds->first_unlabelled_line);
    }
    if (ds->target < 0) {
        return;
    }
    for (size_t j = 0; j < ds->n_columns; j++) {
        const ls_column *c = &ds->columns[j];
        if (c->type != LS_COL_CATEGORICAL) {
            continue;
        }
        size_t *order = levels_by_count(c);
        size_t *conv = converted_by_level(ds, c);
        if (order == NULL || conv == NULL) {
            free(order);
            free(conv);
            continue;
        }
        printf("\nconversion by %s\n  %-36s %8s %10s %9s\n", c->name, "level", "leads", "converted", "rate");
        for (size_t k = 0; k < ls_levels_count(c->levels); k++) {
            size_t l = order[k], n = ls_levels_frequency(c->levels, l);
            printf("  %-36.36s %8zu %10zu %8.2f%%%s\n", ls_levels_display(c->levels, l), n, conv[l],
                   n ? 100.0 * (double)conv[l] / (double)n : 0.0, l == c->reference ? "  (reference)" : "");
        }
        free(order);
        free(conv);
    }
}

static cJSON *column_json(const ls_dataset *ds, const ls_column *c)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", c->name);
    cJSON_AddStringToObject(o, "type", ls_column_type_name(c->type));
    cJSON_AddBoolToObject(o, "type_forced", c->forced);
    cJSON_AddNumberToObject(o, "missing", (double)c->n_missing);
    cJSON_AddNumberToObject(o, "missing_share", (double)c->n_missing / (double)ds->n_rows);
    if (c->note[0] != '\0') {
        cJSON_AddStringToObject(o, "note", c->note);
    }
    if (c->type == LS_COL_NUMERIC) {
        cJSON_AddNumberToObject(o, "min", c->min);
        cJSON_AddNumberToObject(o, "median", c->median);
        cJSON_AddNumberToObject(o, "max", c->max);
    }
    if (c->type == LS_COL_CATEGORICAL) {
        size_t *order = levels_by_count(c);
        size_t *conv = converted_by_level(ds, c);
        cJSON_AddNumberToObject(o, "level_count", (double)ls_levels_count(c->levels));
        cJSON_AddNumberToObject(o, "folded_levels", (double)c->n_folded);
        cJSON_AddStringToObject(o, "reference", ls_levels_display(c->levels, c->reference));
        cJSON *levels = cJSON_AddArrayToObject(o, "levels");
        for (size_t k = 0; order != NULL && conv != NULL && k < ls_levels_count(c->levels); k++) {
            size_t l = order[k], n = ls_levels_frequency(c->levels, l);
            cJSON *lv = cJSON_CreateObject();
            cJSON_AddStringToObject(lv, "level", ls_levels_display(c->levels, l));
            cJSON_AddNumberToObject(lv, "count", (double)n);
            cJSON_AddNumberToObject(lv, "share", (double)n / (double)ds->n_rows);
            if (looks_unanswered(ls_levels_display(c->levels, l))) {
                cJSON_AddBoolToObject(lv, "looks_unanswered", 1);
            }
            if (ds->target >= 0) {
                cJSON_AddNumberToObject(lv, "converted", (double)conv[l]);
                cJSON_AddNumberToObject(lv, "conversion_rate", n ? (double)conv[l] / (double)n : 0.0);
            }
            cJSON_AddItemToArray(levels, lv);
        }
        free(order);
        free(conv);
    }
    return o;
}

static int write_json(const ls_dataset *ds, const char *path, ls_error *err)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "file", ds->path);
    cJSON_AddNumberToObject(root, "rows", (double)ds->n_rows);
    cJSON_AddNumberToObject(root, "column_count", (double)ds->n_columns);
    if (ds->target >= 0) {
        cJSON *t = cJSON_AddObjectToObject(root, "target");
        cJSON_AddStringToObject(t, "name", ds->columns[ds->target].name);
        cJSON_AddNumberToObject(t, "positives", (double)ds->positives);
        cJSON_AddNumberToObject(t, "negatives", (double)(ds->n_rows - ds->positives));
        cJSON_AddNumberToObject(t, "conversion_rate", (double)ds->positives / (double)ds->n_rows);
    }
    cJSON *cols = cJSON_AddArrayToObject(root, "columns");
    for (size_t j = 0; j < ds->n_columns; j++) {
        cJSON_AddItemToArray(cols, column_json(ds, &ds->columns[j]));
    }
    int status = ls_json_write_file(root, path, err);
    cJSON_Delete(root);
    return status;
}

int cmd_describe(int argc, char **argv)
{
    enum { OPT_DATA = 1, OPT_TARGET, OPT_JSON, OPT_TOP, OPT_QUIET, OPT_VERBOSE };
    static const struct option long_options[] = {
        {"data", required_argument, NULL, OPT_DATA},   {"target", required_argument, NULL, OPT_TARGET},
        {"json", required_argument, NULL, OPT_JSON},   {"top", required_argument, NULL, OPT_TOP},
        {"quiet", no_argument, NULL, OPT_QUIET},       {"verbose", no_argument, NULL, OPT_VERBOSE},
        {"help", no_argument, NULL, 'h'},              LS_DATA_LONG_OPTIONS,
        {NULL, 0, NULL, 0}};
    data_options o;
    data_options_init(&o);
    const char *data = NULL, *json = NULL;
    long top = 5;
    int code = 0, c;
    optind = 1;
    while (code == 0 && (c = getopt_long(argc, argv, "h", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_DATA:
            data = optarg;
            break;
        case OPT_TARGET:
            o.read.target = optarg;
            break;
        case OPT_JSON:
            json = optarg;
            break;
        case OPT_TOP:
            code = cli_parse_long("describe", "--top", optarg, 0, 1000, &top) ? LS_EXIT_USAGE : 0;
            break;
        case OPT_QUIET:
            cli_quiet = 1;
            break;
        case OPT_VERBOSE:
            cli_verbose = 1;
            break;
        case 'h':
            fputs(usage, stdout);
            data_options_free(&o);
            return LS_EXIT_OK;
        case '?':
            code = cli_bad_option("describe", argv);
            break;
        default:
            code = data_option(&o, "describe", c, optarg);
        }
    }
    if (code == 0) {
        code = cli_no_more_arguments("describe", argc, argv);
    }
    if (code == 0 && data == NULL) {
        code = cli_usage_error("describe", "--data is required");
    }
    if (code == 0) {
        code = data_options_check(&o, "describe");
    }
    if (code != 0) {
        data_options_free(&o);
        return code;
    }
    o.read.progress = cli_read_progress;
    o.read.progress_ctx = (void *)data;
    ls_error err = {0};
    ls_dataset *ds = NULL;
    /* before the file is read: --json must not be the data, and its folder
     * must take a new file, or the whole read would be wasted */
    const char *inputs[] = {data};
    int status = ls_output_check(json, inputs, 1, &err);
    if (status == LS_OK) {
        status = ls_dataset_read(data, &o.read, &ds, &err);
    }
    if (status == LS_OK) {
        cli_progress_done();
        print_text(ds, top);
        if (ds->target >= 0) {
            cli_warn_leakage(ds); /* issue 14: columns that give the outcome away */
        }
        if (json != NULL) {
            status = write_json(ds, json, &err);
        }
    }
    ls_dataset_free(ds);
    data_options_free(&o);
    return cli_exit("describe", status, &err);
}
