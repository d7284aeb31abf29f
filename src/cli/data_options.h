/* data_options.h: the column options every command that reads training-style
 * data shares (describe, train): --delimiter, --decimal, --thousands, --na,
 * --id, --categorical, --numeric, --exclude, --min-level-count,
 * --case-sensitive, and the outcome's --positive and --unlabelled.
 *
 * A command puts LS_DATA_LONG_OPTIONS into its getopt_long table and passes
 * every option code >= LS_DATA_OPT_BASE to data_option(). */
#ifndef LEADSCORE_DATA_OPTIONS_H
#define LEADSCORE_DATA_OPTIONS_H

#include <getopt.h>

#include "leadscore/dataset.h"

enum {
    LS_DATA_OPT_BASE = 1000,
    LS_OPT_DELIMITER = LS_DATA_OPT_BASE,
    LS_OPT_NA,
    LS_OPT_ID,
    LS_OPT_CATEGORICAL,
    LS_OPT_NUMERIC,
    LS_OPT_EXCLUDE,
    LS_OPT_MIN_LEVEL_COUNT,
    LS_OPT_CASE_SENSITIVE,
    LS_OPT_DECIMAL,
    LS_OPT_THOUSANDS,
    LS_OPT_POSITIVE,
    LS_OPT_UNLABELLED,
    LS_DATA_OPT_END
};

#define LS_DATA_LONG_OPTIONS                                                  \
    {"delimiter", required_argument, NULL, LS_OPT_DELIMITER},                 \
    {"na", required_argument, NULL, LS_OPT_NA},                               \
    {"id", required_argument, NULL, LS_OPT_ID},                               \
    {"categorical", required_argument, NULL, LS_OPT_CATEGORICAL},             \
    {"numeric", required_argument, NULL, LS_OPT_NUMERIC},                     \
    {"exclude", required_argument, NULL, LS_OPT_EXCLUDE},                     \
    {"min-level-count", required_argument, NULL, LS_OPT_MIN_LEVEL_COUNT},     \
    {"case-sensitive", no_argument, NULL, LS_OPT_CASE_SENSITIVE},             \
    {"decimal", required_argument, NULL, LS_OPT_DECIMAL},                     \
    {"thousands", required_argument, NULL, LS_OPT_THOUSANDS},                 \
    {"positive", required_argument, NULL, LS_OPT_POSITIVE},                   \
    {"unlabelled", required_argument, NULL, LS_OPT_UNLABELLED}

#define LS_DATA_OPTIONS_HELP                                                                     \
    "  --delimiter C          ',' ';' or 'tab' (default: detected from the header)\n"           \
    "  --decimal C            the decimal mark: '.' (default) or ',' (8,7)\n"                  \
    "  --thousands C          a thousands separator: ',' '.' 'space' or \"'\" (default none);\n" \
    "                         it must group digits by three (1,234,567.5)\n"                    \
    "  --na LIST              extra placeholders read as missing, e.g. Select,N/A;\n"          \
    "                         COL=VALUE for one column only, e.g. pdays=-1\n"                  \
    "                         (empty cells are always missing)\n"                               \
    "  --positive VALUE       the outcome VALUE (trimmed, any case) is 1, every other\n"       \
    "                         value 0 (e.g. 'Closed Won'); default: 1/0, yes/no, ...\n"        \
    "  --unlabelled skip      skip rows whose outcome is blank (counted and reported);\n"     \
    "                         default: a blank outcome is an error\n"                          \
    "  --id COL               an identifier column: never a feature (repeatable, or A,B)\n"       \
    "  --categorical COL      treat COL as categorical (repeatable, or A,B)\n"                    \
    "  --numeric COL          treat COL as numeric; text in it is an error (repeatable)\n"        \
    "  --exclude COL          leave COL out (repeatable, or A,B)\n"                               \
    "  --min-level-count N    levels with fewer rows fold into '(other)' (default 10)\n"          \
    "  --case-sensitive       'Google' and 'google' are different levels (default: same)\n"

typedef struct {
    ls_read_options read;
    char **owned;  /* strings split from comma lists, freed by data_options_free */
    size_t n_owned;
} data_options;

void data_options_init(data_options *o);
void data_options_free(data_options *o);

/* Options that only make sense together, once all are parsed: 0, or 2
 * after printing a usage error. */
int data_options_check(const data_options *o, const char *command);

/* Handles one shared option; returns 0, or 2 after printing a usage error. */
int data_option(data_options *o, const char *command, int code, const char *arg);

#endif
