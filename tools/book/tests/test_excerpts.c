/* test_excerpts.c — finding the excerpts of a book (the defects of their
 * markers are tested through `check`, in test_check.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "excerpts.h"
#include "fixture.h"

static void
excerpt_records_path_name_and_body_lines(void **state)
{
	lines book = fixture_lines("# Title\n"
	                           "<!-- code: chapters/a.c#f -->\n"
	                           "```c\n"
	                           "one\n"
	                           "two\n"
	                           "```\n"
	                           "<!-- /code -->\n"
	                           "<!-- code: b.h#r -->\n"
	                           "```c\n"
	                           "```\n"
	                           "<!-- /code -->\n");
	excerpt_list list = { 0 };
	problem_list problems;

	(void)state;
	problems_init(&problems);
	excerpts_parse(&book, "book.md", &list, &problems);
	assert_int_equal(problems.count, 0);
	assert_int_equal(list.count, 2);
	assert_int_equal(list.items[0].line, 2);
	assert_string_equal(list.items[0].path, "chapters/a.c");
	assert_string_equal(list.items[0].name, "f");
	assert_int_equal(list.items[0].body_begin, 3); /* "one" */
	assert_int_equal(list.items[0].body_end, 5);   /* the closing fence */
	assert_int_equal(list.items[1].line, 8);
	assert_string_equal(list.items[1].path, "b.h");
	assert_int_equal(list.items[1].body_begin, list.items[1].body_end); /* empty body */
	excerpts_free(&list);
	problems_free(&problems);
	lines_free(&book);
}

static void
markers_shown_as_text_are_not_excerpts(void **state)
{
	lines book = fixture_lines("An excerpt looks like this:\n"
	                           "\n"
	                           "    <!-- code: chapters/a.c#f -->\n"
	                           "\n"
	                           "or, in a fenced block:\n"
	                           "````markdown\n"
	                           "<!-- code: chapters/a.c#f -->\n"
	                           "```c\n"
	                           "```\n"
	                           "<!-- /code -->\n"
	                           "````\n"
	                           "~~~\n"
	                           "<!-- /code -->\n"
	                           "~~~\n");
	excerpt_list list = { 0 };
	problem_list problems;

	(void)state;
	problems_init(&problems);
	excerpts_parse(&book, "book.md", &list, &problems);
	assert_int_equal(problems.count, 0);
	assert_int_equal(list.count, 0);
	excerpts_free(&list);
	problems_free(&problems);
	lines_free(&book);
}

static void
malformed_open_marker_is_reported_not_ignored(void **state)
{
	lines book = fixture_lines("<!--code: a.c#f -->\n```c\n```\n<!-- /code -->\n"
	                           "<!-- code: a.c -->\n```c\n```\n<!-- /code -->\n");
	excerpt_list list = { 0 };
	problem_list problems;

	(void)state;
	problems_init(&problems);
	excerpts_parse(&book, "book.md", &list, &problems);
	assert_int_equal(problems.count, 2);
	assert_int_equal(problems.items[0].line, 1);
	assert_int_equal(problems.items[1].line, 5);
	assert_non_null(strstr(problems.items[1].message, "expected <!-- code: PATH#NAME -->"));
	assert_int_equal(list.count, 0);
	excerpts_free(&list);
	problems_free(&problems);
	lines_free(&book);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(excerpt_records_path_name_and_body_lines),
		cmocka_unit_test(markers_shown_as_text_are_not_excerpts),
		cmocka_unit_test(malformed_open_marker_is_reported_not_ignored),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
