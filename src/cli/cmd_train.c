/* cmd_train.c: 'leadscore train': fit a logistic model on historical leads
 * and save it. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_train_rules.h"
#include "commands.h"
#include "data_options.h"
#include "leadscore/fileio.h"
#include "guard.h"
#include "leadscore/model_io.h"
#include "leadscore/report.h"
#include "leadscore/train.h"
#include "progress.h"

static const char usage[] =
    "usage: leadscore train --data FILE --target COL --out MODEL.json [options]\n"
    "       leadscore train --from-rules RULES --data FILE --target COL --out NEW_RULES.json\n"
    "                       (learns the points of a rule set: see 'leadscore rules learn --help')\n"
    "\n"
    "Fits a logistic regression of COL (0/1, yes/no, true/false) on every other\n"
    "usable column and saves the model. Categorical columns are treatment-coded\n"
    "against their most frequent level; numeric columns enter on their raw scale;\n"
    "missing numeric cells get the median plus a '(missing)' indicator term;\n"
    "missing categorical cells form their own level '(missing)'.\n"
    "\n"
    "objective (penalties act on standardized terms, as in glmnet):\n"
    "  --l2 LAMBDA            ridge penalty (default 0.0001); --l2 0 is maximum\n"
    "                         likelihood and matches R's glm(family = binomial)\n"
    "  --l1 LAMBDA            lasso penalty: sets weak terms to exactly 0\n"
    "  --alpha A              with --l1: elastic net, l1 = A*LAMBDA, l2 = (1-A)*LAMBDA;\n"
    "                         with --cv: the mix of the penalty path (default 0, ridge)\n"
    "  --cv K                 choose LAMBDA by K-fold cross-validation (held-out log-loss)\n"
    "  --class-weight balanced  weight classes equally; the intercept is corrected\n"
    "                         back so probabilities match the true base rate\n"
    "  --max-iterations N     Newton iterations before giving up (default 100;\n"
    "                         the quasi-Newton solver gets 20 times as many)\n"
    "  --solver S             auto (default: Newton up to 400 terms, else L-BFGS),\n"
    "                         newton or lbfgs\n"
    "\n"
    "holdout:\n"
    "  --holdout FRAC         hold out a random share of rows (with --seed S)\n"
    "  --seed S               random seed for --holdout and --cv (default 1)\n"
    "  --time-column COL --test-from DATE\n"
    "                         train on leads before DATE, test on the rest\n"
    "  --holdout-out FILE     write the held-out rows (header included) to FILE, to\n"
    "                         evaluate or compare on exactly them later\n"
    "                         Levels, rare-level folding, reference levels and medians\n"
    "                         are learnt from the training rows only; the held-out rows\n"
    "                         are scored through the saved model and reported as\n"
    "                         'evaluate' reports them (AUC, bands, ...) on stdout.\n"
    "\n"
    "model:\n"
    "  --bands SPEC           score bands (default Prospect:0,Lead:11,MQL:41,SQL:71)\n"
    "\n"
    "columns:\n" LS_DATA_OPTIONS_HELP "\n"
    "  --quiet, --verbose     progress on stderr: never / even when not a terminal\n"
    "  -h, --help             this help\n";

static void iteration_progress(void *ctx, int iteration, double log_likelihood)
{
    (void)ctx;
    cli_progress("iteration %d: log-likelihood %.10g", iteration, log_likelihood);
}

static char *join_args(int argc, char **argv)
{
    size_t n = 16;
    for (int i = 0; i < argc; i++) {
        n += strlen(argv[i]) + 3;
    }
    char *s = malloc(n);
    if (s == NULL) {
        return NULL;
    }
    strcpy(s, "leadscore");
    for (int i = 0; i < argc; i++) {
        strcat(s, " ");
        int quote = strchr(argv[i], ' ') != NULL;
        if (quote) {
            strcat(s, "'");
        }
        strcat(s, argv[i]);
        if (quote) {
            strcat(s, "'");
        }
    }
    return s;
}

static void print_summary(const ls_model *m, const ls_train_report *r, const ls_train_extras *x, const char *out)
{
    if (x->unlabelled_rows > 0) {
        cli_warn("skipped %zu row%s with a blank outcome (first at line %ld): not used", x->unlabelled_rows,
                 x->unlabelled_rows > 1 ? "s" : "", x->first_unlabelled_line);
    }
    if (x->holdout_unseen > 0) {
        cli_warn("%ld held-out cell%s had a level unseen in the training rows: scored as the reference level",
                 x->holdout_unseen, x->holdout_unseen > 1 ? "s" : "");
    }
    size_t aliased = 0;
    for (size_t t = 0; t < m->n_terms; t++) {
        if (m->terms[t].aliased) {
            cli_warn("term '%s' is collinear with earlier terms (aliased): dropped from the fit", m->terms[t].name);
            aliased++;
        }
    }
    /* columns set aside by the data, not by the user, deserve a warning */
    for (size_t k = 0; m->training != NULL && k < m->training->n_columns_not_used; k++) {
        const ls_unused_column *u = &m->training->columns_not_used[k];
        if (u->type == LS_COL_CONSTANT || u->type == LS_COL_EMPTY || (u->type == LS_COL_EXCLUDED && !u->on_request)) {
            cli_warn("column '%s' not used: %s", u->column, u->note);
        }
    }
    if (cli_quiet) {
        return;
    }
    fprintf(stderr, "leadscore: trained on %zu rows (%zu converted), %zu terms (%zu aliased), %d iteration%s, "
                    "log-likelihood %.10g\n",
            m->fit.rows, m->fit.positives, m->n_terms, aliased, m->fit.iterations, m->fit.iterations == 1 ? "" : "s",
            m->fit.log_likelihood);
    fprintf(stderr, "leadscore: training log-loss %.6f", r->train_log_loss);
    if (r->holdout_rows > 0) {
        fprintf(stderr, ", holdout log-loss %.6f on %zu rows", r->holdout_log_loss, r->holdout_rows);
    }
    fputc('\n', stderr);
    if (r->n_cv > 0) {
        fprintf(stderr, "leadscore: cross-validation (%s): lambda -> held-out log-loss\n",
                r->alpha > 0 ? "elastic net" : "ridge");
        for (size_t l = 0; l < r->n_cv; l++) {
            fprintf(stderr, "  %12.6g  %.6f +- %.6f%s\n", r->cv[l].lambda, r->cv[l].mean_log_loss,
                    r->cv[l].se_log_loss, r->cv[l].lambda == r->chosen_lambda ? "  <- chosen" : "");
        }
        cli_warn_cv_edge(r);
    }
    fprintf(stderr, "leadscore: model written to %s\n", out);
}

int cmd_train(int argc, char **argv)
{
    /* learning a rule set's points: its own options (cmd_train_rules.c) */
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "--from-rules", 12) == 0) {
            return cmd_train_rules(argc, argv, "train");
        }
    }
    enum {
        OPT_DATA = 1, OPT_TARGET, OPT_OUT, OPT_L2, OPT_L1, OPT_ALPHA, OPT_CV, OPT_CLASS_WEIGHT, OPT_HOLDOUT,
        OPT_SEED, OPT_TIME_COLUMN, OPT_TEST_FROM, OPT_BANDS, OPT_MAX_ITER, OPT_SOLVER, OPT_QUIET, OPT_VERBOSE,
        OPT_HOLDOUT_OUT
    };
    static const struct option long_options[] = {
        {"data", required_argument, NULL, OPT_DATA},
        {"target", required_argument, NULL, OPT_TARGET},
        {"out", required_argument, NULL, OPT_OUT},
        {"l2", required_argument, NULL, OPT_L2},
        {"l1", required_argument, NULL, OPT_L1},
        {"alpha", required_argument, NULL, OPT_ALPHA},
        {"cv", required_argument, NULL, OPT_CV},
        {"class-weight", required_argument, NULL, OPT_CLASS_WEIGHT},
        {"holdout", required_argument, NULL, OPT_HOLDOUT},
        {"holdout-out", required_argument, NULL, OPT_HOLDOUT_OUT},
        {"seed", required_argument, NULL, OPT_SEED},
        {"time-column", required_argument, NULL, OPT_TIME_COLUMN},
        {"test-from", required_argument, NULL, OPT_TEST_FROM},
        {"bands", required_argument, NULL, OPT_BANDS},
        {"max-iterations", required_argument, NULL, OPT_MAX_ITER},
        {"solver", required_argument, NULL, OPT_SOLVER},
        {"quiet", no_argument, NULL, OPT_QUIET},
        {"verbose", no_argument, NULL, OPT_VERBOSE},
        {"help", no_argument, NULL, 'h'},
        LS_DATA_LONG_OPTIONS,
        {NULL, 0, NULL, 0}};
    data_options d;
    data_options_init(&d);
    ls_train_options o;
    ls_train_options_init(&o);
    const char *data = NULL, *out = NULL, *holdout_out = NULL;
    double l1 = -1, l2 = -1, alpha = -1;
    long v = 0;
    int code = 0, c;
    ls_error err = {0};
    optind = 1;
    while (code == 0 && (c = getopt_long(argc, argv, "h", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_DATA:
            data = optarg;
            break;
        case OPT_TARGET:
            d.read.target = optarg;
            break;
        case OPT_OUT:
            out = optarg;
            break;
        case OPT_L2:
            code = cli_parse_double_in("train", "--l2", optarg, 0, HUGE_VAL, "a number >= 0", &l2) ? LS_EXIT_USAGE : 0;
            break;
        case OPT_L1:
            code = cli_parse_double_in("train", "--l1", optarg, 0, HUGE_VAL, "a number >= 0", &l1) ? LS_EXIT_USAGE : 0;
            break;
        case OPT_ALPHA:
            code = cli_parse_double_in("train", "--alpha", optarg, 0, 1, "a number from 0 to 1", &alpha) ? LS_EXIT_USAGE
                                                                                                         : 0;
            break;
        case OPT_CV:
            code = cli_parse_long("train", "--cv", optarg, 2, 20, &v) ? LS_EXIT_USAGE : 0;
            o.cv_folds = (int)v;
            break;
        case OPT_CLASS_WEIGHT:
            if (strcmp(optarg, "balanced") == 0) {
                o.balanced = 1;
            } else if (strcmp(optarg, "none") != 0) {
                code = cli_usage_error("train", "--class-weight takes 'balanced' or 'none', got '%s'", optarg);
            }
            break;
        case OPT_HOLDOUT:
            code = cli_parse_double_in("train", "--holdout", optarg, 0, nextafter(1.0, 0.0), "a share from 0 to below 1",
                                       &o.holdout)
                       ? LS_EXIT_USAGE
                       : 0;
            break;
        case OPT_HOLDOUT_OUT:
            holdout_out = optarg;
            break;
        case OPT_SEED:
            code = cli_parse_long("train", "--seed", optarg, 0, 2147483647L, &v) ? LS_EXIT_USAGE : 0;
            o.seed = (unsigned long)v;
            break;
        case OPT_TIME_COLUMN:
            o.time_column = optarg;
            break;
        case OPT_TEST_FROM:
            o.test_from = optarg;
            break;
        case OPT_BANDS:
            if (ls_bands_parse(optarg, &o.bands, &err) != LS_OK) {
                code = cli_usage_error("train", "%s", err.msg);
            }
            break;
        case OPT_MAX_ITER:
            code = cli_parse_long("train", "--max-iterations", optarg, 1, 10000, &v) ? LS_EXIT_USAGE : 0;
            o.max_iterations = (int)v;
            break;
        case OPT_SOLVER:
            if (strcmp(optarg, "auto") == 0 || strcmp(optarg, "newton") == 0 || strcmp(optarg, "lbfgs") == 0) {
                o.solver = optarg[0] == 'a' ? LS_SOLVER_AUTO : optarg[0] == 'n' ? LS_SOLVER_NEWTON : LS_SOLVER_LBFGS;
            } else {
                code = cli_usage_error("train", "--solver takes auto, newton or lbfgs, got '%s'", optarg);
            }
            break;
        case OPT_QUIET:
            cli_quiet = 1;
            break;
        case OPT_VERBOSE:
            cli_verbose = 1;
            break;
        case 'h':
            fputs(usage, stdout);
            data_options_free(&d);
            return LS_EXIT_OK;
        case '?':
            code = cli_bad_option("train", argv);
            break;
        default:
            code = data_option(&d, "train", c, optarg);
        }
    }
    if (code == 0) {
        code = cli_no_more_arguments("train", argc, argv);
    }
    if (code == 0 && (data == NULL || d.read.target == NULL || out == NULL)) {
        code = cli_usage_error("train", "--data, --target and --out are required");
    }
    if (code == 0) {
        code = data_options_check(&d, "train");
    }
    if (code == 0 && (o.time_column != NULL) != (o.test_from != NULL)) {
        code = cli_usage_error("train", "--time-column and --test-from go together");
    }
    if (code == 0 && o.time_column != NULL && o.holdout > 0) {
        code = cli_usage_error("train", "choose one holdout: --holdout or --time-column/--test-from");
    }
    if (code == 0 && holdout_out != NULL && o.holdout == 0 && o.time_column == NULL) {
        code = cli_usage_error("train", "--holdout-out needs a holdout: --holdout or --time-column/--test-from");
    }
    if (code == 0 && holdout_out != NULL && strcmp(data, "-") == 0) {
        code = cli_usage_error("train", "--holdout-out needs a file to read twice, not standard input");
    }
    if (code == 0 && alpha >= 0 && l1 < 0 && o.cv_folds == 0) {
        code = cli_usage_error("train", "--alpha goes with --l1 or --cv");
    }
    if (code == 0 && l1 >= 0 && l2 >= 0 && alpha >= 0) {
        code = cli_usage_error("train", "give --l1 with --alpha, or --l1 and --l2, not all three");
    }
    if (code != 0) {
        data_options_free(&d);
        return code;
    }
    /* how they combine is the library's rule (ls_train_penalty); -1 is unset */
    o.l1 = l1;
    o.l2 = l2;
    o.alpha = alpha;
    o.read = d.read;
    o.read.progress = cli_read_progress;
    o.read.progress_ctx = (void *)data;
    o.iteration_progress = iteration_progress;
    char *command_line = join_args(argc, argv);
    o.options_text = command_line;
    cli_guard guard = {0}; /* leakage and thin data, said once the fit succeeds */
    o.examine = cli_guard_examine;
    o.examine_ctx = &guard;

    ls_model *model = NULL;
    ls_train_report report;
    ls_train_extras extras;
    memset(&extras, 0, sizeof extras);
    ls_evaluate_options_init(&extras.evaluate);
    /* before the fit: outputs that cannot be written, or would overwrite the
     * data, must not waste it */
    const char *inputs[1] = {data}, *outputs[2] = {out, holdout_out};
    ls_output_group *group = NULL;
    int status = cli_check_outputs(outputs, holdout_out != NULL ? 2 : 1, inputs, 1, &err);
    if (status == LS_OK && holdout_out != NULL) {
        ls_atomic_file *f = NULL;
        status = ls_output_group_new(&group, &err);
        if (status == LS_OK && (status = ls_output_group_open(group, holdout_out, &f, &err)) == LS_OK) {
            extras.holdout_rows = ls_atomic_stream(f);
        }
    }
    if (status == LS_OK) {
        status = ls_train_ex(data, &o, &extras, &model, &report, &err);
    }
    if (status == LS_OK) {
        status = ls_model_save(model, out, &err);
    }
    if (status == LS_OK && group != NULL) {
        status = ls_output_group_commit(group, &err);
        group = NULL;
    }
    ls_output_group_abort(group);
    if (status == LS_OK) {
        cli_progress_done();
        print_summary(model, &report, &extras, out);
        cli_guard_report(&guard);
        if (holdout_out != NULL && !cli_quiet) {
            fprintf(stderr, "leadscore: held-out rows written to %s\n", holdout_out);
        }
    }
    if (status == LS_OK && extras.holdout != NULL) {
        /* the held-out rows as 'evaluate' reports them */
        const ls_evaluation *e = extras.holdout;
        char title[512];
        snprintf(title, sizeof title, "%s (%zu held-out rows)", data, e->n);
        ls_report_context ctx = {.model = out, .data = title, .bands = &model->bands, .mql_band = e->mql_band,
                                 .sql_band = e->sql_band, .fitted = model};
        printf("held-out rows: not used for fitting or encoding\n");
        ls_report_text(e->metrics, &ctx, stdout);
        code = cli_finish_stdout(); /* says so itself */
    }
    ls_evaluation_free(extras.holdout);
    cli_guard_free(&guard);
    ls_model_free(model);
    free(command_line);
    d.read = o.read; /* the name lists live in d */
    data_options_free(&d);
    return status == LS_OK ? code : cli_report(&err);
}
