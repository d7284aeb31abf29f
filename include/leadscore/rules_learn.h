/* leadscore/rules_learn.h: learning the points of an existing rule set.
 *
 * Issue 10 item 3, the seeds' monthly step ("find low scorers that converted
 * and high scorers that did not, and adjust your point distribution") done
 * by a logistic regression on the rule set's own conditions:
 *
 *   - One term per rule, its contribution per point (rules_units): 0/1 for a
 *     condition, the per-unit value capped at max / |points| units for a
 *     per_unit rule, and for a rule in a decaying group that times the decay
 *     factor 0.5^(days / half_life_days). Decay multiplies a group's sum, so
 *     it is additive in the points and is kept exactly.
 *   - What is not additive cannot be kept: group caps (a group's sum capped
 *     at its max) and the clamp of the total to [0, max_score]. The new rule
 *     set has no group caps; the result counts the training leads on which
 *     each cap bound under the old points, and the AUCs below say what
 *     dropping them costs or gains.
 *   - The fit is the project's one (ls_logit_fit on an in-memory dataset of
 *     the terms): maximum likelihood by default, so weights, standard errors
 *     and p-values agree with R's glm(family = binomial) on the same terms. A
 *     rule that never fires, always fires or is a combination of others is
 *     aliased (no weight, points 0).
 *   - Points: weight x scale, where scale = max_score / (range of the linear
 *     predictor without intercept over the training leads), so the new
 *     scores span 0 to max_score there. A rule "Base points" without a
 *     condition carries the offset that puts the lowest lead at 0 (omitted
 *     when it rounds to 0). Points are rounded: whole numbers for conditions
 *     and the base, tenths for per-unit points; a per-unit rule keeps its cap
 *     in units (new max = |new points| x old cap in units).
 *   - Calibration: a logistic regression of the outcome on the new rule set's
 *     unrounded clamped total (the "points" of the rule scorer's calibration),
 *     so probabilities match what the scorer computes from the new file.
 *
 * Ownership: ls_rules_learn() gives the caller a result to release with
 * ls_rules_learn_free() (NULL is a no-op); it owns all its strings. */
#ifndef LEADSCORE_RULES_LEARN_H
#define LEADSCORE_RULES_LEARN_H

#include <stddef.h>

#include "leadscore/error.h"

/* p-value above which a rule is flagged as having no evidence */
#define LS_RULES_LEARN_ALPHA 0.05

typedef struct {
    char delimiter;     /* 0: detect */
    const char *target; /* the binary outcome column (required) */
    double l2;          /* ridge penalty on standardized terms; 0 (default): maximum likelihood */
    int max_iterations; /* default 100 */
} ls_rules_learn_options;

void ls_rules_learn_options_init(ls_rules_learn_options *options);

typedef struct {
    char *label;
    int per_unit;           /* a per_unit rule */
    double unit_cap;        /* per_unit: the cap in units, INFINITY when none */
    double points;          /* as written in the old rule set */
    long fires;             /* training leads where its term is not 0 */
    int aliased;            /* no separate evidence: never/always fires or collinear */
    double weight;          /* log-odds per point-unit; 0 when aliased */
    double std_error, z, p_value; /* NAN when aliased */
    double suggested;       /* weight x scale, unrounded */
    double new_points;      /* rounded, as written to the new rule set */
    int wrong_sign;         /* learned weight of the opposite sign to the old points */
    int no_evidence;        /* p > LS_RULES_LEARN_ALPHA, or aliased */
} ls_rules_learn_rule;

typedef struct {
    char *name;
    double max;             /* the cap that was dropped */
    long leads_capped;      /* training leads whose old sum exceeded it */
} ls_rules_learn_group;

typedef struct {
    long leads, converted;
    double max_score;
    size_t n_rules;
    ls_rules_learn_rule *rules;
    double intercept, intercept_se;
    int iterations;
    double log_likelihood, null_deviance;
    double scale;           /* points per unit of log-odds (before rounding) */
    double base_points;     /* the "Base points" rule, 0 when none */
    double calibration_intercept, calibration_slope;
    /* what was not kept */
    size_t n_groups;        /* groups that had a cap */
    ls_rules_learn_group *groups;
    int decay_kept;         /* the rule set decays (kept exactly) */
    long old_clamped_low, old_clamped_high; /* old totals clamped to 0 / max_score */
    /* ranking on the training leads (AUC, ties counting half) */
    double auc_old;         /* old rules, as evaluate ranks them: the integer score
                             * (or the probability when it has a calibration) */
    double auc_new;         /* new rules as evaluate ranks them: the calibrated
                             * probability, i.e. the unrounded total */
    double auc_new_score;   /* new rules, integer score 0-max_score */
    double auc_fit;         /* the unrounded fit (linear predictor) */
    char *json;             /* the new rule set */
} ls_rules_learn_result;

/* Reads the rule set at rules_path and the labelled leads at data_path,
 * fits, and builds the new rule set (result->json; nothing is written).
 * Errors: those of ls_rules_load and of reading the CSV (a missing column or
 * target, a cell that cannot be read, a target that is not binary: file,
 * line and column), LS_EDATA when no rule separates any leads,
 * LS_ENOCONV when the fit does not converge or the data separate (then
 * options->l2 > 0 helps). */
int ls_rules_learn(const char *rules_path, const char *data_path, const ls_rules_learn_options *options,
                   ls_rules_learn_result **out, ls_error *err);

void ls_rules_learn_free(ls_rules_learn_result *result);

#endif
