/* leadscore/cell.h: what one CSV cell means, the same in training and scoring.
 *
 * A cell is missing when it is empty after trimming or equals, ignoring case,
 * one of the placeholders (--na). A number is what strtod reads in full; NaN
 * and Inf are refused, because a lead's behaviour is never infinite. A date is
 * ISO YYYY-MM-DD, optionally followed by a time that is ignored. */
#ifndef LEADSCORE_CELL_H
#define LEADSCORE_CELL_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    char **values; /* trimmed placeholders, compared case-insensitively */
    size_t n;
} ls_na_list;

/* text[0..len) must already be trimmed. */
int ls_cell_is_missing(const char *text, size_t len, const ls_na_list *na);

typedef enum { LS_CELL_NUMBER = 0, LS_CELL_TEXT = -1, LS_CELL_NONFINITE = -2 } ls_cell_number_status;

/* Parses trimmed text as a finite number. */
ls_cell_number_status ls_cell_parse_number(const char *text, size_t len, double *out);

/* Parses trimmed text as an ISO date; *days counts from 1970-01-01. 0 ok, -1 not a date. */
int ls_cell_parse_date(const char *text, size_t len, int32_t *days);

/* Writes days as YYYY-MM-DD into buf. */
void ls_cell_format_date(int32_t days, char buf[16]);

/* Splits a comma-separated list ("Select,N/A") into an ls_na_list; entries are
 * trimmed. Returns 0, or -1 when out of memory. */
int ls_na_list_parse(const char *spec, ls_na_list *out);
int ls_na_list_add(ls_na_list *list, const char *value);
void ls_na_list_free(ls_na_list *list);

#endif
