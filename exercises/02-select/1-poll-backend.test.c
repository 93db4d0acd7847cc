/* 1-poll-backend.test.c — your exercise_poll_select, as a selector backend. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "1-poll-backend.h"
#include "support.h"

/* Your backend, as a class: the selector calls your function for its waits. */
static const ss_selector_class your_poll_selector = {
	.name = "PollSelector (yours)",
	.backend = "poll",
	.select = exercise_poll_select,
};

static ss_selector *selector;
static int pair[2];

static int
setup(void **state)
{
	(void)state;
	support_watchdog(30);
	selector = ss_selector_new(&your_poll_selector);
	if (selector == NULL)
		return -1;
	return socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair);
}

static int
teardown(void **state)
{
	(void)state;
	ss_selector_free(selector);
	close(pair[0]);
	if (pair[1] >= 0)
		close(pair[1]);
	return 0;
}

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void
reports_a_readable_fd(void **state)
{
	ss_selector_ready ready[2];
	int data;

	(void)state;
	assert_int_equal(ss_selector_register(selector, pair[0], SS_EVENT_READ, &data), 0);
	assert_int_equal(ss_selector_select(selector, 0, ready, 2), 0);
	assert_int_equal(write(pair[1], "x", 1), 1);
	assert_int_equal(ss_selector_select(selector, 5, ready, 2), 1);
	assert_int_equal(ready[0].fd, pair[0]);
	assert_int_equal(ready[0].events, SS_EVENT_READ);
	assert_ptr_equal(ready[0].data, &data);
}

static void
reports_a_writable_fd_and_only_what_was_asked(void **state)
{
	ss_selector_ready ready[2];

	(void)state;
	assert_int_equal(write(pair[1], "x", 1), 1); /* readable too, but not asked */
	assert_int_equal(ss_selector_register(selector, pair[0], SS_EVENT_WRITE, NULL), 0);
	assert_int_equal(ss_selector_select(selector, 5, ready, 2), 1);
	assert_int_equal(ready[0].events, SS_EVENT_WRITE);
	assert_int_equal(ss_selector_modify(selector, pair[0], SS_EVENT_READ | SS_EVENT_WRITE, NULL), 0);
	assert_int_equal(ss_selector_select(selector, 5, ready, 2), 1);
	assert_int_equal(ready[0].events, SS_EVENT_READ | SS_EVENT_WRITE);
}

static void
a_hangup_wakes_the_reader(void **state)
{
	ss_selector_ready ready[2];

	(void)state;
	assert_int_equal(ss_selector_register(selector, pair[0], SS_EVENT_READ, NULL), 0);
	close(pair[1]);
	pair[1] = -1;
	assert_int_equal(ss_selector_select(selector, 5, ready, 2), 1);
	assert_int_equal(ready[0].events, SS_EVENT_READ);
}

/* Only the ready fd is reported: the others' ready must be 0, this time too. */
static void
reports_only_the_fds_that_are_ready(void **state)
{
	int other[2];
	ss_selector_ready ready[2];

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, other), 0);
	assert_int_equal(ss_selector_register(selector, pair[0], SS_EVENT_READ, NULL), 0);
	assert_int_equal(ss_selector_register(selector, other[0], SS_EVENT_READ, NULL), 0);
	assert_int_equal(write(other[1], "x", 1), 1);
	assert_int_equal(ss_selector_select(selector, 5, ready, 2), 1);
	assert_int_equal(ready[0].fd, other[0]);
	char byte;
	assert_int_equal(read(other[0], &byte, 1), 1);
	assert_int_equal(write(pair[1], "x", 1), 1);
	assert_int_equal(ss_selector_select(selector, 5, ready, 2), 1);
	assert_int_equal(ready[0].fd, pair[0]);
	close(other[0]);
	close(other[1]);
}

static void
the_timeout_is_honoured_and_never_cut_short(void **state)
{
	ss_selector_ready ready[2];
	double start;

	(void)state;
	assert_int_equal(ss_selector_register(selector, pair[0], SS_EVENT_READ, NULL), 0);
	start = now();
	assert_int_equal(ss_selector_select(selector, 0.1, ready, 2), 0);
	assert_true(now() - start >= 0.099);
	assert_true(now() - start < 3);
	/* half a millisecond is not "do not wait" */
	start = now();
	assert_int_equal(ss_selector_select(selector, 0.0005, ready, 2), 0);
	assert_true(now() - start >= 0.0005);
}

/* poll has no FD_SETSIZE limit: an fd numbered FD_SETSIZE works. */
static void
watches_an_fd_above_fd_setsize(void **state)
{
	struct rlimit limit;
	ss_selector_ready ready[2];

	(void)state;
	getrlimit(RLIMIT_NOFILE, &limit);
	if (limit.rlim_cur <= FD_SETSIZE) {
		if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max <= FD_SETSIZE)
			skip();
		limit.rlim_cur = FD_SETSIZE + 1;
		assert_int_equal(setrlimit(RLIMIT_NOFILE, &limit), 0);
	}
	assert_int_equal(dup2(pair[0], FD_SETSIZE), FD_SETSIZE);
	assert_int_equal(ss_selector_register(selector, FD_SETSIZE, SS_EVENT_READ, NULL), 0);
	assert_int_equal(write(pair[1], "x", 1), 1);
	assert_int_equal(ss_selector_select(selector, 5, ready, 2), 1);
	assert_int_equal(ready[0].fd, FD_SETSIZE);
	close(FD_SETSIZE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(reports_a_readable_fd, setup, teardown),
		cmocka_unit_test_setup_teardown(reports_a_writable_fd_and_only_what_was_asked, setup, teardown),
		cmocka_unit_test_setup_teardown(a_hangup_wakes_the_reader, setup, teardown),
		cmocka_unit_test_setup_teardown(reports_only_the_fds_that_are_ready, setup, teardown),
		cmocka_unit_test_setup_teardown(the_timeout_is_honoured_and_never_cut_short, setup, teardown),
		cmocka_unit_test_setup_teardown(watches_an_fd_above_fd_setsize, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
