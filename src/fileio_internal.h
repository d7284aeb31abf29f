/* fileio_internal.h: a test hook of fileio.c, not part of the public API. */
#ifndef LEADSCORE_FILEIO_INTERNAL_H
#define LEADSCORE_FILEIO_INTERNAL_H

/* With on != 0, ls_atomic_open() acts as on a file system without O_TMPFILE
 * and always creates a named temporary file "NAME.tmp-XXXXXX", so that the
 * tests reach that path on any file system. Process-wide; tests only. */
void ls_fileio_force_named_temp(int on);

#endif
