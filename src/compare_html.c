/* compare_html.c: a comparison as one self-contained page (see compare.h). */
#include "leadscore/compare.h"

void ls_compare_html(const ls_comparison *c, const ls_compare_context *ctx, FILE *out)
{
    (void)c;
    (void)ctx;
    fputs("<!DOCTYPE html>\n", out);
}
