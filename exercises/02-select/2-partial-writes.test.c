/* 2-partial-writes.test.c — your exercise_send_some on a non-blocking socketpair. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "2-partial-writes.h"
#include "support.h"

enum { BIG = 4 << 20 }; /* far more than a socket buffer holds */

/* Fails the test, saying in words what was expected, unless condition holds. */
#define expect(condition, ...) \
	do { \
		if (!(condition)) \
			fail_msg(__VA_ARGS__); \
	} while (0)

static int pair[2]; /* pair[0]: the server's side, non-blocking; pair[1]: the client */
static char *buffer;

/* A SIGPIPE would kill a server: say so, and end the test as failed. */
static void
report_sigpipe(int signal_number)
{
	static const char message[] =
		"ERROR: send() to a client that has gone raised SIGPIPE, which kills a whole "
		"server: send with MSG_NOSIGNAL\n";

	(void)signal_number;
	(void)!write(STDOUT_FILENO, message, sizeof message - 1);
	_exit(1);
}

static int
setup(void **state)
{
	(void)state;
	support_watchdog(30); /* a send that blocks ends here, failed */
	signal(SIGPIPE, report_sigpipe);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) == -1)
		return -1;
	fcntl(pair[0], F_SETFL, fcntl(pair[0], F_GETFL) | O_NONBLOCK);
	buffer = malloc(BIG);
	for (size_t i = 0; buffer != NULL && i < BIG; i++)
		buffer[i] = (char)(i % 251);
	return buffer == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	close(pair[0]);
	if (pair[1] >= 0)
		close(pair[1]);
	free(buffer);
	return 0;
}

static void
what_fits_is_sent_whole(void **state)
{
	size_t length = 100;
	char received[100];

	(void)state;
	ssize_t sent = exercise_send_some(pair[0], buffer, &length);
	expect(sent == 100, "100 bytes fit in an empty socket: expected all 100 sent, got %zd", sent);
	expect(length == 0, "everything was sent, so *length must be 0, not %zu", length);
	expect(support_recv_exact(pair[1], received, 100, SUPPORT_WAIT_MS) == 0,
	       "the client did not receive the 100 bytes sent");
	expect(memcmp(received, "\0\1\2\3\4\5\6\7", 8) == 0,
	       "the client received other bytes than the buffer's");
}

/* 4 MiB into a socket that holds far less: a part goes, the rest stays, in
 * order; send again each time the client has read, until all is through. */
static void
a_partial_write_keeps_the_rest_in_order(void **state)
{
	size_t length = BIG, delivered = 0;
	static char received[65536];
	ssize_t sent;

	(void)state;
	sent = exercise_send_some(pair[0], buffer, &length);
	expect(sent > 0 && sent < BIG,
	       "4 MiB do not fit in a socket: expected a part of them sent, got %zd", sent);
	expect(length == BIG - (size_t)sent,
	       "after sending %zd of %d bytes, *length must be what is left, %zu; it is %zu",
	       sent, BIG, BIG - (size_t)sent, length);
	expect((unsigned char)buffer[0] == (size_t)sent % 251,
	       "the bytes not sent must move to the front of the buffer (memmove), in order");

	while (length > 0 || delivered < BIG) {
		ssize_t got = recv(pair[1], received, sizeof received, MSG_DONTWAIT);

		if (got > 0) {
			for (ssize_t i = 0; i < got; i++)
				expect((unsigned char)received[i] == (delivered + (size_t)i) % 251,
				       "byte %zu reached the client changed or out of order",
				       delivered + (size_t)i);
			delivered += (size_t)got;
		}
		if (length > 0)
			expect(exercise_send_some(pair[0], buffer, &length) >= 0,
			       "sending the rest failed (%s) while the client was reading",
			       strerror(errno));
	}
	expect(delivered == BIG, "the client received %zu bytes, not the %d sent", delivered, BIG);
}

static void
a_full_socket_sends_nothing_and_keeps_everything(void **state)
{
	size_t length = BIG;

	(void)state;
	while (exercise_send_some(pair[0], buffer, &length) > 0)
		length = BIG; /* fill the socket: the buffer itself does not matter here */
	length = 10;
	errno = 0;
	ssize_t sent = exercise_send_some(pair[0], buffer, &length);
	expect(sent == 0, "into a full socket nothing goes: expected 0 (EAGAIN is no error), "
	       "got %zd (errno: %s)", sent, strerror(errno));
	expect(length == 10, "nothing was sent, so *length must stay 10, not %zu", length);
}

static void
a_peer_that_has_gone_is_an_error_not_a_signal(void **state)
{
	size_t length = 10;

	(void)state;
	close(pair[1]);
	pair[1] = -1;
	errno = 0;
	ssize_t sent = exercise_send_some(pair[0], buffer, &length);
	expect(sent == -1, "the client has closed: expected -1 (an error), got %zd", sent);
	expect(errno == EPIPE || errno == ECONNRESET,
	       "expected errno EPIPE or ECONNRESET from send(), got %s", strerror(errno));
}

static void
nothing_to_send_is_fine(void **state)
{
	size_t length = 0;

	(void)state;
	ssize_t sent = exercise_send_some(pair[0], buffer, &length);
	expect(sent == 0, "with 0 bytes to send, expected 0, got %zd", sent);
	expect(length == 0, "*length was 0 and must stay 0, not %zu", length);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(what_fits_is_sent_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(a_partial_write_keeps_the_rest_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(a_full_socket_sends_nothing_and_keeps_everything, setup, teardown),
		cmocka_unit_test_setup_teardown(a_peer_that_has_gone_is_an_error_not_a_signal, setup, teardown),
		cmocka_unit_test_setup_teardown(nothing_to_send_is_fine, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
