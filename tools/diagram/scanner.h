/* scanner.h — reading tokens off a piece of text, for the small grammars the
 * generator understands (declarators, annotations, class tables).
 *
 * Every scan_* call first skips white space (newlines included), then takes
 * its token and returns true, or leaves the position alone and returns false.
 */
#ifndef DIAGRAM_SCANNER_H
#define DIAGRAM_SCANNER_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

struct scanner {
	const char *at, *end;
};

struct scanner scanner_over(const char *text, size_t length);

void scan_space(struct scanner *scanner);
bool scan_at_end(struct scanner *scanner);
bool scan_char(struct scanner *scanner, char expected);
bool scan_literal(struct scanner *scanner, const char *expected);
/* A C identifier (letters, digits, '_', not starting with a digit). */
bool scan_identifier(struct scanner *scanner, struct arena *arena, char **out);
/* The given identifier, not followed by more identifier characters. */
bool scan_keyword(struct scanner *scanner, const char *keyword);
/* A run of characters that are neither white space nor in stop_at. */
bool scan_word(struct scanner *scanner, struct arena *arena, const char *stop_at, char **out);
/* A "double-quoted" string; \" and \\ stand for " and \. */
bool scan_quoted(struct scanner *scanner, struct arena *arena, char **out);

bool is_identifier_char(char c);

#endif
