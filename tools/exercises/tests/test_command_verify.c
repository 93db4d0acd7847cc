/* exercises verify: every solution passes, every untouched stub fails. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../commands.h"
#include "fixture.h"

static int
make_repository(void **state)
{
	char *root = fixture_create();
	fixture_add_exercise(root, "01-a/1-good", "fail", "pass");
	*state = root;
	return 0;
}

static int
remove_repository(void **state)
{
	fixture_destroy(*state);
	return 0;
}

static void
a_sound_repository_passes_and_says_how_each_stub_fails(void **state)
{
	const char *root = *state;
	fixture_add_exercise(root, "01-a/2-uncompiled", "nocompile", "pass");

	struct captured verify = capture_command(command_verify, root, NULL, 0);
	assert_int_equal(verify.status, 0);
	size_t good = position_of(verify.out, "ok    01-a/1-good: solution passes, stub fails (test fails)\n");
	size_t other = position_of(verify.out,
	                           "ok    01-a/2-uncompiled: solution passes, stub fails (does not compile)\n");
	size_t summary = position_of(verify.out, "exercises: 2 passed, 0 failed\n");
	assert_true(good < other && other < summary);
	assert_int_equal(summary + strlen("exercises: 2 passed, 0 failed\n"), strlen(verify.out));
	captured_free(&verify);
}

/* Each case adds one bad exercise to the good one: 1 passed, 1 failed. */
static void
expect_one_failure(const char *root, const char *expected_line, double timeout_seconds)
{
	struct captured verify = capture_command(command_verify, root, NULL, timeout_seconds);
	assert_int_equal(verify.status, 1);
	assert_contains(verify.out, "ok    01-a/1-good:");
	assert_contains(verify.out, expected_line);
	assert_contains(verify.out, "\nexercises: 1 passed, 1 failed\n");
	captured_free(&verify);
}

static void
a_stub_that_passes_untouched_fails_the_check(void **state)
{
	fixture_add_exercise(*state, "01-a/2-too-easy", "pass", "pass");
	expect_one_failure(*state, "FAIL  01-a/2-too-easy: solution passes; stub passes untouched", 0);
}

static void
a_solution_that_fails_fails_the_check_and_shows_why(void **state)
{
	fixture_add_exercise(*state, "01-a/2-wrong", "fail", "fail");
	expect_one_failure(*state, "FAIL  01-a/2-wrong: solution: test fails; stub fails (test fails)\n"
	                           "      | building 01-a/2-wrong (solution)\n"
	                           "      | assertion failed in 01-a/2-wrong\n", 0);
}

static void
a_solution_that_does_not_compile_fails_the_check(void **state)
{
	fixture_add_exercise(*state, "01-a/2-wrong", "fail", "nocompile");
	expect_one_failure(*state, "FAIL  01-a/2-wrong: solution: does not compile;", 0);
}

static void
a_stuck_solution_fails_the_check(void **state)
{
	fixture_add_exercise(*state, "01-a/2-stuck", "fail", "hang");
	expect_one_failure(*state, "FAIL  01-a/2-stuck: solution: test stopped at the time limit", 0.5);
}

static void
a_missing_solution_fails_the_check(void **state)
{
	fixture_add_exercise(*state, "01-a/2-unsolved", "fail", "pass");
	fixture_delete(*state, "exercises/solutions/01-a/2-unsolved.c");
	expect_one_failure(*state, "FAIL  01-a/2-unsolved: missing exercises/solutions/01-a/2-unsolved.c\n", 0);
}

static void
a_missing_test_fails_the_check(void **state)
{
	fixture_add_exercise(*state, "01-a/2-untested", "fail", "pass");
	fixture_delete(*state, "exercises/01-a/2-untested.test.c");
	expect_one_failure(*state, "FAIL  01-a/2-untested: missing exercises/01-a/2-untested.test.c\n", 0);
}

static void
a_missing_hint_fails_the_check(void **state)
{
	fixture_add_exercise(*state, "01-a/2-hintless", "fail", "pass");
	fixture_delete(*state, "exercises/01-a/2-hintless.hint.md");
	expect_one_failure(*state, "FAIL  01-a/2-hintless: missing exercises/01-a/2-hintless.hint.md\n", 0);
}

static void
a_stub_without_todo_fails_the_check(void **state)
{
	fixture_add_exercise(*state, "01-a/2-silent", "fail", "pass");
	fixture_set_stub(*state, "01-a/2-silent", "/* BEHAVIOUR=fail */\n");
	expect_one_failure(*state, "FAIL  01-a/2-silent: exercises/01-a/2-silent.c has no " "TO" "DO", 0);
}

static void
a_solution_without_its_exercise_fails_the_check(void **state)
{
	fixture_write(*state, "exercises/solutions/01-a/2-orphan.c", "/* BEHAVIOUR=pass */\n");
	expect_one_failure(*state, "FAIL  01-a/2-orphan: missing exercises/01-a/2-orphan.c;", 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_sound_repository_passes_and_says_how_each_stub_fails,
		                                make_repository, remove_repository),
		cmocka_unit_test_setup_teardown(a_stub_that_passes_untouched_fails_the_check,
		                                make_repository, remove_repository),
		cmocka_unit_test_setup_teardown(a_solution_that_fails_fails_the_check_and_shows_why,
		                                make_repository, remove_repository),
		cmocka_unit_test_setup_teardown(a_solution_that_does_not_compile_fails_the_check,
		                                make_repository, remove_repository),
		cmocka_unit_test_setup_teardown(a_stuck_solution_fails_the_check,
		                                make_repository, remove_repository),
		cmocka_unit_test_setup_teardown(a_missing_solution_fails_the_check,
		                                make_repository, remove_repository),
		cmocka_unit_test_setup_teardown(a_missing_test_fails_the_check,
		                                make_repository, remove_repository),
		cmocka_unit_test_setup_teardown(a_missing_hint_fails_the_check,
		                                make_repository, remove_repository),
		cmocka_unit_test_setup_teardown(a_stub_without_todo_fails_the_check,
		                                make_repository, remove_repository),
		cmocka_unit_test_setup_teardown(a_solution_without_its_exercise_fails_the_check,
		                                make_repository, remove_repository),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
