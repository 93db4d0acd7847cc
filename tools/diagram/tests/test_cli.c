/* cli: the command line, end to end on a small chapter. */
#include "fixture.h"

#include "cli.h"

struct run {
	char *out, *err;
	int status;
};

static struct run
run(int argc, const char **argv)
{
	struct run result;
	size_t out_size, err_size;
	FILE *out = open_memstream(&result.out, &out_size);
	FILE *err = open_memstream(&result.err, &err_size);
	result.status = diagram_cli(argc, (char **)argv, out, err);
	fclose(out);
	fclose(err);
	return result;
}

static void
run_free(struct run *result)
{
	free(result->out);
	free(result->err);
}

static void
expect_usage_error(int argc, const char **argv, const char *message)
{
	struct run result = run(argc, argv);
	assert_int_equal(result.status, EXIT_USAGE);
	assert_contains(result.err, message);
	assert_contains(result.err, "usage: diagram generate --out DIR CHAPTER_DIR...");
	run_free(&result);
}

static void
rejects_bad_usage_with_status_2(void **state)
{
	(void)state;
	const char *none[] = {"diagram"};
	expect_usage_error(1, none, "which command?");
	const char *unknown[] = {"diagram", "draw"};
	expect_usage_error(2, unknown, "unknown command");
	const char *no_chapter[] = {"diagram", "generate", "--out", "diagrams"};
	expect_usage_error(4, no_chapter, "at least one CHAPTER_DIR");
	const char *wrong_option[] = {"diagram", "check", "--out", "diagrams", "chapters/01-x"};
	expect_usage_error(5, wrong_option, "expected an option DIR");
	const char *no_file[] = {"diagram", "render", "--force"};
	expect_usage_error(3, no_file, "render needs at least one DOTFILE");
}

static void
prints_help_on_stdout(void **state)
{
	(void)state;
	const char *help[] = {"diagram", "--help"};
	struct run result = run(2, help);
	assert_int_equal(result.status, 0);
	assert_contains(result.out, "diagram render [--force] DOTFILE...");
	run_free(&result);
}

static int
make_scratch(void **state)
{
	*state = scratch_create();
	return 0;
}

static int
remove_scratch(void **state)
{
	scratch_destroy(*state);
	return 0;
}

static void
generates_renders_and_checks(void **state)
{
	const char *root = *state;
	scratch_write(root, "chapters/01-a/a.c", "int\nmain(void)\n{\n\t/*@ -> pause */\n}\n"
	                                         "/*@diagram a root=main \"A\" */\n");
	char *chapter = scratch_path(root, "chapters/01-a");
	char *diagrams = scratch_path(root, "diagrams");
	char *dot = scratch_path(root, "diagrams/a.dot");

	const char *check[] = {"diagram", "check", "--diagrams", diagrams, chapter};
	struct run before = run(5, check);
	assert_int_equal(before.status, EXIT_PROBLEMS);
	assert_contains(before.err, "a.dot: missing");

	const char *generate[] = {"diagram", "generate", "--out", diagrams, chapter};
	struct run generated = run(5, generate);
	assert_int_equal(generated.status, 0);
	const char *render[] = {"diagram", "render", dot};
	struct run rendered = run(3, render);
	assert_int_equal(rendered.status, 0);

	struct run after = run(5, check);
	assert_int_equal(after.status, EXIT_FRESH);
	assert_contains(after.out, "diagram check: 1 diagram fresh in ");

	run_free(&before);
	run_free(&generated);
	run_free(&rendered);
	run_free(&after);
	free(chapter);
	free(diagrams);
	free(dot);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rejects_bad_usage_with_status_2),
		cmocka_unit_test(prints_help_on_stdout),
		cmocka_unit_test_setup_teardown(generates_renders_and_checks, make_scratch, remove_scratch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
