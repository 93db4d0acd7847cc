/* exercises list: every exercise's state, without stopping. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../commands.h"
#include "fixture.h"

static void
lists_every_exercise_in_order_with_its_state(void **state)
{
	(void)state;
	char *root = fixture_create();
	fixture_add_exercise(root, "01-a/10-tenth", "pass", "pass");
	fixture_add_exercise(root, "01-a/2-second", "fail", "pass");
	fixture_add_exercise(root, "01-a/1-first", "pass", "pass");
	fixture_add_exercise(root, "02-b/1-broken", "nocompile", "pass");

	struct captured list = capture_command(command_list, root, NULL, 0);
	assert_int_equal(list.status, 0);
	size_t first = position_of(list.out, "done     01-a/1-first\n");
	size_t second = position_of(list.out, "not yet  01-a/2-second (test fails)\n");
	size_t tenth = position_of(list.out, "done     01-a/10-tenth\n");
	size_t broken = position_of(list.out, "not yet  02-b/1-broken (does not compile)\n");
	size_t progress = position_of(list.out, "\n2/4 done\n");
	assert_true(first < second && second < tenth && tenth < broken && broken < progress);
	/* A list, not a report: no output of builds or tests, no hints, no solutions. */
	assert_lacks(list.out, "assertion failed");
	assert_lacks(list.out, "error:");
	assert_lacks(list.out, "Hint");
	assert_lacks(list.out, "solution");
	captured_free(&list);
	fixture_destroy(root);
}

static void
a_missing_hint_is_reported(void **state)
{
	(void)state;
	char *root = fixture_create();
	fixture_add_exercise(root, "01-a/1-first", "pass", "pass");
	fixture_delete(root, "exercises/01-a/1-first.hint.md");

	struct captured list = capture_command(command_list, root, NULL, 0);
	assert_int_equal(list.status, 2);
	assert_contains(list.err, "missing exercises/01-a/1-first.hint.md");
	captured_free(&list);
	fixture_destroy(root);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lists_every_exercise_in_order_with_its_state),
		cmocka_unit_test(a_missing_hint_is_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
