/* model_checksum.h: the tamper check of model files.
 *
 * The checksum is the SHA-256 of the model's JSON printed unformatted without
 * its "checksum" field. cJSON prints a parsed tree the same way every time
 * (numbers round-trip exactly), so a file whose content changed after saving,
 * even by one digit, fails the check. It guards against accidents and casual
 * edits, not against someone who recomputes it. */
#ifndef LEADSCORE_MODEL_CHECKSUM_H
#define LEADSCORE_MODEL_CHECKSUM_H

#include <cjson/cJSON.h>

/* Adds (or replaces) "checksum" in root. 0, or -1 when out of memory. */
int ls_model_checksum_add(cJSON *root);

/* 0 when root's "checksum" matches its content, -1 otherwise (also when the
 * field is missing). root is left as it was. */
int ls_model_checksum_verify(cJSON *root);

#endif
