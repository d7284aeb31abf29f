/* fuzz_csv.c: the CSV reader and the data layer on arbitrary bytes: every
 * input must give a dataset or a positioned error, never a crash, hang,
 * leak or undefined behaviour. The first line of the input picks options
 * (delimiter, a placeholder) so that both paths are explored. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_path("csv");
    if (fuzz_write(path, data, size) != 0) {
        return 0;
    }
    /* the CSV reader alone, record by record */
    ls_error err = {0};
    ls_csv_reader *r = NULL;
    ls_csv_options co = {size > 0 && data[0] == ';' ? ';' : 0, size > 1 && data[1] == '#'};
    if (ls_csv_open(path, &co, &r, &err) == LS_OK) {
        while (ls_csv_next(r, &err) == 1) {
            for (size_t j = 0; j < ls_csv_n_columns(r); j++) {
                (void)ls_csv_field_length(r, j);
            }
        }
        char hex[65];
        (void)ls_csv_sha256(r, hex);
        ls_csv_close(r);
    }
    /* the data layer: typing, levels, folding; a column named y is the
     * target, "Select" a placeholder, levels rarer than 2 fold */
    ls_read_options o;
    ls_read_options_init(&o);
    o.target = size > 2 && data[2] == 'y' ? "y" : NULL;
    o.min_level_count = 2;
    o.delimiter = co.delimiter;
    ls_na_list_parse("Select", &o.na);
    ls_dataset *ds = NULL;
    if (ls_dataset_read(path, &o, &ds, &err) == LS_OK) {
        ls_dataset_free(ds);
    }
    ls_na_list_free(&o.na);
    unlink(path);
    return 0;
}
