/* test_levels.c: the level dictionary against a naive oracle (a linear
 * search with memcmp). Keys of up to 32 bytes are hashed and compared as
 * words read by overlapping loads, so the cases aim at what that could get
 * wrong: every length from 0 to 40 (across the 3/4, 7/8, 15/16 and 32/33
 * boundaries), keys that differ in a single byte at each position (the middle
 * byte of 1-3 byte keys, the overlap of two loads), bytes from 0x80 up, and
 * random keys with many repeats. */
#include <gsl/gsl_rng.h>
#include <string.h>

#include "leadscore/levels.h"
#include "ls_test.h"

#define MAX_KEYS 4096
#define MAX_LEN 40

typedef struct {
    char text[MAX_KEYS][MAX_LEN];
    size_t len[MAX_KEYS];
    size_t n;
} oracle;

static long oracle_find(const oracle *o, const char *key, size_t len)
{
    for (size_t i = 0; i < o->n; i++) {
        if (o->len[i] == len && memcmp(o->text[i], key, len) == 0) {
            return (long)i;
        }
    }
    return -1;
}

/* Adds key to both; the dictionary must number it as the oracle does. */
static void add_both(ls_levels *levels, oracle *o, const char *key, size_t len)
{
    long expected = oracle_find(o, key, len);
    if (expected < 0) {
        CU_ASSERT_FATAL(o->n < MAX_KEYS);
        memcpy(o->text[o->n], key, len);
        o->len[o->n] = len;
        expected = (long)o->n++;
    }
    CU_ASSERT_EQUAL(ls_levels_add(levels, key, len, key, len), expected);
}

static void levels_should_tell_apart_keys_differing_in_one_byte_at_any_length(void)
{
    static oracle o;
    memset(&o, 0, sizeof o);
    ls_levels *levels = ls_levels_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(levels);
    char key[MAX_LEN];
    for (size_t len = 0; len <= MAX_LEN; len++) {
        memset(key, 'a', sizeof key);
        add_both(levels, &o, key, len); /* "aaa...a" of this length */
        for (size_t pos = 0; pos < len; pos++) {
            memset(key, 'a', sizeof key);
            key[pos] = 'b';
            add_both(levels, &o, key, len);
            key[pos] = (char)0xC3; /* a byte with the high bit set */
            add_both(levels, &o, key, len);
        }
    }
    CU_ASSERT_EQUAL(ls_levels_count(levels), o.n);
    /* every key is found again at its own index; a key never added is not */
    for (size_t i = 0; i < o.n; i++) {
        CU_ASSERT_EQUAL(ls_levels_find(levels, o.text[i], o.len[i]), (long)i);
    }
    for (size_t len = 1; len <= MAX_LEN; len++) {
        memset(key, 'a', sizeof key);
        key[0] = 'c';
        key[len - 1] = 'c'; /* two bytes changed (one when len is 1): never added unless len is 1 */
        CU_ASSERT_EQUAL(ls_levels_find(levels, key, len), oracle_find(&o, key, len));
    }
    ls_levels_free(levels);
}

static void levels_should_agree_with_a_linear_search_on_random_keys(void)
{
    static oracle o;
    memset(&o, 0, sizeof o);
    ls_levels *levels = ls_levels_new();
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    CU_ASSERT_PTR_NOT_NULL_FATAL(levels);
    CU_ASSERT_PTR_NOT_NULL_FATAL(rng);
    gsl_rng_set(rng, 42);
    char key[MAX_LEN];
    for (int round = 0; round < 20000; round++) {
        size_t len = gsl_rng_uniform_int(rng, MAX_LEN + 1);
        /* a small alphabet, so that short keys repeat and long ones share prefixes */
        for (size_t k = 0; k < len; k++) {
            key[k] = "ab\x80 "[gsl_rng_uniform_int(rng, 4)];
        }
        if (gsl_rng_uniform(rng) < 0.5 && o.n < MAX_KEYS) {
            add_both(levels, &o, key, len);
        } else {
            CU_ASSERT_EQUAL(ls_levels_find(levels, key, len), oracle_find(&o, key, len));
        }
    }
    CU_ASSERT_EQUAL(ls_levels_count(levels), o.n);
    gsl_rng_free(rng);
    ls_levels_free(levels);
}

static CU_TestInfo levels_tests[] = {
    {"levels_should_tell_apart_keys_differing_in_one_byte_at_any_length",
     levels_should_tell_apart_keys_differing_in_one_byte_at_any_length},
    {"levels_should_agree_with_a_linear_search_on_random_keys", levels_should_agree_with_a_linear_search_on_random_keys},
    CU_TEST_INFO_NULL};

static CU_SuiteInfo suites[] = {{"levels", NULL, NULL, NULL, NULL, levels_tests}, CU_SUITE_INFO_NULL};

LS_TEST_MAIN(suites)
