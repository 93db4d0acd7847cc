/* lines.h — a text file as an array of lines.
 *
 * Both the book and the sources are handled line by line: excerpt markers,
 * region markers and function braces are all whole-line conventions. A line
 * is stored without its '\n'; final_newline remembers whether the file's last
 * line had one, so that rewriting a file changes nothing but what we meant.
 */
#ifndef BOOK_LINES_H
#define BOOK_LINES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* "No such line": returned by searches that find nothing. */
#define LINES_NONE ((size_t)-1)

typedef struct lines {
	char **items;
	size_t count;
	size_t capacity;
	bool final_newline;
} lines;

void lines_init(lines *text);
void lines_free(lines *text);

/* Append a copy of line. */
void lines_push(lines *text, const char *line);

/* Append lines [begin, end) of source. */
void lines_push_range(lines *text, const lines *source, size_t begin, size_t end);

/* Read a whole file. Returns 0, or -1 with errno (text is then empty). */
int lines_read(const char *path, lines *text);

/* Write the lines to a stream, each followed by '\n' (but the last one only
 * if final_newline). Returns 0, or -1 if the stream failed. */
int lines_write(const lines *text, FILE *stream);

/* Replace the file at path all at once: write a temporary file beside it,
 * then rename() it over path, so a reader never sees half a file. The file
 * keeps its permissions. Returns 0, or -1 with errno. */
int lines_write_atomic(const lines *text, const char *path);

/* Compare lines [begin, end) of a with the whole of b. Returns LINES_NONE if
 * they are equal, else the offset from begin of the first difference. */
size_t lines_compare_range(const lines *a, size_t begin, size_t end, const lines *b);

/* Remove the leading whitespace all non-blank lines share; blank lines
 * become empty. Relative indentation is kept. */
void lines_dedent(lines *text);

#endif
