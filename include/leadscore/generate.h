/* leadscore/generate.h: realistic synthetic leads from a known true model.
 *
 * Each lead gets attributes (lead source, industry, company size, country
 * with a long tail, job title including Student and Intern, job level) and
 * behaviours driven by a latent engagement, so that they are correlated as
 * real ones are (visits, time on site, pricing-page views, email opens and
 * clicks, webinar, whitepaper and ebook downloads, demo request, contact
 * form, free trial, phone calls, unsubscribe, days since last activity), a
 * lead id and a created date over 18 months. Whether it converted is drawn
 * from a logistic model that is linear in the values as written in the CSV,
 * so a correctly specified logistic regression recovers the true weights.
 * After the draw, a few percent of attribute cells are blanked and some are
 * written in messy case or with stray spaces, as CRM exports are.
 *
 * Deterministic per seed: the same seed writes the same bytes, and different
 * seeds write different leads.
 * Ownership: ls_generate() gives the caller a cJSON truth tree to delete;
 * out is borrowed and neither closed nor flushed. */
#ifndef LEADSCORE_GENERATE_H
#define LEADSCORE_GENERATE_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include "leadscore/error.h"

/* Raised whenever some seed's bytes change. Version 2 differs from version 1
 * only for seed 0, which version 1 wrote as seed 4357 (GSL's MT19937 treats
 * seed 0 as its default seed). */
#define LS_GENERATOR_VERSION 2

#define LS_GENERATE_MAX_ROWS 1000000000L
/* Seeds up to 2^31 - 1 keep the seed exact in JSON and distinct in MT19937,
 * which reads only the low 32 bits. */
#define LS_GENERATE_MAX_SEED 2147483647UL

typedef struct {
    long rows;          /* 1 .. LS_GENERATE_MAX_ROWS */
    unsigned long seed; /* 0 .. LS_GENERATE_MAX_SEED */
    /* called every 100,000 rows when not NULL */
    void (*progress)(void *ctx, long rows);
    void *progress_ctx;
} ls_generate_options;

/* Writes the header and options->rows leads to out. With truth non-NULL, on
 * success *truth is the true model as JSON: the CSV's columns in order, the
 * intercept, each attribute's reference level and level effects, each
 * numeric column's weight per unit, each yes/no column's weight for "yes",
 * the shares of blank and messy cells, and the realised and expected
 * conversion rates. Errors: LS_EUSAGE for rows or seed out of range, LS_EIO
 * when out reports a write error (checked every 100,000 rows, so a full disk
 * stops the run early; err names no file, the caller knows it), LS_ENOMEM. */
int ls_generate(const ls_generate_options *options, FILE *out, cJSON **truth, ls_error *err);

/* Later months: what changes against the documented model, so that the
 * monthly routine (drift, diff) has a known change to find. Each change is
 * off by default, and with every field 0 the output is exactly ls_generate()'s.
 *   new_source     lead source "AI Chat" appears: share 15 against the other
 *                  sources' 100 (about 13% of leads), true effect +0.5;
 *   webinar_fades  attending a webinar no longer matters: the weight of
 *                  webinar_attended = yes goes from 0.5 to 0 (as many attend);
 *   more_students  job titles Student and Intern weigh 16 each (from 8 and 5;
 *                  the reference Marketing Manager stays at 20, so the model's
 *                  reference level does not change), and job level Student
 *                  rises with them; no effect changes.
 * first_day/days (days > 0) put the created dates in [first_day, first_day +
 * days) (day numbers) instead of the default 18 months.
 * The truth then also holds "created_dates" {from, to} and, with any change,
 * "drift": the changes in words, "inputs_changed" (columns whose mix moved),
 * "population_shares" {column: {before, after}} of each such column's levels
 * (before cells are blanked), "terms_changed" [{term, old_weight,
 * new_weight}], "terms_added" [{term, weight}] and "terms_meaning_changed"
 * (the "(missing)" levels of columns whose mix moved: a blank cell stands for
 * a different mix of leads). */
typedef struct {
    int new_source, webinar_fades, more_students;
    int first_day;
    int days;
} ls_generate_changes;

/* Fills changes from a --drift list ("new-source,webinar-fades",
 * "more-students", "all" or "none"; NULL: none) and a --month "YYYY-MM"
 * (NULL: the default dates). LS_EUSAGE names an unknown change or a bad month. */
int ls_generate_changes_parse(const char *drift, const char *month, ls_generate_changes *out, ls_error *err);

/* ls_generate() with changes (NULL: none). */
int ls_generate_with(const ls_generate_options *options, const ls_generate_changes *changes, FILE *out,
                     cJSON **truth, ls_error *err);

#endif
