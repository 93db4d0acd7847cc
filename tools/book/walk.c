/* walk.c — every C source file under a directory; see walk.h. */
#include "walk.h"

#include "str.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static bool
is_c_source(const char *name)
{
	return str_ends_with(name, ".c") || str_ends_with(name, ".h");
}

static int
walk(const char *dir, lines *paths)
{
	DIR *stream = opendir(dir);
	struct dirent *entry;
	int status = 0;

	if (stream == NULL)
		return -1;
	while (status == 0 && (entry = readdir(stream)) != NULL) {
		char *path;
		struct stat info;

		if (entry->d_name[0] == '.')
			continue;
		path = str_format("%s/%s", dir, entry->d_name);
		if (lstat(path, &info) == -1)
			status = -1;
		else if (S_ISDIR(info.st_mode))
			status = walk(path, paths);
		else if (S_ISREG(info.st_mode) && is_c_source(entry->d_name))
			lines_push(paths, path);
		free(path);
	}
	if (status == -1) {
		int saved_errno = errno;

		closedir(stream);
		errno = saved_errno;
		return -1;
	}
	closedir(stream);
	return 0;
}

static int
compare_paths(const void *left, const void *right)
{
	return strcmp(*(char *const *)left, *(char *const *)right);
}

int
walk_sources(const char *dir, lines *paths)
{
	size_t before = paths->count;

	if (walk(dir, paths) == -1)
		return -1;
	if (paths->count - before > 1)
		qsort(paths->items + before, paths->count - before, sizeof *paths->items,
		      compare_paths);
	return 0;
}
