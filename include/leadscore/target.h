/* leadscore/target.h: reading the outcome column.
 *
 * A lead converted or it did not: 1/0, yes/no, true/false, converted/not
 * converted (also "not"), trimmed and in any case. Anything else is refused,
 * so that a typo in the outcome never silently becomes a 0.
 *
 * CRMs write outcomes their own way ("Closed Won", "Won"/"Lost", a blank for
 * a lead still open). With a positive value, that value (trimmed, in any
 * case) is 1 and every other non-blank value 0. A blank outcome is no
 * outcome: an error unless the caller skips unlabelled rows (and counts
 * them). */
#ifndef LEADSCORE_TARGET_H
#define LEADSCORE_TARGET_H

#include <stddef.h>

/* Parses text[0..len) (need not be trimmed). Returns 0 and sets *out to 0 or
 * 1, or returns -1 when the text is not a binary outcome. */
int ls_target_parse(const char *text, size_t len, int *out);

typedef struct {
    const char *positive; /* NULL: the binary words above; else the value that means converted */
    int skip_unlabelled;  /* rows with a blank outcome are skipped (and counted), not an error */
} ls_target_options;

enum { LS_TARGET_INVALID = -1, LS_TARGET_UNLABELLED = -2 };

/* Reads an outcome cell under options (NULL: the defaults): 0 with *out 0
 * or 1; LS_TARGET_UNLABELLED for a blank cell (whatever skip_unlabelled
 * says: the caller skips or refuses); LS_TARGET_INVALID for a value that is
 * not an outcome (only without a positive value). */
int ls_target_read(const ls_target_options *options, const char *text, size_t len, int *out);

/* The words of an error about a cell ls_target_read() refused, e.g. "must be
 * binary (0/1, yes/no, ...)" or "is blank (no outcome)". */
const char *ls_target_problem(const ls_target_options *options, int status);

#endif
