/* model_json_read.h: checked reads of a model file's JSON, shared by the
 * model (model_io.c) and its provenance (model_provenance.c).
 *
 * Every field is checked for presence and type before use, and the first
 * problem is reported with its place in the tree ("inputs[2].impute is
 * missing"), so that a file edited by hand (and re-checksummed) fails to load
 * instead of crashing or scoring wrongly. Numbers a score is computed from
 * are bounded: past LS_MODEL_MAX_MAGNITUDE a sum of weight x mean could
 * overflow to infinity and come out NaN. */
#ifndef LEADSCORE_MODEL_JSON_READ_H
#define LEADSCORE_MODEL_JSON_READ_H

#include <cjson/cJSON.h>

#include "leadscore/error.h"
#include "leadscore/provenance.h"

/* Past this size a sum of weight x mean could overflow to infinity and
 * come out NaN: files never hold larger weights, means or imputed values. */
#define LS_MODEL_MAX_MAGNITUDE 1e150
#define JL_MAX_COUNT 9.0e15 /* whole numbers a double holds exactly, and then some */

typedef struct {
    const char *path;
    ls_error *err;
    int failed; /* set by the first error; later ones are not reported */
} jl_loader;

typedef enum { JL_NUMBER, JL_NUMBER_OR_NULL, JL_STRING, JL_STRING_OR_NULL, JL_BOOL, JL_ARRAY, JL_OBJECT } jl_type;

/* Records the first error (LS_EDATA, the loader's file); later ones are dropped. */
void jl_fail(jl_loader *ld, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void jl_out_of_memory(jl_loader *ld);

/* o's member name of type t; where is o's place ("training.options", "" for
 * the root). NULL when absent (an error unless optional) or of the wrong
 * type (always an error). */
const cJSON *jl_field(jl_loader *ld, const cJSON *o, const char *where, const char *name, jl_type t, int optional);
const cJSON *jl_required(jl_loader *ld, const cJSON *o, const char *where, const char *name, jl_type t);

/* A copy of a string member (the caller frees it); NULL when absent, null or on error. */
char *jl_string(jl_loader *ld, const cJSON *o, const char *where, const char *name, int optional);

/* A number that weights or scores depend on: finite, at most LS_MODEL_MAX_MAGNITUDE in size. */
double jl_bounded(jl_loader *ld, const cJSON *o, const char *where, const char *name);

/* A statistic: a number, or null (or absent when optional) for NAN. */
double jl_statistic(jl_loader *ld, const cJSON *o, const char *where, const char *name, int optional);

/* A whole number from 0 to max; absent (when optional) or on error: absent. */
double jl_whole(jl_loader *ld, const cJSON *o, const char *where, const char *name, double max, int optional,
                double absent);

int jl_bool(jl_loader *ld, const cJSON *o, const char *where, const char *name, int optional);

/* cJSON writes NaN as null; statistics that do not exist are null on purpose. */
void jl_add_number_or_null(cJSON *o, const char *name, double v);

/* model_provenance.c: the "training" object, written with keys in the order
 * model files have always had them, and read back checked (NULL on error,
 * with the error in ld). */
cJSON *model_provenance_json(const ls_provenance *provenance);
ls_provenance *model_provenance_load(jl_loader *ld, const cJSON *training);

#endif
