/* scorer.c: loading any kind of scoring model and dispatching to it. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadscore/fileio.h"
#include "leadscore/model.h"
#include "leadscore/model_io.h"
#include "leadscore/rules.h"
#include "scorer_internal.h"

/* The report name: the file's "name", else its base name. */
static char *scorer_name(const cJSON *root, const char *path)
{
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "name");
    if (cJSON_IsString(name) && name->valuestring[0] != '\0') {
        return strdup(name->valuestring);
    }
    const char *slash = strrchr(path, '/');
    return strdup(slash != NULL ? slash + 1 : path);
}

int ls_scorer_load(const char *path, ls_scorer **out, ls_error *err)
{
    cJSON *root = NULL;
    int status = ls_json_parse_file(path, &root, err);
    if (status != LS_OK) {
        return status;
    }
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(root, "kind");
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(root, "format");
    ls_scorer *s = calloc(1, sizeof *s);
    if (s == NULL) {
        cJSON_Delete(root);
        return ls_errorf(err, LS_ENOMEM, path, 0, 0, "out of memory");
    }
    if (cJSON_IsString(format) && strcmp(format->valuestring, LS_RULES_FORMAT) == 0) {
        status = ls_rules_scorer_open(root, path, s, err);
    } else if (!cJSON_IsString(format) || strcmp(format->valuestring, LS_MODEL_FORMAT) != 0) {
        status = ls_errorf(err, LS_EDATA, path, 0, 0,
                           "not a leadscore model file or rule set (no \"format\": \"%s\" or \"%s\")",
                           LS_MODEL_FORMAT, LS_RULES_FORMAT);
    } else if (cJSON_IsString(kind) && strcmp(kind->valuestring, "logit") == 0) {
        status = ls_logit_scorer_open(root, path, s, err);
    } else {
        status = ls_errorf(err, LS_EDATA, path, 0, 0, "not a scoring model leadscore knows (kind '%s')",
                           cJSON_IsString(kind) ? kind->valuestring : "none");
    }
    if (status == LS_OK && (s->name = scorer_name(root, path)) == NULL) {
        s->ops->free(s->impl);
        status = ls_errorf(err, LS_ENOMEM, path, 0, 0, "out of memory");
    }
    cJSON_Delete(root);
    if (status != LS_OK) {
        free(s);
        return status;
    }
    *out = s;
    return LS_OK;
}

void ls_scorer_free(ls_scorer *s)
{
    if (s == NULL) {
        return;
    }
    s->ops->free(s->impl);
    for (size_t i = 0; s->na_values != NULL && s->na_values[i] != NULL; i++) {
        free(s->na_values[i]);
    }
    free(s->na_values);
    free(s->id_column);
    free(s->name);
    free(s->cells);
    free(s->lengths);
    free(s);
}

const char *ls_scorer_kind(const ls_scorer *s)
{
    return s->ops->kind;
}

const char *ls_scorer_name(const ls_scorer *s)
{
    return s->name;
}

int ls_scorer_has_probability(const ls_scorer *s)
{
    return s->has_probability;
}

const ls_bands *ls_scorer_bands(const ls_scorer *s)
{
    return &s->bands;
}

void ls_scorer_set_bands(ls_scorer *s, const ls_bands *bands)
{
    s->bands = *bands;
}

const char *ls_scorer_id_column(const ls_scorer *s)
{
    return s->id_column;
}

const char *const *ls_scorer_na_values(const ls_scorer *s)
{
    return (const char *const *)s->na_values;
}

char ls_scorer_delimiter(const ls_scorer *s)
{
    return s->delimiter;
}

void ls_scorer_set_strict(ls_scorer *s, int strict)
{
    s->ops->set_strict(s->impl, strict);
}

int ls_scorer_bind_names(ls_scorer *s, const char *const *names, size_t n_names, ls_error *err)
{
    const char **cells = realloc(s->cells, (n_names ? n_names : 1) * sizeof *cells);
    if (cells != NULL) {
        s->cells = cells;
    }
    size_t *lengths = realloc(s->lengths, (n_names ? n_names : 1) * sizeof *lengths);
    if (lengths != NULL) {
        s->lengths = lengths;
    }
    if (cells == NULL || lengths == NULL) {
        return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    s->n_cells = n_names;
    return s->ops->bind(s->impl, names, n_names, err);
}

static int score_bound(ls_scorer *s, const char *const *cells, const size_t *lengths, ls_score *out,
                       ls_reason *reasons, size_t max_reasons, size_t *n_reasons, ls_error *err)
{
    int status = s->ops->score(s->impl, cells, lengths, out, reasons, max_reasons, n_reasons, err);
    if (status == LS_OK) {
        out->band = ls_bands_find(&s->bands, out->score);
    }
    return status;
}

int ls_scorer_score_cells(ls_scorer *s, const char *const *cells, const size_t *lengths, ls_score *out,
                          ls_reason *reasons, size_t max_reasons, size_t *n_reasons, ls_error *err)
{
    int copy = cells == NULL || lengths == NULL;
    for (size_t j = 0; !copy && j < s->n_cells; j++) {
        copy = cells[j] == NULL;
    }
    if (copy) {
        /* the kinds read lengths and never a NULL cell: fill the copy, keeping
         * the caller's lengths (its cells need not end in a NUL) */
        for (size_t j = 0; j < s->n_cells; j++) {
            int present = cells != NULL && cells[j] != NULL;
            s->cells[j] = present ? cells[j] : "";
            s->lengths[j] = !present ? 0 : lengths != NULL ? lengths[j] : strlen(cells[j]);
        }
        cells = s->cells;
        lengths = s->lengths;
    }
    return score_bound(s, cells, lengths, out, reasons, max_reasons, n_reasons, err);
}

int ls_scorer_bind(ls_scorer *s, const ls_csv_reader *reader, ls_error *err)
{
    size_t n = ls_csv_n_columns(reader);
    const char **names = malloc((n ? n : 1) * sizeof *names);
    if (names == NULL) {
        return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t j = 0; j < n; j++) {
        names[j] = ls_csv_column_name(reader, j);
    }
    int status = ls_scorer_bind_names(s, names, n, err);
    free(names);
    if (status != LS_OK && status != LS_ENOMEM) {
        /* binding concerns the header: line 1 of the file */
        snprintf(err->file, sizeof err->file, "%s", ls_csv_path(reader));
        err->line = 1;
    }
    return status;
}

int ls_scorer_score(ls_scorer *s, const ls_csv_reader *reader, ls_score *out, ls_reason *reasons,
                    size_t max_reasons, size_t *n_reasons, ls_error *err)
{
    if (s->n_cells != ls_csv_n_columns(reader)) {
        return ls_errorf(err, LS_EUSAGE, ls_csv_path(reader), 0, 0,
                         "the scorer is bound to %zu columns, the file has %zu (ls_scorer_bind)", s->n_cells,
                         ls_csv_n_columns(reader));
    }
    ls_csv_record_cells(reader, s->cells, s->lengths);
    int status = score_bound(s, s->cells, s->lengths, out, reasons, max_reasons, n_reasons, err);
    if (status != LS_OK && status != LS_ENOMEM && err != NULL) {
        snprintf(err->file, sizeof err->file, "%s", ls_csv_path(reader));
        err->line = ls_csv_line(reader);
    }
    return status;
}

size_t ls_scorer_n_inputs(const ls_scorer *s)
{
    return s->ops->n_inputs(s->impl);
}

const char *ls_scorer_input_name(const ls_scorer *s, size_t input)
{
    return s->ops->input_name(s->impl, input);
}

long ls_scorer_unseen_count(const ls_scorer *s, size_t input)
{
    return s->ops->unseen_count(s->impl, input);
}
