/* Small string and file helpers shared by the exercise runner. */
#ifndef EXERCISES_TEXT_H
#define EXERCISES_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* printf into a new heap string; aborts when memory runs out. */
char *text_format(const char *format, ...)
	__attribute__((format(printf, 1, 2)));

/* "dir/name", or just "name" when dir is "." (keeps printed paths short). */
char *text_join_path(const char *dir, const char *name);

/* The whole file as a NUL-terminated heap string, or NULL if it cannot be read. */
char *text_read_file(const char *path);

bool text_file_exists(const char *path);

/* Does the file contain needle? False also when the file cannot be read. */
bool text_file_contains(const char *path, const char *needle);

#endif
