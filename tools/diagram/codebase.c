#include "codebase.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int
chapter_number(const char *dir)
{
	size_t length = strlen(dir);
	while (length > 1 && dir[length - 1] == '/')
		length--;
	size_t start = length;
	while (start > 0 && dir[start - 1] != '/')
		start--;
	int number = 0;
	size_t i = start;
	for (; i < length && isdigit((unsigned char)dir[i]); i++)
		number = number * 10 + (dir[i] - '0');
	if (i == start || i == length || dir[i] != '-')
		return -1;
	return number;
}

struct parsed_file *
parse_source(struct arena *arena, const struct source_file *source, struct problems *problems)
{
	struct parsed_file *parsed = arena_alloc(arena, sizeof *parsed);
	parsed->source = source;
	find_functions(arena, source, &parsed->functions, problems);
	find_class_tables(arena, source, &parsed->class_tables, problems);
	parse_annotations(arena, source, &parsed->functions, &parsed->annotations, problems);
	return parsed;
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool
is_source_name(const char *name)
{
	size_t length = strlen(name);
	return length > 2 && name[0] != '.' && name[length - 2] == '.' &&
	       (name[length - 1] == 'c' || name[length - 1] == 'h');
}

/* The paths of dir's sources, sorted by name; a missing dir has none. */
static void
list_sources(struct arena *arena, const char *dir, struct pointer_list *paths)
{
	DIR *stream = opendir(dir);
	if (stream == NULL)
		return;
	struct pointer_list names = {0};
	struct dirent *entry;
	while ((entry = readdir(stream)) != NULL) {
		if (!is_source_name(entry->d_name))
			continue;
		char *path = arena_printf(arena, "%s/%s", dir, entry->d_name);
		struct stat status;
		if (stat(path, &status) == 0 && S_ISREG(status.st_mode))
			list_push(arena, &names, path);
	}
	closedir(stream);
	if (names.count > 0)
		qsort(names.items, names.count, sizeof names.items[0], compare_names);
	for (size_t i = 0; i < names.count; i++)
		list_push(arena, paths, names.items[i]);
}

struct chapter_dir {
	const char *path; /* without trailing '/' */
	int number;
};

static int
compare_chapters(const void *a, const void *b)
{
	const struct chapter_dir *left = *(struct chapter_dir *const *)a;
	const struct chapter_dir *right = *(struct chapter_dir *const *)b;
	return (left->number > right->number) - (left->number < right->number);
}

/* The directories, checked and sorted by chapter number; -1 on a problem. */
static int
sorted_chapters(struct arena *arena, const char *const *dirs, size_t count,
                struct pointer_list *chapters, struct problems *problems)
{
	int status = 0;
	for (size_t i = 0; i < count; i++) {
		struct chapter_dir *chapter = arena_alloc(arena, sizeof *chapter);
		size_t length = strlen(dirs[i]);
		while (length > 1 && dirs[i][length - 1] == '/')
			length--;
		chapter->path = arena_strndup(arena, dirs[i], length);
		chapter->number = chapter_number(chapter->path);
		struct stat status_of_dir;
		if (chapter->number < 0) {
			problem(problems, "%s: a chapter directory is named NN-slug", chapter->path);
			status = -1;
		} else if (stat(chapter->path, &status_of_dir) != 0 || !S_ISDIR(status_of_dir.st_mode)) {
			problem(problems, "%s: no such directory", chapter->path);
			status = -1;
		} else {
			list_push(arena, chapters, chapter);
		}
	}
	if (chapters->count > 0)
		qsort(chapters->items, chapters->count, sizeof chapters->items[0], compare_chapters);
	for (size_t i = 1; i < chapters->count; i++) {
		const struct chapter_dir *before = chapters->items[i - 1], *chapter = chapters->items[i];
		if (before->number == chapter->number) {
			problem(problems, "%s and %s are both chapter %d", before->path, chapter->path,
			        chapter->number);
			status = -1;
		}
	}
	return status;
}

int
codebase_load(struct arena *arena, struct codebase *codebase, const char *const *chapter_dirs,
              size_t count, struct problems *problems)
{
	struct pointer_list chapters = {0};
	int status = sorted_chapters(arena, chapter_dirs, count, &chapters, problems);

	for (size_t i = 0; i < chapters.count; i++) {
		const struct chapter_dir *chapter = chapters.items[i];
		struct pointer_list paths = {0};
		list_sources(arena, chapter->path, &paths);
		list_sources(arena, arena_printf(arena, "%s/programs", chapter->path), &paths);
		for (size_t j = 0; j < paths.count; j++) {
			struct source_file *source = source_file_read(arena, paths.items[j], chapter->number);
			if (source == NULL) {
				problem(problems, "%s: cannot read: %s", (char *)paths.items[j], strerror(errno));
				status = -1;
				continue;
			}
			list_push(arena, &codebase->files, parse_source(arena, source, problems));
		}
	}
	return status;
}
