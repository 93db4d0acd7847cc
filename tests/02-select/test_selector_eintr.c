/* test_selector_eintr.c — EINTR, made to order, on both backends.
 *
 * ppoll() and pselect() — what the backends wait in, so that a stop signal
 * cannot be lost (stop.h) — are wrapped (the @wrap line below): a test queues
 * interruptions, each of which may first really wait a while — a signal that
 * lands 100 ms into the wait — and the wrappers record the timeout every call
 * was given, so a test can see that a retry waits only for the time left. */
/*@wrap ppoll pselect */
#define _GNU_SOURCE /* ppoll */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "selector.h"
#include "stop.h"
#include "support.h"

int __real_ppoll(struct pollfd *fds, nfds_t count, const struct timespec *timeout,
                 const sigset_t *mask);
int __real_pselect(int count, fd_set *readers, fd_set *writers, fd_set *errors,
                   const struct timespec *timeout, const sigset_t *mask);

static int
to_ms(const struct timespec *timeout)
{
	return timeout == NULL ? -1 : (int)(timeout->tv_sec * 1000 + (timeout->tv_nsec + 999999) / 1000000);
}

enum { MAX_CALLS = 16 };
static int failures;      /* the next calls fail with failure_errno ... */
static int failure_errno;
static int wait_first_ms; /* ... after really waiting this long (at most their timeout) */
static int calls;
static int timeouts_ms[MAX_CALLS]; /* the timeout each call got; -1: none */
static bool stop_in_wait;  /* a failing call first requests a stop, as SIGINT's handler would */

static void
reset(void)
{
	failures = 0;
	failure_errno = EINTR;
	wait_first_ms = 0;
	calls = 0;
	stop_in_wait = false;
}

/* Record a call; true if it is to fail (errno set), after its wait. */
static bool
fails(int timeout_ms)
{
	if (calls < MAX_CALLS)
		timeouts_ms[calls] = timeout_ms;
	calls++;
	if (failures == 0)
		return false;
	failures--;
	if (wait_first_ms > 0) {
		int ms = timeout_ms >= 0 && timeout_ms < wait_first_ms ? timeout_ms : wait_first_ms;
		poll(NULL, 0, ms); /* a real wait: poll itself is not wrapped */
	}
	if (stop_in_wait)
		ss_request_stop();
	errno = failure_errno;
	return true;
}

int
__wrap_ppoll(struct pollfd *fds, nfds_t count, const struct timespec *timeout, const sigset_t *mask)
{
	return fails(to_ms(timeout)) ? -1 : __real_ppoll(fds, count, timeout, mask);
}

int
__wrap_pselect(int count, fd_set *readers, fd_set *writers, fd_set *errors,
               const struct timespec *timeout, const sigset_t *mask)
{
	return fails(to_ms(timeout)) ? -1 : __real_pselect(count, readers, writers, errors, timeout, mask);
}

typedef struct fixture {
	ss_selector *selector;
	int pair[2];
} fixture;

static int
setup(void **state)
{
	static fixture f;

	support_watchdog(60);
	ss_clear_stop();
	reset();
	f.selector = ss_selector_new(*state);
	if (f.selector == NULL || socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, f.pair) == -1)
		return -1;
	*state = &f;
	return ss_selector_register(f.selector, f.pair[0], SS_EVENT_READ, NULL);
}

static int
teardown(void **state)
{
	fixture *f = *state;

	ss_selector_free(f->selector);
	close(f->pair[0]);
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

static void
eintr_is_retried(void **state)
{
	fixture *f = *state;
	ss_selector_ready ready[2];

	assert_int_equal(write(f->pair[1], "x", 1), 1);
	failures = 2;
	assert_int_equal(ss_selector_select(f->selector, 5, ready, 2), 1);
	assert_int_equal(calls, 3);
	assert_int_equal(ready[0].fd, f->pair[0]);
}

/* Interrupted 100 ms into a 300 ms wait: the retry waits about 200 ms, not
 * 300 again, and the whole call still lasts the full 300 ms. */
static void
eintr_is_retried_with_the_time_left(void **state)
{
	fixture *f = *state;
	ss_selector_ready ready[2];
	double start = now();

	failures = 1;
	wait_first_ms = 100;
	assert_int_equal(ss_selector_select(f->selector, 0.3, ready, 2), 0);
	assert_true(now() - start >= 0.3 - 0.001);
	assert_true(calls >= 2);
	assert_in_range(timeouts_ms[0], 299, 300);
	assert_in_range(timeouts_ms[1], 1, 201);
}

static void
eintr_with_no_limit_waits_again_with_no_limit(void **state)
{
	fixture *f = *state;
	ss_selector_ready ready[2];

	assert_int_equal(write(f->pair[1], "x", 1), 1);
	failures = 1;
	assert_int_equal(ss_selector_select(f->selector, -1, ready, 2), 1);
	assert_int_equal(calls, 2);
	assert_int_equal(timeouts_ms[0], -1);
	assert_int_equal(timeouts_ms[1], -1);
}

/* A signal at the very end of the wait: one last look, with timeout 0,
 * which still reports what became ready meanwhile. */
static void
eintr_at_the_deadline_takes_one_last_look(void **state)
{
	fixture *f = *state;
	ss_selector_ready ready[2];

	assert_int_equal(write(f->pair[1], "x", 1), 1);
	failures = 1;
	wait_first_ms = 1000; /* longer than the timeout: waits the whole 50 ms */
	assert_int_equal(ss_selector_select(f->selector, 0.05, ready, 2), 1);
	assert_int_equal(calls, 2);
	assert_int_equal(timeouts_ms[1], 0);
}

/* SIGINT/SIGTERM with ss_stop_on_signals(): the wait ends, -1 with EINTR, so
 * that the server loop above it can stop. */
static void
eintr_after_a_stop_request_is_returned(void **state)
{
	fixture *f = *state;
	ss_selector_ready ready[2];

	stop_in_wait = true; /* the signal's handler runs while we wait */
	failures = 1;
	errno = 0;
	assert_int_equal(ss_selector_select(f->selector, 5, ready, 2), -1);
	assert_int_equal(errno, EINTR);
	assert_int_equal(calls, 1);
	assert_non_null(strstr(ss_error(), "stop"));
}

/* A stop requested before the wait: no wait at all. (With the stop signals
 * blocked outside the wait, this check cannot miss a signal — stop.h.) */
static void
a_stop_already_requested_does_not_wait(void **state)
{
	fixture *f = *state;
	ss_selector_ready ready[2];

	ss_request_stop();
	errno = 0;
	assert_int_equal(ss_selector_select(f->selector, 5, ready, 2), -1);
	assert_int_equal(errno, EINTR);
	assert_int_equal(calls, 0);
}

static void
other_errors_are_returned_not_retried(void **state)
{
	fixture *f = *state;
	ss_selector_ready ready[2];

	failures = 1;
	failure_errno = ENOMEM;
	errno = 0;
	assert_int_equal(ss_selector_select(f->selector, 5, ready, 2), -1);
	assert_int_equal(errno, ENOMEM);
	assert_int_equal(calls, 1);
	assert_non_null(strstr(ss_error(), strerror(ENOMEM)));
}

#define BOTH(test)                                                              \
	{"select: " #test, test, setup, teardown, (void *)&ss_select_selector}, \
	{"poll: " #test, test, setup, teardown, (void *)&ss_poll_selector}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(eintr_is_retried),
		BOTH(eintr_is_retried_with_the_time_left),
		BOTH(eintr_with_no_limit_waits_again_with_no_limit),
		BOTH(eintr_at_the_deadline_takes_one_last_look),
		BOTH(eintr_after_a_stop_request_is_returned),
		BOTH(a_stop_already_requested_does_not_wait),
		BOTH(other_errors_are_returned_not_retried),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
