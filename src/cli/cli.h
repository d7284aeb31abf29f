/* cli.h: what every leadscore command shares: the one-line error report, usage
 * errors, strict number parsing, progress on a terminal and stdout checks.
 * Commands parse their own options with getopt_long and call the library. */
#ifndef LEADSCORE_CLI_H
#define LEADSCORE_CLI_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include "leadscore/error.h"
#include "leadscore/fileio.h"
#include "leadscore/scorer.h"

#define LS_EXIT_OK 0
#define LS_EXIT_DATA 1
#define LS_EXIT_USAGE 2

/* The command being run ("train"), set by main(); NULL before. */
extern const char *cli_command;

/* Prints "leadscore: file:line:col: message" on stderr; returns the exit code.
 * A usage error (LS_EUSAGE) prints as cli_usage_error() does, so that every
 * usage error is one line "leadscore CMD: message (see 'leadscore CMD --help')". */
int cli_report(const ls_error *err);

/* Prints one line "leadscore CMD: message (see 'leadscore CMD --help')" on
 * stderr; returns 2. */
int cli_usage_error(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints "leadscore: warning: message" on stderr unless quiet. */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Strict conversions (whole text, no overflow): a number in [min, max];
 * anything else prints one usage error "OPTION takes RANGE, got 'TEXT'"
 * (range in words, e.g. "a share above 0 and at most 1"; nextafter() for
 * open ends) and returns -1. */
int cli_parse_double_in(const char *command, const char *option, const char *text, double min, double max,
                        const char *range, double *out);
int cli_parse_long(const char *command, const char *option, const char *text, long min, long max, long *out);

/* --delimiter: ',', ';', '|' or 'tab'; a usage error otherwise (-1). */
int cli_parse_delimiter(const char *command, const char *text, char *out);

/* An unknown option or one missing its value, as a usage error naming it
 * (returns 2). Call it from getopt_long's '?' case; main() turns getopt's own
 * message off. */
int cli_bad_option(const char *command, char **argv);

/* Writes a CSV field, quoted only when it must be (spreadsheets read both). */
void cli_csv_field(FILE *out, const char *text, size_t len);

/* Writes reasons as 'demo_requested=yes +1.92; job_title=Student -1.20'
 * (points to two decimals, signed) into buf of size bytes (at least 64);
 * returns the length. Reasons that do not fit are left out. */
size_t cli_format_reasons(const ls_reason *reasons, size_t n, char *buf, size_t size);

/* Every output (NULL entries skipped) checked against the inputs and each
 * other before any work: ls_output_check() and ls_outputs_distinct(). */
int cli_check_outputs(const char *const *outputs, size_t n, const char *const *inputs, size_t n_inputs,
                      ls_error *err);

/* Adds path to group holding tree as JSON (as ls_json_write_file writes it). */
int cli_group_json(ls_output_group *group, const char *path, const cJSON *tree, ls_error *err);

/* The end of every command's option parsing: 0, or a usage error (2) for an
 * argument left after the options (optind < argc). */
int cli_no_more_arguments(const char *command, int argc, char **argv);

/* A command's exit code for the status its work returned: 0; a usage error
 * from the library (LS_EUSAGE) as the command's own usage line (2);
 * anything else as the one-line report (1). */
int cli_exit(const char *command, int status, const ls_error *err);

/* Flushes and checks standard output; returns 0, or 1 after an error line. */
int cli_finish_stdout(void);

/* Progress reporting: on only when stderr is a terminal, unless forced. */
extern int cli_quiet;
extern int cli_verbose;
int cli_progress_enabled(void);
void cli_progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_progress_done(void);

#endif
