/* leadscore/model_io.h: model files (JSON, schema version 1).
 *
 * A model file holds everything scoring needs and everything an analyst asks
 * later: inputs with types, levels, reference and imputation values; terms
 * with weights on the raw scale and their statistics; score bands; the fit
 * summary; training provenance and options. Numbers are written so that they
 * read back bit for bit. A checksum over the content makes an edited or
 * damaged file fail to load instead of scoring wrongly.
 *
 * Ownership: ls_model_load() gives the caller a model to release with
 * ls_model_free(). On failure *out is untouched and err says what and where. */
#ifndef LEADSCORE_MODEL_IO_H
#define LEADSCORE_MODEL_IO_H

#include <cjson/cJSON.h>

#include "leadscore/error.h"
#include "leadscore/model.h"

/* Writes the model atomically (temp file + rename): an existing file at path
 * is replaced only by a complete new one. Refuses NaN or infinite weights. */
int ls_model_save(const ls_model *model, const char *path, ls_error *err);

/* Reads and validates a model file: not JSON, the wrong format or kind, a
 * newer schema version, a checksum mismatch or an inconsistent field are
 * errors naming the file (and the JSON position where there is one). */
int ls_model_load(const char *path, ls_model **out, ls_error *err);

/* The model as a JSON tree (the caller deletes it with cJSON_Delete). */
cJSON *ls_model_to_json(const ls_model *model);

/* Builds a model from a parsed tree, checksum included; path is only used in
 * messages. root is read only (it is changed and restored while checked). */
int ls_model_from_json(cJSON *root, const char *path, ls_model **out, ls_error *err);

/* Prints tree (indented) to path atomically; the tree is not deleted. */
int ls_json_write_file(const cJSON *tree, const char *path, ls_error *err);

/* Reads a JSON object from a file; a syntax error names its line and column. */
int ls_json_parse_file(const char *path, cJSON **out, ls_error *err);

#endif
