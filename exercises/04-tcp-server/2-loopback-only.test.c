/* Exercise 2's test: verify_request on made-up addresses, then a real
 * loopback client served through it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "2-loopback-only.h"
#include "support.h"

static bool
verdict(ss_server *server, const char *address)
{
	ss_address parsed;
	ss_request request = {.fd = -1};

	assert_int_equal(ss_address_parse(address, &parsed), 0);
	return server->cls->verify_request(server, &request, &parsed);
}

static int
answer(ss_handler *self)
{
	return ss_send_all(self->request->fd, "welcome\n", 8) == -1 ? -1 : 0;
}

static const ss_handler_class welcome = {
	.name = "Welcome", .base = &ss_base_request_handler, .handle = answer};

static void
only_loopback_clients_are_verified(void **state)
{
	(void)state;
	char reply[8];

	support_watchdog(30);
	ss_server *server = ss_server_new(&loopback_only_server, "127.0.0.1:0", &welcome, NULL);
	assert_non_null(server);

	assert_true(verdict(server, "127.0.0.1:5000"));
	assert_true(verdict(server, "127.1.2.3:5000"));
	assert_true(verdict(server, "[::1]:5000"));
	assert_true(verdict(server, "[::ffff:127.0.0.1]:5000"));
	assert_false(verdict(server, "10.1.2.3:5000"));
	assert_false(verdict(server, "192.168.0.127:5000"));
	assert_false(verdict(server, "128.0.0.1:5000"));
	assert_false(verdict(server, "[2001:db8::1]:5000"));
	assert_false(verdict(server, "[::ffff:10.0.0.127]:5000"));
	assert_false(verdict(server, "[::2]:5000"));

	int client = support_connect(server->server_address);
	assert_true(client >= 0);
	assert_int_equal(ss_handle_request(server), 0);
	assert_int_equal(support_recv_exact(client, reply, 8, 5000), 0);
	assert_memory_equal(reply, "welcome\n", 8);
	close(client);
	ss_server_free(server);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(only_loopback_clients_are_verified),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
