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

static int pair[2]; /* pair[0]: the server's side, non-blocking; pair[1]: the client */
static char *buffer;

static int
setup(void **state)
{
	(void)state;
	support_watchdog(30); /* a send that blocks ends here, failed */
	signal(SIGPIPE, SIG_DFL); /* a SIGPIPE would kill the test: it must not happen */
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
	assert_int_equal(exercise_send_some(pair[0], buffer, &length), 100);
	assert_int_equal(length, 0);
	assert_int_equal(support_recv_exact(pair[1], received, 100, SUPPORT_WAIT_MS), 0);
	assert_memory_equal(received, "\0\1\2\3\4\5\6\7", 8);
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
	assert_true(sent > 0 && sent < BIG);
	assert_int_equal(length, BIG - (size_t)sent);
	assert_int_equal((unsigned char)buffer[0], (size_t)sent % 251); /* the rest moved to the front */

	while (length > 0 || delivered < BIG) {
		ssize_t got = recv(pair[1], received, sizeof received, MSG_DONTWAIT);

		if (got > 0) {
			for (ssize_t i = 0; i < got; i++)
				assert_int_equal((unsigned char)received[i], (delivered + (size_t)i) % 251);
			delivered += (size_t)got;
		}
		if (length > 0)
			assert_true(exercise_send_some(pair[0], buffer, &length) >= 0);
	}
	assert_int_equal(delivered, BIG);
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
	assert_int_equal(exercise_send_some(pair[0], buffer, &length), 0);
	assert_int_equal(length, 10);
}

static void
a_peer_that_has_gone_is_an_error_not_a_signal(void **state)
{
	size_t length = 10;

	(void)state;
	close(pair[1]);
	pair[1] = -1;
	errno = 0;
	assert_int_equal(exercise_send_some(pair[0], buffer, &length), -1);
	assert_true(errno == EPIPE || errno == ECONNRESET);
}

static void
nothing_to_send_is_fine(void **state)
{
	size_t length = 0;

	(void)state;
	assert_int_equal(exercise_send_some(pair[0], buffer, &length), 0);
	assert_int_equal(length, 0);
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
