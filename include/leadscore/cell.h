/* leadscore/cell.h: what one CSV cell means, the same in training and scoring.
 *
 * A cell is missing when it is empty after trimming or equals, ignoring case,
 * one of the placeholders (--na), which apply to every column or, given as
 * COLUMN=VALUE, to one column only. A number is what strtod reads in full,
 * after the decimal mark (',' with --decimal ,) and the thousands separator
 * (--thousands), if any, are put in C's terms; NaN and Inf are refused,
 * because a lead's behaviour is never infinite. A date is ISO YYYY-MM-DD,
 * optionally followed by a time that is ignored. */
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

/* Parses trimmed text as a finite number written the C way (1234.5). */
ls_cell_number_status ls_cell_parse_number(const char *text, size_t len, double *out);

/* How a file writes numbers: the decimal mark ('.' or ','; 0 reads as '.')
 * and the thousands separator (0 for none, or ',', '.', ' ', '\'', other
 * than the decimal mark). A separator must group the digits before the
 * decimal mark by three ("1,234,567.5"; "12,34" is text). */
typedef struct {
    char decimal;
    char thousands;
} ls_number_format;

/* ls_cell_parse_number() for numbers written as format says (NULL: the C
 * way). Under ',' a '.' is text unless it is the thousands separator. */
ls_cell_number_status ls_cell_parse_number_as(const char *text, size_t len, const ls_number_format *format,
                                              double *out);

/* For a cell that is text under format: the conventions under which it
 * would be a number, as bits: LS_CELL_ALT_DECIMAL with the other decimal
 * mark ("8,7" under '.', "8.7" under ','), LS_CELL_ALT_THOUSANDS with a
 * thousands separator format lacks ("1,234.5"); both when it takes both
 * ("1,234" is 1.234 or 1234; "1.234,5" under '.'). 0: text under all. */
enum { LS_CELL_ALT_DECIMAL = 1, LS_CELL_ALT_THOUSANDS = 2 };
int ls_cell_number_elsewhere(const char *text, size_t len, const ls_number_format *format);

/* Parses trimmed text as an ISO date; *days counts from 1970-01-01. 0 ok, -1 not a date. */
int ls_cell_parse_date(const char *text, size_t len, int32_t *days);

/* Writes days as YYYY-MM-DD into buf. */
void ls_cell_format_date(int32_t days, char buf[16]);

/* Splits a comma-separated list ("Select,N/A") into an ls_na_list; entries are
 * trimmed. Returns 0, or -1 when out of memory. */
int ls_na_list_parse(const char *spec, ls_na_list *out);
int ls_na_list_add(ls_na_list *list, const char *value);
void ls_na_list_free(ls_na_list *list);

/* Placeholders of single columns (--na pdays=-1: -1 is missing in pdays
 * only), kept apart from the list for every column. */
typedef struct {
    char **columns;
    char **values;
    size_t n;
} ls_column_na;

/* Adds value (trimmed) as a placeholder of column. 0, or -1 out of memory. */
int ls_column_na_add(ls_column_na *list, const char *column, const char *value);
void ls_column_na_free(ls_column_na *list);
/* 1 when list has placeholders of column. */
int ls_column_na_has(const ls_column_na *list, const char *column);
/* The placeholders of column: every entry of all plus column's own, as a new
 * list to release with ls_na_list_free(). 0, or -1 out of memory. */
int ls_na_list_for_column(const ls_na_list *all, const ls_column_na *own, const char *column, ls_na_list *out);

#endif
