/* model_checksum.c: SHA-256 over the unformatted JSON of a model. */
#include "model_checksum.h"

#include <stdlib.h>
#include <string.h>

#include "leadscore/sha256.h"

static int digest_without_checksum(cJSON *root, char hex[65])
{
    cJSON *saved = cJSON_DetachItemFromObjectCaseSensitive(root, "checksum");
    char *text = cJSON_PrintUnformatted(root);
    if (saved != NULL) {
        cJSON_AddItemToObject(root, "checksum", saved);
    }
    if (text == NULL) {
        return -1;
    }
    ls_sha256_hex(text, strlen(text), hex);
    free(text);
    return 0;
}

int ls_model_checksum_add(cJSON *root)
{
    char hex[65];
    cJSON_DeleteItemFromObjectCaseSensitive(root, "checksum");
    if (digest_without_checksum(root, hex) != 0) {
        return -1;
    }
    char value[80] = "sha256:";
    strcat(value, hex);
    return cJSON_AddStringToObject(root, "checksum", value) != NULL ? 0 : -1;
}

int ls_model_checksum_verify(cJSON *root)
{
    const cJSON *stored = cJSON_GetObjectItemCaseSensitive(root, "checksum");
    char hex[65];
    if (!cJSON_IsString(stored) || strncmp(stored->valuestring, "sha256:", 7) != 0 ||
        digest_without_checksum(root, hex) != 0) {
        return -1;
    }
    return strcmp(stored->valuestring + 7, hex) == 0 ? 0 : -1;
}
