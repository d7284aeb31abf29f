/* cmd_drift.c: 'leadscore drift': are the leads arriving now still the kind
 * of leads the model learned from? (drift.h does the work.) */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "leadscore/drift.h"
#include "leadscore/model_io.h"

static const char usage[] =
    "usage: leadscore drift --model MODEL --data FILE [--json FILE]\n"
    "\n"
    "Compares the leads of FILE (no outcome needed) with the leads MODEL was trained\n"
    "on, from the training distributions the model file keeps: the Population\n"
    "Stability Index (PSI) of the score over the training deciles, and per input the\n"
    "Characteristic Stability Index (CSI) over its training-quantile bins (numeric)\n"
    "or levels (categorical), with missing cells and levels never seen in training\n"
    "as bins of their own; missing-cell and unseen-level shares beside. Worst first.\n"
    "\n"
    "  PSI = sum over bins of (a - e) ln(a / e), a and e the new and training\n"
    "        shares, each floored at 0.0001\n"
    "  < 0.1 stable, 0.1-0.25 watch, > 0.25 shifted\n"
    "\n"
    "Models trained before leadscore kept training distributions need a retrain.\n"
    "\n"
    "options:\n"
    "  --model MODEL     a learned model file ('leadscore train')\n"
    "  --data FILE       the new leads ('-' for standard input)\n"
    "  --json FILE       the figures as JSON (score_psi, score_status, inputs with\n"
    "                    name, csi, status, shares and bins)\n"
    "  --delimiter C     ',' ';' or 'tab' (default: detected)\n"
    "  --quiet           no progress on stderr\n"
    "  -h, --help        this help\n";

typedef struct {
    const char *model, *data, *json;
    char delimiter;
} drift_options;

static int run(const drift_options *o, ls_error *err)
{
    const char *inputs[2] = {o->model, o->data}, *outputs[1] = {o->json};
    ls_model *model = NULL;
    ls_scorer *scorer = NULL;
    ls_csv_reader *reader = NULL;
    ls_drift *d = NULL;
    int status = cli_check_outputs(outputs, 1, inputs, 2, err);
    if (status == LS_OK) {
        status = ls_scorer_load(o->model, &scorer, err);
    }
    if (status == LS_OK && strcmp(ls_scorer_kind(scorer), "logit") != 0) {
        status = ls_errorf(err, LS_EUSAGE, NULL, 0, 0,
                           "'%s' is a points rule set, not a learned model: drift compares leads with "
                           "a learned model's training leads",
                           o->model);
    }
    if (status == LS_OK) {
        status = ls_model_load(o->model, &model, err);
    }
    if (status == LS_OK && model->profile == NULL) {
        status = ls_errorf(err, LS_EDATA, o->model, 0, 0,
                           "this model was trained before leadscore kept training distributions: drift needs a "
                           "retrain ('leadscore train' again, with this version)");
    }
    ls_csv_options csv_options = {o->delimiter, 0}; /* 0: detected */
    if (status == LS_OK) {
        status = ls_csv_open(o->data, &csv_options, &reader, err);
    }
    if (status == LS_OK) {
        status = ls_drift_file(model, scorer, reader, &d, err);
    }
    if (status == LS_OK) {
        ls_drift_text(d, model, o->data, o->model, stdout);
        if (o->json != NULL) {
            cJSON *root = ls_drift_json(d, model, o->data, o->model);
            status = root != NULL ? ls_json_write_file(root, o->json, err)
                                  : ls_errorf(err, LS_ENOMEM, o->json, 0, 0, "out of memory");
            cJSON_Delete(root);
        }
    }
    ls_drift_free(d);
    ls_csv_close(reader);
    ls_scorer_free(scorer);
    ls_model_free(model);
    return status;
}

int cmd_drift(int argc, char **argv)
{
    enum { OPT_MODEL = 1, OPT_DATA, OPT_JSON, OPT_DELIM, OPT_QUIET };
    static const struct option long_options[] = {
        {"model", required_argument, NULL, OPT_MODEL}, {"data", required_argument, NULL, OPT_DATA},
        {"json", required_argument, NULL, OPT_JSON},   {"delimiter", required_argument, NULL, OPT_DELIM},
        {"quiet", no_argument, NULL, OPT_QUIET},       {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    drift_options o;
    memset(&o, 0, sizeof o);
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_MODEL:
            o.model = optarg;
            break;
        case OPT_DATA:
            o.data = optarg;
            break;
        case OPT_JSON:
            o.json = optarg;
            break;
        case OPT_DELIM:
            if (cli_parse_delimiter("drift", optarg, &o.delimiter) != 0) {
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
            return cli_bad_option("drift", argv);
        }
    }
    if (cli_no_more_arguments("drift", argc, argv) != 0) {
        return LS_EXIT_USAGE;
    }
    if (o.model == NULL || o.data == NULL) {
        return cli_usage_error("drift", "--model and --data are required");
    }
    ls_error err = {0};
    int status = run(&o, &err);
    return cli_exit("drift", status, &err);
}
