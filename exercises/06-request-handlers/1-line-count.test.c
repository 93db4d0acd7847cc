/* Exercise 1's test: two conversations with a TCPServer, each numbered
 * from 1, a last line without a newline, and a silent client. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "1-line-count.h"
#include "support.h"
#include "tcp_server.h"

/* Send text, close our side, let the server handle the connection, and
 * expect exactly this answer, then the server's close. */
static void
conversation(ss_server *server, const char *text, const char *expected, const char *why)
{
	char answer[512];
	size_t length = strlen(expected);
	int client = support_connect(server->server_address);

	assert_true(client >= 0);
	assert_int_equal(support_send_all(client, text, strlen(text)), 0);
	shutdown(client, SHUT_WR);
	assert_int_equal(ss_handle_request(server), 0);
	memset(answer, 0, sizeof answer);
	ssize_t got = 0, n;
	while (support_wait_readable(client, 5000) == 1 &&
	       (n = recv(client, answer + got, sizeof answer - 1 - (size_t)got, 0)) > 0)
		got += n;
	close(client);
	if ((size_t)got != length || memcmp(answer, expected, length) != 0)
		fail_msg("%s\n  sent:     \"%s\"\n  expected: \"%s\"\n  got:      \"%s\"", why, text,
		         expected, answer);
}

static void
each_conversation_is_numbered_from_one(void **state)
{
	(void)state;
	support_watchdog(30);
	ss_server *server = ss_server_new(&ss_tcp_server, "127.0.0.1:0", &line_count_handler, NULL);
	assert_non_null(server);

	conversation(server, "hello\nworld\n", "1: hello\n2: world\n2 lines\n",
	             "each line is answered with its number, and the total comes at the end");
	conversation(server, "again\nand a last line without newline",
	             "1: again\n2: and a last line without newline\n2 lines\n",
	             "a new client is a new conversation: its count starts at 1 again "
	             "(and a last line without a newline still counts, and gets one)");
	conversation(server, "", "0 lines\n", "a client that says nothing hears \"0 lines\"");
	ss_server_free(server);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_conversation_is_numbered_from_one),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
