/* model_json_read.c: checked reads of a model file's JSON (see
 * model_json_read.h): each names the field it refuses. */
#define _POSIX_C_SOURCE 200809L
#include "model_json_read.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void jl_add_number_or_null(cJSON *o, const char *name, double v)
{
    if (isfinite(v)) {
        cJSON_AddNumberToObject(o, name, v);
    } else {
        cJSON_AddNullToObject(o, name);
    }
}



void jl_fail(jl_loader *ld, const char *fmt, ...)
{
    if (ld->failed) {
        return;
    }
    ld->failed = 1;
    char msg[480];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ls_errorf(ld->err, LS_EDATA, ld->path, 0, 0, "%s", msg);
}

void jl_out_of_memory(jl_loader *ld)
{
    if (!ld->failed) {
        ld->failed = 1;
        ls_errorf(ld->err, LS_ENOMEM, ld->path, 0, 0, "out of memory");
    }
}


static const char *type_words[] = {"a number", "a number or null", "a string", "a string or null",
                                   "true or false", "an array", "an object"};

static int has_type(const cJSON *v, jl_type t)
{
    switch (t) {
    case JL_NUMBER:
        return cJSON_IsNumber(v);
    case JL_NUMBER_OR_NULL:
        return cJSON_IsNumber(v) || cJSON_IsNull(v);
    case JL_STRING:
        return cJSON_IsString(v) && v->valuestring != NULL;
    case JL_STRING_OR_NULL:
        return (cJSON_IsString(v) && v->valuestring != NULL) || cJSON_IsNull(v);
    case JL_BOOL:
        return cJSON_IsBool(v);
    case JL_ARRAY:
        return cJSON_IsArray(v);
    case JL_OBJECT:
        return cJSON_IsObject(v);
    }
    return 0;
}

/* o's member name of type t, where is o's place ("training.options", "" for
 * the root). NULL when absent (an error unless optional) or of the wrong
 * type (always an error). */
const cJSON *jl_field(jl_loader *ld, const cJSON *o, const char *where, const char *name, jl_type t,
                          int optional)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    const char *dot = where[0] != '\0' ? "." : "";
    if (v == NULL) {
        if (!optional) {
            jl_fail(ld, "%s%s%s is missing", where, dot, name);
        }
        return NULL;
    }
    if (!has_type(v, t)) {
        jl_fail(ld, "%s%s%s must be %s", where, dot, name, type_words[t]);
        return NULL;
    }
    return v;
}

const cJSON *jl_required(jl_loader *ld, const cJSON *o, const char *where, const char *name, jl_type t)
{
    return jl_field(ld, o, where, name, t, 0);
}

/* A copy of a string member; NULL when absent, null or on error. */
char *jl_string(jl_loader *ld, const cJSON *o, const char *where, const char *name, int optional)
{
    const cJSON *v = jl_field(ld, o, where, name, optional ? JL_STRING_OR_NULL : JL_STRING, optional);
    if (!cJSON_IsString(v)) {
        return NULL;
    }
    char *s = strdup(v->valuestring);
    if (s == NULL) {
        jl_out_of_memory(ld);
    }
    return s;
}

/* A number that weights or scores depend on: finite and bounded. */
double jl_bounded(jl_loader *ld, const cJSON *o, const char *where, const char *name)
{
    const cJSON *v = jl_required(ld, o, where, name, JL_NUMBER);
    if (v == NULL) {
        return 0.0;
    }
    if (!isfinite(v->valuedouble) || fabs(v->valuedouble) > LS_MODEL_MAX_MAGNITUDE) {
        jl_fail(ld, "%s%s%s is %s (%g): a model needs finite values up to %g in size", where, where[0] ? "." : "",
             name, isfinite(v->valuedouble) ? "too large" : "not finite", v->valuedouble, LS_MODEL_MAX_MAGNITUDE);
        return 0.0;
    }
    return v->valuedouble;
}

/* A statistic: a number, or null (or absent when optional) for NAN. */
double jl_statistic(jl_loader *ld, const cJSON *o, const char *where, const char *name, int optional)
{
    const cJSON *v = jl_field(ld, o, where, name, JL_NUMBER_OR_NULL, optional);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

/* A whole number from 0 to max (a cast of NaN, a fraction or a negative
 * double to an integer type would be undefined or wrong). */
double jl_whole(jl_loader *ld, const cJSON *o, const char *where, const char *name, double max,
                           int optional, double absent)
{
    const cJSON *v = jl_field(ld, o, where, name, JL_NUMBER, optional);
    if (v == NULL) {
        return absent;
    }
    double x = v->valuedouble;
    if (!(x >= 0 && x <= max && x == floor(x))) {
        jl_fail(ld, "%s%s%s must be a whole number from 0 to %.0f, not %g", where, where[0] ? "." : "", name, max,
             x);
        return absent;
    }
    return x;
}

int jl_bool(jl_loader *ld, const cJSON *o, const char *where, const char *name, int optional)
{
    return cJSON_IsTrue(jl_field(ld, o, where, name, JL_BOOL, optional));
}

