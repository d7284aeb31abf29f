/* error.c: the ls_error record and its one-line rendering. */
#include "leadscore/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int ls_errorf(ls_error *err, ls_status code, const char *file, long line, long column,
              const char *fmt, ...)
{
    if (err == NULL) {
        return (int)code;
    }
    err->code = code;
    snprintf(err->file, sizeof err->file, "%s", file != NULL ? file : "");
    err->line = line;
    err->column = column;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    err->hints = 0; /* a hint belongs to the message it came with */
    return (int)code;
}

int ls_error_hint(ls_error *err, int code, unsigned hints)
{
    if (err != NULL) {
        err->hints |= hints;
    }
    return code;
}

void ls_error_clear(ls_error *err)
{
    if (err != NULL) {
        memset(err, 0, sizeof *err);
    }
}

char *ls_error_format(const ls_error *err, char *buf, size_t n)
{
    if (n == 0) {
        return buf;
    }
    buf[0] = '\0';
    if (err->file[0] == '\0') {
        snprintf(buf, n, "%s", err->msg);
    } else if (err->line <= 0) {
        snprintf(buf, n, "%s: %s", err->file, err->msg);
    } else if (err->column <= 0) {
        snprintf(buf, n, "%s:%ld: %s", err->file, err->line, err->msg);
    } else {
        snprintf(buf, n, "%s:%ld:%ld: %s", err->file, err->line, err->column, err->msg);
    }
    return buf;
}

int ls_status_exit_code(ls_status code)
{
    switch (code) {
    case LS_OK:
        return 0;
    case LS_EUSAGE:
        return 2;
    default:
        return 1;
    }
}
