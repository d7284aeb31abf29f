/* dataset_internal.h: the state of one reading pass, shared by the pass
 * itself (dataset.c: typing and encoding cell by cell) and by what happens
 * once every row is in (dataset_finalize.c: summaries, folding, final types). */
#ifndef LEADSCORE_DATASET_INTERNAL_H
#define LEADSCORE_DATASET_INTERNAL_H

#include <stdint.h>

#include "leadscore/csv.h"
#include "leadscore/dataset.h"

/* A text column whose non-missing cells are at least this share numbers is
 * taken for a numeric column with stray text in it. */
#define MOSTLY_NUMERIC 0.95

enum role { ROLE_AUTO, ROLE_NUMERIC, ROLE_CATEGORICAL, ROLE_ID, ROLE_EXCLUDE, ROLE_TARGET };
enum kind { KIND_UNKNOWN, KIND_NUMERIC, KIND_DATE, KIND_TEXT, KIND_HIGH_CARDINALITY };

typedef struct {
    enum role role;
    enum kind kind;
    size_t n_numbers, n_texts;  /* auto text columns: how many cells were numbers */
    long first_text_line;
    char first_text[48];
    uint64_t *hashes;           /* KIND_HIGH_CARDINALITY: open-addressed set of level hashes */
    size_t n_hashes, hash_slots;
    /* the previous text cell and its level: runs of one value skip the hash */
    char last_text[32];
    size_t last_len;
    long last_level;
    /* the column's placeholders when it has its own (--na COL=VALUE); else
     * the pass reads the dataset's list for every column */
    ls_na_list own_na;
    int has_own_na;
    /* text cells that are numbers under another convention (decimal comma,
     * thousands separators): by ls_cell_number_elsewhere() bits */
    size_t n_alt[4];
    long first_alt_line;
    char first_alt[48];
} builder;

typedef struct {
    ls_dataset *ds;
    builder *b;
    size_t cap;                 /* allocated rows per column array */
    char *key;                  /* scratch for level keys */
    size_t key_cap;
    const ls_csv_reader *reader;
    ls_error *err;
} pass;

/* Settles column j's type once every row is read: 0, -1 when out of memory,
 * -2 after filling ps->err (text in a numeric column). */
int dataset_finalize_column(pass *ps, size_t j);

/* "a decimal comma", "thousands separators", ... for ls_cell_number_elsewhere()
 * bits under format, and the ls_hint bits that name the remedy. */
void dataset_number_convention(const ls_number_format *format, int alt, char *buf, size_t size);
unsigned dataset_number_hints(const ls_number_format *format, int alt);

#endif
