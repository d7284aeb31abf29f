/* cmd_export.c: 'leadscore export': a model's weights and scoring rules for
 * other tools. Options and the atomic output file live here; the formats are
 * library writers (leadscore/export.h). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "leadscore/export.h"
#include "leadscore/fileio.h"
#include "leadscore/model_io.h"

static const char usage[] =
    "usage: leadscore export --model MODEL [--format FMT] [--out FILE]\n"
    "       leadscore export --model MODEL --format sql --dialect postgresql|sqlite\n"
    "                        [--table NAME] [--id COLUMN]\n"
    "\n"
    "Formats (README.md \"Export\" documents each; every one scores as leadscore):\n"
    "  csv    the weights table with its rule rows (below; the default)\n"
    "  json   the weights document for programs (\"leadscore-weights\" version 1)\n"
    "  pmml   PMML 4.4 RegressionModel for model servers\n"
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
    "  --format FMT    csv (default), json, sql or pmml\n"
    "  --dialect D     sql: postgresql (default) or sqlite\n"
    "  --table NAME    sql: the table to score (default leads)\n"
    "  --id COLUMN     sql: the column to give as id\n"
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
} formats[] = {{"csv", write_csv}, {"json", write_json}, {"sql", ls_export_sql}, {"pmml", write_pmml}};

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

int cmd_export(int argc, char **argv)
{
    enum { OPT_MODEL = 1, OPT_FORMAT, OPT_OUT, OPT_DIALECT, OPT_TABLE, OPT_ID };
    static const struct option long_options[] = {{"model", required_argument, NULL, OPT_MODEL},
                                                 {"format", required_argument, NULL, OPT_FORMAT},
                                                 {"out", required_argument, NULL, OPT_OUT},
                                                 {"dialect", required_argument, NULL, OPT_DIALECT},
                                                 {"table", required_argument, NULL, OPT_TABLE},
                                                 {"id", required_argument, NULL, OPT_ID},
                                                 {"help", no_argument, NULL, 'h'},
                                                 {NULL, 0, NULL, 0}};
    const char *model = NULL, *out = "-";
    long format = 0;
    int c, sql_option = 0;
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
    ls_error err = {0};
    ls_model *m = NULL;
    ls_atomic_file *f = NULL;
    const char *inputs[] = {model};
    int status = ls_output_check(out, inputs, 1, &err);
    if (status == LS_OK) {
        status = ls_model_load(model, &m, &err);
    }
    if (status == LS_OK) {
        status = ls_atomic_open(out, &f, &err);
    }
    if (status == LS_OK) {
        status = formats[format].write(m, &options, ls_atomic_stream(f), &err);
        if (status == LS_OK) {
            status = ls_atomic_commit(f, &err);
        } else {
            ls_atomic_abort(f);
        }
    }
    ls_model_free(m);
    return status == LS_OK ? LS_EXIT_OK : cli_report(&err);
}
