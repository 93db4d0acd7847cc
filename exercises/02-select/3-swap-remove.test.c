/* 3-swap-remove.test.c — exercise_table_remove, against a plain list of
 * what the table should hold: a few hand-picked cases, then a few thousand
 * random adds and removes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "3-swap-remove.h"

static key_table table;
static int data_of[TABLE_FDS]; /* each fd's data pointer points at its own slot here */
static bool expected[TABLE_FDS]; /* should fd be in the table? */

static void
add(int fd)
{
	if (table_add(&table, fd, SS_EVENT_READ, &data_of[fd]) != 0)
		fail_msg("the test could not add fd %d (errno %d)", fd, errno);
	expected[fd] = true;
}

static void
remove_fd(int fd, const char *situation)
{
	errno = 0;
	int result = exercise_table_remove(&table, fd);

	if (expected[fd] && result != 0)
		fail_msg("%s: removing fd %d, which is in the table, returned %d (errno %d); "
		         "expected 0", situation, fd, result, errno);
	if (!expected[fd] && (result != -1 || errno != ENOENT))
		fail_msg("%s: removing fd %d, which is not in the table, returned %d; expected -1 "
		         "with ENOENT", situation, fd, result);
	expected[fd] = false;
}

/* Every fd is found exactly when it should be, with its own key. */
static void
check_every_fd(const char *situation)
{
	int present = 0;

	for (int fd = 0; fd < TABLE_FDS; fd++) {
		ss_selector_key *key = table_find(&table, fd);

		if (expected[fd])
			present++;
		if (expected[fd] && key == NULL)
			fail_msg("%s: fd %d is in the table but table_find() no longer finds it: "
			         "position[%d] points outside keys[0..count)?", situation, fd, fd);
		if (!expected[fd] && key != NULL)
			fail_msg("%s: fd %d was removed, but table_find() still finds a key for it "
			         "(the key of fd %d)", situation, fd, key->fd);
		if (key != NULL && key - table.keys >= table.count)
			fail_msg("%s: table_find(%d) gives keys[%d], past the end of the table "
			         "(count %d): position[%d] was not updated when that key moved",
			         situation, fd, (int)(key - table.keys), table.count, fd);
		if (key != NULL && (key->fd != fd || key->data != &data_of[fd]))
			fail_msg("%s: table_find(%d) gives the key of fd %d: position[%d] was not "
			         "updated when that key moved", situation, fd, key->fd, fd);
	}
	if (table.count != present)
		fail_msg("%s: count is %d; expected %d keys", situation, table.count, present);
}

static int
setup(void **state)
{
	(void)state;
	table_init(&table);
	memset(expected, 0, sizeof expected);
	return 0;
}

static void
removing_the_only_key(void **state)
{
	(void)state;
	add(3);
	remove_fd(3, "the only key removed");
	check_every_fd("the only key removed");
}

static void
removing_a_key_in_the_middle(void **state)
{
	(void)state;
	add(3), add(4), add(5), add(6);
	remove_fd(4, "fd 4 removed from 3, 4, 5, 6");
	check_every_fd("fd 4 removed from 3, 4, 5, 6");
	remove_fd(3, "then fd 3 removed");
	check_every_fd("then fd 3 removed");
}

static void
removing_the_last_key(void **state)
{
	(void)state;
	add(3), add(4), add(5);
	remove_fd(5, "fd 5, the last key, removed from 3, 4, 5");
	check_every_fd("fd 5, the last key, removed from 3, 4, 5");
}

static void
removing_what_is_not_there(void **state)
{
	(void)state;
	add(3);
	remove_fd(7, "fd 7, never added, removed");
	remove_fd(3, "fd 3 removed");
	remove_fd(3, "fd 3 removed a second time");
	check_every_fd("after removing what is not there");
}

/* A few thousand adds and removes, in a fixed pseudo-random order. */
static void
many_adds_and_removes(void **state)
{
	uint32_t random = 12345;

	(void)state;
	for (int step = 0; step < 5000; step++) {
		random = random * 1103515245u + 12345u;
		int fd = (int)((random >> 16) % 48);
		char situation[64];

		if (expected[fd]) {
			snprintf(situation, sizeof situation, "step %d: fd %d removed", step, fd);
			remove_fd(fd, situation);
		} else {
			snprintf(situation, sizeof situation, "step %d: fd %d added", step, fd);
			add(fd);
		}
		check_every_fd(situation);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(removing_the_only_key, setup),
		cmocka_unit_test_setup(removing_a_key_in_the_middle, setup),
		cmocka_unit_test_setup(removing_the_last_key, setup),
		cmocka_unit_test_setup(removing_what_is_not_there, setup),
		cmocka_unit_test_setup(many_adds_and_removes, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
