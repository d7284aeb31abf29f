/* leadscore/sha256.h: SHA-256 (FIPS 180-4), for the training file's
 * fingerprint and the model file's checksum. The hashing is Nettle's
 * (nettle-dev), which uses the CPU's SHA instructions where there are any;
 * these wrappers keep leadscore's names, the hex form and the file helper. */
#ifndef LEADSCORE_SHA256_H
#define LEADSCORE_SHA256_H

#include <nettle/sha2.h>
#include <stddef.h>

#include "leadscore/error.h"

/* A streaming hash. Complete (not opaque) so that callers can keep one on the
 * stack or inside their own struct, as the CSV reader does. */
typedef struct {
    struct sha256_ctx nettle;
} ls_sha256;

void ls_sha256_init(ls_sha256 *ctx);
void ls_sha256_update(ls_sha256 *ctx, const void *data, size_t len);
/* Writes the digest; ctx must be initialised again before further use. */
void ls_sha256_final(ls_sha256 *ctx, unsigned char digest[32]);

/* The digest of data as 64 lowercase hex digits and a NUL. */
void ls_sha256_hex(const void *data, size_t len, char hex[65]);

/* The digest of a whole file, read in blocks. */
int ls_sha256_file(const char *path, char hex[65], ls_error *err);

#endif
