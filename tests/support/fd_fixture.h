/* fd_fixture.h — the cmocka fixture pair that proves a test leaks no file
 * descriptor: count_fds as its setup, no_fd_leaked as its teardown. Include
 * after <cmocka.h> and "support.h" (static: one translation unit a test).
 *
 *     cmocka_unit_test_setup_teardown(a_test, count_fds, no_fd_leaked),
 */
#ifndef SS_TEST_FD_FIXTURE_H
#define SS_TEST_FD_FIXTURE_H

static int fds_before;

static inline int
count_fds(void **state)
{
	(void)state;
	fds_before = support_fd_count();
	return 0;
}

static inline int
no_fd_leaked(void **state)
{
	(void)state;
	assert_int_equal(support_fd_count(), fds_before);
	return 0;
}

#endif
