/* csv_parse_baseline.c: the benchmarks' yardstick: the time to merely parse
 * a CSV with libcsv, in 1 MiB blocks, with callbacks that only count. Nothing
 * is typed, stored or written, so no real use of the file can be faster.
 * Usage: csv_parse_baseline FILE   (delimiter detected as leadscore does:
 * the commonest of , ; and tab in the first line). Prints rows and fields. */
#include <csv.h>
#include <stdio.h>
#include <string.h>

static size_t fields, rows;

static void on_field(void *s, size_t n, void *data)
{
    (void)s;
    (void)n;
    (void)data;
    fields++;
}

static void on_row(int c, void *data)
{
    (void)c;
    (void)data;
    rows++;
}

static unsigned char detect(FILE *fp)
{
    char line[65536];
    size_t counts[3] = {0, 0, 0};
    const char candidates[3] = {',', ';', '\t'};
    if (fgets(line, sizeof line, fp) != NULL) {
        for (const char *p = line; *p != '\0'; p++) {
            for (int k = 0; k < 3; k++) {
                counts[k] += *p == candidates[k];
            }
        }
    }
    rewind(fp);
    int best = 0;
    for (int k = 1; k < 3; k++) {
        best = counts[k] > counts[best] ? k : best;
    }
    return (unsigned char)candidates[best];
}

int main(int argc, char **argv)
{
    static char buf[1 << 20];
    struct csv_parser parser;
    if (argc != 2) {
        fprintf(stderr, "usage: csv_parse_baseline FILE\n");
        return 2;
    }
    FILE *fp = fopen(argv[1], "rb");
    if (fp == NULL || csv_init(&parser, 0) != 0) {
        perror(argv[1]);
        return 1;
    }
    csv_set_delim(&parser, detect(fp));
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
        if (csv_parse(&parser, buf, n, on_field, on_row, NULL) != n) {
            fprintf(stderr, "%s: %s\n", argv[1], csv_strerror(csv_error(&parser)));
            return 1;
        }
    }
    csv_fini(&parser, on_field, on_row, NULL);
    csv_free(&parser);
    fclose(fp);
    printf("rows=%zu fields=%zu\n", rows, fields);
    return 0;
}
