/* target.c: binary outcome cells. */
#include "leadscore/target.h"

#include <string.h>
#include <strings.h>

#include "leadscore/levels.h"

int ls_target_parse(const char *text, size_t len, int *out)
{
    static const char *const positive[] = {"1", "yes", "true", "converted", "y"};
    static const char *const negative[] = {"0", "no", "false", "not converted", "not", "n"};
    const char *s;
    size_t n = ls_trim(text, len, &s);
    if (n == 1 && (s[0] == '0' || s[0] == '1')) { /* the common case, first */
        *out = s[0] - '0';
        return 0;
    }
    for (size_t i = 0; i < sizeof positive / sizeof positive[0]; i++) {
        if (strlen(positive[i]) == n && strncasecmp(positive[i], s, n) == 0) {
            *out = 1;
            return 0;
        }
    }
    for (size_t i = 0; i < sizeof negative / sizeof negative[0]; i++) {
        if (strlen(negative[i]) == n && strncasecmp(negative[i], s, n) == 0) {
            *out = 0;
            return 0;
        }
    }
    return -1;
}

int ls_target_read(const ls_target_options *o, const char *text, size_t len, int *out)
{
    const char *s;
    size_t n = ls_trim(text, len, &s);
    if (n == 0) {
        return LS_TARGET_UNLABELLED;
    }
    if (o == NULL || o->positive == NULL) {
        return ls_target_parse(s, n, out) == 0 ? 0 : LS_TARGET_INVALID;
    }
    const char *p;
    size_t pn = ls_trim(o->positive, strlen(o->positive), &p);
    *out = pn == n && strncasecmp(p, s, n) == 0;
    return 0;
}

const char *ls_target_problem(const ls_target_options *o, int status)
{
    if (status == LS_TARGET_UNLABELLED) {
        return "is blank: no outcome";
    }
    (void)o;
    return "must be binary (0/1, yes/no, true/false, converted/not converted)";
}
