/* data_options.c: parsing of the shared column options. */
#define _POSIX_C_SOURCE 200809L
#include "data_options.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"

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
        if (ls_na_list_parse(arg, &o->read.na) != 0) {
            return cli_usage_error(command, "out of memory");
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
