/* test_fileio.c: output paths never lose data (issue 9 items 2-5).
 *
 * Each test works in its own folder under /tmp. The tests run as root in CI,
 * so "cannot write" is provoked with /dev/full, a folder removed under an open
 * writer, or a path whose parent is a regular file, never with permissions. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fileio_internal.h"
#include "leadscore/fileio.h"
#include "ls_test.h"

static char dir[64];

static void make_dir(void)
{
    snprintf(dir, sizeof dir, "/tmp/ls_fileio_XXXXXX");
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
}

static void remove_dir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CU_ASSERT_EQUAL(system(cmd), 0);
}

static const char *in_dir(char *buf, size_t n, const char *name)
{
    snprintf(buf, n, "%s/%s", dir, name);
    return buf;
}

/* Entries of folder d other than . and .., and whether one of them holds ".tmp-". */
static int entries(const char *d, int *temporaries)
{
    DIR *dp = opendir(d);
    int n = 0;
    if (temporaries != NULL) {
        *temporaries = 0;
    }
    if (dp == NULL) {
        return -1;
    }
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            n++;
            if (temporaries != NULL && strstr(e->d_name, ".tmp-") != NULL) {
                (*temporaries)++;
            }
        }
    }
    closedir(dp);
    return n;
}

static void put(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs(text, fp);
    fclose(fp);
}

/* The content of path ("" on failure) in a static buffer. */
static const char *get(const char *path)
{
    static char buf[4096];
    buf[0] = '\0';
    FILE *fp = fopen(path, "r");
    if (fp != NULL) {
        size_t n = fread(buf, 1, sizeof buf - 1, fp);
        buf[n] = '\0';
        fclose(fp);
    }
    return buf;
}

/* Removes folder d and the files in it (no subfolders). */
static void remove_flat_folder(const char *d)
{
    DIR *dp = opendir(d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(dp);
    struct dirent *e;
    char p[512];
    while ((e = readdir(dp)) != NULL) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            snprintf(p, sizeof p, "%s/%s", d, e->d_name);
            CU_ASSERT_EQUAL(unlink(p), 0);
        }
    }
    closedir(dp);
    CU_ASSERT_EQUAL(rmdir(d), 0);
}

static int write_file(const char *path, const char *text, ls_error *err)
{
    ls_atomic_file *f = NULL;
    int status = ls_atomic_open(path, &f, err);
    if (status == LS_OK) {
        fputs(text, ls_atomic_stream(f));
        status = ls_atomic_commit(f, err);
    }
    return status;
}

/* Whether O_TMPFILE works in dir (so a SIGKILL can leave nothing behind). */
static int tmpfile_supported(void)
{
    int fd = open(dir, O_TMPFILE | O_WRONLY, 0600);
    if (fd >= 0) {
        close(fd);
        return 1;
    }
    return 0;
}

/* ---- regular files ---- */

static void atomic_should_create_replace_and_abort_without_leftovers(void)
{
    for (int named = 0; named < 2; named++) {
        ls_fileio_force_named_temp(named);
        make_dir();
        char p[128];
        ls_error err = {0};
        int temporaries;
        CU_ASSERT_EQUAL(write_file(in_dir(p, sizeof p, "out.csv"), "one\n", &err), LS_OK);
        CU_ASSERT_STRING_EQUAL(get(p), "one\n");
        CU_ASSERT_EQUAL(write_file(p, "two\n", &err), LS_OK);
        CU_ASSERT_STRING_EQUAL(get(p), "two\n");
        /* abort leaves the old file */
        ls_atomic_file *f = NULL;
        CU_ASSERT_EQUAL_FATAL(ls_atomic_open(p, &f, &err), LS_OK);
        fputs("three\n", ls_atomic_stream(f));
        fflush(ls_atomic_stream(f));
        /* while open, a named temporary is visible and an O_TMPFILE one is not */
        CU_ASSERT_EQUAL(entries(dir, &temporaries), named || !tmpfile_supported() ? 2 : 1);
        ls_atomic_abort(f);
        CU_ASSERT_STRING_EQUAL(get(p), "two\n");
        CU_ASSERT_EQUAL(entries(dir, &temporaries), 1);
        CU_ASSERT_EQUAL(temporaries, 0);
        remove_dir();
    }
    ls_fileio_force_named_temp(0);
}

static void atomic_should_give_new_files_0666_less_the_umask(void)
{
    for (int named = 0; named < 2; named++) {
        ls_fileio_force_named_temp(named);
        make_dir();
        char p[128];
        ls_error err = {0};
        struct stat st;
        mode_t old = umask(027);
        CU_ASSERT_EQUAL(write_file(in_dir(p, sizeof p, "a"), "x", &err), LS_OK);
        CU_ASSERT_EQUAL(stat(p, &st), 0);
        CU_ASSERT_EQUAL(st.st_mode & 07777, 0640);
        /* as before this change, a replaced file's mode is not kept */
        chmod(p, 0600);
        umask(022);
        CU_ASSERT_EQUAL(write_file(p, "y", &err), LS_OK);
        CU_ASSERT_EQUAL(stat(p, &st), 0);
        CU_ASSERT_EQUAL(st.st_mode & 07777, 0644);
        umask(old);
        remove_dir();
    }
    ls_fileio_force_named_temp(0);
}

static void atomic_should_refuse_a_folder_and_a_missing_folder(void)
{
    make_dir();
    char p[128];
    ls_error err = {0};
    ls_atomic_file *f = NULL;
    CU_ASSERT_EQUAL(ls_atomic_open(dir, &f, &err), LS_EIO);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "folder"));
    CU_ASSERT_EQUAL(ls_atomic_open(in_dir(p, sizeof p, "no/such.csv"), &f, &err), LS_EIO);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "cannot create output file"));
    CU_ASSERT_EQUAL(entries(dir, NULL), 0);
    remove_dir();
}

/* A child opens an output, writes, and is killed before commit: with
 * O_TMPFILE nothing may be left in the folder; a named temporary stays (the
 * fallback's known limit) but the target is never touched. */
static void atomic_should_leave_nothing_when_killed_before_commit(void)
{
    make_dir();
    char p[128];
    in_dir(p, sizeof p, "scores.csv");
    put(p, "old\n");
    for (int named = 0; named < 2; named++) {
        pid_t pid = fork();
        CU_ASSERT_FATAL(pid >= 0);
        if (pid == 0) {
            ls_fileio_force_named_temp(named);
            ls_atomic_file *f = NULL;
            ls_error err = {0};
            if (ls_atomic_open(p, &f, &err) != LS_OK) {
                _exit(3);
            }
            for (int i = 0; i < 10000; i++) {
                fputs("a half-written row,0.5\n", ls_atomic_stream(f));
            }
            fflush(ls_atomic_stream(f));
            raise(SIGKILL);
            _exit(4);
        }
        int ws = 0;
        CU_ASSERT_EQUAL(waitpid(pid, &ws, 0), pid);
        CU_ASSERT(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGKILL);
        CU_ASSERT_STRING_EQUAL(get(p), "old\n");
        int temporaries;
        entries(dir, &temporaries);
        if (!named && tmpfile_supported()) {
            CU_ASSERT_EQUAL(temporaries, 0);
            CU_ASSERT_EQUAL(entries(dir, NULL), 1);
        } else if (named) {
            CU_ASSERT_EQUAL(temporaries, 1);
        }
    }
    remove_dir();
}

/* ---- devices, FIFOs, descriptors, links ---- */

static void atomic_should_write_into_dev_null_and_keep_it_a_device(void)
{
    ls_error err = {0};
    struct stat st;
    CU_ASSERT_EQUAL(write_file("/dev/null", "discarded\n", &err), LS_OK);
    CU_ASSERT_EQUAL(stat("/dev/null", &st), 0);
    CU_ASSERT(S_ISCHR(st.st_mode));
    CU_ASSERT_EQUAL(major(st.st_rdev), 1);
    CU_ASSERT_EQUAL(minor(st.st_rdev), 3);
    /* a device node of our own (1,3 is the null device), where mknod is allowed */
    make_dir();
    char p[128];
    if (mknod(in_dir(p, sizeof p, "null"), S_IFCHR | 0666, makedev(1, 3)) == 0) {
        CU_ASSERT_EQUAL(write_file(p, "discarded\n", &err), LS_OK);
        CU_ASSERT_EQUAL(lstat(p, &st), 0);
        CU_ASSERT(S_ISCHR(st.st_mode) && major(st.st_rdev) == 1 && minor(st.st_rdev) == 3);
        /* abort cannot take back what a device got, but leaves it a device */
        ls_atomic_file *f = NULL;
        CU_ASSERT_EQUAL_FATAL(ls_atomic_open(p, &f, &err), LS_OK);
        fputs("more\n", ls_atomic_stream(f));
        ls_atomic_abort(f);
        CU_ASSERT_EQUAL(lstat(p, &st), 0);
        CU_ASSERT(S_ISCHR(st.st_mode));
        CU_ASSERT_EQUAL(entries(dir, NULL), 1);
    } else {
        fprintf(stderr, "\n  (mknod: %s; /dev/null only)\n", strerror(errno));
    }
    remove_dir();
}

static void atomic_should_report_a_full_device(void)
{
    ls_error err = {0};
    struct stat st;
    CU_ASSERT_EQUAL(write_file("/dev/full", "no room\n", &err), LS_EIO);
    CU_ASSERT_STRING_EQUAL(err.file, "/dev/full");
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "cannot write output file"));
    CU_ASSERT_EQUAL(stat("/dev/full", &st), 0);
    CU_ASSERT(S_ISCHR(st.st_mode));
}

typedef struct {
    const char *path;
    char got[256];
} fifo_reader;

static void *read_fifo(void *arg)
{
    fifo_reader *r = arg;
    FILE *fp = fopen(r->path, "r"); /* waits for the writer */
    if (fp != NULL) {
        size_t n = fread(r->got, 1, sizeof r->got - 1, fp);
        r->got[n] = '\0';
        fclose(fp);
    }
    return NULL;
}

static void atomic_should_write_into_a_fifo_and_keep_it(void)
{
    make_dir();
    char p[128];
    CU_ASSERT_EQUAL_FATAL(mkfifo(in_dir(p, sizeof p, "pipe"), 0600), 0);
    fifo_reader r = {p, ""};
    pthread_t t;
    CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, read_fifo, &r), 0);
    ls_error err = {0};
    CU_ASSERT_EQUAL(write_file(p, "through the pipe\n", &err), LS_OK);
    pthread_join(t, NULL);
    CU_ASSERT_STRING_EQUAL(r.got, "through the pipe\n");
    struct stat st;
    CU_ASSERT_EQUAL(lstat(p, &st), 0);
    CU_ASSERT(S_ISFIFO(st.st_mode));
    CU_ASSERT_EQUAL(entries(dir, NULL), 1);
    remove_dir();
}

static void atomic_should_write_into_an_inherited_descriptor(void)
{
    int fds[2];
    CU_ASSERT_EQUAL_FATAL(pipe(fds), 0);
    char p[64], got[64] = "";
    snprintf(p, sizeof p, "/dev/fd/%d", fds[1]);
    ls_error err = {0};
    CU_ASSERT_EQUAL(write_file(p, "via fd\n", &err), LS_OK);
    close(fds[1]);
    ssize_t n = read(fds[0], got, sizeof got - 1);
    CU_ASSERT_EQUAL(n, 7);
    got[n > 0 ? n : 0] = '\0';
    CU_ASSERT_STRING_EQUAL(got, "via fd\n");
    close(fds[0]);
}

static void atomic_should_follow_symlinks_and_keep_them_links(void)
{
    for (int named = 0; named < 2; named++) {
        ls_fileio_force_named_temp(named);
        make_dir();
        char real[128], sub[128], link1[128], link2[128], dangling[128], p[128];
        ls_error err = {0};
        struct stat st;
        CU_ASSERT_EQUAL_FATAL(mkdir(in_dir(sub, sizeof sub, "sub"), 0700), 0);
        put(in_dir(real, sizeof real, "sub/real.csv"), "old\n");
        /* link2 -> link1 -> sub/real.csv, both relative */
        CU_ASSERT_EQUAL_FATAL(symlink("sub/real.csv", in_dir(link1, sizeof link1, "link1")), 0);
        CU_ASSERT_EQUAL_FATAL(symlink("link1", in_dir(link2, sizeof link2, "link2")), 0);
        CU_ASSERT_EQUAL(write_file(link2, "new\n", &err), LS_OK);
        CU_ASSERT_STRING_EQUAL(get(real), "new\n");
        CU_ASSERT(lstat(link1, &st) == 0 && S_ISLNK(st.st_mode));
        CU_ASSERT(lstat(link2, &st) == 0 && S_ISLNK(st.st_mode));
        CU_ASSERT(lstat(real, &st) == 0 && S_ISREG(st.st_mode));
        CU_ASSERT_EQUAL(entries(dir, NULL), 3);
        CU_ASSERT_EQUAL(entries(sub, NULL), 1);
        /* a link to a file not there yet creates that file */
        CU_ASSERT_EQUAL_FATAL(symlink("sub/later.csv", in_dir(dangling, sizeof dangling, "dangling")), 0);
        CU_ASSERT_EQUAL(write_file(dangling, "later\n", &err), LS_OK);
        CU_ASSERT(lstat(dangling, &st) == 0 && S_ISLNK(st.st_mode));
        CU_ASSERT_STRING_EQUAL(get(in_dir(p, sizeof p, "sub/later.csv")), "later\n");
        /* an absolute link */
        CU_ASSERT_EQUAL_FATAL(symlink(real, in_dir(p, sizeof p, "absolute")), 0);
        CU_ASSERT_EQUAL(write_file(p, "abs\n", &err), LS_OK);
        CU_ASSERT_STRING_EQUAL(get(real), "abs\n");
        CU_ASSERT(lstat(p, &st) == 0 && S_ISLNK(st.st_mode));
        /* a loop is an error, not a hang */
        CU_ASSERT_EQUAL_FATAL(symlink("loop", in_dir(p, sizeof p, "loop")), 0);
        CU_ASSERT_EQUAL(write_file(p, "x", &err), LS_EIO);
        int temporaries;
        entries(dir, &temporaries);
        CU_ASSERT_EQUAL(temporaries, 0);
        entries(sub, &temporaries);
        CU_ASSERT_EQUAL(temporaries, 0);
        remove_dir();
    }
    ls_fileio_force_named_temp(0);
}

/* ---- checks before the work ---- */

static void output_check_should_refuse_an_input_by_any_name(void)
{
    make_dir();
    char data[128], hard[128], soft[128], other[128], dotted[128];
    ls_error err = {0};
    put(in_dir(data, sizeof data, "leads.csv"), "a,b\n1,2\n");
    CU_ASSERT_EQUAL_FATAL(link(data, in_dir(hard, sizeof hard, "hard.csv")), 0);
    CU_ASSERT_EQUAL_FATAL(symlink("leads.csv", in_dir(soft, sizeof soft, "soft.csv")), 0);
    in_dir(other, sizeof other, "scores.csv");
    snprintf(dotted, sizeof dotted, "%s/./leads.csv", dir);
    const char *inputs[] = {"model.json-not-there", NULL, data};
    /* the same string, a hard link, a symbolic link, another spelling */
    const char *outputs[] = {data, hard, soft, dotted};
    for (int i = 0; i < 4; i++) {
        ls_error_clear(&err);
        CU_ASSERT_EQUAL(ls_output_check(outputs[i], inputs, 3, &err), LS_EUSAGE);
        CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, outputs[i]));
        CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, data));
        CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "same file"));
    }
    /* the input named through a link, the output by its name */
    const char *via_link[] = {soft};
    CU_ASSERT_EQUAL(ls_output_check(data, via_link, 1, &err), LS_EUSAGE);
    /* standard input redirected from the output */
    int saved = dup(STDIN_FILENO), fd = open(data, O_RDONLY);
    CU_ASSERT_FATAL(saved >= 0 && fd >= 0);
    dup2(fd, STDIN_FILENO);
    const char *stdin_input[] = {"-"};
    CU_ASSERT_EQUAL(ls_output_check(hard, stdin_input, 1, &err), LS_EUSAGE);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "standard input"));
    dup2(saved, STDIN_FILENO);
    close(saved);
    close(fd);
    /* other outputs pass */
    CU_ASSERT_EQUAL(ls_output_check(other, inputs, 3, &err), LS_OK);
    CU_ASSERT_EQUAL(ls_output_check("-", inputs, 3, &err), LS_OK);
    CU_ASSERT_EQUAL(ls_output_check(NULL, inputs, 3, &err), LS_OK);
    CU_ASSERT_EQUAL(ls_output_check(other, NULL, 0, &err), LS_OK);
    /* a device read and written loses nothing */
    const char *null_input[] = {"/dev/null"};
    CU_ASSERT_EQUAL(ls_output_check("/dev/null", null_input, 1, &err), LS_OK);
    CU_ASSERT_STRING_EQUAL(get(data), "a,b\n1,2\n");
    CU_ASSERT_EQUAL(entries(dir, NULL), 3);
    remove_dir();
}

static void output_check_should_refuse_an_output_folder_it_cannot_use(void)
{
    make_dir();
    char p[128], file[128];
    ls_error err = {0};
    put(in_dir(file, sizeof file, "plain"), "x");
    CU_ASSERT_EQUAL(ls_output_check(in_dir(p, sizeof p, "missing/out.csv"), NULL, 0, &err), LS_EIO);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "does not exist"));
    CU_ASSERT_STRING_EQUAL(err.file, p);
    /* parent is a regular file */
    CU_ASSERT_EQUAL(ls_output_check(in_dir(p, sizeof p, "plain/out.csv"), NULL, 0, &err), LS_EIO);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "cannot create output file"));
    /* the output is a folder */
    CU_ASSERT_EQUAL(ls_output_check(dir, NULL, 0, &err), LS_EIO);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "folder"));
    /* a link into a missing folder */
    CU_ASSERT_EQUAL_FATAL(symlink("gone/x.csv", in_dir(p, sizeof p, "to_gone")), 0);
    CU_ASSERT_EQUAL(ls_output_check(p, NULL, 0, &err), LS_EIO);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "does not exist"));
    /* a new file in an existing folder, a FIFO, a device */
    CU_ASSERT_EQUAL(ls_output_check(in_dir(p, sizeof p, "new.csv"), NULL, 0, &err), LS_OK);
    CU_ASSERT_EQUAL(mkfifo(in_dir(p, sizeof p, "fifo"), 0600), 0);
    CU_ASSERT_EQUAL(ls_output_check(p, NULL, 0, &err), LS_OK);
    CU_ASSERT_EQUAL(ls_output_check("/dev/null", NULL, 0, &err), LS_OK);
    CU_ASSERT_EQUAL(entries(dir, NULL), 3); /* the check creates nothing */
    remove_dir();
}

static void outputs_distinct_should_spot_one_file_under_two_names(void)
{
    make_dir();
    char a[128], dot_a[128], link_a[128], b[128];
    ls_error err = {0};
    in_dir(a, sizeof a, "a.json"); /* not there yet */
    snprintf(dot_a, sizeof dot_a, "%s/./a.json", dir);
    CU_ASSERT_EQUAL_FATAL(symlink("a.json", in_dir(link_a, sizeof link_a, "link")), 0);
    in_dir(b, sizeof b, "b.html");
    const char *same[][2] = {{a, a}, {a, dot_a}, {a, link_a}, {"-", "-"}, {"-", "/dev/stdout"}};
    for (int i = 0; i < 5; i++) {
        CU_ASSERT_EQUAL(ls_outputs_distinct(same[i], 2, &err), LS_EUSAGE);
        CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "same file"));
    }
    const char *distinct[] = {a, NULL, b, "-", "/dev/null", "/dev/null"};
    CU_ASSERT_EQUAL(ls_outputs_distinct(distinct, 6, &err), LS_OK);
    remove_dir();
}

/* ---- groups ---- */

static void group_should_commit_all_outputs(void)
{
    make_dir();
    char a[128], b[128];
    ls_error err = {0};
    put(in_dir(a, sizeof a, "a.json"), "old a\n");
    in_dir(b, sizeof b, "b.html");
    ls_output_group *g = NULL;
    ls_atomic_file *fa = NULL, *fb = NULL, *dup = NULL;
    CU_ASSERT_EQUAL_FATAL(ls_output_group_new(&g, &err), LS_OK);
    CU_ASSERT_EQUAL_FATAL(ls_output_group_open(g, a, &fa, &err), LS_OK);
    CU_ASSERT_EQUAL_FATAL(ls_output_group_open(g, b, &fb, &err), LS_OK);
    CU_ASSERT_EQUAL(ls_output_group_open(g, a, &dup, &err), LS_EUSAGE);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "same file"));
    fputs("new a\n", ls_atomic_stream(fa));
    fputs("new b\n", ls_atomic_stream(fb));
    CU_ASSERT_EQUAL(ls_output_group_commit(g, &err), LS_OK);
    CU_ASSERT_STRING_EQUAL(get(a), "new a\n");
    CU_ASSERT_STRING_EQUAL(get(b), "new b\n");
    int temporaries;
    CU_ASSERT_EQUAL(entries(dir, &temporaries), 2);
    CU_ASSERT_EQUAL(temporaries, 0);
    /* an empty group commits; abort of NULL is a no-op */
    CU_ASSERT_EQUAL_FATAL(ls_output_group_new(&g, &err), LS_OK);
    CU_ASSERT_EQUAL(ls_output_group_commit(g, &err), LS_OK);
    ls_output_group_abort(NULL);
    remove_dir();
}

/* The first output is fine, the second cannot be written: neither changes. */
static void group_should_change_nothing_when_one_output_fails(void)
{
    for (int named = 0; named < 2; named++) {
        ls_fileio_force_named_temp(named);
        make_dir();
        char a[128], b[128], c[128], sub[128];
        ls_error err = {0};
        int temporaries;
        put(in_dir(a, sizeof a, "a.json"), "old a\n");
        in_dir(c, sizeof c, "c.csv"); /* new */

        /* the second member is /dev/full: its flush fails with ENOSPC */
        ls_output_group *g = NULL;
        ls_atomic_file *fa = NULL, *fb = NULL, *fc = NULL;
        CU_ASSERT_EQUAL_FATAL(ls_output_group_new(&g, &err), LS_OK);
        CU_ASSERT_EQUAL_FATAL(ls_output_group_open(g, a, &fa, &err), LS_OK);
        CU_ASSERT_EQUAL_FATAL(ls_output_group_open(g, "/dev/full", &fb, &err), LS_OK);
        CU_ASSERT_EQUAL_FATAL(ls_output_group_open(g, c, &fc, &err), LS_OK);
        fputs("new a\n", ls_atomic_stream(fa));
        fputs("new b\n", ls_atomic_stream(fb));
        fputs("new c\n", ls_atomic_stream(fc));
        CU_ASSERT_EQUAL(ls_output_group_commit(g, &err), LS_EIO);
        CU_ASSERT_STRING_EQUAL(err.file, "/dev/full");
        CU_ASSERT_STRING_EQUAL(get(a), "old a\n");
        CU_ASSERT_EQUAL(access(c, F_OK), -1);
        CU_ASSERT_EQUAL(entries(dir, &temporaries), 1);
        CU_ASSERT_EQUAL(temporaries, 0);

        /* the second member's folder is removed while it is written (an
         * unnamed temporary leaves it empty, so rmdir works; a named one is
         * removed first): the first keeps its old content */
        CU_ASSERT_EQUAL_FATAL(mkdir(in_dir(sub, sizeof sub, "sub"), 0700), 0);
        in_dir(b, sizeof b, "sub/b.html");
        CU_ASSERT_EQUAL_FATAL(ls_output_group_new(&g, &err), LS_OK);
        CU_ASSERT_EQUAL_FATAL(ls_output_group_open(g, a, &fa, &err), LS_OK);
        CU_ASSERT_EQUAL_FATAL(ls_output_group_open(g, b, &fb, &err), LS_OK);
        fputs("new a\n", ls_atomic_stream(fa));
        fputs("new b\n", ls_atomic_stream(fb));
        remove_flat_folder(sub);
        CU_ASSERT_EQUAL(access(sub, F_OK), -1);
        CU_ASSERT_EQUAL(ls_output_group_commit(g, &err), LS_EIO);
        CU_ASSERT_STRING_EQUAL(err.file, b);
        if (named) {
            /* a named temporary is gone with its folder; the rename fails
             * after a was renamed: the documented limit of a group */
            CU_ASSERT_STRING_EQUAL(get(a), "new a\n");
        } else {
            CU_ASSERT_STRING_EQUAL(get(a), "old a\n");
        }
        CU_ASSERT_EQUAL(entries(dir, &temporaries), 1);
        CU_ASSERT_EQUAL(temporaries, 0);

        /* abort: nothing visible */
        CU_ASSERT_EQUAL_FATAL(ls_output_group_new(&g, &err), LS_OK);
        CU_ASSERT_EQUAL_FATAL(ls_output_group_open(g, c, &fc, &err), LS_OK);
        fputs("new c\n", ls_atomic_stream(fc));
        ls_output_group_abort(g);
        CU_ASSERT_EQUAL(entries(dir, NULL), 1);
        remove_dir();
    }
    ls_fileio_force_named_temp(0);
}

static CU_TestInfo atomic_tests[] = {
    {"atomic_should_create_replace_and_abort_without_leftovers", atomic_should_create_replace_and_abort_without_leftovers},
    {"atomic_should_give_new_files_0666_less_the_umask", atomic_should_give_new_files_0666_less_the_umask},
    {"atomic_should_refuse_a_folder_and_a_missing_folder", atomic_should_refuse_a_folder_and_a_missing_folder},
    {"atomic_should_leave_nothing_when_killed_before_commit", atomic_should_leave_nothing_when_killed_before_commit},
    {"atomic_should_write_into_dev_null_and_keep_it_a_device", atomic_should_write_into_dev_null_and_keep_it_a_device},
    {"atomic_should_report_a_full_device", atomic_should_report_a_full_device},
    {"atomic_should_write_into_a_fifo_and_keep_it", atomic_should_write_into_a_fifo_and_keep_it},
    {"atomic_should_write_into_an_inherited_descriptor", atomic_should_write_into_an_inherited_descriptor},
    {"atomic_should_follow_symlinks_and_keep_them_links", atomic_should_follow_symlinks_and_keep_them_links},
    CU_TEST_INFO_NULL};

static CU_TestInfo check_tests[] = {
    {"output_check_should_refuse_an_input_by_any_name", output_check_should_refuse_an_input_by_any_name},
    {"output_check_should_refuse_an_output_folder_it_cannot_use",
     output_check_should_refuse_an_output_folder_it_cannot_use},
    {"outputs_distinct_should_spot_one_file_under_two_names", outputs_distinct_should_spot_one_file_under_two_names},
    CU_TEST_INFO_NULL};

static CU_TestInfo group_tests[] = {
    {"group_should_commit_all_outputs", group_should_commit_all_outputs},
    {"group_should_change_nothing_when_one_output_fails", group_should_change_nothing_when_one_output_fails},
    CU_TEST_INFO_NULL};

static CU_SuiteInfo suites[] = {{"fileio_atomic", NULL, NULL, NULL, NULL, atomic_tests},
                                {"fileio_checks", NULL, NULL, NULL, NULL, check_tests},
                                {"fileio_groups", NULL, NULL, NULL, NULL, group_tests},
                                CU_SUITE_INFO_NULL};

LS_TEST_MAIN(suites)
