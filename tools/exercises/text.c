#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void *
checked(void *memory)
{
	if (memory == NULL) {
		fputs("exercises: out of memory\n", stderr);
		abort();
	}
	return memory;
}

char *
text_format(const char *format, ...)
{
	va_list args;
	va_start(args, format);
	int length = vsnprintf(NULL, 0, format, args);
	va_end(args);

	char *result = checked(malloc((size_t)length + 1));
	va_start(args, format);
	vsnprintf(result, (size_t)length + 1, format, args);
	va_end(args);
	return result;
}

char *
text_join_path(const char *dir, const char *name)
{
	if (strcmp(dir, ".") == 0)
		return text_format("%s", name);
	size_t length = strlen(dir);
	bool has_slash = length > 0 && dir[length - 1] == '/';
	return text_format("%s%s%s", dir, has_slash ? "" : "/", name);
}

char *
text_read_file(const char *path)
{
	FILE *file = fopen(path, "rb");
	if (file == NULL)
		return NULL;

	size_t capacity = 4096, length = 0;
	char *contents = checked(malloc(capacity));
	size_t got;
	while ((got = fread(contents + length, 1, capacity - length - 1, file)) > 0) {
		length += got;
		if (capacity - length - 1 == 0) {
			capacity *= 2;
			contents = checked(realloc(contents, capacity));
		}
	}
	bool failed = ferror(file);
	fclose(file);
	if (failed) {
		free(contents);
		return NULL;
	}
	contents[length] = '\0';
	return contents;
}

bool
text_file_exists(const char *path)
{
	struct stat info;
	return stat(path, &info) == 0 && S_ISREG(info.st_mode);
}

bool
text_file_contains(const char *path, const char *needle)
{
	char *contents = text_read_file(path);
	bool found = contents != NULL && strstr(contents, needle) != NULL;
	free(contents);
	return found;
}
