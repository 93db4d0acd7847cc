/* functions.c — function definitions in a source file; see functions.h. */
#include "functions.h"

#include "regions.h"
#include "str.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static bool
ends_comment(const char *line)
{
	size_t length = str_trimmed_length(line);

	return length >= 2 && line[length - 2] == '*' && line[length - 1] == '/';
}

/* A line of comment: it starts one, continues one (" * ..."), is a // line,
 * or is the tail of one (ends one it did not start). */
static bool
is_comment_line(const char *line)
{
	const char *start = line + str_indent(line);

	return str_starts_with(start, "/*") || str_starts_with(start, "*") ||
	       str_starts_with(start, "//") || (ends_comment(line) && strstr(line, "/*") == NULL);
}

/* Does the line's code (a trailing comment aside) end a statement or a
 * block, so that the next line starts something new? */
static bool
ends_statement(const char *line)
{
	size_t length = str_trimmed_length(line);
	char last;

	if (ends_comment(line)) {
		const char *comment = strstr(line, "/*");

		if (comment != NULL)
			length = (size_t)(comment - line);
		while (length > 0 && isspace((unsigned char)line[length - 1]))
			length--;
	}
	if (length == 0)
		return false;
	last = line[length - 1];
	return last == ';' || last == '{' || last == '}';
}

/* The declarator's first line for the { at open, or LINES_NONE. */
static size_t
declarator_start(const lines *source, size_t open)
{
	size_t first = open;

	while (first > 0) {
		const char *above = source->items[first - 1];

		if (str_is_blank(above) || above[str_indent(above)] == '#' ||
		    is_comment_line(above) || ends_statement(above))
			break;
		first--;
	}
	if (first == open || str_indent(source->items[first]) != 0)
		return LINES_NONE; /* nothing above, or not at file scope */
	return first;
}

/* The function's name: the first identifier followed by '(' (skipping
 * __attribute__((...))), or NULL if the declarator declares no function:
 * a struct, or data with an initializer. */
static char *
declarator_name(const lines *source, size_t first, size_t open)
{
	char *text = str_dup("");

	for (size_t i = first; i < open; i++) {
		char *joined = str_format("%s %s", text, source->items[i]);

		free(text);
		text = joined;
	}
	for (const char *cursor = text; *cursor != '\0' && *cursor != '=';) {
		const char *word = cursor;
		const char *after;
		size_t length;

		if (!isalpha((unsigned char)*cursor) && *cursor != '_') {
			cursor++;
			continue;
		}
		while (isalnum((unsigned char)*cursor) || *cursor == '_')
			cursor++;
		length = (size_t)(cursor - word);
		after = cursor + strspn(cursor, " \t");
		if (*after != '(')
			continue;
		if (length == strlen("__attribute__") && strncmp(word, "__attribute__", length) == 0) {
			int depth = 0;

			cursor = after;
			do { /* skip the balanced parentheses */
				depth += (*cursor == '(') - (*cursor == ')');
				cursor++;
			} while (depth > 0 && *cursor != '\0');
			continue;
		}
		char *name = str_dup_n(word, length);
		free(text);
		return name;
	}
	free(text);
	return NULL;
}

/* The } alone in column 0 closing the body opened at open, or LINES_NONE. */
static size_t
closing_brace(const lines *source, size_t open)
{
	for (size_t i = open + 1; i < source->count; i++) {
		const char *line = source->items[i];

		if (line[0] == '}' && str_trimmed_length(line) == 1)
			return i;
	}
	return LINES_NONE;
}

/* Extend first upward over the comment blocks that touch it. Annotations
 * (comments starting with @, such as region markers) are not part of it. */
static size_t
leading_comment(const lines *source, size_t first)
{
	while (first > 0) {
		const char *above = source->items[first - 1];
		const char *start = above + str_indent(above);
		size_t block = first - 1;

		if (str_starts_with(start, "//")) {
			first--;
			continue;
		}
		if (!is_comment_line(above) || !ends_comment(above))
			break;
		while (block > 0 && !str_starts_with(source->items[block] +
		                                     str_indent(source->items[block]), "/*"))
			block--;
		start = source->items[block] + str_indent(source->items[block]);
		if (!str_starts_with(start, "/*") || str_starts_with(start, "/*@"))
			break;
		first = block;
	}
	return first;
}

static void
push(function_set *set, function f)
{
	if (set->count == set->capacity) {
		set->capacity = set->capacity ? 2 * set->capacity : 16;
		set->items = str_realloc(set->items, set->capacity * sizeof *set->items);
	}
	set->items[set->count++] = f;
}

void
functions_scan(const lines *source, const char *path, function_set *set, problem_list *defects)
{
	for (size_t open = 0; open < source->count; open++) {
		size_t first, close;
		char *name;

		if (!str_is_alone(source->items[open], "{") || source->items[open][0] != '{')
			continue;
		first = declarator_start(source, open);
		if (first == LINES_NONE || (name = declarator_name(source, first, open)) == NULL)
			continue;
		close = closing_brace(source, open);
		if (close == LINES_NONE) {
			problems_add(defects, path, open + 1,
			             "function '%s' has no closing } alone in column 0", name);
			free(name);
			continue;
		}
		push(set, (function){ name, leading_comment(source, first), first, open, close });
		open = close;
	}
}

void
functions_free(function_set *set)
{
	for (size_t i = 0; i < set->count; i++)
		free(set->items[i].name);
	free(set->items);
	set->items = NULL;
	set->count = set->capacity = 0;
}

const function *
functions_find(const function_set *set, const char *name, size_t *count)
{
	const function *found = NULL;

	*count = 0;
	for (size_t i = 0; i < set->count; i++) {
		if (strcmp(set->items[i].name, name) != 0)
			continue;
		if (found == NULL)
			found = &set->items[i];
		(*count)++;
	}
	return found;
}

void
function_body(const lines *source, const function *f, lines *body)
{
	lines_init(body);
	for (size_t i = f->first; i <= f->close; i++) {
		char *name;

		if (marker_parse(source->items[i], &name) == MARKER_NONE)
			lines_push(body, source->items[i]);
		free(name);
	}
}
