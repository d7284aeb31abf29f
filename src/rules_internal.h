/* rules_internal.h: the parsed form of a rule set, shared by rules_load.c
 * (which builds it), rules_eval.c (which scores with it) and the scorer and
 * check modules. Conditions are a flat array of nodes; a node's children are
 * a run of indices in child[]. */
#ifndef LEADSCORE_RULES_INTERNAL_H
#define LEADSCORE_RULES_INTERNAL_H

#include <cjson/cJSON.h>

#include "leadscore/levels.h"
#include "leadscore/rules.h"

typedef enum {
    RULE_EQUALS, /* text keys and/or numbers: equals and in */
    RULE_CONTAINS,
    RULE_AT_LEAST,
    RULE_AT_MOST,
    RULE_GREATER,
    RULE_LESS,
    RULE_BETWEEN,
    RULE_MISSING,
    RULE_ALL,
    RULE_ANY,
    RULE_NOT
} rule_op;

typedef struct {
    rule_op op;
    size_t column;     /* index into rules->columns (comparisons) */
    double lo, hi;     /* the number(s) of at_least ... between */
    int missing;       /* missing: the value asked for */
    size_t first, n;   /* comparisons: values[first..first+n) (RULE_EQUALS, RULE_CONTAINS);
                          all/any/not: child[first..first+n) */
    size_t slot;       /* comparisons: index among its column's leaves (set by bind) */
} rule_node;

/* One value of equals/in/contains: text (by key) or a number. */
typedef struct {
    int is_number;
    double number;
    char *key;
    size_t key_len;
} rule_value;

typedef struct {
    char *label;
    double points;
    double max;     /* magnitude cap, < 0 when none */
    long when;      /* root node, -1: always */
    long per_unit;  /* column index, -1: none */
    long group;     /* group index, -1: ungrouped */
} rule_def;

typedef struct {
    char *name;
    double max; /* cap on the sum, INFINITY when none */
    int decays;
} rule_group;

/* A cell spelling seen before (the column's spellings dictionary holds it
 * as written), prepared. */
typedef struct {
    int is_missing;
    double value;
    double decay; /* the decay factor it gives (the decay column), else 1 */
    char *key;
    size_t key_len;
} rule_spelling;

typedef struct {
    char *name;
    int numeric; /* compared with a number, read by per_unit or decay */
    int text;    /* compared with text */
    long bound;  /* position in the bound names, -1 before bind */
    size_t first_rule; /* the first rule naming it (for messages); SIZE_MAX: decay */
    /* the current lead */
    int is_missing;
    double value;
    double decay;      /* 0.5^(value / half_life_days) for the decay column, else 1 */
    const char *key;   /* level key (text columns): in the cache or scratch */
    size_t key_len;
    const unsigned char *result; /* per leaf: whether it holds for this cell */
    /* the comparisons on this column (nodes), each judged once per cell */
    size_t *leaves;
    size_t n_leaves;
    /* cell spellings as written -> what they prepare to: a column holds few
     * distinct cells, so most leads cost one hash lookup per column */
    ls_levels *spellings;
    rule_spelling *sp;
    unsigned char *sp_result; /* n_leaves per spelling */
    size_t sp_cap;
    char *scratch;     /* a cell not cached: its key and leaf results */
    size_t scratch_cap;
    unsigned char *scratch_result;
} rule_column;

struct ls_rules {
    char *name;
    ls_bands bands;
    double max_score;
    ls_na_list na;
    int has_calibration;
    double cal_intercept, cal_slope;

    rule_def *rules;
    size_t n_rules;
    rule_group *groups;
    size_t n_groups;
    rule_column *columns;
    size_t n_columns;
    rule_node *nodes;
    size_t n_nodes, cap_nodes;
    size_t *child;
    size_t n_child, cap_child;
    rule_value *values;
    size_t n_values, cap_values;
    ls_rules_text_value *text_values;
    size_t n_text_values, cap_text_values;

    long decay_column; /* -1: no decay */
    double half_life_days;

    int bound;
    double *contribution; /* per rule, the last lead */
    double *group_sum;    /* per group, working space */
};

/* Most distinct spellings cached per column; past them cells are prepared
 * each time (a free-text or ID-like column). */
#define RULES_MAX_SPELLINGS 4096

/* Releases a column's cache and working space (ls_rules_free, rebinding). */
void rules_column_release(rule_column *col);

/* Builds a rule set from a parsed tree (read only); path is for messages. */
int ls_rules_from_json(const cJSON *root, const char *path, ls_rules **out, ls_error *err);

/* For learning points (rules_learn.c), about the last lead scored: */
/* the decay factor, 0.5^(days / half_life_days), 1 without decay */
double rules_decay_factor(const ls_rules *rules);
/* the rule's per-unit cap in units (max / |points|), INFINITY when none */
double rules_unit_cap(const rule_def *rule);
/* per rule, its contribution per point: 0/1 for a condition, the capped
 * per-unit value for per_unit, times the decay factor in a decaying group.
 * Additive in the points (group caps and the clamp aside). */
void rules_units(const ls_rules *rules, double *unit);

#endif
