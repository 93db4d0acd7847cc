/*
 * Test helpers, header only (every tests/test_*.c is its own binary).
 *
 * Two kinds of fixture:
 *   - a session: sources parsed from strings in memory, with the problems
 *     they raise collected as text;
 *   - a scratch directory (mkdtemp) holding a small repository of chapter
 *     directories, removed at the end of the test.
 */
#ifndef DIAGRAM_TESTS_FIXTURE_H
#define DIAGRAM_TESTS_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "codebase.h"
#include "problems.h"
#include "source_file.h"

/* --- in-memory sessions --- */

struct session {
	struct arena arena;
	struct problems problems;
	FILE *stream;
	char *messages;
	size_t messages_size;
	struct codebase codebase;
};

static inline struct session *
session_new(void)
{
	struct session *session = calloc(1, sizeof *session);
	assert_non_null(session);
	arena_init(&session->arena);
	session->stream = open_memstream(&session->messages, &session->messages_size);
	assert_non_null(session->stream);
	problems_init(&session->problems, session->stream);
	return session;
}

/* Parses text as the file path of chapter, and adds it to the session's codebase. */
static inline struct parsed_file *
session_add(struct session *session, const char *path, int chapter, const char *text)
{
	struct source_file *source = source_file_from_text(&session->arena, path, chapter, text);
	struct parsed_file *parsed = parse_source(&session->arena, source, &session->problems);
	list_push(&session->arena, &session->codebase.files, parsed);
	return parsed;
}

/* Every problem reported so far, one a line ("" when none). */
static inline const char *
session_messages(struct session *session)
{
	fflush(session->stream);
	return session->messages != NULL ? session->messages : "";
}

static inline void
session_free(struct session *session)
{
	fclose(session->stream);
	free(session->messages);
	problems_release(&session->problems);
	arena_release(&session->arena);
	free(session);
}

/* --- assertions on text --- */

static inline void
assert_contains(const char *haystack, const char *needle)
{
	if (strstr(haystack, needle) == NULL)
		fail_msg("expected \"%s\" in:\n%s", needle, haystack);
}

static inline void
assert_lacks(const char *haystack, const char *needle)
{
	if (strstr(haystack, needle) != NULL)
		fail_msg("did not expect \"%s\" in:\n%s", needle, haystack);
}

/* --- scratch directories --- */

/* A new empty directory; remove it with scratch_destroy. */
static inline char *
scratch_create(void)
{
	char *root = strdup("/tmp/diagram-test-XXXXXX");
	assert_non_null(root);
	assert_non_null(mkdtemp(root));
	return root;
}

/* root/relative, in a buffer the caller frees. */
static inline char *
scratch_path(const char *root, const char *relative)
{
	size_t size = strlen(root) + strlen(relative) + 2;
	char *path = malloc(size);
	assert_non_null(path);
	snprintf(path, size, "%s/%s", root, relative);
	return path;
}

/* Writes root/relative, creating its directories. */
static inline void
scratch_write(const char *root, const char *relative, const char *contents)
{
	char *path = scratch_path(root, relative);
	for (char *slash = strchr(path + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	FILE *file = fopen(path, "w");
	assert_non_null(file);
	fputs(contents, file);
	assert_int_equal(fclose(file), 0);
	free(path);
}

/* The contents of root/relative (free them), or NULL when it cannot be read. */
static inline char *
scratch_read(const char *root, const char *relative)
{
	char *path = scratch_path(root, relative);
	FILE *file = fopen(path, "rb");
	free(path);
	if (file == NULL)
		return NULL;
	char *contents = NULL;
	size_t size = 0;
	FILE *copy = open_memstream(&contents, &size);
	assert_non_null(copy);
	int c;
	while ((c = fgetc(file)) != EOF)
		fputc(c, copy);
	fclose(file);
	fclose(copy);
	return contents;
}

static inline void
scratch_delete(const char *root, const char *relative)
{
	char *path = scratch_path(root, relative);
	assert_int_equal(unlink(path), 0);
	free(path);
}

static inline void
scratch_remove_tree(const char *path)
{
	DIR *dir = opendir(path);
	if (dir == NULL) {
		unlink(path);
		return;
	}
	struct dirent *entry;
	while ((entry = readdir(dir)) != NULL) {
		if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
			continue;
		char *child = scratch_path(path, entry->d_name);
		scratch_remove_tree(child);
		free(child);
	}
	closedir(dir);
	rmdir(path);
}

static inline void
scratch_destroy(char *root)
{
	scratch_remove_tree(root);
	free(root);
}

/* --- running a command --- */

struct captured {
	char *out, *err;
	int status;
};

/* What command(dir, chapter_dirs...) printed and returned. */
static inline struct captured
capture(int (*command)(const char *, const char *const *, size_t, FILE *, FILE *), const char *dir,
        const char *const *chapter_dirs, size_t count)
{
	struct captured result;
	size_t out_size, err_size;
	FILE *out = open_memstream(&result.out, &out_size);
	FILE *err = open_memstream(&result.err, &err_size);
	assert_non_null(out);
	assert_non_null(err);
	result.status = command(dir, chapter_dirs, count, out, err);
	fclose(out);
	fclose(err);
	return result;
}

static inline void
captured_free(struct captured *captured)
{
	free(captured->out);
	free(captured->err);
}

#endif
