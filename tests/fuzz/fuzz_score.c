/* fuzz_score.c: a learned model scoring arbitrary cells. At start a model is
 * trained on a small embedded file with numeric (with missing cells),
 * categorical (with rare levels) and yes/no columns; each input is split on
 * ',' into the cells of one lead, bound by name in a scrambled order. The
 * scorer must give a finite score 0-100 or a positioned error. */
#include <math.h>
#include <string.h>

#include "fuzz_common.h"

static ls_scorer *scorer;
static const char *const names[] = {"industry", "visits", "demo", "extra", "minutes"};
#define N_NAMES (sizeof names / sizeof names[0])

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *path = "/dev/shm/leadscore-fuzz-score-train.csv";
    FILE *fp = fopen(path, "w");
    if (fp == NULL) {
        abort();
    }
    fputs("industry,visits,minutes,demo,y\n", fp);
    const char *industries[] = {"Software", "Retail", "Health", "Finance", "Rare1", "Rare2"};
    unsigned state = 7;
    for (int i = 0; i < 600; i++) {
        state = state * 1103515245u + 12345u;
        unsigned r = state >> 8;
        int visits = (int)(r % 20), demo = (r >> 5) % 3 == 0;
        int y = (visits + 6 * demo + (int)((r >> 9) % 9)) > 14;
        const char *ind = industries[i < 590 ? (r >> 12) % 4 : 4 + i % 2];
        if ((r >> 15) % 10 == 0) {
            fprintf(fp, "%s,%d,,%s,%d\n", ind, visits, demo ? "yes" : "no", y);
        } else {
            fprintf(fp, "%s,%d,%u.5,%s,%d\n", ind, visits, (r >> 17) % 50, demo ? "yes" : "no", y);
        }
    }
    fclose(fp);
    ls_library_init();
    ls_train_options o;
    ls_train_options_init(&o);
    o.read.target = "y";
    ls_model *m = NULL;
    ls_train_report report;
    ls_error err = {0};
    const char *model = "/dev/shm/leadscore-fuzz-score-model.json";
    if (ls_train(path, &o, &m, &report, &err) != LS_OK || ls_model_save(m, model, &err) != LS_OK ||
        ls_scorer_load(model, &scorer, &err) != LS_OK || ls_scorer_bind_names(scorer, names, N_NAMES, &err) != LS_OK) {
        fprintf(stderr, "fuzz_score: cannot prepare the model: %s\n", err.msg);
        abort();
    }
    ls_model_free(m);
    unlink(path);
    unlink(model);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *cells[N_NAMES];
    size_t lengths[N_NAMES];
    size_t k = 0, start = 0;
    for (size_t i = 0; i <= size && k < N_NAMES; i++) {
        if (i == size || data[i] == ',') {
            cells[k] = (const char *)data + start;
            lengths[k++] = i - start;
            start = i + 1;
        }
    }
    for (; k < N_NAMES; k++) {
        cells[k] = "";
        lengths[k] = 0;
    }
    /* cells are not NUL-terminated: the scorer must honour the lengths */
    ls_score s;
    ls_reason reasons[4];
    size_t n_reasons = 0;
    ls_error err = {0};
    if (ls_scorer_score_cells(scorer, cells, lengths, &s, reasons, 4, &n_reasons, &err) == LS_OK) {
        if (!(s.probability >= 0 && s.probability <= 1) || s.score < 0 || s.score > 100) {
            abort();
        }
        char buf[256];
        ls_reasons_format(reasons, n_reasons, buf, sizeof buf);
    } else if (err.column < 1 || err.column > (long)N_NAMES) {
        abort(); /* an error must name the cell */
    }
    return 0;
}
