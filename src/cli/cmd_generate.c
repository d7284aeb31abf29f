/* cmd_generate.c: 'leadscore generate': synthetic leads and their true model.
 *
 * Both output files are checked and opened before the first lead is drawn,
 * and committed as one group: a failure leaves neither file behind. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "leadscore/fileio.h"
#include "leadscore/generate.h"

static const char usage[] =
    "usage: leadscore generate --rows N --seed S [--out FILE] [--truth FILE]\n"
    "                          [--month YYYY-MM] [--drift CHANGES]\n"
    "\n"
    "Writes N realistic synthetic leads as CSV (standard output by default): a lead\n"
    "id, a created date over 18 months, attributes (lead source, industry, company\n"
    "size, country, job title, job level), behaviours (visits, time on site,\n"
    "pricing-page views, email opens and clicks, webinar, downloads, demo request,\n"
    "contact form, free trial, phone calls, unsubscribe, days since last activity)\n"
    "and 'converted', drawn from a documented true logistic model. About 2% of\n"
    "attribute cells are blank and 2% written in messy case or with stray spaces,\n"
    "and 1% of time_on_site_minutes is blank. The same seed writes the same bytes.\n"
    "\n"
    "options:\n"
    "  --rows N        leads to write (1 to 1000000000)\n"
    "  --seed S        random seed (a whole number >= 0)\n"
    "  --out FILE      the CSV ('-' or absent: standard output)\n"
    "  --truth FILE    also write the true model as JSON: intercept, level effects\n"
    "                  and reference levels, weights, realised conversion rate\n"
    "  --month YYYY-MM created dates within that month (default: 2025-01-01 to\n"
    "                  2026-06-30); the leads themselves are the same\n"
    "  --drift CHANGES a later month whose leads and true model differ, as a\n"
    "                  comma-separated list (or 'all'):\n"
    "                    new-source     lead source 'AI Chat' appears (about 13%\n"
    "                                   of leads), true effect +0.5\n"
    "                    webinar-fades  webinar_attended=yes: weight 0.5 -> 0\n"
    "                    more-students  job titles Student and Intern weigh 16\n"
    "                                   each (from 8 and 5), effects unchanged\n"
    "                  the truth file then says what changed ('drift')\n"
    "  --quiet         no progress on stderr\n"
    "  -h, --help      this help\n";

static void progress(void *ctx, long rows)
{
    (void)ctx;
    cli_progress("generated %ld rows", rows);
}

int cmd_generate(int argc, char **argv)
{
    enum { OPT_ROWS = 1, OPT_SEED, OPT_OUT, OPT_TRUTH, OPT_QUIET, OPT_MONTH, OPT_DRIFT };
    static const struct option long_options[] = {
        {"rows", required_argument, NULL, OPT_ROWS}, {"seed", required_argument, NULL, OPT_SEED},
        {"out", required_argument, NULL, OPT_OUT},   {"truth", required_argument, NULL, OPT_TRUTH},
        {"quiet", no_argument, NULL, OPT_QUIET},     {"help", no_argument, NULL, 'h'},
        {"month", required_argument, NULL, OPT_MONTH}, {"drift", required_argument, NULL, OPT_DRIFT},
        {NULL, 0, NULL, 0}};
    ls_generate_options o = {0, 0, progress, NULL};
    const char *out = "-", *truth_path = NULL, *month = NULL, *drift = NULL;
    long v;
    int have_rows = 0, have_seed = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_ROWS:
            if (cli_parse_long("generate", "--rows", optarg, 1, LS_GENERATE_MAX_ROWS, &v) != 0) {
                return LS_EXIT_USAGE;
            }
            o.rows = v;
            have_rows = 1;
            break;
        case OPT_SEED:
            if (cli_parse_long("generate", "--seed", optarg, 0, (long)LS_GENERATE_MAX_SEED, &v) != 0) {
                return LS_EXIT_USAGE;
            }
            o.seed = (unsigned long)v;
            have_seed = 1;
            break;
        case OPT_OUT:
            out = optarg;
            break;
        case OPT_TRUTH:
            truth_path = optarg;
            break;
        case OPT_QUIET:
            cli_quiet = 1;
            break;
        case OPT_MONTH:
            month = optarg;
            break;
        case OPT_DRIFT:
            drift = optarg;
            break;
        case 'h':
            fputs(usage, stdout);
            return LS_EXIT_OK;
        default:
            return cli_bad_option("generate", argv);
        }
    }
    if (cli_no_more_arguments("generate", argc, argv) != 0) {
        return LS_EXIT_USAGE;
    }
    if (!have_rows || !have_seed) {
        return cli_usage_error("generate", "--rows and --seed are required");
    }
    ls_generate_changes changes;
    ls_error perr = {0};
    if (ls_generate_changes_parse(drift, month, &changes, &perr) != LS_OK) {
        return cli_usage_error("generate", "%s", perr.msg);
    }
    /* Both outputs are checked and opened before the first lead is drawn, so
     * a bad path fails at once rather than after a long run; as one group,
     * a failure before the final renames leaves neither file behind. */
    ls_error err = {0};
    const char *outputs[] = {out, truth_path};
    ls_output_group *group = NULL;
    ls_atomic_file *f = NULL, *tf = NULL;
    cJSON *truth = NULL;
    int status = ls_output_check(out, NULL, 0, &err);
    if (status == LS_OK) {
        status = ls_output_check(truth_path, NULL, 0, &err);
    }
    if (status == LS_OK) {
        status = ls_outputs_distinct(outputs, 2, &err);
    }
    if (status == LS_OK) {
        status = ls_output_group_new(&group, &err);
    }
    if (status == LS_OK) {
        status = ls_output_group_open(group, out, &f, &err);
    }
    if (status == LS_OK && truth_path != NULL) {
        status = ls_output_group_open(group, truth_path, &tf, &err);
    }
    if (status == LS_OK) {
        status = ls_generate_with(&o, &changes, ls_atomic_stream(f), truth_path != NULL ? &truth : NULL, &err);
        if (status != LS_OK && err.file[0] == '\0') {
            snprintf(err.file, sizeof err.file, "%s", strcmp(out, "-") == 0 ? "(standard output)" : out);
        }
    }
    cli_progress_done();
    if (status == LS_OK && tf != NULL) {
        char *text = cJSON_Print(truth);
        if (text == NULL) {
            status = ls_errorf(&err, LS_ENOMEM, truth_path, 0, 0, "out of memory");
        } else {
            /* as ls_json_write_file() writes JSON: cJSON_Print and a newline */
            fputs(text, ls_atomic_stream(tf));
            fputc('\n', ls_atomic_stream(tf));
            free(text);
        }
    }
    if (status == LS_OK) {
        status = ls_output_group_commit(group, &err); /* frees the group either way */
        group = NULL;
    }
    ls_output_group_abort(group);
    cJSON_Delete(truth);
    return cli_exit("generate", status, &err);
}
