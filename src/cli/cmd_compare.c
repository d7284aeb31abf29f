/* cmd_compare.c: 'leadscore compare': two or more scoring models (learned or
 * rule sets) on the same labelled leads, in one pass over the file, with the
 * paired statistics that say whether one really ranks better. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "commands.h"
#include "leadscore/ab.h"
#include "leadscore/compare.h"
#include "leadscore/evaluate.h"
#include "leadscore/fileio.h"
#include "leadscore/model_io.h"
#include "leadscore/target.h"
#include "progress.h"

#define MAX_MODELS 8

static const char usage[] =
    "usage: leadscore compare --data FILE --target COL MODEL_A MODEL_B [MODEL ...] [options]\n"
    "\n"
    "Scores the leads of FILE (with known outcomes in COL) with every model, in one\n"
    "pass over the file, and compares them: each model's AUC with DeLong's 95%\n"
    "interval, conversion by band, MQL-to-SQL, misranked leads and what its top N\n"
    "leads capture (N = --capacity); for every pair the AUC difference with the\n"
    "paired DeLong test (as R's pROC::roc.test(paired = TRUE)), the leads only one\n"
    "model's top N holds with McNemar's exact test on the conversions among them,\n"
    "and the band migration matrix; with more than two models p-values are\n"
    "Holm-adjusted. Ends with one verdict line per pair.\n"
    "A MODEL is a learned model or a points rule set (up to 8); a model without\n"
    "probabilities (a rule set) ranks by its score and has no log-loss or Brier.\n"
    "\n"
    "options:\n"
    "  --data FILE           leads with known outcomes ('-' for standard input)\n"
    "  --target COL          the outcome column\n"
    "  --capacity N          leads the sales team takes (default: the number of\n"
    "                        leads MODEL_A puts in its SQL band, given to every model)\n"
    "  --json FILE           the figures as JSON\n"
    "  --html FILE           a self-contained page: verdicts, ROC curves, gains,\n"
    "                        bands side by side, migration heat maps\n"
    "  --mql BAND, --sql BAND  the bands where MQL and SQL start (default: MQL, SQL)\n"
    "  --positive VALUE      the outcome VALUE (trimmed, any case) is 1, every other\n"
    "                        value 0 (e.g. --positive 'Closed Won')\n"
    "  --unlabelled skip     skip rows whose outcome is blank (counted and reported)\n"
    "  --delimiter C         ',' ';' or 'tab' (default: detected)\n"
    "\n"
    "Live A/B test (after 'leadscore score --model A --ab B'):\n"
    "  leadscore compare --arms COL --data OUTCOMES --target COL [--sql BAND] [--json FILE]\n"
    "  OUTCOMES is the scored file with each lead's outcome: for the leads each arm\n"
    "  sent to sales (band --sql, default SQL) the conversion rate per arm, the\n"
    "  difference B - A with a 95% interval, the two-proportion z-test, and the\n"
    "  leads per arm needed to detect that difference with 80% power at 0.05.\n"
    "  --quiet               no progress or warnings on stderr\n"
    "  -h, --help            this help\n";

typedef struct {
    const char *data, *target, *json, *html, *mql, *sql, *arms;
    const char *models[MAX_MODELS];
    size_t n_models;
    long capacity;
    char delimiter;
    ls_target_options outcome;
} compare_options;

/* The same file given twice is allowed (a check of the tool itself) but is
 * almost always a slip: say so. */
static void warn_duplicates(const compare_options *o)
{
    for (size_t a = 0; a < o->n_models; a++) {
        struct stat sa;
        if (stat(o->models[a], &sa) != 0) {
            continue;
        }
        for (size_t b = a + 1; b < o->n_models; b++) {
            struct stat sb;
            if (stat(o->models[b], &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino) {
                cli_warn("'%s' and '%s' are the same file: the comparison will find no difference", o->models[a],
                         o->models[b]);
            }
        }
    }
}

/* Both outputs written, then committed together: all or none. */
static int write_outputs(const compare_options *o, const ls_comparison *c, const ls_compare_context *ctx,
                         ls_error *err)
{
    ls_output_group *g = NULL;
    int status = ls_output_group_new(&g, err);
    if (status == LS_OK && o->json != NULL) {
        cJSON *root = ls_compare_json(c, ctx);
        status = root != NULL ? cli_group_json(g, o->json, root, err)
                              : ls_errorf(err, LS_ENOMEM, o->json, 0, 0, "out of memory");
        cJSON_Delete(root);
    }
    if (status == LS_OK && o->html != NULL) {
        ls_atomic_file *f;
        if ((status = ls_output_group_open(g, o->html, &f, err)) == LS_OK) {
            ls_compare_html(c, ctx, ls_atomic_stream(f));
        }
    }
    if (status != LS_OK) {
        ls_output_group_abort(g);
        return status;
    }
    return ls_output_group_commit(g, err);
}

static int run(const compare_options *o, ls_error *err)
{
    ls_scorer *scorers[MAX_MODELS] = {0};
    ls_evaluation *ev[MAX_MODELS] = {0};
    const char *names[MAX_MODELS], *kinds[MAX_MODELS];
    const ls_bands *bands[MAX_MODELS];
    ls_csv_reader *reader = NULL;
    ls_comparison *c = NULL;
    const char *inputs[MAX_MODELS + 1], *outputs[2] = {o->json, o->html};
    inputs[0] = o->data;
    memcpy(inputs + 1, o->models, o->n_models * sizeof *inputs);
    int status = cli_check_outputs(outputs, 2, inputs, o->n_models + 1, err);
    for (size_t k = 0; k < o->n_models && status == LS_OK; k++) {
        status = ls_scorer_load(o->models[k], &scorers[k], err);
    }
    const char *flags[2] = {"--mql", "--sql"}, *band_names[2] = {o->mql, o->sql};
    for (size_t k = 0; k < o->n_models && status == LS_OK; k++) {
        names[k] = ls_scorer_name(scorers[k]);
        kinds[k] = ls_scorer_kind(scorers[k]);
        bands[k] = ls_scorer_bands(scorers[k]);
        for (int f = 0; f < 2 && status == LS_OK; f++) {
            if (band_names[f] != NULL && ls_bands_index(bands[k], band_names[f]) < 0) {
                status = ls_errorf(err, LS_EUSAGE, NULL, 0, 0, "%s names band '%s', which %s does not have", flags[f],
                                   band_names[f], names[k]);
            }
        }
    }
    if (status != LS_OK) {
        goto done;
    }
    warn_duplicates(o);
    ls_evaluate_options eo;
    ls_evaluate_options_init(&eo);
    eo.target = o->target;
    eo.outcome = o->outcome;
    eo.mql_band = o->mql;
    eo.sql_band = o->sql;
    eo.progress = cli_read_progress;
    eo.progress_ctx = (void *)o->data;
    ls_csv_options csv_options = {o->delimiter, 0};
    if ((status = ls_csv_open(o->data, &csv_options, &reader, err)) == LS_OK) {
        status = ls_evaluate_file(scorers, o->n_models, reader, &eo, ev, err);
    }
    cli_progress_done();
    if (status != LS_OK) {
        goto done;
    }
    if (o->capacity > 0 && (size_t)o->capacity > ev[0]->n) {
        status = ls_errorf(err, LS_EUSAGE, NULL, 0, 0, "--capacity %ld is larger than the %zu leads of %s",
                           o->capacity, ev[0]->n, o->data);
        goto done;
    }
    if ((status = ls_compare((const ls_evaluation *const *)ev, bands, o->n_models,
                             o->capacity > 0 ? (size_t)o->capacity : 0, &c, err)) != LS_OK) {
        goto done;
    }
    if (ev[0]->unlabelled > 0) {
        cli_warn("skipped %zu row%s with a blank outcome (first at line %ld): not compared", ev[0]->unlabelled,
                 ev[0]->unlabelled > 1 ? "s" : "", ev[0]->first_unlabelled_line);
    }
    ls_compare_context ctx = {o->data, names, kinds, bands, (const ls_evaluation *const *)ev};
    ls_compare_text(c, &ctx, stdout);
    if (!c->pairs[0].auc_defined) {
        cli_warn("the outcome has one class only: AUCs and their differences are undefined (n/a)");
    }
    status = write_outputs(o, c, &ctx, err);
done:
    ls_comparison_free(c);
    for (size_t k = 0; k < o->n_models; k++) {
        ls_evaluation_free(ev[k]);
        ls_scorer_free(scorers[k]);
    }
    ls_csv_close(reader);
    return status;
}

static void print_arm(const char *name, const ls_ab_arm_counts *c, size_t total, double rate)
{
    fprintf(stdout, "%-4s %9zu %7.1f%% %9zu %9zu ", name, c->leads, total ? 100.0 * (double)c->leads / (double)total : 0,
            c->sent, c->converted_sent);
    if (isnan(rate)) {
        fprintf(stdout, "%8s\n", "n/a");
    } else {
        fprintf(stdout, "%7.2f%%\n", 100 * rate);
    }
}

static cJSON *arms_json(const compare_options *o, const ls_ab_result *r)
{
    cJSON *root = cJSON_CreateObject(), *arms = cJSON_AddArrayToObject(root, "arms");
    cJSON_AddStringToObject(root, "data", o->data);
    for (int k = 0; k < 2; k++) {
        cJSON *a = cJSON_CreateObject();
        cJSON_AddStringToObject(a, "arm", k ? "B" : "A");
        cJSON_AddNumberToObject(a, "leads", (double)r->arm[k].leads);
        cJSON_AddNumberToObject(a, "converted", (double)r->arm[k].converted);
        cJSON_AddNumberToObject(a, "sent", (double)r->arm[k].sent);
        cJSON_AddNumberToObject(a, "converted_sent", (double)r->arm[k].converted_sent);
        if (isfinite(r->rate[k])) {
            cJSON_AddNumberToObject(a, "rate", r->rate[k]);
        } else {
            cJSON_AddNullToObject(a, "rate");
        }
        cJSON_AddItemToArray(arms, a);
    }
    const char *keys[] = {"difference", "ci_lo", "ci_hi", "z", "p", "needed_per_arm"};
    const double values[] = {r->difference, r->ci_lo, r->ci_hi, r->z, r->p_value, r->needed_per_arm};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        if (isfinite(values[k])) {
            cJSON_AddNumberToObject(root, keys[k], values[k]);
        } else {
            cJSON_AddNullToObject(root, keys[k]);
        }
    }
    return root;
}

/* compare --arms: the analysis of a live A/B test (ab.h). */
static int run_arms(const compare_options *o, ls_error *err)
{
    const char *inputs[1] = {o->data}, *outputs[1] = {o->json};
    int status = cli_check_outputs(outputs, 1, inputs, 1, err);
    ls_csv_reader *reader = NULL;
    ls_csv_options csv_options = {o->delimiter, 0};
    ls_ab_result r;
    size_t unlabelled = 0;
    const char *sent = o->sql != NULL ? o->sql : "SQL";
    if (status != LS_OK || (status = ls_csv_open(o->data, &csv_options, &reader, err)) != LS_OK ||
        (status = ls_ab_read(reader, o->arms, "band", o->target, &o->outcome, sent, &r, &unlabelled, err)) != LS_OK) {
        ls_csv_close(reader);
        return status;
    }
    ls_csv_close(reader);
    if (unlabelled > 0) {
        cli_warn("skipped %zu row%s with a blank outcome: not analysed", unlabelled, unlabelled > 1 ? "s" : "");
    }
    size_t total = r.arm[0].leads + r.arm[1].leads;
    printf("live A/B test on %s: %zu leads; sent to sales: band %s\n\n", o->data, total, sent);
    printf("%-4s %9s %8s %9s %9s %8s\n", "arm", "leads", "share", "sent", "converted", "rate");
    print_arm("A", &r.arm[0], total, r.rate[0]);
    print_arm("B", &r.arm[1], total, r.rate[1]);
    if (isnan(r.ci_lo)) {
        printf("\nverdict: no comparison: an arm sent no lead to sales\n");
    } else {
        printf("\ndifference B - A: %+.2f points (95%% interval %+.2f to %+.2f), two-proportion z %.3f, p = %.3g\n",
               100 * r.difference, 100 * r.ci_lo, 100 * r.ci_hi, r.z, r.p_value);
        if (!isnan(r.needed_per_arm)) {
            printf("leads sent per arm to detect a difference this size (80%% power, 0.05): %.0f\n", r.needed_per_arm);
        }
        /* the verdict follows the test printed above */
        if (r.p_value < 0.05) {
            printf("verdict: arm %s's leads convert better: %.1f%% vs %.1f%% (p = %.3g)\n", r.difference > 0 ? "B" : "A",
                   100 * fmax(r.rate[0], r.rate[1]), 100 * fmin(r.rate[0], r.rate[1]), r.p_value);
        } else {
            printf("verdict: no detectable difference between the arms yet: %.1f%% vs %.1f%%\n", 100 * r.rate[0],
                   100 * r.rate[1]);
        }
    }
    if (o->json != NULL) {
        cJSON *root = arms_json(o, &r);
        status = root != NULL ? ls_json_write_file(root, o->json, err)
                              : ls_errorf(err, LS_ENOMEM, o->json, 0, 0, "out of memory");
        cJSON_Delete(root);
    }
    return status;
}

int cmd_compare(int argc, char **argv)
{
    enum { OPT_DATA = 1, OPT_TARGET, OPT_JSON, OPT_HTML, OPT_CAPACITY, OPT_MQL, OPT_SQL, OPT_DELIM, OPT_QUIET,
           OPT_ARMS, OPT_POSITIVE, OPT_UNLABELLED };
    static const struct option long_options[] = {
        {"data", required_argument, NULL, OPT_DATA},       {"target", required_argument, NULL, OPT_TARGET},
        {"json", required_argument, NULL, OPT_JSON},       {"html", required_argument, NULL, OPT_HTML},
        {"capacity", required_argument, NULL, OPT_CAPACITY}, {"mql", required_argument, NULL, OPT_MQL},
        {"sql", required_argument, NULL, OPT_SQL},         {"delimiter", required_argument, NULL, OPT_DELIM},
        {"quiet", no_argument, NULL, OPT_QUIET},           {"arms", required_argument, NULL, OPT_ARMS},
        {"positive", required_argument, NULL, OPT_POSITIVE}, {"unlabelled", required_argument, NULL, OPT_UNLABELLED},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    compare_options o;
    memset(&o, 0, sizeof o);
    ls_error err = {0};
    int code = 0, c;
    optind = 1;
    /* '+' would stop at the first model; permuting lets options follow them */
    while (code == 0 && (c = getopt_long(argc, argv, "h", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_DATA:
            o.data = optarg;
            break;
        case OPT_TARGET:
            o.target = optarg;
            break;
        case OPT_JSON:
            o.json = optarg;
            break;
        case OPT_HTML:
            o.html = optarg;
            break;
        case OPT_CAPACITY:
            code = cli_parse_long("compare", "--capacity", optarg, 1, 2000000000L, &o.capacity) ? LS_EXIT_USAGE : 0;
            break;
        case OPT_MQL:
            o.mql = optarg;
            break;
        case OPT_SQL:
            o.sql = optarg;
            break;
        case OPT_DELIM:
            code = cli_parse_delimiter("compare", optarg, &o.delimiter) ? LS_EXIT_USAGE : 0;
            break;
        case OPT_QUIET:
            cli_quiet = 1;
            break;
        case OPT_ARMS:
            o.arms = optarg;
            break;
        case OPT_POSITIVE:
            o.outcome.positive = optarg;
            break;
        case OPT_UNLABELLED:
            if (strcmp(optarg, "skip") != 0 && strcmp(optarg, "error") != 0) {
                code = cli_usage_error("compare", "--unlabelled takes 'skip' or 'error', got '%s'", optarg);
            }
            o.outcome.skip_unlabelled = strcmp(optarg, "skip") == 0;
            break;
        case 'h':
            fputs(usage, stdout);
            return LS_EXIT_OK;
        default:
            code = cli_bad_option("compare", argv);
        }
    }
    for (int i = optind; code == 0 && i < argc; i++) {
        if (o.n_models == MAX_MODELS) {
            code = cli_usage_error("compare", "at most %d models at once", MAX_MODELS);
        } else {
            o.models[o.n_models++] = argv[i];
        }
    }
    if (code == 0 && (o.data == NULL || o.target == NULL)) {
        code = cli_usage_error("compare", "--data and --target are required");
    }
    if (code == 0 && o.arms != NULL) {
        if (o.n_models > 0 || o.html != NULL || o.capacity > 0) {
            return cli_usage_error("compare", "--arms analyses a scored file: no models, --html or --capacity");
        }
        int status = run_arms(&o, &err);
        return cli_exit("compare", status, &err);
    }
    if (code == 0 && o.n_models < 2) {
        code = cli_usage_error("compare", "give at least two models to compare, got %zu", o.n_models);
    }
    if (code != 0) {
        return code;
    }
    int status = run(&o, &err);
    return cli_exit("compare", status, &err);
}
