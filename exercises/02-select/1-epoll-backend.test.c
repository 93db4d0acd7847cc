/* 1-epoll-backend.test.c — your exercise_epoll_select, as a selector backend. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "1-epoll-backend.h"
#include "support.h"

/* Your backend, as a class: the selector calls your function for its waits. */
static const ss_selector_class your_epoll_selector = {
	.name = "EpollSelector (yours)",
	.backend = "epoll",
	.select = exercise_epoll_select,
};

static ss_selector *selector;
static int pair[2];

static int
setup(void **state)
{
	(void)state;
	support_watchdog(30);
	selector = ss_selector_new(&your_epoll_selector);
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

static const char *
events_text(int events)
{
	switch (events) {
	case 0: return "nothing";
	case SS_EVENT_READ: return "READ";
	case SS_EVENT_WRITE: return "WRITE";
	case SS_EVENT_READ | SS_EVENT_WRITE: return "READ|WRITE";
	default: return "a value that is no set of events";
	}
}

/* ss_selector_select(timeout) must say that exactly `expected` fds are ready. */
static void
expect_ready_count(double timeout, ss_selector_ready *ready, int expected, const char *situation)
{
	errno = 0;
	int n = ss_selector_select(selector, timeout, ready, 2);

	if (n == -1)
		fail_msg("%s: select failed (%s); expected %d ready fd(s)", situation,
		         errno == ENOSYS ? "ENOSYS: the stub is not written yet" : strerror(errno),
		         expected);
	if (n != expected)
		fail_msg("%s: select said %d fd(s) ready; expected %d", situation, n, expected);
}

static void
expect_events(int got, int expected, const char *situation)
{
	if (got != expected)
		fail_msg("%s: the fd was reported ready for %s; expected %s", situation,
		         events_text(got), events_text(expected));
}

static void
reports_a_readable_fd(void **state)
{
	ss_selector_ready ready[2];
	int data;

	(void)state;
	assert_int_equal(ss_selector_register(selector, pair[0], SS_EVENT_READ, &data), 0);
	expect_ready_count(0, ready, 0, "nothing written yet, a timeout of 0");
	assert_int_equal(write(pair[1], "x", 1), 1);
	expect_ready_count(5, ready, 1, "one byte waiting to be read");
	if (ready[0].fd != pair[0])
		fail_msg("fd %d was reported; expected the registered fd %d", ready[0].fd, pair[0]);
	expect_events(ready[0].events, SS_EVENT_READ, "one byte waiting to be read");
	if (ready[0].data != &data)
		fail_msg("the key's data pointer did not come back with its fd");
}

static void
reports_a_writable_fd_and_only_what_was_asked(void **state)
{
	ss_selector_ready ready[2];

	(void)state;
	assert_int_equal(write(pair[1], "x", 1), 1); /* readable too, but not asked */
	assert_int_equal(ss_selector_register(selector, pair[0], SS_EVENT_WRITE, NULL), 0);
	expect_ready_count(5, ready, 1, "registered for WRITE only, readable too");
	expect_events(ready[0].events, SS_EVENT_WRITE, "registered for WRITE only, readable too");
	assert_int_equal(ss_selector_modify(selector, pair[0], SS_EVENT_READ | SS_EVENT_WRITE, NULL), 0);
	expect_ready_count(5, ready, 1, "registered for READ|WRITE, readable and writable");
	expect_events(ready[0].events, SS_EVENT_READ | SS_EVENT_WRITE,
	              "registered for READ|WRITE, readable and writable");
}

static void
a_hangup_wakes_the_reader(void **state)
{
	ss_selector_ready ready[2];

	(void)state;
	assert_int_equal(ss_selector_register(selector, pair[0], SS_EVENT_READ, NULL), 0);
	close(pair[1]);
	pair[1] = -1;
	expect_ready_count(5, ready, 1, "the peer hung up (EPOLLHUP), registered for READ");
	expect_events(ready[0].events, SS_EVENT_READ, "the peer hung up, registered for READ");
}

/* Only the ready fd is reported: the others' ready must be 0, this time too. */
static void
reports_only_the_fds_that_are_ready(void **state)
{
	int other[2];
	ss_selector_ready ready[2];
	char byte;

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, other), 0);
	assert_int_equal(ss_selector_register(selector, pair[0], SS_EVENT_READ, NULL), 0);
	assert_int_equal(ss_selector_register(selector, other[0], SS_EVENT_READ, NULL), 0);
	assert_int_equal(write(other[1], "x", 1), 1);
	expect_ready_count(5, ready, 1, "the second of two fds readable");
	if (ready[0].fd != other[0])
		fail_msg("fd %d was reported; expected fd %d, the one with a byte to read",
		         ready[0].fd, other[0]);
	assert_int_equal(read(other[0], &byte, 1), 1);
	assert_int_equal(write(pair[1], "x", 1), 1);
	expect_ready_count(5, ready, 1, "now only the first fd readable");
	if (ready[0].fd != pair[0])
		fail_msg("fd %d was reported; expected fd %d: is every key's ready reset to 0 "
		         "before the answer is read?", ready[0].fd, pair[0]);
	close(other[0]);
	close(other[1]);
}

static void
the_timeout_is_honoured(void **state)
{
	ss_selector_ready ready[2];

	(void)state;
	assert_int_equal(ss_selector_register(selector, pair[0], SS_EVENT_READ, NULL), 0);
	double start = now();
	expect_ready_count(0.1, ready, 0, "nothing to read, a timeout of 0.1 s");
	double waited = now() - start;
	if (waited < 0.099 || waited > 3)
		fail_msg("a select with a timeout of 0.1 s returned after %.4f s", waited);
}

/* Called directly, once: ss_selector_select would hide a wait cut short by
 * calling again for the time left. 0.9 ms is not "do not wait". */
static void
a_fraction_of_a_millisecond_is_still_a_wait(void **state)
{
	(void)state;
	assert_int_equal(ss_selector_register(selector, pair[0], SS_EVENT_READ, NULL), 0);
	for (int round = 0; round < 3; round++) {
		double start = now();
		errno = 0;
		int n = exercise_epoll_select(selector, 0.0009);
		double waited = now() - start;

		if (n != 0)
			fail_msg("exercise_epoll_select(0.0009 s) with nothing to read returned %d (%s); "
			         "expected 0, a time-out", n, n == -1 ? strerror(errno) : "ready?");
		if (waited < 0.0009)
			fail_msg("exercise_epoll_select(0.0009 s) returned after %.6f s: a timeout "
			         "under a millisecond became 0 ms, \"do not wait\". Round it up.",
			         waited);
	}
}

static void
leaves_no_fd_open(void **state)
{
	ss_selector_ready ready[2];

	(void)state;
	assert_int_equal(ss_selector_register(selector, pair[0], SS_EVENT_READ, NULL), 0);
	int before = support_fd_count();
	expect_ready_count(0, ready, 0, "nothing to read, a timeout of 0");
	assert_int_equal(write(pair[1], "x", 1), 1);
	expect_ready_count(0, ready, 1, "one byte to read, a timeout of 0");
	int after = support_fd_count();
	if (after != before)
		fail_msg("%d fd(s) open before two selects, %d after: close the epoll instance "
		         "on every way out", before, after);
}

/* epoll has no FD_SETSIZE limit: an fd numbered FD_SETSIZE works. */
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
	expect_ready_count(5, ready, 1, "fd FD_SETSIZE readable");
	if (ready[0].fd != FD_SETSIZE)
		fail_msg("fd %d was reported; expected fd %d", ready[0].fd, FD_SETSIZE);
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
		cmocka_unit_test_setup_teardown(the_timeout_is_honoured, setup, teardown),
		cmocka_unit_test_setup_teardown(a_fraction_of_a_millisecond_is_still_a_wait, setup, teardown),
		cmocka_unit_test_setup_teardown(leaves_no_fd_open, setup, teardown),
		cmocka_unit_test_setup_teardown(watches_an_fd_above_fd_setsize, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
