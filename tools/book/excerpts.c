/* excerpts.c — the excerpts of a book; see excerpts.h. */
#include "excerpts.h"

#include "str.h"

#include <stdlib.h>
#include <string.h>

/* Recognised loosely ("<!--code:" too), then held to the exact form, so a
 * typo is reported instead of silently making the excerpt plain text. */
static bool
is_marker(const char *line, const char *word)
{
	if (!str_starts_with(line, "<!--"))
		return false;
	line += strlen("<!--");
	return str_starts_with(line + strspn(line, " \t"), word);
}

static bool
is_open(const char *line)
{
	return is_marker(line, "code:");
}

static bool
is_close(const char *line)
{
	return is_marker(line, "/code");
}

/* A column-0 fence: ``` or ~~~, with an optional language after it. */
static bool
is_fence(const char *line)
{
	return str_starts_with(line, "```") || str_starts_with(line, "~~~");
}

/* Split "<!-- code: PATH#NAME -->". Returns false if the line has another form. */
static bool
parse_open(const char *line, char **path, char **name)
{
	static const char prefix[] = "<!-- code: ";
	const char *spec, *after, *hash;

	if (!str_starts_with(line, prefix))
		return false;
	spec = line + strlen(prefix);
	after = spec + strcspn(spec, " \t");
	if (!str_starts_with(after, " -->") || !str_is_blank(after + strlen(" -->")))
		return false;
	hash = memchr(spec, '#', (size_t)(after - spec));
	if (hash == NULL || hash == spec || hash + 1 == after ||
	    memchr(hash + 1, '#', (size_t)(after - hash - 1)) != NULL)
		return false;
	*path = str_dup_n(spec, (size_t)(hash - spec));
	*name = str_dup_n(hash + 1, (size_t)(after - hash - 1));
	return true;
}

/* The next line at or after from that is an excerpt marker, or book->count. */
static size_t
next_marker(const lines *book, size_t from)
{
	while (from < book->count && !is_open(book->items[from]) && !is_close(book->items[from]))
		from++;
	return from;
}

static void
push(excerpt_list *list, excerpt e)
{
	if (list->count == list->capacity) {
		list->capacity = list->capacity ? 2 * list->capacity : 16;
		list->items = str_realloc(list->items, list->capacity * sizeof *list->items);
	}
	list->items[list->count++] = e;
}

/* The excerpt from <!-- code: --> at start to <!-- /code --> at close:
 * check its fences, record it if all is well. */
static void
parse_body(const lines *book, const char *book_path, size_t start, size_t close,
           excerpt_list *list, problem_list *problems)
{
	size_t fence = start + 2;
	char *path = NULL, *name = NULL;

	if (!str_is_alone(book->items[close], "<!-- /code -->")) {
		problems_add(problems, book_path, close + 1, "malformed marker: expected <!-- /code -->");
		return;
	}
	if (start + 1 == close || !str_starts_with(book->items[start + 1], "```")) {
		problems_add(problems, book_path, start + 1,
		             "excerpt has no ```c fence on the line after <!-- code: -->");
		return;
	}
	while (fence < close && !is_fence(book->items[fence]))
		fence++;
	if (fence == close) {
		problems_add(problems, book_path, start + 1,
		             "excerpt's code block has no closing ``` before <!-- /code --> (line %zu)",
		             close + 1);
		return;
	}
	if (!str_is_alone(book->items[fence], "```") || fence + 1 != close) {
		problems_add(problems, book_path, fence + 1,
		             "excerpt's closing fence must be ``` alone, followed by <!-- /code -->");
		return;
	}
	if (!parse_open(book->items[start], &path, &name)) {
		problems_add(problems, book_path, start + 1,
		             "malformed marker: expected <!-- code: PATH#NAME -->");
		return;
	}
	push(list, (excerpt){ start + 1, path, name, start + 2, fence });
}

/* The excerpt opened at start. Returns where the scan goes on. */
static size_t
parse_excerpt(const lines *book, const char *book_path, size_t start, excerpt_list *list,
              problem_list *problems)
{
	size_t end = next_marker(book, start + 1);
	size_t after, after_that;

	if (end < book->count && is_close(book->items[end])) {
		parse_body(book, book_path, start, end, list, problems);
		return end + 1;
	}
	if (end == book->count) {
		problems_add(problems, book_path, start + 1, "<!-- code: --> without <!-- /code -->");
		return end;
	}
	/* Another <!-- code: --> before any <!-- /code -->: nested if two closes
	 * follow (the inner one's, then ours), else ours is simply missing. */
	after = next_marker(book, end + 1);
	after_that = after < book->count ? next_marker(book, after + 1) : book->count;
	if (after < book->count && is_close(book->items[after]) && after_that < book->count &&
	    is_close(book->items[after_that])) {
		problems_add(problems, book_path, end + 1,
		             "<!-- code: --> nested inside the excerpt opened at line %zu", start + 1);
		return after_that + 1;
	}
	problems_add(problems, book_path, start + 1, "<!-- code: --> without <!-- /code -->");
	return end;
}

/* An ordinary fenced code block opened at start. It ends at a line of at
 * least as many of the same fence character and nothing else. Returns the
 * line after it. */
static size_t
skip_code_block(const lines *book, const char *book_path, size_t start, problem_list *problems)
{
	const char fence_char[] = { book->items[start][0], '\0' };
	size_t fence_length = strspn(book->items[start], fence_char);

	for (size_t i = start + 1; i < book->count; i++) {
		const char *line = book->items[i];
		size_t length = strspn(line, fence_char);

		if (length >= fence_length && str_is_blank(line + length))
			return i + 1;
	}
	problems_add(problems, book_path, start + 1, "code block is never closed");
	return book->count;
}

void
excerpts_parse(const lines *book, const char *book_path, excerpt_list *list,
               problem_list *problems)
{
	size_t i = 0;

	while (i < book->count) {
		const char *line = book->items[i];

		if (is_open(line)) {
			i = parse_excerpt(book, book_path, i, list, problems);
		} else if (is_close(line)) {
			problems_add(problems, book_path, i + 1, "<!-- /code --> without its <!-- code: -->");
			i++;
		} else if (is_fence(line)) {
			i = skip_code_block(book, book_path, i, problems);
		} else {
			i++;
		}
	}
}

void
excerpts_free(excerpt_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		free(list->items[i].path);
		free(list->items[i].name);
	}
	free(list->items);
	list->items = NULL;
	list->count = list->capacity = 0;
}
