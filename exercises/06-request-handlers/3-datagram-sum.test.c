/* Exercise 3's test: a UDPServer with the sum handler; each request must get
 * exactly one reply datagram. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "3-datagram-sum.h"
#include "support.h"
#include "tcp_server.h"

static int errors;

static void
quiet_handle_error(ss_server *self, ss_request *request, const ss_address *client_address)
{
	(void)self, (void)request, (void)client_address;
	errors++;
}

static const ss_server_class quiet_udp = {
	.name = "QuietUDPServer", .base = &ss_udp_server, .handle_error = quiet_handle_error};

static void
ask(ss_server *server, int client, const char *packet, const char *expected, const char *why)
{
	char reply[256];

	assert_int_equal(send(client, packet, strlen(packet), 0), (ssize_t)strlen(packet));
	assert_int_equal(ss_handle_request(server), 0);
	/* handle_request has returned: every reply it sent is already here */
	ssize_t length = recv(client, reply, sizeof reply - 1, MSG_DONTWAIT);
	if (length < 0)
		fail_msg("no reply came to \"%s\": %s", packet, why);
	reply[length] = '\0';
	if (strcmp(reply, expected) != 0)
		fail_msg("the reply to \"%s\" should be \"%s\" (%s), it was \"%s\"", packet, expected,
		         why, reply);
	length = recv(client, reply, sizeof reply - 1, MSG_DONTWAIT);
	if (length >= 0)
		fail_msg("a second reply (%zd bytes) came to \"%s\": one request, one datagram — "
		         "DatagramRequestHandler's finish sends what wfile collected; the handler "
		         "must not send too", length, packet);
}

static void
one_reply_a_packet(void **state)
{
	(void)state;
	support_watchdog(30);
	ss_server *server = ss_server_new(&quiet_udp, "127.0.0.1:0", &datagram_sum_handler, NULL);
	assert_non_null(server);
	ss_address to;
	assert_int_equal(ss_address_parse(server->server_address, &to), 0);
	int client = socket(AF_INET, SOCK_DGRAM, 0);
	assert_int_equal(connect(client, (struct sockaddr *)&to.storage, to.length), 0);

	ask(server, client, "1\n2\n39\n", "sum 42\n", "the numbers added up");
	ask(server, client, "-5\n10", "sum 5\n", "the last line may lack its newline");
	ask(server, client, "7\nseven\n", "error: line 2 is not a number\n",
	    "a line that is not a number is named in the reply");
	assert_int_equal(errors, 1); /* and handle failed: handle_error heard of it */
	ask(server, client, "", "sum 0\n", "an empty packet adds up to 0");
	close(client);
	ss_server_free(server);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_reply_a_packet),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
