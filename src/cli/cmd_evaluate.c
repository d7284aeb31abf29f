/* cmd_evaluate.c: 'leadscore evaluate': how well a scoring model ranks and
 * calibrates on leads whose outcome is known, band by band. Any kind of
 * scoring model, through the scorer interface. */
#define _POSIX_C_SOURCE 200809L /* gmtime_r */
#include <cjson/cJSON.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cli.h"
#include "commands.h"
#include "progress.h"
#include "leadscore/evaluate.h"
#include "leadscore/fileio.h"
#include "leadscore/levels.h"
#include "leadscore/metrics.h"
#include "leadscore/model_io.h"
#include "leadscore/report.h"
#include "leadscore/scorer.h"
#include "leadscore/target.h"

#define MISRANKED_REASONS 3 /* reasons per misranked lead unless --reasons says */

static const char usage[] =
    "usage: leadscore evaluate --model MODEL --data FILE --target COL [options]\n"
    "\n"
    "Scores FILE with MODEL and compares with the known outcome COL (0/1, yes/no,\n"
    "true/false, converted/not converted): conversion by band (with Wilson 95%\n"
    "intervals, shares, lift, and a warning when it does not rise band by band),\n"
    "the MQL-to-SQL ratio, misranked leads (converted below MQL, unconverted in SQL,\n"
    "and the pairwise misranking rate = 1 - AUC), AUC with DeLong's 95% interval,\n"
    "log-loss, Brier score, KS, deciles, calibration and threshold suggestions.\n"
    "\n"
    "options:\n"
    "  --model MODEL           a scoring model file\n"
    "  --data FILE             leads with known outcomes ('-' for standard input)\n"
    "  --target COL            the outcome column\n"
    "  --json FILE             the figures as JSON (with --misranked, the same\n"
    "                          leads in misranked.leads)\n"
    "  --html FILE             a self-contained report page with charts\n"
    "  --misranked FILE        the misranked leads as CSV, most wrong first:\n"
    "                          id,score,probability,band,converted,reasons\n"
    "  --id COL                the ID column for misranked leads (default: the\n"
    "                          model's, else the 1-based row number)\n"
    "  --reasons K             reasons per misranked lead, 0-20 (default 3)\n"
    "  --strict                a level unseen in training is an error\n"
    "  --on-error stop|skip    a row that cannot be evaluated (an outcome that is not\n"
    "                          binary, a cell the model cannot read) stops the run\n"
    "                          (default) or is left out and counted on stderr\n"
    "  --bands SPEC            override the model's bands (Prospect:0,Lead:11,MQL:41,SQL:71)\n"
    "  --mql BAND, --sql BAND  the bands where MQL and SQL start (default: MQL, SQL)\n"
    "  --stage COL             a lifecycle-stage column: the realised MQL-to-SQL ratio\n"
    "                          (mql, sql, opportunity, customer count as MQL or beyond;\n"
    "                          sql, opportunity, customer as SQL or beyond)\n"
    "  --target-precision P    suggest the lowest score whose leads convert at P or more\n"
    "  --capacity N            suggest the score threshold that yields about N leads\n"
    "  --positive VALUE        the outcome VALUE (trimmed, any case) is 1, every other\n"
    "                          value 0 (e.g. 'Closed Won')\n"
    "  --unlabelled skip       skip rows whose outcome is blank (counted and reported)\n"
    "  --delimiter C           ',' ';' or 'tab' (default: detected)\n"
    "  --quiet                 no summary on stderr\n"
    "  -h, --help              this help\n";

typedef struct {
    const char *model, *data, *target, *json, *html, *misranked, *mql, *sql, *stage, *id;
    double target_precision;
    long capacity, reasons;
    int strict, skip_errors;
    char delimiter;
    ls_bands bands;
    int bands_set;
    ls_target_options outcome;
} evaluate_options;

static int add_misranked(ls_output_group *g, const ls_evaluation *e, const ls_bands *bands, const char *path,
                         ls_error *err)
{
    ls_atomic_file *f;
    int status = ls_output_group_open(g, path, &f, err);
    if (status != LS_OK) {
        return status;
    }
    FILE *fp = ls_atomic_stream(f);
    fputs("id,score,probability,band,converted,reasons\n", fp);
    for (size_t i = 0; i < e->n_misranked; i++) {
        const ls_misranked_lead *w = &e->misranked[i];
        cli_csv_field(fp, w->id, strlen(w->id));
        if (isnan(w->probability)) {
            fprintf(fp, ",%d,,", w->score);
        } else {
            fprintf(fp, ",%d,%.17g,", w->score, w->probability);
        }
        cli_csv_field(fp, bands->band[w->band].name, strlen(bands->band[w->band].name));
        fprintf(fp, ",%d,", w->converted);
        cli_csv_field(fp, w->reasons, strlen(w->reasons));
        fputc('\n', fp);
    }
    return LS_OK;
}

/* All outputs written, then committed together: all or none. */
static int write_outputs(const evaluate_options *o, const ls_evaluation *e, const ls_report_context *ctx,
                         const ls_bands *bands, ls_error *err)
{
    ls_output_group *g = NULL;
    int status = ls_output_group_new(&g, err);
    if (status == LS_OK && o->json != NULL) {
        cJSON *root = ls_report_json(e->metrics, ctx);
        status = root != NULL ? cli_group_json(g, o->json, root, err)
                              : ls_errorf(err, LS_ENOMEM, o->json, 0, 0, "out of memory");
        cJSON_Delete(root);
    }
    if (status == LS_OK && o->html != NULL) {
        ls_atomic_file *f;
        if ((status = ls_output_group_open(g, o->html, &f, err)) == LS_OK) {
            ls_report_html(e->metrics, ctx, ls_atomic_stream(f));
        }
    }
    if (status == LS_OK && o->misranked != NULL) {
        status = add_misranked(g, e, bands, o->misranked, err);
    }
    if (status != LS_OK) {
        ls_output_group_abort(g);
        return status;
    }
    return ls_output_group_commit(g, err);
}

/* The learned model behind the scorer, for the page's weights and
 * provenance and the in-sample check; NULL for a rule set. */
static ls_model *learned_model(const ls_scorer *scorer, const char *path)
{
    ls_model *m = NULL;
    ls_error ignored = {0};
    if (strcmp(ls_scorer_kind(scorer), "logit") != 0 || ls_model_load(path, &m, &ignored) != LS_OK) {
        return NULL;
    }
    return m;
}

/* After the run: what the figures cannot say themselves, as warnings. */
static void warn_after(const evaluate_options *o, const ls_evaluation *e, const ls_report_context *ctx)
{
    const ls_metrics *m = e->metrics;
    if (ctx->in_sample) {
        cli_warn("%s is the file the model was trained on (same SHA-256): figures are in-sample", o->data);
    }
    if (!m->auc_defined) {
        cli_warn("the outcome has one class only: AUC, KS and DeLong's interval are undefined (n/a)");
    }
    if (!m->bands_monotonic) {
        cli_warn("conversion does not rise band by band");
    }
    size_t drifting = ls_report_drifting_deciles(m);
    if (drifting >= LS_DRIFT_MIN_DECILES) {
        cli_warn("calibration drift: in %zu of %zu deciles the mean predicted probability is outside the observed "
                 "rate's 95%% interval",
                 drifting, m->n_deciles);
    }
    if (e->skipped > 0 && !cli_quiet) {
        char where[1024];
        cli_warn("skipped %zu bad row%s (the first: %s); evaluated %zu", e->skipped, e->skipped == 1 ? "" : "s",
                 ls_error_format(&e->first_skipped, where, sizeof where), m->rows);
    }
}

static int run(const evaluate_options *o, ls_error *err)
{
    ls_scorer *scorer = NULL;
    ls_model *model = NULL;
    ls_csv_reader *reader = NULL;
    ls_evaluation *e = NULL;
    const char *inputs[2] = {o->model, o->data}, *outputs[3] = {o->json, o->html, o->misranked};
    int status = cli_check_outputs(outputs, 3, inputs, 2, err);
    if (status != LS_OK || (status = ls_scorer_load(o->model, &scorer, err)) != LS_OK) {
        return status;
    }
    if (o->bands_set) {
        ls_scorer_set_bands(scorer, &o->bands);
    }
    ls_scorer_set_strict(scorer, o->strict);
    /* the library says the same; here the message can name the flag */
    const char *flags[2] = {"--mql", "--sql"}, *names[2] = {o->mql, o->sql};
    for (int k = 0; k < 2; k++) {
        if (names[k] != NULL && ls_bands_index(ls_scorer_bands(scorer), names[k]) < 0) {
            status = ls_errorf(err, LS_EUSAGE, NULL, 0, 0, "%s names band '%s', which the bands do not have",
                               flags[k], names[k]);
            goto done;
        }
    }
    model = learned_model(scorer, o->model);
    const char *trained_on = model != NULL && model->training != NULL ? model->training->source_sha256 : NULL;
    ls_evaluate_options eo;
    ls_evaluate_options_init(&eo);
    eo.target = o->target;
    eo.outcome = o->outcome;
    eo.stage = o->stage;
    eo.id_column = o->id;
    eo.mql_band = o->mql;
    eo.sql_band = o->sql;
    eo.target_precision = o->target_precision;
    eo.capacity = o->capacity;
    eo.keep_misranked = o->misranked != NULL || o->html != NULL; /* the page lists the top ones */
    eo.misranked_reasons = (size_t)o->reasons;
    eo.skip_bad_rows = o->skip_errors;
    eo.progress = cli_read_progress;
    eo.progress_ctx = (void *)o->data;
    /* the reader hashes what it reads anyway: is this the training file? */
    ls_csv_options csv_options = {o->delimiter, trained_on != NULL && strcmp(trained_on, "unknown") != 0};
    if ((status = ls_csv_open(o->data, &csv_options, &reader, err)) != LS_OK ||
        (status = ls_evaluate_file(&scorer, 1, reader, &eo, &e, err)) != LS_OK) {
        cli_progress_done();
        goto done;
    }
    cli_progress_done();
    if (e->unlabelled > 0) {
        cli_warn("skipped %zu row%s with a blank outcome (first at line %ld): not evaluated", e->unlabelled,
                 e->unlabelled > 1 ? "s" : "", e->first_unlabelled_line);
    }
    char digest[65] = "", when[32] = "";
    int in_sample = csv_options.digest && ls_csv_sha256(reader, digest) == 0 && strcmp(digest, trained_on) == 0;
    time_t now = time(NULL);
    struct tm tm;
    if (gmtime_r(&now, &tm) != NULL) {
        strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
    }
    const ls_bands *bands = ls_scorer_bands(scorer);
    ls_report_context ctx = {
        .model = o->model, .data = o->data, .bands = bands, .mql_band = e->mql_band, .sql_band = e->sql_band,
        .target_precision = o->target_precision, .capacity = o->capacity, .has_stage = e->has_stage,
        .stage_mql = e->stage_mql, .stage_sql = e->stage_sql, .misranked = e->misranked,
        .n_misranked = e->n_misranked, .fitted = model, .generated_at = when, .in_sample = in_sample,
        .skipped = e->skipped, .json_misranked = o->misranked != NULL};
    ls_report_text(e->metrics, &ctx, stdout);
    warn_after(o, e, &ctx);
    status = write_outputs(o, e, &ctx, bands, err);
done:
    ls_evaluation_free(e);
    ls_csv_close(reader);
    ls_model_free(model);
    ls_scorer_free(scorer);
    return status;
}

int cmd_evaluate(int argc, char **argv)
{
    enum { OPT_MODEL = 1, OPT_DATA, OPT_TARGET, OPT_JSON, OPT_HTML, OPT_MISRANKED, OPT_BANDS, OPT_MQL, OPT_SQL,
           OPT_STAGE, OPT_PRECISION, OPT_CAPACITY, OPT_DELIM, OPT_QUIET, OPT_POSITIVE, OPT_UNLABELLED, OPT_ID,
           OPT_REASONS, OPT_STRICT, OPT_ON_ERROR };
    static const struct option long_options[] = {
        {"model", required_argument, NULL, OPT_MODEL},
        {"data", required_argument, NULL, OPT_DATA},
        {"target", required_argument, NULL, OPT_TARGET},
        {"json", required_argument, NULL, OPT_JSON},
        {"html", required_argument, NULL, OPT_HTML},
        {"misranked", required_argument, NULL, OPT_MISRANKED},
        {"bands", required_argument, NULL, OPT_BANDS},
        {"mql", required_argument, NULL, OPT_MQL},
        {"sql", required_argument, NULL, OPT_SQL},
        {"stage", required_argument, NULL, OPT_STAGE},
        {"target-precision", required_argument, NULL, OPT_PRECISION},
        {"capacity", required_argument, NULL, OPT_CAPACITY},
        {"delimiter", required_argument, NULL, OPT_DELIM},
        {"positive", required_argument, NULL, OPT_POSITIVE},
        {"unlabelled", required_argument, NULL, OPT_UNLABELLED},
        {"quiet", no_argument, NULL, OPT_QUIET},
        {"id", required_argument, NULL, OPT_ID},
        {"reasons", required_argument, NULL, OPT_REASONS},
        {"strict", no_argument, NULL, OPT_STRICT},
        {"on-error", required_argument, NULL, OPT_ON_ERROR},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    evaluate_options o;
    memset(&o, 0, sizeof o);
    o.reasons = MISRANKED_REASONS;
    ls_error err = {0};
    int code = 0, c;
    optind = 1;
    while (code == 0 && (c = getopt_long(argc, argv, "h", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_MODEL:
            o.model = optarg;
            break;
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
        case OPT_MISRANKED:
            o.misranked = optarg;
            break;
        case OPT_BANDS:
            if (ls_bands_parse(optarg, &o.bands, &err) != LS_OK) {
                code = cli_usage_error("evaluate", "%s", err.msg);
            }
            o.bands_set = 1;
            break;
        case OPT_MQL:
            o.mql = optarg;
            break;
        case OPT_SQL:
            o.sql = optarg;
            break;
        case OPT_STAGE:
            o.stage = optarg;
            break;
        case OPT_PRECISION:
            code = cli_parse_double_in("evaluate", "--target-precision", optarg, nextafter(0.0, 1.0), 1,
                                       "a share above 0 and at most 1", &o.target_precision)
                       ? LS_EXIT_USAGE
                       : 0;
            break;
        case OPT_CAPACITY:
            code = cli_parse_long("evaluate", "--capacity", optarg, 1, 2000000000L, &o.capacity) ? LS_EXIT_USAGE : 0;
            break;
        case OPT_DELIM:
            code = cli_parse_delimiter("evaluate", optarg, &o.delimiter) ? LS_EXIT_USAGE : 0;
            break;
        case OPT_POSITIVE:
            o.outcome.positive = optarg;
            break;
        case OPT_UNLABELLED:
            if (strcmp(optarg, "skip") != 0 && strcmp(optarg, "error") != 0) {
                code = cli_usage_error("evaluate", "--unlabelled takes 'skip' or 'error', got '%s'", optarg);
            }
            o.outcome.skip_unlabelled = strcmp(optarg, "skip") == 0;
            break;
        case OPT_QUIET:
            cli_quiet = 1;
            break;
        case OPT_ID:
            o.id = optarg;
            break;
        case OPT_REASONS:
            code = cli_parse_long("evaluate", "--reasons", optarg, 0, LS_EVALUATE_MAX_REASONS, &o.reasons)
                       ? LS_EXIT_USAGE
                       : 0;
            break;
        case OPT_STRICT:
            o.strict = 1;
            break;
        case OPT_ON_ERROR:
            if (strcmp(optarg, "skip") == 0 || strcmp(optarg, "stop") == 0) {
                o.skip_errors = optarg[1] == 'k';
            } else {
                code = cli_usage_error("evaluate", "--on-error takes 'stop' or 'skip', got '%s'", optarg);
            }
            break;
        case 'h':
            fputs(usage, stdout);
            return LS_EXIT_OK;
        default:
            code = cli_bad_option("evaluate", argv);
        }
    }
    if (code == 0) {
        code = cli_no_more_arguments("evaluate", argc, argv);
    }
    if (code == 0 && (o.model == NULL || o.data == NULL || o.target == NULL)) {
        code = cli_usage_error("evaluate", "--model, --data and --target are required");
    }
    if (code != 0) {
        return code;
    }
    int status = run(&o, &err);
    return cli_exit("evaluate", status, &err);
}
