/* leadscore/export.h: a model's scoring rules for other tools.
 *
 * Exporters (CSV today; SQL, PMML and points tables next) translate one plain
 * description of how a learned model turns a lead's cells into a logit, the
 * ls_export_spec, instead of each re-deriving the rules from the model's
 * internals. The spec says, per input column, which cell texts are missing,
 * how a cell becomes a level key, which key scores which weight (kept levels,
 * the levels folded into "(other)" at training, the reference, unseen
 * levels), and for a numeric column its weight, imputed value and
 * missing-indicator weight.
 *
 * Scoring from the spec, bit for bit as ls_scorer_score() does it
 * ---------------------------------------------------------------
 * All arithmetic is IEEE-754 double, left to right, in exactly this order and
 * grouping, without fused multiply-add:
 *
 *   eta = intercept
 *   for each input i, in spec order (0, 1, ..., n_inputs - 1):
 *       t       = the cell's text with leading and trailing white space
 *                 removed (white space: ' ', '\t', '\r', '\n', '\f', '\v')
 *       missing = t is empty, or t equals one of na_values[] ignoring ASCII
 *                 case (whole text, no other folding)
 *       numeric input:
 *           x    = missing ? impute : the decimal number t is (strtod over
 *                  the whole text, correctly rounded; t has at most 63
 *                  characters, all of them digits, '+', '-', '.', 'e' or
 *                  'E'; any other text, such as NaN, Inf or hex, makes the
 *                  scorer refuse the lead)
 *           part = value_weight * x
 *           if missing and missing_term >= 0: part = part + missing_weight
 *       categorical input:
 *           if missing:  l = missing_level
 *           else:        k = ls_export_cell_key(t)   (rule below)
 *                        l = the level whose key equals k, if any;
 *                            else the target of the folded entry whose key
 *                            equals k, if any;
 *                            else reference (an unseen level)
 *           part = levels[l].weight          (0.0 for the reference)
 *       eta = eta + part
 *   probability = eta >= 0 ? 1 / (1 + exp(-eta)) : exp(eta) / (1 + exp(eta))
 *   score       = round(100 * probability) (half away from zero), 0-100
 *   band        = the band of bands whose [min_score, max_score] holds score
 *
 * A level key (ls_export_cell_key): t with every run of white space inside it
 * replaced by one ' ', and, unless case_sensitive, the ASCII letters A-Z
 * lowered (no other character changes: "É" stays "É"). Level keys in the spec
 * are already in this form, so matching is plain byte equality.
 *
 * The two levels leadscore makes itself, "(missing)" and "(other)", have
 * internal keys that begin with the byte 0x01, which no ordinary cell has: a
 * cell written "(missing)" or "(other)" is an ordinary text (usually unseen).
 * Exporters that match cell text leave these keys out; they are in the spec
 * so that the rule above is exact.
 *
 * A lead is scored only when every numeric cell is missing or a number.
 * Unseen levels score as the reference and are counted; 'score --strict'
 * refuses them instead. missing_is_unseen marks an input whose training had
 * no missing cell: there a missing categorical cell is unseen (counted;
 * refused by --strict) and a missing number is imputed and counted.
 *
 * Ownership: ls_export_spec_build() gives the caller a spec to release with
 * ls_export_spec_free() (NULL is a no-op). The spec's arrays are its own; its
 * strings are borrowed from the model, which must outlive the spec. */
#ifndef LEADSCORE_EXPORT_H
#define LEADSCORE_EXPORT_H

#include <stddef.h>
#include <stdio.h>

#include "leadscore/bands.h"
#include "leadscore/error.h"
#include "leadscore/model.h"
#include "leadscore/rules.h"

typedef enum {
    LS_EXPORT_LEVEL_CELL,    /* a level cells name: matched by its key */
    LS_EXPORT_LEVEL_MISSING, /* "(missing)": the missing cells of training */
    LS_EXPORT_LEVEL_OTHER    /* "(other)": the levels folded at training */
} ls_export_level_role;

typedef struct {
    const char *key;         /* the level key; internal (0x01...) for MISSING and OTHER */
    const char *display;     /* the spelling most training cells used, or "(missing)" / "(other)" */
    ls_export_level_role role;
    long term;               /* index into model->terms, -1 for the reference level */
    double weight;           /* the term's weight; 0.0 for the reference */
} ls_export_level;

typedef struct {
    const char *key;         /* a level key folded at training (rarer than --min-level-count) */
    const char *display;     /* its spelling */
    size_t level;            /* where its cells go: "(other)", or the reference when there is none */
} ls_export_fold;

typedef enum { LS_EXPORT_NUMERIC, LS_EXPORT_CATEGORICAL } ls_export_kind;

typedef struct {
    const char *name;        /* the CSV column, matched by exact header name */
    ls_export_kind kind;
    int missing_is_unseen;   /* training had no missing cell here (see above) */
    /* numeric */
    long value_term;         /* index into model->terms */
    double value_weight;     /* per unit of the raw value */
    double impute;           /* x for a missing cell: the training median */
    long missing_term;       /* the "c=(missing)" indicator term, or -1 */
    double missing_weight;   /* its weight, 0.0 when there is none */
    /* categorical */
    ls_export_level *levels; /* every level with a meaning, in model order */
    size_t n_levels;
    size_t reference;        /* index into levels: no term, weight 0.0 */
    size_t missing_level;    /* index into levels for missing cells: "(missing)", or the reference */
    size_t unseen_level;     /* index into levels for keys neither kept nor folded: the reference */
    long other_level;        /* index of "(other)" in levels, or -1 */
    ls_export_fold *folded;  /* keys folded at training, in model order */
    size_t n_folded;
} ls_export_input;

typedef struct {
    double intercept;
    long intercept_term;     /* index into model->terms (0) */
    ls_export_input *inputs; /* in scoring order */
    size_t n_inputs;
    const char *const *na_values; /* placeholders read as missing, trimmed */
    size_t n_na;
    int case_sensitive;      /* level keys keep ASCII case */
    ls_bands bands;
    const ls_model *model;   /* borrowed: term names and statistics */
} ls_export_spec;

/* Describes model's scoring rules. LS_ENOMEM, or LS_EDATA when the model is
 * not a learned logistic model or is inconsistent (a term pointing outside
 * its inputs or levels); *out is untouched on failure. */
int ls_export_spec_build(const ls_model *model, ls_export_spec **out, ls_error *err);

void ls_export_spec_free(ls_export_spec *spec);

/* Writes the level key of the cell text[0..len) into key (room for len + 1
 * bytes), NUL-terminated, and returns its length: text trimmed, inner white
 * space runs made one ' ', A-Z lowered unless spec->case_sensitive. It is the
 * very function the scorer matches levels with. */
size_t ls_export_cell_key(const ls_export_spec *spec, const char *text, size_t len, char *key);

/* 1 when the scorer reads the cell text[0..len) as missing (empty after
 * trimming, or a placeholder ignoring ASCII case), else 0. */
int ls_export_cell_is_missing(const ls_export_spec *spec, const char *text, size_t len);

/* The index into in->levels that the categorical cell text[0..len) scores
 * as, by the rule above (missing, kept key, folded key, unseen); -1 only when
 * out of memory (a cell of 256 bytes or more needs a buffer). A reference
 * implementation for exporters; the scorer does the same with hash lookups. */
long ls_export_cell_level(const ls_export_spec *spec, const ls_export_input *in, const char *text, size_t len);

/* Writes a CSV field, quoted only when it must be: when it holds a comma, a
 * quote, a line break, or starts or ends with a space (which readers would
 * otherwise trim). Spreadsheets read both forms. */
void ls_csv_write_field(FILE *out, const char *text, size_t len);

/* Writes the model as the CSV weights table with its scoring rules, the
 * layout 'leadscore export --help' documents (see src/export_csv.c):
 *   term,column,level,weight,std_error,z,p_value
 * one row per term, then rule rows whose term is "(reference)", "(folded)",
 * "(missing)", "(impute)", "(na)" or "(case)". Write errors are caught by the
 * caller's ferror/fclose (fileio's commit). LS_ENOMEM or LS_EDATA as
 * ls_export_spec_build(). */
int ls_export_csv(const ls_model *model, FILE *out, ls_error *err);

/* ---- the other formats: one writer each, all translating the spec ---- */

typedef enum { LS_SQL_POSTGRESQL, LS_SQL_SQLITE } ls_sql_dialect;

/* Options the formats other than CSV read; ls_export_options_default() fills
 * the defaults. Strings are borrowed. */
/* How well integer points rank leads against the unrounded model, on the
 * leads of options->data (see ls_export_points). */
typedef struct {
    size_t leads;
    int has_target;          /* the data had the target: the AUCs exist */
    double auc_model;        /* AUC of the model's probability */
    double auc_points;       /* AUC of the points total */
    double spearman;         /* rank correlation of points total and logit */
    int has_bands;           /* 0-100 scale: band changes counted */
    double band_changed;     /* share of leads whose band differs (the
                              * rule set's bands are the model's, moved to
                              * the points scale) */
} ls_points_fidelity;

typedef struct {
    ls_sql_dialect dialect; /* sql */
    const char *table;      /* sql: the table holding the leads ("leads") */
    const char *id_column;  /* sql: the column given as id; NULL: the model's
                             * id column, or row numbers when it has none */
    /* points and rules */
    size_t bins;            /* value ranges per numeric input (5) */
    int use_pdo;            /* 0: scores of the data's leads span 0-100 */
    double pdo, base_score, base_odds; /* use_pdo: score = base_score at odds
                                        * base_odds, +pdo per doubling */
    const char *data;       /* leads for the ranges, the scale and fidelity */
    const char *target;     /* their outcome column (NULL: the model's) */
    ls_points_fidelity *fidelity; /* filled when not NULL */
} ls_export_options;

void ls_export_options_default(ls_export_options *options);

/* Writes the weights document for programs (format "leadscore-weights",
 * version 1; README.md "Export" documents every field): the spec as JSON,
 * numbers with enough digits to read back exactly. LS_ENOMEM or LS_EDATA as
 * ls_export_spec_build(). */
int ls_export_json(const ls_model *model, FILE *out, ls_error *err);

/* Writes one SQL SELECT that scores every row of options->table: columns id,
 * logit, probability, score and band, with the spec's cell rules in SQL for
 * options->dialect (src/export_sql.c says where a dialect is not exact). The
 * table holds the model's input columns (as text or numbers) under their CSV
 * names. LS_ENOMEM or LS_EDATA as ls_export_spec_build(). */
int ls_export_sql(const ls_model *model, const ls_export_options *options, FILE *out, ls_error *err);

/* Writes one SQL SELECT that scores every row of options->table with a
 * points rule set: columns id, points (the total after caps, decay and the
 * clamp), probability (NULL without a calibration), score and band, each as
 * 'leadscore score' gives them; conditions as CASE expressions over the cell
 * rules ls_export_sql uses (src/export_rules_sql.c says where a dialect is
 * not exact). options->id_column names the id (NULL: row numbers). */
int ls_export_rules_sql(const ls_rules *rules, const ls_export_options *options, FILE *out, ls_error *err);

/* Writes the model as PMML 4.4: a RegressionModel (classification, logit
 * normalization) with the cell rules as DerivedFields; src/export_pmml.c and
 * README.md "Export" say what PMML cannot carry exactly. LS_EDATA also when
 * a name or level holds a control character XML 1.0 cannot carry. */
int ls_export_pmml(const ls_model *model, FILE *out, ls_error *err);

/* Integer points for the model (src/export_points.c): base points plus one
 * row per categorical level, per missing cell and per value range of a
 * numeric input (quantile bins of options->data: the model stores no
 * quantiles), so that a lead's points add up to its score.
 * ls_export_points writes the table as CSV (column,condition,points,
 * meaning,logit_part); ls_export_points_rules the same points as a
 * leadscore rule set (0-100 scale only). Both score options->data with the
 * result and fill options->fidelity. LS_EUSAGE without options->data or
 * with a rule set on the pdo scale; LS_EPARSE/LS_EIO for the data. */
int ls_export_points(const ls_model *model, const ls_export_options *options, FILE *out, ls_error *err);
int ls_export_points_rules(const ls_model *model, const ls_export_options *options, FILE *out, ls_error *err);

#endif
