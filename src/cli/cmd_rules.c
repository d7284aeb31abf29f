/* cmd_rules.c: 'leadscore rules check', a thin caller of ls_rules_load() and
 * ls_rules_check_file() that prints what they found. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd_train_rules.h"
#include "commands.h"
#include "leadscore/rules.h"
#include "leadscore/rules_check.h"

static const char usage[] =
    "usage: leadscore rules check RULES [--data FILE [--target COL]] [--delimiter D]\n"
    "       leadscore rules learn RULES --data FILE --target COL --out NEW_RULES.json\n"
    "                                   (learn the points: see 'leadscore rules learn --help')\n"
    "\n"
    "Validates a points rule set (JSON, \"format\": \"leadscore-rules\"): a JSON error\n"
    "names its line and column, a meaning error (unknown operator or group,\n"
    "duplicate label, between with lo > hi, two operators in one condition) the\n"
    "rule by number and label.\n"
    "\n"
    "With --data, scores every lead of FILE with the rule set and shows how many\n"
    "leads each rule fires on; every column a rule reads must exist, and every\n"
    "text value a rule compares with must occur in its column (else the closest\n"
    "level is named: a value no lead holds is almost always a typo). With\n"
    "--target, also the conversion rate when each rule fires and when it does not,\n"
    "and the rules whose points point the wrong way (positive points but lower\n"
    "conversion when fired, or negative and higher).\n"
    "\n"
    "options:\n"
    "  --data FILE            leads to check the rule set against ('-': stdin)\n"
    "  --target COL           the binary outcome column (0/1, yes/no, true/false)\n"
    "  --delimiter D          ',', ';', '|' or 'tab' (default: detected)\n"
    "  -h, --help             this help\n"
    "\n"
    "Exit codes: 0 valid and no problem found; 1 an invalid rule set or file, or\n"
    "a problem found (unknown levels, wrong signs: listed on stdout, counted in\n"
    "one line on stderr); 2 usage error.\n";

static void print_rate(double rate)
{
    if (isnan(rate)) {
        printf(" %9s", "n/a");
    } else {
        printf(" %8.2f%%", 100.0 * rate);
    }
}

static void print_points(const ls_rules *rules, size_t i)
{
    char buf[48];
    const char *unit = ls_rules_per_unit(rules, i);
    snprintf(buf, sizeof buf, "%+g%s", ls_rules_points(rules, i), unit != NULL ? "/unit" : "");
    printf(" %10s", buf);
}

static int print_check(const char *path, const ls_rules *rules, const ls_rules_check *c)
{
    printf("\n%ld leads", c->leads);
    if (c->has_target) {
        printf(", %ld converted (%.2f%%)", c->converted, 100.0 * (double)c->converted / (double)c->leads);
    }
    printf("\n\n%3s %-32s %10s %8s %7s", "#", "rule", "points", "fires", "fires%");
    if (c->has_target) {
        printf(" %9s %9s", "conv.when", "conv.not");
    }
    printf("\n");
    for (size_t i = 0; i < c->n_rules; i++) {
        const ls_rules_check_rule *k = &c->rules[i];
        printf("%3zu %-32.32s", i + 1, ls_rules_label(rules, i));
        print_points(rules, i);
        printf(" %8ld %6.2f%%", k->fired, 100.0 * (double)k->fired / (double)c->leads);
        if (c->has_target) {
            print_rate(k->rate_fired);
            print_rate(k->rate_not);
            if (k->wrong_sign) {
                printf("  wrong sign");
            }
        }
        printf("\n");
    }
    size_t problems = c->n_unknown + c->n_wrong_sign;
    if (problems == 0) {
        printf("\nno problems found\n");
        return LS_EXIT_OK;
    }
    printf("\nproblems\n");
    for (size_t u = 0; u < c->n_unknown; u++) {
        const ls_rules_check_level *v = &c->unknown[u];
        printf("rule '%s': %s has no level %s'%s'", ls_rules_label(rules, v->rule), v->column,
               v->contains ? "containing " : "", v->value);
        if (v->closest[0] != '\0') {
            printf(" (closest: '%s')", v->closest);
        }
        printf("\n");
    }
    for (size_t i = 0; i < c->n_rules; i++) {
        const ls_rules_check_rule *k = &c->rules[i];
        if (k->wrong_sign) {
            printf("rule '%s': %+g points, but leads it fires on convert at %.2f%% and the others at %.2f%%: "
                   "the points point the wrong way\n",
                   ls_rules_label(rules, i), ls_rules_points(rules, i), 100.0 * k->rate_fired, 100.0 * k->rate_not);
        }
    }
    fflush(stdout);
    fprintf(stderr, "leadscore: %s: %zu problem%s found (%zu unknown level%s, %zu wrong sign%s)\n", path, problems,
            problems > 1 ? "s" : "", c->n_unknown, c->n_unknown == 1 ? "" : "s", c->n_wrong_sign,
            c->n_wrong_sign == 1 ? "" : "s");
    return LS_EXIT_DATA;
}

static int rules_check(int argc, char **argv)
{
    enum { OPT_DATA = 1, OPT_TARGET, OPT_DELIMITER, OPT_HELP };
    static const struct option options[] = {{"data", required_argument, NULL, OPT_DATA},
                                            {"target", required_argument, NULL, OPT_TARGET},
                                            {"delimiter", required_argument, NULL, OPT_DELIMITER},
                                            {"help", no_argument, NULL, OPT_HELP},
                                            {NULL, 0, NULL, 0}};
    const char *data = NULL, *target = NULL;
    char delimiter = 0;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (opt) {
        case OPT_DATA:
            data = optarg;
            break;
        case OPT_TARGET:
            target = optarg;
            break;
        case OPT_DELIMITER:
            if (cli_parse_delimiter("rules check", optarg, &delimiter) != 0) {
                return LS_EXIT_USAGE;
            }
            break;
        case 'h':
        case OPT_HELP:
            fputs(usage, stdout);
            return LS_EXIT_OK;
        default:
            return cli_bad_option("rules check", argv);
        }
    }
    if (optind != argc - 1) {
        return cli_usage_error("rules check", optind >= argc ? "a rule set file is required" : "one rule set only");
    }
    if (target != NULL && data == NULL) {
        return cli_usage_error("rules check", "--target needs --data");
    }
    const char *path = argv[optind];
    ls_error err;
    ls_error_clear(&err);
    ls_rules *rules = NULL;
    if (ls_rules_load(path, &rules, &err) != LS_OK) {
        return cli_report(&err);
    }
    const char *name = ls_rules_name(rules);
    printf("rule set %s%s%s%s: %zu rules, %zu columns, valid\n", path, name[0] ? " ('" : "", name,
           name[0] ? "')" : "", ls_rules_count(rules), ls_rules_n_columns(rules));
    int code = LS_EXIT_OK;
    if (data != NULL) {
        ls_rules_check *check = NULL;
        if (ls_rules_check_file(rules, data, delimiter, target, &check, &err) != LS_OK) {
            fflush(stdout);
            code = cli_report(&err);
        } else {
            code = print_check(path, rules, check);
        }
        ls_rules_check_free(check);
    }
    ls_rules_free(rules);
    return code;
}

int cmd_rules(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        if (argc < 2) {
            return cli_usage_error("rules", "a subcommand is required: check or learn");
        }
        fputs(usage, stdout);
        return LS_EXIT_OK;
    }
    if (strcmp(argv[1], "check") == 0) {
        return rules_check(argc - 1, argv + 1);
    }
    if (strcmp(argv[1], "learn") == 0) {
        return cmd_train_rules(argc - 1, argv + 1, "rules learn");
    }
    return cli_usage_error("rules", "unknown subcommand '%s' (known: check, learn)", argv[1]);
}
