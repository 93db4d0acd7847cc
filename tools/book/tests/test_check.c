/* test_check.c — `book check`: passes on a fresh book, and fails on each
 * kind of problem alone, at the line where the fix goes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "book.h"
#include "fixture.h"

/* Write lib/c.c (outside chapters/, so its regions need no excerpt): markers,
 * then a function f; and quote f, fresh, from book line 20. */
static void
repository_with_markers(const char *markers)
{
	char source[512];

	snprintf(source, sizeof source, "%svoid\nf(void)\n{\n}\n", markers);
	fixture_write("lib/c.c", source);
	fixture_repository("<!-- code: lib/c.c#f -->\n```c\nvoid\nf(void)\n{\n}\n```\n<!-- /code -->\n");
}

/* Run check on book.md; the report (problems printed, for a failing test). */
static book_report
check(void)
{
	book_report report;

	book_report_init(&report);
	assert_int_equal(book_check("book.md", NULL, &report), 0);
	problems_print(&report.problems, stdout);
	return report;
}

static void
check_passes_on_a_fresh_book(void **state)
{
	book_report report;

	(void)state;
	fixture_repository("");
	report = check();
	assert_int_equal(report.problems.count, 0);
	assert_int_equal(report.excerpts, 2);
	assert_int_equal(report.stale, 0);
	assert_int_equal(report.sources, 2);
	assert_int_equal(report.regions, 1);
	book_report_free(&report);
}

static void
check_fails_on_a_stale_body(void **state)
{
	book_report report;
	char *book;

	(void)state;
	fixture_repository("");
	fixture_write("chapters/01-x/a.c", "/* Add one. */\nint\nadd_one(int x)\n{\n"
	                                   "\t/*@region add */\n\treturn x + 2;\n\t/*@end add */\n}\n");
	report = check();
	assert_int_equal(report.problems.count, 2); /* both excerpts quote the changed line */
	assert_int_equal(report.problems.items[0].line, 3);
	assert_non_null(strstr(report.problems.items[0].message, "first difference at line 9"));
	assert_string_equal(report.problems.items[1].file, "book.md");
	assert_int_equal(report.problems.items[1].line, 15);
	assert_non_null(strstr(report.problems.items[1].message,
	                       "excerpt chapters/01-x/a.c#add is stale (first difference at line 17)"));
	book = fixture_read("book.md");
	assert_string_equal(book, fixture_book()); /* check never writes the book */
	free(book);
	book_report_free(&report);
}

static void
check_fails_on_a_body_longer_than_the_source(void **state)
{
	book_report report;

	(void)state;
	fixture_repository("<!-- code: chapters/01-x/a.c#add -->\n```c\nreturn x + 1;\n"
	                   "extra;\n```\n<!-- /code -->\n");
	report = check();
	assert_one_problem(&report.problems, "book.md", 20, "stale (first difference at line 23)");
	book_report_free(&report);
}

static void
check_fails_on_a_missing_file(void **state)
{
	book_report report;

	(void)state;
	fixture_repository("<!-- code: chapters/01-x/gone.c#f -->\n```c\n```\n<!-- /code -->\n");
	report = check();
	assert_one_problem(&report.problems, "book.md", 20,
	                   "cannot read chapters/01-x/gone.c: No such file or directory");
	book_report_free(&report);
}

static void
check_fails_on_an_unknown_name(void **state)
{
	book_report report;

	(void)state;
	fixture_repository("<!-- code: chapters/01-x/a.c#nothing -->\n```c\n```\n<!-- /code -->\n");
	report = check();
	assert_one_problem(&report.problems, "book.md", 20,
	                   "no region or function named 'nothing' in chapters/01-x/a.c");
	book_report_free(&report);
}

static void
check_fails_on_a_name_both_region_and_function(void **state)
{
	book_report report;

	(void)state;
	repository_with_markers("/*@region f */\nint x;\n/*@end f */\n");
	report = check();
	assert_one_problem(&report.problems, "book.md", 20,
	                   "'f' is both a region (line 1) and a function (line 4) in lib/c.c");
	book_report_free(&report);
}

static void
check_fails_on_a_function_defined_twice(void **state)
{
	book_report report;

	(void)state;
	repository_with_markers("void\nf(void)\n{\n}\n");
	report = check();
	assert_one_problem(&report.problems, "book.md", 20,
	                   "function 'f' is defined 2 times in lib/c.c");
	book_report_free(&report);
}

static void
check_fails_on_a_region_defined_twice(void **state)
{
	book_report report;

	(void)state;
	fixture_write("lib/d.c", "/*@region r */\nint\n/*@end r */\n/*@region r */\nint\n/*@end r */\n");
	fixture_repository("<!-- code: lib/d.c#r -->\n```c\nint\n```\n<!-- /code -->\n");
	report = check();
	assert_one_problem(&report.problems, "book.md", 20,
	                   "lib/d.c:4: region 'r' is defined twice (first at line 1)");
	book_report_free(&report);
}

static void
check_fails_on_an_end_without_its_region(void **state)
{
	book_report report;

	(void)state;
	repository_with_markers("int x;\n/*@end ghost */\n");
	report = check();
	assert_one_problem(&report.problems, "book.md", 20,
	                   "lib/c.c:2: /*@end ghost */ without its /*@region ghost */");
	book_report_free(&report);
}

static void
check_fails_on_a_region_never_ended(void **state)
{
	book_report report;

	(void)state;
	repository_with_markers("/*@region open */\n");
	report = check();
	assert_one_problem(&report.problems, "book.md", 20, "lib/c.c:1: region 'open' is never ended");
	book_report_free(&report);
}

static void
check_fails_on_crossed_region_markers(void **state)
{
	book_report report;

	(void)state;
	repository_with_markers("/*@region a */\n/*@region b */\n/*@end a */\n/*@end b */\n");
	report = check();
	assert_one_problem(&report.problems, "book.md", 20,
	                   "lib/c.c:3: region 'a' ends while region 'b' (line 2)");
	book_report_free(&report);
}

static void
check_fails_on_an_excerpt_without_its_end_marker(void **state)
{
	book_report report;

	(void)state;
	fixture_repository("<!-- code: chapters/01-x/a.c#add -->\n```c\nreturn x + 1;\n```\n");
	report = check();
	assert_one_problem(&report.problems, "book.md", 20, "<!-- code: --> without <!-- /code -->");
	book_report_free(&report);
}

static void
check_fails_on_an_end_marker_without_its_excerpt(void **state)
{
	book_report report;

	(void)state;
	fixture_repository("<!-- /code -->\n");
	report = check();
	assert_one_problem(&report.problems, "book.md", 20, "<!-- /code --> without its <!-- code: -->");
	book_report_free(&report);
}

static void
check_fails_on_a_nested_excerpt(void **state)
{
	book_report report;

	(void)state;
	fixture_repository("<!-- code: chapters/01-x/a.c#add -->\n"
	                   "```c\n"
	                   "return x + 1;\n"
	                   "```\n"
	                   "<!-- code: chapters/01-x/a.c#add -->\n"
	                   "```c\n"
	                   "return x + 1;\n"
	                   "```\n"
	                   "<!-- /code -->\n"
	                   "<!-- /code -->\n");
	report = check();
	assert_one_problem(&report.problems, "book.md", 24,
	                   "nested inside the excerpt opened at line 20");
	book_report_free(&report);
}

static void
check_fails_on_a_missing_opening_fence(void **state)
{
	book_report report;

	(void)state;
	fixture_repository("<!-- code: chapters/01-x/a.c#add -->\nreturn x + 1;\n```\n<!-- /code -->\n");
	report = check();
	assert_one_problem(&report.problems, "book.md", 20, "excerpt has no ```c fence");
	book_report_free(&report);
}

static void
check_fails_on_a_missing_closing_fence(void **state)
{
	book_report report;

	(void)state;
	fixture_repository("<!-- code: chapters/01-x/a.c#add -->\n```c\nreturn x + 1;\n<!-- /code -->\n");
	report = check();
	assert_one_problem(&report.problems, "book.md", 20,
	                   "no closing ``` before <!-- /code --> (line 23)");
	book_report_free(&report);
}

static void
check_fails_on_a_region_no_excerpt_uses(void **state)
{
	book_report report;

	(void)state;
	fixture_repository("");
	fixture_write("chapters/01-x/sub/d.h",
	              "/* d.h */\n/*@region spare */\nint spare;\n/*@end spare */\n");
	report = check();
	/* No book line quotes it: the problem is where the region is. */
	assert_one_problem(&report.problems, "chapters/01-x/sub/d.h", 2,
	                   "region 'spare' is used by no excerpt in book.md");
	book_report_free(&report);
}

static void
check_fails_on_broken_markers_in_a_source_no_excerpt_reads(void **state)
{
	book_report report;

	(void)state;
	fixture_repository("");
	fixture_write("chapters/02-y/e.c", "int e;\n/*@end e */\n");
	report = check();
	assert_one_problem(&report.problems, "chapters/02-y/e.c", 2,
	                   "/*@end e */ without its /*@region e */");
	book_report_free(&report);
}

static void
check_knows_a_file_however_the_book_names_it(void **state)
{
	book_report report;

	(void)state;
	fixture_repository("");
	/* The walk finds chapters/01-x/a.c; the region is used all the same. */
	fixture_write("book.md", "<!-- code: ./chapters/../chapters/01-x/a.c#add -->\n"
	                         "```c\nreturn x + 1;\n```\n<!-- /code -->\n"
	                         "<!-- code: chapters/01-x/a.c#add_one -->\n"
	                         "```c\n/* Add one. */\nint\nadd_one(int x)\n{\n\treturn x + 1;\n}\n```\n"
	                         "<!-- /code -->\n");
	report = check();
	assert_int_equal(report.problems.count, 0);
	book_report_free(&report);
}

static void
check_lists_the_book_lines_in_order_then_the_sources(void **state)
{
	book_report report;

	(void)state;
	fixture_repository("<!-- code: chapters/01-x/a.c#add -->\n```c\nold\n```\n<!-- /code -->\n"
	                   "<!-- /code -->\n");
	fixture_write("chapters/01-x/b.c", "/*@region spare */\n/*@end spare */\n");
	report = check(); /* found in another order: markers, excerpts, sources */
	assert_int_equal(report.problems.count, 3);
	assert_int_equal(report.problems.items[0].line, 20);
	assert_non_null(strstr(report.problems.items[0].message, "stale"));
	assert_int_equal(report.problems.items[1].line, 25);
	assert_string_equal(report.problems.items[2].file, "chapters/01-x/b.c");
	book_report_free(&report);
}

static void
check_out_writes_the_refreshed_book(void **state)
{
	book_report report;
	char *out, *book;

	(void)state;
	fixture_repository("<!-- code: chapters/01-x/a.c#add -->\n```c\nold\n```\n<!-- /code -->\n");
	book_report_init(&report);
	assert_int_equal(book_check("book.md", "refreshed.md", &report), 0);
	assert_one_problem(&report.problems, "book.md", 20, "stale");
	out = fixture_read("refreshed.md");
	book = fixture_read("book.md");
	assert_non_null(strstr(out, "<!-- code: chapters/01-x/a.c#add -->\n```c\nreturn x + 1;\n```\n"));
	assert_null(strstr(out, "old"));
	assert_non_null(strstr(book, "```c\nold\n```\n")); /* the book itself is left alone */
	free(out);
	free(book);
	book_report_free(&report);
}

static void
check_of_a_missing_book_cannot_run(void **state)
{
	book_report report;

	(void)state;
	book_report_init(&report);
	assert_int_equal(book_check("nobook.md", NULL, &report), -1);
	assert_non_null(strstr(report.error, "cannot read nobook.md"));
	book_report_free(&report);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(check_passes_on_a_fresh_book),
		TEST(check_fails_on_a_stale_body),
		TEST(check_fails_on_a_body_longer_than_the_source),
		TEST(check_fails_on_a_missing_file),
		TEST(check_fails_on_an_unknown_name),
		TEST(check_fails_on_a_name_both_region_and_function),
		TEST(check_fails_on_a_function_defined_twice),
		TEST(check_fails_on_a_region_defined_twice),
		TEST(check_fails_on_an_end_without_its_region),
		TEST(check_fails_on_a_region_never_ended),
		TEST(check_fails_on_crossed_region_markers),
		TEST(check_fails_on_an_excerpt_without_its_end_marker),
		TEST(check_fails_on_an_end_marker_without_its_excerpt),
		TEST(check_fails_on_a_nested_excerpt),
		TEST(check_fails_on_a_missing_opening_fence),
		TEST(check_fails_on_a_missing_closing_fence),
		TEST(check_fails_on_a_region_no_excerpt_uses),
		TEST(check_fails_on_broken_markers_in_a_source_no_excerpt_reads),
		TEST(check_knows_a_file_however_the_book_names_it),
		TEST(check_lists_the_book_lines_in_order_then_the_sources),
		TEST(check_out_writes_the_refreshed_book),
		TEST(check_of_a_missing_book_cannot_run),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
