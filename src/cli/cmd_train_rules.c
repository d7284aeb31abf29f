/* cmd_train_rules.c: 'leadscore train --from-rules' (and 'rules learn'), a
 * thin caller of ls_rules_learn() that prints, per rule, the old points, the
 * learned weight with its standard error and p-value and the new points, what
 * could not be kept and what the change does to the ranking, then writes the
 * new rule set. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd_train_rules.h"
#include "leadscore/fileio.h"
#include "leadscore/rules_learn.h"

static const char usage[] =
    "usage: leadscore train --from-rules RULES --data FILE --target COL --out NEW_RULES.json [options]\n"
    "       leadscore rules learn RULES --data FILE --target COL --out NEW_RULES.json [options]\n"
    "\n"
    "Learns the points of a hand-written rule set from labelled leads: a logistic\n"
    "regression of COL on the rules' own conditions, one term per rule (fired or\n"
    "not; for a per_unit rule its capped value; in a decaying group, times the\n"
    "decay). Prints per rule the current points, the learned weight with its\n"
    "standard error and p-value and the new points, and flags rules whose weight\n"
    "has the wrong sign or no evidence (p > 0.05). Writes a rule set with the same\n"
    "conditions and the new points, scaled so its scores span 0 to max_score over\n"
    "these leads (a 'Base points' rule carries the offset), with a calibration so\n"
    "it gives probabilities. Group caps cannot be kept (they are not additive) and\n"
    "are dropped; decay is kept exactly. The ranking before and after is printed\n"
    "as AUC on the same leads: old rules, new rules, and the unrounded fit.\n"
    "\n"
    "options:\n"
    "  --data FILE            labelled leads ('-': stdin)\n"
    "  --target COL           the binary outcome column (0/1, yes/no, true/false)\n"
    "  --out FILE             the new rule set (written atomically)\n"
    "  --l2 LAMBDA            ridge penalty on standardized terms (default 0: maximum\n"
    "                         likelihood, whose standard errors and p-values match R's glm)\n"
    "  --max-iterations N     Newton iterations before giving up (default 100)\n"
    "  --delimiter D          ',', ';', '|' or 'tab' (default: detected)\n"
    "  --quiet                no closing line on stderr\n"
    "  -h, --help             this help\n";

static void print_p(double p)
{
    if (isnan(p)) {
        printf(" %9s", "-");
    } else if (p < 1e-4) {
        printf(" %9s", "<0.0001");
    } else {
        printf(" %9.4f", p);
    }
}

static void print_result(const char *rules_path, const char *data_path, const ls_rules_learn_result *res)
{
    printf("learned points for %s from %s: %ld leads, %ld converted (%.2f%%)\n\n", rules_path, data_path, res->leads,
           res->converted, 100.0 * (double)res->converted / (double)res->leads);
    printf("%3s %-32s %10s %8s %9s %9s %9s %9s %9s  %s\n", "#", "rule", "points", "fires", "weight", "std.err",
           "p", "suggested", "new", "flags");
    size_t wrong = 0, weak = 0;
    for (size_t i = 0; i < res->n_rules; i++) {
        const ls_rules_learn_rule *r = &res->rules[i];
        char old[32], sugg[32], now[32];
        const char *unit = r->per_unit ? "/u" : "";
        snprintf(old, sizeof old, "%+g%s", r->points, unit);
        snprintf(sugg, sizeof sugg, "%+.1f%s", r->suggested, unit);
        snprintf(now, sizeof now, "%+g%s", r->new_points, unit);
        printf("%3zu %-32.32s %10s %8ld", i + 1, r->label, old, r->fires);
        if (r->aliased) {
            printf(" %9s %9s %9s", "aliased", "-", "-");
        } else {
            printf(" %9.4f %9.4f", r->weight, r->std_error);
            print_p(r->p_value);
        }
        printf(" %9s %9s ", sugg, now);
        if (r->wrong_sign) {
            printf(" wrong sign");
            wrong++;
        }
        if (r->aliased) {
            printf(" no evidence (%s)", r->fires == 0 ? "never fires" : r->fires == res->leads ? "always fires"
                                                                                                : "collinear");
            weak++;
        } else if (r->no_evidence) {
            printf(" no evidence (p > %.2f)", LS_RULES_LEARN_ALPHA);
            weak++;
        }
        printf("\n");
    }
    printf("%3s %-32s %10s %8s %9.4f %9.4f\n", "", "(Intercept)", "", "", res->intercept, res->intercept_se);
    if (res->base_points != 0.0) {
        printf("%3s %-32s %10s %8s %9s %9s %9s %9s %+9g\n", "", "Base points (added, no condition)", "", "", "", "",
               "", "", res->base_points);
    }
    printf("\nscale: %.4g points per unit of log-odds, so scores span 0-%g over these leads; "
           "per-unit points rounded to tenths, others to whole points\n",
           res->scale, res->max_score);
    printf("calibration: probability = 1 / (1 + exp(-(%.6g + %.6g x points)))\n", res->calibration_intercept,
           res->calibration_slope);
    printf("\nnot kept:\n");
    if (res->n_groups == 0) {
        printf("  nothing: the rule set has no group caps\n");
    }
    for (size_t g = 0; g < res->n_groups; g++) {
        printf("  group cap '%s' (max %g): not additive, dropped; it bound on %ld leads (%.2f%%)\n",
               res->groups[g].name, res->groups[g].max, res->groups[g].leads_capped,
               100.0 * (double)res->groups[g].leads_capped / (double)res->leads);
    }
    printf("  the old clamp to 0-%g cut %ld leads at 0 and %ld at %g; the new points are scaled to fit it\n",
           res->max_score, res->old_clamped_low, res->old_clamped_high, res->max_score);
    if (res->decay_kept) {
        printf("  (decay is kept exactly: it multiplies a group's sum, so it is additive in the points)\n");
    }
    printf("\nranking on these %ld leads (AUC):\n", res->leads);
    printf("  old rules             %.4f\n", res->auc_old);
    printf("  new rules             %.4f  (%+.4f; integer score %.4f)\n", res->auc_new, res->auc_new - res->auc_old,
           res->auc_new_score);
    printf("  unrounded fit         %.4f  (rounding costs %.4f)\n", res->auc_fit, res->auc_fit - res->auc_new);
    if (wrong + weak > 0) {
        printf("\n%zu rule%s with the wrong sign, %zu with no evidence (p > %.2f or aliased): review them\n", wrong,
               wrong == 1 ? "" : "s", weak, LS_RULES_LEARN_ALPHA);
    }
}

int cmd_train_rules(int argc, char **argv, const char *command)
{
    enum { OPT_FROM = 1, OPT_DATA, OPT_TARGET, OPT_OUT, OPT_L2, OPT_MAX_ITER, OPT_DELIMITER, OPT_QUIET };
    static const struct option options[] = {{"from-rules", required_argument, NULL, OPT_FROM},
                                            {"data", required_argument, NULL, OPT_DATA},
                                            {"target", required_argument, NULL, OPT_TARGET},
                                            {"out", required_argument, NULL, OPT_OUT},
                                            {"l2", required_argument, NULL, OPT_L2},
                                            {"max-iterations", required_argument, NULL, OPT_MAX_ITER},
                                            {"delimiter", required_argument, NULL, OPT_DELIMITER},
                                            {"quiet", no_argument, NULL, OPT_QUIET},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    ls_rules_learn_options o;
    ls_rules_learn_options_init(&o);
    const char *rules = NULL, *data = NULL, *out = NULL;
    int positional = strcmp(command, "train") != 0; /* rules learn RULES */
    long v = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case OPT_FROM:
            if (positional) {
                return cli_usage_error(command, "the rule set is the argument, not --from-rules");
            }
            rules = optarg;
            break;
        case OPT_DATA:
            data = optarg;
            break;
        case OPT_TARGET:
            o.target = optarg;
            break;
        case OPT_OUT:
            out = optarg;
            break;
        case OPT_L2:
            if (cli_parse_double_in(command, "--l2", optarg, 0, HUGE_VAL, "a number >= 0", &o.l2)) {
                return LS_EXIT_USAGE;
            }
            break;
        case OPT_MAX_ITER:
            if (cli_parse_long(command, "--max-iterations", optarg, 1, 10000, &v)) {
                return LS_EXIT_USAGE;
            }
            o.max_iterations = (int)v;
            break;
        case OPT_DELIMITER:
            if (cli_parse_delimiter(command, optarg, &o.delimiter) != 0) {
                return LS_EXIT_USAGE;
            }
            break;
        case OPT_QUIET:
            cli_quiet = 1;
            break;
        case 'h':
            fputs(usage, stdout);
            return LS_EXIT_OK;
        default:
            return cli_bad_option(command, argv);
        }
    }
    if (positional && optind == argc - 1) {
        rules = argv[optind++];
    }
    if (cli_no_more_arguments(command, argc, argv) != 0) {
        return LS_EXIT_USAGE;
    }
    if (rules == NULL || data == NULL || o.target == NULL || out == NULL) {
        return cli_usage_error(command, "%s, --data, --target and --out are required",
                               positional ? "a rule set" : "--from-rules");
    }
    ls_error err;
    ls_error_clear(&err);
    const char *inputs[] = {rules, data};
    if (cli_check_outputs(&out, 1, inputs, 2, &err) != LS_OK) {
        return cli_report(&err);
    }
    ls_rules_learn_result *res = NULL;
    int status = ls_rules_learn(rules, data, &o, &res, &err);
    if (status == LS_OK) {
        status = ls_write_text_file(out, res->json, &err);
    }
    if (status != LS_OK) {
        ls_rules_learn_free(res);
        return cli_report(&err);
    }
    print_result(rules, data, res);
    ls_rules_learn_free(res);
    if (cli_finish_stdout() != 0) {
        return LS_EXIT_DATA;
    }
    if (!cli_quiet) {
        fprintf(stderr, "leadscore: rule set with learned points written to %s\n", out);
    }
    return LS_EXIT_OK;
}
