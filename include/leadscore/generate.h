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
 * Deterministic per seed: the same seed writes the same bytes.
 * Ownership: ls_generate() gives the caller a cJSON truth tree to delete. */
#ifndef LEADSCORE_GENERATE_H
#define LEADSCORE_GENERATE_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include "leadscore/error.h"

#define LS_GENERATOR_VERSION 1

typedef struct {
    long rows;
    unsigned long seed;
    void (*progress)(void *ctx, long rows);
    void *progress_ctx;
} ls_generate_options;

/* Writes header and rows to out; with truth non-NULL returns the true model
 * (weights, reference levels, realised conversion rate) as JSON. */
int ls_generate(const ls_generate_options *options, FILE *out, cJSON **truth, ls_error *err);

#endif
