/* cmd_score.c: 'leadscore score': every lead a score, a probability, a band
 * and the reasons behind it, streamed from CSV to CSV. */
#define _GNU_SOURCE /* strfromd */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "digits.h"
#include "leadscore/ab.h"
#include "leadscore/csv.h"
#include "leadscore/fileio.h"
#include "leadscore/scorer.h"
#include "progress.h"

#define MAX_REASONS 20
#define MAX_KEEP 64

static const char usage[] =
    "usage: leadscore score --model MODEL --data FILE [--out FILE|-] [options]\n"
    "\n"
    "Scores each lead of FILE ('-' for standard input) with MODEL and writes CSV:\n"
    "  id           the model's ID column (or --id COL), else the 1-based row number\n"
    "  score        0-100: round(100 * probability)\n"
    "  probability  the model's probability of conversion, full precision (empty\n"
    "               for a points rule set without a calibration)\n"
    "  band         the score band (from the model, or --bands)\n"
    "  ...          any --keep columns, as they are in FILE\n"
    "  reasons      with --reasons K: the K columns that moved this lead most\n"
    "               against an average training lead, in logit points, e.g.\n"
    "               'demo_requested=yes +1.92; job_title=Student -1.20'\n"
    "Columns are matched by name in any order; a level never seen in training\n"
    "scores as the column's reference level and is counted on stderr.\n"
    "\n"
    "options:\n"
    "  --model MODEL          a model file from 'leadscore train'\n"
    "  --data FILE            leads to score, CSV with a header row\n"
    "  --out FILE             output CSV (default '-': standard output); a file is\n"
    "                         written to a temporary name and renamed when complete\n"
    "  --id COL               the ID column to carry to the output\n"
    "  --keep COLS            comma-separated input columns to copy to the output\n"
    "  --reasons K            add the top K reasons (0-20)\n"
    "  --bands SPEC           override the model's bands, e.g. Prospect:0,Lead:11,MQL:41,SQL:71\n"
    "  --delimiter C          input delimiter ',' ';' or 'tab' (default: detected)\n"
    "  --strict               a level unseen in training is an error\n"
    "  --on-error stop|skip   a bad row stops the run (default) or is skipped and reported\n"
    "  --ab MODEL_B           live A/B test: each lead goes to arm A (--model) or B\n"
    "                         (MODEL_B) by a stable hash of its id, and is scored by\n"
    "                         its arm's model; adds the column 'arm' after 'id'. The\n"
    "                         arm is B when the first 53 bits of SHA-256(salt \":\" id)\n"
    "                         as a fraction of 2^53 are below the share: a lead keeps its\n"
    "                         arm across runs and months. Analyse with\n"
    "                         'leadscore compare --arms arm'\n"
    "  --ab-share S           arm B's share of the leads (default 0.5)\n"
    "  --ab-salt TEXT         the hash salt (default empty); a new salt, new arms\n"
    "  --quiet, --verbose     progress and summary on stderr: never / always\n"
    "  -h, --help             this help\n";

typedef struct {
    const char *model, *data, *out, *id, *keep;
    const char *ab, *ab_salt; /* live A/B test: the second model, the hash salt */
    double ab_share;
    long reasons;
    int strict, skip_errors;
    char delimiter;
    ls_bands bands;
    int bands_set;
} score_options;

static int parse_keep(const char *spec, const ls_csv_reader *reader, long *columns, size_t *n, ls_error *err)
{
    char *copy = strdup(spec), *save = NULL;
    if (copy == NULL) {
        return ls_errorf(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    *n = 0;
    for (char *tok = strtok_r(copy, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
        long c = ls_csv_find_column(reader, tok);
        if (c < 0 || *n == MAX_KEEP) {
            int status = ls_errorf(err, c < 0 ? LS_EDATA : LS_EUSAGE, ls_csv_path(reader), 1, 0,
                                   c < 0 ? "--keep names column '%s', which the header does not have"
                                         : "--keep takes at most 64 columns ('%s')",
                                   tok);
            free(copy);
            return status;
        }
        columns[(*n)++] = c;
    }
    free(copy);
    return LS_OK;
}

/* A record number in decimal: fprintf's format parsing was a tenth of the
 * time of scoring a lead with a rule set. */
static void write_count(FILE *fp, long n)
{
    char digits[20];
    fwrite(digits, 1, ls_put_digits(digits, (unsigned long)n), fp);
}

static int run(const score_options *o, ls_error *err)
{
    ls_scorer *arms[2] = {NULL, NULL}, *scorer = NULL;
    ls_csv_reader *reader = NULL;
    ls_atomic_file *out = NULL;
    size_t n_arms = o->ab != NULL ? 2 : 1;
    const char *inputs[3] = {o->model, o->data, o->ab};
    int status = ls_output_check(o->out, inputs, 3, err);
    for (size_t a = 0; a < n_arms && status == LS_OK; a++) {
        if ((status = ls_scorer_load(a == 0 ? o->model : o->ab, &arms[a], err)) == LS_OK) {
            if (o->bands_set) {
                ls_scorer_set_bands(arms[a], &o->bands);
            }
            ls_scorer_set_strict(arms[a], o->strict);
        }
    }
    if (status != LS_OK) {
        goto done;
    }
    scorer = arms[0];
    ls_csv_options csv_options = {o->delimiter, 0};
    long id_column = -1, keep[MAX_KEEP];
    size_t n_keep = 0;
    if ((status = ls_csv_open(o->data, &csv_options, &reader, err)) != LS_OK) {
        goto done;
    }
    for (size_t a = 0; a < n_arms && status == LS_OK; a++) {
        status = ls_scorer_bind(arms[a], reader, err);
    }
    if (status != LS_OK) {
        goto done;
    }
    const char *id_name = o->id != NULL ? o->id : ls_scorer_id_column(scorer);
    if (id_name != NULL) {
        id_column = ls_csv_find_column(reader, id_name);
        if (id_column < 0 && o->id != NULL) {
            status = ls_errorf(err, LS_EDATA, ls_csv_path(reader), 1, 0, "--id column '%s' not found in the header",
                               o->id);
            goto done;
        }
    }
    if (o->ab != NULL && id_column < 0) {
        /* a row number changes from file to file: only an id keeps a lead in its arm */
        status = ls_errorf(err, LS_EUSAGE, NULL, 0, 0,
                           "--ab assigns arms by the leads' ids, and %s has no id column: name it with --id",
                           o->data);
        goto done;
    }
    if (o->keep != NULL && (status = parse_keep(o->keep, reader, keep, &n_keep, err)) != LS_OK) {
        goto done;
    }
    if ((status = ls_atomic_open(o->out, &out, err)) != LS_OK) {
        goto done;
    }
    FILE *fp = ls_atomic_stream(out);
    fputs(o->ab != NULL ? "id,arm,score,probability,band" : "id,score,probability,band", fp);
    for (size_t k = 0; k < n_keep; k++) {
        fputc(',', fp);
        const char *name = ls_csv_column_name(reader, (size_t)keep[k]);
        cli_csv_field(fp, name, strlen(name));
    }
    fputs(o->reasons > 0 ? ",reasons\n" : "\n", fp);

    ls_reason reasons[MAX_REASONS];
    char line[4096];
    long rows = 0, skipped = 0, first_skipped_line = 0;
    int more;
    while ((more = ls_csv_next(reader, err)) == 1) {
        ls_score s;
        size_t n_reasons = 0;
        int arm = o->ab != NULL ? ls_ab_arm(o->ab_salt, ls_csv_field(reader, (size_t)id_column),
                                            ls_csv_field_length(reader, (size_t)id_column), o->ab_share)
                                : 0;
        status = ls_scorer_score(arms[arm], reader, &s, o->reasons > 0 ? reasons : NULL, (size_t)o->reasons,
                                 &n_reasons, err);
        if (status != LS_OK) {
            if (!o->skip_errors || status == LS_ENOMEM) {
                goto done;
            }
            if (skipped++ == 0) {
                first_skipped_line = ls_csv_line(reader);
            }
            if (!cli_quiet) {
                cli_report(err);
            }
            status = LS_OK;
            continue;
        }
        rows++;
        if (id_column >= 0) {
            cli_csv_field(fp, ls_csv_field(reader, (size_t)id_column), ls_csv_field_length(reader, (size_t)id_column));
        } else {
            write_count(fp, ls_csv_records(reader));
        }
        if (o->ab != NULL) {
            fputs(arm ? ",B" : ",A", fp);
        }
        /* strfromd takes one conversion and skips printf's format parsing */
        char number[48];
        size_t n = 0;
        number[n++] = ',';
        n += ls_put_digits(number + n, (unsigned)s.score); /* 0 to 100 */
        number[n++] = ',';
        if (!isnan(s.probability)) { /* a rule set without calibration has none */
            n += (size_t)strfromd(number + n, sizeof number - n - 1, "%.17g", s.probability);
        }
        number[n++] = ',';
        fwrite(number, 1, n, fp);
        const char *band = ls_scorer_bands(arms[arm])->band[s.band].name;
        cli_csv_field(fp, band, strlen(band));
        for (size_t k = 0; k < n_keep; k++) {
            fputc(',', fp);
            cli_csv_field(fp, ls_csv_field(reader, (size_t)keep[k]), ls_csv_field_length(reader, (size_t)keep[k]));
        }
        if (o->reasons > 0) {
            size_t used = cli_format_reasons(reasons, n_reasons, line, sizeof line);
            fputc(',', fp);
            cli_csv_field(fp, line, used);
        }
        fputc('\n', fp);
        if ((rows & 0x3FFFF) == 0) {
            cli_read_progress((void *)o->data, rows, ls_csv_bytes_read(reader));
        }
    }
    if (more < 0) {
        status = (int)err->code;
        goto done;
    }
    /* a day without new leads is no error for a nightly job: a header-only
     * output, said on stderr */
    if (rows == 0 && skipped == 0) {
        cli_warn("%s has a header only: no leads to score, wrote the header", ls_csv_path(reader));
    }
    status = ls_atomic_commit(out, err);
    out = NULL;
    if (status == LS_OK && !cli_quiet) {
        cli_progress_done();
        for (size_t a = 0; a < n_arms; a++) {
            for (size_t i = 0; i < ls_scorer_n_inputs(arms[a]); i++) {
                long unseen = ls_scorer_unseen_count(arms[a], i);
                if (unseen > 0) {
                    fprintf(stderr, "leadscore: %s%scolumn '%s': %ld cell%s with a level (or a missing value) unseen "
                                    "in training, scored as the reference\n",
                            n_arms > 1 ? ls_scorer_name(arms[a]) : "", n_arms > 1 ? ": " : "",
                            ls_scorer_input_name(arms[a], i), unseen, unseen > 1 ? "s" : "");
                }
            }
        }
        if (skipped > 0) {
            fprintf(stderr, "leadscore: skipped %ld bad row%s (first at line %ld); scored %ld\n", skipped,
                    skipped > 1 ? "s" : "", first_skipped_line, rows);
        }
    }
done:
    ls_atomic_abort(out);
    ls_csv_close(reader);
    ls_scorer_free(arms[0]);
    ls_scorer_free(arms[1]);
    return status;
}

int cmd_score(int argc, char **argv)
{
    enum { OPT_MODEL = 1, OPT_DATA, OPT_OUT, OPT_ID, OPT_KEEP, OPT_REASONS, OPT_BANDS, OPT_DELIM, OPT_STRICT,
           OPT_ON_ERROR, OPT_QUIET, OPT_VERBOSE, OPT_AB, OPT_AB_SHARE, OPT_AB_SALT };
    static const struct option long_options[] = {
        {"model", required_argument, NULL, OPT_MODEL}, {"data", required_argument, NULL, OPT_DATA},
        {"out", required_argument, NULL, OPT_OUT},     {"id", required_argument, NULL, OPT_ID},
        {"keep", required_argument, NULL, OPT_KEEP},   {"reasons", required_argument, NULL, OPT_REASONS},
        {"bands", required_argument, NULL, OPT_BANDS}, {"delimiter", required_argument, NULL, OPT_DELIM},
        {"strict", no_argument, NULL, OPT_STRICT},     {"on-error", required_argument, NULL, OPT_ON_ERROR},
        {"quiet", no_argument, NULL, OPT_QUIET},       {"verbose", no_argument, NULL, OPT_VERBOSE},
        {"ab", required_argument, NULL, OPT_AB},       {"ab-share", required_argument, NULL, OPT_AB_SHARE},
        {"ab-salt", required_argument, NULL, OPT_AB_SALT},
        {"help", no_argument, NULL, 'h'},              {NULL, 0, NULL, 0}};
    score_options o;
    memset(&o, 0, sizeof o);
    o.out = "-";
    o.ab_share = 0.5;
    o.ab_salt = "";
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
        case OPT_OUT:
            o.out = optarg;
            break;
        case OPT_ID:
            o.id = optarg;
            break;
        case OPT_KEEP:
            o.keep = optarg;
            break;
        case OPT_REASONS:
            code = cli_parse_long("score", "--reasons", optarg, 0, MAX_REASONS, &o.reasons) ? LS_EXIT_USAGE : 0;
            break;
        case OPT_BANDS:
            if (ls_bands_parse(optarg, &o.bands, &err) != LS_OK) {
                code = cli_usage_error("score", "%s", err.msg);
            }
            o.bands_set = 1;
            break;
        case OPT_DELIM:
            code = cli_parse_delimiter("score", optarg, &o.delimiter) ? LS_EXIT_USAGE : 0;
            break;
        case OPT_STRICT:
            o.strict = 1;
            break;
        case OPT_ON_ERROR:
            if (strcmp(optarg, "skip") == 0 || strcmp(optarg, "stop") == 0) {
                o.skip_errors = optarg[1] == 'k';
            } else {
                code = cli_usage_error("score", "--on-error takes 'stop' or 'skip', got '%s'", optarg);
            }
            break;
        case OPT_AB:
            o.ab = optarg;
            break;
        case OPT_AB_SHARE:
            code = cli_parse_double_in("score", "--ab-share", optarg, 0, 1, "a share from 0 to 1", &o.ab_share)
                       ? LS_EXIT_USAGE
                       : 0;
            break;
        case OPT_AB_SALT:
            o.ab_salt = optarg;
            break;
        case OPT_QUIET:
            cli_quiet = 1;
            break;
        case OPT_VERBOSE:
            cli_verbose = 1;
            break;
        case 'h':
            fputs(usage, stdout);
            return LS_EXIT_OK;
        default:
            code = cli_bad_option("score", argv);
        }
    }
    if (code == 0) {
        code = cli_no_more_arguments("score", argc, argv);
    }
    if (code == 0 && (o.model == NULL || o.data == NULL)) {
        code = cli_usage_error("score", "--model and --data are required");
    }
    if (code != 0) {
        return code;
    }
    int status = run(&o, &err);
    return cli_exit("score", status, &err);
}
