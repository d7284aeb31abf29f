/* leadscore/csv.h: streaming CSV records with positions, on top of libcsv.
 *
 * libcsv parses; this module feeds it one physical line at a time so that every
 * record knows the file and line it started on, strips a UTF-8 BOM, detects the
 * delimiter, checks UTF-8 and that each record has as many fields as the header.
 * Memory is a few batches of records read ahead on a thread of the reader's
 * own (about 4 MiB) and a read buffer as long as the longest line, whatever
 * the file size. A file whose lines end in a lone CR is refused at line 1.
 *
 * Ownership: ls_csv_open() gives a reader to release with ls_csv_close()
 * (NULL is a no-op). Field pointers stay valid until the next ls_csv_next(). */
#ifndef LEADSCORE_CSV_H
#define LEADSCORE_CSV_H

#include <stddef.h>

#include "leadscore/error.h"

typedef struct ls_csv_reader ls_csv_reader;

typedef struct {
    char delimiter; /* ',', ';' or '\t'; 0 detects it from the header line */
    int digest;     /* compute the SHA-256 of the bytes read (see ls_csv_sha256) */
} ls_csv_options;

/* Opens path ("-" for standard input) and reads its header row. Fails on a
 * missing or empty file, an unterminated quote, invalid UTF-8 or duplicate
 * column names, with err naming file, line and column. */
int ls_csv_open(const char *path, const ls_csv_options *options, ls_csv_reader **out, ls_error *err);

void ls_csv_close(ls_csv_reader *reader);

size_t ls_csv_n_columns(const ls_csv_reader *reader);
const char *ls_csv_column_name(const ls_csv_reader *reader, size_t column);
/* The column index of name (exact match), or -1. */
long ls_csv_find_column(const ls_csv_reader *reader, const char *name);
const char *ls_csv_path(const ls_csv_reader *reader);
char ls_csv_delimiter(const ls_csv_reader *reader);

/* Reads the next record. Returns 1 with a record, 0 at the end of the file,
 * or a negative ls_status (as -code) with err filled. A record with a field
 * count different from the header's is an error. */
int ls_csv_next(ls_csv_reader *reader, ls_error *err);

/* The current record: field j as a NUL-terminated string of length
 * ls_csv_field_length(); values are not trimmed. */
const char *ls_csv_field(const ls_csv_reader *reader, size_t column);
size_t ls_csv_field_length(const ls_csv_reader *reader, size_t column);
/* Every field of the current record at once: cells[j] and lengths[j] for
 * each of the ls_csv_n_columns() columns (what a scorer takes per lead). */
void ls_csv_record_cells(const ls_csv_reader *reader, const char **cells, size_t *lengths);
/* The physical line the current record starts on (the header is line 1). */
long ls_csv_line(const ls_csv_reader *reader);
/* Records read so far, header excluded. */
long ls_csv_records(const ls_csv_reader *reader);
/* Bytes read from the input so far (for progress reports). */
long long ls_csv_bytes_read(const ls_csv_reader *reader);

/* With options->digest, once ls_csv_next() has returned 0: the SHA-256 of
 * every byte of the input, as 64 hex digits. Returns 0, or -1 when the file
 * was not read to its end or no digest was asked for. The reading thread
 * hashes the lines it reads anyway, so this costs no second pass. */
int ls_csv_sha256(const ls_csv_reader *reader, char hex[65]);

#endif
