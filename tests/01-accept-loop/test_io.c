/* test_io.c — ss_send_all and ss_recv: partial sends, EINTR, a vanished peer.
 *
 * send() and recv() are wrapped (the @wrap line below) so a test can make the
 * kernel look stingy: short sends, interrupted calls. */
/*@wrap send recv */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "net.h"
#include "support.h"

ssize_t __real_send(int fd, const void *data, size_t size, int flags);
ssize_t __real_recv(int fd, void *buffer, size_t size, int flags);

static size_t send_limit;    /* 0: no limit; else at most this many bytes a call */
static int send_interrupts;  /* this many calls fail with EINTR first */
static int recv_interrupts;
static int last_send_flags;

ssize_t
__wrap_send(int fd, const void *data, size_t size, int flags)
{
	last_send_flags = flags;
	if (send_interrupts > 0) {
		send_interrupts--;
		errno = EINTR;
		return -1;
	}
	if (send_limit != 0 && size > send_limit)
		size = send_limit;
	return __real_send(fd, data, size, flags);
}

ssize_t
__wrap_recv(int fd, void *buffer, size_t size, int flags)
{
	if (recv_interrupts > 0) {
		recv_interrupts--;
		errno = EINTR;
		return -1;
	}
	return __real_recv(fd, buffer, size, flags);
}

static int pair[2];

static int
setup(void **state)
{
	(void)state;
	support_watchdog(30);
	send_limit = 0;
	send_interrupts = recv_interrupts = 0;
	ss_clear_stop();
	return socketpair(AF_UNIX, SOCK_STREAM, 0, pair);
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
partial_sends_are_continued(void **state)
{
	const char message[] = "the quick brown fox jumps over the lazy dog";
	char received[sizeof message];

	(void)state;
	send_limit = 3;
	send_interrupts = 2;
	assert_int_equal(ss_send_all(pair[0], message, sizeof message), (ssize_t)sizeof message);
	assert_int_equal(support_recv_exact(pair[1], received, sizeof received, SUPPORT_WAIT_MS), 0);
	assert_memory_equal(received, message, sizeof message);
}

static void
send_never_raises_sigpipe(void **state)
{
	(void)state;
	signal(SIGPIPE, SIG_DFL); /* the default: SIGPIPE would kill this test */
	close(pair[1]);
	pair[1] = -1;
	errno = 0;
	assert_int_equal(ss_send_all(pair[0], "x", 1), -1);
	assert_int_equal(errno, EPIPE);
	assert_true(last_send_flags & MSG_NOSIGNAL);
	assert_non_null(strstr(ss_error(), "cannot send"));
}

static void
recv_retries_eintr_and_reports_eof(void **state)
{
	char buffer[8];

	(void)state;
	recv_interrupts = 2;
	assert_int_equal(write(pair[1], "hi", 2), 2);
	assert_int_equal(ss_recv(pair[0], buffer, sizeof buffer), 2);
	assert_memory_equal(buffer, "hi", 2);
	shutdown(pair[1], SHUT_WR);
	assert_int_equal(ss_recv(pair[0], buffer, sizeof buffer), 0);
}

static void
recv_stops_on_eintr_after_a_stop_request(void **state)
{
	char buffer[8];

	(void)state;
	ss_request_stop();
	recv_interrupts = 1;
	errno = 0;
	assert_int_equal(ss_recv(pair[0], buffer, sizeof buffer), -1);
	assert_int_equal(errno, EINTR);
	ss_clear_stop();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(partial_sends_are_continued, setup, teardown),
		cmocka_unit_test_setup_teardown(send_never_raises_sigpipe, setup, teardown),
		cmocka_unit_test_setup_teardown(recv_retries_eintr_and_reports_eof, setup, teardown),
		cmocka_unit_test_setup_teardown(recv_stops_on_eintr_after_a_stop_request, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
