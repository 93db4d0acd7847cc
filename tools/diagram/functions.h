/* functions.h — finding the function definitions of a source file.
 *
 * The repository's style makes this a matter of lines, not of parsing C: a
 * definition opens with `{` alone in column 0 and closes with `}` alone in
 * column 0. The lines right above the `{` (back to a blank line, a
 * preprocessor line or the end of the previous declaration) are the
 * declarator, possibly spread over lines:
 *
 *     static int
 *     echo_conversation(int client,
 *                       int flags)
 *     {
 *
 * The function's name is the identifier right before the declarator's first
 * `(` (an __attribute__((...)) is skipped). A `{` alone whose declarator has
 * no `(`, or has an `=`, opens a struct or an initializer, not a function.
 */
#ifndef DIAGRAM_FUNCTIONS_H
#define DIAGRAM_FUNCTIONS_H

#include <stdbool.h>

#include "arena.h"
#include "problems.h"
#include "source_file.h"

struct function_def {
	const char *name;
	const struct source_file *file;
	int first_line; /* the declarator's first line */
	int open_line;  /* the `{` */
	int close_line; /* the `}` */
	bool is_static;
	/* From a body whose first statement is SS_TRACE("Class", "method");
	 * both NULL otherwise. Only SS_TRACE( followed by a string literal, in
	 * code, is a trace point: not the word in a comment, in a string literal
	 * (getenv("SS_TRACE")) or alone (#ifdef SS_TRACE). One that is not the
	 * first statement is a problem, and so is a first statement SS_TRACE(...)
	 * without two string literals. */
	const char *trace_class, *trace_method;
};

/* Appends every function definition of file to out (struct function_def *),
 * in source order. */
void find_functions(struct arena *arena, const struct source_file *file, struct pointer_list *out,
                    struct problems *problems);

/* The function whose declarator or body holds line, or NULL. */
const struct function_def *function_enclosing(const struct pointer_list *functions, int line);

#endif
