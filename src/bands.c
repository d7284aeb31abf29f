/* bands.c: parsing and lookup of score bands. */
#define _POSIX_C_SOURCE 200809L
#include "leadscore/bands.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void ls_bands_default(ls_bands *out)
{
    ls_error ignored;
    ls_bands_parse("Prospect:0,Lead:11,MQL:41,SQL:71", out, &ignored);
}

static int bands_error(ls_error *err, const char *spec, const char *fmt, const char *detail)
{
    char msg[256];
    snprintf(msg, sizeof msg, fmt, detail);
    return ls_errorf(err, LS_EUSAGE, NULL, 0, 0, "invalid bands '%s': %s", spec, msg);
}

int ls_bands_parse(const char *spec, ls_bands *out, ls_error *err)
{
    ls_bands bands;
    memset(&bands, 0, sizeof bands);
    const char *p = spec;
    while (*p != '\0') {
        const char *comma = strchr(p, ',');
        size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);
        char item[128];
        if (len >= sizeof item) {
            return bands_error(err, spec, "%s", "band entry too long");
        }
        memcpy(item, p, len);
        item[len] = '\0';
        char *colon = strrchr(item, ':');
        if (colon == NULL) {
            return bands_error(err, spec, "'%s' is not NAME:START", item);
        }
        *colon = '\0';
        char *name = item;
        while (*name == ' ') {
            name++;
        }
        size_t name_len = strlen(name);
        while (name_len > 0 && name[name_len - 1] == ' ') {
            name[--name_len] = '\0';
        }
        if (name_len == 0) {
            return bands_error(err, spec, "%s", "a band has an empty name");
        }
        if (name_len >= LS_BAND_NAME_MAX) {
            return bands_error(err, spec, "band name '%s' is too long", name);
        }
        char *end = NULL;
        errno = 0;
        long start = strtol(colon + 1, &end, 10);
        while (end != NULL && *end == ' ') {
            end++;
        }
        if (errno != 0 || end == colon + 1 || *end != '\0' || start < 0 || start > 100) {
            return bands_error(err, spec, "start of '%s' must be a whole number from 0 to 100", name);
        }
        if (bands.n == LS_BANDS_MAX) {
            return bands_error(err, spec, "%s", "more than 16 bands");
        }
        for (size_t k = 0; k < bands.n; k++) {
            if (strcasecmp(bands.band[k].name, name) == 0) {
                return bands_error(err, spec, "band '%s' appears twice", name);
            }
        }
        if (bands.n == 0 && start != 0) {
            return bands_error(err, spec, "the first band must start at 0, '%s' leaves a gap below it", name);
        }
        if (bands.n > 0 && start <= bands.band[bands.n - 1].min_score) {
            return bands_error(err, spec, "band '%s' does not start above the previous band (overlap)", name);
        }
        snprintf(bands.band[bands.n].name, LS_BAND_NAME_MAX, "%.31s", name);
        bands.band[bands.n].min_score = (int)start;
        bands.n++;
        if (comma == NULL) {
            break;
        }
        p = comma + 1;
    }
    if (bands.n == 0) {
        return bands_error(err, spec, "%s", "no bands given");
    }
    for (size_t k = 0; k < bands.n; k++) {
        bands.band[k].max_score = k + 1 < bands.n ? bands.band[k + 1].min_score - 1 : 100;
    }
    *out = bands;
    return LS_OK;
}

void ls_bands_format(const ls_bands *bands, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < bands->n && used < n; k++) {
        int w = snprintf(buf + used, n - used, "%s%s:%d", k ? "," : "", bands->band[k].name, bands->band[k].min_score);
        if (w < 0) {
            break;
        }
        used += (size_t)w;
    }
}

size_t ls_bands_find(const ls_bands *bands, int score)
{
    size_t k = 0;
    while (k + 1 < bands->n && score >= bands->band[k + 1].min_score) {
        k++;
    }
    return k;
}

long ls_bands_index(const ls_bands *bands, const char *name)
{
    for (size_t k = 0; k < bands->n; k++) {
        if (strcasecmp(bands->band[k].name, name) == 0) {
            return (long)k;
        }
    }
    return -1;
}
