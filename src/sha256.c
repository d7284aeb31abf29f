/* sha256.c: leadscore's SHA-256 names over Nettle's sha256_* (nettle/sha2.h).
 * Nettle buffers partial blocks itself, so updates of any length (the CSV
 * reader hashes line by line) are fine. */
#include "leadscore/sha256.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

void ls_sha256_init(ls_sha256 *ctx)
{
    sha256_init(&ctx->nettle);
}

void ls_sha256_update(ls_sha256 *ctx, const void *data, size_t len)
{
    /* Nettle takes const uint8_t *; with len 0 it reads nothing, so a NULL
     * data pointer with len 0 (an empty buffer) is fine. */
    sha256_update(&ctx->nettle, len, data);
}

void ls_sha256_final(ls_sha256 *ctx, unsigned char digest[32])
{
    sha256_digest(&ctx->nettle, SHA256_DIGEST_SIZE, digest);
}

static void to_hex(const unsigned char digest[32], char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    hex[64] = '\0';
}

void ls_sha256_hex(const void *data, size_t len, char hex[65])
{
    ls_sha256 ctx;
    unsigned char digest[32];
    ls_sha256_init(&ctx);
    ls_sha256_update(&ctx, data, len);
    ls_sha256_final(&ctx, digest);
    to_hex(digest, hex);
}

int ls_sha256_file(const char *path, char hex[65], ls_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (fp == NULL) {
        return ls_errorf(err, LS_EIO, path, 0, 0, "cannot open file: %s", strerror(errno));
    }
    ls_sha256 ctx;
    ls_sha256_init(&ctx);
    unsigned char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
        ls_sha256_update(&ctx, buf, n);
    }
    int failed = ferror(fp);
    fclose(fp);
    if (failed) {
        return ls_errorf(err, LS_EIO, path, 0, 0, "cannot read file");
    }
    unsigned char digest[32];
    ls_sha256_final(&ctx, digest);
    to_hex(digest, hex);
    return LS_OK;
}
