/* data_options.c: parsing of the shared column options. */
#define _POSIX_C_SOURCE 200809L
#include "data_options.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"

int data_options_check(const data_options *o, const char *command)
{
    char decimal = o->read.number.decimal != 0 ? o->read.number.decimal : '.';
    if (o->read.number.thousands == decimal) {
        return cli_usage_error(command, "--thousands '%c' is also the decimal mark", decimal);
    }
    if ((o->read.outcome.positive != NULL || o->read.outcome.skip_unlabelled) && o->read.target == NULL) {
        return cli_usage_error(command, "--positive and --unlabelled describe the --target column: give --target");
    }
    return 0;
}

void data_options_init(data_options *o)
{
    memset(o, 0, sizeof *o);
    ls_read_options_init(&o->read);
}

void data_options_free(data_options *o)
{
    ls_name_list *lists[] = {&o->read.id, &o->read.categorical, &o->read.numeric, &o->read.exclude};
    for (size_t l = 0; l < 4; l++) {
        free(lists[l]->names);
    }
    for (size_t i = 0; i < o->n_owned; i++) {
        free(o->owned[i]);
    }
    free(o->owned);
    ls_na_list_free(&o->read.na);
    ls_column_na_free(&o->read.column_na);
}

/* --na items: "Select" for every column, "pdays=-1" for column pdays only. */
static int add_placeholders(data_options *o, const char *command, const char *arg)
{
    ls_na_list items = {0};
    if (ls_na_list_parse(arg, &items) != 0) {
        return cli_usage_error(command, "out of memory");
    }
    int code = 0;
    for (size_t i = 0; code == 0 && i < items.n; i++) {
        char *item = items.values[i], *eq = strchr(item, '=');
        if (eq == NULL) {
            code = ls_na_list_add(&o->read.na, item) == 0 ? 0 : cli_usage_error(command, "out of memory");
            continue;
        }
        *eq = '\0';
        if (item[0] == '\0') {
            code = cli_usage_error(command, "--na COL=VALUE needs a column name before '=', got '=%s'", eq + 1);
        } else if (ls_column_na_add(&o->read.column_na, item, eq + 1) != 0) {
            code = cli_usage_error(command, "out of memory");
        }
    }
    ls_na_list_free(&items);
    return code;
}

/* ',' '.' 'space' or "'"; "none" for no separator */
static int parse_separator(const char *command, const char *option, const char *arg, char *out)
{
    if (strcmp(arg, "none") == 0) {
        *out = 0;
    } else if (strcmp(arg, "space") == 0 || strcmp(arg, " ") == 0) {
        *out = ' ';
    } else if (strlen(arg) == 1 && strchr(",.'", arg[0]) != NULL) {
        *out = arg[0];
    } else {
        return cli_usage_error(command, "%s takes ',', '.', 'space', \"'\" or 'none', got '%s'", option, arg);
    }
    return 0;
}

/* "A,B" names two columns, so repeated options and comma lists both work;
 * a column whose name holds a comma cannot be named here. */
static int add_names(data_options *o, ls_name_list *list, const char *arg)
{
    char *copy = strdup(arg);
    char **owned = realloc(o->owned, (o->n_owned + 1) * sizeof *owned);
    if (copy == NULL || owned == NULL) {
        free(copy);
        if (owned != NULL) {
            o->owned = owned;
        }
        return -1;
    }
    o->owned = owned;
    o->owned[o->n_owned++] = copy;
    char *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
        const char **names = realloc(list->names, (list->n + 1) * sizeof *names);
        if (names == NULL) {
            return -1;
        }
        list->names = names;
        list->names[list->n++] = tok;
    }
    return 0;
}

int data_option(data_options *o, const char *command, int code, const char *arg)
{
    long v;
    switch (code) {
    case LS_OPT_DELIMITER:
        return cli_parse_delimiter(command, arg, &o->read.delimiter) ? LS_EXIT_USAGE : 0;
    case LS_OPT_NA:
        return add_placeholders(o, command, arg);
    case LS_OPT_DECIMAL:
        if (strcmp(arg, ".") != 0 && strcmp(arg, ",") != 0) {
            return cli_usage_error(command, "--decimal takes '.' or ',', got '%s'", arg);
        }
        o->read.number.decimal = arg[0];
        return 0;
    case LS_OPT_THOUSANDS:
        return parse_separator(command, "--thousands", arg, &o->read.number.thousands);
    case LS_OPT_POSITIVE:
        if (arg[strspn(arg, " \t")] == '\0') {
            return cli_usage_error(command, "--positive takes the outcome value that means converted, e.g. 'Won'");
        }
        o->read.outcome.positive = arg;
        return 0;
    case LS_OPT_UNLABELLED:
        if (strcmp(arg, "skip") == 0) {
            o->read.outcome.skip_unlabelled = 1;
        } else if (strcmp(arg, "error") == 0) {
            o->read.outcome.skip_unlabelled = 0;
        } else {
            return cli_usage_error(command, "--unlabelled takes 'skip' or 'error', got '%s'", arg);
        }
        return 0;
    case LS_OPT_ID:
        return add_names(o, &o->read.id, arg) == 0 ? 0 : cli_usage_error(command, "out of memory");
    case LS_OPT_CATEGORICAL:
        return add_names(o, &o->read.categorical, arg) == 0 ? 0 : cli_usage_error(command, "out of memory");
    case LS_OPT_NUMERIC:
        return add_names(o, &o->read.numeric, arg) == 0 ? 0 : cli_usage_error(command, "out of memory");
    case LS_OPT_EXCLUDE:
        return add_names(o, &o->read.exclude, arg) == 0 ? 0 : cli_usage_error(command, "out of memory");
    case LS_OPT_MIN_LEVEL_COUNT:
        if (cli_parse_long(command, "--min-level-count", arg, 1, 1000000000L, &v) != 0) {
            return LS_EXIT_USAGE;
        }
        o->read.min_level_count = v;
        return 0;
    case LS_OPT_CASE_SENSITIVE:
        o->read.case_sensitive = 1;
        return 0;
    default:
        return cli_usage_error(command, "unknown option");
    }
}
