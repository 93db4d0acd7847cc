#include "exercise_list.h"

#include "text.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum file_kind { FILE_STUB, FILE_TEST, FILE_HINT, FILE_SOLUTION };

/* The suffixes after "K-name"; the longest first, since ".c" ends ".test.c". */
static const struct {
	const char *suffix;
	enum file_kind kind;
} chapter_files[] = {
	{ ".test.c", FILE_TEST },
	{ ".hint.md", FILE_HINT },
	{ ".c", FILE_STUB },
};

/* "NN-..." with at least one digit: chapter directories and exercise files. */
static bool
starts_with_number(const char *name)
{
	size_t digits = strspn(name, "0123456789");
	return digits > 0 && name[digits] == '-' && name[digits + 1] != '\0';
}

static bool
is_directory(const char *dir, const char *name)
{
	char *path = text_join_path(dir, name);
	DIR *handle = opendir(path);
	free(path);
	if (handle == NULL)
		return false;
	closedir(handle);
	return true;
}

/* Splits "2-bind.test.c" into "2-bind" and its kind; false if it is no exercise file. */
static bool
split_file_name(const char *file, bool in_solutions, char **name, enum file_kind *kind)
{
	if (!starts_with_number(file))
		return false;
	size_t stem = strcspn(file, ".");
	const char *suffix = file + stem;
	for (size_t i = 0; i < sizeof chapter_files / sizeof chapter_files[0]; i++) {
		if (strcmp(suffix, chapter_files[i].suffix) != 0)
			continue;
		if (in_solutions && chapter_files[i].kind != FILE_STUB)
			return false;
		*kind = in_solutions ? FILE_SOLUTION : chapter_files[i].kind;
		*name = text_format("%.*s", (int)stem, file);
		return true;
	}
	return false;
}

static struct exercise *
find_or_add(struct exercise_list *list, const char *chapter, const char *name)
{
	for (size_t i = 0; i < list->count; i++) {
		struct exercise *known = &list->items[i];
		if (strcmp(known->chapter, chapter) == 0 && strcmp(known->name, name) == 0)
			return known;
	}
	struct exercise *grown = realloc(list->items, (list->count + 1) * sizeof *grown);
	if (grown == NULL) {
		fputs("exercises: out of memory\n", stderr);
		abort();
	}
	list->items = grown;
	struct exercise *added = &list->items[list->count++];
	*added = (struct exercise){
		.chapter = text_format("%s", chapter),
		.name = text_format("%s", name),
		.number = strtoul(name, NULL, 10),
		.id = text_format("%s/%s", chapter, name),
	};
	return added;
}

static void
mark(struct exercise *exercise, enum file_kind kind)
{
	switch (kind) {
	case FILE_STUB: exercise->has_stub = true; break;
	case FILE_TEST: exercise->has_test = true; break;
	case FILE_HINT: exercise->has_hint = true; break;
	case FILE_SOLUTION: exercise->has_solution = true; break;
	}
}

/* Records the exercise files of one chapter directory (a missing one is fine). */
static void
scan_chapter(struct exercise_list *list, const char *dir, const char *chapter, bool in_solutions)
{
	DIR *handle = opendir(dir);
	if (handle == NULL)
		return;
	struct dirent *entry;
	while ((entry = readdir(handle)) != NULL) {
		char *name;
		enum file_kind kind;
		if (split_file_name(entry->d_name, in_solutions, &name, &kind)) {
			mark(find_or_add(list, chapter, name), kind);
			free(name);
		}
	}
	closedir(handle);
}

/* Scans every "NN-slug" directory of dir. */
static int
scan_chapters(struct exercise_list *list, const char *dir, bool in_solutions, FILE *err)
{
	DIR *handle = opendir(dir);
	if (handle == NULL) {
		fprintf(err, "exercises: cannot read %s: %s\n", dir, strerror(errno));
		return -1;
	}
	struct dirent *entry;
	while ((entry = readdir(handle)) != NULL) {
		if (!starts_with_number(entry->d_name) || !is_directory(dir, entry->d_name))
			continue;
		char *chapter_dir = text_join_path(dir, entry->d_name);
		scan_chapter(list, chapter_dir, entry->d_name, in_solutions);
		free(chapter_dir);
	}
	closedir(handle);
	return 0;
}

static int
compare_exercises(const void *left, const void *right)
{
	const struct exercise *a = left, *b = right;
	int by_chapter = strcmp(a->chapter, b->chapter);
	if (by_chapter != 0)
		return by_chapter;
	if (a->number != b->number)
		return a->number < b->number ? -1 : 1;
	return strcmp(a->name, b->name);
}

int
exercise_list_load(const char *root, struct exercise_list *list, FILE *err)
{
	*list = (struct exercise_list){ 0 };
	char *exercises_dir = text_join_path(root, "exercises");
	char *solutions_dir = text_join_path(root, "exercises/solutions");

	int status = scan_chapters(list, exercises_dir, false, err);
	/* A repository without solutions still lists its exercises; verify reports them missing. */
	if (status == 0 && is_directory(exercises_dir, "solutions"))
		status = scan_chapters(list, solutions_dir, true, err);

	free(exercises_dir);
	free(solutions_dir);
	if (status != 0) {
		exercise_list_free(list);
		return -1;
	}
	if (list->count > 0)
		qsort(list->items, list->count, sizeof list->items[0], compare_exercises);
	return 0;
}

void
exercise_list_free(struct exercise_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		free(list->items[i].chapter);
		free(list->items[i].name);
		free(list->items[i].id);
	}
	free(list->items);
	*list = (struct exercise_list){ 0 };
}
