/* ab.c: stable arm assignment and the analysis of a live A/B test (ab.h). */
#include "leadscore/ab.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <string.h>

#include "leadscore/sha256.h"
#include "leadscore/target.h"

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

int ls_ab_read(ls_csv_reader *r, const char *arm_column, const char *band_column, const char *target_column,
               const ls_target_options *outcome, const char *sent_band, ls_ab_result *result, size_t *unlabelled,
               ls_error *err)
{
    const char *names[3] = {arm_column, band_column, target_column};
    long col[3];
    for (int k = 0; k < 3; k++) {
        if ((col[k] = ls_csv_find_column(r, names[k])) < 0) {
            return ls_errorf(err, LS_EDATA, ls_csv_path(r), 1, 0, "column '%s' not found in the header", names[k]);
        }
    }
    memset(result, 0, sizeof *result);
    *unlabelled = 0;
    int more;
    while ((more = ls_csv_next(r, err)) == 1) {
        const char *arm = ls_csv_field(r, (size_t)col[0]);
        int y;
        if ((arm[0] != 'A' && arm[0] != 'B') || arm[1] != '\0') {
            return ls_errorf(err, LS_EDATA, ls_csv_path(r), ls_csv_line(r), col[0] + 1,
                             "arm column '%s' must hold A or B, got '%.40s'", arm_column, arm);
        }
        const char *cell = ls_csv_field(r, (size_t)col[2]);
        int st = ls_target_read(outcome, cell, ls_csv_field_length(r, (size_t)col[2]), &y);
        if (st == LS_TARGET_UNLABELLED && outcome->skip_unlabelled) {
            (*unlabelled)++;
            continue;
        }
        if (st != 0) {
            return ls_errorf(err, LS_EDATA, ls_csv_path(r), ls_csv_line(r), col[2] + 1, "target column '%s' %s, got '%.40s'",
                             target_column, ls_target_problem(outcome, st), cell);
        }
        ls_ab_arm_counts *c = &result->arm[arm[0] == 'B'];
        int sent = strcmp(ls_csv_field(r, (size_t)col[1]), sent_band) == 0;
        c->leads++;
        c->converted += (size_t)y;
        c->sent += (size_t)sent;
        c->converted_sent += (size_t)(sent && y);
    }
    if (more < 0) {
        return (int)err->code;
    }
    if (result->arm[0].leads + result->arm[1].leads == 0) {
        return ls_errorf(err, LS_EDATA, ls_csv_path(r), 2, 0, "no leads: the file has a header only");
    }
    ls_ab_analyse(result);
    return LS_OK;
}
