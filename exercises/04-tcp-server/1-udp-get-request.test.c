/* Exercise 1's test: datagrams through a UDPServer whose get_request is yours. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "1-udp-get-request.h"
#include "support.h"

static struct {
	char packet[16384];
	size_t size;
	int fd;
	char from[SS_ADDRESS_TEXT_MAX];
} seen;

/* Records the request, and answers the sender with the packet. */
static int
record_and_echo(ss_handler *self)
{
	seen.size = self->request->packet_size;
	seen.fd = self->request->fd;
	memcpy(seen.packet, self->request->packet, seen.size < sizeof seen.packet ? seen.size : sizeof seen.packet);
	ss_address_format(&self->client_address, seen.from, sizeof seen.from);
	return sendto(self->request->fd, self->request->packet, self->request->packet_size, 0,
	              (const struct sockaddr *)&self->client_address.storage,
	              self->client_address.length) == -1 ? -1 : 0;
}

static const ss_handler_class recorder = {
	.name = "Recorder", .base = &ss_base_request_handler, .handle = record_and_echo};

static void
datagrams_become_requests(void **state)
{
	(void)state;
	static char big[10000];
	char reply[64], me[SS_ADDRESS_TEXT_MAX];
	ss_address mine;

	support_watchdog(30);
	ss_server *server = ss_server_new(&my_udp_server, "127.0.0.1:0", &recorder, NULL);
	assert_non_null(server);
	const ss_address *to = &ss_socket_server_of(server)->address;
	int client = socket(AF_INET, SOCK_DGRAM, 0);
	assert_true(client >= 0);
	assert_int_equal(connect(client, (const struct sockaddr *)&to->storage, to->length), 0);
	assert_int_equal(ss_socket_local_address(client, &mine), 0);
	ss_address_format(&mine, me, sizeof me);

	for (int i = 0; i < 3; i++) {
		memset(&seen, 0, sizeof seen);
		assert_int_equal(send(client, "hello", 5, 0), 5);
		if (ss_handle_request(server) == -1 || seen.size == 0)
			fail_msg("no request reached the handler: does get_request fill in the packet? (%s)",
			         ss_error());
		assert_int_equal(seen.size, 5);
		assert_memory_equal(seen.packet, "hello", 5);
		assert_int_equal(seen.fd, ss_fileno(server)); /* the server's own socket */
		assert_string_equal(seen.from, me);            /* the sender's address */
		assert_int_not_equal(fcntl(ss_fileno(server), F_GETFD), -1); /* still open */
		assert_int_equal(support_wait_readable(client, 5000), 1);
		assert_int_equal(recv(client, reply, sizeof reply, 0), 5); /* the answer came back */
	}

	memset(big, 'x', sizeof big);
	assert_int_equal(send(client, big, sizeof big, 0), (ssize_t)sizeof big);
	assert_int_equal(ss_handle_request(server), 0);
	assert_int_equal(seen.size, 8192); /* cut at max_packet_size */
	close(client);
	ss_server_free(server);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(datagrams_become_requests),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
