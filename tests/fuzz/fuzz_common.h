/* fuzz_common.h: what the libFuzzer harnesses share. The library reads
 * files by path, so each input is written to a per-process file in /dev/shm
 * (memory; no disk wear at millions of runs) and read back from there. */
#ifndef LEADSCORE_FUZZ_COMMON_H
#define LEADSCORE_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <leadscore/leadscore.h>

static inline const char *fuzz_path(const char *tag)
{
    static char path[128];
    if (path[0] == '\0') {
        snprintf(path, sizeof path, "/dev/shm/leadscore-fuzz-%s-%ld", tag, (long)getpid());
    }
    return path;
}

static inline int fuzz_write(const char *path, const uint8_t *data, size_t size)
{
    FILE *fp = fopen(path, "wb");
    if (fp == NULL) {
        return -1;
    }
    fwrite(data, 1, size, fp);
    return fclose(fp);
}

#endif
