/* exercises run: in order, stop at the first failure with its hint, solutions only at the end. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../commands.h"
#include "fixture.h"

#include <time.h>

static int
make_repository(void **state)
{
	*state = fixture_create();
	return 0;
}

static int
remove_repository(void **state)
{
	fixture_destroy(*state);
	return 0;
}

static void
when_all_pass_it_congratulates_and_points_to_the_solutions(void **state)
{
	const char *root = *state;
	fixture_add_exercise(root, "01-a/10-tenth", "pass", "pass");
	fixture_add_exercise(root, "01-a/2-second", "pass", "pass");
	fixture_add_exercise(root, "02-b/1-first", "pass", "pass");

	struct captured run = capture_command(command_run, root, NULL, 0);
	assert_int_equal(run.status, 0);
	size_t second = position_of(run.out, "✓ 01-a/2-second\n");
	size_t tenth = position_of(run.out, "✓ 01-a/10-tenth\n");
	size_t next_chapter = position_of(run.out, "✓ 02-b/1-first\n");
	size_t done = position_of(run.out, "\n3/3 done\n");
	assert_true(second < tenth && tenth < next_chapter && next_chapter < done);
	assert_contains(run.out, "Well done");
	char solutions[512];
	snprintf(solutions, sizeof solutions, "%s/exercises/solutions/\n", root);
	assert_true(done < position_of(run.out, solutions));
	/* Passing exercises' output (here make's) is not shown. */
	assert_lacks(run.out, "building");
	assert_lacks(run.out, "test of");
	captured_free(&run);
}

static void
stops_at_the_first_failure_with_its_output_and_hint(void **state)
{
	const char *root = *state;
	fixture_add_exercise(root, "01-a/1-first", "pass", "pass");
	fixture_add_exercise(root, "01-a/10-tenth", "fail", "pass");
	fixture_add_exercise(root, "01-a/2-second", "fail", "pass");

	struct captured run = capture_command(command_run, root, NULL, 0);
	assert_int_equal(run.status, 1);
	size_t passed = position_of(run.out, "✓ 01-a/1-first\n");
	size_t output = position_of(run.out, "assertion failed in 01-a/2-second");
	char failed_line[512];
	snprintf(failed_line, sizeof failed_line, "✗ 01-a/2-second — edit %s/exercises/01-a/2-second.c\n",
	         root);
	size_t failed = position_of(run.out, failed_line);
	size_t hint = position_of(run.out, "Hint for 01-a/2-second: read the man page.");
	size_t progress = position_of(run.out, "\n1/3 done\n");
	assert_true(passed < output && output < failed && failed < hint && hint < progress);
	assert_contains(run.out, "\n  test fails\n");

	/* Nothing after the first failure runs, nor is the end of the course announced. */
	assert_lacks(run.out, "10-tenth");
	assert_lacks(run.out, "Well done");
	char *calls = NULL;
	char log[512];
	snprintf(log, sizeof log, "%s/calls.log", root);
	FILE *file = fopen(log, "r");
	assert_non_null(file);
	size_t capacity = 0;
	assert_true(getdelim(&calls, &capacity, '\0', file) > 0);
	fclose(file);
	assert_lacks(calls, "10-tenth");
	free(calls);

	/* The solutions are never shown, nor even pointed to, before all pass. */
	assert_lacks(run.out, "solution");
	assert_lacks(run.err, "solution");
	/* Only the failing exercise's build output is shown. */
	assert_lacks(run.out, "building 01-a/1-first");
	assert_contains(run.out, "building 01-a/2-second");
	captured_free(&run);
}

static void
a_build_failure_does_not_compile_yet(void **state)
{
	const char *root = *state;
	fixture_add_exercise(root, "01-a/1-broken", "nocompile", "pass");

	struct captured run = capture_command(command_run, root, NULL, 0);
	assert_int_equal(run.status, 1);
	size_t error = position_of(run.out, "exercises/01-a/1-broken.c:1:1: error: expected ';'");
	size_t failed = position_of(run.out, "✗ 01-a/1-broken — edit ");
	assert_true(error < failed);
	assert_contains(run.out, "\n  does not compile yet\n");
	assert_contains(run.out, "\n0/1 done\n");
	captured_free(&run);
}

static void
a_stuck_test_is_stopped_at_the_time_limit(void **state)
{
	const char *root = *state;
	fixture_add_exercise(root, "01-a/1-stuck", "hang", "pass");

	struct timespec start, end;
	clock_gettime(CLOCK_MONOTONIC, &start);
	struct captured run = capture_command(command_run, root, NULL, 0.5);
	clock_gettime(CLOCK_MONOTONIC, &end);
	assert_int_equal(run.status, 1);
	assert_true(end.tv_sec - start.tv_sec < 10);
	assert_contains(run.out, "✗ 01-a/1-stuck — edit ");
	assert_contains(run.out, "\n  test stopped at the time limit of 0.5 s (--timeout)\n");
	assert_contains(run.out, "\n0/1 done\n");
	captured_free(&run);
}

/* After the learner's edit the same exercise passes and the next one is named as the failing one. */
static void
an_edit_moves_the_learner_on(void **state)
{
	const char *root = *state;
	fixture_add_exercise(root, "01-a/1-first", "fail", "pass");
	fixture_add_exercise(root, "01-a/2-second", "fail", "pass");

	struct captured before = capture_command(command_run, root, NULL, 0);
	assert_contains(before.out, "✗ 01-a/1-first");
	assert_contains(before.out, "\n0/2 done\n");
	captured_free(&before);

	/* Solved, and the to-do marker deleted: that is fine for the learner. */
	fixture_set_stub(root, "01-a/1-first", "/* BEHAVIOUR=pass */\n");
	struct captured after = capture_command(command_run, root, NULL, 0);
	assert_int_equal(after.status, 1);
	size_t passed = position_of(after.out, "✓ 01-a/1-first\n");
	size_t header = position_of(after.out, "--- 01-a/2-second: output of its build and test ---");
	assert_true(passed < header);
	assert_contains(after.out, "✗ 01-a/2-second");
	assert_contains(after.out, "\n1/2 done\n");
	captured_free(&after);
}

static void
uses_the_build_directory_it_is_given(void **state)
{
	const char *root = *state;
	fixture_add_exercise(root, "01-a/1-first", "pass", "pass");

	struct captured run = capture_command(command_run, root, "build/custom", 0);
	assert_int_equal(run.status, 0);
	assert_true(fixture_exists(root, "build/custom/exercises/01-a/1-first.learner"));
	assert_false(fixture_exists(root, "build/normal"));
	captured_free(&run);
}

/* From the repository itself (the default root "."), paths are the short ones. */
static void
prints_paths_relative_to_the_repository(void **state)
{
	const char *root = *state;
	fixture_add_exercise(root, "01-a/1-first", "fail", "pass");
	char here[4096];
	assert_non_null(getcwd(here, sizeof here));
	assert_int_equal(chdir(root), 0);
	struct captured failing = capture_command(command_run, ".", NULL, 0);
	fixture_set_stub(".", "01-a/1-first", "/* BEHAVIOUR=pass */\n");
	struct captured passing = capture_command(command_run, ".", NULL, 0);
	assert_int_equal(chdir(here), 0);

	assert_contains(failing.out, "\n✗ 01-a/1-first — edit exercises/01-a/1-first.c\n");
	assert_contains(failing.out, "Hint (exercises/01-a/1-first.hint.md):\n");
	assert_contains(passing.out, "reference solutions in exercises/solutions/\n");
	captured_free(&failing);
	captured_free(&passing);
}

static void
a_broken_repository_is_reported_before_anything_runs(void **state)
{
	const char *root = *state;
	fixture_add_exercise(root, "01-a/1-first", "pass", "pass");
	fixture_add_exercise(root, "01-a/2-second", "pass", "pass");
	fixture_delete(root, "exercises/01-a/2-second.hint.md");
	fixture_delete(root, "exercises/01-a/1-first.test.c");

	struct captured run = capture_command(command_run, root, NULL, 0);
	assert_int_equal(run.status, 2);
	assert_string_equal(run.out, "");
	assert_contains(run.err, "01-a/1-first: missing exercises/01-a/1-first.test.c");
	assert_contains(run.err, "01-a/2-second: missing exercises/01-a/2-second.hint.md");
	assert_false(fixture_exists(root, "calls.log"));
	captured_free(&run);
}

static void
a_repository_without_exercises_says_so(void **state)
{
	const char *root = *state;
	struct captured missing = capture_command(command_run, root, NULL, 0);
	assert_int_equal(missing.status, 2);
	assert_contains(missing.err, "cannot read");
	captured_free(&missing);

	fixture_write(root, "exercises/solutions/.keep", "");
	struct captured empty = capture_command(command_run, root, NULL, 0);
	assert_int_equal(empty.status, 0);
	assert_contains(empty.out, "No exercises yet");
	assert_lacks(empty.out, "Well done");
	captured_free(&empty);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(when_all_pass_it_congratulates_and_points_to_the_solutions,
		                                make_repository, remove_repository),
		cmocka_unit_test_setup_teardown(stops_at_the_first_failure_with_its_output_and_hint,
		                                make_repository, remove_repository),
		cmocka_unit_test_setup_teardown(a_build_failure_does_not_compile_yet,
		                                make_repository, remove_repository),
		cmocka_unit_test_setup_teardown(a_stuck_test_is_stopped_at_the_time_limit,
		                                make_repository, remove_repository),
		cmocka_unit_test_setup_teardown(an_edit_moves_the_learner_on,
		                                make_repository, remove_repository),
		cmocka_unit_test_setup_teardown(uses_the_build_directory_it_is_given,
		                                make_repository, remove_repository),
		cmocka_unit_test_setup_teardown(prints_paths_relative_to_the_repository,
		                                make_repository, remove_repository),
		cmocka_unit_test_setup_teardown(a_broken_repository_is_reported_before_anything_runs,
		                                make_repository, remove_repository),
		cmocka_unit_test_setup_teardown(a_repository_without_exercises_says_so,
		                                make_repository, remove_repository),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
