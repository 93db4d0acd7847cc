/* options: the command line. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../options.h"
#include "fixture.h"

/* Parses the arguments after the program name; returns options_parse's result. */
static int
parse(struct options *options, char **errors, int count, ...)
{
	char *argv[16] = { "exercises" };
	va_list args;
	va_start(args, count);
	for (int i = 0; i < count; i++)
		argv[i + 1] = va_arg(args, char *);
	va_end(args);

	size_t length;
	FILE *err = open_memstream(errors, &length);
	int status = options_parse(count + 1, argv, options, err);
	fclose(err);
	return status;
}

static void
defaults_to_run_here_with_a_minute(void **state)
{
	(void)state;
	struct options options;
	char *errors;
	assert_int_equal(parse(&options, &errors, 0), 0);
	assert_int_equal(options.command, COMMAND_RUN);
	assert_string_equal(options.root, ".");
	assert_string_equal(options.build_dir, "build/normal");
	assert_true(options.timeout_seconds == 60);
	free(errors);
}

static void
reads_the_command_and_options_in_any_order(void **state)
{
	(void)state;
	struct options options;
	char *errors;
	assert_int_equal(parse(&options, &errors, 6, "--root", "/repo", "verify",
	                       "--build-dir=build/asan", "--timeout", "2.5"), 0);
	assert_int_equal(options.command, COMMAND_VERIFY);
	assert_string_equal(options.root, "/repo");
	assert_string_equal(options.build_dir, "build/asan");
	assert_true(options.timeout_seconds == 2.5);
	free(errors);

	assert_int_equal(parse(&options, &errors, 1, "list"), 0);
	assert_int_equal(options.command, COMMAND_LIST);
	free(errors);

	assert_int_equal(parse(&options, &errors, 2, "list", "--help"), 0);
	assert_int_equal(options.command, COMMAND_HELP);
	free(errors);
}

static void
expect_usage_error(int count, char *first, char *second, const char *message)
{
	struct options options;
	char *errors;
	assert_int_equal(parse(&options, &errors, count, first, second), -1);
	assert_contains(errors, message);
	assert_contains(errors, "usage: exercises");
	free(errors);
}

static void
rejects_what_it_does_not_know(void **state)
{
	(void)state;
	expect_usage_error(1, "frobnicate", NULL, "unknown command: frobnicate");
	expect_usage_error(1, "--verbose", NULL, "unknown option: --verbose");
	expect_usage_error(2, "run", "list", "one command only");
	expect_usage_error(1, "--root", NULL, "missing the value of: --root");
	expect_usage_error(2, "--timeout", "0", "--timeout needs a number");
	expect_usage_error(2, "--timeout", "soon", "--timeout needs a number");
	expect_usage_error(1, "--root=", NULL, "an empty directory name");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults_to_run_here_with_a_minute),
		cmocka_unit_test(reads_the_command_and_options_in_any_order),
		cmocka_unit_test(rejects_what_it_does_not_know),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
