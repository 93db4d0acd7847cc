#include "files.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

char *
file_read(struct arena *arena, const char *path, size_t *length)
{
	FILE *stream = fopen(path, "rb");
	if (stream == NULL)
		return NULL;
	struct text_buffer contents = {0};
	char chunk[8192];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, stream)) > 0)
		text_append_n(arena, &contents, chunk, got);
	int failed = ferror(stream);
	fclose(stream);
	if (failed) {
		errno = EIO;
		return NULL;
	}
	*length = contents.length;
	return contents.chars != NULL ? contents.chars : arena_strdup(arena, "");
}

int
file_write(const char *path, const char *bytes, size_t length)
{
	char temporary[4096];
	if (snprintf(temporary, sizeof temporary, "%s.tmp", path) >= (int)sizeof temporary) {
		errno = ENAMETOOLONG;
		return -1;
	}
	FILE *stream = fopen(temporary, "wb");
	if (stream == NULL)
		return -1;
	size_t written = fwrite(bytes, 1, length, stream);
	if (fclose(stream) != 0 || written != length) {
		int saved = errno;
		remove(temporary);
		errno = saved ? saved : EIO;
		return -1;
	}
	if (rename(temporary, path) != 0) {
		int saved = errno;
		remove(temporary);
		errno = saved;
		return -1;
	}
	return 0;
}

char *
path_join(struct arena *arena, const char *dir, const char *name)
{
	size_t length = strlen(dir);
	bool has_slash = length > 0 && dir[length - 1] == '/';
	return arena_printf(arena, "%s%s%s", dir, has_slash ? "" : "/", name);
}
