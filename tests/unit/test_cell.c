/* test_cell.c: ls_cell_number_elsewhere() against its definition in cell.h,
 * tried on every short cell.
 *
 * The function looks at a cell's bytes first and tries the other number
 * formats only when they could matter. The reference here has no shortcut:
 * for every cell of up to five characters over digits, signs, an exponent,
 * the four marks and a letter, under every file format, it parses the cell
 * under each other convention with ls_cell_parse_number_as() and collects
 * the bits cell.h describes. */
#include <string.h>

#include "leadscore/cell.h"
#include "ls_test.h"

static int is_number(const char *text, size_t len, char decimal, char thousands)
{
    ls_number_format f = {decimal, thousands};
    double v;
    return ls_cell_parse_number_as(text, len, &f, &v) == LS_CELL_NUMBER;
}

/* cell.h's definition: the conventions under which text would be a number */
static int elsewhere_by_definition(const char *text, size_t len, const ls_number_format *format)
{
    char decimal = format->decimal != 0 ? format->decimal : '.';
    char other = decimal == '.' ? ',' : '.';
    int found = 0;
    if (format->thousands != other && is_number(text, len, other, 0)) {
        found |= LS_CELL_ALT_DECIMAL;
    }
    static const char separators[] = {',', '.', ' ', '\''};
    for (size_t k = 0; k < sizeof separators; k++) {
        char sep = separators[k];
        if (sep == format->thousands || memchr(text, sep, len) == NULL) {
            continue; /* only separators the cell has */
        }
        if (sep != decimal && is_number(text, len, decimal, sep)) {
            found |= LS_CELL_ALT_THOUSANDS;
        }
        if (sep != other && is_number(text, len, other, sep)) {
            found |= LS_CELL_ALT_DECIMAL | LS_CELL_ALT_THOUSANDS;
        }
    }
    return found;
}

static void number_elsewhere_should_agree_with_its_definition_on_every_short_cell(void)
{
    static const char alphabet[] = "01,. '-+ex";
    const size_t symbols = sizeof alphabet - 1;
    static const ls_number_format formats[] = {{'.', 0},   {'.', ','}, {'.', ' '}, {'.', '\''},
                                               {',', 0},   {',', '.'}, {',', ' '}, {',', '\''}};
    size_t checked = 0, found = 0, wrong = 0;
    char text[8];
    for (size_t len = 1; len <= 5; len++) {
        size_t count = 1;
        for (size_t i = 0; i < len; i++) {
            count *= symbols;
        }
        for (size_t code = 0; code < count; code++) {
            size_t c = code;
            for (size_t i = 0; i < len; i++, c /= symbols) {
                text[i] = alphabet[c % symbols];
            }
            for (size_t f = 0; f < sizeof formats / sizeof *formats; f++) {
                if (is_number(text, len, formats[f].decimal, formats[f].thousands)) {
                    continue; /* the function is asked about text cells only */
                }
                int want = elsewhere_by_definition(text, len, &formats[f]);
                int got = ls_cell_number_elsewhere(text, len, &formats[f]);
                if (got != want && wrong++ < 5) {
                    fprintf(stderr, "\n  '%.*s' under ('%c', '%c'): %d, by definition %d", (int)len, text,
                            formats[f].decimal, formats[f].thousands ? formats[f].thousands : '0', got, want);
                }
                checked++;
                found += want != 0;
            }
        }
    }
    CU_ASSERT_EQUAL(wrong, 0);
    /* the cells do include numbers written other ways ("1,234", "1.5", "-1 000") */
    CU_ASSERT(found > 1000);
    CU_ASSERT(checked > 500000);
}

static CU_TestInfo cell_tests[] = {
    {"number_elsewhere_should_agree_with_its_definition_on_every_short_cell",
     number_elsewhere_should_agree_with_its_definition_on_every_short_cell},
    CU_TEST_INFO_NULL};

static CU_SuiteInfo suites[] = {{"cell", NULL, NULL, NULL, NULL, cell_tests}, CU_SUITE_INFO_NULL};

LS_TEST_MAIN(suites)
