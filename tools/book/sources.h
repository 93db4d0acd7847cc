/* sources.h — the source files an excerpt can quote, each read once.
 *
 * A source is loaded with everything the book needs of it: its regions, its
 * functions, and the defects of its markers. One file named two ways
 * ("chapters/a.c" in the book, "chapters/./a.c" by a directory walk) is one
 * source, so "which regions did the book use" has one answer per file.
 */
#ifndef BOOK_SOURCES_H
#define BOOK_SOURCES_H

#include "functions.h"
#include "lines.h"
#include "problems.h"
#include "regions.h"

#include <stdbool.h>

typedef struct source {
	char *path;       /* as it was first named */
	char *real_path;  /* the same file's canonical name, the cache's key */
	lines text;
	region_set regions;
	bool *region_used; /* one per region: some excerpt quotes it */
	function_set functions;
	problem_list defects; /* of its markers and braces, at its own lines */
	bool read_by_book;    /* some excerpt quotes it (its defects are then reported there) */
} source;

typedef struct source_cache {
	source **items;
	size_t count;
	size_t capacity;
} source_cache;

void sources_init(source_cache *cache);
void sources_free(source_cache *cache);

/* The source at path, read and scanned on first use. NULL with errno if the
 * file cannot be read. */
source *sources_load(source_cache *cache, const char *path);

/* Cut name out of a source: the region, else the function, so named. Returns
 * true with body filled, or false with *error a message saying why not (the
 * caller frees it): no such name, or a name that is ambiguous. */
bool source_excerpt(source *file, const char *name, lines *body, char **error);

#endif
