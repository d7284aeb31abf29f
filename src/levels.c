/* levels.c: a string dictionary for categorical levels.
 *
 * Open addressing with linear probing; none of the chosen libraries offers a
 * hash map. Keys and display strings are copied once per level, never per
 * row. Lookups run once per cell of every lead scored, so keys of up to 32
 * bytes (nearly every level) are hashed and compared as four 64-bit words
 * read by overlapping loads, with no loop and no call; longer keys fall back
 * to FNV-1a and memcmp. */
#define _POSIX_C_SOURCE 200809L
#include "leadscore/levels.h"

#include <stdlib.h>
#include <string.h>

/* A key of n <= SHORT_KEY bytes as words: together with n they determine
 * every byte, so equal words and lengths mean equal keys. */
#define SHORT_KEY 32
typedef struct {
    uint64_t w[4];
} short_key;

typedef struct {
    char *key;
    char *display;
    short_key words; /* what its hash slot holds (key_of) */
    size_t key_len;
    size_t count;
    uint64_t hash;
    long votes;       /* Boyer-Moore majority vote for the display spelling */
} level_entry;

/* A hash slot holds what a lookup compares, so that finding a key reads one
 * slot and no entry: the key's words, or past SHORT_KEY bytes its hash in
 * words.w[0] (then the entry's key is compared too). */
typedef struct {
    short_key words;
    uint32_t key_len; /* saturated: longer keys are compared in full */
    int32_t level;    /* -1: empty */
} level_slot;

struct ls_levels {
    level_entry *entries; /* by level index */
    size_t n, cap;
    level_slot *slots;
    size_t n_slots;       /* a power of two, at least 2n */
};

static uint64_t fnv1a(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static uint64_t load64(const char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static uint64_t load32(const char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* Overlapping loads, never past s + n: [16, 32] bytes read 0-16 and the last
 * 16; [8, 16) 0-8 and the last 8; [4, 8) 0-4 and the last 4; 1-3 bytes the
 * first, middle and last. Bytes not read stay 0. */
/* inlined: lookups run per cell */
#define HOT __attribute__((always_inline)) inline

static HOT short_key short_key_of(const char *s, size_t n)
{
    short_key k = {{0, 0, 0, 0}};
    if (n >= 16) {
        k.w[0] = load64(s);
        k.w[1] = load64(s + 8);
        k.w[2] = load64(s + n - 16);
        k.w[3] = load64(s + n - 8);
    } else if (n >= 8) {
        k.w[0] = load64(s);
        k.w[1] = load64(s + n - 8);
    } else if (n >= 4) {
        k.w[0] = load32(s) | load32(s + n - 4) << 32;
    } else if (n > 0) {
        k.w[0] = (uint64_t)(unsigned char)s[0] | (uint64_t)(unsigned char)s[n / 2] << 8 |
                 (uint64_t)(unsigned char)s[n - 1] << 16;
    }
    return k;
}

/* A key's 64-bit hash, and in *words what its hash slot holds: the short
 * key's words, mixed by multiplication and MurmurHash3's finaliser for the
 * hash; past SHORT_KEY bytes FNV-1a, and the hash as the first word. */
static HOT uint64_t key_of(const char *s, size_t n, short_key *words)
{
    if (n > SHORT_KEY) {
        uint64_t h = fnv1a(s, n);
        short_key k = {{h, 0, 0, 0}};
        *words = k;
        return h;
    }
    const short_key *k = words;
    *words = short_key_of(s, n);
    uint64_t h = (uint64_t)n ^ k->w[0] * 0x9E3779B97F4A7C15ULL ^ k->w[1] * 0xC2B2AE3D27D4EB4FULL ^
                 k->w[2] * 0x165667B19E3779F9ULL ^ k->w[3] * 0x85EBCA77C2B2AE63ULL;
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 33;
    return h;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

size_t ls_trim(const char *text, size_t len, const char **start)
{
    size_t a = 0, b = len;
    while (a < b && is_space(text[a])) {
        a++;
    }
    while (b > a && is_space(text[b - 1])) {
        b--;
    }
    *start = text + a;
    return b - a;
}

size_t ls_level_key(const char *text, size_t len, int case_sensitive, char *key)
{
    const char *s;
    size_t n = ls_trim(text, len, &s);
    size_t out = 0;
    int in_space = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (is_space(c)) {
            in_space = 1;
            continue;
        }
        if (in_space) {
            key[out++] = ' ';
            in_space = 0;
        }
        if (!case_sensitive && c >= 'A' && c <= 'Z') {
            c = (char)(c - 'A' + 'a');
        }
        key[out++] = c;
    }
    key[out] = '\0';
    return out;
}

static level_slot *empty_slots(size_t n)
{
    level_slot *slots = malloc(n * sizeof *slots);
    for (size_t i = 0; slots != NULL && i < n; i++) {
        slots[i].level = -1;
    }
    return slots;
}

ls_levels *ls_levels_new(void)
{
    ls_levels *levels = calloc(1, sizeof *levels);
    if (levels == NULL) {
        return NULL;
    }
    levels->n_slots = 16;
    levels->slots = empty_slots(levels->n_slots);
    if (levels->slots == NULL) {
        free(levels);
        return NULL;
    }
    return levels;
}

void ls_levels_free(ls_levels *levels)
{
    if (levels == NULL) {
        return;
    }
    for (size_t i = 0; i < levels->n; i++) {
        free(levels->entries[i].key);
        free(levels->entries[i].display);
    }
    free(levels->entries);
    free(levels->slots);
    free(levels);
}

/* The slot of key: where it is, or the empty slot where it would go. */
static HOT size_t probe(const ls_levels *levels, const char *key, size_t key_len, const short_key *words,
                        uint64_t hash)
{
    size_t mask = levels->n_slots - 1;
    size_t slot = (size_t)hash & mask;
    uint32_t len32 = key_len < UINT32_MAX ? (uint32_t)key_len : UINT32_MAX;
    for (;;) {
        const level_slot *sl = &levels->slots[slot];
        if (sl->level < 0) {
            return slot;
        }
        if (sl->key_len == len32 && sl->words.w[0] == words->w[0] && sl->words.w[1] == words->w[1] &&
            sl->words.w[2] == words->w[2] && sl->words.w[3] == words->w[3] &&
            (key_len <= SHORT_KEY || (levels->entries[sl->level].key_len == key_len &&
                                      memcmp(levels->entries[sl->level].key, key, key_len) == 0))) {
            return slot;
        }
        slot = (slot + 1) & mask;
    }
}

static void fill_slot(ls_levels *levels, size_t slot, const level_entry *e, size_t level)
{
    level_slot *sl = &levels->slots[slot];
    sl->words = e->words;
    sl->key_len = e->key_len < UINT32_MAX ? (uint32_t)e->key_len : UINT32_MAX;
    sl->level = (int32_t)level;
}

static int grow_slots(ls_levels *levels)
{
    size_t n_slots = levels->n_slots * 2;
    level_slot *slots = empty_slots(n_slots);
    if (slots == NULL) {
        return -1;
    }
    free(levels->slots);
    levels->slots = slots;
    levels->n_slots = n_slots;
    for (size_t i = 0; i < levels->n; i++) {
        const level_entry *e = &levels->entries[i];
        fill_slot(levels, probe(levels, e->key, e->key_len, &e->words, e->hash), e, i);
    }
    return 0;
}

static char *copy_text(const char *s, size_t n)
{
    char *c = malloc(n + 1);
    if (c != NULL) {
        memcpy(c, s, n);
        c[n] = '\0';
    }
    return c;
}

/* The display spelling is the one most cells use: a majority vote over the
 * spellings seen, so that "Paid Search" wins over a stray "paid search" that
 * happened to come first. Returns -1 when out of memory. */
static int vote(level_entry *e, const char *display, size_t display_len)
{
    if (strlen(e->display) == display_len && memcmp(e->display, display, display_len) == 0) {
        e->votes++;
        return 0;
    }
    if (e->votes > 0) {
        e->votes--;
        return 0;
    }
    char *copy = copy_text(display, display_len);
    if (copy == NULL) {
        return -1;
    }
    free(e->display);
    e->display = copy;
    e->votes = 1;
    return 0;
}

static long insert(ls_levels *levels, const char *key, size_t key_len, const char *display, size_t display_len,
                   size_t count)
{
    short_key words;
    uint64_t hash = key_of(key, key_len, &words);
    size_t slot = probe(levels, key, key_len, &words, hash);
    if (levels->slots[slot].level >= 0) {
        long level = levels->slots[slot].level;
        level_entry *e = &levels->entries[level];
        e->count += count;
        if (count > 0 && vote(e, display, display_len) != 0) {
            return -1;
        }
        return level;
    }
    if (levels->n >= INT32_MAX) {
        return -1; /* slots number levels in 32 bits */
    }
    /* room first, so that running out of memory leaves the dictionary as it
     * was (a caller may go on using it) */
    if ((levels->n + 1) * 2 > levels->n_slots) {
        if (grow_slots(levels) != 0) {
            return -1;
        }
        slot = probe(levels, key, key_len, &words, hash);
    }
    if (levels->n == levels->cap) {
        size_t cap = levels->cap ? levels->cap * 2 : 16;
        level_entry *e = realloc(levels->entries, cap * sizeof *e);
        if (e == NULL) {
            return -1;
        }
        levels->entries = e;
        levels->cap = cap;
    }
    level_entry *e = &levels->entries[levels->n];
    e->key = copy_text(key, key_len);
    e->display = copy_text(display, display_len);
    if (e->key == NULL || e->display == NULL) {
        free(e->key);
        free(e->display);
        return -1;
    }
    e->key_len = key_len;
    e->words = words;
    e->hash = hash;
    e->count = count;
    e->votes = 1;
    fill_slot(levels, slot, e, levels->n);
    levels->n++;
    return (long)levels->n - 1;
}

long ls_levels_add(ls_levels *levels, const char *key, size_t key_len, const char *display, size_t display_len)
{
    return insert(levels, key, key_len, display, display_len, 1);
}

long ls_levels_intern(ls_levels *levels, const char *key, const char *display)
{
    return insert(levels, key, strlen(key), display, strlen(display), 0);
}

long ls_levels_find(const ls_levels *levels, const char *key, size_t key_len)
{
    short_key words;
    uint64_t hash = key_of(key, key_len, &words);
    return levels->slots[probe(levels, key, key_len, &words, hash)].level;
}

size_t ls_levels_count(const ls_levels *levels)
{
    return levels->n;
}

const char *ls_levels_key(const ls_levels *levels, size_t level)
{
    return levels->entries[level].key;
}

const char *ls_levels_display(const ls_levels *levels, size_t level)
{
    return levels->entries[level].display;
}

size_t ls_levels_frequency(const ls_levels *levels, size_t level)
{
    return levels->entries[level].count;
}

void ls_levels_set_frequency(ls_levels *levels, size_t level, size_t count)
{
    levels->entries[level].count = count;
}

int ls_levels_recount(ls_levels *levels, size_t level, const char *display, size_t display_len)
{
    level_entry *e = &levels->entries[level];
    e->count++;
    return vote(e, display, display_len);
}
