/* scorer.c: loading any kind of scoring model and dispatching to it. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "leadscore/fileio.h"
#include "leadscore/model.h"
#include "leadscore/model_io.h"
#include "scorer_internal.h"

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
    if (!cJSON_IsString(format) || strcmp(format->valuestring, LS_MODEL_FORMAT) != 0) {
        status = ls_errorf(err, LS_EDATA, path, 0, 0, "not a leadscore model file (no \"format\": \"%s\")",
                           LS_MODEL_FORMAT);
    } else if (cJSON_IsString(kind) && strcmp(kind->valuestring, "logit") == 0) {
        status = ls_logit_scorer_open(root, path, s, err);
    } else {
        status = ls_errorf(err, LS_EDATA, path, 0, 0, "not a scoring model leadscore knows (kind '%s')",
                           cJSON_IsString(kind) ? kind->valuestring : "none");
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
    free(s);
}

const char *ls_scorer_kind(const ls_scorer *s)
{
    return s->ops->kind;
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

int ls_scorer_bind(ls_scorer *s, const ls_csv_reader *reader, ls_error *err)
{
    return s->ops->bind(s->impl, reader, err);
}

int ls_scorer_score(ls_scorer *s, const ls_csv_reader *reader, ls_score *out, ls_reason *reasons,
                    size_t max_reasons, size_t *n_reasons, ls_error *err)
{
    int status = s->ops->score(s->impl, reader, out, reasons, max_reasons, n_reasons, err);
    if (status == LS_OK) {
        out->band = ls_bands_find(&s->bands, out->score);
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
