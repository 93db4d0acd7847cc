/* test_quiet_threads.c — a thread that takes no stop signal (stop.h's
 * ss_stop_signals_elsewhere) still stops at once.
 *
 *  - it keeps SIGINT/SIGTERM blocked even while it sleeps in recv, so a
 *    process's stop signal goes to the thread that waits for it (here, the
 *    test's main thread, standing for serve_forever's);
 *  - after the stop, ss_stop_shut_windows ends its recv, and its wait to
 *    send, at once — and before a stop it shuts nothing;
 *  - a stop that comes after the thread published its socket but before
 *    its recv started is not lost (the race the publish order closes);
 *  - threads that come and go leave the list of slots sound.
 *
 * Whether a thread is asleep in a system call is read from
 * /proc/self/task/TID/syscall — no sleep stands in for it.
 */
/*@wrap recv */
#define _GNU_SOURCE /* gettid */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "net.h"
#include "support.h"

ssize_t __real_recv(int fd, void *buffer, size_t size, int flags);

static _Thread_local bool stop_before_recv; /* this thread's next recv: stop first */

ssize_t
__wrap_recv(int fd, void *buffer, size_t size, int flags)
{
	if (stop_before_recv) {
		stop_before_recv = false;
		/* the worst moment: the window is open, the flag was checked */
		ss_request_stop();
		ss_stop_shut_windows();
	}
	return __real_recv(fd, buffer, size, flags);
}

static int pair[2];

static int
setup(void **state)
{
	(void)state;
	support_watchdog(30); /* a stop that is lost would hang a recv for ever */
	ss_clear_stop();
	return socketpair(AF_UNIX, SOCK_STREAM, 0, pair);
}

static int
teardown(void **state)
{
	(void)state;
	close(pair[0]);
	close(pair[1]);
	ss_clear_stop();
	return 0;
}

/* ---- another thread's state, from /proc ---------------------------------- */

/* The system call thread tid is in now (-1: running, or unreadable), and
 * its blocked signals. */
static long
thread_syscall(pid_t tid, unsigned long long *blocked)
{
	char path[64], line[256];
	long number = -1;

	snprintf(path, sizeof path, "/proc/self/task/%d/syscall", (int)tid);
	FILE *file = fopen(path, "r");
	if (file == NULL)
		return -1;
	if (fgets(line, sizeof line, file) == NULL || sscanf(line, "%ld", &number) != 1)
		number = -1;
	fclose(file);
	snprintf(path, sizeof path, "/proc/self/task/%d/status", (int)tid);
	file = fopen(path, "r");
	if (file == NULL)
		return -1;
	while (fgets(line, sizeof line, file) != NULL)
		sscanf(line, "SigBlk: %llx", blocked);
	fclose(file);
	return number;
}

/* Wait (up to 10 s) until thread tid is asleep in system call `number`;
 * returns its blocked signals. */
static unsigned long long
wait_until_in(pid_t tid, long number)
{
	struct timespec start, now;
	unsigned long long blocked = 0;
	long current = -1;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		current = thread_syscall(tid, &blocked);
		if (current == number)
			return blocked;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - start.tv_sec > 10)
			fail_msg("thread %d never blocked in system call %ld (it is in %ld)", (int)tid, number,
			         current);
		sched_yield();
	}
}

static bool
has_signal(unsigned long long mask, int signal_number)
{
	return (mask >> (signal_number - 1)) & 1;
}

/* ---- a quiet thread ------------------------------------------------------ */

typedef struct quiet {
	enum { RECEIVE, WAIT_TO_SEND, RECEIVE_RACING } job;
	pid_t tid;
	pthread_barrier_t started;
	int quiet_result;
	ssize_t result;
	int error;
	char error_text[128];
	char buffer[8];
} quiet;

static void *
quiet_thread(void *argument)
{
	quiet *q = argument;

	q->tid = gettid();
	q->quiet_result = ss_stop_signals_elsewhere();
	pthread_barrier_wait(&q->started);
	switch (q->job) {
	case RECEIVE_RACING:
		stop_before_recv = true;
		/* fall through */
	case RECEIVE:
		q->result = ss_recv(pair[0], q->buffer, sizeof q->buffer);
		break;
	case WAIT_TO_SEND:
		while (send(pair[0], "xxxxxxxxxxxxxxxx", 16, MSG_DONTWAIT) > 0)
			continue; /* until the socket's buffer is full */
		q->result = ss_wait_fd(pair[0], POLLOUT, -1);
		break;
	}
	q->error = errno;
	snprintf(q->error_text, sizeof q->error_text, "%s", ss_error());
	return NULL;
}

static pthread_t
start_quiet(quiet *q)
{
	pthread_t thread;

	pthread_barrier_init(&q->started, NULL, 2);
	assert_int_equal(pthread_create(&thread, NULL, quiet_thread, q), 0);
	pthread_barrier_wait(&q->started);
	assert_int_equal(q->quiet_result, 0);
	return thread;
}

static void
join_quiet(quiet *q, pthread_t thread)
{
	assert_int_equal(pthread_join(thread, NULL), 0);
	pthread_barrier_destroy(&q->started);
}

/* Stand for serve_forever: take the process's pending stop signal in a
 * wait of our own (it cannot have gone to the quiet thread). */
static void
take_the_stop_signal_here(void)
{
	struct pollfd nothing = {.fd = -1};
	sigset_t wait_mask;

	ss_stop_wait_mask(&wait_mask);
	while (!ss_stop_requested())
		ppoll(&nothing, 1, NULL, &wait_mask); /* ends with EINTR: the signal is pending */
}

/* The process's SIGTERM goes to the thread that waits for it, never to
 * the quiet one asleep in recv; after it, ss_stop_shut_windows ends that
 * recv at once, and it says why. */
static void
a_quiet_thread_leaves_the_signal_and_stops_when_shut(void **state)
{
	quiet q = {.job = RECEIVE};

	(void)state;
	pthread_t thread = start_quiet(&q);
	unsigned long long blocked = wait_until_in(q.tid, SYS_recvfrom);
	assert_true(has_signal(blocked, SIGTERM)); /* even asleep in recv */
	assert_true(has_signal(blocked, SIGINT));
	kill(getpid(), SIGTERM); /* to the process, as the shell sends it */
	take_the_stop_signal_here();
	ss_stop_shut_windows();
	join_quiet(&q, thread);
	assert_int_equal(q.result, -1);
	assert_int_equal(q.error, EINTR);
	assert_non_null(strstr(q.error_text, "stop was requested"));
}

/* Before any stop, ss_stop_shut_windows shuts nothing: the recv still gets
 * the bytes sent after it. */
static void
before_a_stop_nothing_is_shut(void **state)
{
	quiet q = {.job = RECEIVE};

	(void)state;
	pthread_t thread = start_quiet(&q);
	wait_until_in(q.tid, SYS_recvfrom);
	ss_stop_shut_windows();
	assert_int_equal(send(pair[1], "hello", 5, 0), 5);
	join_quiet(&q, thread);
	assert_int_equal(q.result, 5);
	assert_memory_equal(q.buffer, "hello", 5);
}

/* The stop lands after the window published the socket and checked the
 * flag, before recv is in the kernel: the shut is already there, so the
 * recv returns at once (without the publish-then-check order it would
 * sleep until the watchdog). */
static void
a_stop_just_before_a_quiet_recv_is_not_lost(void **state)
{
	quiet q = {.job = RECEIVE_RACING};

	(void)state;
	pthread_t thread = start_quiet(&q);
	join_quiet(&q, thread);
	assert_int_equal(q.result, -1);
	assert_int_equal(q.error, EINTR);
	assert_true(ss_stop_requested());
}

/* A quiet ss_wait_fd for room to send (a peer that reads nothing) is
 * published too, and shut for both directions: it ends at once. */
static void
a_quiet_wait_to_send_ends_at_the_stop(void **state)
{
	quiet q = {.job = WAIT_TO_SEND};

	(void)state;
	pthread_t thread = start_quiet(&q);
	wait_until_in(q.tid, SYS_ppoll);
	ss_request_stop();
	ss_stop_shut_windows();
	join_quiet(&q, thread);
	assert_int_equal(q.result, -1);
	assert_int_equal(q.error, EINTR);
	assert_non_null(strstr(q.error_text, "stop was requested"));
}

static void *
come_and_go(void *argument)
{
	(void)argument;
	return (void *)(intptr_t)ss_stop_signals_elsewhere();
}

/* Slots of threads that have ended leave the list (each thread's slot is
 * its own memory): 200 come and go, some at once, and the walk after a stop
 * still ends the one that stays. ASan and TSan watch the list. */
static void
quiet_threads_come_and_go(void **state)
{
	pthread_t threads[8];
	void *result;

	(void)state;
	for (int round = 0; round < 25; round++) {
		for (int i = 0; i < 8; i++)
			assert_int_equal(pthread_create(&threads[i], NULL, come_and_go, NULL), 0);
		for (int i = 0; i < 8; i++) {
			assert_int_equal(pthread_join(threads[i], &result), 0);
			assert_int_equal((int)(intptr_t)result, 0);
		}
	}
	quiet q = {.job = RECEIVE};
	pthread_t thread = start_quiet(&q);
	wait_until_in(q.tid, SYS_recvfrom);
	ss_request_stop();
	ss_stop_shut_windows();
	join_quiet(&q, thread);
	assert_int_equal(q.result, -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_quiet_thread_leaves_the_signal_and_stops_when_shut, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(before_a_stop_nothing_is_shut, setup, teardown),
		cmocka_unit_test_setup_teardown(a_stop_just_before_a_quiet_recv_is_not_lost, setup, teardown),
		cmocka_unit_test_setup_teardown(a_quiet_wait_to_send_ends_at_the_stop, setup, teardown),
		cmocka_unit_test_setup_teardown(quiet_threads_come_and_go, setup, teardown),
	};

	if (ss_stop_on_signals() == -1) /* SIGTERM sets the flag; blocked outside waits */
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
