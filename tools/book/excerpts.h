/* excerpts.h — the excerpts of a book, and the defects of their markers.
 *
 * An excerpt in the markdown book is
 *
 *     <!-- code: chapters/01-accept-loop/accept.c#ss_accept -->
 *     ```c
 *     ...body...
 *     ```
 *     <!-- /code -->
 *
 * with every marker line in column 0. The body is exactly the lines between
 * the opening fence and the closing one. Markers inside an ordinary fenced
 * code block, or indented (a markdown indented code block), are text: that
 * is how a book can show the syntax itself.
 */
#ifndef BOOK_EXCERPTS_H
#define BOOK_EXCERPTS_H

#include "lines.h"
#include "problems.h"

typedef struct excerpt {
	size_t line;       /* the <!-- code: --> line, 1-based */
	char *path;        /* before the '#' */
	char *name;        /* after it: a region or a function */
	size_t body_begin; /* index of the first body line */
	size_t body_end;   /* index of the closing fence */
} excerpt;

typedef struct excerpt_list {
	excerpt *items;
	size_t count;
	size_t capacity;
} excerpt_list;

void excerpts_free(excerpt_list *list);

/* Find the well-formed excerpts of book (named book_path in problems), in
 * order. Each marker defect goes into problems at its book line: a malformed
 * marker, <!-- code: --> without <!-- /code --> or the reverse, an excerpt
 * nested in another, a missing fence, an ordinary code block never closed. */
void excerpts_parse(const lines *book, const char *book_path, excerpt_list *list,
                    problem_list *problems);

#endif
