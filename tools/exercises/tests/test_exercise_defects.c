/* exercise_defects: what the learner's runner and the repository's check require. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../exercise_defects.h"
#include "fixture.h"

static int
make_repository(void **state)
{
	char *root = fixture_create();
	fixture_add_exercise(root, "01-a/1-x", "fail", "pass");
	*state = root;
	return 0;
}

static int
remove_repository(void **state)
{
	fixture_destroy(*state);
	return 0;
}

/* The defects of the only exercise, as each scope sees them. */
static void
defects_of(const char *root, char **for_learner, char **for_verify)
{
	struct exercise_list list;
	assert_int_equal(exercise_list_load(root, &list, stderr), 0);
	assert_int_equal(list.count, 1);
	*for_learner = exercise_defects(root, &list.items[0], DEFECTS_FOR_LEARNER);
	*for_verify = exercise_defects(root, &list.items[0], DEFECTS_FOR_VERIFY);
	exercise_list_free(&list);
}

static void
a_complete_exercise_has_none(void **state)
{
	char *learner, *verify;
	defects_of(*state, &learner, &verify);
	assert_null(learner);
	assert_null(verify);
}

/* Missing files that both the runner and verify report. */
static void
expect_missing_for_both(const char *root, const char *relative)
{
	fixture_delete(root, relative);
	char *learner, *verify;
	defects_of(root, &learner, &verify);
	assert_non_null(learner);
	assert_non_null(verify);
	char expected[256];
	snprintf(expected, sizeof expected, "missing %s", relative);
	assert_contains(learner, expected);
	assert_contains(verify, expected);
	free(learner);
	free(verify);
}

static void
a_missing_hint_is_reported(void **state)
{
	expect_missing_for_both(*state, "exercises/01-a/1-x.hint.md");
}

static void
a_missing_test_is_reported(void **state)
{
	expect_missing_for_both(*state, "exercises/01-a/1-x.test.c");
}

static void
a_missing_stub_is_reported(void **state)
{
	expect_missing_for_both(*state, "exercises/01-a/1-x.c");
}

static void
a_missing_solution_is_reported_by_verify_only(void **state)
{
	fixture_delete(*state, "exercises/solutions/01-a/1-x.c");
	char *learner, *verify;
	defects_of(*state, &learner, &verify);
	assert_null(learner);
	assert_non_null(verify);
	assert_contains(verify, "missing exercises/solutions/01-a/1-x.c");
	free(verify);
}

/* The learner may well delete the to-do marker once done; only the shipped stub must have it. */
static void
a_stub_without_todo_is_reported_by_verify_only(void **state)
{
	fixture_set_stub(*state, "01-a/1-x", "/* BEHAVIOUR=fail */\n");
	char *learner, *verify;
	defects_of(*state, &learner, &verify);
	assert_null(learner);
	assert_non_null(verify);
	assert_contains(verify, "exercises/01-a/1-x.c has no " "TO" "DO");
	free(verify);
}

static void
several_defects_are_all_reported(void **state)
{
	fixture_delete(*state, "exercises/01-a/1-x.hint.md");
	fixture_delete(*state, "exercises/01-a/1-x.test.c");
	char *learner, *verify;
	defects_of(*state, &learner, &verify);
	assert_contains(learner, "missing exercises/01-a/1-x.test.c");
	assert_contains(learner, "missing exercises/01-a/1-x.hint.md");
	free(learner);
	free(verify);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_complete_exercise_has_none,
		                                make_repository, remove_repository),
		cmocka_unit_test_setup_teardown(a_missing_hint_is_reported,
		                                make_repository, remove_repository),
		cmocka_unit_test_setup_teardown(a_missing_test_is_reported,
		                                make_repository, remove_repository),
		cmocka_unit_test_setup_teardown(a_missing_stub_is_reported,
		                                make_repository, remove_repository),
		cmocka_unit_test_setup_teardown(a_missing_solution_is_reported_by_verify_only,
		                                make_repository, remove_repository),
		cmocka_unit_test_setup_teardown(a_stub_without_todo_is_reported_by_verify_only,
		                                make_repository, remove_repository),
		cmocka_unit_test_setup_teardown(several_defects_are_all_reported,
		                                make_repository, remove_repository),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
