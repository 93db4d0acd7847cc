/* test_programs.c — the conventions every program of the book keeps
 * (program.h), checked for every program there is: --help prints the usage
 * on stdout and exits 0; an unknown option prints it on stderr and exits 2.
 *
 * The programs are not listed here: the test finds chapters/NN-slug/programs/NAME.c
 * for every chapter up to SS_LAST_CHAPTER (the Makefile says which: this
 * chapter's build has chapter 1's programs, the full library's build has
 * every chapter's), so a new program is checked the day it is added. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#ifndef SS_LAST_CHAPTER
#define SS_LAST_CHAPTER "01"
#endif

#define PROGRAMS_MAX 64

static char programs[PROGRAMS_MAX][64];
static int program_count;

static int
by_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Fill programs[] with the names of chapters/NN-slug/programs/NAME.c, NN <= last. */
static void
find_programs(void)
{
	DIR *chapters = opendir("chapters");
	struct dirent *chapter;

	assert_non_null(chapters); /* the tests run from the repository root */
	program_count = 0;
	while ((chapter = readdir(chapters)) != NULL) {
		char path[512];
		DIR *dir;
		struct dirent *entry;

		if (chapter->d_name[0] < '0' || chapter->d_name[0] > '9' ||
		    strncmp(chapter->d_name, SS_LAST_CHAPTER, 2) > 0)
			continue;
		snprintf(path, sizeof path, "chapters/%s/programs", chapter->d_name);
		if ((dir = opendir(path)) == NULL)
			continue; /* a chapter without programs */
		while ((entry = readdir(dir)) != NULL) {
			size_t length = strlen(entry->d_name);
			if (length < 3 || strcmp(entry->d_name + length - 2, ".c") != 0)
				continue;
			assert_true(program_count < PROGRAMS_MAX && length - 2 < sizeof programs[0]);
			memcpy(programs[program_count], entry->d_name, length - 2);
			programs[program_count][length - 2] = '\0';
			program_count++;
		}
		closedir(dir);
	}
	closedir(chapters);
	qsort(programs, (size_t)program_count, sizeof programs[0], by_name);
}

/* Everything fd says until the program closes it, as one string. */
static void
read_all(int fd, char *text, size_t size)
{
	char line[512];
	size_t used = 0;

	text[0] = '\0';
	while (support_read_line(fd, line, sizeof line, SUPPORT_WAIT_MS) >= 0)
		used += (size_t)snprintf(text + used, used < size ? size - used : 0, "%s\n", line);
}

static const struct convention {
	const char *what;
	const char *argument;
	int status;
	bool usage_on_stdout; /* else on stderr; the other stream says nothing */
} conventions[] = {
	{"--help: usage on stdout, status 0", "--help", 0, true},
	{"an unknown option: usage on stderr, status 2", "--no-such-option", 2, false},
};

static void
every_program_keeps_the_conventions(void **state)
{
	(void)state;
	find_programs();
	assert_true(program_count >= 2); /* chapter 1's two, at least */
	for (int i = 0; i < program_count; i++) {
		for (size_t c = 0; c < sizeof conventions / sizeof conventions[0]; c++) {
			const struct convention *rule = &conventions[c];
			const char *const args[] = {rule->argument, NULL};
			char out[4096], err[4096], usage[sizeof programs[0] + 8];
			support_process program;

			print_message("%-16s %s\n", programs[i], rule->what);
			assert_int_equal(support_start(&program, programs[i], args, false), 0);
			read_all(program.stdout_fd, out, sizeof out);
			read_all(program.stderr_fd, err, sizeof err);
			assert_int_equal(support_stop(&program, 0), rule->status);
			strcpy(usage, "usage: "); /* "usage: NAME ": it names the program */
			strcat(strcat(usage, programs[i]), " ");
			const char *said = rule->usage_on_stdout ? out : err;
			const char *silent = rule->usage_on_stdout ? err : out;
			if (strstr(said, usage) == NULL)
				fail_msg("%s %s: no '%s' in:\n%s", programs[i], rule->argument, usage, said);
			/* --help is no error: not even getopt's "unrecognized option" */
			if (rule->usage_on_stdout && silent[0] != '\0')
				fail_msg("%s %s wrote on stderr:\n%s", programs[i], rule->argument, silent);
			if (!rule->usage_on_stdout && silent[0] != '\0')
				fail_msg("%s %s wrote on stdout:\n%s", programs[i], rule->argument, silent);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_program_keeps_the_conventions),
	};

	support_watchdog(120);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
