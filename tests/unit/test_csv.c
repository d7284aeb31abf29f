/* test_csv.c: the positioned CSV reader on hand-made files whose fields,
 * lines and errors are known by construction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "leadscore/csv.h"
#include "ls_test.h"

static ls_csv_reader *open_data(const char *relative, ls_error *err)
{
    char path[1024];
    ls_csv_reader *r = NULL;
    ls_csv_open(ls_test_path(path, sizeof path, relative), NULL, &r, err);
    return r;
}

static void csv_should_read_quotes_commas_newlines_and_crlf(void)
{
    ls_error err = {0};
    ls_csv_reader *r = open_data("tests/data/ok/quoting_crlf.csv", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(ls_csv_n_columns(r), 4);
    CU_ASSERT_EQUAL(ls_csv_delimiter(r), ',');
    CU_ASSERT_EQUAL(ls_csv_next(r, &err), 1);
    CU_ASSERT_STRING_EQUAL(ls_csv_field(r, 1), "Smith, John");
    CU_ASSERT_STRING_EQUAL(ls_csv_field(r, 2), "said \"hi\"");
    CU_ASSERT_STRING_EQUAL(ls_csv_field(r, 3), "10");
    CU_ASSERT_EQUAL(ls_csv_line(r), 2);
    CU_ASSERT_EQUAL(ls_csv_next(r, &err), 1);
    CU_ASSERT_STRING_EQUAL(ls_csv_field(r, 1), "multi\nline");
    CU_ASSERT_EQUAL(ls_csv_line(r), 3);
    /* a blank line, then a record on physical line 6 */
    CU_ASSERT_EQUAL(ls_csv_next(r, &err), 1);
    CU_ASSERT_STRING_EQUAL(ls_csv_field(r, 0), "3");
    CU_ASSERT_EQUAL(ls_csv_line(r), 6);
    CU_ASSERT_EQUAL(ls_csv_next(r, &err), 0);
    CU_ASSERT_EQUAL(ls_csv_records(r), 3);
    ls_csv_close(r);
}

static void csv_should_strip_bom_and_detect_semicolons(void)
{
    ls_error err = {0};
    ls_csv_reader *r = open_data("tests/data/ok/bom_semicolon.csv", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(ls_csv_delimiter(r), ';');
    CU_ASSERT_STRING_EQUAL(ls_csv_column_name(r, 0), "a");
    CU_ASSERT_EQUAL(ls_csv_find_column(r, "c"), 2);
    CU_ASSERT_EQUAL(ls_csv_next(r, &err), 1);
    CU_ASSERT_STRING_EQUAL(ls_csv_field(r, 2), "2.5");
    ls_csv_close(r);
}

static void csv_should_detect_tabs_and_keep_inner_spaces(void)
{
    ls_error err = {0};
    ls_csv_reader *r = open_data("tests/data/ok/tabs.csv", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(ls_csv_delimiter(r), '\t');
    CU_ASSERT_EQUAL(ls_csv_next(r, &err), 1);
    CU_ASSERT_STRING_EQUAL(ls_csv_field(r, 1), "x y");
    ls_csv_close(r);
}

static void csv_should_read_a_last_line_without_newline(void)
{
    ls_error err = {0};
    ls_csv_reader *r = open_data("tests/data/ok/no_final_newline.csv", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(ls_csv_next(r, &err), 1);
    CU_ASSERT_EQUAL(ls_csv_next(r, &err), 1);
    CU_ASSERT_STRING_EQUAL(ls_csv_field(r, 1), "4");
    CU_ASSERT_EQUAL(ls_csv_line(r), 3);
    CU_ASSERT_EQUAL(ls_csv_next(r, &err), 0);
    ls_csv_close(r);
}

/* Reads a bad file to its first error; returns the error. */
static ls_error first_error(const char *relative)
{
    ls_error err = {0};
    ls_csv_reader *r = open_data(relative, &err);
    if (r != NULL) {
        while (ls_csv_next(r, &err) == 1) {
        }
        ls_csv_close(r);
    }
    return err;
}

static void csv_should_name_line_of_unterminated_quote(void)
{
    ls_error err = first_error("tests/data/bad/unterminated_quote.csv");
    CU_ASSERT_EQUAL(err.code, LS_EPARSE);
    CU_ASSERT_EQUAL(err.line, 2);
    CU_ASSERT_EQUAL(err.column, 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "unterminated"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.file, "unterminated_quote.csv"));
}

static void csv_should_name_line_of_ragged_row(void)
{
    ls_error err = first_error("tests/data/bad/ragged_row.csv");
    CU_ASSERT_EQUAL(err.code, LS_EDATA);
    CU_ASSERT_EQUAL(err.line, 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "2 fields but the header has 3"));
}

static void csv_should_reject_duplicate_column_names(void)
{
    ls_error err = first_error("tests/data/bad/duplicate_columns.csv");
    CU_ASSERT_EQUAL(err.code, LS_EDATA);
    CU_ASSERT_EQUAL(err.line, 1);
    CU_ASSERT_EQUAL(err.column, 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "duplicate column name 'a'"));
}

static void csv_should_reject_invalid_utf8_with_position(void)
{
    ls_error err = first_error("tests/data/bad/invalid_utf8.csv");
    CU_ASSERT_EQUAL(err.code, LS_EPARSE);
    CU_ASSERT_EQUAL(err.line, 2);
    CU_ASSERT_EQUAL(err.column, 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "UTF-8"));
}

/* Writes text (n bytes, NULs allowed) to a new temporary file named in path
 * (a mkstemp template). */
static void write_temp(char *path, const char *text, size_t n)
{
    int fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    FILE *fp = fdopen(fd, "wb");
    CU_ASSERT_FATAL(fp != NULL);
    CU_ASSERT_EQUAL(fwrite(text, 1, n, fp), n);
    fclose(fp);
}

/* Writes text (n bytes, NULs allowed) to a temporary file and reads it to
 * its first error; err.code 0 when the whole file read cleanly. */
static ls_error first_error_of_text(const char *text, size_t n)
{
    char path[] = "/tmp/leadscore-test-csv-XXXXXX";
    ls_error err = {0};
    write_temp(path, text, n);
    ls_csv_reader *r = NULL;
    if (ls_csv_open(path, NULL, &r, &err) == LS_OK) {
        while (ls_csv_next(r, &err) == 1) {
        }
        ls_csv_close(r);
    }
    unlink(path);
    return err;
}

/* Lines are checked for NUL and non-ASCII bytes a word at a time; fields only
 * when their lines hold one. A quoted field spanning lines must be checked
 * whichever of its lines holds the bad byte, and the byte found wherever it
 * sits in an 8-byte word or the tail. */
static void csv_should_find_bad_bytes_in_any_line_of_a_field(void)
{
    static const char bad_first[] = "id,note,n\n1,\"caf\xE9 line one\nline two is plain ascii\",2\n";
    ls_error err = first_error_of_text(bad_first, sizeof bad_first - 1);
    CU_ASSERT_EQUAL(err.code, LS_EPARSE);
    CU_ASSERT_EQUAL(err.column, 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "0xE9"));
    static const char bad_second[] = "id,note,n\n1,\"plain ascii line one\ncaf\xE9\",2\n";
    err = first_error_of_text(bad_second, sizeof bad_second - 1);
    CU_ASSERT_EQUAL(err.code, LS_EPARSE);
    CU_ASSERT_EQUAL(err.column, 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "0xE9"));
    /* a record after a bad-free multi-line field is checked again */
    static const char later[] = "id,note,n\n1,\"a\nb\",2\n2,ok,3\n3,x,\xFF\n";
    err = first_error_of_text(later, sizeof later - 1);
    CU_ASSERT_EQUAL(err.code, LS_EPARSE);
    CU_ASSERT_EQUAL(err.line, 5);
    CU_ASSERT_EQUAL(err.column, 3);
    /* a NUL in the middle of a line, in its second 16-byte block */
    static const char nul[] = "id,note,n\n1,abcdefghijklmnop\0qrstuvwxyz,2\n";
    err = first_error_of_text(nul, sizeof nul - 1);
    CU_ASSERT_EQUAL(err.code, LS_EPARSE);
    CU_ASSERT_EQUAL(err.column, 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "NUL byte"));
    /* valid UTF-8 passes, in words and tails alike */
    static const char good[] = "id,note,n\n1,caf\xC3\xA9 cr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e,2\n2,\xE2\x82\xAC,3\n";
    err = first_error_of_text(good, sizeof good - 1);
    CU_ASSERT_EQUAL(err.code, 0);
}

/* libcsv ends a record at a lone CR as well as at LF, so a file whose lines
 * end in CR alone reads as one physical line holding every record: refused
 * at line 1, whatever follows the header there (a field opened across the
 * next LF once made the reader count fields that were never stored). CRLF
 * stays fine. */
static void csv_should_refuse_a_first_line_holding_more_than_the_header(void)
{
    static const char opened[] = "a,b\r1,\"x\ny\"\n";
    ls_error err = first_error_of_text(opened, sizeof opened - 1);
    CU_ASSERT_EQUAL(err.code, LS_EPARSE);
    CU_ASSERT_EQUAL(err.line, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "carriage return"));
    static const char mac[] = "a,b\r1,2\r3,4\r";
    err = first_error_of_text(mac, sizeof mac - 1);
    CU_ASSERT_EQUAL(err.code, LS_EPARSE);
    CU_ASSERT_EQUAL(err.line, 1);
    static const char crlf[] = "a,b\r\n1,2\r\n3,4\r\n";
    err = first_error_of_text(crlf, sizeof crlf - 1);
    CU_ASSERT_EQUAL(err.code, 0);
}

/* Lines are read into a buffer of LS_FILE_BUFFER bytes and handed out in
 * place; a line longer than the buffer (here 700,000 bytes, about 2.7 times
 * it) must grow the buffer and arrive whole, and the lines after it too. */
static void csv_should_read_a_line_longer_than_its_buffer(void)
{
    static const char head[] = "id,note\n1,", tail[] = "\n2,short\n";
    const size_t long_len = 700000;
    char *text = malloc(sizeof head - 1 + long_len + sizeof tail - 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    memcpy(text, head, sizeof head - 1);
    for (size_t k = 0; k < long_len; k++) {
        text[sizeof head - 1 + k] = (char)('a' + (int)(k % 26));
    }
    memcpy(text + sizeof head - 1 + long_len, tail, sizeof tail - 1);
    char path[] = "/tmp/leadscore-test-csv-long-XXXXXX";
    write_temp(path, text, sizeof head - 1 + long_len + sizeof tail - 1);
    free(text);
    ls_error err = {0};
    ls_csv_reader *r = NULL;
    CU_ASSERT_EQUAL_FATAL(ls_csv_open(path, NULL, &r, &err), LS_OK);
    CU_ASSERT_EQUAL(ls_csv_next(r, &err), 1);
    CU_ASSERT_EQUAL(ls_csv_field_length(r, 1), long_len);
    const char *note = ls_csv_field(r, 1);
    CU_ASSERT(note[0] == 'a' && note[long_len - 1] == 'a' + (int)((long_len - 1) % 26) && note[long_len] == '\0');
    CU_ASSERT_EQUAL(ls_csv_line(r), 2);
    CU_ASSERT_EQUAL(ls_csv_next(r, &err), 1);
    CU_ASSERT_STRING_EQUAL(ls_csv_field(r, 1), "short");
    CU_ASSERT_EQUAL(ls_csv_line(r), 3);
    CU_ASSERT_EQUAL(ls_csv_next(r, &err), 0);
    ls_csv_close(r);
    unlink(path);
}

static void csv_should_reject_empty_and_missing_files(void)
{
    ls_error err = first_error("tests/data/bad/empty.csv");
    CU_ASSERT_EQUAL(err.code, LS_EDATA);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "empty file"));
    err = first_error("tests/data/bad/no_such_file.csv");
    CU_ASSERT_EQUAL(err.code, LS_EIO);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "cannot open"));
}

static CU_TestInfo csv_tests[] = {
    {"csv_should_read_quotes_commas_newlines_and_crlf", csv_should_read_quotes_commas_newlines_and_crlf},
    {"csv_should_strip_bom_and_detect_semicolons", csv_should_strip_bom_and_detect_semicolons},
    {"csv_should_detect_tabs_and_keep_inner_spaces", csv_should_detect_tabs_and_keep_inner_spaces},
    {"csv_should_read_a_last_line_without_newline", csv_should_read_a_last_line_without_newline},
    {"csv_should_name_line_of_unterminated_quote", csv_should_name_line_of_unterminated_quote},
    {"csv_should_name_line_of_ragged_row", csv_should_name_line_of_ragged_row},
    {"csv_should_reject_duplicate_column_names", csv_should_reject_duplicate_column_names},
    {"csv_should_reject_invalid_utf8_with_position", csv_should_reject_invalid_utf8_with_position},
    {"csv_should_find_bad_bytes_in_any_line_of_a_field", csv_should_find_bad_bytes_in_any_line_of_a_field},
    {"csv_should_refuse_a_first_line_holding_more_than_the_header",
     csv_should_refuse_a_first_line_holding_more_than_the_header},
    {"csv_should_read_a_line_longer_than_its_buffer", csv_should_read_a_line_longer_than_its_buffer},
    {"csv_should_reject_empty_and_missing_files", csv_should_reject_empty_and_missing_files},
    CU_TEST_INFO_NULL};

static CU_SuiteInfo suites[] = {{"csv", NULL, NULL, NULL, NULL, csv_tests}, CU_SUITE_INFO_NULL};

LS_TEST_MAIN(suites)
