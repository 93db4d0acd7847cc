/* problems.h — what check and refresh found wrong, each at a place.
 *
 * A problem is printed as "FILE:LINE: message", the form compilers use, so
 * an editor can jump to it. The place is where the fix goes: a book line for
 * an excerpt, a source line for a region no excerpt uses.
 */
#ifndef BOOK_PROBLEMS_H
#define BOOK_PROBLEMS_H

#include <stddef.h>
#include <stdio.h>

typedef struct problem {
	char *file;
	size_t line; /* 1-based; 0 when the problem is about the whole file */
	char *message;
} problem;

typedef struct problem_list {
	problem *items;
	size_t count;
	size_t capacity;
} problem_list;

void problems_init(problem_list *list);
void problems_free(problem_list *list);

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
void problems_add(problem_list *list, const char *file, size_t line, const char *format, ...);

/* Add every problem of from at file:line, its own place moving into the
 * message: "chapters/a.c:9: region 'x' is never ended" reported at a book
 * line that reads chapters/a.c. */
void problems_add_at(problem_list *list, const problem_list *from, const char *file, size_t line);

/* Order: first_file's problems by line, then the other files' by name and
 * line; problems at the same place keep the order they were found in. */
void problems_sort(problem_list *list, const char *first_file);

/* One line per problem. */
void problems_print(const problem_list *list, FILE *stream);

#endif
