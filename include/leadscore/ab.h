/* leadscore/ab.h: live A/B tests of two scoring models.
 *
 * Assignment. A lead goes to arm B when u < share, else to arm A, where
 *   u = (the first 53 bits of SHA-256(salt ":" id), big-endian) / 2^53
 * (the first 8 bytes as an unsigned integer, shifted right by 11: what a
 * double holds exactly)
 * and id is the lead's id cell as written (not trimmed, case kept). The arm
 * depends on nothing but salt and id, so a lead keeps its arm across
 * re-scoring, files and months, and any tool that has SHA-256 (a database,
 * a CRM script) can recompute it. Change the salt to draw new arms.
 *
 * Analysis. From the leads each arm handed to sales (those whose band, as
 * written by 'score --ab', is the band named sent_band: the top band SQL by
 * default; both arms' models must name it alike) and their outcomes: each arm's conversion rate, the
 * difference B - A with a 95% Wald interval, the two-proportion z-test with
 * pooled variance (two-sided p), and the leads per arm that a test would
 * need to detect the observed difference at alpha 0.05 with 80% power
 * (Fleiss: n = (z_a sqrt(2 pbar qbar) + z_b sqrt(p1 q1 + p2 q2))^2 / d^2). */
#ifndef LEADSCORE_AB_H
#define LEADSCORE_AB_H

#include <stddef.h>

#include "leadscore/csv.h"
#include "leadscore/error.h"
#include "leadscore/target.h"

/* 0 for arm A, 1 for arm B. share is arm B's share, in [0, 1]. */
int ls_ab_arm(const char *salt, const char *id, size_t id_length, double share);

/* u in [0, 1) as above (exposed so that tests and reports can show it). */
double ls_ab_unit(const char *salt, const char *id, size_t id_length);

typedef struct {
    size_t leads, sent, converted_sent, converted; /* per arm: all leads, sent to sales, ... */
} ls_ab_arm_counts;

typedef struct {
    ls_ab_arm_counts arm[2];
    double rate[2];          /* converted_sent / sent; NAN when nothing was sent */
    double difference;       /* rate[1] - rate[0] */
    double ci_lo, ci_hi;     /* Wald 95% */
    double z, p_value;       /* pooled two-proportion test; NAN when undefined */
    double needed_per_arm;   /* leads sent per arm for 80% power at 0.05; NAN when difference is 0 */
} ls_ab_result;

/* Computes the figures from the counts in result->arm (filled by the caller). */
void ls_ab_analyse(ls_ab_result *result);

/* Reads a scored file with outcomes (the output of 'score --ab' with the
 * outcome column added): the arm column ("A" or "B"), the band column and the
 * outcome read under outcome (target.h: a positive value; blank outcomes
 * skipped and counted in *unlabelled when it says so); a lead was sent to
 * sales when its band is sent_band (exactly, as written). Counts into
 * result->arm and analyses. Errors name file, line and column: an arm other
 * than A or B, an outcome that cannot be read, a missing column, no leads. */
int ls_ab_read(ls_csv_reader *reader, const char *arm_column, const char *band_column, const char *target_column,
               const ls_target_options *outcome, const char *sent_band, ls_ab_result *result, size_t *unlabelled,
               ls_error *err);

#endif
