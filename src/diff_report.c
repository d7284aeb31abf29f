/* diff_report.c: a model diff as text, JSON and a self-contained HTML page
 * (diff.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "leadscore/diff.h"

static void number_or_null(cJSON *o, const char *name, double v)
{
    if (isfinite(v)) {
        cJSON_AddNumberToObject(o, name, v);
    } else {
        cJSON_AddNullToObject(o, name);
    }
}

static void fmt(char *buf, size_t size, const char *format, double v)
{
    if (isnan(v)) {
        snprintf(buf, size, "-");
    } else {
        snprintf(buf, size, format, v);
    }
}

/* Why t has no change, z or p, or NULL when it has them (or lacks a side
 * for its own reason). */
static const char *term_note(const ls_model_diff *d, const ls_diff_term *t, char *buf, size_t size)
{
    if (t->comparable) {
        return NULL;
    }
    if (t->reference_change >= 0) {
        const ls_reference_change *r = &d->reference_changes[t->reference_change];
        snprintf(buf, size, "not comparable: reference level changed from %s to %s", r->old_reference,
                 r->new_reference);
    } else if (d->n_reference_changes == 1) {
        const ls_reference_change *r = &d->reference_changes[0];
        snprintf(buf, size, "not comparable: baseline lead changed (reference level of %s changed from %s to %s)",
                 r->input, r->old_reference, r->new_reference);
    } else {
        snprintf(buf, size, "not comparable: baseline lead changed (reference levels of %zu inputs changed)",
                 d->n_reference_changes);
    }
    return buf;
}

static void print_list(FILE *out, const char *what, const ls_string_list *l)
{
    if (l->n == 0) {
        return;
    }
    fprintf(out, "%s:", what);
    for (size_t k = 0; k < l->n; k++) {
        fprintf(out, " %s%s", l->items[k], k + 1 < l->n ? "," : "\n");
    }
}

void ls_diff_text(const ls_model_diff *d, const ls_model *a, const ls_model *b, const char *old_name,
                  const char *new_name, FILE *out)
{
    fprintf(out, "diff: %s (old) -> %s (new)\n\n", old_name, new_name);
    size_t width = 4;
    for (size_t k = 0; k < d->n_terms; k++) {
        size_t w = strlen(d->terms[k].term);
        width = w > width ? w : width;
    }
    fprintf(out, "%-*s %9s %9s %9s %8s %9s  %s\n", (int)width, "term", "old", "new", "change", "z", "p (Holm)", "");
    for (size_t k = 0; k < d->n_terms; k++) {
        const ls_diff_term *t = &d->terms[k];
        char o[32], n[32], c[32], z[32], p[32];
        fmt(o, sizeof o, "%.4f", t->old_weight);
        fmt(n, sizeof n, "%.4f", t->new_weight);
        fmt(c, sizeof c, "%+.4f", t->change);
        fmt(z, sizeof z, "%.2f", t->z);
        fmt(p, sizeof p, "%.3g", t->p_holm);
        char why[512];
        const char *note = term_note(d, t, why, sizeof why);
        const char *flag = t->old_index < 0 ? "new only" : t->new_index < 0 ? "old only" : t->significant ? "changed" : "";
        fprintf(out, "%-*s %9s %9s %9s %8s %9s  %s%s%s\n", (int)width, t->term, o, n, c, z, p, flag,
                note != NULL && flag[0] != '\0' ? "; " : "", note != NULL ? note : "");
    }
    fprintf(out, "\n%zu of %zu terms in both changed significantly (Holm-adjusted p < %g, z from both standard "
                 "errors)\n",
            d->n_significant, d->n_tested, LS_DIFF_ALPHA);
    for (size_t k = 0; k < d->n_reference_changes; k++) {
        const ls_reference_change *r = &d->reference_changes[k];
        fprintf(out, "not comparable: the reference level of %s changed from %s to %s, so its level terms and the "
                     "intercept compare with a different lead in each model; they have no change, z or p and are "
                     "left out of the Holm adjustment (one reference would need the weights' covariances, which "
                     "model files do not hold)\n",
                r->input, r->old_reference, r->new_reference);
    }
    print_list(out, "inputs only in the old model", &d->inputs_only_old);
    print_list(out, "inputs only in the new model", &d->inputs_only_new);
    print_list(out, "levels only in the old model", &d->levels_only_old);
    print_list(out, "levels only in the new model", &d->levels_only_new);
    fprintf(out, "\nsettings and training windows (changed settings, and every window field):\n");
    for (size_t k = 0; k < d->n_settings; k++) {
        const ls_diff_setting *s = &d->settings[k];
        if (s->changed || s->window) {
            fprintf(out, "  %-28s %s -> %s%s\n", s->field, s->old_value, s->new_value, s->changed ? "" : " (same)");
        }
    }
    if (!d->has_data) {
        return;
    }
    const ls_bands *ba = &a->bands, *bb = &b->bands;
    fprintf(out, "\non the same %zu leads: Spearman rank correlation %.4f; %zu leads (%.1f%%) change band\n",
            d->n_leads, d->spearman, d->n_changed, 100.0 * (double)d->n_changed / (double)d->n_leads);
    fprintf(out, "band migration (rows: old band, columns: new band):\n%-12s", "");
    for (size_t j = 0; j < d->n_bands_new; j++) {
        fprintf(out, " %10s", bb->band[j].name);
    }
    fputc('\n', out);
    for (size_t i = 0; i < d->n_bands_old; i++) {
        fprintf(out, "%-12s", ba->band[i].name);
        for (size_t j = 0; j < d->n_bands_new; j++) {
            fprintf(out, " %10zu", d->migration[i * d->n_bands_new + j]);
        }
        fputc('\n', out);
    }
}

static cJSON *strings(const ls_string_list *l)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t k = 0; a != NULL && k < l->n; k++) {
        cJSON_AddItemToArray(a, cJSON_CreateString(l->items[k]));
    }
    return a;
}

static cJSON *band_names(const ls_bands *b)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t k = 0; a != NULL && k < b->n; k++) {
        cJSON_AddItemToArray(a, cJSON_CreateString(b->band[k].name));
    }
    return a;
}

cJSON *ls_diff_json(const ls_model_diff *d, const ls_model *a, const ls_model *b, const char *old_name,
                    const char *new_name)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "old", old_name);
    cJSON_AddStringToObject(root, "new", new_name);
    cJSON_AddBoolToObject(root, "same_target", d->same_target);
    cJSON_AddNumberToObject(root, "alpha", LS_DIFF_ALPHA);
    cJSON_AddStringToObject(root, "adjustment", "holm");
    cJSON_AddNumberToObject(root, "tested", (double)d->n_tested);
    cJSON *terms = cJSON_AddArrayToObject(root, "terms");
    for (size_t k = 0; k < d->n_terms; k++) {
        const ls_diff_term *t = &d->terms[k];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "term", t->term);
        number_or_null(o, "old_weight", t->old_weight);
        number_or_null(o, "new_weight", t->new_weight);
        number_or_null(o, "old_se", t->old_se);
        number_or_null(o, "new_se", t->new_se);
        number_or_null(o, "change", t->change);
        number_or_null(o, "z", t->z);
        number_or_null(o, "p_value", t->p_value);
        number_or_null(o, "p_holm", t->p_holm);
        if (isnan(t->p_value)) {
            cJSON_AddNullToObject(o, "significant");
        } else {
            cJSON_AddBoolToObject(o, "significant", t->significant);
        }
        cJSON_AddBoolToObject(o, "comparable", t->comparable);
        char why[512];
        const char *note = term_note(d, t, why, sizeof why);
        if (note != NULL) {
            cJSON_AddStringToObject(o, "note", note);
        }
        cJSON_AddItemToArray(terms, o);
    }
    cJSON *changes = cJSON_AddArrayToObject(root, "reference_changes");
    for (size_t k = 0; k < d->n_reference_changes; k++) {
        const ls_reference_change *r = &d->reference_changes[k];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "input", r->input);
        cJSON_AddStringToObject(o, "old_reference", r->old_reference);
        cJSON_AddStringToObject(o, "new_reference", r->new_reference);
        cJSON_AddItemToArray(changes, o);
    }
    cJSON_AddItemToObject(root, "inputs_only_old", strings(&d->inputs_only_old));
    cJSON_AddItemToObject(root, "inputs_only_new", strings(&d->inputs_only_new));
    cJSON_AddItemToObject(root, "levels_only_old", strings(&d->levels_only_old));
    cJSON_AddItemToObject(root, "levels_only_new", strings(&d->levels_only_new));
    cJSON *settings = cJSON_AddArrayToObject(root, "settings");
    for (size_t k = 0; k < d->n_settings; k++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "field", d->settings[k].field);
        cJSON_AddStringToObject(o, "old", d->settings[k].old_value);
        cJSON_AddStringToObject(o, "new", d->settings[k].new_value);
        cJSON_AddBoolToObject(o, "changed", d->settings[k].changed);
        cJSON_AddItemToArray(settings, o);
    }
    if (!d->has_data) {
        return root;
    }
    cJSON *data = cJSON_AddObjectToObject(root, "data");
    cJSON_AddNumberToObject(data, "leads", (double)d->n_leads);
    number_or_null(data, "spearman", d->spearman);
    cJSON_AddNumberToObject(data, "band_changed", (double)d->n_changed);
    cJSON_AddItemToObject(data, "bands_old", band_names(&a->bands));
    cJSON_AddItemToObject(data, "bands_new", band_names(&b->bands));
    cJSON *m = cJSON_AddArrayToObject(data, "migration");
    for (size_t i = 0; i < d->n_bands_old; i++) {
        cJSON *row = cJSON_CreateArray();
        for (size_t j = 0; j < d->n_bands_new; j++) {
            cJSON_AddItemToArray(row, cJSON_CreateNumber((double)d->migration[i * d->n_bands_new + j]));
        }
        cJSON_AddItemToArray(m, row);
    }
    return root;
}

static void html_text(FILE *out, const char *s)
{
    for (; *s != '\0'; s++) {
        switch (*s) {
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '&': fputs("&amp;", out); break;
        case '"': fputs("&quot;", out); break;
        default: fputc(*s, out);
        }
    }
}

void ls_diff_html(const ls_model_diff *d, const ls_model *a, const ls_model *b, const char *old_name,
                  const char *new_name, FILE *out)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>leadscore diff</title>\n"
          "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
          "td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:right}td:first-child,th:first-child"
          "{text-align:left}tr.changed{background:#fde2c8}tr.one{background:#e8eefc}tr.apart{color:#777}"
          "</style></head><body>\n",
          out);
    fputs("<h1>What changed: ", out);
    html_text(out, old_name);
    fputs(" &rarr; ", out);
    html_text(out, new_name);
    fprintf(out, "</h1>\n<p>%zu of %zu terms in both models changed significantly (Holm-adjusted p &lt; %g, z "
                 "of the change from both standard errors). Highlighted: significant changes (orange), terms in "
                 "one model only (blue).</p>\n",
            d->n_significant, d->n_tested, LS_DIFF_ALPHA);
    for (size_t k = 0; k < d->n_reference_changes; k++) {
        const ls_reference_change *r = &d->reference_changes[k];
        fputs("<p><strong>Not comparable:</strong> the reference level of ", out);
        html_text(out, r->input);
        fputs(" changed from ", out);
        html_text(out, r->old_reference);
        fputs(" to ", out);
        html_text(out, r->new_reference);
        fputs(", so its level terms and the intercept compare with a different lead in each model (grey): they have "
              "no change, z or p and are left out of the Holm adjustment.</p>\n",
              out);
    }
    fputs("<table><tr><th>term</th><th>old</th><th>new</th><th>change</th><th>z</th><th>p (Holm)</th><th></th></tr>\n",
          out);
    for (size_t k = 0; k < d->n_terms; k++) {
        const ls_diff_term *t = &d->terms[k];
        char o[32], n[32], c[32], z[32], p[32];
        fmt(o, sizeof o, "%.4f", t->old_weight);
        fmt(n, sizeof n, "%.4f", t->new_weight);
        fmt(c, sizeof c, "%+.4f", t->change);
        fmt(z, sizeof z, "%.2f", t->z);
        fmt(p, sizeof p, "%.3g", t->p_holm);
        char why[512];
        const char *note = term_note(d, t, why, sizeof why);
        const char *cls = note != NULL                            ? " class=\"apart\""
                          : t->old_index < 0 || t->new_index < 0 ? " class=\"one\""
                          : t->significant                       ? " class=\"changed\""
                                                                 : "";
        fprintf(out, "<tr%s><td>", cls);
        html_text(out, t->term);
        fprintf(out, "</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>", o, n, c, z, p);
        html_text(out, note != NULL ? note : "");
        fputs("</td></tr>\n", out);
    }
    fputs("</table>\n<h2>Settings and training windows</h2>\n<table><tr><th>field</th><th>old</th><th>new</th></tr>\n",
          out);
    for (size_t k = 0; k < d->n_settings; k++) {
        const ls_diff_setting *s = &d->settings[k];
        fprintf(out, "<tr%s><td>", s->changed ? " class=\"changed\"" : "");
        html_text(out, s->field);
        fputs("</td><td>", out);
        html_text(out, s->old_value);
        fputs("</td><td>", out);
        html_text(out, s->new_value);
        fputs("</td></tr>\n", out);
    }
    fputs("</table>\n", out);
    if (d->has_data) {
        fprintf(out, "<h2>On the same %zu leads</h2>\n<p>Spearman rank correlation %.4f; %zu leads change band.</p>\n",
                d->n_leads, d->spearman, d->n_changed);
        fputs("<table><tr><th>old \\ new</th>", out);
        for (size_t j = 0; j < d->n_bands_new; j++) {
            fputs("<th>", out);
            html_text(out, b->bands.band[j].name);
            fputs("</th>", out);
        }
        fputs("</tr>\n", out);
        for (size_t i = 0; i < d->n_bands_old; i++) {
            fputs("<tr><td>", out);
            html_text(out, a->bands.band[i].name);
            fputs("</td>", out);
            for (size_t j = 0; j < d->n_bands_new; j++) {
                fprintf(out, "<td>%zu</td>", d->migration[i * d->n_bands_new + j]);
            }
            fputs("</tr>\n", out);
        }
        fputs("</table>\n", out);
    }
    fputs("</body></html>\n", out);
}
