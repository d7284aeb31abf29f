/* leadscore/model_io.h: model files (JSON, schema version 1).
 *
 * A model file holds everything scoring needs and everything an analyst asks
 * later: inputs with types, levels, reference and imputation values; terms
 * with weights on the raw scale and their statistics; score bands; the fit
 * summary; training provenance and options. Numbers are written by cJSON,
 * which (1.7.15) keeps 15 significant digits whenever they read back within
 * one DBL_EPSILON, so a number can come back one unit in the last place off
 * (0.1 + 0.2 is written 0.3). A checksum over the content makes an edited or
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
 * is replaced only by a complete new one. Refuses what loading would refuse:
 * NaN or infinite weights, weights, means or imputed values beyond 1e150. */
int ls_model_save(const ls_model *model, const char *path, ls_error *err);

/* Reads and validates a model file: not JSON, the wrong format or kind, a
 * newer schema version, a checksum mismatch or an inconsistent field are
 * errors naming the file (and the JSON position where there is one).
 * Every field is checked, since a file can be edited and re-checksummed: a
 * missing or mistyped one is LS_EDATA naming it ("training.options.l1 is
 * missing", "inputs[0].impute is not finite"); so are numbers beyond 1e150,
 * duplicate input or term names, and terms that do not match their inputs
 * (each numeric input has exactly one value term, plus one "(missing)" term
 * when it says so; each categorical level but the reference exactly one
 * term). Which provenance fields are optional: see provenance.h. Time is
 * linear in the size of the file. */
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
