/* test_wfile.c — the writer: every byte or an error (partial sends resumed,
 * EINTR retried, a slow reader waited for), no SIGPIPE when the client has
 * gone, the buffered writer and its flush, the timeout, the memory writer's
 * cap, and a closed wfile.
 *
 * send() is wrapped (the @wrap line below) to make the kernel stingy. */
/*@wrap send */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "request_handlers.h"
#include "support.h"

ssize_t __real_send(int fd, const void *data, size_t size, int flags);

static size_t send_limit;     /* 0: none; else at most this many bytes a call */
static int send_fail_errno;   /* the next send fails with this */
static int send_calls;
static int last_send_flags;

ssize_t
__wrap_send(int fd, const void *data, size_t size, int flags)
{
	send_calls++;
	last_send_flags = flags;
	if (send_fail_errno != 0) {
		errno = send_fail_errno;
		send_fail_errno = 0;
		return -1;
	}
	if (send_limit != 0 && size > send_limit)
		size = send_limit;
	return __real_send(fd, data, size, flags);
}

static int pair[2];
static int fds_before;

static int
setup(void **state)
{
	(void)state;
	send_limit = 0;
	send_fail_errno = 0;
	send_calls = 0;
	ss_clear_stop();
	fds_before = support_fd_count();
	return socketpair(AF_UNIX, SOCK_STREAM, 0, pair);
}

static int
teardown(void **state)
{
	(void)state;
	close(pair[0]);
	if (pair[1] != -1)
		close(pair[1]);
	assert_int_equal(support_fd_count(), fds_before);
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
expect_received(const char *expected)
{
	size_t length = strlen(expected);
	char buffer[256];

	if (support_recv_exact(pair[1], buffer, length, SUPPORT_WAIT_MS) == -1)
		fail_msg("the client did not receive the %zu bytes \"%s\"", length, expected);
	assert_memory_equal(buffer, expected, length);
}

static bool
client_has_something(void)
{
	return support_wait_readable(pair[1], 0) == 1;
}

/* ---- unbuffered: Python's _SocketWriter --------------------------------- */

static void
a_write_sends_everything_through_partial_sends(void **state)
{
	const char message[] = "the quick brown fox jumps over the lazy dog";
	ss_wfile wfile;

	(void)state;
	assert_int_equal(ss_wfile_open(&wfile, pair[0], 0, SS_NO_TIMEOUT), 0);
	send_limit = 3;
	assert_int_equal(ss_wfile_write(&wfile, message, strlen(message)), (ssize_t)strlen(message));
	assert_true(send_calls >= (int)(strlen(message) / 3));
	expect_received(message);
	assert_true(last_send_flags & MSG_NOSIGNAL);
	ss_wfile_close(&wfile);
}

static void
eintr_and_eagain_from_send_are_retried(void **state)
{
	ss_wfile wfile;

	(void)state;
	assert_int_equal(ss_wfile_open(&wfile, pair[0], 0, SS_NO_TIMEOUT), 0);
	send_fail_errno = EINTR;
	assert_int_equal(ss_wfile_write(&wfile, "one", 3), 3);
	send_fail_errno = EAGAIN; /* "no room": the writer waits for POLLOUT, then sends */
	assert_int_equal(ss_wfile_write(&wfile, "two", 3), 3);
	expect_received("onetwo");
	assert_int_equal(send_calls, 4);
	ss_wfile_close(&wfile);
}

/* The client has gone: EPIPE, and this process is still alive (SIGPIPE's
 * default action would have ended it). */
static void
a_client_that_has_gone_gives_epipe_not_sigpipe(void **state)
{
	ss_wfile wfile;

	(void)state;
	signal(SIGPIPE, SIG_DFL);
	assert_int_equal(ss_wfile_open(&wfile, pair[0], 0, SS_NO_TIMEOUT), 0);
	close(pair[1]);
	pair[1] = -1;
	assert_int_equal(ss_wfile_write(&wfile, "anyone?", 7), -1);
	assert_int_equal(errno, EPIPE);
	assert_non_null(strstr(ss_error(), "cannot send"));
	ss_wfile_close(&wfile);
}

static void
a_send_failure_is_reported(void **state)
{
	ss_wfile wfile;

	(void)state;
	assert_int_equal(ss_wfile_open(&wfile, pair[0], 0, SS_NO_TIMEOUT), 0);
	send_fail_errno = ECONNRESET;
	assert_int_equal(ss_wfile_write(&wfile, "x", 1), -1);
	assert_int_equal(errno, ECONNRESET);
	ss_wfile_close(&wfile);
}

/* A client that does not read: the write waits for room, up to the timeout. */
static void
a_client_that_does_not_read_times_the_write_out(void **state)
{
	size_t size = 16 << 20; /* far more than the socket buffers hold */
	char *data = calloc(1, size);
	ss_wfile wfile;

	(void)state;
	assert_non_null(data);
	assert_int_equal(ss_wfile_open(&wfile, pair[0], 0, 0.2), 0);
	double start = now();
	assert_int_equal(ss_wfile_write(&wfile, data, size), -1);
	double took = now() - start;
	assert_int_equal(errno, ETIMEDOUT);
	if (took < 0.2 || took > 2.0)
		fail_msg("a 0.2 s write timeout took %.3f s", took);
	free(data);
	ss_wfile_close(&wfile);
}

/* ---- buffered ------------------------------------------------------------- */

static void
a_buffered_write_waits_for_flush(void **state)
{
	ss_wfile wfile;

	(void)state;
	assert_int_equal(ss_wfile_open(&wfile, pair[0], 16, SS_NO_TIMEOUT), 0);
	assert_int_equal(ss_wfile_write(&wfile, "hello", 5), 5);
	if (client_has_something())
		fail_msg("a buffered write of 5 bytes into 16 must not be sent before flush");
	assert_int_equal(ss_wfile_flush(&wfile), 0);
	expect_received("hello");
	assert_int_equal(ss_wfile_flush(&wfile), 0); /* nothing left: sends nothing */
	assert_int_equal(send_calls, 1);
	ss_wfile_close(&wfile);
}

static void
a_buffered_writer_sends_when_full_and_big_writes_go_straight_out(void **state)
{
	const char big[] = "0123456789abcdefghijklmnopqrstuvwxyz"; /* 36 > 16 */
	ss_wfile wfile;

	(void)state;
	assert_int_equal(ss_wfile_open(&wfile, pair[0], 16, SS_NO_TIMEOUT), 0);
	assert_int_equal(ss_wfile_write(&wfile, "0123456789", 10), 10);
	assert_int_equal(ss_wfile_write(&wfile, "ABCDEFGHIJ", 10), 10); /* no room: the first 10 go */
	expect_received("0123456789");
	assert_int_equal(ss_wfile_write(&wfile, big, strlen(big)), (ssize_t)strlen(big));
	expect_received("ABCDEFGHIJ");
	expect_received(big);
	assert_false(client_has_something());
	ss_wfile_close(&wfile);
}

static void
a_flush_failure_is_reported_and_not_repeated(void **state)
{
	ss_wfile wfile;

	(void)state;
	assert_int_equal(ss_wfile_open(&wfile, pair[0], 16, SS_NO_TIMEOUT), 0);
	assert_int_equal(ss_wfile_write(&wfile, "lost", 4), 4);
	send_fail_errno = EPIPE;
	assert_int_equal(ss_wfile_flush(&wfile), -1);
	assert_int_equal(errno, EPIPE);
	assert_int_equal(ss_wfile_flush(&wfile), 0); /* the bytes are gone, not sent twice */
	ss_wfile_close(&wfile);
}

/* ---- memory, closed ------------------------------------------------------------ */

static void
a_memory_writer_collects_up_to_its_cap(void **state)
{
	char chunk[100];
	ss_wfile wfile;

	(void)state;
	memset(chunk, 'm', sizeof chunk);
	ss_wfile_open_memory(&wfile, 1000);
	for (int i = 0; i < 10; i++)
		assert_int_equal(ss_wfile_write(&wfile, chunk, sizeof chunk), (ssize_t)sizeof chunk);
	assert_int_equal(wfile.used, 1000);
	assert_true(wfile.capacity <= 1000);
	assert_int_equal(ss_wfile_write(&wfile, "!", 1), -1);
	assert_int_equal(errno, EMSGSIZE);
	assert_int_equal(wfile.used, 1000);
	assert_int_equal(ss_wfile_flush(&wfile), 0);
	assert_int_equal(send_calls, 0); /* a memory writer never sends */
	ss_wfile_close(&wfile);
}

static void
a_closed_wfile_refuses_writes(void **state)
{
	ss_wfile wfile;

	(void)state;
	assert_int_equal(ss_wfile_open(&wfile, pair[0], 0, SS_NO_TIMEOUT), 0);
	ss_wfile_close(&wfile);
	assert_int_equal(ss_wfile_write(&wfile, "x", 1), -1);
	assert_int_equal(errno, EBADF);
	assert_int_equal(ss_wfile_flush(&wfile), -1);
	ss_wfile_close(&wfile);
	assert_int_equal(send_calls, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(a_write_sends_everything_through_partial_sends),
		T(eintr_and_eagain_from_send_are_retried),
		T(a_client_that_has_gone_gives_epipe_not_sigpipe),
		T(a_send_failure_is_reported),
		T(a_client_that_does_not_read_times_the_write_out),
		T(a_buffered_write_waits_for_flush),
		T(a_buffered_writer_sends_when_full_and_big_writes_go_straight_out),
		T(a_flush_failure_is_reported_and_not_repeated),
		T(a_memory_writer_collects_up_to_its_cap),
		T(a_closed_wfile_refuses_writes),
#undef T
	};

	support_watchdog(60);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
