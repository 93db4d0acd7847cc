/*
 * Test helpers (header only: every tests/test_*.c is its own binary).
 *
 * A fixture is a throw-away repository in a temporary directory, with a fake
 * Makefile whose "compiler" turns an exercise's .c file into a shell script
 * that plays the test binary. What that script does is written in the .c file:
 *
 *   BEHAVIOUR=pass       the test passes          BEHAVIOUR=fail  it fails
 *   BEHAVIOUR=nocompile  make fails               BEHAVIOUR=hang  it sleeps 30 s
 *
 * Every make call is logged in ROOT/calls.log as "learner|solution TARGET".
 */
#ifndef EXERCISES_TESTS_FIXTURE_H
#define EXERCISES_TESTS_FIXTURE_H

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

#include "../options.h"

static const char fixture_makefile[] =
	"%.learner: FORCE\n"
	"\t@sh ./fake-cc.sh learner $@\n"
	"%.solution: FORCE\n"
	"\t@sh ./fake-cc.sh solution $@\n"
	".PHONY: FORCE\n"
	"FORCE:\n";

static const char fixture_fake_compiler[] =
	"kind=$1 target=$2\n"
	"echo \"$kind $target\" >> calls.log\n"
	"id=${target#*exercises/}\n"
	"id=${id%.*}\n"
	"if [ \"$kind\" = solution ]; then src=exercises/solutions/$id.c; else src=exercises/$id.c; fi\n"
	"echo \"building $id ($kind)\"\n"
	"case $(cat \"$src\") in\n"
	"*BEHAVIOUR=nocompile*) echo \"$src:1:1: error: expected ';' (fake)\" >&2; exit 1;;\n"
	"*BEHAVIOUR=pass*) body=\"echo 'test of $id passes'; exit 0\";;\n"
	"*BEHAVIOUR=fail*) body=\"echo 'assertion failed in $id'; exit 1\";;\n"
	"*BEHAVIOUR=hang*) body='sleep 30';;\n"
	"*) echo \"no BEHAVIOUR in $src\" >&2; exit 1;;\n"
	"esac\n"
	"mkdir -p \"$(dirname \"$target\")\"\n"
	"printf '#!/bin/sh\\n%s\\n' \"$body\" > \"$target\"\n"
	"chmod +x \"$target\"\n";

/* Writes root/relative, creating its directories. */
static inline void
fixture_write(const char *root, const char *relative, const char *contents)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", root, relative);
	for (char *slash = strchr(path + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	FILE *file = fopen(path, "w");
	assert_non_null(file);
	fputs(contents, file);
	assert_int_equal(fclose(file), 0);
}

static inline void
fixture_delete(const char *root, const char *relative)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", root, relative);
	assert_int_equal(unlink(path), 0);
}

static inline int
fixture_exists(const char *root, const char *relative)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", root, relative);
	return access(path, F_OK) == 0;
}

/* A new empty repository (just the fake Makefile); free it with fixture_destroy. */
static inline char *
fixture_create(void)
{
	char *root = strdup("/tmp/exercises-fixture-XXXXXX");
	assert_non_null(root);
	assert_non_null(mkdtemp(root));
	fixture_write(root, "Makefile", fixture_makefile);
	fixture_write(root, "fake-cc.sh", fixture_fake_compiler);
	return root;
}

/* Writes the four files of exercise id ("01-a/2-x"); the stub carries the to-do marker. */
static inline void
fixture_add_exercise(const char *root, const char *id, const char *stub_behaviour,
                     const char *solution_behaviour)
{
	char relative[1024], contents[1024];
	snprintf(relative, sizeof relative, "exercises/%s.c", id);
	snprintf(contents, sizeof contents, "/* TO" "DO: write it */\n/* BEHAVIOUR=%s */\n", stub_behaviour);
	fixture_write(root, relative, contents);

	snprintf(relative, sizeof relative, "exercises/%s.test.c", id);
	fixture_write(root, relative, "/* the test */\n");

	snprintf(relative, sizeof relative, "exercises/%s.hint.md", id);
	snprintf(contents, sizeof contents, "Hint for %s: read the man page.\n", id);
	fixture_write(root, relative, contents);

	snprintf(relative, sizeof relative, "exercises/solutions/%s.c", id);
	snprintf(contents, sizeof contents, "/* BEHAVIOUR=%s */\n", solution_behaviour);
	fixture_write(root, relative, contents);
}

/* Overwrites the learner's file of id: as if the learner had edited it. */
static inline void
fixture_set_stub(const char *root, const char *id, const char *contents)
{
	char relative[1024];
	snprintf(relative, sizeof relative, "exercises/%s.c", id);
	fixture_write(root, relative, contents);
}

static inline void
fixture_remove_tree(const char *path)
{
	DIR *dir = opendir(path);
	if (dir != NULL) {
		struct dirent *entry;
		while ((entry = readdir(dir)) != NULL) {
			if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
				continue;
			size_t size = strlen(path) + strlen(entry->d_name) + 2;
			char *child = malloc(size);
			assert_non_null(child);
			snprintf(child, size, "%s/%s", path, entry->d_name);
			fixture_remove_tree(child);
			free(child);
		}
		closedir(dir);
		rmdir(path);
	} else {
		unlink(path);
	}
}

static inline void
fixture_destroy(char *root)
{
	fixture_remove_tree(root);
	free(root);
}

/* What a command printed, and its exit status. */
struct captured {
	char *out, *err;
	int status;
};

/* Runs command (command_run, command_list, command_verify) on root with test settings. */
static inline struct captured
capture_command(int (*command)(const struct options *, FILE *, FILE *), const char *root,
                const char *build_dir, double timeout_seconds)
{
	struct options options = {
		.root = root,
		.build_dir = build_dir != NULL ? build_dir : "build/normal",
		.timeout_seconds = timeout_seconds > 0 ? timeout_seconds : 10,
	};
	struct captured result;
	size_t out_length, err_length;
	FILE *out = open_memstream(&result.out, &out_length);
	FILE *err = open_memstream(&result.err, &err_length);
	assert_non_null(out);
	assert_non_null(err);
	result.status = command(&options, out, err);
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

/* Where needle starts in haystack; fails the test if it is not there. */
static inline size_t
position_of(const char *haystack, const char *needle)
{
	const char *found = strstr(haystack, needle);
	if (found == NULL)
		fail_msg("expected \"%s\" in:\n%s", needle, haystack);
	return (size_t)(found - haystack);
}

static inline void
assert_contains(const char *haystack, const char *needle)
{
	position_of(haystack, needle);
}

static inline void
assert_lacks(const char *haystack, const char *needle)
{
	if (strstr(haystack, needle) != NULL)
		fail_msg("did not expect \"%s\" in:\n%s", needle, haystack);
}

#endif
