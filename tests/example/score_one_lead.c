/* score_one_lead.c: what a CRM plugin does, through the public headers only.
 *
 * The lead is held in memory as column names and cell strings, in the CRM's
 * own order (not the training file's), with an extra column the model does
 * not use and a cell left empty. The program loads a model, binds the
 * names once, scores the lead and prints one CSV line:
 *   score,probability,band,reasons
 * tests/example/run.sh checks that line against 'leadscore score' on the
 * same lead written as a CSV file.
 *
 * usage: score_one_lead MODEL */
#include <stdio.h>

#include <leadscore/leadscore.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: score_one_lead MODEL\n");
        return 2;
    }
    static const char *const names[] = {
        "crm_owner",        "demo_requested",      "job_title",    "lead_source",     "industry",
        "company_size",     "country",             "job_level",    "website_visits",  "time_on_site_minutes",
        "pricing_page_views", "email_opens",       "email_clicks", "webinar_attended", "whitepaper_downloads",
        "ebook_downloads",  "contact_form_submitted", "free_trial", "phone_calls",    "unsubscribed",
        "days_since_last_activity"};
    /* odd case and spacing, an empty time on site (missing): scored as the
     * model's cell rules say, as from a CSV */
    static const char *const cells[] = {
        "Jane Doe", "YES",  "  marketing   manager ", "Webinar", "Software", "51-200", "Germany", "Manager", "12",
        "",         "3",    "9",                      "2",       "yes",      "1",      "0",       "no",      "yes",
        "1",        "no",   "4"};
    const size_t n = sizeof names / sizeof names[0];

    ls_error err = {0};
    ls_scorer *scorer = NULL;
    if (ls_scorer_load(argv[1], &scorer, &err) != LS_OK ||
        ls_scorer_bind_names(scorer, names, n, &err) != LS_OK) {
        char line[1024];
        fprintf(stderr, "score_one_lead: %s\n", ls_error_format(&err, line, sizeof line));
        ls_scorer_free(scorer);
        return 1;
    }
    ls_score s;
    ls_reason reasons[3];
    size_t n_reasons = 0;
    if (ls_scorer_score_cells(scorer, cells, NULL, &s, reasons, 3, &n_reasons, &err) != LS_OK) {
        char line[1024];
        fprintf(stderr, "score_one_lead: %s\n", ls_error_format(&err, line, sizeof line));
        ls_scorer_free(scorer);
        return 1;
    }
    char text[1024];
    ls_reasons_format(reasons, n_reasons, text, sizeof text);
    printf("%d,%.17g,%s,%s\n", s.score, s.probability, ls_scorer_bands(scorer)->band[s.band].name, text);
    ls_scorer_free(scorer);
    return 0;
}
