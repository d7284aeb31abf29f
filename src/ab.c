/* ab.c: stable arm assignment and the analysis of a live A/B test (ab.h). */
#include "leadscore/ab.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <string.h>

#include "leadscore/sha256.h"

double ls_ab_unit(const char *salt, const char *id, size_t id_length)
{
    ls_sha256 ctx;
    unsigned char digest[32];
    ls_sha256_init(&ctx);
    if (salt != NULL) {
        ls_sha256_update(&ctx, salt, strlen(salt));
    }
    ls_sha256_update(&ctx, ":", 1);
    ls_sha256_update(&ctx, id, id_length);
    ls_sha256_final(&ctx, digest);
    /* 53 bits are all a double holds: the top 53 of the first 8 bytes */
    unsigned long long x = 0;
    for (int i = 0; i < 8; i++) {
        x = (x << 8) | digest[i];
    }
    return (double)(x >> 11) / 9007199254740992.0; /* 2^53 */
}

int ls_ab_arm(const char *salt, const char *id, size_t id_length, double share)
{
    return ls_ab_unit(salt, id, id_length) < share;
}

void ls_ab_analyse(ls_ab_result *r)
{
    double n[2], p[2];
    for (int k = 0; k < 2; k++) {
        n[k] = (double)r->arm[k].sent;
        p[k] = n[k] > 0 ? (double)r->arm[k].converted_sent / n[k] : NAN;
        r->rate[k] = p[k];
    }
    r->difference = p[1] - p[0];
    r->ci_lo = r->ci_hi = r->z = r->p_value = r->needed_per_arm = NAN;
    if (!(n[0] > 0 && n[1] > 0)) {
        return;
    }
    const double za = gsl_cdf_ugaussian_Pinv(0.975), zb = gsl_cdf_ugaussian_Pinv(0.80);
    double se = sqrt(p[0] * (1 - p[0]) / n[0] + p[1] * (1 - p[1]) / n[1]);
    r->ci_lo = r->difference - za * se;
    r->ci_hi = r->difference + za * se;
    double pooled = ((double)r->arm[0].converted_sent + (double)r->arm[1].converted_sent) / (n[0] + n[1]);
    double se0 = sqrt(pooled * (1 - pooled) * (1 / n[0] + 1 / n[1]));
    if (se0 > 0) {
        r->z = r->difference / se0;
        r->p_value = 2 * gsl_cdf_ugaussian_Q(fabs(r->z));
    }
    if (r->difference != 0) {
        double pbar = (p[0] + p[1]) / 2;
        double a = za * sqrt(2 * pbar * (1 - pbar)) + zb * sqrt(p[0] * (1 - p[0]) + p[1] * (1 - p[1]));
        r->needed_per_arm = ceil(a * a / (r->difference * r->difference));
    }
}
