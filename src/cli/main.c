/* main.c: the leadscore command table (git-style dispatch). No command logic
 * lives here. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "leadscore/leadscore.h"

struct ls_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
};

static const struct ls_command commands[] = {
    {"describe", cmd_describe, "show rows, column types, missing shares and conversion by level"},
    {"train", cmd_train, "fit a logistic model on historical leads and save it"},
    {"inspect", cmd_inspect, "show a model's weights, odds ratios, standard errors and p-values"},
    {"export", cmd_export, "a model's weights for other tools: CSV, JSON, SQL, PMML, points, a rule set"},
    {"score", cmd_score, "score new leads: score, probability, band and reasons"},
    {"evaluate", cmd_evaluate, "measure a model on leads with known outcomes: bands, AUC, calibration"},
    {"compare", cmd_compare, "A/B-compare models and rule sets on the same leads: paired DeLong, capacity"},
    {"rules", cmd_rules, "check a points rule set, alone or against leads: typos, fire counts, wrong signs"},
    {"diff", cmd_diff, "what changed between two learned models: weights with z, settings, windows, ranks"},
    {"drift", cmd_drift, "are new leads still like the training leads? PSI of the score, CSI per input"},
    {"generate", cmd_generate, "write realistic synthetic leads from a known true model"},
};

static void print_help(FILE *out)
{
    fprintf(out, "usage: leadscore <command> [options]\n\n"
                 "Lead scoring: learn weights from historical leads, score new leads 0-100 into\n"
                 "bands, and evaluate how well a scoring model ranks and calibrates.\n\n"
                 "commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    }
    fprintf(out, "\n'leadscore <command> --help' describes a command's options.\n"
                 "Exit codes: 0 ok, 1 data or runtime error, 2 usage error.\n");
}

int main(int argc, char **argv)
{
    /* GSL's default handler aborts; OpenBLAS's threads would only spin
     * beside ours on blocks this small (see leadscore.h) */
    ls_library_init();
    /* commands report unknown options themselves, naming the command */
    opterr = 0;
    if (argc < 2) {
        print_help(stderr);
        return LS_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "help") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        if (argc >= 3 && strcmp(name, "help") == 0) {
            for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
                if (strcmp(argv[2], commands[i].name) == 0) {
                    char *help_argv[] = {(char *)commands[i].name, (char *)"--help", NULL};
                    return commands[i].run(2, help_argv);
                }
            }
            fprintf(stderr, "leadscore: unknown command '%s' (see 'leadscore help')\n", argv[2]);
            return LS_EXIT_USAGE;
        }
        print_help(stdout);
        return cli_finish_stdout();
    }
    if (strcmp(name, "--version") == 0) {
        printf("leadscore %s\n", LEADSCORE_VERSION);
        return cli_finish_stdout();
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(name, commands[i].name) == 0) {
            cli_command = commands[i].name;
            int code = commands[i].run(argc - 1, argv + 1);
            if (code == LS_EXIT_OK) {
                code = cli_finish_stdout();
            }
            return code;
        }
    }
    fprintf(stderr, "leadscore: unknown command '%s' (see 'leadscore help')\n", name);
    return LS_EXIT_USAGE;
}
