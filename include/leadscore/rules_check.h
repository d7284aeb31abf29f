/* leadscore/rules_check.h: checking a rule set against data.
 *
 * A rule set can load and still be wrong for the leads it scores: a level
 * spelled as no lead spells it ("Studnet") never fires, and points of the
 * wrong sign push converting leads down. ls_rules_check_file() reads a CSV
 * once, scoring every lead with the rule set, and reports per rule how many
 * leads it fires on (its contribution is not zero), with a target the
 * conversion rate when it fires and when it does not, and every text value a
 * rule compares with that no cell of its column holds, with the closest level
 * by edit distance on level keys.
 *
 * Ownership: the result is the caller's, released with ls_rules_check_free()
 * (NULL is a no-op); its strings are its own. */
#ifndef LEADSCORE_RULES_CHECK_H
#define LEADSCORE_RULES_CHECK_H

#include <stddef.h>

#include "leadscore/error.h"
#include "leadscore/rules.h"

typedef struct {
    long fired;           /* leads the rule fires on */
    long converted_fired; /* of those, converted (with a target) */
    long converted_not;   /* converted among the leads it does not fire on */
    double rate_fired;    /* NAN without a target or when it never fires */
    double rate_not;      /* NAN without a target or when it always fires */
    int wrong_sign;       /* positive points and a lower rate when fired, or negative and higher */
} ls_rules_check_rule;

typedef struct {
    size_t rule;
    char *column;
    char *value;   /* as written in the rule set */
    char *closest; /* the nearest level as spelled in the data; "" when the column is empty */
    int contains;  /* the value is a 'contains' substring that no level holds */
} ls_rules_check_level;

typedef struct {
    long leads;
    int has_target;
    long converted;
    size_t n_rules; /* ls_rules_count() */
    ls_rules_check_rule *rules;
    size_t n_unknown;
    ls_rules_check_level *unknown;
    size_t n_wrong_sign;
} ls_rules_check;

/* Reads data_path (delimiter 0: detected) and checks rules against it; target
 * names the outcome column or is NULL. A column the rule set reads that the
 * file lacks is an LS_EDATA error naming every such column (line 1); a cell
 * that cannot be read names its line and column. */
int ls_rules_check_file(ls_rules *rules, const char *data_path, char delimiter, const char *target,
                        ls_rules_check **out, ls_error *err);

void ls_rules_check_free(ls_rules_check *check);

/* Levenshtein distance between a[0..na) and b[0..nb) (for "closest"). */
size_t ls_edit_distance(const char *a, size_t na, const char *b, size_t nb);

#endif
