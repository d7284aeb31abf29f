/* cmd_export.c: 'leadscore export': a model's weights and scoring rules for
 * other tools. Options and the atomic output file live here; the formats are
 * library writers (leadscore/export.h). */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "commands.h"
#include "leadscore/export.h"
#include "leadscore/fileio.h"
#include "leadscore/model_io.h"
#include "leadscore/rules.h"

static const char usage[] =
    "usage: leadscore export --model MODEL [--format FMT] [--out FILE]\n"
    "       leadscore export --model MODEL --format sql --dialect postgresql|sqlite\n"
    "                        [--table NAME] [--id COLUMN]\n"
    "       leadscore export --model RULES --format sql [--dialect ...] [--table ...]\n"
    "                        [--id COLUMN]\n"
    "\n"
    "A rule set (\"format\": \"leadscore-rules\") exports as sql only: a SELECT\n"
    "giving id, points, probability (NULL without a calibration), score and band\n"
    "as 'leadscore score --model RULES' does (README.md \"Export\").\n"
    "\n"
    "Formats (README.md \"Export\" documents each; every one scores as leadscore):\n"
    "  csv    the weights table with its rule rows (below; the default)\n"
    "  json   the weights document for programs (\"leadscore-weights\" version 1)\n"
    "  pmml   PMML 4.4 RegressionModel for model servers\n"
    "  points an integer points table: column,condition,points,meaning,logit_part\n"
    "         (base points, levels, missing cells, numeric ranges); needs --data\n"
    "  rules  the same points as a leadscore rule set (score, evaluate, compare)\n"
    "  sql    a SELECT scoring every row of a table: id, logit, probability,\n"
    "         score, band; --dialect postgresql (default) or sqlite, --table\n"
    "         NAME (default leads, one identifier, quoted as needed), --id\n"
    "         COLUMN (default: the model's id column, else row numbers in the\n"
    "         order the database reads rows, which SQL leaves undefined)\n"
    "\n"
    "The CSV format is one table with exactly these columns:\n"
    "  term,column,level,weight,std_error,z,p_value\n"
    "\n"
    "First, one row per term: the intercept is '(Intercept)' with empty column\n"
    "and level; a numeric column's term has an empty level; a missing-value\n"
    "indicator has level '(missing)'; a categorical level's term has its column\n"
    "and level. Numbers have 17 significant digits, so they read back exactly;\n"
    "statistics that do not exist (aliased terms, terms the lasso set to zero)\n"
    "are empty.\n"
    "\n"
    "Then rule rows, whose term is a rule name in parentheses and whose\n"
    "statistics are empty. With the term rows they are all that scoring needs:\n"
    "  (reference),C,LEVEL,0    the reference level of C: no term, weight 0\n"
    "  (folded),C,LEVEL,W       LEVEL was rarer than --min-level-count in\n"
    "                           training; it scores W, the weight of C=(other),\n"
    "                           or 0 when it joined the reference\n"
    "  (missing),C,(missing),W  a missing cell of categorical C scores W\n"
    "  (impute),C,(missing),V   a missing cell of numeric C is read as V (the\n"
    "                           training median)\n"
    "  (na),,TEXT,              TEXT is read as missing, as an empty cell is\n"
    "  (case),,insensitive,     how levels match: insensitive or sensitive\n"
    "\n"
    "To score a lead: logit = the (Intercept) weight, plus for each column, in\n"
    "the order the term rows first name them, its part:\n"
    "  numeric C      weight(C) * x, x the cell's number, or V of (impute),C\n"
    "                 when the cell is missing; plus weight(C=(missing)) when\n"
    "                 the cell is missing and that term exists\n"
    "  categorical C  missing cell: W of (missing),C; otherwise the weight of\n"
    "                 the term, (reference) or (folded) row of C whose level\n"
    "                 matches the cell; 0 when none does (an unseen level\n"
    "                 scores as the reference)\n"
    "probability = 1 / (1 + exp(-logit)); score = round(100 * probability).\n"
    "A cell is missing when it is empty after trimming white space, or equals a\n"
    "(na) TEXT ignoring case. Levels match by key: the text trimmed, each run of\n"
    "white space inside it made one space and, unless (case) says sensitive,\n"
    "the letters A-Z lowered. The levels '(missing)' and '(other)' are\n"
    "leadscore's own and never match a cell's text.\n"
    "\n"
    "options:\n"
    "  --model MODEL   a model file from 'leadscore train'\n"
    "  --format FMT    csv (default), json, sql, pmml, points or rules\n"
    "  --dialect D     sql: postgresql (default) or sqlite\n"
    "  --table NAME    sql: the table to score (default leads)\n"
    "  --id COLUMN     sql: the column to give as id\n"
    "  --data FILE     points, rules: leads for the numeric ranges (quantiles:\n"
    "                  the model stores none), the scale and the fidelity report\n"
    "  --target COL    points, rules: their outcome (default: the model's target)\n"
    "  --bins K        points, rules: ranges per numeric input (default 5)\n"
    "  --scale 0-100   points, rules: the data's leads span 0-100 (the default)\n"
    "  --pdo P --base-score S --base-odds O\n"
    "                  points: S points at odds O, P more per doubling\n"
    "  --report FILE   points, rules: the fidelity report (also on stderr)\n"
    "  --out FILE      output file (default '-': standard output)\n"
    "  -h, --help      this help\n";

typedef int (*export_writer)(const ls_model *model, const ls_export_options *options, FILE *out, ls_error *err);

static int write_csv(const ls_model *model, const ls_export_options *options, FILE *out, ls_error *err)
{
    (void)options;
    return ls_export_csv(model, out, err);
}

static int write_json(const ls_model *model, const ls_export_options *options, FILE *out, ls_error *err)
{
    (void)options;
    return ls_export_json(model, out, err);
}

static int write_pmml(const ls_model *model, const ls_export_options *options, FILE *out, ls_error *err)
{
    (void)options;
    return ls_export_pmml(model, out, err);
}

static const struct {
    const char *name;
    export_writer write;
} formats[] = {{"csv", write_csv},   {"json", write_json}, {"sql", ls_export_sql}, {"pmml", write_pmml},
               {"points", ls_export_points}, {"rules", ls_export_points_rules}};

#define N_FORMATS (sizeof formats / sizeof formats[0])

static const struct {
    const char *name;
    ls_sql_dialect dialect;
} dialects[] = {{"postgresql", LS_SQL_POSTGRESQL}, {"sqlite", LS_SQL_SQLITE}};

#define N_DIALECTS (sizeof dialects / sizeof dialects[0])

/* The format named text, or -1 after a usage error listing the choices. */
static long find_format(const char *text)
{
    char choices[128] = "";
    size_t used = 0;
    for (size_t k = 0; k < N_FORMATS; k++) {
        if (strcmp(text, formats[k].name) == 0) {
            return (long)k;
        }
        used += (size_t)snprintf(choices + used, sizeof choices - used, "%s%s", k ? ", " : "", formats[k].name);
    }
    cli_usage_error("export", "unknown format '%s' (choices: %s)", text, choices);
    return -1;
}

/* Sets *out to the dialect named text; -1 after a usage error. */
static int find_dialect(const char *text, ls_sql_dialect *out)
{
    for (size_t k = 0; k < N_DIALECTS; k++) {
        if (strcmp(text, dialects[k].name) == 0) {
            *out = dialects[k].dialect;
            return 0;
        }
    }
    cli_usage_error("export", "unknown dialect '%s' (choices: postgresql, sqlite)", text);
    return -1;
}

/* Reads a number between lo and hi; -1 after a usage error. */
static int parse_number(const char *text, const char *option, double *out, double lo, double hi)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno != 0 || end == text || *end != '\0' || !(v >= lo && v <= hi)) {
        cli_usage_error("export", "%s takes a number from %g to %g, got '%s'", option, lo, hi, text);
        return -1;
    }
    *out = v;
    return 0;
}

/* The fidelity of points, on stderr and, with --report, in a file. */
static int fidelity_report(const ls_points_fidelity *f, const char *report, ls_error *err)
{
    char text[1024];
    size_t n = (size_t)snprintf(text, sizeof text, "points fidelity on %zu leads:\n", f->leads);
    if (f->has_target) {
        n += (size_t)snprintf(text + n, sizeof text - n,
                              "  AUC: points %.4f, model %.4f (difference %+.4f)\n", f->auc_points, f->auc_model,
                              f->auc_points - f->auc_model);
    } else {
        n += (size_t)snprintf(text + n, sizeof text - n, "  AUC: not computed (the data has no target column)\n");
    }
    n += (size_t)snprintf(text + n, sizeof text - n, "  Spearman rank correlation with the model's logit: %.4f\n",
                          f->spearman);
    if (f->has_bands) {
        snprintf(text + n, sizeof text - n,
                 "  band changed for %.2f%% of leads (bands moved to the points scale)", 100.0 * f->band_changed);
    } else {
        snprintf(text + n, sizeof text - n, "  bands: not compared (the pdo scale is not 0-100)");
    }
    fprintf(stderr, "%s\n", text);
    return report != NULL ? ls_write_text_file(report, text, err) : LS_OK;
}

/* Sets *is_rules when the file at path is a rule set ("format":
 * "leadscore-rules"); then, without --id, the id is the rule set's
 * "id_column" when it names one (the column 'score' gives as id). The
 * file is read again by its loader, which reports every other problem. */
static int detect_rules(const char *path, int *is_rules, ls_export_options *options, ls_error *err)
{
    cJSON *root = NULL;
    if (ls_json_parse_file(path, &root, err) != LS_OK) {
        *is_rules = 0;
        ls_error_clear(err);
        return LS_OK; /* ls_model_load says what is wrong */
    }
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(root, "format");
    *is_rules = cJSON_IsString(format) && strcmp(format->valuestring, LS_RULES_FORMAT) == 0;
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id_column");
    int status = LS_OK;
    if (*is_rules && options->id_column == NULL && cJSON_IsString(id) && id->valuestring[0] != '\0') {
        static char id_column[256];
        if (strlen(id->valuestring) >= sizeof id_column) {
            status = ls_errorf(err, LS_EDATA, path, 0, 0, "\"id_column\" is too long");
        } else {
            strcpy(id_column, id->valuestring);
            options->id_column = id_column;
        }
    }
    cJSON_Delete(root);
    return status;
}

int cmd_export(int argc, char **argv)
{
    enum {
        OPT_MODEL = 1,
        OPT_FORMAT,
        OPT_OUT,
        OPT_DIALECT,
        OPT_TABLE,
        OPT_ID,
        OPT_BINS,
        OPT_SCALE,
        OPT_PDO,
        OPT_BASE_SCORE,
        OPT_BASE_ODDS,
        OPT_DATA,
        OPT_TARGET,
        OPT_REPORT
    };
    static const struct option long_options[] = {{"model", required_argument, NULL, OPT_MODEL},
                                                 {"format", required_argument, NULL, OPT_FORMAT},
                                                 {"out", required_argument, NULL, OPT_OUT},
                                                 {"dialect", required_argument, NULL, OPT_DIALECT},
                                                 {"table", required_argument, NULL, OPT_TABLE},
                                                 {"id", required_argument, NULL, OPT_ID},
                                                 {"bins", required_argument, NULL, OPT_BINS},
                                                 {"scale", required_argument, NULL, OPT_SCALE},
                                                 {"pdo", required_argument, NULL, OPT_PDO},
                                                 {"base-score", required_argument, NULL, OPT_BASE_SCORE},
                                                 {"base-odds", required_argument, NULL, OPT_BASE_ODDS},
                                                 {"data", required_argument, NULL, OPT_DATA},
                                                 {"target", required_argument, NULL, OPT_TARGET},
                                                 {"report", required_argument, NULL, OPT_REPORT},
                                                 {"help", no_argument, NULL, 'h'},
                                                 {NULL, 0, NULL, 0}};
    const char *model = NULL, *out = "-";
    long format = 0;
    double number;
    int c, sql_option = 0, points_option = 0, scale_option = 0, pdo_options = 0;
    const char *report = NULL;
    ls_points_fidelity fidelity;
    ls_export_options options;
    ls_export_options_default(&options);
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_MODEL:
            model = optarg;
            break;
        case OPT_FORMAT:
            if ((format = find_format(optarg)) < 0) {
                return LS_EXIT_USAGE;
            }
            break;
        case OPT_OUT:
            out = optarg;
            break;
        case OPT_DIALECT:
            if (find_dialect(optarg, &options.dialect) < 0) {
                return LS_EXIT_USAGE;
            }
            sql_option = 1;
            break;
        case OPT_TABLE:
            if (optarg[0] == '\0') {
                return cli_usage_error("export", "--table needs a name");
            }
            options.table = optarg;
            sql_option = 1;
            break;
        case OPT_ID:
            if (optarg[0] == '\0') {
                return cli_usage_error("export", "--id needs a column name");
            }
            options.id_column = optarg;
            sql_option = 1;
            break;
        case OPT_BINS:
            if (parse_number(optarg, "--bins", &number, 2, 100) < 0) {
                return LS_EXIT_USAGE;
            }
            options.bins = (size_t)number;
            points_option = 1;
            break;
        case OPT_SCALE:
            if (strcmp(optarg, "0-100") != 0) {
                return cli_usage_error("export", "unknown scale '%s' (choices: 0-100, or --pdo with --base-score "
                                                 "and --base-odds)", optarg);
            }
            scale_option = points_option = 1;
            break;
        case OPT_PDO:
        case OPT_BASE_SCORE:
        case OPT_BASE_ODDS:
            if (parse_number(optarg, c == OPT_PDO ? "--pdo" : c == OPT_BASE_SCORE ? "--base-score" : "--base-odds",
                             &number, c == OPT_BASE_SCORE ? -1e9 : 1e-12, 1e9) < 0) {
                return LS_EXIT_USAGE;
            }
            *(c == OPT_PDO ? &options.pdo : c == OPT_BASE_SCORE ? &options.base_score : &options.base_odds) = number;
            pdo_options |= c == OPT_PDO ? 1 : c == OPT_BASE_SCORE ? 2 : 4;
            points_option = 1;
            break;
        case OPT_DATA:
            options.data = optarg;
            points_option = 1;
            break;
        case OPT_TARGET:
            options.target = optarg;
            points_option = 1;
            break;
        case OPT_REPORT:
            report = optarg;
            points_option = 1;
            break;
        case 'h':
            fputs(usage, stdout);
            return LS_EXIT_OK;
        default:
            return cli_bad_option("export", argv);
        }
    }
    if (optind < argc) {
        return cli_usage_error("export", "unexpected argument '%s'", argv[optind]);
    }
    if (model == NULL) {
        return cli_usage_error("export", "--model is required");
    }
    if (sql_option && strcmp(formats[format].name, "sql") != 0) {
        return cli_usage_error("export", "--dialect, --table and --id are options of --format sql");
    }
    int points_format = strcmp(formats[format].name, "points") == 0 || strcmp(formats[format].name, "rules") == 0;
    if (points_option && !points_format) {
        return cli_usage_error("export", "--bins, --scale, --pdo, --base-score, --base-odds, --data, --target and "
                                         "--report are options of --format points and rules");
    }
    if (pdo_options != 0 && (pdo_options != 7 || scale_option)) {
        return cli_usage_error("export", "--pdo, --base-score and --base-odds go together, instead of --scale");
    }
    options.use_pdo = pdo_options == 7;
    if (points_format) {
        options.fidelity = &fidelity;
    }
    ls_error err = {0};
    ls_model *m = NULL;
    ls_atomic_file *f = NULL;
    const char *inputs[] = {model, options.data};
    int status = ls_output_check(out, inputs, 2, &err);
    if (status == LS_OK && report != NULL) {
        status = ls_output_check(report, inputs, 2, &err);
    }
    if (status == LS_OK && report != NULL) {
        const char *outs[] = {out, report};
        status = ls_outputs_distinct(outs, 2, &err);
    }
    ls_rules *rules = NULL;
    int is_rules = 0;
    if (status == LS_OK) {
        status = detect_rules(model, &is_rules, &options, &err);
    }
    if (status == LS_OK && is_rules && strcmp(formats[format].name, "sql") != 0) {
        ls_model_free(m);
        return cli_usage_error("export", "'%s' is a rule set: it exports only as --format sql (not %s)", model,
                               formats[format].name);
    }
    if (status == LS_OK) {
        status = is_rules ? ls_rules_load(model, &rules, &err) : ls_model_load(model, &m, &err);
    }
    if (status == LS_OK) {
        status = ls_atomic_open(out, &f, &err);
    }
    if (status == LS_OK) {
        status = is_rules ? ls_export_rules_sql(rules, &options, ls_atomic_stream(f), &err)
                          : formats[format].write(m, &options, ls_atomic_stream(f), &err);
        if (status == LS_OK && points_format) {
            status = fidelity_report(&fidelity, report, &err);
        }
        if (status == LS_OK) {
            status = ls_atomic_commit(f, &err);
        } else {
            ls_atomic_abort(f);
        }
    }
    ls_model_free(m);
    ls_rules_free(rules);
    return status == LS_OK ? LS_EXIT_OK : cli_report(&err);
}
