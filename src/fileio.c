/* fileio.c: temp-file-then-rename writers (as Redis saves its RDB file). */
#define _POSIX_C_SOURCE 200809L
#include "leadscore/fileio.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct ls_atomic_file {
    FILE *stream;
    char *target;    /* NULL for standard output */
    char *temp_path;
};

int ls_atomic_open(const char *path, ls_atomic_file **out, ls_error *err)
{
    ls_atomic_file *file = calloc(1, sizeof *file);
    if (file == NULL) {
        return ls_errorf(err, LS_ENOMEM, path, 0, 0, "out of memory");
    }
    if (strcmp(path, "-") == 0) {
        file->stream = stdout;
        *out = file;
        return LS_OK;
    }
    size_t n = strlen(path);
    file->target = strdup(path);
    file->temp_path = malloc(n + 32);
    if (file->target == NULL || file->temp_path == NULL) {
        ls_atomic_abort(file);
        return ls_errorf(err, LS_ENOMEM, path, 0, 0, "out of memory");
    }
    /* The temp file sits in the target's folder so rename() never crosses
     * file systems; mkstemp makes concurrent runs safe. */
    snprintf(file->temp_path, n + 32, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(file->temp_path);
    if (fd < 0) {
        int e = errno;
        free(file->temp_path);
        file->temp_path = NULL;
        ls_atomic_abort(file);
        return ls_errorf(err, LS_EIO, path, 0, 0, "cannot create output file: %s", strerror(e));
    }
    /* mkstemp makes the file 0600; an output file gets what the user's
     * umask gives any new file */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    file->stream = fdopen(fd, "w");
    if (file->stream == NULL) {
        int e = errno;
        close(fd);
        ls_atomic_abort(file);
        return ls_errorf(err, LS_EIO, path, 0, 0, "cannot open output file: %s", strerror(e));
    }
    *out = file;
    return LS_OK;
}

FILE *ls_atomic_stream(ls_atomic_file *file)
{
    return file->stream;
}

int ls_atomic_commit(ls_atomic_file *file, ls_error *err)
{
    int status = LS_OK;
    if (file->target == NULL) {
        if (fflush(stdout) != 0 || ferror(stdout)) {
            status = ls_errorf(err, LS_EIO, "<stdout>", 0, 0, "write failure on standard output: %s",
                               strerror(errno));
        }
        free(file);
        return status;
    }
    int failed = fflush(file->stream) != 0 || ferror(file->stream) || fsync(fileno(file->stream)) != 0;
    int e = errno;
    if (fclose(file->stream) != 0 && !failed) {
        failed = 1;
        e = errno;
    }
    file->stream = NULL;
    if (!failed && rename(file->temp_path, file->target) != 0) {
        failed = 1;
        e = errno;
    }
    if (failed) {
        status = ls_errorf(err, LS_EIO, file->target, 0, 0, "cannot write output file: %s", strerror(e));
        unlink(file->temp_path);
    }
    free(file->temp_path);
    free(file->target);
    free(file);
    return status;
}

void ls_atomic_abort(ls_atomic_file *file)
{
    if (file == NULL) {
        return;
    }
    if (file->target != NULL) {
        if (file->stream != NULL) {
            fclose(file->stream);
        }
        if (file->temp_path != NULL) {
            unlink(file->temp_path);
        }
    }
    free(file->temp_path);
    free(file->target);
    free(file);
}

int ls_read_file(const char *path, char **out, size_t *len, ls_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (fp == NULL) {
        return ls_errorf(err, LS_EIO, path, 0, 0, "cannot open file: %s", strerror(errno));
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        n += fread(buf + n, 1, cap - n - 1, fp);
        if (n < cap - 1) {
            break;
        }
        char *grown = realloc(buf, cap * 2);
        if (grown == NULL) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = grown;
        cap *= 2;
    }
    int read_error = ferror(fp);
    fclose(fp);
    if (buf == NULL) {
        return ls_errorf(err, LS_ENOMEM, path, 0, 0, "out of memory reading file");
    }
    if (read_error) {
        free(buf);
        return ls_errorf(err, LS_EIO, path, 0, 0, "cannot read file");
    }
    buf[n] = '\0';
    *out = buf;
    if (len != NULL) {
        *len = n;
    }
    return LS_OK;
}

int ls_write_text_file(const char *path, const char *text, ls_error *err)
{
    ls_atomic_file *f;
    int status = ls_atomic_open(path, &f, err);
    if (status == LS_OK) {
        fputs(text, f->stream);
        fputc('\n', f->stream);
        status = ls_atomic_commit(f, err);
    }
    return status;
}
