/* files.h — whole-file reads and writes. */
#ifndef DIAGRAM_FILES_H
#define DIAGRAM_FILES_H

#include <stddef.h>

#include "arena.h"

/* The file's bytes, NUL-terminated, or NULL (errno set) when it cannot be read. */
char *file_read(struct arena *arena, const char *path, size_t *length);

/* Replaces the file's contents: written beside it, then renamed over it, so a
 * reader never sees half a file. 0, or -1 with errno set. */
int file_write(const char *path, const char *bytes, size_t length);

/* "dir/name", without doubling a '/' that dir ends with. */
char *path_join(struct arena *arena, const char *dir, const char *name);

#endif
