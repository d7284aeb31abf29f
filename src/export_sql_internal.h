/* export_sql_internal.h: the SQL pieces export_sql.c (learned models) and
 * export_rules_sql.c (rule sets) share, so that both read cells the same way:
 * quoting, literals, and the cell rules (trim, missing, number, level key).
 * Expressions name a cell's columns by index i: t<i> its trimmed text, u<i>
 * (PostgreSQL, text cells) the same with the other white space made ' ',
 * v<i> (SQLite, numeric cells) the stored value as it is. */
#ifndef LEADSCORE_EXPORT_SQL_INTERNAL_H
#define LEADSCORE_EXPORT_SQL_INTERNAL_H

#include <stdio.h>

#include "leadscore/export.h"

/* SQLite folds white space runs by halving runs of spaces this many times:
 * exact for runs of up to 2^SQLITE_FOLD_PASSES characters. */
#define SQLITE_FOLD_PASSES 8

/* " OFFSET 0" (or SQLite's form): keeps a subquery from being merged. */
void sql_put_fence(FILE *fp, ls_sql_dialect d);
/* "name", quotes doubled */
void sql_put_ident(FILE *fp, const char *name);
/* 'text', apostrophes doubled; A-Z lowered when lower */
void sql_put_text(FILE *fp, const char *s, int lower);
/* a double literal that reads back exactly, typed as a double */
void sql_put_double(FILE *fp, ls_sql_dialect d, double v);
/* expr with A-Z lowered and nothing else */
void sql_put_ascii_lower(FILE *fp, ls_sql_dialect d, const char *expr);
/* the select-list entry "<cast id> AS id", or row numbers when id is NULL */
void sql_put_id(FILE *fp, ls_sql_dialect d, const char *id);
/* ",\n t<i>" (and u<i> for a text cell, v<i> for a numeric one) read from
 * column name */
void sql_put_cell_text(FILE *fp, ls_sql_dialect d, const char *name, size_t i, int text, int number);
/* 1 when t<i> is empty or a placeholder (ASCII case ignored), else 0 */
void sql_put_missing_test(FILE *fp, ls_sql_dialect d, const char *const *na_values, size_t n_na, size_t i);
/* t<i> (v<i>) as a double; PostgreSQL fails on text that is no number,
 * SQLite gives NULL for text with a character no number has */
void sql_put_number(FILE *fp, ls_sql_dialect d, size_t i);
/* the level key of t<i>: white space runs folded, A-Z lowered unless
 * case_sensitive (SQLite: exact for runs up to 2^SQLITE_FOLD_PASSES) */
void sql_put_key(FILE *fp, ls_sql_dialect d, int case_sensitive, size_t i);

#endif
