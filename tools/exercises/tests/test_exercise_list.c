/* exercise_list: which files make exercises, and their order. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../exercise_list.h"
#include "fixture.h"

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

static struct exercise_list
load(const char *root)
{
	struct exercise_list list;
	assert_int_equal(exercise_list_load(root, &list, stderr), 0);
	return list;
}

static void
orders_chapters_by_name_then_numbers_numerically(void **state)
{
	const char *root = *state;
	fixture_add_exercise(root, "02-later/1-first", "fail", "pass");
	fixture_add_exercise(root, "01-early/10-tenth", "fail", "pass");
	fixture_add_exercise(root, "01-early/2-second", "fail", "pass");
	fixture_add_exercise(root, "01-early/1-first", "fail", "pass");

	struct exercise_list list = load(root);
	assert_int_equal(list.count, 4);
	assert_string_equal(list.items[0].id, "01-early/1-first");
	assert_string_equal(list.items[1].id, "01-early/2-second");
	assert_string_equal(list.items[2].id, "01-early/10-tenth");
	assert_string_equal(list.items[3].id, "02-later/1-first");
	assert_string_equal(list.items[2].chapter, "01-early");
	assert_string_equal(list.items[2].name, "10-tenth");
	assert_int_equal(list.items[2].number, 10);
	exercise_list_free(&list);
}

static void
knows_which_of_the_four_files_exist(void **state)
{
	const char *root = *state;
	fixture_add_exercise(root, "01-a/1-complete", "fail", "pass");
	fixture_write(root, "exercises/01-a/2-only-test.test.c", "");
	fixture_write(root, "exercises/01-a/3-only-hint.hint.md", "");
	fixture_write(root, "exercises/solutions/01-a/4-only-solution.c", "");

	struct exercise_list list = load(root);
	assert_int_equal(list.count, 4);
	const struct exercise *complete = &list.items[0];
	assert_true(complete->has_stub && complete->has_test && complete->has_hint && complete->has_solution);

	const struct exercise *only_test = &list.items[1];
	assert_string_equal(only_test->id, "01-a/2-only-test");
	assert_true(only_test->has_test);
	assert_false(only_test->has_stub || only_test->has_hint || only_test->has_solution);

	const struct exercise *only_hint = &list.items[2];
	assert_true(only_hint->has_hint);
	assert_false(only_hint->has_stub || only_hint->has_test || only_hint->has_solution);

	const struct exercise *only_solution = &list.items[3];
	assert_true(only_solution->has_solution);
	assert_false(only_solution->has_stub || only_solution->has_test || only_solution->has_hint);
	exercise_list_free(&list);
}

static void
ignores_what_is_not_an_exercise(void **state)
{
	const char *root = *state;
	fixture_add_exercise(root, "01-a/1-real", "fail", "pass");
	fixture_write(root, "exercises/README.md", "");
	fixture_write(root, "exercises/01-a/notes.md", "");
	fixture_write(root, "exercises/01-a/helper.c", "");
	fixture_write(root, "exercises/01-a/1-real.o", "");
	fixture_write(root, "exercises/templates/1-template.c", "");
	fixture_write(root, "exercises/solutions/01-a/1-real.test.c", "");

	struct exercise_list list = load(root);
	assert_int_equal(list.count, 1);
	assert_string_equal(list.items[0].id, "01-a/1-real");
	exercise_list_free(&list);
}

static void
an_empty_exercises_directory_has_no_exercises(void **state)
{
	const char *root = *state;
	fixture_write(root, "exercises/solutions/.keep", "");
	struct exercise_list list = load(root);
	assert_int_equal(list.count, 0);
	exercise_list_free(&list);
}

static void
a_missing_exercises_directory_is_an_error(void **state)
{
	const char *root = *state;
	char *message;
	size_t length;
	FILE *err = open_memstream(&message, &length);
	struct exercise_list list;
	int status = exercise_list_load(root, &list, err);
	fclose(err);
	assert_int_equal(status, -1);
	assert_contains(message, "/exercises");
	free(message);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(orders_chapters_by_name_then_numbers_numerically,
		                                make_repository, remove_repository),
		cmocka_unit_test_setup_teardown(knows_which_of_the_four_files_exist,
		                                make_repository, remove_repository),
		cmocka_unit_test_setup_teardown(ignores_what_is_not_an_exercise,
		                                make_repository, remove_repository),
		cmocka_unit_test_setup_teardown(an_empty_exercises_directory_has_no_exercises,
		                                make_repository, remove_repository),
		cmocka_unit_test_setup_teardown(a_missing_exercises_directory_is_an_error,
		                                make_repository, remove_repository),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
