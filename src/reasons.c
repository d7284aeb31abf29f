/* reasons.c: the one text form of a lead's reasons, shared by score's
 * reasons column and evaluate's misranked leads. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "leadscore/scorer.h"
#include "digits.h"

/* Writes v rounded to two decimals with its sign ("+1.92", "-0.05"):
 * printf's "%+.2f" costs more than scoring the lead. Past 1e15 the cents no
 * longer fit a long exactly, and such a reason is a curiosity: printf it. */
static size_t format_points(char *buf, size_t size, double v)
{
    if (!(fabs(v) < 1e15)) {
        int n = snprintf(buf, size, "%+.3g", v);
        return n > 0 ? (size_t)n < size ? (size_t)n : size - 1 : 0;
    }
    long cents = lround(fabs(v) * 100.0);
    size_t n = 0;
    buf[n++] = v < 0 && cents != 0 ? '-' : '+';
    n += ls_put_digits(buf + n, (unsigned long long)(cents / 100));
    buf[n++] = '.';
    buf[n++] = (char)('0' + (cents / 10) % 10);
    buf[n++] = (char)('0' + cents % 10);
    return n;
}

size_t ls_reasons_format(const ls_reason *reasons, size_t n, char *buf, size_t size)
{
    size_t used = 0;
    for (size_t r = 0; r < n; r++) {
        size_t len = strlen(reasons[r].term);
        if (used + len + 32 > size) {
            break;
        }
        if (r > 0) {
            buf[used++] = ';';
            buf[used++] = ' ';
        }
        memcpy(buf + used, reasons[r].term, len);
        used += len;
        buf[used++] = ' ';
        used += format_points(buf + used, size - used, reasons[r].contribution);
    }
    buf[used] = '\0';
    return used;
}
