/* test_cli.c — the command line: arguments, exit statuses, and where the
 * output goes (summaries to stdout, problems to stderr, one line each). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cli.h"
#include "fixture.h"

typedef struct run {
	int status;
	char *out;
	char *err;
} run;

/* Run book_main with the given arguments (NULL-terminated, after "book"). */
static run
book(const char *first, ...)
{
	char *argv[8] = { "book" };
	int argc = 1;
	size_t out_size, err_size;
	run result;
	FILE *out = open_memstream(&result.out, &out_size);
	FILE *err = open_memstream(&result.err, &err_size);
	va_list args;

	va_start(args, first);
	for (const char *arg = first; arg != NULL && argc < 7; arg = va_arg(args, const char *))
		argv[argc++] = (char *)arg;
	va_end(args);
	result.status = book_main(argc, argv, out, err);
	fclose(out);
	fclose(err);
	printf("%s%s", result.out, result.err);
	return result;
}

static void
run_free(run *result)
{
	free(result->out);
	free(result->err);
}

static void
check_of_a_fresh_book_exits_0_with_one_line(void **state)
{
	run result;

	(void)state;
	fixture_repository("");
	result = book("check", "book.md", NULL);
	assert_int_equal(result.status, 0);
	assert_string_equal(result.out, "book.md: OK: excerpts 2, all fresh; "
	                                "regions under chapters/ 1 (in 2 files), all used\n");
	assert_string_equal(result.err, "");
	run_free(&result);
}

static void
check_prints_one_line_per_problem_and_exits_1(void **state)
{
	run result;

	(void)state;
	fixture_repository("<!-- code: chapters/01-x/a.c#add -->\n```c\nold\n```\n<!-- /code -->\n"
	                   "<!-- code: chapters/01-x/a.c#none -->\n```c\n```\n<!-- /code -->\n");
	result = book("check", "book.md", NULL);
	assert_int_equal(result.status, 1);
	assert_string_equal(result.out, "");
	assert_string_equal(result.err,
	                    "book.md:20: excerpt chapters/01-x/a.c#add is stale (first difference at "
	                    "line 22); run `make book`\n"
	                    "book.md:25: no region or function named 'none' in chapters/01-x/a.c\n");
	run_free(&result);
}

static void
check_out_writes_the_refreshed_copy(void **state)
{
	run result;
	char *copy;

	(void)state;
	fixture_repository("");
	mkdir("build", 0755);
	result = book("check", "book.md", "--out", "build/book.md", NULL);
	assert_int_equal(result.status, 0);
	copy = fixture_read("build/book.md");
	assert_string_equal(copy, fixture_book());
	free(copy);
	run_free(&result);
}

static void
check_out_to_a_missing_directory_exits_2(void **state)
{
	run result;

	(void)state;
	fixture_repository("");
	result = book("check", "book.md", "--out", "no/such/dir/book.md", NULL);
	assert_int_equal(result.status, 2);
	assert_non_null(strstr(result.err, "book: cannot write no/such/dir/book.md"));
	run_free(&result);
}

static void
refresh_reports_what_it_did(void **state)
{
	run result;

	(void)state;
	fixture_repository("<!-- code: chapters/01-x/a.c#add -->\n```c\n```\n<!-- /code -->\n");
	result = book("refresh", "book.md", NULL);
	assert_int_equal(result.status, 0);
	assert_string_equal(result.out, "book.md: refreshed 1 of 3 excerpts\n");
	run_free(&result);
	result = book("refresh", "book.md", NULL);
	assert_int_equal(result.status, 0);
	assert_string_equal(result.out, "book.md: all 3 excerpts fresh, file untouched\n");
	run_free(&result);
}

static void
refresh_with_problems_exits_1(void **state)
{
	run result;

	(void)state;
	fixture_repository("<!-- code: chapters/01-x/gone.c#f -->\n```c\n```\n<!-- /code -->\n");
	result = book("refresh", "book.md", NULL);
	assert_int_equal(result.status, 1);
	assert_non_null(strstr(result.err, "book.md:20: cannot read chapters/01-x/gone.c"));
	assert_non_null(strstr(result.err, "book.md not rewritten"));
	run_free(&result);
}

static void
a_missing_book_exits_2(void **state)
{
	run result;

	(void)state;
	result = book("check", "nobook.md", NULL);
	assert_int_equal(result.status, 2);
	assert_string_equal(result.err, "book: cannot read nobook.md: No such file or directory\n");
	run_free(&result);
}

static void
bad_usage_exits_2_with_the_usage(void **state)
{
	const char *bad[][4] = {
		{ NULL },
		{ "check", NULL },
		{ "publish", "book.md", NULL },
		{ "refresh", "book.md", "--out", "x" },
		{ "check", "book.md", "--out", NULL },
		{ "check", "book.md", "extra.md", NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		run result = book(bad[i][0], bad[i][1], bad[i][2], bad[i][3], NULL);

		assert_int_equal(result.status, 2);
		assert_non_null(strstr(result.err, "usage: book refresh BOOK.md"));
		run_free(&result);
	}
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(check_of_a_fresh_book_exits_0_with_one_line),
		TEST(check_prints_one_line_per_problem_and_exits_1),
		TEST(check_out_writes_the_refreshed_copy),
		TEST(check_out_to_a_missing_directory_exits_2),
		TEST(refresh_reports_what_it_did),
		TEST(refresh_with_problems_exits_1),
		TEST(a_missing_book_exits_2),
		TEST(bad_usage_exits_2_with_the_usage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
