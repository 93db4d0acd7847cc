/* codebase.h — the chapters' sources, read and parsed once.
 *
 * A chapter directory is NN-slug; its sources are the *.c and *.h files
 * directly in it and in its programs/ subdirectory. Files are kept in chapter
 * order, then the directory's own files before programs/, then by name, so
 * that everything built from them comes out in the same order every time.
 */
#ifndef DIAGRAM_CODEBASE_H
#define DIAGRAM_CODEBASE_H

#include <stddef.h>

#include "annotations.h"
#include "arena.h"
#include "class_tables.h"
#include "functions.h"
#include "problems.h"
#include "source_file.h"

struct parsed_file {
	const struct source_file *source;
	struct pointer_list functions;    /* struct function_def * */
	struct pointer_list class_tables; /* struct class_table * */
	struct file_annotations annotations;
};

struct codebase {
	struct pointer_list files; /* struct parsed_file * */
};

/* NN of ".../NN-slug", or -1 when the directory's name does not start so. */
int chapter_number(const char *dir);

/* Finds the functions, class tables and annotations of one source. */
struct parsed_file *parse_source(struct arena *arena, const struct source_file *source,
                                 struct problems *problems);

/* Reads and parses every source of the chapter directories (any order).
 * Returns -1 when a directory or file cannot be read, after reporting it. */
int codebase_load(struct arena *arena, struct codebase *codebase, const char *const *chapter_dirs,
                  size_t count, struct problems *problems);

#endif
