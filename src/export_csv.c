/* export_csv.c: the weights table as CSV, with the rules that make it enough
 * to score a lead.
 *
 * The first rows are one per term, unchanged since the first export (tools
 * and tests/cli/test_export_check.sh read them). What the terms alone do not
 * say (imputed values, folded levels, the reference, where missing cells go,
 * placeholders and case) follows as rule rows in the same seven columns, so
 * that one sheet is the whole model and a spreadsheet lookup on (column,
 * level) finds every weight. The layout is documented in 'export --help'
 * (src/cli/cmd_export.c); this file translates the ls_export_spec into it. */
#include <math.h>
#include <string.h>

#include "leadscore/export.h"

static void put_text(FILE *fp, const char *s)
{
    ls_csv_write_field(fp, s, strlen(s));
}

/* ",number" with 17 significant digits (reads back exactly), or "," when
 * the statistic does not exist. */
static void put_number(FILE *fp, double v)
{
    if (isfinite(v)) {
        fprintf(fp, ",%.17g", v);
    } else {
        fputc(',', fp);
    }
}

static void term_rows(const ls_model *m, FILE *fp)
{
    fputs("term,column,level,weight,std_error,z,p_value\n", fp);
    for (size_t k = 0; k < m->n_terms; k++) {
        const ls_term *t = &m->terms[k];
        put_text(fp, t->name);
        fputc(',', fp);
        if (t->kind != LS_TERM_INTERCEPT) {
            const ls_input *in = &m->inputs[t->input];
            put_text(fp, in->name);
            fputc(',', fp);
            if (t->kind == LS_TERM_MISSING) {
                fputs(LS_LEVEL_MISSING, fp);
            } else if (t->kind == LS_TERM_LEVEL) {
                put_text(fp, ls_levels_display(in->levels, t->level));
            }
        } else {
            fputc(',', fp);
        }
        fprintf(fp, ",%.17g", t->weight);
        put_number(fp, t->std_error);
        put_number(fp, t->z);
        put_number(fp, t->p_value);
        fputc('\n', fp);
    }
}

/* rule,column,level,number,,, (the statistics of a rule do not exist) */
static void rule_row(FILE *fp, const char *rule, const char *column, const char *level, double number)
{
    fputs(rule, fp);
    fputc(',', fp);
    put_text(fp, column);
    fputc(',', fp);
    put_text(fp, level);
    put_number(fp, number);
    fputs(",,,\n", fp);
}

static void input_rules(const ls_export_input *in, FILE *fp)
{
    if (in->kind == LS_EXPORT_NUMERIC) {
        rule_row(fp, "(impute)", in->name, LS_LEVEL_MISSING, in->impute);
        return;
    }
    rule_row(fp, "(reference)", in->name, in->levels[in->reference].display, 0.0);
    rule_row(fp, "(missing)", in->name, LS_LEVEL_MISSING, in->levels[in->missing_level].weight);
    for (size_t f = 0; f < in->n_folded; f++) {
        /* "(missing)" folds like any level, under an internal key no cell
         * text has: its cells are covered by the (missing) row above */
        if (in->folded[f].key[0] == '\001') {
            continue;
        }
        rule_row(fp, "(folded)", in->name, in->folded[f].display, in->levels[in->folded[f].level].weight);
    }
}

int ls_export_csv(const ls_model *model, FILE *fp, ls_error *err)
{
    ls_export_spec *spec = NULL;
    int status = ls_export_spec_build(model, &spec, err);
    if (status != LS_OK) {
        return status;
    }
    term_rows(model, fp);
    for (size_t i = 0; i < spec->n_inputs; i++) {
        input_rules(&spec->inputs[i], fp);
    }
    for (size_t k = 0; k < spec->n_na; k++) {
        rule_row(fp, "(na)", "", spec->na_values[k], NAN);
    }
    rule_row(fp, "(case)", "", spec->case_sensitive ? "sensitive" : "insensitive", NAN);
    ls_export_spec_free(spec);
    return LS_OK;
}
