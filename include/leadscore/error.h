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

typedef struct {
    ls_status code;
    char file[256]; /* "" when the error concerns no file */
    long line;      /* 1-based physical line, 0 when unknown */
    long column;    /* 1-based field (CSV) or character (JSON), 0 when unknown */
    char msg[512];
} ls_error;

/* Fills err (when not NULL) and returns code, so that a failing function can
 * say `return ls_errorf(err, LS_EDATA, path, line, col, "...", ...);`.
 * Messages follow git's rules: lowercase, no full stop, what is wrong first. */
int ls_errorf(ls_error *err, ls_status code, const char *file, long line, long column,
              const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Resets err to LS_OK with empty text. */
void ls_error_clear(ls_error *err);

/* Writes "file:line:column: message" (parts that are unknown are left out)
 * into buf of size n and returns buf. */
char *ls_error_format(const ls_error *err, char *buf, size_t n);

/* The process exit code for a status: 0 ok, 2 usage, 1 everything else. */
int ls_status_exit_code(ls_status code);

#endif
