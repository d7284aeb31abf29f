/* outputs.c: a command's output files, checked before any work and
 * committed together (fileio.h's group), so that a bad path costs no work
 * and a failure leaves no output half-done or one of two outputs new. */
#include <stdlib.h>

#include "cli.h"
#include "leadscore/fileio.h"

int cli_check_outputs(const char *const *outputs, size_t n, const char *const *inputs, size_t n_inputs,
                      ls_error *err)
{
    for (size_t k = 0; k < n; k++) {
        int status = ls_output_check(outputs[k], inputs, n_inputs, err);
        if (status != LS_OK) {
            return status;
        }
    }
    return ls_outputs_distinct(outputs, n, err);
}

int cli_group_json(ls_output_group *group, const char *path, const cJSON *tree, ls_error *err)
{
    ls_atomic_file *f;
    char *text = cJSON_Print(tree);
    if (text == NULL) {
        return ls_errorf(err, LS_ENOMEM, path, 0, 0, "out of memory");
    }
    int status = ls_output_group_open(group, path, &f, err);
    if (status == LS_OK) {
        fputs(text, ls_atomic_stream(f));
        fputc('\n', ls_atomic_stream(f));
    }
    free(text);
    return status;
}
