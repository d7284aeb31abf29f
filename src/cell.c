/* cell.c: missing values, numbers and dates in CSV cells. */
#define _POSIX_C_SOURCE 200809L
#include "leadscore/cell.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "leadscore/levels.h"

int ls_cell_is_missing(const char *text, size_t len, const ls_na_list *na)
{
    if (len == 0) {
        return 1;
    }
    for (size_t i = 0; na != NULL && i < na->n; i++) {
        if (strlen(na->values[i]) == len && strncasecmp(na->values[i], text, len) == 0) {
            return 1;
        }
    }
    return 0;
}

ls_cell_number_status ls_cell_parse_number(const char *text, size_t len, double *out)
{
    char buf[64];
    if (len == 0 || len >= sizeof buf) {
        return LS_CELL_TEXT;
    }
    /* Fast path for plain non-negative integers, the commonest behaviour cell. */
    if (len < 16) {
        long long v = 0;
        size_t i = 0;
        while (i < len && text[i] >= '0' && text[i] <= '9') {
            v = v * 10 + (text[i] - '0');
            i++;
        }
        if (i == len) {
            *out = (double)v;
            return LS_CELL_NUMBER;
        }
    }
    /* strtod needs a terminated string and accepts hex, "nan" and "inf";
     * refuse every letter but an exponent before asking it, and look for
     * nan/inf only in cells that start like them. */
    char first = text[text[0] == '-' || text[0] == '+' ? (len > 1 ? 1 : 0) : 0];
    size_t body_len = len - (text[0] == '-' || text[0] == '+');
    if ((first == 'n' || first == 'N' || first == 'i' || first == 'I') && (body_len == 3 || body_len == 8)) {
        memcpy(buf, text, len);
        buf[len] = '\0';
        const char *body = buf + (buf[0] == '-' || buf[0] == '+');
        if (strcasecmp(body, "nan") == 0 || strcasecmp(body, "inf") == 0 || strcasecmp(body, "infinity") == 0) {
            return LS_CELL_NONFINITE;
        }
        return LS_CELL_TEXT;
    }
    if (first > '9') {
        return LS_CELL_TEXT;
    }
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
            return LS_CELL_TEXT;
        }
    }
    memcpy(buf, text, len);
    buf[len] = '\0';
    char *end = NULL;
    errno = 0;
    double v = strtod(buf, &end);
    if (end != buf + len) {
        return LS_CELL_TEXT;
    }
    if (!isfinite(v)) {
        return LS_CELL_NONFINITE;
    }
    *out = v;
    return LS_CELL_NUMBER;
}

/* Rewrites text as C's strtod wants it into buf (size n): the decimal mark
 * becomes '.', thousands separators go after their grouping is checked.
 * Returns the new length, or 0 when the text cannot be a number so written. */
static size_t normalize_number(const char *text, size_t len, char decimal, char thousands, char *buf, size_t n)
{
    size_t out = 0, group = 0, groups = 0;
    int in_integer = 1, digits_seen = 0;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (out + 1 >= n) {
            return 0;
        }
        if (in_integer && thousands != 0 && c == thousands) {
            /* the first group has 1 to 3 digits, every later one 3 */
            if (!digits_seen || (groups == 0 ? group > 3 : group != 3)) {
                return 0;
            }
            groups++;
            group = 0;
            continue;
        }
        if (c >= '0' && c <= '9') {
            group++;
            digits_seen = 1;
        } else if (c == decimal) {
            c = '.';
            if (in_integer && groups > 0 && group != 3) {
                return 0;
            }
            in_integer = 0;
        } else if (c == '.' || c == ',') {
            return 0; /* a mark this format does not use */
        } else if (c == 'e' || c == 'E') {
            if (in_integer && groups > 0 && group != 3) {
                return 0;
            }
            in_integer = 0;
        }
        buf[out++] = c;
    }
    if (in_integer && groups > 0 && group != 3) {
        return 0;
    }
    buf[out] = '\0';
    return out;
}

ls_cell_number_status ls_cell_parse_number_as(const char *text, size_t len, const ls_number_format *format,
                                              double *out)
{
    char decimal = format != NULL && format->decimal != 0 ? format->decimal : '.';
    char thousands = format != NULL ? format->thousands : 0;
    if (decimal == '.' && thousands == 0) {
        return ls_cell_parse_number(text, len, out);
    }
    char buf[64];
    size_t n = len < sizeof buf ? normalize_number(text, len, decimal, thousands, buf, sizeof buf) : 0;
    if (n == 0) {
        /* "nan" and "inf" stay refused whatever the format */
        return ls_cell_parse_number(text, len, out) == LS_CELL_NONFINITE ? LS_CELL_NONFINITE : LS_CELL_TEXT;
    }
    return ls_cell_parse_number(buf, n, out);
}

int ls_cell_number_elsewhere(const char *text, size_t len, const ls_number_format *format)
{
    char decimal = format != NULL && format->decimal != 0 ? format->decimal : '.';
    char thousands = format != NULL ? format->thousands : 0;
    double v;
    /* Only cells with a mark in them, and made of nothing else than digits,
     * signs, exponents and marks: whatever the format, a number is what
     * ls_cell_parse_number() reads once the marks are put in C's terms, and
     * it reads nothing else. One look at each byte settles the text cells of
     * a categorical column ("Email Campaign"), which are most of those that
     * come here, without trying the formats one by one. */
    int has_mark = 0;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == ',' || c == '.' || c == ' ' || c == '\'') {
            has_mark = 1;
        } else if (!((c >= '0' && c <= '9') || c == '+' || c == '-' || c == 'e' || c == 'E')) {
            return 0;
        }
    }
    if (!has_mark) {
        return 0;
    }
    char other = decimal == '.' ? ',' : '.';
    int found = 0;
    ls_number_format f = {other, 0};
    if (thousands != other && ls_cell_parse_number_as(text, len, &f, &v) == LS_CELL_NUMBER) {
        found |= LS_CELL_ALT_DECIMAL;
    }
    static const char separators[] = {',', '.', ' ', '\''};
    for (size_t k = 0; k < sizeof separators; k++) {
        char sep = separators[k];
        if (sep == thousands || memchr(text, sep, len) == NULL) {
            continue;
        }
        /* grouped under this file's decimal mark, or under the other one
         * ("1.234,5" in a file read with the decimal point) */
        ls_number_format same = {decimal, sep}, swapped = {other, sep};
        if (sep != decimal && ls_cell_parse_number_as(text, len, &same, &v) == LS_CELL_NUMBER) {
            found |= LS_CELL_ALT_THOUSANDS;
        }
        if (sep != other && ls_cell_parse_number_as(text, len, &swapped, &v) == LS_CELL_NUMBER) {
            found |= LS_CELL_ALT_DECIMAL | LS_CELL_ALT_THOUSANDS;
        }
    }
    return found;
}

/* Days from 1970-01-01 (Howard Hinnant's days_from_civil). */
static int32_t days_from_civil(int y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int32_t)doe - 719468;
}

int ls_cell_parse_date(const char *text, size_t len, int32_t *days)
{
    if (len < 10 || text[4] != '-' || text[7] != '-' || (len > 10 && text[10] != ' ' && text[10] != 'T')) {
        return -1;
    }
    int digits[8];
    const int pos[8] = {0, 1, 2, 3, 5, 6, 8, 9};
    for (int k = 0; k < 8; k++) {
        char c = text[pos[k]];
        if (c < '0' || c > '9') {
            return -1;
        }
        digits[k] = c - '0';
    }
    int y = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3];
    unsigned m = (unsigned)(digits[4] * 10 + digits[5]);
    unsigned d = (unsigned)(digits[6] * 10 + digits[7]);
    static const unsigned month_days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1 || d > month_days[m - 1]) {
        return -1;
    }
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m == 2 && d == 29 && !leap) {
        return -1;
    }
    *days = days_from_civil(y, m, d);
    return 0;
}

void ls_cell_format_date(int32_t z, char buf[16])
{
    z += 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int y0 = (int)yoe + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const int y = y0 + (m <= 2);
    snprintf(buf, 16, "%04d-%02u-%02u", y % 10000, m % 100, d % 100);
}

int ls_na_list_add(ls_na_list *list, const char *value)
{
    const char *start;
    size_t n = ls_trim(value, strlen(value), &start);
    char **grown = realloc(list->values, (list->n + 1) * sizeof *grown);
    if (grown == NULL) {
        return -1;
    }
    list->values = grown;
    char *copy = malloc(n + 1);
    if (copy == NULL) {
        return -1;
    }
    memcpy(copy, start, n);
    copy[n] = '\0';
    list->values[list->n++] = copy;
    return 0;
}

int ls_na_list_parse(const char *spec, ls_na_list *out)
{
    const char *p = spec;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);
        char *item = malloc(len + 1);
        if (item == NULL) {
            return -1;
        }
        memcpy(item, p, len);
        item[len] = '\0';
        int status = ls_na_list_add(out, item);
        free(item);
        if (status != 0) {
            return -1;
        }
        if (comma == NULL) {
            return 0;
        }
        p = comma + 1;
    }
}

void ls_na_list_free(ls_na_list *list)
{
    for (size_t i = 0; i < list->n; i++) {
        free(list->values[i]);
    }
    free(list->values);
    list->values = NULL;
    list->n = 0;
}

int ls_column_na_add(ls_column_na *list, const char *column, const char *value)
{
    const char *start;
    size_t n = ls_trim(value, strlen(value), &start);
    char **columns = realloc(list->columns, (list->n + 1) * sizeof *columns);
    if (columns == NULL) {
        return -1;
    }
    list->columns = columns;
    char **values = realloc(list->values, (list->n + 1) * sizeof *values);
    if (values == NULL) {
        return -1;
    }
    list->values = values;
    char *c = strdup(column), *v = strndup(start, n);
    if (c == NULL || v == NULL) {
        free(c);
        free(v);
        return -1;
    }
    list->columns[list->n] = c;
    list->values[list->n++] = v;
    return 0;
}

void ls_column_na_free(ls_column_na *list)
{
    for (size_t i = 0; i < list->n; i++) {
        free(list->columns[i]);
        free(list->values[i]);
    }
    free(list->columns);
    free(list->values);
    memset(list, 0, sizeof *list);
}

int ls_column_na_has(const ls_column_na *list, const char *column)
{
    for (size_t i = 0; list != NULL && i < list->n; i++) {
        if (strcmp(list->columns[i], column) == 0) {
            return 1;
        }
    }
    return 0;
}

int ls_na_list_for_column(const ls_na_list *all, const ls_column_na *own, const char *column, ls_na_list *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; all != NULL && i < all->n; i++) {
        if (ls_na_list_add(out, all->values[i]) != 0) {
            ls_na_list_free(out);
            return -1;
        }
    }
    for (size_t i = 0; own != NULL && i < own->n; i++) {
        if (strcmp(own->columns[i], column) == 0 && ls_na_list_add(out, own->values[i]) != 0) {
            ls_na_list_free(out);
            return -1;
        }
    }
    return 0;
}
