/* leadscore/error.h: the error record every library call fills on failure.
 *
 * The library never prints and never exits: a failing call returns a status
 * and writes what went wrong, and where, into the caller's ls_error. The CLI
 * turns that record into one line "leadscore: file:line:column: message" and
 * an exit code. There is no global error state. */
#ifndef LEADSCORE_ERROR_H
#define LEADSCORE_ERROR_H

#include <stddef.h>

typedef enum {
    LS_OK = 0,
    LS_EIO,     /* a file could not be opened, read or written */
    LS_EPARSE,  /* malformed text: CSV, JSON, a number */
    LS_EDATA,   /* well-formed input that cannot be used (one class, ragged row, ...) */
    LS_ENOMEM,  /* allocation failed */
    LS_ENOCONV, /* the fit did not converge or does not exist (separation) */
    LS_EUSAGE   /* the caller's options are inconsistent */
} ls_status;

/* What the caller could change to get past an error, as bits of
 * ls_error.hints. The message says what went wrong in the library's terms;
 * a hint names the remedy as a setting, so a program can word it in its own
 * terms (the CLI turns each into the flag to use). */
typedef enum {
    LS_HINT_NONE = 0,
    LS_HINT_PENALTY = 1u << 0,         /* fit with (or raise) a ridge penalty: ls_train_options.l2 */
    LS_HINT_MAX_ITERATIONS = 1u << 1,  /* allow more iterations: max_iterations */
    LS_HINT_MIN_LEVEL_COUNT = 1u << 2, /* fold more rare levels: ls_read_options.min_level_count */
    LS_HINT_NA_PLACEHOLDER = 1u << 3,  /* read the text as missing: ls_read_options.na */
    LS_HINT_CATEGORICAL = 1u << 4,     /* read the column as categorical: ls_read_options.categorical */
    LS_HINT_EXCLUDE = 1u << 5,         /* leave the column out: ls_read_options.exclude */
    LS_HINT_RIDGE = 1u << 6,           /* use a ridge (l2) penalty instead of the lasso (l1) */
    LS_HINT_DECIMAL_COMMA = 1u << 7,   /* read numbers with a decimal comma: ls_read_options.number.decimal */
    LS_HINT_DECIMAL_POINT = 1u << 8,   /* read numbers with a decimal point (the default) */
    LS_HINT_THOUSANDS = 1u << 9,       /* name the thousands separator: ls_read_options.number.thousands */
    LS_HINT_UNLABELLED = 1u << 10      /* skip rows without an outcome: ls_target_options.skip_unlabelled */
} ls_hint;

typedef struct {
    ls_status code;
    char file[256]; /* "" when the error concerns no file */
    long line;      /* 1-based physical line, 0 when unknown */
    long column;    /* 1-based field (CSV) or character (JSON), 0 when unknown */
    char msg[512];
    unsigned hints; /* ls_hint bits, 0 when there is no remedy to suggest */
} ls_error;

/* Fills err (when not NULL; hints are cleared) and returns code, so that a failing function can
 * say `return ls_errorf(err, LS_EDATA, path, line, col, "...", ...);`.
 * Messages follow git's rules: lowercase, no full stop, what is wrong first. */
int ls_errorf(ls_error *err, ls_status code, const char *file, long line, long column,
              const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Adds hint bits to err (when not NULL) and returns code, so that a failing
 * function can say
 *     return ls_error_hint(err, ls_errorf(err, LS_ENOCONV, ...), LS_HINT_PENALTY);
 * ls_errorf clears the hints: a hint belongs to the message it came with. */
int ls_error_hint(ls_error *err, int code, unsigned hints);

/* Resets err to LS_OK with empty text. */
void ls_error_clear(ls_error *err);

/* Writes "file:line:column: message" (parts that are unknown are left out)
 * into buf of size n and returns buf. */
char *ls_error_format(const ls_error *err, char *buf, size_t n);

/* The process exit code for a status: 0 ok, 2 usage, 1 everything else. */
int ls_status_exit_code(ls_status code);

#endif
