/* cmd_diff.c: 'leadscore diff': what changed between two learned models,
 * and, on leads, how differently they rank them. diff.h compares; the
 * paired test with an outcome is compare.h's, called as 'compare' does. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "leadscore/compare.h"
#include "leadscore/diff.h"
#include "leadscore/model_io.h"

static const char usage[] =
    "usage: leadscore diff OLD NEW [--data FILE [--target COL]] [--json FILE] [--html FILE]\n"
    "\n"
    "What changed between two learned models (last month's and this month's): each\n"
    "term's old and new weight, the change and its z from both standard errors,\n"
    "flagged where the Holm-adjusted p (over the terms in both) is below 0.05; the\n"
    "terms, inputs and levels only one model has; changed options and bands, and the\n"
    "training windows of both, from their provenance.\n"
    "A categorical input whose reference level (its most frequent training level)\n"
    "differs between the models makes its level terms and the intercept compare\n"
    "with a different lead in each: they are marked 'not comparable', get no\n"
    "change, z or p, and are left out of the Holm adjustment.\n"
    "With --data both models score the same leads: Spearman's rank correlation, the\n"
    "band migration matrix and the leads whose band changed (--changed FILE lists\n"
    "them). With --target as well, the paired comparison of 'leadscore compare'\n"
    "(DeLong test on the AUCs, capacity, McNemar).\n"
    "Rule sets have no weights to diff: compare them with 'leadscore compare'.\n"
    "\n"
    "options:\n"
    "  --data FILE       leads both models score\n"
    "  --target COL      their outcomes: adds the paired comparison\n"
    "  --json FILE       the figures as JSON ('terms' with term, old_weight,\n"
    "                    new_weight, change, z, significant; null where absent)\n"
    "  --html FILE       a self-contained page of the same\n"
    "  --changed FILE    CSV of the leads whose band changed (with --data)\n"
    "  --delimiter C     ',' ';' or 'tab' (default: detected)\n"
    "  --quiet           no warnings on stderr\n"
    "  -h, --help        this help\n";

typedef struct {
    const char *old_path, *new_path, *data, *target, *json, *html, *changed;
    char delimiter;
} diff_options;

typedef struct {
    ls_scorer *scorer[2];
    ls_model *model[2];
    ls_model_diff *diff;
    ls_evaluation *ev[2];
    ls_comparison *comparison;
} diff_state;

static int load(const diff_options *o, diff_state *s, ls_error *err)
{
    const char *paths[2] = {o->old_path, o->new_path};
    int status = LS_OK;
    for (int k = 0; k < 2 && status == LS_OK; k++) {
        status = ls_scorer_load(paths[k], &s->scorer[k], err);
        if (status == LS_OK && strcmp(ls_scorer_kind(s->scorer[k]), "logit") != 0) {
            status = ls_errorf(err, LS_EUSAGE, NULL, 0, 0,
                               "'%s' is a points rule set: diff compares the weights of two learned models; to "
                               "set a rule set against a model on the same leads use 'leadscore compare'",
                               paths[k]);
        }
    }
    for (int k = 0; k < 2 && status == LS_OK; k++) {
        status = ls_model_load(paths[k], &s->model[k], err);
    }
    return status;
}

static void write_changed(const diff_state *s, FILE *f)
{
    const ls_bands *a = ls_scorer_bands(s->scorer[0]), *b = ls_scorer_bands(s->scorer[1]);
    fputs("id,old_score,old_band,new_score,new_band\n", f);
    for (size_t k = 0; k < s->diff->n_changed; k++) {
        const ls_band_change *c = &s->diff->changed[k];
        cli_csv_field(f, c->id, strlen(c->id));
        fprintf(f, ",%d,", c->old_score);
        cli_csv_field(f, a->band[c->old_band].name, strlen(a->band[c->old_band].name));
        fprintf(f, ",%d,", c->new_score);
        cli_csv_field(f, b->band[c->new_band].name, strlen(b->band[c->new_band].name));
        fputc('\n', f);
    }
}

static int write_outputs(const diff_options *o, const diff_state *s, const ls_compare_context *ctx, ls_error *err)
{
    ls_output_group *g = NULL;
    int status = ls_output_group_new(&g, err);
    if (status == LS_OK && o->json != NULL) {
        cJSON *root = ls_diff_json(s->diff, s->model[0], s->model[1], o->old_path, o->new_path);
        if (root != NULL && s->comparison != NULL) {
            cJSON_AddItemToObject(root, "comparison", ls_compare_json(s->comparison, ctx));
        }
        status = root != NULL ? cli_group_json(g, o->json, root, err)
                              : ls_errorf(err, LS_ENOMEM, o->json, 0, 0, "out of memory");
        cJSON_Delete(root);
    }
    ls_atomic_file *f;
    if (status == LS_OK && o->html != NULL && (status = ls_output_group_open(g, o->html, &f, err)) == LS_OK) {
        ls_diff_html(s->diff, s->model[0], s->model[1], o->old_path, o->new_path, ls_atomic_stream(f));
    }
    if (status == LS_OK && o->changed != NULL && (status = ls_output_group_open(g, o->changed, &f, err)) == LS_OK) {
        write_changed(s, ls_atomic_stream(f));
    }
    if (status != LS_OK) {
        ls_output_group_abort(g);
        return status;
    }
    return ls_output_group_commit(g, err);
}

static int run(const diff_options *o, ls_error *err)
{
    diff_state s;
    memset(&s, 0, sizeof s);
    ls_csv_reader *reader = NULL;
    const char *inputs[3] = {o->old_path, o->new_path, o->data}, *outputs[3] = {o->json, o->html, o->changed};
    int status = cli_check_outputs(outputs, 3, inputs, o->data != NULL ? 3 : 2, err);
    if (status == LS_OK) {
        status = load(o, &s, err);
    }
    if (status == LS_OK) {
        status = ls_diff_models(s.model[0], s.model[1], &s.diff, err);
    }
    if (status == LS_OK && !s.diff->same_target) {
        cli_warn("the models predict different targets ('%s' and '%s'): their weights answer different questions",
                 s.model[0]->target, s.model[1]->target);
    }
    ls_csv_options csv_options = {o->delimiter, 0};
    if (status == LS_OK && o->data != NULL && (status = ls_csv_open(o->data, &csv_options, &reader, err)) == LS_OK) {
        status = ls_diff_score(s.diff, s.scorer[0], s.scorer[1], reader, o->target, s.ev, err);
    }
    const ls_bands *bands[2] = {NULL, NULL};
    const char *names[2] = {o->old_path, o->new_path}, *kinds[2] = {"logit", "logit"};
    if (status == LS_OK && o->target != NULL) {
        bands[0] = ls_scorer_bands(s.scorer[0]);
        bands[1] = ls_scorer_bands(s.scorer[1]);
        /* capacity: the old model's SQL band, as compare takes it; without
         * one (custom bands, or an empty SQL band) the top tenth of the leads */
        size_t capacity = 0, in_sql = 0;
        const ls_evaluation *e0 = s.ev[0];
        for (size_t i = 0; e0->sql_band >= 0 && i < e0->n; i++) {
            in_sql += e0->band[i] >= (unsigned char)e0->sql_band;
        }
        if (in_sql == 0) {
            capacity = e0->n >= 10 ? e0->n / 10 : 1;
            cli_warn("the old model puts no lead in an SQL band: capacity compared at the top tenth, %zu leads",
                     capacity);
        }
        status = ls_compare((const ls_evaluation *const *)s.ev, bands, 2, capacity, &s.comparison, err);
    }
    ls_compare_context ctx = {o->data, names, kinds, bands, (const ls_evaluation *const *)s.ev};
    if (status == LS_OK) {
        ls_diff_text(s.diff, s.model[0], s.model[1], o->old_path, o->new_path, stdout);
        if (s.comparison != NULL) {
            fputs("\npaired comparison on the outcomes (as 'leadscore compare'):\n\n", stdout);
            ls_compare_text(s.comparison, &ctx, stdout);
        }
        status = write_outputs(o, &s, &ctx, err);
    }
    ls_csv_close(reader);
    ls_comparison_free(s.comparison);
    ls_model_diff_free(s.diff);
    for (int k = 0; k < 2; k++) {
        ls_evaluation_free(s.ev[k]);
        ls_model_free(s.model[k]);
        ls_scorer_free(s.scorer[k]);
    }
    return status;
}

int cmd_diff(int argc, char **argv)
{
    enum { OPT_DATA = 1, OPT_TARGET, OPT_JSON, OPT_HTML, OPT_CHANGED, OPT_DELIM, OPT_QUIET };
    static const struct option long_options[] = {
        {"data", required_argument, NULL, OPT_DATA},       {"target", required_argument, NULL, OPT_TARGET},
        {"json", required_argument, NULL, OPT_JSON},       {"html", required_argument, NULL, OPT_HTML},
        {"changed", required_argument, NULL, OPT_CHANGED}, {"delimiter", required_argument, NULL, OPT_DELIM},
        {"quiet", no_argument, NULL, OPT_QUIET},           {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    diff_options o;
    memset(&o, 0, sizeof o);
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", long_options, NULL)) != -1) {
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
        case OPT_CHANGED:
            o.changed = optarg;
            break;
        case OPT_DELIM:
            if (cli_parse_delimiter("diff", optarg, &o.delimiter) != 0) {
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
            return cli_bad_option("diff", argv);
        }
    }
    if (argc - optind != 2) {
        return cli_usage_error("diff", "give two model files, OLD and NEW (got %d)", argc - optind);
    }
    o.old_path = argv[optind];
    o.new_path = argv[optind + 1];
    if (o.target != NULL && o.data == NULL) {
        return cli_usage_error("diff", "--target needs --data");
    }
    if (o.changed != NULL && o.data == NULL) {
        return cli_usage_error("diff", "--changed needs --data");
    }
    ls_error err = {0};
    int status = run(&o, &err);
    return cli_exit("diff", status, &err);
}
