/* functions.h — function definitions in a source file, found by the style.
 *
 * The project's style (README, "Code style the tools rely on") puts a
 * definition's opening { alone in column 0 and its closing } alone in column
 * 0. So a definition is a column-0 { line; the declarator is the lines just
 * above it (the return type may be on its own line), back to a blank line, a
 * comment, a preprocessor line or the end of a previous statement. A
 * prototype has no such {, and a call sits indented inside a body: neither
 * is taken for a definition.
 *
 * Shown in the book, a function is its leading comment (the comment blocks
 * that touch the declarator, no blank line between), the declarator, the
 * body and the closing }, with region marker lines removed.
 */
#ifndef BOOK_FUNCTIONS_H
#define BOOK_FUNCTIONS_H

#include "lines.h"
#include "problems.h"

typedef struct function {
	char *name;
	size_t first;      /* the first line shown: the leading comment's, else the declarator's */
	size_t declarator; /* the declarator's first line */
	size_t open;       /* the { line */
	size_t close;      /* the } line */
} function;

typedef struct function_set {
	function *items;
	size_t count;
	size_t capacity;
} function_set;

void functions_free(function_set *set);

/* Find the function definitions of a source (named path in defects). A
 * definition whose } is not alone in column 0 is a defect. */
void functions_scan(const lines *source, const char *path, function_set *set,
                    problem_list *defects);

/* The first definition so named, or NULL; *count is how many there are. */
const function *functions_find(const function_set *set, const char *name, size_t *count);

/* The function as the book shows it. */
void function_body(const lines *source, const function *f, lines *body);

#endif
