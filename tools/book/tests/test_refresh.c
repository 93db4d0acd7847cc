/* test_refresh.c — `book refresh`: rewrites stale bodies and nothing else,
 * leaves a fresh book untouched, and refuses to write a half-refreshed book. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "book.h"
#include "fixture.h"

#include <fcntl.h>
#include <time.h>

/* Run refresh on book.md; the report (problems printed, for a failing test). */
static book_report
refresh(void)
{
	book_report report;

	book_report_init(&report);
	assert_int_equal(book_refresh("book.md", &report), 0);
	problems_print(&report.problems, stdout);
	return report;
}

static void
refresh_rewrites_only_the_stale_bodies(void **state)
{
	/* Around the excerpts: odd text the rewrite must keep byte for byte,
	 * down to the missing newline at the end. */
	const char *book = "Intro  \n"
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
	                   "\t\n"
	                   "<!-- code: chapters/01-x/a.c#add -->\n"
	                   "```c\n"
	                   "return x - 1;\n"
	                   "and more;\n"
	                   "```\n"
	                   "<!-- /code -->\n"
	                   "<!-- code: chapters/01-x/a.c#add -->\n"
	                   "```c\n"
	                   "```\n"
	                   "<!-- /code -->\n"
	                   "The end.";
	const char *expected = "Intro  \n"
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
	                       "\t\n"
	                       "<!-- code: chapters/01-x/a.c#add -->\n"
	                       "```c\n"
	                       "return x + 1;\n"
	                       "```\n"
	                       "<!-- /code -->\n"
	                       "<!-- code: chapters/01-x/a.c#add -->\n"
	                       "```c\n"
	                       "return x + 1;\n"
	                       "```\n"
	                       "<!-- /code -->\n"
	                       "The end.";
	book_report report;
	char *result;

	(void)state;
	fixture_repository("");
	fixture_write("book.md", book);
	report = refresh();
	assert_int_equal(report.problems.count, 0);
	assert_int_equal(report.excerpts, 3);
	assert_int_equal(report.stale, 2);
	assert_true(report.rewritten);
	result = fixture_read("book.md");
	assert_string_equal(result, expected);
	free(result);
	book_report_free(&report);
}

static void
refresh_leaves_a_fresh_book_untouched(void **state)
{
	struct stat before, after;
	const struct timespec long_ago[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
	book_report report;

	(void)state;
	fixture_repository("");
	assert_int_equal(utimensat(AT_FDCWD, "book.md", long_ago, 0), 0);
	assert_int_equal(stat("book.md", &before), 0);
	report = refresh();
	assert_int_equal(stat("book.md", &after), 0);
	assert_int_equal(report.problems.count, 0);
	assert_int_equal(report.stale, 0);
	assert_false(report.rewritten);
	assert_int_equal(after.st_ino, before.st_ino); /* a rewrite renames a new file in */
	assert_int_equal(after.st_mtim.tv_sec, before.st_mtim.tv_sec);
	book_report_free(&report);
}

static void
refresh_keeps_the_book_permissions(void **state)
{
	struct stat info;
	book_report report;

	(void)state;
	fixture_repository("<!-- code: chapters/01-x/a.c#add -->\n```c\n```\n<!-- /code -->\n");
	assert_int_equal(chmod("book.md", 0640), 0);
	report = refresh();
	assert_true(report.rewritten);
	assert_int_equal(stat("book.md", &info), 0);
	assert_int_equal(info.st_mode & 07777, 0640);
	book_report_free(&report);
}

static void
refresh_writes_nothing_when_an_excerpt_cannot_be_refreshed(void **state)
{
	const char *extra = "<!-- code: chapters/01-x/a.c#add -->\n```c\nstale\n```\n<!-- /code -->\n"
	                    "<!-- code: chapters/01-x/a.c#nothing -->\n```c\n```\n<!-- /code -->\n";
	book_report report;
	char *book;

	(void)state;
	fixture_repository(extra);
	report = refresh();
	assert_one_problem(&report.problems, "book.md", 25, "no region or function named 'nothing'");
	assert_false(report.rewritten);
	book = fixture_read("book.md");
	assert_non_null(strstr(book, "```c\nstale\n```\n")); /* not even the stale one */
	free(book);
	book_report_free(&report);
}

static void
refresh_writes_nothing_when_the_markers_are_broken(void **state)
{
	book_report report;
	char *book;

	(void)state;
	fixture_repository("<!-- code: chapters/01-x/a.c#add -->\n```c\nstale\n```\n<!-- /code -->\n"
	                   "<!-- /code -->\n");
	report = refresh();
	assert_one_problem(&report.problems, "book.md", 25, "<!-- /code --> without its <!-- code: -->");
	assert_false(report.rewritten);
	book = fixture_read("book.md");
	assert_non_null(strstr(book, "```c\nstale\n```\n"));
	free(book);
	book_report_free(&report);
}

static void
refresh_leaves_unused_regions_to_check(void **state)
{
	book_report report;

	(void)state;
	fixture_repository("<!-- code: chapters/01-x/a.c#add -->\n```c\n```\n<!-- /code -->\n");
	fixture_write("chapters/01-x/b.c", "/*@region spare */\n/*@end spare */\n");
	report = refresh();
	assert_int_equal(report.problems.count, 0);
	assert_true(report.rewritten);
	book_report_free(&report);
}

static void
refresh_of_a_missing_book_cannot_run(void **state)
{
	book_report report;

	(void)state;
	book_report_init(&report);
	assert_int_equal(book_refresh("nobook.md", &report), -1);
	assert_non_null(strstr(report.error, "cannot read nobook.md"));
	book_report_free(&report);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(refresh_rewrites_only_the_stale_bodies),
		TEST(refresh_leaves_a_fresh_book_untouched),
		TEST(refresh_keeps_the_book_permissions),
		TEST(refresh_writes_nothing_when_an_excerpt_cannot_be_refreshed),
		TEST(refresh_writes_nothing_when_the_markers_are_broken),
		TEST(refresh_leaves_unused_regions_to_check),
		TEST(refresh_of_a_missing_book_cannot_run),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
