/* test_sha256.c: SHA-256 against the FIPS 180-2 example vectors and against
 * sha256sum (GNU coreutils) run once on committed files: the streaming hash,
 * the file hash and the CSV reader's digest must all give those values. */
#include <string.h>

#include "leadscore/csv.h"
#include "leadscore/sha256.h"
#include "ls_test.h"

static void sha256_should_match_the_fips_examples(void)
{
    char hex[65];
    ls_sha256_hex("abc", 3, hex);
    CU_ASSERT_STRING_EQUAL(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    ls_sha256_hex("", 0, hex);
    CU_ASSERT_STRING_EQUAL(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    ls_sha256_hex(m, strlen(m), hex);
    CU_ASSERT_STRING_EQUAL(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void sha256_should_stream_a_million_a(void)
{
    ls_sha256 ctx;
    unsigned char digest[32], block[1000];
    memset(block, 'a', sizeof block);
    ls_sha256_init(&ctx);
    /* chunks of 1, 2, ..., 999 bytes, so that block boundaries fall everywhere */
    size_t left = 1000000, chunk = 1;
    while (left > 0) {
        size_t n = chunk < left ? chunk : left;
        ls_sha256_update(&ctx, block, n);
        left -= n;
        chunk = chunk % 999 + 1;
    }
    ls_sha256_final(&ctx, digest);
    static const unsigned char expected[32] = {0xcd, 0xc7, 0x6e, 0x5c, 0x99, 0x14, 0xfb, 0x92, 0x81, 0xa1, 0xc7,
                                               0xe2, 0x84, 0xd7, 0x3e, 0x67, 0xf1, 0x80, 0x9a, 0x48, 0xa4, 0x97,
                                               0x20, 0x0e, 0x04, 0x6d, 0x39, 0xcc, 0xc7, 0x11, 0x2c, 0xd0};
    CU_ASSERT_EQUAL(memcmp(digest, expected, 32), 0);
}

/* sha256sum tests/data/ok/types.csv, tests/data/ok/quoting_crlf.csv */
static const char *const files[2][2] = {
    {"tests/data/ok/types.csv", "af799d67672f3c9a95ad2bd7cb9df5ae3893de59e5394af3d16cb12c86c7a8d0"},
    {"tests/data/ok/quoting_crlf.csv", "8e58d95935edcb11b6f23deabd85af0f1ca1cf183ae3833e09b38c47fe46a650"}};

static void sha256_should_match_sha256sum_on_files_and_in_the_csv_reader(void)
{
    for (int f = 0; f < 2; f++) {
        char path[1024], hex[65] = "";
        ls_error err = {0};
        ls_test_path(path, sizeof path, files[f][0]);
        CU_ASSERT_EQUAL(ls_sha256_file(path, hex, &err), LS_OK);
        CU_ASSERT_STRING_EQUAL(hex, files[f][1]);
        ls_csv_options o = {0, 1};
        ls_csv_reader *r = NULL;
        CU_ASSERT_EQUAL_FATAL(ls_csv_open(path, &o, &r, &err), LS_OK);
        CU_ASSERT_EQUAL(ls_csv_sha256(r, hex), -1); /* not read to the end yet */
        while (ls_csv_next(r, &err) == 1) {
        }
        memset(hex, 0, sizeof hex);
        CU_ASSERT_EQUAL(ls_csv_sha256(r, hex), 0);
        CU_ASSERT_STRING_EQUAL(hex, files[f][1]);
        ls_csv_close(r);
    }
}

static CU_TestInfo sha_tests[] = {
    {"sha256_should_match_the_fips_examples", sha256_should_match_the_fips_examples},
    {"sha256_should_stream_a_million_a", sha256_should_stream_a_million_a},
    {"sha256_should_match_sha256sum_on_files_and_in_the_csv_reader",
     sha256_should_match_sha256sum_on_files_and_in_the_csv_reader},
    CU_TEST_INFO_NULL};

static CU_SuiteInfo suites[] = {{"sha256", NULL, NULL, NULL, NULL, sha_tests}, CU_SUITE_INFO_NULL};

LS_TEST_MAIN(suites)
