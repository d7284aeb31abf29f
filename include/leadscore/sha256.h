/* leadscore/sha256.h: SHA-256 (FIPS 180-4), for the training file's
 * fingerprint and the model file's checksum. None of the chosen libraries
 * offers a hash, so this small streaming implementation does. */
#ifndef LEADSCORE_SHA256_H
#define LEADSCORE_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include "leadscore/error.h"

typedef struct {
    uint32_t state[8];
    uint64_t length;        /* bytes hashed so far */
    unsigned char block[64];
    size_t used;            /* bytes waiting in block */
} ls_sha256;

void ls_sha256_init(ls_sha256 *ctx);
void ls_sha256_update(ls_sha256 *ctx, const void *data, size_t len);
void ls_sha256_final(ls_sha256 *ctx, unsigned char digest[32]);

/* The digest of data as 64 lowercase hex digits and a NUL. */
void ls_sha256_hex(const void *data, size_t len, char hex[65]);

/* The digest of a whole file, read in blocks. */
int ls_sha256_file(const char *path, char hex[65], ls_error *err);

#endif
