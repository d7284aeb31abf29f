/* leadscore/dataset.h: a CSV of leads read once, typed and encoded compactly.
 *
 * One streaming pass over the file types every column and encodes it at the
 * same time: numeric columns as doubles (NAN where missing), categorical
 * columns as level indices (uint32 per row, never a string per row), dates as
 * day numbers, the target as 0/1. A column is numeric when every non-missing
 * cell is a number; a column that is mostly numbers with a few words in it is
 * an error naming the first such line (a typo or an unlisted placeholder is
 * likelier than a categorical column). After the pass, rare levels fold into
 * "(other)", the reference level is chosen (most frequent, ties to the first
 * seen) and ID, date, constant and empty columns are set aside with a note.
 *
 * Ownership: ls_dataset_read() gives the caller a dataset to release with
 * ls_dataset_free() (NULL is a no-op). Its fields are for reading only. */
#ifndef LEADSCORE_DATASET_H
#define LEADSCORE_DATASET_H

#include <stddef.h>
#include <stdint.h>

#include "leadscore/cell.h"
#include "leadscore/error.h"
#include "leadscore/levels.h"
#include "leadscore/target.h"

#define LS_DEFAULT_MIN_LEVEL_COUNT 10
#define LS_LEVEL_MISSING "(missing)"
#define LS_LEVEL_OTHER "(other)"

typedef enum {
    LS_COL_NUMERIC,
    LS_COL_CATEGORICAL,
    LS_COL_ID,       /* distinct per row: carried to outputs, never a feature */
    LS_COL_DATE,     /* ISO dates: for --time-column, never a feature */
    LS_COL_CONSTANT, /* one value everywhere */
    LS_COL_EMPTY,    /* every cell missing */
    LS_COL_EXCLUDED, /* --exclude, or too many distinct texts to be a category */
    LS_COL_TARGET
} ls_column_type;

const char *ls_column_type_name(ls_column_type type);

/* A list of column names given on the command line. */
typedef struct {
    const char **names;
    size_t n;
} ls_name_list;

typedef struct ls_dataset ls_dataset;

typedef struct {
    char delimiter;           /* 0: detect */
    ls_na_list na;            /* placeholders read as missing in every column, besides empty cells */
    ls_column_na column_na;   /* placeholders of one column each (pdays=-1) */
    ls_number_format number;  /* decimal mark and thousands separator; zeros: 1234.5 */
    const char *target;       /* NULL: no target (describe) */
    ls_target_options outcome; /* how the target reads (--positive, --unlabelled skip) */
    ls_name_list id, categorical, numeric, exclude;
    long min_level_count;     /* levels rarer than this fold into "(other)" */
    int case_sensitive;       /* level matching; default off */
    int digest;               /* fill ls_dataset.sha256 while reading */
    /* Rows held out of learning the encoding (a holdout): called once every
     * row is read and ID, date, target and excluded columns are settled,
     * before anything is learnt from the rows; sets learn[i] to 0 for each
     * row i to hold out (learn[] starts all 1). Level counts, rare-level
     * folding, the reference level, numeric summaries (the median that
     * imputes) and missing counts then come from the learning rows only; a
     * level seen only in held-out rows is coded as the reference, as a new
     * lead's would be. Returns LS_OK or an error it filled. NULL: all rows. */
    int (*select_rows)(void *ctx, const ls_dataset *dataset, unsigned char *learn, ls_error *err);
    void *select_ctx;
    /* called every 65536 rows and at the end; may be NULL */
    void (*progress)(void *ctx, long rows, long long bytes);
    void *progress_ctx;
} ls_read_options;

/* Defaults: detect delimiter, empty cells missing, min_level_count 10. */
void ls_read_options_init(ls_read_options *options);

typedef struct {
    char *name;
    ls_column_type type;
    int forced;               /* type set by an option, not inferred */
    size_t n_missing;         /* over the learning rows (every row without a holdout) */
    char note[160];           /* why a column is set aside, for describe and train */

    /* LS_COL_NUMERIC */
    double *values;           /* n_rows, NAN where missing */
    double min, max, median;  /* over non-missing cells of the learning rows */
    int all_integer;

    /* LS_COL_CATEGORICAL (after folding) */
    ls_levels *levels;        /* keys, display spellings, counts */
    uint32_t *codes;          /* n_rows level indices */
    size_t reference;         /* the reference level */
    long missing_level;       /* index of "(missing)", or -1 */
    long other_level;         /* index of "(other)", or -1 */
    size_t n_folded;          /* distinct levels folded into "(other)" */
    ls_levels *folded;        /* their keys, so scoring folds them the same way */

    /* LS_COL_DATE */
    int32_t *days;            /* n_rows day numbers, INT32_MIN where missing */
    size_t n_distinct;        /* distinct non-missing values seen (text/ID columns) */
} ls_column;

struct ls_dataset {
    char *path;
    char delimiter;
    size_t n_rows;
    unsigned char *learn;     /* per row, 1 when the encoding was learnt from it; NULL: every row */
    size_t n_learn;           /* rows the encoding was learnt from */
    size_t n_columns;
    ls_column *columns;
    long target;              /* column index of the target, -1 without one */
    unsigned char *y;         /* n_rows outcomes 0/1 when there is a target */
    size_t positives;
    size_t n_unlabelled;      /* rows skipped for a blank outcome (options.outcome.skip_unlabelled) */
    long first_unlabelled_line;
    char sha256[65];          /* of the file's bytes, with options.digest; else "" */
    ls_read_options options;  /* as given (name lists borrowed) */
};

/* Reads, types and encodes path in one pass. Errors (LS_EIO, LS_EPARSE,
 * LS_EDATA) name file, line and column: a missing or empty file, a header
 * without rows, a ragged row, a missing target column, a target value that is
 * not binary, a target with one class only, text in a numeric column, an
 * option naming a column the file does not have. */
int ls_dataset_read(const char *path, const ls_read_options *options, ls_dataset **out, ls_error *err);

void ls_dataset_free(ls_dataset *dataset);

/* The column index of name, or -1. */
long ls_dataset_find(const ls_dataset *dataset, const char *name);

#endif
