/* Exercise 1's test: echo_and_count() runs in a thread as the server; the
 * test is the client. A whole conversation over a socketpair, ended by the
 * client's half-close (shutdown SHUT_WR), after which the client reads the
 * report "N bytes"; then a conversation over loopback TCP ended by a reset.
 *
 * After echo_and_count() returns, the server thread shuts down its side
 * and writes a byte to a "returned" pipe: the client sees the end of the
 * stream at once, and the test waits for that byte, bounded in time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdio.h>

#include "1-echo-and-count.h"
#include "net.h"
#include "support.h"

struct conversation {
	int server_fd;   /* given to echo_and_count */
	int client_fd;   /* the test's end */
	int returned[2]; /* a pipe: the server thread writes a byte when the function returned */
	pthread_t thread;
	bool started, joined;
	ssize_t result;  /* echo_and_count's return value */
	int error;       /* and errno then */
};

static struct conversation talk;

static void *
serve(void *unused)
{
	(void)unused;
	talk.result = echo_and_count(talk.server_fd);
	talk.error = errno;
	shutdown(talk.server_fd, SHUT_WR); /* the client sees the end at once */
	(void)!write(talk.returned[1], "r", 1);
	return NULL;
}

static void
start_server(void)
{
	assert_int_equal(pthread_create(&talk.thread, NULL, serve, NULL), 0);
	talk.started = true;
}

/* Waits (bounded) until echo_and_count has returned; fails the test if it does not. */
static void
wait_until_returned(const char *after)
{
	if (support_wait_readable(talk.returned[0], SUPPORT_WAIT_MS) != 1)
		fail_msg("echo_and_count() did not return within %d ms after %s",
		         SUPPORT_WAIT_MS, after);
	pthread_join(talk.thread, NULL);
	talk.joined = true;
}

static int
setup(void **state)
{
	(void)state;
	support_watchdog(30);
	talk = (struct conversation){.server_fd = -1, .client_fd = -1};
	return pipe(talk.returned);
}

static int
teardown(void **state)
{
	(void)state;
	if (talk.started && !talk.joined) {
		/* a failed test left the function running: stop it (recv is a
		 * cancellation point) before its fd is closed */
		pthread_cancel(talk.thread);
		pthread_join(talk.thread, NULL);
	}
	if (talk.server_fd != -1)
		close(talk.server_fd);
	if (talk.client_fd != -1)
		close(talk.client_fd);
	close(talk.returned[0]);
	close(talk.returned[1]);
	return 0;
}

/* Send one message and expect exactly it back. */
static void
exchange(const char *message, size_t size, int number)
{
	char echoed[10000];

	assert_true(size <= sizeof echoed);
	assert_int_equal(support_send_all(talk.client_fd, message, size), 0);
	if (support_recv_exact(talk.client_fd, echoed, size, SUPPORT_WAIT_MS) != 0)
		fail_msg("message %d (%zu bytes) did not come back whole: did echo_and_count() "
		         "stop before the client closed its side?", number, size);
	if (memcmp(echoed, message, size) != 0)
		fail_msg("message %d came back changed: send back exactly the bytes received",
		         number);
}

static void
echoes_every_message_then_reports_the_count(void **state)
{
	static char big[10000]; /* more than one receive's worth */
	const char *const small[] = {"hello", ", ", "world\n", "x"};
	size_t sent = 0;
	char report[64], expected[64], after_end;

	(void)state;
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)('a' + i % 26);
	int pair[2];
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
	talk.server_fd = pair[0];
	talk.client_fd = pair[1];
	start_server();

	int number = 1;
	for (size_t i = 0; i < sizeof small / sizeof small[0]; i++) {
		exchange(small[i], strlen(small[i]), number++);
		sent += strlen(small[i]);
	}
	exchange(big, sizeof big, number++);
	exchange("bye", 3, number++);
	sent += sizeof big + 3;

	/* The client closes its sending side, and still reads: now, and only
	 * now, the function reports and returns the count. */
	assert_int_equal(shutdown(talk.client_fd, SHUT_WR), 0);
	wait_until_returned("the client closed its sending side (recv gave 0)");
	ssize_t length = support_read_line(talk.client_fd, report, sizeof report, SUPPORT_WAIT_MS);
	snprintf(expected, sizeof expected, "%zu bytes", sent); /* read_line drops the newline */
	if (length <= 0)
		fail_msg("after its half-close the client got no report line; expected \"%zu bytes\" "
		         "and a newline "
		         "(a receive of 0 bytes ends the client's direction only: the server may "
		         "still send)", sent);
	if (strcmp(report, expected) != 0)
		fail_msg("the report was \"%s\"; expected \"%zu bytes\": the number of bytes "
		         "that arrived and were echoed", report, sent);
	if (talk.result != (ssize_t)sent)
		fail_msg("echo_and_count() returned %zd after the client's half-close; expected "
		         "%zu, the bytes echoed (errno then: %s)", talk.result, sent,
		         strerror(talk.error));
	assert_int_equal(support_wait_readable(talk.client_fd, SUPPORT_WAIT_MS), 1);
	if (recv(talk.client_fd, &after_end, 1, 0) != 0)
		fail_msg("echo_and_count() sent bytes after its report line");
}

static void
a_reset_ends_the_conversation_with_minus_one(void **state)
{
	ss_address bound;
	char text[SS_ADDRESS_TEXT_MAX];

	(void)state;
	int listener = ss_listen("127.0.0.1:0", 5, false, &bound);
	if (listener < 0)
		fail_msg("cannot listen on loopback for the test: %s", ss_error());
	talk.client_fd = support_connect(ss_address_format(&bound, text, sizeof text));
	assert_true(talk.client_fd >= 0);
	talk.server_fd = ss_accept(listener, NULL);
	close(listener);
	assert_true(talk.server_fd >= 0);
	start_server();

	exchange("ping", 4, 1);
	/* The client vanishes with a reset (RST), not an orderly close. */
	support_close_with_reset(talk.client_fd);
	talk.client_fd = -1;
	wait_until_returned("the client reset the connection");
	if (talk.result != -1)
		fail_msg("echo_and_count() returned %zd after a reset; expected -1: a receive "
		         "that fails is an error, not the end of a conversation", talk.result);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(echoes_every_message_then_reports_the_count, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(a_reset_ends_the_conversation_with_minus_one, setup,
		                                teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
