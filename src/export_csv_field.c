/* export_csv_field.c: one CSV field, quoted only when it must be.
 *
 * Every CSV leadscore writes (scores, evaluations, exported weights) quotes
 * the same way, so that a spreadsheet and a strict RFC 4180 reader agree on
 * every file: plain text as is, quotes (libcsv's, quotes doubled) only around
 * a field that holds a delimiter, a quote or a line break, or that starts or
 * ends with a space, which many readers would trim. */
#include <csv.h>
#include <string.h>

#include "leadscore/export.h"

void ls_csv_write_field(FILE *out, const char *text, size_t len)
{
    if (memchr(text, ',', len) != NULL || memchr(text, '"', len) != NULL || memchr(text, '\n', len) != NULL ||
        memchr(text, '\r', len) != NULL || (len > 0 && (text[0] == ' ' || text[len - 1] == ' '))) {
        csv_fwrite(out, text, len);
    } else {
        fwrite(text, 1, len, out);
    }
}
