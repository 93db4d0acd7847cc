/* regions.c — named regions in a source file; see regions.h. */
#include "regions.h"

#include "str.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The name ends at whitespace or at the comment's end. */
static size_t
name_length(const char *text)
{
	size_t n = 0;

	while (text[n] != '\0' && !isspace((unsigned char)text[n]) &&
	       !(text[n] == '*' && text[n + 1] == '/'))
		n++;
	return n;
}

/* Parse the marker whose keyword starts at `at`: the keyword, a name, the
 * comment's end, and nothing else on the line. */
static marker_kind
parse_at(const char *line, const char *at, const char *keyword, marker_kind kind, char **name)
{
	const char *cursor = at + strlen(keyword);
	const char *name_start;
	size_t length;

	cursor += strspn(cursor, " \t");
	name_start = cursor;
	length = name_length(name_start);
	cursor += length;
	cursor += strspn(cursor, " \t");
	if (length == 0 || !str_starts_with(cursor, "*/"))
		return MARKER_MALFORMED;
	cursor += 2;
	/* Marker lines are dropped from excerpts: code beside one would vanish. */
	if (!str_is_blank(cursor) || at != line + str_indent(line))
		return MARKER_MALFORMED;
	*name = str_dup_n(name_start, length);
	return kind;
}

marker_kind
marker_parse(const char *line, char **name)
{
	static const struct {
		const char *keyword;
		marker_kind kind;
	} markers[] = { { "/*@region", MARKER_START }, { "/*@end", MARKER_END } };

	*name = NULL;
	for (size_t i = 0; i < sizeof markers / sizeof markers[0]; i++) {
		const char *at = strstr(line, markers[i].keyword);
		char after;

		if (at == NULL)
			continue;
		after = at[strlen(markers[i].keyword)];
		/* "@regions" or "@endpoint" would be some other annotation */
		if (after != '\0' && after != '*' && !isspace((unsigned char)after))
			continue;
		return parse_at(line, at, markers[i].keyword, markers[i].kind, name);
	}
	return MARKER_NONE;
}

static void
push(region_set *set, region r)
{
	if (set->count == set->capacity) {
		set->capacity = set->capacity ? 2 * set->capacity : 8;
		set->items = str_realloc(set->items, set->capacity * sizeof *set->items);
	}
	set->items[set->count++] = r;
}

void
regions_free(region_set *set)
{
	for (size_t i = 0; i < set->count; i++)
		free(set->items[i].name);
	free(set->items);
	set->items = NULL;
	set->count = set->capacity = 0;
}

const region *
regions_find(const region_set *set, const char *name)
{
	for (size_t i = 0; i < set->count; i++)
		if (strcmp(set->items[i].name, name) == 0)
			return &set->items[i];
	return NULL;
}

static void
start_region(region_set *open, const region_set *done, char *name, size_t line,
             const char *path, problem_list *defects)
{
	const region *earlier = regions_find(done, name);

	if (earlier == NULL)
		earlier = regions_find(open, name);
	if (earlier != NULL)
		problems_add(defects, path, line + 1, "region '%s' is defined twice (first at line %zu)",
		             name, earlier->start + 1);
	push(open, (region){ name, line, 0 });
}

/* Close the innermost open region called name. If others opened inside it
 * are still open, the nesting is crossed; the region is closed anyway so the
 * scan goes on sensibly. */
static void
end_region(region_set *open, region_set *done, char *name, size_t line,
           const char *path, problem_list *defects)
{
	size_t depth = open->count;
	region closed;

	while (depth > 0 && strcmp(open->items[depth - 1].name, name) != 0)
		depth--;
	if (depth == 0) {
		problems_add(defects, path, line + 1, "/*@end %s */ without its /*@region %s */",
		             name, name);
		free(name);
		return;
	}
	if (depth < open->count) {
		const region *inner = &open->items[open->count - 1];

		problems_add(defects, path, line + 1,
		             "region '%s' ends while region '%s' (line %zu), which starts inside it, "
		             "is still open: the markers cross",
		             name, inner->name, inner->start + 1);
	}
	closed = open->items[depth - 1];
	closed.end = line;
	memmove(&open->items[depth - 1], &open->items[depth],
	        (open->count - depth) * sizeof *open->items);
	open->count--;
	push(done, closed);
	free(name);
}

void
regions_scan(const lines *source, const char *path, region_set *set, problem_list *defects)
{
	region_set open = { 0 };

	for (size_t i = 0; i < source->count; i++) {
		char *name;

		switch (marker_parse(source->items[i], &name)) {
		case MARKER_START:
			start_region(&open, set, name, i, path, defects);
			break;
		case MARKER_END:
			end_region(&open, set, name, i, path, defects);
			break;
		case MARKER_MALFORMED:
			problems_add(defects, path, i + 1,
			             "malformed region marker: expected /*@region NAME */ or "
			             "/*@end NAME */ alone on its line");
			break;
		case MARKER_NONE:
			break;
		}
	}
	for (size_t i = 0; i < open.count; i++)
		problems_add(defects, path, open.items[i].start + 1,
		             "region '%s' is never ended (no /*@end %s */)",
		             open.items[i].name, open.items[i].name);
	regions_free(&open);
}

void
region_body(const lines *source, const region *r, lines *body)
{
	lines_init(body);
	for (size_t i = r->start + 1; i < r->end; i++) {
		char *name;

		if (marker_parse(source->items[i], &name) == MARKER_NONE)
			lines_push(body, source->items[i]);
		free(name);
	}
	lines_dedent(body);
}
