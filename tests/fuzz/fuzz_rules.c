/* fuzz_rules.c: the rule-set loader on arbitrary text. A file that loads is
 * bound to its own columns and scores a few leads, which must give a score
 * 0-100 (or a positioned error), never a crash or undefined behaviour. */
#include <math.h>
#include <string.h>

#include "fuzz_common.h"
#include "leadscore/rules.h"

static const char *const values[] = {"", "yes", "12", "-3.5", " Student ", "1e308", "Select"};
#define N_VALUES (sizeof values / sizeof values[0])

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ls_rules *rules = NULL;
    ls_error err = {0};
    if (ls_rules_parse((const char *)data, size, "fuzz.json", &rules, &err) != LS_OK) {
        return 0;
    }
    size_t n = ls_rules_n_columns(rules);
    const char **names = calloc(n + 1, sizeof *names), **cells = calloc(n + 1, sizeof *cells);
    size_t *lengths = calloc(n + 1, sizeof *lengths);
    for (size_t j = 0; j < n; j++) {
        names[j] = ls_rules_column(rules, j);
    }
    if (ls_rules_bind(rules, names, n, &err) == LS_OK) {
        for (size_t row = 0; row < N_VALUES; row++) {
            for (size_t j = 0; j < n; j++) {
                cells[j] = values[(row + j) % N_VALUES];
                lengths[j] = strlen(cells[j]);
            }
            ls_rules_score sc;
            if (ls_rules_score_cells(rules, cells, lengths, &sc, &err) == LS_OK) {
                if (sc.score < 0 || sc.score > 100) {
                    abort();
                }
                for (size_t r = 0; r < ls_rules_count(rules); r++) {
                    (void)ls_rules_contribution(rules, r);
                }
            }
        }
    }
    free(names);
    free(cells);
    free(lengths);
    ls_rules_free(rules);
    return 0;
}
