/* leadscore/fileio.h: output files that never lose data.
 *
 * Every file leadscore writes goes through here. What happens depends on what
 * the output path names:
 *
 *  - "-": standard output. Commit flushes and checks it; abort does nothing.
 *  - /dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N: the descriptor the
 *    process already has (a duplicate of it), written straight, so a shell
 *    redirection (even '>>') is honoured.
 *  - a character device (/dev/null, a terminal) or a FIFO: opened and written
 *    straight; it is never replaced. Such writes cannot be undone: abort only
 *    closes the stream.
 *  - a regular file, or a name that does not exist yet: the bytes go to a
 *    temporary file in the target's folder, and only a complete, flushed and
 *    synced file is renamed over the target. An interrupted or failed run
 *    leaves the previous file (or no file) behind, never half a file.
 *    Where the file system supports it, the temporary file has no name until
 *    commit (O_TMPFILE), so a process killed with SIGKILL leaves nothing
 *    behind; elsewhere it is "NAME.tmp-XXXXXX", removed on abort.
 *  - a symbolic link: followed (a chain of them too) to the file it names; that
 *    file is written as above, in its own folder, and the link stays a link.
 *  - a folder, a block device or a socket: refused.
 *
 * A new or replaced file gets mode 0666 filtered by the umask (or by the
 * folder's default ACL), as any file a program creates; the mode and owner of
 * a file it replaces are not kept.
 *
 * Ownership: ls_atomic_open() gives the caller a writer that must be ended by
 * exactly one of ls_atomic_commit() or ls_atomic_abort(); both free it. A
 * writer handed to an ls_output_group belongs to the group from then on.
 * None of these functions is safe to call on one writer or group from two
 * threads at once; distinct writers are independent. */
#ifndef LEADSCORE_FILEIO_H
#define LEADSCORE_FILEIO_H

#include <stdio.h>

#include "leadscore/error.h"

/* The buffer of the data files leadscore reads and writes (the CSV
 * reader's read() buffer, the scores' stdio buffer): one system call per
 * 256 KiB, not per 4 KiB. */
#define LS_FILE_BUFFER (256 * 1024)

typedef struct ls_atomic_file ls_atomic_file;
typedef struct ls_output_group ls_output_group;

/* Checks, before any work is done, that output can be written and would not
 * destroy one of the inputs. Refuses with LS_EUSAGE when output is the same
 * file as one of inputs[0..n_inputs) (same st_dev and st_ino, so also through
 * symbolic and hard links; an input "-" is standard input); with LS_EIO when
 * output's folder does not exist, is not a folder or cannot be written in, or
 * when output is a folder or a file of a kind that cannot be written. NULL
 * entries in inputs, inputs that do not exist and output NULL or "-" pass.
 * A device or FIFO that is also an input is allowed (nothing is replaced). */
int ls_output_check(const char *output, const char *const *inputs, size_t n_inputs, ls_error *err);

/* Refuses with LS_EUSAGE when two of outputs[0..n) would write the same file
 * (also through links, and also when that file does not exist yet) or are
 * both "-". Devices and FIFOs may repeat. NULL entries are skipped. */
int ls_outputs_distinct(const char *const *outputs, size_t n, ls_error *err);

/* Opens a writer for path (see the file comment for what each kind of path
 * does). Fails with LS_EIO, and creates nothing, when path cannot be written. */
int ls_atomic_open(const char *path, ls_atomic_file **out, ls_error *err);

/* The stream to write to; valid until commit or abort. */
FILE *ls_atomic_stream(ls_atomic_file *file);

/* Flushes, syncs and renames the temporary file over the target (for streams
 * written straight: flushes and closes them). On failure the temporary file is
 * removed, the target is untouched and err says why. Frees file either way. */
int ls_atomic_commit(ls_atomic_file *file, ls_error *err);

/* Removes the temporary file and frees file (NULL is a no-op). */
void ls_atomic_abort(ls_atomic_file *file);

/* ---- several outputs of one command: all or nothing ----
 *
 * ls_output_group_commit() first does, for every member, everything that can
 * fail for want of space or because of an I/O error: flush, fsync, and giving
 * the temporary file a (temporary) name in the target's folder. If any of that
 * fails, every member is aborted and no target has changed. Only then are the
 * temporary files renamed over their targets, one by one. Renames of several
 * files cannot be made atomic together: a crash (or a rename failing, which
 * needs e.g. the folder to be made read-only meanwhile) between two renames
 * leaves the first target new and the next one old, and, for that instant, the
 * next one's temporary name visible. Members written straight (standard
 * output, devices, FIFOs) are visible as soon as they are written: a group
 * makes only its regular files all-or-nothing. */

/* A new, empty group. Fails only for want of memory. */
int ls_output_group_new(ls_output_group **out, ls_error *err);

/* Hands file (from ls_atomic_open) to the group, which commits or aborts it
 * with the others. Refuses with LS_EUSAGE a file that writes the same target
 * as a member (or a second "-"); on any failure file is aborted. */
int ls_output_group_add(ls_output_group *group, ls_atomic_file *file, ls_error *err);

/* ls_atomic_open() + ls_output_group_add(); *out is the member, to write to
 * through ls_atomic_stream() and never to commit or abort by itself. */
int ls_output_group_open(ls_output_group *group, const char *path, ls_atomic_file **out, ls_error *err);

/* Commits every member as described above; frees the group either way. */
int ls_output_group_commit(ls_output_group *group, ls_error *err);

/* Aborts every member and frees the group (NULL is a no-op). */
void ls_output_group_abort(ls_output_group *group);

/* Writes text and a final newline to path atomically (see above). */
int ls_write_text_file(const char *path, const char *text, ls_error *err);

/* Reads a whole (small) file into a NUL-terminated buffer the caller frees. */
int ls_read_file(const char *path, char **out, size_t *len, ls_error *err);

#endif
