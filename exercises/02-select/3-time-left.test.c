/* 3-time-left.test.c — your exercise_wait_readable under a hail of signals.
 *
 * A helper thread sends the test's thread SIGUSR1 every 20 ms for one second
 * (its handler does nothing, and has no SA_RESTART, so each one interrupts
 * poll with EINTR). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "3-time-left.h"
#include "support.h"

/* Fails the test, saying in words what was expected, unless condition holds. */
#define expect(condition, ...) \
	do { \
		if (!(condition)) \
			fail_msg(__VA_ARGS__); \
	} while (0)

static int pair[2];
static pthread_t waiter, pelter;
static volatile sig_atomic_t signals_caught;
static int write_after_signals; /* > 0: the pelter writes a byte after that many */

static void
count_signal(int signal_number)
{
	(void)signal_number;
	signals_caught++;
}

static void *
pelt(void *unused)
{
	struct timespec twenty_ms = {0, 20000000};

	(void)unused;
	for (int i = 1; i <= 50; i++) { /* one second of signals */
		nanosleep(&twenty_ms, NULL);
		pthread_kill(waiter, SIGUSR1);
		if (i == write_after_signals && write(pair[1], "x", 1) != 1)
			break;
	}
	return NULL;
}

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int
setup(void **state)
{
	struct sigaction action = {.sa_handler = count_signal}; /* no SA_RESTART */

	(void)state;
	support_watchdog(30);
	sigemptyset(&action.sa_mask);
	sigaction(SIGUSR1, &action, NULL);
	signals_caught = 0;
	write_after_signals = 0;
	waiter = pthread_self();
	return socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair);
}

static int
teardown(void **state)
{
	(void)state;
	close(pair[0]);
	close(pair[1]);
	return 0;
}

static void
start_pelting(void)
{
	assert_int_equal(pthread_create(&pelter, NULL, pelt, NULL), 0);
}

static void
stop_pelting(void)
{
	pthread_join(pelter, NULL);
}

static void
readable_at_once(void **state)
{
	(void)state;
	assert_int_equal(write(pair[1], "x", 1), 1);
	int result = exercise_wait_readable(pair[0], 5);
	expect(result == 1, "a byte is waiting: expected 1 (readable) at once, got %d", result);
}

static void
times_out_quietly(void **state)
{
	double start = now();

	(void)state;
	int result = exercise_wait_readable(pair[0], 0.1);
	double elapsed = now() - start;
	expect(result == 0, "nothing to read within 0.1 s: expected 0 (timed out), got %d", result);
	expect(elapsed >= 0.099, "a wait of 0.1 s returned after %.3f s", elapsed);
	start = now();
	result = exercise_wait_readable(pair[0], 0.0005);
	elapsed = now() - start;
	expect(result == 0, "nothing to read within 0.0005 s: expected 0 (timed out), got %d", result);
	expect(elapsed >= 0.0005, "a wait of 0.0005 s returned after %.6f s: rounded down to 0 ms, "
	       "it means \"do not wait\" (round up)", elapsed);
}

/* 0.5 s, with a signal every 20 ms for a whole second. Right: 0.5 s, 0.
 * Retrying with the whole timeout: about 1.5 s. Not retrying: -1 at once. */
static void
signals_neither_end_nor_stretch_the_wait(void **state)
{
	double start, elapsed;
	int result;

	(void)state;
	start = now();
	start_pelting();
	result = exercise_wait_readable(pair[0], 0.5);
	elapsed = now() - start;
	stop_pelting();
	expect(result == 0, "signals must not end the 0.5 s wait: expected 0 (timed out), got %d: "
	       "after EINTR, wait again", result);
	expect(signals_caught > 0, "no signal came during the wait (the test itself is broken)");
	expect(elapsed >= 0.5 - 0.001, "a wait of 0.5 s returned after %.3f s", elapsed);
	expect(elapsed < 1.2, "a wait of 0.5 s took %.3f s: after a signal, wait only for the time "
	       "that is left, not the whole timeout again", elapsed);
}

static void
with_no_limit_it_waits_through_signals_until_readable(void **state)
{
	(void)state;
	write_after_signals = 10; /* after about 200 ms, and 10 interruptions */
	start_pelting();
	int result = exercise_wait_readable(pair[0], -1);
	stop_pelting();
	expect(result == 1, "with no limit (-1) it must wait through signals until the byte comes: "
	       "expected 1, got %d", result);
	expect(signals_caught >= 10, "the byte came after %d signals, not 10 (the test itself is "
	       "broken)", (int)signals_caught);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(readable_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(times_out_quietly, setup, teardown),
		cmocka_unit_test_setup_teardown(signals_neither_end_nor_stretch_the_wait, setup, teardown),
		cmocka_unit_test_setup_teardown(with_no_limit_it_waits_through_signals_until_readable, setup,
		                                teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
