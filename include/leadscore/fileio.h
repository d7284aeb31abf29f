/* leadscore/fileio.h: atomic output files.
 *
 * Every file leadscore writes goes through here: the bytes go to a temporary
 * file in the target's folder, and only a complete, flushed and synced file is
 * renamed over the target. An interrupted or failed run leaves the previous
 * file (or no file) behind, never half a file.
 *
 * Ownership: ls_atomic_open() gives the caller a writer that must be ended by
 * exactly one of ls_atomic_commit() or ls_atomic_abort(); both free it. */
#ifndef LEADSCORE_FILEIO_H
#define LEADSCORE_FILEIO_H

#include <stdio.h>

#include "leadscore/error.h"

typedef struct ls_atomic_file ls_atomic_file;

/* Opens a temporary file beside path. path "-" means standard output: then
 * commit only flushes and checks stdout, and abort does nothing. */
int ls_atomic_open(const char *path, ls_atomic_file **out, ls_error *err);

/* The stream to write to; valid until commit or abort. */
FILE *ls_atomic_stream(ls_atomic_file *file);

/* Flushes, syncs and renames the temporary file over the target. On failure
 * the temporary file is removed, the target is untouched and err says why.
 * Frees file either way. */
int ls_atomic_commit(ls_atomic_file *file, ls_error *err);

/* Removes the temporary file and frees file (NULL is a no-op). */
void ls_atomic_abort(ls_atomic_file *file);

/* Writes text and a final newline to path atomically (see above). */
int ls_write_text_file(const char *path, const char *text, ls_error *err);

/* Reads a whole (small) file into a NUL-terminated buffer the caller frees. */
int ls_read_file(const char *path, char **out, size_t *len, ls_error *err);

#endif
