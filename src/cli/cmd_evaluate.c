/* cmd_evaluate.c: 'leadscore evaluate': how well a scoring model ranks and
 * calibrates on leads whose outcome is known, band by band. Any kind of
 * scoring model, through the scorer interface. */
#define _GNU_SOURCE /* qsort_r */
#include <cjson/cJSON.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "commands.h"
#include "progress.h"
#include "leadscore/fileio.h"
#include "leadscore/levels.h"
#include "leadscore/metrics.h"
#include "leadscore/model_io.h"
#include "leadscore/report.h"
#include "leadscore/scorer.h"
#include "leadscore/target.h"

#define MISRANKED_REASONS 3

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
    "  --json FILE             the figures as JSON\n"
    "  --html FILE             a self-contained report page with charts\n"
    "  --misranked FILE        the misranked leads as CSV, most wrong first:\n"
    "                          id,score,probability,band,converted,reasons\n"
    "  --bands SPEC            override the model's bands (Prospect:0,Lead:11,MQL:41,SQL:71)\n"
    "  --mql BAND, --sql BAND  the bands where MQL and SQL start (default: MQL, SQL)\n"
    "  --stage COL             a lifecycle-stage column: the realised MQL-to-SQL ratio\n"
    "                          (mql, sql, opportunity, customer count as MQL or beyond;\n"
    "                          sql, opportunity, customer as SQL or beyond)\n"
    "  --target-precision P    suggest the lowest score whose leads convert at P or more\n"
    "  --capacity N            suggest the score threshold that yields about N leads\n"
    "  --delimiter C           ',' ';' or 'tab' (default: detected)\n"
    "  --quiet                 no summary on stderr\n"
    "  -h, --help              this help\n";

typedef struct {
    char *id;
    int score;
    double probability;
    size_t band;
    int converted;
    char *reasons;
} misranked_lead;

typedef struct {
    unsigned char *y;
    double *p;
    int *score;
    size_t n, cap;
    misranked_lead *wrong;
    size_t n_wrong, cap_wrong;
    size_t stage_mql, stage_sql;
} collected;

typedef struct {
    const char *model, *data, *target, *json, *html, *misranked, *mql, *sql, *stage;
    double target_precision;
    long capacity;
    char delimiter;
    ls_bands bands;
    int bands_set;
} evaluate_options;

static void free_collected(collected *c)
{
    for (size_t i = 0; i < c->n_wrong; i++) {
        free(c->wrong[i].id);
        free(c->wrong[i].reasons);
    }
    free(c->wrong);
    free(c->y);
    free(c->p);
    free(c->score);
}

static int grow(collected *c)
{
    if (c->n < c->cap) {
        return 0;
    }
    size_t cap = c->cap ? c->cap * 2 : 65536;
    unsigned char *y = realloc(c->y, cap);
    if (y != NULL) {
        c->y = y;
    }
    double *p = realloc(c->p, cap * sizeof *p);
    if (p != NULL) {
        c->p = p;
    }
    int *s = realloc(c->score, cap * sizeof *s);
    if (s != NULL) {
        c->score = s;
    }
    if (y == NULL || p == NULL || s == NULL) {
        return -1;
    }
    c->cap = cap;
    return 0;
}

static char *reasons_text(const ls_reason *reasons, size_t n)
{
    char buf[1024];
    cli_format_reasons(reasons, n, buf, sizeof buf);
    return strdup(buf);
}

static int remember_wrong(collected *c, const ls_csv_reader *r, long id_column, const ls_score *s, int y,
                          const ls_reason *reasons, size_t n_reasons)
{
    if (c->n_wrong == c->cap_wrong) {
        size_t cap = c->cap_wrong ? c->cap_wrong * 2 : 1024;
        misranked_lead *w = realloc(c->wrong, cap * sizeof *w);
        if (w == NULL) {
            return -1;
        }
        c->wrong = w;
        c->cap_wrong = cap;
    }
    misranked_lead *w = &c->wrong[c->n_wrong];
    char row[32];
    snprintf(row, sizeof row, "%ld", ls_csv_records(r));
    w->id = strdup(id_column >= 0 ? ls_csv_field(r, (size_t)id_column) : row);
    w->reasons = reasons_text(reasons, n_reasons);
    w->score = s->score;
    w->probability = s->probability;
    w->band = s->band;
    w->converted = y;
    if (w->id == NULL || w->reasons == NULL) {
        free(w->id);
        free(w->reasons);
        return -1;
    }
    c->n_wrong++;
    return 0;
}

/* Lifecycle stages past MQL (and past SQL), for the realised ratio. */
static void count_stage(collected *c, const char *text, size_t len)
{
    char key[64];
    if (len >= sizeof key) {
        return;
    }
    ls_level_key(text, len, 0, key);
    int sql = strcmp(key, "sql") == 0 || strcmp(key, "opportunity") == 0 || strcmp(key, "customer") == 0;
    int mql = sql || strcmp(key, "mql") == 0;
    c->stage_mql += mql;
    c->stage_sql += sql;
}

static int by_wrongness(const void *a, const void *b, void *ctx)
{
    (void)ctx;
    const misranked_lead *x = a, *y = b;
    double wx = fabs(x->converted - x->probability), wy = fabs(y->converted - y->probability);
    return (wx < wy) - (wx > wy);
}

static int write_misranked(collected *c, const ls_bands *bands, const char *path, ls_error *err)
{
    qsort_r(c->wrong, c->n_wrong, sizeof *c->wrong, by_wrongness, NULL);
    ls_atomic_file *f;
    int status = ls_atomic_open(path, &f, err);
    if (status != LS_OK) {
        return status;
    }
    FILE *fp = ls_atomic_stream(f);
    fputs("id,score,probability,band,converted,reasons\n", fp);
    for (size_t i = 0; i < c->n_wrong; i++) {
        const misranked_lead *w = &c->wrong[i];
        cli_csv_field(fp, w->id, strlen(w->id));
        fprintf(fp, ",%d,%.17g,", w->score, w->probability);
        cli_csv_field(fp, bands->band[w->band].name, strlen(bands->band[w->band].name));
        fprintf(fp, ",%d,", w->converted);
        cli_csv_field(fp, w->reasons, strlen(w->reasons));
        fputc('\n', fp);
    }
    return ls_atomic_commit(f, err);
}

static int write_json(const ls_metrics *m, const ls_report_context *ctx, const char *path, ls_error *err)
{
    cJSON *root = ls_report_json(m, ctx);
    int status = root != NULL ? ls_json_write_file(root, path, err) : ls_errorf(err, LS_ENOMEM, path, 0, 0, "out of memory");
    cJSON_Delete(root);
    return status;
}

static int write_html(const ls_metrics *m, const ls_report_context *ctx, const char *path, ls_error *err)
{
    ls_atomic_file *f;
    int status = ls_atomic_open(path, &f, err);
    if (status == LS_OK) {
        ls_report_html(m, ctx, ls_atomic_stream(f));
        status = ls_atomic_commit(f, err);
    }
    return status;
}

static int band_by_name(const ls_bands *bands, const char *name, const char *option, int required, long *out,
                        ls_error *err)
{
    *out = ls_bands_index(bands, name);
    if (*out < 0 && required) {
        return ls_errorf(err, LS_EUSAGE, NULL, 0, 0, "%s names band '%s', which the bands do not have", option, name);
    }
    return LS_OK;
}

static int run(const evaluate_options *o, ls_error *err)
{
    ls_scorer *scorer = NULL;
    ls_csv_reader *reader = NULL;
    ls_metrics *m = NULL;
    collected c;
    memset(&c, 0, sizeof c);
    int status = ls_scorer_load(o->model, &scorer, err);
    if (status != LS_OK) {
        return status;
    }
    if (o->bands_set) {
        ls_scorer_set_bands(scorer, &o->bands);
    }
    const ls_bands *bands = ls_scorer_bands(scorer);
    long mql_band, sql_band;
    if ((status = band_by_name(bands, o->mql != NULL ? o->mql : "MQL", "--mql", o->mql != NULL, &mql_band, err)) ||
        (status = band_by_name(bands, o->sql != NULL ? o->sql : "SQL", "--sql", o->sql != NULL, &sql_band, err))) {
        goto done;
    }
    if (mql_band >= 0 && sql_band >= 0 && sql_band < mql_band) {
        status = ls_errorf(err, LS_EUSAGE, NULL, 0, 0, "the SQL band must not start below the MQL band");
        goto done;
    }
    ls_csv_options csv_options = {o->delimiter, 0};
    if ((status = ls_csv_open(o->data, &csv_options, &reader, err)) != LS_OK ||
        (status = ls_scorer_bind(scorer, reader, err)) != LS_OK) {
        goto done;
    }
    long target = ls_csv_find_column(reader, o->target);
    long stage = o->stage != NULL ? ls_csv_find_column(reader, o->stage) : -1;
    const char *id_name = ls_scorer_id_column(scorer);
    long id_column = id_name != NULL ? ls_csv_find_column(reader, id_name) : -1;
    if (target < 0 || (o->stage != NULL && stage < 0)) {
        status = ls_errorf(err, LS_EDATA, ls_csv_path(reader), 1, 0, "%s column '%s' not found in the header",
                           target < 0 ? "target" : "stage", target < 0 ? o->target : o->stage);
        goto done;
    }
    ls_reason reasons[MISRANKED_REASONS];
    int more;
    while ((more = ls_csv_next(reader, err)) == 1) {
        ls_score s;
        size_t n_reasons = 0;
        int y = 0;
        if (ls_target_parse(ls_csv_field(reader, (size_t)target), ls_csv_field_length(reader, (size_t)target), &y) !=
            0) {
            status = ls_errorf(err, LS_EDATA, ls_csv_path(reader), ls_csv_line(reader), target + 1,
                               "target column '%s' must be binary (0/1, yes/no, true/false, converted/not "
                               "converted), got '%.40s'",
                               o->target, ls_csv_field(reader, (size_t)target));
            goto done;
        }
        if ((status = ls_scorer_score(scorer, reader, &s, o->misranked != NULL ? reasons : NULL, MISRANKED_REASONS,
                                      &n_reasons, err)) != LS_OK) {
            goto done;
        }
        if (grow(&c) != 0) {
            status = ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
            goto done;
        }
        c.y[c.n] = (unsigned char)y;
        c.p[c.n] = s.probability;
        c.score[c.n] = s.score;
        c.n++;
        int wrong = (y && mql_band >= 0 && s.band < (size_t)mql_band) ||
                    (!y && sql_band >= 0 && s.band >= (size_t)sql_band);
        if (wrong && o->misranked != NULL && remember_wrong(&c, reader, id_column, &s, y, reasons, n_reasons) != 0) {
            status = ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
            goto done;
        }
        if (stage >= 0) {
            count_stage(&c, ls_csv_field(reader, (size_t)stage), ls_csv_field_length(reader, (size_t)stage));
        }
        if ((c.n & 0x3FFFF) == 0) {
            cli_read_progress((void *)o->data, (long)c.n, ls_csv_bytes_read(reader));
        }
    }
    cli_progress_done();
    if (more < 0) {
        status = (int)err->code;
        goto done;
    }
    if (c.n == 0) {
        status = ls_errorf(err, LS_EDATA, ls_csv_path(reader), 2, 0, "no leads to evaluate: the file has a header only");
        goto done;
    }
    ls_metrics_input in = {c.y, c.p, c.score, c.n, bands, mql_band, sql_band, o->target_precision, o->capacity};
    if ((status = ls_metrics_compute(&in, &m, err)) != LS_OK) {
        goto done;
    }
    ls_report_context ctx = {o->model, o->data, bands, mql_band, sql_band, o->target_precision, o->capacity,
                             stage >= 0, c.stage_mql, c.stage_sql};
    ls_report_text(m, &ctx, stdout);
    if (!m->auc_defined) {
        cli_warn("the outcome has one class only: AUC, KS and DeLong's interval are undefined (n/a)");
    }
    if (o->json != NULL && (status = write_json(m, &ctx, o->json, err)) != LS_OK) {
        goto done;
    }
    if (o->html != NULL && (status = write_html(m, &ctx, o->html, err)) != LS_OK) {
        goto done;
    }
    if (o->misranked != NULL && (status = write_misranked(&c, bands, o->misranked, err)) != LS_OK) {
        goto done;
    }
done:
    ls_metrics_free(m);
    free_collected(&c);
    ls_csv_close(reader);
    ls_scorer_free(scorer);
    return status;
}

int cmd_evaluate(int argc, char **argv)
{
    enum { OPT_MODEL = 1, OPT_DATA, OPT_TARGET, OPT_JSON, OPT_HTML, OPT_MISRANKED, OPT_BANDS, OPT_MQL, OPT_SQL,
           OPT_STAGE, OPT_PRECISION, OPT_CAPACITY, OPT_DELIM, OPT_QUIET };
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
        {"quiet", no_argument, NULL, OPT_QUIET},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    evaluate_options o;
    memset(&o, 0, sizeof o);
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
            if (cli_parse_double("evaluate", "--target-precision", optarg, &o.target_precision) != 0 ||
                o.target_precision <= 0 || o.target_precision > 1) {
                code = cli_usage_error("evaluate", "--target-precision takes a share above 0 and at most 1");
            }
            break;
        case OPT_CAPACITY:
            code = cli_parse_long("evaluate", "--capacity", optarg, 1, 2000000000L, &o.capacity) ? LS_EXIT_USAGE : 0;
            break;
        case OPT_DELIM:
            code = cli_parse_delimiter("evaluate", optarg, &o.delimiter) ? LS_EXIT_USAGE : 0;
            break;
        case OPT_QUIET:
            cli_quiet = 1;
            break;
        case 'h':
            fputs(usage, stdout);
            return LS_EXIT_OK;
        default:
            code = cli_bad_option("evaluate", argv);
        }
    }
    if (code == 0 && optind < argc) {
        code = cli_usage_error("evaluate", "unexpected argument '%s'", argv[optind]);
    }
    if (code == 0 && (o.model == NULL || o.data == NULL || o.target == NULL)) {
        code = cli_usage_error("evaluate", "--model, --data and --target are required");
    }
    if (code != 0) {
        return code;
    }
    int status = run(&o, &err);
    if (status == LS_EUSAGE) {
        return cli_usage_error("evaluate", "%s", err.msg);
    }
    return status == LS_OK ? LS_EXIT_OK : cli_report(&err);
}
