/* Exercise 3's test: a signal arrives while read_some() is blocked in recv().
 *
 * SIGUSR1's handler is installed without SA_RESTART, so an interrupted recv()
 * fails with EINTR. To be sure the signal comes *during* the wait, and not
 * just before it (then nothing is interrupted and any code would pass), a
 * helper thread:
 *   1. waits until the reading thread is asleep in a system call on the
 *      socket: Linux shows a sleeping thread's system call and its arguments
 *      in /proc/self/task/TID/syscall;
 *   2. sends SIGUSR1 to that very thread (pthread_kill);
 *   3. waits until the handler has run (it writes a byte to a pipe);
 *   4. only then writes the data read_some() is waiting for.
 * Every wait is bounded; nothing sleeps for a guessed time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "3-read-some.h"
#include "net.h"
#include "support.h"

static int pair[2];    /* read_some() reads pair[0]; the data is written to pair[1] */
static int handled[2]; /* a pipe: the handler writes a byte each time it runs */
static struct sigaction previous_action;

static void
on_sigusr1(int signal_number)
{
	int saved_errno = errno;

	(void)signal_number;
	(void)!write(handled[1], "s", 1); /* write() is async-signal-safe */
	errno = saved_errno;
}

/* Is thread tid asleep in a system call whose first argument is fd (recv,
 * recvfrom, read: all take the fd first)? /proc/self/task/TID/syscall reads
 * "NUMBER ARG1 ARG2 ..." for a thread asleep in a system call, "running"
 * otherwise. Where that file is missing, falls back to the thread's state
 * in .../stat: 'S', asleep. */
static bool
asleep_on(pid_t tid, int fd)
{
	char path[64], line[512] = "";
	FILE *file;

	snprintf(path, sizeof path, "/proc/self/task/%ld/syscall", (long)tid);
	if ((file = fopen(path, "r")) != NULL) {
		long number = -1;
		unsigned long first = 0;
		bool read = fgets(line, sizeof line, file) != NULL;

		fclose(file);
		return read && sscanf(line, "%ld %lx", &number, &first) == 2 && number >= 0 &&
		       first == (unsigned long)fd;
	}
	snprintf(path, sizeof path, "/proc/self/task/%ld/stat", (long)tid);
	if ((file = fopen(path, "r")) == NULL)
		return false;
	bool read = fgets(line, sizeof line, file) != NULL;
	fclose(file);
	const char *after_name = read ? strrchr(line, ')') : NULL; /* "TID (name) STATE ..." */
	return after_name != NULL && after_name[1] == ' ' && after_name[2] == 'S';
}

static long long
now_ms(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

struct interrupter {
	pthread_t reader; /* the thread calling read_some() */
	pid_t reader_tid;
	atomic_int reader_returned;
	const char *data;
	/* what the helper saw, read by the test after joining it */
	bool saw_reader_wait, handler_ran;
};

/* Waits until the reader sleeps in recv(); false if it returned first or if
 * it does not within SUPPORT_WAIT_MS. */
static bool
wait_until_reader_waits(struct interrupter *in)
{
	long long deadline = now_ms() + SUPPORT_WAIT_MS;

	while (!atomic_load(&in->reader_returned) && now_ms() < deadline) {
		if (asleep_on(in->reader_tid, pair[0]))
			return true;
		sched_yield();
	}
	return false;
}

static void *
interrupt_the_reader(void *argument)
{
	struct interrupter *in = argument;
	char byte;

	in->saw_reader_wait = wait_until_reader_waits(in);
	if (in->saw_reader_wait) {
		pthread_kill(in->reader, SIGUSR1);
		in->handler_ran = support_wait_readable(handled[0], SUPPORT_WAIT_MS) == 1 &&
		                  read(handled[0], &byte, 1) == 1;
	}
	/* The data comes after the signal: a read_some() still waiting gets it.
	 * (In every case: a reader stuck for some other reason is released.) */
	support_send_all(pair[1], in->data, strlen(in->data));
	return NULL;
}

/* Calls read_some() on pair[0] while the helper interrupts it; returns its
 * result, and errno just after it in *error. */
static ssize_t
read_some_interrupted(struct interrupter *in, char *buffer, size_t size, int *error)
{
	pthread_t helper;

	in->reader = pthread_self();
	in->reader_tid = (pid_t)syscall(SYS_gettid);
	atomic_store(&in->reader_returned, 0);
	assert_int_equal(pthread_create(&helper, NULL, interrupt_the_reader, in), 0);

	errno = 0;
	ssize_t got = read_some(pair[0], buffer, size);
	*error = errno;

	atomic_store(&in->reader_returned, 1);
	pthread_join(helper, NULL);
	if (!in->saw_reader_wait)
		fail_msg("read_some() returned %zd without waiting for data in recv()", got);
	assert_true(in->handler_ran);
	return got;
}

static int
setup(void **state)
{
	struct sigaction action;

	(void)state;
	support_watchdog(30);
	ss_clear_stop();
	memset(&action, 0, sizeof action);
	action.sa_handler = on_sigusr1;
	sigemptyset(&action.sa_mask);
	action.sa_flags = 0; /* no SA_RESTART: the interrupted recv() fails with EINTR */
	if (sigaction(SIGUSR1, &action, &previous_action) == -1)
		return -1;
	if (pipe(handled) == -1)
		return -1;
	return socketpair(AF_UNIX, SOCK_STREAM, 0, pair);
}

static int
teardown(void **state)
{
	(void)state;
	ss_clear_stop();
	close(pair[0]);
	close(pair[1]);
	close(handled[0]);
	close(handled[1]);
	sigaction(SIGUSR1, &previous_action, NULL);
	return 0;
}

static void
goes_on_waiting_after_a_signal(void **state)
{
	struct interrupter in = {.data = "hello"};
	char buffer[16];
	int error;

	(void)state;
	ssize_t got = read_some_interrupted(&in, buffer, sizeof buffer, &error);
	if (got == -1 && error == EINTR)
		fail_msg("read_some() returned -1 with errno EINTR: a signal interrupted recv(), "
		         "and recv() was not called again");
	if (got != 5 || memcmp(buffer, "hello", 5) != 0)
		fail_msg("read_some() returned %zd (%s); expected 5, the bytes \"hello\" sent after "
		         "the signal", got, got == -1 ? strerror(error) : "bytes");
}

static void
gives_up_after_a_signal_once_a_stop_is_requested(void **state)
{
	struct interrupter in = {.data = "too late"};
	char buffer[16];
	int error;

	(void)state;
	ss_request_stop(); /* as SIGINT does, once ss_stop_on_signals() is installed */
	ssize_t got = read_some_interrupted(&in, buffer, sizeof buffer, &error);
	if (got != -1)
		fail_msg("read_some() returned %zd when a signal came after a stop was requested; "
		         "expected -1 with errno EINTR, so that the server can stop", got);
	if (error != EINTR)
		fail_msg("read_some() returned -1 with errno %s; expected EINTR", strerror(error));
}

static void
returns_data_the_end_and_other_errors_without_retrying(void **state)
{
	char buffer[16];

	(void)state;
	assert_int_equal(support_send_all(pair[1], "ready", 5), 0);
	ssize_t got = read_some(pair[0], buffer, sizeof buffer);
	if (got != 5 || memcmp(buffer, "ready", 5) != 0)
		fail_msg("read_some() with \"ready\" waiting returned %zd; expected 5, those bytes", got);

	assert_int_equal(shutdown(pair[1], SHUT_WR), 0);
	got = read_some(pair[0], buffer, sizeof buffer);
	if (got != 0)
		fail_msg("read_some() after the peer closed returned %zd; expected 0, the end", got);

	errno = 0;
	/* Not EINTR: returned at once. (Retrying every error would spin here
	 * until the watchdog's SIGALRM ends the test.) */
	got = read_some(-1, buffer, sizeof buffer);
	int error = errno;
	if (got != -1 || error != EBADF)
		fail_msg("read_some(-1, ...) returned %zd (%s); expected -1 with EBADF, at once: "
		         "only EINTR is retried", got, strerror(error));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(goes_on_waiting_after_a_signal, setup, teardown),
		cmocka_unit_test_setup_teardown(gives_up_after_a_signal_once_a_stop_is_requested,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(returns_data_the_end_and_other_errors_without_retrying,
		                                setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
