/* source_file.h — a C source file, as text and as code with the comments blanked.
 *
 * The annotations live in comments, the structure (function braces, class
 * tables, SS_TRACE) in code. Keeping both views at the same offsets lets the
 * generator read one and place it in the other: `code` is `text` with every
 * comment character replaced by a space, except newlines, so offsets and line
 * numbers agree. String and character literals are kept as they are.
 */
#ifndef DIAGRAM_SOURCE_FILE_H
#define DIAGRAM_SOURCE_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

struct source_file {
	const char *path;
	int chapter;          /* the number of the chapter directory it belongs to */
	bool is_program;      /* in a programs/ directory: a program of its own */
	const char *text;     /* the file as read */
	const char *code;     /* the same with comments blanked */
	const bool *opens_block_comment; /* at each offset: does a block comment start here? */
	size_t length;
	size_t *line_starts;  /* line_starts[n - 1]: offset where line n starts */
	size_t line_count;
};

/* NULL when the file cannot be read. */
struct source_file *source_file_read(struct arena *arena, const char *path, int chapter);
struct source_file *source_file_from_text(struct arena *arena, const char *path, int chapter,
                                          const char *text);

/* The 1-based line holding offset. */
int source_line_at(const struct source_file *file, size_t offset);

/* Line n (1-based) of the code view, without its newline. */
const char *source_code_line(const struct source_file *file, int line, size_t *length);

/* Does a block comment start at offset (not a slash-star inside a comment or a string)? */
bool source_opens_block_comment(const struct source_file *file, size_t offset);

#endif
