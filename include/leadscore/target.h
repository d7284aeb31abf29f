/* leadscore/target.h: reading the outcome column.
 *
 * A lead converted or it did not: 1/0, yes/no, true/false, converted/not
 * converted (also "not"), trimmed and in any case. Anything else is refused,
 * so that a typo in the outcome never silently becomes a 0. */
#ifndef LEADSCORE_TARGET_H
#define LEADSCORE_TARGET_H

#include <stddef.h>

/* Parses text[0..len) (need not be trimmed). Returns 0 and sets *out to 0 or
 * 1, or returns -1 when the text is not a binary outcome. */
int ls_target_parse(const char *text, size_t len, int *out);

#endif
