/* csv.c: libcsv fed one physical line at a time, so records carry positions,
 * on a reading thread of its own.
 *
 * libcsv reports neither lines nor columns, so we count them: next_line()
 * gives physical lines, the field callback counts fields, and the record
 * callback closes a record. Records are copied into batches of BATCH_RECORDS; a
 * producer thread parses the next batch while the caller works through the
 * current one, so parsing costs the caller almost nothing on a second core.
 * Memory is a few batches, whatever the size of the file. Standard input is
 * read on the caller's thread (a reader blocked on a terminal could not be
 * stopped), as is everything when no thread can be had. */
#define _POSIX_C_SOURCE 200809L
#include "leadscore/csv.h"

#include <csv.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "leadscore/fileio.h"
#include "leadscore/sha256.h"

#define BATCH_RECORDS 4096
/* Reader and scorer take about the same time per batch, and either is
 * slowed for a moment now and then on a shared machine: eight batches (about
 * 4 MiB) let one run ahead while the other stalls, where three made both
 * wait for the slower (1M leads with the rule set: 1.02-1.13 s -> 0.83-0.96 s) */
#define N_BATCHES 8

typedef struct {
    /* fields packed NUL-terminated, one after another (a field holds no NUL:
     * on_field refuses them), so the reading thread writes no index per
     * field; the consumer finds a record's fields by their NULs */
    char *text;
    size_t text_len, text_cap;
    uint32_t *record_at; /* record k's text starts at record_at[k]; one past the last: the open record */
    long *lines;         /* the physical line each record starts on */
    size_t n_records, records_cap;
    long long bytes; /* read from the input up to the end of this batch */
    int end;         /* 0: more follows; 1: end of file after these records; -1: err after them */
    ls_error err;
} csv_batch;

struct ls_csv_reader {
    FILE *fp;
    int owns_fp;
    char *path;
    struct csv_parser parser;
    char delimiter;
    size_t n_header;
    char **header;

    /* producer side: only the reading thread touches these once it runs */
    char *buf;          /* read() into; lines are handed out in place */
    size_t buf_pos, buf_len, buf_cap;
    int buf_eof;
    long line_no;
    long next_record_line;
    long long bytes;
    int at_eof;
    csv_batch *fill;
    size_t open_fields;  /* fields of the record being read */
    int digest;
    ls_sha256 sha;
    char sha_hex[65];    /* set at the end of the input */
    int parsing_header;
    int failed;
    int check_fields; /* the line(s) of the field being read hold a NUL or a byte >= 0x80 */

    /* hand-over between the threads */
    csv_batch batches[N_BATCHES];
    csv_batch *queue[N_BATCHES]; /* filled batches, oldest first */
    size_t n_queued;
    csv_batch *spare[N_BATCHES]; /* batches free to fill */
    size_t n_spare;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    pthread_t thread;
    int threaded, stop;

    /* consumer side */
    csv_batch *cur;
    size_t cur_record, cur_next;
    uint32_t *cell_at; /* the current record's fields: n_header + 1 offsets in cur->text */
    long records;
};

/* A UTF-8 check that costs one comparison per byte on ASCII text: n when
 * s[0..n) is valid, else the offset of the first byte that is not. */
static size_t utf8_valid(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t extra;
        unsigned min, cp;
        if ((c & 0xE0) == 0xC0) {
            extra = 1, min = 0x80, cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2, min = 0x800, cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3, min = 0x10000, cp = c & 0x07;
        } else {
            return i;
        }
        for (size_t k = 1; k <= extra; k++) {
            if (i + k >= n || (s[i + k] & 0xC0) != 0x80) {
                return i;
            }
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return i;
        }
        i += extra + 1;
    }
    return n;
}

/* Whether s[0..n) holds a NUL or a byte from 0x80 up: eight bytes a step, so
 * that the common all-ASCII line costs a few instructions and its fields need
 * no check of their own. In each 8-byte word, (w - 0x01..01) | w has a top
 * bit set in a byte that is 0 (the subtraction borrows) or >= 0x80; a borrow
 * reaches the next byte only out of a byte that is 0 itself. */
static int needs_byte_checks(const char *s, size_t n)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    size_t i = 0;
#ifdef __SSE2__
    /* sixteen bytes a step where SSE2 is (every x86-64): a byte that is 0
     * or has its top bit set shows in the mask of top bits of (v | v == 0) */
    const __m128i zero = _mm_setzero_si128();
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        if (_mm_movemask_epi8(_mm_or_si128(v, _mm_cmpeq_epi8(v, zero))) != 0) {
            return 1;
        }
    }
#endif
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (((w - ones) | w) & highs) {
            return 1;
        }
    }
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0 || c >= 0x80) {
            return 1;
        }
    }
    return 0;
}

static void fail(ls_csv_reader *r, ls_status code, long line, long column, const char *msg)
{
    r->failed = 1;
    r->fill->end = -1;
    ls_errorf(&r->fill->err, code, r->path, line, column, "%s", msg);
}

/* Room for need_text more bytes of text: 0, or -1 when out of memory or
 * when the batch's text would pass 4 GiB (offsets are 32 bits). */
static int grow_text(csv_batch *b, size_t need_text)
{
    if (b->text_len + need_text > UINT32_MAX) {
        return -1;
    }
    size_t cap = b->text_cap ? b->text_cap : 65536;
    while (cap < b->text_len + need_text) {
        cap *= 2;
    }
    char *t = realloc(b->text, cap);
    if (t == NULL) {
        return -1;
    }
    b->text = t;
    b->text_cap = cap;
    return 0;
}

/* The checks of a field whose lines hold a NUL or a byte from 0x80 up: 0, or
 * -1 after failing the reader. Out of line: on_field, which every field
 * passes through, stays small. */
__attribute__((noinline)) static int check_field_bytes(ls_csv_reader *r, const unsigned char *data, size_t len)
{
    long column = (long)r->open_fields + 1;
    /* no text file holds a NUL: this is binary data, or UTF-16 without its
     * byte-order mark (every ASCII character followed by a 0) */
    if (len > 0 && memchr(data, '\0', len) != NULL) {
        fail(r, LS_EPARSE, r->line_no, column,
             "NUL byte in field: a binary file or UTF-16 text, not a UTF-8 CSV file (save it as CSV UTF-8)");
        return -1;
    }
    size_t bad = utf8_valid(data, len);
    if (bad < len) {
        char msg[200];
        /* a lone byte from 0x80 up is what Windows-1252 (Excel's "CSV" on
         * Windows) and Latin-1 write for accented letters */
        snprintf(msg, sizeof msg,
                 "invalid UTF-8 in field (byte 0x%02X): Windows-1252 text? convert it with iconv -f cp1252 -t utf-8",
                 data[bad]);
        fail(r, LS_EPARSE, r->line_no, column, msg);
        return -1;
    }
    return 0;
}

/* A field the fast path of on_field does not take: a failed reader, bytes
 * to check, text to grow, a long field. */
__attribute__((noinline)) static void store_field_checked(ls_csv_reader *r, const unsigned char *data, size_t len)
{
    csv_batch *b = r->fill;
    if (r->failed || (r->check_fields && check_field_bytes(r, data, len) != 0)) {
        return;
    }
    /* room for a 16-byte copy whatever len (on_field's), and the NUL */
    if (b->text_len + len + 17 > b->text_cap && grow_text(b, len + 17) != 0) {
        fail(r, LS_ENOMEM, r->line_no, 0,
             b->text_len + len + 17 > UINT32_MAX ? "field too long (a batch of records over 4 GiB)" : "out of memory");
        return;
    }
    if (len > 0) {
        memcpy(b->text + b->text_len, data, len);
    }
    b->text[b->text_len + len] = '\0';
    b->text_len += len + 1;
    r->open_fields++;
}

/* Called for every field of the file, so its common case is a leaf: a short
 * field (most are) lies in libcsv's entry buffer, which holds entry_size
 * bytes, so one fixed 16-byte copy replaces a call to memcpy; the bytes past
 * len are overwritten by the NUL and the next field. */
static void on_field(void *data, size_t len, void *reader_ptr)
{
    ls_csv_reader *r = reader_ptr;
    csv_batch *b = r->fill;
    char *text = b->text;
    size_t at = b->text_len;
    if ((r->failed | r->check_fields) || len > 16 || data != r->parser.entry_buf || r->parser.entry_size < 16 ||
        at + len + 17 > b->text_cap) {
        store_field_checked(r, data, len);
        return;
    }
    memcpy(text + at, data, 16);
    text[at + len] = '\0';
    b->text_len = at + len + 1;
    r->open_fields++;
}

/* Room for two more records' offsets and lines: 0, or -1. */
static int grow_records(csv_batch *b)
{
    size_t cap = b->records_cap ? b->records_cap * 2 : BATCH_RECORDS + 2;
    long *l = realloc(b->lines, cap * sizeof *l);
    if (l == NULL) {
        return -1;
    }
    b->lines = l;
    uint32_t *at = realloc(b->record_at, cap * sizeof *at);
    if (at == NULL) {
        return -1;
    }
    b->record_at = at;
    b->records_cap = cap;
    return 0;
}

static void on_record(int terminator, void *reader_ptr)
{
    ls_csv_reader *r = reader_ptr;
    csv_batch *b = r->fill;
    (void)terminator;
    if (r->failed) {
        return;
    }
    size_t n = r->open_fields;
    long line = r->next_record_line;
    r->next_record_line = r->line_no + 1;
    r->open_fields = 0;
    if (r->parsing_header && b->n_records == 0) {
        r->n_header = n;
    }
    if (!r->parsing_header && n != r->n_header) {
        if (n == 1 && b->text_len - b->record_at[b->n_records] == 1) {
            /* a line holding only white space: no record */
            b->text_len = b->record_at[b->n_records];
            return;
        }
        char msg[96];
        snprintf(msg, sizeof msg, "row has %zu fields but the header has %zu", n, r->n_header);
        fail(r, LS_EDATA, line, (long)(n < r->n_header ? n + 1 : r->n_header + 1), msg);
        return;
    }
    if (b->n_records + 2 > b->records_cap && grow_records(b) != 0) {
        fail(r, LS_ENOMEM, line, 0, "out of memory");
        return;
    }
    b->lines[b->n_records++] = line;
    b->record_at[b->n_records] = (uint32_t)b->text_len;
}

/* The delimiter that occurs most often outside quotes in the header line. */
static char detect_delimiter(const char *line, size_t n)
{
    const char candidates[] = {',', ';', '\t'};
    size_t counts[3] = {0, 0, 0};
    int quoted = 0;
    for (const char *p = line; p < line + n; p++) {
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

/* Feeds one physical line (the first without its BOM) to libcsv. */
static void parse_line(ls_csv_reader *r, const char *s, size_t n)
{
    if (r->line_no == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        s += 3;
        n -= 3;
    }
    /* a field half read at the line's start (a quoted line break) keeps the
     * checks its earlier lines asked for */
    int dirty = needs_byte_checks(s, n);
    r->check_fields = r->parser.pstate == 0 ? dirty : r->check_fields || dirty;
    size_t used = csv_parse(&r->parser, s, n, on_field, on_record, r);
    if (r->failed || used == n) {
        return;
    }
    int code = csv_error(&r->parser);
    if (code == CSV_ENOMEM || code == CSV_ETOOBIG) {
        fail(r, LS_ENOMEM, r->line_no, 0, "out of memory");
        return;
    }
    /* Strict mode stops at a quote inside an unquoted field or at text after
     * a closing quote; the character position helps find it. */
    char msg[200];
    snprintf(msg, sizeof msg,
             "malformed quoted field near character %zu of the line: a quote must open the field and be followed "
             "by a delimiter or line end",
             used + 1);
    fail(r, LS_EPARSE, r->line_no, (long)r->open_fields + 1, msg);
}

/* The next physical line of the input, its '\n' included when it has one:
 * its length, 0 at the end of the input, -1 on a read error (errno set), -2
 * when out of memory (a line longer than memory). The
 * line lies in the read buffer and stays valid until the next call: the
 * reading thread bounds the speed of scoring, and getline() would copy every
 * line once more. */
static ssize_t next_line(ls_csv_reader *r, const char **line)
{
    size_t scanned = 0; /* of the partial line, found without a '\n' */
    for (;;) {
        const char *start = r->buf + r->buf_pos;
        size_t avail = r->buf_len - r->buf_pos;
        const char *nl = avail > scanned ? memchr(start + scanned, '\n', avail - scanned) : NULL;
        if (nl != NULL || r->buf_eof) {
            size_t n = nl != NULL ? (size_t)(nl - start) + 1 : avail;
            r->buf_pos += n;
            *line = start;
            return (ssize_t)n;
        }
        /* keep the partial line at the front and read more after it; a line
         * longer than the buffer doubles it */
        if (avail > 0) {
            memmove(r->buf, start, avail);
        }
        r->buf_len = avail;
        r->buf_pos = 0;
        scanned = avail;
        if (r->buf_len == r->buf_cap) {
            size_t cap = r->buf_cap * 2;
            char *b = realloc(r->buf, cap);
            if (b == NULL) {
                return -2;
            }
            r->buf = b;
            r->buf_cap = cap;
        }
        ssize_t got = read(fileno(r->fp), r->buf + r->buf_len, r->buf_cap - r->buf_len);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got < 0) {
            return -1;
        }
        r->buf_eof = got == 0;
        r->buf_len += (size_t)got;
    }
}

/* Fails the reader for next_line()'s error n, at the line it was reading. */
static void fail_read(ls_csv_reader *r, ssize_t n)
{
    char msg[128];
    if (n == -2) {
        fail(r, LS_ENOMEM, r->line_no + 1, 0, "out of memory (a line longer than memory can hold?)");
        return;
    }
    snprintf(msg, sizeof msg, "cannot read file: %s", strerror(errno));
    fail(r, LS_EIO, r->line_no + 1, 0, msg);
}

/* Empties b to be filled from the next record on. */
static void start_batch(ls_csv_reader *r, csv_batch *b)
{
    b->text_len = b->n_records = 0;
    b->end = 0;
    r->fill = b;
    if (b->records_cap < 2 && grow_records(b) != 0) {
        fail(r, LS_ENOMEM, r->line_no, 0, "out of memory");
        return;
    }
    b->record_at[0] = 0;
}

/* Reads lines into b until it holds BATCH_RECORDS records (and no record is
 * half read), the input ends, or an error; b->end says which. */
static void produce_batch(ls_csv_reader *r, csv_batch *b)
{
    start_batch(r, b);
    while (b->end == 0) {
        /* a batch ends between records only: pstate 0 is libcsv's "row not begun" */
        if (b->n_records >= BATCH_RECORDS && r->open_fields == 0 && r->parser.pstate == 0) {
            break;
        }
        const char *line = NULL;
        ssize_t n = r->at_eof ? 0 : next_line(r, &line);
        if (n <= 0) {
            if (n < 0) {
                fail_read(r, n);
                break;
            }
            r->at_eof = 1;
            long open_line = r->next_record_line;
            size_t open_fields = r->open_fields;
            if (csv_fini(&r->parser, on_field, on_record, r) != 0 && !r->failed) {
                fail(r, LS_EPARSE, open_line, (long)open_fields + 1,
                     "unterminated quoted field (the quote opened on this line is never closed)");
            }
            if (!r->failed) {
                b->end = 1;
                if (r->digest) {
                    unsigned char digest[32];
                    ls_sha256_final(&r->sha, digest);
                    for (int k = 0; k < 32; k++) {
                        snprintf(r->sha_hex + 2 * k, 3, "%02x", digest[k]);
                    }
                }
            }
            break;
        }
        r->line_no++;
        r->bytes += n;
        if (r->digest) {
            ls_sha256_update(&r->sha, line, (size_t)n);
        }
        parse_line(r, line, (size_t)n);
        if (r->open_fields == 0 && r->parser.pstate == 0) {
            /* nothing half read: the next record starts below this line */
            r->next_record_line = r->line_no + 1;
        }
    }
    b->bytes = r->bytes;
}

static void *producer(void *arg)
{
    ls_csv_reader *r = arg;
    for (;;) {
        pthread_mutex_lock(&r->lock);
        while (r->n_spare == 0 && !r->stop) {
            pthread_cond_wait(&r->changed, &r->lock);
        }
        if (r->stop) {
            pthread_mutex_unlock(&r->lock);
            return NULL;
        }
        csv_batch *b = r->spare[--r->n_spare];
        pthread_mutex_unlock(&r->lock);
        produce_batch(r, b);
        int last = b->end != 0; /* read before b belongs to the consumer */
        pthread_mutex_lock(&r->lock);
        r->queue[r->n_queued++] = b;
        pthread_cond_broadcast(&r->changed);
        pthread_mutex_unlock(&r->lock);
        if (last) {
            return NULL;
        }
    }
}

/* Hands the finished batch back and takes the next filled one. */
static void next_batch(ls_csv_reader *r)
{
    if (!r->threaded) {
        r->cur = &r->batches[0];
        produce_batch(r, r->cur);
        return;
    }
    pthread_mutex_lock(&r->lock);
    if (r->cur != NULL) {
        r->spare[r->n_spare++] = r->cur;
        pthread_cond_broadcast(&r->changed);
    }
    while (r->n_queued == 0) {
        pthread_cond_wait(&r->changed, &r->lock);
    }
    r->cur = r->queue[0];
    memmove(r->queue, r->queue + 1, --r->n_queued * sizeof *r->queue);
    pthread_mutex_unlock(&r->lock);
}

/* Files that are not text at all, told by their first bytes: say what they
 * are rather than "invalid UTF-8". Returns -1 after failing the reader. */
static int not_text(ls_csv_reader *r, const char *s, size_t n)
{
    if (n >= 4 && memcmp(s, "PK\003\004", 4) == 0) {
        fail(r, LS_EPARSE, 1, 0, "an Excel workbook (a ZIP file), not CSV: save it as CSV (UTF-8)");
        return -1;
    }
    if (n >= 2 && (memcmp(s, "\xFF\xFE", 2) == 0 || memcmp(s, "\xFE\xFF", 2) == 0)) {
        fail(r, LS_EPARSE, 1, 0, "UTF-16 text, not UTF-8: convert it with iconv -f utf-16 -t utf-8");
        return -1;
    }
    return 0;
}

/* Reads the header record into batch 0 and keeps a copy of the names. */
static int read_header(ls_csv_reader *r, ls_error *err)
{
    csv_batch *b = &r->batches[0];
    r->parsing_header = 1;
    start_batch(r, b);
    while (b->n_records == 0 && b->end == 0) {
        const char *line = NULL;
        ssize_t n = next_line(r, &line);
        if (n < 0) {
            fail_read(r, n);
            break;
        }
        if (n == 0) {
            long open_line = r->next_record_line;
            if (csv_fini(&r->parser, on_field, on_record, r) != 0 && !r->failed) {
                fail(r, LS_EPARSE, open_line, 1, "unterminated quoted field in the header");
            }
            r->at_eof = 1;
            break;
        }
        r->line_no++;
        r->bytes += n;
        if (r->digest) {
            ls_sha256_update(&r->sha, line, (size_t)n);
        }
        if (r->line_no == 1 && not_text(r, line, (size_t)n) != 0) {
            break;
        }
        if (r->line_no == 1) {
            size_t bom = n >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
            r->delimiter = r->delimiter != 0 ? r->delimiter : detect_delimiter(line + bom, (size_t)n - bom);
            csv_set_delim(&r->parser, (unsigned char)r->delimiter);
            if (r->delimiter == '\t') {
                /* libcsv's own test (space or tab) is faster than a callback per
                 * character; only a tab-delimited file needs another */
                csv_set_space_func(&r->parser, is_space_only);
            }
        }
        parse_line(r, line, (size_t)n);
    }
    r->parsing_header = 0;
    if (b->end < 0) {
        *err = b->err;
        return err->code;
    }
    if (b->n_records == 0) {
        return ls_errorf(err, LS_EDATA, r->path, 0, 0, "empty file: no header row");
    }
    /* libcsv also ends a record at a lone CR: the header's line holding more
     * than the header means lines that end in CR alone (old Mac files) */
    if (b->n_records > 1 || r->open_fields != 0 || r->parser.pstate != 0) {
        return ls_errorf(err, LS_EPARSE, r->path, 1, 0,
                         "line 1 holds more than the header row: lines that end in a carriage return alone "
                         "(old Mac files)? convert them with tr '\\r' '\\n'");
    }
    /* on_record counted the header's fields */
    if (r->n_header == 0 || (r->n_header == 1 && b->record_at[1] == 1)) {
        return ls_errorf(err, LS_EDATA, r->path, 1, 0, "empty header row");
    }
    r->header = calloc(r->n_header, sizeof *r->header);
    r->cell_at = malloc((r->n_header + 1) * sizeof *r->cell_at);
    if (r->header == NULL || r->cell_at == NULL) {
        return ls_errorf(err, LS_ENOMEM, r->path, 0, 0, "out of memory");
    }
    const char *name = b->text;
    for (size_t j = 0; j < r->n_header; j++, name += strlen(name) + 1) {
        r->header[j] = strdup(name);
        if (r->header[j] == NULL) {
            return ls_errorf(err, LS_ENOMEM, r->path, 0, 0, "out of memory");
        }
        if (r->header[j][0] == '\0') {
            return ls_errorf(err, LS_EDATA, r->path, 1, (long)j + 1, "empty column name in header");
        }
        for (size_t k = 0; k < j; k++) {
            if (strcmp(r->header[k], r->header[j]) == 0) {
                return ls_errorf(err, LS_EDATA, r->path, 1, (long)j + 1, "duplicate column name '%.100s' (also column %zu)",
                                 r->header[j], k + 1);
            }
        }
    }
    return LS_OK;
}

int ls_csv_open(const char *path, const ls_csv_options *options, ls_csv_reader **out, ls_error *err)
{
    ls_csv_reader *r = calloc(1, sizeof *r);
    if (r == NULL || (r->path = strdup(strcmp(path, "-") == 0 ? "<stdin>" : path)) == NULL) {
        free(r);
        return ls_errorf(err, LS_ENOMEM, path, 0, 0, "out of memory");
    }
    r->next_record_line = 1;
    r->buf_cap = LS_FILE_BUFFER;
    if ((r->buf = malloc(r->buf_cap)) == NULL) {
        free(r->path);
        free(r);
        return ls_errorf(err, LS_ENOMEM, path, 0, 0, "out of memory");
    }
    r->delimiter = options != NULL ? options->delimiter : 0;
    r->digest = options != NULL && options->digest;
    ls_sha256_init(&r->sha);
    if (strcmp(path, "-") == 0) {
        r->fp = stdin;
    } else {
        r->fp = fopen(path, "rb");
        r->owns_fp = 1;
        if (r->fp == NULL) {
            int e = errno;
            ls_csv_close(r);
            return ls_errorf(err, LS_EIO, path, 0, 0, "cannot open file: %s", strerror(e));
        }
        /* fopen opens a folder, which then reads as an empty file */
        struct stat st;
        if (fstat(fileno(r->fp), &st) == 0 && S_ISDIR(st.st_mode)) {
            ls_csv_close(r);
            return ls_errorf(err, LS_EIO, path, 0, 0, "is a folder, not a CSV file");
        }
    }
    if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        ls_csv_close(r);
        return ls_errorf(err, LS_ENOMEM, path, 0, 0, "out of memory");
    }
    int status = read_header(r, err);
    if (status != LS_OK) {
        ls_csv_close(r);
        return status;
    }
    /* the header's line ended its batch: data rows start from a fresh one */
    r->batches[0].text_len = r->batches[0].n_records = 0;
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->changed, NULL);
    for (int k = 0; k < N_BATCHES; k++) {
        r->spare[r->n_spare++] = &r->batches[k];
    }
    r->threaded = r->owns_fp && pthread_create(&r->thread, NULL, producer, r) == 0;
    *out = r;
    return LS_OK;
}

void ls_csv_close(ls_csv_reader *r)
{
    if (r == NULL) {
        return;
    }
    if (r->threaded) {
        pthread_mutex_lock(&r->lock);
        r->stop = 1;
        pthread_cond_broadcast(&r->changed);
        pthread_mutex_unlock(&r->lock);
        pthread_join(r->thread, NULL);
    }
    if (r->n_spare > 0 || r->threaded) {
        pthread_mutex_destroy(&r->lock);
        pthread_cond_destroy(&r->changed);
    }
    if (r->owns_fp && r->fp != NULL) {
        fclose(r->fp);
    }
    csv_free(&r->parser);
    for (size_t j = 0; r->header != NULL && j < r->n_header; j++) {
        free(r->header[j]);
    }
    for (int k = 0; k < N_BATCHES; k++) {
        free(r->batches[k].text);
        free(r->batches[k].record_at);
        free(r->batches[k].lines);
    }
    free(r->header);
    free(r->cell_at);
    free(r->buf);
    free(r->path);
    free(r);
}

/* Finds the current record's fields by their NULs (the reading thread
 * stores none of their offsets: the scorer's thread has time to spare). */
static void index_record(ls_csv_reader *r)
{
    const char *text = r->cur->text;
    uint32_t at = r->cur->record_at[r->cur_record];
    for (size_t j = 0; j < r->n_header; j++) {
        r->cell_at[j] = at;
        at += (uint32_t)strlen(text + at) + 1;
    }
    r->cell_at[r->n_header] = at;
}

int ls_csv_next(ls_csv_reader *r, ls_error *err)
{
    for (;;) {
        if (r->cur != NULL && r->cur_next < r->cur->n_records) {
            r->cur_record = r->cur_next++;
            r->records++;
            index_record(r);
            return 1;
        }
        if (r->cur != NULL && r->cur->end != 0) {
            if (r->cur->end > 0) {
                return 0;
            }
            *err = r->cur->err;
            return -(int)err->code;
        }
        next_batch(r);
        r->cur_next = 0;
    }
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
    return r->cur->text + r->cell_at[column];
}

size_t ls_csv_field_length(const ls_csv_reader *r, size_t column)
{
    return r->cell_at[column + 1] - r->cell_at[column] - 1;
}

void ls_csv_record_cells(const ls_csv_reader *r, const char **cells, size_t *lengths)
{
    const char *text = r->cur->text;
    for (size_t j = 0; j < r->n_header; j++) {
        cells[j] = text + r->cell_at[j];
        lengths[j] = r->cell_at[j + 1] - r->cell_at[j] - 1;
    }
}

long ls_csv_line(const ls_csv_reader *r)
{
    return r->cur->lines[r->cur_record];
}

long ls_csv_records(const ls_csv_reader *r)
{
    return r->records;
}

long long ls_csv_bytes_read(const ls_csv_reader *r)
{
    return r->cur != NULL ? r->cur->bytes : 0;
}

int ls_csv_sha256(const ls_csv_reader *r, char hex[65])
{
    /* the end batch was handed over under the lock after sha_hex was set */
    if (!r->digest || r->cur == NULL || r->cur->end != 1 || r->cur_next < r->cur->n_records) {
        return -1;
    }
    memcpy(hex, r->sha_hex, 65);
    return 0;
}
