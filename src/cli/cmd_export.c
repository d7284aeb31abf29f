/* cmd_export.c: 'leadscore export': a model's weights for other tools. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>


#include "cli.h"
#include "commands.h"
#include "leadscore/fileio.h"
#include "leadscore/model_io.h"

static const char usage[] =
    "usage: leadscore export --model MODEL [--format csv] [--out FILE]\n"
    "\n"
    "Writes the weights table as CSV with exactly these columns:\n"
    "  term,column,level,weight,std_error,z,p_value\n"
    "one row per term: the intercept is '(Intercept)' with empty column and level;\n"
    "a numeric column's term has an empty level; a missing-value indicator has\n"
    "level '(missing)'. Numbers are written with 17 significant digits, so they\n"
    "read back exactly; statistics that do not exist (aliased terms, terms the\n"
    "lasso set to zero) are empty. To score: logit = sum of weight * value, where\n"
    "value is the number, or 1 when the lead has that level (0 otherwise).\n"
    "\n"
    "options:\n"
    "  --model MODEL   a model file from 'leadscore train'\n"
    "  --format csv    the only format so far\n"
    "  --out FILE      output file (default '-': standard output)\n"
    "  -h, --help      this help\n";

static void put_text(FILE *fp, const char *s)
{
    cli_csv_field(fp, s, strlen(s));
}

static void put_number(FILE *fp, double v)
{
    if (isfinite(v)) {
        fprintf(fp, ",%.17g", v);
    } else {
        fputc(',', fp);
    }
}

int cmd_export(int argc, char **argv)
{
    enum { OPT_MODEL = 1, OPT_FORMAT, OPT_OUT };
    static const struct option long_options[] = {{"model", required_argument, NULL, OPT_MODEL},
                                                 {"format", required_argument, NULL, OPT_FORMAT},
                                                 {"out", required_argument, NULL, OPT_OUT},
                                                 {"help", no_argument, NULL, 'h'},
                                                 {NULL, 0, NULL, 0}};
    const char *model = NULL, *out = "-";
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_MODEL:
            model = optarg;
            break;
        case OPT_FORMAT:
            if (strcmp(optarg, "csv") != 0) {
                return cli_usage_error("export", "--format takes 'csv', got '%s'", optarg);
            }
            break;
        case OPT_OUT:
            out = optarg;
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
    ls_error err = {0};
    ls_model *m = NULL;
    ls_atomic_file *f = NULL;
    int status = ls_model_load(model, &m, &err);
    if (status == LS_OK) {
        status = ls_atomic_open(out, &f, &err);
    }
    if (status == LS_OK) {
        FILE *fp = ls_atomic_stream(f);
        fputs("term,column,level,weight,std_error,z,p_value\n", fp);
        for (size_t k = 0; k < m->n_terms; k++) {
            const ls_term *t = &m->terms[k];
            put_text(fp, t->name);
            fputc(',', fp);
            if (t->kind != LS_TERM_INTERCEPT) {
                const ls_input *in = &m->inputs[t->input];
                put_text(fp, in->name);
                fputc(',', fp);
                if (t->kind == LS_TERM_MISSING) {
                    fputs("(missing)", fp);
                } else if (t->kind == LS_TERM_LEVEL) {
                    put_text(fp, ls_levels_display(in->levels, t->level));
                }
            } else {
                fputc(',', fp);
            }
            fprintf(fp, ",%.17g", t->weight);
            put_number(fp, t->std_error);
            put_number(fp, t->z);
            put_number(fp, t->p_value);
            fputc('\n', fp);
        }
        status = ls_atomic_commit(f, &err);
    }
    ls_model_free(m);
    return status == LS_OK ? LS_EXIT_OK : cli_report(&err);
}
