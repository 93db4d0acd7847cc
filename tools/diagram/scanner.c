#include "scanner.h"

#include <ctype.h>
#include <string.h>

struct scanner
scanner_over(const char *text, size_t length)
{
	return (struct scanner){.at = text, .end = text + length};
}

bool
is_identifier_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

void
scan_space(struct scanner *scanner)
{
	while (scanner->at < scanner->end && isspace((unsigned char)*scanner->at))
		scanner->at++;
}

bool
scan_at_end(struct scanner *scanner)
{
	scan_space(scanner);
	return scanner->at == scanner->end;
}

bool
scan_char(struct scanner *scanner, char expected)
{
	scan_space(scanner);
	if (scanner->at == scanner->end || *scanner->at != expected)
		return false;
	scanner->at++;
	return true;
}

bool
scan_literal(struct scanner *scanner, const char *expected)
{
	scan_space(scanner);
	size_t length = strlen(expected);
	if ((size_t)(scanner->end - scanner->at) < length || memcmp(scanner->at, expected, length) != 0)
		return false;
	scanner->at += length;
	return true;
}

bool
scan_identifier(struct scanner *scanner, struct arena *arena, char **out)
{
	scan_space(scanner);
	const char *start = scanner->at;
	if (start == scanner->end || !is_identifier_char(*start) || isdigit((unsigned char)*start))
		return false;
	while (scanner->at < scanner->end && is_identifier_char(*scanner->at))
		scanner->at++;
	*out = arena_strndup(arena, start, (size_t)(scanner->at - start));
	return true;
}

bool
scan_keyword(struct scanner *scanner, const char *keyword)
{
	struct scanner attempt = *scanner;
	if (!scan_literal(&attempt, keyword))
		return false;
	if (attempt.at < attempt.end && is_identifier_char(*attempt.at))
		return false;
	*scanner = attempt;
	return true;
}

bool
scan_word(struct scanner *scanner, struct arena *arena, const char *stop_at, char **out)
{
	scan_space(scanner);
	const char *start = scanner->at;
	while (scanner->at < scanner->end && !isspace((unsigned char)*scanner->at) &&
	       strchr(stop_at, *scanner->at) == NULL)
		scanner->at++;
	if (scanner->at == start)
		return false;
	*out = arena_strndup(arena, start, (size_t)(scanner->at - start));
	return true;
}

bool
scan_quoted(struct scanner *scanner, struct arena *arena, char **out)
{
	struct scanner attempt = *scanner;
	if (!scan_char(&attempt, '"'))
		return false;
	struct text_buffer value = {0};
	while (attempt.at < attempt.end && *attempt.at != '"') {
		if (*attempt.at == '\\' && attempt.at + 1 < attempt.end)
			attempt.at++;
		text_append_n(arena, &value, attempt.at, 1);
		attempt.at++;
	}
	if (attempt.at == attempt.end)
		return false;
	attempt.at++; /* the closing quote */
	*out = arena_strdup(arena, text_get(&value));
	*scanner = attempt;
	return true;
}
