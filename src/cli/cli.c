/* cli.c: shared helpers of the leadscore commands. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include "leadscore/export.h"
#include "progress.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cli_quiet = 0;
int cli_verbose = 0;
const char *cli_command = NULL;
static int progress_line_open = 0;

/* The library says what to change in its own terms (ls_hint); the user
 * changes it with a flag, so the flag is named here and only here. */
static const struct {
    unsigned hint;
    const char *text;
} hint_texts[] = {
    {LS_HINT_EXCLUDE, "exclude columns (--exclude)"},
    {LS_HINT_DECIMAL_COMMA, "read them with --decimal ,"},
    {LS_HINT_DECIMAL_POINT, "read them with --decimal ."},
    {LS_HINT_THOUSANDS, "name the separator with --thousands"},
    {LS_HINT_UNLABELLED, "skip such rows with --unlabelled skip"},
    {LS_HINT_NA_PLACEHOLDER, "add it to --na"},
    {LS_HINT_CATEGORICAL, "use --categorical"},
    {LS_HINT_MAX_ITERATIONS, "raise --max-iterations"},
    {LS_HINT_MIN_LEVEL_COUNT, "raise --min-level-count"},
    {LS_HINT_RIDGE, "use --l2"},
    {LS_HINT_PENALTY, "fit with a penalty (--l2 0.001)"},
};

int cli_report(const ls_error *err)
{
    char line[1024];
    cli_progress_done();
    /* a usage error found after parsing (two options that do not go
     * together, a band the bands lack) reads as one found while parsing */
    int usage = err->code == LS_EUSAGE && cli_command != NULL;
    if (usage) {
        fprintf(stderr, "leadscore %s: %s", cli_command, ls_error_format(err, line, sizeof line));
    } else {
        fprintf(stderr, "leadscore: %s", ls_error_format(err, line, sizeof line));
    }
    const char *sep = "; ";
    for (size_t h = 0; h < sizeof hint_texts / sizeof hint_texts[0]; h++) {
        if (err->hints & hint_texts[h].hint) {
            fprintf(stderr, "%s%s", sep, hint_texts[h].text);
            sep = " or ";
        }
    }
    if (usage) {
        fprintf(stderr, " (see 'leadscore %s --help')", cli_command);
    }
    fputc('\n', stderr);
    return ls_status_exit_code(err->code);
}

int cli_usage_error(const char *command, const char *fmt, ...)
{
    cli_progress_done();
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "leadscore %s: ", command);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, " (see 'leadscore %s --help')\n", command);
    va_end(ap);
    return LS_EXIT_USAGE;
}

void cli_warn(const char *fmt, ...)
{
    if (cli_quiet) {
        return;
    }
    cli_progress_done();
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "leadscore: warning: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int cli_parse_double_in(const char *command, const char *option, const char *text, double min, double max,
                        const char *range, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(text, &end);
    if (errno != 0 || end == text || *end != '\0' || !(v >= min && v <= max)) {
        cli_usage_error(command, "%s takes %s, got '%s'", option, range, text);
        return -1;
    }
    *out = v;
    return 0;
}

int cli_parse_long(const char *command, const char *option, const char *text, long min, long max, long *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || v < min || v > max) {
        cli_usage_error(command, "%s takes a whole number from %ld to %ld, got '%s'", option, min, max, text);
        return -1;
    }
    *out = v;
    return 0;
}

int cli_parse_delimiter(const char *command, const char *text, char *out)
{
    if (strcmp(text, "tab") == 0 || strcmp(text, "\\t") == 0 || strcmp(text, "\t") == 0) {
        *out = '\t';
    } else if (strlen(text) == 1 && strchr(",;|", text[0]) != NULL) {
        *out = text[0];
    } else {
        cli_usage_error(command, "--delimiter takes ',', ';', '|' or 'tab', got '%s'", text);
        return -1;
    }
    return 0;
}

int cli_bad_option(const char *command, char **argv)
{
    /* getopt_long has advanced optind past the offending word */
    const char *word = optind > 0 ? argv[optind - 1] : "?";
    if (optopt != 0 && strchr(word, '=') == NULL && word[0] == '-' && word[1] != '-') {
        return cli_usage_error(command, "unknown option '-%c'", optopt);
    }
    return cli_usage_error(command, "unknown option, or one missing its value: '%s'", word);
}

int cli_finish_stdout(void)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "leadscore: write failure on standard output: %s\n", strerror(errno));
        return LS_EXIT_DATA;
    }
    return LS_EXIT_OK;
}

int cli_progress_enabled(void)
{
    if (cli_quiet) {
        return 0;
    }
    return cli_verbose || isatty(STDERR_FILENO);
}

void cli_progress(const char *fmt, ...)
{
    if (!cli_progress_enabled()) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    if (isatty(STDERR_FILENO)) {
        /* one line rewritten in place */
        fputs("\r\033[K", stderr);
        vfprintf(stderr, fmt, ap);
        progress_line_open = 1;
    } else {
        vfprintf(stderr, fmt, ap);
        fputc('\n', stderr);
    }
    va_end(ap);
    fflush(stderr);
}

void cli_progress_done(void)
{
    if (progress_line_open) {
        fputc('\n', stderr);
        progress_line_open = 0;
    }
}

void cli_read_progress(void *ctx, long rows, long long bytes)
{
    cli_progress("reading %s: %ld rows, %.1f MB", (const char *)ctx, rows, (double)bytes / 1e6);
}

void cli_csv_field(FILE *out, const char *text, size_t len)
{
    ls_csv_write_field(out, text, len); /* one quoting rule for every CSV leadscore writes */
}

size_t cli_format_reasons(const ls_reason *reasons, size_t n, char *buf, size_t size)
{
    return ls_reasons_format(reasons, n, buf, size);
}

int cli_no_more_arguments(const char *command, int argc, char **argv)
{
    return optind < argc ? cli_usage_error(command, "unexpected argument '%s'", argv[optind]) : 0;
}

int cli_exit(const char *command, int status, const ls_error *err)
{
    if (status == LS_OK) {
        return LS_EXIT_OK;
    }
    /* the library's usage errors read like the command's own */
    return status == LS_EUSAGE ? cli_usage_error(command, "%s", err->msg) : cli_report(err);
}
