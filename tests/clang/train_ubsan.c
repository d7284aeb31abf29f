/* train_ubsan.c: trains on argv[1] (target 'converted') through the library;
 * built by tests/cli/test_clang_ubsan.sh with the data pass under clang's
 * UBSan. Exit 0 when the fit succeeds. */
#include <stdio.h>

#include "leadscore/train.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        return 2;
    }
    ls_train_options o;
    ls_train_options_init(&o);
    o.read.target = "converted";
    o.read.min_level_count = 1;
    ls_model *m = NULL;
    ls_train_report r;
    ls_error err = {0};
    int status = ls_train(argv[1], &o, &m, &r, &err);
    if (status != LS_OK) {
        char line[600];
        fprintf(stderr, "%s\n", ls_error_format(&err, line, sizeof line));
        return 1;
    }
    ls_model_free(m);
    return 0;
}
