/* test_selector.c — the selector layer, every test on both backends.
 *
 * Each test runs twice, once with ss_select_selector and once with
 * ss_poll_selector, on a socketpair: pair[0] is watched, pair[1] is the peer
 * that makes it readable (by writing) or writable (by reading). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "selector.h"
#include "stop.h"
#include "support.h"

/* Generous: the upper bound only catches a timeout that is not honoured at
 * all; sanitizers and a loaded machine make waits late, never early. */
#define LATE_TOLERANCE 2.0

typedef struct fixture {
	const ss_selector_class *backend;
	ss_selector *selector;
	int pair[2];
} fixture;

static bool
is_select(const fixture *f)
{
	return f->backend == &ss_select_selector;
}

static int
setup(void **state)
{
	static fixture f;

	support_watchdog(60);
	ss_clear_stop();
	f.backend = *state; /* the prestate: which backend */
	f.selector = ss_selector_new(f.backend);
	if (f.selector == NULL || socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, f.pair) == -1)
		return -1;
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	fixture *f = *state;

	ss_selector_free(f->selector);
	if (f->pair[0] >= 0)
		close(f->pair[0]);
	if (f->pair[1] >= 0)
		close(f->pair[1]);
	ss_clear_stop();
	return 0;
}

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Fill fd's send buffer until the kernel takes no more. */
static void
fill(int fd)
{
	static char block[65536];

	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	while (send(fd, block, sizeof block, MSG_NOSIGNAL) > 0)
		;
	assert_true(errno == EAGAIN || errno == EWOULDBLOCK);
}

/* Read everything fd has now. */
static void
drain(int fd)
{
	char block[65536];

	while (recv(fd, block, sizeof block, MSG_DONTWAIT) > 0)
		;
}

static void
starts_empty_and_names_its_backend(void **state)
{
	fixture *f = *state;

	assert_int_equal(ss_selector_count(f->selector), 0);
	assert_string_equal(ss_selector_backend_name(f->selector), is_select(f) ? "select" : "poll");
}

static void
reports_a_readable_fd_with_its_data(void **state)
{
	fixture *f = *state;
	ss_selector_ready ready[4];
	int data;

	assert_int_equal(ss_selector_register(f->selector, f->pair[0], SS_EVENT_READ, &data), 0);
	assert_int_equal(ss_selector_count(f->selector), 1);
	assert_int_equal(ss_selector_select(f->selector, 0, ready, 4), 0); /* nothing yet */

	assert_int_equal(write(f->pair[1], "x", 1), 1);
	assert_int_equal(ss_selector_select(f->selector, 5, ready, 4), 1);
	assert_int_equal(ready[0].fd, f->pair[0]);
	assert_int_equal(ready[0].events, SS_EVENT_READ);
	assert_ptr_equal(ready[0].data, &data);
}

/* The hint a wait leaves (stop.h), which ss_recv and ss_accept use: set
 * when the select found the fd readable, gone after a select that did not. */
static void
leaves_the_readable_hint_for_recv_and_accept(void **state)
{
	fixture *f = *state;
	ss_selector_ready ready[4];

	assert_int_equal(ss_selector_register(f->selector, f->pair[0], SS_EVENT_READ, NULL), 0);
	assert_int_equal(write(f->pair[1], "x", 1), 1);
	assert_int_equal(ss_selector_select(f->selector, 5, ready, 4), 1);
	assert_true(ss_stop_wait_found_readable(f->pair[0]));
	assert_false(ss_stop_wait_found_readable(f->pair[0])); /* asking spends it */

	assert_int_equal(ss_selector_select(f->selector, 5, ready, 4), 1);
	drain(f->pair[0]);
	assert_int_equal(ss_selector_select(f->selector, 0, ready, 4), 0);
	assert_false(ss_stop_wait_found_readable(f->pair[0])); /* the last select found nothing */
}

static void
reports_writable_and_not_when_the_buffer_is_full(void **state)
{
	fixture *f = *state;
	ss_selector_ready ready[4];

	assert_int_equal(ss_selector_register(f->selector, f->pair[0], SS_EVENT_WRITE, NULL), 0);
	assert_int_equal(ss_selector_select(f->selector, 5, ready, 4), 1);
	assert_int_equal(ready[0].events, SS_EVENT_WRITE);

	fill(f->pair[0]);
	assert_int_equal(ss_selector_select(f->selector, 0, ready, 4), 0);

	drain(f->pair[1]); /* the peer reads: room again */
	assert_int_equal(ss_selector_select(f->selector, 5, ready, 4), 1);
	assert_int_equal(ready[0].events, SS_EVENT_WRITE);
}

static void
reports_read_and_write_together(void **state)
{
	fixture *f = *state;
	ss_selector_ready ready[4];

	assert_int_equal(write(f->pair[1], "x", 1), 1);
	assert_int_equal(ss_selector_register(f->selector, f->pair[0], SS_EVENT_READ | SS_EVENT_WRITE, NULL), 0);
	assert_int_equal(ss_selector_select(f->selector, 5, ready, 4), 1);
	assert_int_equal(ready[0].events, SS_EVENT_READ | SS_EVENT_WRITE);
}

static void
reports_eof_as_readable(void **state)
{
	fixture *f = *state;
	ss_selector_ready ready[4];
	char byte;

	assert_int_equal(ss_selector_register(f->selector, f->pair[0], SS_EVENT_READ, NULL), 0);
	close(f->pair[1]);
	f->pair[1] = -1;
	assert_int_equal(ss_selector_select(f->selector, 5, ready, 4), 1);
	assert_int_equal(ready[0].events, SS_EVENT_READ);
	assert_int_equal(recv(f->pair[0], &byte, 1, 0), 0); /* and the read says EOF */
}

static void
zero_timeout_just_looks(void **state)
{
	fixture *f = *state;
	ss_selector_ready ready[4];
	double start = now();

	assert_int_equal(ss_selector_register(f->selector, f->pair[0], SS_EVENT_READ, NULL), 0);
	assert_int_equal(ss_selector_select(f->selector, 0, ready, 4), 0);
	assert_true(now() - start < LATE_TOLERANCE);
}

static void
timeout_expires_within_tolerance(void **state)
{
	fixture *f = *state;
	ss_selector_ready ready[4];
	const double timeouts[] = {0.05, 0.2};

	assert_int_equal(ss_selector_register(f->selector, f->pair[0], SS_EVENT_READ, NULL), 0);
	for (size_t i = 0; i < sizeof timeouts / sizeof timeouts[0]; i++) {
		double start = now(), elapsed;

		assert_int_equal(ss_selector_select(f->selector, timeouts[i], ready, 4), 0);
		elapsed = now() - start;
		assert_true(elapsed >= timeouts[i] - 0.001); /* never early */
		assert_true(elapsed < timeouts[i] + LATE_TOLERANCE);
	}
}

static void
waits_with_nothing_registered(void **state)
{
	fixture *f = *state;
	ss_selector_ready ready[1];
	double start = now();

	assert_int_equal(ss_selector_select(f->selector, 0.05, ready, 1), 0);
	assert_true(now() - start >= 0.049);
}

static void
unregister_stops_watching(void **state)
{
	fixture *f = *state;
	ss_selector_ready ready[4];

	assert_int_equal(ss_selector_register(f->selector, f->pair[0], SS_EVENT_READ, NULL), 0);
	assert_int_equal(write(f->pair[1], "x", 1), 1);
	assert_int_equal(ss_selector_unregister(f->selector, f->pair[0]), 0);
	assert_int_equal(ss_selector_count(f->selector), 0);
	assert_int_equal(ss_selector_select(f->selector, 0, ready, 4), 0);

	errno = 0;
	assert_int_equal(ss_selector_unregister(f->selector, f->pair[0]), -1);
	assert_int_equal(errno, ENOENT);
	/* and it can be registered again */
	assert_int_equal(ss_selector_register(f->selector, f->pair[0], SS_EVENT_READ, NULL), 0);
	assert_int_equal(ss_selector_select(f->selector, 5, ready, 4), 1);
}

static void
modify_changes_events_and_data(void **state)
{
	fixture *f = *state;
	ss_selector_ready ready[4];
	int first, second;

	assert_int_equal(ss_selector_register(f->selector, f->pair[0], SS_EVENT_READ, &first), 0);
	assert_int_equal(ss_selector_select(f->selector, 0, ready, 4), 0); /* not readable */

	assert_int_equal(ss_selector_modify(f->selector, f->pair[0], SS_EVENT_WRITE, &second), 0);
	assert_int_equal(ss_selector_select(f->selector, 5, ready, 4), 1);
	assert_int_equal(ready[0].events, SS_EVENT_WRITE);
	assert_ptr_equal(ready[0].data, &second);
	assert_int_equal(ss_selector_count(f->selector), 1);

	errno = 0;
	assert_int_equal(ss_selector_modify(f->selector, f->pair[1], SS_EVENT_READ, NULL), -1);
	assert_int_equal(errno, ENOENT);
	errno = 0;
	assert_int_equal(ss_selector_modify(f->selector, f->pair[0], 0, NULL), -1);
	assert_int_equal(errno, EINVAL);
}

static void
register_refuses_bad_arguments(void **state)
{
	fixture *f = *state;

	errno = 0;
	assert_int_equal(ss_selector_register(f->selector, -1, SS_EVENT_READ, NULL), -1);
	assert_int_equal(errno, EINVAL);
	errno = 0;
	assert_int_equal(ss_selector_register(f->selector, f->pair[0], 0, NULL), -1);
	assert_int_equal(errno, EINVAL);
	errno = 0;
	assert_int_equal(ss_selector_register(f->selector, f->pair[0], 1 << 5, NULL), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(ss_selector_count(f->selector), 0);

	assert_int_equal(ss_selector_register(f->selector, f->pair[0], SS_EVENT_READ, NULL), 0);
	errno = 0;
	assert_int_equal(ss_selector_register(f->selector, f->pair[0], SS_EVENT_WRITE, NULL), -1);
	assert_int_equal(errno, EEXIST);
	assert_non_null(strstr(ss_error(), "already registered"));
	assert_int_equal(ss_selector_count(f->selector), 1);
}

/* 12 fds stay readable, room for 5 a call: the first 12 reports, over three
 * calls, name each fd once — none is left behind for the ones before it. */
static void
a_small_ready_array_reports_every_fd_in_turn(void **state)
{
	fixture *f = *state;
	enum { PAIRS = 12, ROOM = 5 };
	int pairs[PAIRS][2], seen[PAIRS] = {0}, reports = 0;
	ss_selector_ready ready[ROOM];

	for (int i = 0; i < PAIRS; i++) {
		assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pairs[i]), 0);
		assert_int_equal(write(pairs[i][1], "x", 1), 1);
		assert_int_equal(ss_selector_register(f->selector, pairs[i][0], SS_EVENT_READ, &seen[i]), 0);
	}
	for (int call = 0; call < 3; call++) {
		assert_int_equal(ss_selector_select(f->selector, 5, ready, ROOM), ROOM);
		for (int i = 0; i < ROOM; i++)
			if (reports++ < PAIRS)
				(*(int *)ready[i].data)++;
	}
	for (int i = 0; i < PAIRS; i++) {
		assert_int_equal(seen[i], 1);
		close(pairs[i][0]);
		close(pairs[i][1]);
	}
}

/* Why Python's socketserver picks poll or select over epoll: neither needs an
 * fd of its own. Nor does ours, and it leaks none. */
static void
uses_no_file_descriptor(void **state)
{
	fixture *f = *state;
	ss_selector_ready ready[2];
	int before = support_fd_count();
	ss_selector *other = ss_selector_new(f->backend);

	assert_non_null(other);
	assert_int_equal(support_fd_count(), before);
	assert_int_equal(ss_selector_register(other, f->pair[0], SS_EVENT_WRITE, NULL), 0);
	assert_int_equal(ss_selector_select(other, 5, ready, 2), 1);
	ss_selector_free(other);
	assert_int_equal(support_fd_count(), before);
}

/* The guard: select() cannot watch fd FD_SETSIZE; registering it must fail
 * cleanly (FD_SET on it would write past the fd_set). poll() watches it. */
static void
fd_setsize_guard(void **state)
{
	fixture *f = *state;
	struct rlimit saved, raised;
	ss_selector_ready ready[2];
	const int high = FD_SETSIZE;
	char number[16];

	assert_int_equal(getrlimit(RLIMIT_NOFILE, &saved), 0);
	if (saved.rlim_cur <= (rlim_t)high) {
		if (saved.rlim_max != RLIM_INFINITY && saved.rlim_max <= (rlim_t)high)
			skip(); /* the hard limit allows no fd that high */
		raised = saved;
		raised.rlim_cur = (rlim_t)high + 1;
		assert_int_equal(setrlimit(RLIMIT_NOFILE, &raised), 0);
	}
	assert_int_equal(fcntl(high, F_GETFD), -1); /* not in use */
	assert_int_equal(dup2(f->pair[0], high), high);

	errno = 0;
	if (is_select(f)) {
		assert_int_equal(ss_selector_register(f->selector, high, SS_EVENT_READ, NULL), -1);
		assert_int_equal(errno, EINVAL);
		snprintf(number, sizeof number, "%d", high);
		assert_non_null(strstr(ss_error(), number));
		assert_non_null(strstr(ss_error(), "FD_SETSIZE"));
		assert_int_equal(ss_selector_count(f->selector), 0);
		/* one below the limit is fine */
		assert_int_equal(dup2(f->pair[0], high - 1), high - 1);
		assert_int_equal(ss_selector_register(f->selector, high - 1, SS_EVENT_READ, NULL), 0);
		assert_int_equal(write(f->pair[1], "x", 1), 1);
		assert_int_equal(ss_selector_select(f->selector, 5, ready, 2), 1);
		assert_int_equal(ready[0].fd, high - 1);
		close(high - 1);
	} else {
		assert_int_equal(ss_selector_register(f->selector, high, SS_EVENT_READ, NULL), 0);
		assert_int_equal(write(f->pair[1], "x", 1), 1);
		assert_int_equal(ss_selector_select(f->selector, 5, ready, 2), 1);
		assert_int_equal(ready[0].fd, high);
		assert_int_equal(ready[0].events, SS_EVENT_READ);
	}
	close(high);
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &saved), 0);
}

/* Close an fd without unregistering it first — a bug in the caller. select()
 * fails the whole call with EBADF; poll() reports that fd (POLLNVAL) as ready,
 * and the caller's read then fails. Either way: an error, not a hang. */
static void
a_closed_fd_still_registered_is_an_error_not_a_hang(void **state)
{
	fixture *f = *state;
	ss_selector_ready ready[2];

	assert_int_equal(ss_selector_register(f->selector, f->pair[0], SS_EVENT_READ, NULL), 0);
	close(f->pair[0]);
	errno = 0;
	if (is_select(f)) {
		assert_int_equal(ss_selector_select(f->selector, 5, ready, 2), -1);
		assert_int_equal(errno, EBADF);
		assert_non_null(strstr(ss_error(), "select"));
	} else {
		assert_int_equal(ss_selector_select(f->selector, 5, ready, 2), 1);
		assert_int_equal(ready[0].events, SS_EVENT_READ);
	}
	ss_selector_unregister(f->selector, f->pair[0]);
	f->pair[0] = -1;
}

static volatile sig_atomic_t signals_caught;

static void
count_signal(int signal_number)
{
	(void)signal_number;
	signals_caught++;
}

/* Real signals, every 20 ms, while select waits 250 ms for nothing: each
 * interrupts the system call with EINTR. The selector must retry, with the
 * time that is left: not return early, not -1, not start the 250 ms again
 * (which, with a signal every 20 ms, would never end). */
static void
signals_do_not_cut_the_timeout_short(void **state)
{
	fixture *f = *state;
	struct sigaction action = {.sa_handler = count_signal}; /* no SA_RESTART */
	struct sigevent event = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1};
	struct itimerspec every_20ms = {.it_interval = {0, 20000000}, .it_value = {0, 20000000}};
	struct itimerspec off = {{0, 0}, {0, 0}};
	ss_selector_ready ready[2];
	timer_t timer;
	double start, elapsed;
	int n;

	sigemptyset(&action.sa_mask);
	assert_int_equal(sigaction(SIGUSR1, &action, NULL), 0);
	assert_int_equal(timer_create(CLOCK_MONOTONIC, &event, &timer), 0);
	assert_int_equal(ss_selector_register(f->selector, f->pair[0], SS_EVENT_READ, NULL), 0);

	signals_caught = 0;
	start = now();
	assert_int_equal(timer_settime(timer, 0, &every_20ms, NULL), 0);
	n = ss_selector_select(f->selector, 0.25, ready, 2);
	timer_settime(timer, 0, &off, NULL);
	elapsed = now() - start;
	timer_delete(timer);
	signal(SIGUSR1, SIG_IGN);

	assert_int_equal(n, 0);
	assert_true(signals_caught > 0);
	assert_true(elapsed >= 0.25 - 0.001);
	assert_true(elapsed < 0.25 + LATE_TOLERANCE);
}

static void
the_default_is_poll(void **state)
{
	(void)state;
	assert_ptr_equal(ss_default_selector, &ss_poll_selector);
}

/* Each test twice, named after its backend: "select: test", "poll: test". */
#define BOTH(test)                                                                  \
	{"select: " #test, test, setup, teardown, (void *)&ss_select_selector},     \
	{"poll: " #test, test, setup, teardown, (void *)&ss_poll_selector}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(starts_empty_and_names_its_backend),
		BOTH(reports_a_readable_fd_with_its_data),
		BOTH(leaves_the_readable_hint_for_recv_and_accept),
		BOTH(reports_writable_and_not_when_the_buffer_is_full),
		BOTH(reports_read_and_write_together),
		BOTH(reports_eof_as_readable),
		BOTH(zero_timeout_just_looks),
		BOTH(timeout_expires_within_tolerance),
		BOTH(waits_with_nothing_registered),
		BOTH(unregister_stops_watching),
		BOTH(modify_changes_events_and_data),
		BOTH(register_refuses_bad_arguments),
		BOTH(a_small_ready_array_reports_every_fd_in_turn),
		BOTH(uses_no_file_descriptor),
		BOTH(fd_setsize_guard),
		BOTH(a_closed_fd_still_registered_is_an_error_not_a_hang),
		BOTH(signals_do_not_cut_the_timeout_short),
		cmocka_unit_test(the_default_is_poll),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
