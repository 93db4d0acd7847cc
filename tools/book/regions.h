/* regions.h — named regions in a source file.
 *
 * A region is the lines between a start marker and an end marker: C comments
 * alone on their lines, "@region NAME" and "@end NAME" right after the
 * comment's opening slash-star (the README shows them whole; a comment here
 * cannot hold another comment's end).
 *
 * Regions may nest. Shown in the book, a region loses the marker lines of the
 * regions inside it, and the indentation all its lines share, so a region cut
 * from the middle of a function reads flush left.
 */
#ifndef BOOK_REGIONS_H
#define BOOK_REGIONS_H

#include "lines.h"
#include "problems.h"

typedef enum marker_kind {
	MARKER_NONE,      /* an ordinary line */
	MARKER_START,     /* starts a region */
	MARKER_END,       /* ends one */
	MARKER_MALFORMED, /* looks like a marker, but has no name, no closing, or shares its line */
} marker_kind;

/* What kind of line this is; for a start or end marker, *name is set to a
 * new string with the region's name (else to NULL). */
marker_kind marker_parse(const char *line, char **name);

typedef struct region {
	char *name;
	size_t start; /* index of the start marker's line */
	size_t end;   /* index of the end marker's line */
} region;

typedef struct region_set {
	region *items;
	size_t count;
	size_t capacity;
} region_set;

void regions_free(region_set *set);

/* Find the regions of a source (named path in problems). Every well-formed
 * region goes into set; every marker defect into defects, at its line:
 * a malformed marker, a name defined twice, an end without its start, a
 * region never ended, regions that end in the wrong order (crossed). */
void regions_scan(const lines *source, const char *path, region_set *set,
                  problem_list *defects);

/* The first region so named, or NULL. */
const region *regions_find(const region_set *set, const char *name);

/* The region's body as the book shows it: nested markers removed, dedented. */
void region_body(const lines *source, const region *r, lines *body);

#endif
