/* test_stop_waits.c — the cheap waits of stop.h keep the stop's promises.
 *
 *  - ss_recv blocks in recv itself, in a stop window: a stop signal that
 *    lands in the window BEFORE recv has started must still end it (the
 *    signal handler shuts the socket's reading side), and one that lands
 *    while recv sleeps interrupts it;
 *  - after a stop request ss_recv never waits, but still returns what has
 *    arrived; a non-blocking fd answers EAGAIN, not a wait;
 *  - the wait mask is kept per thread: it follows ss_pthread_sigmask, and a
 *    new thread learns its own.
 *
 * recv() is wrapped (the @wrap line below) so a test can raise the signal at
 * the worst moment: inside the window, just before the real recv. Whether a
 * thread is asleep in a wait is read from /proc (its state, and its blocked
 * signals: SIGTERM unblocked only inside a wait) — no sleep stands in for it.
 */
/*@wrap recv */
#define _GNU_SOURCE /* gettid */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "net.h"
#include "support.h"

ssize_t __real_recv(int fd, void *buffer, size_t size, int flags);

static int signal_before_recv; /* this many next recvs get SIGTERM first */
static int last_recv_flags;
static int recv_calls;

ssize_t
__wrap_recv(int fd, void *buffer, size_t size, int flags)
{
	last_recv_flags = flags;
	recv_calls++;
	if (signal_before_recv > 0) {
		signal_before_recv--;
		/* The thread's own SIGTERM, delivered now if the window unblocked it:
		 * exactly the race — after the flag check, before the kernel call. */
		pthread_kill(pthread_self(), SIGTERM);
	}
	return __real_recv(fd, buffer, size, flags);
}

static int pair[2];

static int
setup(void **state)
{
	(void)state;
	support_watchdog(30); /* a lost stop would hang a recv for ever */
	signal_before_recv = 0;
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

/* ---- reading another thread's state from /proc --------------------------- */

static bool
thread_status(pid_t tid, char *state, unsigned long long *blocked)
{
	char path[64], line[256];
	bool have_state = false, have_mask = false;

	snprintf(path, sizeof path, "/proc/self/task/%d/status", (int)tid);
	FILE *file = fopen(path, "r");
	if (file == NULL)
		return false;
	while (fgets(line, sizeof line, file) != NULL) {
		if (sscanf(line, "State: %c", state) == 1)
			have_state = true;
		if (sscanf(line, "SigBlk: %llx", blocked) == 1)
			have_mask = true;
	}
	fclose(file);
	return have_state && have_mask;
}

static bool
has_signal(unsigned long long mask, int signal_number)
{
	return (mask >> (signal_number - 1)) & 1;
}

/* Wait (up to 10 s) until thread tid sleeps in the kernel with SIGTERM
 * unblocked: inside one of the library's waits. Returns its blocked set. */
static unsigned long long
wait_until_in_a_wait(pid_t tid)
{
	struct timespec start, now;
	char state = '?';
	unsigned long long blocked = 0;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		if (thread_status(tid, &state, &blocked) && state == 'S' && !has_signal(blocked, SIGTERM))
			return blocked;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - start.tv_sec > 10)
			fail_msg("thread %d never waited (state %c, blocked %llx)", (int)tid, state, blocked);
		sched_yield();
	}
}

/* ---- the stop window ----------------------------------------------------- */

/* The race the window must close: the signal lands after the stop check and
 * before recv is in the kernel. Without the handler's shutdown, the real
 * recv would block on a silent socket until the watchdog fired. */
static void
a_stop_signal_just_before_recv_is_not_lost(void **state)
{
	char buffer[8];

	(void)state;
	signal_before_recv = 1;
	errno = 0;
	assert_int_equal(ss_recv(pair[0], buffer, sizeof buffer), -1);
	assert_int_equal(errno, EINTR);
	assert_true(ss_stop_requested());
	assert_non_null(strstr(ss_error(), "stop was requested"));
	assert_int_equal(signal_before_recv, 0);
}

/* The same on a TCP connection, the benchmark's kind of socket. */
static void
a_stop_signal_just_before_recv_is_not_lost_on_tcp(void **state)
{
	ss_address bound;
	char text[SS_ADDRESS_TEXT_MAX], buffer[8];

	(void)state;
	int listener = ss_listen("127.0.0.1:0", 1, true, &bound);
	assert_int_not_equal(listener, -1);
	int client = ss_connect(ss_address_format(&bound, text, sizeof text));
	assert_int_not_equal(client, -1);
	int served = ss_accept(listener, NULL);
	assert_int_not_equal(served, -1);
	signal_before_recv = 1;
	assert_int_equal(ss_recv(served, buffer, sizeof buffer), -1);
	assert_int_equal(errno, EINTR);
	close(served);
	close(client);
	close(listener);
}

typedef struct receiver {
	int fd;
	pid_t tid;
	pthread_barrier_t started;
	ssize_t result;
	int error;
} receiver;

static void *
receive_once(void *argument)
{
	receiver *r = argument;
	char buffer[8];

	r->tid = gettid();
	pthread_barrier_wait(&r->started);
	r->result = ss_recv(r->fd, buffer, sizeof buffer);
	r->error = errno;
	return NULL;
}

/* A recv asleep in the kernel: SIGTERM interrupts it (the thread was started
 * with SIGTERM blocked, as ss_stop_on_signals leaves every thread). */
static void
a_stop_signal_interrupts_a_sleeping_recv(void **state)
{
	receiver r = {.fd = pair[0]};
	pthread_t thread;

	(void)state;
	pthread_barrier_init(&r.started, NULL, 2);
	assert_int_equal(pthread_create(&thread, NULL, receive_once, &r), 0);
	pthread_barrier_wait(&r.started);
	wait_until_in_a_wait(r.tid);
	pthread_kill(thread, SIGTERM);
	pthread_join(thread, NULL);
	pthread_barrier_destroy(&r.started);
	assert_int_equal(r.result, -1);
	assert_int_equal(r.error, EINTR);
	assert_true(ss_stop_requested());
}

/* After a stop request (by a signal or ss_request_stop) ss_recv never waits:
 * it returns what has arrived, then -1/EINTR. */
static void
after_a_stop_request_recv_takes_what_is_there_and_never_waits(void **state)
{
	char buffer[8];

	(void)state;
	assert_int_equal(write(pair[1], "hi", 2), 2);
	ss_request_stop();
	assert_int_equal(ss_recv(pair[0], buffer, sizeof buffer), 2);
	assert_memory_equal(buffer, "hi", 2);
	assert_int_equal(ss_recv(pair[0], buffer, sizeof buffer), -1);
	assert_int_equal(errno, EINTR);
	assert_true(last_recv_flags & MSG_DONTWAIT);
}

/* A non-blocking fd is not waited for: EAGAIN, and no signal is needed. */
static void
a_nonblocking_fd_gives_eagain(void **state)
{
	char buffer[8];

	(void)state;
	fcntl(pair[0], F_SETFL, fcntl(pair[0], F_GETFL) | O_NONBLOCK);
	assert_int_equal(ss_recv(pair[0], buffer, sizeof buffer), -1);
	assert_true(errno == EAGAIN || errno == EWOULDBLOCK);
	assert_false(ss_stop_requested());
}

/* An EOF is an EOF, not a stop: no stop signal, no shutdown of ours. */
static void
a_closed_peer_is_still_eof(void **state)
{
	char buffer[8];

	(void)state;
	shutdown(pair[1], SHUT_WR);
	assert_int_equal(ss_recv(pair[0], buffer, sizeof buffer), 0);
	assert_false(ss_stop_requested());
}

/* A caller that has waited for the fd itself (chapter 5's serve waits in
 * slices) gets its bytes with one non-blocking recv: no window around it. */
static void
after_ss_wait_fd_reported_data_one_recv_takes_it(void **state)
{
	char buffer[8];

	(void)state;
	assert_int_equal(write(pair[1], "hi", 2), 2);
	assert_int_equal(ss_wait_fd(pair[0], POLLIN, 1000), 1);
	recv_calls = 0;
	assert_int_equal(ss_recv(pair[0], buffer, sizeof buffer), 2);
	assert_int_equal(recv_calls, 1);
	assert_true(last_recv_flags & MSG_DONTWAIT);
}

/* The hint can be stale (someone read the bytes first): ss_recv then blocks
 * in its window as ever, and a stop signal landing there is not lost. */
static void
a_stale_readable_hint_still_waits_safely(void **state)
{
	char buffer[8];

	(void)state;
	assert_int_equal(write(pair[1], "hi", 2), 2);
	assert_int_equal(ss_wait_fd(pair[0], POLLIN, 1000), 1);
	assert_int_equal(read(pair[0], buffer, sizeof buffer), 2); /* gone behind its back */
	recv_calls = 0;
	signal_before_recv = 2; /* the hint's recv, then the window's */
	assert_int_equal(ss_recv(pair[0], buffer, sizeof buffer), -1);
	assert_int_equal(errno, EINTR);
	assert_int_equal(recv_calls, 2);
}

/* A reset is reported once by the kernel: the hint's recv must report it,
 * not pass on to a recv that would then see a plain EOF. */
static void
a_reset_found_by_ss_wait_fd_is_an_error(void **state)
{
	ss_address bound;
	char text[SS_ADDRESS_TEXT_MAX], buffer[8];

	(void)state;
	int listener = ss_listen("127.0.0.1:0", 1, true, &bound);
	int client = ss_connect(ss_address_format(&bound, text, sizeof text));
	int served = ss_accept(listener, NULL);
	assert_true(listener != -1 && client != -1 && served != -1);
	support_close_with_reset(client);
	assert_int_equal(ss_wait_fd(served, POLLIN, 5000), 1);
	assert_int_equal(ss_recv(served, buffer, sizeof buffer), -1);
	assert_int_equal(errno, ECONNRESET);
	close(served);
	close(listener);
}

/* ---- the wait mask, per thread -------------------------------------------- */

typedef struct masked_waiter {
	int fd;
	pid_t tid;
	pthread_barrier_t started;
	int result;
} masked_waiter;

/* Learn the wait mask (a first wait), then block SIGUSR1 with
 * ss_pthread_sigmask, then wait for real. */
static void *
wait_after_changing_the_mask(void *argument)
{
	masked_waiter *w = argument;
	sigset_t usr1;

	w->tid = gettid();
	assert_int_equal(ss_wait_fd(w->fd, POLLIN, 0), 0); /* the mask is known from here */
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	assert_int_equal(ss_pthread_sigmask(SIG_BLOCK, &usr1, NULL), 0);
	pthread_barrier_wait(&w->started);
	w->result = ss_wait_fd(w->fd, POLLIN, -1);
	return NULL;
}

/* During the wait the thread's real mask (from /proc) has SIGUSR1 blocked,
 * as the program asked, and SIGTERM unblocked, as a wait must. A cache that
 * did not follow the change would unblock SIGUSR1 in the wait. */
static void
the_wait_mask_follows_ss_pthread_sigmask(void **state)
{
	masked_waiter w = {.fd = pair[0]};
	pthread_t thread;

	(void)state;
	pthread_barrier_init(&w.started, NULL, 2);
	assert_int_equal(pthread_create(&thread, NULL, wait_after_changing_the_mask, &w), 0);
	pthread_barrier_wait(&w.started);
	unsigned long long blocked = wait_until_in_a_wait(w.tid);
	assert_true(has_signal(blocked, SIGUSR1));
	assert_false(has_signal(blocked, SIGINT));
	assert_int_equal(write(pair[1], "x", 1), 1);
	pthread_join(thread, NULL);
	pthread_barrier_destroy(&w.started);
	assert_int_equal(w.result, 1);
}

/* The mask read back by ss_stop_wait_mask: changed and changed back with
 * ss_pthread_sigmask, and re-read after a plain pthread_sigmask. */
static void
the_wait_mask_is_the_threads_without_the_stop_signals(void **state)
{
	sigset_t usr2, mask, original;

	(void)state;
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	ss_stop_wait_mask(&mask);
	assert_false(sigismember(&mask, SIGTERM));
	assert_false(sigismember(&mask, SIGUSR2));
	assert_int_equal(ss_pthread_sigmask(SIG_BLOCK, &usr2, &original), 0);
	assert_false(sigismember(&original, SIGUSR2));
	ss_stop_wait_mask(&mask);
	assert_true(sigismember(&mask, SIGUSR2));
	assert_false(sigismember(&mask, SIGINT));
	assert_int_equal(ss_pthread_sigmask(SIG_SETMASK, &original, NULL), 0);
	ss_stop_wait_mask(&mask);
	assert_false(sigismember(&mask, SIGUSR2));
	/* changed behind the library's back, then re-read on request */
	pthread_sigmask(SIG_BLOCK, &usr2, NULL);
	assert_int_equal(ss_pthread_sigmask(SIG_SETMASK, NULL, NULL), 0);
	ss_stop_wait_mask(&mask);
	assert_true(sigismember(&mask, SIGUSR2));
	pthread_sigmask(SIG_SETMASK, &original, NULL);
	assert_int_equal(ss_pthread_sigmask(SIG_SETMASK, NULL, NULL), 0);
}

static void *
report_wait_mask(void *argument)
{
	ss_stop_wait_mask(argument);
	return NULL;
}

/* Each thread has its own: one started with SIGUSR2 blocked waits with it
 * blocked, though this thread learned its mask without. */
static void
a_new_thread_learns_its_own_wait_mask(void **state)
{
	sigset_t usr2, saved, mine, theirs;
	pthread_t thread;

	(void)state;
	ss_stop_wait_mask(&mine);
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &usr2, &saved); /* the new thread inherits it */
	assert_int_equal(pthread_create(&thread, NULL, report_wait_mask, &theirs), 0);
	pthread_sigmask(SIG_SETMASK, &saved, NULL); /* net unchanged here: no re-read needed */
	pthread_join(thread, NULL);
	assert_true(sigismember(&theirs, SIGUSR2));
	assert_false(sigismember(&theirs, SIGTERM));
	assert_false(sigismember(&mine, SIGUSR2));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_stop_signal_just_before_recv_is_not_lost, setup, teardown),
		cmocka_unit_test_setup_teardown(a_stop_signal_just_before_recv_is_not_lost_on_tcp, setup, teardown),
		cmocka_unit_test_setup_teardown(a_stop_signal_interrupts_a_sleeping_recv, setup, teardown),
		cmocka_unit_test_setup_teardown(after_a_stop_request_recv_takes_what_is_there_and_never_waits, setup, teardown),
		cmocka_unit_test_setup_teardown(a_nonblocking_fd_gives_eagain, setup, teardown),
		cmocka_unit_test_setup_teardown(a_closed_peer_is_still_eof, setup, teardown),
		cmocka_unit_test_setup_teardown(after_ss_wait_fd_reported_data_one_recv_takes_it, setup, teardown),
		cmocka_unit_test_setup_teardown(a_stale_readable_hint_still_waits_safely, setup, teardown),
		cmocka_unit_test_setup_teardown(a_reset_found_by_ss_wait_fd_is_an_error, setup, teardown),
		cmocka_unit_test_setup_teardown(the_wait_mask_follows_ss_pthread_sigmask, setup, teardown),
		cmocka_unit_test_setup_teardown(the_wait_mask_is_the_threads_without_the_stop_signals, setup, teardown),
		cmocka_unit_test_setup_teardown(a_new_thread_learns_its_own_wait_mask, setup, teardown),
	};

	if (ss_stop_on_signals() == -1) /* SIGTERM sets the flag; blocked outside waits */
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
