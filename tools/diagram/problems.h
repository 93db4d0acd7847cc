/* problems.h — where the generator reports what is wrong with the sources.
 *
 * One line a problem, "path:line: message" when it has a place, written to a
 * stream and counted. A problem found again (every diagram that sees a file
 * re-reads its class tables) is reported once.
 */
#ifndef DIAGRAM_PROBLEMS_H
#define DIAGRAM_PROBLEMS_H

#include <stdio.h>

#include "arena.h"

struct problems {
	FILE *stream;
	size_t count;
	struct arena arena;
	struct pointer_list reported; /* char *: every message written so far */
};

void problems_init(struct problems *problems, FILE *stream);
void problems_release(struct problems *problems);

void problem_at(struct problems *problems, const char *path, int line, const char *format, ...)
	__attribute__((format(printf, 4, 5)));
void problem(struct problems *problems, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

#endif
