/* export_pmml.c: the model as PMML 4.4 for model servers.
 *
 * A RegressionModel (functionName="classification", normalizationMethod=
 * "logit") with one RegressionTable for the converted category (intercept
 * and weights) and one for the other (all zero), so that P(converted) =
 * 1 / (1 + exp(-logit)). The categories are the data's when the model
 * records them: trained with a positive value (--positive yes), the
 * converted category is that value as recorded (training.options.positive);
 * the file does not record which values were read as not converted (every
 * other one was), so the other category is "not " and that value. A model
 * trained on 1/0, yes/no, ... words records neither: "1" and "0". The cell
 * rules of the ls_export_spec become
 * DerivedFields in LocalTransformations, because PMML's own treatments
 * (MiningField) cannot express them:
 *   - a categorical column C gets "C (trimmed)": the text without leading
 *     and trailing white space (replace with a regular expression; a missing
 *     value becomes ""), and "C (key)": MISSING_KEY when that is empty or a
 *     placeholder ignoring case, else the text with inner white space runs
 *     made one space and lowercased (unless the model is case-sensitive).
 *     CategoricalPredictors on "C (key)" name the kept keys, the folded keys
 *     (with the weight of "(other)") and MISSING_KEY (the weight of a missing
 *     cell); a key named by none, an unseen level, adds nothing: it scores
 *     as the reference.
 *   - a numeric column C: the MiningField reads any text that is not a
 *     number (the placeholders among them) as missing (invalidValueTreatment
 *     "asMissing"). Without a missing indicator, the MiningField imputes the
 *     training median (missingValueTreatment "asMedian"); with one, the
 *     median goes into "C (imputed)" (a FieldRef with mapMissingTo) and
 *     "C=(missing)" is 1 for a missing cell, because PMML replaces a missing
 *     value before any transformation could see that it was missing.
 * Differences from leadscore, also in README.md: PMML's lowercase is
 * Unicode's (leadscore lowers A-Z only), a numeric text that is not a
 * number scores as missing (leadscore refuses the lead) and "NaN" or "INF"
 * are numbers to PMML; evaluators may add the terms in another order, so
 * probabilities agree to rounding (1e-15), not bit for bit. */
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "leadscore/export.h"

/* What "C (key)" holds for a missing cell: it begins with a space, which no
 * key does (keys are trimmed). */
#define MISSING_KEY " (missing)"
#define WHITE_RE "[ \\t\\n\\r\\f\\x0B]"

typedef struct {
    FILE *fp;
    const char *bad; /* the first text XML 1.0 cannot carry, or NULL */
} xml;

/* text escaped for an attribute value or element content */
static void put_escaped(xml *x, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++) {
        switch (*p) {
        case '&': fputs("&amp;", x->fp); break;
        case '<': fputs("&lt;", x->fp); break;
        case '>': fputs("&gt;", x->fp); break;
        case '"': fputs("&quot;", x->fp); break;
        case '\'': fputs("&apos;", x->fp); break;
        case '\t': case '\n': case '\r':
            /* as references: attribute normalization would make them spaces */
            fprintf(x->fp, "&#%d;", *p);
            break;
        default:
            if (*p < 0x20 && x->bad == NULL) {
                x->bad = text;
            }
            fputc(*p, x->fp);
        }
    }
}

/* Writes fmt, where each %s is a text to escape and %g a double (17
 * significant digits); nothing else is a conversion. */
static void out(xml *x, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (const char *p = fmt; *p != '\0'; p++) {
        if (p[0] == '%' && p[1] == 's') {
            put_escaped(x, va_arg(ap, const char *));
            p++;
        } else if (p[0] == '%' && p[1] == 'g') {
            fprintf(x->fp, "%.17g", va_arg(ap, double));
            p++;
        } else {
            fputc(*p, x->fp);
        }
    }
    va_end(ap);
}

/* The target's two categories (see the top of the file). */
typedef struct {
    const char *positive;
    const char *negative_prefix; /* before positive in the other category, or NULL */
    const char *negative;        /* the other category when negative_prefix is NULL */
} classes;

static classes target_classes(const ls_model *m)
{
    if (m->training != NULL && m->training->options.positive != NULL) {
        return (classes){m->training->options.positive, "not ", NULL};
    }
    return (classes){"1", NULL, "0"};
}

/* The other category, escaped. */
static void put_negative(xml *x, const classes *c)
{
    if (c->negative_prefix != NULL) {
        out(x, "%s%s", c->negative_prefix, c->positive);
    } else {
        out(x, "%s", c->negative);
    }
}

static void data_dictionary(xml *x, const ls_export_spec *s, const classes *c)
{
    out(x, "  <DataDictionary>\n");
    for (size_t i = 0; i < s->n_inputs; i++) {
        const ls_export_input *in = &s->inputs[i];
        if (in->kind == LS_EXPORT_NUMERIC) {
            out(x, "    <DataField name=\"%s\" optype=\"continuous\" dataType=\"double\"", in->name);
            if (s->n_na == 0) {
                out(x, "/>\n");
                continue;
            }
            out(x, ">\n");
            for (size_t k = 0; k < s->n_na; k++) {
                out(x, "      <Value value=\"%s\" property=\"missing\"/>\n", s->na_values[k]);
            }
            out(x, "    </DataField>\n");
            continue;
        }
        out(x, "    <DataField name=\"%s\" optype=\"categorical\" dataType=\"string\">\n", in->name);
        for (size_t l = 0; l < in->n_levels; l++) {
            if (in->levels[l].role == LS_EXPORT_LEVEL_CELL) {
                out(x, "      <Value value=\"%s\"/>\n", in->levels[l].display);
            }
        }
        for (size_t f = 0; f < in->n_folded; f++) {
            if (in->folded[f].key[0] != '\001') {
                out(x, "      <Value value=\"%s\"/>\n", in->folded[f].display);
            }
        }
        out(x, "    </DataField>\n");
    }
    out(x, "    <DataField name=\"%s\" optype=\"categorical\" dataType=\"string\">\n      <Value value=\"%s\"/>\n"
           "      <Value value=\"",
        s->model->target != NULL ? s->model->target : "converted", c->positive);
    put_negative(x, c);
    out(x, "\"/>\n    </DataField>\n  </DataDictionary>\n");
}

static void mining_schema(xml *x, const ls_export_spec *s)
{
    out(x, "    <MiningSchema>\n      <MiningField name=\"%s\" usageType=\"target\"/>\n",
        s->model->target != NULL ? s->model->target : "converted");
    for (size_t i = 0; i < s->n_inputs; i++) {
        const ls_export_input *in = &s->inputs[i];
        if (in->kind == LS_EXPORT_CATEGORICAL) {
            /* levels outside the DataField's list go on to "C (key)" */
            out(x, "      <MiningField name=\"%s\" invalidValueTreatment=\"asIs\"/>\n", in->name);
        } else if (in->missing_term < 0) {
            out(x,
                "      <MiningField name=\"%s\" invalidValueTreatment=\"asMissing\" "
                "missingValueTreatment=\"asMedian\" missingValueReplacement=\"%g\"/>\n",
                in->name, in->impute);
        } else {
            out(x, "      <MiningField name=\"%s\" invalidValueTreatment=\"asMissing\"/>\n", in->name);
        }
    }
    out(x, "    </MiningSchema>\n");
}

static void key_fields(xml *x, const ls_export_spec *s, const ls_export_input *in)
{
    out(x,
        "      <DerivedField name=\"%s (trimmed)\" optype=\"categorical\" dataType=\"string\">\n"
        "        <Apply function=\"replace\" mapMissingTo=\"\">\n"
        "          <FieldRef field=\"%s\"/>\n"
        "          <Constant dataType=\"string\">^" WHITE_RE "+|" WHITE_RE "+$</Constant>\n"
        "          <Constant dataType=\"string\"></Constant>\n"
        "        </Apply>\n      </DerivedField>\n",
        in->name, in->name);
    out(x, "      <DerivedField name=\"%s (key)\" optype=\"categorical\" dataType=\"string\">\n"
           "        <Apply function=\"if\">\n", in->name);
    if (s->n_na > 0) {
        out(x, "          <Apply function=\"or\">\n");
    }
    out(x,
        "          <Apply function=\"equal\"><FieldRef field=\"%s (trimmed)\"/>"
        "<Constant dataType=\"string\"></Constant></Apply>\n",
        in->name);
    for (size_t k = 0; k < s->n_na; k++) {
        /* placeholders match ignoring ASCII case: compare lowercased */
        char lowered[256];
        size_t n = 0;
        for (const char *p = s->na_values[k]; *p != '\0' && n + 1 < sizeof lowered; p++) {
            lowered[n++] = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
        }
        lowered[n] = '\0';
        out(x,
            "          <Apply function=\"equal\"><Apply function=\"lowercase\"><FieldRef field=\"%s (trimmed)\"/>"
            "</Apply><Constant dataType=\"string\">%s</Constant></Apply>\n",
            in->name, lowered);
    }
    if (s->n_na > 0) {
        out(x, "          </Apply>\n");
    }
    out(x, "          <Constant dataType=\"string\">" MISSING_KEY "</Constant>\n");
    if (!s->case_sensitive) {
        out(x, "          <Apply function=\"lowercase\">\n");
    }
    out(x,
        "          <Apply function=\"replace\"><FieldRef field=\"%s (trimmed)\"/>"
        "<Constant dataType=\"string\">" WHITE_RE "+</Constant><Constant dataType=\"string\"> </Constant></Apply>\n",
        in->name);
    if (!s->case_sensitive) {
        out(x, "          </Apply>\n");
    }
    out(x, "        </Apply>\n      </DerivedField>\n");
}

static void local_transformations(xml *x, const ls_export_spec *s)
{
    out(x, "    <LocalTransformations>\n");
    for (size_t i = 0; i < s->n_inputs; i++) {
        const ls_export_input *in = &s->inputs[i];
        if (in->kind == LS_EXPORT_CATEGORICAL) {
            key_fields(x, s, in);
        } else if (in->missing_term >= 0) {
            out(x,
                "      <DerivedField name=\"%s (imputed)\" optype=\"continuous\" dataType=\"double\">\n"
                "        <FieldRef field=\"%s\" mapMissingTo=\"%g\"/>\n      </DerivedField>\n"
                "      <DerivedField name=\"%s=(missing)\" optype=\"continuous\" dataType=\"double\">\n"
                "        <Apply function=\"if\"><Apply function=\"isMissing\"><FieldRef field=\"%s\"/></Apply>"
                "<Constant dataType=\"double\">1</Constant><Constant dataType=\"double\">0</Constant></Apply>\n"
                "      </DerivedField>\n",
                in->name, in->name, in->impute, in->name, in->name);
        }
    }
    out(x, "    </LocalTransformations>\n");
}

static void predictors(xml *x, const ls_export_input *in)
{
    if (in->kind == LS_EXPORT_NUMERIC) {
        if (in->missing_term < 0) {
            out(x, "      <NumericPredictor name=\"%s\" coefficient=\"%g\"/>\n", in->name, in->value_weight);
        } else {
            out(x, "      <NumericPredictor name=\"%s (imputed)\" coefficient=\"%g\"/>\n", in->name, in->value_weight);
            out(x, "      <NumericPredictor name=\"%s=(missing)\" coefficient=\"%g\"/>\n", in->name,
                in->missing_weight);
        }
        return;
    }
    double missing = in->levels[in->missing_level].weight;
    if (missing != 0.0) {
        out(x, "      <CategoricalPredictor name=\"%s (key)\" value=\"" MISSING_KEY "\" coefficient=\"%g\"/>\n",
            in->name, missing);
    }
    for (size_t l = 0; l < in->n_levels; l++) {
        if (in->levels[l].role == LS_EXPORT_LEVEL_CELL && l != in->reference) {
            out(x, "      <CategoricalPredictor name=\"%s (key)\" value=\"%s\" coefficient=\"%g\"/>\n", in->name,
                in->levels[l].key, in->levels[l].weight);
        }
    }
    for (size_t f = 0; f < in->n_folded; f++) {
        double w = in->levels[in->folded[f].level].weight;
        if (in->folded[f].key[0] != '\001' && w != 0.0) {
            out(x, "      <CategoricalPredictor name=\"%s (key)\" value=\"%s\" coefficient=\"%g\"/>\n", in->name,
                in->folded[f].key, w);
        }
    }
}

int ls_export_pmml(const ls_model *model, FILE *fp, ls_error *err)
{
    ls_export_spec *spec = NULL;
    int status = ls_export_spec_build(model, &spec, err);
    if (status != LS_OK) {
        return status;
    }
    xml x = {fp, NULL};
    classes c = target_classes(model);
    out(&x,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<PMML xmlns=\"http://www.dmg.org/PMML-4_4\" version=\"4.4\">\n"
        "  <Header description=\"leadscore logistic model; P(%s = %s) is the probability leadscore gives\">\n"
        "    <Application name=\"leadscore\"/>\n  </Header>\n",
        model->target != NULL ? model->target : "converted", c.positive);
    data_dictionary(&x, spec, &c);
    out(&x, "  <RegressionModel functionName=\"classification\" normalizationMethod=\"logit\">\n");
    mining_schema(&x, spec);
    out(&x,
        "    <Output>\n      <OutputField name=\"probability\" optype=\"continuous\" dataType=\"double\" "
        "feature=\"probability\" value=\"%s\"/>\n    </Output>\n",
        c.positive);
    local_transformations(&x, spec);
    out(&x, "    <RegressionTable intercept=\"%g\" targetCategory=\"%s\">\n", spec->intercept, c.positive);
    /* the schema wants every NumericPredictor before the first
     * CategoricalPredictor */
    for (int categorical = 0; categorical < 2; categorical++) {
        for (size_t i = 0; i < spec->n_inputs; i++) {
            if ((spec->inputs[i].kind == LS_EXPORT_CATEGORICAL) == categorical) {
                predictors(&x, &spec->inputs[i]);
            }
        }
    }
    out(&x, "    </RegressionTable>\n    <RegressionTable intercept=\"0\" targetCategory=\"");
    put_negative(&x, &c);
    out(&x, "\"/>\n  </RegressionModel>\n</PMML>\n");
    if (x.bad != NULL) {
        status = ls_errorf(err, LS_EDATA, NULL, 0, 0,
                           "cannot export to PMML: '%s' holds a control character XML 1.0 cannot carry", x.bad);
    }
    ls_export_spec_free(spec);
    return status;
}
