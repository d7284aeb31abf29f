/* digits.h: an unsigned integer written in decimal without printf, whose
 * format parsing costs more than the rest of the per-lead and per-row loops
 * that write numbers (scores, record numbers, reasons, generated leads). */
#ifndef LEADSCORE_DIGITS_H
#define LEADSCORE_DIGITS_H

#include <stddef.h>

/* Writes v's digits to out (room for 20; no NUL) and returns how many. */
static inline size_t ls_put_digits(char *out, unsigned long long v)
{
    char digits[20];
    size_t d = 0, n = 0;
    do {
        digits[d++] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    while (d > 0) {
        out[n++] = digits[--d];
    }
    return n;
}

#endif
