/* fileio.c: output files that never lose data (see leadscore/fileio.h).
 *
 * A regular output is written to a temporary file in the target's folder and
 * renamed over the target once complete and synced (as Redis saves its RDB
 * file). The temporary is an unnamed O_TMPFILE inode where the file system
 * allows it, so that even SIGKILL leaves nothing behind; it gets a name only
 * at commit, by linkat() through /proc/self/fd. Devices, FIFOs and the
 * process's own descriptors are written straight: renaming a file over them
 * would destroy them (as root, 'score --out /dev/null' once replaced
 * /dev/null). */
#define _GNU_SOURCE
#include "leadscore/fileio.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fileio_internal.h"

enum kind {
    K_STDOUT,   /* "-": the process's stdout stream, flushed but never closed */
    K_STRAIGHT, /* a device, FIFO or inherited descriptor, written in place */
    K_TMPFILE,  /* an unnamed O_TMPFILE inode, linked and renamed at commit */
    K_NAMED     /* a named temporary file, renamed at commit */
};

struct ls_atomic_file {
    enum kind kind;
    FILE *stream;    /* NULL once closed */
    char *buffer;    /* stream's stdio buffer, freed after it closes */
    char *shown;     /* the path as the caller gave it, for messages */
    char *target;    /* K_TMPFILE, K_NAMED: the resolved path renamed over */
    char *temp_path; /* the temporary's name while it has one, else NULL */
    dev_t dir_dev;   /* K_TMPFILE, K_NAMED: the target's folder, to spot */
    ino_t dir_ino;   /* two outputs of a group that write the same file */
};

struct ls_output_group {
    ls_atomic_file **files;
    size_t n, cap;
};

static int force_named_temp; /* the test hook of fileio_internal.h */

void ls_fileio_force_named_temp(int on)
{
    force_named_temp = on;
}

/* ---- paths ---- */

/* The descriptor a path like /dev/stdout, /dev/fd/N or /proc/self/fd/N
 * names, or -1. Such paths are "magic" links in /proc: following them by
 * readlink() would give "pipe:[1234]", so they are used as descriptors. */
static int descriptor_path(const char *path)
{
    if (strcmp(path, "/dev/stdout") == 0) {
        return 1;
    }
    if (strcmp(path, "/dev/stderr") == 0) {
        return 2;
    }
    const char *p = NULL;
    if (strncmp(path, "/dev/fd/", 8) == 0) {
        p = path + 8;
    } else if (strncmp(path, "/proc/self/fd/", 14) == 0) {
        p = path + 14;
    }
    if (p == NULL || !isdigit((unsigned char)*p)) {
        return -1;
    }
    char *end;
    errno = 0;
    long n = strtol(p, &end, 10);
    return *end != '\0' || errno != 0 || n > INT_MAX ? -1 : (int)n;
}

/* The folder part of path ("." when there is none), malloc'd. */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL) {
        return strdup(".");
    }
    if (slash == path) {
        return strdup("/");
    }
    return strndup(path, (size_t)(slash - path));
}

static const char *base_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash != NULL ? slash + 1 : path;
}

/* Follows path, if it is a symbolic link, and any chain of links after it,
 * to the name of the file they lead to, which need not exist yet. The
 * folders on the way are left to the kernel. Returns a malloc'd path, or NULL
 * with errno set. *fd is set to a descriptor when the chain reaches a
 * descriptor path (/dev/stdout -> /proc/self/fd/1), else to -1. */
static char *resolve_links(const char *path, int *fd)
{
    char *cur = strdup(path);
    *fd = -1;
    for (int hops = 0; cur != NULL; hops++) {
        if ((*fd = descriptor_path(cur)) >= 0) {
            return cur;
        }
        struct stat st;
        if (lstat(cur, &st) != 0) {
            if (errno == ENOENT || errno == ENOTDIR) {
                return cur; /* a new file, or a bad folder that check_folder() reports */
            }
            break;
        }
        if (!S_ISLNK(st.st_mode)) {
            return cur;
        }
        char link[PATH_MAX];
        ssize_t n = hops < 40 ? readlink(cur, link, sizeof link) : -1;
        if (hops >= 40) {
            errno = ELOOP;
        } else if (n >= (ssize_t)sizeof link) {
            errno = ENAMETOOLONG;
        }
        if (n < 0 || n >= (ssize_t)sizeof link) {
            break;
        }
        link[n] = '\0';
        /* a relative link is relative to the folder holding it */
        const char *slash = strrchr(cur, '/');
        size_t keep = link[0] == '/' || slash == NULL ? 0 : (size_t)(slash - cur) + 1;
        char *next = malloc(keep + (size_t)n + 1);
        if (next != NULL) {
            memcpy(next, cur, keep);
            memcpy(next + keep, link, (size_t)n + 1);
        }
        free(cur);
        cur = next;
    }
    int e = cur != NULL ? errno : ENOMEM;
    free(cur);
    errno = e;
    return NULL;
}

/* Checks that a file can be created in the folder of resolved (temporary
 * file, then rename); fills *folder with the folder's identity. */
static int check_folder(const char *shown, const char *resolved, struct stat *folder, ls_error *err)
{
    char *dir = folder_of(resolved);
    if (dir == NULL) {
        return ls_errorf(err, LS_ENOMEM, shown, 0, 0, "out of memory");
    }
    int status = LS_OK;
    if (stat(dir, folder) != 0) {
        status = errno == ENOENT
                     ? ls_errorf(err, LS_EIO, shown, 0, 0, "cannot create output file: folder '%s' does not exist", dir)
                     : ls_errorf(err, LS_EIO, shown, 0, 0, "cannot create output file: folder '%s': %s", dir,
                                 strerror(errno));
    } else if (!S_ISDIR(folder->st_mode)) {
        status = ls_errorf(err, LS_EIO, shown, 0, 0, "cannot create output file: '%s' is not a folder", dir);
    } else if (faccessat(AT_FDCWD, dir, W_OK | X_OK, AT_EACCESS) != 0) {
        status = ls_errorf(err, LS_EIO, shown, 0, 0, "cannot create output file: cannot write in folder '%s': %s",
                           dir, strerror(errno));
    }
    free(dir);
    return status;
}

/* ---- checks before the work ---- */

int ls_output_check(const char *output, const char *const *inputs, size_t n_inputs, ls_error *err)
{
    if (output == NULL || strcmp(output, "-") == 0) {
        return LS_OK;
    }
    int fd;
    char *resolved = resolve_links(output, &fd);
    if (resolved == NULL) {
        return ls_errorf(err, errno == ENOMEM ? LS_ENOMEM : LS_EIO, output, 0, 0, "cannot create output file: %s",
                         strerror(errno));
    }
    struct stat out, folder;
    int status = LS_OK, exists = 0;
    if (fd >= 0) {
        if (fstat(fd, &out) != 0) {
            status = ls_errorf(err, LS_EIO, output, 0, 0, "cannot write output file: %s", strerror(errno));
        }
        exists = status == LS_OK;
    } else if (stat(resolved, &out) == 0) {
        exists = 1;
        if (S_ISDIR(out.st_mode)) {
            status = ls_errorf(err, LS_EIO, output, 0, 0, "cannot create output file: it is a folder");
        } else if (S_ISCHR(out.st_mode) || S_ISFIFO(out.st_mode)) {
            if (faccessat(AT_FDCWD, resolved, W_OK, AT_EACCESS) != 0) {
                status = ls_errorf(err, LS_EIO, output, 0, 0, "cannot write output file: %s", strerror(errno));
            }
        } else if (!S_ISREG(out.st_mode)) {
            status = ls_errorf(err, LS_EIO, output, 0, 0,
                               "cannot create output file: not a regular file, character device or FIFO");
        } else {
            status = check_folder(output, resolved, &folder, err);
        }
    } else if (errno == ENOENT || errno == ENOTDIR) {
        status = check_folder(output, resolved, &folder, err);
    } else {
        status = ls_errorf(err, LS_EIO, output, 0, 0, "cannot create output file: %s", strerror(errno));
    }
    free(resolved);
    /* Only a regular file is destroyed by writing over it; a device or FIFO
     * that is also read (/dev/null as both) loses nothing. */
    for (size_t i = 0; status == LS_OK && exists && S_ISREG(out.st_mode) && i < n_inputs; i++) {
        struct stat in;
        if (inputs[i] == NULL) {
            continue;
        }
        int found = strcmp(inputs[i], "-") == 0 ? fstat(STDIN_FILENO, &in) == 0 : stat(inputs[i], &in) == 0;
        if (found && in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
            status = ls_errorf(err, LS_EUSAGE, NULL, 0, 0, "output '%s' is the same file as input '%s'", output,
                               strcmp(inputs[i], "-") == 0 ? "(standard input)" : inputs[i]);
        }
    }
    return status;
}

/* What an output writes, to spot two outputs writing the same thing: a
 * regular (or new) file is its folder and its name after links, so that two
 * names of a file not yet created still match. */
typedef struct {
    enum { ID_NONE, ID_STDOUT, ID_FILE } what;
    dev_t dev;
    ino_t ino;
    char *resolved;
} output_id;

static int output_identify(const char *path, output_id *id)
{
    memset(id, 0, sizeof *id);
    if (path == NULL) {
        return 0;
    }
    if (strcmp(path, "-") == 0) {
        id->what = ID_STDOUT;
        return 0;
    }
    int fd;
    id->resolved = resolve_links(path, &fd);
    if (id->resolved == NULL) {
        return -1;
    }
    struct stat st, folder;
    if (fd >= 0) {
        id->what = fd == STDOUT_FILENO ? ID_STDOUT : ID_NONE;
    } else if (stat(id->resolved, &st) == 0 && !S_ISREG(st.st_mode)) {
        id->what = ID_NONE; /* devices and FIFOs may repeat; folders fail on open */
    } else {
        char *dir = folder_of(id->resolved);
        if (dir != NULL && stat(dir, &folder) == 0) {
            id->what = ID_FILE;
            id->dev = folder.st_dev;
            id->ino = folder.st_ino;
        }
        free(dir);
    }
    return 0;
}

static int output_same(const output_id *a, const output_id *b)
{
    if (a->what != b->what || a->what == ID_NONE) {
        return 0;
    }
    return a->what == ID_STDOUT ||
           (a->dev == b->dev && a->ino == b->ino && strcmp(base_of(a->resolved), base_of(b->resolved)) == 0);
}

int ls_outputs_distinct(const char *const *outputs, size_t n, ls_error *err)
{
    output_id *ids = calloc(n ? n : 1, sizeof *ids);
    if (ids == NULL) {
        return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    int status = LS_OK;
    for (size_t i = 0; i < n && status == LS_OK; i++) {
        if (output_identify(outputs[i], &ids[i]) != 0) {
            status = ls_errorf(err, errno == ENOMEM ? LS_ENOMEM : LS_EIO, outputs[i], 0, 0,
                               "cannot create output file: %s", strerror(errno));
        }
        for (size_t j = 0; j < i && status == LS_OK; j++) {
            if (output_same(&ids[j], &ids[i])) {
                status = ls_errorf(err, LS_EUSAGE, NULL, 0, 0, "outputs '%s' and '%s' are the same file", outputs[j],
                                   outputs[i]);
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        free(ids[i].resolved);
    }
    free(ids);
    return status;
}

/* ---- one writer ---- */

/* The next candidate temporary name for target in buf: "target.tmp-XXXXXX". */
static void next_temp_name(char *buf, size_t size, const char *target, uint64_t *state)
{
    static const char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    char suffix[7];
    for (int i = 0; i < 6; i++) {
        *state = *state * 6364136223846793005u + 1442695040888963407u;
        suffix[i] = chars[(*state >> 33) % 62];
    }
    suffix[6] = '\0';
    snprintf(buf, size, "%s.tmp-%s", target, suffix);
}

static uint64_t temp_seed(uintptr_t p)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^ ((uint64_t)getpid() << 17) ^ (uint64_t)p;
}

/* Gives a new name beside f->target to the temporary: with link_fd >= 0 the
 * unnamed file link_fd is linked there, else a new empty file is created
 * (mode 0666 less the umask, as the kernel applies it) and its descriptor
 * returned. Sets f->temp_path; returns -1 with errno set on failure. */
static int name_temp(ls_atomic_file *f, int link_fd)
{
    size_t size = strlen(f->target) + 16;
    char *name = malloc(size);
    if (name == NULL) {
        errno = ENOMEM;
        return -1;
    }
    uint64_t state = temp_seed((uintptr_t)name);
    for (int tries = 0; tries < 100; tries++) {
        next_temp_name(name, size, f->target, &state);
        int rc;
        if (link_fd >= 0) {
            char proc[64];
            snprintf(proc, sizeof proc, "/proc/self/fd/%d", link_fd);
            rc = linkat(AT_FDCWD, proc, AT_FDCWD, name, AT_SYMLINK_FOLLOW);
        } else {
            rc = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0666);
        }
        if (rc >= 0) {
            f->temp_path = name;
            return rc;
        }
        if (errno != EEXIST) {
            break;
        }
    }
    int e = errno;
    free(name);
    errno = e;
    return -1;
}

/* Closes what f holds, removes its temporary name if it has one, frees it. */
static void release(ls_atomic_file *f)
{
    if (f == NULL) {
        return;
    }
    if (f->stream != NULL && f->kind != K_STDOUT) {
        fclose(f->stream);
    }
    if (f->temp_path != NULL) {
        unlink(f->temp_path);
    }
    free(f->buffer);
    free(f->temp_path);
    free(f->target);
    free(f->shown);
    free(f);
}

/* Opens a straight writer: a device, FIFO or inherited descriptor. */
static int open_straight(ls_atomic_file *f, const char *resolved, int inherited, ls_error *err)
{
    f->kind = K_STRAIGHT;
    int fd = inherited >= 0 ? fcntl(inherited, F_DUPFD_CLOEXEC, 3)
                            : open(resolved, O_WRONLY | O_CLOEXEC | O_NOCTTY); /* a FIFO waits for a reader */
    if (fd < 0) {
        return ls_errorf(err, LS_EIO, f->shown, 0, 0, "cannot open output file: %s", strerror(errno));
    }
    if ((f->stream = fdopen(fd, "w")) == NULL) {
        int e = errno;
        close(fd);
        return ls_errorf(err, LS_EIO, f->shown, 0, 0, "cannot open output file: %s", strerror(e));
    }
    return LS_OK;
}

/* Opens the temporary file for a regular or new target f->target. */
static int open_temp(ls_atomic_file *f, ls_error *err)
{
    struct stat folder;
    int status = check_folder(f->shown, f->target, &folder, err);
    if (status != LS_OK) {
        return status;
    }
    f->dir_dev = folder.st_dev;
    f->dir_ino = folder.st_ino;
    int fd = -1;
    if (!force_named_temp) {
        char *dir = folder_of(f->target);
        if (dir == NULL) {
            return ls_errorf(err, LS_ENOMEM, f->shown, 0, 0, "out of memory");
        }
        /* the kernel applies the umask (or the folder's default ACL) to 0666 */
        fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
        int e = errno;
        free(dir);
        if (fd >= 0) {
            /* commit names the file through /proc: without /proc, use a name */
            char proc[64];
            snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
            if (access(proc, F_OK) != 0) {
                close(fd);
                fd = -1;
            }
        } else if (e != EOPNOTSUPP && e != EISDIR && e != EINVAL) {
            return ls_errorf(err, LS_EIO, f->shown, 0, 0, "cannot create output file: %s", strerror(e));
        }
    }
    f->kind = fd >= 0 ? K_TMPFILE : K_NAMED;
    if (fd < 0 && (fd = name_temp(f, -1)) < 0) {
        return ls_errorf(err, LS_EIO, f->shown, 0, 0, "cannot create output file: %s", strerror(errno));
    }
    if ((f->stream = fdopen(fd, "w")) == NULL) {
        int e = errno;
        close(fd);
        return ls_errorf(err, LS_EIO, f->shown, 0, 0, "cannot open output file: %s", strerror(e));
    }
    /* a scored file of a million leads is 90 MB: write it in large blocks,
     * not stdio's 4 KiB (failing to set the size only costs speed) */
    if ((f->buffer = malloc(LS_FILE_BUFFER)) != NULL) {
        (void)setvbuf(f->stream, f->buffer, _IOFBF, LS_FILE_BUFFER);
    }
    return LS_OK;
}

int ls_atomic_open(const char *path, ls_atomic_file **out, ls_error *err)
{
    ls_atomic_file *f = calloc(1, sizeof *f);
    if (f == NULL || (f->shown = strdup(path)) == NULL) {
        free(f);
        return ls_errorf(err, LS_ENOMEM, path, 0, 0, "out of memory");
    }
    if (strcmp(path, "-") == 0) {
        f->kind = K_STDOUT;
        f->stream = stdout;
        *out = f;
        return LS_OK;
    }
    int fd, status;
    char *resolved = resolve_links(path, &fd);
    struct stat st;
    if (resolved == NULL) {
        status = ls_errorf(err, errno == ENOMEM ? LS_ENOMEM : LS_EIO, path, 0, 0, "cannot create output file: %s",
                           strerror(errno));
    } else if (fd >= 0) {
        status = open_straight(f, NULL, fd, err);
    } else if (stat(resolved, &st) != 0) {
        if (errno == ENOENT || errno == ENOTDIR) {
            f->target = resolved;
            resolved = NULL;
            status = open_temp(f, err);
        } else {
            status = ls_errorf(err, LS_EIO, path, 0, 0, "cannot create output file: %s", strerror(errno));
        }
    } else if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) {
        status = open_straight(f, resolved, -1, err);
    } else if (S_ISDIR(st.st_mode)) {
        status = ls_errorf(err, LS_EIO, path, 0, 0, "cannot create output file: it is a folder");
    } else if (!S_ISREG(st.st_mode)) {
        status = ls_errorf(err, LS_EIO, path, 0, 0,
                           "cannot create output file: not a regular file, character device or FIFO");
    } else {
        f->target = resolved;
        resolved = NULL;
        status = open_temp(f, err);
    }
    free(resolved);
    if (status != LS_OK) {
        release(f);
        return status;
    }
    *out = f;
    return LS_OK;
}

FILE *ls_atomic_stream(ls_atomic_file *file)
{
    return file->stream;
}

/* Everything of a commit that can fail for want of space or an I/O error:
 * flush, fsync, close, and for an unnamed file a temporary name. After it
 * only the rename is left. On failure the caller releases f. */
static int prepare(ls_atomic_file *f, ls_error *err)
{
    if (f->kind == K_STDOUT) {
        if (fflush(stdout) != 0 || ferror(stdout)) {
            return ls_errorf(err, LS_EIO, "<stdout>", 0, 0, "write failure on standard output: %s",
                             strerror(errno ? errno : EIO));
        }
        return LS_OK;
    }
    errno = 0;
    int failed = fflush(f->stream) != 0 || ferror(f->stream);
    if (!failed && f->kind != K_STRAIGHT && fsync(fileno(f->stream)) != 0) {
        failed = 1;
    }
    if (!failed && f->kind == K_TMPFILE && name_temp(f, fileno(f->stream)) != 0) {
        failed = 1;
    }
    int e = errno;
    if (fclose(f->stream) != 0 && !failed) {
        failed = 1;
        e = errno;
    }
    f->stream = NULL;
    if (failed) {
        return ls_errorf(err, LS_EIO, f->shown, 0, 0, "cannot write output file: %s", strerror(e ? e : EIO));
    }
    return LS_OK;
}

/* Renames the prepared temporary over the target. */
static int publish(ls_atomic_file *f, ls_error *err)
{
    if (f->temp_path == NULL) {
        return LS_OK; /* written straight */
    }
    if (rename(f->temp_path, f->target) != 0) {
        return ls_errorf(err, LS_EIO, f->shown, 0, 0, "cannot write output file: %s", strerror(errno));
    }
    free(f->temp_path);
    f->temp_path = NULL;
    return LS_OK;
}

/* Makes a rename durable. Best effort: the file is in place already, and a
 * folder that cannot be synced is no reason to report the output lost. */
static void sync_folder(const ls_atomic_file *f)
{
    if (f->target == NULL) {
        return;
    }
    char *dir = folder_of(f->target);
    int fd = dir != NULL ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
    free(dir);
}

int ls_atomic_commit(ls_atomic_file *file, ls_error *err)
{
    int status = prepare(file, err);
    if (status == LS_OK) {
        status = publish(file, err);
    }
    if (status == LS_OK) {
        sync_folder(file);
    }
    release(file);
    return status;
}

void ls_atomic_abort(ls_atomic_file *file)
{
    release(file);
}

/* ---- groups ---- */

int ls_output_group_new(ls_output_group **out, ls_error *err)
{
    ls_output_group *g = calloc(1, sizeof *g);
    if (g == NULL) {
        return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    *out = g;
    return LS_OK;
}

static int member_same(const ls_atomic_file *a, const ls_atomic_file *b)
{
    if (a->kind == K_STDOUT || b->kind == K_STDOUT) {
        return a->kind == b->kind;
    }
    return a->target != NULL && b->target != NULL && a->dir_dev == b->dir_dev && a->dir_ino == b->dir_ino &&
           strcmp(base_of(a->target), base_of(b->target)) == 0;
}

int ls_output_group_add(ls_output_group *group, ls_atomic_file *file, ls_error *err)
{
    for (size_t i = 0; i < group->n; i++) {
        if (member_same(group->files[i], file)) {
            int status = ls_errorf(err, LS_EUSAGE, NULL, 0, 0, "outputs '%s' and '%s' are the same file",
                                   group->files[i]->shown, file->shown);
            release(file);
            return status;
        }
    }
    if (group->n == group->cap) {
        size_t cap = group->cap ? group->cap * 2 : 4;
        ls_atomic_file **grown = realloc(group->files, cap * sizeof *grown);
        if (grown == NULL) {
            int status = ls_errorf(err, LS_ENOMEM, file->shown, 0, 0, "out of memory");
            release(file);
            return status;
        }
        group->files = grown;
        group->cap = cap;
    }
    group->files[group->n++] = file;
    return LS_OK;
}

int ls_output_group_open(ls_output_group *group, const char *path, ls_atomic_file **out, ls_error *err)
{
    ls_atomic_file *f;
    int status = ls_atomic_open(path, &f, err);
    if (status == LS_OK && (status = ls_output_group_add(group, f, err)) == LS_OK) {
        *out = f;
    }
    return status;
}

int ls_output_group_commit(ls_output_group *group, ls_error *err)
{
    int status = LS_OK;
    /* every fallible step for every member before the first rename */
    for (size_t i = 0; i < group->n && status == LS_OK; i++) {
        status = prepare(group->files[i], err);
    }
    size_t published = 0;
    while (status == LS_OK && published < group->n) {
        if ((status = publish(group->files[published], err)) == LS_OK) {
            published++;
        }
    }
    for (size_t i = 0; i < group->n; i++) {
        if (i < published) {
            sync_folder(group->files[i]);
        }
        release(group->files[i]); /* removes the temporaries of members not renamed */
    }
    free(group->files);
    free(group);
    return status;
}

void ls_output_group_abort(ls_output_group *group)
{
    if (group == NULL) {
        return;
    }
    for (size_t i = 0; i < group->n; i++) {
        release(group->files[i]);
    }
    free(group->files);
    free(group);
}

/* ---- whole files ---- */

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
