/* str.h — the few string helpers the book tool needs.
 *
 * Running out of memory ends the program with a message: a tool that
 * checks a book has nothing sensible to do half-way through.
 */
#ifndef BOOK_STR_H
#define BOOK_STR_H

#include <stdbool.h>
#include <stddef.h>

/* realloc that never returns NULL. */
void *str_realloc(void *memory, size_t size);

char *str_dup(const char *text);
char *str_dup_n(const char *text, size_t length);

/* printf into a new heap string. */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
char *str_format(const char *format, ...);

bool str_starts_with(const char *text, const char *prefix);
bool str_ends_with(const char *text, const char *suffix);

/* Only spaces and tabs (and '\r', '\n'), or nothing at all. */
bool str_is_blank(const char *text);

/* How many leading spaces and tabs. */
size_t str_indent(const char *text);

/* The length of text without its trailing whitespace. */
size_t str_trimmed_length(const char *text);

/* Is text, without leading and trailing whitespace, exactly word? */
bool str_is_alone(const char *text, const char *word);

#endif
