/* dataset.c: one streaming pass from CSV to typed, compactly encoded columns.
 *
 * Each column starts undecided and settles on its first non-missing cell:
 * a number makes it numeric, an ISO date a date, anything else text. A
 * numeric or date column that later meets text turns into a text column; its
 * earlier cells are re-encoded from the stored values (numbers as %.15g), so
 * no column ever keeps both a double and a string per row. */
#define _POSIX_C_SOURCE 200809L
#include "leadscore/dataset.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "leadscore/csv.h"
#include "leadscore/target.h"
#include "dataset_internal.h"

/* Past this many distinct texts a column is an ID or free text, not a
 * category: its codes are dropped and only hashes are kept, to count. */
#define TEXT_LEVEL_CAP 20000

static const char *const type_names[] = {"numeric", "categorical", "id", "date", "constant", "empty", "excluded",
                                          "target"};

const char *ls_column_type_name(ls_column_type type)
{
    return type_names[type];
}

void ls_read_options_init(ls_read_options *options)
{
    memset(options, 0, sizeof *options);
    options->min_level_count = LS_DEFAULT_MIN_LEVEL_COUNT;
}

long ls_dataset_find(const ls_dataset *ds, const char *name)
{
    for (size_t j = 0; j < ds->n_columns; j++) {
        if (strcmp(ds->columns[j].name, name) == 0) {
            return (long)j;
        }
    }
    return -1;
}

void ls_dataset_free(ls_dataset *ds)
{
    if (ds == NULL) {
        return;
    }
    for (size_t j = 0; j < ds->n_columns; j++) {
        ls_column *c = &ds->columns[j];
        free(c->name);
        free(c->values);
        free(c->codes);
        free(c->days);
        ls_levels_free(c->levels);
        ls_levels_free(c->folded);
    }
    free(ds->columns);
    free(ds->y);
    free(ds->learn);
    free(ds->path);
    free(ds);
}

static int in_list(const ls_name_list *list, const char *name)
{
    for (size_t i = 0; i < list->n; i++) {
        if (strcmp(list->names[i], name) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Every column named in an option must exist, and in one role only. */
static int assign_roles(pass *ps, const ls_read_options *o)
{
    const ls_csv_reader *r = ps->reader;
    const ls_name_list *lists[] = {&o->id, &o->categorical, &o->numeric, &o->exclude};
    /* the lists by what they ask for, in the words of ls_read_options */
    const char *flags[] = {"an id", "categorical", "numeric", "excluded"};
    for (size_t l = 0; l < 4; l++) {
        for (size_t i = 0; i < lists[l]->n; i++) {
            if (ls_csv_find_column(r, lists[l]->names[i]) < 0) {
                return ls_errorf(ps->err, LS_EDATA, ls_csv_path(r), 1, 0,
                                 "column '%s' (given as %s) is not in the header", lists[l]->names[i], flags[l]);
            }
            for (size_t m = 0; m < l; m++) {
                if (in_list(lists[m], lists[l]->names[i])) {
                    return ls_errorf(ps->err, LS_EUSAGE, NULL, 0, 0, "column '%s' is given both as %s and as %s",
                                     lists[l]->names[i], flags[m], flags[l]);
                }
            }
        }
    }
    for (size_t i = 0; i < o->column_na.n; i++) {
        long j = ls_csv_find_column(r, o->column_na.columns[i]);
        if (j < 0) {
            return ls_errorf(ps->err, LS_EDATA, ls_csv_path(r), 1, 0,
                             "column '%s' (given a placeholder '%s') is not in the header", o->column_na.columns[i],
                             o->column_na.values[i]);
        }
        builder *b = &ps->b[j];
        if (!b->has_own_na) {
            if (ls_na_list_for_column(&o->na, &o->column_na, o->column_na.columns[i], &b->own_na) != 0) {
                return ls_errorf(ps->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
            }
            b->has_own_na = 1;
        }
    }
    if (o->target != NULL && ls_csv_find_column(r, o->target) < 0) {
        return ls_errorf(ps->err, LS_EDATA, ls_csv_path(r), 1, 0, "target column '%s' not found in the header",
                         o->target);
    }
    for (size_t j = 0; j < ps->ds->n_columns; j++) {
        const char *name = ps->ds->columns[j].name;
        builder *b = &ps->b[j];
        if (o->target != NULL && strcmp(name, o->target) == 0) {
            if (in_list(&o->id, name) || in_list(&o->exclude, name) || in_list(&o->numeric, name) ||
                in_list(&o->categorical, name)) {
                return ls_errorf(ps->err, LS_EUSAGE, NULL, 0, 0,
                                 "the target column '%s' cannot also be given an id, feature or excluded role", name);
            }
            b->role = ROLE_TARGET;
        } else if (in_list(&o->id, name)) {
            b->role = ROLE_ID;
        } else if (in_list(&o->exclude, name)) {
            b->role = ROLE_EXCLUDE;
        } else if (in_list(&o->numeric, name)) {
            b->role = ROLE_NUMERIC;
        } else if (in_list(&o->categorical, name)) {
            b->role = ROLE_CATEGORICAL;
        }
    }
    return LS_OK;
}

static int grow_rows(pass *ps, size_t need)
{
    if (need <= ps->cap) {
        return 0;
    }
    size_t cap = ps->cap ? ps->cap * 2 : 4096;
    ls_dataset *ds = ps->ds;
    for (size_t j = 0; j < ds->n_columns; j++) {
        ls_column *c = &ds->columns[j];
        if (c->values != NULL) {
            double *v = realloc(c->values, cap * sizeof *v);
            if (v == NULL) {
                return -1;
            }
            c->values = v;
        }
        if (c->codes != NULL) {
            uint32_t *v = realloc(c->codes, cap * sizeof *v);
            if (v == NULL) {
                return -1;
            }
            c->codes = v;
        }
        if (c->days != NULL) {
            int32_t *v = realloc(c->days, cap * sizeof *v);
            if (v == NULL) {
                return -1;
            }
            c->days = v;
        }
    }
    if (ds->target >= 0) {
        unsigned char *y = realloc(ds->y, cap);
        if (y == NULL) {
            return -1;
        }
        ds->y = y;
    }
    ps->cap = cap;
    return 0;
}

static int oom(pass *ps)
{
    return ls_errorf(ps->err, LS_ENOMEM, ls_csv_path(ps->reader), ls_csv_line(ps->reader), 0, "out of memory");
}

static int ensure_key(pass *ps, size_t len)
{
    if (len + 1 > ps->key_cap) {
        size_t cap = (len + 1) * 2;
        char *k = realloc(ps->key, cap);
        if (k == NULL) {
            return -1;
        }
        ps->key = k;
        ps->key_cap = cap;
    }
    return 0;
}

/* Level index of a text cell; adds the level when new. */
static long text_level(pass *ps, ls_column *c, const char *text, size_t len)
{
    if (ensure_key(ps, len) != 0) {
        return -1;
    }
    size_t key_len = ls_level_key(text, len, ps->ds->options.case_sensitive, ps->key);
    const char *display;
    size_t display_len = ls_trim(text, len, &display);
    return ls_levels_add(c->levels, ps->key, key_len, display, display_len);
}

static long missing_level(ls_column *c)
{
    if (c->missing_level < 0) {
        c->missing_level = ls_levels_add(c->levels, "\001missing", 8, LS_LEVEL_MISSING, strlen(LS_LEVEL_MISSING));
    } else {
        ls_levels_add(c->levels, "\001missing", 8, LS_LEVEL_MISSING, strlen(LS_LEVEL_MISSING));
    }
    return c->missing_level;
}

/* Turns a numeric or date column (or one with missing cells only) into a text
 * column, re-encoding the rows read so far. */
static int become_text(pass *ps, size_t j, size_t rows)
{
    ls_column *c = &ps->ds->columns[j];
    builder *b = &ps->b[j];
    c->levels = ls_levels_new();
    c->codes = malloc((ps->cap ? ps->cap : 1) * sizeof *c->codes);
    c->missing_level = -1;
    if (c->levels == NULL || c->codes == NULL) {
        return -1;
    }
    char text[64];
    for (size_t i = 0; i < rows; i++) {
        long level;
        if (b->kind == KIND_NUMERIC && !isnan(c->values[i])) {
            snprintf(text, sizeof text, "%.15g", c->values[i]);
            level = text_level(ps, c, text, strlen(text));
        } else if (b->kind == KIND_DATE && c->days[i] != INT32_MIN) {
            ls_cell_format_date(c->days[i], text);
            level = text_level(ps, c, text, strlen(text));
        } else {
            level = missing_level(c);
        }
        if (level < 0) {
            return -1;
        }
        c->codes[i] = (uint32_t)level;
    }
    free(c->values);
    free(c->days);
    c->values = NULL;
    c->days = NULL;
    b->kind = KIND_TEXT;
    return 0;
}

static int hash_set_add(builder *b, uint64_t h)
{
    if ((b->n_hashes + 1) * 2 > b->hash_slots) {
        size_t slots = b->hash_slots ? b->hash_slots * 2 : 1 << 16;
        uint64_t *t = calloc(slots, sizeof *t);
        if (t == NULL) {
            return -1;
        }
        for (size_t i = 0; i < b->hash_slots; i++) {
            if (b->hashes[i] != 0) {
                size_t s = b->hashes[i] & (slots - 1);
                while (t[s] != 0) {
                    s = (s + 1) & (slots - 1);
                }
                t[s] = b->hashes[i];
            }
        }
        free(b->hashes);
        b->hashes = t;
        b->hash_slots = slots;
    }
    h |= 1; /* 0 marks an empty slot */
    size_t s = h & (b->hash_slots - 1);
    while (b->hashes[s] != 0) {
        if (b->hashes[s] == h) {
            return 0;
        }
        s = (s + 1) & (b->hash_slots - 1);
    }
    b->hashes[s] = h;
    b->n_hashes++;
    return 0;
}

/* FNV-1a of the level key of s (see ls_level_key) without writing the key:
 * white space runs hash as one space, letters fold unless case-sensitive.
 * On a key it gives the key's own hash, so keys and raw cells mix. */
static uint64_t key_hash(const char *s, size_t n, int case_sensitive)
{
    uint64_t h = 1469598103934665603ULL;
    int pending_space = 0, started = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
            pending_space = started;
            continue;
        }
        if (pending_space) {
            h = (h ^ ' ') * 1099511628211ULL;
            pending_space = 0;
        }
        if (!case_sensitive && c >= 'A' && c <= 'Z') {
            c = (unsigned char)(c - 'A' + 'a');
        }
        h = (h ^ c) * 1099511628211ULL;
        started = 1;
    }
    return h;
}

/* Too many distinct texts: keep hashes to count them, drop codes. */
static int become_high_cardinality(builder *b, ls_column *c)
{
    for (size_t l = 0; l < ls_levels_count(c->levels); l++) {
        const char *k = ls_levels_key(c->levels, l);
        if (hash_set_add(b, key_hash(k, strlen(k), 1)) != 0) {
            return -1;
        }
    }
    ls_levels_free(c->levels);
    c->levels = NULL;
    free(c->codes);
    c->codes = NULL;
    b->kind = KIND_HIGH_CARDINALITY;
    return 0;
}

static int text_cell(pass *ps, size_t j, size_t row, const char *text, size_t len, int missing)
{
    ls_column *c = &ps->ds->columns[j];
    builder *b = &ps->b[j];
    if (b->kind == KIND_HIGH_CARDINALITY) {
        /* only counting distinct values now (is it an ID?) */
        return missing ? 0 : hash_set_add(b, key_hash(text, len, ps->ds->options.case_sensitive));
    }
    long level;
    if (!missing && b->last_level >= 0 && len == b->last_len && memcmp(text, b->last_text, len) == 0) {
        level = b->last_level;
        if (ls_levels_recount(c->levels, (size_t)level, text, len) != 0) {
            return -1;
        }
    } else {
        level = missing ? missing_level(c) : text_level(ps, c, text, len);
        if (level < 0) {
            return -1;
        }
        b->last_level = -1;
        if (!missing && len <= sizeof b->last_text) {
            memcpy(b->last_text, text, len);
            b->last_len = len;
            b->last_level = level;
        }
    }
    c->codes[row] = (uint32_t)level;
    if (ls_levels_count(c->levels) > TEXT_LEVEL_CAP) {
        return become_high_cardinality(b, c);
    }
    return 0;
}

static int numeric_error(pass *ps, size_t j, const char *text, size_t len, ls_cell_number_status st)
{
    const char *name = ps->ds->columns[j].name;
    int alt = st == LS_CELL_TEXT ? ls_cell_number_elsewhere(text, len, &ps->ds->options.number) : 0;
    if (alt != 0) {
        char what[96];
        dataset_number_convention(&ps->ds->options.number, alt, what, sizeof what);
        return ls_error_hint(ps->err,
                             ls_errorf(ps->err, LS_EPARSE, ls_csv_path(ps->reader), ls_csv_line(ps->reader),
                                       (long)j + 1, "column '%s' is numeric but '%.*s' is a number written with %s",
                                       name, (int)(len < 40 ? len : 40), text, what),
                             dataset_number_hints(&ps->ds->options.number, alt));
    }
    if (st == LS_CELL_NONFINITE) {
        return ls_error_hint(ps->err,
                             ls_errorf(ps->err, LS_EPARSE, ls_csv_path(ps->reader), ls_csv_line(ps->reader),
                                       (long)j + 1, "column '%s': '%.*s' is not a finite number (a placeholder?)",
                                       name, (int)(len < 40 ? len : 40), text),
                             LS_HINT_NA_PLACEHOLDER);
    }
    return ls_error_hint(ps->err,
                         ls_errorf(ps->err, LS_EPARSE, ls_csv_path(ps->reader), ls_csv_line(ps->reader), (long)j + 1,
                                   "column '%s' is numeric but holds text '%.*s' (a placeholder?)", name,
                                   (int)(len < 40 ? len : 40), text),
                         LS_HINT_NA_PLACEHOLDER);
}

/* Allocates the arrays of a column that has just settled on a kind, with the
 * rows before it (all missing) filled in. */
static int settle(pass *ps, size_t j, size_t rows, enum kind kind)
{
    ls_column *c = &ps->ds->columns[j];
    size_t cap = ps->cap ? ps->cap : 1;
    if (kind == KIND_NUMERIC) {
        c->values = malloc(cap * sizeof *c->values);
        if (c->values == NULL) {
            return -1;
        }
        for (size_t i = 0; i < rows; i++) {
            c->values[i] = NAN;
        }
        ps->b[j].kind = KIND_NUMERIC;
        return 0;
    }
    if (kind == KIND_DATE) {
        c->days = malloc(cap * sizeof *c->days);
        if (c->days == NULL) {
            return -1;
        }
        for (size_t i = 0; i < rows; i++) {
            c->days[i] = INT32_MIN;
        }
        ps->b[j].kind = KIND_DATE;
        return 0;
    }
    ps->b[j].kind = KIND_UNKNOWN;
    return become_text(ps, j, rows);
}

static int read_cell(pass *ps, size_t j, size_t row)
{
    ls_dataset *ds = ps->ds;
    ls_column *c = &ds->columns[j];
    builder *b = &ps->b[j];
    if (b->role == ROLE_ID || b->role == ROLE_EXCLUDE) {
        return 0;
    }
    const char *text;
    size_t len = ls_trim(ls_csv_field(ps->reader, j), ls_csv_field_length(ps->reader, j), &text);
    int missing = ls_cell_is_missing(text, len, b->has_own_na ? &b->own_na : &ds->options.na);

    if (b->role == ROLE_TARGET) {
        return 0; /* read first, by read_outcome() */
    }
    if (missing) {
        c->n_missing++;
    }
    if (b->role == ROLE_CATEGORICAL) {
        if (b->kind == KIND_UNKNOWN && settle(ps, j, row, KIND_TEXT) != 0) {
            return oom(ps);
        }
        return text_cell(ps, j, row, text, len, missing) == 0 ? 0 : oom(ps);
    }

    double number = NAN;
    ls_cell_number_status st = missing ? LS_CELL_TEXT : ls_cell_parse_number_as(text, len, &ds->options.number, &number);
    if (b->role == ROLE_NUMERIC) {
        if (!missing && st != LS_CELL_NUMBER) {
            return numeric_error(ps, j, text, len, st);
        }
        if (b->kind == KIND_UNKNOWN && settle(ps, j, row, KIND_NUMERIC) != 0) {
            return oom(ps);
        }
        c->values[row] = missing ? NAN : number;
        return 0;
    }

    /* ROLE_AUTO */
    if (!missing && st == LS_CELL_NONFINITE && b->kind != KIND_TEXT && b->kind != KIND_HIGH_CARDINALITY) {
        return numeric_error(ps, j, text, len, st);
    }
    int32_t day = INT32_MIN;
    if (b->kind == KIND_UNKNOWN) {
        if (missing) {
            return 0;
        }
        enum kind kind = st == LS_CELL_NUMBER ? KIND_NUMERIC
                         : ls_cell_parse_date(text, len, &day) == 0 ? KIND_DATE
                                                                     : KIND_TEXT;
        if (settle(ps, j, row, kind) != 0) {
            return oom(ps);
        }
    }
    if (!missing) {
        if (st == LS_CELL_NUMBER) {
            b->n_numbers++;
        } else {
            if (b->n_texts++ == 0) {
                b->first_text_line = ls_csv_line(ps->reader);
                snprintf(b->first_text, sizeof b->first_text, "%.*s", (int)(len < 40 ? len : 40), text);
            }
            /* "8,7" or "1,234.5": a number under another convention, which
             * would otherwise make a numeric column a category */
            int alt = st == LS_CELL_TEXT ? ls_cell_number_elsewhere(text, len, &ds->options.number) : 0;
            if (alt != 0 && b->n_alt[alt]++ == 0 && b->n_alt[1] + b->n_alt[2] + b->n_alt[3] == 1) {
                b->first_alt_line = ls_csv_line(ps->reader);
                snprintf(b->first_alt, sizeof b->first_alt, "%.*s", (int)(len < 40 ? len : 40), text);
            }
        }
    }
    if (b->kind == KIND_NUMERIC) {
        if (missing || st == LS_CELL_NUMBER) {
            c->values[row] = number;
            return 0;
        }
        if (become_text(ps, j, row) != 0) {
            return oom(ps);
        }
    } else if (b->kind == KIND_DATE) {
        if (missing || ls_cell_parse_date(text, len, &day) == 0) {
            c->days[row] = day;
            return 0;
        }
        if (become_text(ps, j, row) != 0) {
            return oom(ps);
        }
    }
    return text_cell(ps, j, row, text, len, missing) == 0 ? 0 : oom(ps);
}

/* The record's outcome, before its other cells: 1 when the row is skipped
 * (a blank outcome, with skip_unlabelled), 0 when read, -1 after filling
 * ps->err. */
static int read_outcome(pass *ps, size_t row)
{
    ls_dataset *ds = ps->ds;
    size_t j = (size_t)ds->target;
    const char *text = ls_csv_field(ps->reader, j);
    size_t len = ls_csv_field_length(ps->reader, j);
    int v = 0;
    int st = ls_target_read(&ds->options.outcome, text, len, &v);
    if (st == LS_TARGET_UNLABELLED && ds->options.outcome.skip_unlabelled) {
        if (ds->n_unlabelled++ == 0) {
            ds->first_unlabelled_line = ls_csv_line(ps->reader);
        }
        return 1;
    }
    if (st != 0) {
        const char *trimmed;
        len = ls_trim(text, len, &trimmed);
        ls_errorf(ps->err, LS_EDATA, ls_csv_path(ps->reader), ls_csv_line(ps->reader), (long)j + 1,
                  "target column '%s' %s, got '%.*s'", ds->columns[j].name,
                  ls_target_problem(&ds->options.outcome, st), (int)(len < 40 ? len : 40), trimmed);
        if (st == LS_TARGET_UNLABELLED) {
            ls_error_hint(ps->err, LS_EDATA, LS_HINT_UNLABELLED);
        }
        return -1;
    }
    ds->y[row] = (unsigned char)v;
    ds->positives += (size_t)v;
    return 0;
}

static void free_pass(pass *ps)
{
    for (size_t j = 0; ps->b != NULL && j < ps->ds->n_columns; j++) {
        free(ps->b[j].hashes);
        ls_na_list_free(&ps->b[j].own_na);
    }
    free(ps->b);
    free(ps->key);
}

int ls_dataset_read(const char *path, const ls_read_options *options, ls_dataset **out, ls_error *err)
{
    ls_csv_options csv_options = {options->delimiter, options->digest};
    ls_csv_reader *reader = NULL;
    int status = ls_csv_open(path, &csv_options, &reader, err);
    if (status != LS_OK) {
        return status;
    }
    pass ps = {0};
    ps.reader = reader;
    ps.err = err;
    ls_dataset *ds = calloc(1, sizeof *ds);
    ps.ds = ds;
    if (ds == NULL) {
        ls_csv_close(reader);
        return ls_errorf(err, LS_ENOMEM, path, 0, 0, "out of memory");
    }
    ds->options = *options;
    ds->path = strdup(path);
    ds->delimiter = ls_csv_delimiter(reader);
    ds->n_columns = ls_csv_n_columns(reader);
    ds->columns = calloc(ds->n_columns, sizeof *ds->columns);
    ps.b = calloc(ds->n_columns, sizeof *ps.b);
    ps.key_cap = 256;
    ps.key = malloc(ps.key_cap);
    ds->target = -1;
    if (ds->path == NULL || ds->columns == NULL || ps.b == NULL || ps.key == NULL) {
        status = ls_errorf(err, LS_ENOMEM, path, 0, 0, "out of memory");
        goto fail;
    }
    for (size_t j = 0; j < ds->n_columns; j++) {
        ds->columns[j].name = strdup(ls_csv_column_name(reader, j));
        ds->columns[j].missing_level = -1;
        ds->columns[j].other_level = -1;
        ps.b[j].last_level = -1;
        if (ds->columns[j].name == NULL) {
            status = ls_errorf(err, LS_ENOMEM, path, 0, 0, "out of memory");
            goto fail;
        }
    }
    if ((status = assign_roles(&ps, options)) != LS_OK) {
        goto fail;
    }
    if (options->target != NULL) {
        ds->target = ls_csv_find_column(reader, options->target);
    }

    int more;
    size_t row = 0;
    while ((more = ls_csv_next(reader, err)) == 1) {
        if (grow_rows(&ps, row + 1) != 0) {
            status = oom(&ps);
            goto fail;
        }
        if (ds->target >= 0) {
            int skip = read_outcome(&ps, row);
            if (skip < 0) {
                status = (int)err->code;
                goto fail;
            }
            if (skip) {
                continue;
            }
        }
        for (size_t j = 0; j < ds->n_columns; j++) {
            if (read_cell(&ps, j, row) != 0) {
                status = (int)err->code;
                goto fail;
            }
        }
        row++;
        ds->n_rows = row;
        if (options->progress != NULL && (row & 0xFFFF) == 0) {
            options->progress(options->progress_ctx, (long)row, ls_csv_bytes_read(reader));
        }
    }
    if (more < 0) {
        status = (int)err->code;
        goto fail;
    }
    if (options->digest && ls_csv_sha256(reader, ds->sha256) != 0) {
        ds->sha256[0] = '\0';
    }
    if (options->progress != NULL) {
        options->progress(options->progress_ctx, (long)row, ls_csv_bytes_read(reader));
    }
    if (ds->n_rows == 0 && ds->n_unlabelled > 0) {
        status = ls_errorf(err, LS_EDATA, path, 0, 0, "no rows with an outcome: all %zu have a blank '%s'",
                           ds->n_unlabelled, options->target);
        goto fail;
    }
    if (ds->n_rows == 0) {
        status = ls_errorf(err, LS_EDATA, path, 2, 0, "no data rows: the file has a header only");
        goto fail;
    }
    ds->n_learn = ds->n_rows;
    /* Columns settled by their role or kind alone first: the row selection
     * may look at them (an out-of-time holdout reads the date column). */
    for (int phase = 0; phase < 2; phase++) {
        if (phase == 1 && options->select_rows != NULL) {
            ds->learn = malloc(ds->n_rows);
            if (ds->learn == NULL) {
                status = ls_errorf(err, LS_ENOMEM, path, 0, 0, "out of memory");
                goto fail;
            }
            memset(ds->learn, 1, ds->n_rows);
            if ((status = options->select_rows(options->select_ctx, ds, ds->learn, err)) != LS_OK) {
                goto fail;
            }
            ds->n_learn = 0;
            for (size_t i = 0; i < ds->n_rows; i++) {
                ds->n_learn += ds->learn[i] != 0;
            }
            if (ds->n_learn == 0) {
                status = ls_errorf(err, LS_EDATA, path, 0, 0, "the split leaves no rows to train on");
                goto fail;
            }
        }
        for (size_t j = 0; j < ds->n_columns; j++) {
            const builder *b = &ps.b[j];
            int settled = b->role == ROLE_TARGET || b->role == ROLE_ID || b->role == ROLE_EXCLUDE ||
                          b->kind == KIND_DATE || b->kind == KIND_UNKNOWN;
            if (settled != (phase == 0)) {
                continue;
            }
            int st = dataset_finalize_column(&ps, j);
            if (st == -1) {
                status = ls_errorf(err, LS_ENOMEM, path, 0, 0, "out of memory");
                goto fail;
            }
            if (st == -2) {
                status = (int)err->code;
                goto fail;
            }
        }
    }
    free_pass(&ps);
    ls_csv_close(reader);
    *out = ds;
    return LS_OK;

fail:
    free_pass(&ps);
    ls_csv_close(reader);
    ls_dataset_free(ds);
    return status;
}
