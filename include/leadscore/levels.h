/* leadscore/levels.h: the levels of a categorical column.
 *
 * A level is known by its key: the cell trimmed, runs of white space folded to
 * one space and, unless matching is case-sensitive, ASCII letters lowered. So
 * "Paid Search", " paid  search" and "PAID SEARCH" are one level. Each level
 * also keeps the spelling first seen (for display) and a count. Levels are
 * numbered 0, 1, ... in order of first appearance; lookups hash the key.
 *
 * Ownership: ls_levels_new() gives a dictionary to release with
 * ls_levels_free() (NULL is a no-op). Returned strings live as long as it. */
#ifndef LEADSCORE_LEVELS_H
#define LEADSCORE_LEVELS_H

#include <stddef.h>
#include <stdint.h>

typedef struct ls_levels ls_levels;

ls_levels *ls_levels_new(void);
void ls_levels_free(ls_levels *levels);

/* Writes the key of text[0..len) into key (room for len + 1 bytes) and
 * returns its length. Trimmed, white space folded, lowered unless
 * case_sensitive. */
size_t ls_level_key(const char *text, size_t len, int case_sensitive, char *key);

/* Writes text trimmed of surrounding white space: *start and the length. */
size_t ls_trim(const char *text, size_t len, const char **start);

/* The index of key, adding it when new; counts one occurrence of the
 * spelling display[0..display_len). A level is displayed in the spelling
 * most of its cells use (a majority vote). Returns -1 when out of memory. */
long ls_levels_add(ls_levels *levels, const char *key, size_t key_len, const char *display, size_t display_len);

/* Counts one more occurrence of a known level, spelled display. 0, or -1
 * when out of memory. */
int ls_levels_recount(ls_levels *levels, size_t level, const char *display, size_t display_len);

/* Adds a level with a given key and display and count 0, or returns the
 * existing index (for loading a model). -1 when out of memory. */
long ls_levels_intern(ls_levels *levels, const char *key, const char *display);

/* The index of key, or -1. */
long ls_levels_find(const ls_levels *levels, const char *key, size_t key_len);

size_t ls_levels_count(const ls_levels *levels);
const char *ls_levels_key(const ls_levels *levels, size_t level);
const char *ls_levels_display(const ls_levels *levels, size_t level);
size_t ls_levels_frequency(const ls_levels *levels, size_t level);
void ls_levels_set_frequency(ls_levels *levels, size_t level, size_t count);

#endif
