/* csv.c: libcsv fed one physical line at a time, so records carry positions.
 *
 * libcsv reports neither lines nor columns, so we count them: getline() gives
 * physical lines, the field callback counts fields, and the record callback
 * marks a record complete. A record is copied into one growing buffer; the
 * memory held is one record's, whatever the size of the file. */
#define _POSIX_C_SOURCE 200809L
#include "leadscore/csv.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ls_csv_reader {
    FILE *fp;
    int owns_fp;
    char *path;
    struct csv_parser parser;
    char delimiter;

    char *line;            /* getline buffer */
    size_t line_cap;
    long line_no;          /* physical line last fed to the parser */
    long record_line;      /* line the current record started on */
    long next_record_line; /* line the next record will start on */
    long records;
    long long bytes;
    int at_eof;

    /* current record: fields packed NUL-terminated into text */
    char *text;
    size_t text_len, text_cap;
    size_t *offsets, *lengths;
    size_t n_fields, fields_cap;
    int record_ready;

    size_t n_header;
    char **header;

    /* an error found inside a libcsv callback, reported after csv_parse returns */
    int failed;
    ls_error *err;
};

/* A UTF-8 check that costs one comparison per byte on ASCII text. */
static int utf8_valid(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t extra;
        unsigned min;
        unsigned cp;
        if ((c & 0xE0) == 0xC0) {
            extra = 1, min = 0x80, cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2, min = 0x800, cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3, min = 0x10000, cp = c & 0x07;
        } else {
            return 0;
        }
        for (size_t k = 1; k <= extra; k++) {
            if (i + k >= n || (s[i + k] & 0xC0) != 0x80) {
                return 0;
            }
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return 0;
        }
        i += extra + 1;
    }
    return 1;
}

static void on_field(void *data, size_t len, void *reader_ptr)
{
    ls_csv_reader *r = reader_ptr;
    if (r->failed) {
        return;
    }
    if (r->record_ready) {
        /* A second record on one physical line: only lone-CR files do that. */
        r->failed = 1;
        ls_errorf(r->err, LS_EPARSE, r->path, r->line_no, 0,
                  "lone carriage-return line endings are not supported (use LF or CRLF)");
        return;
    }
    if (!utf8_valid(data, len)) {
        r->failed = 1;
        ls_errorf(r->err, LS_EPARSE, r->path, r->line_no, (long)r->n_fields + 1, "invalid UTF-8 in field");
        return;
    }
    if (r->n_fields == r->fields_cap) {
        size_t cap = r->fields_cap ? r->fields_cap * 2 : 64;
        size_t *o = realloc(r->offsets, cap * sizeof *o);
        if (o != NULL) {
            r->offsets = o;
        }
        size_t *l = realloc(r->lengths, cap * sizeof *l);
        if (l != NULL) {
            r->lengths = l;
        }
        if (o == NULL || l == NULL) {
            r->failed = 1;
            ls_errorf(r->err, LS_ENOMEM, r->path, r->line_no, 0, "out of memory");
            return;
        }
        r->fields_cap = cap;
    }
    if (r->text_len + len + 1 > r->text_cap) {
        size_t cap = r->text_cap ? r->text_cap : 4096;
        while (cap < r->text_len + len + 1) {
            cap *= 2;
        }
        char *t = realloc(r->text, cap);
        if (t == NULL) {
            r->failed = 1;
            ls_errorf(r->err, LS_ENOMEM, r->path, r->line_no, 0, "out of memory");
            return;
        }
        r->text = t;
        r->text_cap = cap;
    }
    if (len > 0) {
        memcpy(r->text + r->text_len, data, len);
    }
    r->text[r->text_len + len] = '\0';
    r->offsets[r->n_fields] = r->text_len;
    r->lengths[r->n_fields] = len;
    r->text_len += len + 1;
    r->n_fields++;
}

static void on_record(int terminator, void *reader_ptr)
{
    ls_csv_reader *r = reader_ptr;
    (void)terminator;
    if (r->failed) {
        return;
    }
    r->record_ready = 1;
    r->record_line = r->next_record_line;
    r->next_record_line = r->line_no + 1;
}

/* The delimiter that occurs most often outside quotes in the header line. */
static char detect_delimiter(const char *line)
{
    const char candidates[] = {',', ';', '\t'};
    size_t counts[3] = {0, 0, 0};
    int quoted = 0;
    for (const char *p = line; *p != '\0'; p++) {
        if (*p == '"') {
            quoted = !quoted;
        } else if (!quoted) {
            for (int k = 0; k < 3; k++) {
                counts[k] += *p == candidates[k];
            }
        }
    }
    int best = 0;
    for (int k = 1; k < 3; k++) {
        if (counts[k] > counts[best]) {
            best = k;
        }
    }
    return candidates[best];
}

/* libcsv trims spaces and tabs around unquoted fields; a tab is data when it
 * is the delimiter. */
static int is_space_only(unsigned char c)
{
    return c == CSV_SPACE;
}

/* Reads the next physical line; returns its length or -1 at the end. */
static ssize_t read_line(ls_csv_reader *r)
{
    errno = 0;
    ssize_t n = getline(&r->line, &r->line_cap, r->fp);
    if (n < 0) {
        return -1;
    }
    r->line_no++;
    r->bytes += n;
    return n;
}

static int parse_chunk(ls_csv_reader *r, const char *s, size_t n)
{
    size_t used = csv_parse(&r->parser, s, n, on_field, on_record, r);
    if (r->failed) {
        return -(int)r->err->code;
    }
    if (used != n) {
        int code = csv_error(&r->parser);
        if (code == CSV_ENOMEM || code == CSV_ETOOBIG) {
            return -ls_errorf(r->err, LS_ENOMEM, r->path, r->line_no, 0, "out of memory");
        }
        /* Strict mode stops at a quote inside an unquoted field or at text
         * after a closing quote; report the character position too. */
        return -ls_errorf(r->err, LS_EPARSE, r->path, r->line_no, (long)r->n_fields + 1,
                          "malformed quoted field near character %zu of the line: a quote must open "
                          "the field and be followed by a delimiter or line end",
                          used + 1);
    }
    return 0;
}

static void reset_record(ls_csv_reader *r)
{
    r->n_fields = 0;
    r->text_len = 0;
    r->record_ready = 0;
}

/* Feeds lines until a record is complete. 1 record, 0 end, <0 error. */
static int read_record(ls_csv_reader *r, ls_error *err)
{
    r->err = err;
    reset_record(r);
    while (!r->record_ready) {
        if (r->at_eof) {
            return 0;
        }
        ssize_t n = read_line(r);
        if (n < 0) {
            if (ferror(r->fp)) {
                return -ls_errorf(err, LS_EIO, r->path, r->line_no, 0, "cannot read file: %s", strerror(errno));
            }
            r->at_eof = 1;
            long open_line = r->next_record_line;
            if (csv_fini(&r->parser, on_field, on_record, r) != 0) {
                return -ls_errorf(err, LS_EPARSE, r->path, open_line, (long)r->n_fields + 1,
                                  "unterminated quoted field (the quote opened on this line is never closed)");
            }
            if (r->failed) {
                return -(int)err->code;
            }
            return r->record_ready ? 1 : 0;
        }
        const char *s = r->line;
        if (r->line_no == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
            s += 3;
            n -= 3;
        }
        int status = parse_chunk(r, s, (size_t)n);
        if (status < 0) {
            return status;
        }
        if (!r->record_ready && r->n_fields == 0 && r->parser.pstate == 0) {
            /* a blank line: the next record starts below it */
            r->next_record_line = r->line_no + 1;
        }
    }
    return 1;
}

int ls_csv_open(const char *path, const ls_csv_options *options, ls_csv_reader **out, ls_error *err)
{
    ls_csv_reader *r = calloc(1, sizeof *r);
    if (r == NULL || (r->path = strdup(path)) == NULL) {
        free(r);
        return ls_errorf(err, LS_ENOMEM, path, 0, 0, "out of memory");
    }
    r->next_record_line = 1;
    if (strcmp(path, "-") == 0) {
        r->fp = stdin;
        free(r->path);
        r->path = strdup("<stdin>");
    } else {
        r->fp = fopen(path, "rb");
        r->owns_fp = 1;
        if (r->fp == NULL) {
            int e = errno;
            ls_csv_close(r);
            return ls_errorf(err, LS_EIO, path, 0, 0, "cannot open file: %s", strerror(e));
        }
    }
    if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        ls_csv_close(r);
        return ls_errorf(err, LS_ENOMEM, path, 0, 0, "out of memory");
    }

    /* The header line decides the delimiter, so read it before libcsv. */
    ssize_t n = read_line(r);
    if (n < 0) {
        ls_csv_close(r);
        return ls_errorf(err, LS_EDATA, path, 0, 0, "empty file: no header row");
    }
    const char *first = r->line;
    if (n >= 3 && memcmp(first, "\xEF\xBB\xBF", 3) == 0) {
        first += 3;
        n -= 3;
    }
    r->delimiter = options != NULL && options->delimiter != 0 ? options->delimiter : detect_delimiter(first);
    csv_set_delim(&r->parser, (unsigned char)r->delimiter);
    if (r->delimiter == '\t') {
        /* libcsv's own test (space or tab) is faster than a callback per
         * character; only a tab-delimited file needs another */
        csv_set_space_func(&r->parser, is_space_only);
    }

    r->err = err;
    reset_record(r);
    int status = parse_chunk(r, first, (size_t)n);
    if (status == 0 && !r->record_ready) {
        /* a header with a quoted newline, or a header line without newline */
        status = read_record(r, err);
        status = status == 0 ? (r->n_fields ? 1 : 0) : status;
        if (status == 0) {
            ls_csv_close(r);
            return ls_errorf(err, LS_EDATA, path, 1, 0, "empty file: no header row");
        }
    }
    if (status < 0) {
        ls_csv_close(r);
        return status == -LS_ENOMEM ? LS_ENOMEM : (int)err->code;
    }
    if (r->n_fields == 0 || (r->n_fields == 1 && r->lengths[0] == 0)) {
        ls_csv_close(r);
        return ls_errorf(err, LS_EDATA, path, 1, 0, "empty header row");
    }
    r->n_header = r->n_fields;
    r->header = calloc(r->n_header, sizeof *r->header);
    if (r->header == NULL) {
        ls_csv_close(r);
        return ls_errorf(err, LS_ENOMEM, path, 0, 0, "out of memory");
    }
    for (size_t j = 0; j < r->n_header; j++) {
        r->header[j] = strdup(r->text + r->offsets[j]);
        if (r->header[j] == NULL) {
            ls_csv_close(r);
            return ls_errorf(err, LS_ENOMEM, path, 0, 0, "out of memory");
        }
        if (r->header[j][0] == '\0') {
            ls_csv_close(r);
            return ls_errorf(err, LS_EDATA, path, 1, (long)j + 1, "empty column name in header");
        }
        for (size_t k = 0; k < j; k++) {
            if (strcmp(r->header[k], r->header[j]) == 0) {
                char name[128];
                snprintf(name, sizeof name, "%s", r->header[j]);
                ls_csv_close(r);
                return ls_errorf(err, LS_EDATA, path, 1, (long)j + 1,
                                 "duplicate column name '%s' (also column %zu)", name, k + 1);
            }
        }
    }
    r->records = 0;
    *out = r;
    return LS_OK;
}

void ls_csv_close(ls_csv_reader *r)
{
    if (r == NULL) {
        return;
    }
    if (r->owns_fp && r->fp != NULL) {
        fclose(r->fp);
    }
    csv_free(&r->parser);
    for (size_t j = 0; j < r->n_header; j++) {
        free(r->header[j]);
    }
    free(r->header);
    free(r->line);
    free(r->text);
    free(r->offsets);
    free(r->lengths);
    free(r->path);
    free(r);
}

int ls_csv_next(ls_csv_reader *r, ls_error *err)
{
    int status = read_record(r, err);
    if (status <= 0) {
        return status;
    }
    if (r->n_fields != r->n_header) {
        /* a trailing empty line inside CRLF files yields a single empty field: skip it */
        if (r->n_fields == 1 && r->lengths[0] == 0) {
            return ls_csv_next(r, err);
        }
        return -ls_errorf(err, LS_EDATA, r->path, r->record_line, (long)(r->n_fields < r->n_header ? r->n_fields + 1 : r->n_header + 1),
                          "row has %zu fields but the header has %zu", r->n_fields, r->n_header);
    }
    r->records++;
    return 1;
}

size_t ls_csv_n_columns(const ls_csv_reader *r)
{
    return r->n_header;
}

const char *ls_csv_column_name(const ls_csv_reader *r, size_t column)
{
    return r->header[column];
}

long ls_csv_find_column(const ls_csv_reader *r, const char *name)
{
    for (size_t j = 0; j < r->n_header; j++) {
        if (strcmp(r->header[j], name) == 0) {
            return (long)j;
        }
    }
    return -1;
}

const char *ls_csv_path(const ls_csv_reader *r)
{
    return r->path;
}

char ls_csv_delimiter(const ls_csv_reader *r)
{
    return r->delimiter;
}

const char *ls_csv_field(const ls_csv_reader *r, size_t column)
{
    return r->text + r->offsets[column];
}

size_t ls_csv_field_length(const ls_csv_reader *r, size_t column)
{
    return r->lengths[column];
}

long ls_csv_line(const ls_csv_reader *r)
{
    return r->record_line;
}

long ls_csv_records(const ls_csv_reader *r)
{
    return r->records;
}

long long ls_csv_bytes_read(const ls_csv_reader *r)
{
    return r->bytes;
}
