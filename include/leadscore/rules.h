/* leadscore/rules.h: hand-written points rule sets.
 *
 * A rule set is the scoring model most marketing teams already have ("demo
 * request +50, student -20"), written as JSON:
 *
 *   {"format": "leadscore-rules", "version": 1, "name": "...",
 *    "bands": "Prospect:0,Lead:11,MQL:41,SQL:71", "max_score": 100,
 *    "na": ["Select"], "groups": [{"name": "engagement", "max": 60}],
 *    "decay": {"column": "days_since_last_activity", "half_life_days": 30,
 *              "groups": ["engagement"]},
 *    "rules": [{"label": "Demo requested",
 *               "when": {"column": "demo_requested", "equals": "yes"},
 *               "points": 50, "group": "engagement"}, ...]}
 *
 * Semantics (issue 10; README.md "Rule sets" works one lead through them):
 *   - A condition is {"column": C, OP: V}, OP one of equals (a JSON string
 *     compares as text, a number numerically), in (a list of such values),
 *     contains (text), at_least, at_most, greater_than, less_than (numbers),
 *     between ([lo, hi], inclusive), missing (true/false); or {"all": [...]},
 *     {"any": [...]}, {"not": {...}}.
 *   - Text compares as the learned models compare levels (ls_level_key:
 *     trimmed, white space folded, case-insensitive). A cell that is empty or
 *     one of the "na" placeholders is missing: it satisfies no comparison,
 *     only missing: true (and a "not" around something it fails).
 *   - A column that any rule compares with a number (or reads with per_unit,
 *     or the decay column) must hold a number or be missing in every lead;
 *     otherwise the lead is an LS_EPARSE error naming that column, whether or
 *     not the comparison would have been reached.
 *   - A rule's contribution: points when its "when" holds (no "when": always);
 *     with per_unit COL, points x the value of COL (missing: 0); then at most
 *     "max" in magnitude.
 *   - Score: each group's sum is capped above at the group's max; the groups
 *     named by decay are multiplied by 0.5^(days / half_life_days) (missing or
 *     negative days: no decay); groups (in declaration order) and then
 *     ungrouped rules (in rule order) are added; the total is clamped to
 *     [0, max_score] and rounded half away from zero.
 *   - A rule "fires" on a lead when its contribution is not zero.
 *   - Probability: only with a "calibration" {"intercept": a, "slope": b}:
 *     1 / (1 + exp(-(a + b x points))), points the clamped unrounded total.
 *
 * An ls_rules holds the rule set and, once bound to column names, per-lead
 * working space (the last lead's contributions): one thread at a time.
 *
 * Ownership: ls_rules_load() and ls_rules_parse() give the caller a rule set
 * to release with ls_rules_free() (NULL is a no-op); on failure *out is left
 * untouched. Strings returned are borrowed and live as long as the rule set. */
#ifndef LEADSCORE_RULES_H
#define LEADSCORE_RULES_H

#include <stddef.h>

#include "leadscore/bands.h"
#include "leadscore/cell.h"
#include "leadscore/error.h"

#define LS_RULES_FORMAT "leadscore-rules"
#define LS_RULES_VERSION 1

typedef struct ls_rules ls_rules;

/* Reads and validates a rule set. A JSON syntax error is LS_EPARSE naming the
 * file, line and column; a meaning error (wrong format, newer version,
 * unknown operator or group, duplicate label, between with lo > hi, a
 * condition with two operators, a value of the wrong type) is LS_EDATA
 * naming the rule by index (from 1) and label. */
int ls_rules_load(const char *path, ls_rules **out, ls_error *err);

/* The same from text[0..len); path is only used in messages (may be NULL). */
int ls_rules_parse(const char *text, size_t len, const char *path, ls_rules **out, ls_error *err);

void ls_rules_free(ls_rules *rules);

const char *ls_rules_name(const ls_rules *rules); /* "" when the file has none */
const ls_bands *ls_rules_bands(const ls_rules *rules);
double ls_rules_max_score(const ls_rules *rules);
const ls_na_list *ls_rules_na(const ls_rules *rules);
/* 1 when the file carries a calibration (then probabilities are given). */
int ls_rules_has_calibration(const ls_rules *rules);

size_t ls_rules_count(const ls_rules *rules);
const char *ls_rules_label(const ls_rules *rules, size_t rule);
double ls_rules_points(const ls_rules *rules, size_t rule);
/* The rule's per_unit column, or NULL. */
const char *ls_rules_per_unit(const ls_rules *rules, size_t rule);

/* The columns the rule set reads, each once, in order of first mention. */
size_t ls_rules_n_columns(const ls_rules *rules);
const char *ls_rules_column(const ls_rules *rules, size_t column);
/* 1 when a rule mentions column (through its condition or per_unit). */
int ls_rules_mentions(const ls_rules *rules, size_t rule, size_t column);

/* The text values rules compare a column with (equals, in, contains), for
 * checking them against data. *contains says the value is a substring. */
typedef struct {
    size_t rule;
    size_t column;
    const char *value; /* as written in the file */
    const char *key;   /* ls_level_key of value */
    int contains;
} ls_rules_text_value;
size_t ls_rules_n_text_values(const ls_rules *rules);
const ls_rules_text_value *ls_rules_text_value_at(const ls_rules *rules, size_t i);

/* Matches the rule set's columns to names[0..n_names) (exact names; others
 * are ignored). Every missing column is named in one LS_EDATA error, each
 * with the first rule that needs it. */
int ls_rules_bind(ls_rules *rules, const char *const *names, size_t n_names, ls_error *err);

typedef struct {
    double points;      /* the total after caps, decay and clamping, unrounded */
    int score;          /* points rounded half away from zero */
    double probability; /* NAN without a calibration */
} ls_rules_score;

/* Scores one lead from cells in the bound order (cells[j] of lengths[j]
 * bytes, never NULL; need not be trimmed). Errors name the column as
 * err->column = j + 1 and no file or line. Afterwards
 * ls_rules_contribution() gives each rule's contribution for this lead. */
int ls_rules_score_cells(ls_rules *rules, const char *const *cells, const size_t *lengths, ls_rules_score *out,
                         ls_error *err);

/* The rule's contribution to the last lead scored (0: it did not fire). */
double ls_rules_contribution(const ls_rules *rules, size_t rule);

#endif
