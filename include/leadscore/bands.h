/* leadscore/bands.h: score bands, e.g. Prospect 0-10, Lead 11-40, MQL 41-70,
 * SQL 71-100.
 *
 * A band set is written "Prospect:0,Lead:11,MQL:41,SQL:71": each name with the
 * lowest score it takes, in increasing order, the first at 0; each band ends
 * one below the next band's start and the last at 100. Plain values, no
 * ownership. */
#ifndef LEADSCORE_BANDS_H
#define LEADSCORE_BANDS_H

#include <stddef.h>

#include "leadscore/error.h"

#define LS_BANDS_MAX 16
#define LS_BAND_NAME_MAX 32

typedef struct {
    char name[LS_BAND_NAME_MAX];
    int min_score; /* inclusive */
    int max_score; /* inclusive */
} ls_band;

typedef struct {
    size_t n;
    ls_band band[LS_BANDS_MAX];
} ls_bands;

/* Prospect 0-10, Lead 11-40, MQL 41-70, SQL 71-100. */
void ls_bands_default(ls_bands *out);

/* Parses a spec; a usage error (LS_EUSAGE) names the problem: empty or
 * duplicate name, first band not at 0, starts not increasing (overlap),
 * a start outside 0-100, too many bands. */
int ls_bands_parse(const char *spec, ls_bands *out, ls_error *err);

/* Writes the spec form back ("Prospect:0,Lead:11,..."). */
void ls_bands_format(const ls_bands *bands, char *buf, size_t n);

/* The index of the band holding score (0-100). */
size_t ls_bands_find(const ls_bands *bands, int score);

/* The index of the band with this name (case-insensitive), or -1. */
long ls_bands_index(const ls_bands *bands, const char *name);

#endif
