/* fixture.h — a throwaway repository for one test.
 *
 * fixture_setup makes a temporary directory and enters it (paths in a book
 * are relative to the repository root, the current directory); tests write
 * their book and sources into it; fixture_teardown goes back and removes it.
 * Include after <cmocka.h>. Everything is static inline: each test binary
 * uses what it needs, unused helpers cost nothing.
 */
#ifndef BOOK_TEST_FIXTURE_H
#define BOOK_TEST_FIXTURE_H

#include "lines.h"
#include "problems.h"
#include "str.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct fixture {
	char root[64];
	char previous[PATH_MAX];
} fixture;

static inline void
fixture_remove_tree(const char *path)
{
	struct stat info;
	DIR *dir;
	struct dirent *entry;

	if (lstat(path, &info) == -1)
		return;
	if (S_ISDIR(info.st_mode) && (dir = opendir(path)) != NULL) {
		while ((entry = readdir(dir)) != NULL) {
			char *child;

			if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
				continue;
			child = str_format("%s/%s", path, entry->d_name);
			fixture_remove_tree(child);
			free(child);
		}
		closedir(dir);
	}
	remove(path);
}

static inline int
fixture_setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);

	if (f == NULL || getcwd(f->previous, sizeof f->previous) == NULL)
		return -1;
	snprintf(f->root, sizeof f->root, "/tmp/book-test-XXXXXX");
	if (mkdtemp(f->root) == NULL || chdir(f->root) == -1)
		return -1;
	*state = f;
	return 0;
}

static inline int
fixture_teardown(void **state)
{
	fixture *f = *state;
	int status = chdir(f->previous);

	fixture_remove_tree(f->root);
	free(f);
	return status;
}

/* Write text to path, making its directories. */
static inline void
fixture_write(const char *path, const char *text)
{
	FILE *file;

	for (const char *slash = strchr(path, '/'); slash != NULL; slash = strchr(slash + 1, '/')) {
		char *directory = str_dup_n(path, (size_t)(slash - path));

		mkdir(directory, 0755);
		free(directory);
	}
	file = fopen(path, "w");
	assert_non_null(file);
	fputs(text, file);
	assert_int_equal(fclose(file), 0);
}

/* The whole file as a string (the caller frees it). */
static inline char *
fixture_read(const char *path)
{
	FILE *file = fopen(path, "r");
	char *text = NULL;
	size_t size = 0;
	FILE *copy = open_memstream(&text, &size);
	int c;

	assert_non_null(file);
	assert_non_null(copy);
	while ((c = fgetc(file)) != EOF)
		fputc(c, copy);
	fclose(file);
	fclose(copy);
	return text;
}

/* Lines from a string, one per '\n' (empty lines included). */
static inline lines
fixture_lines(const char *text)
{
	lines result;

	lines_init(&result);
	while (*text != '\0') {
		const char *end = strchr(text, '\n');
		size_t length = end ? (size_t)(end - text) : strlen(text);
		char *line = strndup(text, length);

		lines_push(&result, line);
		free(line);
		text += length + (end != NULL);
	}
	return result;
}

/* Lines joined with '\n' after each (the caller frees the string). */
static inline char *
fixture_join(const lines *text)
{
	char *joined = NULL;
	size_t size = 0;
	FILE *stream = open_memstream(&joined, &size);

	assert_non_null(stream);
	for (size_t i = 0; i < text->count; i++)
		fprintf(stream, "%s\n", text->items[i]);
	fclose(stream);
	return joined;
}

/* There is exactly one problem, at file:line, and its message contains part. */
static inline void
assert_one_problem(const problem_list *problems, const char *file, size_t line, const char *part)
{
	if (problems->count != 1)
		problems_print(problems, stdout);
	assert_int_equal(problems->count, 1);
	assert_string_equal(problems->items[0].file, file);
	assert_int_equal(problems->items[0].line, line);
	if (strstr(problems->items[0].message, part) == NULL)
		fail_msg("message '%s' does not contain '%s'", problems->items[0].message, part);
}

/* A small repository whose book is fresh: chapters/01-x/a.c has a function
 * with a region inside; book.md (19 lines) quotes both, so text a test
 * appends to the book starts at line 20. */
static inline const char *
fixture_source(void)
{
	return "/* a.c - a fixture source. */\n"
	       "#include \"a.h\"\n"
	       "\n"
	       "/* Add one. */\n"
	       "int\n"
	       "add_one(int x)\n"
	       "{\n"
	       "\t/*@region add */\n"
	       "\treturn x + 1;\n"
	       "\t/*@end add */\n"
	       "}\n";
}

static inline const char *
fixture_book(void)
{
	return "# Book\n"
	       "\n"
	       "<!-- code: chapters/01-x/a.c#add_one -->\n"
	       "```c\n"
	       "/* Add one. */\n"
	       "int\n"
	       "add_one(int x)\n"
	       "{\n"
	       "\treturn x + 1;\n"
	       "}\n"
	       "```\n"
	       "<!-- /code -->\n"
	       "\n"
	       "Adding is one line:\n"
	       "<!-- code: chapters/01-x/a.c#add -->\n"
	       "```c\n"
	       "return x + 1;\n"
	       "```\n"
	       "<!-- /code -->\n";
}

/* Write the fixture repository, with extra appended to its book. */
static inline void
fixture_repository(const char *extra)
{
	char *book = malloc(strlen(fixture_book()) + strlen(extra) + 1);

	assert_non_null(book);
	strcpy(book, fixture_book());
	strcat(book, extra);
	fixture_write("chapters/01-x/a.c", fixture_source());
	fixture_write("chapters/01-x/a.h", "int add_one(int x);\n");
	fixture_write("book.md", book);
	free(book);
}

#endif
