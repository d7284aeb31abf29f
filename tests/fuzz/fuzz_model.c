/* fuzz_model.c: model files as a tamperer would write them. The input is
 * JSON; when it parses, its checksum is recomputed (the checksum is no
 * signature: anyone can do this), so the loader's validation, not the
 * checksum, must refuse what is inconsistent. A model that loads is then
 * bound and asked to score a few leads, which must give finite results. */
#include <math.h>
#include <string.h>

#include "fuzz_common.h"
#include "model_checksum.h"

static const char *const cells_rows[][3] = {
    {"", "", ""}, {"1", "a", "yes"}, {"1e308", "B ", "Select"}, {"-1e308", "zz", "0"}, {"0.5", "(other)", "x"}};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (text == NULL) {
        return 0;
    }
    memcpy(text, data, size);
    text[size] = '\0';
    cJSON *root = cJSON_Parse(text);
    free(text);
    if (root == NULL) {
        return 0;
    }
    if (ls_model_checksum_add(root) != 0) {
        cJSON_Delete(root);
        return 0;
    }
    char *printed = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    const char *path = fuzz_path("model");
    if (printed == NULL || fuzz_write(path, (const uint8_t *)printed, strlen(printed)) != 0) {
        free(printed);
        return 0;
    }
    free(printed);
    ls_error err = {0};
    ls_scorer *s = NULL;
    if (ls_scorer_load(path, &s, &err) == LS_OK) {
        /* bind to the model's own inputs in order, then three cells per lead */
        size_t n = ls_scorer_n_inputs(s);
        const char **names = calloc(n + 1, sizeof *names);
        const char **cells = calloc(n + 1, sizeof *cells);
        for (size_t i = 0; i < n; i++) {
            names[i] = ls_scorer_input_name(s, i);
        }
        if (ls_scorer_bind_names(s, names, n, &err) == LS_OK) {
            for (size_t r = 0; r < sizeof cells_rows / sizeof cells_rows[0]; r++) {
                for (size_t i = 0; i < n; i++) {
                    cells[i] = cells_rows[r][i % 3];
                }
                ls_score sc;
                ls_reason reasons[3];
                size_t n_reasons = 0;
                if (ls_scorer_score_cells(s, cells, NULL, &sc, reasons, 3, &n_reasons, &err) == LS_OK) {
                    if (!(sc.score >= 0 && sc.score <= 100) ||
                        !(isnan(sc.probability) || (sc.probability >= 0 && sc.probability <= 1))) {
                        abort(); /* a score out of range escaped the checks */
                    }
                    char buf[512];
                    ls_reasons_format(reasons, n_reasons, buf, sizeof buf);
                }
            }
        }
        free(names);
        free(cells);
        ls_scorer_free(s);
    }
    ls_model *m = NULL;
    if (ls_model_load(path, &m, &err) == LS_OK) {
        ls_model_free(m);
    }
    unlink(path);
    return 0;
}
